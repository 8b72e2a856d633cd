#include "app/view/panels/sketch_form.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/i18n/i18n.hpp"
#include "gis/core/numbers.hpp"
#include "gis/core/strings.hpp"
#include "gis/network/clearance.hpp"
#include "gis/plan/params.hpp"

namespace app::view::sketch {
namespace {

using i18n::tr;

std::string kind_title(const std::string& kind) { return tr("sketch.kind." + kind); }
std::string status_title(const std::string& s) { return tr("sketch.status." + s); }

/// Whether the UI font has every character of `text` (names from the data set's tables may use
/// characters the font atlas was not built with).
bool font_has(const std::string& text) {
    const ImFont* font = ImGui::GetFont();
    const char* s = text.c_str();
    const char* end = s + text.size();
    while (s < end) {
        unsigned int c = 0;
        const int n = ImTextCharFromUtf8(&c, s, end);
        if (n <= 0) return false;
        s += n;
        if (c >= 0x80 && !font->FindGlyphNoFallback(static_cast<ImWchar>(c))) return false;
    }
    return true;
}

std::string project_title(const gis::plan::Project& p) {
    const bool zh = i18n::language() == i18n::Lang::Zh || p.name_en.empty();
    if (zh && (font_has(p.name) || p.name_en.empty())) return p.name;
    return p.name_en.empty() ? p.key : p.name_en;
}

std::string money(double cny) { return gis::format_yuan(cny); }

/// The number parameters the form offers for a kind (besides a unit price override).
std::vector<const char*> number_params(const std::string& kind) {
    if (kind == "hardening") return {"thickness_m"};
    if (kind == "gas_pipe") return {"diameter_mm", "depth_m"};
    if (kind == "fence") return {"height_m"};
    if (kind == "cleanup" || kind == "other") return {"cost_cny"};
    return {};
}

bool tool_button(ViewContext& ctx, SketchTools& t, const char* key, Tool tool, float width) {
    const bool active = t.tool == tool;
    if (active) {
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.33f, 0.42f, 0.55f, 1));
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.38f, 0.48f, 0.62f, 1));
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    }
    const bool clicked = ImGui::Button(tr(key), {width, 0});
    if (active) ImGui::PopStyleColor(3);
    if (clicked) t.set_tool(ctx, tool);
    return clicked;
}

bool begin_form(const char* id) {
    if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_SizingStretchProp)) return false;
    ImGui::TableSetupColumn("k", ImGuiTableColumnFlags_WidthFixed, 92);
    ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthStretch);
    return true;
}

void label(const char* text) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(text);
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(-FLT_MIN);
}

void value_row(const char* k, const std::string& v) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", k);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(v.c_str());
}

/// Project combo; returns true with `key` changed when a different project was chosen.
bool project_combo(const SketchTools& t, std::string& key) {
    const auto* p = t.ed.session()->find_project(key);
    const std::string shown = p ? project_title(*p) : std::string(tr("sketch.project.none"));
    bool changed = false;
    if (ImGui::BeginCombo("##project", shown.c_str())) {
        if (ImGui::Selectable(tr("sketch.project.none"), key.empty()) && !key.empty()) {
            key.clear();
            changed = true;
        }
        for (const auto& pr : t.ed.session()->projects())
            if (ImGui::Selectable(project_title(pr).c_str(), pr.key == key) && pr.key != key) {
                key = pr.key;
                changed = true;
            }
        ImGui::EndCombo();
    }
    return changed;
}

bool phase_combo(const SketchTools& t, const std::string& project, int& phase) {
    const auto* p = t.ed.session()->find_project(project);
    const int phases = p ? std::max(1, p->phases) : std::max(phase, 4);
    bool changed = false;
    const std::string shown = std::to_string(phase);
    if (ImGui::BeginCombo("##phase", shown.c_str())) {
        for (int i = 1; i <= phases; ++i)
            if (ImGui::Selectable(std::to_string(i).c_str(), i == phase) && i != phase) {
                phase = i;
                changed = true;
            }
        ImGui::EndCombo();
    }
    return changed;
}

/// The values a number field accepts, as a tooltip of the field.
void range_hint(const std::string& key) {
    if (const auto* r = gis::plan::param_range(key); r && ImGui::IsItemHovered())
        ImGui::SetTooltip("%s %s – %s", tr("sketch.range"),
                          gis::fmt_fixed(r->min, r->min < 1 ? 2 : 0).c_str(),
                          gis::fmt_fixed(r->max, 0).c_str());
}

