#include "app/view/panel.hpp"

#include <imgui.h>

#include "app/i18n/i18n.hpp"
#include "gis/core/strings.hpp"

namespace app::view {

std::vector<std::pair<int, PanelFactory>>& panel_registry() {
    static std::vector<std::pair<int, PanelFactory>> r;
    return r;
}

void want_glyphs(ViewContext& ctx, std::set<char32_t>& sent, const std::string& text) {
    if (!ctx.glyphs) return;
    for (char32_t c : gis::utf8_decode(text))
        if (c >= 0x80 && sent.insert(c).second) ctx.glyphs->push_back(c);
}

DistrictFuture district_of(const ViewContext& ctx) {
    if (!ctx.doc.source()) return {};
    DistrictStore* store = ctx.districts;
    static DistrictStore fallback;  // panels drawn outside the viewer (none today)
    return (store ? *store : fallback).get(ctx.doc.source()->path, ctx.doc.data_generation());
}

bool begin_panel(ViewContext& ctx, const std::string& name, bool* open, int flags_in) {
    ImGuiWindowFlags flags = flags_in;
    const PanelPlace place = ctx.place ? *ctx.place : PanelPlace{};
    ctx.panel_began = false;
    if (place.kind == PanelPlace::Kind::Hidden) return false;
    if (place.kind == PanelPlace::Kind::Docked) {
        ImGui::SetNextWindowPos({place.x, place.y}, ImGuiCond_Always);
        ImGui::SetNextWindowSize({place.width, place.height}, ImGuiCond_Always);
        flags &= ~ImGuiWindowFlags_AlwaysAutoResize;
        flags |= ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                 ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoBringToFrontOnFocus |
                 ImGuiWindowFlags_NoSavedSettings;
        ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
        ctx.panel_began = true;
        const bool shown = ImGui::Begin(name.c_str(), nullptr, flags);
        ImGui::PopStyleVar();
        return shown;
    }
    ImGui::SetNextWindowPos({place.x, place.y}, ImGuiCond_FirstUseEver, {0.5f, 0.5f});
    if (!(flags & ImGuiWindowFlags_AlwaysAutoResize))
        ImGui::SetNextWindowSize({440, 520}, ImGuiCond_FirstUseEver);
    ctx.panel_began = true;
    const bool shown = ImGui::Begin(name.c_str(), open, flags);
    // The title bar is the window's last item: its context menu docks the panel again.
    if (ctx.place && ImGui::BeginPopupContextItem("##panel_place")) {
        if (ImGui::MenuItem(i18n::tr("view.dock.redock"))) ctx.place->redock = true;
        ImGui::EndPopup();
    }
    return shown;
}

void end_panel(ViewContext& ctx) {
    if (ctx.panel_began) ImGui::End();
    ctx.panel_began = false;
}

}  // namespace app::view
