// The sketch editor on a copy of the district: drawn items saved as plan items, vertex edits, undo and
// redo restoring the file, refused shapes, the map layer following the file, and the scripted steps.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "app/view/core/sketch_editor.hpp"
#include "gis/district/schema.hpp"
#include "gis/io/dataset.hpp"
#include "gis/plan/params.hpp"
#include "gis/plan/store.hpp"
#include "view_test_util.hpp"

using namespace app::view;

namespace {

std::string district_copy() {
    const std::string path = view_test::temp_dir() + "/district.gpkg";
    std::filesystem::copy_file(std::string(NBHD_ASSET_DIR) + "/chonghua.gpkg", path);
    return path;
}

/// A point inside the district: the centre of its boundary.
gis::Point district_centre(const std::string& path) {
    auto ds = gis::io::Dataset::open(path);
    EXPECT_TRUE(ds);
    auto l = ds->read_layer(gis::district::layers::kBoundary);
    EXPECT_TRUE(l);
    return l->features.at(0).geometry.bbox().center();
}

void draw_rect(SketchDraft& d, const gis::Point& o, double w, double h) {
    d.start(SketchShape::Polygon);
    d.add({o.x, o.y});
    d.add({o.x + w, o.y});
    d.add({o.x + w, o.y + h});
    d.add({o.x, o.y + h});
}

std::vector<gis::plan::PlanItem> stored_items(const std::string& path) {
    auto p = gis::plan::read_plan(path);
    EXPECT_TRUE(p) << p.error().message;
    return p ? p->items : std::vector<gis::plan::PlanItem>{};
}

}  // namespace

TEST(SketchEditor, FinishingADrawingSavesAPlanItem) {
    const std::string path = district_copy();
    const gis::Point c = district_centre(path);
    SketchEditor ed;
    ASSERT_TRUE(ed.open(path));
    EXPECT_EQ(ed.next_item().project, "xingzheng-south");  // the first project
    const std::size_t before = stored_items(path).size();
    ed.next_item().kind = "hardening";
    ed.next_item().params = R"({"material":"concrete","thickness_m":0.2})";
    draw_rect(ed.draft(), c, 30, 20);
    auto id = ed.finish();
    ASSERT_TRUE(id) << id.error().message;
    EXPECT_TRUE(ed.draft().empty());
    EXPECT_EQ(ed.selected(), id.value());

    const auto items = stored_items(path);
    ASSERT_EQ(items.size(), before + 1);
    const auto it =
        std::find_if(items.begin(), items.end(), [&](const auto& x) { return x.id == id.value(); });
    ASSERT_NE(it, items.end());
    EXPECT_EQ(it->kind, "hardening");
    EXPECT_EQ(it->project, "xingzheng-south");
    EXPECT_DOUBLE_EQ(it->area_m2, 600);
    EXPECT_DOUBLE_EQ(it->volume_m3, 120);
    // 20 CNY/m² base + 0.2 m x 360 CNY/m³ = 92 CNY/m².
    EXPECT_DOUBLE_EQ(it->cost_cny, 600 * 92);
    EXPECT_FALSE(it->name.empty());
}

TEST(SketchEditor, VertexMoveInsertAndDelete) {
    const std::string path = district_copy();
    const gis::Point c = district_centre(path);
    SketchEditor ed;
    ASSERT_TRUE(ed.open(path));
    draw_rect(ed.draft(), c, 30, 20);
    auto id = ed.finish();
    ASSERT_TRUE(id) << id.error().message;

    // Corner 2 (top right) pulled 10 m to the right: a trapezoid of (30 + 40) / 2 x 20 = 700 m².
    ASSERT_TRUE(ed.move_vertex({0, 0, 2}, {c.x + 40, c.y + 20}));
    EXPECT_NEAR(ed.selected_item()->area_m2, 700, 1e-6);
    // A corner inserted on the bottom edge's midpoint and pulled 5 m down: + 30 x 5 / 2 = 775 m².
    ASSERT_TRUE(ed.insert_vertex({0, 0, 1}, {c.x + 15, c.y - 5}));
    EXPECT_EQ(ed.selected_item()->geometry.polygons[0].outer.size(), 6u);
    EXPECT_NEAR(ed.selected_item()->area_m2, 775, 1e-6);
    EXPECT_NEAR(stored_items(path).back().area_m2, 775, 1e-6);
    // And removed again.
    ASSERT_TRUE(ed.remove_vertex({0, 0, 1}));
    EXPECT_NEAR(ed.selected_item()->area_m2, 700, 1e-6);
    // A move that makes the outline cross itself is refused and nothing is written.
    const auto stored = stored_items(path);
    auto bad = ed.move_vertex({0, 0, 0}, {c.x + 60, c.y + 10});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, gis::ErrorCode::InvalidGeometry);
    EXPECT_EQ(stored_items(path), stored);
    // A triangle keeps its three corners.
    ASSERT_TRUE(ed.remove_vertex({0, 0, 3}));
    auto r = ed.remove_vertex({0, 0, 0});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, gis::ErrorCode::BadInput);
}

