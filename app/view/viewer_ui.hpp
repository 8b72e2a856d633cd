#pragma once
/// @file
/// The viewer's own chrome: main menu, status bar (pointer in metres and lon/lat, scale 1:N, loading
/// progress), hover tooltip, message window, and the export and add-data dialogs.

#include <memory>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/view/core/camera.hpp"
#include "app/view/core/map_options.hpp"
#include "app/view/core/present_state.hpp"
#include "app/view/file_dialog.hpp"
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
    bool dock_all = false, reset_layout = false;
    bool zoom_in = false, zoom_out = false;
    bool export_png = false;
    PixelSize export_size{};
    std::string export_path;
    std::string add_data;
    std::string open_data;  ///< File → Open, Open recent: the data set to show instead
    bool language_changed = false;
    bool toggle_presentation = false;
    bool next_view = false;
    int slide_step = 0;
};

class ViewerUi {
  public:
    /// Height of the status bar in pixels (the scale bar stays above it).
    static constexpr float kStatusBarHeight = 26;

    void draw_menu(ViewContext& ctx, std::vector<PanelSlot>& panels, UiRequests& req, PixelSize window,
                   const PresentState* present = nullptr);
    void draw_status_bar(ViewContext& ctx, double fps, bool loading, double progress);
    void draw_tooltip(ViewContext& ctx);
    void draw_messages(std::vector<std::string>& messages);
    void draw_dialogs(ViewContext& ctx, UiRequests& req, PixelSize window);
    /// Opens a dialog as its menu item would (scripted screenshots): "open", "add" or "export"; false
    /// for another name.
    bool show_dialog(const std::string& which, const std::string& data_path);
    /// The data sets File → Open recent offers (newest first).
    void set_recent(std::vector<std::string> files) { recent_ = std::move(files); }

  private:
    enum class Choosing { Open, Add, Export };
    bool show_export_ = false, show_keys_ = false;
    int export_choice_ = 0;
    char export_path_[1024] = "";
    FileDialog file_dialog_;
    Choosing choosing_ = Choosing::Open;
    std::vector<std::string> recent_;
};

/// What the presentation chrome shows over the map (the screen in presentation mode, exported PNGs).
struct ChromeContent {
    bool title = false;
    TitleBlock title_block;
    bool legend = false;
    std::vector<LegendEntry> legend_entries;
    std::string caption;  ///< the current slide's caption (empty: none)
    int slide = -1, slides = 0;
    bool split = false;
    double split_at = 0.5;    ///< fraction of the width
    bool view_label = false;  ///< "today" / "plan" tag when not split
    PlanView view = PlanView::After;
    float bottom_margin = 0;  ///< window units kept free at the bottom (status bar)
};

/// Draws the chrome into `dl` over an image of `size` pixels; `k` is pixels per window unit (an export
/// at twice the window's width draws everything twice as large). `font` is the large UI font.
void draw_chrome(ImDrawList& dl, const ChromeContent& c, ImVec2 size, float k, ImFont* font);

}  // namespace app::view
