// The gas panel's trace model on the shipped district: valves with their records, per-building counts
// against brute-force counts over the district's households and shops, and errors for unknown pipes.

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "app/view/core/gas_trace_model.hpp"
#include "gis/district/loader.hpp"

using namespace app::view;

namespace {

const GasTraceModel& model() {
    static const std::unique_ptr<GasTraceModel> m = [] {
        auto d = gis::district::load(std::string(NBHD_ASSET_DIR) + "/chonghua.gpkg");
        EXPECT_TRUE(d.ok()) << (d ? "" : d.error().message);
        return GasTraceModel::build(std::move(d.value()));
    }();
    return *m;
}

GasTraceResult trace(std::int64_t pipe) {
    auto r = model().trace(pipe);
    EXPECT_TRUE(r.ok()) << (r ? "" : r.error().message);
    return std::move(r.value());
}

}  // namespace

TEST(GasTraceModel, UnknownSegmentIsNotFound) {
    auto r = model().trace(987654);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, gis::ErrorCode::NotFound);
}

TEST(GasTraceModel, ValvesCarryTheirRecordsInRoleOrder) {
    // Segment 60 lies behind a seized valve (5): the trace goes past it and closes valve 2.
    const GasTraceResult r = trace(60);
    ASSERT_EQ(r.valves.size(), 2u);
    EXPECT_EQ(r.valves[0].id, 2);
    EXPECT_EQ(r.valves[0].role, GasTraceValve::Role::Close);
    EXPECT_EQ(r.valves[1].id, 5);
    EXPECT_EQ(r.valves[1].role, GasTraceValve::Role::Skipped);
    EXPECT_FALSE(r.valves[1].operable);
    EXPECT_EQ(r.trace.valves_skipped, (std::vector<std::int64_t>{5}));
    for (const auto& v : r.valves) {
        const auto& src = model().district().gas_valves;
        auto it = std::find_if(src.begin(), src.end(), [&](const auto& x) { return x.fid == v.id; });
        ASSERT_NE(it, src.end());
        EXPECT_EQ(v.diameter_mm, it->diameter_mm);
        EXPECT_EQ(v.state, it->state);
        EXPECT_EQ(v.operable, it->operable);
        EXPECT_EQ(v.location, it->location);
        EXPECT_TRUE(r.extent.contains(v.location));
    }
    EXPECT_EQ(r.valves[0].diameter_mm, 100);
    EXPECT_EQ(r.segments(), 110u);
    EXPECT_EQ(r.impact.households.size(), 458u);
}

TEST(GasTraceModel, PerBuildingCountsMatchABruteForceCount) {
    const auto& d = model().district();
    for (std::int64_t pipe : {60, 120, 150, 200}) {
        const GasTraceResult r = trace(pipe);
        ASSERT_FALSE(r.buildings.empty()) << pipe;
        const std::set<std::int64_t> lost(r.impact.entrances.begin(), r.impact.entrances.end());
        std::map<std::int64_t, int> households, entrances, shops;
        for (const auto& e : d.entrances) {
            if (!lost.count(e.fid)) continue;
            ++entrances[e.building_fid];
            for (const auto& h : d.households)
                if (h.building_number == e.building_number && h.entrance == e.number) ++households[e.building_fid];
        }
        const std::set<std::int64_t> lost_buildings(r.impact.buildings.begin(), r.impact.buildings.end());
        for (const auto& s : d.shops)
            if (lost_buildings.count(s.building_fid)) ++shops[s.building_fid];
        std::size_t sum = 0;
        for (const auto& b : r.buildings) {
            EXPECT_EQ(b.households, households[b.fid]) << pipe << " building " << b.fid;
            EXPECT_EQ(b.entrances, entrances[b.fid]) << pipe << " building " << b.fid;
            EXPECT_EQ(b.shops, shops[b.fid]) << pipe << " building " << b.fid;
            const auto* src = d.building_by_fid(b.fid);
            ASSERT_NE(src, nullptr);
            EXPECT_EQ(b.number, src->number);
            EXPECT_FALSE(b.box.empty());
            sum += static_cast<std::size_t>(b.households);
        }
        EXPECT_EQ(sum, r.impact.households.size()) << pipe;
        EXPECT_EQ(r.buildings.size(), r.impact.buildings.size()) << pipe;
        // Residential buildings first, by number.
        for (std::size_t i = 1; i < r.buildings.size(); ++i)
            if (r.buildings[i].number > 0) {
                EXPECT_GT(r.buildings[i - 1].number, 0);
                EXPECT_LT(r.buildings[i - 1].number, r.buildings[i].number);
            }
    }
}

TEST(GasTraceModel, LengthIsTheSumOfThePipesWithoutSupply) {
    const GasTraceResult r = trace(150);
    double expected = 0;
    const std::set<std::int64_t> ids(r.trace.pipes_without_supply.begin(), r.trace.pipes_without_supply.end());
    for (const auto& p : model().district().gas_pipes)
        if (ids.count(p.fid)) expected += gis::length_of(p.line);
    EXPECT_NEAR(r.length_m, expected, 1e-6);
    EXPECT_GT(r.length_m, 0);
    EXPECT_EQ(r.segments(), 6u);
    EXPECT_EQ(r.valves_to_close(), 1u);
    EXPECT_EQ(r.impact.households.size(), 36u);
}

TEST(GasTraceModel, AStationFedSegmentNeedsTheStationShut) {
    const GasTraceResult r = trace(1);
    EXPECT_TRUE(r.trace.valves_to_close.empty());
    EXPECT_FALSE(r.trace.sources_to_shut.empty());
    EXPECT_EQ(r.impact.households.size(), 1037u);  // every resident household
}
