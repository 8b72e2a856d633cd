// nbhd render: the district drawn off-screen, checked pixel by pixel against the camera math and the
// cartography's style table.

#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "app/view/core/camera.hpp"
#include "app/view/core/style.hpp"
#include "gis/crs/crs.hpp"
#include "gis/district/loader.hpp"
#include "gis/geom/ops.hpp"
#include "gis/io/dataset.hpp"
#include "gl_test_util.hpp"

using namespace gl_test;
using app::view::Camera;
using nbhd_test::run_nbhd;

namespace {

struct Scene {
    std::string dir, data;
    gis::BBox view;       // what the test renders
    gis::Point building;  // inside residential building 1, clear of its label and symbols
    Rgb building_fill;
    gis::Point street;  // on the asphalt of 建设路, clear of its name
    Rgb street_fill;
};

Scene district_scene() {
    Scene s;
    s.dir = nbhd_test::temp_dir();
    s.data = district_copy(s.dir);
    auto b = find(s.data, "buildings", "number", "1");
    EXPECT_TRUE(b.has_value());
    if (!b) return s;
    const gis::BBox bb = b->second.geometry.bbox();
    s.building = {bb.minx + 0.25 * bb.width(), bb.miny + 0.45 * bb.height()};
    const auto style = *app::view::district_layer_style("buildings");
    s.building_fill =
        rgb(style.styles[static_cast<std::size_t>(style.bind(b->first).style_of(b->second))].fill);
    const gis::Point c = bb.center();
    s.view = {c.x - 100, c.y - 75, c.x + 100, c.y + 75};  // 4:3, as the image

    auto st = find(s.data, "street_surfaces", "name", "建设路");
    EXPECT_TRUE(st.has_value());
    if (!st) return s;
    const gis::BBox sb = st->second.geometry.bbox();
    s.street = {bb.minx, sb.maxy - 2.0};
    const auto ss = *app::view::district_layer_style("street_surfaces");
    s.street_fill = rgb(ss.styles[static_cast<std::size_t>(ss.bind(st->first).style_of(st->second))].fill);
    return s;
}

std::string bbox_arg(const gis::BBox& b) {
    return std::to_string(b.minx) + "," + std::to_string(b.miny) + "," + std::to_string(b.maxx) + "," +
           std::to_string(b.maxy);
}

gis::Point pixel(const gis::BBox& view, int w, int h, const gis::Point& world) {
    Camera cam(w, h);
    cam.fit(view, 0);
    return cam.world_to_screen(world);
}

}  // namespace

TEST(RenderCommand, DrawsBuildingsAndStreetsWhereTheCameraPutsThem) {
    NBHD_REQUIRE_DISPLAY();
    const Scene s = district_scene();
    const std::string out = s.dir + "/map.png";
    auto r =
        run_nbhd({"--data", s.data, "render", "--out", out, "--size", "800x600", "--bbox", bbox_arg(s.view)});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const Image img = load_png(out);
    ASSERT_TRUE(img.ok());
    EXPECT_EQ(img.width, 800);
    EXPECT_EQ(img.height, 600);
    const gis::Point pb = pixel(s.view, 800, 600, s.building);
    EXPECT_LE(distance(img.at(pb.x, pb.y), s.building_fill), 4)
        << "building 1 at " << pb.x << "," << pb.y << ": " << str(img.at(pb.x, pb.y)) << " expected "
        << str(s.building_fill);
    const gis::Point ps = pixel(s.view, 800, 600, s.street);
    EXPECT_LE(distance(img.at(ps.x, ps.y), s.street_fill), 4)
        << "建设路 at " << ps.x << "," << ps.y << ": " << str(img.at(ps.x, ps.y)) << " expected "
        << str(s.street_fill);
}

