// nbhd gas check | isolate and nbhd plan pipeline, run as a user would.

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>

#include "gis/district/loader.hpp"
#include "gis/io/editor.hpp"
#include "gis/privacy/privacy.hpp"
#include "run_command.hpp"

using nbhd_test::run_nbhd;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

/// A private copy of the shipped data set (commands that write must never touch the asset).
std::string copy_of_asset() {
    auto dir = nbhd_test::temp_dir();
    auto path = dir + "/chonghua.gpkg";
    fs::copy_file(NBHD_ASSET_FILE, path);
    return path;
}

json run_json(const std::vector<std::string>& args, int expected_exit = 0) {
    auto r = run_nbhd(args);
    EXPECT_EQ(r.exit_code, expected_exit) << r.err;
    auto j = json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.out;
    return j;
}

const gis::district::District& shipped() {
    static const gis::district::District d = [] {
        auto r = gis::district::load(NBHD_ASSET_FILE);
        EXPECT_TRUE(r.ok());
        return r.ok() ? std::move(r.value()) : gis::district::District{};
    }();
    return d;
}

/// The first main inside the compound whose isolation cuts off households: the compound's first row
/// branch west of the trunk.
std::int64_t compound_branch() {
    for (const auto& p : shipped().gas_pipes)
        if (p.in_compound && p.kind == "main" && p.diameter_mm == 75) return p.fid;
    return -1;
}

}  // namespace

TEST(GasCheckCommand, RemovedPipeGivesDanglesAndBuildingsWithoutService) {
    auto path = copy_of_asset();
    // Remove the service pipe of one entrance and a stretch of main in the middle of a branch.
    std::int64_t service = -1, main = -1;
    for (const auto& p : shipped().gas_pipes) {
        if (service < 0 && p.kind == "service" && p.building_number > 0) service = p.fid;
        if (main < 0 && p.kind == "main" && p.diameter_mm == 63) main = p.fid;
    }
    {
        auto ed = gis::io::Editor::open(path);
        ASSERT_TRUE(ed.ok());
        ASSERT_TRUE(ed->remove("gas_pipes", service).ok());
        ASSERT_TRUE(ed->remove("gas_pipes", main).ok());
        ASSERT_TRUE(ed->commit().ok());
    }
    auto j = run_json({"--data", path, "gas", "check", "--json"}, 9);
    EXPECT_EQ(j["clean"], false);
    EXPECT_GE(j["problem_counts"]["dangle"].get<int>(), 1);
    EXPECT_GE(j["problem_counts"]["disconnected_part"].get<int>(), 1);
    EXPECT_GE(j["problem_counts"].value("entrance_without_service", 0) +
                  j["problem_counts"].value("building_without_service", 0),
              1);
}

TEST(GasIsolateCommand, JsonListsValvesSegmentsAndWhoLosesGas) {
    const auto seg = compound_branch();
    ASSERT_GT(seg, 0);
    auto j =
        run_json({"--data", NBHD_ASSET_FILE, "gas", "isolate", "--segment", std::to_string(seg), "--json"});
    ASSERT_TRUE(j["valves"].is_array());
    ASSERT_FALSE(j["valves"].empty());
    for (const auto& v : j["valves"]) {
        for (const char* k : {"id", "x", "y", "state", "operable"}) EXPECT_TRUE(v.contains(k)) << k;
        EXPECT_EQ(v["state"], "open");
        EXPECT_EQ(v["operable"], true);
    }
    ASSERT_TRUE(j["segments"].is_array());
    EXPECT_NE(std::find(j["segments"].begin(), j["segments"].end(), seg), j["segments"].end());
    EXPECT_GT(j["households"].get<int>(), 0);
    EXPECT_EQ(j["household_list"].size(), j["households"].get<std::size_t>());
    EXPECT_FALSE(j["buildings"].empty());
    EXPECT_TRUE(j["shops"].is_number());
    // Masked: no full 11-digit phone number anywhere in the output.
    EXPECT_FALSE(std::regex_search(j.dump(), std::regex("[0-9]{11}")));
}

TEST(GasIsolateCommand, AtPointPicksTheNearestSegment) {
    const auto seg = compound_branch();
    const gis::district::GasPipe* pipe = nullptr;
    for (const auto& p : shipped().gas_pipes)
        if (p.fid == seg) pipe = &p;
    ASSERT_NE(pipe, nullptr);
    const auto a = pipe->line.front(), b = pipe->line.back();
    const std::string at = std::to_string((a.x + b.x) / 2) + "," + std::to_string((a.y + b.y) / 2 + 0.3);
    auto j = run_json({"--data", NBHD_ASSET_FILE, "gas", "isolate", "--at", at, "--json"});
    EXPECT_EQ(j["segment"], seg);
}