void change(ViewContext& ctx, SketchTools& t, const gis::plan::ItemChanges& ch) {
    t.applied(ctx, t.ed.set_attributes(ch), "sketch.saved");
}

}  // namespace

// --- the window -------------------------------------------------------------------------------------
void SketchForm::draw(ViewContext& ctx, SketchTools& t, const std::string& open_error) {
    if (!t.ed.is_open()) {
        ImGui::TextWrapped("%s", open_error.empty() ? tr("sketch.loading") : tr("sketch.err.read_only"));
        if (!open_error.empty()) ImGui::TextDisabled("%s", open_error.c_str());
        return;
    }
    toolbar(ctx, t);
    ImGui::Separator();
    overlap_prompt(ctx, t);
    if (drawing(t.tool)) {
        new_item_form(ctx, t);
        draft_summary(ctx, t);
    } else {
        item_form(ctx, t);
    }
    items_list(ctx, t);
    if (!t.status.empty()) {
        ImGui::Separator();
        ImGui::PushStyleColor(ImGuiCol_Text,
                              t.status_error ? ImVec4(0.75f, 0.1f, 0.1f, 1) : ImVec4(0.1f, 0.45f, 0.2f, 1));
        ImGui::TextWrapped("%s", t.status.c_str());
        ImGui::PopStyleColor();
    }
}

void SketchForm::toolbar(ViewContext& ctx, SketchTools& t) {
    const float w = (ImGui::GetContentRegionAvail().x - 4 * ImGui::GetStyle().ItemSpacing.x) / 5;
    tool_button(ctx, t, "sketch.tool.browse", Tool::Browse, w);
    ImGui::SameLine();
    tool_button(ctx, t, "sketch.tool.edit", Tool::Edit, w);
    ImGui::SameLine();
    tool_button(ctx, t, "sketch.tool.polygon", Tool::Polygon, w);
    ImGui::SameLine();
    tool_button(ctx, t, "sketch.tool.line", Tool::Line, w);
    ImGui::SameLine();
    tool_button(ctx, t, "sketch.tool.point", Tool::Point, w);

    // Undo and redo: each disabled when there is nothing to take back or again, its tooltip naming the step.
    for (const bool undo : {true, false}) {
        const bool can = undo ? t.ed.can_undo() : t.ed.can_redo();
        ImGui::BeginDisabled(!can);
        if (ImGui::Button(tr(undo ? "sketch.undo" : "sketch.redo"))) t.history(ctx, undo);
        ImGui::EndDisabled();
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled) && can)
            ImGui::SetTooltip("%s (%s)",
                              (undo ? t.ed.session()->undo_label() : t.ed.session()->redo_label()).c_str(),
                              undo ? "Ctrl+Z" : "Ctrl+Y");
        ImGui::SameLine();
    }
    const std::string snap_label = std::string(tr("sketch.snap")) + " (S)";
    ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize(snap_label.c_str()).x -
                         ImGui::GetFrameHeight() - ImGui::GetStyle().ItemInnerSpacing.x);
    ImGui::Checkbox(snap_label.c_str(), &t.ed.snapping().enabled);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("sketch.snap.tip"));
    const char* tip = t.tool == Tool::Edit      ? "sketch.tip.edit"
                      : t.tool == Tool::Polygon ? "sketch.tip.polygon"
                      : t.tool == Tool::Line    ? "sketch.tip.line"
                      : t.tool == Tool::Point   ? "sketch.tip.point"
                                                : "sketch.tip.browse";
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", tr(tip));
    ImGui::PopStyleColor();
}

