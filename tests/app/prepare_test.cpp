#include <gtest/gtest.h>

#include <cmath>

#include "app/view/core/prepared_layer.hpp"
#include "view_test_util.hpp"

using namespace app::view;
using view_test::feature;
using view_test::layer;
using view_test::square;

namespace {
double triangles_area(const std::vector<FillVertex>& v, const std::vector<std::uint32_t>& idx) {
    double a = 0;
    for (std::size_t i = 0; i + 2 < idx.size(); i += 3) {
        const auto &p = v[idx[i]], &q = v[idx[i + 1]], &r = v[idx[i + 2]];
        a += std::abs((q.x - p.x) * (r.y - p.y) - (r.x - p.x) * (q.y - p.y)) / 2;
    }
    return a;
}
LayerStyle plain() {
    LayerStyle s = generic_layer_style(gis::io::LayerInfo{}, 0);
    return s;
}
}  // namespace

TEST(Prepare, ConvexRingsAreRecognised) {
    EXPECT_TRUE(is_convex_ring(gis::rect(0, 0, 10, 5).outer));
    EXPECT_TRUE(is_convex_ring({{0, 0}, {4, 0}, {2, 3}, {0, 0}}));
    EXPECT_FALSE(is_convex_ring({{0, 0}, {4, 0}, {4, 4}, {2, 1}, {0, 4}, {0, 0}}));  // a notch
    EXPECT_FALSE(is_convex_ring({{0, 0}, {4, 4}, {4, 0}, {0, 4}, {0, 0}}));          // a bow tie
    EXPECT_FALSE(is_convex_ring({{0, 0}, {1, 1}, {0, 0}}));
}

TEST(Prepare, TriangulationCoversThePolygon) {
    std::vector<FillVertex> v;
    std::vector<std::uint32_t> idx;
    // Convex: a fan of n - 2 triangles.
    triangulate_polygon(gis::rect(100, 200, 110, 205), {100, 200}, 0, v, idx);
    EXPECT_EQ(idx.size(), 6u);
    EXPECT_NEAR(triangles_area(v, idx), 50, 1e-6);
    // Concave with a hole: through GEOS, same area as the polygon.
    gis::Polygon u;
    u.outer = {{0, 0}, {30, 0}, {30, 30}, {20, 30}, {20, 10}, {10, 10}, {10, 30}, {0, 30}, {0, 0}};
    u.holes.push_back({{2, 2}, {2, 4}, {4, 4}, {4, 2}, {2, 2}});
    v.clear();
    idx.clear();
    triangulate_polygon(u, {0, 0}, 0, v, idx);
    EXPECT_NEAR(triangles_area(v, idx), 900 - 200 - 4, 1e-6);
}

TEST(Prepare, CoordinatesAreRelativeToTheOrigin) {
    auto l = layer("a", "Polygon");
    l.features.push_back(feature(1, square(530000, 3400000, 10)));
    const PreparedLayer p = prepare_layer(std::move(l), plain(), {530000, 3400000}, TileGrid{});
    ASSERT_FALSE(p.fill_vertices.empty());
    for (const auto& v : p.fill_vertices) {
        EXPECT_GE(v.x, 0);
        EXPECT_LE(v.x, 10);
        EXPECT_GE(v.y, 0);
        EXPECT_LE(v.y, 10);
    }
    EXPECT_EQ(p.segments.size(), 4u);  // the outline, closed: no line ends
    for (const auto& s : p.segments) EXPECT_EQ(s.flags, 0);
}

TEST(Prepare, LineSegmentsCarryEndsAndDistances) {
    auto l = layer("roads", "LineString");
    l.features.push_back(feature(7, gis::Geometry::from(gis::LineString{{0, 0}, {30, 0}, {30, 40}})));
    const PreparedLayer p = prepare_layer(std::move(l), plain(), {0, 0}, TileGrid{});
    ASSERT_EQ(p.segments.size(), 2u);
    EXPECT_EQ(p.segments[0].flags, kSegmentStartsLine);
    EXPECT_EQ(p.segments[1].flags, kSegmentEndsLine);
    EXPECT_FLOAT_EQ(p.segments[0].dist0, 0);
    EXPECT_FLOAT_EQ(p.segments[1].dist0, 30);
    EXPECT_EQ(p.spans[0].seg_count, 2u);
}

