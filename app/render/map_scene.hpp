#pragma once
/// @file
/// A whole map image, the same in the viewer, in `nbhd render` and in exports: background, layers (or
/// the overview at coarse scales), overlays, highlights, labels, scale bar and north arrow. Owns the
/// renderer, the label font and the overview cache.

#include <memory>
#include <vector>

#include "app/render/decorations.hpp"
#include "app/render/fonts.hpp"
#include "app/render/map_renderer.hpp"
#include "app/render/overview.hpp"
#include "app/render/screen_painter.hpp"

namespace app::render {

struct FrameOptions {
    float pixel_ratio = 1;  ///< 2 for an export at twice the resolution
    bool labels = true;
    bool decorations = true;
    float bottom_margin_px = 0;  ///< keep the scale bar above the viewer's status bar (and bottom dock)
    float left_margin_px = 0;    ///< keep the scale bar right of the viewer's left dock
    double north_angle_rad = 0;
    double overview_budget_ms = -1;  ///< time for building overview tiles this frame; negative: no limit
    /// Multisampling of the overview's tiles: 4 for exports; the viewer draws them as it draws its frames
    /// (interactive_samples(): 1 on a software rasteriser, where 4 samples cost most of a tile).
    int overview_samples = 4;
    std::vector<gis::BBox> reserved;  ///< screen rectangles labels avoid (panels)
};

struct FrameStats {
    DrawStats vector;
    bool overview = false;
    Overview::Result tiles;
    std::size_t glyphs = 0;
    double labels_ms = 0;  ///< placing the labels (CPU)
};

class MapScene {
  public:
    static gis::Result<std::unique_ptr<MapScene>> create();

    /// Uploads new and changed layers (the main-thread half of loading; the layers' CPU copies of the
    /// uploaded arrays are dropped); returns seconds spent.
    double sync(view::Document& doc, std::vector<gis::Error>* errors = nullptr);
    /// Draws the map into the bound framebuffer, whose viewport must match the camera.
    FrameStats render(const view::Document& doc, const view::Camera& camera, const FrameOptions& options);

    /// Uses a label font rasterised elsewhere (on a worker, while the window opened) for this document.
    void set_label_font(std::unique_ptr<LabelFont> font, const view::Document& doc, float pixel_ratio);

    MapRenderer& renderer() { return *renderer_; }
    const Overview& overview() const { return overview_; }
    /// Keeps the overview's tiles on disk between runs (TileDiskCache; nullptr: none, the default).
    void set_tile_cache(std::shared_ptr<TileDiskCache> cache) { overview_.set_disk_cache(std::move(cache)); }
    const LabelFont* label_font() const { return font_.get(); }

  private:
    MapScene() = default;
    void ensure_font(const view::Document& doc, float pixel_ratio);

    std::unique_ptr<MapRenderer> renderer_;
    std::unique_ptr<ScreenPainter> painter_;
    std::unique_ptr<LabelFont> font_;
    Overview overview_;
    std::size_t font_layers_ = 0;
    std::uint64_t font_data_ = 0;     // sum of the layers' data revisions the font was checked against
    std::vector<char32_t> font_cps_;  // characters the font holds (sorted)
    float font_ratio_ = 0;
    std::size_t configured_primitives_ = 0;
};

}  // namespace app::render
