// What a new user met on data nbhd did not write: a data set without its gas network, geometries another
// program wrote in SpatiaLite's format, a city's clean-up cases in the brief.

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "gis/report/pdf_document.hpp"
#include "run_command.hpp"

using nbhd_test::capture;
using nbhd_test::run_nbhd;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {
std::string copy_without(const std::string& table) {
    const std::string dir = nbhd_test::temp_dir();
    const std::string path = dir + "/d.gpkg";
    fs::copy_file(NBHD_ASSET_FILE, path);
    capture("ogrinfo -q " + path + " -sql 'DROP TABLE " + table + "' 2>&1");
    return path;
}
}  // namespace

TEST(AbsentLayer, AGasNetworkTheDataSetLacksIsSaidNeverCountedAsZero) {
    const std::string data = copy_without("gas_pipes");
    auto gas = run_nbhd({"--data", data, "--lang", "en", "gas", "check"});
    EXPECT_EQ(gas.exit_code, 5) << gas.out << gas.err;
    EXPECT_NE(gas.err.find("no layer gas_pipes"), std::string::npos) << gas.err;

    auto info = run_nbhd({"--data", data, "--lang", "en", "info"});
    EXPECT_EQ(info.exit_code, 0) << info.err;
    EXPECT_NE(info.out.find("— (no layer gas_pipes)"), std::string::npos) << info.out;
    auto ij = run_nbhd({"--data", data, "info", "--json"});
    const auto j = json::parse(ij.out);
    EXPECT_TRUE(j["gas_pipe_m"].is_null());
    EXPECT_EQ(j["absent_layers"], json::array({"gas_pipes"}));

    // The check passes what it could check and says what it could not.
    auto check = run_nbhd({"--data", data, "--lang", "en", "check"});
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
    EXPECT_NE(check.out.find("gas_pipes (not in the data set)"), std::string::npos) << check.out;

    // The shipped district lacks nothing.
    auto full = run_nbhd({"--data", NBHD_ASSET_FILE, "info", "--json"});
    EXPECT_EQ(json::parse(full.out)["absent_layers"], json::array());
}

TEST(DamagedFile, GeometriesInSpatiaLitesFormatAreNotDamage) {
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = dir + "/d.gpkg";
    fs::copy_file(NBHD_ASSET_FILE, data);
    // GDAL's SQLite dialect writes SpatiaLite geometries into the GeoPackage; its R-tree triggers index them.
    capture(
        "ogrinfo -q " + data +
        " -dialect sqlite -sql 'UPDATE buildings SET geom = ST_Translate(geom, 0, 0.5, 0) WHERE number = 40' "
        "2>&1");
    ASSERT_EQ(capture("ogrinfo -q " + data +
                      " -sql \"SELECT hex(substr(geom, 1, 2)) AS m FROM buildings WHERE number = 40\" | "
                      "grep -c 'm (String) = 4750'"),
              "0\n")
        << "the geometry is no longer in the GeoPackage's format";
    auto check = run_nbhd({"--data", data, "--lang", "en", "check"});
    EXPECT_NE(check.exit_code, 11) << check.out << check.err;
    EXPECT_EQ(check.err.find("damaged"), std::string::npos) << check.err;
}

TEST(SelectOption, ABuildingTheDataLacksEndsAScriptedViewWithNotFoundAndNoPicture) {
    const char* display = std::getenv("DISPLAY");
    if (!display || !*display) GTEST_SKIP() << "no display";
    const std::string dir = nbhd_test::temp_dir();
    auto v = run_nbhd({"--data", NBHD_ASSET_FILE, "--lang", "en", "view", "--size", "400x300", "--panels",
                       "none", "--select", "buildings:999", "--screenshot", dir + "/s.png", "--frames", "2"});
    EXPECT_EQ(v.exit_code, 3) << v.err;
    EXPECT_NE(v.err.find("no building number 999"), std::string::npos) << v.err;
    EXPECT_FALSE(fs::exists(dir + "/s.png"));
}

