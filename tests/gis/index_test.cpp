#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <random>
#include <thread>

#include "gis/geom/ops.hpp"
#include "gis/index/spatial_index.hpp"

namespace gis::index {
namespace {

using Indices = std::vector<std::size_t>;

/// 2000 random items, mostly rectangles, with some triangles, lines, points and one empty geometry.
std::vector<Geometry> random_items(std::uint32_t seed, std::size_t n = 2000) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> pos(0, 1000);
    std::uniform_real_distribution<double> size(0.5, 40);
    std::vector<Geometry> items;
    items.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double x = pos(rng), y = pos(rng), w = size(rng), h = size(rng);
        if (i == 3) {
            items.emplace_back();  // empty: never found
        } else if (i % 23 == 0) {
            items.push_back(Geometry::from(Point{x, y}));
        } else if (i % 17 == 0) {
            items.push_back(Geometry::from(LineString{{x, y}, {x + w, y + h / 3}, {x + w / 2, y + h}}));
        } else if (i % 10 == 0) {
            items.push_back(Geometry::from(Polygon{{{x, y}, {x + w, y}, {x, y + h}, {x, y}}, {}}));
        } else {
            items.push_back(Geometry::from(rect(x, y, x + w, y + h)));
        }
    }
    return items;
}

struct Query {
    BBox box;
    Point point;
    Geometry shape;
    double distance = 0;
};

std::vector<Query> random_queries(std::uint32_t seed, int n = 200) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> pos(-50, 1050);
    std::uniform_real_distribution<double> size(0, 60);
    std::vector<Query> out;
    for (int i = 0; i < n; ++i) {
        Query q;
        const double x = pos(rng), y = pos(rng);
        q.box = BBox{x, y, x + size(rng), y + size(rng)};
        q.point = Point{pos(rng), pos(rng)};
        const double a = pos(rng), b = pos(rng), w = size(rng) + 1, h = size(rng) + 1;
        switch (i % 4) {
            case 0:
                q.shape = Geometry::from(rect(a, b, a + w, b + h));
                break;
            case 1:
                q.shape = Geometry::from(Polygon{{{a, b}, {a + w, b + h / 2}, {a, b + h}, {a, b}}, {}});
                break;
            case 2:
                q.shape = Geometry::from(LineString{{a, b}, {a + w, b + h}});
                break;
            default:
                q.shape = Geometry::from(Point{a, b});
                break;
        }
        q.distance = size(rng) / 2;
        out.push_back(std::move(q));
    }
    return out;
}

Indices brute_bbox(const std::vector<Geometry>& items, const BBox& box) {
    Indices out;
    for (std::size_t i = 0; i < items.size(); ++i)
        if (!items[i].empty() && items[i].bbox().intersects(box)) out.push_back(i);
    return out;
}

Indices brute_intersecting(const std::vector<Geometry>& items, const Geometry& g) {
    Indices out;
    for (std::size_t i = 0; i < items.size(); ++i)
        if (geom::intersects(items[i], g)) out.push_back(i);
    return out;
}

Indices brute_within(const std::vector<Geometry>& items, const Geometry& g, double d) {
    Indices out;
    for (std::size_t i = 0; i < items.size(); ++i)
        if (!items[i].empty() && geom::distance(items[i], g) <= d) out.push_back(i);
    return out;
}

std::optional<std::size_t> brute_nearest(const std::vector<Geometry>& items, const Point& p, double max_d) {
    std::optional<std::size_t> best;
    double best_d = INFINITY;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (items[i].empty()) continue;
        const double d = geom::distance(items[i], Geometry::from(p));
        if (d < best_d) {
            best_d = d;
            best = i;
        }
    }
    if (best && best_d > max_d) return std::nullopt;
    return best;
}

class SpatialIndexTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        items_ = new std::vector<Geometry>(random_items(2024));
        index_ = new SpatialIndex(*items_);
        queries_ = new std::vector<Query>(random_queries(99));
    }
    static void TearDownTestSuite() {
        delete index_;
        delete items_;
        delete queries_;
    }
    static std::vector<Geometry>* items_;
    static SpatialIndex* index_;
    static std::vector<Query>* queries_;
};
std::vector<Geometry>* SpatialIndexTest::items_ = nullptr;
SpatialIndex* SpatialIndexTest::index_ = nullptr;
std::vector<Query>* SpatialIndexTest::queries_ = nullptr;

TEST_F(SpatialIndexTest, SizeAndItems) {
    EXPECT_EQ(index_->size(), 2000u);
    EXPECT_EQ(index_->item(17), (*items_)[17]);
}

TEST_F(SpatialIndexTest, QueryBboxMatchesBruteForce) {
    std::size_t found = 0;
    for (const auto& q : *queries_) {
        const Indices got = index_->query_bbox(q.box);
        EXPECT_EQ(got, brute_bbox(*items_, q.box));
        found += got.size();
    }
    EXPECT_GT(found, 200u);  // the queries do hit things
}

TEST_F(SpatialIndexTest, IntersectingMatchesBruteForce) {
    std::size_t found = 0;
    for (const auto& q : *queries_) {
        const Indices got = index_->intersecting(q.shape);
        EXPECT_EQ(got, brute_intersecting(*items_, q.shape)) << to_wkt(q.shape);
        found += got.size();
    }
    EXPECT_GT(found, 100u);
}

TEST_F(SpatialIndexTest, ContainingMatchesBruteForce) {
    std::size_t found = 0;
    for (const auto& q : *queries_) {
        const Indices got = index_->containing(q.point);
        EXPECT_EQ(got, brute_intersecting(*items_, Geometry::from(q.point)));
        found += got.size();
    }
    EXPECT_GT(found, 20u);
}

