// Hardening as plain geometry: paving area on hand-made fixtures with known answers, no double counting
// where forecourts meet streets or each other, forecourt strips, and who is served.

#include <gtest/gtest.h>

#include <set>

#include "gis/district/loader.hpp"
#include "gis/geom/ops.hpp"
#include "gis/plan/hardening.hpp"
#include "gis/plan/paving.hpp"

using namespace gis;
using namespace gis::plan;

namespace {

constexpr double kTol = 0.01;  // m²

Geometry box(double x0, double y0, double x1, double y1) { return Geometry::from(rect(x0, y0, x1, y1)); }

double union_area(const std::vector<PavingPart>& parts) {
    std::vector<Geometry> g;
    for (const auto& p : parts) g.push_back(p.geometry);
    return geom::area(geom::unite(g));
}

double sum_area(const std::vector<PavingPart>& parts) {
    double s = 0;
    for (const auto& p : parts) s += p.area_m2;
    return s;
}

/// A street 100 x 10 (y 40..50) with a green bed and an already paved end in it; a building south of it
/// whose forecourt (y 30..45) runs 5 m into the street.
PavingInput fixture() {
    PavingInput in;
    in.streets.push_back({PartKind::Street, "lane", 7, box(0, 40, 100, 50)});
    in.forecourts.push_back({PartKind::Forecourt, "building 1", 1, box(10, 30, 40, 45)});
    in.exclusions.push_back(box(10, 20, 40, 30));   // building 1's footprint
    in.exclusions.push_back(box(60, 45, 70, 50));   // green bed to keep: 50 m²
    in.exclusions.push_back(box(90, 40, 100, 50));  // concrete already: 100 m²
    return in;
}

Scope scope_of(const Geometry& g) { return Scope({g}, "test"); }

}  // namespace

TEST(Paving, KnownAnswerOnAFixture) {
    auto parts = propose_paving(fixture(), scope_of(box(0, 0, 100, 100)));
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].kind, PartKind::Street);
    EXPECT_EQ(parts[0].ref, 7);
    EXPECT_NEAR(parts[0].area_m2, 1000 - 50 - 100, kTol);
    EXPECT_EQ(parts[1].kind, PartKind::Forecourt);
    EXPECT_EQ(parts[1].ref, 1);
    // The 30 x 5 m where the forecourt meets the street belongs to the street.
    EXPECT_NEAR(parts[1].area_m2, 30 * 15 - 30 * 5, kTol);
    EXPECT_NEAR(sum_area(parts), 1150, kTol);
    EXPECT_NEAR(union_area(parts), sum_area(parts), kTol);
}

TEST(Paving, ScopeClipsEveryPart) {
    auto parts = propose_paving(fixture(), scope_of(box(0, 0, 50, 100)));
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_NEAR(parts[0].area_m2, 500, kTol);  // the green bed and the paved end lie outside
    EXPECT_NEAR(parts[1].area_m2, 300, kTol);
    // A scope that meets nothing proposes nothing.
    EXPECT_TRUE(propose_paving(fixture(), scope_of(box(200, 200, 300, 300))).empty());
}

