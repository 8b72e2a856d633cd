#pragma once
/// @file
/// Crew routes: the order in which a crew visits a campaign's sites, as an open path (it may start and
/// end at any site), minimising the walk along the street network. Up to `exact_up_to` sites the order is
/// exact (Held-Karp dynamic programme); beyond that, nearest neighbour from up to 24 starts, each improved
/// by 2-opt moves (priced in O(1) on a symmetric matrix) and, up to 60 sites, or-opt moves, until none
/// helps. Network distances need one shortest-path search per pair of sites, so routes are meant for a
/// campaign's few dozen sites, not for a city.

#include <cstddef>
#include <vector>

#include "gis/core/geometry.hpp"

namespace gis::network {
class StreetGraph;
}

namespace gis::plan {

struct RouteOptions {
    std::size_t exact_up_to = 10;  ///< 0 forces the heuristic
};

struct RouteOrder {
    std::vector<std::size_t> order;  ///< site indices in visiting order
    double length = 0;               ///< sum of the matrix distances along the order
    bool exact = false;
};

/// Best visiting order for a distance matrix (dist[i][j], metres; need not be symmetric; infinity where
/// two sites do not connect).
RouteOrder order_sites(const std::vector<std::vector<double>>& dist, const RouteOptions& options = {});
/// Length of an open path through `order`.
double path_length(const std::vector<std::vector<double>>& dist, const std::vector<std::size_t>& order);

struct CrewRoute {
    std::vector<std::size_t> order;  ///< site indices in visiting order
    double length_m = 0;             ///< along the network, from the first site to the last
    LineString line;                 ///< the walk along centrelines
    bool connected = true;           ///< false when some site cannot be reached from the others
};

/// Sites a crew route is worked out for at most: it needs a network search per pair of sites, which is
/// meant for a campaign, not for a whole city's cases (plan cleanup's --max-route-sites, the brief).
inline constexpr int kMaxRouteSites = 200;

/// The crew route through `sites` along `graph` (network distances between every pair of sites).
CrewRoute crew_route(const network::StreetGraph& graph, const std::vector<Point>& sites,
                     const RouteOptions& options = {});

}  // namespace gis::plan
