#pragma once
/// @file
/// Internal to gis/network: turns line strings into a planar graph (nodes and straight edges).
/// Shared by the street graph and the gas network. Candidate pairs come from a uniform grid, so the
/// work is O(n log n + k) in the number of segments n and close pairs k, never O(n^2).

#include <cstdint>
#include <vector>

#include "gis/core/geometry.hpp"

namespace gis::network::detail {

struct NoderOptions {
    /// Points closer than this merge into one node; line ends and extra points closer than this to a
    /// line's interior split that line (T-junctions).
    double snap_tolerance = 0.5;
    /// Split both lines where they cross (streets). Pipes that cross at different depths do not meet,
    /// so the gas network leaves this off.
    bool split_crossings = true;
};

struct NodedEdge {
    std::uint32_t u = 0, v = 0;
    std::uint32_t line = 0;  ///< index of the input line this edge is a piece of
    double length = 0;       ///< distance between the two nodes
};

struct NodedGraph {
    std::vector<Point> nodes;
    std::vector<NodedEdge> edges;
    /// Per extra point: the node it snapped to, or -1 when no line passes within the tolerance.
    std::vector<std::int64_t> point_nodes;
    /// Per input line: the node of its first and last point (-1 for lines with fewer than two points).
    std::vector<std::int64_t> line_start, line_end;
};

/// Nodes `lines` (with `extra_points` such as valves that must become nodes where they lie on a line).
/// Edges of zero length after snapping are dropped; duplicate edges between the same two nodes from the
/// same line are kept once.
NodedGraph node_lines(const std::vector<LineString>& lines, const std::vector<Point>& extra_points,
                      const NoderOptions& options);

/// Compressed adjacency of an undirected graph: for node n, entries [offset[n], offset[n+1]).
struct Adjacency {
    std::vector<std::uint32_t> offset;
    std::vector<std::uint32_t> target;  ///< neighbour node
    std::vector<std::uint32_t> edge;    ///< edge index
};
Adjacency build_adjacency(std::size_t node_count, const std::vector<NodedEdge>& edges);

/// Closest point to `p` on segment a-b and its parameter t in [0, 1].
Point project_on_segment(const Point& p, const Point& a, const Point& b, double* t = nullptr);

}  // namespace gis::network::detail
