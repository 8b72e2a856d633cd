#include <gtest/gtest.h>

#include <cmath>

#include "app/view/core/camera.hpp"

using app::view::Camera;
using app::view::CameraFlight;
using gis::BBox;
using gis::Point;

namespace {
void expect_near(const Point& a, const Point& b, double eps = 1e-6) {
    EXPECT_NEAR(a.x, b.x, eps);
    EXPECT_NEAR(a.y, b.y, eps);
}
}  // namespace

TEST(Camera, CentreIsTheMiddleOfTheViewport) {
    Camera c(800, 600);
    c.set_center({530000, 3400000});
    c.set_metres_per_pixel(0.5);
    expect_near(c.world_to_screen({530000, 3400000}), {400, 300});
}

TEST(Camera, NorthIsUpEastIsRight) {
    Camera c(800, 600);
    c.set_center({0, 0});
    c.set_metres_per_pixel(2);
    expect_near(c.world_to_screen({20, 0}), {410, 300});  // 20 m east = 10 px right
    expect_near(c.world_to_screen({0, 20}), {400, 290});  // 20 m north = 10 px up (screen y down)
    expect_near(c.world_to_screen({-200, -300}), {300, 450});
}

TEST(Camera, ScreenToWorldInvertsWorldToScreen) {
    Camera c(1920, 1080);
    c.set_center({530350.25, 3400285.75});
    c.set_metres_per_pixel(0.37);
    for (const Point& w : {Point{530000, 3400000}, Point{530740.5, 3400611.4}, Point{530351, 3400286}}) {
        expect_near(c.screen_to_world(c.world_to_screen(w)), w, 1e-6);
    }
    expect_near(c.screen_to_world({0, 0}), {530350.25 - 960 * 0.37, 3400285.75 + 540 * 0.37});
}

TEST(Camera, ZoomAboutKeepsThePointUnderTheCursor) {
    Camera c(1000, 800);
    c.set_center({100, 100});
    c.set_metres_per_pixel(1);
    const Point cursor{137, 612};
    const Point anchor = c.screen_to_world(cursor);
    c.zoom_about(cursor, 2.0);
    EXPECT_DOUBLE_EQ(c.metres_per_pixel(), 0.5);
    expect_near(c.world_to_screen(anchor), cursor, 1e-9);
    c.zoom_about(cursor, 1 / 8.0);
    EXPECT_DOUBLE_EQ(c.metres_per_pixel(), 4.0);
    expect_near(c.world_to_screen(anchor), cursor, 1e-9);
}

TEST(Camera, ZoomAboutTheCentreKeepsTheCentre) {
    Camera c(640, 480);
    c.set_center({5, -7});
    c.zoom_about({320, 240}, 3);
    expect_near(c.center(), {5, -7});
}

TEST(Camera, ZoomIsClampedAndIgnoresNonsense) {
    Camera c(100, 100);
    c.set_metres_per_pixel(1);
    c.zoom_about({50, 50}, 1e9);
    EXPECT_DOUBLE_EQ(c.metres_per_pixel(), Camera::kMinMetresPerPixel);
    c.zoom_about({50, 50}, 0);
    c.zoom_about({50, 50}, -2);
    c.zoom_about({50, 50}, std::nan(""));
    EXPECT_DOUBLE_EQ(c.metres_per_pixel(), Camera::kMinMetresPerPixel);
    c.set_metres_per_pixel(1e12);
    EXPECT_DOUBLE_EQ(c.metres_per_pixel(), Camera::kMaxMetresPerPixel);
}

TEST(Camera, PanMovesContentWithTheDrag) {
    Camera c(800, 600);
    c.set_center({0, 0});
    c.set_metres_per_pixel(2);
    const Point w{10, 10};
    const Point before = c.world_to_screen(w);
    c.pan_pixels(30, -20);
    expect_near(c.world_to_screen(w), {before.x + 30, before.y - 20});
}

