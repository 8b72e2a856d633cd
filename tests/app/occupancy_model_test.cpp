// The occupancy panels' view model on a copy of the shipped district: masked search, choosing a result,
// the audited reveal, the flag tints against a brute-force count, hostile input, the map's highlight sets.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "app/view/core/document.hpp"
#include "app/view/core/occupancy_model.hpp"
#include "app/view/core/style.hpp"
#include "gis/core/strings.hpp"
#include "gis/district/loader.hpp"
#include "gis/io/dataset.hpp"
#include "gis/privacy/privacy.hpp"
#include "view_test_util.hpp"

using namespace app::view;
namespace occ = gis::occupancy;

namespace {

class OccupancyModelTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new std::string(view_test::temp_dir());
        path_ = new std::string(*dir_ + "/district.gpkg");
        std::filesystem::copy_file(std::string(NBHD_ASSET_DIR) + "/chonghua.gpkg", *path_);
        auto d = gis::district::load(*path_);
        ASSERT_TRUE(d) << d.error().message;
        auto index =
            occ::OccupancyIndex::build(std::make_shared<const gis::district::District>(std::move(d).value()));
        ASSERT_TRUE(index) << index.error().message;
        index_ = new std::shared_ptr<const occ::OccupancyIndex>(
            std::make_shared<const occ::OccupancyIndex>(std::move(index).value()));
    }
    static void TearDownTestSuite() {
        std::filesystem::remove_all(*dir_);
        delete index_;
        delete path_;
        delete dir_;
    }
    void SetUp() override { m_.adopt(*index_, *path_); }

    static std::size_t audit_rows() {
        auto a = gis::privacy::read_audit(*path_);
        EXPECT_TRUE(a) << a.error().message;
        return a ? a->size() : 0;
    }
    static const gis::district::District& district() { return (*index_)->district(); }
    static const gis::district::Household& household_at(const std::string& address) {
        for (const auto& h : district().households)
            if (h.address == address) return h;
        ADD_FAILURE() << "no household at " << address;
        return district().households.front();
    }

    static std::string* dir_;
    static std::string* path_;
    static std::shared_ptr<const occ::OccupancyIndex>* index_;
    OccupancyModel m_;
};

std::string* OccupancyModelTest::dir_ = nullptr;
std::string* OccupancyModelTest::path_ = nullptr;
std::shared_ptr<const occ::OccupancyIndex>* OccupancyModelTest::index_ = nullptr;

TEST_F(OccupancyModelTest, AdoptedIndexIsReady) {
    EXPECT_EQ(m_.state(), OccupancyModel::State::Ready);
    ASSERT_NE(m_.index(), nullptr);
    EXPECT_EQ(m_.index()->size(), 1037u);
    // Every character of the heads' names is handed to the UI font (names are in no map layer).
    const auto& cps = m_.code_points();
    EXPECT_TRUE(std::is_sorted(cps.begin(), cps.end()));
    for (const auto& h : district().households)
        for (char32_t c : gis::utf8_decode(h.head_name))
            if (c >= 0x80) {
                ASSERT_TRUE(std::binary_search(cps.begin(), cps.end(), c)) << h.household_no;
            }
    EXPECT_FALSE(m_.glyphs_sent);
}

TEST_F(OccupancyModelTest, ResultsAreMaskedByDefault) {
    const auto& h = household_at("12-2-301");
    ASSERT_TRUE(m_.set_query("12-2-301"));
    EXPECT_FALSE(m_.set_query("12-2-301")) << "the same text must not run again";
    const auto& r = m_.results();
    ASSERT_FALSE(r.error) << r.message;
    ASSERT_EQ(r.items.size(), 1u);
    const auto& v = r.items[0];
    EXPECT_EQ(v.address, "12-2-301");
    EXPECT_EQ(v.id, h.household_no);
    EXPECT_FALSE(v.revealed);
    EXPECT_NE(v.name, h.head_name);
    EXPECT_EQ(v.name, gis::privacy::mask_name(h.head_name));
    EXPECT_EQ(v.phone, gis::privacy::mask_phone(h.phone));
    EXPECT_EQ(v.phone.find(h.phone), std::string::npos);
    EXPECT_FALSE(m_.revealed());
    EXPECT_EQ(m_.selected(), 0);
}

