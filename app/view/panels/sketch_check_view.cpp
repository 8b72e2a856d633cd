#include "app/view/panels/sketch_check_view.hpp"

#include <chrono>
#include <optional>

#include "app/i18n/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/plan/params.hpp"

namespace app::view {

using i18n::tr;

namespace {

const ImU32 kWhite = IM_COL32(255, 255, 255, 255);
const ImU32 kConflict = IM_COL32(0xd3, 0x2f, 0x2f, 255);       // a building too close to a pipe
const ImU32 kConflictLabel = IM_COL32(0xd3, 0x2f, 0x2f, 230);  // its distance
const ImU32 kValveCue = IM_COL32(0xf9, 0xa8, 0x25, 255);       // a valve the works would cover

/// A form row; `bad` colours the value red, else green; no colour for a plain note.
void row(const char* key, const std::string& value, std::optional<bool> bad) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", key);
    ImGui::TableNextColumn();
    if (!bad) return ImGui::TextUnformatted(value.c_str());
    ImGui::PushStyleColor(ImGuiCol_Text,
                          *bad ? ImVec4(0.80f, 0.12f, 0.12f, 1) : ImVec4(0.10f, 0.50f, 0.22f, 1));
    ImGui::TextWrapped("%s", value.c_str());
    ImGui::PopStyleColor();
}

}  // namespace

void SketchCheckView::poll(bool wait) {
    if (future_.valid() && (wait || future_.wait_for(std::chrono::seconds(0)) == std::future_status::ready))
        checks_ = future_.get();
}

gis::network::PressureClass SketchCheckView::pressure_of(const std::string& params) {
    auto p = gis::network::parse_pressure(gis::plan::param_string(params, "pressure").value_or("low"));
    return p ? p.value() : gis::network::PressureClass::Low;
}

void SketchCheckView::update(const std::string& kind, const std::string& params, const gis::Geometry& shape) {
    conflicts_ = {};
    if (checks_ && kind_has_checks(kind)) conflicts_ = checks_->check(kind, shape, pressure_of(params));
}

void SketchCheckView::rows(const std::string& kind) const {
    if (!kind_has_checks(kind)) return;
    if (!checks_) return row(tr("sketch.check.title"), tr("sketch.check.loading"), std::nullopt);
    if (!conflicts_.checked) return;
    if (kind == "gas_pipe") {
        const std::string need = "≥ " + gis::fmt_fixed(conflicts_.required_m, 1) + " m";
        if (conflicts_.clearance.empty())
            row(tr("sketch.check.clearance"), std::string(tr("sketch.check.ok")) + " (" + need + ")", false);
        else
            row(tr("sketch.check.clearance"),
                std::to_string(conflicts_.clearance.size()) + " " + tr("sketch.check.too_close") + " " +
                    gis::fmt_fixed(conflicts_.clearance.front().distance_m, 2) + " m (" + need + ")",
                true);
    }
    if (conflicts_.valves.empty())
        row(tr("sketch.check.valves"), tr("sketch.check.none"), false);
    else
        row(tr("sketch.check.valves"),
            std::to_string(conflicts_.valves.size()) + " " + tr("sketch.check.valves_reachable"), true);
}

void SketchCheckView::cues(ImDrawList* dl, const std::function<ImVec2(const gis::Point&)>& to_ui) const {
    for (const auto& v : conflicts_.clearance) {
        const ImVec2 c = to_ui(v.at);
        dl->AddCircle(c, 9, kWhite, 20, 4.5f);
        dl->AddCircle(c, 9, kConflict, 20, 2.5f);
        const std::string t = gis::fmt_fixed(v.distance_m, 2) + " m";
        const ImVec2 ts = ImGui::CalcTextSize(t.c_str());
        const ImVec2 p0{c.x + 11, c.y - ts.y - 6};
        dl->AddRectFilled(p0, {p0.x + ts.x + 8, p0.y + ts.y + 4}, kConflictLabel, 3);
        dl->AddText({p0.x + 4, p0.y + 2}, kWhite, t.c_str());
    }
    for (const auto& v : conflicts_.valves) {
        const ImVec2 c = to_ui(v.location);
        const float r = 8;
        const ImVec2 q[4] = {{c.x, c.y - r}, {c.x + r, c.y}, {c.x, c.y + r}, {c.x - r, c.y}};
        dl->AddPolyline(q, 4, kWhite, ImDrawFlags_Closed, 4.5f);
        dl->AddPolyline(q, 4, kValveCue, ImDrawFlags_Closed, 2.5f);
    }
}

}  // namespace app::view