TEST(GasIsolateCommand, BadInputGivesClearErrors) {
    auto unknown = run_nbhd({"--data", NBHD_ASSET_FILE, "gas", "isolate", "--segment", "999999"});
    EXPECT_EQ(unknown.exit_code, 3);
    EXPECT_NE(unknown.err.find("999999"), std::string::npos);
    auto far = run_nbhd({"--data", NBHD_ASSET_FILE, "gas", "isolate", "--at", "520000,3390000"});
    EXPECT_EQ(far.exit_code, 3);
    EXPECT_NE(far.err.find("no gas pipe within"), std::string::npos);
    // Degrees where the data is in metres are named as such.
    auto degrees = run_nbhd({"--data", NBHD_ASSET_FILE, "gas", "isolate", "--at", "112.2,30.3"});
    EXPECT_EQ(degrees.exit_code, 6) << degrees.err;
    EXPECT_NE(degrees.err.find("longitude/latitude"), std::string::npos) << degrees.err;
    for (const char* bad : {"12", "a,b", "1,2,3", "1e999,5"}) {
        auto r = run_nbhd({"--data", NBHD_ASSET_FILE, "gas", "isolate", "--at", bad});
        EXPECT_EQ(r.exit_code, 2) << bad;
        EXPECT_NE(r.err.find("X,Y"), std::string::npos) << r.err;
    }
    EXPECT_NE(run_nbhd({"--data", NBHD_ASSET_FILE, "gas", "isolate"}).exit_code, 0);
    EXPECT_NE(
        run_nbhd({"--data", NBHD_ASSET_FILE, "gas", "isolate", "--segment", "1", "--at", "1,2"}).exit_code,
        0);
    EXPECT_NE(
        run_nbhd({"--data", NBHD_ASSET_FILE, "gas", "isolate", "--segment", "1", "--include-personal-data"})
            .exit_code,
        0);
}

