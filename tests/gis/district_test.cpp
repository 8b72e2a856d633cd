// The shipped Chonghua data set: regenerated feature by feature, figures exact, geography plausible.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "gis/district/check.hpp"
#include "gis/district/figures.hpp"
#include "gis/district/loader.hpp"
#include "gis/district/schema.hpp"
#include "gis/generate/district_generator.hpp"
#include "gis/io/dataset.hpp"

using namespace gis;

namespace {

const district::District& shipped() {
    static district::District d = [] {
        auto r = district::load(NBHD_ASSET_FILE);
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
        return r.ok() ? std::move(r.value()) : district::District{};
    }();
    return d;
}

}  // namespace

TEST(ShippedDistrict, RegenerationReproducesEveryFeature) {
    auto generated = generate::generate_district();
    auto ds = io::Dataset::open(NBHD_ASSET_FILE);
    ASSERT_TRUE(ds.ok()) << ds.error().message;
    ASSERT_EQ(generated.size(), district::layer_schemas().size());
    for (const auto& layer : generated) {
        SCOPED_TRACE(layer.name);
        auto shipped_layer = ds->read_layer(layer.name);
        ASSERT_TRUE(shipped_layer.ok()) << shipped_layer.error().message;
        ASSERT_EQ(shipped_layer->features.size(), layer.features.size());
        const auto* schema = district::find_schema(layer.name);
        for (std::size_t i = 0; i < layer.features.size(); ++i) {
            const auto& g = layer.features[i];
            const auto& s = shipped_layer->features[i];
            ASSERT_EQ(s.fid, g.fid);
            ASSERT_EQ(s.geometry, g.geometry)
                << "feature " << g.fid << ": " << to_wkt(s.geometry) << " vs " << to_wkt(g.geometry);
            for (std::size_t k = 0; k < schema->fields.size(); ++k) {
                int si = shipped_layer->info.field_index(schema->fields[k].name);
                ASSERT_GE(si, 0) << schema->fields[k].name;
                ASSERT_EQ(s.values[si], g.values[k])
                    << "feature " << g.fid << " field " << schema->fields[k].name;
            }
        }
    }
}

TEST(ShippedDistrict, FiguresMatchTheProfile) {
    auto f = district::compute_figures(shipped());
    EXPECT_EQ(f.buildings_residential, 53);
    EXPECT_EQ(f.households, 1037);
    EXPECT_GE(f.residents, 4000);
    EXPECT_GE(f.migrants, 300);
    EXPECT_EQ(f.units, 3);
    EXPECT_EQ(f.schools, 1);
    EXPECT_EQ(f.shops, 286);
    EXPECT_EQ(f.low_income_households, 19);
    EXPECT_EQ(f.low_income_people, 54);
    EXPECT_EQ(f.party_members, 11);
    EXPECT_EQ(f.party_members_migrant, 5);
    EXPECT_EQ(f.liaison_stations, 2);
    EXPECT_GE(f.mediations, 30);
    EXPECT_NEAR(f.area_km2, 0.4, 0.004);
    EXPECT_GT(f.compound_gas_renewal_m, 500);
    EXPECT_GT(f.vacant_flats, 0);
    EXPECT_EQ(f.flats - f.vacant_flats, 1037);
    EXPECT_EQ(f.crs, "EPSG:4546");
}

TEST(ShippedDistrict, CheckIsClean) {
    auto report = district::check(shipped());
    for (const auto& p : report.problems) ADD_FAILURE() << p.layer << " " << p.fid << " " << p.message;
    EXPECT_TRUE(report.clean());
    EXPECT_GT(report.features_checked, 1000);
}

TEST(ShippedDistrict, ResidentialBlocksArePlausible) {
    const auto& d = shipped();
    for (const auto& b : d.buildings) {
        if (b.kind != district::BuildingKind::Residential) continue;
        SCOPED_TRACE(b.name);
        BBox box = bbox_of(b.footprint);
        double depth = std::min(box.width(), box.height()), length = std::max(box.width(), box.height());
        EXPECT_GE(depth, 10.0);
        EXPECT_LE(depth, 14.0);
        EXPECT_GE(length, 25.0);
        EXPECT_LE(length, 60.0);
        EXPECT_GE(b.entrances, 1);
        EXPECT_LE(b.entrances, 4);
        EXPECT_EQ(b.flats_per_floor, 2);
        EXPECT_GE(b.floors, 5);
        EXPECT_LE(b.floors, 11);
        EXPECT_GE(b.year_built, 1980);
        EXPECT_LE(b.year_built, 2009);
        EXPECT_TRUE(b.entrance_side == 'N' || b.entrance_side == 'S');
    }
}