/// What a refused save overlaps (the stored items with their m² or m, the total) and the choices:
/// trim, keep both, cancel.
void SketchForm::overlap_prompt(ViewContext& ctx, SketchTools& t) {
    const auto& pending = t.ed.pending_overlap();
    if (!pending) return;
    if (pending->edit == PendingOverlap::Edit::Finish && pending->draft != t.ed.draft().points()) {
        (void)t.ed.resolve_overlap(gis::plan::OverlapPolicy::Refuse);  // the drawing changed or was cancelled
        return;
    }
    const gis::plan::Overlap o = pending->overlap;  // a copy: a choice below drops the pending save
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.8f, 0.35f, 0.0f, 1));
    ImGui::TextWrapped("%s", tr("sketch.overlap.title"));
    ImGui::PopStyleColor();
    if (begin_form("##overlap")) {
        for (const auto& w : o.with) {
            std::string what = w.area_m2 > 0    ? format_area(w.area_m2)
                               : w.length_m > 0 ? format_length(w.length_m)
                                                : std::string();
            for (const auto& [flag, key] : {std::pair{w.same_pipe, "sketch.overlap.same_pipe"},
                                            std::pair{w.same_campaign, "sketch.overlap.same_campaign"}})
                if (flag) what += (what.empty() ? "" : ", ") + std::string(tr(key));
            const auto* it = t.ed.session()->item(w.id);
            const std::string name = "#" + std::to_string(w.id) + (it ? " " + it->name : std::string());
            value_row(name.c_str(), what);
        }
        if (o.area_m2 > 0) value_row(tr("sketch.overlap.area"), format_area(o.area_m2));
        if (o.length_m > 0) value_row(tr("sketch.overlap.length"), format_length(o.length_m));
        ImGui::EndTable();
    }
    ImGui::TextWrapped("%s", tr("sketch.overlap.question"));
    ImGui::BeginDisabled(o.same_work());
    if (ImGui::Button(tr("sketch.overlap.trim"))) t.resolve(ctx, gis::plan::OverlapPolicy::Trim);
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("%s", tr("sketch.overlap.trim.tip"));
    ImGui::SameLine();
    if (ImGui::Button(tr("sketch.overlap.keep"))) t.resolve(ctx, gis::plan::OverlapPolicy::Keep);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("sketch.overlap.keep.tip"));
    ImGui::SameLine();
    if (ImGui::Button(tr("sketch.overlap.cancel"))) t.resolve(ctx, gis::plan::OverlapPolicy::Refuse);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("sketch.overlap.cancel.tip"));
    ImGui::Separator();
}

void SketchForm::new_item_form(ViewContext& ctx, SketchTools& t) {
    ImGui::TextDisabled("%s", tr("sketch.new_item"));
    if (!begin_form("##new")) return;
    SketchTemplate& next = t.ed.next_item();
    label(tr("sketch.kind"));
    if (ImGui::BeginCombo("##kind", kind_title(next.kind).c_str())) {
        for (const auto& k : gis::plan::item_kinds())
            if (ImGui::Selectable(kind_title(k.name).c_str(), next.kind == k.name)) t.set_kind(ctx, k.name);
        ImGui::EndCombo();
    }
    label(tr("sketch.project"));
    if (project_combo(t, next.project)) {
        const auto* p = t.ed.session()->find_project(next.project);
        if (p && next.phase > p->phases) next.phase = 1;
    }
    label(tr("sketch.phase"));
    phase_combo(t, next.project, next.phase);
    if (next.kind == "hardening") {
        label(tr("sketch.param.material"));
        const std::string m = gis::plan::param_string(next.params, "material").value_or("concrete");
        if (ImGui::BeginCombo("##material", tr("sketch.material." + m))) {
            for (const char* opt : {"concrete", "asphalt"})
                if (ImGui::Selectable(tr(std::string("sketch.material.") + opt), m == opt))
                    next.params = gis::plan::with_param(next.params, "material", std::string(opt));
            ImGui::EndCombo();
        }
    }
    if (next.kind == "gas_pipe") {
        label(tr("sketch.param.pressure"));
        const std::string now = gis::network::to_string(SketchCheckView::pressure_of(next.params));
        if (ImGui::BeginCombo("##pressure", tr("sketch.pressure." + now))) {
            for (const char* opt : {"low", "medium-b", "medium-a"})
                if (ImGui::Selectable(tr(std::string("sketch.pressure.") + opt), now == opt))
                    next.params = gis::plan::with_param(next.params, "pressure", std::string(opt));
            ImGui::EndCombo();
        }
    }
    ImGui::EndTable();
}

void SketchForm::draft_summary(ViewContext& ctx, SketchTools& t) {
    (void)ctx;
    const SketchDraft& d = t.ed.draft();
    ImGui::Spacing();
    ImGui::TextDisabled("%s", tr("sketch.drawing"));
    if (begin_form("##draft")) {
        value_row(tr("sketch.vertices"), std::to_string(d.points().size()));
        if (d.shape() != SketchShape::Point) {
            const SketchMeasures m = d.measure(t.pointer.at);
            value_row(tr(d.shape() == SketchShape::Polygon ? "sketch.perimeter" : "sketch.length"),
                      format_length(m.length_m));
            if (d.shape() == SketchShape::Polygon) value_row(tr("sketch.area"), format_area(m.area_m2));
            if (m.segment_m > 0) value_row(tr("sketch.segment"), format_length(m.segment_m));
        }
        t.checks.rows(t.ed.next_item().kind);
        ImGui::EndTable();
    }
    ImGui::BeginDisabled(d.empty() || d.shape() == SketchShape::Point);
    if (ImGui::Button(tr("sketch.finish"))) t.finish(ctx);
    ImGui::SameLine();
    if (ImGui::Button(tr("sketch.cancel"))) t.ed.draft().cancel();
    ImGui::EndDisabled();
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", tr("sketch.keys"));
    ImGui::PopStyleColor();
}