TEST(GasIsolateCommand, NotificationListIsMaskedByDefaultAndAuditedWhenNot) {
    const auto path = copy_of_asset();
    const auto dir = fs::path(path).parent_path();
    const auto seg = std::to_string(compound_branch());
    const auto audits_before = gis::privacy::read_audit(path).value().size();

    const auto masked = (dir / "notices.csv").string();
    auto r = run_nbhd({"--data", path, "gas", "isolate", "--segment", seg, "--out", masked});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto text = nbhd_test::slurp(masked);
    EXPECT_NE(text.find("household_no"), std::string::npos);
    EXPECT_NE(text.find("****"), std::string::npos);
    EXPECT_FALSE(std::regex_search(text, std::regex("[0-9]{11}")));
    EXPECT_EQ(gis::privacy::read_audit(path).value().size(), audits_before);

    const auto open = (dir / "notices-personal.xlsx").string();
    r = run_nbhd(
        {"--data", path, "gas", "isolate", "--segment", seg, "--out", open, "--include-personal-data"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(nbhd_test::slurp(open).substr(0, 2), "PK");  // an XLSX (zip) file
    auto audit = gis::privacy::read_audit(path).value();
    ASSERT_EQ(audit.size(), audits_before + 1);
    EXPECT_EQ(audit.back().action, "export");
    EXPECT_GT(audit.back().count, 0);
    // No temporary files are left behind.
    for (const auto& e : fs::directory_iterator(dir))
        EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos) << e.path();

    // A wrong extension writes nothing.
    auto bad =
        run_nbhd({"--data", path, "gas", "isolate", "--segment", seg, "--out", (dir / "n.txt").string()});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_FALSE(fs::exists(dir / "n.txt"));

    // An existing list is never replaced without --force.
    const std::string earlier = nbhd_test::slurp(masked);
    auto again = run_nbhd(
        {"--data", path, "gas", "isolate", "--segment", seg, "--out", masked, "--include-personal-data"});
    EXPECT_EQ(again.exit_code, 2);
    EXPECT_NE(again.err.find("--force"), std::string::npos) << again.err;
    EXPECT_EQ(nbhd_test::slurp(masked), earlier);
    EXPECT_EQ(gis::privacy::read_audit(path).value().size(), audits_before + 1);  // nothing revealed
    auto forced = run_nbhd({"--data", path, "gas", "isolate", "--segment", seg, "--out", masked, "--force"});
    EXPECT_EQ(forced.exit_code, 0) << forced.err;
}

TEST(PlanPipelineCommand, CompoundScopeIsOver500mAndEqualsTheRenewalPipes) {
    double sum = 0;
    for (const auto& p : shipped().gas_pipes)
        if (p.in_compound && p.status == "renewal") {
            for (std::size_t i = 0; i + 1 < p.line.size(); ++i)
                sum += std::hypot(p.line[i + 1].x - p.line[i].x, p.line[i + 1].y - p.line[i].y);
        }
    auto j = run_json({"--data", NBHD_ASSET_FILE, "plan", "pipeline", "--scope", "compound", "--json"});
    EXPECT_GT(j["length_m"].get<double>(), 500);
    EXPECT_NEAR(j["length_m"].get<double>(), sum, 1e-6);
    EXPECT_GT(j["cost_cny"].get<double>(), 0);
    EXPECT_FALSE(j["by_diameter"].empty());
    double by_d = 0;
    for (const auto& t : j["by_diameter"]) by_d += t["length_m"].get<double>();
    EXPECT_NEAR(by_d, sum, 1e-6);
    EXPECT_TRUE(j["clearance_violations"].is_array());
    EXPECT_TRUE(j["valves_covered"].is_array());
    EXPECT_GT(j["households_interrupted"].get<int>(), 0);
    EXPECT_FALSE(j["valves_to_close"].empty());
}

TEST(PlanPipelineCommand, ChosenSegmentsAreReplacedInPlace) {
    const auto& pipes = shipped().gas_pipes;
    ASSERT_GE(pipes.size(), 3u);
    const double want = gis::length_of(pipes[1].line) + gis::length_of(pipes[2].line);
    auto j = run_json({"--data", NBHD_ASSET_FILE, "plan", "pipeline", "--segments",
                       std::to_string(pipes[1].fid) + "," + std::to_string(pipes[2].fid), "--json"});
    EXPECT_NEAR(j["length_m"].get<double>(), want, 1e-6);
    EXPECT_EQ(j["pipes"], json::array({pipes[1].fid, pipes[2].fid}));
    auto unknown = run_nbhd({"--data", NBHD_ASSET_FILE, "plan", "pipeline", "--segments", "1,999999"});
    EXPECT_EQ(unknown.exit_code, 3);
    EXPECT_NE(unknown.err.find("999999"), std::string::npos);
}

TEST(PlanPipelineCommand, AutoRouteAndDrawnRoute) {
    // Along the compound's first row lane, from its west part to the main lane.
    double x0 = 0, y0 = 0;
    for (const auto& s : shipped().streets) {
        if (s.name_en == "Zhenxing Road") x0 = s.centreline.front().x;
        if (s.name_en == "Jianshe Road") y0 = s.centreline.front().y;
    }
    auto pt = [&](double x, double y) { return std::to_string(x0 + x) + "," + std::to_string(y0 + y); };
    auto j = run_json({"--data", NBHD_ASSET_FILE, "plan", "pipeline", "--from", pt(100, 62.5), "--to",
                       pt(220, 200), "--offset", "0", "--json"});
    EXPECT_NEAR(j["length_m"].get<double>(), 120 + 137.5, 1e-6);
    EXPECT_TRUE(j.contains("route_wkt"));
    EXPECT_EQ(j["households_interrupted"], 0);

    // A drawn route hugging a building's wall breaks the clearance.
    const auto* b = shipped().building_by_number(1);
    ASSERT_NE(b, nullptr);
    const auto box = gis::bbox_of(b->footprint);
    const std::string wkt = "LINESTRING (" + std::to_string(box.minx) + " " + std::to_string(box.miny - 0.4) +
                            ", " + std::to_string(box.maxx) + " " + std::to_string(box.miny - 0.4) + ")";
    auto w = run_json(
        {"--data", NBHD_ASSET_FILE, "plan", "pipeline", "--wkt", wkt, "--pressure", "medium-a", "--json"});
    ASSERT_FALSE(w["clearance_violations"].empty());
    EXPECT_EQ(w["clearance_violations"][0]["building_fid"], b->fid);
    EXPECT_NEAR(w["clearance_violations"][0]["distance_m"].get<double>(), 0.4, 1e-6);
    EXPECT_DOUBLE_EQ(w["clearance_violations"][0]["required_m"].get<double>(), 1.5);
}

TEST(PlanPipelineCommand, BadInputGivesClearErrors) {
    const std::vector<std::vector<std::string>> cases = {
        {"--wkt", "LINESTRING (0 0, 10"},
        {"--wkt", "POINT (1 1)"},
        {"--scope", "compound", "--pressure", "high"},
        {"--scope", "everywhere"},
        {"--scope", "compound", "--material", "copper"},
        {"--from", "1,2"},
        {"--from", "x,2", "--to", "3,4"},
        {"--scope", "compound", "--unit-price", "pe=3"},
        {"--scope", "compound", "--segments", "1,2"},
        {},
    };
    for (const auto& c : cases) {
        std::vector<std::string> args = {"--data", NBHD_ASSET_FILE, "plan", "pipeline"};
        args.insert(args.end(), c.begin(), c.end());
        auto r = run_nbhd(args);
        EXPECT_EQ(r.exit_code, 2) << json(c).dump() << r.err;
        EXPECT_NE(r.err.find("nbhd: "), std::string::npos) << r.err;
    }
}
