#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>
#include <string>
#include <thread>

#include "gis/geom/ops.hpp"
#include "gis/geom/triangulate.hpp"

namespace gis::geom {
namespace {

using Type = Geometry::Type;

Geometry square(double minx, double miny, double size) {
    return Geometry::from(rect(minx, miny, minx + size, miny + size));
}

Geometry wkt(const std::string& text) {
    auto r = from_wkt(text);
    EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().message);
    return r.ok() ? std::move(r).value() : Geometry{};
}

// ---------------------------------------------------------------------------------------------------
// Measures and predicates

TEST(GeomMeasures, AreaAndPerimeterOfSquare) {
    const Geometry sq = square(0, 0, 10);
    EXPECT_DOUBLE_EQ(area(sq), 100.0);
    EXPECT_DOUBLE_EQ(length(sq), 40.0);
}

TEST(GeomMeasures, AreaIgnoresRingOrientationAndSubtractsHoles) {
    Polygon p = rect(0, 0, 10, 10);
    std::reverse(p.outer.begin(), p.outer.end());  // clockwise
    p.holes.push_back(rect(2, 2, 6, 6).outer);
    EXPECT_DOUBLE_EQ(area(Geometry::from(p)), 84.0);
    EXPECT_DOUBLE_EQ(length(Geometry::from(p)), 56.0);
}

TEST(GeomMeasures, LineLength) {
    const Geometry l = Geometry::from(LineString{{0, 0}, {3, 4}, {3, 10}});
    EXPECT_DOUBLE_EQ(length(l), 11.0);
    EXPECT_DOUBLE_EQ(area(l), 0.0);
}

TEST(GeomMeasures, UnclosedRingIsClosedForOperations) {
    const Geometry p = Geometry::from(Polygon{{{0, 0}, {10, 0}, {10, 10}, {0, 10}}, {}});
    EXPECT_DOUBLE_EQ(area(p), 100.0);
}

TEST(GeomMeasures, EmptyGeometry) {
    EXPECT_EQ(area(Geometry{}), 0.0);
    EXPECT_EQ(length(Geometry{}), 0.0);
    EXPECT_TRUE(std::isinf(distance(Geometry{}, square(0, 0, 1))));
    EXPECT_FALSE(intersects(Geometry{}, square(0, 0, 1)));
}

TEST(GeomPredicates, DistanceIntersectsContains) {
    const Geometry a = square(0, 0, 10);
    const Geometry b = square(20, 0, 10);
    EXPECT_DOUBLE_EQ(distance(a, b), 10.0);
    EXPECT_FALSE(intersects(a, b));
    EXPECT_DOUBLE_EQ(distance(a, Geometry::from(Point{13, 14})), 5.0);
    EXPECT_TRUE(intersects(a, square(5, 5, 10)));
    EXPECT_TRUE(intersects(a, square(10, 0, 10)));  // shared edge
    EXPECT_TRUE(contains(a, Geometry::from(Point{5, 5})));
    EXPECT_FALSE(contains(a, Geometry::from(Point{10, 5})));  // on the boundary
    EXPECT_TRUE(contains(a, square(1, 1, 2)));
    EXPECT_FALSE(contains(square(1, 1, 2), a));
}

// ---------------------------------------------------------------------------------------------------
// Overlay

TEST(GeomOverlay, TwoOverlappingSquares) {
    const Geometry a = square(0, 0, 10);
    const Geometry b = square(5, 5, 10);
    const Geometry u = unite(a, b);
    EXPECT_EQ(u.type, Type::Polygon);
    EXPECT_DOUBLE_EQ(area(u), 175.0);
    EXPECT_DOUBLE_EQ(length(u), 60.0);
    const Geometry i = intersection(a, b);
    EXPECT_EQ(i.type, Type::Polygon);
    EXPECT_DOUBLE_EQ(area(i), 25.0);
    EXPECT_EQ(i.bbox(), (BBox{5, 5, 10, 10}));
    const Geometry d = difference(a, b);
    EXPECT_EQ(d.type, Type::Polygon);
    EXPECT_DOUBLE_EQ(area(d), 75.0);
    EXPECT_DOUBLE_EQ(overlap_area(a, b), 25.0);
    EXPECT_DOUBLE_EQ(overlap_area(a, square(50, 50, 1)), 0.0);
}

TEST(GeomOverlay, DifferenceMakesHole) {
    const Geometry d = difference(square(0, 0, 10), square(2, 2, 4));
    ASSERT_EQ(d.type, Type::Polygon);
    ASSERT_EQ(d.polygons.size(), 1u);
    EXPECT_EQ(d.polygons[0].holes.size(), 1u);
    EXPECT_DOUBLE_EQ(area(d), 84.0);
}

TEST(GeomOverlay, DisjointIntersectionIsNone) {
    const Geometry i = intersection(square(0, 0, 1), square(5, 5, 1));
    EXPECT_EQ(i.type, Type::None);
    EXPECT_TRUE(i.empty());
    EXPECT_EQ(difference(square(1, 1, 1), square(0, 0, 10)).type, Type::None);
}

TEST(GeomOverlay, TouchingSquaresIntersectInALine) {
    const Geometry i = intersection(square(0, 0, 10), square(10, 0, 10));
    EXPECT_EQ(i.type, Type::LineString);
    EXPECT_DOUBLE_EQ(length(i), 10.0);
}

TEST(GeomOverlay, SplitDifferenceIsMultiPolygon) {
    const Geometry d = difference(square(0, 0, 10), Geometry::from(rect(4, -1, 6, 11)));
    EXPECT_EQ(d.type, Type::MultiPolygon);
    EXPECT_EQ(d.polygons.size(), 2u);
    EXPECT_DOUBLE_EQ(area(d), 80.0);
}

TEST(GeomOverlay, UnaryUnionOfMany) {
    std::vector<Geometry> parts;
    for (int i = 0; i < 3; ++i) parts.push_back(square(10.0 * i, 0, 10));  // a row of touching squares
    parts.push_back(Geometry{});                                           // ignored
    parts.push_back(square(100, 100, 1));                                  // separate
    const Geometry u = unite(parts);
    EXPECT_EQ(u.type, Type::MultiPolygon);
    EXPECT_EQ(u.polygons.size(), 2u);
    EXPECT_DOUBLE_EQ(area(u), 301.0);
    EXPECT_EQ(unite(std::vector<Geometry>{}).type, Type::None);
}

TEST(GeomOverlay, UnaryUnionOfGrid) {
    std::vector<Geometry> parts;
    for (int y = 0; y < 20; ++y)
        for (int x = 0; x < 20; ++x) parts.push_back(square(x * 5.0, y * 5.0, 6));  // overlapping
    const Geometry u = unite(parts);
    EXPECT_EQ(u.type, Type::Polygon);
    EXPECT_NEAR(area(u), 101.0 * 101.0, 1e-6);
}

TEST(GeomOverlay, InvalidInputIsRepairedNotDropped) {
    const Geometry bowtie = wkt("POLYGON((0 0, 10 10, 10 0, 0 10, 0 0))");
    const Geometry u = unite(bowtie, square(20, 20, 1));
    EXPECT_NEAR(area(u), 51.0, 1e-9);
}

// ---------------------------------------------------------------------------------------------------
// Buffers and offsets

TEST(GeomBuffer, PointBufferApproachesCircle) {
    const double r = 10;
    for (int quadsegs : {8, 32}) {
        BufferStyle style;
        style.quadrant_segments = quadsegs;
        const Geometry b = buffer(Geometry::from(Point{100, 200}), r, style);
        ASSERT_EQ(b.type, Type::Polygon);
        const int n = 4 * quadsegs;  // regular n-gon inscribed in the circle
        const double polygon_area = 0.5 * n * r * r * std::sin(2 * std::numbers::pi / n);
        EXPECT_NEAR(area(b), polygon_area, 1e-9 * polygon_area);
        EXPECT_NEAR(area(b), std::numbers::pi * r * r,
                    std::numbers::pi * r * r * (quadsegs == 8 ? 0.007 : 0.0005));
        EXPECT_EQ(b.polygons[0].outer.size(), static_cast<std::size_t>(n + 1));
    }
}

TEST(GeomBuffer, MitredSquareStaysSquare) {
    BufferStyle style;
    style.join = JoinStyle::Mitre;
    const Geometry b = buffer(square(0, 0, 10), 1, style);
    EXPECT_DOUBLE_EQ(area(b), 144.0);
    EXPECT_EQ(b.bbox(), (BBox{-1, -1, 11, 11}));
}

TEST(GeomBuffer, NegativeBufferShrinks) {
    const Geometry b = buffer(square(0, 0, 10), -2);
    EXPECT_DOUBLE_EQ(area(b), 36.0);
    EXPECT_EQ(buffer(square(0, 0, 10), -6).type, Type::None);
}

TEST(GeomBuffer, FlatCapLineBuffer) {
    BufferStyle style;
    style.cap = CapStyle::Flat;
    const Geometry b = buffer(Geometry::from(LineString{{0, 0}, {10, 0}}), 2, style);
    EXPECT_DOUBLE_EQ(area(b), 40.0);
}

TEST(GeomBuffer, SingleSidedBufferIsOnTheLeft) {
    const LineString east{{0, 0}, {10, 0}};
    const Geometry left = single_sided_buffer(east, 2);
    EXPECT_DOUBLE_EQ(area(left), 20.0);
    EXPECT_EQ(left.bbox(), (BBox{0, 0, 10, 2}));
    const Geometry right = single_sided_buffer(east, -2);
    EXPECT_DOUBLE_EQ(area(right), 20.0);
    EXPECT_EQ(right.bbox(), (BBox{0, -2, 10, 0}));
}

TEST(GeomBuffer, OffsetLineKeepsDirection) {
    const LineString l{{0, 0}, {10, 0}, {10, 10}};
    const LineString left = offset_line(l, 1);
    ASSERT_GE(left.size(), 2u);
    EXPECT_EQ(left.front(), (Point{0, 1}));
    EXPECT_EQ(left.back(), (Point{9, 10}));
    EXPECT_DOUBLE_EQ(length_of(left), 18.0);
    const LineString right = offset_line(l, -1);
    ASSERT_GE(right.size(), 2u);
    EXPECT_EQ(right.front(), (Point{0, -1}));
    EXPECT_EQ(right.back(), (Point{11, 10}));
    EXPECT_DOUBLE_EQ(length_of(right), 22.0);
    EXPECT_TRUE(offset_line({}, 1).empty());
}

// ---------------------------------------------------------------------------------------------------
// Validity

TEST(GeomValidity, SquareIsValid) {
    const Validity v = check_validity(square(0, 0, 10));
    EXPECT_TRUE(v.valid);
    EXPECT_TRUE(v.reason.empty());
}

TEST(GeomValidity, BowTieIsInvalidWithReasonAndLocation) {
    const Validity v = check_validity(wkt("POLYGON((0 0, 10 10, 10 0, 0 10, 0 0))"));
    EXPECT_FALSE(v.valid);
    EXPECT_NE(v.reason.find("Self-intersection"), std::string::npos) << v.reason;
    EXPECT_NE(v.reason.find("[5 5]"), std::string::npos) << v.reason;
    EXPECT_EQ(v.location, (Point{5, 5}));
}

TEST(GeomValidity, HoleOutsideShellIsInvalid) {
    Polygon p = rect(0, 0, 10, 10);
    p.holes.push_back(rect(20, 20, 22, 22).outer);
    const Validity v = check_validity(Geometry::from(p));
    EXPECT_FALSE(v.valid);
    EXPECT_NE(v.reason.find("Hole lies outside shell"), std::string::npos) << v.reason;
}

TEST(GeomValidity, StructuralProblems) {
    const Validity few = check_validity(Geometry::from(Polygon{{{0, 0}, {1, 0}, {0, 0}}, {}}));
    EXPECT_FALSE(few.valid);
    EXPECT_NE(few.reason.find("Too few points"), std::string::npos) << few.reason;
    const Validity open = check_validity(Geometry::from(Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}, {}}));
    EXPECT_FALSE(open.valid);
    EXPECT_NE(open.reason.find("not closed"), std::string::npos) << open.reason;
    const Validity line = check_validity(Geometry::from(LineString{{3, 4}}));
    EXPECT_FALSE(line.valid);
    EXPECT_EQ(line.location, (Point{3, 4}));
}

