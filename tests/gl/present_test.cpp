// Presentation mode under Xvfb: no personal-data panel is drawn, the before/after split shows the plan
// on one side of the divider only, and exports carry the title block at the requested size.

#include <gtest/gtest.h>

#include <cmath>

#include "app/view/core/present_state.hpp"
#include "gis/district/loader.hpp"
#include "gis/plan/hardening.hpp"
#include "gis/plan/scope.hpp"
#include "gis/present/slides.hpp"
#include "gl_test_util.hpp"

using namespace gl_test;
using nbhd_test::run_nbhd;

namespace {

/// Pixels of tool windows' chrome as the viewer styles it: a floating window's title bar (active or
/// not) or the strip of a dock's tabs.
int title_bar_pixels(const Image& img) {
    const Rgb active{84, 107, 140}, inactive{140, 153, 171}, dock_bar{219, 227, 237};
    int n = 0;
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x) {
            const Rgb c = img.at(x, y);
            if (distance(c, active) <= 2 || distance(c, inactive) <= 2 || distance(c, dock_bar) <= 1) ++n;
        }
    return n;
}

bool inside(const gis::Ring& r, const gis::Point& p) {
    bool in = false;
    for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++)
        if ((r[i].y > p.y) != (r[j].y > p.y) &&
            p.x < (r[j].x - r[i].x) * (p.y - r[i].y) / (r[j].y - r[i].y) + r[i].x)
            in = !in;
    return in;
}

double edge_distance(const gis::Ring& r, const gis::Point& p) {
    double best = 1e18;
    for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
        const double dx = r[i].x - r[j].x, dy = r[i].y - r[j].y;
        const double len2 = dx * dx + dy * dy;
        double t = len2 > 0 ? ((p.x - r[j].x) * dx + (p.y - r[j].y) * dy) / len2 : 0;
        t = std::clamp(t, 0.0, 1.0);
        best = std::min(best, std::hypot(p.x - (r[j].x + t * dx), p.y - (r[j].y + t * dy)));
    }
    return best;
}

/// The plan's paving tint (an overlay of 0x1e6fd9 at 55 %): clearly bluer than anything under it.
bool paving_blue(const Rgb& c) { return c.b - c.r > 60 && c.b - c.g > 30; }

/// Screen points (1600x1000, the slide's view) inside forecourt paving, left and right of the middle.
struct Probe {
    gis::Point left, right;
    bool ok = false;
};

Probe paving_probes(const std::string& data, const gis::BBox& extent) {
    Probe out;
    auto d = gis::district::load(data);
    if (!d) return out;
    auto scope = gis::plan::compound_scope(*d);
    if (!scope) return out;
    const auto plan = gis::plan::plan_hardening(*d, *scope);
    app::view::Camera cam(1600, 1000);
    cam.fit_in(extent, app::view::presentation_free_area(1600, 1000, 0, 1), 40);  // no figures card
    bool have_left = false, have_right = false;
    for (const auto& part : plan.parts) {
        if (part.kind != gis::plan::PartKind::Forecourt) continue;
        for (const auto& poly : part.geometry.polygons) {
            const gis::BBox b = gis::bbox_of(poly);
            // Between the entrances (at 1/2, or 1/4 and 3/4 of the front), clear of the service pipes.
            const gis::Point w{b.minx + 0.375 * b.width(), b.center().y};
            if (!inside(poly.outer, w) || edge_distance(poly.outer, w) < 1.5) continue;
            bool in_hole = false;
            for (const auto& h : poly.holes) in_hole = in_hole || inside(h, w) || edge_distance(h, w) < 1.5;
            if (in_hole) continue;
            const gis::Point s = cam.world_to_screen(w);
            if (s.y < 180 || s.y > 700) continue;  // clear of the title block, caption and legend
            if (!have_left && s.x > 60 && s.x < 760) {
                out.left = s;
                have_left = true;
            }
            if (!have_right && s.x > 840 && s.x < 1540) {
                out.right = s;
                have_right = true;
            }
        }
    }
    out.ok = have_left && have_right;
    return out;
}

}  // namespace

