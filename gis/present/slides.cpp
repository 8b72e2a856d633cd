#include "gis/present/slides.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/district/schema.hpp"
#include "gis/io/dataset.hpp"
#include "gis/io/editor.hpp"

namespace gis::present {

const char* to_string(PlanView v) {
    switch (v) {
        case PlanView::Before: return "before";
        case PlanView::Split: return "split";
        case PlanView::After: break;
    }
    return "after";
}

bool parse_plan_view(const std::string& text, PlanView& out) {
    for (PlanView v : {PlanView::After, PlanView::Before, PlanView::Split})
        if (text == to_string(v)) {
            out = v;
            return true;
        }
    return false;
}

Result<std::vector<int>> parse_phases(const std::string& text) {
    std::vector<int> out;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t j = text.find(',', i);
        if (j == std::string::npos) j = text.size();
        std::string part = text.substr(i, j - i);
        part.erase(0, part.find_first_not_of(' '));
        part.erase(part.find_last_not_of(' ') + 1);
        if (part.empty() || part.size() > 3 || !std::all_of(part.begin(), part.end(), [](char c) {
                return c >= '0' && c <= '9';
            }))
            return make_error(ErrorCode::BadInput,
                              gis::i18n::format(_("phases {0}: expected phase numbers such as 1,2"),
                                                quote_for_message(text)));
        out.push_back(std::stoi(part));
        i = j + 1;
    }
    return out;
}

std::string phases_text(const std::vector<int>& phases) {
    std::string s;
    for (int p : phases) s += (s.empty() ? "" : ",") + std::to_string(p);
    return s;
}

Result<void> validate(const Slide& s, std::size_t number) {
    // Each problem names the slide: "slide N: ...", one pattern per problem.
    auto bad = [&](const char* pattern, auto... args) {
        return make_error(ErrorCode::BadInput, gis::i18n::format(pattern, number, args...));
    };
    if (s.caption.empty()) return bad(_("slide {0}: the caption is empty"));
    if (!utf8_valid(s.caption) || !utf8_valid(s.caption_en)) return bad(_("slide {0}: the caption is not valid UTF-8"));
    if (utf8_decode(s.caption).size() > 200 || utf8_decode(s.caption_en).size() > 200)
        return bad(_("slide {0}: the caption is longer than 200 characters"));
    const BBox& e = s.extent;
    for (double v : {e.minx, e.miny, e.maxx, e.maxy})
        if (!std::isfinite(v)) return bad(_("slide {0}: the extent is not a finite box"));
    if (!(e.maxx > e.minx) || !(e.maxy > e.miny)) return bad(_("slide {0}: the extent is empty (min must be below max)"));
    if (e.width() > 200000 || e.height() > 200000) return bad(_("slide {0}: the extent is wider than 200 km"));
    for (const auto& l : s.layers) {
        if (l.empty() || l.size() > 64 || !std::all_of(l.begin(), l.end(), [](char c) {
                return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '_' || c == '.';
            }))
            return bad(_("slide {0}: layer name {1} is not a layer name"), quote_for_message(l));
    }
    for (int p : s.phases)
        if (p < 1 || p > 99) return bad(_("slide {0}: phase {1} is outside 1..99"), p);
    if (!(s.split >= 0.05 && s.split <= 0.95)) return bad(_("slide {0}: the split position is outside 0.05..0.95"));
    return {};
}

namespace {

std::vector<io::FieldDef> slide_fields() {
    const auto* schema = district::find_schema(kSlidesLayer);
    return schema ? schema->fields : std::vector<io::FieldDef>{};
}

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t j = text.find(',', i);
        if (j == std::string::npos) j = text.size();
        if (j > i) out.push_back(text.substr(i, j - i));
        i = j + 1;
    }
    return out;
}

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
    return s;
}

}  // namespace

Result<std::vector<Slide>> read_slides(const std::string& path) {
    auto ds = io::Dataset::open(path);
    if (!ds) return ds.error();
    std::vector<Slide> out;
    if (!ds->has_layer(kSlidesLayer)) return out;
    auto layer = ds->read_layer(kSlidesLayer);
    if (!layer) return layer.error();
    const auto& info = layer->info;
    auto text = [&](const io::Feature& f, const char* name) -> std::string {
        const int i = info.field_index(name);
        if (i < 0 || static_cast<std::size_t>(i) >= f.values.size()) return "";
        if (const auto* s = std::get_if<std::string>(&f.values[static_cast<std::size_t>(i)])) return *s;
        return io::to_display(f.values[static_cast<std::size_t>(i)]);
    };
    auto real = [&](const io::Feature& f, const char* name, double def) {
        const int i = info.field_index(name);
        if (i < 0 || static_cast<std::size_t>(i) >= f.values.size()) return def;
        const auto& v = f.values[static_cast<std::size_t>(i)];
        if (const auto* d = std::get_if<double>(&v)) return *d;
        if (const auto* n = std::get_if<std::int64_t>(&v)) return static_cast<double>(*n);
        return def;
    };
    std::vector<std::pair<double, Slide>> rows;
    for (const auto& f : layer->features) {
        Slide s;
        s.caption = text(f, "caption");
        s.caption_en = text(f, "caption_en");
        s.extent = {real(f, "minx", 0), real(f, "miny", 0), real(f, "maxx", 0), real(f, "maxy", 0)};
        s.layers = split_list(text(f, "layers"));
        auto phases = parse_phases(text(f, "phases"));
        if (!phases) return make_error(ErrorCode::BadInput,
                                        gis::i18n::format(_("{0}: slides: {1}"), path, phases.error().message));
        s.phases = *phases;
        const std::string view = text(f, "view");
        if (!view.empty() && !parse_plan_view(view, s.view))
            return make_error(ErrorCode::BadInput,
                              gis::i18n::format(_("{0}: slides: feature {1}: view {2} is not before, after or split"),
                                                path, f.fid, quote_for_message(view)));
        s.split = real(f, "split", 0.5);
        rows.emplace_back(real(f, "slide_no", static_cast<double>(f.fid)), std::move(s));
    }
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (auto v = validate(rows[i].second, i + 1); !v)
            return make_error(ErrorCode::BadInput, path + ": " + v.error().message);
        out.push_back(std::move(rows[i].second));
    }
    return out;
}

Result<void> write_slides(const std::string& path, const std::vector<Slide>& slides) {
    for (std::size_t i = 0; i < slides.size(); ++i)
        if (auto v = validate(slides[i], i + 1); !v) return v;
    auto ed = io::Editor::open(path);
    if (!ed) return ed.error();
    if (auto r = ed->ensure_layer(kSlidesLayer, "None", slide_fields()); !r) return r;
    auto old = ed->read(kSlidesLayer);
    if (!old) return old.error();
    for (const auto& f : old->features)
        if (auto r = ed->remove(kSlidesLayer, f.fid); !r) return r;
    for (std::size_t i = 0; i < slides.size(); ++i) {
        const Slide& s = slides[i];
        const io::Values values = {{"slide_no", static_cast<std::int64_t>(i + 1)},
                                   {"caption", s.caption},
                                   {"caption_en", s.caption_en},
                                   {"minx", s.extent.minx},
                                   {"miny", s.extent.miny},
                                   {"maxx", s.extent.maxx},
                                   {"maxy", s.extent.maxy},
                                   {"layers", join(s.layers)},
                                   {"phases", phases_text(s.phases)},
                                   {"view", std::string(to_string(s.view))},
                                   {"split", s.split}};
        if (auto r = ed->insert(kSlidesLayer, Geometry{}, values); !r) return r.error();
    }
    return ed->commit();
}

}  // namespace gis::present
