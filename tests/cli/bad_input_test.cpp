// Bad input gets a clear message naming file, layer and feature, a distinct exit code, and loses nothing.

#include <gdal_utils.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>

#include "gis/io/editor.hpp"
#include "run_command.hpp"

using nbhd_test::run_nbhd;
namespace fs = std::filesystem;

namespace {

std::string copy_asset(const std::string& dir) {
    std::string path = dir + "/d.gpkg";
    fs::copy_file(NBHD_ASSET_FILE, path);
    return path;
}

/// ogr2ogr -t_srs EPSG:4326 of the whole district.
std::string reprojected_to_lonlat(const std::string& dir) {
    std::string out = dir + "/lonlat.gpkg";
    GDALAllRegister();
    GDALDatasetH src = GDALOpenEx(NBHD_ASSET_FILE, GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    const char* args[] = {"-t_srs", "EPSG:4326", "-f", "GPKG", nullptr};
    auto* opts = GDALVectorTranslateOptionsNew(const_cast<char**>(args), nullptr);
    int err = 0;
    GDALDatasetH dst = GDALVectorTranslate(out.c_str(), nullptr, 1, &src, opts, &err);
    GDALVectorTranslateOptionsFree(opts);
    GDALClose(dst);
    GDALClose(src);
    return out;
}

}  // namespace

TEST(BadInput, GeographicCrsIsRefusedWithAnActionableMessage) {
    std::string dir = nbhd_test::temp_dir();
    std::string path = reprojected_to_lonlat(dir);
    auto r = run_nbhd({"--data", path, "info"});
    EXPECT_EQ(r.exit_code, 6) << r.err;
    EXPECT_NE(r.err.find("geographic"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("layer 'buildings'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("EPSG:4546"), std::string::npos) << r.err;
}

TEST(BadInput, InvalidGeometryIsReportedByLayerAndFeature) {
    std::string dir = nbhd_test::temp_dir();
    std::string path = copy_asset(dir);
    {
        auto ed = gis::io::Editor::open(path);
        ASSERT_TRUE(ed.ok()) << ed.error().message;
        gis::Polygon bowtie{
            {{530100, 3400100}, {530120, 3400120}, {530120, 3400100}, {530100, 3400120}, {530100, 3400100}},
            {}};
        gis::Geometry g = gis::Geometry::from(bowtie);
        ASSERT_TRUE(ed->update("buildings", 7, &g, {}).ok());
        ASSERT_TRUE(ed->commit().ok());
    }
    auto before = fs::file_size(path);
    auto r = run_nbhd({"--data", path, "check"});
    EXPECT_EQ(r.exit_code, 9);
    EXPECT_NE(r.out.find("buildings fid 7 [validity] invalid geometry: Self-intersection"), std::string::npos)
        << r.out;
    EXPECT_EQ(fs::file_size(path), before);
}

TEST(BadInput, LockedFileIsRefusedAndUnchanged) {
    std::string dir = nbhd_test::temp_dir();
    std::string path = copy_asset(dir);
    // This process holds a write lock (an open transaction with a pending write).
    auto holder = gis::io::Editor::open(path);
    ASSERT_TRUE(holder.ok());
    ASSERT_TRUE(holder->ensure_layer("lock_probe", "None", {{"n", gis::io::FieldType::Integer}}).ok());
    ASSERT_TRUE(holder->insert("lock_probe", {}, {{"n", std::int64_t{1}}}).ok());
    ::setenv("NBHD_WRITE_WAIT", "1", 1);  // a second writer waits; here 1 s, then gives up
    auto other = gis::io::Editor::open(path);
    ::unsetenv("NBHD_WRITE_WAIT");
    gis::Result<void> wrote = other.ok() ? [&]() -> gis::Result<void> {
        auto e = other->ensure_layer("other", "None", {{"n", gis::io::FieldType::Integer}});
        if (!e) return e;
        auto i = other->insert("other", {}, {{"n", std::int64_t{2}}});
        if (!i) return i.error();
        return other->commit();
    }()
        : gis::Result<void>(other.error());
    ASSERT_FALSE(wrote.ok());
    EXPECT_EQ(wrote.error().code, gis::ErrorCode::ReadOnly);
    EXPECT_NE(wrote.error().message.find("locked"), std::string::npos) << wrote.error().message;
    holder->rollback();
    auto ds = gis::io::Dataset::open(path);
    ASSERT_TRUE(ds.ok());
    EXPECT_FALSE(ds->has_layer("lock_probe"));
    EXPECT_FALSE(ds->has_layer("other"));
}

TEST(BadInput, AFileAnotherProgramIsWritingIsReportedAsLocked) {
    std::string dir = nbhd_test::temp_dir();
    std::string path = copy_asset(dir);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
    auto r = run_nbhd({"--data", path, "household", "find", "12-2-301", "--reveal"});
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    EXPECT_EQ(r.exit_code, 8) << r.err;
    EXPECT_NE(r.err.find("locked"), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find("12-2-301"), std::string::npos);  // nothing shown
}

TEST(BadInput, ReadingStillWorksOnAReadOnlyFile) {
    std::string dir = nbhd_test::temp_dir();
    std::string path = copy_asset(dir);
    fs::permissions(path, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    auto r = run_nbhd({"--data", path, "info", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(BadInput, HostileDataArgument) {
    std::string huge(100000, 'x');
    auto r = run_nbhd({"--data", huge, "info"});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_LT(r.err.size(), 200000u);
    auto r2 = run_nbhd({"--data", "", "info"});
    EXPECT_EQ(r2.exit_code, 0) << "empty --data means the default data set: " << r2.err;
}