TEST(SketchEditor, UndoAndRedoRestoreTheFile) {
    const std::string path = district_copy();
    const gis::Point c = district_centre(path);
    const auto original = stored_items(path);
    SketchEditor ed;
    ASSERT_TRUE(ed.open(path));
    draw_rect(ed.draft(), c, 30, 20);
    ASSERT_TRUE(ed.finish());
    const auto drawn = stored_items(path);
    ASSERT_TRUE(ed.move_vertex({0, 0, 0}, {c.x - 5, c.y - 5}));
    gis::plan::ItemChanges ch;
    ch.name = "南门楼前硬化";
    ch.status = "approved";
    ASSERT_TRUE(ed.set_attributes(ch));
    EXPECT_EQ(ed.selected_item()->name, "南门楼前硬化");
    const auto edited = stored_items(path);

    const std::uint64_t rev = ed.revision();
    ASSERT_TRUE(ed.undo());  // attributes
    ASSERT_TRUE(ed.undo());  // move
    EXPECT_GT(ed.revision(), rev);
    EXPECT_EQ(stored_items(path), drawn);
    ASSERT_TRUE(ed.undo());  // the drawing
    EXPECT_EQ(stored_items(path), original);
    EXPECT_FALSE(ed.selected().has_value());  // the item is gone
    EXPECT_FALSE(ed.can_undo());
    EXPECT_FALSE(ed.undo());

    ASSERT_TRUE(ed.redo());
    ASSERT_TRUE(ed.redo());
    ASSERT_TRUE(ed.redo());
    const auto again = stored_items(path);
    ASSERT_EQ(again.size(), edited.size());
    EXPECT_EQ(again.back().name, "南门楼前硬化");
    EXPECT_EQ(again.back().geometry, edited.back().geometry);
    EXPECT_FALSE(ed.can_redo());
}

TEST(SketchEditor, ASelfIntersectingDrawingIsRefusedAndNothingWritten) {
    const std::string path = district_copy();
    const gis::Point c = district_centre(path);
    const auto original = stored_items(path);
    SketchEditor ed;
    ASSERT_TRUE(ed.open(path));
    ed.draft().start(SketchShape::Polygon);
    ed.draft().add({c.x, c.y});
    ed.draft().add({c.x + 10, c.y + 10});
    ed.draft().add({c.x + 10, c.y});
    ed.draft().add({c.x, c.y + 10});
    auto id = ed.finish();
    ASSERT_FALSE(id);
    EXPECT_EQ(id.error().code, gis::ErrorCode::InvalidGeometry);
    EXPECT_NE(id.error().message.find("crosses itself"), std::string::npos);
    EXPECT_EQ(ed.draft().points().size(), 4u);
    EXPECT_EQ(stored_items(path), original);
    EXPECT_FALSE(ed.can_undo());
}

