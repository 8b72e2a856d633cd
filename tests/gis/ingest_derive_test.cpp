// What the importer derives from geometry: slab shape, 单元 and entrance side, entrances, forecourts,
// street surfaces, the boundary, and the gas network's junctions, valves and service links. The last test
// derives them for the shipped sample and compares with what its generator stored.

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "gis/district/loader.hpp"
#include "gis/geom/ops.hpp"
#include "gis/ingest/derive.hpp"

using namespace gis;
using namespace gis::ingest;

namespace {

constexpr double kPi = 3.14159265358979323846;
const Point kOrigin{530000.0, 3400000.0};  // projected coordinates are large: test with them

/// A length × depth rectangle centred on `c`, long axis `deg` counter-clockwise from east.
Polygon rotated_rect(Point c, double length, double depth, double deg) {
    const double a = deg * kPi / 180, ux = std::cos(a), uy = std::sin(a);
    Ring r;
    const int corners[][2] = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}, {-1, -1}};
    for (const auto& [s, t] : corners)
        r.push_back(
            {c.x + s * length / 2 * ux - t * depth / 2 * uy, c.y + s * length / 2 * uy + t * depth / 2 * ux});
    return {r, {}};
}

Polygon box(double x0, double y0, double x1, double y1) {
    return rect(kOrigin.x + x0, kOrigin.y + y0, kOrigin.x + x1, kOrigin.y + y1);
}
Point at(double x, double y) { return {kOrigin.x + x, kOrigin.y + y}; }

district::Street street(const char* cls, Point a, Point b, double width = 6, std::int64_t fid = 1) {
    district::Street s;
    s.fid = fid;
    s.name = "test";
    s.street_class = cls;
    s.width_m = width;
    s.centreline = {a, b};
    return s;
}

district::Building slab(Polygon footprint, int entrances, char side, std::int64_t fid = 1, int number = 1) {
    district::Building b;
    b.fid = fid;
    b.number = number;
    b.kind = district::BuildingKind::Residential;
    b.floors = 6;
    b.entrances = entrances;
    b.flats_per_floor = kDefaultFlatsPerFloor;
    b.entrance_side = side;
    b.footprint = std::move(footprint);
    return b;
}

district::GasPipe pipe(const char* kind, LineString line, std::int64_t fid) {
    district::GasPipe p;
    p.fid = fid;
    p.kind = kind;
    p.diameter_mm = 100;
    p.line = std::move(line);
    return p;
}

double area_of(const Polygon& p) { return geom::area(Geometry::from(p)); }

}  // namespace

TEST(IngestDerive, SlabShapeOfRotatedRectangles) {
    for (double deg : {0.0, 12.5, 30.0, 45.0, 90.0, 120.0, 170.0}) {
        SCOPED_TRACE(deg);
        const Point c = at(100, 200);
        const SlabShape s = slab_shape(rotated_rect(c, 37, 12, deg));
        EXPECT_NEAR(s.length_m, 37, 1e-6);
        EXPECT_NEAR(s.depth_m, 12, 1e-6);
        EXPECT_NEAR(s.axis_deg, deg, 1e-6);
        EXPECT_NEAR(s.centre.x, c.x, 1e-6);
        EXPECT_NEAR(s.centre.y, c.y, 1e-6);
    }
    // A north-south slab drawn clockwise, with an extra point on a wall: still 49 × 12, axis 90°.
    Polygon ns{{at(0, 0), at(0, 20), at(0, 49), at(12, 49), at(12, 0), at(0, 0)}, {}};
    const SlabShape s = slab_shape(ns);
    EXPECT_NEAR(s.length_m, 49, 1e-9);
    EXPECT_NEAR(s.depth_m, 12, 1e-9);
    EXPECT_NEAR(s.axis_deg, 90, 1e-9);
    EXPECT_EQ(slab_shape(Polygon{}).length_m, 0);
}

TEST(IngestDerive, EntrancesFromLengthTable) {
    const std::pair<double, int> table[] = {{25, 1}, {37, 2}, {49, 3}, {60, 4}, {26, 1}, {13, 1},
                                            {30, 1}, {31, 2}, {42, 2}, {44, 3}, {90, 4}, {0, 0}};
    for (auto [length, expected] : table) EXPECT_EQ(entrances_from_length(length), expected) << length;
}