TEST(Brief, ACityOfCasesHasNoCrewRouteAndStillFinishes) {
    const std::string dir = nbhd_test::temp_dir();
    const std::string city = dir + "/city.gpkg";
    ASSERT_EQ(run_nbhd({"generate", "city", "--buildings", "1000", "--out", city, "-q"}).exit_code, 0);
    auto r = run_nbhd({"--data", city, "--lang", "en", "brief", "--out", dir + "/b.pdf", "-q"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string text = capture("pdftotext -layout " + dir + "/b.pdf -");
    EXPECT_NE(text.find("not worked out:"), std::string::npos) << "a campaign of more than "
                                                                  "kMaxRouteSites sites has no route";
}

TEST(PdfTable, ATextWiderThanItsColumnWrapsBetweenWordsOrCharacters) {
    const std::string dir = nbhd_test::temp_dir();
    auto pdf = gis::report::PdfDocument::create(dir + "/t.pdf", "t");
    ASSERT_TRUE(pdf.ok());
    pdf->new_page("");
    const std::string en = "In the saved plan (items / cost)";
    const auto lines = pdf->wrap(en, 9, 90);
    ASSERT_GE(lines.size(), 2u);
    std::string joined;
    for (const auto& l : lines) {
        EXPECT_LE(pdf->text_width(l, 9), 90.0) << l;
        EXPECT_NE(l.front(), ' ');
        joined += (joined.empty() ? "" : " ") + l;
    }
    EXPECT_EQ(joined, en) << "broken between words only";
    const auto zh = pdf->wrap("已纳入保存的规划（项目数／费用）", 9, 50);
    ASSERT_GE(zh.size(), 2u);
    for (const auto& l : zh) EXPECT_LE(pdf->text_width(l, 9), 50.0) << l;
    EXPECT_EQ(pdf->wrap("short", 9, 90), std::vector<std::string>{"short"});
    // A table whose label and value are both too long for their columns grows its row instead of
    // overprinting: the table ends lower than one row per line.
    const double one = pdf->table(40, 100, {60, 60}, {"a", "b"}, {{"x", "y"}}, 9);
    const double wrapped =
        pdf->table(40, 300, {60, 60}, {"a", "b"}, {{en, "not in the saved plan yet"}}, 9) - 200;
    EXPECT_GT(wrapped, one + 9);
    ASSERT_TRUE(pdf->finish().ok());
}

TEST(AbsentLayer, AHouseholdLookUpWithoutAHouseholdsTableIsOneErrorNotAWarningAndAnError) {
    const std::string data = copy_without("households");
    for (const char* q : {"12-2-301", "张"}) {
        auto r = run_nbhd({"--data", data, "--lang", "en", "household", "find", q});
        EXPECT_EQ(r.exit_code, 5) << r.err;
        EXPECT_NE(r.err.find("no households table"), std::string::npos) << r.err;
        EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
    }
}

TEST(PlanItems, AnEmptyListSaysSo) {
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = dir + "/d.gpkg";
    fs::copy_file(NBHD_ASSET_FILE, data);
    capture("ogrinfo -q " + data + " -sql 'DELETE FROM plan_items' 2>&1");
    auto r = run_nbhd({"--data", data, "--lang", "en", "plan", "items"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "No plan items yet\n");
    EXPECT_EQ(run_nbhd({"--data", data, "plan", "items", "--json"}).out, "[]\n");
}

TEST(GeneratedCity, EachDistrictsCompoundHasItsOwnNameAndCanBeAskedFor) {
    const std::string dir = nbhd_test::temp_dir();
    const std::string city = dir + "/city.gpkg";
    ASSERT_EQ(run_nbhd({"generate", "city", "--buildings", "200", "--out", city, "-q"}).exit_code, 0);
    EXPECT_EQ(capture("ogrinfo -q " + city +
                      " -sql \"SELECT COUNT(DISTINCT name) AS n FROM compound\" | grep 'n (Integer'"),
              "  n (Integer) = 4\n");
    auto g =
        run_nbhd({"--data", city, "--lang", "zh", "plan", "gating", "--compound", "行政南小区（城区第3片）"});
    EXPECT_EQ(g.exit_code, 0) << g.err;
    EXPECT_NE(g.out.find("行政南小区（城区第3片）"), std::string::npos) << g.out;
}

TEST(AbsentLayer, TheBriefGoesWithoutItsGasPageWhenThereIsNoGasNetworkOrNothingToRenew) {
    const std::string data = copy_without("gas_pipes");
    const std::string dir = fs::path(data).parent_path().string();
    auto r = run_nbhd({"--data", data, "--lang", "en", "brief", "--out", dir + "/b.pdf", "-q"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("no gas pipeline page"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("no layer gas_pipes"), std::string::npos) << r.err;
    EXPECT_EQ(capture("pdfinfo " + dir + "/b.pdf | grep Pages | tr -s ' '"), "Pages: 6\n");

    const std::string none = dir + "/none.gpkg";
    fs::copy_file(NBHD_ASSET_FILE, none);
    capture("ogrinfo -q " + none + " -sql \"UPDATE gas_pipes SET status = 'in_service'\" 2>&1");
    auto n = run_nbhd({"--data", none, "--lang", "en", "brief", "--out", dir + "/n.pdf", "-q"});
    EXPECT_EQ(n.exit_code, 0) << n.err;
    EXPECT_NE(n.err.find("no pipe with status 'renewal'"), std::string::npos) << n.err;
}

TEST(SelectOption, BuildingZeroIsNotABuildingNumber) {
    auto r = run_nbhd({"--data", NBHD_ASSET_FILE, "render", "--select", "buildings:0", "--out",
                       nbhd_test::temp_dir() + "/x.png"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("buildings:1"), std::string::npos) << r.err;
}
