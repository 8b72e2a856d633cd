// Gas network topology and isolation on small hand-made networks with known answers, and against a
// brute-force connectivity count on the shipped district.

#include "gis/network/gas_network.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "gis/district/loader.hpp"
#include "gis/network/gas_district.hpp"

using gis::LineString;
using gis::Point;
using namespace gis::network;
using Ids = std::vector<std::int64_t>;

namespace {

// Pipe ids, valve ids (100+), station ids (200+), entrance ids (300+), building ids (400+).
//
//                 Vd(20,20) -p6a- (30,20) -p6b- Ve(40,20)
//                    |              | p9 (service to E2)  |
//                    p5                                   p7
//                    |                                    |
//  S(0,0) -p1- V1(10,0) -p2- J(20,0) -p3- Vc(30,0) -p4- K(40,0) -p12- Vg(60,0) -p11- S2(70,0)
//                            | p10 (service to E3)        | p8 (service to E1)
enum Pipe { p1 = 1, p2, p3, p4, p5, p6a, p6b, p7, p8, p9, p10, p11, p12 };
enum Valve { V1 = 101, Vc, Vd, Ve, Vg };

GasNetworkSpec ring(bool second_source) {
    GasNetworkSpec s;
    auto pipe = [&](std::int64_t id, Point a, Point b) {
        s.pipes.push_back({id, {a, b}, 100, "pe", "low", "main", -1});
    };
    pipe(p1, {0, 0}, {10, 0});
    pipe(p2, {10, 0}, {20, 0});
    pipe(p3, {20, 0}, {30, 0});
    pipe(p4, {30, 0}, {40, 0});
    pipe(p5, {20, 0}, {20, 20});
    pipe(p6a, {20, 20}, {30, 20});
    pipe(p6b, {30, 20}, {40, 20});
    pipe(p7, {40, 20}, {40, 0});
    pipe(p8, {40, 0}, {40, -10});
    pipe(p9, {30, 20}, {30, 25});
    pipe(p10, {20, 0}, {20, -10});
    pipe(p12, {40, 0}, {60, 0});
    pipe(p11, {60, 0}, {70, 0});
    s.valves = {{V1, {10, 0}}, {Vc, {30, 0}}, {Vd, {20, 20}}, {Ve, {40, 20}}, {Vg, {60, 0}}};
    s.sources.push_back({201, {0, 0}});
    if (second_source) s.sources.push_back({202, {70, 0}});
    s.entrances = {{301, 401, {40, -10}}, {302, 402, {30, 25}}, {303, 403, {20, -10}}};
    s.buildings_needing_service = {401, 402, 403};
    // Without the second station, p11 would end at nothing: give it an entrance there instead.
    if (!second_source) s.entrances.push_back({304, 404, {70, 0}});
    if (!second_source) s.buildings_needing_service.push_back(404);
    return s;
}

ValveSpec& valve(GasNetworkSpec& s, std::int64_t id) {
    for (auto& v : s.valves)
        if (v.id == id) return v;
    throw std::runtime_error("no valve");
}

IsolationTrace trace(const GasNetwork& n, std::int64_t pipe) {
    auto t = n.isolate(pipe);
    EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message);
    return t.ok() ? t.value() : IsolationTrace{};
}

}  // namespace

TEST(GasNetwork, HandMadeRingIsClean) {
    auto n = GasNetwork::build(ring(true));
    auto r = n.check();
    EXPECT_TRUE(r.clean()) << (r.problems.empty() ? "" : r.problems.front().message);
    EXPECT_EQ(r.parts, 1u);
    EXPECT_EQ(r.entrances_served, 3u);
}

