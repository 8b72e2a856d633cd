// The timeline strip's model: the schedule and conflicts the CLI prints, positions on the strip, and the
// conflicts as an overlay layer.

#include <gtest/gtest.h>

#include <filesystem>

#include "app/view/core/schedule_model.hpp"
#include "gis/geom/ops.hpp"
#include "gis/plan/session.hpp"
#include "view_test_util.hpp"

using namespace app::view;

TEST(ScheduleModel, PhasesConflictsAndTheStrip) {
    const std::string data = view_test::temp_dir() + "/d.gpkg";
    std::filesystem::copy_file(std::string(NBHD_ASSET_DIR) + "/chonghua.gpkg", data);
    {
        auto s = gis::plan::PlanSession::open(data);
        ASSERT_TRUE(s.ok());
        gis::plan::PlanItem pave, pipe;
        pave.project = pipe.project = "xingzheng-south";
        pave.kind = "hardening";
        pave.geometry = gis::Geometry::from(gis::rect(530300, 3400400, 530310, 3400410));
        pave.phase = 1;
        pipe.kind = "gas_pipe";
        pipe.geometry = gis::Geometry::from(gis::LineString{{{530295, 3400405}, {530315, 3400405}}});
        pipe.phase = 2;
        ASSERT_TRUE(s->add_item(pave).ok());
        ASSERT_TRUE(s->add_item(pipe).ok());
        ASSERT_TRUE(s->set_phase({-1, "xingzheng-south", 1, "硬化", "2027-03-01", 30}).ok());
        ASSERT_TRUE(s->set_phase({-1, "xingzheng-south", 2, "管网", "2027-03-20", 20}).ok());
    }
    auto v = load_schedule_view(data, "");
    ASSERT_TRUE(v.ok()) << v.error().message;
    EXPECT_EQ(v->schedule.project.key, "xingzheng-south");
    EXPECT_EQ(v->projects.size(), 2u);
    EXPECT_EQ(gis::plan::format_date(*v->schedule.start), "2027-03-01");
    EXPECT_EQ(gis::plan::format_date(*v->schedule.end), "2027-04-08");
    ASSERT_EQ(v->conflicts.conflicts.size(), 1u);
    EXPECT_EQ(v->conflicts.conflicts[0].kind, "trench_under_paving");
    EXPECT_NEAR(v->conflicts.conflicts[0].area_m2, 10.0, 1e-6);
    // The overlay: one feature per conflict, a polygon the map can draw at any scale.
    auto layer = conflict_layer(v->conflicts);
    ASSERT_EQ(layer.features.size(), 1u);
    EXPECT_FALSE(layer.features[0].geometry.polygons.empty());
    EXPECT_GE(gis::geom::area(layer.features[0].geometry), 10.0);
    // The strip: the first day at the left edge, the day after the last at the right edge.
    const auto first = *v->schedule.start, last = *v->schedule.end;
    EXPECT_FLOAT_EQ(timeline_x(first, first, last, 100, 500), 100);
    EXPECT_FLOAT_EQ(timeline_x(last + 1, first, last, 100, 500), 500);
    EXPECT_LT(timeline_x(first + 19, first, last, 100, 500), timeline_x(first + 20, first, last, 100, 500));
    // An unknown project is an error, not an empty strip.
    EXPECT_EQ(load_schedule_view(data, "atlantis").error().code, gis::ErrorCode::NotFound);
}