TEST(SketchEditor, AShapeTheKindCannotTakeIsRefused) {
    const std::string path = district_copy();
    const gis::Point c = district_centre(path);
    SketchEditor ed;
    ASSERT_TRUE(ed.open(path));
    ed.next_item().kind = "gas_pipe";
    draw_rect(ed.draft(), c, 10, 10);
    auto id = ed.finish();
    ASSERT_FALSE(id);
    EXPECT_EQ(id.error().code, gis::ErrorCode::BadInput);
    ed.draft().start(SketchShape::Line);
    ed.draft().add(c);
    ed.draft().add({c.x + 30, c.y + 40});
    id = ed.finish();
    ASSERT_TRUE(id) << id.error().message;
    EXPECT_DOUBLE_EQ(ed.selected_item()->length_m, 50);
    // A drawn pipe is a new route's PE de110 at the price table's ¥380/m.
    EXPECT_DOUBLE_EQ(ed.selected_item()->cost_cny, 50 * 380);
}

TEST(SketchEditor, PlanItemsSnapAndPick) {
    const std::string path = district_copy();
    const gis::Point c = district_centre(path);
    SketchEditor ed;
    ASSERT_TRUE(ed.open(path));
    draw_rect(ed.draft(), c, 30, 20);
    auto id = ed.finish();
    ASSERT_TRUE(id);
    SnapSettings on;
    const Snap s = ed.snap({c.x + 30.4, c.y + 20.3}, on, 0.1);
    EXPECT_EQ(s.kind, SnapKind::Vertex);
    EXPECT_EQ(s.key, id.value());
    EXPECT_DOUBLE_EQ(s.point.x, c.x + 30);
    EXPECT_EQ(ed.pick({c.x + 10, c.y + 10}, 1), id.value());
    // After the drawing is undone there is nothing to snap to or pick.
    ASSERT_TRUE(ed.undo());
    EXPECT_EQ(ed.snap({c.x + 30.4, c.y + 20.3}, on, 0.1).key, -1);
    EXPECT_FALSE(ed.pick({c.x + 10, c.y + 10}, 1).has_value());
}

TEST(SketchEditor, TheMapLayerFollowsTheFile) {
    const std::string path = district_copy();
    const gis::Point c = district_centre(path);
    Document doc;
    SourceInfo src;
    src.path = path;
    src.display_crs = "EPSG:4546";
    src.district = true;
    src.origin = {std::round(c.x / 1000) * 1000, std::round(c.y / 1000) * 1000};
    doc.set_source(src);
    SketchEditor ed;
    ASSERT_TRUE(ed.open(path));
    draw_rect(ed.draft(), c, 30, 20);
    auto id = ed.finish();
    ASSERT_TRUE(id);
    ed.refresh_layer(doc);
    EXPECT_TRUE(ed.poll_layer(doc, true));
    const MapLayer* l = doc.find("plan_items");
    ASSERT_NE(l, nullptr);
    const auto ref = find_plan_item(doc, id.value());
    ASSERT_TRUE(ref.has_value());
    EXPECT_EQ(doc.selection(), ref);  // the new item is selected on the map
    EXPECT_EQ(plan_item_of(doc, *ref), id.value());
    EXPECT_NEAR(doc.feature(*ref)->geometry.bbox().width(), 30, 1e-6);
    const std::uint64_t rev = l->data_revision;
    const std::size_t n = l->data.features.size();

    ASSERT_TRUE(ed.undo());
    ed.refresh_layer(doc);
    EXPECT_TRUE(ed.poll_layer(doc, true));
    l = doc.find("plan_items");
    EXPECT_EQ(l->data.features.size(), n - 1);
    EXPECT_GT(l->data_revision, rev);  // uploaded again, once
    EXPECT_FALSE(find_plan_item(doc, id.value()).has_value());
    EXPECT_FALSE(ed.poll_layer(doc, false));  // nothing pending
}

// Drawing or reshaping over work the project has already planned: the save waits for the planner's
// choice (trim, keep both, cancel) with the overlap named; cancel keeps the drawing or the item as it was.
namespace {

/// A 30 x 20 item saved at the centre, and a 20 x 20 drawing 10 m right and 10 m up: 200 m² of its
/// 400 m² lie on the item.
struct Overlapping {
    std::string path = district_copy();
    gis::Point c = district_centre(path);
    SketchEditor ed;
    std::int64_t first = -1;
    Overlapping() {
        EXPECT_TRUE(ed.open(path));
        draw_rect(ed.draft(), c, 30, 20);
        auto id = ed.finish();
        EXPECT_TRUE(id) << id.error().message;
        first = id ? id.value() : -1;
        draw_rect(ed.draft(), {c.x + 10, c.y + 10}, 20, 20);
    }
};

}  // namespace

