#pragma once
// What the occupancy panels (household search, 楼盘表, population themes) share: the model's start and
// map sync, acting on a chosen result, the privacy bar with its confirmation, badges and formatting.

#include <imgui.h>

#include <cstdio>
#include <memory>
#include <string>

#include "app/i18n/i18n.hpp"
#include "app/view/core/occupancy_model.hpp"
#include "app/view/map_session.hpp"
#include "gis/core/strings.hpp"
#include "app/view/panel.hpp"
#include "gis/district/schema.hpp"

namespace app::view::occupancy_ui {

/// A translated printf-style string: fmt("occ.view.building_n", 12).
template <class... A>
std::string fmt(const char* key, A... args) {
    char buf[512];
    std::snprintf(buf, sizeof buf, i18n::tr(key), args...);
    return buf;
}

inline ImU32 rgb(std::uint32_t hex, float alpha = 1.0f) {
    return ImGui::GetColorU32(ImVec4(((hex >> 16) & 0xff) / 255.0f, ((hex >> 8) & 0xff) / 255.0f,
                                     (hex & 0xff) / 255.0f, alpha));
}
inline ImVec4 rgb4(std::uint32_t hex) {
    return ImVec4(((hex >> 16) & 0xff) / 255.0f, ((hex >> 8) & 0xff) / 255.0f, (hex & 0xff) / 255.0f, 1.0f);
}

/// Badge colours by flag id.
inline std::uint32_t flag_colour(const std::string& flag) {
    if (flag == "low_income") return 0xcb181d;
    if (flag == "migrant") return 0xd95f0e;
    if (flag == "elderly_alone") return 0x6a51a3;
    if (flag == "tenant") return 0x3182bd;
    return 0x8c8c8c;
}

/// Starts indexing once the district has loaded and a panel needs it (`wanted`: open, or about to
/// open), so that a viewer nobody searches in spends nothing on it; picks up the result; keeps the map's
/// highlight sets in step with the model. Cheap when nothing changed (called every frame by each
/// occupancy panel).
inline void keep_up(ViewContext& ctx, OccupancyModel& m, bool wanted) {
    if (!ctx.doc.is_district() || !ctx.doc.source()) return;
    if (wanted && !ctx.session.loading()) m.start(ctx.doc.source()->path);
    m.poll();
    if (m.state() == OccupancyModel::State::Ready && !m.glyphs_sent && ctx.glyphs) {
        ctx.glyphs->insert(ctx.glyphs->end(), m.code_points().begin(), m.code_points().end());
        m.glyphs_sent = true;
    }
    if (ctx.doc.presentation() && (m.revealed() || m.filter() == OccupancyFilter::LowIncome)) m.mask();
    m.sync_map(ctx.doc);
}

/// Flies to, selects and highlights the chosen building (its grid is open in the model).
inline void show_building(ViewContext& ctx, OccupancyModel& m, int building) {
    if (auto ref = ctx.doc.find_feature(gis::district::layers::kBuildings, building)) {
        if (const auto* f = ctx.doc.feature(*ref)) ctx.doc.fly_to(occupancy_view_box(f->geometry.bbox()));
        ctx.doc.select(ref);
    }
    m.want_grid_open = true;
    m.sync_map(ctx.doc);
}

/// A small rounded label in the flag's colour at the cursor (advances the cursor like an item).
inline void badge(const char* text, std::uint32_t colour, bool same_line = true) {
    if (same_line) ImGui::SameLine(0, 4);
    const ImVec2 ts = ImGui::CalcTextSize(text);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float pad = 4;
    const ImVec2 size{ts.x + 2 * pad, ImGui::GetTextLineHeight() + 2};
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, {p.x + size.x, p.y + size.y}, rgb(colour, 0.16f), 3);
    dl->AddRect(p, {p.x + size.x, p.y + size.y}, rgb(colour, 0.7f), 3);
    dl->AddText({p.x + pad, p.y + 1}, rgb(colour), text);
    ImGui::Dummy(size);
}

/// The privacy line: masked or shown, and the button that reveals (after a confirmation) or masks again.
/// Errors (the audit could not be written) go to the message window.
class PrivacyBar {
  public:
    void draw(ViewContext& ctx, OccupancyModel& m) {
        ImGui::PushID("privacy");
        if (m.revealed()) {
            ImGui::TextColored(rgb4(0xb35900), "%s", i18n::tr("occ.view.revealed"));
            ImGui::SameLine(ImGui::GetWindowContentRegionMax().x -
                            ImGui::CalcTextSize(i18n::tr("occ.view.mask")).x - 2 * ImGui::GetStyle().FramePadding.x);
            if (ImGui::SmallButton(i18n::tr("occ.view.mask"))) m.mask();
        } else {
            ImGui::TextDisabled("%s", i18n::tr("occ.view.masked"));
            ImGui::SameLine(ImGui::GetWindowContentRegionMax().x -
                            ImGui::CalcTextSize(i18n::tr("occ.view.unmask")).x - 2 * ImGui::GetStyle().FramePadding.x);
            if (ImGui::SmallButton(i18n::tr("occ.view.unmask"))) ImGui::OpenPopup("##confirm_reveal");
        }
        ImGui::SetNextWindowSize({420, 0}, ImGuiCond_Appearing);
        if (ImGui::BeginPopupModal("##confirm_reveal", nullptr, ImGuiWindowFlags_NoTitleBar)) {
            ImGui::TextUnformatted(i18n::tr("occ.view.confirm.title"));
            ImGui::Separator();
            ImGui::TextWrapped("%s", i18n::tr("occ.view.confirm.text"));
            ImGui::Spacing();
            if (ImGui::Button(i18n::tr("occ.view.confirm.ok"))) {
                if (auto r = m.reveal("viewer"); !r && ctx.messages)
                    ctx.messages->push_back(std::string(i18n::tr("occ.view.audit_failed")) + ": " +
                                            r.error().message);
                ImGui::CloseCurrentPopup();
            }
            ImGui::SameLine();
            if (ImGui::Button(i18n::tr("occ.view.cancel"))) ImGui::CloseCurrentPopup();
            ImGui::EndPopup();
        }
        ImGui::PopID();
    }
};

/// The line shown instead of the panel's content while indexing, after a failure or in presentation.
/// Returns true when the panel can show its content.
inline bool ready_or_note(ViewContext& ctx, const OccupancyModel& m) {
    if (ctx.doc.presentation()) {
        ImGui::TextDisabled("%s", i18n::tr("occ.view.presentation"));
        return false;
    }
    if (m.state() == OccupancyModel::State::Failed) {
        ImGui::TextWrapped("%s: %s", i18n::tr("occ.view.index_failed"), m.error().c_str());
        return false;
    }
    if (m.state() != OccupancyModel::State::Ready) {
        ImGui::TextDisabled("%s", i18n::tr("occ.view.indexing"));
        return false;
    }
    return true;
}

}  // namespace app::view::occupancy_ui
