// The foundation commands as a user runs them: info, check, generate, help, version, bad input.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run_command.hpp"

using nbhd_test::run_nbhd;
using nlohmann::json;

namespace {

json info_json(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = extra;
    args.push_back("info");
    args.push_back("--json");
    auto r = run_nbhd(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out);
}

}  // namespace

TEST(InfoCommand, FiguresMatchTheDistrictProfileExactly) {
    json j = info_json({"--data", NBHD_ASSET_FILE});
    EXPECT_EQ(j["buildings_residential"], 53);
    EXPECT_EQ(j["households"], 1037);
    EXPECT_GE(j["residents"].get<int>(), 4000);
    EXPECT_LT(j["residents"].get<int>(), 4100);
    EXPECT_GE(j["migrants"].get<int>(), 300);
    EXPECT_LT(j["migrants"].get<int>(), 400);
    EXPECT_EQ(j["units"], 3);
    EXPECT_EQ(j["schools"], 1);
    EXPECT_EQ(j["shops"], 286);
    EXPECT_EQ(j["low_income_households"], 19);
    EXPECT_EQ(j["low_income_people"], 54);
    EXPECT_EQ(j["party_members"], 11);
    EXPECT_EQ(j["party_members_migrant"], 5);
    EXPECT_EQ(j["liaison_stations"], 2);
    EXPECT_GE(j["mediations"].get<int>(), 30);
    EXPECT_NEAR(j["area_km2"].get<double>(), 0.4, 0.004);
    EXPECT_GT(j["compound_gas_renewal_m"].get<double>(), 500.0);
    EXPECT_EQ(j["crs"], "EPSG:4546");
    ASSERT_EQ(j["extent"].size(), 4u);
    EXPECT_LT(j["extent"][0].get<double>(), j["extent"][2].get<double>());
}

TEST(InfoCommand, DefaultDataIsAWorkingCopyAndTheAssetIsNeverWritten) {
    std::string home = nbhd_test::temp_dir();
    auto before = std::filesystem::last_write_time(NBHD_ASSET_FILE);
    auto r = run_nbhd({"info"}, {{"XDG_DATA_HOME", home}});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(std::filesystem::exists(home + "/nbhd/chonghua.gpkg"));
    EXPECT_NE(r.out.find(home + "/nbhd/chonghua.gpkg"), std::string::npos);
    EXPECT_EQ(std::filesystem::last_write_time(NBHD_ASSET_FILE), before);
    // It holds personal data: only its owner reads it, also a copy an older version left readable.
    namespace fs = std::filesystem;
    const auto owner_only = fs::perms::owner_read | fs::perms::owner_write;
    EXPECT_EQ(fs::status(home + "/nbhd/chonghua.gpkg").permissions() & fs::perms::all, owner_only);
    fs::permissions(home + "/nbhd/chonghua.gpkg",
                    fs::perms::owner_all | fs::perms::group_read | fs::perms::others_read);
    ASSERT_EQ(run_nbhd({"info"}, {{"XDG_DATA_HOME", home}}).exit_code, 0);
    EXPECT_EQ(fs::status(home + "/nbhd/chonghua.gpkg").permissions() & fs::perms::all, owner_only);
}

