// Who is affected (gis::plan::affected), the one rule behind `households within` and the viewer's panel:
// exact answers on the shipped district for an area and a line with a distance, the buildings and shops
// they meet, picked buildings, and each mistake a user can make turned into an error that says what to do.

#include "gis/plan/affected.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "gis/geom/ops.hpp"
#include "occupancy_fixture.hpp"

using gis::ErrorCode;
using gis::plan::AffectedRequest;

namespace {

// Buildings 11 and 12 side by side (530261..530369, 3400116..3400128), and a margin around them.
constexpr const char* kArea =
    "POLYGON((530250 3400100,530380 3400100,530380 3400140,530250 3400140,530250 3400100))";
// Across the west end of the district, past the shop row (fid 58, x 530014..530022).
constexpr const char* kLine = "LINESTRING(530000 3400100,530100 3400100)";

AffectedRequest area(const std::string& wkt) {
    AffectedRequest r;
    r.area_wkt = wkt;
    return r;
}

AffectedRequest line(const std::string& wkt, double distance) {
    AffectedRequest r;
    r.line_wkt = wkt;
    r.distance = distance;
    r.distance_given = true;
    return r;
}

/// Residential building numbers whose footprint meets `g` within `distance`, by brute force.
std::vector<int> buildings_meeting(const gis::Geometry& g, double distance) {
    std::vector<int> out;
    for (const auto& b : occ_test::district()->buildings)
        if (b.kind == gis::district::BuildingKind::Residential && b.number > 0 &&
            gis::geom::distance(g, gis::Geometry::from(b.footprint)) <= distance)
            out.push_back(b.number);
    std::sort(out.begin(), out.end());
    return out;
}

std::size_t households_in(const std::vector<int>& buildings) {
    std::size_t n = 0;
    for (const auto& h : occ_test::district()->households)
        if (std::binary_search(buildings.begin(), buildings.end(), h.building_number)) ++n;
    return n;
}

}  // namespace

TEST(Affected, AnAreaGivesTheHouseholdsOfTheBuildingsItMeets) {
    const auto& ix = occ_test::index();
    auto a = gis::plan::affected(ix, area(kArea));
    ASSERT_TRUE(a.ok()) << a.error().message;
    EXPECT_EQ(a->selection.buildings, (std::vector<int>{11, 12}));
    EXPECT_EQ(a->selection.households.size(), 39u);
    EXPECT_EQ(a->selection.residents, 153);
    // The same as a brute-force pass over the district.
    auto g = gis::geom::from_wkt(kArea);
    ASSERT_TRUE(g.ok());
    EXPECT_EQ(a->selection.buildings, buildings_meeting(*g, 0));
    EXPECT_EQ(a->selection.households.size(), households_in(a->selection.buildings));
    for (auto id : a->selection.households) {
        const int b = ix.household(id).building_number;
        EXPECT_TRUE(b == 11 || b == 12) << b;
    }
    // Every building met is listed by feature id, the residential ones among them.
    for (int number : a->selection.buildings) {
        const auto* b = occ_test::district()->building_by_number(number);
        ASSERT_NE(b, nullptr);
        EXPECT_TRUE(std::binary_search(a->buildings.begin(), a->buildings.end(), b->fid));
    }
}

