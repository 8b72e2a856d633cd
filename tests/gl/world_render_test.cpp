// nbhd render of data in longitude/latitude across the world: drawn in a projection chosen for its
// extent (gis::crs::choose_map_crs), a file without a CRS drawn as longitude/latitude, and a coordinate
// no projection takes reported as a CRS problem (exit 6), never as "not a GIS file".

#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>

#include "gl_test_util.hpp"

using namespace gl_test;
using nbhd_test::run_nbhd;

namespace {

struct Country {
    const char* name;
    double x0, y0, x1, y1;
};
// Five "countries" spanning -170..170 longitude and -60..75 latitude.
const Country kCountries[] = {{"west", -170, 10, -100, 70},
                              {"south", -80, -60, -35, 10},
                              {"europe", -10, 35, 40, 75},
                              {"africa", -15, -35, 50, 35},
                              {"east", 60, -45, 170, 60}};

std::string ring(const Country& c) {
    auto p = [](double x, double y) { return "[" + std::to_string(x) + "," + std::to_string(y) + "]"; };
    return "[[" + p(c.x0, c.y0) + "," + p(c.x1, c.y0) + "," + p(c.x1, c.y1) + "," + p(c.x0, c.y1) + "," +
           p(c.x0, c.y0) + "]]";
}

/// The world as GeoJSON (longitude/latitude, EPSG:4326 by the format's definition).
std::string world_geojson(const std::string& dir) {
    std::string features;
    for (const auto& c : kCountries)
        features += std::string(features.empty() ? "" : ",") + R"({"type":"Feature","properties":{"name":")" +
                    c.name + R"("},"geometry":{"type":"Polygon","coordinates":)" + ring(c) + "}}";
    const std::string path = dir + "/countries.geojson";
    std::ofstream(path) << R"({"type":"FeatureCollection","features":[)" + features + "]}";
    return path;
}

/// The same world as a shapefile without a .prj: no CRS, coordinates in degrees.
std::string world_without_crs(const std::string& dir) {
    GDALAllRegister();
    const std::string path = dir + "/countries.shp";
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
    std::unique_ptr<GDALDataset> ds(drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    OGRLayer* layer = ds->CreateLayer("countries", nullptr, wkbPolygon, nullptr);
    OGRFieldDefn name("name", OFTString);
    layer->CreateField(&name);
    for (const auto& c : kCountries) {
        OGRFeature f(layer->GetLayerDefn());
        f.SetField("name", c.name);
        OGRPolygon poly;
        OGRLinearRing r;
        r.addPoint(c.x0, c.y0);
        r.addPoint(c.x1, c.y0);
        r.addPoint(c.x1, c.y1);
        r.addPoint(c.x0, c.y1);
        r.addPoint(c.x0, c.y0);
        poly.addRing(&r);
        f.SetGeometry(&poly);
        EXPECT_EQ(layer->CreateFeature(&f), OGRERR_NONE);
    }
    return path;
}

std::size_t colours(const Image& img) {
    std::set<int> seen;
    for (int y = 0; y < img.height; y += 2)
        for (int x = 0; x < img.width; x += 2) {
            const Rgb c = img.at(x, y);
            seen.insert(c.r << 16 | c.g << 8 | c.b);
        }
    return seen.size();
}

/// Share of the pixels that differ from the top-left corner's colour (the map's background).
double drawn_share(const Image& img) {
    const Rgb bg = img.at(0, 0);
    std::size_t n = 0;
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x)
            if (distance(img.at(x, y), bg) > 8) ++n;
    return static_cast<double>(n) / (static_cast<double>(img.width) * img.height);
}

}  // namespace