TEST(GeomValidity, MakeValidRepairsBowTie) {
    const Geometry fixed = make_valid(wkt("POLYGON((0 0, 10 10, 10 0, 0 10, 0 0))"));
    EXPECT_EQ(fixed.type, Type::MultiPolygon);
    EXPECT_EQ(fixed.polygons.size(), 2u);
    EXPECT_DOUBLE_EQ(area(fixed), 50.0);
    EXPECT_TRUE(check_validity(fixed).valid);
}

// ---------------------------------------------------------------------------------------------------
// Nearest point

TEST(GeomNearest, ClosestPointOnBoundary) {
    EXPECT_EQ(nearest_point(square(0, 0, 10), Point{15, 5}), (Point{10, 5}));
    EXPECT_EQ(nearest_point(square(0, 0, 10), Point{3, 4}), (Point{3, 4}));  // inside
    EXPECT_EQ(nearest_point(Geometry::from(LineString{{0, 0}, {10, 0}}), Point{-3, 4}), (Point{0, 0}));
    const Point none = nearest_point(Geometry{}, Point{1, 1});
    EXPECT_TRUE(std::isnan(none.x) && std::isnan(none.y));
}

// ---------------------------------------------------------------------------------------------------
// WKT

TEST(GeomWkt, ParsesEveryType) {
    EXPECT_EQ(wkt("POINT (1 2)"), Geometry::from(Point{1, 2}));
    EXPECT_EQ(wkt("LINESTRING (0 0, 1 1)"), Geometry::from(LineString{{0, 0}, {1, 1}}));
    const Geometry p = wkt("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 6, 6 6, 6 2, 2 2))");
    EXPECT_EQ(p.type, Type::Polygon);
    ASSERT_EQ(p.polygons.size(), 1u);
    EXPECT_EQ(p.polygons[0].holes.size(), 1u);
    EXPECT_DOUBLE_EQ(area(p), 84.0);
    EXPECT_EQ(wkt("MULTIPOINT ((1 2), (3 4))").type, Type::MultiPoint);
    EXPECT_EQ(wkt("MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))").lines.size(), 2u);
    const Geometry mp = wkt("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))");
    EXPECT_EQ(mp.type, Type::MultiPolygon);
    EXPECT_EQ(mp.polygons.size(), 1u);
    EXPECT_EQ(wkt("POINT Z (1 2 3)"), Geometry::from(Point{1, 2}));
    EXPECT_EQ(wkt(" point(1 2)\r\n"), Geometry::from(Point{1, 2}));
}