TEST(GasNetwork, LoopNeedsBothSidesClosedAndLosesOnlyTheZone) {
    auto n = GasNetwork::build(ring(false));
    auto t = trace(n, p8);
    EXPECT_EQ(t.valves_to_close, (Ids{Vc, Ve}));  // Vg faces only a dead end: it stays open
    EXPECT_TRUE(t.valves_already_closed.empty());
    EXPECT_TRUE(t.valves_skipped.empty());
    EXPECT_EQ(t.zone_pipes, (Ids{p4, p7, p8, p12}));
    // p11 lies beyond the open valve Vg and is fed only through the zone.
    EXPECT_EQ(t.pipes_without_supply, (Ids{p4, p7, p8, p11, p12}));
    EXPECT_EQ(t.entrances, (Ids{301, 304}));
    EXPECT_EQ(t.buildings, (Ids{401, 404}));
}

TEST(GasNetwork, NormallyClosedValveIsHonouredAsClosed) {
    auto spec = ring(false);
    valve(spec, Ve).closed = true;
    auto n = GasNetwork::build(spec);
    EXPECT_TRUE(n.check().clean());
    auto t = trace(n, p8);
    EXPECT_EQ(t.valves_to_close, (Ids{Vc}));
    EXPECT_EQ(t.valves_already_closed, (Ids{Ve}));
    // p7 was fed from K only (Ve is closed), so it loses supply too.
    EXPECT_EQ(t.pipes_without_supply, (Ids{p4, p7, p8, p11, p12}));
}

TEST(GasNetwork, InoperableValveIsSkippedAndTheSearchGoesOnOutward) {
    auto spec = ring(false);
    valve(spec, Vc).operable = false;
    auto n = GasNetwork::build(spec);
    auto t = trace(n, p8);
    EXPECT_EQ(t.valves_skipped, (Ids{Vc}));
    // The zone now reaches back to V1, Vd and Ve; only V1 faces the station, so only it is closed.
    EXPECT_EQ(t.valves_to_close, (Ids{V1}));
    EXPECT_EQ(t.pipes_without_supply, (Ids{p2, p3, p4, p5, p6a, p6b, p7, p8, p9, p10, p11, p12}));
    EXPECT_EQ(t.entrances, (Ids{301, 302, 303, 304}));
}

TEST(GasNetwork, TwoSourcesFeedTheZoneFromBothEnds) {
    auto n = GasNetwork::build(ring(true));
    auto t = trace(n, p8);
    EXPECT_EQ(t.valves_to_close, (Ids{Vc, Ve, Vg}));
    EXPECT_EQ(t.pipes_without_supply, (Ids{p4, p7, p8, p12}));
    EXPECT_EQ(t.entrances, (Ids{301}));
    // Working on the first station's own pipe: that station is shut, V1 closed, the second one feeds the
    // rest.
    auto s = trace(n, p1);
    EXPECT_EQ(s.sources_to_shut, (Ids{201}));
    EXPECT_EQ(s.valves_to_close, (Ids{V1}));
    EXPECT_EQ(s.pipes_without_supply, (Ids{p1}));
    EXPECT_TRUE(s.entrances.empty());
}

TEST(GasNetwork, SeveralTargetsGiveTheUnionOfTheirZones) {
    auto n = GasNetwork::build(ring(false));
    auto both = n.isolate(Ids{p8, p10});
    ASSERT_TRUE(both.ok());
    // Together the two zones enclose everything behind V1: Vc lies between them, and Vd, Ve and Vg face
    // parts fed only through the zones, so V1 alone is closed.
    EXPECT_EQ(both->valves_to_close, (Ids{V1}));
    EXPECT_EQ(both->entrances, (Ids{301, 302, 303, 304}));
}

TEST(GasNetwork, UnknownPipeIsNotFound) {
    auto n = GasNetwork::build(ring(false));
    auto t = n.isolate(9999);
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.error().code, gis::ErrorCode::NotFound);
    EXPECT_NE(t.error().message.find("9999"), std::string::npos);
    EXPECT_EQ(n.isolate(Ids{}).error().code, gis::ErrorCode::BadInput);
}

