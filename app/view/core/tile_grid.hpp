#pragma once
/// @file
/// The square tiles a data set is cut into for culling, level of detail and lazy picking indexes.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "gis/core/geometry.hpp"

namespace app::view {

struct TileGrid {
    gis::Point origin;  ///< lower-left corner
    double size = 1000;
    int cols = 1, rows = 1;

    /// A grid over `extent` with tiles of at least `min_size` metres and at most `max_tiles` per side.
    static TileGrid over(const gis::BBox& extent, double min_size = 256, int max_tiles = 64);

    int count() const { return cols * rows; }
    int col_of(double x) const {
        return std::clamp(static_cast<int>(std::floor((x - origin.x) / size)), 0, cols - 1);
    }
    int row_of(double y) const {
        return std::clamp(static_cast<int>(std::floor((y - origin.y) / size)), 0, rows - 1);
    }
    /// The tile holding a point (clamped to the grid).
    int tile_of(const gis::Point& p) const { return row_of(p.y) * cols + col_of(p.x); }
    /// The tile a feature belongs to: the one holding its first vertex. A read of that tile through a
    /// spatial filter always returns the feature (the vertex lies in the tile), which a streamed read of
    /// the tile relies on; the feature's geometry may reach into other tiles.
    int tile_of(const gis::Geometry& g) const {
        if (!g.polygons.empty() && !g.polygons.front().outer.empty())
            return tile_of(g.polygons.front().outer.front());
        if (!g.lines.empty() && !g.lines.front().empty()) return tile_of(g.lines.front().front());
        if (!g.points.empty()) return tile_of(g.points.front());
        return 0;
    }
    gis::BBox bounds(int tile) const {
        const int c = tile % cols, r = tile / cols;
        return {origin.x + c * size, origin.y + r * size, origin.x + (c + 1) * size,
                origin.y + (r + 1) * size};
    }
};

inline TileGrid TileGrid::over(const gis::BBox& extent, double min_size, int max_tiles) {
    TileGrid g;
    if (extent.empty()) return g;
    const double span = std::max(extent.width(), extent.height());
    g.size = std::max(min_size, span / max_tiles);
    g.origin = {extent.minx, extent.miny};
    g.cols = std::max(1, static_cast<int>(std::ceil(extent.width() / g.size)));
    g.rows = std::max(1, static_cast<int>(std::ceil(extent.height() / g.size)));
    return g;
}

}  // namespace app::view