TEST_F(OccupancyModelTest, ChineseAddressAndNameFindTheSameFlat) {
    m_.set_query("12栋2单元301");
    ASSERT_FALSE(m_.results().items.empty()) << m_.results().message;
    EXPECT_EQ(m_.results().items[0].address, "12-2-301");
    // By the head's full name: that household is among the results, still masked.
    const auto& h = household_at("12-2-301");
    m_.set_query(h.head_name);
    bool found = false;
    for (const auto& v : m_.results().items) {
        found = found || v.id == h.household_no;
        EXPECT_EQ(v.name.find(h.head_name), std::string::npos);
    }
    EXPECT_TRUE(found);
}

TEST_F(OccupancyModelTest, ChoosingAResultOpensItsBuildingWithTheFlatMarked) {
    m_.set_query("12-2-301");
    auto c = m_.choose();
    ASSERT_TRUE(c.has_value());
    EXPECT_EQ(c->building, 12);
    EXPECT_EQ(c->flat, "12-2-301");
    EXPECT_EQ(m_.grid_building(), 12);
    EXPECT_EQ(m_.marked_flat(), "12-2-301");
    EXPECT_TRUE(m_.want_grid_open);
    const auto* g = m_.grid();
    ASSERT_NE(g, nullptr);
    ASSERT_GE(g->rows.size(), 2u);
    EXPECT_GT(g->rows.front().floor, g->rows.back().floor) << "top floor first";
    bool marked_cell = false;
    for (const auto& row : g->rows)
        for (const auto& v : row.cells) {
            if (v.address == "12-2-301") marked_cell = true;
            EXPECT_FALSE(v.revealed);
        }
    EXPECT_TRUE(marked_cell);
    EXPECT_FALSE(m_.choose(50).has_value()) << "out of range";
}

TEST_F(OccupancyModelTest, ArrowKeysMoveWithinTheResults) {
    m_.set_query("12-2");  // an entrance: every flat of it
    const int n = static_cast<int>(m_.results().items.size());
    ASSERT_GT(n, 3);
    m_.move_selection(1);
    m_.move_selection(1);
    EXPECT_EQ(m_.selected(), 2);
    m_.move_selection(-5);
    EXPECT_EQ(m_.selected(), 0);
    m_.move_selection(1000);
    EXPECT_EQ(m_.selected(), n - 1);
    auto c = m_.choose();
    ASSERT_TRUE(c);
    EXPECT_EQ(c->flat, m_.results().items.back().address);
}

TEST_F(OccupancyModelTest, RevealWritesExactlyOneAuditRowAndShowsNames) {
    const auto& h = household_at("12-2-301");
    m_.set_query("12-2-301");
    ASSERT_TRUE(m_.choose());
    std::set<std::string> expected{h.household_no};
    for (occ::HouseholdId id : (*index_)->in_building(12))
        expected.insert((*index_)->household(id).household_no);

    const std::size_t before = audit_rows();
    auto r = m_.reveal("viewer test");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(*r, expected.size());
    EXPECT_EQ(audit_rows(), before + 1);
    auto audit = gis::privacy::read_audit(*path_);
    ASSERT_TRUE(audit);
    const auto& row = audit->back();
    EXPECT_EQ(row.action, "reveal");
    EXPECT_EQ(row.count, static_cast<std::int64_t>(expected.size()));
    EXPECT_NE(row.query.find("12-2-301"), std::string::npos) << row.query;
    EXPECT_TRUE(gis::privacy::list_includes(row.households, h.household_no)) << row.households;

    EXPECT_TRUE(m_.revealed());
    EXPECT_EQ(m_.results().items[0].name, h.head_name);
    EXPECT_EQ(m_.results().items[0].phone, h.phone);
    bool grid_shows = false;
    for (const auto& row2 : m_.grid()->rows)
        for (const auto& v : row2.cells)
            if (v.address == "12-2-301") grid_shows = v.name == h.head_name && v.revealed;
    EXPECT_TRUE(grid_shows);
    EXPECT_EQ(audit_rows(), before + 1) << "showing what was revealed writes nothing more";

    // Another building: masked again, without a new audit row.
    ASSERT_TRUE(m_.open_grid(13));
    EXPECT_FALSE(m_.revealed());
    EXPECT_EQ(m_.results().items[0].name, gis::privacy::mask_name(h.head_name));
    for (const auto& row2 : m_.grid()->rows)
        for (const auto& v : row2.cells) EXPECT_FALSE(v.revealed);
    EXPECT_EQ(audit_rows(), before + 1);
}

