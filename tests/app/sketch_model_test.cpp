// The sketch tools' GL-free model: snapping, live measures, the drawn shape and its handles.

#include <gtest/gtest.h>

#include <cmath>

#include "app/view/core/sketch_draft.hpp"
#include "app/view/core/sketch_snap.hpp"
#include "view_test_util.hpp"

using namespace app::view;

namespace {

/// A 10 m square building at the origin and a street centreline along y = 30.
SnapIndex town() {
    std::vector<gis::Geometry> g = {view_test::square(0, 0, 10),
                                    gis::Geometry::from(gis::LineString{{-50, 30}, {50, 30}})};
    return SnapIndex(std::move(g), {101, 102});
}

}  // namespace

TEST(SketchSnap, AVertexWithinToleranceBeatsANearerEdge) {
    const SnapIndex idx = town();
    // 0.6 m from the edge x = 10, 0.78 m from the corner (10, 10): the corner wins.
    const Snap s = idx.snap({10.6, 9.5}, 1.0);
    EXPECT_EQ(s.kind, SnapKind::Vertex);
    EXPECT_DOUBLE_EQ(s.point.x, 10);
    EXPECT_DOUBLE_EQ(s.point.y, 10);
    EXPECT_EQ(s.key, 101);
    EXPECT_NEAR(s.distance, std::hypot(0.6, 0.5), 1e-9);
}

TEST(SketchSnap, AnEdgeSnapsToTheNearestPointOnIt) {
    const SnapIndex idx = town();
    const Snap s = idx.snap({10.6, 5}, 1.0);
    EXPECT_EQ(s.kind, SnapKind::Edge);
    EXPECT_DOUBLE_EQ(s.point.x, 10);
    EXPECT_DOUBLE_EQ(s.point.y, 5);
    const Snap street = idx.snap({7.25, 30.8}, 1.0);
    EXPECT_EQ(street.kind, SnapKind::Edge);
    EXPECT_DOUBLE_EQ(street.point.x, 7.25);
    EXPECT_DOUBLE_EQ(street.point.y, 30);
    EXPECT_EQ(street.key, 102);
}

TEST(SketchSnap, NothingSnapsBeyondTheTolerance) {
    const SnapIndex idx = town();
    const Snap s = idx.snap({11.2, 5}, 1.0);
    EXPECT_EQ(s.kind, SnapKind::None);
    EXPECT_DOUBLE_EQ(s.point.x, 11.2);
    EXPECT_DOUBLE_EQ(s.point.y, 5);
    // Just inside.
    EXPECT_EQ(idx.snap({10.99, 5}, 1.0).kind, SnapKind::Edge);
}

TEST(SketchSnap, PixelToleranceScalesWithTheZoomAndCanBeSwitchedOff) {
    const SnapIndex idx = town();
    SnapSettings on;  // 10 px
    // At 0.1 m per pixel the tolerance is 1 m; at 0.05 m it is 0.5 m.
    EXPECT_EQ(snap_pointer({10.6, 5}, on, 0.1, &idx, nullptr).kind, SnapKind::Edge);
    EXPECT_EQ(snap_pointer({10.6, 5}, on, 0.05, &idx, nullptr).kind, SnapKind::None);
    SnapSettings off;
    off.enabled = false;
    const Snap s = snap_pointer({10.6, 9.5}, off, 0.1, &idx, nullptr);
    EXPECT_EQ(s.kind, SnapKind::None);
    EXPECT_DOUBLE_EQ(s.point.x, 10.6);
}

TEST(SketchSnap, PlanItemsSnapAndTheEditedItemIsLeftOut) {
    const SnapIndex base = town();
    const SnapIndex plan({view_test::square(20, 0, 5)}, {7});
    SnapSettings on;
    const Snap s = snap_pointer({25.3, 5.2}, on, 0.1, &base, &plan);
    EXPECT_EQ(s.kind, SnapKind::Vertex);
    EXPECT_EQ(s.key, 7);
    EXPECT_EQ(snap_pointer({25.3, 5.2}, on, 0.1, &base, &plan, 7).kind, SnapKind::None);
    // A vertex of one index beats an edge of the other.
    EXPECT_EQ(better_snap({SnapKind::Edge, {}, 0.1, 1}, {SnapKind::Vertex, {}, 0.9, 2}).key, 2);
}

