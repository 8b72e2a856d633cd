// Renewal planning: clearance to buildings by pressure class, unit prices, routes along the street
// network, covered valves, and the compound renewal on the shipped district.

#include "gis/network/renewal.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "gis/district/loader.hpp"
#include "gis/network/gas_district.hpp"
#include "gis/network/parse.hpp"

using gis::LineString;
using gis::Point;
using namespace gis::network;

namespace {

/// One building, 10 x 10 m, at the origin.
ClearanceChecker one_building() { return ClearanceChecker({{7, gis::rect(0, 0, 10, 10)}}); }

/// A network with one valve at (50, -1), a station at (0, -1) and one entrance.
GasNetwork small_network() {
    GasNetworkSpec s;
    s.pipes = {{1, {{0, -1}, {50, -1}}, 110, "pe", "low", "main", -1},
               {2, {{50, -1}, {100, -1}}, 110, "pe", "medium-b", "main", -1},
               {3, {{100, -1}, {100, -5}}, 32, "pe", "low", "service", 7}};
    s.valves = {{10, {50, -1}}};
    s.sources = {{20, {0, -1}}};
    s.entrances = {{30, 7, {100, -5}}};
    return GasNetwork::build(s);
}

}  // namespace

TEST(Clearance, DefaultsFollowGb50028ByPressureClass) {
    ClearanceRules r;
    EXPECT_DOUBLE_EQ(r.required(PressureClass::Low), 0.7);
    EXPECT_DOUBLE_EQ(r.required(PressureClass::MediumB), 1.0);
    EXPECT_DOUBLE_EQ(r.required(PressureClass::MediumA), 1.5);
}

TEST(Clearance, ViolationsAtKnownDistances) {
    auto c = one_building();
    const LineString at_half{{-5, -0.5}, {15, -0.5}};
    auto v = c.check(at_half, 0.7);
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].building_id, 7);
    EXPECT_NEAR(v[0].distance_m, 0.5, 1e-9);
    EXPECT_DOUBLE_EQ(v[0].required_m, 0.7);
    EXPECT_NEAR(v[0].at.y, -0.5, 1e-9);
    EXPECT_GE(v[0].at.x, 0);
    EXPECT_LE(v[0].at.x, 10);

    const LineString at_08{{-5, -0.8}, {15, -0.8}};
    EXPECT_TRUE(c.check(at_08, ClearanceRules{}.required(PressureClass::Low)).empty());
    auto mb = c.check(at_08, ClearanceRules{}.required(PressureClass::MediumB));
    ASSERT_EQ(mb.size(), 1u);
    EXPECT_NEAR(mb[0].distance_m, 0.8, 1e-9);

    const LineString at_12{{12.2, -5}, {12.2, 15}};  // east of the building, 2.2 m away
    EXPECT_TRUE(c.check(at_12, 1.5).empty());
    const LineString at_11{{11.2, -5}, {11.2, 15}};
    ASSERT_EQ(c.check(at_11, 1.5).size(), 1u);
    EXPECT_NEAR(c.check(at_11, 1.5)[0].distance_m, 1.2, 1e-9);

    // Crossing the footprint is distance 0; the served building of a service pipe is exempt.
    const LineString across{{5, -5}, {5, 5}};
    ASSERT_EQ(c.check(across, 0.7).size(), 1u);
    EXPECT_EQ(c.check(across, 0.7)[0].distance_m, 0);
    EXPECT_TRUE(c.check(across, 0.7, {7}).empty());
}

TEST(Clearance, PressureClassNames) {
    EXPECT_EQ(parse_pressure("medium-b").value(), PressureClass::MediumB);
    EXPECT_EQ(parse_pressure("MEDIUM_A").value(), PressureClass::MediumA);
    EXPECT_EQ(parse_pressure("low").value(), PressureClass::Low);
    auto bad = parse_pressure("high");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, gis::ErrorCode::BadInput);
    EXPECT_NE(bad.error().message.find("medium-b"), std::string::npos);
}

