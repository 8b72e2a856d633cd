// The "who is affected" panel in nbhd view, scripted: an area drawn in the viewer lists exactly the
// households `nbhd households within` gives for it, exported masked; its buildings are highlighted and the
// map around them stays as it was; presentation mode reveals nothing.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include "app/view/core/camera.hpp"
#include "app/view/core/style.hpp"
#include "gis/privacy/privacy.hpp"
#include "gl_test_util.hpp"

using namespace gl_test;
using app::view::Camera;
using nbhd_test::run_nbhd;

namespace {

constexpr int kW = 1600, kH = 1000;
/// The map's free part of the window with the panel open in the default layout: below the menu bar (22),
/// left of the right dock (440), above the status bar (26), with a little room at the edges.
const gis::BBox kFree{10, 40, kW - 450.0, kH - 40.0};
// Buildings around 11 and 12 (the area's south-west quarter) and the street between them.
constexpr const char* kArea =
    "POLYGON((530200 3400080,530420 3400080,530420 3400220,530200 3400220,530200 3400080))";
const gis::BBox kAreaBox{530200, 3400080, 530420, 3400220};

std::string bbox_arg(const gis::BBox& b) {
    char box[200];
    std::snprintf(box, sizeof box, "%.4f,%.4f,%.4f,%.4f", b.minx, b.miny, b.maxx, b.maxy);
    return box;
}

/// The rows of a CSV written by the households export (UTF-8 byte-order mark, no quoted commas in the
/// household numbers): the first column of each row after the header.
struct Csv {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> out;
    std::string cell;
    bool quoted = false;
    for (char c : line) {
        if (c == '"') {
            quoted = !quoted;
        } else if (c == ',' && !quoted) {
            out.push_back(cell);
            cell.clear();
        } else if (c != '\r') {
            cell += c;
        }
    }
    out.push_back(cell);
    return out;
}

Csv read_csv(const std::string& path) {
    Csv csv;
    std::string text = nbhd_test::slurp(path);
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line == "\r") continue;
        if (csv.header.empty())
            csv.header = split(line);
        else
            csv.rows.push_back(split(line));
    }
    return csv;
}

std::set<std::string> column(const Csv& csv, const std::string& name) {
    std::set<std::string> out;
    const auto it = std::find(csv.header.begin(), csv.header.end(), name);
    if (it == csv.header.end()) return out;
    const auto i = static_cast<std::size_t>(it - csv.header.begin());
    for (const auto& r : csv.rows)
        if (i < r.size()) out.insert(r[i]);
    return out;
}