void SketchForm::load_form(const SketchTools& t, const gis::plan::PlanItem& it) {
    if (form_id_ == it.id && form_revision_ == t.ed.revision()) return;
    form_id_ = it.id;
    form_revision_ = t.ed.revision();
    std::snprintf(name_, sizeof name_, "%s", it.name.c_str());
    numbers_.clear();
    for (const char* p : number_params(it.kind))
        numbers_[p] = gis::plan::param_number(it.params, p).value_or(0);
    numbers_["unit_price_cny"] = it.unit_price_cny;
}

void SketchForm::item_form(ViewContext& ctx, SketchTools& t) {
    const gis::plan::PlanItem* it = t.ed.selected_item();
    ImGui::TextDisabled("%s", tr("sketch.selected"));
    if (!it) {
        ImGui::TextWrapped("%s", tr("sketch.none_selected"));
        return;
    }
    load_form(t, *it);
    const gis::plan::PlanItem item = *it;  // edits below re-read the session
    if (!begin_form("##item")) return;
    label(tr("sketch.name"));
    ImGui::InputText("##name", name_, sizeof name_);
    if (ImGui::IsItemDeactivatedAfterEdit() && item.name != name_) {
        gis::plan::ItemChanges ch;
        ch.name = std::string(name_);
        change(ctx, t, ch);
    }
    label(tr("sketch.kind"));
    ImGui::TextUnformatted(kind_title(item.kind).c_str());
    label(tr("sketch.project"));
    std::string project = item.project;
    if (project_combo(t, project)) {
        gis::plan::ItemChanges ch;
        ch.project = project;
        change(ctx, t, ch);
    }
    label(tr("sketch.phase"));
    int phase = item.phase;
    if (phase_combo(t, item.project, phase)) {
        gis::plan::ItemChanges ch;
        ch.phase = phase;
        change(ctx, t, ch);
    }
    label(tr("sketch.status"));
    if (ImGui::BeginCombo("##status", status_title(item.status).c_str())) {
        for (const auto& s : gis::plan::item_statuses())
            if (ImGui::Selectable(status_title(s).c_str(), s == item.status) && s != item.status) {
                gis::plan::ItemChanges ch;
                ch.status = s;
                change(ctx, t, ch);
            }
        ImGui::EndCombo();
    }
    if (item.kind == "hardening") {
        label(tr("sketch.param.material"));
        const std::string m = gis::plan::param_string(item.params, "material").value_or("concrete");
        if (ImGui::BeginCombo("##material", tr("sketch.material." + m))) {
            for (const char* opt : {"concrete", "asphalt"})
                if (ImGui::Selectable(tr(std::string("sketch.material.") + opt), m == opt) && m != opt) {
                    gis::plan::ItemChanges ch;
                    // A new material brings its own default thickness.
                    std::string p = gis::plan::with_param(item.params, "material", std::string(opt));
                    auto mat = gis::plan::material_from(opt);
                    p = gis::plan::with_param(p, "thickness_m", gis::plan::default_thickness(mat.value()));
                    ch.params = p;
                    change(ctx, t, ch);
                }
            ImGui::EndCombo();
        }
    }
    for (const char* p : number_params(item.kind)) {
        label(tr(std::string("sketch.param.") + p));
        double& v = numbers_[p];
        if (std::string(p) == "thickness_m" && v == 0) {
            auto mat = gis::plan::material_from(
                gis::plan::param_string(item.params, "material").value_or("concrete"));
            v = gis::plan::default_thickness(mat ? mat.value() : gis::plan::Material::Concrete);
        }
        ImGui::InputDouble((std::string("##") + p).c_str(), &v, 0, 0, "%.2f");
        range_hint(p);
        if (ImGui::IsItemDeactivatedAfterEdit()) {
            if (auto ok = gis::plan::check_param(p, v); !ok) {  // the rule every save applies
                t.say(failure(ok.error()), true);
                v = gis::plan::param_number(item.params, p).value_or(0);
            } else {
                gis::plan::ItemChanges ch;
                ch.params = gis::plan::with_param(item.params, p, v);
                change(ctx, t, ch);
            }
        }
    }
    if (item.kind != "cleanup" && item.kind != "other") {
        label(tr("sketch.param.unit_price_cny"));
        double& v = numbers_["unit_price_cny"];
        ImGui::InputDouble("##unit_price", &v, 0, 0, "%.2f");
        range_hint("unit_price_cny");
        if (ImGui::IsItemDeactivatedAfterEdit() && std::abs(v - item.unit_price_cny) > 1e-9) {
            if (auto ok = gis::plan::check_param("unit_price_cny", v); !ok) {
                t.say(failure(ok.error()), true);
                v = item.unit_price_cny;
            } else {
                gis::plan::ItemChanges ch;
                ch.params = gis::plan::with_param(item.params, "unit_price_cny", v);
                change(ctx, t, ch);
            }
        }
    }
    ImGui::EndTable();

    ImGui::Spacing();
    ImGui::TextDisabled("%s", tr("sketch.quantities"));
    if (ImGui::BeginTable("##quantities", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
        ImGui::TableSetupColumn("k", ImGuiTableColumnFlags_WidthFixed, 92);
        ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthStretch);
        if (item.area_m2 > 0) value_row(tr("sketch.area"), format_area(item.area_m2));
        if (item.length_m > 0) value_row(tr("sketch.length"), format_length(item.length_m));
        if (item.volume_m3 > 0) value_row(tr("sketch.volume"), gis::fmt_fixed(item.volume_m3, 1) + " m³");
        if (item.unit_price_cny > 0) {
            const char* unit = item.area_m2 > 0 ? "/m²" : item.length_m > 0 ? "/m" : "";
            value_row(tr("sketch.unit_price"), "¥" + gis::fmt_fixed(item.unit_price_cny, 2) + unit);
        }
        value_row(tr("sketch.cost"), money(item.cost_cny));
        t.checks.rows(item.kind);
        ImGui::EndTable();
    }
    if (ImGui::Button(tr("sketch.zoom"))) {
        gis::BBox b = item.geometry.bbox();
        const double pad = std::max(20.0, 0.5 * std::max(b.width(), b.height()));
        ctx.doc.fly_to({b.minx - pad, b.miny - pad, b.maxx + pad, b.maxy + pad});
    }
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.80f, 0.30f, 0.28f, 0.85f));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.88f, 0.36f, 0.32f, 1));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    if (ImGui::Button(tr("sketch.delete"))) t.applied(ctx, t.ed.remove_selected(), "sketch.deleted");
    ImGui::PopStyleColor(3);
}

