// 楼盘表, spatial selection, masked views and the audited search session.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <map>

#include "gis/geom/ops.hpp"
#include "gis/occupancy/session.hpp"
#include "gis/occupancy/view.hpp"
#include "gis/privacy/privacy.hpp"
#include "occupancy_fixture.hpp"

using namespace gis::occupancy;

TEST(Grid, EveryFlatOnceShopsBelowTheFirstResidentialFloor) {
    const auto& ix = occ_test::index();
    const auto& d = *occ_test::district();
    for (const auto& b : d.buildings) {
        if (b.kind != gis::district::BuildingKind::Residential || b.number <= 0) continue;
        auto g = ix.grid(b.number);
        ASSERT_TRUE(g.ok()) << b.number;
        ASSERT_EQ(static_cast<int>(g->rows.size()), b.floors);
        EXPECT_EQ(g->rows.front().floor, b.floors);
        EXPECT_EQ(g->rows.back().floor, 1);
        std::map<std::string, int> seen;
        int vacant = 0;
        for (const auto& row : g->rows) {
            EXPECT_EQ(row.shops, row.floor < b.first_residential_floor());
            EXPECT_EQ(row.cells.size(),
                      row.shops ? 0u : static_cast<std::size_t>(b.entrances * b.flats_per_floor));
            for (const auto& cell : row.cells) {
                EXPECT_EQ(cell.flat.floor, row.floor);
                if (cell.households.empty()) ++vacant;
                for (auto id : cell.households) {
                    EXPECT_EQ(ix.flat_of(id), cell.flat);
                    ++seen[ix.household(id).household_no];
                }
            }
        }
        std::map<std::string, int> expected;
        int residents = 0;
        for (const auto& h : d.households)
            if (h.building_number == b.number) {
                expected[h.household_no] = 1;
                residents += h.size;
            }
        EXPECT_EQ(seen, expected) << "building " << b.number;
        EXPECT_TRUE(g->outside.empty());
        EXPECT_EQ(g->vacant, vacant);
        EXPECT_EQ(g->vacant + g->households, b.flat_count());
        EXPECT_EQ(g->residents, residents);
    }
    auto none = ix.grid(999);
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().code, gis::ErrorCode::NotFound);
}

TEST(Spatial, HouseholdsInAnAreaAndNearALineEqualBruteForce) {
    const auto& ix = occ_test::index();
    const auto& d = *occ_test::district();
    const auto* b12 = d.building_by_number(12);
    ASSERT_NE(b12, nullptr);
    gis::BBox box = gis::bbox_of(b12->footprint);
    auto area = gis::geom::from_wkt(
        "POLYGON((" + std::to_string(box.minx - 30) + " " + std::to_string(box.miny - 30) + "," +
        std::to_string(box.maxx + 30) + " " + std::to_string(box.miny - 30) + "," +
        std::to_string(box.maxx + 30) + " " + std::to_string(box.maxy + 30) + "," +
        std::to_string(box.minx - 30) + " " + std::to_string(box.maxy + 30) + "," +
        std::to_string(box.minx - 30) + " " + std::to_string(box.miny - 30) + "))");
    ASSERT_TRUE(area.ok()) << area.error().message;
    gis::Geometry line =
        gis::Geometry::from(gis::LineString{{box.minx - 100, box.miny - 5}, {box.maxx + 100, box.miny - 5}});

    for (auto [geometry, distance] : {std::pair{*area, 0.0}, std::pair{line, 20.0}}) {
        std::set<int> buildings;
        for (const auto& b : d.buildings) {
            if (b.kind != gis::district::BuildingKind::Residential || b.number <= 0) continue;
            gis::Geometry fp = gis::Geometry::from(b.footprint);
            bool in = distance > 0 ? gis::geom::distance(fp, geometry) <= distance
                                   : gis::geom::intersects(fp, geometry);
            if (in) buildings.insert(b.number);
        }
        std::set<std::string> households;
        int residents = 0;
        for (const auto& h : d.households)
            if (buildings.count(h.building_number)) {
                households.insert(h.household_no);
                residents += h.size;
            }
        auto sel = ix.households_near(geometry, distance);
        EXPECT_TRUE(buildings.count(12));
        EXPECT_EQ(std::set<int>(sel.buildings.begin(), sel.buildings.end()), buildings);
        std::set<std::string> got;
        for (auto id : sel.households) got.insert(ix.household(id).household_no);
        EXPECT_EQ(got, households);
        EXPECT_EQ(sel.residents, residents);
    }
    EXPECT_TRUE(ix.households_near(gis::Geometry{}).households.empty());
}

