// Gas isolation from the part of the network it concerns: the same valves, zone, pipes without supply and
// households as the isolation traced over the whole network of a generated city.

#include <gtest/gtest.h>

#include "gis/district/loader.hpp"
#include "gis/network/gas_district.hpp"
#include "gis/network/gas_region.hpp"
#include "occupancy_fixture.hpp"

namespace {

using namespace gis;

const std::string& city() { return occ_test::generated_city(900); }

TEST(GasRegion, EveryIsolationEqualsTheWholeNetworksAndReadsLessOfIt) {
    auto whole = district::load(city());
    ASSERT_TRUE(whole.ok()) << whole.error().message;
    auto gas = network::DistrictGas::build(*whole);
    ASSERT_GT(whole->gas_pipes.size(), 1000u);
    int partial = 0, checked = 0;
    // Pipes spread over the city: mains, service pipes, ends of the network.
    const std::size_t step = whole->gas_pipes.size() / 60;
    for (std::size_t i = 0; i < whole->gas_pipes.size(); i += step) {
        const std::int64_t seg = whole->gas_pipes[i].fid;
        SCOPED_TRACE("segment " + std::to_string(seg));
        auto want = gas.network.isolate(seg);
        ASSERT_TRUE(want.ok());
        network::IsolationRequest req;
        req.segment = seg;
        req.first_box_m = 150;  // small, so that the box has to grow
        auto got = network::isolate_in_region(city(), req);
        ASSERT_TRUE(got.ok()) << got.error().message;
        EXPECT_EQ(got->trace.valves_to_close, want->valves_to_close);
        EXPECT_EQ(got->trace.valves_already_closed, want->valves_already_closed);
        EXPECT_EQ(got->trace.valves_skipped, want->valves_skipped);
        EXPECT_EQ(got->trace.sources_to_shut, want->sources_to_shut);
        EXPECT_EQ(got->trace.zone_pipes, want->zone_pipes);
        EXPECT_EQ(got->trace.pipes_without_supply, want->pipes_without_supply);
        EXPECT_EQ(got->trace.entrances, want->entrances);
        EXPECT_EQ(got->trace.buildings, want->buildings);
        auto impact = gas.impact.impact(*want);
        EXPECT_EQ(got->impact.households, impact.households);
        EXPECT_EQ(got->impact.shops, impact.shops);
        if (got->district.partial) ++partial;
        ++checked;
    }
    EXPECT_GE(checked, 50);
    EXPECT_GE(partial, checked / 2) << "most isolations should be answered without the whole network";
}

TEST(GasRegion, APointFindsTheNearestPipeAndBadTargetsAreErrors) {
    auto whole = district::load(city());
    ASSERT_TRUE(whole.ok());
    auto gas = network::DistrictGas::build(*whole);
    const auto& p = whole->gas_pipes[whole->gas_pipes.size() / 2];
    const Point at{p.line.front().x + 3, p.line.front().y + 2};
    network::IsolationRequest req;
    req.at = at;
    auto got = network::isolate_in_region(city(), req);
    ASSERT_TRUE(got.ok()) << got.error().message;
    EXPECT_EQ(got->segment, *gas.network.nearest_pipe(at, 25));

    network::IsolationRequest unknown;
    unknown.segment = 99'999'999;
    auto u = network::isolate_in_region(city(), unknown);
    ASSERT_FALSE(u.ok());
    EXPECT_EQ(u.error().code, ErrorCode::NotFound);

    network::IsolationRequest far;
    far.at = Point{100000, 100000};
    auto f = network::isolate_in_region(city(), far);
    ASSERT_FALSE(f.ok());
    EXPECT_EQ(f.error().code, ErrorCode::NotFound);

    network::IsolationRequest degrees;  // lon/lat where the data is in metres: named as such
    degrees.at = Point{112.9, 28.5};
    EXPECT_EQ(network::isolate_in_region(city(), degrees).error().code, ErrorCode::WrongCrs);

    network::IsolationRequest both;
    both.at = at;
    both.segment = p.fid;
    EXPECT_EQ(network::isolate_in_region(city(), both).error().code, ErrorCode::BadInput);
}

}  // namespace