TEST_F(OccupancyModelTest, ANewQueryOrMaskHidesAgain) {
    m_.set_query("12-2-301");
    ASSERT_TRUE(m_.reveal());
    EXPECT_TRUE(m_.results().items[0].revealed);
    m_.set_query("12-2-302");
    EXPECT_FALSE(m_.revealed());
    ASSERT_FALSE(m_.results().items.empty());
    EXPECT_FALSE(m_.results().items[0].revealed);
    ASSERT_TRUE(m_.reveal());
    m_.mask();
    EXPECT_FALSE(m_.revealed());
    EXPECT_FALSE(m_.results().items[0].revealed);
}

TEST_F(OccupancyModelTest, LowIncomeFilterNeedsConfirmationAndIsAudited) {
    const std::size_t before = audit_rows();
    auto refused = m_.set_filter(OccupancyFilter::LowIncome);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, gis::ErrorCode::BadInput);
    EXPECT_EQ(m_.filter(), OccupancyFilter::None);
    EXPECT_TRUE(m_.tint().empty());
    EXPECT_EQ(audit_rows(), before);

    ASSERT_TRUE(m_.set_filter(OccupancyFilter::LowIncome, true));
    EXPECT_EQ(audit_rows(), before + 1);
    EXPECT_EQ(m_.tint_households(), 19);  // the district's published figure
    auto audit = gis::privacy::read_audit(*path_);
    ASSERT_TRUE(audit);
    EXPECT_EQ(audit->back().count, 19);
    m_.mask();  // masking turns the 低保 tint off
    EXPECT_EQ(m_.filter(), OccupancyFilter::None);
    EXPECT_TRUE(m_.tint().empty());
}

TEST_F(OccupancyModelTest, FilterClassesMatchABruteForceCount) {
    struct Case {
        OccupancyFilter filter;
        bool (*has)(const gis::district::Household&);
    };
    const Case cases[] = {
        {OccupancyFilter::Migrant, [](const gis::district::Household& h) { return h.migrant; }},
        {OccupancyFilter::ElderlyAlone, [](const gis::district::Household& h) { return h.elderly_alone; }},
        {OccupancyFilter::LowIncome, [](const gis::district::Household& h) { return h.low_income; }},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(to_string(c.filter));
        std::map<int, int> brute;
        int total = 0;
        for (const auto& h : district().households)
            if (c.has(h)) {
                ++brute[h.building_number];
                ++total;
            }
        ASSERT_TRUE(m_.set_filter(c.filter, true));
        EXPECT_EQ(m_.tint_households(), total);
        EXPECT_EQ(m_.tint_buildings(), static_cast<int>(brute.size()));
        const auto& classes = m_.tint();
        ASSERT_GE(classes.size(), 1u);
        ASSERT_LE(classes.size(), 4u);
        int max = 0;
        for (const auto& [b, n] : brute) max = std::max(max, n);
        EXPECT_EQ(classes.front().min, 1);
        EXPECT_EQ(classes.back().max, max);
        std::map<int, std::size_t> class_of;
        for (std::size_t k = 0; k < classes.size(); ++k) {
            if (k > 0) {
                EXPECT_EQ(classes[k].min, classes[k - 1].max + 1) << "classes meet";
                EXPECT_NE(classes[k].colour, classes[k - 1].colour);
            }
            for (int b : classes[k].buildings)
                EXPECT_TRUE(class_of.emplace(b, k).second) << "building " << b << " twice";
        }
        ASSERT_EQ(class_of.size(), brute.size());
        for (const auto& [b, n] : brute) {
            ASSERT_TRUE(class_of.count(b)) << "building " << b;
            const auto& k = classes[class_of[b]];
            EXPECT_GE(n, k.min) << "building " << b;
            EXPECT_LE(n, k.max) << "building " << b;
        }
        ASSERT_TRUE(m_.set_filter(OccupancyFilter::None));
        EXPECT_TRUE(m_.tint().empty());
    }
}

