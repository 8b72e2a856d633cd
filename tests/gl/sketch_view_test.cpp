// The sketch tools in nbhd view, scripted through --panel-set: a polygon drawn and finished is saved as
// a plan item and drawn by the map in the plan-item colour; after undo it is gone from the file and the
// map. A polygon that crosses itself is refused.

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "app/view/core/camera.hpp"
#include "app/view/core/style.hpp"
#include "gis/plan/store.hpp"
#include "gl_test_util.hpp"

using namespace gl_test;
using nbhd_test::run_nbhd;

namespace {

// A rectangle on the forecourt north of building 1 in the Xingzheng South compound, and a view around it
// (9:7 like the window). The panel's window sits at the right; the rectangle is left of it.
const gis::BBox kItem{530075, 3400056, 530105, 3400064};
const gis::BBox kView{530030, 3400010, 530210, 3400150};

std::string points() {
    char buf[256];
    std::snprintf(buf, sizeof buf, "sketch.points=%.1f,%.1f;%.1f,%.1f;%.1f,%.1f;%.1f,%.1f", kItem.minx, kItem.miny,
                  kItem.maxx, kItem.miny, kItem.maxx, kItem.maxy, kItem.minx, kItem.maxy);
    return buf;
}

std::string box() {
    char buf[160];
    std::snprintf(buf, sizeof buf, "%.3f,%.3f,%.3f,%.3f", kView.minx, kView.miny, kView.maxx, kView.maxy);
    return buf;
}

/// Draws the rectangle, finishes it, clears the selection (its tint) and runs `extra` settings; returns
/// the screenshot's path.
std::string sketch(const std::string& data, const std::string& shot, const std::vector<std::string>& extra,
                   nbhd_test::CommandResult& r) {
    std::vector<std::string> args = {"--data",      data,          "--lang",        "en",
                                     "view",        "--size",      "900x700",       "--bbox",
                                     box(),         "--panels",    "sketch",        "--panel-set",
                                     "sketch.snap=0", "--panel-set", "sketch.kind=hardening", "--panel-set",
                                     "sketch.tool=polygon", "--panel-set", points(), "--panel-set",
                                     "sketch.finish=1", "--panel-set", "sketch.select=none"};
    for (const auto& e : extra) {
        args.push_back("--panel-set");
        args.push_back(e);
    }
    for (const char* a : {"--screenshot", shot.c_str(), "--frames", "4"}) args.push_back(a);
    r = run_nbhd(args);
    return shot;
}

std::vector<gis::plan::PlanItem> items(const std::string& data) {
    auto p = gis::plan::read_plan(data);
    EXPECT_TRUE(p) << p.error().message;
    return p ? p->items : std::vector<gis::plan::PlanItem>{};
}

}  // namespace

TEST(SketchView, AFinishedPolygonIsSavedAndDrawnAndUndoRemovesIt) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string drawn_data = district_copy(dir);
    const std::string undone_data = dir + "/undone.gpkg";
    std::filesystem::copy_file(drawn_data, undone_data, std::filesystem::copy_options::overwrite_existing);
    ASSERT_TRUE(items(drawn_data).empty());

    nbhd_test::CommandResult r;
    const Image drawn = load_png(sketch(drawn_data, dir + "/drawn.png", {}, r));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const Image undone = load_png(sketch(undone_data, dir + "/undone.png", {"sketch.undo=1"}, r));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_TRUE(drawn.ok());
    ASSERT_TRUE(undone.ok());

    // The file: one hardening item of 30 m x 8 m, and after undo none.
    const auto saved = items(drawn_data);
    ASSERT_EQ(saved.size(), 1u);
    EXPECT_EQ(saved[0].kind, "hardening");
    EXPECT_DOUBLE_EQ(saved[0].area_m2, 240);
    EXPECT_EQ(saved[0].geometry.bbox(), kItem);
    EXPECT_TRUE(items(undone_data).empty());

    // The map: inside the rectangle (away from its outline and its label in the middle) the plan-item
    // fill lies over what the map shows without it.
    app::view::Camera cam(900, 700);
    cam.fit(kView, 0);
    const auto style = *app::view::district_layer_style("plan_items");
    const app::view::Colour fill = style.styles.at(0).fill;
    ASSERT_GT(fill.a, 0.0f);
    for (const gis::Point w : {gis::Point{kItem.minx + 2.2, kItem.miny + 2}, gis::Point{kItem.maxx - 2, kItem.maxy - 2}}) {
        const gis::Point p = cam.world_to_screen(w);
        const Rgb under = undone.at(p.x, p.y);
        const Rgb expected = over(fill, under);
        EXPECT_LE(distance(drawn.at(p.x, p.y), expected), 6)
            << "at " << p.x << "," << p.y << ": " << str(drawn.at(p.x, p.y)) << " expected " << str(expected)
            << " (map without the item " << str(under) << ")";
        EXPECT_GE(distance(drawn.at(p.x, p.y), under), 12) << "the item is not visible at " << p.x << "," << p.y;
    }
    // Outside it, nothing changed.
    const gis::Point outside = cam.world_to_screen({kItem.minx - 10, kItem.maxy + 10});
    EXPECT_LE(distance(drawn.at(outside.x, outside.y), undone.at(outside.x, outside.y)), 2);
}

