// Occupancy index: build time, exact look-ups, and name, pinyin and phone-tail queries.
//
//   nbhd generate city --buildings 250000 --out /tmp/city.gpkg      (about 5 million households)
//   NBHD_BENCH_CITY=/tmp/city.gpkg build/tests/bench/nbhd_bench_occupancy
//
// Without NBHD_BENCH_CITY the shipped district is used. Each query benchmark cycles through queries made
// from real records (random households' addresses, names, pinyin, phone tails) and reports the median
// of its repetitions.

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "gis/district/loader.hpp"
#include "gis/occupancy/index.hpp"
#include "gis/occupancy/pinyin.hpp"

using namespace gis::occupancy;

namespace {

std::shared_ptr<const gis::district::District> district() {
    static std::shared_ptr<const gis::district::District> d = [] {
        const char* city = std::getenv("NBHD_BENCH_CITY");
        std::string path = city && *city ? city : NBHD_ASSET_FILE;
        std::cerr << "loading " << path << " ...\n";
        auto loaded = gis::district::load(path);
        if (!loaded) {
            std::cerr << loaded.error().message << '\n';
            std::exit(1);
        }
        std::cerr << loaded->households.size() << " households\n";
        return std::make_shared<const gis::district::District>(std::move(loaded).value());
    }();
    return d;
}

const OccupancyIndex& index() {
    static OccupancyIndex ix = [] {
        auto built = OccupancyIndex::build(district());
        if (!built) {
            std::cerr << built.error().message << '\n';
            std::exit(1);
        }
        return std::move(built).value();
    }();
    return ix;
}

/// Query strings made from `count` random households (fixed seed).
struct Queries {
    std::vector<std::string> address, number, full_name, surname, given, pinyin_full, pinyin_initials,
        pinyin_mixed, phone4, phone6;
    std::vector<FlatRef> flats;
};

const Queries& queries() {
    static Queries q = [] {
        Queries out;
        const auto& hs = district()->households;
        std::mt19937_64 rng(20261125);
        auto tr = PinyinTranscriber::create();
        for (int i = 0; i < 1000; ++i) {
            const auto& h = hs[rng() % hs.size()];
            out.address.push_back(h.address);
            out.flats.push_back({h.building_number, h.entrance, h.floor, h.flat});
            out.number.push_back(h.household_no);
            out.full_name.push_back(h.head_name);
            std::string first = h.head_name.substr(0, 3), rest = h.head_name.substr(h.head_name.size() - 3);
            out.surname.push_back(first);
            out.given.push_back(rest);
            auto s = tr->syllables(h.head_name);
            std::string full, initials, mixed;
            for (std::size_t k = 0; k < s.size(); ++k) {
                full += s[k];
                initials += s[k][0];
                mixed += k == 0 ? s[k] + " " : s[k].substr(0, 1);
            }
            out.pinyin_full.push_back(full);
            out.pinyin_initials.push_back(initials);
            out.pinyin_mixed.push_back(mixed);
            out.phone4.push_back(h.phone.substr(h.phone.size() - 4));
            out.phone6.push_back(h.phone.substr(h.phone.size() - 6));
        }
        return out;
    }();
    return q;
}

void BM_IndexBuild(benchmark::State& state) {
    auto d = district();
    IndexStats stats;
    for (auto _ : state) {
        auto ix = OccupancyIndex::build(d);
        stats = ix->stats();
        benchmark::DoNotOptimize(ix);
    }
    state.counters["households"] = static_cast<double>(stats.households);
    state.counters["distinct_names"] = static_cast<double>(stats.distinct_names);
    state.counters["index_MB"] = static_cast<double>(stats.memory_bytes) / 1e6;
    state.counters["pinyin_s"] = stats.pinyin_seconds;
}

void BM_AddressLookup(benchmark::State& state) {
    const auto& ix = index();
    const auto& q = queries();
    std::size_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(ix.at(q.flats[i++ % q.flats.size()]));
}

void BM_NumberLookup(benchmark::State& state) {
    const auto& ix = index();
    const auto& q = queries();
    std::size_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(ix.find_number(q.number[i++ % q.number.size()]));
}

/// A whole search as typed (parse, look up, rank, page of 20).
void search(benchmark::State& state, const std::vector<std::string> Queries::*which) {
    const auto& ix = index();
    const auto& list = queries().*which;
    std::size_t i = 0, results = 0;
    for (auto _ : state) {
        auto page = ix.search(list[i++ % list.size()], {20, 0, false});
        results += page.ok() ? page->total : 0;
        benchmark::DoNotOptimize(page);
    }
    state.counters["matches_per_query"] =
        static_cast<double>(results) / static_cast<double>(state.iterations());
}

void BM_SearchAddress(benchmark::State& s) { search(s, &Queries::address); }
void BM_SearchNumber(benchmark::State& s) { search(s, &Queries::number); }
void BM_SearchFullName(benchmark::State& s) { search(s, &Queries::full_name); }
void BM_SearchSurname(benchmark::State& s) { search(s, &Queries::surname); }
void BM_SearchGivenName(benchmark::State& s) { search(s, &Queries::given); }
void BM_SearchPinyinFull(benchmark::State& s) { search(s, &Queries::pinyin_full); }
void BM_SearchPinyinInitials(benchmark::State& s) { search(s, &Queries::pinyin_initials); }
void BM_SearchPinyinMixed(benchmark::State& s) { search(s, &Queries::pinyin_mixed); }
void BM_SearchPhoneTail4(benchmark::State& s) { search(s, &Queries::phone4); }
void BM_SearchPhoneTail6(benchmark::State& s) { search(s, &Queries::phone6); }

/// The broadest queries there are: one letter of pinyin and one common surname, a deep page.
void BM_SearchBroadestDeepPage(benchmark::State& state) {
    const auto& ix = index();
    const char* words[] = {"w", "z", "l", "王", "张", "李"};
    std::size_t i = 0;
    for (auto _ : state) {
        auto page = ix.search(words[i++ % 6], {20, 10000, false});
        benchmark::DoNotOptimize(page);
    }
}

}  // namespace

