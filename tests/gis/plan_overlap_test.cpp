// Work counted twice: every save path of a plan session (add_item, add_items, update_item, the vertex
// edits) refuses, trims or keeps work its project already has, measured on hand-made squares and lines.

#include "gis/plan/overlap.hpp"

#include <gtest/gtest.h>

#include "gis/geom/ops.hpp"
#include "gis/plan/params.hpp"
#include "gis/plan/session.hpp"
#include "plan_test_util.hpp"

using namespace gis;
using namespace gis::plan;
using plan_test::fresh_copy;
using plan_test::stored;

namespace {

constexpr double kX = 530000, kY = 3400000;  // the district's south-west corner
constexpr const char* kCompound = "xingzheng-south";

PlanItem area(const std::string& kind, double x0, double y0, double x1, double y1,
              const std::string& project = kCompound) {
    PlanItem it;
    it.kind = kind;
    it.project = project;
    it.name = kind;
    it.geometry = Geometry::from(rect(kX + x0, kY + y0, kX + x1, kY + y1));
    return it;
}

PlanItem paving(double x0, double y0, double x1, double y1) { return area("hardening", x0, y0, x1, y1); }

PlanItem line(const std::string& kind, double x0, double y0, double x1, double y1) {
    PlanItem it;
    it.kind = kind;
    it.project = kCompound;
    it.name = kind;
    it.geometry = Geometry::from(LineString{{kX + x0, kY + y0}, {kX + x1, kY + y1}});
    return it;
}

PlanSession open(const std::string& path) {
    auto s = PlanSession::open(path);
    EXPECT_TRUE(s.ok()) << s.error().message;
    return std::move(s.value());
}

std::int64_t add(PlanSession& s, PlanItem it, OverlapPolicy policy = OverlapPolicy::Refuse) {
    auto id = s.add_item(std::move(it), policy);
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? id.value() : -1;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// The stored A (0,0)-(20,20) and C (20,0)-(40,10); a new B (10,5)-(30,15) of 200 m² overlaps A by
/// 100 m² and C by 50 m², so 50 m² of it are not planned yet.
struct TwoSquares {
    std::string path = fresh_copy("overlap");
    PlanSession s = open(path);
    std::int64_t a = add(s, paving(0, 0, 20, 20));
    std::int64_t c = add(s, paving(20, 0, 40, 10));
    PlanItem b = paving(10, 5, 30, 15);
};

}  // namespace

TEST(PlanOverlap, AddItemRefusedNamesTheItemsAndTheArea) {
    TwoSquares f;
    const auto before = stored(f.path);
    Overlap found;
    auto r = f.s.add_item(f.b, OverlapPolicy::Refuse, &found);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::BadInput);
    const std::string& m = r.error().message;
    EXPECT_TRUE(has(m, "project xingzheng-south already has hardening items " + std::to_string(f.a) +
                           " (100.0 m²), " + std::to_string(f.c) +
                           " (50.0 m²) covering 150.0 m² of this item"))
        << m;
    EXPECT_TRUE(has(m, "count them twice, so nothing was saved")) << m;
    EXPECT_TRUE(has(m, "--trim") && has(m, "--append")) << m;
    ASSERT_EQ(found.with.size(), 2u);
    EXPECT_EQ(found.ids(), (std::vector<std::int64_t>{f.a, f.c}));
    EXPECT_NEAR(found.with[0].area_m2, 100, 0.01);
    EXPECT_NEAR(found.with[1].area_m2, 50, 0.01);
    EXPECT_NEAR(found.area_m2, 150, 0.01);
    EXPECT_TRUE(stored(f.path) == before);
    EXPECT_EQ(f.s.items().size(), 2u);
    EXPECT_EQ(f.s.undo_label(), "Add item");  // the refused save is no undo step
}

