#pragma once
/// @file
/// Vertex edits of plain geometries (the viewer's sketch tools): move, insert and remove one vertex.
/// Pure functions; PlanSession wraps them as undoable edits.

#include <cstddef>

#include "gis/core/geometry.hpp"
#include "gis/core/result.hpp"

namespace gis::plan {

/// A vertex: `part` is the polygon, line or point index within the geometry; `ring` 0 is a polygon's
/// outer ring and k its hole k-1; `index` the vertex within the ring or line. A closed ring's first and
/// last vertex are one vertex (index 0).
struct VertexRef {
    std::size_t part = 0;
    std::size_t ring = 0;
    std::size_t index = 0;
};

/// `g` with the vertex moved to `to`. BadInput when the vertex does not exist, InvalidGeometry when the
/// result crosses itself.
Result<Geometry> move_vertex(const Geometry& g, const VertexRef& v, const Point& to);
/// `g` with `p` inserted before vertex `v` (index may equal the vertex count to append to a line).
Result<Geometry> insert_vertex(const Geometry& g, const VertexRef& v, const Point& p);
/// `g` without vertex `v`. BadInput when that would leave a ring under 3 corners or a line under 2 points.
Result<Geometry> remove_vertex(const Geometry& g, const VertexRef& v);

}  // namespace gis::plan