TEST(Masking, DefaultViewsShowNoNamePhoneIdOrLowIncome) {
    const auto& ix = occ_test::index();
    for (HouseholdId id = 0; id < ix.size(); ++id) {
        const auto& h = ix.household(id);
        auto v = view_of(h, Disclosure::Masked);
        EXPECT_NE(v.name, h.head_name);
        EXPECT_EQ(v.name, gis::privacy::mask_name(h.head_name));
        EXPECT_EQ(v.phone, gis::privacy::mask_phone(h.phone));
        EXPECT_NE(v.phone, h.phone);
        EXPECT_EQ(v.id_number.substr(v.id_number.size() - 4), h.id_number.substr(h.id_number.size() - 4));
        EXPECT_EQ(v.id_number.find_first_not_of('*'), v.id_number.size() - 4);
        EXPECT_EQ(std::count(v.flags.begin(), v.flags.end(), "low_income"), 0);
        EXPECT_FALSE(v.revealed);
        auto r = view_of(h, Disclosure::Revealed);
        EXPECT_EQ(r.name, h.head_name);
        EXPECT_EQ(r.phone, h.phone);
        EXPECT_EQ(std::count(r.flags.begin(), r.flags.end(), "low_income"), h.low_income ? 1 : 0);
    }
}

namespace {
std::size_t audit_rows(const std::string& path) {
    auto r = gis::privacy::read_audit(path);
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->size() : 0;
}
}  // namespace

TEST(Session, SearchIsMaskedAndRevealIsAuditedFirst) {
    std::string path = occ_test::copy_of_asset("session");
    auto ix = std::make_shared<const OccupancyIndex>(OccupancyIndex::build(occ_test::district()).value());
    SearchSession session(ix, path);

    auto masked = session.search("张");
    ASSERT_FALSE(masked.error) << masked.message;
    ASSERT_FALSE(masked.items.empty());
    for (const auto& v : masked.items)
        EXPECT_EQ(v.name.find("张") == 0 && v.name.find('*') != std::string::npos, true);
    EXPECT_EQ(audit_rows(path), 0u);

    auto shown = session.search_revealed("张", 5, 0, "viewer: 张");
    ASSERT_TRUE(shown.ok()) << shown.error().message;
    ASSERT_EQ(audit_rows(path), 1u);
    auto rec = gis::privacy::read_audit(path).value().back();
    EXPECT_EQ(rec.action, "reveal");
    EXPECT_EQ(rec.query, "viewer: 张");
    EXPECT_EQ(rec.count, 5);
    for (const auto& v : shown->items) {
        EXPECT_TRUE(v.revealed);
        EXPECT_NE(rec.households.find(v.id), std::string::npos);
        EXPECT_EQ(v.name, ix->household(*ix->find_number(v.id)).head_name);
    }

    auto grid = session.grid_revealed(12);
    ASSERT_TRUE(grid.ok());
    EXPECT_EQ(audit_rows(path), 2u);
    EXPECT_EQ(gis::privacy::read_audit(path).value().back().count, grid->households);

    auto one = session.reveal({"CH-0001"}, "viewer: card");
    ASSERT_TRUE(one.ok());
    EXPECT_EQ(audit_rows(path), 3u);
    EXPECT_EQ(one->at(0).name, ix->household(*ix->find_number("CH-0001")).head_name);
    EXPECT_FALSE(session.reveal({"CH-9999"}, "x").ok());
    EXPECT_EQ(audit_rows(path), 3u);

    auto low = session.search("低保");
    EXPECT_TRUE(low.error);
    auto low_shown = session.search_revealed("低保", 100);
    ASSERT_TRUE(low_shown.ok());
    EXPECT_EQ(low_shown->total, 19u);
    EXPECT_EQ(audit_rows(path), 4u);
}

TEST(Session, NothingIsRevealedWhenTheAuditCannotBeWritten) {
    std::string path = occ_test::copy_of_asset("readonly");
    ::chmod(path.c_str(), 0444);
    auto ix = std::make_shared<const OccupancyIndex>(OccupancyIndex::build(occ_test::district()).value());
    SearchSession session(ix, path);
    auto shown = session.search_revealed("张");
    ASSERT_FALSE(shown.ok());
    EXPECT_NE(shown.error().message.find("nothing is revealed"), std::string::npos) << shown.error().message;
    EXPECT_FALSE(session.grid_revealed(12).ok());
    EXPECT_FALSE(session.reveal({"CH-0001"}, "x").ok());
    ::chmod(path.c_str(), 0644);
    EXPECT_EQ(audit_rows(path), 0u);
}