TEST(IngestDerive, EntranceSideIsNorthUnlessTheSlabFrontsAMainRoad) {
    const Polygon ew = box(0, 0, 37, 12);
    EXPECT_EQ(entrance_side(ew, {}), 'N');
    // A row with a main road behind it (south): still reached from the north.
    EXPECT_EQ(entrance_side(ew, {street("primary", at(-50, -20), at(100, -20), 36)}), 'N');
    EXPECT_EQ(entrance_side(ew, {street("secondary", at(-50, -16), at(100, -16), 22)}), 'N');
    // A row of an estate: its lane 8.5 m north, the next row's lane 16.5 m south.
    EXPECT_EQ(entrance_side(ew, {street("lane", at(-10, 20.5), at(50, 20.5)),
                                 street("lane", at(-10, -16.5), at(50, -16.5))}),
              'N');
    // A street-front block: the primary road 22.43 m north (shops face it), the back lane 13 m south.
    EXPECT_EQ(entrance_side(ew, {street("primary", at(-50, 34.43), at(100, 34.43), 36),
                                 street("lane", at(-10, -13), at(50, -13))}),
              'S');
    EXPECT_EQ(entrance_side(ew, {street("secondary", at(-50, 40), at(100, 40), 22)}), 'S');
    // A main road farther than 30 m in front, a local street in front, or a road beyond the slab's ends:
    // the default.
    EXPECT_EQ(entrance_side(ew, {street("primary", at(-50, 50), at(100, 50), 36)}), 'N');
    EXPECT_EQ(entrance_side(ew, {street("local", at(-50, 20), at(100, 20), 14)}), 'N');
    EXPECT_EQ(entrance_side(ew, {street("primary", at(40, 20), at(90, 20), 36)}), 'N');
    // North-south slabs: 'E' unless a main road runs along the east side.
    const Polygon ns = box(0, 0, 12, 37);
    EXPECT_EQ(entrance_side(ns, {}), 'E');
    EXPECT_EQ(entrance_side(ns, {street("secondary", at(-20, -50), at(-20, 100), 22)}), 'E');
    EXPECT_EQ(entrance_side(ns, {street("secondary", at(30, -50), at(30, 100), 22)}), 'W');
}

TEST(IngestDerive, EntrancesCentredInEachUnitOnTheWall) {
    auto b = slab(box(100, 200, 149, 212), 3, 'N', 7, 12);
    auto es = derive_entrances(b);
    ASSERT_EQ(es.size(), 3u);
    for (int k = 0; k < 3; ++k) {
        EXPECT_EQ(es[k].building_fid, 7);
        EXPECT_EQ(es[k].building_number, 12);
        EXPECT_EQ(es[k].number, k + 1);
        EXPECT_EQ(es[k].side, 'N');
        EXPECT_NEAR(es[k].location.x, kOrigin.x + 100 + 49 * (2 * k + 1) / 6.0, 1e-6);
        EXPECT_NEAR(es[k].location.y, kOrigin.y + 212, 1e-6);
    }
    b.entrance_side = 'S';
    es = derive_entrances(b, 0.5);
    ASSERT_EQ(es.size(), 3u);
    EXPECT_NEAR(es[0].location.x, kOrigin.x + 100 + 49 / 6.0, 1e-6);
    EXPECT_NEAR(es[0].location.y, kOrigin.y + 200 - 0.5, 1e-6);
    // A north-south slab with its entrances east: numbered from south to north.
    auto ns = slab(box(0, 0, 12, 50), 2, 'E');
    es = derive_entrances(ns);
    ASSERT_EQ(es.size(), 2u);
    EXPECT_NEAR(es[0].location.x, kOrigin.x + 12, 1e-6);
    EXPECT_NEAR(es[0].location.y, kOrigin.y + 12.5, 1e-6);
    EXPECT_NEAR(es[1].location.y, kOrigin.y + 37.5, 1e-6);
    // A slab at 30°: the points lie on the north-facing long wall, west to east.
    const Point c = at(0, 0);
    auto rot = slab(rotated_rect(c, 37, 12, 30), 2, 'N');
    es = derive_entrances(rot);
    ASSERT_EQ(es.size(), 2u);
    const double a = 30 * kPi / 180;
    for (int k = 0; k < 2; ++k) {
        const double s = -37 / 2.0 + 37 * (2 * k + 1) / 4.0;
        EXPECT_NEAR(es[k].location.x, c.x + s * std::cos(a) - 6 * std::sin(a), 1e-6);
        EXPECT_NEAR(es[k].location.y, c.y + s * std::sin(a) + 6 * std::cos(a), 1e-6);
    }
    EXPECT_LT(es[0].location.x, es[1].location.x);
    // An L-shaped footprint: the point comes onto the wall that faces north, not the rectangle's side.
    Polygon ell{{at(0, 0), at(40, 0), at(40, 12), at(20, 12), at(20, 10), at(0, 10), at(0, 0)}, {}};
    es = derive_entrances(slab(ell, 2, 'N'));
    ASSERT_EQ(es.size(), 2u);
    EXPECT_NEAR(es[0].location.y, kOrigin.y + 10, 1e-6);
    EXPECT_NEAR(es[1].location.y, kOrigin.y + 12, 1e-6);
    EXPECT_TRUE(derive_entrances(slab(box(0, 0, 37, 12), 0, 'N')).empty());
}