TEST(UnitPricesTest, SmallestDiameterAtOrAboveAndOverrides) {
    auto p = UnitPrices::defaults();
    EXPECT_DOUBLE_EQ(p.per_metre("pe", 110).value(), 380);
    EXPECT_DOUBLE_EQ(p.per_metre("pe", 100).value(), 380);  // priced as de110
    EXPECT_DOUBLE_EQ(p.per_metre("steel", 100).value(), 520);
    EXPECT_EQ(p.per_metre("pe", 400).error().code, gis::ErrorCode::NotFound);
    ASSERT_TRUE(p.set("pe:110=420").ok());
    EXPECT_DOUBLE_EQ(p.per_metre("pe", 110).value(), 420);
    for (const char* bad : {"pe110=1", "pe:x=1", "pe:110=-5", ":110=5", "pe:110=", "pe:0=5"})
        EXPECT_EQ(p.set(bad).error().code, gis::ErrorCode::BadInput) << bad;
}

TEST(Renewal, NewRouteLengthCostClearanceAndPhases) {
    auto net = small_network();
    auto c = one_building();
    RenewalOptions opt;
    opt.phase_length_m = 100;
    const LineString route{{-5, -0.5}, {15, -0.5}, {15, 230}};  // 20 m + 230.5 m
    auto plan = plan_new_route(net, c, route, opt);
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    EXPECT_NEAR(plan->length_m, 250.5, 1e-9);
    EXPECT_NEAR(plan->cost_cny, 250.5 * 380, 1e-6);  // pe de110 by default
    ASSERT_EQ(plan->by_diameter.size(), 1u);
    EXPECT_EQ(plan->by_diameter[0].diameter_mm, 110);
    ASSERT_EQ(plan->phases.size(), 3u);
    for (const auto& ph : plan->phases) EXPECT_NEAR(ph.length_m, 250.5 / 3, 1e-6);
    ASSERT_EQ(plan->clearance_violations.size(), 1u);
    EXPECT_NEAR(plan->clearance_violations[0].distance_m, 0.5, 1e-9);
    EXPECT_TRUE(plan->valves_covered.empty());
    EXPECT_TRUE(plan->interruption.valves_to_close.empty());

    auto bad = plan_new_route(net, c, LineString{{1, 1}, {1, 1}}, opt);
    EXPECT_EQ(bad.error().code, gis::ErrorCode::BadInput);
    opt.material = "copper";
    EXPECT_EQ(plan_new_route(net, c, route, opt).error().code, gis::ErrorCode::BadInput);
}

TEST(Renewal, CoveredValveWarningFiresOverAValveAndNotBesideIt) {
    auto net = small_network();
    auto c = one_building();
    auto over = plan_new_route(net, c, LineString{{50, -10}, {50, 10}}, {});
    ASSERT_TRUE(over.ok());
    ASSERT_EQ(over->valves_covered.size(), 1u);
    EXPECT_EQ(over->valves_covered[0].id, 10);
    auto beside = plan_new_route(net, c, LineString{{53, -10}, {53, 10}}, {});
    ASSERT_TRUE(beside.ok());
    EXPECT_TRUE(beside->valves_covered.empty());
    // Paving polygons, as the planning module passes them.
    EXPECT_EQ(net.valves_covered(gis::Geometry::from(gis::rect(45, -5, 55, 5))).size(), 1u);
    EXPECT_TRUE(net.valves_covered(gis::Geometry::from(gis::rect(56, -5, 66, 5))).empty());
}

