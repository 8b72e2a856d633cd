#include "app/view/core/present_state.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <set>

#include "app/i18n/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/district/schema.hpp"
#include "gis/server/server.hpp"
#include "gis/core/numbers.hpp"

namespace app::view {

using i18n::tr;

bool panel_allowed(bool shows_personal_data, bool shows_in_presentation, bool presentation) {
    return !presentation || (shows_in_presentation && !shows_personal_data);
}

namespace {

bool district_layer(const MapLayer& layer) { return gis::district::find_schema(layer.name()) != nullptr; }

/// Integer fields of the district schema that hold 0/1 flags.
bool flag_field(const std::string& field) {
    return field == "in_compound" || field == "gated" || field == "shop_ground_floor" || field == "operable";
}

}  // namespace

std::string field_label(const MapLayer& layer, const std::string& field) {
    if (!district_layer(layer)) return field;
    const char* t = i18n::find_text("field." + field);
    return t ? t : field;
}

std::string value_label(const MapLayer& layer, const std::string& field, const std::string& value) {
    if (!district_layer(layer) || value.empty()) return value;
    if (flag_field(field) && (value == "0" || value == "1"))
        return tr(value == "1" ? "value.yes" : "value.no");
    return i18n::term(field, value);
}

std::vector<std::pair<std::string, std::string>> display_attributes(const MapLayer& layer,
                                                                    const gis::io::Feature& f) {
    std::vector<std::pair<std::string, std::string>> out;
    const auto& fields = layer.data.info.fields;
    for (std::size_t i = 0; i < fields.size() && i < f.values.size(); ++i) {
        const std::string& name = fields[i].name;
        if (is_personal_field(name) || gis::server::is_server_column(name)) continue;
        out.emplace_back(field_label(layer, name),
                         value_label(layer, name, gis::io::to_display(f.values[i])));
    }
    return out;
}

std::string feature_caption(const MapLayer& layer, const gis::io::Feature& f) {
    const auto& info = layer.data.info;
    for (const char* n : {"name", "NAME", "Name", "名称"}) {
        const int i = info.field_index(n);
        if (i >= 0 && !is_personal_field(n)) {
            std::string v = field_text(f, i);
            if (!v.empty()) {
                const int num = info.field_index("number");
                if (num >= 0 && field_int(f, num) > 0 &&
                    v.find(std::to_string(field_int(f, num))) == std::string::npos)
                    v += " (" + std::to_string(field_int(f, num)) + ")";
                return v;
            }
        }
    }
    const int num = info.field_index("number");
    if (num >= 0 && field_int(f, num) > 0)
        return tr("view.number") + std::string(" ") + std::to_string(field_int(f, num));
    // No name: what the feature is ("DN100 铸铁管", "绿地", "彩钢房"), then its id.
    std::string what;
    if (const int d = info.field_index("diameter_mm"); d >= 0 && field_int(f, d) > 0) {
        what = "DN" + std::to_string(field_int(f, d));
        if (const int m = info.field_index("material"); m >= 0 && !field_text(f, m).empty())
            what += " " + value_label(layer, "material", field_text(f, m));
    } else {
        for (const char* n : {"kind", "type", "wall"})
            if (const int i = info.field_index(n); i >= 0 && !field_text(f, i).empty()) {
                what = value_label(layer, n, field_text(f, i));
                break;
            }
    }
    return (what.empty() ? "" : what + " ") + "#" + std::to_string(f.fid);
}

bool layer_has_personal_fields(const MapLayer& layer) {
    for (const auto& field : layer.data.info.fields)
        if (is_personal_field(field.name)) return true;
    return layer.name() == gis::district::layers::kHouseholds;
}

std::vector<std::string> tooltip_lines(const MapLayer& layer, const gis::io::Feature& f, bool presentation) {
    std::vector<std::string> out;
    if (presentation && layer_has_personal_fields(layer)) return out;
    out.push_back(layer.title());
    out.push_back(feature_caption(layer, f));
    if (presentation) return out;
    int shown = 0;
    const auto& fields = layer.data.info.fields;
    for (std::size_t i = 0; i < fields.size() && i < f.values.size() && shown < 5; ++i) {
        const std::string& name = fields[i].name;
        if (is_personal_field(name) || name == "name" || name == "name_en") continue;
        const std::string v = value_label(layer, name, gis::io::to_display(f.values[i]));
        if (v.empty()) continue;
        // Cut short: a tooltip is a glance, the inspector has the whole value.
        out.push_back(field_label(layer, name) + ": " + gis::shorten_for_display(v, 40));
        ++shown;
    }
    return out;
}

std::string card_money(double cny) {
    return gis::format_yuan_large(cny);
}

std::vector<std::pair<std::string, std::string>> figures_card_rows(const gis::present::ProjectFigures& f) {
    using gis::fmt_fixed;
    using gis::with_commas;
    using i18n::tr;
    std::vector<std::pair<std::string, std::string>> rows;
    const auto& b = f.budget;
    auto kind = [&](const char* k) -> const gis::plan::Total* {
        auto it = b.kinds.find(k);
        return it == b.kinds.end() ? nullptr : &it->second;
    };
    if (const auto* t = kind("hardening"))
        rows.emplace_back(tr("present.figures.paved"),
                          with_commas(std::llround(t->area_m2)) + " " + tr("present.unit.m2"));
    if (const auto* t = kind("gas_pipe"))
        rows.emplace_back(tr("present.figures.pipe"), fmt_fixed(t->length_m, 1) + " " + tr("present.unit.m"));
    if (const auto* t = kind("fence"))
        rows.emplace_back(i18n::term("kind", "fence"),
                          fmt_fixed(t->length_m, 1) + " " + tr("present.unit.m"));
    if (const auto* t = kind("gate")) rows.emplace_back(i18n::term("kind", "gate"), with_commas(t->count));
    if (b.structures > 0)
        rows.emplace_back(tr("present.figures.structures"),
                          with_commas(b.structures) + " " + tr("present.unit.sites") + " · " +
                              fmt_fixed(b.structures_m2, 1) + " " + tr("present.unit.m2"));
    if (b.graffiti_m2 > 0)
        rows.emplace_back(tr("present.figures.graffiti"),
                          fmt_fixed(b.graffiti_m2, 1) + " " + tr("present.unit.m2"));
    if (f.households_benefiting > 0)
        rows.emplace_back(tr("present.figures.households"),
                          with_commas(f.households_benefiting) + " " + tr("present.unit.households"));
    rows.emplace_back(tr("present.figures.items"), with_commas(b.items));
    rows.emplace_back(i18n::budget_label("budget.total", ""), card_money(b.total_cny));
    rows.emplace_back(i18n::budget_label("budget.budget", ""), card_money(b.project.budget_cny));
    rows.emplace_back(
        b.over_budget ? i18n::budget_label("budget.over", "") : i18n::budget_label("budget.remaining", ""),
        card_money(std::abs(b.remaining_cny)));
    return rows;
}

gis::BBox presentation_free_area(int width, int height, float card_right, float pixel_scale) {
    const gis::BBox whole{0, 0, static_cast<double>(width), static_cast<double>(height)};
    gis::BBox a = whole;
    if (card_right > 0) a.minx = (card_right + 12.0) * pixel_scale;
    a.maxy = height - 80.0 * pixel_scale;
    return a.width() > width * 0.4 && a.height() > height * 0.4 ? a : whole;
}

// Before and after -----------------------------------------------------------------------------------

const std::vector<PlanOverlay>& plan_overlays() {
    static const std::vector<PlanOverlay> v = {
        {"plan.paving", "present.layer.paving", 2, 0x1e6fd9},
        {"plan.renewal", "present.layer.renewal", 3, 0x00897b},
    };
    return v;
}

namespace {
bool phase_shown(int phase, const std::vector<int>& phases) {
    return phases.empty() || std::find(phases.begin(), phases.end(), phase) != phases.end();
}
}  // namespace

std::vector<std::pair<int, bool>> side_visibility(const Document& doc, Side side,
                                                  const std::vector<int>& phases) {
    std::vector<std::pair<int, bool>> out;
    auto hide = [&](const std::string& name) {
        if (const MapLayer* l = doc.find(name); l && l->visible) out.emplace_back(l->id, false);
    };
    // The plan overlays are kept hidden in the layer list and shown only on the plan side.
    auto set = [&](const std::string& name, bool visible) {
        if (const MapLayer* l = doc.find(name); l && l->visible != visible) out.emplace_back(l->id, visible);
    };
    if (side == Side::Before) {
        hide(gis::district::layers::kPlanItems);
        for (const auto& o : plan_overlays()) set(o.name, false);
    } else {
        for (const auto& o : plan_overlays()) set(o.name, phase_shown(o.phase, phases));
        if (phase_shown(kCleanupPhase, phases)) {
            hide(gis::district::layers::kIllegalStructures);
            hide(gis::district::layers::kGraffiti);
        }
    }
    return out;
}

VisibilityOverride::VisibilityOverride(Document& doc, const std::vector<std::pair<int, bool>>& changes,
                                       std::uint64_t* touches)
    : doc_(doc), touches_(touches), start_(doc.revision()) {
    for (const auto& [id, visible] : changes)
        if (const MapLayer* l = doc.layer(id)) {
            previous_.emplace_back(id, l->visible);
            doc.set_visible(id, visible);
        }
}

VisibilityOverride::~VisibilityOverride() {
    for (auto it = previous_.rbegin(); it != previous_.rend(); ++it) doc_.set_visible(it->first, it->second);
    if (touches_) *touches_ += doc_.revision() - start_;
}

PlanView next_plan_view(PlanView v) {
    switch (v) {
        case PlanView::After:
            return PlanView::Before;
        case PlanView::Before:
            return PlanView::Split;
        case PlanView::Split:
            break;
    }
    return PlanView::After;
}

// Legend ----------------------------------------------------------------------------------------------

std::vector<LegendEntry> LegendBuilder::build(const Document& doc, double mpp, std::size_t max_entries) {
    std::vector<LegendEntry> out;
    std::set<std::string> seen;
    // The plan first, then areas and lines from the top of the drawing down, then point symbols.
    std::vector<const MapLayer*> layers;
    const auto& order = doc.draw_order();
    for (int pass = 0; pass < 3; ++pass)
        for (auto it = order.rbegin(); it != order.rend(); ++it) {
            const MapLayer* l = doc.layer(*it);
            if (!l) continue;
            const bool points = l->data.info.geometry_type.find("Point") != std::string::npos;
            const int p = l->overlay ? 0 : points ? 2 : 1;
            if (p == pass) layers.push_back(l);
        }
    for (const MapLayer* l : layers) {
        if (!l->visible || l->data.features.empty()) continue;
        auto& [revision, used] = used_[l->id];
        const auto& styles = l->data.style.styles;
        if (revision != l->data_revision || used.size() != styles.size()) {
            revision = l->data_revision;
            used.assign(styles.size(), false);
            for (auto s : l->data.style_index)
                if (s < used.size()) used[s] = true;
        }
        for (std::size_t i = 0; i < styles.size(); ++i) {
            const FeatureStyle& s = styles[i];
            if (!used[i] || !s.visible || s.max_mpp < mpp || s.legend.empty()) continue;
            LegendEntry e;
            e.text = l->overlay ? l->title() : tr(s.legend);
            e.style = s;
            const std::string& g = l->data.info.geometry_type;
            if (s.shape != Shape::None && g.find("Point") != std::string::npos)
                e.kind = LegendEntry::Kind::Symbol;
            else if (g.find("Line") != std::string::npos ||
                     (!s.fill.visible() && s.stroke.visible() && g.find("Polygon") == std::string::npos))
                e.kind = LegendEntry::Kind::Line;
            else
                e.kind = LegendEntry::Kind::Area;
            if (out.size() >= max_entries) return out;
            if (!seen.insert(e.text).second) continue;
            out.push_back(std::move(e));
        }
    }
    return out;
}

TitleBlock title_block(const Document& doc, const gis::present::ProjectFigures* project,
                       std::int64_t unix_time) {
    const bool zh = i18n::language() == i18n::Lang::Zh;
    TitleBlock t;
    std::string district, subdistrict;
    if (const MapLayer* b = doc.find(gis::district::layers::kBoundary); b && !b->data.features.empty()) {
        const auto& f = b->data.features.front();
        const auto& info = b->data.info;
        district = field_text(f, info.field_index(zh ? "name" : "name_en"));
        if (district.empty()) district = field_text(f, info.field_index("name"));
        if (zh) subdistrict = field_text(f, info.field_index("subdistrict"));
    }
    if (district.empty() && doc.source())
        district = std::filesystem::path(doc.source()->path).stem().string();
    if (project) t.title = zh || project->name_en.empty() ? project->name : project->name_en;
    if (t.title.empty()) t.title = district;
    t.subtitle = district;
    if (!subdistrict.empty()) t.subtitle = subdistrict + " · " + district;
    const std::time_t tt = static_cast<std::time_t>(unix_time);
    std::tm tm{};
    localtime_r(&tt, &tm);
    t.date = gis::format_date(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    return t;
}

// Slides ---------------------------------------------------------------------------------------------

Slide capture_slide(const Document& doc, const Camera& camera, PlanView view, double split,
                    std::string caption) {
    Slide s;
    s.caption = std::move(caption);
    const gis::BBox b = camera.visible_bbox();
    auto round = [](double v) { return std::round(v * 100) / 100; };
    s.extent = {round(b.minx), round(b.miny), round(b.maxx), round(b.maxy)};
    for (int id : doc.draw_order())
        if (const MapLayer* l = doc.layer(id); l && !l->overlay && l->visible) s.layers.push_back(l->name());
    s.view = view;
    s.split = std::clamp(split, 0.05, 0.95);
    return s;
}

std::string slide_caption(const Slide& s) {
    if (i18n::language() == i18n::Lang::En && !s.caption_en.empty()) return s.caption_en;
    return s.caption;
}

void SlideDeck::set(std::vector<Slide> slides) {
    slides_ = std::move(slides);
    current_ = -1;
    dirty_ = false;
}

bool SlideDeck::go(int i) {
    if (slides_.empty()) return false;
    i = std::clamp(i, 0, static_cast<int>(slides_.size()) - 1);
    if (i == current_) return false;
    current_ = i;
    return true;
}

const Slide* SlideDeck::current_slide() const {
    if (current_ < 0 || current_ >= static_cast<int>(slides_.size())) return nullptr;
    return &slides_[static_cast<std::size_t>(current_)];
}

void SlideDeck::move(int i, int delta) {
    const int n = static_cast<int>(slides_.size());
    const int j = i + delta;
    if (i < 0 || i >= n || j < 0 || j >= n) return;
    std::swap(slides_[static_cast<std::size_t>(i)], slides_[static_cast<std::size_t>(j)]);
    if (current_ == i)
        current_ = j;
    else if (current_ == j)
        current_ = i;
    dirty_ = true;
}

void SlideDeck::remove(int i) {
    if (i < 0 || i >= static_cast<int>(slides_.size())) return;
    slides_.erase(slides_.begin() + i);
    if (current_ > i || current_ >= static_cast<int>(slides_.size())) --current_;
    dirty_ = true;
}

void SlideDeck::add(Slide s) {
    slides_.push_back(std::move(s));
    current_ = static_cast<int>(slides_.size()) - 1;
    dirty_ = true;
}

void apply_slide(Document& doc, const Slide& slide) {
    if (!slide.layers.empty()) {
        for (int id : doc.draw_order()) {
            const MapLayer* l = doc.layer(id);
            if (!l || l->overlay) continue;
            doc.set_visible(
                id, std::find(slide.layers.begin(), slide.layers.end(), l->name()) != slide.layers.end());
        }
    }
    doc.fly_to(slide.extent);
}

void PresentState::show_current(Document& doc) {
    const Slide* s = deck.current_slide();
    if (!s) return;
    view = s->view;
    split = s->split;
    phases = s->phases;
    apply_slide(doc, *s);
}

std::optional<double> parse_fraction(const std::string& text) {
    std::string t = text;
    bool percent = false;
    if (!t.empty() && t.back() == '%') {
        percent = true;
        t.pop_back();
    }
    try {
        std::size_t used = 0;
        double v = std::stod(t, &used);
        if (used != t.size()) return std::nullopt;
        if (percent) v /= 100;
        if (!(v >= 0.05 && v <= 0.95)) return std::nullopt;
        return v;
    } catch (...) {
        return std::nullopt;
    }
}

}  // namespace app::view
