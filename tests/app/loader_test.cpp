#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "app/view/core/loader.hpp"
#include "gis/core/paths.hpp"
#include "gis/district/schema.hpp"
#include "view_test_util.hpp"

using namespace app::view;

namespace {
struct Loaded {
    std::optional<SourceInfo> source;
    std::vector<PreparedLayer> layers;
    std::vector<gis::Error> errors;
};
Loaded load(const std::string& path) {
    LoadRequest r;
    r.path = path;
    Loader loader(r);
    loader.wait();
    return {loader.source(), loader.take_layers(), loader.errors()};
}
std::string asset_copy() {
    const std::string dir = view_test::temp_dir();
    const std::string path = dir + "/district.gpkg";
    std::filesystem::copy_file(std::string(NBHD_ASSET_DIR) + "/chonghua.gpkg", path);
    return path;
}
}  // namespace

TEST(Loader, TheDistrictLoadsInItsCartographicOrder) {
    const Loaded l = load(asset_copy());
    ASSERT_TRUE(l.errors.empty()) << l.errors.front().message;
    ASSERT_TRUE(l.source.has_value());
    EXPECT_TRUE(l.source->district);
    EXPECT_EQ(l.source->display_crs, "EPSG:4546");
    const auto& order = l.source->layers;
    auto pos = [&](const char* n) { return std::find(order.begin(), order.end(), n) - order.begin(); };
    EXPECT_LT(pos(gis::district::layers::kStreets), pos(gis::district::layers::kBuildings));
    EXPECT_EQ(std::find(order.begin(), order.end(), "households"),
              order.end());  // personal data is never loaded
    bool buildings = false;
    for (const auto& layer : l.layers) {
        EXPECT_NE(layer.name, "households");
        if (layer.name == gis::district::layers::kBuildings) {
            buildings = true;
            EXPECT_GE(layer.features.size(), 53u);
            EXPECT_FALSE(layer.fill_indices.empty());
            EXPECT_FALSE(layer.labels.empty());
        }
    }
    EXPECT_TRUE(buildings);
    EXPECT_TRUE(l.source->extent.contains(gis::Point{530350, 3400285}));
}

TEST(Loader, LonLatDataIsProjectedWhereItBelongs) {
    const std::string path = view_test::temp_dir() + "/park.geojson";
    std::ofstream(path)
        << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"公园"},)"
        << R"("geometry":{"type":"Polygon","coordinates":[[[111.31,30.72],[111.312,30.72],[111.312,30.722],)"
        << R"([111.31,30.722],[111.31,30.72]]]}}]})";
    const Loaded l = load(path);
    ASSERT_TRUE(l.errors.empty()) << l.errors.front().message;
    ASSERT_TRUE(l.source.has_value());
    EXPECT_FALSE(l.source->district);
    EXPECT_EQ(l.source->display_crs, "EPSG:4546");  // CGCS2000 GK zone of 111°E
    ASSERT_EQ(l.layers.size(), 1u);
    const gis::BBox e = l.layers[0].extent;
    EXPECT_GT(e.minx, 529000);
    EXPECT_LT(e.maxx, 532000);
    EXPECT_GT(e.miny, 3399000);
    EXPECT_LT(e.maxy, 3402000);
    EXPECT_NEAR(e.width(), 191, 5);  // 0.002° of longitude at 30.7°N
}

TEST(Loader, BadFilesGiveMessagesNotCrashes) {
    const std::string dir = view_test::temp_dir();
    std::ofstream(dir + "/junk.gpkg") << "this is not a GeoPackage";
    Loaded l = load(dir + "/junk.gpkg");
    ASSERT_FALSE(l.errors.empty());
    EXPECT_FALSE(l.source.has_value());
    EXPECT_TRUE(l.layers.empty());
    l = load(dir + "/missing.gpkg");
    ASSERT_FALSE(l.errors.empty());
    EXPECT_EQ(l.errors.front().code, gis::ErrorCode::NotFound);
    std::ofstream(dir + "/empty.geojson") << R"({"type":"FeatureCollection","features":[]})";
    l = load(dir + "/empty.geojson");  // opens, but has nothing to draw: the user is told so
    ASSERT_FALSE(l.errors.empty());
    EXPECT_NE(l.errors.front().message.find("no features"), std::string::npos);
}

TEST(Loader, DisplayCrsForLonLat) {
    EXPECT_EQ(choose_display_crs({111.3, 30.7}), "EPSG:4546");
    EXPECT_EQ(choose_display_crs({116.4, 39.9}), "EPSG:4548");  // Beijing: CM 117°E
    EXPECT_EQ(choose_display_crs({13.4, 52.5}), "EPSG:32633");  // Berlin: UTM 33N
    EXPECT_EQ(choose_display_crs({-70.6, -33.4}), "EPSG:32719");
}
