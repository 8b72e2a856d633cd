// The gas panel: its model against `nbhd gas isolate --json`, and, under a display, the trace and the
// pipe themes on the map of `nbhd view` (pixels predicted from the camera math and the style tables).

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "app/view/core/camera.hpp"
#include "app/view/core/gas_theme.hpp"
#include "app/view/core/gas_trace_model.hpp"
#include "gis/district/loader.hpp"
#include "gl_test_util.hpp"

using namespace gl_test;
using nbhd_test::run_nbhd;
using nlohmann::json;

namespace {

constexpr int kWidth = 1400, kHeight = 900;
constexpr double kPanelLeft = kWidth - 490;  // the gas panel covers the window's right edge

std::vector<std::int64_t> ids(const json& list, const char* key = nullptr) {
    std::vector<std::int64_t> out;
    for (const auto& v : list) out.push_back(key ? v.at(key).get<std::int64_t>() : v.get<std::int64_t>());
    return out;
}

json isolate_json(const std::string& data, std::int64_t segment) {
    auto r = run_nbhd({"--data", data, "gas", "isolate", "--segment", std::to_string(segment), "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out);
}

/// The longest straight piece of a pipe (between two vertices).
std::pair<gis::Point, gis::Point> longest_piece(const gis::LineString& l) {
    std::pair<gis::Point, gis::Point> best{l.front(), l.front()};
    double best_len = -1;
    for (std::size_t i = 1; i < l.size(); ++i) {
        const double len = std::hypot(l[i].x - l[i - 1].x, l[i].y - l[i - 1].y);
        if (len > best_len) {
            best_len = len;
            best = {l[i - 1], l[i]};
        }
    }
    return best;
}

gis::Point along(const std::pair<gis::Point, gis::Point>& piece, double t) {
    return {piece.first.x + t * (piece.second.x - piece.first.x), piece.first.y + t * (piece.second.y - piece.first.y)};
}

struct Pipes {
    gis::io::LayerInfo info;
    std::vector<gis::io::Feature> features;
    const gis::io::Feature* by_fid(std::int64_t fid) const {
        for (const auto& f : features)
            if (f.fid == fid) return &f;
        return nullptr;
    }
};

Pipes read_pipes(const std::string& data) {
    auto ds = gis::io::Dataset::open(data);
    EXPECT_TRUE(ds.ok());
    auto l = ds->read_layer("gas_pipes");
    EXPECT_TRUE(l.ok());
    return {l->info, std::move(l->features)};
}

/// A view of the window's size that shows `box` in the part of the window left of the gas panel.
gis::BBox view_for(const gis::BBox& box) {
    const double s = std::max(box.width() / (0.6 * kWidth), box.height() / (0.75 * kHeight));
    const double minx = box.minx - 0.08 * kWidth * s, cy = box.center().y;
    return {minx, cy - 0.5 * kHeight * s, minx + kWidth * s, cy + 0.5 * kHeight * s};
}

std::string bbox_arg(const gis::BBox& b) {
    char text[160];
    std::snprintf(text, sizeof text, "%.3f,%.3f,%.3f,%.3f", b.minx, b.miny, b.maxx, b.maxy);
    return text;
}

/// How many of the sample points along the piece have (within `tolerance`) the colour `want`.
int matching(const Image& img, const app::view::Camera& cam, const std::pair<gis::Point, gis::Point>& piece,
             const Rgb& want, int tolerance, std::string* seen = nullptr) {
    int n = 0;
    for (int i = 0; i < 9; ++i) {
        const gis::Point p = cam.world_to_screen(along(piece, 0.2 + 0.075 * i));
        EXPECT_LT(p.x, kPanelLeft);
        EXPECT_GT(p.x, 0);
        EXPECT_GT(p.y, 30);
        EXPECT_LT(p.y, kHeight - 40);
        const Rgb c = img.at(p.x, p.y);
        if (seen) *seen += str(c) + " ";
        if (distance(c, want) <= tolerance) ++n;
    }
    return n;
}

}  // namespace

// Needs no display: the panel's model and the command line agree on every figure of a trace.
TEST(GasViewModel, AgreesWithGasIsolate) {
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = district_copy(dir);
    auto d = gis::district::load(data);
    ASSERT_TRUE(d.ok()) << d.error().message;
    const auto model = app::view::GasTraceModel::build(std::move(d.value()));
    for (std::int64_t segment : {5, 60, 120, 150, 200}) {
        SCOPED_TRACE(segment);
        const json j = isolate_json(data, segment);
        auto r = model->trace(segment);
        ASSERT_TRUE(r.ok());
        const auto& t = r.value();
        std::vector<std::int64_t> close, closed, skipped;
        for (const auto& v : t.valves) {
            (v.role == app::view::GasTraceValve::Role::Close           ? close
             : v.role == app::view::GasTraceValve::Role::AlreadyClosed ? closed
                                                                       : skipped)
                .push_back(v.id);
            const json* src = nullptr;
            for (const char* list : {"valves", "valves_already_closed", "valves_skipped"})
                for (const auto& jv : j.at(list))
                    if (jv.at("id").get<std::int64_t>() == v.id) src = &jv;
            ASSERT_NE(src, nullptr) << v.id;
            EXPECT_DOUBLE_EQ(v.location.x, src->at("x").get<double>());
            EXPECT_DOUBLE_EQ(v.location.y, src->at("y").get<double>());
            EXPECT_EQ(v.state, src->at("state").get<std::string>());
            EXPECT_EQ(v.operable, src->at("operable").get<bool>());
        }
        EXPECT_EQ(close, ids(j.at("valves"), "id"));
        EXPECT_EQ(closed, ids(j.at("valves_already_closed"), "id"));
        EXPECT_EQ(skipped, ids(j.at("valves_skipped"), "id"));
        EXPECT_EQ(t.trace.pipes_without_supply, ids(j.at("segments")));
        EXPECT_EQ(t.trace.sources_to_shut, ids(j.at("stations_to_shut")));
        EXPECT_EQ(t.impact.entrances, ids(j.at("entrances")));
        EXPECT_EQ(t.impact.households.size(), j.at("households").get<std::size_t>());
        EXPECT_EQ(t.impact.shops.size(), j.at("shops").get<std::size_t>());
        // The building table: the same buildings, and household counts that add up to the list.
        std::set<std::int64_t> table, cli;
        int households = 0;
        for (const auto& b : t.buildings) {
            table.insert(b.fid);
            households += b.households;
        }
        for (const auto& b : j.at("buildings")) cli.insert(b.at("fid").get<std::int64_t>());
        EXPECT_EQ(table, cli);
        EXPECT_EQ(households, static_cast<int>(j.at("household_list").size()));
        // Each building's count is the number of listed households whose address names it.
        for (const auto& b : t.buildings) {
            if (b.number == 0) continue;
            int listed = 0;
            const std::string prefix = std::to_string(b.number) + "-";
            for (const auto& h : j.at("household_list"))
                if (h.at("address").get<std::string>().rfind(prefix, 0) == 0) ++listed;
            EXPECT_EQ(b.households, listed) << "building " << b.number;
        }
    }
}

TEST(GasView, TraceColoursTheCutOffSegmentsAndTheValvesToClose) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = district_copy(dir);
    const std::int64_t segment = 150;
    const json j = isolate_json(data, segment);
    const auto cut = ids(j.at("segments"));
    ASSERT_FALSE(cut.empty());
    const std::set<std::int64_t> cut_set(cut.begin(), cut.end());
    const Pipes pipes = read_pipes(data);
    const int kind = pipes.info.field_index("kind");

    // The longest cut-off main, and the nearest main that keeps its gas.
    const gis::io::Feature* in = nullptr;
    // (not the traced segment itself, which wears the segment colour)
    for (auto id : cut) {
        const auto* f = pipes.by_fid(id);
        if (id == segment || !f || gis::io::to_display(f->values[kind]) != "main") continue;
        if (!in || gis::length_of(f->geometry.lines[0]) > gis::length_of(in->geometry.lines[0])) in = f;
    }
    ASSERT_NE(in, nullptr);
    const auto in_piece = longest_piece(in->geometry.lines[0]);
    const gis::Point in_mid = along(in_piece, 0.5);
    const gis::io::Feature* out = nullptr;
    double best = 1e18;
    for (const auto& f : pipes.features) {
        if (cut_set.count(f.fid) || gis::io::to_display(f.values[kind]) != "main") continue;
        const auto piece = longest_piece(f.geometry.lines[0]);
        if (std::hypot(piece.second.x - piece.first.x, piece.second.y - piece.first.y) < 25) continue;
        const gis::Point m = along(piece, 0.5);
        const double dist = std::hypot(m.x - in_mid.x, m.y - in_mid.y);
        if (dist < best) {
            best = dist;
            out = &f;
        }
    }
    ASSERT_NE(out, nullptr);
    const auto out_piece = longest_piece(out->geometry.lines[0]);
    const auto valves = j.at("valves");
    ASSERT_EQ(valves.size(), 1u);
    const gis::Point valve{valves[0].at("x").get<double>(), valves[0].at("y").get<double>()};

    gis::BBox box;
    for (const auto& p : {in_piece.first, in_piece.second, out_piece.first, out_piece.second, valve}) box.expand(p);
    box = {box.minx - 20, box.miny - 20, box.maxx + 20, box.maxy + 20};
    const gis::BBox view = view_for(box);
    const std::string shot = dir + "/trace.png";
    auto r = run_nbhd({"--data", data, "--lang", "zh", "view", "--size",
                       std::to_string(kWidth) + "x" + std::to_string(kHeight), "--bbox", bbox_arg(view),
                       "--panels", "none", "--panel-set", "gas.segment=" + std::to_string(segment),
                       "--cursor", "1,1", "--screenshot", shot, "--frames", "3"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const Image img = load_png(shot);
    ASSERT_TRUE(img.ok());
    ASSERT_EQ(img.width, kWidth);
    app::view::Camera cam(kWidth, kHeight);
    cam.fit(view, 0);

    const Rgb trace = rgb(app::view::gas_trace_pipe_colour());
    std::string seen;
    EXPECT_GE(matching(img, cam, in_piece, trace, 24, &seen), 7) << "cut-off pipe " << in->fid << ": " << seen;
    seen.clear();
    EXPECT_EQ(matching(img, cam, out_piece, trace, 60, &seen), 0) << "pipe " << out->fid << ": " << seen;
    // The pipe outside the trace keeps its network colour.
    const auto network = app::view::gas_pipe_style(app::view::GasTheme::Network);
    const Rgb own = rgb(network.styles[static_cast<std::size_t>(network.bind(pipes.info).style_of(*out))].stroke);
    seen.clear();
    EXPECT_GE(matching(img, cam, out_piece, own, 24, &seen), 7) << "pipe " << out->fid << ": " << seen;

    // The valve to close wears a ring of the valve colour.
    const gis::Point v = cam.world_to_screen(valve);
    const Rgb ring = rgb(app::view::gas_trace_valve_colour());
    int ring_pixels = 0;
    for (int dy = -16; dy <= 16; ++dy)
        for (int dx = -16; dx <= 16; ++dx)
            if (distance(img.at(v.x + dx, v.y + dy), ring) <= 30) ++ring_pixels;
    EXPECT_GE(ring_pixels, 20) << "valve at " << v.x << "," << v.y;
}

TEST(GasView, AThemeChangesThePipeColours) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = district_copy(dir);
    const Pipes pipes = read_pipes(data);
    // A long steel main: amber in the network look, steel blue by material, ochre by age (1990s).
    const int material = pipes.info.field_index("material"), kind = pipes.info.field_index("kind");
    const gis::io::Feature* steel = nullptr;
    double best = 0;
    for (const auto& f : pipes.features) {
        if (gis::io::to_display(f.values[material]) != "steel" || gis::io::to_display(f.values[kind]) != "main")
            continue;
        const auto piece = longest_piece(f.geometry.lines[0]);
        const double len = std::hypot(piece.second.x - piece.first.x, piece.second.y - piece.first.y);
        if (len > best) {
            best = len;
            steel = &f;
        }
    }
    ASSERT_NE(steel, nullptr);
    const auto piece = longest_piece(steel->geometry.lines[0]);
    gis::BBox box;
    box.expand(piece.first);
    box.expand(piece.second);
    box = {box.minx - 30, box.miny - 30, box.maxx + 30, box.maxy + 30};
    const gis::BBox view = view_for(box);
    app::view::Camera cam(kWidth, kHeight);
    cam.fit(view, 0);

    for (auto theme : {app::view::GasTheme::Network, app::view::GasTheme::Material, app::view::GasTheme::Age}) {
        const std::string name = app::view::gas_theme_name(theme);
        SCOPED_TRACE(name);
        const std::string shot = dir + "/theme-" + name + ".png";
        auto r = run_nbhd({"--data", data, "--lang", "en", "view", "--size",
                           std::to_string(kWidth) + "x" + std::to_string(kHeight), "--bbox", bbox_arg(view),
                           "--panels", "none", "--panel-set", "gas.theme=" + name, "--panel-set", "gas.trace=off",
                           "--cursor", "1,1", "--screenshot", shot, "--frames", "3"});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        const Image img = load_png(shot);
        ASSERT_TRUE(img.ok());
        const auto style = app::view::gas_pipe_style(theme);
        const int cls = style.bind(pipes.info).style_of(*steel);
        const Rgb want = rgb(style.styles[static_cast<std::size_t>(cls)].stroke);
        std::string seen;
        EXPECT_GE(matching(img, cam, piece, want, 24, &seen), 7) << "expected " << str(want) << ": " << seen;
        // ... and not the colour of the other themes.
        for (auto other : {app::view::GasTheme::Network, app::view::GasTheme::Material, app::view::GasTheme::Age}) {
            if (other == theme) continue;
            const auto os = app::view::gas_pipe_style(other);
            const Rgb not_want = rgb(os.styles[static_cast<std::size_t>(os.bind(pipes.info).style_of(*steel))].stroke);
            EXPECT_EQ(matching(img, cam, piece, not_want, 12), 0) << app::view::gas_theme_name(other);
        }
    }
}

TEST(GasView, ABadSettingFailsTheRun) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = district_copy(dir);
    for (const std::string setting : {"gas.theme=colour", "gas.segment=987654", "gas.segment=abc", "gas.colour=red"}) {
        auto r = run_nbhd({"--data", data, "view", "--size", "800x600", "--panels", "none", "--panel-set", setting,
                           "--screenshot", dir + "/bad.png", "--frames", "2"});
        EXPECT_NE(r.exit_code, 0) << setting;
        EXPECT_NE(r.err.find("gas"), std::string::npos) << setting << ": " << r.err;
    }
}
