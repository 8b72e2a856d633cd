#pragma once
/// @file
/// The workspace on screen: the docks around the map (tab bars, splitters that resize them, buttons that
/// collapse them), where each panel draws this frame, and the map's free area that Home, fly-to and the
/// first fit use. The arrangement itself (sizes, which dock, persistence) is WorkspaceLayout's.

#include <map>
#include <string>
#include <vector>

#include "app/view/core/workspace_layout.hpp"
#include "app/view/panel.hpp"
#include "app/view/viewer_ui.hpp"

namespace app::view {

class Workspace {
  public:
    explicit Workspace(WorkspaceLayout layout = {}) : layout_(std::move(layout)) {}
    WorkspaceLayout& layout() { return layout_; }
    const WorkspaceLayout& layout() const { return layout_; }

    /// Arranges this frame: the docks that hold an open panel, in `work` (window units: the window
    /// below the menu bar and above the status bar). Presentation mode: no docks, the whole work area.
    void arrange(const std::vector<PanelSlot>& panels, const Document& doc, const gis::BBox& work,
                 bool presenting);
    /// Draws each dock's tab bar, its splitter and its collapse button (before the panels draw).
    void draw_docks(std::vector<PanelSlot>& panels, const Document& doc);
    /// Where a panel draws this frame; after it has drawn, apply(slot) takes the requests it made.
    PanelPlace& place(const PanelSlot& slot);
    void apply(const PanelSlot& slot);
    /// Brings a docked panel's tab to the front (a panel set up by --panel-set).
    void show(const std::string& panel);
    /// The part of the window the map has free (window units).
    const gis::BBox& map_area() const { return areas_.map; }
    /// The docks' rectangles (window units), for labels to keep out of.
    std::vector<gis::BBox> dock_boxes() const;
    /// Every panel back in its dock; the default layout (sizes, docks) with `reset`.
    void dock_all(bool reset);

  private:
    bool usable(const PanelSlot& slot, const Document& doc) const;
    void draw_dock(Dock dock, const gis::BBox& area, std::vector<PanelSlot>& panels, const Document& doc);
    void draw_splitter(Dock dock, const gis::BBox& area);

    WorkspaceLayout layout_;
    WorkspaceAreas areas_;
    bool presenting_ = false, arranged_ = false;
    float tab_bar_height_ = 30;
    std::map<std::string, PanelPlace> places_;
    std::map<std::string, bool> was_open_;         ///< a panel that opens comes to the front of its dock
    std::string select_[3];                        ///< tabs to select in the next tab bar (per dock)
    bool first_frame_[3] = {false, false, false};  ///< the saved active tab was selected once
};

}  // namespace app::view
