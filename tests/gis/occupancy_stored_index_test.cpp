// Indexed reads: every look-up answered from a region read through the stored indexes equals the answer
// computed by brute force over the whole data set (a generated city of other people's size and names).

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "gis/core/strings.hpp"
#include "gis/district/loader.hpp"
#include "gis/geom/ops.hpp"
#include "gis/occupancy/index.hpp"
#include "gis/occupancy/pinyin.hpp"
#include "gis/occupancy/query.hpp"
#include "gis/occupancy/stored_index.hpp"
#include "gis/occupancy/view.hpp"
#include "occupancy_fixture.hpp"

namespace {

using namespace gis;
using namespace gis::occupancy;

const std::string& city() { return occ_test::generated_city(1200); }

std::shared_ptr<const district::District> whole() {
    static std::shared_ptr<const district::District> d = [] {
        auto loaded = district::load(city());
        EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().message);
        return std::make_shared<const district::District>(std::move(loaded).value());
    }();
    return d;
}

const OccupancyIndex& whole_index() {
    static OccupancyIndex ix = [] {
        auto built = OccupancyIndex::build(whole());
        EXPECT_TRUE(built.ok());
        return std::move(built).value();
    }();
    return ix;
}

/// Every hit of a query as text lines (household number, flat, match kind), and the total.
std::string answer(const OccupancyIndex& ix, const Query& q) {
    auto page = ix.search(q, {1'000'000, 0, true});
    EXPECT_TRUE(page.ok()) << q.text;
    if (!page.ok()) return "error";
    std::ostringstream out;
    out << "total " << page->total << " note '" << page->note << "'\n";
    for (const auto& h : page->hits) {
        auto v = view_of(ix, h, Disclosure::Revealed);
        out << v.id << ' ' << v.address << ' ' << to_string(h.kind) << '\n';
    }
    return out.str();
}

/// The index over the region the stored indexes pick for `q` (the path every look-up command takes).
OccupancyIndex region_index(const Query& q, std::size_t* households_read = nullptr) {
    std::string why;
    auto region = region_for_query(city(), q, &why);
    EXPECT_TRUE(region.ok());
    EXPECT_TRUE(region->has_value()) << q.text << ": " << why;
    district::LoadOptions o;
    o.region = **region;
    auto d = district::load(city(), o);
    EXPECT_TRUE(d.ok()) << (d.ok() ? "" : d.error().message);
    EXPECT_TRUE(d->partial);
    if (households_read) *households_read = d->households.size();
    auto ix = OccupancyIndex::build(std::make_shared<const district::District>(std::move(d).value()));
    EXPECT_TRUE(ix.ok());
    return std::move(ix).value();
}

Query parsed(const std::string& text) {
    auto q = parse_query(text);
    EXPECT_TRUE(q.ok()) << text;
    return *q;
}

TEST(StoredIndex, TheGeneratorWritesTheIndexesAndTheyAreCurrent) {
    auto st = stored_index_status(city());
    ASSERT_TRUE(st.ok());
    EXPECT_TRUE(st->geopackage);
    EXPECT_TRUE(st->missing_indexes.empty());
    EXPECT_TRUE(st->search_current);
    EXPECT_EQ(st->households, static_cast<std::int64_t>(whole()->households.size()));
    EXPECT_TRUE(st->ready());
    EXPECT_EQ(st->advice(), "");
}

TEST(StoredIndex, EveryQueryKindAnswersAsTheWholeDataSetDoes) {
    const auto& all = whole()->households;
    ASSERT_GT(all.size(), 10000u);
    // Queries taken from the data itself: a real address, number, name, its parts, its pinyin, a phone tail.
    const auto& h = all[all.size() / 3];
    const auto& h2 = all[all.size() / 2];
    ASSERT_GE(utf8_decode(h.head_name).size(), 2u);
    const std::string surname = utf8_encode(utf8_decode(h.head_name)[0]);
    const std::string given = utf8_encode(utf8_decode(h.head_name).back());
    std::string digits;
    for (char c : h2.phone)
        if (c >= '0' && c <= '9') digits += c;
    ASSERT_GE(digits.size(), 6u);
    auto py = PinyinTranscriber::create();
    ASSERT_TRUE(py.ok());
    auto syl = py->syllables(h.head_name);
    ASSERT_GE(syl.size(), 2u);
    std::string full, initials;
    for (const auto& s : syl) {
        full += s;
        initials += s[0];
    }
    const std::vector<std::string> queries = {
        std::to_string(h.building_number) + "-" + std::to_string(h.entrance) + "-" +
            std::to_string(h.floor * 100 + h.flat),
        std::to_string(h.building_number) + "-" + std::to_string(h.entrance),
        std::to_string(h.building_number % 1000),
        std::to_string(h.building_number),  // a city's building past 999 (and phones ending so)
        h.household_no,
        [&] {  // lower case: numbers are compared without case
            std::string s = h2.household_no;
            for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            return s;
        }(),
        h.head_name,
        surname,
        given,
        full,
        initials,
        syl[0] + " " + syl[1].substr(0, 1),
        syl[0].substr(0, 2),
        digits.substr(digits.size() - 4),
        digits.substr(digits.size() - 6),
        "外来",
        "独居",
        "租户",
        "低保",
        "无此人名",
        "qqqxz",
        "9999-9-999",
    };
    for (const auto& text : queries) {
        SCOPED_TRACE(text);
        const Query q = parsed(text);
        std::size_t read = 0;
        const OccupancyIndex part = region_index(q, &read);
        EXPECT_EQ(answer(part, q), answer(whole_index(), q));
        // ...and the region is a part: a name, number or address reads far fewer than the city's.
        if (!q.flag) {
            EXPECT_LT(read, all.size() / 4) << read;
        }
    }
}