TEST(RenderWorld, CountriesAcrossTheWorldAreDrawnInAnEqualAreaProjection) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string png = dir + "/world.png";
    auto r = run_nbhd({"--data", world_geojson(dir), "render", "--size", "800x450", "--out", png});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("longitude/latitude drawn in Equal Earth, an equal-area world projection (the data "
                         "spans 340° x 135°)"),
              std::string::npos)
        << r.err;
    const Image img = load_png(png);
    ASSERT_TRUE(img.ok());
    EXPECT_EQ(img.width, 800);
    EXPECT_GT(colours(img), 3u) << "background, fill, outline and labels";
    // The countries cover about half of the picture fitted around them; far from a blank picture or a
    // sliver.
    const double share = drawn_share(img);
    EXPECT_GT(share, 0.3);
    EXPECT_LT(share, 0.9);
}

TEST(RenderWorld, AFileWithoutACrsInDegreesIsDrawnAsLongitudeLatitude) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    auto with =
        run_nbhd({"--data", world_geojson(dir), "render", "--size", "800x450", "--out", dir + "/a.png"});
    auto without =
        run_nbhd({"--data", world_without_crs(dir), "render", "--size", "800x450", "--out", dir + "/b.png"});
    ASSERT_EQ(with.exit_code, 0) << with.err;
    ASSERT_EQ(without.exit_code, 0) << without.err;
    EXPECT_NE(
        without.err.find("countries.shp: no CRS in the file; coordinates look like longitude/latitude, read "
                         "as WGS 84 (EPSG:4326) and drawn in Equal Earth"),
        std::string::npos)
        << without.err;
    // The same countries in the same places as the file that says EPSG:4326 (not 340 "metres" wide).
    const Image a = load_png(dir + "/a.png"), b = load_png(dir + "/b.png");
    ASSERT_TRUE(a.ok() && b.ok());
    std::size_t differ = 0;
    for (int y = 0; y < a.height; ++y)
        for (int x = 0; x < a.width; ++x)
            if (distance(a.at(x, y), b.at(x, y)) > 24) ++differ;
    EXPECT_LT(differ, 2000u) << "pixels that differ (labels may sit apart)";
}

TEST(RenderWorld, ACoordinateNoProjectionTakesIsACrsProblemNotANonGisFile) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string path = dir + "/beyond_the_pole.geojson";
    std::ofstream(path)
        << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},)"
           R"("geometry":{"type":"Polygon","coordinates":[[[10,80],[20,80],[20,95],[10,95],[10,80]]]}}]})";
    auto r = run_nbhd({"--data", path, "render", "--out", dir + "/p.png"});
    EXPECT_EQ(r.exit_code, 6) << r.err;
    EXPECT_NE(r.err.find("coordinates cannot be transformed"), std::string::npos) << r.err;
    EXPECT_NE(
        r.err.find("check the CRS the file declares (a latitude beyond 90 or a longitude beyond 180 is no "
                   "longitude/latitude)"),
        std::string::npos)
        << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir + "/p.png"));
}

TEST(RenderWorld, AZippedShapefileOpensInPlace) {
    // `--data roads.zip`: read through GDAL's /vsizip/, drawn like the unzipped file, nothing unpacked.
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string zip = dir + "/world.shp.zip";
    const std::string cmd = "ogr2ogr -f 'ESRI Shapefile' -lco ENCODING=UTF-8 '" + zip + "' '" +
                            world_geojson(dir) + "' 2>/dev/null";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    auto zipped = run_nbhd({"--data", zip, "render", "--size", "800x450", "--out", dir + "/z.png"});
    ASSERT_EQ(zipped.exit_code, 0) << zipped.err;
    auto plain =
        run_nbhd({"--data", world_geojson(dir), "render", "--size", "800x450", "--out", dir + "/p.png"});
    ASSERT_EQ(plain.exit_code, 0) << plain.err;
    const Image a = load_png(dir + "/z.png"), b = load_png(dir + "/p.png");
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_NEAR(drawn_share(a), drawn_share(b), 0.02);
    EXPECT_FALSE(std::filesystem::exists(dir + "/world.shp"));
}
