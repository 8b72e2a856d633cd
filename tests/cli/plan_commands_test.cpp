// The planning commands as a planner runs them: hardening and clean-up figures, saving, projects and
// budgets, the case lifecycle, and bad input refused with nothing written.

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "gis/district/loader.hpp"
#include "gis/io/editor.hpp"
#include "run_command.hpp"

namespace fs = std::filesystem;
using nbhd_test::run_nbhd;
using nlohmann::json;

namespace {

std::string copy_asset() {
    std::string path = nbhd_test::temp_dir() + "/d.gpkg";
    fs::copy_file(NBHD_ASSET_FILE, path);
    return path;
}

json run_json(const std::vector<std::string>& args) {
    auto r = run_nbhd(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out, nullptr, false);
}

struct Refusal {
    std::vector<std::string> args;
    int code;
    const char* message;
};

/// Runs `nbhd --data PATH COMMAND... ARGS...` for each case: the exit code and message as expected, and
/// the data set unchanged byte for byte.
void expect_refused(const std::string& path, const std::vector<std::string>& command,
                    const std::vector<Refusal>& cases) {
    const std::string before = nbhd_test::slurp(path);
    for (const auto& c : cases) {
        std::vector<std::string> args = {"--data", path};
        args.insert(args.end(), command.begin(), command.end());
        args.insert(args.end(), c.args.begin(), c.args.end());
        auto r = run_nbhd(args);
        std::string what;
        for (const auto& a : c.args) what += a + " ";
        EXPECT_EQ(r.exit_code, c.code) << what << ": " << r.err;
        EXPECT_NE(r.err.find(c.message), std::string::npos) << what << ": " << r.err;
        EXPECT_TRUE(nbhd_test::slurp(path) == before) << what;
    }
}

const char* kCompoundHead =
    "POLYGON((530030 3400030,530200 3400030,530200 3400150,530030 3400150,530030 3400030))";

}  // namespace

TEST(PlanHardening, CompoundFiguresAddUp) {
    json j = run_json({"--data", NBHD_ASSET_FILE, "plan", "hardening", "--scope", "compound", "--json"});
    json info = run_json({"--data", NBHD_ASSET_FILE, "info", "--json"});
    ASSERT_TRUE(j.is_object());
    double sum = 0;
    for (const auto& p : j["parts"]) {
        sum += p["area_m2"].get<double>();
        EXPECT_TRUE(p["kind"] == "street" || p["kind"] == "forecourt");
        EXPECT_FALSE(p["name"].get<std::string>().empty());
    }
    EXPECT_GT(j["area_m2"].get<double>(), 1000);
    EXPECT_NEAR(sum, j["area_m2"].get<double>(), 0.01);
    // Paving over the compound's lanes covers the valves on them: the warning lists each one.
    ASSERT_TRUE(j["valves_covered"].is_array());
    EXPECT_EQ(j["valves_covered"].size(), 12u);
    for (const auto& v : j["valves_covered"]) {
        EXPECT_LE(v["distance_m"].get<double>(), 0.5);
        EXPECT_FALSE(v["part"].get<std::string>().empty());
    }
    EXPECT_NEAR(j["volume_m3"].get<double>(), j["area_m2"].get<double>() * 0.20, 1e-6);
    EXPECT_NEAR(j["cost_cny"].get<double>(),
                j["area_m2"].get<double>() * j["unit_price_cny_m2"].get<double>(), 1e-3);
    // Every compound forecourt is unpaved in the shipped data, so every compound household is served.
    EXPECT_EQ(j["buildings_served"], info["compound_buildings"]);
    EXPECT_EQ(j["households_served"], info["compound_households"]);
    // Asphalt, thinner, costs less per m² here and gives less volume.
    json a = run_json({"--data", NBHD_ASSET_FILE, "plan", "hardening", "--scope", "compound", "--material",
                       "asphalt", "--json"});
    EXPECT_NEAR(a["area_m2"].get<double>(), j["area_m2"].get<double>(), 1e-6);
    EXPECT_NEAR(a["volume_m3"].get<double>(), a["area_m2"].get<double>() * 0.06, 1e-6);
    // A drawn polygon gives a part of the compound's figure.
    json w = run_json({"--data", NBHD_ASSET_FILE, "plan", "hardening", "--wkt", kCompoundHead, "--json"});
    EXPECT_GT(w["area_m2"].get<double>(), 0);
    EXPECT_LT(w["area_m2"].get<double>(), j["area_m2"].get<double>());
    EXPECT_LT(w["households_served"].get<int>(), j["households_served"].get<int>());
}