TEST(SketchSnap, PicksLinesFirstThenTheSmallestPolygon) {
    std::vector<gis::Geometry> g = {view_test::square(0, 0, 100), view_test::square(10, 10, 20),
                                    gis::Geometry::from(gis::LineString{{0, 15}, {100, 15}})};
    const SnapIndex idx(std::move(g), {1, 2, 3});
    EXPECT_EQ(idx.pick({15, 15.4}, 0.5), 3);
    EXPECT_EQ(idx.pick({15, 20}, 0.5), 2);
    EXPECT_EQ(idx.pick({50, 50}, 0.5), 1);
    EXPECT_FALSE(idx.pick({150, 50}, 0.5).has_value());
}

TEST(SketchDraft, LiveLengthAndAreaOfARectangle) {
    SketchDraft d;
    d.start(SketchShape::Polygon);
    d.add({0, 0});
    d.add({30, 0});
    d.add({30, 20});
    // The pointer is the fourth corner.
    SketchMeasures m = d.measure(gis::Point{0, 20});
    EXPECT_DOUBLE_EQ(m.area_m2, 600);
    EXPECT_DOUBLE_EQ(m.length_m, 100);
    EXPECT_DOUBLE_EQ(m.segment_m, 30);
    // Without the pointer: the triangle.
    m = d.measure();
    EXPECT_DOUBLE_EQ(m.area_m2, 300);
    EXPECT_DOUBLE_EQ(m.length_m, 30 + 20 + std::hypot(30, 20));
}

TEST(SketchDraft, LiveLengthOfALine) {
    SketchDraft d;
    d.start(SketchShape::Line);
    d.add({0, 0});
    d.add({3, 4});
    EXPECT_FALSE(d.add({3, 4}));  // the second click of a double-click
    d.add({3, 10});
    const SketchMeasures m = d.measure(gis::Point{3, 12});
    EXPECT_DOUBLE_EQ(m.length_m, 13);
    EXPECT_DOUBLE_EQ(m.segment_m, 2);
    EXPECT_DOUBLE_EQ(m.area_m2, 0);
    auto g = d.geometry();
    ASSERT_TRUE(g) << g.error().message;
    EXPECT_EQ(g->type, gis::Geometry::Type::LineString);
    EXPECT_EQ(g->lines.at(0).size(), 3u);
}

TEST(SketchDraft, BackspaceAndEscape) {
    SketchDraft d;
    d.start(SketchShape::Polygon);
    d.add({0, 0});
    d.add({1, 0});
    EXPECT_TRUE(d.remove_last());
    EXPECT_EQ(d.points().size(), 1u);
    d.cancel();
    EXPECT_TRUE(d.empty());
    EXPECT_FALSE(d.remove_last());
}

TEST(SketchDraft, ASelfIntersectingPolygonIsRefusedWithAClearMessage) {
    SketchDraft d;
    d.start(SketchShape::Polygon);
    for (gis::Point p : {gis::Point{0, 0}, gis::Point{10, 10}, gis::Point{10, 0}, gis::Point{0, 10}}) d.add(p);
    auto g = d.geometry();
    ASSERT_FALSE(g);
    EXPECT_EQ(g.error().code, gis::ErrorCode::InvalidGeometry);
    EXPECT_NE(g.error().message.find("crosses itself near (5.0, 5.0)"), std::string::npos) << g.error().message;
    EXPECT_EQ(d.points().size(), 4u);  // kept, to be fixed
}

TEST(SketchDraft, TooFewCornersIsBadInput) {
    SketchDraft d;
    d.start(SketchShape::Polygon);
    d.add({0, 0});
    d.add({1, 0});
    auto g = d.geometry();
    ASSERT_FALSE(g);
    EXPECT_EQ(g.error().code, gis::ErrorCode::BadInput);
    d.start(SketchShape::Point);
    d.add({4, 5});
    d.add({6, 7});  // a point keeps the last click
    auto p = d.geometry();
    ASSERT_TRUE(p);
    EXPECT_EQ(p->points, (std::vector<gis::Point>{{6, 7}}));
}