TEST(SketchView, ASelfIntersectingPolygonIsRefused) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = district_copy(dir);
    const std::string shot = dir + "/bow.png";
    auto r = run_nbhd({"--data", data, "--lang", "en", "view", "--size", "640x480", "--bbox", box(), "--panels",
                       "sketch", "--panel-set", "sketch.snap=0", "--panel-set", "sketch.tool=polygon",
                       "--panel-set", "sketch.points=530075,3400056;530105,3400064;530105,3400056;530075,3400064",
                       "--panel-set", "sketch.finish=1", "--screenshot", shot, "--frames", "2"});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_LT(r.exit_code, 64) << "crashed: " << r.err;
    EXPECT_NE(r.err.find("crosses itself"), std::string::npos) << r.err;
    EXPECT_TRUE(items(data).empty());
}

TEST(SketchView, UnknownSettingsAreErrors) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = district_copy(dir);
    auto r = run_nbhd({"--data", data, "view", "--size", "640x480", "--panels", "sketch", "--panel-set",
                       "sketch.tool=lasso", "--screenshot", dir + "/x.png", "--frames", "2"});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("sketch.tool=lasso"), std::string::npos) << r.err;
    r = run_nbhd({"--data", data, "view", "--size", "640x480", "--panels", "sketch", "--panel-set",
                  "sketch.points=1,2;3", "--screenshot", dir + "/y.png", "--frames", "2"});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("x1,y1;x2,y2"), std::string::npos) << r.err;
}

TEST(SketchView, TheSketchIsHiddenInPresentationMode) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = district_copy(dir);
    // Two vertices of a polygon being drawn: the segment between them is an on-map cue in the sketch colour.
    const std::vector<std::string> sketch = {"--panels", "sketch", "--panel-set", "sketch.snap=0", "--panel-set",
                                             "sketch.tool=polygon", "--panel-set",
                                             "sketch.points=530075,3400100;530105,3400100"};
    auto shot = [&](bool present, const std::string& name) {
        std::vector<std::string> args = {"--data", data, "--lang", "en", "view", "--size", "900x700", "--bbox", box()};
        if (present) args.push_back("--present");
        args.insert(args.end(), sketch.begin(), sketch.end());
        for (const auto& a : {std::string("--screenshot"), dir + "/" + name, std::string("--frames"), std::string("3")})
            args.push_back(a);
        auto r = run_nbhd(args);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return load_png(dir + "/" + name);
    };
    app::view::Camera cam(900, 700);
    cam.fit(kView, 0);
    const gis::Point mid = cam.world_to_screen({530090, 3400100});
    const Rgb sketch_colour{0xef, 0x6c, 0x00};
    const Image editing = shot(false, "editing.png");
    ASSERT_TRUE(editing.ok());
    EXPECT_LE(distance(editing.at(mid.x, mid.y), sketch_colour), 40) << str(editing.at(mid.x, mid.y));
    const Image presenting = shot(true, "presenting.png");
    ASSERT_TRUE(presenting.ok());
    EXPECT_GT(distance(presenting.at(mid.x, mid.y), sketch_colour), 80) << str(presenting.at(mid.x, mid.y));
    EXPECT_TRUE(items(data).empty());
}

namespace {

/// Pixels of the conflict red (a ring and its distance label) in the rows around `y_px`, between x0 and x1.
int conflict_red(const Image& img, double x0, double x1, double y_px) {
    int n = 0;
    for (int y = static_cast<int>(y_px) - 25; y <= static_cast<int>(y_px) + 25; ++y)
        for (int x = static_cast<int>(x0); x <= static_cast<int>(x1); ++x)
            if (x >= 0 && y >= 0 && x < img.width && y < img.height &&
                distance(img.at(x, y), {211, 47, 47}) < 40)
                ++n;
    return n;
}

}  // namespace

