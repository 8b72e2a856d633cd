// nbhd market: the stall layout saved as plan items priced from the table (the budget counts them), the
// applicants import (an unknown household is an error naming the row), the reproducible lottery and the
// notice-board list without ID numbers or phones.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run_command.hpp"

using nbhd_test::capture;
using nbhd_test::run_nbhd;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string sample_copy(const std::string& name) {
    std::string data = nbhd_test::temp_dir() + "/" + name + ".gpkg";
    fs::copy_file(NBHD_ASSET_FILE, data);
    return data;
}

/// Six applicants: CH-0145 and CH-0329 are 低保 households of the sample, CH-0001 and CH-0002 other
/// households, two traders from outside.
std::string applicants_csv(const std::string& dir, const std::string& bad_household = "") {
    const std::string path = dir + "/applicants.csv";
    std::ofstream f(path);
    f << "name,phone,id_number,household_no,trade\n"
      << "王秀英,13871230001,420602196501012345,CH-0145,蔬菜\n"
      << "李建国,13871230002,420602197002023456," << (bad_household.empty() ? "CH-0001" : bad_household)
      << ",水果\n"
      << "张小伟,13871230003,420602198003034567,,水产\n"
      << "刘芳,13871230004,420602197504045678,CH-0329,熟食\n"
      << "陈志强,13871230005,420602198805056789,CH-0002,粮油\n"
      << "欧阳明,13871230006,420602199006067890,,日杂\n";
    return path;
}

}  // namespace

TEST(MarketCli, LayoutSavedAsPlanItemsIsInTheBudgetAtTablePrices) {
    const std::string data = sample_copy("layout");
    auto look = run_nbhd({"--data", data, "market", "layout", "--json"});
    ASSERT_EQ(look.exit_code, 0) << look.err;
    json j = json::parse(look.out);
    // The outline is 200 m × 14 m: 196 m between the desks hold 68 stalls a row (170 m and 6 gaps of 4 m).
    EXPECT_EQ(j["rows"], 2);
    EXPECT_EQ(j["stall_count"], 136);
    EXPECT_NEAR(j["stall_area_m2"].get<double>(), 680, 1e-6);
    EXPECT_EQ(j["desks"].size(), 3u);
    EXPECT_NEAR(j["cost_cny"].get<double>(), 680 * 150 + 3 * 3000, 0.01);

    auto save = run_nbhd({"--data", data, "market", "layout", "--save"});
    ASSERT_EQ(save.exit_code, 0) << save.err;
    auto show = run_nbhd({"--data", data, "project", "show", "guohuai-market", "--json"});
    ASSERT_EQ(show.exit_code, 0) << show.err;
    json b = json::parse(show.out);
    EXPECT_EQ(b["items"], 139);
    EXPECT_NEAR(b["by_kind"]["market"]["cost_cny"].get<double>(), 680 * 150, 0.01);
    EXPECT_NEAR(b["by_kind"]["other"]["cost_cny"].get<double>(), 3 * 3000, 0.01);
    EXPECT_NEAR(b["cost_cny"].get<double>(), 111000, 0.01);

    // The desks' price comes from the table: setting it re-prices them.
    auto set = run_nbhd({"--data", data, "prices", "set", "market.desk", "5000"});
    ASSERT_EQ(set.exit_code, 0) << set.err;
    show = run_nbhd({"--data", data, "project", "show", "guohuai-market", "--json"});
    EXPECT_NEAR(json::parse(show.out)["cost_cny"].get<double>(), 680 * 150 + 3 * 5000, 0.01);

    // Saving the layout again would count the stalls twice: refused, nothing written.
    auto again = run_nbhd({"--data", data, "market", "layout", "--save"});
    EXPECT_EQ(again.exit_code, 2) << again.err;
    show = run_nbhd({"--data", data, "project", "show", "guohuai-market", "--json"});
    EXPECT_EQ(json::parse(show.out)["items"], 139);

    auto narrow = run_nbhd({"--data", data, "market", "layout", "--stall-depth", "12", "--aisle", "3"});
    EXPECT_EQ(narrow.exit_code, 2);
    EXPECT_NE(narrow.err.find("wide"), std::string::npos) << narrow.err;
}

TEST(MarketCli, UnknownHouseholdIsAnErrorNamingTheRow) {
    const std::string data = sample_copy("unknown");
    const std::string dir = nbhd_test::temp_dir();
    auto r = run_nbhd({"--data", data, "market", "applicants", "import", applicants_csv(dir, "CH-9999")});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("row 3"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("CH-9999"), std::string::npos) << r.err;
    auto missing = run_nbhd({"--data", data, "market", "allocate", "--seed", "1"});
    EXPECT_EQ(missing.exit_code, 5) << missing.err;  // nothing was imported
    EXPECT_NE(missing.err.find("applicants import"), std::string::npos) << missing.err;
}