TEST(PlanOverlap, AddItemTrimmedKeepsTheUnplannedPart) {
    TwoSquares f;
    Overlap found;
    auto id = f.s.add_item(f.b, OverlapPolicy::Trim, &found);
    ASSERT_TRUE(id.ok()) << id.error().message;
    EXPECT_NEAR(found.area_m2, 150, 0.01);
    const auto* it = f.s.item(id.value());
    ASSERT_NE(it, nullptr);
    EXPECT_NEAR(it->area_m2, 50, 0.01);
    EXPECT_NEAR(geom::area(it->geometry), 50, 0.01);
    EXPECT_NEAR(geom::overlap_area(it->geometry, f.s.item(f.a)->geometry), 0, 0.01);
    EXPECT_NEAR(geom::overlap_area(it->geometry, f.s.item(f.c)->geometry), 0, 0.01);
    // The quantities follow the trimmed shape: 50 m² of 0.20 m concrete at 92 CNY/m².
    EXPECT_NEAR(it->volume_m3, 10, 0.01);
    EXPECT_NEAR(it->cost_cny, 50 * 92, 1);
    // What is stored is what the session shows.
    auto reread = read_plan(f.path);
    ASSERT_TRUE(reread.ok());
    EXPECT_EQ(reread->items, f.s.items());
    // Undone as one step.
    ASSERT_TRUE(f.s.undo().ok());
    EXPECT_EQ(f.s.items().size(), 2u);
}

TEST(PlanOverlap, AddItemKeptSavesBoth) {
    TwoSquares f;
    Overlap found;
    auto id = f.s.add_item(f.b, OverlapPolicy::Keep, &found);
    ASSERT_TRUE(id.ok()) << id.error().message;
    EXPECT_NEAR(found.area_m2, 150, 0.01);  // said, though kept
    EXPECT_EQ(f.s.items().size(), 3u);
    EXPECT_NEAR(f.s.item(id.value())->area_m2, 200, 1e-9);
}

TEST(PlanOverlap, WhollyPlannedItemCannotBeTrimmed) {
    TwoSquares f;
    const auto before = stored(f.path);
    auto r = f.s.add_item(paving(2, 2, 18, 18), OverlapPolicy::Trim);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::BadInput);
    EXPECT_TRUE(has(r.error().message, "the whole item is already planned")) << r.error().message;
    EXPECT_TRUE(stored(f.path) == before);
}

TEST(PlanOverlap, SmallOverlapsAndOtherWorkDoNotCount) {
    TwoSquares f;
    // Under 1 m²: 0.5 m x 1.5 m = 0.75 m².
    EXPECT_GT(add(f.s, paving(-0.5, 5, 0, 6.5)), 0);
    // Another kind over the same ground, the same kind in another project, an item without a project.
    EXPECT_GT(add(f.s, area("greening", 0, 0, 20, 20)), 0);
    EXPECT_GT(add(f.s, area("hardening", 0, 0, 20, 20, "guohuai-market")), 0);
    EXPECT_GT(add(f.s, area("hardening", 0, 0, 20, 20, "")), 0);
    EXPECT_EQ(f.s.items().size(), 6u);
}

TEST(PlanOverlap, AnItemNeverOverlapsItself) {
    auto path = fresh_copy("self");
    auto s = open(path);
    const auto id = add(s, paving(0, 0, 10, 10));
    // (10,10) -> (20,10): a lone item grows over where it was.
    ASSERT_TRUE(s.move_vertex(id, {0, 0, 2}, {kX + 20, kY + 10}).ok());
    EXPECT_NEAR(s.item(id)->area_m2, 150, 1e-9);
    ASSERT_TRUE(s.insert_vertex(id, {0, 0, 1}, {kX + 5, kY - 2}).ok());
    ASSERT_TRUE(s.remove_vertex(id, {0, 0, 2}).ok());
    ASSERT_TRUE(s.set_geometry(id, Geometry::from(rect(kX + 1, kY + 1, kX + 11, kY + 11))).ok());
    ASSERT_TRUE(s.set_attributes(id, {std::string("renamed"), {}, std::string("approved"), {}, {}}).ok());
}

