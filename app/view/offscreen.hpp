#pragma once
/// @file
/// The map drawn off-screen to a PNG: `nbhd render` (a hidden window's context, a framebuffer object)
/// and the viewer's "Export PNG" share it, so the file shows exactly what the viewer shows.

#include <optional>
#include <string>
#include <vector>

#include "app/render/map_scene.hpp"
#include "app/view/core/camera.hpp"
#include "app/view/core/document.hpp"
#include "app/view/core/map_options.hpp"
#include "gis/core/result.hpp"

namespace app::view {

struct RenderRequest {
    std::string data;              ///< resolved data set path
    std::vector<std::string> add;  ///< further data sets drawn on top
    std::string out;               ///< PNG path
    PixelSize size{1920, 1080};
    std::optional<gis::BBox> bbox;    ///< area to show (display CRS); default: the whole data set
    std::vector<std::string> layers;  ///< only these layers (default: the default visible ones)
    std::optional<Selection> select;
    /// With a bbox, read everything anyway (tests compare the two reads).
    bool read_all = false;
};

/// The part of the data a picture of `bbox` at `size` needs: the box widened to the picture's shape, plus
/// a quarter of it on each side (labels and symbols of features just outside reach in).
gis::BBox picture_read_box(const gis::BBox& bbox, PixelSize size);

/// Renders the request to its PNG. Errors: the data set's, an unknown layer or feature, no display,
/// a PNG that cannot be written.
gis::Result<void> render_png(const RenderRequest& request);

/// Draws the document at `size` into a fresh framebuffer and writes a PNG: the same view as `camera`
/// (scaled to the new size: labels and lines grow with the size ratio).
gis::Result<void> export_png(render::MapScene& scene, const Document& doc, const Camera& camera,
                             PixelSize size, const std::string& path, double north_angle_rad);

/// Writes RGBA pixels (bottom row first, as glReadPixels gives them) as an RGB PNG, atomically.
gis::Result<void> write_png(const std::string& path, int width, int height,
                            const std::vector<unsigned char>& rgba);

/// write_png, then the sidecars that place the picture in GIS tools: `X.pgw` (world file) and
/// `X.png.aux.xml` (the display CRS), for the area `camera` (the export's own, at the PNG's size) shows.
gis::Result<void> write_georeferenced_png(const std::string& path, const Camera& camera, const Document& doc,
                                          const std::vector<unsigned char>& rgba);

/// The extent "fit all" shows: a district's boundary with its bounding streets, else all the data.
gis::BBox home_extent(const Document& doc);
/// Applies --layers and --select to a loaded document.
gis::Result<void> apply_layer_filter(Document& doc, const std::vector<std::string>& layers);
gis::Result<void> apply_selection(Document& doc, const Selection& selection);

}  // namespace app::view