TEST(SketchView, APipeTooCloseToABuildingIsMarkedWhileItIsDrawn) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = district_copy(dir);
    // A route 1.0 m north of building 1 (its footprint ends at y 3400054): enough for low pressure
    // (0.7 m), too close for medium pressure A (1.5 m).
    const std::string route = "sketch.points=530060,3400055;530120,3400055";
    const gis::BBox view{530010, 3400000, 530170, 3400100};
    auto shot = [&](const char* pressure) {
        const std::string path = dir + "/" + pressure + ".png";
        auto r = run_nbhd({"--data",
                           data,
                           "--lang",
                           "en",
                           "view",
                           "--size",
                           "1600x1000",
                           "--bbox",
                           "530010,3400000,530170,3400100",
                           "--cursor",
                           "-10,-10",
                           "--panels",
                           "sketch",
                           "--panel-set",
                           "sketch.snap=0",
                           "--panel-set",
                           "sketch.kind=gas_pipe",
                           "--panel-set",
                           std::string("sketch.pressure=") + pressure,
                           "--panel-set",
                           "sketch.tool=line",
                           "--panel-set",
                           route,
                           "--screenshot",
                           path,
                           "--frames",
                           "3"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return load_png(path);
    };
    const Image low = shot("low"), high = shot("medium-a");
    ASSERT_TRUE(low.ok() && high.ok());
    app::view::Camera cam(1600, 1000);
    cam.fit(view, 0);
    const gis::Point a = cam.world_to_screen({530060, 3400055}), b = cam.world_to_screen({530120, 3400055});
    const int ok = conflict_red(low, a.x, b.x, a.y), bad = conflict_red(high, a.x, b.x, a.y);
    EXPECT_GT(bad, ok + 150) << "red pixels along the route: low " << ok << ", medium-a " << bad;
    // Nothing was saved: checks are cues, the draft is not finished.
    EXPECT_TRUE(items(data).empty());
}

// A polygon drawn over paving the project has already planned: finishing it waits for the planner's
// choice in the panel (sketch.overlap=trim|keep|cancel scripts the buttons). The stored item covers the
// east half of the drawn 30 m x 8 m rectangle (120 m²).
TEST(SketchView, DrawingOverPlannedWorkOffersTrimKeepOrCancel) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string base = district_copy(dir);
    auto added =
        run_nbhd({"--data", base, "plan", "add", "hardening", "--project", "xingzheng-south", "--wkt",
                  "POLYGON((530090 3400056,530120 3400056,530120 3400064,530090 3400064,530090 3400056))"});
    ASSERT_EQ(added.exit_code, 0) << added.err;
    for (const char* choice : {"", "cancel", "trim", "keep"}) {
        const std::string data = dir + "/" + (*choice ? choice : "none") + ".gpkg";
        std::filesystem::copy_file(base, data, std::filesystem::copy_options::overwrite_existing);
        nbhd_test::CommandResult r;
        sketch(data, dir + "/" + (*choice ? choice : "none") + ".png",
               *choice ? std::vector<std::string>{std::string("sketch.overlap=") + choice}
                       : std::vector<std::string>{},
               r);
        ASSERT_EQ(r.exit_code, 0) << choice << ": " << r.err;
        const auto saved = items(data);
        if (std::string(choice) == "trim") {
            ASSERT_EQ(saved.size(), 2u);
            EXPECT_NEAR(saved[1].area_m2, 120, 0.01);
            EXPECT_EQ(saved[1].geometry.bbox(), (gis::BBox{530075, 3400056, 530090, 3400064}));
        } else if (std::string(choice) == "keep") {
            ASSERT_EQ(saved.size(), 2u);
            EXPECT_DOUBLE_EQ(saved[1].area_m2, 240);
        } else {
            EXPECT_EQ(saved.size(), 1u) << choice;  // nothing saved: no choice made yet, or cancelled
        }
    }
    // No save waits for a choice: the setting is an error.
    const std::string data = dir + "/late.gpkg";
    std::filesystem::copy_file(base, data, std::filesystem::copy_options::overwrite_existing);
    auto r = run_nbhd({"--data", data, "view", "--size", "640x480", "--panels", "sketch", "--panel-set",
                       "sketch.overlap=trim", "--screenshot", dir + "/late.png", "--frames", "2"});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("no save is waiting"), std::string::npos) << r.err;
}