TEST(Prepare, FeaturesAreGroupedByTileAndSortedCoarsestFirst) {
    const TileGrid grid = TileGrid::over({0, 0, 2000, 1000}, 1000);
    ASSERT_EQ(grid.count(), 2);
    auto l = layer("b", "Polygon");
    l.features.push_back(feature(1, square(1500, 100, 2)));   // tile 1, small
    l.features.push_back(feature(2, square(100, 100, 50)));   // tile 0, large
    l.features.push_back(feature(3, square(300, 100, 5)));    // tile 0, small
    l.features.push_back(feature(4, square(1200, 100, 80)));  // tile 1, large
    const PreparedLayer p = prepare_layer(std::move(l), plain(), {0, 0}, grid);
    ASSERT_EQ(p.features.size(), 4u);
    EXPECT_EQ(p.features[0].fid, 2);
    EXPECT_EQ(p.features[1].fid, 3);
    EXPECT_EQ(p.features[2].fid, 4);
    EXPECT_EQ(p.features[3].fid, 1);
    EXPECT_EQ(p.tiles[0].first, 0u);
    EXPECT_EQ(p.tiles[0].count, 2u);
    EXPECT_EQ(p.tiles[1].first, 2u);
    EXPECT_EQ(p.tiles[1].count, 2u);
    // Level of detail: a feature is drawn while a pixel is no larger than the feature.
    EXPECT_NEAR(p.lod[0], std::hypot(50, 50), 1e-3);
    EXPECT_GT(p.lod[2], p.lod[3]);
    // Each feature's primitives follow the previous one's.
    for (std::size_t i = 1; i < p.spans.size(); ++i)
        EXPECT_EQ(p.spans[i].fill_first, p.spans[i - 1].fill_first + p.spans[i - 1].fill_count);
    EXPECT_EQ(p.find_fid(4), std::optional<std::uint32_t>(2));
    EXPECT_FALSE(p.find_fid(99).has_value());
}

TEST(Prepare, LabelsAndTheirCharactersAreCollected) {
    auto l = layer("pois", "Point", {{"name", gis::io::FieldType::String}});
    l.features.push_back(feature(1, gis::Geometry::from(gis::Point{5, 5}), {std::string("吕家巷")}));
    l.features.push_back(feature(2, gis::Geometry::from(gis::Point{6, 6}), {std::string("")}));
    const PreparedLayer p = prepare_layer(std::move(l), plain(), {0, 0}, TileGrid{});
    ASSERT_EQ(p.labels.size(), 1u);
    EXPECT_EQ(p.labels[0].text, "吕家巷");
    EXPECT_EQ(p.labels[0].anchor, (gis::Point{5, 5}));
    EXPECT_NE(std::find(p.label_code_points.begin(), p.label_code_points.end(), U'吕'),
              p.label_code_points.end());
    EXPECT_EQ(p.points.size(), 2u);
}

TEST(Prepare, AreaLabelsSitInsideConcaveShapes) {
    gis::Polygon u;  // a U: its centroid lies in the gap
    u.outer = {{0, 0}, {30, 0}, {30, 30}, {20, 30}, {20, 5}, {10, 5}, {10, 30}, {0, 30}, {0, 0}};
    const gis::Point p = label_point(u);
    EXPECT_TRUE((p.x > 0 && p.x < 10) || (p.x > 20 && p.x < 30) || p.y < 5) << p.x << "," << p.y;
    EXPECT_EQ(label_point(gis::rect(0, 0, 10, 4)), (gis::Point{5, 2}));
}
