// nbhd plan gating: the sample compound's fence, gates and cost from the price table; --check passes
// with every gate open and fails (exit 9, the buildings named) with them shut or with a gate too narrow
// for fire engines; --save stores the fence and gates once, refusing to count them twice.

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "run_command.hpp"

using nbhd_test::run_nbhd;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string sample_copy(const std::string& name) {
    std::string data = nbhd_test::temp_dir() + "/" + name + ".gpkg";
    fs::copy_file(NBHD_ASSET_FILE, data, fs::copy_options::overwrite_existing);
    return data;
}

double price(const std::string& data, const std::string& key) {
    auto r = run_nbhd({"--data", data, "prices", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    for (const auto& row : json::parse(r.out))
        if (row["key"] == key) return row["unit_price_cny"].get<double>();
    ADD_FAILURE() << "no price " << key;
    return 0;
}

}  // namespace

TEST(PlanGating, SampleFenceGatesAndCostFromThePriceTable) {
    const std::string data = sample_copy("gating-figures");
    auto r = run_nbhd({"--data", data, "plan", "gating", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json j = json::parse(r.out);
    EXPECT_NEAR(j["fence_m"].get<double>(), 1283, 1e-6);
    ASSERT_EQ(j["gates"].size(), 3u);
    EXPECT_EQ(j["gates"][0]["name"], "行政南小区南门");
    EXPECT_EQ(j["gates"][0]["type"], "vehicle");
    EXPECT_NEAR(j["gates"][0]["width_m"].get<double>(), 6, 1e-9);
    const double fence = price(data, "fence"), gate = price(data, "gate");
    EXPECT_NEAR(j["cost"]["total_cny"].get<double>(), 1283 * fence + 3 * gate, 1e-6);

    auto text = run_nbhd({"--lang", "en", "--data", data, "plan", "gating", "--check"});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    EXPECT_NE(text.out.find("1,283.0 m"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("Check passed"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("行政南小区1号楼 / 1"), std::string::npos) << text.out;
}

TEST(PlanGating, ShuttingEveryGateFailsNamingTheBuildings) {
    const std::string data = sample_copy("gating-closed");
    auto one =
        run_nbhd({"--data", data, "plan", "gating", "--check", "--json", "--closed", "行政南小区南门"});
    ASSERT_EQ(one.exit_code, 0) << one.err;  // the north and west gates still serve every building
    const json shut_south = json::parse(one.out);
    EXPECT_TRUE(shut_south["check"]["ok"].get<bool>());
    for (const auto& e : shut_south["check"]["entrances"]) {
        EXPECT_NE(e["gate_after"], "行政南小区南门");
        EXPECT_EQ(e["route_after_wkt"].get<std::string>().rfind("LINESTRING", 0), 0u);
    }

    auto all = run_nbhd({"--data", data, "plan", "gating", "--check", "--closed", "行政南小区南门",
                         "--closed", "行政南小区北门", "--closed", "3"});
    EXPECT_EQ(all.exit_code, 9) << all.err;
    EXPECT_NE(all.err.find("行政南小区1号楼: entrance 1"), std::string::npos) << all.err;
    EXPECT_NE(all.err.find("no fire-engine access"), std::string::npos) << all.err;

    auto unknown = run_nbhd({"--data", data, "plan", "gating", "--check", "--closed", "东门"});
    EXPECT_EQ(unknown.exit_code, 3) << unknown.err;
    EXPECT_NE(unknown.err.find("行政南小区北门"), std::string::npos) << unknown.err;
}

TEST(PlanGating, DrawnFenceWithANarrowGateRefusesFireEngines) {
    const std::string data = sample_copy("gating-drawn");
    const std::string ring =
        "LINESTRING(530030 3400030,530410 3400030,530410 3400300,530030 3400300,530030 3400030)";
    auto r = run_nbhd({"--data", data, "plan", "gating", "--check", "--json", "--fence-wkt", ring, "--gate",
                       "530220,3400030,vehicle,3"});
    EXPECT_EQ(r.exit_code, 9) << r.err;
    json j = json::parse(r.out);
    EXPECT_NEAR(j["fence_m"].get<double>(), 1300 - 3, 1e-6);
    EXPECT_EQ(j["check"]["buildings"][0]["fire_after"], "no");
    EXPECT_EQ(j["check"]["buildings"][0]["reachable_after"], j["check"]["buildings"][0]["entrances"]);
    EXPECT_NE(r.err.find("no fire-engine access"), std::string::npos) << r.err;

    auto bad =
        run_nbhd({"--data", data, "plan", "gating", "--fence-wkt", ring, "--gate", "530220,3400030,door,3"});
    EXPECT_EQ(bad.exit_code, 2) << bad.err;
    auto far =
        run_nbhd({"--data", data, "plan", "gating", "--fence-wkt", ring, "--gate", "530220,3400100,fire,4"});
    EXPECT_EQ(far.exit_code, 2) << far.err;
    auto lonely = run_nbhd({"--data", data, "plan", "gating", "--gate", "530220,3400030,fire,4"});
    EXPECT_EQ(lonely.exit_code, 2) << lonely.err;
}

TEST(PlanGating, SaveStoresFenceAndGatesOnceInTheCompoundProject) {
    const std::string data = sample_copy("gating-save");
    auto r = run_nbhd({"--data", data, "plan", "gating", "--save", "--phase", "2", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(json::parse(r.out)["saved_item_ids"].size(), 4u);
    auto items = run_nbhd({"--data", data, "plan", "items", "--json"});
    ASSERT_EQ(items.exit_code, 0) << items.err;
    int fences = 0, gates = 0;
    for (const auto& it : json::parse(items.out)) {
        EXPECT_EQ(it["project"], "xingzheng-south");
        EXPECT_EQ(it["phase"], 2);
        if (it["kind"] == "fence") {
            ++fences;
            EXPECT_NEAR(it["length_m"].get<double>(), 1283, 1e-6);
        }
        if (it["kind"] == "gate") {
            ++gates;
            EXPECT_EQ(it["params"]["gate_type"], "vehicle");
            EXPECT_GT(it["params"]["width_m"].get<double>(), 4);
        }
    }
    EXPECT_EQ(fences, 1);
    EXPECT_EQ(gates, 3);
    auto again = run_nbhd({"--data", data, "plan", "gating", "--save"});
    EXPECT_EQ(again.exit_code, 2) << again.err;
    EXPECT_NE(again.err.find("already has fence item"), std::string::npos) << again.err;
}