TEST(Affected, ALineWithADistanceGivesTheBuildingsAndShopsAlongIt) {
    const auto& ix = occ_test::index();
    auto a = gis::plan::affected(ix, line(kLine, 20));
    ASSERT_TRUE(a.ok()) << a.error().message;
    auto g = gis::geom::from_wkt(kLine);
    ASSERT_TRUE(g.ok());
    EXPECT_EQ(a->selection.buildings, buildings_meeting(*g, 20));
    EXPECT_EQ(a->selection.households.size(), 29u);
    EXPECT_EQ(a->selection.residents, 119);
    EXPECT_EQ(a->selection.buildings, (std::vector<int>{5, 9}));
    EXPECT_EQ(a->selection.households.size(), households_in(a->selection.buildings));
    // The shop row the line passes is met; its shops within 20 m of the line are listed, the rest of the
    // row (it is 133 m long) is not.
    EXPECT_TRUE(std::binary_search(a->buildings.begin(), a->buildings.end(), std::int64_t{58}));
    std::vector<std::size_t> near;
    std::size_t in_row = 0;
    const auto& shops = occ_test::district()->shops;
    for (std::size_t i = 0; i < shops.size(); ++i) {
        in_row += shops[i].building_fid == 58;
        if (gis::geom::distance(*g, gis::Geometry::from(shops[i].location)) <= 20) near.push_back(i);
    }
    std::sort(near.begin(), near.end(),
              [&](std::size_t x, std::size_t y) { return shops[x].fid < shops[y].fid; });
    EXPECT_EQ(a->shops, near);
    EXPECT_EQ(a->shops.size(), 9u);
    EXPECT_LT(a->shops.size(), in_row);

    // A wider corridor reaches more.
    auto wide = gis::plan::affected(ix, line(kLine, 80));
    ASSERT_TRUE(wide.ok()) << wide.error().message;
    EXPECT_GE(wide->selection.households.size(), a->selection.households.size());
    EXPECT_EQ(wide->selection.buildings, buildings_meeting(*g, 80));
}

TEST(Affected, PickedBuildingsGiveTheirHouseholds) {
    const auto& ix = occ_test::index();
    const auto* b11 = occ_test::district()->building_by_number(11);
    const auto* b12 = occ_test::district()->building_by_number(12);
    ASSERT_TRUE(b11 && b12);
    auto picked = gis::plan::affected_buildings(ix, {b12->fid, b11->fid, 58});
    ASSERT_TRUE(picked.ok()) << picked.error().message;
    auto drawn = gis::plan::affected(ix, area(kArea));
    ASSERT_TRUE(drawn.ok());
    EXPECT_EQ(picked->selection.buildings, drawn->selection.buildings);
    EXPECT_EQ(picked->selection.households, drawn->selection.households);
    EXPECT_EQ(picked->selection.residents, drawn->selection.residents);
    std::size_t in_row = 0;  // the shop row's shops, all of them
    for (const auto& s : occ_test::district()->shops) in_row += s.building_fid == 58;
    EXPECT_EQ(picked->shops.size(), in_row);

    auto unknown = gis::plan::affected_buildings(ix, {999999});
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, ErrorCode::NotFound);
}