TEST(SketchDraft, ClockwiseDrawingIsStoredCounterClockwise) {
    SketchDraft d;
    d.start(SketchShape::Polygon);
    for (gis::Point p : {gis::Point{0, 0}, gis::Point{0, 10}, gis::Point{10, 10}, gis::Point{10, 0}}) d.add(p);
    auto g = d.geometry();
    ASSERT_TRUE(g);
    EXPECT_GT(gis::signed_area(g->polygons.at(0).outer), 0);
}

TEST(SketchHandles, CornersAndEdgeMidpoints) {
    const gis::Geometry g = view_test::square(0, 0, 10);
    const auto h = vertex_handles(g);
    ASSERT_EQ(h.size(), 8u);
    EXPECT_FALSE(h[0].midpoint);
    EXPECT_TRUE(h[4].midpoint);
    EXPECT_EQ(h[4].ref.index, 1u);  // inserts before corner 1
    EXPECT_DOUBLE_EQ(h[4].at.x, 5);
    EXPECT_DOUBLE_EQ(h[4].at.y, 0);

    Camera cam(200, 200);
    cam.set_center({5, 5});
    cam.set_metres_per_pixel(0.1);  // the square spans 100 px
    // 3 px from corner (10, 0) on screen; the midpoint (5, 0) is 50 px away.
    const gis::Point corner = cam.world_to_screen({10, 0});
    auto hit = hit_handle(h, cam, {corner.x + 3, corner.y}, 8);
    ASSERT_TRUE(hit.has_value());
    EXPECT_FALSE(hit->midpoint);
    EXPECT_DOUBLE_EQ(hit->at.x, 10);
    EXPECT_DOUBLE_EQ(hit->at.y, 0);
    EXPECT_FALSE(hit_handle(h, cam, {corner.x + 9, corner.y}, 8).has_value());
    const gis::Point mid = cam.world_to_screen({5, 10});
    hit = hit_handle(h, cam, mid, 8);
    ASSERT_TRUE(hit.has_value());
    EXPECT_TRUE(hit->midpoint);
}

TEST(SketchHandles, PreviewMovesAndInserts) {
    const gis::Geometry g = view_test::square(0, 0, 10);
    const auto h = vertex_handles(g);
    gis::Geometry moved = preview_edit(g, h[0], {-2, -2});
    EXPECT_EQ(moved.polygons[0].outer.front(), (gis::Point{-2, -2}));
    EXPECT_EQ(moved.polygons[0].outer.back(), (gis::Point{-2, -2}));
    gis::Geometry inserted = preview_edit(g, h[4], {5, -3});
    EXPECT_EQ(inserted.polygons[0].outer.size(), 6u);
    EXPECT_EQ(inserted.polygons[0].outer[1], (gis::Point{5, -3}));
}

TEST(SketchFormat, LengthsAndAreas) {
    EXPECT_EQ(format_length(12.34), "12.3 m");
    EXPECT_EQ(format_length(1234.4), "1,234 m");
    EXPECT_EQ(format_length(12345), "12.35 km");
    EXPECT_EQ(format_area(56.74), "56.7 m²");
    EXPECT_EQ(format_area(12345.6), "12,346 m²");
    EXPECT_EQ(format_area(123456), "12.35 ha");
}

TEST(SketchShapes, KindsTakeTheirShapes) {
    EXPECT_EQ(shape_for_kind("hardening"), SketchShape::Polygon);
    EXPECT_EQ(shape_for_kind("gas_pipe"), SketchShape::Line);
    EXPECT_EQ(shape_for_kind("gate"), SketchShape::Point);
    EXPECT_TRUE(kind_accepts("cleanup", SketchShape::Point));
    EXPECT_FALSE(kind_accepts("hardening", SketchShape::Line));
    EXPECT_FALSE(kind_accepts("nonsense", SketchShape::Polygon));
}