TEST_F(SpatialIndexTest, ContainingCountsBoundaryPoints) {
    std::vector<Geometry> items{Geometry::from(rect(0, 0, 10, 10)), Geometry::from(rect(10, 0, 20, 10))};
    const SpatialIndex idx(items);
    EXPECT_EQ(idx.containing({10, 5}), (Indices{0, 1}));
    EXPECT_EQ(idx.containing({5, 5}), (Indices{0}));
    EXPECT_EQ(idx.containing({25, 5}), Indices{});
}

TEST_F(SpatialIndexTest, WithinDistanceMatchesBruteForce) {
    std::size_t found = 0;
    for (const auto& q : *queries_) {
        const Indices got = index_->within_distance(q.shape, q.distance);
        EXPECT_EQ(got, brute_within(*items_, q.shape, q.distance));
        found += got.size();
    }
    EXPECT_GT(found, 200u);
}

TEST_F(SpatialIndexTest, NearestMatchesBruteForce) {
    for (const auto& q : *queries_) {
        EXPECT_EQ(index_->nearest(q.point), brute_nearest(*items_, q.point, 1e300));
        EXPECT_EQ(index_->nearest(q.point, q.distance), brute_nearest(*items_, q.point, q.distance));
    }
}

TEST_F(SpatialIndexTest, NearestPrefersLowestIndexOnTies) {
    std::vector<Geometry> items{Geometry::from(rect(0, 0, 10, 10)), Geometry::from(rect(20, 0, 30, 10)),
                                Geometry::from(rect(0, 0, 10, 10)), Geometry::from(rect(0, 0, 10, 10))};
    const SpatialIndex idx(items);
    EXPECT_EQ(idx.nearest({5, 5}), 0u);
    EXPECT_EQ(idx.nearest({15, 5}), 0u);  // 5 from items 0, 1, 2, 3
    EXPECT_EQ(idx.nearest({25, 5}), 1u);
    EXPECT_EQ(idx.nearest({15, 5}, 4.9), std::nullopt);
    EXPECT_EQ(idx.nearest({15, 5}, 5.0), 0u);
}

TEST(SpatialIndexEdge, EmptyIndexAndEmptyQueries) {
    const SpatialIndex empty(std::vector<Geometry>{});
    EXPECT_EQ(empty.size(), 0u);
    EXPECT_TRUE(empty.query_bbox({0, 0, 1, 1}).empty());
    EXPECT_TRUE(empty.intersecting(Geometry::from(Point{0, 0})).empty());
    EXPECT_EQ(empty.nearest({0, 0}), std::nullopt);

    const SpatialIndex only_empty(std::vector<Geometry>(3));
    EXPECT_EQ(only_empty.size(), 3u);
    EXPECT_TRUE(only_empty.query_bbox({-1e9, -1e9, 1e9, 1e9}).empty());
    EXPECT_EQ(only_empty.nearest({0, 0}), std::nullopt);

    const SpatialIndex idx(std::vector<Geometry>{Geometry::from(rect(0, 0, 1, 1))});
    EXPECT_TRUE(idx.query_bbox(BBox{}).empty());
    EXPECT_TRUE(idx.intersecting(Geometry{}).empty());
    EXPECT_TRUE(idx.within_distance(Geometry{}, 10).empty());
    EXPECT_EQ(idx.query_bbox({0.5, 0.5, 0.5, 0.5}), (Indices{0}));  // a point-sized box
    EXPECT_EQ(idx.query_bbox({1, 1, 1, 1}), (Indices{0}));          // on the corner
}

TEST(SpatialIndexEdge, MovedIndexKeepsWorking) {
    SpatialIndex a(std::vector<Geometry>{Geometry::from(rect(0, 0, 1, 1)), Geometry::from(rect(5, 5, 6, 6))});
    SpatialIndex b = std::move(a);
    EXPECT_EQ(b.containing({5.5, 5.5}), (Indices{1}));
    SpatialIndex c(std::vector<Geometry>{});
    c = std::move(b);
    EXPECT_EQ(c.nearest({4, 4}), 1u);
}

TEST(SpatialIndexThreads, BuiltOnAnEndedThread) {
    std::optional<SpatialIndex> idx;
    std::thread([&] { idx.emplace(random_items(5, 300)); }).join();
    EXPECT_EQ(idx->size(), 300u);
    EXPECT_EQ(idx->intersecting(Geometry::from(rect(-10, -10, 2000, 2000))).size(), 299u);
    idx.reset();
}

TEST(SpatialIndexThreads, ConcurrentQueriesAgree) {
    const std::vector<Geometry> items = random_items(77);
    const SpatialIndex idx(items);
    const std::vector<Query> queries = random_queries(1234, 100);
    struct Answers {
        std::vector<Indices> bbox, inter, within;
        std::vector<std::optional<std::size_t>> nearest;
    };
    auto run = [&] {
        Answers a;
        for (const auto& q : queries) {
            a.bbox.push_back(idx.query_bbox(q.box));
            a.inter.push_back(idx.intersecting(q.shape));
            a.within.push_back(idx.within_distance(q.shape, q.distance));
            a.nearest.push_back(idx.nearest(q.point));
        }
        return a;
    };
    const Answers expected = run();
    std::vector<Answers> got(6);
    std::vector<std::thread> threads;
    for (auto& g : got) threads.emplace_back([&g, &run] { g = run(); });
    for (auto& t : threads) t.join();
    for (const auto& g : got) {
        EXPECT_EQ(g.bbox, expected.bbox);
        EXPECT_EQ(g.inter, expected.inter);
        EXPECT_EQ(g.within, expected.within);
        EXPECT_EQ(g.nearest, expected.nearest);
    }
}

}  // namespace
}  // namespace gis::index