TEST(GeomWkt, CollectionsFlattenToHighestDimension) {
    const Geometry g =
        wkt("GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1), POLYGON ((0 0, 1 0, 1 1, 0 0)))");
    EXPECT_EQ(g.type, Type::Polygon);
    EXPECT_TRUE(g.points.empty());
    EXPECT_TRUE(g.lines.empty());
    EXPECT_EQ(wkt("GEOMETRYCOLLECTION (POINT (1 2), POINT (3 4))").type, Type::MultiPoint);
}

TEST(GeomWkt, EmptyGivesNone) {
    EXPECT_EQ(wkt("POLYGON EMPTY").type, Type::None);
    EXPECT_EQ(wkt("GEOMETRYCOLLECTION EMPTY").type, Type::None);
    EXPECT_EQ(wkt("POINT EMPTY").type, Type::None);
    EXPECT_EQ(wkt("  point z empty \n").type, Type::None);
}

TEST(GeomWkt, RoundTripThroughToWkt) {
    const Geometry g =
        wkt("MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 6, 6 6, 6 2, 2 2)), ((20 20, 21 20, "
            "21 21, 20 20)))");
    EXPECT_EQ(wkt(to_wkt(g)), g);
}

void expect_bad(std::string_view text) {
    auto r = from_wkt(text);
    ASSERT_FALSE(r.ok()) << "accepted: " << std::string(text.substr(0, 100));
    EXPECT_EQ(r.error().code, ErrorCode::BadInput);
    EXPECT_NE(r.error().message.find("WKT"), std::string::npos) << r.error().message;
    EXPECT_LT(r.error().message.size(), 400u) << r.error().message;
}

