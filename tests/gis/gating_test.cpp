// Gating a compound: the fence and gates from the outline, the access check before and after, shut
// gates, narrow gates, and the cost from the price table. A hand-made compound with known route lengths,
// and the shipped sample's stable figures.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "gis/district/loader.hpp"
#include "gis/plan/gating.hpp"
#include "gis/plan/prices.hpp"

using namespace gis;
using gis::district::District;

namespace {

district::Street street(const std::string& name, double width, bool in_compound, LineString line) {
    district::Street s;
    s.fid = 0;
    s.name = name;
    s.width_m = width;
    s.in_compound = in_compound;
    s.street_class = in_compound ? "lane" : "local";
    s.centreline = std::move(line);
    return s;
}

district::Building building(std::int64_t fid, const std::string& name, Polygon footprint) {
    district::Building b;
    b.fid = fid;
    b.name = name;
    b.in_compound = true;
    b.entrances = 1;
    b.footprint = std::move(footprint);
    return b;
}

district::Entrance entrance(std::int64_t building, Point at) {
    district::Entrance e;
    e.building_fid = building;
    e.number = 1;
    e.location = at;
    return e;
}

/// A 100 m square compound between South Road (y = -10) and North Road (y = 110), both 10 m wide. The
/// 6 m main lane runs in from the south gate (50, 0) to y = 60; the 5 m north lane from the north gate
/// (80, 100) to y = 70; they do not meet. A and B open onto the main lane, C onto the north lane, each
/// door 5 m from its lane. A shop inside the outline opens onto South Road.
District fixture() {
    District d;
    d.crs = "EPSG:4546";
    district::NamedArea c;
    c.fid = 1;
    c.name = "Test compound";
    c.polygon = rect(0, 0, 100, 100);
    d.compounds.push_back(c);
    d.boundary = c;
    d.boundary.polygon = rect(-60, -30, 160, 130);
    d.streets = {street("South Road", 10, false, {{-50, -10}, {150, -10}}),
                 street("North Road", 10, false, {{-50, 110}, {150, 110}}),
                 street("Main lane", 6, true, {{50, -5}, {50, 60}}),
                 street("North lane", 5, true, {{80, 105}, {80, 70}})};
    for (std::size_t i = 0; i < d.streets.size(); ++i) d.streets[i].fid = static_cast<std::int64_t>(i + 1);
    d.buildings = {building(1, "A", rect(20, 15, 45, 30)), building(2, "B", rect(55, 30, 75, 40)),
                   building(3, "C", rect(60, 75, 75, 85))};
    d.entrances = {entrance(1, {45, 20}), entrance(2, {55, 35}), entrance(3, {75, 80})};
    district::Poi south, north;
    south.fid = 1;
    south.name = "South gate";
    south.kind = "gate";
    south.location = {50, 0};
    north.fid = 2;
    north.name = "North gate";
    north.kind = "gate";
    north.location = {80, 100};
    d.pois = {south, north};
    district::Shop shop;
    shop.fid = 1;
    shop.name = "Corner shop";
    shop.location = {20, 2};
    d.shops = {shop};
    d.reindex();
    return d;
}

const plan::BuildingReach& building_of(const plan::GatingCheck& c, const std::string& name) {
    auto it =
        std::find_if(c.buildings.begin(), c.buildings.end(), [&](const auto& b) { return b.name == name; });
    EXPECT_NE(it, c.buildings.end()) << name;
    return *it;
}

const plan::EntranceAccess& entrance_of(const plan::GatingCheck& c, const std::string& name) {
    auto it = std::find_if(c.entrances.begin(), c.entrances.end(),
                           [&](const auto& e) { return e.building == name; });
    EXPECT_NE(it, c.entrances.end()) << name;
    return *it;
}

bool mentions(const std::vector<std::string>& lines, const std::string& what) {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const auto& l) { return l.find(what) != std::string::npos; });
}

}  // namespace