TEST(RenderCommand, SelectingABuildingHighlightsIt) {
    NBHD_REQUIRE_DISPLAY();
    const Scene s = district_scene();
    const std::string out = s.dir + "/selected.png";
    auto r = run_nbhd({"--data", s.data, "render", "--out", out, "--size", "800x600", "--bbox",
                       bbox_arg(s.view), "--select", "buildings:1"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const Image img = load_png(out);
    ASSERT_TRUE(img.ok());
    const gis::Point pb = pixel(s.view, 800, 600, s.building);
    const Rgb got = img.at(pb.x, pb.y);
    EXPECT_GT(distance(got, s.building_fill), 20) << str(got);
    // Tinted with the selection colour.
    const Rgb expected = over(app::view::selection_colour().with_alpha(0.3f), s.building_fill);
    EXPECT_LE(distance(got, expected), 6) << str(got) << " expected " << str(expected);
    // The street is untouched.
    const gis::Point ps = pixel(s.view, 800, 600, s.street);
    EXPECT_LE(distance(img.at(ps.x, ps.y), s.street_fill), 4);
}

TEST(RenderCommand, ImageHasTheAskedSizeAndUnknownSelectionsAreErrors) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = district_copy(dir);
    auto r = run_nbhd({"--data", data, "render", "--out", dir + "/small.png", "--size", "320x200"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const Image img = load_png(dir + "/small.png");
    ASSERT_TRUE(img.ok());
    EXPECT_EQ(img.width, 320);
    EXPECT_EQ(img.height, 200);

    r = run_nbhd({"--data", data, "render", "--out", dir + "/x.png", "--select", "buildings:999"});
    EXPECT_EQ(r.exit_code, gis::exit_code(gis::ErrorCode::NotFound));
    EXPECT_NE(r.err.find("999"), std::string::npos) << r.err;
    r = run_nbhd({"--data", data, "render", "--out", dir + "/x.png", "--layers", "streets,nosuchlayer"});
    EXPECT_EQ(r.exit_code, gis::exit_code(gis::ErrorCode::MissingLayer));
    EXPECT_NE(r.err.find("nosuchlayer"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir + "/x.png"));
}

TEST(RenderCommand, LonLatGeoJsonLandsWhereItBelongs) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    // A 100 m square in the district's CRS, written in lon/lat.
    const gis::BBox sq{530200, 3400200, 530300, 3400300};
    auto t = gis::crs::Transformer::to_lonlat("EPSG:4546");
    ASSERT_TRUE(t.ok());
    std::string coords;
    for (const gis::Point& p :
         {gis::Point{sq.minx, sq.miny}, gis::Point{sq.maxx, sq.miny}, gis::Point{sq.maxx, sq.maxy},
          gis::Point{sq.minx, sq.maxy}, gis::Point{sq.minx, sq.miny}}) {
        const gis::Point ll = t->forward(p);
        char b[64];
        std::snprintf(b, sizeof b, "%s[%.9f,%.9f]", coords.empty() ? "" : ",", ll.x, ll.y);
        coords += b;
    }
    const std::string path = dir + "/square.geojson";
    std::ofstream(path) << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},)"
                        << R"("geometry":{"type":"Polygon","coordinates":[[)" << coords << "]]}}]}";
    const gis::BBox view{530100, 3400150, 530400, 3400375};  // 4:3
    const std::string out = dir + "/square.png";
    auto r =
        run_nbhd({"--data", path, "render", "--out", out, "--size", "400x300", "--bbox", bbox_arg(view)});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const Image img = load_png(out);
    ASSERT_TRUE(img.ok());
    gis::io::LayerInfo info;
    info.geometry_type = "Polygon";
    const Rgb background = rgb(app::view::map_background());
    const Rgb fill = over(app::view::generic_layer_style(info, 0).styles[0].fill, background);
    for (const gis::Point& inside :
         {gis::Point{530210, 3400210}, gis::Point{530290, 3400290}, gis::Point{530250, 3400250}}) {
        const gis::Point p = pixel(view, 400, 300, inside);
        EXPECT_LE(distance(img.at(p.x, p.y), fill), 4)
            << inside.x << "," << inside.y << " " << str(img.at(p.x, p.y));
    }
    for (const gis::Point& outside :
         {gis::Point{530190, 3400250}, gis::Point{530310, 3400250}, gis::Point{530250, 3400310}}) {
        const gis::Point p = pixel(view, 400, 300, outside);
        EXPECT_LE(distance(img.at(p.x, p.y), background), 4)
            << outside.x << "," << outside.y << " " << str(img.at(p.x, p.y));
    }
}

