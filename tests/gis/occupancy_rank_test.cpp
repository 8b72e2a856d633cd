// Ranking, de-duplication and odd records on a small hand-made district, and queries from several threads
// at once (the pinyin keys and the spatial index are built on first use).

#include <gtest/gtest.h>

#include <thread>

#include "gis/occupancy/index.hpp"
#include "gis/occupancy/view.hpp"
#include "occupancy_fixture.hpp"

using namespace gis::occupancy;
using gis::district::Building;
using gis::district::District;
using gis::district::Household;

namespace {

Household household(const std::string& no, int b, int e, int f, int k, const std::string& name,
                    const std::string& phone) {
    Household h;
    h.household_no = no;
    h.building_number = b;
    h.entrance = e;
    h.floor = f;
    h.flat = k;
    h.address = FlatRef{b, e, f, k}.address();
    h.head_name = name;
    h.phone = phone;
    h.size = 2;
    return h;
}

std::shared_ptr<const District> small_district() {
    auto d = std::make_shared<District>();
    Building b;
    b.fid = 1;
    b.number = 3;
    b.floors = 3;
    b.entrances = 1;
    b.flats_per_floor = 2;
    b.footprint = gis::rect(0, 0, 20, 10);
    d->buildings.push_back(b);
    d->households = {
        household("5678", 3, 1, 1, 1, "张伟", "13900005678"),    // its number and its phone tail match 5678
        household("H-2", 3, 1, 1, 2, "李娜", "13800005678"),     // phone tail only
        household("H-3", 3, 1, 2, 1, "Anna Li", "13700001111"),  // two households in one flat
        household("H-4", 3, 1, 2, 1, "王小伟", "0710-5551111"),
        household("H-5", 3, 1, 9, 1, "赵伟", "13600002222"),  // a floor the building does not have
    };
    d->reindex();
    return d;
}

}  // namespace

TEST(Ranking, HouseholdNumberFirstAndNoHouseholdTwice) {
    auto ix = OccupancyIndex::build(small_district()).value();
    auto page = ix.search("5678", {10, 0, false});
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->total, 2u);
    ASSERT_EQ(page->hits.size(), 2u);
    EXPECT_EQ(page->hits[0].kind, MatchKind::HouseholdNumber);
    EXPECT_EQ(ix.household(page->hits[0].household).household_no, "5678");
    EXPECT_EQ(page->hits[1].kind, MatchKind::PhoneTail);
    EXPECT_EQ(ix.household(page->hits[1].household).household_no, "H-2");
    auto second = ix.search("5678", {1, 1, false});
    ASSERT_EQ(second->hits.size(), 1u);
    EXPECT_EQ(second->hits[0].household, page->hits[1].household);
}

TEST(Ranking, ExactNameBeforePrefixBeforePart) {
    auto ix = OccupancyIndex::build(small_district()).value();
    auto page = ix.search("伟", {10, 0, false});
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->total, 3u);
    EXPECT_EQ(page->hits[0].kind, MatchKind::NamePart);
    for (const auto& h : page->hits) EXPECT_EQ(h.kind, MatchKind::NamePart);
    auto exact = ix.search("张伟", {10, 0, false});
    ASSERT_EQ(exact->total, 1u);
    EXPECT_EQ(exact->hits[0].kind, MatchKind::Name);
    auto prefix = ix.search("王", {10, 0, false});
    ASSERT_EQ(prefix->total, 1u);
    EXPECT_EQ(prefix->hits[0].kind, MatchKind::NamePrefix);
}

TEST(OddRecords, TwoHouseholdsInOneFlatAndOneOutsideTheGrid) {
    auto ix = OccupancyIndex::build(small_district()).value();
    EXPECT_EQ(ix.at({3, 1, 2, 1}).size(), 2u);
    auto g = ix.grid(3);
    ASSERT_TRUE(g.ok());
    int cells_with_two = 0;
    for (const auto& row : g->rows)
        for (const auto& c : row.cells) cells_with_two += c.households.size() == 2;
    EXPECT_EQ(cells_with_two, 1);
    ASSERT_EQ(g->outside.size(), 1u);
    EXPECT_EQ(ix.household(g->outside[0]).household_no, "H-5");
    EXPECT_EQ(g->vacant, 6 - 3);
    EXPECT_EQ(ix.vacant_flats().size(), 3u);
    auto view = view_of(ix, *g, Disclosure::Masked);
    EXPECT_EQ(view.rows[1].cells.size(), 3u) << "floor 2: two households in flat 1, and flat 2";
}

TEST(OddRecords, LatinNamesByWordAndLandlineTails) {
    auto ix = OccupancyIndex::build(small_district()).value();
    for (const char* q : {"anna li", "anna", "al", "anna l", "ANNA"}) {
        auto page = ix.search(q, {10, 0, false});
        ASSERT_TRUE(page.ok());
        ASSERT_EQ(page->total, 1u) << q;
        EXPECT_EQ(ix.household(page->hits[0].household).household_no, "H-3");
    }
    auto tail = ix.search("5551111", {10, 0, false});
    ASSERT_EQ(tail->total, 1u);
    EXPECT_EQ(ix.household(tail->hits[0].household).household_no, "H-4");
}

TEST(Threads, ConcurrentQueriesAgreeWithOneThread) {
    auto built = OccupancyIndex::build(occ_test::district(), {false});  // pinyin on first use
    ASSERT_TRUE(built.ok());
    const auto& ix = built.value();
    const std::vector<std::string> queries = {"zw",      "王",   "12-2-301", "1214",
                                              "zhang w", "外来", "ly",       "空置"};
    std::vector<std::vector<HouseholdId>> expected;
    {
        auto reference = OccupancyIndex::build(occ_test::district()).value();
        for (const auto& q : queries) {
            auto page = reference.search(q, {5000, 0, false});
            ASSERT_TRUE(page.ok());
            std::vector<HouseholdId> ids;
            for (const auto& h : page.value().hits) ids.push_back(h.household);
            ASSERT_FALSE(ids.empty()) << q;
            expected.push_back(ids);
        }
    }
    const gis::district::Building* b = occ_test::district()->building_by_number(12);
    std::vector<std::thread> threads;
    std::vector<int> failures(4, 0);
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int round = 0; round < 20; ++round)
                for (std::size_t k = 0; k < queries.size(); ++k) {
                    auto page = ix.search(queries[(k + t) % queries.size()], {5000, 0, false});
                    if (!page.ok()) {
                        ++failures[t];
                        continue;
                    }
                    std::vector<HouseholdId> ids;
                    for (const auto& h : page.value().hits) ids.push_back(h.household);
                    if (ids != expected[(k + t) % queries.size()]) failures[t] += 1000;
                    if (ix.households_near(gis::Geometry::from(b->footprint)).buildings.empty())
                        failures[t] += 1;
                }
        });
    for (auto& th : threads) th.join();
    for (int f : failures) EXPECT_EQ(f, 0);
}