TEST(PlanHardening, SaveThenBudgetShowsTheCost) {
    std::string path = copy_asset();
    json j = run_json(
        {"--data", path, "plan", "hardening", "--scope", "compound", "--save", "--phase", "2", "--json"});
    ASSERT_EQ(j["saved"]["item_ids"].size(), j["parts"].size());
    EXPECT_EQ(j["saved"]["project"], "xingzheng-south");
    json items = run_json({"--data", path, "plan", "items", "--json"});
    EXPECT_EQ(items.size(), j["parts"].size());
    json projects = run_json({"--data", path, "project", "list", "--json"});
    ASSERT_EQ(projects.size(), 2u);
    for (const auto& p : projects) {
        EXPECT_TRUE(p.contains("name") && p.contains("budget_cny") && p.contains("cost_cny"));
        if (p["key"] == "xingzheng-south") {
            EXPECT_EQ(p["budget_cny"].get<double>(), 2000000);
            EXPECT_NEAR(p["cost_cny"].get<double>(), j["cost_cny"].get<double>(), 1.0);
            EXPECT_NEAR(p["remaining_cny"].get<double>(), 2000000 - j["cost_cny"].get<double>(), 1.0);
        } else {
            EXPECT_EQ(p["budget_cny"].get<double>(), 100000);
            EXPECT_EQ(p["cost_cny"].get<double>(), 0);
        }
    }
    json show =
        run_json({"--data", path, "project", "show", "Xingzheng South compound renovation", "--json"});
    EXPECT_EQ(show["by_phase"][1]["items"], j["parts"].size());
    EXPECT_EQ(show["by_phase"][0]["items"], 0);
    auto unknown = run_nbhd({"--data", path, "project", "show", "atlantis"});
    EXPECT_EQ(unknown.exit_code, 3);
    EXPECT_NE(unknown.err.find("unknown project 'atlantis'"), std::string::npos) << unknown.err;
}

TEST(PlanHardening, BadInputWritesNothing) {
    expect_refused(
        copy_asset(), {"plan", "hardening"},
        {
            {{"--wkt", "POLYGON((0 0,1 0,1 1"}, 2, "malformed WKT"},
            {{"--wkt", "POLYGON((0 0,10 0,10 10,0 10,0 0))"}, 2, "outside the district"},
            {{"--wkt", "LINESTRING(530100 3400100,530200 3400200)"}, 2, "must be a POLYGON"},
            {{"--wkt",
              "POLYGON((530000 3400000,530100 3400100,530100 3400000,530000 3400100,530000 3400000))"},
             7,
             "Self-intersection"},
            {{"--scope", "compound", "--save", "--project", "atlantis"}, 3, "unknown project"},
            {{"--scope", "compound", "--save", "--phase", "9"}, 2, "phase 9"},
            {{"--scope", "compound", "--wkt", kCompoundHead}, 2, "either --scope or --wkt"},
            // Numbers that are not numbers, and an empty scope, are usage errors, never "everything at ¥NaN".
            {{"--scope", "compound", "--save", "--concrete-price", "nan"}, 1, "finite number"},
            {{"--scope", "compound", "--save", "--thickness", "inf"}, 1, "finite number"},
            {{"--scope", "compound", "--depth", "abc"}, 1, "expected a number"},
            {{"--wkt", ""}, 1, "must not be empty"},
        });
}