TEST(Paving, OverlapsAreNeverCountedTwice) {
    PavingInput in;
    // Two crossing streets and three forecourts that overlap the streets and each other.
    in.streets.push_back({PartKind::Street, "east-west", 1, box(0, 45, 100, 55)});
    in.streets.push_back({PartKind::Street, "north-south", 2, box(45, 0, 55, 100)});
    in.forecourts.push_back({PartKind::Forecourt, "a", 1, box(20, 30, 50, 50)});
    in.forecourts.push_back({PartKind::Forecourt, "b", 2, box(40, 35, 70, 47)});
    in.forecourts.push_back({PartKind::Forecourt, "c", 3, box(60, 52, 62, 80)});
    auto parts = propose_paving(in, scope_of(box(0, 0, 100, 100)));
    ASSERT_EQ(parts.size(), 5u);
    // Known areas: streets 1000 and 1000 - 100 (the crossing belongs to the first street).
    EXPECT_NEAR(parts[0].area_m2, 1000, kTol);
    EXPECT_NEAR(parts[1].area_m2, 900, kTol);
    // a: 30x20 minus street 1 (30x5 at y 45..50) minus street 2 (5x15 at x 45..50, y 30..45).
    EXPECT_NEAR(parts[2].area_m2, 600 - 150 - 75, kTol);
    // b: 30x12 minus street 1 (30x2) minus street 2 (10x10 at y 35..45) minus a (5x10 at x 40..45, y 35..45).
    EXPECT_NEAR(parts[3].area_m2, 360 - 60 - 100 - 50, kTol);
    // c: 2x28 minus street 1 (2x3).
    EXPECT_NEAR(parts[4].area_m2, 56 - 6, kTol);
    EXPECT_NEAR(union_area(parts), sum_area(parts), kTol);
    for (std::size_t i = 0; i < parts.size(); ++i)
        for (std::size_t j = i + 1; j < parts.size(); ++j)
            EXPECT_LT(geom::overlap_area(parts[i].geometry, parts[j].geometry), 1e-6) << i << " and " << j;
    // The whole is the union of the inputs.
    std::vector<Geometry> all;
    for (const auto& c : in.streets) all.push_back(c.area);
    for (const auto& c : in.forecourts) all.push_back(c.area);
    EXPECT_NEAR(sum_area(parts), geom::area(geom::unite(all)), kTol);
}

TEST(Paving, ForecourtStripInFrontOfTheEntranceSide) {
    Polygon slab = rect(0, 0, 30, 10);
    auto north = forecourt_strip(slab, 'N', 6);
    EXPECT_NEAR(geom::area(north), 180, 1e-6);
    EXPECT_NEAR(geom::overlap_area(north, box(0, 10, 30, 16)), 180, 1e-6);
    EXPECT_NEAR(geom::area(forecourt_strip(slab, 'S', 6)), 180, 1e-6);
    EXPECT_NEAR(geom::area(forecourt_strip(slab, 'W', 4)), 40, 1e-6);
    EXPECT_NEAR(geom::area(forecourt_strip(slab, 'E', 4)), 40, 1e-6);
    EXPECT_TRUE(forecourt_strip(slab, 'X', 4).empty());
    EXPECT_TRUE(forecourt_strip(slab, 'N', 0).empty());
    // An L-shaped block: the strip follows both north façades (30 x 6 plus the 10 x 6 step).
    Polygon ell{{{0, 0}, {30, 0}, {30, 10}, {20, 10}, {20, 20}, {0, 20}, {0, 0}}, {}};
    auto strip = forecourt_strip(ell, 'N', 6);
    EXPECT_NEAR(geom::area(strip), 20 * 6 + 10 * 6, 1e-6);
    EXPECT_LT(geom::overlap_area(strip, Geometry::from(ell)), 1e-9);
}

