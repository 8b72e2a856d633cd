#pragma once
/// @file
/// Polygon triangulation for rendering: GEOS constrained Delaunay triangulation of polygons with holes.
/// Pure CPU work, safe to run on a worker thread; the renderer receives plain arrays.

#include <cstdint>
#include <vector>

#include "gis/core/geometry.hpp"

namespace gis::geom {

struct Triangles {
    std::vector<Point> vertices;
    std::vector<std::uint32_t> indices;  ///< three per triangle, into `vertices`
};

/// Triangulates a polygon (holes honoured). Appends to `out` so many polygons can share one buffer.
/// Returns the number of triangles added (0 for a degenerate polygon).
std::size_t triangulate(const Polygon& poly, Triangles& out);

/// Convenience: triangulates every polygon of a geometry.
Triangles triangulate(const Geometry& g);

}  // namespace gis::geom