TEST(StoredIndex, VacantFlatsAndMissingIndexesNeedTheWholeRead) {
    std::string why = "unset";
    auto r = region_for_query(city(), parsed("空置"), &why);
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r->has_value());
    EXPECT_EQ(why, "unset");  // not for want of an index
    why.clear();
    // Not a file (a server, or nothing there): no stored indexes, the whole read decides (and reports a
    // missing file as such).
    auto bare = region_for_query(NBHD_TEST_DATA_DIR "/cad/no_such.gpkg", parsed("张"), &why);
    ASSERT_TRUE(bare.ok());
    EXPECT_FALSE(bare->has_value());
}

TEST(StoredIndex, AnyChangeToTheHouseholdsMakesTheSearchTablesOutOfDate) {
    const std::string dir = occ_test::temp_dir("stale");
    const std::string copy = dir + "/c.gpkg";
    std::filesystem::copy_file(city(), copy);
    {
        auto* ds = static_cast<GDALDataset*>(
            GDALOpenEx(copy.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
        ASSERT_NE(ds, nullptr);
        OGRLayer* l = ds->GetLayerByName("households");
        OGRFeature f(l->GetLayerDefn());
        f.SetField("household_no", "X-NEW-1");
        f.SetField("head_name", "欧阳新来");
        f.SetField("building_number", whole()->households.front().building_number);
        f.SetField("entrance", 1);
        f.SetField("floor", 1);
        f.SetField("flat", 1);
        ASSERT_EQ(l->CreateFeature(&f), OGRERR_NONE);
        GDALClose(ds);
    }
    auto st = stored_index_status(copy);
    ASSERT_TRUE(st.ok());
    EXPECT_TRUE(st->search_tables);
    EXPECT_FALSE(st->search_current);
    EXPECT_NE(st->advice().find("index build"), std::string::npos) << st->advice();
    std::string why;
    auto r = region_for_query(copy, parsed("欧阳"), &why);
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r->has_value());  // out of date: never used
    EXPECT_NE(why.find("out of date"), std::string::npos) << why;
    // Rebuilt, the new household is found through them.
    auto rep = build_stored_index(copy);
    ASSERT_TRUE(rep.ok()) << rep.error().message;
    EXPECT_EQ(rep->households, static_cast<std::int64_t>(whole()->households.size() + 1));
    auto again = region_for_query(copy, parsed("欧阳新来"));
    ASSERT_TRUE(again.ok() && again->has_value());
    EXPECT_EQ((*again)->household_names, std::vector<std::string>{"欧阳新来"});
}

TEST(StoredIndex, OnlyGeoPackagesKeepThemAndBadFilesAreErrors) {
    auto missing = build_stored_index("/nonexistent/x.gpkg");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    const std::string dir = occ_test::temp_dir("notgpkg");
    const std::string txt = dir + "/plain.gpkg";
    { std::ofstream(txt) << "not a database at all, just text that is long enough to not be empty\n"; }
    auto bad = build_stored_index(txt);
    ASSERT_FALSE(bad.ok());
    auto st = stored_index_status(txt);
    EXPECT_FALSE(st.ok() && st->geopackage);
}

TEST(RegionRead, ABoxReadsItsBuildingsWithAllTheirHouseholdsAndNothingElse) {
    const auto& d = *whole();
    // A box around one residential building's footprint.
    const district::Building* b = nullptr;
    for (const auto& x : d.buildings)
        if (x.number > 0 && d.building_by_number(x.number) == &x) {
            b = &x;
            break;
        }
    ASSERT_NE(b, nullptr);
    BBox box = bbox_of(b->footprint);
    box = {box.minx - 30, box.miny - 30, box.maxx + 30, box.maxy + 30};
    district::LoadOptions o;
    o.region = district::Region{};
    o.region->box = box;
    auto part = district::load(city(), o);
    ASSERT_TRUE(part.ok());
    EXPECT_TRUE(part->partial);
    // Brute force: the buildings whose bounding box meets the box, and the households of those.
    std::set<std::int64_t> want_b, got_b;
    std::set<int> numbers;
    for (const auto& x : d.buildings)
        if (bbox_of(x.footprint).intersects(box)) {
            want_b.insert(x.fid);
            if (x.number > 0) numbers.insert(x.number);
        }
    for (const auto& x : part->buildings) got_b.insert(x.fid);
    EXPECT_EQ(got_b, want_b);
    std::set<std::int64_t> want_h, got_h;
    for (const auto& h : d.households)
        if (numbers.count(h.building_number)) want_h.insert(h.fid);
    for (const auto& h : part->households) got_h.insert(h.fid);
    EXPECT_EQ(got_h, want_h);
    EXPECT_FALSE(want_h.empty());
    EXPECT_TRUE(part->streets.empty());  // not asked for
    EXPECT_EQ(part->boundaries.size(), d.boundaries.size());
    // In feature-id order, as a whole read gives them.
    EXPECT_TRUE(std::is_sorted(part->households.begin(), part->households.end(),
                               [](const auto& a, const auto& b2) { return a.fid < b2.fid; }));
}

TEST(RegionRead, HouseholdsNearALineAreTheWholeReadsHouseholds) {
    const auto& d = *whole();
    const BBox e = d.extent();
    // A line across the middle of the city, and polygons of several sizes.
    const Point c = e.center();
    std::vector<std::pair<std::string, double>> cases = {
        {"LINESTRING(" + std::to_string(c.x - 300) + " " + std::to_string(c.y) + "," +
             std::to_string(c.x + 300) + " " + std::to_string(c.y + 40) + ")",
         50.0},
        {"POLYGON((" + std::to_string(c.x) + " " + std::to_string(c.y) + "," + std::to_string(c.x + 200) +
             " " + std::to_string(c.y) + "," + std::to_string(c.x + 200) + " " + std::to_string(c.y + 200) +
             "," + std::to_string(c.x) + " " + std::to_string(c.y) + "))",
         0.0}};
    for (const auto& [wkt, dist] : cases) {
        SCOPED_TRACE(wkt);
        auto g = geom::from_wkt(wkt);
        ASSERT_TRUE(g.ok());
        const BBox gb = g->bbox();
        district::LoadOptions o;
        o.region = district::Region{};
        o.region->box = BBox{gb.minx - dist, gb.miny - dist, gb.maxx + dist, gb.maxy + dist};
        auto part = district::load(city(), o);
        ASSERT_TRUE(part.ok());
        auto ix = OccupancyIndex::build(std::make_shared<const district::District>(std::move(part).value()));
        ASSERT_TRUE(ix.ok());
        auto a = ix->households_near(*g, dist);
        auto b = whole_index().households_near(*g, dist);
        EXPECT_EQ(a.buildings, b.buildings);
        EXPECT_EQ(a.residents, b.residents);
        ASSERT_EQ(a.households.size(), b.households.size());
        for (std::size_t i = 0; i < a.households.size(); ++i)
            EXPECT_EQ(ix->household(a.households[i]).household_no,
                      whole_index().household(b.households[i]).household_no);
        EXPECT_FALSE(b.households.empty());
    }
}

TEST(RegionRead, ABuildingByNumberHasTheWholeGrid) {
    const auto& d = *whole();
    const int number = d.households[d.households.size() / 4].building_number;
    district::LoadOptions o;
    o.region = district::Region{};
    o.region->buildings = {number};
    auto part = district::load(city(), o);
    ASSERT_TRUE(part.ok());
    auto ix = OccupancyIndex::build(std::make_shared<const district::District>(std::move(part).value()));
    ASSERT_TRUE(ix.ok());
    auto a = ix->grid(number);
    auto b = whole_index().grid(number);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a->households, b->households);
    EXPECT_EQ(a->residents, b->residents);
    EXPECT_EQ(a->vacant, b->vacant);
    EXPECT_EQ(a->rows.size(), b->rows.size());
    EXPECT_GT(a->households, 0);
}

}  // namespace
