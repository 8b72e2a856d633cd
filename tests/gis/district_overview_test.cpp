// The stored map overview: which layers it generalises, that its groups cover the features they stand for,
// that it is never current once the data changes, and its errors.

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "gis/district/overview.hpp"
#include "gis/district/schema.hpp"
#include "gis/geom/ops.hpp"
#include "gis/io/dataset.hpp"
#include "occupancy_fixture.hpp"

namespace {

namespace fs = std::filesystem;
using gis::district::build_overview;
using gis::district::overview_status;
using gis::district::read_overview;

std::string copy_of(const std::string& src, const std::string& name) {
    const std::string p = occ_test::temp_dir(name) + "/city.gpkg";
    fs::copy_file(src, p, fs::copy_options::overwrite_existing);
    return p;
}

void sql(const std::string& path, const std::string& statement) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &err);
    EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
}

/// An edit as another GIS program makes it: through GDAL (whose GeoPackage triggers need its SQL functions).
void gdal_sql(const std::string& path, const std::string& statement) {
    gis::io::init_gdal();
    GDALDataset* ds = static_cast<GDALDataset*>(
        GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
    ASSERT_NE(ds, nullptr);
    CPLErrorReset();
    ds->ExecuteSQL(statement.c_str(), nullptr, nullptr);
    EXPECT_EQ(CPLGetLastErrorType(), CE_None) << CPLGetLastErrorMsg();
    GDALClose(ds);
}

TEST(DistrictOverview, GeneralisesTheLargeLayersAndCoversTheirFeatures) {
    const std::string city = copy_of(occ_test::generated_city(600), "overview_cover");
    gis::district::OverviewOptions o;
    o.min_features = 300;
    auto rep = build_overview(city, o);
    ASSERT_TRUE(rep.ok()) << rep.error().message;
    auto ds = gis::io::Dataset::open(city);
    ASSERT_TRUE(ds.ok());
    // Exactly the geometry layers above the limit are streamed.
    std::vector<std::string> expected;
    for (const auto& i : ds->layers())
        if (i.geometry_type != "None" && i.name != "households" && i.feature_count > 300)
            expected.push_back(i.name);
    auto got = rep->layers;
    std::sort(got.begin(), got.end());
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(got, expected);
    ASSERT_NE(std::find(got.begin(), got.end(), "buildings"), got.end());
    EXPECT_GT(rep->threshold_mpp, 0.25);
    EXPECT_GE(rep->bands, 1);

    auto st = overview_status(city);
    ASSERT_TRUE(st.ok());
    EXPECT_TRUE(st->ready());
    EXPECT_TRUE(st->advice().empty());
    EXPECT_EQ(st->bands, rep->bands);
    EXPECT_DOUBLE_EQ(st->threshold_mpp, rep->threshold_mpp);
    EXPECT_EQ(st->band_for(st->threshold_mpp * 0.5), 0);
    EXPECT_EQ(st->band_for(st->threshold_mpp * 1e6), st->bands - 1);

    // Band 0 of the buildings: every building of 2 pixels or more lies under a group of its own look
    // (its kind), which carries the look fields with the layer's types.
    auto band = read_overview(city, "buildings", 0);
    ASSERT_TRUE(band.ok()) << band.error().message;
    ASSERT_EQ(band->info.fields.size(), gis::district::look_fields("buildings").size());
    EXPECT_EQ(band->info.fields[0].name, "kind");
    auto buildings = ds->read_layer("buildings");
    ASSERT_TRUE(buildings.ok());
    const int kind = buildings->info.field_index("kind");
    const double pixel = st->band_pixel(0);
    int checked = 0, covered = 0;
    for (const auto& b : buildings->features) {
        const gis::BBox bb = b.geometry.bbox();
        if (std::min(bb.width(), bb.height()) < 2 * pixel) continue;
        ++checked;
        const gis::Geometry c = gis::Geometry::from(bb.center());
        for (const auto& g : band->features)
            if (g.values[0] == b.values[static_cast<std::size_t>(kind)] &&
                gis::geom::distance(g.geometry, c) <= pixel) {
                ++covered;
                break;
            }
    }
    EXPECT_GT(checked, 100);
    EXPECT_EQ(covered, checked);
    // The stored triangles of each group cover exactly its polygons.
    std::vector<gis::geom::Triangles> tris;
    auto again = read_overview(city, "buildings", 0, &tris);
    ASSERT_TRUE(again.ok());
    ASSERT_EQ(tris.size(), again->features.size());
    for (std::size_t i = 0; i < tris.size(); ++i) {
        double a = 0;
        const auto& t = tris[i];
        for (std::size_t k = 0; k + 2 < t.indices.size(); k += 3) {
            const auto &p = t.vertices[t.indices[k]], &q = t.vertices[t.indices[k + 1]],
                       &r = t.vertices[t.indices[k + 2]];
            a += std::abs((q.x - p.x) * (r.y - p.y) - (r.x - p.x) * (q.y - p.y)) / 2;
        }
        EXPECT_NEAR(a, gis::geom::area(again->features[i].geometry), 1e-6 * a + 1e-6) << "group " << i;
    }
    // Every gas pipe, however short, lies on a line of its look in band 0: a main made of short pieces
    // has no gaps.
    auto pipes = ds->read_layer("gas_pipes");
    auto pipe_band = read_overview(city, "gas_pipes", 0);
    ASSERT_TRUE(pipes.ok() && pipe_band.ok());
    std::map<std::string, std::vector<const gis::Geometry*>> by_look;
    for (const auto& g : pipe_band->features)
        by_look[gis::io::to_display(g.values[0])].push_back(&g.geometry);
    const int pipe_kind = pipes->info.field_index("kind");
    int missing = 0;
    for (const auto& p : pipes->features) {
        const auto& line = p.geometry.lines.front();
        const gis::Geometry mid = gis::Geometry::from(
            gis::Point{(line.front().x + line.back().x) / 2, (line.front().y + line.back().y) / 2});
        bool near = false;
        for (const auto* g : by_look[gis::io::to_display(p.values[static_cast<std::size_t>(pipe_kind)])])
            if (gis::geom::distance(*g, mid) <= pixel) {
                near = true;
                break;
            }
        if (!near) ++missing;
    }
    EXPECT_EQ(missing, 0) << "pipes without a line in the overview";
    // A coarser band has fewer vertices to draw than the finer one.
    if (st->bands > 1) {
        auto coarse = read_overview(city, "surfaces", st->bands - 1),
             fine = read_overview(city, "surfaces", 0);
        ASSERT_TRUE(coarse.ok() && fine.ok());
        auto vertices = [](const gis::io::Layer& l) {
            std::size_t n = 0;
            for (const auto& f : l.features)
                for (const auto& p : f.geometry.polygons) n += p.outer.size();
            return n;
        };
        EXPECT_LT(vertices(*coarse), vertices(*fine));
    }
}

TEST(DistrictOverview, IsNeverCurrentOnceTheDataChanges) {
    const std::string city = copy_of(occ_test::generated_city(600), "overview_stale");
    gis::district::OverviewOptions o;
    o.min_features = 300;
    ASSERT_TRUE(build_overview(city, o).ok());
    ASSERT_TRUE(overview_status(city)->current);
    // An edit of a streamed layer by any program marks it out of date, and says how to rebuild.
    gdal_sql(city, "UPDATE buildings SET kind = 'school' WHERE fid = (SELECT min(fid) FROM buildings)");
    auto st = overview_status(city);
    ASSERT_TRUE(st.ok());
    EXPECT_TRUE(st->present);
    EXPECT_FALSE(st->current);
    EXPECT_FALSE(st->ready());
    EXPECT_NE(st->advice().find("index build"), std::string::npos) << st->advice();
    // Rebuilt, it is current again.
    ASSERT_TRUE(build_overview(city, o).ok());
    EXPECT_TRUE(overview_status(city)->current);
    // A tool that replaces a layer drops its triggers: the overview no longer counts as current.
    sql(city, "DROP TRIGGER nbhd_overview_stale_buildings_update");
    EXPECT_FALSE(overview_status(city)->current);
    // Deleting a feature marks it too.
    ASSERT_TRUE(build_overview(city, o).ok());
    sql(city, "DELETE FROM surfaces WHERE fid = (SELECT max(fid) FROM surfaces)");
    EXPECT_FALSE(overview_status(city)->current);
}

TEST(DistrictOverview, SmallDataHasNoneAndBadInputIsAnError) {
    const std::string city = copy_of(occ_test::generated_city(600), "overview_none");
    gis::district::OverviewOptions o;
    o.min_features = 300;
    ASSERT_TRUE(build_overview(city, o).ok());
    // No layer above the limit: no overview (an old one is dropped).
    o.min_features = 100'000'000;
    auto rep = build_overview(city, o);
    ASSERT_TRUE(rep.ok());
    EXPECT_TRUE(rep->layers.empty());
    auto st = overview_status(city);
    ASSERT_TRUE(st.ok());
    EXPECT_FALSE(st->present);
    EXPECT_FALSE(st->ready());
    EXPECT_TRUE(st->advice().empty());
    auto missing = read_overview(city, "buildings", 0);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, gis::ErrorCode::MissingLayer);

    // Not a GeoPackage; no such file.
    const std::string dir = occ_test::temp_dir("overview_bad");
    const std::string shp = dir + "/b.geojson";
    { std::ofstream(shp) << R"({"type":"FeatureCollection","features":[]})"; }
    auto notgpkg = build_overview(shp);
    ASSERT_FALSE(notgpkg.ok());
    EXPECT_EQ(notgpkg.error().code, gis::ErrorCode::NotGis);
    auto nofile = overview_status(dir + "/none.gpkg");
    ASSERT_FALSE(nofile.ok());
    EXPECT_EQ(nofile.error().code, gis::ErrorCode::NotFound);
}

}  // namespace