TEST(ShippedDistrict, CompoundRowsHaveSunlightSpacing) {
    // Rows in the compound face south; the gap to the next row north is 1.2-1.5+ times the building height.
    const auto& d = shipped();
    std::map<long, std::vector<const district::Building*>> rows;  // by south edge
    for (const auto& b : d.buildings)
        if (b.in_compound && b.kind == district::BuildingKind::Residential)
            rows[std::lround(bbox_of(b.footprint).miny)].push_back(&b);
    ASSERT_GE(rows.size(), 5u);
    for (auto it = rows.begin(); std::next(it) != rows.end(); ++it) {
        double north_edge = bbox_of(it->second.front()->footprint).maxy;
        double next_south = static_cast<double>(std::next(it)->first);
        double height = 0;
        for (const auto* b : it->second) height = std::max(height, b->height_m);
        EXPECT_GE(next_south - north_edge, 1.2 * height) << "row at y=" << it->first;
    }
}

TEST(ShippedDistrict, HouseholdIdentityNumbersHaveValidCheckDigits) {
    static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char checks[] = "10X98765432";
    for (const auto& h : shipped().households) {
        ASSERT_EQ(h.id_number.size(), 18u) << h.household_no;
        int sum = 0;
        for (int i = 0; i < 17; ++i) sum += (h.id_number[i] - '0') * weights[i];
        EXPECT_EQ(h.id_number[17], checks[sum % 11]) << h.household_no;
        EXPECT_EQ(h.phone.size(), 11u);
    }
}

TEST(GeneratedDistrict, WrittenFileLoadsWithTheSameFigures) {
    auto dir = std::filesystem::temp_directory_path() / ("nbhd-gen-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto out = (dir / "d.gpkg").string();
    ASSERT_TRUE(generate::write_district(out).ok());
    EXPECT_FALSE(generate::write_district(out).ok()) << "refuses to overwrite without the flag";
    auto d = district::load(out);
    ASSERT_TRUE(d.ok());
    auto a = district::compute_figures(d.value()), b = district::compute_figures(shipped());
    EXPECT_EQ(a.households, b.households);
    EXPECT_EQ(a.residents, b.residents);
    EXPECT_EQ(a.shops, b.shops);
    EXPECT_DOUBLE_EQ(a.compound_gas_renewal_m, b.compound_gas_renewal_m);
    // No temporary files are left behind.
    int files = 0;
    for (auto& e : std::filesystem::directory_iterator(dir)) files += e.is_regular_file();
    EXPECT_EQ(files, 1);
    std::filesystem::remove_all(dir);
}

TEST(GeneratedCity, SameSchemaAndAboutTwentyHouseholdsPerBuilding) {
    auto dir = std::filesystem::temp_directory_path() / ("nbhd-city-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto out = (dir / "c.gpkg").string();
    ASSERT_TRUE(generate::generate_city(out, 120, false).ok());
    auto d = district::load(out);
    ASSERT_TRUE(d.ok()) << d.error().message;
    auto f = district::compute_figures(d.value());
    EXPECT_EQ(f.buildings_residential, 159);  // 120 rounded up to 3 districts of 53
    EXPECT_NEAR(static_cast<double>(f.households) / f.buildings_residential, 20.0, 1.0);
    auto report = district::check(d.value());
    for (const auto& p : report.problems) ADD_FAILURE() << p.layer << " " << p.fid << " " << p.message;
    // Building numbers and household numbers are unique across districts.
    std::set<int> numbers;
    for (const auto& b : d->buildings)
        if (b.number) {
            EXPECT_TRUE(numbers.insert(b.number).second) << b.number;
        }
    EXPECT_FALSE(generate::generate_city(out, 0, true).ok());
    std::filesystem::remove_all(dir);
}

TEST(DistrictFigures, CompoundNamesAreEachGivenOnceAndAtMostThree) {
    gis::district::District d;
    for (const char* n : {"幸福苑", "幸福苑", "和平里", "光明小区", "向阳院", "东风小区"}) {
        gis::district::NamedArea a;
        a.name = n;
        d.compounds.push_back(a);
    }
    auto f = gis::district::compute_figures(d);
    EXPECT_EQ(f.compounds, 6);
    EXPECT_EQ(f.compound_name, "幸福苑、和平里、光明小区… (5)");
    d.compounds.resize(2);
    EXPECT_EQ(gis::district::compute_figures(d).compound_name, "幸福苑");
}