TEST(GasNetwork, CheckFindsDanglesPartsValvesAndBuildingsWithoutService) {
    auto spec = ring(true);
    spec.pipes.push_back({50, {{40, -10}, {40.3, -30}}, 32, "pe", "low", "service", -1});  // dangles
    spec.pipes.push_back({60, {{200, 0}, {210, 0}}, 32, "pe", "low", "main", -1});         // no station
    spec.valves.push_back({150, {100, 100}});                                              // off the network
    spec.buildings_needing_service.push_back(499);                                         // no entrance
    spec.entrances.push_back({398, 402, {31, 31}});  // a second entrance of building 402, not connected
    auto r = GasNetwork::build(spec).check();
    std::multiset<std::string> kinds;
    for (const auto& p : r.problems) kinds.insert(to_string(p.kind));
    EXPECT_EQ(kinds.count("dangle"), 3u);  // pipe 50's far end and both ends of pipe 60
    EXPECT_EQ(kinds.count("disconnected_part"), 1u);
    EXPECT_EQ(kinds.count("valve_off_network"), 1u);
    EXPECT_EQ(kinds.count("building_without_service"), 1u);
    EXPECT_EQ(kinds.count("entrance_without_service"), 1u);
    EXPECT_FALSE(r.clean());
}

TEST(GasNetwork, UnsplitTeeAndMidPipeValveAreNoded) {
    // A branch ending on a main's interior, and a valve in the middle of a pipe, both within tolerance.
    GasNetworkSpec s;
    s.pipes = {{1, {{0, 0}, {100, 0}}, 100, "pe", "low", "main", -1},
               {2, {{50, 0.2}, {50, 30}}, 63, "pe", "low", "main", -1}};
    s.valves = {{10, {50, 15}}, {11, {10, 0}}};
    s.sources = {{20, {0, 0}}};
    s.entrances = {{30, 40, {50, 30}}, {31, 41, {100, 0}}};
    auto n = GasNetwork::build(s);
    EXPECT_TRUE(n.check().clean());
    auto t = n.isolate(2);
    ASSERT_TRUE(t.ok());
    // The zone runs from pipe 2 through the tee along pipe 1 back to valve 11 (in pipe 1's middle);
    // valve 10 (in pipe 2's middle) faces only entrance 30, so it stays open.
    EXPECT_EQ(t->valves_to_close, (Ids{11}));
    EXPECT_EQ(t->zone_pipes, (Ids{1, 2}));
    EXPECT_EQ(t->entrances, (Ids{30, 31}));
    // Pipe 1 starts at the station itself: no valve separates it, so the station is shut.
    auto whole = n.isolate(1);
    ASSERT_TRUE(whole.ok());
    EXPECT_EQ(whole->sources_to_shut, (Ids{20}));
    EXPECT_TRUE(whole->valves_to_close.empty());
    EXPECT_EQ(whole->entrances, (Ids{30, 31}));
}

TEST(GasNetwork, CoveredValvesAndNearestPipe) {
    auto n = GasNetwork::build(ring(true));
    auto over = n.valves_covered(gis::Geometry::from(gis::rect(25, -5, 35, 5)));
    ASSERT_EQ(over.size(), 1u);
    EXPECT_EQ(over.front().id, Vc);
    EXPECT_EQ(over.front().distance_m, 0);
    EXPECT_TRUE(n.valves_covered(gis::Geometry::from(gis::rect(31, -5, 39, 5))).empty());
    EXPECT_EQ(n.valves_covered(gis::Geometry::from(gis::rect(31, -5, 39, 5)), 1.5).size(), 1u);
    EXPECT_EQ(n.nearest_pipe({45, -7}, 10), std::optional<std::int64_t>(p8));
    EXPECT_FALSE(n.nearest_pipe({500, 500}, 10).has_value());
}

// ---- Brute force on the shipped district --------------------------------------------------------