TEST(PlanOverlap, AddItemsRefusedTrimmedOrKept) {
    TwoSquares f;
    const auto before = stored(f.path);
    const std::vector<PlanItem> batch = {paving(100, 0, 110, 10), f.b};
    auto refused = f.s.add_items(batch, "batch");
    ASSERT_FALSE(refused.ok());
    EXPECT_TRUE(has(refused.error().message, "covering 150.0 m² of these 2 items"))
        << refused.error().message;
    EXPECT_TRUE(stored(f.path) == before);  // not even the free item

    auto trimmed = f.s.add_items(batch, "batch", OverlapPolicy::Trim);
    ASSERT_TRUE(trimmed.ok()) << trimmed.error().message;
    ASSERT_EQ(trimmed->size(), 2u);
    EXPECT_NEAR(f.s.item((*trimmed)[0])->area_m2, 100, 1e-9);
    EXPECT_NEAR(f.s.item((*trimmed)[1])->area_m2, 50, 0.01);
    ASSERT_TRUE(f.s.undo().ok());

    // Trimming several: one wholly planned already is left out; the rest are saved.
    auto partly =
        f.s.add_items({paving(100, 0, 110, 10), paving(2, 2, 18, 18)}, "batch", OverlapPolicy::Trim);
    ASSERT_TRUE(partly.ok()) << partly.error().message;
    ASSERT_EQ(partly->size(), 1u);
    EXPECT_NEAR(f.s.item(partly->front())->area_m2, 100, 1e-9);
    EXPECT_EQ(f.s.items().size(), 3u);
    ASSERT_TRUE(f.s.undo().ok());
    auto none = f.s.add_items({paving(2, 2, 18, 18), paving(21, 1, 39, 9)}, "batch", OverlapPolicy::Trim);
    ASSERT_FALSE(none.ok());
    EXPECT_TRUE(has(none.error().message, "all 2 items are already planned")) << none.error().message;

    auto kept = f.s.add_items(batch, "batch", OverlapPolicy::Keep);
    ASSERT_TRUE(kept.ok()) << kept.error().message;
    EXPECT_NEAR(f.s.item((*kept)[1])->area_m2, 200, 1e-9);
    EXPECT_EQ(f.s.items().size(), 4u);
}

TEST(PlanOverlap, UpdateItemRefusedTrimmedOrKept) {
    TwoSquares f;
    const auto b = add(f.s, paving(100, 0, 120, 10));
    const auto before = stored(f.path);
    const Geometry onto = f.b.geometry;  // moved over A and C
    auto refused = f.s.update_item(b, &onto, {});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::BadInput);
    EXPECT_TRUE(has(refused.error().message, "covering 150.0 m² of this item")) << refused.error().message;
    EXPECT_TRUE(stored(f.path) == before);
    EXPECT_NEAR(f.s.item(b)->area_m2, 200, 1e-9);

    Overlap found;
    ASSERT_TRUE(f.s.set_geometry(b, onto, OverlapPolicy::Trim, &found).ok());
    EXPECT_EQ(found.ids(), (std::vector<std::int64_t>{f.a, f.c}));
    EXPECT_NEAR(f.s.item(b)->area_m2, 50, 0.01);
    ASSERT_TRUE(f.s.undo().ok());
    EXPECT_NEAR(f.s.item(b)->area_m2, 200, 1e-9);

    ASSERT_TRUE(f.s.update_item(b, &onto, {}, OverlapPolicy::Keep).ok());
    EXPECT_NEAR(f.s.item(b)->area_m2, 200, 1e-9);
    // An item kept over planned work can still change its status or name unchecked.
    ASSERT_TRUE(f.s.set_attributes(b, {std::string("kept"), {}, std::string("approved"), {}, {}}).ok());
}

TEST(PlanOverlap, MovingToAnotherProjectIsChecked) {
    TwoSquares f;
    const auto m = add(f.s, area("hardening", 10, 5, 30, 15, "guohuai-market"));  // the same ground as B
    auto r = f.s.set_attributes(m, {{}, std::string(kCompound), {}, {}, {}});
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(has(r.error().message, "covering 150.0 m²")) << r.error().message;
    EXPECT_EQ(f.s.item(m)->project, "guohuai-market");
    ASSERT_TRUE(f.s.set_attributes(m, {{}, std::string(kCompound), {}, {}, {}}, OverlapPolicy::Trim).ok());
    EXPECT_EQ(f.s.item(m)->project, kCompound);
    EXPECT_NEAR(f.s.item(m)->area_m2, 50, 0.01);
}