TEST(GeomWkt, MalformedGivesBadInput) {
    for (const char* text : {"",
                             "   ",
                             "POINT",
                             "POINT (",
                             "POINT (1)",
                             "POINT (1 2",
                             "POINT (a b)",
                             "PONT (1 2)",
                             "LINESTRING (0 0)",
                             "POLYGON ((0 0, 1 1))",
                             "POLYGON ((0 0, 1 0, 1 1, 0 1))",
                             "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0))",
                             ")))(((",
                             "POINT (1e999999 1)",
                             "POINT (nan 1)",
                             "POINT (1 2) junk",
                             "POINT (1 2), POINT (3 4)",
                             "POINT (1 2)))",
                             "POINT EMPTY junk",
                             "EMPTY",
                             "POINT (1 2) (3 4)"}) {
        SCOPED_TRACE(text);
        expect_bad(text);
    }
}

TEST(GeomWkt, MessageQuotesTheInputAndTheReason) {
    auto r = from_wkt("PONT (1 2)");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("\"PONT (1 2)\""), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("PONT"), r.error().message.rfind("PONT"))
        << "GEOS's reason names the token";
}

TEST(GeomWkt, HostileInputDoesNotCrash) {
    expect_bad(std::string(10 * 1024 * 1024, 'x'));
    expect_bad(std::string("POINT (1 2)\0junk", 16));
    expect_bad(std::string("\0\0\0\0", 4));
    std::string nested;
    for (int i = 0; i < 200000; ++i) nested += "GEOMETRYCOLLECTION(";
    expect_bad(nested);
    expect_bad(std::string(1000000, '(') + "POINT(1 2)");
    expect_bad("POINT (" + std::string(1000000, '1') + " 2");
    std::mt19937 rng(42);
    for (int n = 0; n < 200; ++n) {
        std::string junk(static_cast<std::size_t>(rng() % 300), ' ');
        for (auto& c : junk) c = static_cast<char>(rng() % 256);
        junk = "POLYGON((" + junk;
        auto r = from_wkt(junk);
        if (!r.ok()) {
            EXPECT_EQ(r.error().code, ErrorCode::BadInput);
        }
    }
}