namespace {

/// Naive connectivity: nodes are pipe end points (to the millimetre), found by scanning every pipe; a
/// node with a closed valve stops the flow.
class NaiveNetwork {
  public:
    explicit NaiveNetwork(const gis::district::District& d) : d_(d) {}
    std::set<std::pair<long long, long long>> reach(const std::set<std::int64_t>& closed_valves,
                                                    bool stations_shut) const {
        std::set<std::pair<long long, long long>> closed, seen;
        for (const auto& v : d_.gas_valves)
            if (v.state == "closed" || closed_valves.count(v.fid)) closed.insert(key(v.location));
        std::vector<std::pair<long long, long long>> stack;
        if (!stations_shut)
            for (const auto& s : d_.gas_stations) stack.push_back(key(s.location));
        for (auto k : stack) seen.insert(k);
        while (!stack.empty()) {
            auto k = stack.back();
            stack.pop_back();
            if (closed.count(k)) continue;
            for (const auto& p : d_.gas_pipes) {  // deliberately O(pipes) per node
                auto a = key(p.line.front()), b = key(p.line.back());
                if (a == k && seen.insert(b).second) stack.push_back(b);
                if (b == k && seen.insert(a).second) stack.push_back(a);
            }
        }
        return seen;
    }
    static std::pair<long long, long long> key(Point p) {
        return {std::llround(p.x * 1000), std::llround(p.y * 1000)};
    }

  private:
    const gis::district::District& d_;
};

}  // namespace

TEST(GasNetworkShipped, HouseholdsAndShopsAffectedEqualABruteForceCount) {
    auto d = gis::district::load(NBHD_ASSET_FILE);
    ASSERT_TRUE(d.ok()) << d.error().message;
    auto gas = DistrictGas::build(d.value());
    NaiveNetwork naive(d.value());
    const auto normal = naive.reach({}, false);
    std::map<std::pair<int, int>, Point> entrance_at;
    for (const auto& e : d->entrances) entrance_at[{e.building_number, e.number}] = e.location;
    int traced = 0, with_households = 0, with_shops = 0, collapsed = 0;
    for (std::size_t i = 0; i < d->gas_pipes.size(); i += 3) {
        const auto fid = d->gas_pipes[i].fid;
        auto t = gas.network.isolate(fid);
        if (!t.ok()) {  // a stub no longer than the snapping tolerance is refused, never "nothing to close"
            EXPECT_EQ(t.error().code, gis::ErrorCode::BadInput) << t.error().message;
            EXPECT_NE(t.error().message.find("snapping tolerance"), std::string::npos);
            ++collapsed;
            continue;
        }
        const auto impact = gas.impact.impact(t.value());
        std::set<std::int64_t> closed(t->valves_to_close.begin(), t->valves_to_close.end());
        const auto now = naive.reach(closed, !t->sources_to_shut.empty());
        std::size_t lost = 0;
        for (const auto& h : d->households) {
            auto it = entrance_at.find({h.building_number, h.entrance});
            if (it == entrance_at.end()) continue;
            const auto k = NaiveNetwork::key(it->second);
            if (normal.count(k) && !now.count(k)) ++lost;
        }
        EXPECT_EQ(impact.households.size(), lost) << "pipe " << fid;
        // Shops lose gas with their building: one of its entrances lost supply.
        std::set<std::int64_t> dark_buildings;
        for (const auto& e : d->entrances)
            if (normal.count(NaiveNetwork::key(e.location)) && !now.count(NaiveNetwork::key(e.location)))
                dark_buildings.insert(e.building_fid);
        std::size_t shops = 0;
        for (const auto& sh : d->shops) shops += dark_buildings.count(sh.building_fid);
        EXPECT_EQ(impact.shops.size(), shops) << "pipe " << fid;
        with_shops += shops > 0;
        ++traced;
        with_households += lost > 0;
    }
    EXPECT_GT(traced, 50);
    EXPECT_LE(collapsed, 2) << "pipes no longer than the snapping tolerance";
    EXPECT_GT(with_households, 20);  // the comparison is not only between zeros
    EXPECT_GT(with_shops, 0);
}
