// The occupancy panels in nbhd view, scripted: a search flies to and highlights the building found; the
// migrant theme tints buildings with migrant households and leaves the others alone; a scripted reveal is
// recorded in the audit log; bad settings fail the run with a message.

#include <gtest/gtest.h>

#include <map>

#include "app/view/core/camera.hpp"
#include "app/view/core/occupancy_model.hpp"
#include "app/view/core/style.hpp"
#include "gis/privacy/privacy.hpp"
#include "gl_test_util.hpp"

using namespace gl_test;
using app::view::Camera;
using nbhd_test::run_nbhd;

namespace {

constexpr int kW = 1600, kH = 1000;
/// The map's free part of the window with the search (right dock) and the 楼盘表 (bottom dock) open in the
/// default layout: below the menu bar (22), left of the right dock (440), above the bottom dock (260) and
/// the status bar (26).
const gis::BBox kFree{0, 22, kW - 440.0, kH - 26.0 - 260.0};

std::string bbox_arg(const gis::BBox& b) {
    char box[200];
    std::snprintf(box, sizeof box, "%.4f,%.4f,%.4f,%.4f", b.minx, b.miny, b.maxx, b.maxy);
    return box;
}

Rgb fill_of(const std::pair<gis::io::LayerInfo, gis::io::Feature>& b) {
    const auto style = *app::view::district_layer_style("buildings");
    return rgb(style.styles[static_cast<std::size_t>(style.bind(b.first).style_of(b.second))].fill);
}

/// The extent that the viewer, fitting it to the window with no margin, shows exactly as a fly-to of `box`
/// into the map's free area would end: so the flight after a search neither moves nor zooms, and the
/// pixels are predictable.
gis::BBox flight_end_extent(const gis::BBox& box) {
    Camera cam(kW, kH);
    cam.fit_in(box, kFree, 40);  // the map controller's fly-to margin
    const gis::Point a = cam.screen_to_world({0, static_cast<double>(kH)});
    const gis::Point b = cam.screen_to_world({static_cast<double>(kW), 0});
    return {a.x, a.y, b.x, b.y};
}

TEST(OccupancyView, SearchHighlightsTheBuildingFound) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = district_copy(dir);
    auto b = find(data, "buildings", "number", "12");
    ASSERT_TRUE(b.has_value());
    const gis::BBox bb = b->second.geometry.bbox();
    const gis::BBox view = flight_end_extent(app::view::occupancy_view_box(bb));
    const std::string shot = dir + "/search.png";
    auto r = run_nbhd({"--data", data, "--lang", "zh", "view", "--size", std::to_string(kW) + "x" + std::to_string(kH),
                       "--bbox", bbox_arg(view), "--panels", "none", "--panel-set", "search.query=12-2-301",
                       "--screenshot", shot, "--frames", "4"});
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    const Image img = load_png(shot);
    ASSERT_TRUE(img.ok());
    ASSERT_EQ(img.width, kW);

    Camera cam(kW, kH);
    cam.fit(view, 0);
    // Left of the building's number label, on its long axis: in the map's free area, clear of the docks.
    const gis::Point inside{bb.minx + 0.2 * bb.width(), bb.miny + 0.5 * bb.height()};
    const gis::Point p = cam.world_to_screen(inside);
    ASSERT_TRUE(kFree.contains(p)) << p.x << "," << p.y << " must lie in the map's free area";
    // The building's fill, the found tint over it, the selection tint over both.
    const Rgb expected = over(app::view::selection_colour().with_alpha(0.3f),
                              over(app::view::occupancy_found_colour().with_alpha(0.3f), fill_of(*b)));
    EXPECT_LE(distance(img.at(p.x, p.y), expected), 6)
        << str(img.at(p.x, p.y)) << " expected " << str(expected) << " plain " << str(fill_of(*b));
    EXPECT_GT(distance(img.at(p.x, p.y), fill_of(*b)), 20) << "the building is not highlighted";

    // A neighbour, not found, keeps its plain fill.
    auto other = find(data, "buildings", "number", "11");
    ASSERT_TRUE(other.has_value());
    const gis::BBox ob = other->second.geometry.bbox();
    const gis::Point q = cam.world_to_screen({ob.minx + 0.2 * ob.width(), ob.miny + 0.5 * ob.height()});
    // In the map's free area, clear of the docks.
    const bool clear = kFree.contains(q);
    if (clear) {
        EXPECT_LE(distance(img.at(q.x, q.y), fill_of(*other)), 6) << str(img.at(q.x, q.y));
    }
    // Masked by default: nothing was revealed, so nothing was audited.
    auto audit = gis::privacy::read_audit(data);
    ASSERT_TRUE(audit) << audit.error().message;
    EXPECT_TRUE(audit->empty());
}