TEST(GeomWkt, BinaryJunkIsQuotedPrintably) {
    auto r = from_wkt(std::string("\x01\x02\xff POINT", 9));
    ASSERT_FALSE(r.ok());
    for (char c : r.error().message) {
        const auto u = static_cast<unsigned char>(c);
        EXPECT_TRUE(u >= 0x20 || u == '\n') << static_cast<int>(u);
    }
    EXPECT_NE(r.error().message.find("\\x01"), std::string::npos) << r.error().message;
}

TEST(GeomThreads, OperationsFromSeveralThreads) {
    std::vector<std::thread> threads;
    std::vector<int> failures(4, 0);
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([t, &failures] {
            for (int i = 0; i < 200; ++i) {
                const Geometry a = square(i, t, 10);
                const Geometry b = square(i + 5, t + 5, 10);
                if (area(unite(a, b)) != 175.0) ++failures[t];
                if (from_wkt("POINT (").ok()) ++failures[t];
            }
        });
    }
    for (auto& th : threads) th.join();
    for (int f : failures) EXPECT_EQ(f, 0);
}

// ---------------------------------------------------------------------------------------------------
// Triangulation

double triangles_area(const Triangles& t, std::size_t first_index = 0) {
    double sum = 0;
    for (std::size_t i = first_index; i + 2 < t.indices.size(); i += 3) {
        const Point& a = t.vertices.at(t.indices[i]);
        const Point& b = t.vertices.at(t.indices[i + 1]);
        const Point& c = t.vertices.at(t.indices[i + 2]);
        sum += ((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y)) / 2;
    }
    return sum;
}

bool all_ccw(const Triangles& t) {
    for (std::size_t i = 0; i + 2 < t.indices.size(); i += 3) {
        const Point& a = t.vertices[t.indices[i]];
        const Point& b = t.vertices[t.indices[i + 1]];
        const Point& c = t.vertices[t.indices[i + 2]];
        if ((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y) <= 0) return false;
    }
    return true;
}

TEST(Triangulate, SquareWithSquareHole) {
    Polygon p = rect(0, 0, 10, 10);
    p.holes.push_back(rect(3, 3, 7, 7).outer);
    Triangles t;
    const std::size_t n = triangulate(p, t);
    EXPECT_EQ(n, 8u);  // 8 vertices, one hole: V + 2H - 2 = 8 triangles
    EXPECT_EQ(t.indices.size(), 3 * n);
    EXPECT_EQ(t.vertices.size(), 8u);  // shared, not repeated per triangle
    EXPECT_DOUBLE_EQ(triangles_area(t), 84.0);
    EXPECT_TRUE(all_ccw(t));
    for (auto i : t.indices) EXPECT_LT(i, t.vertices.size());
}

