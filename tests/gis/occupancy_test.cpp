// Occupancy look-ups on the shipped district: address forms, household numbers, names, phone tails, flags,
// ranking and paging, each checked against a brute-force pass over the loaded households.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>

#include "gis/occupancy/address.hpp"
#include "gis/occupancy/query.hpp"
#include "occupancy_fixture.hpp"

using namespace gis::occupancy;
using occ_test::all_hits;
using occ_test::numbers;

// ---- address forms ------------------------------------------------------------------------------------

class AddressForm : public ::testing::TestWithParam<const char*> {};

TEST_P(AddressForm, ReadsAsBuilding12Entrance2Flat301) {
    auto a = parse_address(GetParam());
    ASSERT_TRUE(a.ok()) << GetParam() << ": " << a.error().message;
    EXPECT_EQ(*a, (AddressQuery{12, 2, 3, 1}));
}

INSTANTIATE_TEST_SUITE_P(Forms, AddressForm,
                         ::testing::Values("12-2-301", "12栋2单元301", "12号楼2单元301室", "12-2-301室",
                                           "１２-２-３０１", "１２－２－３０１", " 12 - 2 - 301 ", "12—2—301",
                                           "12–2–301", "12‐2‐301", "12−2−301", "12﹣2﹣301", "12幢2单元301",
                                           "12#2-301", "12栋-2单元-301室", "12 栋 2 单元 301",
                                           "12号2单元301号", "１２栋２单元３０１室", "12栋2门301"));

TEST(AddressForms, BuildingAndEntranceAlone) {
    EXPECT_EQ(*parse_address("12栋"), (AddressQuery{12, 0, 0, 0}));
    EXPECT_EQ(*parse_address("12号楼"), (AddressQuery{12, 0, 0, 0}));
    EXPECT_EQ(*parse_address("12-2"), (AddressQuery{12, 2, 0, 0}));
    EXPECT_EQ(*parse_address("12栋2单元"), (AddressQuery{12, 2, 0, 0}));
    EXPECT_EQ(*parse_address("12-"), (AddressQuery{12, 0, 0, 0}));
    EXPECT_EQ(*parse_address("52栋301"), (AddressQuery{52, 0, 3, 1}));
    EXPECT_EQ(*parse_address("12-2-1204"), (AddressQuery{12, 2, 12, 4}));
}

class MalformedAddress : public ::testing::TestWithParam<std::pair<const char*, const char*>> {};

TEST_P(MalformedAddress, IsBadInputSayingWhy) {
    auto [text, why] = GetParam();
    auto q = parse_query(text);
    ASSERT_FALSE(q.ok()) << text;
    EXPECT_EQ(q.error().code, gis::ErrorCode::BadInput);
    EXPECT_NE(q.error().message.find(why), std::string::npos) << q.error().message;
    EXPECT_NE(q.error().message.find("12-2-301"), std::string::npos) << "shows the expected form";
}

INSTANTIATE_TEST_SUITE_P(Cases, MalformedAddress,
                         ::testing::Values(std::pair{"12-2-3", "floor followed by a two-digit flat"},
                                           std::pair{"12-2-300", "has no flat"},
                                           std::pair{"0-1-101", "building number"},
                                           std::pair{"12-100-301", "entrance number"},
                                           std::pair{"12--301", "entrance"},
                                           std::pair{"12-2-301-5", "after the room number"},
                                           std::pair{"12栋2单元3楼", "unexpected"},
                                           std::pair{"99999999999-1-101", "building number"},
                                           std::pair{"12室2单元301", "unexpected"}));