TEST(Renewal, ReplacementKeepsDiametersAndPressureAndIsolates) {
    auto net = small_network();
    auto c = one_building();
    auto plan = plan_replacement(net, c, {2, 3}, {});
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    EXPECT_NEAR(plan->length_m, 54, 1e-9);
    EXPECT_NEAR(plan->cost_cny, 50 * 380 + 4 * 160, 1e-6);
    ASSERT_EQ(plan->by_diameter.size(), 2u);
    EXPECT_EQ(plan->by_diameter[0].diameter_mm, 32);
    EXPECT_EQ(plan->by_diameter[1].diameter_mm, 110);
    EXPECT_EQ(plan->interruption.valves_to_close, (std::vector<std::int64_t>{10}));
    EXPECT_EQ(plan->interruption.entrances, (std::vector<std::int64_t>{30}));
    ASSERT_EQ(plan->phases.size(), 1u);  // one valve-bounded zone
    EXPECT_EQ(plan->pieces[0].pressure, PressureClass::MediumB);
    // The service pipe ends at its own building: no violation for it.
    EXPECT_TRUE(plan->clearance_violations.empty());
    EXPECT_EQ(plan_replacement(net, c, {99}, {}).error().code, gis::ErrorCode::NotFound);
}

TEST(Renewal, AutoRouteLengthEqualsTheShortestPath) {
    std::vector<LineString> grid;
    for (int i = 0; i < 4; ++i) {
        grid.push_back({{10.0 * i, 0}, {10.0 * i, 30}});
        grid.push_back({{0, 10.0 * i}, {30, 10.0 * i}});
    }
    auto g = StreetGraph::build(grid);
    auto r = auto_route(g, {0, 0}, {30, 20}, 0);
    ASSERT_TRUE(r.ok());
    EXPECT_NEAR(gis::length_of(r.value()), 50, 1e-9);
    // A straight run offset to one side keeps its length and lies 1.5 m to the left.
    auto straight = auto_route(g, {0, 10}, {30, 10}, 1.5);
    ASSERT_TRUE(straight.ok());
    EXPECT_NEAR(gis::length_of(straight.value()), 30, 1e-6);
    for (const auto& p : straight.value()) EXPECT_NEAR(p.y, 11.5, 1e-6);
    auto apart = StreetGraph::build(std::vector<LineString>{{{0, 0}, {10, 0}}, {{50, 0}, {60, 0}}});
    EXPECT_EQ(auto_route(apart, {0, 0}, {60, 0}, 1).error().code, gis::ErrorCode::NotFound);
}

TEST(Renewal, RouteFromWktAndPointParsing) {
    EXPECT_EQ(route_from_wkt("LINESTRING (0 0, 10 0)").value().size(), 2u);
    EXPECT_EQ(route_from_wkt("POINT (0 0)").error().code, gis::ErrorCode::BadInput);
    EXPECT_EQ(route_from_wkt("LINESTRING (0 0, 10").error().code, gis::ErrorCode::BadInput);
    EXPECT_EQ(parse_point("530100.5, 3400200").value(), (Point{530100.5, 3400200}));
    for (const char* bad : {"", "1", "1,2,3", "a,b", "1,", "nan,1", "1e999,2"})
        EXPECT_EQ(parse_point(bad).error().code, gis::ErrorCode::BadInput) << bad;
}

TEST(RenewalShipped, CompoundScopeIsOver500mAndEqualsTheRenewalPipes) {
    auto d = gis::district::load(NBHD_ASSET_FILE);
    ASSERT_TRUE(d.ok()) << d.error().message;
    auto ids = scope_pipes(d.value(), "compound");
    ASSERT_TRUE(ids.ok());
    double sum = 0;
    for (const auto& p : d->gas_pipes)
        if (p.in_compound && p.status == "renewal") sum += gis::length_of(p.line);
    auto gas = DistrictGas::build(d.value());
    std::vector<ClearanceChecker::Footprint> fp;
    for (const auto& b : d->buildings) fp.push_back({b.fid, b.footprint});
    ClearanceChecker c(std::move(fp));
    auto plan = plan_replacement(gas.network, c, ids.value(), {});
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    EXPECT_GT(plan->length_m, 500);
    EXPECT_NEAR(plan->length_m, sum, 1e-6);
    EXPECT_GT(plan->cost_cny, 0);
    auto impact = gas.impact.impact(plan->interruption);
    EXPECT_GT(impact.households.size(), 0u);
    EXPECT_FALSE(plan->interruption.valves_to_close.empty());
    EXPECT_EQ(scope_pipes(d.value(), "everything").error().code, gis::ErrorCode::BadInput);
}
