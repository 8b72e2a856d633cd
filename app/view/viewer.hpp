#pragma once
/// @file
/// `nbhd view`: the interactive map viewer. The main loop follows Dear ImGui's example_glfw_opengl3;
/// this is the only place that connects the window, the renderer, the document and the panels.

#include <optional>
#include <string>
#include <vector>

#include "app/view/core/map_options.hpp"
#include "gis/core/result.hpp"

namespace app::view {

struct ViewerOptions {
    std::string data;
    std::vector<std::string> add;
    PixelSize size{1600, 1000};
    std::optional<gis::BBox> bbox;
    std::vector<std::string> layers;
    std::optional<Selection> select;
    // Scripted use (screenshots, tests):
    std::string screenshot;              ///< save the window to this PNG after `frames` frames, then quit
    int frames = 0;                      ///< quit after this many frames once loaded (0: run until closed)
    std::string cursor;                  ///< "X,Y": the pointer's position
    std::string panels;                  ///< panels to open, comma-separated
    std::vector<std::string> panel_set;  ///< "ID.KEY=VALUE": Panel::configure once loaded
    bool timing = false;                 ///< print the time to the first frame
    bool present = false;                ///< start in presentation mode
    std::string export_path;  ///< with `screenshot`: also export the view with its chrome to this PNG
    PixelSize export_size{1920, 1080};
    std::string dialog;  ///< scripted: open this dialog once loaded (open, add, export)
    double wait_for_change_s = 0;  ///< scripted: run until another program changes the data set (at most)
    /// The workspace layout file (docks, sizes, open panels), read at start and written at the end;
    /// empty: the user's own ($XDG_CONFIG_HOME/nbhd), or none for scripted runs.
    std::string layout;
};

gis::Result<void> run_viewer(const ViewerOptions& options);

}  // namespace app::view