TEST(RenderCommand, BadFilesGiveAnErrorNotACrash) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    std::ofstream(dir + "/corrupt.gpkg") << "SQLite format 3 but not really";
    auto r = run_nbhd({"--data", dir + "/corrupt.gpkg", "render", "--out", dir + "/c.png"});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_LT(r.exit_code, 64) << "crashed: " << r.err;
    EXPECT_NE(r.err.find("corrupt.gpkg"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir + "/c.png"));

    std::ofstream(dir + "/empty.geojson") << R"({"type":"FeatureCollection","features":[]})";
    r = run_nbhd({"--data", dir + "/empty.geojson", "render", "--out", dir + "/e.png"});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_LT(r.exit_code, 64) << "crashed: " << r.err;
    EXPECT_FALSE(r.err.empty());
}

TEST(RenderCommand, WithoutADisplayItSaysHowToGetOne) {
    const std::string dir = nbhd_test::temp_dir();
    auto r = run_nbhd({"--data", NBHD_ASSET_FILE, "render", "--out", dir + "/n.png"},
                      {{"DISPLAY", ""}, {"WAYLAND_DISPLAY", ""}});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("xvfb-run"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir + "/n.png"));
    r = run_nbhd({"--data", NBHD_ASSET_FILE, "view"}, {{"DISPLAY", ""}, {"WAYLAND_DISPLAY", ""}});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("xvfb-run"), std::string::npos) << r.err;
}

