// One budget: project show (text and JSON) and the brief print the same figures, computed once by
// gis::plan::project_budget from the saved items (kinds, contingency, committed against planned, funding
// lines, phases); phases carry dates and `project schedule` lays them out in time.

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "run_command.hpp"

using nbhd_test::capture;
using nbhd_test::run_nbhd;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

/// The sample with the compound's hardening saved (¥1,601,444), an approved fence of 100 m funded by
/// the city (¥38,000) and a 5 % contingency.
std::string planned_sample() {
    std::string data = nbhd_test::temp_dir() + "/budget.gpkg";
    fs::copy_file(NBHD_ASSET_FILE, data);
    EXPECT_EQ(run_nbhd({"--data", data, "plan", "hardening", "--scope", "compound", "--save"}).exit_code, 0);
    auto fence = run_nbhd({"--data", data, "plan", "add", "fence", "--wkt",
                           "LINESTRING(530100 3400100,530200 3400100)", "--project", "xingzheng-south",
                           "--status", "approved", "--param", "funding=city", "--phase", "2"});
    EXPECT_EQ(fence.exit_code, 0) << fence.err;
    EXPECT_EQ(run_nbhd({"--data", data, "project", "set", "xingzheng-south", "--contingency", "5"}).exit_code,
              0);
    return data;
}

}  // namespace