TEST(Camera, FitShowsTheWholeBoxTightly) {
    Camera c(1920, 1080);
    const BBox box{529960, 3399960, 530740, 3400611};  // 780 m x 651 m: height limits
    c.fit(box, 20);
    expect_near(c.center(), box.center());
    const BBox v = c.visible_bbox();
    EXPECT_LE(v.minx, box.minx);
    EXPECT_LE(v.miny, box.miny);
    EXPECT_GE(v.maxx, box.maxx);
    EXPECT_GE(v.maxy, box.maxy);
    // Tight on the limiting side: 20 px margin above and below.
    EXPECT_NEAR(c.world_to_screen({box.minx, box.maxy}).y, 20, 1e-6);
    EXPECT_NEAR(c.world_to_screen({box.minx, box.miny}).y, 1060, 1e-6);
    EXPECT_NEAR(c.metres_per_pixel(), 651.0 / 1040, 1e-12);
}

TEST(Camera, FitOfAnEmptyBoxChangesNothing) {
    Camera c(800, 600);
    c.set_center({1, 2});
    c.set_metres_per_pixel(3);
    const Camera before = c;
    c.fit(BBox{});
    EXPECT_EQ(c, before);
}

TEST(Camera, FitInPutsTheBoxInTheFreeArea) {
    Camera c(1600, 1000);
    const BBox box{0, 0, 400, 300};
    const BBox area{330, 20, 1240, 970};  // left panel and right panel leave this free
    c.fit_in(box, area, 10);
    const Point lo = c.world_to_screen({0, 0}), hi = c.world_to_screen({400, 300});
    EXPECT_NEAR((lo.x + hi.x) / 2, area.center().x, 1e-6);
    EXPECT_NEAR((lo.y + hi.y) / 2, area.center().y, 1e-6);
    EXPECT_GE(lo.x, area.minx + 10 - 1e-6);
    EXPECT_LE(hi.x, area.maxx - 10 + 1e-6);
    EXPECT_GE(hi.y, area.miny + 10 - 1e-6);
    EXPECT_LE(lo.y, area.maxy - 10 + 1e-6);
}

TEST(Camera, VisibleBoxMatchesTheCorners) {
    Camera c(400, 200);
    c.set_center({1000, 2000});
    c.set_metres_per_pixel(0.5);
    EXPECT_EQ(c.visible_bbox(), (BBox{900, 1950, 1100, 2050}));
    expect_near(c.screen_to_world({0, 0}), {900, 2050});
    expect_near(c.screen_to_world({400, 200}), {1100, 1950});
}

TEST(Camera, ScaleDenominatorAt96Dpi) {
    Camera c(100, 100);
    c.set_metres_per_pixel(0.264583333);  // one 96-dpi pixel is 0.2645833 mm
    EXPECT_NEAR(c.scale_denominator(), 1000, 0.01);
    c.set_metres_per_pixel(1);
    EXPECT_NEAR(c.scale_denominator(), 3779.5276, 0.001);
}

TEST(Camera, AnExportOfTheViewHasTheWindowsScale) {
    Camera window(1600, 1000);
    window.set_metres_per_pixel(0.9);
    // The same view at 3840 pixels wide: 2.4 device pixels per window pixel, everything drawn 2.4x larger.
    Camera big = window;
    big.set_viewport(3840, 2400);
    big.set_metres_per_pixel(0.9 * 1600 / 3840);
    EXPECT_NEAR(big.scale_denominator_at_ratio(2.4), window.scale_denominator(), 1e-6);
    EXPECT_NEAR(window.scale_denominator_at_ratio(1), window.scale_denominator(), 1e-9);
}

TEST(CameraFlight, StartsAtTheStartAndEndsAtTheTarget) {
    Camera a(800, 600), b(800, 600);
    a.set_center({0, 0});
    a.set_metres_per_pixel(4);
    b.set_center({1000, 500});
    b.set_metres_per_pixel(0.25);
    CameraFlight f(a, b, 0.5);
    EXPECT_TRUE(f.active());
    const Camera start = f.at(0);
    expect_near(start.center(), a.center());
    EXPECT_NEAR(start.metres_per_pixel(), 4, 1e-9);
    const Camera mid = f.at(0.25);
    EXPECT_NEAR(mid.metres_per_pixel(), 1, 1e-9);  // geometric halfway between 4 and 0.25
    expect_near(mid.center(), {500, 250});
    EXPECT_EQ(f.at(0.6), b);
    EXPECT_FALSE(f.active());
}
