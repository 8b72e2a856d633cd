// Plan sessions: every edit saved in a transaction, undone and redone exactly, the saved state seen on
// reopening, bad input refused with nothing written.

#include "gis/plan/session.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cmath>
#include <functional>

#include "gis/district/loader.hpp"
#include "gis/geom/ops.hpp"
#include "gis/plan/hardening.hpp"
#include "gis/plan/params.hpp"
#include "plan_test_util.hpp"

using namespace gis;
using namespace gis::plan;
using plan_test::fresh_copy;
using plan_test::stored;

namespace {

constexpr double kX = 530000, kY = 3400000;  // the district's south-west corner

PlanItem paving(double x0, double y0, double x1, double y1, const std::string& name) {
    PlanItem it;
    it.kind = "hardening";
    it.project = "xingzheng-south";
    it.name = name;
    it.geometry = Geometry::from(rect(kX + x0, kY + y0, kX + x1, kY + y1));
    return it;
}

PlanItem fence() {
    PlanItem it;
    it.kind = "fence";
    it.project = "xingzheng-south";
    it.name = "north gate railing";
    it.geometry = Geometry::from(LineString{{kX + 30, kY + 300}, {kX + 130, kY + 300}});
    return it;
}

}  // namespace

TEST(PlanSession, ShippedDataHoldsTheTwoProjects) {
    auto s = PlanSession::open(NBHD_ASSET_FILE);
    ASSERT_TRUE(s.ok()) << s.error().message;
    ASSERT_EQ(s->projects().size(), 2u);
    const Project* compound = s->find_project("Xingzheng South compound renovation");
    ASSERT_NE(compound, nullptr);
    EXPECT_EQ(compound->key, "xingzheng-south");
    EXPECT_EQ(compound->budget_cny, 2000000);
    const Project* market = s->find_project("国槐街集贸市场改造");
    ASSERT_NE(market, nullptr);
    EXPECT_EQ(market->budget_cny, 100000);
    EXPECT_TRUE(s->items().empty());
    auto unknown = s->require_project("nope");
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, ErrorCode::NotFound);
    EXPECT_NE(unknown.error().message.find("xingzheng-south"), std::string::npos);
}