TEST(InfoCommand, ChineseLabelsWithLangZh) {
    auto r = run_nbhd({"--data", NBHD_ASSET_FILE, "--lang", "zh", "info"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("常住居民户"), std::string::npos);
    EXPECT_NE(r.out.find("1,037"), std::string::npos);
}

TEST(CheckCommand, ShippedDataIsClean) {
    auto r = run_nbhd({"--data", NBHD_ASSET_FILE, "check", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    json j = json::parse(r.out);
    EXPECT_TRUE(j["clean"].get<bool>());
    EXPECT_TRUE(j["problems"].empty());
}

TEST(BadInput, MissingFile) {
    auto r = run_nbhd({"--data", "/nonexistent/x.gpkg", "info"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("/nonexistent/x.gpkg: no such file"), std::string::npos) << r.err;
}

TEST(BadInput, NotAGisFile) {
    std::string dir = nbhd_test::temp_dir();
    std::string path = dir + "/junk.gpkg";
    { std::ofstream(path) << "this is not a geopackage\x01\x02"; }
    auto r = run_nbhd({"--data", path, "info"});
    EXPECT_EQ(r.exit_code, 4);
    EXPECT_NE(r.err.find("not a vector GIS file"), std::string::npos) << r.err;
}

TEST(BadInput, MissingLayerNamesTheLayer) {
    std::string dir = nbhd_test::temp_dir();
    std::string path = dir + "/other.geojson";
    {
        std::ofstream(path)
            << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":1},)"
               R"("geometry":{"type":"Point","coordinates":[111.3,30.7]}}]})";
    }
    auto r = run_nbhd({"--data", path, "info"});
    EXPECT_EQ(r.exit_code, 5);
    EXPECT_NE(r.err.find("layer 'boundary' is missing"), std::string::npos) << r.err;
}

TEST(BadInput, UnknownOptionIsAUsageError) {
    auto r = run_nbhd({"info", "--frobnicate"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("frobnicate"), std::string::npos) << r.err;
}

TEST(BadInput, GenerateRefusesToOverwriteAndWritesNothingOnFailure) {
    std::string dir = nbhd_test::temp_dir();
    std::string path = dir + "/d.gpkg";
    { std::ofstream(path) << "keep me"; }
    auto r = run_nbhd({"generate", "district", "--out", path});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(nbhd_test::slurp(path), "keep me");
    auto r2 = run_nbhd({"generate", "district", "--out", "/nonexistent-folder/d.gpkg"});
    EXPECT_EQ(r2.exit_code, 3);
    EXPECT_FALSE(std::filesystem::exists("/nonexistent-folder"));
}

TEST(Help, EverySubcommandHasHelpAndVersionWorks) {
    for (const char* sub : {"info", "check", "generate"}) {
        auto r = run_nbhd({sub, "--help"});
        EXPECT_EQ(r.exit_code, 0) << sub;
        EXPECT_NE(r.out.find("--"), std::string::npos) << sub;
    }
    auto v = run_nbhd({"--version"});
    EXPECT_EQ(v.exit_code, 0);
    EXPECT_NE(v.out.find("nbhd "), std::string::npos);
}

TEST(Help, VersionNamesTheLibrariesAndTheDataFolder) {
    auto v = run_nbhd({"--version"}, {{"NBHD_DATA_DIR", "/nowhere/nbhd-data"}});
    ASSERT_EQ(v.exit_code, 0) << v.err;
    for (const char* lib : {"\nGDAL 3.", "\nGEOS 3.", "\nPROJ 9.", "\nICU ", "\ncairo 1.", "\nSQLite 3."})
        EXPECT_NE(v.out.find(lib), std::string::npos) << lib << " in:\n" << v.out;
    // $NBHD_DATA_DIR comes before everything else.
    EXPECT_NE(v.out.find("\ndata /nowhere/nbhd-data"), std::string::npos) << v.out;
}

TEST(Help, ViewHelpListsTheScriptingOptions) {
    auto r = run_nbhd({"view", "--help"});
    if (r.exit_code != 0) GTEST_SKIP() << "built without the viewer";
    const auto scripting = r.out.find("Scripting:");
    ASSERT_NE(scripting, std::string::npos) << r.out;
    for (const char* option : {"--screenshot", "--frames", "--cursor", "--panels", "--panel-set", "--dialog",
                               "--wait-for-change", "--export", "--export-size"}) {
        const auto at = r.out.find(std::string("  ") + option + " ");
        EXPECT_NE(at, std::string::npos) << option;
        EXPECT_GT(at, scripting) << option << " is not under the Scripting heading";
    }
}
