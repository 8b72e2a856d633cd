// The gating panel's model: the same proposal, check and cost as `nbhd plan gating --check`, with a gate
// shut; and the overlays it puts on the map.

#include <gtest/gtest.h>

#include <cmath>

#include "app/view/core/gating_model.hpp"

using namespace app::view;

TEST(GatingModel, TheCheckWithAGateShutAndItsOverlays) {
    const std::string data = std::string(NBHD_ASSET_DIR) + "/chonghua.gpkg";
    auto open = load_gating_view(data, {});
    ASSERT_TRUE(open.ok()) << open.error().message;
    EXPECT_NEAR(open->proposal.fence_length_m, 1283, 0.5);
    EXPECT_NEAR(open->cost.total_cny, 562540, 1);  // 1,283 m × ¥380 + 3 × ¥25,000
    EXPECT_NEAR(open->check.longest_after_m, 289.4, 0.05);
    EXPECT_TRUE(open->check.ok());
    auto shut = load_gating_view(data, {"行政南小区南门"});
    ASSERT_TRUE(shut.ok()) << shut.error().message;
    EXPECT_NEAR(shut->check.longest_after_m, 400.4, 0.05);
    auto gates = gating_gate_layer(shut.value());
    ASSERT_EQ(gates.features.size(), 3u);
    int open_gates = 0;
    for (const auto& f : gates.features) open_gates += static_cast<int>(std::get<std::int64_t>(f.values[0]));
    EXPECT_EQ(open_gates, 2);
    EXPECT_FALSE(gating_fence_layer(shut.value()).features.empty());
    std::size_t routes = 0;
    for (const auto& e : shut->check.entrances) routes += e.route_after.size() >= 2;
    EXPECT_EQ(gating_route_layer(shut.value()).features.size(), routes);
    EXPECT_GT(routes, 0u);
    // Every gate shut: buildings are cut off, and the check says so.
    auto none = load_gating_view(data, {"1", "2", "3"});
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->check.ok());
    // An unknown gate is an error, not an open compound.
    EXPECT_FALSE(load_gating_view(data, {"东门"}).ok());
}