TEST(Gating, ProposalFromTheOutlineUsesTheGatePointsAndTheLaneWidths) {
    const auto d = fixture();
    auto p = plan::propose_gating(d);
    ASSERT_TRUE(p.ok()) << p.error().message;
    ASSERT_EQ(p->gates.size(), 2u);
    EXPECT_EQ(p->gates[0].name, "South gate");
    EXPECT_EQ(p->gates[0].type, plan::GateType::Vehicle);
    EXPECT_DOUBLE_EQ(p->gates[0].width_m, 6);
    EXPECT_EQ(p->gates[0].lane, "Main lane");
    EXPECT_EQ(p->gates[1].name, "North gate");
    EXPECT_DOUBLE_EQ(p->gates[1].width_m, 5);
    EXPECT_NEAR(p->fence_length_m, 400 - 6 - 5, 1e-6);
    EXPECT_TRUE(p->warnings.empty());
}

TEST(Gating, WithoutGatePointsAGateGoesWhereEachLaneCrosses) {
    auto d = fixture();
    d.pois.clear();
    d.streets[3].width_m = 3;
    auto p = plan::propose_gating(d);
    ASSERT_TRUE(p.ok()) << p.error().message;
    ASSERT_EQ(p->gates.size(), 2u);
    EXPECT_EQ(p->gates[0].name, "G1");
    EXPECT_EQ(p->gates[0].type, plan::GateType::Vehicle);
    EXPECT_EQ(p->gates[1].type, plan::GateType::Pedestrian);  // a 3 m lane
    EXPECT_NEAR(p->fence_length_m, 400 - 6 - 3, 1e-6);
}

TEST(Gating, RouteLengthsBeforeAndAfterAreTheKnownOnes) {
    const auto d = fixture();
    auto p = plan::propose_gating(d);
    ASSERT_TRUE(p.ok());
    const auto c = plan::check_gating(d, p.value());
    EXPECT_TRUE(c.ok()) << (c.failures.empty() ? "" : c.failures.front());
    ASSERT_EQ(c.buildings.size(), 3u);
    // door 5 m to the lane, along it to the gate, 5 m to the kerb, 5 m to the road's centreline
    EXPECT_NEAR(entrance_of(c, "A").before_m, 35, 1e-6);
    EXPECT_NEAR(entrance_of(c, "A").after_m, 35, 1e-6);
    EXPECT_EQ(entrance_of(c, "A").gate_after, "South gate");
    EXPECT_NEAR(entrance_of(c, "B").after_m, 50, 1e-6);
    EXPECT_NEAR(entrance_of(c, "C").after_m, 35, 1e-6);
    EXPECT_EQ(entrance_of(c, "C").gate_after, "North gate");
    EXPECT_EQ(c.buildings_reachable_after, 3);
    EXPECT_NEAR(c.longest_after_m, 50, 1e-6);
    for (const auto& b : c.buildings) EXPECT_EQ(b.fire_after, plan::FireAccess::Yes) << b.name;
    // The shop inside the outline opened onto South Road (12 m); fenced, it goes round by the south gate.
    ASSERT_EQ(c.lost.size(), 1u);
    EXPECT_EQ(c.lost[0].name, "Corner shop");
    EXPECT_NEAR(c.lost[0].before_m, 12, 1e-6);
    EXPECT_NEAR(c.lost[0].after_m, 30 + 2 + 10, 1e-6);
    // The main lane is a 60 m dead end with no turning area; the north lane's 30 m is short enough.
    EXPECT_TRUE(mentions(c.warnings, "dead end of 60.0 m on Main lane"));
    EXPECT_FALSE(mentions(c.warnings, "North lane"));
}

TEST(Gating, ClosingTheNorthGateCutsOffBuildingC) {
    const auto d = fixture();
    auto p = plan::propose_gating(d);
    ASSERT_TRUE(p.ok());
    ASSERT_TRUE(plan::close_gates(p.value(), {"North gate"}).ok());
    const auto c = plan::check_gating(d, p.value());
    EXPECT_FALSE(c.ok());
    EXPECT_TRUE(std::isinf(entrance_of(c, "C").after_m));
    EXPECT_NEAR(entrance_of(c, "C").before_m, 35, 1e-6);
    EXPECT_EQ(building_of(c, "C").fire_after, plan::FireAccess::No);
    EXPECT_EQ(building_of(c, "C").fire_before, plan::FireAccess::Yes);
    EXPECT_TRUE(mentions(c.failures, "C: entrance 1 cannot reach a public street on foot"));
    EXPECT_TRUE(mentions(c.failures, "C: no fire-engine access"));
    EXPECT_FALSE(mentions(c.failures, "A:"));
    EXPECT_EQ(c.buildings_reachable_after, 2);
    // By number too; an unknown gate is NotFound with the list.
    auto q = plan::propose_gating(d);
    ASSERT_TRUE(plan::close_gates(q.value(), {"2"}).ok());
    EXPECT_FALSE(q->gates[1].open);
    auto bad = plan::close_gates(q.value(), {"East gate"});
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::NotFound);
    EXPECT_NE(bad.error().message.find("North gate"), std::string::npos);
}