TEST(PlanSession, UndoAllThenRedoAllRoundTrips) {
    auto path = fresh_copy("undo");
    auto s = PlanSession::open(path);
    ASSERT_TRUE(s.ok()) << s.error().message;
    std::vector<plan_test::Stored> states{stored(path)};
    std::int64_t a = -1, b = -1;
    std::vector<std::int64_t> group;
    const std::vector<std::function<Result<void>()>> edits = {
        [&]() -> Result<void> {
            auto id = s->add_item(paving(38, 100, 80, 106, "A"));
            if (!id) return id.error();
            a = id.value();
            return {};
        },
        [&]() -> Result<void> {
            auto id = s->add_item(fence());
            if (!id) return id.error();
            b = id.value();
            return {};
        },
        [&] {
            return s->move_vertex(a, {0, 0, 2}, {kX + 82, kY + 108});
        },
        [&] {
            return s->insert_vertex(a, {0, 0, 1}, {kX + 60, kY + 99});
        },
        [&] {
            return s->set_attributes(b, {std::string("gate railing"), std::nullopt, std::string("approved"),
                                         std::string("{\"unit_price_cny\":400}"), 2});
        },
        [&]() -> Result<void> {
            auto ids = s->add_items(
                {paving(0, 0, 5, 5, "g1"), paving(10, 0, 15, 5, "g2"), paving(20, 0, 25, 5, "g3")}, "group");
            if (!ids) return ids.error();
            group = ids.value();
            return {};
        },
        [&] { return s->remove_item(a); },
        [&] { return s->set_geometry(group[1], Geometry::from(rect(kX + 10, kY, kX + 18, kY + 5))); },
        [&] {
            return s->remove_vertex(group[1], {0, 0, 3});
        },
        [&] {
            return s->change_cases(
                {{{CaseKind::Structure, 1}, {{CaseStatus::Scheduled, "c1", "2025-03-20", "x"}}}}, "schedule");
        },
        [&] {
            return s->add_project({-1, "north-gate", "北门", "North gate", 50000, 1, "", ""});
        },
    };
    for (std::size_t i = 0; i < edits.size(); ++i) {
        auto r = edits[i]();
        ASSERT_TRUE(r.ok()) << "edit " << i << ": " << r.error().message;
        states.push_back(stored(path));
        ASSERT_FALSE(states.back() == states[states.size() - 2]) << "edit " << i << " changed nothing";
    }
    // The session shows what the file holds.
    EXPECT_EQ(s->items(), states.back().plan.items);
    ASSERT_EQ(s->item(b)->status, "approved");
    EXPECT_NEAR(s->item(b)->cost_cny, 100 * 400, 1e-6);
    EXPECT_EQ(s->item(a), nullptr);

    for (std::size_t i = edits.size(); i-- > 0;) {
        ASSERT_TRUE(s->can_undo());
        auto r = s->undo();
        ASSERT_TRUE(r.ok()) << r.error().message;
        EXPECT_TRUE(stored(path) == states[i]) << "after undoing edit " << i;
        EXPECT_EQ(s->items(), states[i].plan.items);
    }
    EXPECT_FALSE(s->can_undo());
    for (std::size_t i = 0; i < edits.size(); ++i) {
        ASSERT_TRUE(s->can_redo());
        auto r = s->redo();
        ASSERT_TRUE(r.ok()) << r.error().message;
        EXPECT_TRUE(stored(path) == states[i + 1]) << "after redoing edit " << i;
    }
    EXPECT_FALSE(s->can_redo());
    // Reopening shows the saved state.
    auto again = PlanSession::open(path);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->items(), states.back().plan.items);
    EXPECT_FALSE(again->can_undo());
    EXPECT_TRUE(check_integrity(path).ok());
}

TEST(PlanSession, ANewEditClearsRedoAndIdsStayStable) {
    auto path = fresh_copy("redo");
    auto s = PlanSession::open(path);
    ASSERT_TRUE(s.ok());
    auto a = s->add_item(paving(38, 100, 80, 106, "A"));
    ASSERT_TRUE(a.ok());
    ASSERT_TRUE(s->remove_item(a.value()).ok());
    ASSERT_TRUE(s->undo().ok());  // the item is back under the same id
    ASSERT_NE(s->item(a.value()), nullptr);
    ASSERT_TRUE(s->set_attributes(a.value(), {std::string("renamed"), {}, {}, {}, {}}).ok());
    EXPECT_FALSE(s->can_redo());
    EXPECT_EQ(s->undo_label(), "Change attributes");
    auto b = s->add_item(paving(0, 0, 5, 5, "B"));
    ASSERT_TRUE(b.ok());
    EXPECT_NE(b.value(), a.value());
    auto again = PlanSession::open(path);
    ASSERT_TRUE(again.ok());
    ASSERT_EQ(again->items().size(), 2u);
    EXPECT_EQ(again->item(a.value())->name, "renamed");
    EXPECT_EQ(again->item(b.value())->name, "B");
}

TEST(PlanSession, QuantitiesFollowTheShape) {
    auto path = fresh_copy("quantities");
    auto s = PlanSession::open(path);
    ASSERT_TRUE(s.ok());
    auto id = s->add_item(paving(0, 0, 10, 10, "square"));
    ASSERT_TRUE(id.ok());
    const double price = paving_price_per_m2(Material::Concrete, 0.20);
    EXPECT_NEAR(s->item(id.value())->area_m2, 100, 1e-9);
    EXPECT_NEAR(s->item(id.value())->volume_m3, 20, 1e-9);
    EXPECT_NEAR(s->item(id.value())->cost_cny, 100 * price, 0.01);
    ASSERT_TRUE(s->move_vertex(id.value(), {0, 0, 2}, {kX + 20, kY + 10}).ok());  // (10,10) -> (20,10)
    EXPECT_NEAR(s->item(id.value())->area_m2, 150, 1e-9);
    EXPECT_NEAR(s->item(id.value())->cost_cny, 150 * price, 0.01);
    ASSERT_TRUE(s->undo().ok());
    EXPECT_NEAR(s->item(id.value())->area_m2, 100, 1e-9);
}

