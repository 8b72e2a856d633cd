// Gas network benchmarks: isolation traces, street routing, clearance and covered-valve checks.
// NBHD_BENCH_CITY=/tmp/city.gpkg runs them on a city from `nbhd generate city --buildings 250000`;
// otherwise on the shipped district. Per-query latencies are reported as counters (median, p95, max).

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>

#include "gis/district/loader.hpp"
#include "gis/network/gas_district.hpp"
#include "gis/network/renewal.hpp"
#include "gis/network/street_graph.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace net = gis::network;

struct World {
    gis::district::District d;
    std::unique_ptr<net::DistrictGas> gas;
    std::unique_ptr<net::StreetGraph> streets;
    std::unique_ptr<net::ClearanceChecker> clearance;
    double load_s = 0, gas_build_s = 0, street_build_s = 0, clearance_build_s = 0;
};

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

World& world() {
    static World w = [] {
        World w;
        const char* city = std::getenv("NBHD_BENCH_CITY");
        const std::string path = city && *city ? city : NBHD_ASSET_FILE;
        auto t0 = Clock::now();
        auto d = gis::district::load(path);
        if (!d) {
            std::fprintf(stderr, "cannot load %s: %s\n", path.c_str(), d.error().message.c_str());
            std::exit(1);
        }
        w.d = std::move(d.value());
        w.load_s = seconds_since(t0);
        t0 = Clock::now();
        w.gas = std::make_unique<net::DistrictGas>(net::DistrictGas::build(w.d));
        w.gas_build_s = seconds_since(t0);
        t0 = Clock::now();
        w.streets = std::make_unique<net::StreetGraph>(net::StreetGraph::build(w.d));
        w.street_build_s = seconds_since(t0);
        t0 = Clock::now();
        std::vector<net::ClearanceChecker::Footprint> fp;
        fp.reserve(w.d.buildings.size());
        for (const auto& b : w.d.buildings) fp.push_back({b.fid, b.footprint});
        w.clearance = std::make_unique<net::ClearanceChecker>(std::move(fp));
        w.clearance_build_s = seconds_since(t0);
        std::fprintf(stderr,
                     "%s: %zu buildings, %zu households, %zu pipes, %zu valves, %zu streets\n"
                     "load %.1f s, gas network %.2f s, street graph %.2f s, clearance index %.2f s\n",
                     path.c_str(), w.d.buildings.size(), w.d.households.size(), w.d.gas_pipes.size(),
                     w.d.gas_valves.size(), w.d.streets.size(), w.load_s, w.gas_build_s, w.street_build_s,
                     w.clearance_build_s);
        return w;
    }();
    return w;
}