TEST(PresentationView, NoPersonalDataPanelIsDrawn) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = district_copy(dir);
    const std::string normal = dir + "/normal.png", presenting = dir + "/present.png";
    auto a = run_nbhd({"--data", data, "--lang", "zh", "view", "--size", "1600x1000", "--panels",
                       "search,grid", "--cursor", "-10,-10", "--screenshot", normal, "--frames", "3"});
    ASSERT_EQ(a.exit_code, 0) << a.err;
    auto b = run_nbhd({"--data", data, "--lang", "zh", "view", "--size", "1600x1000", "--present", "--panels",
                       "search,grid,inspector", "--panel-set", "search.query=12-2-301", "--cursor", "-10,-10",
                       "--screenshot", presenting, "--frames", "3"});
    ASSERT_EQ(b.exit_code, 0) << b.err;
    const Image in = load_png(normal), out = load_png(presenting);
    ASSERT_TRUE(in.ok() && out.ok());
    const int shown = title_bar_pixels(in), hidden = title_bar_pixels(out);
    // Outside presentation mode the household panels' title bars are there...
    EXPECT_GT(shown, 3000);
    // ...while presenting no tool window is drawn at all (the inspector waits too).
    EXPECT_LT(hidden, 200) << hidden << " vs " << shown;
    // The title block's accent bar, top left.
    EXPECT_LE(distance(out.at(21, 40), {31, 58, 95}), 6) << str(out.at(21, 40));
    // And revealing names is refused while presenting.
    auto c =
        run_nbhd({"--data", data, "--lang", "en", "view", "--size", "800x600", "--present", "--panel-set",
                  "search.reveal=yes", "--screenshot", dir + "/reveal.png", "--frames", "2"});
    EXPECT_NE(c.exit_code, 0);
    EXPECT_NE(c.err.find("presentation"), std::string::npos) << c.err;
}

TEST(PresentationView, TheDefaultPanelsMakeWayForTheTitleBlockAndLegend) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = district_copy(dir);
    const std::string working = dir + "/working.png", presenting = dir + "/present.png";
    auto a = run_nbhd({"--data", data, "--lang", "zh", "view", "--size", "1600x1000", "--cursor", "-10,-10",
                       "--screenshot", working, "--frames", "3"});
    ASSERT_EQ(a.exit_code, 0) << a.err;
    auto b = run_nbhd({"--data", data, "--lang", "zh", "view", "--size", "1600x1000", "--present", "--cursor",
                       "-10,-10", "--screenshot", presenting, "--frames", "3"});
    ASSERT_EQ(b.exit_code, 0) << b.err;
    const Image in = load_png(working), out = load_png(presenting);
    ASSERT_TRUE(in.ok() && out.ok());
    EXPECT_GT(title_bar_pixels(in), 3000);  // the layer panel, inspector and district figures
    EXPECT_LT(title_bar_pixels(out), 200);
    // The title block's accent bar (top left) and the legend card's white (bottom right) are not covered.
    EXPECT_LE(distance(out.at(21, 40), {31, 58, 95}), 6) << str(out.at(21, 40));
    EXPECT_LE(distance(out.at(1560, 960), {255, 255, 255}), 12) << str(out.at(1560, 960));
}