TEST(Paving, HouseholdsServedByForecourtOrAccessLane) {
    PavingInput in;
    in.streets.push_back({PartKind::Street, "lane", 1, box(0, 40, 100, 45)});
    in.forecourts.push_back({PartKind::Forecourt, "2", 2, box(0, 70, 30, 76)});
    auto parts = propose_paving(in, scope_of(box(0, 0, 100, 100)));
    std::vector<BuildingAccess> buildings = {
        {1, {{10, 34}, {20, 34}}, 20},  // entrances 6 m from the lane: served by it
        {2, {{10, 70}}, 15},            // its forecourt is paved
        {3, {{80, 20}}, 30},            // 20 m from the lane: not served
        {4, {}, 12},                    // no entrances, no forecourt
    };
    auto served = buildings_served(parts, buildings, 8.0);
    EXPECT_EQ(served.buildings, (std::vector<int>{1, 2}));
    EXPECT_EQ(served.households, 35);
    auto wider = buildings_served(parts, buildings, 25.0);
    EXPECT_EQ(wider.buildings, (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(wider.households, 65);
}

TEST(Paving, ValvesUnderThePavingAreFlagged) {
    std::vector<PavingPart> parts = {{PartKind::Street, "lane", 7, box(0, 40, 100, 50), 1000},
                                     {PartKind::Forecourt, "building 1", 1, box(10, 30, 40, 40), 300}};
    auto valve = [](std::int64_t id, double x, double y) {
        district::GasValve v;
        v.fid = id;
        v.location = {x, y};
        return v;
    };
    const std::vector<district::GasValve> valves = {
        valve(1, 50, 45),     // in the lane
        valve(2, 20, 35),     // in the forecourt
        valve(3, 50, 50.3),   // 0.3 m beyond the lane's edge: the works still cover it
        valve(4, 50, 51.0),   // 1 m away: reachable
        valve(5, 40, 40),     // on the corner both parts share: listed once
        valve(6, 200, 200)};  // far away
    const auto covered = valves_under_paving(parts, valves, 0.5);
    ASSERT_EQ(covered.size(), 4u);
    EXPECT_EQ(covered[0].valve_id, 1);
    EXPECT_EQ(covered[0].part, 0u);
    EXPECT_NEAR(covered[0].distance_m, 0, 1e-9);
    EXPECT_EQ(covered[1].valve_id, 2);
    EXPECT_EQ(covered[1].part, 1u);
    EXPECT_EQ(covered[2].valve_id, 3);
    EXPECT_NEAR(covered[2].distance_m, 0.3, 1e-9);
    EXPECT_EQ(covered[3].valve_id, 5);
    // A margin of 0 keeps only the valves inside or on the edge.
    EXPECT_EQ(valves_under_paving(parts, valves, 0).size(), 3u);
    EXPECT_TRUE(valves_under_paving({}, valves, 0.5).empty());
}

TEST(Hardening, ShippedCompoundServesEveryCompoundHousehold) {
    auto d = district::load(NBHD_ASSET_FILE);
    ASSERT_TRUE(d.ok()) << d.error().message;
    auto scope = compound_scope(d.value());
    ASSERT_TRUE(scope.ok());
    auto plan = plan_hardening(d.value(), scope.value());
    ASSERT_FALSE(plan.parts.empty());
    EXPECT_NEAR(union_area(plan.parts), plan.area_m2, kTol);
    EXPECT_NEAR(plan.street_m2 + plan.forecourt_m2, plan.area_m2, kTol);
    EXPECT_NEAR(plan.volume_m3, plan.area_m2 * 0.20, 1e-6);
    EXPECT_NEAR(plan.cost_cny, plan.area_m2 * paving_price_per_m2(Material::Concrete, 0.20), 1e-3);
    // Every compound building's forecourt is unpaved in the shipped data: all are served. Counted here
    // from the households table, independently of the planner.
    std::set<int> compound;
    for (const auto& b : d->buildings)
        if (b.in_compound && b.kind == district::BuildingKind::Residential) compound.insert(b.number);
    std::int64_t households = 0;
    for (const auto& h : d->households) households += compound.count(h.building_number);
    EXPECT_EQ(plan.served.buildings.size(), compound.size());
    EXPECT_EQ(plan.served.households, households);
    // Nothing paved already is proposed again.
    for (const auto& s : d->street_surfaces) {
        if (s.surface != "asphalt" && s.surface != "concrete") continue;
        for (const auto& p : plan.parts)
            EXPECT_LT(geom::overlap_area(p.geometry, Geometry::from(s.polygon)), kTol) << s.name;
    }
    // The valves under the compound's paving, against a brute-force check of every valve and part.
    std::vector<std::int64_t> brute;
    for (const auto& v : d->gas_valves)
        for (const auto& p : plan.parts)
            if (geom::distance(p.geometry, Geometry::from(v.location)) <= 0.5) {
                brute.push_back(v.fid);
                break;
            }
    std::vector<std::int64_t> flagged;
    for (const auto& v : plan.valves_covered) flagged.push_back(v.valve_id);
    EXPECT_EQ(flagged, brute);
    EXPECT_EQ(flagged.size(), 12u);
    // Regenerated strips deeper than the layer's forecourts reach the lanes: still no double counting.
    HardeningOptions deep;
    deep.forecourt_depth_m = 12;
    auto p12 = plan_hardening(d.value(), scope.value(), deep);
    EXPECT_NEAR(union_area(p12.parts), p12.area_m2, kTol);
    EXPECT_NEAR(p12.street_m2, plan.street_m2, kTol);
    EXPECT_GT(p12.forecourt_m2, plan.forecourt_m2);
}