TEST(MarketCli, LotteryIsReproducibleClassOrderedAndTheNoticeHasNoIdsOrPhones) {
    const std::string data = sample_copy("lottery");
    const std::string dir = nbhd_test::temp_dir();
    auto imp = run_nbhd({"--data", data, "market", "applicants", "import", applicants_csv(dir)});
    ASSERT_EQ(imp.exit_code, 0) << imp.err;
    auto no_stalls = run_nbhd({"--data", data, "market", "allocate", "--seed", "1"});
    EXPECT_EQ(no_stalls.exit_code, 3) << no_stalls.err;
    EXPECT_NE(no_stalls.err.find("market layout --save"), std::string::npos);
    // Four stalls (one row of 20 m stalls 30 m apart), so that the two traders wait.
    auto layout = run_nbhd({"--data", data, "market", "layout", "--save", "--stall-width", "20",
                            "--stall-depth", "6", "--every", "1", "--fire-gap", "30"});
    ASSERT_EQ(layout.exit_code, 0) << layout.err;
    auto first = run_nbhd({"--data", data, "market", "allocate", "--seed", "20260315", "--json"});
    auto second = run_nbhd({"--data", data, "market", "allocate", "--seed", "20260315", "--json"});
    ASSERT_EQ(first.exit_code, 0) << first.err;
    EXPECT_EQ(first.out, second.out);
    json a = json::parse(first.out);
    EXPECT_EQ(a["seed"], 20260315);
    EXPECT_EQ(a["stalls_offered"], 4);
    EXPECT_EQ(a["counts"]["dibao"]["stalls"], 2);
    EXPECT_EQ(a["counts"]["resident"]["stalls"], 2);
    EXPECT_EQ(a["counts"]["trader"]["stalls"], 0);
    EXPECT_EQ(a["counts"]["trader"]["waiting"], 2);
    ASSERT_EQ(a["allocated"].size(), 4u);
    EXPECT_EQ(a["allocated"][0]["stall"], 1);
    // A person's low-income status is personal data: the list names 低保 households as residents (the
    // counts above are the class totals); only an audited --reveal shows it.
    EXPECT_EQ(a["allocated"][0]["class"], "resident");
    EXPECT_EQ(a["allocated"][1]["class"], "resident");
    EXPECT_EQ(a["allocated"][2]["class"], "resident");
    for (const auto& s : a["allocated"])
        EXPECT_EQ(s["name"].get<std::string>().find("秀英"), std::string::npos);

    auto saved = run_nbhd({"--data", data, "market", "allocate", "--seed", "20260315", "--save"});
    ASSERT_EQ(saved.exit_code, 0) << saved.err;
    // A saved draw stands: a second one is refused unless its reason is given (and audited).
    auto again = run_nbhd({"--data", data, "market", "allocate", "--seed", "7", "--save"});
    EXPECT_EQ(again.exit_code, 2);
    EXPECT_NE(again.err.find("--redraw"), std::string::npos) << again.err;
    auto redraw = run_nbhd({"--data", data, "market", "allocate", "--seed", "20260315", "--save", "--redraw",
                            "applicant list corrected"});
    ASSERT_EQ(redraw.exit_code, 0) << redraw.err;
    EXPECT_NE(capture("ogrinfo -ro -q " + data + " -sql \"SELECT query FROM audit\"")
                  .find("applicant list corrected"),
              std::string::npos);
    const std::string audit = capture("ogrinfo -ro -q " + data + " -sql \"SELECT action FROM audit\"");
    EXPECT_NE(audit.find("market-allocate"), std::string::npos) << audit;

    const std::string notice = dir + "/notice.csv";
    auto show = run_nbhd({"--data", data, "market", "show", "--notice", notice});
    ASSERT_EQ(show.exit_code, 0) << show.err;
    EXPECT_NE(show.out.find("20260315"), std::string::npos);
    const std::string text = nbhd_test::slurp(notice);
    for (const char* secret : {"420602", "1387123", "王秀英", "李建国", "欧阳明"})
        EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in\n" << text;
    EXPECT_NE(text.find("王*"), std::string::npos) << text;
    EXPECT_EQ(text.find("低保"), std::string::npos) << text;

    auto revealed = run_nbhd({"--data", data, "market", "show", "--notice", notice, "--reveal"});
    ASSERT_EQ(revealed.exit_code, 0) << revealed.err;
    const std::string full = nbhd_test::slurp(notice);
    EXPECT_NE(full.find("王秀英"), std::string::npos);
    for (const char* secret : {"420602", "1387123"})
        EXPECT_EQ(full.find(secret), std::string::npos) << secret;
    EXPECT_NE(capture("ogrinfo -ro -q " + data + " -sql \"SELECT action FROM audit\"").find("reveal"),
              std::string::npos);

    // The brief's market page: the saved layout, the stalls by class, the seed and the project's cost
    // (4 stalls of 20 m × 6 m = 480 m² at ¥150 and three desks at ¥3,000).
    const std::string pdf = dir + "/market.pdf";
    auto brief =
        run_nbhd({"--data", data, "--lang", "en", "brief", "--project", "guohuai-market", "--out", pdf});
    ASSERT_EQ(brief.exit_code, 0) << brief.err;
    const std::string page = capture("pdftotext -layout " + pdf + " -");
    EXPECT_NE(page.find("Stall layout (plan items)"), std::string::npos) << page;
    EXPECT_NE(page.find("Market project cost"), std::string::npos) << page;
    EXPECT_NE(page.find("¥81,000"), std::string::npos) << page;
    EXPECT_NE(page.find("20260315"), std::string::npos) << page;
}