TEST(PresentationView, SplitDrawsThePlanRightOfTheDividerOnly) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = district_copy(dir);
    auto slides = gis::present::read_slides(data);
    ASSERT_TRUE(slides.ok());
    ASSERT_GE(slides->size(), 6u);
    const auto& split_slide = (*slides)[5];
    ASSERT_EQ(split_slide.view, gis::present::PlanView::Split);
    const Probe p = paving_probes(data, split_slide.extent);
    ASSERT_TRUE(p.ok);

    auto shot = [&](const std::string& name, std::vector<std::string> extra) {
        std::vector<std::string> args = {"--data",   data,        "--lang",      "zh",           "view",
                                         "--size",   "1600x1000", "--present",   "--panels",     "none",
                                         "--cursor", "-10,-10",   "--panel-set", "slides.show=6"};
        args.insert(args.end(), extra.begin(), extra.end());
        const std::string path = dir + "/" + name + ".png";
        args.insert(args.end(), {"--screenshot", path, "--frames", "3"});
        auto r = run_nbhd(args);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return load_png(path);
    };
    const Image split = shot("split", {});
    ASSERT_TRUE(split.ok());
    EXPECT_FALSE(paving_blue(split.at(p.left.x, p.left.y))) << str(split.at(p.left.x, p.left.y));
    EXPECT_TRUE(paving_blue(split.at(p.right.x, p.right.y))) << str(split.at(p.right.x, p.right.y));
    // The divider itself: white at the middle of the width.
    EXPECT_LE(distance(split.at(800, 300), {255, 255, 255}), 12) << str(split.at(800, 300));

    // Divider moved right of both probes: both show the status quo; the plan alone: both paved.
    const Image moved = shot("moved", {"--panel-set", "slides.split=0.95"});
    ASSERT_TRUE(moved.ok());
    if (p.right.x < 0.95 * 1600 - 10) {
        EXPECT_FALSE(paving_blue(moved.at(p.right.x, p.right.y))) << str(moved.at(p.right.x, p.right.y));
    }
    const Image after = shot("after", {"--panel-set", "slides.view=after"});
    ASSERT_TRUE(after.ok());
    EXPECT_TRUE(paving_blue(after.at(p.left.x, p.left.y))) << str(after.at(p.left.x, p.left.y));
    EXPECT_TRUE(paving_blue(after.at(p.right.x, p.right.y)));

    auto bad = run_nbhd({"--data", data, "view", "--size", "800x600", "--panel-set", "slides.split=2",
                         "--screenshot", dir + "/bad.png", "--frames", "2"});
    EXPECT_NE(bad.exit_code, 0);
    EXPECT_NE(bad.err.find("slides.split"), std::string::npos) << bad.err;
    auto none = run_nbhd({"--data", data, "view", "--size", "800x600", "--panel-set", "slides.show=99",
                          "--screenshot", dir + "/none.png", "--frames", "2"});
    EXPECT_NE(none.exit_code, 0);
    EXPECT_NE(none.err.find("7 slides"), std::string::npos) << none.err;
}

TEST(PresentationView, ExportHasTheRequestedSizeAndTheTitleBlock) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = district_copy(dir);
    const std::string shot = dir + "/window.png", out = dir + "/export.png";
    auto r = run_nbhd({"--data", data, "--lang", "en", "view", "--size", "1600x1000", "--panels", "none",
                       "--cursor", "-10,-10", "--screenshot", shot, "--frames", "2", "--export", out,
                       "--export-size", "3840x2160"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const Image img = load_png(out);
    ASSERT_TRUE(img.ok());
    EXPECT_EQ(img.width, 3840);
    EXPECT_EQ(img.height, 2160);
    // Everything 2.4 times the window's size: the card starts at 43 px, its accent bar is 17 px wide,
    // white card right of it, and the title's dark ink somewhere along its first line.
    EXPECT_LE(distance(img.at(52, 110), {31, 58, 95}), 6) << str(img.at(52, 110));
    EXPECT_LE(distance(img.at(75, 200), {255, 255, 255}), 8) << str(img.at(75, 200));
    int ink = 0;
    for (int x = 100; x < 900; ++x)
        for (int y = 80; y < 140; ++y)
            if (distance(img.at(x, y), {28, 39, 56}) <= 30) ++ink;
    EXPECT_GT(ink, 200);
    // The window itself (not presenting) has no title block.
    const Image win = load_png(shot);
    ASSERT_TRUE(win.ok());
    EXPECT_GT(distance(win.at(21, 40), {31, 58, 95}), 30);

    auto big = run_nbhd({"--data", data, "view", "--size", "800x600", "--screenshot", dir + "/w.png",
                         "--frames", "2", "--export", dir + "/big.png", "--export-size", "5000x3000"});
    EXPECT_EQ(big.exit_code, 2) << big.err;
    EXPECT_NE(big.err.find("3840x2160"), std::string::npos) << big.err;
}