/// Runs `query(i)` once per iteration over a rotating set of inputs and reports latency percentiles.
template <class Query>
void timed(benchmark::State& state, std::size_t inputs, Query&& query) {
    std::vector<double> ms;
    std::size_t i = 0;
    for (auto _ : state) {
        const auto t0 = Clock::now();
        query(i++ % inputs);
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    if (ms.empty()) return;
    state.counters["median_ms"] = ms[ms.size() / 2];
    state.counters["p95_ms"] = ms[std::min(ms.size() - 1, ms.size() * 95 / 100)];
    state.counters["max_ms"] = ms.back();
}

void BM_IsolationTrace(benchmark::State& state) {
    auto& w = world();
    std::mt19937 rng(42);
    std::vector<std::int64_t> pipes;
    for (int k = 0; k < 1000; ++k) pipes.push_back(w.d.gas_pipes[rng() % w.d.gas_pipes.size()].fid);
    std::size_t households = 0;
    timed(state, pipes.size(), [&](std::size_t k) {
        auto t = w.gas->network.isolate(pipes[k]);
        auto impact = w.gas->impact.impact(t.value());
        households += impact.households.size();
        benchmark::DoNotOptimize(impact);
    });
    state.counters["households_per_trace"] =
        static_cast<double>(households) / static_cast<double>(std::max<std::int64_t>(1, state.iterations()));
}
BENCHMARK(BM_IsolationTrace)->Unit(benchmark::kMillisecond);

void BM_IsolationTraceAt(benchmark::State& state) {
    auto& w = world();
    std::mt19937 rng(7);
    std::vector<gis::Point> points;
    for (int k = 0; k < 1000; ++k) {
        const auto& p = w.d.gas_pipes[rng() % w.d.gas_pipes.size()];
        points.push_back(
            {(p.line.front().x + p.line.back().x) / 2 + 0.4, (p.line.front().y + p.line.back().y) / 2});
    }
    w.gas->network.nearest_pipe(points.front(), 25);  // builds the pipe index once, outside the timing
    timed(state, points.size(), [&](std::size_t k) {
        auto id = w.gas->network.nearest_pipe(points[k], 25);
        auto t = w.gas->network.isolate(*id);
        benchmark::DoNotOptimize(w.gas->impact.impact(t.value()));
    });
}
BENCHMARK(BM_IsolationTraceAt)->Unit(benchmark::kMillisecond);

/// Pairs of street midpoints in the same district (within 700 m of each other).
std::vector<std::pair<gis::Point, gis::Point>> route_pairs(const gis::district::District& d, int n) {
    std::mt19937 rng(11);
    std::vector<gis::Point> mids;
    for (const auto& s : d.streets)
        if (s.centreline.size() >= 2)
            mids.push_back({(s.centreline.front().x + s.centreline.back().x) / 2,
                            (s.centreline.front().y + s.centreline.back().y) / 2});
    std::vector<std::size_t> by_x(mids.size());
    for (std::size_t i = 0; i < by_x.size(); ++i) by_x[i] = i;
    std::sort(by_x.begin(), by_x.end(), [&](auto a, auto b) { return mids[a].x < mids[b].x; });
    std::vector<std::pair<gis::Point, gis::Point>> out;
    while (static_cast<int>(out.size()) < n) {
        const auto a = mids[rng() % mids.size()];
        auto lo = std::lower_bound(by_x.begin(), by_x.end(), a.x - 700,
                                   [&](auto i, double x) { return mids[i].x < x; });
        std::vector<gis::Point> near;
        for (auto it = lo; it != by_x.end() && mids[*it].x <= a.x + 700; ++it)
            if (std::abs(mids[*it].y - a.y) <= 700 && std::hypot(mids[*it].x - a.x, mids[*it].y - a.y) > 50)
                near.push_back(mids[*it]);
        if (!near.empty()) out.push_back({a, near[rng() % near.size()]});
    }
    return out;
}

void BM_ShortestPath(benchmark::State& state) {
    auto& w = world();
    const auto pairs = route_pairs(w.d, 500);
    timed(state, pairs.size(), [&](std::size_t k) {
        benchmark::DoNotOptimize(w.streets->shortest_path(pairs[k].first, pairs[k].second));
    });
}
BENCHMARK(BM_ShortestPath)->Unit(benchmark::kMillisecond);

void BM_AutoRouteWithClearance(benchmark::State& state) {
    auto& w = world();
    const auto pairs = route_pairs(w.d, 500);
    timed(state, pairs.size(), [&](std::size_t k) {
        auto r = net::auto_route(*w.streets, pairs[k].first, pairs[k].second, 1.5);
        if (r) benchmark::DoNotOptimize(w.clearance->check(r.value(), 0.7));
    });
}
BENCHMARK(BM_AutoRouteWithClearance)->Unit(benchmark::kMillisecond);

void BM_ClearanceWhileDrawing(benchmark::State& state) {
    auto& w = world();
    std::mt19937 rng(5);
    std::vector<gis::LineString> routes;
    for (int k = 0; k < 500; ++k) {
        const auto& b = w.d.buildings[rng() % w.d.buildings.size()];
        const auto box = gis::bbox_of(b.footprint);
        routes.push_back({{box.minx - 30, box.miny - 0.5},
                          {box.maxx + 30, box.miny - 0.5},
                          {box.maxx + 30, box.maxy + 40}});
    }
    timed(state, routes.size(),
          [&](std::size_t k) { benchmark::DoNotOptimize(w.clearance->check(routes[k], 1.0)); });
}
BENCHMARK(BM_ClearanceWhileDrawing)->Unit(benchmark::kMillisecond);

void BM_ValvesCoveredByPaving(benchmark::State& state) {
    auto& w = world();
    std::mt19937 rng(9);
    std::vector<gis::Geometry> areas;
    for (int k = 0; k < 500; ++k) {
        const auto& v = w.d.gas_valves[rng() % w.d.gas_valves.size()];
        areas.push_back(gis::Geometry::from(
            gis::rect(v.location.x - 20, v.location.y - 8, v.location.x + 20, v.location.y + 8)));
    }
    w.gas->network.valves_covered(areas.front());  // builds the valve index once, outside the timing
    timed(state, areas.size(),
          [&](std::size_t k) { benchmark::DoNotOptimize(w.gas->network.valves_covered(areas[k])); });
}
BENCHMARK(BM_ValvesCoveredByPaving)->Unit(benchmark::kMillisecond);

void BM_GasCheck(benchmark::State& state) {
    auto& w = world();
    for (auto _ : state) benchmark::DoNotOptimize(w.gas->network.check());
}
BENCHMARK(BM_GasCheck)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
