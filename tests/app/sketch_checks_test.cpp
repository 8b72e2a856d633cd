// Live checks of a plan item being drawn: pipe clearance to buildings by pressure class, and valves a
// pipe or a paving area would cover.

#include <gtest/gtest.h>

#include "app/view/core/sketch_checks.hpp"

using namespace app::view;
using gis::network::PressureClass;

namespace {

/// Two buildings (10 x 10 at x 0..10 and x 40..50, y 0..10) and three valves.
SketchChecks fixture() {
    std::vector<gis::network::ClearanceChecker::Footprint> b = {{1, gis::rect(0, 0, 10, 10)},
                                                                {2, gis::rect(40, 0, 50, 10)}};
    std::vector<SketchValve> v = {{7, {20, 11}}, {8, {60, 30}}, {9, {45, 20}}};
    return SketchChecks(std::move(b), std::move(v));
}

gis::Geometry line(std::vector<gis::Point> pts) {
    return gis::Geometry::from(gis::LineString(std::move(pts)));
}

}  // namespace

TEST(SketchChecks, PipeClearanceFollowsThePressureClass) {
    const SketchChecks c = fixture();
    EXPECT_EQ(c.buildings(), 2u);
    EXPECT_EQ(c.valves(), 3u);
    // A route 1.2 m north of both buildings: enough for low pressure (0.7 m) and medium B (1.0 m)...
    const auto route = line({{-5, 11.2}, {55, 11.2}});
    auto low = c.check("gas_pipe", route, PressureClass::Low);
    EXPECT_TRUE(low.checked);
    EXPECT_DOUBLE_EQ(low.required_m, 0.7);
    EXPECT_TRUE(low.clearance.empty());
    EXPECT_TRUE(c.check("gas_pipe", route, PressureClass::MediumB).clearance.empty());
    // ...not for medium A (1.5 m): both buildings, each once, nearest first.
    auto a = c.check("gas_pipe", route, PressureClass::MediumA);
    EXPECT_DOUBLE_EQ(a.required_m, 1.5);
    ASSERT_EQ(a.clearance.size(), 2u);
    EXPECT_NEAR(a.clearance[0].distance_m, 1.2, 1e-9);
    EXPECT_NEAR(a.clearance[1].distance_m, 1.2, 1e-9);
    EXPECT_EQ(a.clearance[0].building_id, 1);
    EXPECT_EQ(a.clearance[1].building_id, 2);
    // Closer to building 2 than to building 1: building 2 first, at its own distance.
    auto slanted = c.check("gas_pipe", line({{-5, 11.4}, {55, 10.3}}), PressureClass::Low);
    ASSERT_EQ(slanted.clearance.size(), 1u);
    EXPECT_EQ(slanted.clearance[0].building_id, 2);
    EXPECT_LT(slanted.clearance[0].distance_m, 0.7);
    // A route through a building: distance 0.
    auto through = c.check("gas_pipe", line({{5, -5}, {5, 15}}), PressureClass::Low);
    ASSERT_EQ(through.clearance.size(), 1u);
    EXPECT_DOUBLE_EQ(through.clearance[0].distance_m, 0);
}

TEST(SketchChecks, ValvesUnderAPipeOrAPavingAreaAreFlagged) {
    const SketchChecks c = fixture();
    // The route passes 0.2 m from valve 7 and 10 m from the others.
    auto pipe = c.check("gas_pipe", line({{-5, 11.2}, {55, 11.2}}), PressureClass::Low);
    ASSERT_EQ(pipe.valves.size(), 1u);
    EXPECT_EQ(pipe.valves[0].id, 7);
    // Paving over valve 9 (and near 8 but 1 m away): only 9.
    auto paving = c.check("hardening", gis::Geometry::from(gis::rect(40, 15, 59, 25)), PressureClass::Low);
    EXPECT_TRUE(paving.checked);
    EXPECT_TRUE(paving.clearance.empty());  // no clearance rule for paving
    ASSERT_EQ(paving.valves.size(), 1u);
    EXPECT_EQ(paving.valves[0].id, 9);
    // Other kinds and empty shapes are not checked.
    EXPECT_FALSE(
        c.check("greening", gis::Geometry::from(gis::rect(40, 15, 59, 25)), PressureClass::Low).checked);
    EXPECT_FALSE(c.check("gas_pipe", gis::Geometry{}, PressureClass::Low).checked);
}
