// nbhd index build | status, and the look-up commands on data sets with and without their query indexes:
// the same answers either way, the fallback said, never a stale index used.

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "gis/io/dataset.hpp"
#include "household_fixture.hpp"

using hh_test::nbhd;
using nlohmann::json;

namespace {

/// Runs SQL on a GeoPackage the way another program would (no nbhd code involved).
void sql(const std::string& path, const std::string& statements) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db, statements.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
}

/// A copy of the shipped data set with every nbhd index and search table removed (as a file written by
/// another tool would be).
std::string bare_copy() {
    std::string path = hh_test::data_copy();
    sql(path,
        "DROP TRIGGER nbhd_search_stale_insert; DROP TRIGGER nbhd_search_stale_delete; DROP TRIGGER "
        "nbhd_search_stale_update; DROP TABLE nbhd_search_names; DROP TABLE nbhd_search_phones; DROP TABLE "
        "nbhd_search_state; DROP INDEX nbhd_buildings_number; DROP INDEX nbhd_entrances_building_number; "
        "DROP "
        "INDEX nbhd_households_building_number; DROP INDEX nbhd_households_household_no; DROP INDEX "
        "nbhd_households_head_name;");
    return path;
}

}  // namespace

TEST(IndexCommand, TheShippedDistrictHasItsIndexesAndABareCopyIsToldHowToGetThem) {
    auto ready = nbhd(NBHD_ASSET_FILE, {"index", "status", "--json"});
    ASSERT_EQ(ready.exit_code, 0) << ready.err << ready.out;
    json j = json::parse(ready.out);
    EXPECT_TRUE(j["ready"]);
    EXPECT_EQ(j["households"], 1037);

    const std::string bare = bare_copy();
    auto st = nbhd(bare, {"index", "status"});
    EXPECT_EQ(st.exit_code, 9);
    EXPECT_NE(st.out.find("households(head_name)"), std::string::npos) << st.out;
    EXPECT_NE(st.out.find("index build"), std::string::npos) << st.out;
    // check tells it too, without failing: the data itself is fine.
    auto check = nbhd(bare, {"check"});
    EXPECT_EQ(check.exit_code, 0) << check.out;
    EXPECT_NE(check.out.find("index build"), std::string::npos) << check.out;

    auto built = nbhd(bare, {"index", "build", "--json"});
    ASSERT_EQ(built.exit_code, 0) << built.err;
    json b = json::parse(built.out);
    EXPECT_EQ(b["households"], 1037);
    EXPECT_EQ(b["names"], 866);
    EXPECT_EQ(nbhd(bare, {"index", "status"}).exit_code, 0);
}

TEST(IndexCommand, LookUpsAnswerTheSameWithAndWithoutIndexesAndSayWhenTheyReadEverything) {
    const std::string bare = bare_copy();
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"household", "find", "张", "--json", "--limit", "2000"},
          {"household", "find", "zw", "--json", "--limit", "2000"},
          {"household", "find", "12-2-301", "--json"},
          {"household", "find", "ch-0999", "--json"},
          {"household", "find", "外来", "--json", "--limit", "2000"},
          {"building", "show", "12", "--json"},
          {"households", "within", "--near-line", "LINESTRING(530200 3400200, 530500 3400300)", "--distance",
           "25", "--json"}}) {
        auto a = nbhd(NBHD_ASSET_FILE, args);
        auto b = nbhd(bare, args);
        EXPECT_EQ(a.exit_code, b.exit_code) << args[0] << ' ' << args[2] << a.err << b.err;
        EXPECT_EQ(a.out, b.out) << args[0] << ' ' << args[2];
        EXPECT_EQ(a.err.find("index build"), std::string::npos) << a.err;
    }
    auto said = nbhd(bare, {"household", "find", "张"});
    EXPECT_NE(said.err.find("index build"), std::string::npos) << said.err;
    EXPECT_NE(said.out.find("found"), std::string::npos) << said.out;
}

TEST(IndexCommand, AHouseholdAddedByAnotherProgramIsFoundNotHiddenByAStaleIndex) {
    const std::string data = hh_test::data_copy();
    sql(data,
        "INSERT INTO households (household_no, building_number, entrance, floor, flat, head_name, phone, "
        "size) "
        "VALUES ('EXT-1', 12, 2, 3, 1, '司马新人', '13912340000', 2)");
    auto st = nbhd(data, {"index", "status"});
    EXPECT_EQ(st.exit_code, 9);
    EXPECT_NE(st.out.find("out of date"), std::string::npos) << st.out;
    auto found = nbhd(data, {"household", "find", "司马新人", "--json"});
    ASSERT_EQ(found.exit_code, 0) << found.err;
    ASSERT_EQ(json::parse(found.out).size(), 1u) << found.out;
    EXPECT_NE(found.err.find("out of date"), std::string::npos) << found.err;
    auto tail = nbhd(data, {"household", "find", "0000", "--json"});
    bool hit = false;
    for (const auto& h : json::parse(tail.out)) hit = hit || h["id"] == "EXT-1";
    EXPECT_TRUE(hit) << tail.out;
    // nbhd's own import brings the index up to date again.
    auto imp = nbhd(data, {"households", "import", NBHD_TEST_DATA_DIR "/occupancy/good.csv"});
    ASSERT_EQ(imp.exit_code, 0) << imp.err << imp.out;
    EXPECT_EQ(nbhd(data, {"index", "status"}).exit_code, 0);
    auto again = nbhd(data, {"household", "find", "司马", "--json"});
    EXPECT_EQ(json::parse(again.out).size(), 1u);
    EXPECT_EQ(again.err, "");
}