TEST(IngestDerive, ForecourtIsLengthByDepthAndStaysOffOtherBuildings) {
    std::vector<district::Building> bs = {slab(box(0, 0, 37, 12), 2, 'N', 1, 1),
                                          slab(box(0, 100, 25, 112), 1, 'S', 2, 2)};
    bs[1].in_compound = true;
    district::Building shed;
    shed.fid = 3;
    shed.kind = district::BuildingKind::Ancillary;
    shed.footprint = box(10, 14, 20, 30);  // reaches 4 m into the first slab's forecourt
    bs.push_back(shed);
    auto fcs = derive_forecourts(bs);
    ASSERT_EQ(fcs.size(), 2u);
    EXPECT_EQ(fcs[0].building_number, 1);
    EXPECT_EQ(fcs[0].side, 'N');
    EXPECT_EQ(fcs[0].depth_m, kDefaultForecourtDepthM);
    EXPECT_EQ(fcs[0].surface, "concrete");
    EXPECT_NEAR(area_of(fcs[0].polygon), 37 * 6 - 10 * 4, 1e-6);
    EXPECT_NEAR(geom::overlap_area(Geometry::from(fcs[0].polygon), Geometry::from(shed.footprint)), 0, 1e-9);
    EXPECT_NEAR(geom::overlap_area(Geometry::from(fcs[0].polygon), Geometry::from(bs[0].footprint)), 0, 1e-9);
    EXPECT_EQ(fcs[1].building_number, 2);
    EXPECT_EQ(fcs[1].side, 'S');
    EXPECT_EQ(fcs[1].surface, "unpaved");
    EXPECT_TRUE(fcs[1].in_compound);
    EXPECT_NEAR(area_of(fcs[1].polygon), 25 * 6, 1e-6);
    EXPECT_NEAR(bbox_of(fcs[1].polygon).miny, kOrigin.y + 94, 1e-9);
    // Without the shed, the full strip; a surface when told.
    bs.pop_back();
    fcs = derive_forecourts(bs, 8, "asphalt");
    ASSERT_EQ(fcs.size(), 2u);
    EXPECT_NEAR(area_of(fcs[0].polygon), 37 * 8, 1e-6);
    EXPECT_EQ(fcs[0].surface, "asphalt");
}

TEST(IngestDerive, StreetSurfaceIsLengthByWidth) {
    std::vector<district::Street> ss = {street("local", at(0, 0), at(100, 0), 14, 4),
                                        street("lane", at(0, 50), at(30, 90), 5, 5),
                                        street("primary", at(0, 0), at(0, 10), 0, 6)};
    ss[1].in_compound = true;
    auto out = derive_street_surfaces(ss);
    ASSERT_EQ(out.size(), 2u);  // no width, no surface
    EXPECT_EQ(out[0].street_id, 4);
    EXPECT_EQ(out[0].street_class, "local");
    EXPECT_EQ(out[0].surface, "asphalt");
    EXPECT_NEAR(area_of(out[0].polygon), 100 * 14, 1e-6);
    const BBox b = bbox_of(out[0].polygon);
    EXPECT_NEAR(b.minx, kOrigin.x, 1e-6);
    EXPECT_NEAR(b.maxx, kOrigin.x + 100, 1e-6);
    EXPECT_NEAR(b.miny, kOrigin.y - 7, 1e-6);
    EXPECT_EQ(out[1].street_id, 5);
    EXPECT_EQ(out[1].surface, "unpaved");
    EXPECT_TRUE(out[1].in_compound);
    EXPECT_NEAR(area_of(out[1].polygon), 50 * 5, 1e-6);
    EXPECT_EQ(default_surface("secondary", true), "asphalt");
    EXPECT_EQ(default_surface("lane", false), "concrete");
}