TEST(Address, EveryHouseholdIsFoundByEveryFormOfItsAddress) {
    const auto& ix = occ_test::index();
    ASSERT_EQ(ix.size(), 1037u);
    for (HouseholdId id = 0; id < ix.size(); ++id) {
        const auto& h = ix.household(id);
        std::string room = std::to_string(h.floor * 100 + h.flat);
        std::string b = std::to_string(h.building_number), e = std::to_string(h.entrance);
        for (const std::string& form :
             {h.address, b + "栋" + e + "单元" + room, b + "号楼" + e + "单元" + room + "室",
              h.address + "室", b + " — " + e + " — " + room}) {
            auto page = ix.search(form);
            ASSERT_TRUE(page.ok()) << form << ": " << page.error().message;
            ASSERT_EQ(page->total, 1u) << form;
            EXPECT_EQ(page->hits[0].household, id) << form;
            EXPECT_EQ(page->hits[0].kind, MatchKind::Address) << form;
        }
    }
}

TEST(Address, FullWidthDigitsFindTheHousehold) {
    const auto& ix = occ_test::index();
    auto page = ix.search("１２－２－３０１");
    ASSERT_TRUE(page.ok());
    auto plain = ix.search("12-2-301");
    ASSERT_TRUE(plain.ok());
    ASSERT_EQ(page->hits.size(), 1u);
    ASSERT_EQ(plain->hits.size(), 1u);
    EXPECT_EQ(page->hits[0].household, plain->hits[0].household);
}

TEST(Address, BuildingAndEntranceListTheirHouseholds) {
    const auto& ix = occ_test::index();
    std::set<std::string> b12, b12e2;
    for (const auto& h : occ_test::district()->households) {
        if (h.building_number == 12) b12.insert(h.household_no);
        if (h.building_number == 12 && h.entrance == 2) b12e2.insert(h.household_no);
    }
    ASSERT_FALSE(b12e2.empty());
    EXPECT_EQ(numbers(ix, all_hits(ix, "12栋")), b12);
    EXPECT_EQ(numbers(ix, all_hits(ix, "12")), b12);
    EXPECT_EQ(numbers(ix, all_hits(ix, "12-2")), b12e2);
    EXPECT_EQ(numbers(ix, all_hits(ix, "12栋2单元")), b12e2);
}

TEST(Address, VacantAndImpossibleFlatsAreExplained) {
    const auto& ix = occ_test::index();
    ASSERT_FALSE(ix.vacant_flats().empty());
    FlatRef v = ix.vacant_flats().front();
    auto page = ix.search(v.address());
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->hits.size(), 1u);
    EXPECT_EQ(page->hits[0].kind, MatchKind::Vacant);
    EXPECT_EQ(page->hits[0].household, kNoHousehold);
    EXPECT_EQ(page->hits[0].flat, v);

    auto above = ix.search("12-1-901");
    ASSERT_TRUE(above.ok());
    EXPECT_EQ(above->total, 0u);
    EXPECT_NE(above->note.find("floors"), std::string::npos) << above->note;
    auto none = ix.search("99-1-101");
    ASSERT_TRUE(none.ok());
    EXPECT_EQ(none->total, 0u);
    EXPECT_NE(none->note.find("no residential building 99"), std::string::npos) << none->note;
    auto shops = ix.search("37-1-101");
    ASSERT_TRUE(shops.ok());
    EXPECT_NE(shops->note.find("shops"), std::string::npos) << shops->note;
}

// ---- household numbers, flags -------------------------------------------------------------------------

TEST(HouseholdNumber, ExactInAnyCase) {
    const auto& ix = occ_test::index();
    for (const char* q : {"CH-0001", "ch-0001", "ＣＨ－０００１", " CH-0001 "}) {
        auto hits = all_hits(ix, q);
        ASSERT_EQ(hits.size(), 1u) << q;
        EXPECT_EQ(ix.household(hits[0].household).household_no, "CH-0001");
        EXPECT_EQ(hits[0].kind, MatchKind::HouseholdNumber);
    }
    EXPECT_TRUE(all_hits(ix, "CH-9999").empty());
}