TEST(PlanSession, BadEditsAreRefusedAndWriteNothing) {
    auto path = fresh_copy("bad");
    auto s = PlanSession::open(path);
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE(s->add_item(paving(0, 0, 10, 10, "ok")).ok());
    const auto before = stored(path);
    auto expect_refused = [&](Result<void> r, ErrorCode code) {
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, code) << r.error().message;
        EXPECT_TRUE(stored(path) == before);
    };
    auto id = s->items().front().id;
    PlanItem unknown_project = paving(0, 0, 1, 1, "x");
    unknown_project.project = "atlantis";
    auto r1 = s->add_item(unknown_project);
    expect_refused(r1.ok() ? Result<void>{} : Result<void>{r1.error()}, ErrorCode::NotFound);
    PlanItem bow_tie = paving(0, 0, 1, 1, "bow tie");
    bow_tie.geometry =
        Geometry::from(Polygon{{{kX, kY}, {kX + 10, kY + 10}, {kX + 10, kY}, {kX, kY + 10}, {kX, kY}}, {}});
    auto r2 = s->add_item(bow_tie);
    expect_refused(r2.ok() ? Result<void>{} : Result<void>{r2.error()}, ErrorCode::InvalidGeometry);
    PlanItem line_as_area = fence();
    line_as_area.kind = "hardening";
    auto r3 = s->add_item(line_as_area);
    expect_refused(r3.ok() ? Result<void>{} : Result<void>{r3.error()}, ErrorCode::BadInput);
    expect_refused(s->set_attributes(id, {{}, {}, {}, {}, 9}), ErrorCode::BadInput);  // 4 phases only
    expect_refused(s->set_attributes(id, {{}, {}, std::string("finished"), {}, {}}), ErrorCode::BadInput);
    expect_refused(s->set_attributes(id, {{}, {}, {}, std::string("[1,2]"), {}}), ErrorCode::BadInput);
    expect_refused(s->move_vertex(id, {0, 0, 9}, {kX, kY}), ErrorCode::BadInput);
    // Moving a corner across the square makes it cross itself.
    expect_refused(s->move_vertex(id, {0, 0, 1}, {kX + 5, kY + 20}), ErrorCode::InvalidGeometry);
    expect_refused(s->remove_item(12345), ErrorCode::NotFound);
    expect_refused(
        s->change_cases({{{CaseKind::Graffiti, 1}, {{CaseStatus::Cleared, "", "2025-01-01", ""}}}}, "x"),
        ErrorCode::BadInput);
    EXPECT_EQ(s->undo_label(), "Add item");
}

