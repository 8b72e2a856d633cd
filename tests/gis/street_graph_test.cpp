// The street graph: noding at crossings and T-junctions, snapping, Dijkstra against known answers and
// against Floyd-Warshall on random graphs.

#include "gis/network/street_graph.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "gis/district/loader.hpp"

using gis::LineString;
using gis::Point;
using gis::network::StreetGraph;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// Streets x = 0, 10, 20, 30 (y from 0 to 30) and y = 0, 10, 20, 30 (x from 0 to 30): each a single
/// line, so every junction is a crossing the graph must node.
std::vector<LineString> grid4() {
    std::vector<LineString> g;
    for (int i = 0; i < 4; ++i) {
        g.push_back({{10.0 * i, 0}, {10.0 * i, 30}});
        g.push_back({{0, 10.0 * i}, {30, 10.0 * i}});
    }
    return g;
}

void expect_path_consistent(const gis::network::Path& p) {
    ASSERT_TRUE(p.found);
    ASSERT_GE(p.points.size(), 2u);
    EXPECT_NEAR(gis::length_of(p.points), p.length_m, 1e-9);
}

}  // namespace

TEST(StreetGraph, GridCrossingsAreNodedAndShortestPathIsManhattan) {
    auto g = StreetGraph::build(grid4());
    EXPECT_EQ(g.node_count(), 16u);
    EXPECT_EQ(g.edge_count(), 24u);
    auto p = g.shortest_path({0, 0}, {30, 20});
    expect_path_consistent(p);
    EXPECT_NEAR(p.length_m, 50.0, 1e-9);
    EXPECT_EQ(p.points.front(), (Point{0, 0}));
    EXPECT_EQ(p.points.back(), (Point{30, 20}));
    // Every point of the path lies on a grid line.
    for (const auto& q : p.points)
        EXPECT_TRUE(std::fmod(q.x, 10.0) == 0 || std::fmod(q.y, 10.0) == 0) << q.x << "," << q.y;
}

TEST(StreetGraph, PointsOffTheNetworkAreSnappedOntoTheNearestEdge) {
    auto g = StreetGraph::build(grid4());
    // (5, -3) snaps to (5, 0); (25, 14) snaps to (25, 10) (4 m away, nearer than x = 20 or 30).
    auto p = g.shortest_path({5, -3}, {25, 14});
    expect_path_consistent(p);
    EXPECT_EQ(p.points.front(), (Point{5, 0}));
    EXPECT_EQ(p.points.back(), (Point{25, 10}));
    EXPECT_NEAR(p.length_m, 30.0, 1e-9);
    // Both on one edge: the direct run along it.
    EXPECT_NEAR(g.distance({2, 1}, {8, -1}), 6.0, 1e-9);
}

TEST(StreetGraph, TJunctionMidSegmentIsNoded) {
    // A lane ends on the street's centreline between its vertices; another stops 0.3 m short of it.
    std::vector<LineString> lines = {{{0, 0}, {100, 0}}, {{40, 0}, {40, 50}}, {{70, 0.3}, {70, 50}}};
    auto g = StreetGraph::build(lines, 0.5);
    // The joint sits at the lane end, within the tolerance of the centreline.
    EXPECT_NEAR(g.distance({40, 50}, {70, 50}), 50 + 30 + 50, 0.5);
    // With a tighter tolerance the second lane does not reach the street.
    auto tight = StreetGraph::build(lines, 0.1);
    EXPECT_FALSE(tight.shortest_path({40, 50}, {70, 50}).found);
    EXPECT_NEAR(tight.distance({40, 50}, {0, 0}), 90, 1e-9);
}

TEST(StreetGraph, EndpointsWithinToleranceAreMerged) {
    std::vector<LineString> lines = {{{0, 0}, {10, 0}}, {{10.2, 0.1}, {20, 0}}};
    EXPECT_TRUE(StreetGraph::build(lines, 0.5).shortest_path({0, 0}, {20, 0}).found);
    EXPECT_FALSE(StreetGraph::build(lines, 0.1).shortest_path({0, 0}, {20, 0}).found);
}

TEST(StreetGraph, DisconnectedPartsGiveNotFoundAndInfinity) {
    std::vector<LineString> lines = {{{0, 0}, {10, 0}, {10, 10}}, {{100, 0}, {110, 0}}};
    auto g = StreetGraph::build(lines);
    auto p = g.shortest_path({0, 0}, {105, 0});
    EXPECT_FALSE(p.found);
    EXPECT_TRUE(std::isinf(p.length_m));
    EXPECT_TRUE(p.points.empty());
    EXPECT_TRUE(std::isinf(g.distance({0, 0}, {105, 0})));
    EXPECT_NEAR(g.distance({0, 0}, {10, 10}), 20, 1e-9);
    auto empty = StreetGraph::build(std::vector<LineString>{});
    EXPECT_FALSE(empty.shortest_path({0, 0}, {1, 1}).found);
    EXPECT_TRUE(std::isinf(empty.distance({0, 0}, {1, 1})));
}