TEST(PlanHardening, SavingTheSameWorkTwiceIsRefused) {
    std::string path = copy_asset();
    auto first = run_nbhd({"--data", path, "plan", "hardening", "--scope", "compound", "--save"});
    ASSERT_EQ(first.exit_code, 0) << first.err;
    const std::string saved = nbhd_test::slurp(path);
    auto again = run_nbhd({"--data", path, "plan", "hardening", "--scope", "compound", "--save"});
    EXPECT_EQ(again.exit_code, 2);
    EXPECT_NE(again.err.find("count them twice"), std::string::npos) << again.err;
    EXPECT_EQ(nbhd_test::slurp(path), saved);  // nothing written
    // Only the overlapping work counts: a different area of the same project saves.
    json items = run_json({"--data", path, "plan", "items", "--json"});
    const auto n = items.size();
    auto pipe = run_nbhd({"--data", path, "plan", "pipeline", "--scope", "compound", "--save"});
    EXPECT_EQ(pipe.exit_code, 0) << pipe.err;
    auto pipe_again =
        run_nbhd({"--data", path, "plan", "pipeline", "--scope", "compound", "--save", "--phase", "2"});
    EXPECT_EQ(pipe_again.exit_code, 2) << pipe_again.err;
    // --append saves anyway, when that is what the planner means.
    auto appended =
        run_nbhd({"--data", path, "plan", "hardening", "--scope", "compound", "--save", "--append"});
    EXPECT_EQ(appended.exit_code, 0) << appended.err;
    json after = run_json({"--data", path, "plan", "items", "--json"});
    EXPECT_EQ(after.size(), 2 * n + 22);
}

TEST(PlanPipeline, PointsAndRoutesOutsideTheDistrictAreRefused) {
    expect_refused(
        copy_asset(), {"plan", "pipeline"},
        {
            {{"--from", "520000,3400300", "--to", "530300,3400300", "--save", "--project", "xingzheng-south"},
             2,
             "outside the district"},
            {{"--from", "111.31,30.72", "--to", "111.32,30.72"}, 6, "longitude/latitude"},
            {{"--wkt", "LINESTRING(530100 3400300, 540100 3400300)", "--save", "--project",
              "xingzheng-south"},
             2,
             "outside the district"},
            {{"--from", "nan,3400300", "--to", "530300,3400300"}, 2, "finite numbers"},
            {{"--wkt", ""}, 1, "must not be empty"},
        });
}