// A data set big enough that full-extent frames come from overview tiles (more primitives than the vector
// path draws in one frame): the first tile's framebuffer once took the rest of the export to the window, so
// `nbhd render` wrote a blank one-colour PNG and said "Map written".
TEST(RenderCommand, ALargeDataSetAtFullExtentIsDrawnNotBlank) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string city = dir + "/city.gpkg", out = dir + "/city.png";
    auto g = run_nbhd({"generate", "city", "--buildings", "6000", "--out", city});
    ASSERT_EQ(g.exit_code, 0) << g.err;
    auto r = run_nbhd({"--data", city, "render", "--out", out, "--size", "400x300"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const Image img = load_png(out);
    ASSERT_TRUE(img.ok());
    const Rgb bg = rgb(app::view::map_background());
    int drawn = 0;
    for (int y = 0; y < img.height; y += 4)
        for (int x = 0; x < img.width; x += 4)
            if (distance(img.at(x, y), bg) > 8) ++drawn;
    // The city fills most of the frame (about 60% of 75 x 100 samples); a blank export has none.
    EXPECT_GT(drawn, 2500) << "pixels differing from the background";
    // The scale bar is drawn too (bottom left): dark pixels there.
    int dark = 0;
    for (int y = img.height - 40; y < img.height; ++y)
        for (int x = 0; x < 150; ++x) {
            const Rgb c = img.at(x, y);
            if (c.r + c.g + c.b < 150) ++dark;
        }
    EXPECT_GT(dark, 50) << "scale bar";
}

TEST(RenderCommand, APictureOfAPartReadsOnlyThatPartAndLooksTheSame) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string city = dir + "/city.gpkg";
    ASSERT_EQ(run_nbhd({"generate", "city", "--buildings", "1500", "--out", city}).exit_code, 0);
    auto b = find(city, "buildings", "number", "1");
    ASSERT_TRUE(b.has_value());
    const gis::BBox bb = b->second.geometry.bbox();
    const gis::Point c = bb.center();
    // A 400 x 250 m view around building 1, drawn from the part read and from the whole city.
    const std::string box = std::to_string(c.x - 200) + "," + std::to_string(c.y - 125) + "," +
                            std::to_string(c.x + 200) + "," + std::to_string(c.y + 125);
    const std::string part = dir + "/part.png", all = dir + "/all.png";
    auto p = run_nbhd({"--data", city, "render", "--bbox", box, "--size", "800x500", "--out", part});
    ASSERT_EQ(p.exit_code, 0) << p.err;
    auto a =
        run_nbhd({"--data", city, "render", "--bbox", box, "--size", "800x500", "--out", all, "--read-all"});
    ASSERT_EQ(a.exit_code, 0) << a.err;
    const Image ip = load_png(part), ia = load_png(all);
    ASSERT_TRUE(ip.ok() && ia.ok());
    ASSERT_EQ(ip.width, ia.width);
    int differ = 0, drawn = 0;
    const Rgb bg = rgb(app::view::map_background());
    for (int y = 0; y < ip.height; ++y)
        for (int x = 0; x < ip.width; ++x) {
            if (distance(ip.at(x, y), ia.at(x, y)) > 24) ++differ;
            if (distance(ia.at(x, y), bg) > 8) ++drawn;
        }
    EXPECT_GT(drawn, 100000) << "the view shows the city";
    EXPECT_LT(differ, 400) << "pixels that differ between the part read and the whole read";

    // A box that misses the data is an error that says why, never an empty picture with exit 0...
    auto deg = run_nbhd({"--data", city, "render", "--bbox", "112.9,28.5,113,28.6", "--out", dir + "/d.png"});
    EXPECT_EQ(deg.exit_code, 6) << deg.err;
    EXPECT_NE(deg.err.find("longitude/latitude"), std::string::npos) << deg.err;
    auto away = run_nbhd({"--data", city, "render", "--bbox", "0,0,100,100", "--out", dir + "/a.png"});
    EXPECT_EQ(away.exit_code, 2) << away.err;
    EXPECT_FALSE(std::filesystem::exists(dir + "/a.png"));
    // ...while a part at the data's edge, empty or nearly, is a picture as the whole read draws it.
    auto e = gis::district::layer_extent(city, "boundary");
    ASSERT_TRUE(e.ok());
    const std::string corner = std::to_string(e->maxx - 15) + "," + std::to_string(e->maxy - 10) + "," +
                               std::to_string(e->maxx + 5) + "," + std::to_string(e->maxy);
    auto pc =
        run_nbhd({"--data", city, "render", "--bbox", corner, "--size", "200x100", "--out", dir + "/c1.png"});
    auto ac = run_nbhd({"--data", city, "render", "--bbox", corner, "--size", "200x100", "--out",
                        dir + "/c2.png", "--read-all"});
    ASSERT_EQ(pc.exit_code, 0) << pc.err;
    ASSERT_EQ(ac.exit_code, 0) << ac.err;
    const Image c1 = load_png(dir + "/c1.png"), c2 = load_png(dir + "/c2.png");
    ASSERT_TRUE(c1.ok() && c2.ok());
    int corner_differ = 0;
    for (int y = 0; y < c1.height; ++y)
        for (int x = 0; x < c1.width; ++x)
            if (distance(c1.at(x, y), c2.at(x, y)) > 24) ++corner_differ;
    EXPECT_LT(corner_differ, 40);
}

namespace {
/// Pixels that differ clearly between two pictures of the same size, and pixels the second one draws.
std::pair<int, int> compare(const Image& a, const Image& b) {
    int differ = 0, drawn = 0;
    const Rgb bg = rgb(app::view::map_background());
    for (int y = 0; y < a.height; ++y)
        for (int x = 0; x < a.width; ++x) {
            if (distance(a.at(x, y), b.at(x, y)) > 40) ++differ;
            if (distance(b.at(x, y), bg) > 8) ++drawn;
        }
    return {differ, drawn};
}
}  // namespace

