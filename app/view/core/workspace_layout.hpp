#pragma once
/// @file
/// The viewer's workspace: the map in the middle, tools in docked side panels around it (left: layers and
/// the district's figures; right: a tabbed tool area; bottom: the timeline and the 楼盘表), each dock
/// resizable and collapsible, any panel torn off as a floating window on request. This class decides where
/// everything goes and what part of the window the map has free; it persists per user. GL- and ImGui-free.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gis/core/geometry.hpp"
#include "gis/core/result.hpp"

namespace app::view {

enum class Dock { Left, Right, Bottom, Floating };

/// Where each dock and the map lie, in window units (x right, y down; gis::BBox as a rectangle).
struct WorkspaceAreas {
    std::optional<gis::BBox> left, right, bottom;  ///< absent: the dock holds no open panel
    gis::BBox map;                                 ///< the part of the window nothing covers
};

class WorkspaceLayout {
  public:
    static constexpr float kCollapsedWidth = 26;  ///< a collapsed dock: a strip with its expand button
    static constexpr float kMinSide = 220, kMinBottom = 120;

    /// The dock a panel opens in unless the user moved it: layers and the district's figures on the
    /// left; the timeline and the 楼盘表 at the bottom; every other tool on the right.
    static Dock default_dock(const std::string& panel);
    Dock dock_of(const std::string& panel) const;
    /// Docks a panel, or tears it off (Dock::Floating).
    void set_dock(const std::string& panel, Dock dock);

    /// Width of a side dock or height of the bottom dock (window units), as the user left it.
    float size(Dock dock) const;
    void set_size(Dock dock, float size);
    bool collapsed(Dock dock) const;
    void set_collapsed(Dock dock, bool collapsed);
    /// The tab shown in a dock (a panel id; empty: the first open one).
    const std::string& active(Dock dock) const;
    void set_active(Dock dock, const std::string& panel);

    /// The docks' and the map's areas in `work` (the window below the menu bar and above the status bar)
    /// given which docks hold an open panel. The map keeps at least half the width and 40 % of the height:
    /// docks shrink first.
    WorkspaceAreas arrange(const gis::BBox& work, bool left_used, bool right_used, bool bottom_used) const;

    /// The panels that were open when the viewer closed (nullopt: never saved; each panel's default).
    const std::optional<std::set<std::string>>& open_panels() const { return open_; }
    void set_open_panels(std::set<std::string> open) { open_ = std::move(open); }

    /// Reads a layout saved by save(); a missing file is the default layout. A damaged file is an error
    /// (the viewer then says so and starts with the default, leaving the file for the user to look at).
    static gis::Result<WorkspaceLayout> load(const std::string& path);
    /// Writes the layout (a temporary file renamed over `path`: never half a file).
    gis::Result<void> save(const std::string& path) const;
    /// The layout file of this user: $XDG_CONFIG_HOME/nbhd/viewer-layout.json, else ~/.config/nbhd/.
    static std::string user_path();

    std::string to_json() const;
    static gis::Result<WorkspaceLayout> from_json(const std::string& text);

  private:
    float left_ = 320, right_ = 440, bottom_ = 260;
    bool collapsed_[3] = {false, false, false};
    std::string active_[3];
    std::map<std::string, Dock> docks_;  ///< panels the user moved
    std::optional<std::set<std::string>> open_;
};

const char* to_string(Dock dock);
std::optional<Dock> dock_from_string(const std::string& text);

}  // namespace app::view