/// Household numbers and heads' names of `households within --wkt` on the data set.
std::set<std::string> within_numbers(const std::string& data, const std::string& wkt) {
    auto r = run_nbhd({"--data", data, "households", "within", "--wkt", wkt, "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::set<std::string> out;
    if (r.exit_code != 0) return out;
    const auto j = nlohmann::json::parse(r.out);
    for (const auto& h : j["households"]) out.insert(h["id"].get<std::string>());
    EXPECT_EQ(out.size(), j["household_count"].get<std::size_t>());
    return out;
}

std::set<std::string> head_names(const std::string& data) {
    std::set<std::string> out;
    auto ds = gis::io::Dataset::open(data);
    if (!ds) return out;
    auto hh = ds->read_layer("households");
    if (!hh) return out;
    const int name = hh->info.field_index("head_name");
    for (const auto& f : hh->features)
        out.insert(gis::io::to_display(f.values[static_cast<std::size_t>(name)]));
    return out;
}

TEST(AffectedView, DrawnAreaListsTheHouseholdsOfHouseholdsWithin) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = district_copy(dir);
    const std::set<std::string> expected = within_numbers(data, kArea);
    ASSERT_GT(expected.size(), 20u);

    const std::string shot = dir + "/affected.png", out = dir + "/out.csv";
    const gis::BBox view = kAreaBox.grown(120);
    auto r = run_nbhd({"--data",
                       data,
                       "--lang",
                       "zh",
                       "view",
                       "--size",
                       std::to_string(kW) + "x" + std::to_string(kH),
                       "--bbox",
                       bbox_arg(view),
                       "--panels",
                       "affected",
                       "--panel-set",
                       std::string("affected.wkt=") + kArea,
                       "--panel-set",
                       "affected.export=" + out,
                       "--screenshot",
                       shot,
                       "--frames",
                       "4",
                       "--cursor",
                       "1590,995"});  // the pointer on the status bar: no tooltip
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;

    // The export lists exactly the households of `households within`, masked.
    const Csv csv = read_csv(out);
    ASSERT_FALSE(csv.header.empty());
    EXPECT_EQ(csv.header.front(), "户号");
    EXPECT_EQ(csv.rows.size(), expected.size());
    EXPECT_EQ(column(csv, "户号"), expected);
    const auto names = head_names(data);
    for (const auto& shown : column(csv, "户主"))
        EXPECT_EQ(names.count(shown), 0u) << shown << " is not masked";
    EXPECT_TRUE(column(csv, "低保").empty()) << "低保 is personal data";
    // Nothing was revealed, so nothing was audited; no temporary file is left beside the export.
    auto audit = gis::privacy::read_audit(data);
    ASSERT_TRUE(audit) << audit.error().message;
    EXPECT_TRUE(audit->empty());
    int files = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        files += e.path().filename() != "district.gpkg";
    EXPECT_EQ(files, 2) << "out.csv and the screenshot only";

    // On the map: building 12 (inside the area) highlighted, a building far outside left alone.
    const Image img = load_png(shot);
    ASSERT_TRUE(img.ok());
    ASSERT_EQ(img.width, kW);
    Camera cam(kW, kH);
    cam.fit(view, 0);
    auto b12 = find(data, "buildings", "number", "12");
    ASSERT_TRUE(b12.has_value());
    const auto style = *app::view::district_layer_style("buildings");
    auto fill_of = [&](const std::pair<gis::io::LayerInfo, gis::io::Feature>& b) {
        return rgb(style.styles[static_cast<std::size_t>(style.bind(b.first).style_of(b.second))].fill);
    };
    const gis::BBox bb = b12->second.geometry.bbox();
    const gis::Point p = cam.world_to_screen({bb.minx + 0.8 * bb.width(), bb.miny + 0.5 * bb.height()});
    ASSERT_TRUE(kFree.contains(p)) << p.x << "," << p.y << " must lie in the map's free area";
    const Rgb plain = fill_of(*b12), got = img.at(p.x, p.y);
    const Rgb want = over(app::view::Colour::hex(0xe8590c, 0.3f), plain);
    EXPECT_LE(distance(got, want), 8) << str(got) << " expected " << str(want) << " plain " << str(plain);

    int outside_checked = 0;
    auto ds = gis::io::Dataset::open(data);
    ASSERT_TRUE(ds);
    auto buildings = ds->read_layer("buildings");
    ASSERT_TRUE(buildings);
    for (const auto& f : buildings->features) {
        const gis::BBox fb = f.geometry.bbox();
        if (fb.intersects(kAreaBox.grown(5))) continue;
        // Left of the number label in the middle.
        const gis::Point q = cam.world_to_screen({fb.minx + 0.2 * fb.width(), fb.miny + 0.5 * fb.height()});
        if (!kFree.contains(q)) continue;
        const Rgb plain_fill = fill_of({buildings->info, f});
        if (distance(img.at(q.x, q.y), plain_fill) <= 6)
            ++outside_checked;
        else
            ADD_FAILURE() << "building fid " << f.fid << " outside the area: " << str(img.at(q.x, q.y))
                          << " expected " << str(plain_fill);
    }
    EXPECT_GE(outside_checked, 1);
}

TEST(AffectedView, PresentationModeRevealsNothing) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = district_copy(dir);
    const std::string out = dir + "/present.csv";
    // The query and a masked export work; a reveal is refused.
    auto ok = run_nbhd({"--data", data, "view", "--present", "--size", "800x600", "--panels", "affected",
                        "--panel-set", std::string("affected.wkt=") + kArea, "--panel-set",
                        "affected.export=" + out, "--screenshot", dir + "/present.png", "--frames", "2"});
    ASSERT_EQ(ok.exit_code, 0) << ok.err;
    const Csv csv = read_csv(out);
    EXPECT_EQ(column(csv, "户号"), within_numbers(data, kArea));
    const auto names = head_names(data);
    for (const auto& shown : column(csv, "户主"))
        EXPECT_EQ(names.count(shown), 0u) << shown << " is not masked";

    auto refused = run_nbhd({"--data", data, "view", "--present", "--size", "800x600", "--panels", "affected",
                             "--panel-set", std::string("affected.wkt=") + kArea, "--panel-set",
                             "affected.reveal=yes", "--screenshot", dir + "/present2.png", "--frames", "2"});
    EXPECT_NE(refused.exit_code, 0);
    EXPECT_LT(refused.exit_code, 64) << "crashed: " << refused.err;
    EXPECT_NE(refused.err.find("presentation"), std::string::npos) << refused.err;
    auto audit = gis::privacy::read_audit(data);
    ASSERT_TRUE(audit);
    EXPECT_TRUE(audit->empty());
}

TEST(AffectedView, ScriptedRevealIsAuditedAndBadSettingsFail) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = district_copy(dir);
    auto r = run_nbhd({"--data", data, "--lang", "en", "view", "--size", "1200x800", "--panels", "affected",
                       "--panel-set", "affected.distance=15", "--panel-set",
                       "affected.line=LINESTRING(530250 3400140,530380 3400140)", "--panel-set",
                       "affected.reveal=yes", "--screenshot", dir + "/line.png", "--frames", "2"});
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    auto audit = gis::privacy::read_audit(data);
    ASSERT_TRUE(audit) << audit.error().message;
    ASSERT_EQ(audit->size(), 1u);
    EXPECT_EQ(audit->front().action, "reveal");
    EXPECT_GT(audit->front().count, 0);

    for (const std::string& setting :
         {std::string("affected.wkt=POINT(530300 3400120)"),
          std::string(
              "affected.wkt=POLYGON((530080 3400110,530100 3400130,530100 3400110,530080 3400130,530080 "
              "3400110))"),
          std::string("affected.wkt=POLYGON((0 0,100 0,100 100,0 100,0 0))"),
          std::string("affected.distance=abc"), std::string("affected.buildings=9999"),
          std::string("affected.export=" + dir + "/early.csv"), std::string("affected.colour=red")}) {
        SCOPED_TRACE(setting.substr(0, 50));
        auto bad = run_nbhd({"--data", data, "view", "--size", "800x600", "--panels", "affected",
                             "--panel-set", setting, "--screenshot", dir + "/bad.png", "--frames", "2"});
        EXPECT_NE(bad.exit_code, 0);
        EXPECT_LT(bad.exit_code, 64) << "crashed: " << bad.err;
        EXPECT_FALSE(bad.err.empty());
    }
    EXPECT_FALSE(std::filesystem::exists(dir + "/early.csv"));
}

}  // namespace
