#include "app/view/core/data_watch.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "gis/io/sqlite_db.hpp"

using app::view::DataWatch;
namespace sq = gis::io::sqlite;

namespace {

std::string scratch(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() / ("nbhd-watch-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto path = dir / name;
    std::filesystem::remove(path);
    return path.string();
}

/// Another program's change, through a connection of its own.
void exec(const std::string& path, const std::string& sql) {
    auto db = sq::Db::open(path, true);
    ASSERT_TRUE(db) << db.error().message;
    ASSERT_TRUE(db->exec(sql)) << sql;
}

}  // namespace

TEST(DataWatch, SaysWhichTablesAnotherProgramChanged) {
    const std::string path = scratch("watched.sqlite");
    {
        sqlite3* raw = nullptr;
        ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
        sqlite3_close(raw);
    }
    exec(path,
         "CREATE TABLE plan_items (fid INTEGER PRIMARY KEY, name TEXT, cost REAL);"
         "CREATE TABLE buildings (fid INTEGER PRIMARY KEY, number INTEGER);"
         "CREATE TABLE audit (fid INTEGER PRIMARY KEY, what TEXT);"
         "INSERT INTO plan_items VALUES (1, 'paving', 100.0);"
         "INSERT INTO buildings VALUES (1, 12), (2, 13);");
    auto w = DataWatch::open(path);
    ASSERT_NE(w, nullptr);
    w->watch({"plan_items", "buildings"});
    const auto now = std::chrono::milliseconds(0);
    EXPECT_TRUE(w->changed(now).empty());

    // A new row.
    exec(path, "INSERT INTO plan_items VALUES (2, 'fence', 50.0)");
    EXPECT_EQ(w->changed(now), std::vector<std::string>{"plan_items"});
    EXPECT_TRUE(w->changed(now).empty()) << "a change is reported once";
    // An edit in place: same count, same last id.
    exec(path, "UPDATE buildings SET number = 14 WHERE fid = 1");
    EXPECT_EQ(w->changed(now), std::vector<std::string>{"buildings"});
    // A table the map does not show: a commit, but no layer to read again.
    exec(path, "INSERT INTO audit VALUES (1, 'reveal')");
    EXPECT_TRUE(w->changed(now).empty());
    // A row removed, another added in one transaction.
    exec(path,
         "BEGIN; DELETE FROM plan_items WHERE fid = 1; INSERT INTO plan_items VALUES (3, 'gate', 9.0); "
         "COMMIT;");
    EXPECT_EQ(w->changed(now), std::vector<std::string>{"plan_items"});
    // Looked at no more often than asked: a change right after a look waits for the next.
    EXPECT_TRUE(w->changed(std::chrono::milliseconds(0)).empty());
    exec(path, "UPDATE plan_items SET cost = 10 WHERE fid = 3");
    EXPECT_TRUE(w->changed(std::chrono::hours(1)).empty());
    EXPECT_EQ(w->changed(now), std::vector<std::string>{"plan_items"});
}

TEST(DataWatch, OnlyAnSQLiteFileIsWatched) {
    const std::string text = scratch("layer.geojson");
    std::ofstream(text) << R"({"type":"FeatureCollection","features":[]})";
    EXPECT_EQ(DataWatch::open(text), nullptr);
    EXPECT_EQ(DataWatch::open(scratch("missing.gpkg")), nullptr);
    EXPECT_EQ(DataWatch::open("PG:dbname=nbhd"), nullptr);
}