TEST(SketchEditor, FinishingOverPlannedWorkWaitsForAChoice) {
    Overlapping f;
    const auto stored = stored_items(f.path);
    auto refused = f.ed.finish();
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, gis::ErrorCode::BadInput);
    EXPECT_NE(refused.error().message.find("covering 200.0 m²"), std::string::npos)
        << refused.error().message;
    ASSERT_TRUE(f.ed.pending_overlap().has_value());
    const auto& p = *f.ed.pending_overlap();
    EXPECT_EQ(p.edit, PendingOverlap::Edit::Finish);
    EXPECT_EQ(p.overlap.ids(), std::vector<std::int64_t>{f.first});
    EXPECT_NEAR(p.overlap.area_m2, 200, 0.01);
    EXPECT_EQ(f.ed.draft().points().size(), 4u);  // the drawing is kept
    EXPECT_EQ(stored_items(f.path), stored);

    // Cancel: nothing saved, the drawing still there to change or finish.
    ASSERT_TRUE(f.ed.resolve_overlap(gis::plan::OverlapPolicy::Refuse));
    EXPECT_FALSE(f.ed.pending_overlap().has_value());
    EXPECT_EQ(f.ed.draft().points().size(), 4u);
    EXPECT_EQ(stored_items(f.path), stored);

    // Trim: only the 200 m² not yet planned are saved.
    ASSERT_FALSE(f.ed.finish());
    ASSERT_TRUE(f.ed.resolve_overlap(gis::plan::OverlapPolicy::Trim));
    EXPECT_FALSE(f.ed.pending_overlap().has_value());
    EXPECT_TRUE(f.ed.draft().empty());
    ASSERT_NE(f.ed.selected_item(), nullptr);
    EXPECT_NE(f.ed.selected_item()->id, f.first);
    EXPECT_NEAR(f.ed.selected_item()->area_m2, 200, 0.01);
    EXPECT_NEAR(stored_items(f.path).back().area_m2, 200, 0.01);
    ASSERT_TRUE(f.ed.undo());

    // Keep both: saved as drawn.
    draw_rect(f.ed.draft(), {f.c.x + 10, f.c.y + 10}, 20, 20);
    ASSERT_FALSE(f.ed.finish());
    ASSERT_TRUE(f.ed.resolve_overlap(gis::plan::OverlapPolicy::Keep));
    EXPECT_NEAR(f.ed.selected_item()->area_m2, 400, 1e-9);
    EXPECT_EQ(stored_items(f.path).size(), stored.size() + 1);
}

TEST(SketchEditor, AChangedDrawingIsFinishedAnew) {
    Overlapping f;
    ASSERT_FALSE(f.ed.finish());
    f.ed.draft().remove_last();
    auto r = f.ed.resolve_overlap(gis::plan::OverlapPolicy::Keep);
    ASSERT_FALSE(r);
    EXPECT_FALSE(f.ed.pending_overlap().has_value());
    EXPECT_EQ(f.ed.draft().points().size(), 3u);
}

TEST(SketchEditor, DrawingOtherWorkOrAnotherProjectIsNoOverlap) {
    Overlapping f;
    f.ed.next_item().kind = "greening";
    ASSERT_TRUE(f.ed.finish());
    draw_rect(f.ed.draft(), {f.c.x + 10, f.c.y + 10}, 20, 20);
    f.ed.next_item().kind = "hardening";
    f.ed.next_item().project = "guohuai-market";
    ASSERT_TRUE(f.ed.finish());
    EXPECT_FALSE(f.ed.pending_overlap().has_value());
}