TEST(Triangulate, ClockwiseInputGivesCounterClockwiseTriangles) {
    Polygon p = rect(0, 0, 4, 2);
    std::reverse(p.outer.begin(), p.outer.end());
    Triangles t;
    EXPECT_EQ(triangulate(p, t), 2u);
    EXPECT_TRUE(all_ccw(t));
    EXPECT_DOUBLE_EQ(triangles_area(t), 8.0);
}

TEST(Triangulate, DegeneratePolygonsAddNothing) {
    Triangles t;
    EXPECT_EQ(triangulate(Polygon{}, t), 0u);
    EXPECT_EQ(triangulate(Polygon{{{0, 0}, {1, 1}, {0, 0}}, {}}, t), 0u);
    EXPECT_EQ(triangulate(Polygon{{{0, 0}, {1, 1}, {2, 2}, {0, 0}}, {}}, t), 0u);  // zero area
    EXPECT_TRUE(t.vertices.empty());
    EXPECT_TRUE(t.indices.empty());
}

TEST(Triangulate, AppendsToSharedBuffer) {
    Triangles t;
    EXPECT_EQ(triangulate(rect(0, 0, 1, 1), t), 2u);
    EXPECT_EQ(triangulate(rect(5, 5, 7, 7), t), 2u);
    EXPECT_EQ(t.vertices.size(), 8u);
    EXPECT_EQ(t.indices.size(), 12u);
    EXPECT_DOUBLE_EQ(triangles_area(t, 6), 4.0);
    for (std::size_t i = 6; i < 12; ++i) EXPECT_GE(t.indices[i], 4u);
}

TEST(Triangulate, InvalidPolygonIsRepairedFirst) {
    Triangles t;
    triangulate(wkt("POLYGON((0 0, 10 10, 10 0, 0 10, 0 0))").polygons.at(0), t);
    EXPECT_NEAR(triangles_area(t), 50.0, 1e-9);
    EXPECT_TRUE(all_ccw(t));
}

class TriangulateFixture : public ::testing::TestWithParam<const char*> {};

TEST_P(TriangulateFixture, AreaSumEqualsPolygonArea) {
    const Geometry g = wkt(GetParam());
    const Triangles t = triangulate(g);
    EXPECT_NEAR(triangles_area(t), area(g), 1e-9 * area(g));
    EXPECT_TRUE(all_ccw(t));
    EXPECT_EQ(t.indices.size() % 3, 0u);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, TriangulateFixture,
    ::testing::Values(
        "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (3 3, 7 3, 7 7, 3 7, 3 3))",
        "POLYGON ((0 0, 20 0, 20 5, 5 5, 5 20, 0 20, 0 0))",  // L shape
        "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (1 1, 2 1, 2 2, 1 2, 1 1), (5 5, 8 5, 8 8, 5 8, 5 5))",
        "POLYGON ((0 0, 6 -4, 12 0, 9 1, 12 6, 6 3, 0 6, 3 1, 0 0))",  // star-like, concave
        "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 9 5, 9 9, 5 9, 5 5), (6 6, 8 6, 8 8, 6 8, 6 6)))",
        "POLYGON ((500123.25 3400456.5, 500223.25 3400456.5, 500223.25 3400556.5, 500173.25 3400506.5, "
        "500123.25 3400556.5, 500123.25 3400456.5))"));

TEST(Triangulate, RandomStarPolygons) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> radius(5, 20);
    for (int k = 0; k < 50; ++k) {
        Polygon p;
        const int n = 5 + k % 20;
        for (int i = 0; i < n; ++i) {
            const double a = 2 * std::numbers::pi * i / n;
            const double r = radius(rng);
            p.outer.push_back({1000 + r * std::cos(a), 2000 + r * std::sin(a)});
        }
        p.outer.push_back(p.outer.front());
        Triangles t;
        triangulate(p, t);
        const double expected = std::abs(signed_area(p.outer));
        EXPECT_NEAR(triangles_area(t), expected, 1e-9 * expected);
        EXPECT_TRUE(all_ccw(t));
    }
}

}  // namespace
}  // namespace gis::geom