BENCHMARK(BM_IndexBuild)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->Repetitions(3)
    ->ReportAggregatesOnly(true);
#define NBHD_QUERY_BENCH(fn, unit) BENCHMARK(fn)->Unit(unit)->Repetitions(5)->ReportAggregatesOnly(true)
NBHD_QUERY_BENCH(BM_AddressLookup, benchmark::kMicrosecond);
NBHD_QUERY_BENCH(BM_NumberLookup, benchmark::kMicrosecond);
NBHD_QUERY_BENCH(BM_SearchAddress, benchmark::kMicrosecond);
NBHD_QUERY_BENCH(BM_SearchNumber, benchmark::kMicrosecond);
NBHD_QUERY_BENCH(BM_SearchFullName, benchmark::kMicrosecond);
NBHD_QUERY_BENCH(BM_SearchSurname, benchmark::kMicrosecond);
NBHD_QUERY_BENCH(BM_SearchGivenName, benchmark::kMicrosecond);
NBHD_QUERY_BENCH(BM_SearchPinyinFull, benchmark::kMicrosecond);
NBHD_QUERY_BENCH(BM_SearchPinyinInitials, benchmark::kMicrosecond);
NBHD_QUERY_BENCH(BM_SearchPinyinMixed, benchmark::kMicrosecond);
NBHD_QUERY_BENCH(BM_SearchPhoneTail4, benchmark::kMicrosecond);
NBHD_QUERY_BENCH(BM_SearchPhoneTail6, benchmark::kMicrosecond);
NBHD_QUERY_BENCH(BM_SearchBroadestDeepPage, benchmark::kMicrosecond);

BENCHMARK_MAIN();
