#pragma once
/// @file
/// A static spatial index over geometries: GEOS STRtree on bounding boxes, refined with prepared
/// geometries for exact answers. Build once (O(n log n)), query many times (O(log n + k)).
/// Queries are safe from several threads once built.

#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

#include "gis/core/geometry.hpp"

namespace gis::index {

class SpatialIndex {
  public:
    /// Indexes `items`; query results are positions into this vector.
    explicit SpatialIndex(std::vector<Geometry> items);
    SpatialIndex(SpatialIndex&&) noexcept;
    SpatialIndex& operator=(SpatialIndex&&) noexcept;
    ~SpatialIndex();

    std::size_t size() const;
    const Geometry& item(std::size_t i) const;

    /// Items whose bounding box intersects `box` (no refinement). Sorted ascending.
    std::vector<std::size_t> query_bbox(const BBox& box) const;
    /// Items that truly intersect `g`. Sorted ascending.
    std::vector<std::size_t> intersecting(const Geometry& g) const;
    /// Items that contain point `p` (polygon items) or touch it. Sorted ascending.
    std::vector<std::size_t> containing(const Point& p) const;
    /// Items within `distance` of `g`. Sorted ascending.
    std::vector<std::size_t> within_distance(const Geometry& g, double distance) const;
    /// The item nearest to `p` (by true distance), if any, and only if within `max_distance`.
    std::optional<std::size_t> nearest(const Point& p, double max_distance = 1e300) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace gis::index
