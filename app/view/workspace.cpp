#include "app/view/workspace.hpp"

#include <imgui.h>

#include <algorithm>

#include "app/i18n/i18n.hpp"

namespace app::view {

using i18n::tr;

namespace {

int slot_of(Dock dock) { return dock == Dock::Left ? 0 : dock == Dock::Right ? 1 : 2; }

const char* host_name(Dock dock) {
    return dock == Dock::Left ? "##dock_left" : dock == Dock::Right ? "##dock_right" : "##dock_bottom";
}

constexpr ImGuiWindowFlags kChromeFlags =
    ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
    ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoNav;
constexpr float kSplitter = 6;
/// The strip of a dock's tabs (and a collapsed dock): a light slate, apart from the windows' grey.
const ImVec4 kDockBarColour{219 / 255.0f, 227 / 255.0f, 237 / 255.0f, 1.0f};

}  // namespace

bool Workspace::usable(const PanelSlot& slot, const Document& doc) const {
    return slot.open && (!slot.panel->district_only() || doc.is_district());
}

void Workspace::arrange(const std::vector<PanelSlot>& panels, const Document& doc, const gis::BBox& work,
                        bool presenting) {
    presenting_ = presenting;
    tab_bar_height_ = ImGui::GetFrameHeight() + 2 * 4 + 2;
    bool used[3] = {false, false, false};
    for (const auto& slot : panels) {
        const std::string id = slot.panel->id();
        const bool now = usable(slot, doc);
        const Dock d = layout_.dock_of(id);
        // A panel that opens (from the menu, or by itself: a feature selected) comes to the front.
        // (Not the panels open at start: each dock then shows its first, or the one the user left.)
        if (now && arranged_ && !was_open_[id] && d != Dock::Floating) select_[slot_of(d)] = id;
        was_open_[id] = now;
        if (now && d != Dock::Floating) used[slot_of(d)] = true;
    }
    arranged_ = true;
    if (presenting)
        areas_ = WorkspaceAreas{{}, {}, {}, work};
    else
        areas_ = layout_.arrange(work, used[0], used[1], used[2]);
    // Places: floating panels first shown over the map's centre; docked ones are placed by draw_docks.
    const gis::Point centre = areas_.map.center();
    for (const auto& slot : panels) {
        PanelPlace& p = places_[slot.panel->id()];
        p = PanelPlace{};
        p.x = static_cast<float>(centre.x);
        p.y = static_cast<float>(centre.y);
        if (!presenting && layout_.dock_of(slot.panel->id()) != Dock::Floating)
            p.kind = PanelPlace::Kind::Hidden;
    }
}

PanelPlace& Workspace::place(const PanelSlot& slot) { return places_[slot.panel->id()]; }

void Workspace::show(const std::string& panel) {
    const Dock d = layout_.dock_of(panel);
    if (d != Dock::Floating) select_[slot_of(d)] = panel;
}

void Workspace::apply(const PanelSlot& slot) {
    PanelPlace& p = places_[slot.panel->id()];
    if (p.redock) {
        layout_.set_dock(slot.panel->id(), WorkspaceLayout::default_dock(slot.panel->id()));
        p.redock = false;
    }
}

std::vector<gis::BBox> Workspace::dock_boxes() const {
    std::vector<gis::BBox> out;
    for (const auto& a : {areas_.left, areas_.right, areas_.bottom})
        if (a) out.push_back(*a);
    return out;
}

void Workspace::dock_all(bool reset) {
    auto open = layout_.open_panels();
    if (reset) {
        layout_ = WorkspaceLayout{};
        if (open) layout_.set_open_panels(*open);
        return;
    }
    for (const auto& [id, place] : places_) layout_.set_dock(id, WorkspaceLayout::default_dock(id));
}

void Workspace::draw_docks(std::vector<PanelSlot>& panels, const Document& doc) {
    if (presenting_) return;
    const std::pair<Dock, const std::optional<gis::BBox>*> docks[] = {
        {Dock::Left, &areas_.left}, {Dock::Right, &areas_.right}, {Dock::Bottom, &areas_.bottom}};
    for (const auto& [dock, area] : docks)
        if (*area) {
            draw_dock(dock, **area, panels, doc);
            draw_splitter(dock, **area);
        }
}

void Workspace::draw_dock(Dock dock, const gis::BBox& area, std::vector<PanelSlot>& panels,
                          const Document& doc) {
    const auto x = static_cast<float>(area.minx), y = static_cast<float>(area.miny);
    const auto w = static_cast<float>(area.width()), h = static_cast<float>(area.height());
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {4, 4});
    if (layout_.collapsed(dock)) {
        // A strip with the button that opens the dock again.
        ImGui::SetNextWindowPos({x, y});
        ImGui::SetNextWindowSize({w, h});
        ImGui::PushStyleColor(ImGuiCol_WindowBg, kDockBarColour);
        const bool host = ImGui::Begin(host_name(dock), nullptr, kChromeFlags);
        ImGui::PopStyleColor();
        if (host) {
            const char* arrow = dock == Dock::Left ? ">" : dock == Dock::Right ? "<" : "^";
            if (ImGui::Button(arrow, {w - 8, 0})) layout_.set_collapsed(dock, false);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("view.dock.expand"));
        }
        ImGui::End();
        ImGui::PopStyleVar(2);
        return;
    }
    ImGui::SetNextWindowPos({x, y});
    ImGui::SetNextWindowSize({w, tab_bar_height_});
    std::string shown;
    ImGui::PushStyleColor(ImGuiCol_WindowBg, kDockBarColour);
    const bool host = ImGui::Begin(host_name(dock), nullptr, kChromeFlags | ImGuiWindowFlags_NoScrollbar);
    ImGui::PopStyleColor();
    if (host) {
        const std::string id = std::string(host_name(dock)) + "_tabs";
        if (ImGui::BeginTabBar(id.c_str(),
                               ImGuiTabBarFlags_FittingPolicyScroll | ImGuiTabBarFlags_TabListPopupButton)) {
            std::string& select = select_[slot_of(dock)];
            if (select.empty() && !first_frame_[slot_of(dock)]) select = layout_.active(dock);
            for (auto& slot : panels) {
                const std::string pid = slot.panel->id();
                if (!usable(slot, doc) || layout_.dock_of(pid) != dock) continue;
                const std::string label = slot.panel->title() + "###tab_" + pid;
                const ImGuiTabItemFlags f = select == pid ? ImGuiTabItemFlags_SetSelected : 0;
                if (ImGui::BeginTabItem(label.c_str(), &slot.open, f)) {
                    shown = pid;
                    ImGui::EndTabItem();
                }
                if (ImGui::BeginPopupContextItem(("##tab_menu_" + pid).c_str())) {
                    if (ImGui::MenuItem(tr("view.dock.float"))) layout_.set_dock(pid, Dock::Floating);
                    if (dock != Dock::Left && ImGui::MenuItem(tr("view.dock.to_left")))
                        layout_.set_dock(pid, Dock::Left);
                    if (dock != Dock::Right && ImGui::MenuItem(tr("view.dock.to_right")))
                        layout_.set_dock(pid, Dock::Right);
                    if (dock != Dock::Bottom && ImGui::MenuItem(tr("view.dock.to_bottom")))
                        layout_.set_dock(pid, Dock::Bottom);
                    ImGui::EndPopup();
                }
            }
            select.clear();
            const char* arrow = dock == Dock::Left ? "<" : dock == Dock::Right ? ">" : "v";
            if (ImGui::TabItemButton(arrow, ImGuiTabItemFlags_Trailing | ImGuiTabItemFlags_NoTooltip))
                layout_.set_collapsed(dock, true);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("view.dock.collapse"));
            ImGui::EndTabBar();
        }
    }
    ImGui::End();
    ImGui::PopStyleVar(2);
    first_frame_[slot_of(dock)] = true;
    if (shown.empty()) return;
    layout_.set_active(dock, shown);
    PanelPlace& p = places_[shown];
    p.kind = PanelPlace::Kind::Docked;
    p.x = x;
    p.y = y + tab_bar_height_;
    p.width = w;
    p.height = std::max(40.0f, h - tab_bar_height_);
}