void SketchForm::items_list(ViewContext& ctx, SketchTools& t) {
    const auto& items = t.ed.session()->items();
    ImGui::Spacing();
    const std::string header =
        std::string(tr("sketch.items")) + " (" + std::to_string(items.size()) + ")###items";
    if (!ImGui::CollapsingHeader(header.c_str())) return;
    const float h =
        std::min(200.0f, ImGui::GetTextLineHeightWithSpacing() * (static_cast<float>(items.size()) + 1.5f));
    if (!ImGui::BeginTable("##list", 3,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersOuterH,
                           {0, h}))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("sketch.name"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn(tr("sketch.kind"), ImGuiTableColumnFlags_WidthFixed, 80);
    ImGui::TableSetupColumn(tr("sketch.cost"), ImGuiTableColumnFlags_WidthFixed, 80);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(items.size()));
    std::optional<std::int64_t> clicked;
    while (clipper.Step())
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const auto& it = items[static_cast<std::size_t>(i)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushID(static_cast<int>(it.id));
            if (ImGui::Selectable(it.name.c_str(), t.ed.selected() == it.id,
                                  ImGuiSelectableFlags_SpanAllColumns))
                clicked = it.id;
            ImGui::PopID();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(kind_title(it.kind).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(money(it.cost_cny).c_str());
        }
    ImGui::EndTable();
    if (clicked) {
        if (t.tool != Tool::Edit) t.set_tool(ctx, Tool::Edit);
        t.select(ctx, clicked);
        if (const auto* it = t.ed.selected_item()) {
            gis::BBox b = it->geometry.bbox();
            const double pad = std::max(30.0, 0.6 * std::max(b.width(), b.height()));
            ctx.doc.fly_to({b.minx - pad, b.miny - pad, b.maxx + pad, b.maxy + pad});
        }
    }
}

}  // namespace app::view::sketch