TEST(SketchEditor, MovingAVertexOverPlannedWorkWaitsForAChoice) {
    const std::string path = district_copy();
    const gis::Point c = district_centre(path);
    SketchEditor ed;
    ASSERT_TRUE(ed.open(path));
    draw_rect(ed.draft(), c, 20, 20);
    auto a = ed.finish();
    ASSERT_TRUE(a);
    draw_rect(ed.draft(), {c.x + 30, c.y}, 20, 20);  // 10 m east of the first
    auto b = ed.finish();
    ASSERT_TRUE(b) << b.error().message;
    // A lone item's own ground never counts: its corner 2 pulled out and back.
    ASSERT_TRUE(ed.move_vertex({0, 0, 2}, {c.x + 55, c.y + 25}));
    ASSERT_TRUE(ed.undo());
    const auto stored = stored_items(path);
    // Corner 0 (30,0) pulled to (10,0): a trapezoid of 600 m² of which a triangle of 50 m² is on the first.
    auto refused = ed.move_vertex({0, 0, 0}, {c.x + 10, c.y});
    ASSERT_FALSE(refused);
    ASSERT_TRUE(ed.pending_overlap().has_value());
    EXPECT_EQ(ed.pending_overlap()->edit, PendingOverlap::Edit::MoveVertex);
    EXPECT_EQ(ed.pending_overlap()->overlap.ids(), std::vector<std::int64_t>{a.value()});
    EXPECT_NEAR(ed.pending_overlap()->overlap.area_m2, 50, 0.01);
    EXPECT_EQ(stored_items(path), stored);
    EXPECT_NEAR(ed.selected_item()->area_m2, 400, 1e-9);

    // Cancel leaves the item as it was.
    ASSERT_TRUE(ed.resolve_overlap(gis::plan::OverlapPolicy::Refuse));
    EXPECT_EQ(stored_items(path), stored);
    // Trim: the trapezoid less the triangle.
    ASSERT_FALSE(ed.move_vertex({0, 0, 0}, {c.x + 10, c.y}));
    ASSERT_TRUE(ed.resolve_overlap(gis::plan::OverlapPolicy::Trim));
    EXPECT_NEAR(ed.selected_item()->area_m2, 550, 0.01);
    ASSERT_TRUE(ed.undo());
    // Keep both.
    ASSERT_FALSE(ed.move_vertex({0, 0, 0}, {c.x + 10, c.y}));
    ASSERT_TRUE(ed.resolve_overlap(gis::plan::OverlapPolicy::Keep));
    EXPECT_NEAR(ed.selected_item()->area_m2, 600, 1e-9);
    EXPECT_FALSE(ed.pending_overlap().has_value());
}

// The scripted steps (`nbhd view --panel-set sketch.KEY=VALUE`), without a window.
namespace {

/// "x1,y1;x2,y2;..." of the rectangle `o`, `w` x `h`.
std::string rect_points(const gis::Point& o, double w, double h) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "%.3f,%.3f;%.3f,%.3f;%.3f,%.3f;%.3f,%.3f", o.x, o.y, o.x + w, o.y, o.x + w,
                  o.y + h, o.x, o.y + h);
    return buf;
}

}  // namespace

TEST(SketchEditor, ScriptedBadValuesAreErrorsNamingTheKey) {
    const std::string path = district_copy();
    SketchEditor ed;
    auto closed = ed.script("kind", "hardening");
    ASSERT_FALSE(closed);  // no data set open yet
    EXPECT_EQ(closed.error().message.rfind("kind=hardening: ", 0), 0u) << closed.error().message;
    ASSERT_TRUE(ed.open(path));
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"kind", "lasso"}, {"project", "nowhere"}, {"pressure", "very-high"}, {"points", "1,2;3"},
        {"points", "1,x"}, {"overlap", "trim"},    {"select", "987654321"},   {"colour", "red"}};
    for (const auto& [key, value] : bad) {
        auto r = ed.script(key, value);
        ASSERT_FALSE(r) << key << "=" << value;
        EXPECT_EQ(r.error().code, gis::ErrorCode::BadInput) << key;
        EXPECT_EQ(r.error().message.rfind(key + "=" + value + ": ", 0), 0u) << r.error().message;
    }
    EXPECT_NE(ed.script("points", "1,2;3").error().message.find("x1,y1;x2,y2"), std::string::npos);
    EXPECT_NE(ed.script("colour", "red").error().message.find("select"), std::string::npos);  // the keys
    // Nothing was drawn or saved on the way.
    EXPECT_TRUE(ed.draft().empty());
    EXPECT_FALSE(ed.can_undo());
    for (const char* phase : {"abc", "0", "21", "2x", ""}) {
        auto r = ed.script("phase", phase, 1.0);
        ASSERT_FALSE(r) << phase;
        EXPECT_EQ(r.error().message.rfind(std::string("phase=") + phase + ": ", 0), 0u) << r.error().message;
    }
}

