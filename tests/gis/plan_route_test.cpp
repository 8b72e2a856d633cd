// Crew routes: the visiting order against brute force over every permutation, on random matrices and on
// a small street network, for the exact and the heuristic search.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "gis/network/street_graph.hpp"
#include "gis/plan/route.hpp"

using namespace gis;
using namespace gis::plan;

namespace {

double brute_force(const std::vector<std::vector<double>>& d) {
    std::vector<std::size_t> order(d.size());
    std::iota(order.begin(), order.end(), 0);
    double best = std::numeric_limits<double>::infinity();
    do {
        best = std::min(best, path_length(d, order));
    } while (std::next_permutation(order.begin(), order.end()));
    return best;
}

bool is_permutation_of_all(std::vector<std::size_t> order, std::size_t n) {
    std::sort(order.begin(), order.end());
    for (std::size_t i = 0; i < order.size(); ++i)
        if (order[i] != i) return false;
    return order.size() == n;
}

/// Streets on a 40 m grid, 0..160 both ways, with one diagonal short cut.
std::vector<LineString> grid_network() {
    std::vector<LineString> lines;
    for (int i = 0; i <= 4; ++i) {
        lines.push_back({{40.0 * i, 0}, {40.0 * i, 160}});
        lines.push_back({{0, 40.0 * i}, {160, 40.0 * i}});
    }
    lines.push_back({{0, 0}, {40, 40}});
    return lines;
}

const std::vector<Point> kSites = {{10, 0}, {160, 130}, {80, 75}, {25, 160}, {120, 40}, {40, 100}, {150, 0}};

}  // namespace

TEST(RouteOrder, ExactEqualsBruteForceOnRandomMatrices) {
    std::mt19937 rng(42);
    std::uniform_real_distribution<double> coord(0, 500);
    for (std::size_t n = 1; n <= 7; ++n)
        for (int trial = 0; trial < 6; ++trial) {
            std::vector<Point> p(n);
            for (auto& q : p) q = {coord(rng), coord(rng)};
            std::vector<std::vector<double>> d(n, std::vector<double>(n));
            for (std::size_t i = 0; i < n; ++i)
                for (std::size_t j = 0; j < n; ++j)
                    d[i][j] = std::abs(p[i].x - p[j].x) + std::abs(p[i].y - p[j].y) + (i < j ? 7.0 : 0.0);
            auto r = order_sites(d);
            ASSERT_TRUE(is_permutation_of_all(r.order, n));
            EXPECT_TRUE(r.exact);
            EXPECT_NEAR(r.length, brute_force(d), 1e-9) << "n " << n << " trial " << trial;
            EXPECT_NEAR(path_length(d, r.order), r.length, 1e-9);
        }
}

TEST(RouteOrder, HeuristicNeverWorseThanNearestNeighbourAndVisitsAll) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> coord(0, 1000);
    std::vector<Point> p(40);
    for (auto& q : p) q = {coord(rng), coord(rng)};
    std::vector<std::vector<double>> d(p.size(), std::vector<double>(p.size()));
    for (std::size_t i = 0; i < p.size(); ++i)
        for (std::size_t j = 0; j < p.size(); ++j) d[i][j] = std::hypot(p[i].x - p[j].x, p[i].y - p[j].y);
    auto r = order_sites(d);
    EXPECT_FALSE(r.exact);
    ASSERT_TRUE(is_permutation_of_all(r.order, p.size()));
    // Nearest neighbour from site 0, written out here independently.
    std::vector<bool> seen(p.size(), false);
    std::vector<std::size_t> nn{0};
    seen[0] = true;
    while (nn.size() < p.size()) {
        std::size_t best = p.size();
        for (std::size_t k = 0; k < p.size(); ++k)
            if (!seen[k] && (best == p.size() || d[nn.back()][k] < d[nn.back()][best])) best = k;
        seen[best] = true;
        nn.push_back(best);
    }
    EXPECT_LT(r.length, path_length(d, nn));
    // A 2-opt optimum in the plane never crosses itself; its length is at least the straight line
    // between the two farthest sites.
    double far = 0;
    for (std::size_t i = 0; i < p.size(); ++i)
        for (std::size_t j = 0; j < p.size(); ++j) far = std::max(far, d[i][j]);
    EXPECT_GE(r.length, far);
}

TEST(CrewRoute, EqualsTheKnownOptimumOnASmallNetwork) {
    auto graph = network::StreetGraph::build(grid_network());
    const std::size_t n = kSites.size();
    std::vector<std::vector<double>> d(n, std::vector<double>(n));
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) d[i][j] = graph.distance(kSites[i], kSites[j]);
    const double optimum = brute_force(d);
    // Exact and heuristic search both find it.
    for (std::size_t exact_up_to : {std::size_t{10}, std::size_t{0}}) {
        SCOPED_TRACE(exact_up_to);
        auto route = crew_route(graph, kSites, {exact_up_to});
        EXPECT_TRUE(route.connected);
        ASSERT_TRUE(is_permutation_of_all(route.order, n));
        EXPECT_NEAR(route.length_m, optimum, 1e-6);
        // The line walks the network from the first site to the last.
        ASSERT_GE(route.line.size(), 2u);
        EXPECT_NEAR(length_of(route.line), route.length_m, 1e-6);
    }
    // A 4-site case worked by hand: along y = 0 from (10,0) to (150,0) via (120,40)'s street corner.
    std::vector<Point> row = {{10, 0}, {150, 0}, {90, 0}, {120, 40}};
    auto r = crew_route(graph, row);
    EXPECT_NEAR(r.length_m, 140 + 30 + 40, 1e-6);  // (10,0) -> (90,0) -> (150,0) -> (120,0) -> (120,40)
}

TEST(CrewRoute, UnreachableSitesAreReported) {
    std::vector<LineString> two = {{{0, 0}, {100, 0}}, {{0, 500}, {100, 500}}};
    auto graph = network::StreetGraph::build(two);
    auto r = crew_route(graph, {{10, 0}, {90, 0}, {50, 500}});
    EXPECT_FALSE(r.connected);
    EXPECT_EQ(r.order.size(), 3u);
    auto ok = crew_route(graph, {{10, 0}, {90, 0}});
    EXPECT_TRUE(ok.connected);
    EXPECT_NEAR(ok.length_m, 80, 1e-9);
    EXPECT_EQ(crew_route(graph, {}).order.size(), 0u);
}