TEST(StreamedCity, TheOverviewAndTheTilesLookLikeTheWholeRead) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string city = dir + "/city.gpkg", plain = dir + "/plain.gpkg";
    ASSERT_EQ(run_nbhd({"generate", "city", "--buildings", "1500", "--out", city}).exit_code, 0);
    std::filesystem::copy_file(city, plain);
    // The city streams its large layers; the plain copy has no overview and is read whole.
    auto b = run_nbhd({"--data", city, "index", "build", "--stream-above", "300", "--json"});
    ASSERT_EQ(b.exit_code, 0) << b.err;
    const auto built = nlohmann::json::parse(b.out);
    const double threshold = built["overview"]["threshold_mpp"].get<double>();
    ASSERT_GT(threshold, 0.25);
    ASSERT_EQ(run_nbhd({"--data", plain, "index", "build", "--stream-above", "100000000"}).exit_code, 0);
    auto st = run_nbhd({"--data", plain, "index", "status", "--json"});
    EXPECT_FALSE(nlohmann::json::parse(st.out)["overview"]["present"].get<bool>());

    // Zoomed out (three times the stream threshold): the overview's band, as the whole read draws it.
    auto e = gis::district::layer_extent(city, "boundary");
    ASSERT_TRUE(e.ok());
    const int w = std::max(64, static_cast<int>(e->width() / (3 * threshold)));
    const int h = std::max(48, static_cast<int>(e->height() / (3 * threshold)));
    const std::string size = std::to_string(w) + "x" + std::to_string(h);
    ASSERT_EQ(run_nbhd({"--data", city, "render", "--size", size, "--out", dir + "/band.png"}).exit_code, 0);
    ASSERT_EQ(run_nbhd({"--data", city, "render", "--size", size, "--out", dir + "/all.png", "--read-all"})
                  .exit_code,
              0);
    const Image band = load_png(dir + "/band.png"), all = load_png(dir + "/all.png");
    ASSERT_TRUE(band.ok() && all.ok());
    auto [differ, drawn] = compare(band, all);
    EXPECT_GT(drawn, w * h / 4) << "the picture shows the city";
    EXPECT_LT(differ, drawn / 25) << "pixels that differ between the overview and the whole read";

    // A known building, zoomed out just above the threshold (the overview's finest band): its pixel has
    // its class's fill, in the overview as in the whole read.
    {
        auto b1 = find(city, "buildings", "number", "1");
        ASSERT_TRUE(b1.has_value());
        const auto style = *app::view::district_layer_style("buildings");
        const Rgb fill =
            rgb(style.styles[static_cast<std::size_t>(style.bind(b1->first).style_of(b1->second))].fill);
        const double pad = std::max(45.0, 0.05 * std::max(e->width(), e->height()));
        const gis::BBox home{e->minx - pad, e->miny - pad, e->maxx + pad, e->maxy + pad};
        const int bw = static_cast<int>(home.width() / (1.3 * threshold)) + 32;
        const int bh = static_cast<int>(home.height() / (1.3 * threshold)) + 32;
        Camera cam(bw, bh);
        cam.fit(home, 16);
        ASSERT_GT(cam.metres_per_pixel(), threshold) << "the picture is drawn from the overview";
        const gis::Point at = cam.world_to_screen(b1->second.geometry.bbox().center());
        const std::string sz = std::to_string(bw) + "x" + std::to_string(bh);
        for (const char* extra : {"", "--read-all"}) {
            std::vector<std::string> args{"--data", city,    "render",          "--size",
                                          sz,       "--out", dir + "/known.png"};
            if (*extra) args.push_back(extra);
            ASSERT_EQ(run_nbhd(args).exit_code, 0);
            const Image img = load_png(dir + "/known.png");
            ASSERT_TRUE(img.ok());
            const Rgb got = img.at(static_cast<int>(at.x), static_cast<int>(at.y));
            EXPECT_LT(distance(got, fill), 40)
                << (*extra ? extra : "streamed") << ": building 1 at " << at.x << "," << at.y;
        }
    }

    // Zoomed in (a 300 x 200 m view): the tiles around it, as the whole read draws them.
    const gis::Point c = e->center();
    const std::string box = bbox_arg({c.x - 150, c.y - 100, c.x + 150, c.y + 100});
    for (const auto& [data, out] :
         {std::pair{city, dir + "/tiles.png"}, std::pair{plain, dir + "/whole.png"}}) {
        auto v = run_nbhd({"--data", data, "--lang", "en", "view", "--size", "600x400", "--panels", "none",
                           "--bbox", box, "--screenshot", out, "--frames", "2"});
        ASSERT_EQ(v.exit_code, 0) << v.err;
    }
    const Image tiles = load_png(dir + "/tiles.png"), whole = load_png(dir + "/whole.png");
    ASSERT_TRUE(tiles.ok() && whole.ok());
    std::tie(differ, drawn) = compare(tiles, whole);
    EXPECT_GT(drawn, 600 * 400 / 4);
    EXPECT_LT(differ, 600 * 400 / 200) << "pixels that differ between the streamed tiles and the whole read";
}