TEST(PlanHardening, ReadOnlyAndLockedFilesAreRefused) {
    std::string path = copy_asset();
    const std::string before = nbhd_test::slurp(path);
    fs::permissions(path, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    auto ro = run_nbhd({"--data", path, "plan", "hardening", "--scope", "compound", "--save"});
    EXPECT_EQ(ro.exit_code, 8) << ro.err;
    EXPECT_NE(ro.err.find("read-only"), std::string::npos) << ro.err;
    EXPECT_TRUE(nbhd_test::slurp(path) == before);
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
    {
        // Another program holds a write transaction.
        auto holder = gis::io::Editor::open(path);
        ASSERT_TRUE(holder.ok());
        ASSERT_TRUE(holder->ensure_layer("lock_probe", "None", {{"n", gis::io::FieldType::Integer}}).ok());
        ASSERT_TRUE(holder->insert("lock_probe", {}, {{"n", std::int64_t{1}}}).ok());
        // It waits (1 s here; a minute by default), says so, then gives up having changed nothing.
        auto locked = run_nbhd({"--data", path, "plan", "hardening", "--scope", "compound", "--save"},
                               {{"NBHD_WRITE_WAIT", "1"}});
        EXPECT_EQ(locked.exit_code, 8) << locked.err;
        EXPECT_NE(locked.err.find("locked"), std::string::npos) << locked.err;
        holder->rollback();
    }
    json items = run_json({"--data", path, "plan", "items", "--json"});
    EXPECT_TRUE(items.empty());
}

TEST(PlanCleanup, CompoundCampaignsReproducedFromTheShippedData) {
    std::string path = copy_asset();
    json info = run_json({"--data", path, "info", "--json"});
    json all = run_json({"--data", path, "plan", "cleanup", "--scope", "compound", "--json"});
    EXPECT_EQ(all["structures"], info["illegal_structures"]);
    EXPECT_NEAR(all["structures_m2"].get<double>(), info["illegal_structures_m2"].get<double>(), 1e-6);
    EXPECT_EQ(all["graffiti_sites"], info["graffiti_sites"]);
    EXPECT_NEAR(all["graffiti_m2"].get<double>(), info["graffiti_m2"].get<double>(), 1e-6);
    EXPECT_GT(all["route_m"].get<double>(), 0);
    EXPECT_TRUE(all["route_connected"].get<bool>());
    EXPECT_EQ(all["route_order"].size(),
              all["structures"].get<std::size_t>() + all["graffiti_sites"].get<std::size_t>());
    // Too many sites for a route: said so, not computed.
    json capped = run_json(
        {"--data", path, "plan", "cleanup", "--scope", "compound", "--max-route-sites", "5", "--json"});
    EXPECT_TRUE(capped["route_m"].is_null());
    EXPECT_NE(capped["route_skipped"].get<std::string>().find("60 sites"), std::string::npos);

    // The graffiti are only reported: without --verify nothing is scheduled and nothing is written.
    const std::string before = nbhd_test::slurp(path);
    auto refused = run_nbhd({"--data", path, "plan", "cleanup", "--scope", "compound", "--zone", "south",
                             "--cases", "graffiti", "--campaign", "first", "--date", "2025-04-12", "--save"});
    EXPECT_EQ(refused.exit_code, 2);
    EXPECT_NE(refused.err.find("--verify"), std::string::npos) << refused.err;
    EXPECT_TRUE(nbhd_test::slurp(path) == before);

    std::int64_t graffiti = 0;
    double graffiti_m2 = 0;
    for (auto [zone, name, date] : {std::tuple{"south", "第一次涂鸦清理", "2025-04-12"},
                                    std::tuple{"north", "第二次涂鸦清理", "2025-05-17"}}) {
        json c =
            run_json({"--data", path, "plan", "cleanup", "--scope", "compound", "--zone", zone, "--cases",
                      "graffiti", "--campaign", name, "--date", date, "--verify", "--save", "--json"});
        EXPECT_EQ(c["structures"], 0);
        EXPECT_GT(c["graffiti_sites"].get<int>(), 0);
        EXPECT_EQ(c["saved"]["scheduled"], c["graffiti_sites"]);
        EXPECT_GT(c["route_m"].get<double>(), 0);
        graffiti += c["graffiti_sites"].get<std::int64_t>();
        graffiti_m2 += c["graffiti_m2"].get<double>();
    }
    EXPECT_EQ(graffiti, info["graffiti_sites"].get<std::int64_t>());
    EXPECT_NEAR(graffiti_m2, info["graffiti_m2"].get<double>(), 1e-6);
    json s = run_json({"--data", path, "plan", "cleanup", "--scope", "compound", "--cases", "structures",
                       "--campaign", "违建拆除", "--date", "2025-03-20", "--save", "--json"});
    EXPECT_EQ(s["saved"]["scheduled"], info["illegal_structures"]);

    json campaigns = run_json({"--data", path, "plan", "campaigns", "--json"});
    ASSERT_EQ(campaigns.size(), 3u);
    std::int64_t cases = 0;
    for (const auto& c : campaigns) cases += c["case_count"].get<std::int64_t>();
    EXPECT_EQ(cases,
              info["graffiti_sites"].get<std::int64_t>() + info["illegal_structures"].get<std::int64_t>());
    json show = run_json({"--data", path, "project", "show", "xingzheng-south", "--json"});
    EXPECT_EQ(show["by_kind"]["cleanup"]["items"], 3);
    EXPECT_EQ(show["campaigns"].size(), 3u);

    // The lifecycle from the command line.
    json cleared = run_json({"--data", path, "case", "set", "G1", "--status", "cleared", "--date",
                             "2025-04-12", "--note", "volunteers", "--json"});
    EXPECT_EQ(cleared[0]["status"], "cleared");
    auto back = run_nbhd({"--data", path, "case", "set", "G1", "--status", "verified"});
    EXPECT_EQ(back.exit_code, 2);
    EXPECT_NE(back.err.find("cleared is final"), std::string::npos) << back.err;
    json history = run_json({"--data", path, "case", "history", "G1", "--json"});
    ASSERT_EQ(history["history"].size(), 3u);
    EXPECT_EQ(history["history"][2]["to"], "cleared");
    // A case listed twice moves once; one history step.
    const auto g2_before = run_json({"--data", path, "case", "history", "G2", "--json"})["history"].size();
    auto twice =
        run_nbhd({"--data", path, "case", "set", "G2", "G2", "--status", "cleared", "--date", "2025-04-12"});
    EXPECT_EQ(twice.exit_code, 0) << twice.err;
    EXPECT_EQ(run_json({"--data", path, "case", "history", "G2", "--json"})["history"].size(), g2_before + 1);
    // The status as the Chinese output shows it is taken too, and a refusal names the statuses so.
    auto zh = run_nbhd({"--lang", "zh", "--data", path, "case", "set", "G1", "--status", "已核实"});
    EXPECT_EQ(zh.exit_code, 2) << zh.err;
    EXPECT_NE(zh.err.find("案件 G1 当前为 已清理，不能变为 已核实"), std::string::npos) << zh.err;
    EXPECT_EQ(zh.err.find("cleared"), std::string::npos) << zh.err;
    auto bad_id = run_nbhd({"--data", path, "case", "set", "X9", "--status", "verified"});
    EXPECT_EQ(bad_id.exit_code, 2);
    auto missing = run_nbhd({"--data", path, "case", "set", "S999", "--status", "verified"});
    EXPECT_EQ(missing.exit_code, 3);
}

TEST(PlanAdd, ItemsFromTheCommandLine) {
    std::string path = copy_asset();
    json fence = run_json({"--data", path, "plan", "add", "fence", "--wkt",
                           "LINESTRING(530030 3400300,530130 3400300)", "--project", "xingzheng-south",
                           "--phase", "1", "--name", "北围墙栏杆", "--json"});
    EXPECT_NEAR(fence["length_m"].get<double>(), 100, 1e-9);
    EXPECT_GT(fence["cost_cny"].get<double>(), 0);
    json gate = run_json({"--data", path, "plan", "add", "gate", "--wkt", "POINT(530220 3400300)",
                          "--project", "xingzheng-south", "--json"});
    auto id = std::to_string(gate["id"].get<std::int64_t>());
    json moved =
        run_json({"--data", path, "plan", "set", id, "--status", "approved", "--phase", "3", "--json"});
    EXPECT_EQ(moved["status"], "approved");
    EXPECT_EQ(moved["phase"], 3);
    const std::string before = nbhd_test::slurp(path);
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"plan", "add", "hardening", "--wkt", "POINT(530220 3400300)"},
             {"plan", "add", "bridge", "--wkt", "POINT(530220 3400300)"},
             {"plan", "add", "gate", "--wkt", "POINT(1 1)"},
             {"plan", "add", "gate", "--wkt", "POINT(530220 3400300)", "--project", "xingzheng-south",
              "--phase", "9"},
             {"plan", "set", "999", "--status", "done"},
             {"plan", "set", id, "--status", "finished"},
             // Quantities and cost come from these: numbers in range only.
             {"plan", "add", "hardening", "--wkt", kCompoundHead, "--param", "thickness_m=-1"},
             {"plan", "add", "hardening", "--wkt", kCompoundHead, "--param", "unit_price_cny=abc"},
             {"plan", "add", "other", "--wkt", "POINT(530220 3400300)", "--cost", "1e300"},
             {"plan", "add", "other", "--wkt", "POINT(530220 3400300)", "--cost", "nan"},
             {"plan", "set", id, "--param", "diameter_mm=0"},
             // A mistyped parameter would leave the default in its place: refused, not ignored.
             {"plan", "add", "hardening", "--wkt", kCompoundHead, "--param", "thicknes_m=0.3"},
             {"plan", "add", "gate", "--wkt", "POINT(530220 3400300)", "--phase", "3"},  // no project
         }) {
        std::vector<std::string> full = {"--data", path};
        full.insert(full.end(), args.begin(), args.end());
        auto r = run_nbhd(full);
        EXPECT_NE(r.exit_code, 0) << args[2];
        EXPECT_FALSE(r.err.empty());
        EXPECT_TRUE(nbhd_test::slurp(path) == before) << args[2];
    }
    auto removed = run_nbhd({"--data", path, "plan", "remove", id, id});  // listed twice: removed once
    EXPECT_EQ(removed.exit_code, 0) << removed.err;
    EXPECT_EQ(run_json({"--data", path, "plan", "items", "--json"}).size(), 1u);
}