TEST(Flags, EqualBruteForce) {
    const auto& ix = occ_test::index();
    std::set<std::string> migrant, alone, low;
    for (const auto& h : occ_test::district()->households) {
        if (h.migrant) migrant.insert(h.household_no);
        if (h.elderly_alone) alone.insert(h.household_no);
        if (h.low_income) low.insert(h.household_no);
    }
    EXPECT_EQ(numbers(ix, all_hits(ix, "外来")), migrant);
    EXPECT_EQ(numbers(ix, all_hits(ix, "migrant")), migrant);
    EXPECT_EQ(numbers(ix, all_hits(ix, "独居")), alone);
    EXPECT_EQ(low.size(), 19u);
    EXPECT_EQ(numbers(ix, all_hits(ix, "低保", true)), low);
}

TEST(Flags, LowIncomeSearchIsRefusedUnlessRevealed) {
    auto page = occ_test::index().search("低保");
    ASSERT_FALSE(page.ok());
    EXPECT_EQ(page.error().code, gis::ErrorCode::BadInput);
    EXPECT_NE(page.error().message.find("audit"), std::string::npos);
}

TEST(Flags, VacantFlatsAreEveryFlatWithoutAHousehold) {
    const auto& ix = occ_test::index();
    const auto& d = *occ_test::district();
    std::set<std::string> occupied;
    for (const auto& h : d.households) occupied.insert(h.address);
    std::set<std::string> expected;
    for (const auto& b : d.buildings) {
        if (b.kind != gis::district::BuildingKind::Residential || b.number <= 0) continue;
        for (int e = 1; e <= b.entrances; ++e)
            for (int f = b.first_residential_floor(); f <= b.floors; ++f)
                for (int k = 1; k <= b.flats_per_floor; ++k) {
                    std::string a = FlatRef{b.number, e, f, k}.address();
                    if (!occupied.count(a)) expected.insert(a);
                }
    }
    ASSERT_FALSE(expected.empty());
    std::set<std::string> got;
    for (const auto& hit : all_hits(ix, "空置")) {
        EXPECT_EQ(hit.kind, MatchKind::Vacant);
        got.insert(hit.flat.address());
    }
    EXPECT_EQ(got, expected);
}

// ---- names and phones ---------------------------------------------------------------------------------

TEST(Name, ChineseTextEqualsBruteForceAndRanksExactThenPrefixThenPart) {
    const auto& ix = occ_test::index();
    const auto& hs = occ_test::district()->households;
    std::set<std::string> queries = {"王", "张伟", "伟", "欧阳", "秀英", "建国", "李", "小", "司马"};
    for (std::size_t i = 0; i < hs.size(); i += 97) queries.insert(hs[i].head_name);
    for (const auto& q : queries) {
        std::map<std::string, MatchKind> expected;
        for (const auto& h : hs) {
            auto at = h.head_name.find(q);
            if (at == std::string::npos) continue;
            expected[h.household_no] = h.head_name == q ? MatchKind::Name
                                       : at == 0        ? MatchKind::NamePrefix
                                                        : MatchKind::NamePart;
        }
        auto hits = all_hits(ix, q);
        std::map<std::string, MatchKind> got;
        for (const auto& h : hits) got[ix.household(h.household).household_no] = h.kind;
        EXPECT_EQ(got, expected) << q;
        EXPECT_TRUE(std::is_sorted(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
            return a.kind < b.kind;
        })) << q;
    }
}

TEST(PhoneTail, EqualsBruteForce) {
    const auto& ix = occ_test::index();
    const auto& hs = occ_test::district()->households;
    std::set<std::string> tails = {"0000", "1234", "5678", "8888", "00000"};
    for (std::size_t i = 0; i < hs.size(); i += 13) {
        const auto& p = hs[i].phone;
        tails.insert(p.substr(p.size() - 4));
        tails.insert(p.substr(p.size() - 6));
        tails.insert(p);
    }
    for (const auto& t : tails) {
        std::set<std::string> expected;
        for (const auto& h : hs)
            if (h.phone.size() >= t.size() && h.phone.compare(h.phone.size() - t.size(), t.size(), t) == 0)
                expected.insert(h.household_no);
        auto hits = all_hits(ix, t);
        EXPECT_EQ(numbers(ix, hits), expected) << t;
        for (const auto& h : hits) EXPECT_EQ(h.kind, MatchKind::PhoneTail);
    }
}