TEST(Affected, MistakesAreErrorsThatSayWhatToGive) {
    const auto& ix = occ_test::index();
    auto code = [&](const AffectedRequest& r) {
        auto a = gis::plan::affected(ix, r);
        return a.ok() ? ErrorCode::Internal : a.error().code;
    };
    // A bow-tie has no inside: an invalid geometry, not a guess.
    auto bowtie = gis::plan::check_affected_area(
        area("POLYGON((530080 3400110,530100 3400130,530100 3400110,530080 3400130,530080 3400110))"));
    ASSERT_FALSE(bowtie.ok());
    EXPECT_EQ(bowtie.error().code, ErrorCode::InvalidGeometry);
    EXPECT_NE(bowtie.error().message.find("Self-intersection"), std::string::npos) << bowtie.error().message;
    EXPECT_NE(bowtie.error().message.find("--wkt"), std::string::npos) << bowtie.error().message;

    // A point is an area only with a distance around it.
    auto point = gis::plan::check_affected_area(area("POINT(530300 3400120)"));
    ASSERT_FALSE(point.ok());
    EXPECT_EQ(point.error().code, ErrorCode::BadInput);
    EXPECT_NE(point.error().message.find("--distance"), std::string::npos) << point.error().message;
    auto around = area("POINT(530300 3400120)");
    around.distance = 50;
    around.distance_given = true;
    EXPECT_TRUE(gis::plan::check_affected_area(around).ok());
    auto open_line = gis::plan::check_affected_area(area("LINESTRING(530300 3400120, 530350 3400120)"));
    ASSERT_FALSE(open_line.ok());
    EXPECT_NE(open_line.error().message.find("POLYGON"), std::string::npos) << open_line.error().message;
    EXPECT_EQ(code(line("POINT(530300 3400120)", 5)), ErrorCode::BadInput);

    for (double d : {-5.0, 10000.5, 1e9, std::nan("")}) {
        auto r = gis::plan::check_affected_area(line(kLine, d));
        ASSERT_FALSE(r.ok()) << d;
        EXPECT_EQ(r.error().code, ErrorCode::BadInput);
        EXPECT_EQ(r.error().message, "--distance must be between 0 and 10000 metres");
    }
    EXPECT_TRUE(gis::plan::check_affected_area(line(kLine, 10000)).ok());

    AffectedRequest no_distance;
    no_distance.line_wkt = kLine;
    EXPECT_EQ(gis::plan::check_affected_area(no_distance).error().message,
              "--near-line needs --distance (metres)");
    AffectedRequest both = area(kArea);
    both.line_wkt = kLine;
    EXPECT_EQ(code(both), ErrorCode::BadInput);
    EXPECT_EQ(code(AffectedRequest{}), ErrorCode::BadInput);
    EXPECT_EQ(code(area("POLYGON((0 0, 1 1")), ErrorCode::BadInput);
    EXPECT_EQ(code(area("POLYGON EMPTY")), ErrorCode::BadInput);

    // Far from the district: an error naming its extent, never an empty answer.
    auto far = gis::plan::affected(
        ix, area("POLYGON((600000 3500000,600100 3500000,600100 3500100,600000 3500100,600000 3500000))"));
    ASSERT_FALSE(far.ok());
    EXPECT_EQ(far.error().code, ErrorCode::BadInput);
    // Longitude and latitude instead of metres.
    EXPECT_EQ(code(area("POLYGON((106.5 29.5,106.6 29.5,106.6 29.6,106.5 29.5))")), ErrorCode::WrongCrs);

    // The viewer names the inputs its own way.
    AffectedRequest named = line("LINESTRING EMPTY", 5);
    named.line_label = "line";
    auto empty = gis::plan::check_affected_area(named);
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().message.rfind("line: ", 0), 0u) << empty.error().message;
}

TEST(Affected, ReadingOnlyTheAreasBoxGivesTheSameAnswer) {
    // The command line reads the area's box of the data set (read_box, with the map layers for the
    // shops); the viewer has the whole district loaded.
    for (const auto& request : {area(kArea), line(kLine, 20), line(kLine, 80)}) {
        auto checked = gis::plan::check_affected_area(request);
        ASSERT_TRUE(checked.ok()) << checked.error().message;
        gis::district::LoadOptions options;
        options.region = gis::district::Region{};
        options.region->box = checked->read_box();
        options.region->map_layers = true;
        auto part = gis::district::load(NBHD_ASSET_FILE, options);
        ASSERT_TRUE(part.ok()) << part.error().message;
        auto ix = gis::occupancy::OccupancyIndex::build(
            std::make_shared<const gis::district::District>(std::move(part).value()), {false});
        ASSERT_TRUE(ix.ok()) << ix.error().message;
        auto a = gis::plan::affected(*ix, *checked);
        auto whole = gis::plan::affected(occ_test::index(), *checked);
        ASSERT_TRUE(a.ok() && whole.ok());
        EXPECT_EQ(a->selection.buildings, whole->selection.buildings);
        EXPECT_EQ(a->selection.residents, whole->selection.residents);
        EXPECT_EQ(a->buildings, whole->buildings);
        std::vector<std::string> numbers, whole_numbers;
        for (auto id : a->selection.households) numbers.push_back(ix->household(id).household_no);
        for (auto id : whole->selection.households)
            whole_numbers.push_back(occ_test::index().household(id).household_no);
        EXPECT_EQ(numbers, whole_numbers);
        std::vector<std::int64_t> shops, whole_shops;
        for (auto i : a->shops) shops.push_back(ix->district().shops[i].fid);
        for (auto i : whole->shops) whole_shops.push_back(occ_test::district()->shops[i].fid);
        EXPECT_EQ(shops, whole_shops);
    }
}
