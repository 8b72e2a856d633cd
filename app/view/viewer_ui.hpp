#pragma once
/// @file
/// The viewer's own chrome: main menu, status bar (pointer in metres and lon/lat, scale 1:N, loading
/// progress), hover tooltip, message window, and the export and add-data dialogs.

#include <memory>
#include <string>
#include <vector>

#include "app/view/core/camera.hpp"
#include "app/view/core/map_options.hpp"
#include "app/view/panel.hpp"

namespace app::view {

struct PanelSlot {
    std::unique_ptr<Panel> panel;
    bool open = true;
};

/// Requests from the chrome to the main loop.
struct UiRequests {
    bool quit = false;
    bool fit_all = false;
    bool zoom_in = false, zoom_out = false;
    bool export_png = false;
    PixelSize export_size{};
    std::string export_path;
    std::string add_data;
    bool language_changed = false;
};

class ViewerUi {
  public:
    /// Height of the status bar in pixels (the scale bar stays above it).
    static constexpr float kStatusBarHeight = 26;

    void draw_menu(ViewContext& ctx, std::vector<PanelSlot>& panels, UiRequests& req, PixelSize window);
    void draw_status_bar(ViewContext& ctx, double fps, bool loading, double progress);
    void draw_tooltip(ViewContext& ctx);
    void draw_messages(std::vector<std::string>& messages);
    void draw_dialogs(ViewContext& ctx, UiRequests& req, PixelSize window);

  private:
    bool show_export_ = false, show_add_ = false, show_keys_ = false;
    int export_choice_ = 0;
    char export_path_[512] = "";
    char add_path_[512] = "";
};

/// Attribute lines of a feature for display: "field: value", personal fields left out.
std::vector<std::pair<std::string, std::string>> display_attributes(const MapLayer& layer,
                                                                    const gis::io::Feature& f);
/// A short name for a feature: its name, number or fid.
std::string feature_caption(const MapLayer& layer, const gis::io::Feature& f);

}  // namespace app::view