TEST(IngestDerive, StreetSurfacesMeetWithoutOverlapping) {
    // A primary road east-west; a lane crossing it; a local street ending on the lane (a T: the lane runs
    // through); a local street drawn on 30 m past the district's south edge.
    std::vector<district::Street> ss = {
        street("primary", at(-50, 0), at(150, 0), 36, 1), street("lane", at(50, -40), at(50, 60), 6, 2),
        street("local", at(50, 40), at(120, 40), 14, 3), street("local", at(130, -30), at(130, 100), 14, 4)};
    const Polygon district_area = box(-50, -5, 150, 100);
    auto out = derive_street_surfaces(ss, district_area);
    std::map<std::int64_t, std::vector<Polygon>> by_street;
    for (const auto& s : out) by_street[s.street_id].push_back(s.polygon);
    ASSERT_EQ(by_street[1].size(), 1u);
    EXPECT_NEAR(area_of(by_street[1][0]), 200 * 36, 1e-6);
    // The lane gives way to the primary road: it stops at the road's kerb (its piece south of the road,
    // outside the district, is left out).
    ASSERT_EQ(by_street[2].size(), 1u);
    EXPECT_NEAR(area_of(by_street[2][0]), 42 * 6, 1e-6);
    EXPECT_NEAR(bbox_of(by_street[2][0]).miny, kOrigin.y + 18, 1e-6);
    // The local street ends on the lane: it stops at the lane's edge; the lane keeps the junction.
    ASSERT_EQ(by_street[3].size(), 1u);
    EXPECT_NEAR(area_of(by_street[3][0]), 67 * 14, 1e-6);
    EXPECT_NEAR(bbox_of(by_street[3][0]).minx, kOrigin.x + 53, 1e-6);
    // The street past the edge: its stub south of the primary road lies outside the district.
    ASSERT_EQ(by_street[4].size(), 1u);
    EXPECT_NEAR(area_of(by_street[4][0]), (100 - 18) * 14, 1e-6);
    // No two overlap.
    for (std::size_t i = 0; i < out.size(); ++i)
        for (std::size_t j = i + 1; j < out.size(); ++j)
            EXPECT_LT(geom::overlap_area(Geometry::from(out[i].polygon), Geometry::from(out[j].polygon)),
                      1e-6);
    // Without a boundary the pieces beyond the road stay: one each side of it.
    out = derive_street_surfaces(ss);
    by_street.clear();
    for (const auto& s : out) by_street[s.street_id].push_back(s.polygon);
    ASSERT_EQ(by_street[2].size(), 2u);
    EXPECT_NEAR(area_of(by_street[2][0]) + area_of(by_street[2][1]), (22 + 42) * 6, 1e-6);
    EXPECT_EQ(by_street[4].size(), 2u);
}