TEST(SketchEditor, ScriptedSettingsShapeTheNextItem) {
    const std::string path = district_copy();
    SketchEditor ed;
    ASSERT_TRUE(ed.open(path));
    ASSERT_TRUE(ed.script("kind", "gas_pipe"));
    ASSERT_TRUE(ed.script("pressure", "medium-b"));
    ASSERT_TRUE(ed.script("name", "东巷支管"));
    ASSERT_TRUE(ed.script("phase", "2"));
    ASSERT_TRUE(ed.script("project", "none"));
    EXPECT_EQ(ed.next_item().kind, "gas_pipe");
    EXPECT_EQ(gis::plan::param_string(ed.next_item().params, "pressure"), "medium-b");
    EXPECT_EQ(ed.next_item().name, "东巷支管");
    EXPECT_EQ(ed.next_item().phase, 2);
    EXPECT_TRUE(ed.next_item().project.empty());
    ASSERT_TRUE(ed.script("project", "guohuai-market"));
    EXPECT_EQ(ed.next_item().project, "guohuai-market");
    // A new kind starts from its own parameters.
    ASSERT_TRUE(ed.script("kind", "hardening"));
    EXPECT_EQ(ed.next_item().params, "{}");
    ASSERT_TRUE(ed.script("snap", "off"));
    EXPECT_FALSE(ed.snapping().enabled);
    ASSERT_TRUE(ed.script("tolerance", "4"));
    EXPECT_DOUBLE_EQ(ed.snapping().tolerance_px, 4);
    ASSERT_TRUE(ed.script("snap", "1"));
    EXPECT_TRUE(ed.snapping().enabled);
}

TEST(SketchEditor, ScriptedPointsAreAddedToTheDrawing) {
    const std::string path = district_copy();
    SketchEditor ed;
    ASSERT_TRUE(ed.open(path));
    ASSERT_TRUE(ed.script("snap", "0"));
    auto r = ed.script("points", "530520,3400060;530600.5,3400120;;");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_FALSE(r->edit.has_value());  // a polygon is saved by finish
    ASSERT_EQ(ed.draft().points().size(), 2u);
    EXPECT_EQ(ed.draft().points()[1], (gis::Point{530600.5, 3400120}));
    ASSERT_TRUE(ed.script("points", "530520,3400120"));
    EXPECT_EQ(ed.draft().points().size(), 3u);
    ASSERT_TRUE(ed.script("cancel", ""));
    EXPECT_TRUE(ed.draft().empty());
    // On a point drawing each point is saved.
    const gis::Point c = district_centre(path);
    ASSERT_TRUE(ed.script("kind", "other"));
    ed.start_drawing(SketchShape::Point);
    const std::size_t before = stored_items(path).size();
    char pts[128];
    std::snprintf(pts, sizeof pts, "%.1f,%.1f;%.1f,%.1f", c.x, c.y, c.x + 50, c.y);
    r = ed.script("points", pts);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_TRUE(r->edit.has_value());
    EXPECT_TRUE(*r->edit) << r->edit->error().message;
    EXPECT_EQ(stored_items(path).size(), before + 2);
}

