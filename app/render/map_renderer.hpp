#pragma once
/// @file
/// Draws the document's layers with the map shaders: per layer fills, casings, lines and outlines,
/// point symbols; only the tiles in view, and in each tile only the features large enough to see at
/// this scale (their level of detail). Sets every piece of GL state it relies on, each time.

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "app/render/gl_objects.hpp"
#include "app/render/gpu_layer.hpp"
#include "app/view/core/camera.hpp"
#include "app/view/core/document.hpp"

namespace app::render {

struct DrawStats {
    std::size_t draw_calls = 0;
    std::size_t triangles = 0;  ///< fill triangles + 2 per segment and point quad
    std::size_t layers = 0;
};

class MapRenderer {
  public:
    static gis::Result<std::unique_ptr<MapRenderer>> create();

    /// Uploads layers that are new or changed (and drops the layers' CPU copies of what it uploaded),
    /// rewrites changed style tables, frees removed layers. Returns the seconds spent; errors (a layer too
    /// big for the GPU) are reported once per layer.
    double sync(view::Document& doc, std::vector<gis::Error>* errors = nullptr);

    /// A polygon that fills the whole view: the last layer in draw order (non-overlay, fully opaque) one
    /// of whose features alone meets the view, contains it and is drawn with an opaque fill at this scale
    /// (a zoomed view inside the district's boundary or a compound). Clearing to its colour draws what its
    /// fill and every layer under it would (a full-screen fill costs a software rasteriser more than a
    /// clear).
    struct BaseFill {
        int layer = -1;
        view::Colour colour;
    };
    std::optional<BaseFill> base_fill(const view::Document& doc, const view::Camera& camera);

    /// Draws every visible non-overlay layer (or overlays only) for the camera into the bound
    /// framebuffer, whose viewport must match the camera. With `base` (base_fill, already cleared to):
    /// the layers under it are not drawn, nor its fill.
    DrawStats draw_layers(const view::Document& doc, const view::Camera& camera, float pixel_ratio,
                          bool overlays, const std::optional<BaseFill>& base = std::nullopt);
    /// Draws selection, hover and highlight sets on top.
    DrawStats draw_highlights(const view::Document& doc, const view::Camera& camera, float pixel_ratio);

    /// Total primitives of the uploaded non-overlay layers (for the level-of-detail budget).
    std::size_t primitive_count(const view::Document& doc) const;
    std::size_t gpu_bytes() const;

  private:
    MapRenderer() = default;
    /// kOpaqueFill: the fill may be drawn without blending (see opaque_fill).
    enum Parts { kFill = 1, kStrokes = 2, kPoints = 4, kAll = 7, kOpaqueFill = 8 };
    void draw_layer(const view::PreparedLayer& data, const GpuLayer& gpu, const view::Camera& camera,
                    float pixel_ratio, float opacity, DrawStats& stats, int parts = kAll);
    const GpuLayer* highlight_layer(const std::string& key, const view::Document& doc,
                                    const view::Highlight& h, std::uint64_t revision, bool fill);

    Program fill_, stroke_, point_;
    VertexArray empty_vao_;
    std::map<int, GpuLayer> layers_;
    std::map<int, bool> failed_;
    struct HighlightEntry {
        std::uint64_t revision = 0;
        view::PreparedLayer data;
        std::unique_ptr<GpuLayer> gpu;
    };
    std::map<std::string, HighlightEntry> highlights_;
    struct BaseFillCache {
        view::Camera camera{1, 1};
        std::uint64_t revision = 0;
        std::optional<BaseFill> base;
    };
    std::optional<BaseFillCache> base_cache_;
};

}  // namespace app::render
