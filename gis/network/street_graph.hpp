#pragma once
/// @file
/// The street network as a graph: street and lane centrelines noded at every crossing and junction.
/// Shortest paths (Dijkstra, binary heap) between arbitrary points, which are first snapped onto the
/// nearest centreline. Used for clean-up crew routes and gas renewal auto-routing.

#include <memory>
#include <vector>

#include "gis/core/geometry.hpp"
#include "gis/district/model.hpp"

namespace gis::network {

struct Path {
    bool found = false;
    double length_m = 0;
    LineString points;  ///< from the snapped start to the snapped end, along centrelines
};

class StreetGraph {
  public:
    /// Builds the graph from the district's street centrelines (lanes included). Endpoints closer than
    /// `snap_tolerance` metres are merged; crossings split edges.
    static StreetGraph build(const district::District& d, double snap_tolerance = 0.5);
    /// Builds from plain centrelines (tests, other data sets).
    static StreetGraph build(const std::vector<LineString>& centrelines, double snap_tolerance = 0.5);

    StreetGraph(StreetGraph&&) noexcept;
    StreetGraph& operator=(StreetGraph&&) noexcept;
    ~StreetGraph();

    std::size_t node_count() const;
    std::size_t edge_count() const;
    /// Shortest path along the network between two points (each snapped to the nearest centreline).
    Path shortest_path(const Point& from, const Point& to) const;
    /// Network distance between two points (infinity when not connected).
    double distance(const Point& from, const Point& to) const;

  private:
    struct Impl;
    explicit StreetGraph(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace gis::network