TEST(StreamedCity, AnOverviewOutOfDateIsNeverShown) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string city = dir + "/city.gpkg";
    ASSERT_EQ(run_nbhd({"generate", "city", "--buildings", "600", "--out", city}).exit_code, 0);
    ASSERT_EQ(run_nbhd({"--data", city, "index", "build", "--stream-above", "200"}).exit_code, 0);
    // Every building becomes a school, by another program: the overview no longer describes the data.
    ASSERT_TRUE(edit_with_gdal(city, "UPDATE buildings SET kind = 'school'"));
    auto st = run_nbhd({"--data", city, "index", "status"});
    EXPECT_EQ(st.exit_code, 9) << st.out;
    EXPECT_NE(st.out.find("index build"), std::string::npos) << st.out;
    auto e = gis::district::layer_extent(city, "boundary");
    ASSERT_TRUE(e.ok());
    const std::string size = std::to_string(std::max(64, static_cast<int>(e->width() / 20))) + "x" +
                             std::to_string(std::max(48, static_cast<int>(e->height() / 20)));
    auto r = run_nbhd({"--data", city, "render", "--size", size, "--out", dir + "/stale.png"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("index build"), std::string::npos)
        << "the render says why it read everything: " << r.err;
    ASSERT_EQ(run_nbhd({"--data", city, "render", "--size", size, "--out", dir + "/all.png", "--read-all"})
                  .exit_code,
              0);
    const Image stale = load_png(dir + "/stale.png"), all = load_png(dir + "/all.png");
    ASSERT_TRUE(stale.ok() && all.ok());
    // The schools' colour, not the old residential one: the picture is the data as it is now.
    EXPECT_EQ(compare(stale, all).first, 0);

    // A file another program is writing to is said to be locked (exit 8), not "not a GIS file".
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(city.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
    auto locked = run_nbhd({"--data", city, "render", "--size", size, "--out", dir + "/locked.png"});
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    EXPECT_EQ(locked.exit_code, 8) << locked.err;
    EXPECT_NE(locked.err.find("locked"), std::string::npos) << locked.err;
    EXPECT_FALSE(std::filesystem::exists(dir + "/locked.png"));
    // The viewer says the same.
    ASSERT_EQ(sqlite3_open(city.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
    auto view = run_nbhd({"--data", city, "view", "--size", "400x300", "--panels", "none", "--screenshot",
                          dir + "/locked_view.png", "--frames", "2"});
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    EXPECT_EQ(view.exit_code, 8) << view.err;
}

// The PNG carries its place: a world file and GDAL's .aux.xml with the CRS, so that GDAL (and QGIS) read
// the corners asked for with --bbox, within half a pixel.
TEST(RenderCommand, PngIsGeoreferencedWithTheRequestedCorners) {
    NBHD_REQUIRE_DISPLAY();
    const Scene s = district_scene();
    const std::string out = s.dir + "/placed.png";
    const gis::Point c = s.view.center();
    const gis::BBox want{c.x - 200, c.y - 150, c.x + 200, c.y + 150};  // the picture's shape: 800x600
    auto r =
        run_nbhd({"--data", s.data, "render", "--out", out, "--size", "800x600", "--bbox", bbox_arg(want)});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(std::filesystem::exists(s.dir + "/placed.pgw"));
    EXPECT_TRUE(std::filesystem::exists(out + ".aux.xml"));
    GDALAllRegister();
    std::unique_ptr<GDALDataset> ds(GDALDataset::Open(out.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    ASSERT_TRUE(ds);
    double gt[6] = {};
    ASSERT_EQ(ds->GetGeoTransform(gt), CE_None);
    const double px = want.width() / 800, half = px / 2;
    EXPECT_NEAR(gt[1], px, 1e-6);
    EXPECT_NEAR(gt[5], -px, 1e-6);
    EXPECT_EQ(gt[2], 0);
    EXPECT_EQ(gt[4], 0);
    EXPECT_NEAR(gt[0], want.minx, half);  // upper left
    EXPECT_NEAR(gt[3], want.maxy, half);
    EXPECT_NEAR(gt[0] + 800 * gt[1], want.maxx, half);  // lower right
    EXPECT_NEAR(gt[3] + 600 * gt[5], want.miny, half);
    const OGRSpatialReference* srs = ds->GetSpatialRef();
    ASSERT_NE(srs, nullptr) << "no CRS in " << out << ".aux.xml";
    OGRSpatialReference district;
    district.importFromEPSG(4546);
    const char* same[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", "CRITERION=EQUIVALENT", nullptr};
    EXPECT_TRUE(srs->IsSame(&district, same)) << "CRS: " << srs->GetName();
    EXPECT_STREQ(srs->GetAuthorityCode(nullptr), "4546");
    // gdalinfo, as a user checks it, reads the same.
    const std::string info = nbhd_test::capture("gdalinfo " + out);
    EXPECT_NE(info.find("4546"), std::string::npos) << info;
}

TEST(RenderCommand, ALabelOverALineKeepsItsHalo) {
    NBHD_REQUIRE_DISPLAY();
    // The lane north of building 31: its name, 重华社区巷道, sits across the gas main that runs along it.
    const std::string dir = nbhd_test::temp_dir(), data = district_copy(dir), out = dir + "/labels.png";
    auto r = run_nbhd({"--lang", "zh", "--data", data, "render", "--out", out, "--size", "900x600", "--bbox",
                       "530000,3400250,530300,3400450"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const Image img = load_png(out);
    ASSERT_TRUE(img.ok());
    auto dark = [](const Rgb& c) {  // label text: dark grey
        const int hi = std::max({c.r, c.g, c.b}), lo = std::min({c.r, c.g, c.b});
        return hi < 120 && hi - lo < 30;
    };
    auto orange = [](const Rgb& c) { return c.r > 200 && c.g > 90 && c.g < 180 && c.b < 90; };  // gas main
    std::size_t text = 0, line = 0, touching = 0;
    for (int y = 1; y + 1 < img.height; ++y)
        for (int x = 1; x + 1 < img.width; ++x) {
            const Rgb c = img.at(x, y);
            if (orange(c)) ++line;
            if (!dark(c)) continue;
            ++text;
            // A glyph's pixel never touches the line under it: its halo lies between.
            for (const auto& [dx, dy] : {std::pair{1, 0}, {-1, 0}, {0, 1}, {0, -1}})
                if (orange(img.at(x + dx, y + dy))) ++touching;
        }
    EXPECT_GT(text, 300u) << "the labels' glyphs";
    EXPECT_GT(line, 1000u) << "the gas main's pixels";
    EXPECT_LE(touching, 3u) << "glyph pixels next to the line's colour: the halo is missing";
}

// A zoomed view inside the district's boundary: the boundary's fill covers it, and the frame clears to its
// colour instead of drawing it (and whatever lies under it). The picture is the same, pixel for pixel.
TEST(RenderCommand, AViewInsideOnePolygonIsTheSamePictureWhenClearedToItsFill) {
    NBHD_REQUIRE_DISPLAY();
    const Scene s = district_scene();
    auto boundary = find(s.data, "boundary", "name", "重华社区");
    ASSERT_TRUE(boundary.has_value());
    const gis::BBox e = boundary->second.geometry.bbox();
    const gis::Point c = e.center();
    const gis::BBox view{c.x - 100, c.y - 75, c.x + 100, c.y + 75};
    const gis::Polygon rect = gis::rect(view.minx, view.miny, view.maxx, view.maxy);
    ASSERT_TRUE(gis::geom::contains(boundary->second.geometry, gis::Geometry::from(rect)))
        << "the view lies inside the boundary";
    for (const auto& [out, env] :
         {std::pair<std::string, std::string>{"base.png", "on"}, {"plain.png", "off"}}) {
        auto r = run_nbhd({"--data", s.data, "render", "--out", s.dir + "/" + out, "--size", "800x600",
                           "--bbox", bbox_arg(view)},
                          {{"NBHD_BASE_FILL", env}});
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    const Image a = load_png(s.dir + "/base.png"), b = load_png(s.dir + "/plain.png");
    ASSERT_TRUE(a.ok() && b.ok());
    int differ = 0;
    for (int y = 0; y < a.height; ++y)
        for (int x = 0; x < a.width; ++x)
            if (distance(a.at(x, y), b.at(x, y)) > 1) ++differ;
    EXPECT_EQ(differ, 0);
    // Where nothing else is drawn, the boundary's own fill.
    const auto style = *app::view::district_layer_style("boundary");
    const Rgb fill = rgb(
        style.styles[static_cast<std::size_t>(style.bind(boundary->first).style_of(boundary->second))].fill);
    int of_fill = 0;
    for (int y = 0; y < a.height; y += 4)
        for (int x = 0; x < a.width; x += 4)
            if (distance(a.at(x, y), fill) <= 1) ++of_fill;
    EXPECT_GT(of_fill, 0) << "some of the view shows the boundary's fill";
}

// A layer that leaves the overview (half the gas pipes deleted, then `index build`: no longer above the
// stream threshold) is read whole and drawn as the whole read draws it: the stream threshold is a power of
// two like the tile levels, so a style's scale limit (pipes up to 8 m a pixel) falls on the same level.
TEST(StreamedCity, ALayerThatLeavesTheOverviewLooksAsTheWholeReadDrawsIt) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string city = dir + "/city.gpkg";
    ASSERT_EQ(run_nbhd({"generate", "city", "--buildings", "8000", "--out", city, "-q"}).exit_code, 0);
    nbhd_test::capture("ogrinfo -q " + city + " -sql 'DELETE FROM gas_pipes WHERE fid % 2 = 0' 2>&1");
    auto b = run_nbhd({"--data", city, "index", "build", "--json"});
    ASSERT_EQ(b.exit_code, 0) << b.err;
    const auto built = nlohmann::json::parse(b.out);
    const double threshold = built["overview"]["threshold_mpp"].get<double>();
    EXPECT_EQ(threshold, std::exp2(std::round(std::log2(threshold)))) << "a power of two: " << threshold;
    const auto layers = built["overview"]["streamed_layers"];
    EXPECT_EQ(std::find(layers.begin(), layers.end(), "gas_pipes"), layers.end()) << layers.dump();
    for (const char* extra : {"", "--read-all"}) {
        std::vector<std::string> args{"--data",   city,        "render",
                                      "--layers", "gas_pipes", "--size",
                                      "800x600",  "--out",     dir + "/p" + extra + ".png"};
        if (*extra) args.push_back(extra);
        ASSERT_EQ(run_nbhd(args).exit_code, 0);
    }
    const Image streamed = load_png(dir + "/p.png"), whole = load_png(dir + "/p--read-all.png");
    ASSERT_TRUE(streamed.ok() && whole.ok());
    auto [differ, drawn] = compare(streamed, whole);
    EXPECT_GT(drawn, 800 * 600 / 20) << "the pipes are drawn";
    EXPECT_LT(differ, drawn / 50);
}