TEST(OccupancyClasses, EqualWidthUpToFour) {
    auto one = classify_counts({{1, 1}, {2, 3}, {3, 2}}, OccupancyFilter::Migrant);
    ASSERT_EQ(one.size(), 3u);  // one class per count up to 4
    EXPECT_EQ(one[0].buildings, std::vector<int>{1});
    EXPECT_EQ(one[1].buildings, std::vector<int>{3});
    EXPECT_EQ(one[2].buildings, std::vector<int>{2});
    auto wide = classify_counts({{1, 1}, {2, 12}, {3, 7}, {4, 4}}, OccupancyFilter::ElderlyAlone);
    ASSERT_EQ(wide.size(), 4u);
    EXPECT_EQ(wide[0].max, 3);
    EXPECT_EQ(wide[1].min, 4);
    EXPECT_EQ(wide[2].buildings, std::vector<int>{3});
    EXPECT_EQ(wide[3].buildings, std::vector<int>{2});
    EXPECT_TRUE(classify_counts({}, OccupancyFilter::Migrant).empty());
    EXPECT_TRUE(classify_counts({{1, 5}}, OccupancyFilter::None).empty());
}

TEST(OccupancyClasses, FilterNamesParse) {
    EXPECT_EQ(parse_occupancy_filter("migrant"), OccupancyFilter::Migrant);
    EXPECT_EQ(parse_occupancy_filter("外来"), OccupancyFilter::Migrant);
    EXPECT_EQ(parse_occupancy_filter("elderly_alone"), OccupancyFilter::ElderlyAlone);
    EXPECT_EQ(parse_occupancy_filter("低保"), OccupancyFilter::LowIncome);
    EXPECT_EQ(parse_occupancy_filter("none"), OccupancyFilter::None);
    EXPECT_FALSE(parse_occupancy_filter("everyone").has_value());
    for (auto f : {OccupancyFilter::None, OccupancyFilter::LowIncome, OccupancyFilter::Migrant,
                   OccupancyFilter::ElderlyAlone})
        EXPECT_EQ(parse_occupancy_filter(to_string(f)), f);
}

TEST_F(OccupancyModelTest, HostileInputChangesNothing) {
    ASSERT_TRUE(m_.open_grid(12));
    const int households = m_.grid()->households;
    const std::size_t audit = audit_rows();
    m_.set_query("'; DROP TABLE households; --");
    EXPECT_TRUE(m_.results().items.empty() || m_.results().error);
    const std::string big(100 * 1024, 'a');
    m_.set_query(big);
    EXPECT_TRUE(m_.results().error);
    EXPECT_FALSE(m_.results().message.empty());
    EXPECT_TRUE(m_.results().items.empty());
    EXPECT_FALSE(m_.choose().has_value());
    m_.set_query(std::string("\xff\xfe 12-2-301", 12));  // not UTF-8
    EXPECT_TRUE(m_.results().items.empty());
    EXPECT_EQ(m_.grid_building(), 12);
    EXPECT_EQ(m_.grid()->households, households);
    EXPECT_EQ(audit_rows(), audit);
    // The data set itself is untouched: every household is still there.
    auto ds = gis::io::Dataset::open(*path_);
    ASSERT_TRUE(ds);
    auto l = ds->read_layer("households");
    ASSERT_TRUE(l);
    EXPECT_EQ(l->features.size(), 1037u);
    EXPECT_FALSE(m_.open_grid(9999));
    EXPECT_FALSE(m_.open_grid(-1));
    EXPECT_EQ(m_.grid_building(), 12);
}