TEST(IngestDerive, BoundaryFromStreetsAroundTheBuildings) {
    // Four streets running on past the corners, a dead-end lane and a lane across one corner.
    std::vector<district::Street> ss = {
        street("primary", at(-30, 200), at(230, 200)), street("secondary", at(-30, 0), at(230, 0)),
        street("secondary", at(0, -30), at(0, 230)),   street("local", at(200, -30), at(200, 230)),
        street("lane", at(100, 0), at(100, 80)),       street("lane", at(150, 200), at(200, 150)),
    };
    std::vector<district::Building> bs = {slab(box(20, 20, 57, 32), 2, 'N'),
                                          slab(box(120, 100, 169, 112), 3, 'N')};
    auto d = derive_boundary(bs, ss);
    EXPECT_EQ(d.rule, "streets");
    EXPECT_NEAR(area_of(d.polygon), 200 * 200 - 50 * 50 / 2.0, 1.0);  // the corner block holds no building
    // A building in the corner block: the whole square.
    bs.push_back(slab(box(185, 188, 195, 195), 1, 'N'));
    d = derive_boundary(bs, ss);
    EXPECT_EQ(d.rule, "streets");
    EXPECT_NEAR(area_of(d.polygon), 200 * 200, 1.0);
    EXPECT_TRUE(d.polygon.holes.empty());
    // Two blocks joined by a lane (a bridge between two rings of streets): the block with the buildings.
    std::vector<district::Street> two = ss;
    for (auto [a, b] : {std::pair{at(300, 0), at(400, 0)},
                        {at(400, 0), at(400, 100)},
                        {at(400, 100), at(300, 100)},
                        {at(300, 100), at(300, 0)},
                        {at(200, 50), at(300, 50)}})
        two.push_back(street("lane", a, b));
    d = derive_boundary(bs, two);
    EXPECT_EQ(d.rule, "streets");
    EXPECT_NEAR(area_of(d.polygon), 200 * 200, 1.0);
    // Buildings in both: the blocks do not join into one area, so the hull.
    bs.push_back(slab(box(320, 20, 357, 32), 2, 'N'));
    EXPECT_EQ(derive_boundary(bs, two).rule, "hull");
    bs.pop_back();
    // A ring road inside the square, joined to the square's side by one lane (a bridge), a building
    // inside the ring: still the whole square, with nothing cut out.
    std::vector<district::Street> ring = ss;
    for (auto [a, b] : {std::pair{at(60, 60), at(100, 60)},
                        {at(100, 60), at(100, 90)},
                        {at(100, 90), at(60, 90)},
                        {at(60, 90), at(60, 60)},
                        {at(0, 75), at(60, 75)}})
        ring.push_back(street("lane", a, b));
    bs.push_back(slab(box(70, 70, 95, 82), 1, 'N'));
    d = derive_boundary(bs, ring);
    EXPECT_EQ(d.rule, "streets");
    EXPECT_NEAR(area_of(d.polygon), 200 * 200, 1.0);
    EXPECT_TRUE(d.polygon.holes.empty());
    bs.pop_back();
    // A building outside every block: the hull.
    bs.push_back(slab(box(300, 0, 337, 12), 2, 'N'));
    EXPECT_EQ(derive_boundary(bs, ss).rule, "hull");
}

TEST(IngestDerive, BoundaryHullAroundScatteredBuildings) {
    std::vector<district::Building> bs = {slab(box(0, 0, 37, 12), 2, 'N'), slab(box(100, 0, 137, 12), 2, 'N'),
                                          slab(box(50, 80, 75, 92), 1, 'N')};
    // Streets that close no ring around them.
    auto d = derive_boundary(bs, {street("lane", at(-10, 40), at(150, 40))});
    EXPECT_EQ(d.rule, "hull");
    // The hull: (0,0) (137,0) (137,12) (75,92) (50,92) (0,12); widened by 10 m.
    const Ring hull{at(0, 0), at(137, 0), at(137, 12), at(75, 92), at(50, 92), at(0, 12), at(0, 0)};
    const double a = signed_area(hull), perimeter = length_of(hull);
    EXPECT_NEAR(area_of(d.polygon), a + perimeter * 10 + kPi * 100, 5.0);
    EXPECT_TRUE(geom::contains(Geometry::from(d.polygon), Geometry::from(bs[2].footprint)));
}

TEST(IngestDerive, NodingSplitsAPipeAtATJunction) {
    std::vector<district::GasPipe> ps = {pipe("main", {at(0, 0), at(100, 0)}, 1),
                                         pipe("main", {at(40, 0), at(40, 30)}, 2)};
    ps[0].material = "cast_iron";
    EXPECT_EQ(node_gas_pipes(ps), 1);
    ASSERT_EQ(ps.size(), 3u);
    EXPECT_EQ(ps[0].fid, 1);
    EXPECT_EQ(ps[2].fid, -1);
    EXPECT_EQ(ps[2].material, "cast_iron");
    EXPECT_EQ(ps[0].line.back(), at(40, 0));
    EXPECT_EQ(ps[2].line.front(), at(40, 0));
    const double total = length_of(ps[0].line) + length_of(ps[2].line);
    EXPECT_NEAR(total / 100, 1, 1e-9);
    EXPECT_NEAR(length_of(ps[0].line), 40, 1e-9);
    EXPECT_NEAR(length_of(ps[1].line) / 30, 1, 1e-9);
    // Noding again changes nothing.
    EXPECT_EQ(node_gas_pipes(ps), 0);
    EXPECT_EQ(ps.size(), 3u);
}