void Workspace::draw_splitter(Dock dock, const gis::BBox& area) {
    if (layout_.collapsed(dock)) return;
    ImVec2 pos, size;
    if (dock == Dock::Left) {
        pos = {static_cast<float>(area.maxx), static_cast<float>(area.miny)};
        size = {kSplitter, static_cast<float>(area.height())};
    } else if (dock == Dock::Right) {
        pos = {static_cast<float>(area.minx) - kSplitter, static_cast<float>(area.miny)};
        size = {kSplitter, static_cast<float>(area.height())};
    } else {
        pos = {static_cast<float>(area.minx), static_cast<float>(area.miny) - kSplitter};
        size = {static_cast<float>(area.width()), kSplitter};
    }
    ImGui::SetNextWindowPos(pos);
    ImGui::SetNextWindowSize(size);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {0, 0});
    ImGui::PushStyleVar(ImGuiStyleVar_WindowMinSize, {1, 1});
    const std::string name = std::string(host_name(dock)) + "_splitter";
    if (ImGui::Begin(name.c_str(), nullptr, kChromeFlags | ImGuiWindowFlags_NoBackground)) {
        ImGui::InvisibleButton("##drag", size);
        const bool active = ImGui::IsItemActive();
        if (active || ImGui::IsItemHovered())
            ImGui::SetMouseCursor(dock == Dock::Bottom ? ImGuiMouseCursor_ResizeNS
                                                       : ImGuiMouseCursor_ResizeEW);
        if (active) {
            const ImVec2 d = ImGui::GetIO().MouseDelta;
            const float now = static_cast<float>(dock == Dock::Bottom ? area.height() : area.width());
            const float delta = dock == Dock::Left ? d.x : dock == Dock::Right ? -d.x : -d.y;
            if (delta != 0) layout_.set_size(dock, now + delta);
        }
    }
    ImGui::End();
    ImGui::PopStyleVar(2);
}

}  // namespace app::view