TEST_F(OccupancyModelTest, MapHighlightSetsFollowTheModel) {
    Document doc;
    m_.sync_map(doc);
    EXPECT_EQ(doc.highlights().count(kFoundHighlight), 0u);
    m_.set_query("12-2-301");
    ASSERT_TRUE(m_.choose());
    m_.sync_map(doc);
    ASSERT_EQ(doc.highlights().count(kFoundHighlight), 1u);
    const auto& h = doc.highlights().at(kFoundHighlight);
    EXPECT_EQ(h.layer, "buildings");
    ASSERT_EQ(h.fids.size(), 1u);
    EXPECT_EQ(h.fids[0], district().building_by_number(12)->fid);
    EXPECT_EQ(h.colour, occupancy_found_colour());

    const auto rev = doc.revision();
    m_.sync_map(doc);
    EXPECT_EQ(doc.revision(), rev) << "nothing changed: nothing written";

    ASSERT_TRUE(m_.set_filter(OccupancyFilter::Migrant));
    m_.sync_map(doc);
    std::size_t tinted = 0;
    for (std::size_t k = 0; k < m_.tint().size(); ++k) {
        ASSERT_EQ(doc.highlights().count(filter_highlight(k)), 1u);
        const auto& set = doc.highlights().at(filter_highlight(k));
        EXPECT_EQ(set.colour, m_.tint()[k].colour);
        ASSERT_EQ(set.fids.size(), m_.tint()[k].buildings.size());
        for (std::size_t i = 0; i < set.fids.size(); ++i)
            EXPECT_EQ(set.fids[i], district().building_by_number(m_.tint()[k].buildings[i])->fid);
        tinted += set.fids.size();
    }
    EXPECT_EQ(static_cast<int>(tinted), m_.tint_buildings());
    ASSERT_TRUE(m_.set_filter(OccupancyFilter::None));
    m_.close_grid();
    m_.sync_map(doc);
    EXPECT_TRUE(doc.highlights().empty());
}

TEST_F(OccupancyModelTest, ViewBoxContainsTheBuilding) {
    const auto* b = district().building_by_number(12);
    ASSERT_NE(b, nullptr);
    const auto box = m_.building_view_box(12);
    ASSERT_TRUE(box);
    const auto fp = gis::bbox_of(b->footprint);
    EXPECT_LT(box->minx, fp.minx - 59);
    EXPECT_GT(box->maxy, fp.maxy + 59);
    EXPECT_EQ(box->center().x, fp.center().x);
    EXPECT_FALSE(m_.building_view_box(0));
}

TEST(OccupancyModelIndexing, BuildsOnAWorkerAndReportsErrors) {
    OccupancyModel m;
    m.start("/nonexistent/nowhere.gpkg");
    EXPECT_EQ(m.state(), OccupancyModel::State::Indexing);
    m.set_query("12-2-301");  // typed while indexing: kept
    m.wait();
    EXPECT_EQ(m.state(), OccupancyModel::State::Failed);
    EXPECT_FALSE(m.error().empty());
    EXPECT_TRUE(m.results().items.empty());

    const std::string dir = view_test::temp_dir();
    const std::string path = dir + "/district.gpkg";
    std::filesystem::copy_file(std::string(NBHD_ASSET_DIR) + "/chonghua.gpkg", path);
    m.start(path);
    m.set_query("12-2-301");
    m.wait();
    ASSERT_EQ(m.state(), OccupancyModel::State::Ready) << m.error();
    ASSERT_EQ(m.results().items.size(), 1u) << "the query typed while indexing ran once ready";
    EXPECT_EQ(m.results().items[0].address, "12-2-301");
    std::filesystem::remove_all(dir);
}

// The viewer's tooltip and inspector show a feature's attributes through is_personal_field: a feature
// with the households table's fields must lose the head's name, phone, ID number and household number.
TEST(OccupancyPrivacy, HouseholdFieldsAreKeptOutOfTooltips) {
    auto ds = gis::io::Dataset::open(std::string(NBHD_ASSET_DIR) + "/chonghua.gpkg");
    ASSERT_TRUE(ds);
    auto l = ds->read_layer("households");
    ASSERT_TRUE(l);
    std::set<std::string> shown;
    for (const auto& f : l->info.fields)
        if (!is_personal_field(f.name)) shown.insert(f.name);
    for (const char* personal : {"head_name", "phone", "id_number", "household_no"}) {
        EXPECT_GE(l->info.field_index(personal), 0) << personal;
        EXPECT_EQ(shown.count(personal), 0u) << personal;
    }
    EXPECT_EQ(shown.count("address"), 1u);
}

}  // namespace