TEST(IngestDerive, NodingJoinsShortEndsAndLeavesCrossingsAlone) {
    // A stem drawn 0.3 m short of a bent main, on its second leg; a second stem from the other side at
    // (almost) the same point; a pipe that crosses the main without ending on it.
    std::vector<district::GasPipe> ps = {
        pipe("main", {at(0, 0), at(50, 0), at(50, 60)}, 1), pipe("service", {at(80, 30), at(50.3, 30)}, 2),
        pipe("service", {at(20, 30.1), at(49.8, 30.1)}, 3), pipe("main", {at(40, -10), at(40, 10)}, 4)};
    EXPECT_EQ(node_gas_pipes(ps), 1);
    ASSERT_EQ(ps.size(), 5u);
    EXPECT_EQ(ps[0].line, (LineString{at(0, 0), at(50, 0), at(50, 30)}));
    EXPECT_EQ(ps[4].line, (LineString{at(50, 30), at(50, 60)}));
    EXPECT_EQ(ps[1].line.back(), at(50, 30));
    EXPECT_EQ(ps[2].line.back(), at(50, 30));
    EXPECT_EQ(ps[3].line.size(), 2u);
    // An end at another pipe's end is a node already.
    std::vector<district::GasPipe> joined = {pipe("main", {at(0, 0), at(10, 0)}, 1),
                                             pipe("main", {at(10.2, 0), at(20, 0)}, 2)};
    EXPECT_EQ(node_gas_pipes(joined), 0);
}

TEST(IngestDerive, ValvesSnapOntoTheNearestPipe) {
    std::vector<district::GasPipe> ps = {pipe("main", {at(0, 0), at(100, 0)}, 1),
                                         pipe("main", {at(0, 3), at(100, 3)}, 2)};
    std::vector<district::GasValve> vs(4);
    vs[0].location = at(50, 1);   // 1 m from the first pipe, 2 m from the second
    vs[1].location = at(20, 0);   // on the first pipe
    vs[2].location = at(50, -5);  // 5 m off
    vs[3].location = at(101, 3);  // 1 m past the second pipe's end
    auto r = snap_valves(vs, ps);
    EXPECT_EQ(r.snapped, 2);
    EXPECT_EQ(r.off_network, 1);
    EXPECT_EQ(vs[0].location, at(50, 0));
    EXPECT_EQ(vs[1].location, at(20, 0));
    EXPECT_EQ(vs[2].location, at(50, -5));
    EXPECT_EQ(vs[3].location, at(100, 3));
}

TEST(IngestDerive, ServicePipesReachTheDoorTheyServe) {
    std::vector<district::Building> bs = {slab(box(0, 0, 37, 12), 2, 'N', 7, 12)};
    auto es = derive_entrances(bs[0]);
    std::vector<district::GasPipe> ps = {
        pipe("service", {at(27.75, 21.5), at(27.75, 12.5)}, 1),  // to entrance 2, drawn to 0.5 m off the wall
        pipe("service", {at(9.25, 12), at(9.25, 21.5)}, 2),      // drawn from the door outwards
        pipe("service", {at(60, 21.5), at(60, 12)}, 3),          // nowhere near a door
        pipe("main", {at(0, 21.5), at(37, 21.5)}, 4),
        pipe("service", {at(18.5, 21.5), at(18.5, 13)}, 5),  // to the wall mid-slab, building and door given
    };
    ps[1].building_fid = 99;  // a building with no doors: left alone
    ps[1].entrance = 5;
    ps[4].building_fid = 7;
    ps[4].building_number = 12;
    ps[4].entrance = 1;
    const auto doors = es;
    const ServiceJoin j = connect_service_pipes(ps, es, false);  // surveyed doors: the pipes reach them
    EXPECT_EQ(j.linked, 1);
    EXPECT_EQ(j.moved, 0);
    EXPECT_EQ(j.extended, 2);
    EXPECT_EQ(j.unreached, 0);
    EXPECT_EQ(es[0].location, doors[0].location);
    EXPECT_EQ(ps[0].building_fid, 7);
    EXPECT_EQ(ps[0].building_number, 12);
    EXPECT_EQ(ps[0].entrance, 2);
    EXPECT_EQ(ps[0].line.back(), es[1].location);
    EXPECT_EQ(ps[0].line.size(), 3u);
    EXPECT_EQ(ps[1].building_fid, 99);
    EXPECT_EQ(ps[1].entrance, 5);
    EXPECT_EQ(ps[2].building_fid, -1);
    EXPECT_EQ(ps[2].line.size(), 2u);
    EXPECT_EQ(ps[3].building_fid, -1);
    EXPECT_EQ(ps[4].line.back(), es[0].location);  // carried on along the wall to door 1
    ps[1].building_fid = -1;
    const ServiceJoin again = connect_service_pipes(ps, es, false);
    EXPECT_EQ(again.linked, 1);
    EXPECT_EQ(again.extended, 0);  // the others already reach their doors
    EXPECT_EQ(ps[1].entrance, 1);
    EXPECT_EQ(ps[1].line.size(), 2u);
}

