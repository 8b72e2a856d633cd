// nbhd view, scripted: it loads, draws a few frames, saves a screenshot of its window and quits.

#include <gtest/gtest.h>

#include <fstream>

#include "app/view/core/camera.hpp"
#include "app/view/core/style.hpp"
#include "gl_test_util.hpp"

using namespace gl_test;
using nbhd_test::run_nbhd;

TEST(ViewerCommand, ShowsTheMapInItsWindow) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = district_copy(dir);
    auto b = find(data, "buildings", "number", "1");
    ASSERT_TRUE(b.has_value());
    const gis::BBox bb = b->second.geometry.bbox();
    const gis::Point c = bb.center();
    const gis::BBox view{c.x - 90, c.y - 70, c.x + 90, c.y + 70};  // 9:7 as the window
    char box[160];
    std::snprintf(box, sizeof box, "%.3f,%.3f,%.3f,%.3f", view.minx, view.miny, view.maxx, view.maxy);
    const std::string shot = dir + "/window.png";
    auto r = run_nbhd({"--data", data, "--lang", "zh", "view", "--size", "900x700", "--bbox", box, "--panels",
                       "none", "--screenshot", shot, "--frames", "3"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const Image img = load_png(shot);
    ASSERT_TRUE(img.ok());
    EXPECT_EQ(img.width, 900);
    EXPECT_EQ(img.height, 700);
    app::view::Camera cam(900, 700);
    cam.fit(view, 0);
    const gis::Point p = cam.world_to_screen({bb.minx + 0.25 * bb.width(), bb.miny + 0.45 * bb.height()});
    const auto style = *app::view::district_layer_style("buildings");
    const Rgb fill =
        rgb(style.styles[static_cast<std::size_t>(style.bind(b->first).style_of(b->second))].fill);
    EXPECT_LE(distance(img.at(p.x, p.y), fill), 4) << str(img.at(p.x, p.y)) << " expected " << str(fill);
}

TEST(ViewerCommand, ABadFileIsAMessageNotACrash) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    std::ofstream(dir + "/bad.geojson") << "{ this is not json";
    const std::string shot = dir + "/bad.png";
    auto r = run_nbhd(
        {"--data", dir + "/bad.geojson", "view", "--size", "640x480", "--screenshot", shot, "--frames", "2"});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_LT(r.exit_code, 64) << "crashed: " << r.err;
    EXPECT_NE(r.err.find("bad.geojson"), std::string::npos) << r.err;
    // The window showed the message before closing.
    const Image img = load_png(shot);
    ASSERT_TRUE(img.ok());
    EXPECT_EQ(img.width, 640);
}
