#pragma once
/// @file
/// Parsing of the map commands' arguments (--size, --bbox, --layers, --select) and small cartographic
/// helpers (scale bar lengths). GL-free.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/view/core/camera.hpp"
#include "gis/core/geometry.hpp"
#include "gis/core/result.hpp"

namespace app::view {

struct PixelSize {
    int width = 0, height = 0;
    friend bool operator==(const PixelSize&, const PixelSize&) = default;
};
inline constexpr int kMaxImageSide = 8192;

/// "1920x1080" (also "1920X1080", "1920*1080"): each side 16..8192.
gis::Result<PixelSize> parse_size(std::string_view text);
/// "minx,miny,maxx,maxy" in the display CRS; max must exceed min.
gis::Result<gis::BBox> parse_bbox(std::string_view text);
/// "a,b,c": trimmed, empty items dropped.
std::vector<std::string> parse_list(std::string_view text);

struct Selection {
    std::string layer;
    std::int64_t id = 0;  ///< buildings: residential number; other layers: feature id
};
/// "buildings:1".
gis::Result<Selection> parse_selection(std::string_view text);

struct ScaleBar {
    double metres = 0;  ///< a round length: 1, 2 or 5 times a power of ten
    double pixels = 0;
    std::string label;  ///< "200 m", "1 km"
};
/// The longest round length that fits in `max_px` at this scale.
ScaleBar scale_bar(double metres_per_pixel, double max_px);

/// "1:2,500" style scale text, rounded to two significant digits.
std::string scale_text(double denominator);

/// The camera of a picture of `view` at `size` (an export): the same area, more (or fewer) pixels.
Camera export_camera(const Camera& view, PixelSize size);
/// The pixel ratio of that picture: how much larger lines, labels and the map furniture are drawn.
float export_pixel_ratio(const Camera& view, PixelSize size);

/// What a picture drawn by `camera` at `pixel_ratio` shows as its scale: a bar at most `bar_max_px`
/// (screen pixels, times the ratio) long whose length is measured in the picture's own pixels, and the
/// 1:N text for the picture shown at 96 dpi times the ratio.
struct MapScale {
    ScaleBar bar;
    std::string text;
};
MapScale map_scale(const Camera& camera, float pixel_ratio, double bar_max_px);

}  // namespace app::view