TEST(IngestDerive, ADerivedDoorMovesToTheServicePipeThatReachesTheWall) {
    std::vector<district::Building> bs = {slab(box(0, 0, 37, 12), 2, 'N', 7, 12)};
    auto es = derive_entrances(bs[0]);
    // The utility's service pipe ends 1 m off the north wall, 4 m west of the derived door 2.
    std::vector<district::GasPipe> ps = {pipe("service", {at(23.75, 21.5), at(23.75, 13)}, 1)};
    const LineString surveyed = ps[0].line;
    const ServiceJoin j = connect_service_pipes(ps, es, true);
    EXPECT_EQ(j.linked, 1);
    EXPECT_EQ(j.moved, 1);
    EXPECT_EQ(j.extended, 0);
    EXPECT_EQ(ps[0].line, surveyed);  // the pipe, a surveyed fact, keeps its length
    EXPECT_EQ(ps[0].entrance, 2);
    EXPECT_EQ(es[1].location, at(23.75, 13));
}

TEST(IngestDerive, SampleDistrictDerivesWhatItsGeneratorStored) {
    auto loaded = district::load(NBHD_ASSET_FILE, {false});
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    const district::District& d = loaded.value();

    std::map<std::pair<std::int64_t, int>, Point> stored_entrance;
    for (const auto& e : d.entrances) stored_entrance[{e.building_fid, e.number}] = e.location;
    std::map<int, double> stored_forecourt;
    std::map<int, std::string> stored_surface;
    for (const auto& f : d.forecourts) {
        stored_forecourt[f.building_number] = area_of(f.polygon);
        stored_surface[f.building_number] = f.surface;
    }

    int residential = 0;
    double worst_entrance = 0;
    for (const auto& b : d.buildings) {
        if (b.kind != district::BuildingKind::Residential) continue;
        ++residential;
        SCOPED_TRACE(b.name);
        EXPECT_EQ(entrances_from_length(slab_shape(b.footprint).length_m), b.entrances);
        EXPECT_EQ(entrance_side(b.footprint, d.streets), b.entrance_side);
        EXPECT_EQ(b.flats_per_floor, kDefaultFlatsPerFloor);
        auto es = derive_entrances(b);
        ASSERT_EQ(static_cast<int>(es.size()), b.entrances);
        for (const auto& e : es) {
            auto it = stored_entrance.find({b.fid, e.number});
            ASSERT_NE(it, stored_entrance.end()) << "entrance " << e.number;
            const double off = std::hypot(e.location.x - it->second.x, e.location.y - it->second.y);
            EXPECT_LT(off, 0.5) << "entrance " << e.number;
            worst_entrance = std::max(worst_entrance, off);
        }
    }
    EXPECT_EQ(residential, 53);
    EXPECT_LT(worst_entrance, 1e-3);  // the same convention (the sample stores millimetres)

    const auto fcs = derive_forecourts(d.buildings);
    ASSERT_EQ(fcs.size(), stored_forecourt.size());
    for (const auto& f : fcs) {
        SCOPED_TRACE(f.building_number);
        ASSERT_TRUE(stored_forecourt.count(f.building_number));
        EXPECT_NEAR(area_of(f.polygon), stored_forecourt[f.building_number],
                    0.01 * stored_forecourt[f.building_number]);
        EXPECT_EQ(f.surface, stored_surface[f.building_number]);
    }

    // The boundary: the bounding streets close a ring around every building.
    const auto boundary = derive_boundary(d.buildings, d.streets);
    EXPECT_EQ(boundary.rule, "streets");
    EXPECT_NEAR(area_of(boundary.polygon), area_of(d.boundary.polygon), 1.0);
    const Geometry diff =
        geom::difference(Geometry::from(boundary.polygon), Geometry::from(d.boundary.polygon));
    EXPECT_LT(geom::area(diff), 1.0);

    // The gas network is split at every tee with every valve on a pipe, and service pipes relink exactly.
    auto pipes = d.gas_pipes;
    EXPECT_EQ(node_gas_pipes(pipes), 0);
    auto valves = d.gas_valves;
    auto snap = snap_valves(valves, pipes);
    EXPECT_EQ(snap.snapped, 0);
    EXPECT_EQ(snap.off_network, 0);
    int services = 0;
    for (auto& p : pipes) {
        if (p.kind != "service") continue;
        ++services;
        p.building_fid = -1;
        p.building_number = 0;
        p.entrance = 0;
    }
    auto doors = d.entrances;
    const ServiceJoin j = connect_service_pipes(pipes, doors, true);
    EXPECT_EQ(j.linked, services);
    EXPECT_EQ(j.extended, 0);  // the sample's service pipes end at their doors
    EXPECT_EQ(j.moved, 0);
    for (std::size_t i = 0; i < pipes.size(); ++i) {
        EXPECT_EQ(pipes[i].building_fid, d.gas_pipes[i].building_fid) << "pipe " << pipes[i].fid;
        EXPECT_EQ(pipes[i].building_number, d.gas_pipes[i].building_number) << "pipe " << pipes[i].fid;
        EXPECT_EQ(pipes[i].entrance, d.gas_pipes[i].entrance) << "pipe " << pipes[i].fid;
    }

    // Street surfaces: the same ground as the sample's, street by street (the sample also splits the
    // compound's main lane where its concrete ends), and the same surface on all but two streets.
    const auto surfaces = derive_street_surfaces(d.streets, d.boundary.polygon);
    std::map<std::int64_t, std::vector<Geometry>> derived_by_street, stored_by_street;
    std::map<std::int64_t, std::set<std::string>> stored_kinds;
    for (const auto& sf : surfaces) derived_by_street[sf.street_id].push_back(Geometry::from(sf.polygon));
    for (const auto& sf : d.street_surfaces) {
        stored_by_street[sf.street_id].push_back(Geometry::from(sf.polygon));
        stored_kinds[sf.street_id].insert(sf.surface);
    }
    EXPECT_EQ(derived_by_street.size(), d.streets.size());
    for (const auto& st : d.streets) {
        SCOPED_TRACE(st.name + " " + std::to_string(st.fid));
        const Geometry mine = geom::unite(derived_by_street[st.fid]);
        const Geometry theirs = geom::unite(stored_by_street[st.fid]);
        EXPECT_NEAR(geom::area(mine), geom::area(theirs), 1.0);
        EXPECT_LT(geom::area(geom::difference(mine, theirs)) + geom::area(geom::difference(theirs, mine)),
                  1.0);
    }
    int same_surface = 0;
    for (const auto& st : d.streets) {
        const auto& kinds = stored_kinds[st.fid];
        if (kinds == std::set<std::string>{default_surface(st.street_class, st.in_compound)}) ++same_surface;
    }
    EXPECT_EQ(same_surface, static_cast<int>(d.streets.size()) - 2);  // Chonghua Lane (asphalt), main lane
    const Geometry all = geom::unite([&] {
        std::vector<Geometry> v;
        for (const auto& sf : surfaces) v.push_back(Geometry::from(sf.polygon));
        return v;
    }());
    double sum = 0;
    for (const auto& sf : surfaces) sum += area_of(sf.polygon);
    EXPECT_NEAR(geom::area(all), sum, 1.0);  // no two surfaces overlap
}
