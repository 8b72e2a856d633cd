#pragma once
// Shared by the occupancy tests: the shipped district, loaded and indexed once per test program, and
// small helpers that run a query to the end.

#include <gtest/gtest.h>
#include <unistd.h>
#include "../scratch.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "gis/district/loader.hpp"
#include "gis/generate/district_generator.hpp"
#include "gis/occupancy/index.hpp"

namespace occ_test {

inline std::shared_ptr<const gis::district::District> district() {
    static std::shared_ptr<const gis::district::District> d = [] {
        auto loaded = gis::district::load(NBHD_ASSET_FILE);
        EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().message);
        return std::make_shared<const gis::district::District>(std::move(loaded).value());
    }();
    return d;
}

inline const gis::occupancy::OccupancyIndex& index() {
    static gis::occupancy::OccupancyIndex ix = [] {
        auto built = gis::occupancy::OccupancyIndex::build(district());
        EXPECT_TRUE(built.ok()) << (built.ok() ? "" : built.error().message);
        return std::move(built).value();
    }();
    return ix;
}

/// Every hit of a query, in order (one page large enough for the whole district).
inline std::vector<gis::occupancy::Hit> all_hits(const gis::occupancy::OccupancyIndex& ix,
                                                 const std::string& q, bool low_income = false) {
    auto page = ix.search(q, {100000, 0, low_income});
    EXPECT_TRUE(page.ok()) << q << ": " << (page.ok() ? "" : page.error().message);
    if (!page.ok()) return {};
    EXPECT_EQ(page->total, page->hits.size()) << q;
    return page->hits;
}

/// Household numbers of the hits, as a set.
inline std::set<std::string> numbers(const gis::occupancy::OccupancyIndex& ix,
                                     const std::vector<gis::occupancy::Hit>& hits) {
    std::set<std::string> out;
    for (const auto& h : hits)
        if (h.household != gis::occupancy::kNoHousehold) out.insert(ix.household(h.household).household_no);
    return out;
}

/// A fresh folder for this test process (tests run in parallel processes).
inline std::string temp_dir(const std::string& tag) { return nbhd_test::scratch_dir("nbhd-occ-" + tag); }

/// A copy of the shipped data set in a fresh folder.
inline std::string copy_of_asset(const std::string& tag) {
    auto path = temp_dir(tag) + "/chonghua.gpkg";
    std::filesystem::copy_file(NBHD_ASSET_FILE, path);
    return path;
}

/// A city of `buildings` residential buildings from `nbhd generate city` (with its stored indexes), written
/// once per size per test program; tests that read it compare a part read with a whole read.
inline const std::string& generated_city(int buildings) {
    static std::map<int, std::string> cities;
    auto it = cities.find(buildings);
    if (it != cities.end()) return it->second;
    std::string p = temp_dir("city" + std::to_string(buildings)) + "/city.gpkg";
    auto r = gis::generate::generate_city(p, buildings, true, {});
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return cities.emplace(buildings, p).first->second;
}

}  // namespace occ_test