// Random planar graphs: a jittered lattice with a random subset of lattice edges, drawn as lines of one
// to three edges. Lattice edges never cross, so the graph is exactly the one Floyd-Warshall sees.
class StreetGraphRandom : public ::testing::TestWithParam<unsigned> {};

TEST_P(StreetGraphRandom, EqualsFloydWarshall) {
    constexpr int n = 7;
    std::mt19937 rng(GetParam());
    std::uniform_real_distribution<double> jitter(-2.5, 2.5);
    std::bernoulli_distribution keep(0.55);
    std::vector<Point> pts(n * n);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) pts[i * n + j] = {10.0 * i + jitter(rng), 10.0 * j + jitter(rng)};
    const int N = n * n;
    std::vector<double> d(static_cast<std::size_t>(N * N), kInf);
    for (int k = 0; k < N; ++k) d[k * N + k] = 0;
    std::vector<LineString> lines;
    auto add_edge = [&](int a, int b) {
        const double len = std::hypot(pts[a].x - pts[b].x, pts[a].y - pts[b].y);
        d[a * N + b] = d[b * N + a] = std::min(d[a * N + b], len);
    };
    // Horizontal and vertical runs, cut into lines of 1-3 kept edges.
    for (int dir = 0; dir < 2; ++dir)
        for (int i = 0; i < n; ++i) {
            LineString cur;
            for (int j = 0; j + 1 < n; ++j) {
                int a = dir == 0 ? i * n + j : j * n + i;
                int b = dir == 0 ? i * n + j + 1 : (j + 1) * n + i;
                if (!keep(rng)) {
                    if (cur.size() >= 2) lines.push_back(cur);
                    cur.clear();
                    continue;
                }
                add_edge(a, b);
                if (cur.empty()) cur.push_back(pts[a]);
                cur.push_back(pts[b]);
                if (cur.size() == 4) {
                    lines.push_back(cur);
                    cur = {pts[b]};
                }
            }
            if (cur.size() >= 2) lines.push_back(cur);
        }
    for (int k = 0; k < N; ++k)
        for (int i = 0; i < N; ++i)
            for (int j = 0; j < N; ++j) d[i * N + j] = std::min(d[i * N + j], d[i * N + k] + d[k * N + j]);

    auto g = StreetGraph::build(lines, 0.01);
    // Isolated lattice points are not on the network: only query points that some line touches.
    std::vector<bool> on(N, false);
    for (int a = 0; a < N; ++a)
        for (int b = 0; b < N; ++b)
            if (a != b && std::isfinite(d[a * N + b])) on[a] = true;
    int compared = 0, unreachable = 0;
    for (int a = 0; a < N; ++a)
        for (int b = 0; b < N; ++b) {
            if (!on[a] || !on[b]) continue;
            const double got = g.distance(pts[a], pts[b]);
            const double want = d[a * N + b];
            if (std::isinf(want)) {
                EXPECT_TRUE(std::isinf(got)) << a << "->" << b;
                ++unreachable;
            } else {
                EXPECT_NEAR(got, want, 1e-6) << a << "->" << b;
                auto p = g.shortest_path(pts[a], pts[b]);
                EXPECT_NEAR(gis::length_of(p.points), want, 1e-6);
            }
            ++compared;
        }
    EXPECT_GT(compared, 100);
    (void)unreachable;
}

INSTANTIATE_TEST_SUITE_P(Seeds, StreetGraphRandom, ::testing::Values(1u, 2u, 3u, 4u, 5u, 6u));

TEST(StreetGraph, ShippedDistrictLanesJoinTheStreets) {
    auto d = gis::district::load(NBHD_ASSET_FILE, {false});
    ASSERT_TRUE(d.ok()) << d.error().message;
    auto g = StreetGraph::build(d.value());
    EXPECT_GT(g.edge_count(), d->streets.size());
    // From a compound row lane to the back lane behind Renmin Road: through the compound's main lane,
    // Chonghua Lane (a T-junction on it) and Chonghua North Lane.
    const Point row_lane{100, 62.5};  // the compound's first row lane (local coordinates)
    const Point back_lane{300, 524};
    const gis::BBox box = d->extent();
    auto at = [&](Point local) {
        // Local generator coordinates are relative to the south-west street corner: find it from the
        // streets' own extent (Zhenxing Road x, Jianshe Road y).
        double x0 = box.maxx, y0 = box.maxy;
        for (const auto& s : d->streets) {
            if (s.name_en == "Zhenxing Road") x0 = s.centreline.front().x;
            if (s.name_en == "Jianshe Road") y0 = s.centreline.front().y;
        }
        return Point{x0 + local.x, y0 + local.y};
    };
    auto p = g.shortest_path(at(row_lane), at(back_lane));
    expect_path_consistent(p);
    // 120 m along the row lane, 461.5 m up the main lane and Chonghua North Lane, 80 m along the back lane.
    EXPECT_NEAR(p.length_m, 120 + 461.5 + 80, 1e-6);
}