TEST(Gating, FireEnginesAreRefusedAThreeMetreGate) {
    const auto d = fixture();
    plan::Gate south, north;
    south.location = {50, 0.5};
    south.type = plan::GateType::Vehicle;
    south.width_m = 6;
    north.location = {80, 100};
    north.type = plan::GateType::Vehicle;
    north.width_m = 3;
    LineString ring = rect(0, 0, 100, 100).outer;
    auto p = plan::drawn_gating(d, ring, {south, north});
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_TRUE(mentions(p->warnings, "3.0 m wide: fire engines need 4.0 m"));
    EXPECT_NEAR(p->fence_length_m, 400 - 6 - 3, 1e-6);
    const auto c = plan::check_gating(d, p.value());
    EXPECT_FALSE(c.ok());
    EXPECT_EQ(building_of(c, "C").fire_after, plan::FireAccess::No);
    EXPECT_EQ(building_of(c, "A").fire_after, plan::FireAccess::Yes);
    EXPECT_NEAR(entrance_of(c, "C").after_m, 35, 1e-6);  // people still walk through it
    EXPECT_TRUE(mentions(c.failures, "C: no fire-engine access"));
}

TEST(Gating, AFireGateLetsEnginesInButNotWalkers) {
    const auto d = fixture();
    plan::Gate south, north;
    south.location = {50, 0};
    south.type = plan::GateType::Vehicle;
    south.width_m = 6;
    north.location = {80, 100};
    north.type = plan::GateType::Fire;
    north.width_m = 5;
    auto p = plan::drawn_gating(d, rect(0, 0, 100, 100).outer, {south, north});
    ASSERT_TRUE(p.ok()) << p.error().message;
    const auto c = plan::check_gating(d, p.value());
    EXPECT_EQ(building_of(c, "C").fire_after, plan::FireAccess::Yes);
    EXPECT_EQ(building_of(c, "C").fire_gate, "G2");
    EXPECT_TRUE(std::isinf(entrance_of(c, "C").after_m));
    EXPECT_TRUE(mentions(c.failures, "C: entrance 1 cannot reach a public street on foot"));
}

TEST(Gating, ALaneWithoutAWidthIsSaidNeverAssumed) {
    auto d = fixture();
    d.streets[3].width_m = 0;
    auto p = plan::propose_gating(d);
    ASSERT_TRUE(p.ok());
    EXPECT_TRUE(mentions(p->warnings, "North gate: the data gives no width"));
    const auto c = plan::check_gating(d, p.value());
    EXPECT_TRUE(mentions(c.warnings, "North lane: the data gives no width"));
    EXPECT_EQ(building_of(c, "C").fire_after, plan::FireAccess::Unverified);
}

TEST(Gating, ADetourIsAWarning) {
    auto d = fixture();
    // Join the two lanes inside; shutting the north gate sends C round by the south gate.
    d.streets.push_back(street("Link lane", 5, true, {{50, 60}, {50, 70}, {80, 70}}));
    auto p = plan::propose_gating(d);
    ASSERT_TRUE(p.ok());
    ASSERT_TRUE(plan::close_gates(p.value(), {"North gate"}).ok());
    plan::GatingOptions o;
    o.detour_extra_m = 50;
    const auto c = plan::check_gating(d, p.value(), o);
    EXPECT_TRUE(c.ok());
    // 5 + 10 (north lane down to 70) + 30 + 10 + 60 + 10 = 125 m, against 35 m before
    EXPECT_NEAR(entrance_of(c, "C").after_m, 125, 1e-6);
    EXPECT_TRUE(entrance_of(c, "C").detour);
    EXPECT_TRUE(mentions(c.warnings, "C entrance 1: the walk grows from 35.0 m to 125.0 m"));
}