TEST(IndexCommand, FilesThatCannotKeepIndexesAreErrors) {
    const std::string dir = nbhd_test::temp_dir();
    { std::ofstream(dir + "/fake.gpkg") << "this is not a GeoPackage, only text\n"; }
    auto r = nbhd(dir + "/fake.gpkg", {"index", "build"});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("fake.gpkg"), std::string::npos) << r.err;
    auto missing = nbhd(dir + "/none.gpkg", {"index", "build"});
    EXPECT_EQ(missing.exit_code, 3) << missing.err;
}

TEST(BenchQueries, AsksEachQuestionOfNbhdAndOfOgrinfo) {
    const std::string data = hh_test::data_copy();
    auto r = nbhd(data, {"bench", "queries", "--runs", "1", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json j = json::parse(r.out);
    EXPECT_TRUE(j["indexes_ready"]);
    ASSERT_EQ(j["questions"].size(), 6u);
    for (const auto& q : j["questions"]) {
        EXPECT_GT(q["nbhd_seconds"].get<double>(), 0.0) << q["question"];
        EXPECT_GT(q["ogrinfo_seconds"].get<double>(), 0.0) << q["question"];
        EXPECT_GT(q["nbhd_peak_mb"].get<double>(), 1.0);
    }
    EXPECT_NE(j["questions"][4]["question"].get<std::string>().find("name"), std::string::npos);
}

TEST(IndexCommand, AMovedOrReplacedHouseholdsTableIsNeverAnsweredFromOldSearchTables) {
    // A household's feature id changed by another program: its phone tail would point at nothing.
    const std::string moved = hh_test::data_copy();
    sql(moved, "UPDATE households SET fid = 900000 WHERE household_no = 'CH-0999'");
    EXPECT_EQ(nbhd(moved, {"index", "status"}).exit_code, 9);
    // The table replaced (its triggers go with it), then the indexes made again by hand.
    const std::string replaced = hh_test::data_copy();
    sql(replaced,
        "CREATE TABLE h2 AS SELECT * FROM households; DROP TABLE households; ALTER TABLE h2 RENAME TO "
        "households; CREATE INDEX nbhd_households_building_number ON households(building_number); CREATE "
        "INDEX "
        "nbhd_households_household_no ON households(household_no COLLATE NOCASE); CREATE INDEX "
        "nbhd_households_head_name ON households(head_name);");
    auto st = nbhd(replaced, {"index", "status"});
    EXPECT_EQ(st.exit_code, 9) << st.out;
    EXPECT_NE(st.out.find("out of date"), std::string::npos) << st.out;
}

TEST(IndexCommand, ALockedOrReadOnlyFileIsSaidToBeSo) {
    const std::string data = hh_test::data_copy();
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(data.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
    auto st = nbhd(data, {"index", "status"});
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    EXPECT_EQ(st.exit_code, 8) << st.err;
    EXPECT_NE(st.err.find("locked"), std::string::npos) << st.err;
    // A GeoPackage that is no district: household look-ups do not apply, and it says so.
    const std::string dir = nbhd_test::temp_dir();
    sql(data, "DROP TABLE households; DELETE FROM gpkg_contents WHERE table_name = 'households';");
    auto none = nbhd(data, {"index", "status", "--json"});
    EXPECT_EQ(none.exit_code, 0) << none.err;
    EXPECT_FALSE(json::parse(none.out)["households_table"].get<bool>());
    // A text file is named as not a GIS file, not "no indexes".
    { std::ofstream(dir + "/text.gpkg") << "hello\n"; }
    EXPECT_EQ(nbhd(dir + "/text.gpkg", {"index", "status"}).exit_code, 4);
}

TEST(IndexCommand, AnEmptyAreaIsAnErrorNotAnEmptyAnswer) {
    for (const char* wkt : {"POLYGON EMPTY", "MULTIPOLYGON EMPTY"}) {
        auto r = nbhd(NBHD_ASSET_FILE, {"households", "within", "--wkt", wkt});
        EXPECT_EQ(r.exit_code, 2) << wkt << r.err;
        EXPECT_NE(r.err.find("empty"), std::string::npos) << r.err;
    }
    auto line =
        nbhd(NBHD_ASSET_FILE, {"households", "within", "--near-line", "LINESTRING EMPTY", "--distance", "5"});
    EXPECT_EQ(line.exit_code, 2) << line.err;
}

TEST(IndexCommand, TheMapOverviewIsBuiltOnRequestAndSaidToBeOutOfDateAfterAnEdit) {
    const std::string data = hh_test::data_copy();
    // The shipped district is small: no layer is streamed, no overview.
    auto none = nbhd(data, {"index", "status", "--json"});
    ASSERT_EQ(none.exit_code, 0) << none.err;
    EXPECT_FALSE(json::parse(none.out)["overview"]["present"].get<bool>());
    auto bad = nbhd(data, {"index", "build", "--stream-above", "-5"});
    EXPECT_NE(bad.exit_code, 0);
    // Asked to stream layers above 40 features, it generalises them.
    auto b = nbhd(data, {"index", "build", "--stream-above", "40", "--json"});
    ASSERT_EQ(b.exit_code, 0) << b.err;
    const json built = json::parse(b.out)["overview"];
    const auto layers = built["streamed_layers"].get<std::vector<std::string>>();
    EXPECT_NE(std::find(layers.begin(), layers.end(), "buildings"), layers.end());
    EXPECT_GE(built["bands"].get<int>(), 1);
    EXPECT_GT(built["threshold_mpp"].get<double>(), 0.25);
    EXPECT_GT(built["groups"].get<int>(), 0);
    auto st = nbhd(data, {"index", "status", "--json"});
    ASSERT_EQ(st.exit_code, 0) << st.err;
    EXPECT_TRUE(json::parse(st.out)["overview"]["current"].get<bool>());
    EXPECT_EQ(json::parse(nbhd(data, {"check", "--json"}).out)["map_overview"], "current");
    // Another program deletes a building: the overview is out of date, and every report says how to
    // rebuild it.
    sql(data, "DELETE FROM buildings WHERE fid = (SELECT max(fid) FROM buildings)");
    auto stale = nbhd(data, {"index", "status"});
    EXPECT_EQ(stale.exit_code, 9) << stale.out;
    EXPECT_NE(stale.out.find("index build"), std::string::npos) << stale.out;
    EXPECT_EQ(json::parse(nbhd(data, {"check", "--json"}).out)["map_overview"], "stale");
    // Rebuilt, it is current again.
    ASSERT_EQ(nbhd(data, {"index", "build", "--stream-above", "40"}).exit_code, 0);
    EXPECT_EQ(nbhd(data, {"index", "status"}).exit_code, 0);
}

TEST(IndexCommand, AnyGeoPackageGetsAMapOverview) {
    // A city's layers under other names, with no households (as another office's GeoPackage would be).
    const std::string src = hh_test::data_copy();
    const std::string dir = nbhd_test::temp_dir();
    const std::string other = dir + "/other.gpkg";
    gis::io::init_gdal();
    GDALDataset* in =
        static_cast<GDALDataset*>(GDALOpenEx(src.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
    ASSERT_NE(in, nullptr);
    GDALDriver* gpkg = GetGDALDriverManager()->GetDriverByName("GPKG");
    GDALDataset* out = gpkg->Create(other.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    ASSERT_NE(out, nullptr);
    ASSERT_NE(out->CopyLayer(in->GetLayerByName("buildings"), "bldg"), nullptr);
    ASSERT_NE(out->CopyLayer(in->GetLayerByName("gas_pipes"), "mains"), nullptr);
    GDALClose(out);
    GDALClose(in);
    auto b = nbhd(other, {"index", "build", "--stream-above", "30", "--json"});
    ASSERT_EQ(b.exit_code, 0) << b.err;
    const json built = json::parse(b.out);
    EXPECT_FALSE(built["households_table"].get<bool>());
    const auto layers = built["overview"]["streamed_layers"].get<std::vector<std::string>>();
    EXPECT_EQ(layers, (std::vector<std::string>{"bldg", "mains"}));
    auto st = nbhd(other, {"index", "status", "--json"});
    ASSERT_EQ(st.exit_code, 0) << st.err;
    EXPECT_TRUE(json::parse(st.out)["overview"]["current"].get<bool>());
    EXPECT_TRUE(json::parse(st.out)["ready"].get<bool>());
    // The text names the streamed layers too.
    auto text = nbhd(other, {"index", "status"});
    EXPECT_EQ(text.exit_code, 0);
    EXPECT_NE(text.out.find("bldg, mains"), std::string::npos) << text.out;
}

TEST(IndexCommand, ABuildWaitsForAnotherWriterAndSaysSo) {
    const std::string data = hh_test::data_copy();
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(data.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
    std::thread release([db] {
        std::this_thread::sleep_for(std::chrono::seconds(3));
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    });
    auto b = nbhd(data, {"index", "build"});
    release.join();
    sqlite3_close(db);
    EXPECT_EQ(b.exit_code, 0) << b.err;
    EXPECT_NE(b.err.find("waiting"), std::string::npos) << b.err;
}