TEST(OccupancyView, MigrantThemeTintsBuildingsWithMigrantsOnly) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = district_copy(dir);
    // Migrant households per building, counted here from the table.
    std::map<int, int> migrants;
    {
        auto ds = gis::io::Dataset::open(data);
        ASSERT_TRUE(ds);
        auto hh = ds->read_layer("households");
        ASSERT_TRUE(hh);
        const int bn = hh->info.field_index("building_number"), mg = hh->info.field_index("migrant");
        for (const auto& f : hh->features)
            if (app::view::field_int(f, mg) != 0) ++migrants[static_cast<int>(app::view::field_int(f, bn))];
    }
    ASSERT_FALSE(migrants.empty());
    const auto classes = app::view::classify_counts({migrants.begin(), migrants.end()},
                                                    app::view::OccupancyFilter::Migrant);
    ASSERT_FALSE(classes.empty());

    auto ds = gis::io::Dataset::open(data);
    ASSERT_TRUE(ds);
    auto buildings = ds->read_layer("buildings");
    ASSERT_TRUE(buildings);
    gis::BBox all;
    for (const auto& f : buildings->features) all.expand(f.geometry.bbox());
    const std::string shot = dir + "/migrant.png";
    auto r = run_nbhd({"--data", data, "--lang", "en", "view", "--size", std::to_string(kW) + "x" + std::to_string(kH),
                       "--bbox", bbox_arg(all), "--panels", "none", "--panel-set", "occupancy.filter=migrant",
                       "--screenshot", shot, "--frames", "3"});
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    const Image img = load_png(shot);
    ASSERT_TRUE(img.ok());
    Camera cam(kW, kH);
    cam.fit(all, 0);
    const int num = buildings->info.field_index("number"), kind = buildings->info.field_index("kind");
    int with_checked = 0, without_checked = 0;
    for (const auto& f : buildings->features) {
        if (app::view::field_text(f, kind) != "residential") continue;
        const int n = static_cast<int>(app::view::field_int(f, num));
        const gis::BBox fb = f.geometry.bbox();
        const gis::Point p = cam.world_to_screen({fb.minx + 0.2 * fb.width(), fb.miny + 0.5 * fb.height()});
        // Clear of the theme panel (the right dock), the menu and the status bar.
        if (p.y < 40 || p.y > kH - 40 || p.x < 10 || p.x > kW - 450) continue;
        const Rgb plain = rgb(app::view::district_layer_style("buildings")
                                  ->styles[static_cast<std::size_t>(
                                      app::view::district_layer_style("buildings")->bind(buildings->info).style_of(f))]
                                  .fill);
        const Rgb got = img.at(p.x, p.y);
        auto it = migrants.find(n);
        if (it == migrants.end()) {
            EXPECT_LE(distance(got, plain), 6) << "building " << n << " has no migrants: " << str(got);
            ++without_checked;
        } else {
            const auto& c = classes[static_cast<std::size_t>(
                std::find_if(classes.begin(), classes.end(),
                             [&](const auto& k) { return it->second >= k.min && it->second <= k.max; }) -
                classes.begin())];
            const Rgb want = over(c.colour.with_alpha(0.3f), plain);
            EXPECT_LE(distance(got, want), 6) << "building " << n << " (" << it->second << " migrant households): "
                                              << str(got) << " expected " << str(want);
            ++with_checked;
        }
    }
    EXPECT_GE(with_checked, 3);
    EXPECT_GE(without_checked, 1);
}

TEST(OccupancyView, ScriptedRevealIsAudited) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = district_copy(dir);
    const std::string shot = dir + "/reveal.png";
    auto r = run_nbhd({"--data", data, "--lang", "zh", "view", "--size", "1400x900", "--panels", "none",
                       "--panel-set", "search.query=12-2-301", "--panel-set", "search.reveal=yes", "--screenshot",
                       shot, "--frames", "2"});
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    auto audit = gis::privacy::read_audit(data);
    ASSERT_TRUE(audit) << audit.error().message;
    ASSERT_EQ(audit->size(), 1u);
    EXPECT_EQ(audit->front().action, "reveal");
    EXPECT_NE(audit->front().query.find("12-2-301"), std::string::npos) << audit->front().query;
    EXPECT_GT(audit->front().count, 1);  // the household found and the rest of its building's grid
}

TEST(OccupancyView, PresentationModeRevealsNothing) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = district_copy(dir);
    for (const std::string& setting : {std::string("search.reveal=yes"), std::string("occupancy.filter=low_income")}) {
        SCOPED_TRACE(setting);
        auto r = run_nbhd({"--data", data, "view", "--present", "--size", "800x600", "--panel-set",
                           "search.query=12-2-301", "--panel-set", "occupancy.confirm=yes", "--panel-set", setting,
                           "--screenshot", dir + "/present.png", "--frames", "2"});
        EXPECT_NE(r.exit_code, 0);
        EXPECT_LT(r.exit_code, 64) << "crashed: " << r.err;
        EXPECT_NE(r.err.find("presentation"), std::string::npos) << r.err;
    }
    auto audit = gis::privacy::read_audit(data);
    ASSERT_TRUE(audit);
    EXPECT_TRUE(audit->empty());
}

TEST(OccupancyView, BadSettingsFailTheRun) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = district_copy(dir);
    const std::string long_query = "search.query=" + std::string(2000, 'x');
    for (const std::string& setting : {std::string("occupancy.filter=low_income"), std::string("occupancy.filter=everyone"),
                                       std::string("grid.building=abc"), std::string("grid.building=9999"),
                                       std::string("search.query=99-1-101"), long_query}) {
        SCOPED_TRACE(setting.substr(0, 40));
        auto r = run_nbhd({"--data", data, "view", "--size", "800x600", "--panels", "none", "--panel-set", setting,
                           "--screenshot", dir + "/bad.png", "--frames", "2"});
        EXPECT_NE(r.exit_code, 0);
        EXPECT_LT(r.exit_code, 64) << "crashed: " << r.err;
        EXPECT_FALSE(r.err.empty());
    }
    auto audit = gis::privacy::read_audit(data);
    ASSERT_TRUE(audit);
    EXPECT_TRUE(audit->empty()) << "the refused 低保 theme wrote nothing";
}

}  // namespace