TEST(Gating, CostIsFenceMetresTimesPriceAndGatesTimesPrice) {
    const auto d = fixture();
    auto p = plan::propose_gating(d);
    ASSERT_TRUE(p.ok());
    plan::UnitPrices prices;
    prices.fence_cny_m = 400;
    prices.gate_cny = 30000;
    const auto cost = plan::gating_cost(p.value(), prices);
    EXPECT_NEAR(cost.total_cny, 389 * 400 + 2 * 30000, 1e-6);
    const auto items = plan::gating_items(p.value(), "xingzheng-south", 2, prices);
    ASSERT_EQ(items.size(), 3u);
    EXPECT_EQ(items[0].kind, "fence");
    EXPECT_NEAR(items[0].length_m, 389, 1e-6);
    EXPECT_NEAR(items[0].cost_cny, 389 * 400, 1e-6);
    EXPECT_EQ(items[1].kind, "gate");
    EXPECT_NE(items[1].params.find("\"gate_type\":\"vehicle\""), std::string::npos) << items[1].params;
    EXPECT_NE(items[1].params.find("\"width_m\":6"), std::string::npos) << items[1].params;
    double sum = 0;
    for (const auto& it : items) sum += it.cost_cny;
    EXPECT_NEAR(sum, cost.total_cny, 1e-6);
}

TEST(Gating, TheSampleCompoundHasStableFigures) {
    auto d = district::load(NBHD_ASSET_FILE);
    ASSERT_TRUE(d.ok()) << d.error().message;
    auto p = plan::propose_gating(d.value());
    ASSERT_TRUE(p.ok()) << p.error().message;
    // 380 × 270 m outline less the south and north gates (6 m main lane) and the west gate (5 m lane)
    EXPECT_NEAR(p->fence_length_m, 1283, 1e-6);
    ASSERT_EQ(p->gates.size(), 3u);
    for (const auto& g : p->gates) EXPECT_EQ(g.type, plan::GateType::Vehicle) << g.name;
    auto table = plan::read_prices(NBHD_ASSET_FILE);
    ASSERT_TRUE(table.ok());
    const auto prices = table->unit_prices();
    const auto cost = plan::gating_cost(p.value(), prices);
    EXPECT_NEAR(cost.total_cny, 1283 * prices.fence_cny_m + 3 * prices.gate_cny, 1e-6);
    const auto c = plan::check_gating(d.value(), p.value());
    EXPECT_TRUE(c.ok()) << (c.failures.empty() ? "" : c.failures.front());
    EXPECT_EQ(c.buildings_reachable_after, static_cast<int>(c.buildings.size()));
    EXPECT_EQ(c.buildings.size(), 24u);  // the residential blocks; sheds and the boiler house have no door
    EXPECT_NEAR(c.longest_after_m, c.longest_before_m, 1e-9);
    EXPECT_NEAR(c.longest_after_m, 289.4, 0.05);
    const auto dead_ends = std::count_if(c.warnings.begin(), c.warnings.end(), [](const auto& w) {
        return w.rfind("dead end of 186.0 m", 0) == 0;
    });
    EXPECT_EQ(dead_ends, 11);  // every lane arm off the main lane but the one to the west gate
    // Any one gate shut, every building is still reached; all three shut, none is.
    for (const auto& gate : p->gates) {
        auto one = p.value();
        ASSERT_TRUE(plan::close_gates(one, {gate.name}).ok());
        EXPECT_TRUE(plan::check_gating(d.value(), one).ok()) << gate.name;
    }
    auto none = p.value();
    ASSERT_TRUE(plan::close_gates(none, {"1", "2", "3"}).ok());
    const auto shut = plan::check_gating(d.value(), none);
    EXPECT_EQ(shut.buildings_reachable_after, 0);
    EXPECT_EQ(shut.failures.size(), 48u);  // on foot and for fire engines, each building
}