// ---- paging and hostile input -------------------------------------------------------------------------

TEST(Paging, PagesConcatenateToTheWholeResultInOneDeterministicOrder) {
    const auto& ix = occ_test::index();
    for (const char* q : {"王", "w", "zh", "外来", "空置", "1"}) {
        auto whole = all_hits(ix, q);
        ASSERT_GT(whole.size(), 10u) << q;
        std::vector<Hit> paged;
        for (std::size_t off = 0;; off += 7) {
            auto page = ix.search(q, {7, off, false});
            ASSERT_TRUE(page.ok());
            EXPECT_EQ(page->total, whole.size());
            if (page->hits.empty()) break;
            paged.insert(paged.end(), page->hits.begin(), page->hits.end());
        }
        ASSERT_EQ(paged.size(), whole.size()) << q;
        for (std::size_t i = 0; i < whole.size(); ++i) {
            EXPECT_EQ(paged[i].household, whole[i].household) << q << " #" << i;
            EXPECT_EQ(paged[i].flat, whole[i].flat) << q << " #" << i;
        }
        auto again = all_hits(ix, q);
        ASSERT_EQ(again.size(), whole.size());
        EXPECT_TRUE(std::equal(again.begin(), again.end(), whole.begin(), [](const Hit& a, const Hit& b) {
            return a.household == b.household && a.flat == b.flat;
        }));
    }
}

TEST(HostileInput, HugeQueryIsRefusedWithAClearMessage) {
    std::string huge(1 << 20, 'a');
    auto page = occ_test::index().search(huge);
    ASSERT_FALSE(page.ok());
    EXPECT_EQ(page.error().code, gis::ErrorCode::BadInput);
    EXPECT_NE(page.error().message.find("too long"), std::string::npos);
    std::string huge_han;
    for (int i = 0; i < 400000; ++i) huge_han += "王";
    EXPECT_FALSE(occ_test::index().search(huge_han).ok());
}

TEST(HostileInput, InvalidUtf8IsRefused) {
    auto page = occ_test::index().search(std::string("\xff\xfe张"));
    ASSERT_FALSE(page.ok());
    EXPECT_NE(page.error().message.find("UTF-8"), std::string::npos);
}

TEST(HostileInput, SqlTextIsJustTextThatMatchesNobody) {
    auto page = occ_test::index().search("'; DROP TABLE households; --");
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->total, 0u);
    auto q = parse_query("'; DROP TABLE households; --");
    ASSERT_TRUE(q.ok());
    EXPECT_FALSE(q->address.has_value());
}

TEST(HostileInput, EmptyAndBlankQueriesFindNothing) {
    for (const char* q : {"", "   ", "\t\n", "　"}) {
        auto page = occ_test::index().search(q);
        ASSERT_TRUE(page.ok());
        EXPECT_EQ(page->total, 0u);
    }
}

TEST(FloorAndFlat, DoorNumbersAndFlatNumbersAreOneRule) {
    using gis::occupancy::floor_and_flat;
    EXPECT_EQ(floor_and_flat(502, 0).value(), (std::pair{5, 2}));
    EXPECT_EQ(floor_and_flat(502, 5).value(), (std::pair{5, 2}));
    EXPECT_EQ(floor_and_flat(1203, 0).value(), (std::pair{12, 3}));
    EXPECT_EQ(floor_and_flat(2, 5).value(), (std::pair{5, 2}));
    EXPECT_EQ(floor_and_flat(502, 4).error().message, "房号 502 is not on 楼层 4");
    EXPECT_FALSE(floor_and_flat(500, 0));
    EXPECT_FALSE(floor_and_flat(2, 0)) << "a flat number needs its floor";
    EXPECT_FALSE(floor_and_flat(0, 3));
}