TEST(PlanSession, ReadOnlyFileIsRefusedUnchanged) {
    auto path = fresh_copy("readonly");
    auto s = PlanSession::open(path);
    ASSERT_TRUE(s.ok());
    ::chmod(path.c_str(), 0444);
    auto r = s->add_item(paving(0, 0, 10, 10, "x"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::ReadOnly);
    EXPECT_TRUE(s->items().empty());
    EXPECT_FALSE(s->can_undo());
    ::chmod(path.c_str(), 0644);
    EXPECT_TRUE(read_plan(path)->items.empty());
}

TEST(PlanSession, HardeningSavedAsOneUndoableStep) {
    auto path = fresh_copy("hardening");
    auto d = district::load(path);
    ASSERT_TRUE(d.ok());
    auto scope = compound_scope(d.value());
    ASSERT_TRUE(scope.ok());
    auto plan = plan_hardening(d.value(), scope.value());
    auto s = PlanSession::open(path);
    ASSERT_TRUE(s.ok());
    auto ids = s->add_items(to_items(plan, "xingzheng-south", 2), "Hardening");
    ASSERT_TRUE(ids.ok()) << ids.error().message;
    ASSERT_EQ(ids->size(), plan.parts.size());
    double area = 0, cost = 0;
    auto reopened = PlanSession::open(path);
    ASSERT_TRUE(reopened.ok());
    for (const auto& it : reopened->items()) {
        area += it.area_m2;
        cost += it.cost_cny;
        EXPECT_EQ(it.phase, 2);
        EXPECT_EQ(param_string(it.params, "material"), "concrete");
    }
    EXPECT_NEAR(area, plan.area_m2, 0.01);
    EXPECT_NEAR(cost, plan.cost_cny, 1.0);
    ASSERT_TRUE(s->undo().ok());
    EXPECT_TRUE(PlanSession::open(path)->items().empty());
}

TEST(PlanSession, ParameterRangesAreOneRuleForEverySave) {
    // The rule itself: each ranged parameter, its bounds, and a message naming them.
    EXPECT_TRUE(check_param("diameter_mm", 110));
    EXPECT_TRUE(check_param("material", -5)) << "a parameter without a range";
    auto low = check_param("diameter_mm", 0);
    ASSERT_FALSE(low);
    EXPECT_EQ(low.error().message, "diameter_mm must be a number in 1..2000, got 0");
    EXPECT_FALSE(check_param("thickness_m", 0.01));
    EXPECT_FALSE(check_param("thickness_m", 1.5));
    EXPECT_FALSE(check_param("unit_price_cny", -1));
    EXPECT_FALSE(check_param("height_m", std::nan("")));
    EXPECT_FALSE(check_params(R"({"depth_m": "deep"})"));
    EXPECT_TRUE(check_params(R"({"depth_m": 1.2, "material": "pe"})"));

    // A save through the session (the sketch form's path) refuses what the command line refuses.
    auto path = fresh_copy("ranges");
    auto s = PlanSession::open(path);
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE(s->add_item(paving(0, 0, 10, 10, "ok")).ok());
    const auto before = stored(path);
    PlanItem thick = paving(20, 0, 30, 10, "too thick");
    thick.params = R"({"thickness_m": 5})";
    auto r = s->add_item(thick);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::BadInput);
    EXPECT_NE(r.error().message.find("thickness_m must be a number in 0.02..1"), std::string::npos)
        << r.error().message;
    const auto id = s->items().front().id;
    auto r2 = s->set_attributes(id, {{}, {}, {}, std::string(R"({"unit_price_cny": -3})"), {}});
    ASSERT_FALSE(r2.ok());
    EXPECT_TRUE(stored(path) == before);
}

TEST(PlanSession, ADrawnPipeGetsTheDiameterAndPriceOfANewRoute) {
    auto path = fresh_copy("pipe-defaults");
    auto s = PlanSession::open(path);
    ASSERT_TRUE(s.ok());
    PlanItem pipe = fence();
    pipe.kind = "gas_pipe";
    pipe.params = "{}";  // as the sketch tools draw it
    auto id = s->add_item(pipe);
    ASSERT_TRUE(id.ok()) << id.error().message;
    const PlanItem* it = s->item(id.value());
    ASSERT_NE(it, nullptr);
    EXPECT_EQ(param_string(it->params, "material"), "pe");
    EXPECT_EQ(param_number(it->params, "diameter_mm"), 110.0);
    EXPECT_NEAR(it->length_m, 100, 1e-9);
    EXPECT_NEAR(it->unit_price_cny, 380, 1e-9);  // the price table's pe de110
    EXPECT_NEAR(it->cost_cny, 38000, 0.01);
    // A steel pipe gets DN 100; what is given is kept.
    EXPECT_EQ(param_number(with_default_params("gas_pipe", R"({"material":"steel"})"), "diameter_mm"), 100.0);
    EXPECT_EQ(param_number(with_default_params("gas_pipe", R"({"diameter_mm":160})"), "diameter_mm"), 160.0);
    EXPECT_EQ(param_number(with_default_params("hardening", R"({"material":"asphalt"})"), "thickness_m"),
              default_thickness(Material::Asphalt));
}