TEST(PlanOverlap, MoveVertexRefusedTrimmedOrKept) {
    auto path = fresh_copy("vertex");
    auto s = open(path);
    const auto a = add(s, paving(0, 0, 20, 20));
    const auto b = add(s, paving(30, 0, 50, 20));  // 10 m east of A
    const auto before = stored(path);
    // B's corner 0 (30,0) pulled to (10,0): B becomes (10,0),(50,0),(50,20),(30,20), a trapezoid of
    // 600 m² of which the triangle (10,0),(20,0),(20,10) = 50 m² lies on A.
    const Point to{kX + 10, kY};
    auto refused = s.move_vertex(b, {0, 0, 0}, to);
    ASSERT_FALSE(refused.ok());
    EXPECT_TRUE(has(refused.error().message,
                    "hardening item " + std::to_string(a) + " (50.0 m²) covering 50.0 m² of this item"))
        << refused.error().message;
    EXPECT_TRUE(stored(path) == before);
    EXPECT_NEAR(s.item(b)->area_m2, 400, 1e-9);

    ASSERT_TRUE(s.move_vertex(b, {0, 0, 0}, to, OverlapPolicy::Trim).ok());
    EXPECT_NEAR(s.item(b)->area_m2, 550, 0.01);
    EXPECT_NEAR(geom::overlap_area(s.item(b)->geometry, s.item(a)->geometry), 0, 0.01);
    ASSERT_TRUE(s.undo().ok());

    ASSERT_TRUE(s.move_vertex(b, {0, 0, 0}, to, OverlapPolicy::Keep).ok());
    EXPECT_NEAR(s.item(b)->area_m2, 600, 1e-9);
    ASSERT_TRUE(s.undo().ok());
    // Inserting a vertex into A's ground is checked the same way.
    auto inserted = s.insert_vertex(b, {0, 0, 4}, {kX + 15, kY + 10});
    ASSERT_FALSE(inserted.ok());
    EXPECT_TRUE(has(inserted.error().message, "count them twice")) << inserted.error().message;
}

TEST(PlanOverlap, LinesAlongLinesOfTheSameKind) {
    auto path = fresh_copy("lines");
    auto s = open(path);
    const auto f1 = add(s, line("fence", 0, 100, 100, 100));
    // Along it from x = 50: 50 m on it and 0.5 m of the round end; 100.5 - 50 = 50.5 m counts twice.
    const PlanItem f2 = line("fence", 50, 100, 150, 100);
    const auto before = stored(path);
    auto refused = s.add_item(f2);
    ASSERT_FALSE(refused.ok());
    EXPECT_TRUE(has(refused.error().message,
                    "fence item " + std::to_string(f1) + " (50.5 m) along 50.5 m of this item"))
        << refused.error().message;
    EXPECT_TRUE(stored(path) == before);

    auto trimmed = s.add_item(f2, OverlapPolicy::Trim);
    ASSERT_TRUE(trimmed.ok()) << trimmed.error().message;
    EXPECT_NEAR(s.item(trimmed.value())->length_m, 49.5, 0.01);
    ASSERT_TRUE(s.undo().ok());
    auto kept = s.add_item(f2, OverlapPolicy::Keep);
    ASSERT_TRUE(kept.ok());
    EXPECT_NEAR(s.item(kept.value())->length_m, 100, 1e-9);
    ASSERT_TRUE(s.undo().ok());

    // 0.4 m beside it is along it; 0.6 m beside it is not; crossing it is not; a gas pipe is other work.
    EXPECT_FALSE(s.add_item(line("fence", 10, 100.4, 60, 100.4)).ok());
    EXPECT_GT(add(s, line("fence", 10, 100.6, 60, 100.6)), 0);
    EXPECT_GT(add(s, line("fence", 20, 50, 20, 150)), 0);
    EXPECT_GT(add(s, line("gas_pipe", 0, 100, 100, 100)), 0);
}