TEST(ProjectBudget, ShowTextJsonAndBriefAgree) {
    const std::string data = planned_sample();
    auto r = run_nbhd({"--lang", "zh", "--data", data, "project", "show", "xingzheng-south", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json j = json::parse(r.out);
    EXPECT_EQ(j["items"], 39);
    EXPECT_NEAR(j["cost_cny"].get<double>(), 1639444, 1);
    EXPECT_NEAR(j["contingency_cny"].get<double>(), 81972.2, 0.5);
    EXPECT_NEAR(j["total_cny"].get<double>(), 1721416, 1);
    EXPECT_NEAR(j["remaining_cny"].get<double>(), 278584, 1);
    EXPECT_EQ(j["committed"]["items"], 1);
    EXPECT_NEAR(j["committed"]["cost_cny"].get<double>(), 38000, 0.01);
    EXPECT_EQ(j["planned"]["items"], 38);
    EXPECT_NEAR(j["by_funding"]["city"]["cost_cny"].get<double>(), 38000, 0.01);
    EXPECT_NEAR(j["by_funding"]["budget"]["cost_cny"].get<double>(), 1601444, 1);
    EXPECT_NEAR(j["by_kind"]["fence"]["length_m"].get<double>(), 100, 1e-6);
    EXPECT_NEAR(j["by_phase"][1]["cost_cny"].get<double>(), 38000, 0.01);  // phase 2
    // The proposal says how much of it the saved plan holds: all of it.
    json proposal =
        json::parse(run_nbhd({"--data", data, "plan", "hardening", "--scope", "compound", "--json"}).out);
    EXPECT_NEAR(proposal["in_plan"]["area_m2"].get<double>(), 17407, 0.5);
    EXPECT_EQ(proposal["in_plan"]["item_ids"].size(), 38u);

    auto text = run_nbhd({"--lang", "zh", "--data", data, "project", "show", "xingzheng-south"});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    const std::string pdf = nbhd_test::temp_dir() + "/budget.pdf";
    auto brief = run_nbhd({"--lang", "zh", "--data", data, "brief", "--out", pdf});
    ASSERT_EQ(brief.exit_code, 0) << brief.err;
    const std::string page = capture("pdftotext -layout " + pdf + " -");
    // Every row of the budget, label and figure, in both outputs.
    for (const auto& row : j["rows"]) {
        const std::string label = row["label"];
        const double cny = row["cny"];
        char money[64];
        std::snprintf(money, sizeof money, "%.0f", std::abs(cny));
        std::string grouped = money;  // ¥ with thousands separators
        for (int i = static_cast<int>(grouped.size()) - 3; i > 0; i -= 3)
            grouped.insert(static_cast<std::size_t>(i), ",");
        const std::string figure = (cny < 0 ? "-¥" : "¥") + grouped;
        EXPECT_NE(text.out.find(label), std::string::npos) << label;
        EXPECT_NE(page.find(label), std::string::npos) << label;
        EXPECT_NE(text.out.find(figure), std::string::npos) << label << " " << figure;
        EXPECT_NE(page.find(figure), std::string::npos) << label << " " << figure;
    }
    for (const char* figure : {"¥1,639,444", "¥81,972", "¥1,721,416", "¥278,584"}) {
        EXPECT_NE(text.out.find(figure), std::string::npos) << figure;
        EXPECT_NE(page.find(figure), std::string::npos) << figure;
    }
    // The proposal pages say what of their work the plan holds.
    EXPECT_NE(page.find("尚未列入规划"), std::string::npos);  // the pipeline: nothing saved
    EXPECT_NE(page.find("38 / ¥1,601,444"), std::string::npos);
}

TEST(ProjectBudget, OverBudgetAndBadProjectValues) {
    const std::string data = planned_sample();
    ASSERT_EQ(
        run_nbhd({"--data", data, "project", "set", "xingzheng-south", "--budget", "1500000"}).exit_code, 0);
    json j = json::parse(run_nbhd({"--data", data, "project", "show", "xingzheng-south", "--json"}).out);
    EXPECT_TRUE(j["over_budget"].get<bool>());
    EXPECT_NEAR(j["remaining_cny"].get<double>(), -221416, 1);
    auto text = run_nbhd({"--lang", "en", "--data", data, "project", "show", "xingzheng-south"});
    EXPECT_NE(text.out.find("Over budget by"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("¥221,416"), std::string::npos) << text.out;
    // Values outside their ranges are refused and change nothing.
    auto c = run_nbhd({"--data", data, "project", "set", "xingzheng-south", "--contingency", "80"});
    EXPECT_NE(c.exit_code, 0);
    auto ph = run_nbhd({"--data", data, "project", "set", "xingzheng-south", "--phases", "1"});
    EXPECT_EQ(ph.exit_code, 2);
    EXPECT_NE(ph.err.find("uses phase 2"), std::string::npos) << ph.err;
    auto unknown = run_nbhd({"--data", data, "project", "set", "atlantis", "--budget", "1"});
    EXPECT_EQ(unknown.exit_code, 3);
    j = json::parse(run_nbhd({"--data", data, "project", "show", "xingzheng-south", "--json"}).out);
    EXPECT_EQ(j["contingency_pct"], 5.0);
    EXPECT_EQ(j["phases"], 4);
}

TEST(ProjectSchedule, PhasesInTimeAndWhatRunsTogether) {
    const std::string data = planned_sample();
    ASSERT_EQ(run_nbhd({"--data", data, "project", "phase", "xingzheng-south", "1", "--start", "2027-03-01",
                        "--days", "45", "--name", "硬化"})
                  .exit_code,
              0);
    ASSERT_EQ(run_nbhd({"--data", data, "project", "phase", "xingzheng-south", "2", "--start", "2027-04-10",
                        "--days", "30"})
                  .exit_code,
              0);
    // Setting a phase again replaces its dates.
    ASSERT_EQ(run_nbhd({"--data", data, "project", "phase", "xingzheng-south", "2", "--start", "2027-04-01",
                        "--days", "61", "--name", "封闭"})
                  .exit_code,
              0);
    auto r = run_nbhd({"--data", data, "project", "schedule", "xingzheng-south", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json j = json::parse(r.out);
    EXPECT_EQ(j["start"], "2027-03-01");
    EXPECT_EQ(j["end"], "2027-05-31");
    EXPECT_EQ(j["phases"][0]["end"], "2027-04-14");
    EXPECT_EQ(j["phases"][0]["items"], 38);
    EXPECT_EQ(j["phases"][1]["name"], "封闭");
    EXPECT_EQ(j["phases"][1]["days"], 61);
    EXPECT_EQ(j["phases"][0]["concurrent"], json::array({2}));
    EXPECT_TRUE(j["phases"][2]["start"].is_null());
    EXPECT_EQ(j["undated"], json::array());
    auto text = run_nbhd({"--lang", "zh", "--data", data, "project", "schedule", "xingzheng-south"});
    EXPECT_NE(text.out.find("2027-04-14"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("###"), std::string::npos) << text.out;
    const std::string pdf = nbhd_test::temp_dir() + "/schedule.pdf";
    ASSERT_EQ(run_nbhd({"--lang", "zh", "--data", data, "brief", "--out", pdf}).exit_code, 0);
    const std::string page = capture("pdftotext -layout " + pdf + " -");
    EXPECT_NE(page.find("进度计划"), std::string::npos);
    EXPECT_NE(page.find("2027-05-31"), std::string::npos);
    // Bad dates and phases are refused, naming the value.
    for (const auto& [args, what] : std::vector<std::pair<std::vector<std::string>, std::string>>{
             {{"1", "--start", "2027-02-29", "--days", "3"}, "2027-02-29"},
             {{"1", "--start", "27-3-1", "--days", "3"}, "27-3-1"},
             {{"5", "--start", "2027-03-01", "--days", "3"}, "not 5"},
             {{"1", "--start", "2027-03-01", "--days", "0"}, "1..3650"}}) {
        std::vector<std::string> cmd = {"--data", data, "project", "phase", "xingzheng-south"};
        cmd.insert(cmd.end(), args.begin(), args.end());
        auto bad = run_nbhd(cmd);
        EXPECT_EQ(bad.exit_code, 2) << what;
        EXPECT_NE(bad.err.find(what), std::string::npos) << bad.err;
    }
    // A leap day is a date.
    EXPECT_EQ(run_nbhd({"--data", data, "project", "phase", "xingzheng-south", "3", "--start", "2028-02-29",
                        "--days", "1"})
                  .exit_code,
              0);
}

TEST(PlanConflictsCommand, PavingBeforeThePipeIsFoundAndReordered) {
    std::string data = nbhd_test::temp_dir() + "/conflicts.gpkg";
    fs::copy_file(NBHD_ASSET_FILE, data);
    ASSERT_EQ(run_nbhd({"--data", data, "plan", "pipeline", "--scope", "compound", "--save", "--phase", "2"})
                  .exit_code,
              0);
    ASSERT_EQ(run_nbhd({"--data", data, "plan", "hardening", "--scope", "compound", "--save", "--phase", "1"})
                  .exit_code,
              0);
    auto r = run_nbhd({"--data", data, "plan", "conflicts", "--project", "xingzheng-south", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json j = json::parse(r.out);
    std::set<std::int64_t> to_move;
    for (const auto& c : j["conflicts"])
        if (c["kind"] == "trench_under_paving") {
            EXPECT_GE(c["area_m2"].get<double>(), 1.0);
            EXPECT_EQ(c["move"]["to_phase"], 3);
            for (auto id : c["move"]["items"]) to_move.insert(id.get<std::int64_t>());
        }
    ASSERT_FALSE(to_move.empty());
    EXPECT_EQ(j["undated"].size(), 2u);
    auto text = run_nbhd({"--lang", "zh", "--data", data, "plan", "conflicts"});
    EXPECT_NE(text.out.find("先管后路"), std::string::npos) << text.out;
    // --apply moves the paving after the pipe; then no paving lies over an open trench.
    auto applied = run_nbhd({"--data", data, "plan", "conflicts", "--apply", "--json"});
    ASSERT_EQ(applied.exit_code, 0) << applied.err;
    for (const auto& c : json::parse(applied.out)["conflicts"]) EXPECT_NE(c["kind"], "trench_under_paving");
    json items = json::parse(run_nbhd({"--data", data, "plan", "items", "--json"}).out);
    std::size_t moved = 0;
    for (const auto& it : items)
        if (to_move.count(it["id"].get<std::int64_t>())) {
            EXPECT_EQ(it["phase"], 3);
            ++moved;
        }
    EXPECT_EQ(moved, to_move.size());
    // With dates, the conflict page is in the brief.
    ASSERT_EQ(run_nbhd({"--data", data, "project", "phase", "xingzheng-south", "2", "--start", "2027-03-20",
                        "--days", "30"})
                  .exit_code,
              0);
    const std::string pdf = nbhd_test::temp_dir() + "/conflicts.pdf";
    ASSERT_EQ(run_nbhd({"--lang", "zh", "--data", data, "brief", "--out", pdf}).exit_code, 0);
    const std::string page = capture("pdftotext -layout " + pdf + " -");
    EXPECT_NE(page.find("施工冲突"), std::string::npos);
    EXPECT_NE(page.find("沟槽挡住楼栋全部单元入口"), std::string::npos);
    // An unknown project is not an empty answer.
    EXPECT_EQ(run_nbhd({"--data", data, "plan", "conflicts", "--project", "atlantis"}).exit_code, 3);
}

TEST(PricesCommand, OneTableForEveryCost) {
    const std::string data = planned_sample();
    auto list = run_nbhd({"--data", data, "prices", "--json"});
    ASSERT_EQ(list.exit_code, 0) << list.err;
    json rows = json::parse(list.out);
    bool concrete = false;
    for (const auto& r : rows)
        if (r["key"] == "paving.concrete") {
            concrete = true;
            EXPECT_EQ(r["unit_price_cny"], 360.0);
            EXPECT_FALSE(r["stored"].get<bool>());
        }
    EXPECT_TRUE(concrete);
    // Concrete at ¥400/m³: the open hardening items (proposed) cost 17,407 m² × 0.2 m × ¥40 more; the
    // approved fence keeps its price (fences are not concrete).
    auto set = run_nbhd({"--data", data, "prices", "set", "paving.concrete", "400", "--source",
                         "市造价站信息价", "--date", "2026-09-30"});
    ASSERT_EQ(set.exit_code, 0) << set.err;
    EXPECT_NE(set.out.find("38"), std::string::npos) << set.out;
    json j = json::parse(run_nbhd({"--data", data, "project", "show", "xingzheng-south", "--json"}).out);
    EXPECT_NEAR(j["cost_cny"].get<double>(), 1778700, 1);
    // Every computation reads the same table: the proposal, and the brief's hardening page.
    json h =
        json::parse(run_nbhd({"--data", data, "plan", "hardening", "--scope", "compound", "--json"}).out);
    EXPECT_NEAR(h["cost_cny"].get<double>(), 1740700, 1);
    // A price given for one run wins over the table.
    json once = json::parse(run_nbhd({"--data", data, "plan", "hardening", "--scope", "compound",
                                      "--concrete-price", "360", "--json"})
                                .out);
    EXPECT_NEAR(once["cost_cny"].get<double>(), 1601444, 1);
    json stored = json::parse(run_nbhd({"--data", data, "prices", "--json"}).out);
    for (const auto& r : stored)
        if (r["key"] == "paving.concrete") {
            EXPECT_EQ(r["unit_price_cny"], 400.0);
            EXPECT_EQ(r["source"], "市造价站信息价");
            EXPECT_TRUE(r["stored"].get<bool>());
        }
    // Bad keys, prices and dates are refused.
    EXPECT_EQ(run_nbhd({"--data", data, "prices", "set", "paving.granite", "400"}).exit_code, 2);
    EXPECT_NE(run_nbhd({"--data", data, "prices", "set", "fence", "-4"}).exit_code, 0);
    EXPECT_EQ(run_nbhd({"--data", data, "prices", "set", "fence", "400", "--date", "2026-02-30"}).exit_code,
              2);
}