TEST(SketchEditor, ScriptedFinishSavesAndUndoRedoRestore) {
    const std::string path = district_copy();
    const gis::Point c = district_centre(path);
    const auto original = stored_items(path);
    SketchEditor ed;
    ASSERT_TRUE(ed.open(path));
    ASSERT_TRUE(ed.script("snap", "0"));
    ASSERT_TRUE(ed.script("kind", "hardening"));
    ASSERT_TRUE(ed.script("name", "南门楼前硬化"));
    ASSERT_TRUE(ed.script("points", rect_points(c, 30, 20)));
    auto f = ed.script("finish", "yes");
    ASSERT_TRUE(f) << f.error().message;
    ASSERT_TRUE(f->edit.has_value());
    EXPECT_TRUE(*f->edit);
    EXPECT_FALSE(f->failed);
    ASSERT_NE(ed.selected_item(), nullptr);
    EXPECT_EQ(ed.selected_item()->name, "南门楼前硬化");
    EXPECT_DOUBLE_EQ(ed.selected_item()->area_m2, 600);
    const auto drawn = stored_items(path);
    ASSERT_EQ(drawn.size(), original.size() + 1);
    const std::int64_t id = *ed.selected();

    ASSERT_TRUE(ed.script("select", "none"));
    EXPECT_FALSE(ed.selected().has_value());
    ASSERT_TRUE(ed.script("select", std::to_string(id)));
    EXPECT_EQ(ed.selected(), id);

    auto u = ed.script("undo", "");
    ASSERT_TRUE(u);
    ASSERT_TRUE(u->edit.has_value());
    EXPECT_TRUE(*u->edit);
    EXPECT_EQ(stored_items(path), original);
    auto rd = ed.script("redo", "1");
    ASSERT_TRUE(rd);
    EXPECT_TRUE(*rd->edit);
    EXPECT_EQ(stored_items(path).size(), drawn.size());
    // More undos than edits: the first is done, the second fails the step.
    auto u2 = ed.script("undo", "2");
    ASSERT_TRUE(u2);
    EXPECT_TRUE(u2->failed);
    ASSERT_TRUE(u2->edit.has_value());
    EXPECT_FALSE(*u2->edit);
    EXPECT_EQ(stored_items(path), original);
    EXPECT_FALSE(ed.script("redo", "0")->edit.has_value());  // nothing asked, nothing done
}

TEST(SketchEditor, AScriptedFinishThatIsRefusedFailsTheStep) {
    const std::string path = district_copy();
    const gis::Point c = district_centre(path);
    SketchEditor ed;
    ASSERT_TRUE(ed.open(path));
    ASSERT_TRUE(ed.script("snap", "0"));
    char bow[256];
    std::snprintf(bow, sizeof bow, "%.1f,%.1f;%.1f,%.1f;%.1f,%.1f;%.1f,%.1f", c.x, c.y, c.x + 10, c.y + 10,
                  c.x + 10, c.y, c.x, c.y + 10);
    ASSERT_TRUE(ed.script("points", bow));
    auto f = ed.script("finish", "1");
    ASSERT_TRUE(f);  // the script's syntax was right: the save was refused
    EXPECT_TRUE(f->failed);
    ASSERT_TRUE(f->edit.has_value());
    ASSERT_FALSE(*f->edit);
    EXPECT_EQ(f->edit->error().code, gis::ErrorCode::InvalidGeometry);
    EXPECT_EQ(ed.draft().points().size(), 4u);
}

TEST(SketchEditor, AScriptedFinishOverPlannedWorkWaitsForTheScriptedChoice) {
    Overlapping f;
    const auto stored = stored_items(f.path);
    auto fin = f.ed.script("finish", "1");
    ASSERT_TRUE(fin);
    EXPECT_FALSE(fin->failed);  // it waits for the choice
    ASSERT_TRUE(fin->edit.has_value());
    EXPECT_FALSE(*fin->edit);
    ASSERT_TRUE(f.ed.pending_overlap().has_value());
    auto bad = f.ed.script("overlap", "maybe");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().message.rfind("overlap=maybe: ", 0), 0u);
    auto trim = f.ed.script("overlap", "trim");
    ASSERT_TRUE(trim);
    EXPECT_FALSE(trim->failed);
    EXPECT_TRUE(trim->finishing);
    EXPECT_EQ(trim->choice, gis::plan::OverlapPolicy::Trim);
    EXPECT_NEAR(f.ed.selected_item()->area_m2, 200, 0.01);
    EXPECT_EQ(stored_items(f.path).size(), stored.size() + 1);
    EXPECT_FALSE(f.ed.script("overlap", "keep"));  // nothing waits any more
}