TEST(PlanOverlap, TheSamePipeCannotBeTrimmed) {
    auto path = fresh_copy("pipe");
    auto s = open(path);
    PlanItem p1 = line("gas_pipe", 0, 200, 40, 200);
    p1.params = with_param("{}", "pipe_id", 17.0);
    const auto first = add(s, p1);
    PlanItem p2 = line("gas_pipe", 0, 250, 40, 250);  // elsewhere, but the same pipe
    p2.params = p1.params;
    auto refused = s.add_item(p2);
    ASSERT_FALSE(refused.ok());
    EXPECT_TRUE(has(refused.error().message, "gas_pipe item " + std::to_string(first) + " (the same pipe)"))
        << refused.error().message;
    auto trim = s.add_item(p2, OverlapPolicy::Trim);
    ASSERT_FALSE(trim.ok());
    EXPECT_TRUE(has(trim.error().message, "no part of it to trim")) << trim.error().message;
    EXPECT_EQ(s.items().size(), 1u);
    EXPECT_TRUE(s.add_item(p2, OverlapPolicy::Keep).ok());
    PlanItem other = line("gas_pipe", 0, 300, 40, 300);  // another pipe elsewhere
    other.params = with_param("{}", "pipe_id", 18.0);
    EXPECT_GT(add(s, other), 0);
}

TEST(PlanOverlap, TheSameCleanUpCampaignCountsTwice) {
    auto path = fresh_copy("campaign");
    auto s = open(path);
    PlanItem c;
    c.kind = "cleanup";
    c.project = kCompound;
    c.name = "spring";
    c.params = with_param(with_param("{}", "campaign", std::string("spring")), "cost_cny", 5000.0);
    const auto first = add(s, c);
    auto refused = s.add_item(c);
    ASSERT_FALSE(refused.ok());
    EXPECT_TRUE(
        has(refused.error().message, "cleanup item " + std::to_string(first) + " (the same campaign)"))
        << refused.error().message;
    c.params = with_param(c.params, "campaign", std::string("autumn"));
    EXPECT_GT(add(s, c), 0);
}

TEST(PlanOverlap, AConcurrentSaveCounts) {
    auto path = fresh_copy("concurrent");
    auto one = open(path);
    auto two = open(path);  // opened before one saves: its records do not show that save
    ASSERT_GT(add(one, paving(0, 0, 20, 20)), 0);
    EXPECT_TRUE(two.items().empty());
    auto r = two.add_item(paving(10, 10, 30, 30));
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(has(r.error().message, "covering 100.0 m²")) << r.error().message;
    auto t = two.add_item(paving(10, 10, 30, 30), OverlapPolicy::Trim);
    ASSERT_TRUE(t.ok()) << t.error().message;
    EXPECT_NEAR(two.item(t.value())->area_m2, 300, 0.01);
}

TEST(PlanOverlap, FindOverlapMeasures) {
    PlanItem a = paving(0, 0, 20, 20);
    a.id = 1;
    PlanItem b = paving(10, 10, 30, 30);
    b.id = 2;
    const std::vector<PlanItem> items{a, b};
    EXPECT_TRUE(find_overlap(items, a).with.size() == 1);  // b, never a itself
    EXPECT_NEAR(find_overlap(items, a).area_m2, 100, 1e-6);
    PlanItem n = paving(5, 5, 25, 25);  // over both: 225 + 225 - the 100 they share = 350
    const Overlap o = find_overlap(items, n);
    ASSERT_EQ(o.ids(), (std::vector<std::int64_t>{1, 2}));
    EXPECT_NEAR(o.with[0].area_m2, 225, 1e-6);
    EXPECT_NEAR(o.with[1].area_m2, 225, 1e-6);
    EXPECT_NEAR(o.area_m2, 350, 1e-6);
    auto g = trim_overlap(items, n, o);
    ASSERT_TRUE(g.ok());
    EXPECT_NEAR(geom::area(g.value()), 400 - 350, 1e-6);
}