TEST(PlanPrivacy, NoResidentDataInPlanningOutput) {
    auto d = gis::district::load(NBHD_ASSET_FILE);
    ASSERT_TRUE(d.ok());
    std::string out;
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"plan", "hardening", "--scope", "compound", "--json"},
             {"plan", "hardening", "--scope", "compound"},
             {"plan", "cleanup", "--scope", "compound", "--json"},
             {"case", "list", "--json"},
             {"project", "show", "xingzheng-south", "--json"},
         }) {
        std::vector<std::string> full = {"--data", NBHD_ASSET_FILE};
        full.insert(full.end(), args.begin(), args.end());
        auto r = run_nbhd(full);
        ASSERT_EQ(r.exit_code, 0) << r.err;
        out += r.out;
    }
    ASSERT_FALSE(d->households.empty());
    for (const auto& h : d->households) {
        for (const std::string* field : {&h.head_name, &h.phone, &h.id_number, &h.household_no}) {
            if (field->empty()) continue;
            ASSERT_EQ(out.find(*field), std::string::npos) << "resident data in the output";
        }
    }
}

// The compound's pipe renewal saved into its project: the budget counts the renewal at its priced cost
// (by diameter), next to the hardening, and a new route needs a project to go to.
TEST(PlanPipeline, SaveThenBudgetCountsThePipeRenewal) {
    std::string path = copy_asset();
    json pipe = run_json(
        {"--data", path, "plan", "pipeline", "--scope", "compound", "--save", "--phase", "3", "--json"});
    ASSERT_TRUE(pipe.contains("saved")) << pipe.dump(1);
    EXPECT_EQ(pipe["saved"]["project"], "xingzheng-south");
    EXPECT_EQ(pipe["saved"]["item_ids"].size(), pipe["pipes"].size());
    json hard = run_json({"--data", path, "plan", "hardening", "--scope", "compound", "--save", "--json"});
    json items = run_json({"--data", path, "plan", "items", "--json"});
    double pipe_cost = 0, pipe_length = 0;
    for (const auto& it : items)
        if (it["kind"] == "gas_pipe") {
            pipe_cost += it["cost_cny"].get<double>();
            pipe_length += it["length_m"].get<double>();
            EXPECT_EQ(it["phase"], 3);
            EXPECT_GT(it["params"]["diameter_mm"].get<double>(), 0);
        }
    EXPECT_NEAR(pipe_length, pipe["length_m"].get<double>(), 0.05);
    EXPECT_NEAR(pipe_cost, pipe["cost_cny"].get<double>(), 0.01 * static_cast<double>(pipe["pipes"].size()));
    json show = run_json({"--data", path, "project", "show", "xingzheng-south", "--json"});
    EXPECT_NEAR(show["cost_cny"].get<double>(),
                pipe["cost_cny"].get<double>() + hard["cost_cny"].get<double>(), 1.0)
        << show.dump(1);
    EXPECT_EQ(show["by_phase"][2]["items"], pipe["pipes"].size());

    // A new route belongs to no scope: without --project nothing is saved.
    auto r = run_nbhd(
        {"--data", path, "plan", "pipeline", "--from", "530100,3400100", "--to", "530150,3400120", "--save"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("--project"), std::string::npos) << r.err;
    json after = run_json({"--data", path, "plan", "items", "--json"});
    EXPECT_EQ(after.size(), items.size());

    // A renewed pipe made larger is repriced from the price table (pe 200: ¥650/m by default).
    json first_pipe;
    for (const auto& it : after)
        if (it["kind"] == "gas_pipe") {
            first_pipe = it;
            break;
        }
    ASSERT_TRUE(first_pipe.is_object());
    const std::string id = std::to_string(first_pipe["id"].get<std::int64_t>());
    auto resized =
        run_nbhd({"--data", path, "plan", "set", id, "--param", "diameter_mm=200", "--param", "material=pe"});
    ASSERT_EQ(resized.exit_code, 0) << resized.err;
    for (const auto& it : run_json({"--data", path, "plan", "items", "--json"}))
        if (it["id"] == first_pipe["id"]) {
            EXPECT_DOUBLE_EQ(it["unit_price_cny"].get<double>(), 650.0);
            EXPECT_NEAR(it["cost_cny"].get<double>(),
                        it["length_m"].get<double>() * it["unit_price_cny"].get<double>(), 0.01);
        }
}

// Work counted twice, from the command line: plan add, plan set --wkt and plan hardening --save refuse
// what the project already has (naming the items and the m²), save only the rest with --trim, or both
// with --append. Two hand-made squares: A (530100..530120, 3400100..3400120) and B, 10 m up and right of
// it, overlapping A by 100 m² of its 400 m².
namespace {

const char* kSquareA =
    "POLYGON((530100 3400100,530120 3400100,530120 3400120,530100 3400120,530100 3400100))";
const char* kSquareB =
    "POLYGON((530110 3400110,530130 3400110,530130 3400130,530110 3400130,530110 3400110))";
const char* kSquareC =
    "POLYGON((530200 3400100,530220 3400100,530220 3400120,530200 3400120,530200 3400100))";

std::int64_t add_json(const std::string& path, const char* wkt,
                      const std::string& project = "xingzheng-south", const std::string& kind = "hardening") {
    std::vector<std::string> args = {"--data", path, "plan", "add", kind, "--wkt", wkt, "--json"};
    if (!project.empty()) args.insert(args.end(), {"--project", project});
    json j = run_json(args);
    return j.is_object() ? j["id"].get<std::int64_t>() : -1;
}

}  // namespace

TEST(PlanAdd, OverlappingWorkIsRefusedTrimmedOrAppended) {
    std::string path = copy_asset();
    const auto a = add_json(path, kSquareA);
    const std::vector<std::string> add_b = {"plan",   "add",       "hardening",      "--wkt",
                                            kSquareB, "--project", "xingzheng-south"};
    expect_refused(
        path, add_b,
        {
            {{},
             2,
             ("project xingzheng-south already has hardening item " + std::to_string(a) +
              " (100.0 m²) covering 100.0 m² of this item: saving would count them twice, so nothing "
              "was saved. Use --trim")
                 .c_str()},
            {{"--trim", "--append"}, 1, "excludes"},
        });
    std::vector<std::string> args = {"--lang", "en", "--data", path};
    args.insert(args.end(), add_b.begin(), add_b.end());
    args.push_back("--trim");
    auto text = run_nbhd(args);
    ASSERT_EQ(text.exit_code, 0) << text.err;
    EXPECT_NE(text.out.find("300.0 m²"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("Trimmed the part already planned: 100.0 m² (items " + std::to_string(a) + ")"),
              std::string::npos)
        << text.out;
    json items = run_json({"--data", path, "plan", "items", "--json"});
    ASSERT_EQ(items.size(), 2u);
    EXPECT_NEAR(items[1]["area_m2"].get<double>(), 300, 0.01);
    ASSERT_EQ(run_nbhd({"--data", path, "plan", "remove", std::to_string(items[1]["id"].get<std::int64_t>())})
                  .exit_code,
              0);

    args.back() = "--json";
    args.push_back("--trim");
    json trimmed = run_json(args);
    EXPECT_NEAR(trimmed["area_m2"].get<double>(), 300, 0.01);
    EXPECT_NEAR(trimmed["volume_m3"].get<double>(), 60, 0.01);
    EXPECT_EQ(trimmed["overlap"]["saved"], "trimmed");
    EXPECT_NEAR(trimmed["overlap"]["area_m2"].get<double>(), 100, 0.01);
    ASSERT_EQ(trimmed["overlap"]["with"].size(), 1u);
    EXPECT_EQ(trimmed["overlap"]["with"][0]["id"], a);
    // A and the trimmed B now cover B's whole square: a third copy has nothing left to trim.
    auto whole = run_nbhd(args);
    EXPECT_EQ(whole.exit_code, 2);
    EXPECT_NE(whole.err.find("the whole item is already planned"), std::string::npos) << whole.err;

    args.back() = "--append";
    json kept = run_json(args);
    EXPECT_NEAR(kept["area_m2"].get<double>(), 400, 1e-9);
    EXPECT_EQ(kept["overlap"]["saved"], "kept");
    EXPECT_EQ(kept["overlap"]["with"].size(), 2u);
    EXPECT_EQ(run_json({"--data", path, "plan", "items", "--json"}).size(), 3u);

    // Other work over the same ground, the same work in another project or in none: no conflict.
    EXPECT_GT(add_json(path, kSquareA, "xingzheng-south", "greening"), 0);
    EXPECT_GT(add_json(path, kSquareA, "guohuai-market"), 0);
    EXPECT_GT(add_json(path, kSquareA, ""), 0);
    // Fences along each other: 30 m of the new one lie on the old one.
    json f1 =
        run_json({"--data", path, "plan", "add", "fence", "--wkt",
                  "LINESTRING(530100 3400200,530150 3400200)", "--project", "xingzheng-south", "--json"});
    auto f2 = run_nbhd({"--data", path, "plan", "add", "fence", "--wkt",
                        "LINESTRING(530120 3400200.2,530180 3400200.2)", "--project", "xingzheng-south"});
    EXPECT_EQ(f2.exit_code, 2);
    EXPECT_NE(f2.err.find("fence item " + std::to_string(f1["id"].get<std::int64_t>())), std::string::npos)
        << f2.err;
}

TEST(PlanSet, ANewShapeOverPlannedWorkIsRefusedTrimmedOrAppended) {
    std::string path = copy_asset();
    const auto a = add_json(path, kSquareA);
    const auto c = add_json(path, kSquareC);
    const std::string id = std::to_string(c);
    expect_refused(
        path, {"plan", "set", id, "--wkt", kSquareB},
        {
            {{},
             2,
             ("already has hardening item " + std::to_string(a) + " (100.0 m²) covering 100.0 m²").c_str()},
            {{"--trim", "--append"}, 1, "excludes"},
        });
    json trimmed = run_json({"--data", path, "plan", "set", id, "--wkt", kSquareB, "--trim", "--json"});
    EXPECT_NEAR(trimmed["area_m2"].get<double>(), 300, 0.01);
    EXPECT_EQ(trimmed["overlap"]["with"][0]["id"], a);
    json kept = run_json({"--data", path, "plan", "set", id, "--wkt", kSquareB, "--append", "--json"});
    EXPECT_NEAR(kept["area_m2"].get<double>(), 400, 1e-9);
    // An item never overlaps itself: A grown over where it was saves.
    json grown = run_json({"--data", path, "plan", "set", std::to_string(a), "--wkt",
                           "POLYGON((530095 3400095,530120 3400095,530120 3400105,530095 3400105,530095 "
                           "3400095))",
                           "--json"});
    EXPECT_NEAR(grown["area_m2"].get<double>(), 250, 1e-9);
    // A status change of an item kept over planned work is not a new save of the work.
    EXPECT_EQ(run_nbhd({"--data", path, "plan", "set", id, "--status", "approved"}).exit_code, 0);
}

TEST(PlanHardening, SaveOverAHandMadeItemIsRefusedTrimmedOrAppended) {
    std::string path = copy_asset();
    // The compound's paving inside the head polygon, and in all.
    json head = run_json({"--data", path, "plan", "hardening", "--wkt", kCompoundHead, "--json"});
    json all = run_json({"--data", path, "plan", "hardening", "--scope", "compound", "--json"});
    const auto a = add_json(path, kCompoundHead);  // a hand-made item over the head of the compound
    const std::string before = nbhd_test::slurp(path);
    auto refused = run_nbhd({"--data", path, "plan", "hardening", "--scope", "compound", "--save"});
    EXPECT_EQ(refused.exit_code, 2);
    EXPECT_NE(
        refused.err.find("project xingzheng-south already has hardening item " + std::to_string(a) + " ("),
        std::string::npos)
        << refused.err;
    EXPECT_NE(refused.err.find("count them twice"), std::string::npos) << refused.err;
    EXPECT_EQ(nbhd_test::slurp(path), before);

    json trimmed =
        run_json({"--data", path, "plan", "hardening", "--scope", "compound", "--save", "--trim", "--json"});
    const json& overlap = trimmed["saved"]["overlap"];
    EXPECT_EQ(overlap["saved"], "trimmed");
    EXPECT_EQ(overlap["with"][0]["id"], a);
    // The hand-made item covers exactly the compound's paving inside it.
    EXPECT_NEAR(overlap["area_m2"].get<double>(), head["area_m2"].get<double>(), 0.01);
    double saved = 0;
    for (const auto& it : run_json({"--data", path, "plan", "items", "--json"}))
        if (it["id"] != a) saved += it["area_m2"].get<double>();
    EXPECT_NEAR(saved, all["area_m2"].get<double>() - head["area_m2"].get<double>(), 0.01);

    json kept = run_json(
        {"--data", path, "plan", "hardening", "--scope", "compound", "--save", "--append", "--json"});
    EXPECT_EQ(kept["saved"]["item_ids"].size(), kept["parts"].size());
    EXPECT_EQ(kept["saved"]["overlap"]["saved"], "kept");
}
