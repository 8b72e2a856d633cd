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

/// One line the graph is built from: a street's centreline, or a kerb connector that joins a lane end to
/// the street it opens onto. `street` indexes District::streets (a connector belongs to its lane).
struct NetworkLine {
    LineString line;
    std::size_t street = 0;
    bool connector = false;
};

/// The lines StreetGraph::build(d) nodes: every street centreline (two points or more), then the kerb
/// connectors (see StreetGraph::build). Modules that weigh edges themselves (gating: widths, fences) node
/// these with the same rules.
std::vector<NetworkLine> network_lines(const district::District& d, double snap_tolerance = 0.5);

/// A route along the network.
struct Path {
    bool found = false;
    double length_m = 0;  ///< infinity when not found
    LineString points;    ///< from the snapped start to the snapped end, along centrelines
};

/// The noded street network. Immutable once built; queries are safe from several threads (each takes
/// its own working arrays from a pool, so no query allocates arrays the size of the graph after the
/// first few).
class StreetGraph {
  public:
    /// Builds the graph from the district's street centrelines (lanes included). Endpoints closer than
    /// `snap_tolerance` metres are merged; crossings split edges; a line end on another line's interior
    /// (a T-junction) splits that line. A lane end that stops at the kerb of a street (within half that
    /// street's width of its centreline) and meets nothing else is joined to the centreline by a short
    /// connector.
    static StreetGraph build(const district::District& d, double snap_tolerance = 0.5);
    /// Builds from plain centrelines (tests, other data sets); the same noding, without kerb connectors.
    static StreetGraph build(const std::vector<LineString>& centrelines, double snap_tolerance = 0.5);

    StreetGraph(StreetGraph&&) noexcept;
    StreetGraph& operator=(StreetGraph&&) noexcept;
    ~StreetGraph();

    std::size_t node_count() const;
    std::size_t edge_count() const;
    /// Shortest path along the network between two points (each snapped to the nearest centreline).
    /// Not found (found = false, length infinity) when they lie on parts that do not connect or the
    /// graph is empty.
    Path shortest_path(const Point& from, const Point& to) const;
    /// Network distance between two points (infinity when not connected).
    double distance(const Point& from, const Point& to) const;

  private:
    struct Impl;
    explicit StreetGraph(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace gis::network
