// nbhd household find, building show, households within, audit: as a user runs them.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "household_fixture.hpp"

using hh_test::expect_no_personal_data;
using hh_test::nbhd;
using nlohmann::json;

TEST(HouseholdFind, EveryAddressFormGivesTheHouseholdAsJson) {
    std::string data = hh_test::data_copy();
    const auto& h = hh_test::household("CH-0206");
    ASSERT_EQ(h.address, "12-2-301");
    for (const char* q :
         {"12-2-301", "12栋2单元301", "12号楼2单元301室", "12-2-301室", "１２-２-３０１", "12 — 2 — 301"}) {
        auto r = nbhd(data, {"household", "find", q, "--json"});
        ASSERT_EQ(r.exit_code, 0) << q << ": " << r.err;
        json j = json::parse(r.out);
        ASSERT_TRUE(j.is_array());
        ASSERT_EQ(j.size(), 1u) << q;
        EXPECT_EQ(j[0]["id"], "CH-0206");
        EXPECT_EQ(j[0]["address"], "12-2-301");
        EXPECT_EQ(j[0]["building"], 12);
        EXPECT_EQ(j[0]["entrance"], 2);
        EXPECT_EQ(j[0]["floor"], 3);
        EXPECT_EQ(j[0]["flat"], 1);
        EXPECT_EQ(j[0]["name"], gis::privacy::mask_name(h.head_name));
        EXPECT_EQ(j[0]["phone"], gis::privacy::mask_phone(h.phone));
        EXPECT_EQ(j[0]["size"], h.size);
        EXPECT_TRUE(j[0]["flags"].is_array());
        EXPECT_EQ(j[0]["match"], "address");
    }
}

TEST(HouseholdFind, AnAddressTheDataDoesNotHaveIsNotFoundNotAnEmptyList) {
    std::string data = hh_test::data_copy();
    struct Case {
        const char* query;
        const char* why;
    };
    for (const Case& c :
         {Case{"99-1-101", "there is no residential building 99"},
          Case{"12-1-901", "building 12 has 5 floors"}, Case{"99", "no residential building 99"}}) {
        for (bool as_json : {false, true}) {
            std::vector<std::string> args = {"household", "find", c.query};
            if (as_json) args.push_back("--json");
            auto r = nbhd(data, args);
            EXPECT_EQ(r.exit_code, 3) << c.query << ": " << r.out;
            EXPECT_NE(r.err.find(c.why), std::string::npos) << c.query << ": " << r.err;
            EXPECT_TRUE(r.out.empty()) << c.query << ": " << r.out;
        }
    }
    // A flat that exists and is vacant, and a name nobody has, are answers: nobody.
    for (const char* q : {"重华无此人"}) {
        auto r = nbhd(data, {"household", "find", q, "--json"});
        EXPECT_EQ(r.exit_code, 0) << q << ": " << r.err;
        EXPECT_EQ(json::parse(r.out).size(), 0u) << q;
    }
}

TEST(HouseholdFind, NothingPersonalInAnyDefaultOutput) {
    std::string data = hh_test::data_copy();
    for (const char* q :
         {"王", "张伟", "zw", "zhang w", "外来", "独居", "空置", "12栋", "1214", "CH-0001", "w"}) {
        for (bool as_json : {false, true}) {
            std::vector<std::string> args{"household", "find", q, "--limit", "2000"};
            if (as_json) args.push_back("--json");
            auto r = nbhd(data, args);
            ASSERT_EQ(r.exit_code, 0) << q << ": " << r.err;
            EXPECT_FALSE(r.out.empty());
            expect_no_personal_data(r.out + r.err, q);
            EXPECT_EQ(r.out.find("low_income"), std::string::npos) << q;
        }
    }
    EXPECT_EQ(hh_test::audit_rows(data), 0u);
}

TEST(HouseholdFind, PinyinAndPhoneTailFindTheRightHouseholds) {
    std::string data = hh_test::data_copy();
    const auto& h = hh_test::household("CH-0001");  // 杨宝林, phone ending 1214
    auto by_tail =
        json::parse(nbhd(data, {"household", "find", h.phone.substr(h.phone.size() - 4), "--json"}).out);
    bool found = false;
    for (const auto& o : by_tail) {
        found = found || o["id"] == "CH-0001";
        EXPECT_EQ(o["match"], "phone_tail");
    }
    EXPECT_TRUE(found);
    for (const char* q : {"yangbaolin", "ybl", "yang bl", "yangb"}) {
        auto j = json::parse(nbhd(data, {"household", "find", q, "--json", "--limit", "500"}).out);
        bool hit = false;
        for (const auto& o : j) hit = hit || o["id"] == "CH-0001";
        EXPECT_TRUE(hit) << q;
    }
}

TEST(HouseholdFind, RevealIsAuditedBeforeItIsShown) {
    std::string data = hh_test::data_copy();
    const auto& h = hh_test::household("CH-0206");
    ASSERT_EQ(hh_test::audit_rows(data), 0u);
    auto r = nbhd(data, {"household", "find", "12-2-301", "--reveal", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json j = json::parse(r.out);
    EXPECT_EQ(j[0]["name"], h.head_name);
    EXPECT_EQ(j[0]["phone"], h.phone);
    auto audit = gis::privacy::read_audit(data).value();
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].action, "reveal");
    EXPECT_EQ(audit[0].households, "CH-0206");
    EXPECT_EQ(audit[0].user, gis::privacy::current_user());
    EXPECT_NE(audit[0].query.find("household find 12-2-301"), std::string::npos);

    auto text = nbhd(data, {"household", "find", "12-2-301", "--reveal"});
    ASSERT_EQ(text.exit_code, 0);
    EXPECT_NE(text.out.find(h.head_name), std::string::npos);
    EXPECT_EQ(hh_test::audit_rows(data), 2u);

    auto listed = nbhd(data, {"audit", "--json"});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    json a = json::parse(listed.out);
    ASSERT_EQ(a.size(), 2u);
    EXPECT_EQ(a[1]["households"], "CH-0206");
    EXPECT_EQ(a[1]["count"], 1);
    auto listed_text = nbhd(data, {"audit"});
    EXPECT_NE(listed_text.out.find("household find 12-2-301 --reveal"), std::string::npos) << listed_text.out;
}

TEST(HouseholdFind, NothingIsRevealedWhenTheAuditCannotBeWritten) {
    std::string data = hh_test::data_copy();
    ::chmod(data.c_str(), 0444);
    auto r = nbhd(data, {"household", "find", "王", "--reveal", "--json"});
    ::chmod(data.c_str(), 0644);
    EXPECT_EQ(r.exit_code, 8) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_NE(r.err.find("nothing is revealed"), std::string::npos) << r.err;
    expect_no_personal_data(r.out + r.err, "read-only reveal");
    EXPECT_EQ(hh_test::audit_rows(data), 0u);
}

TEST(HouseholdFind, LowIncomeSearchNeedsReveal) {
    std::string data = hh_test::data_copy();
    auto masked = nbhd(data, {"household", "find", "低保", "--json"});
    EXPECT_EQ(masked.exit_code, 2);
    EXPECT_TRUE(masked.out.empty());
    auto shown = nbhd(data, {"household", "find", "低保", "--reveal", "--json", "--limit", "100"});
    ASSERT_EQ(shown.exit_code, 0) << shown.err;
    json j = json::parse(shown.out);
    EXPECT_EQ(j.size(), 19u);
    for (const auto& o : j)
        EXPECT_NE(std::find(o["flags"].begin(), o["flags"].end(), "low_income"), o["flags"].end());
    EXPECT_EQ(hh_test::audit_rows(data), 1u);
}

TEST(HouseholdFind, LimitAndOffsetPage) {
    std::string data = hh_test::data_copy();
    json all = json::parse(nbhd(data, {"household", "find", "外来", "--json", "--limit", "1000"}).out);
    json page = json::parse(
        nbhd(data, {"household", "find", "外来", "--json", "--limit", "5", "--offset", "10"}).out);
    ASSERT_GT(all.size(), 15u);
    ASSERT_EQ(page.size(), 5u);
    for (int i = 0; i < 5; ++i) EXPECT_EQ(page[i]["id"], all[10 + i]["id"]);
}

TEST(HouseholdFind, BadInputIsAClearErrorAndChangesNothing) {
    std::string data = hh_test::data_copy();
    std::string before = hh_test::bytes_of(data);
    auto malformed = nbhd(data, {"household", "find", "12-2-3"});
    EXPECT_EQ(malformed.exit_code, 2);
    EXPECT_NE(malformed.err.find("like 12-2-301"), std::string::npos) << malformed.err;

    auto sql = nbhd(data, {"household", "find", "'; DROP TABLE households; --", "--json"});
    EXPECT_EQ(sql.exit_code, 0) << sql.err;
    EXPECT_EQ(json::parse(sql.out).size(), 0u);

    auto huge = nbhd(data, {"household", "find", std::string(100000, 'x')});
    EXPECT_EQ(huge.exit_code, 2);
    EXPECT_NE(huge.err.find("too long"), std::string::npos);
    EXPECT_LT(huge.err.size(), 1000u) << "the message does not echo the whole query";

    EXPECT_EQ(nbhd(data, {"household", "find", ""}).exit_code, 1);
    EXPECT_EQ(nbhd(data, {"household", "find", "   "}).exit_code, 1);
    // Past the last page: the matches are there, the page is empty.
    auto past = nbhd(data, {"household", "find", "9", "--offset", "19"});
    EXPECT_EQ(past.exit_code, 0);
    EXPECT_NE(past.out.find("19; the page starts after the last"), std::string::npos) << past.out;

    auto invalid = nbhd(data, {"household", "find", "\xff\xfe\xfd"});
    EXPECT_EQ(invalid.exit_code, 2);
    EXPECT_NE(invalid.err.find("UTF-8"), std::string::npos);
    EXPECT_EQ(hh_test::bytes_of(data), before);
    auto info = json::parse(nbhd(data, {"info", "--json"}).out);
    EXPECT_EQ(info["households"], 1037);
}

// ---- building show ------------------------------------------------------------------------------------

TEST(BuildingShow, JsonHasEveryFlatWithVacantOnesNull) {
    std::string data = hh_test::data_copy();
    for (int number : {12, 37}) {
        const auto* b = hh_test::shipped().building_by_number(number);
        ASSERT_NE(b, nullptr);
        auto r = nbhd(data, {"building", "show", std::to_string(number), "--json"});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        json j = json::parse(r.out);
        EXPECT_EQ(j["number"], number);
        EXPECT_EQ(j["floors"], b->floors);
        EXPECT_EQ(j["first_residential_floor"], b->first_residential_floor());
        EXPECT_EQ(j["shop_floors"].size(), static_cast<std::size_t>(b->first_residential_floor() - 1));
        ASSERT_EQ(j["flats"].size(), static_cast<std::size_t>(b->flat_count()));
        std::set<std::string> occupied;
        for (const auto& h : hh_test::shipped().households)
            if (h.building_number == number) occupied.insert(h.household_no);
        std::set<std::string> listed;
        int vacant = 0;
        for (const auto& f : j["flats"]) {
            EXPECT_GE(f["floor"].get<int>(), b->first_residential_floor());
            for (const char* k :
                 {"address", "building", "entrance", "floor", "flat", "name", "phone", "size", "flags"})
                EXPECT_TRUE(f.contains(k)) << k;
            if (f["id"].is_null()) {
                ++vacant;
                EXPECT_EQ(f["flags"][0], "vacant");
            } else {
                listed.insert(f["id"].get<std::string>());
            }
        }
        EXPECT_EQ(listed, occupied);
        EXPECT_EQ(j["vacant"], vacant);
        EXPECT_EQ(j["households"], static_cast<int>(occupied.size()));
        expect_no_personal_data(r.out, "building show --json");
    }
}

TEST(BuildingShow, GridMarksShopsAndRevealIsAudited) {
    std::string data = hh_test::data_copy();
    auto grid = nbhd(data, {"building", "show", "37", "--grid"});
    ASSERT_EQ(grid.exit_code, 0) << grid.err;
    EXPECT_NE(grid.out.find("street-front shops"), std::string::npos) << grid.out;
    EXPECT_NE(grid.out.find("701"), std::string::npos);
    expect_no_personal_data(grid.out, "building show --grid");
    auto zh = nbhd_test::run_nbhd({"--data", data, "--lang", "zh", "building", "show", "37", "--grid"});
    EXPECT_NE(zh.out.find("临街商铺"), std::string::npos);
    // Column heads: entrance and flat, in either language.
    EXPECT_NE(grid.out.find("Entrance 1 01"), std::string::npos) << grid.out;
    EXPECT_NE(zh.out.find("1单元 01"), std::string::npos) << zh.out;
    EXPECT_EQ(hh_test::audit_rows(data), 0u);

    auto shown = nbhd(data, {"building", "show", "37", "--grid", "--reveal"});
    ASSERT_EQ(shown.exit_code, 0) << shown.err;
    EXPECT_EQ(hh_test::audit_rows(data), 1u);
    auto rec = gis::privacy::read_audit(data).value()[0];
    int in37 = 0;
    for (const auto& h : hh_test::shipped().households)
        if (h.building_number == 37) {
            ++in37;
            EXPECT_NE(shown.out.find(h.head_name), std::string::npos);
        }
    EXPECT_EQ(rec.count, in37);

    auto none = nbhd(data, {"building", "show", "999"});
    EXPECT_EQ(none.exit_code, 3);
}

// ---- households within --------------------------------------------------------------------------------

TEST(HouseholdsWithin, PolygonAndLineGiveTheBuildingsHouseholds) {
    std::string data = hh_test::data_copy();
    const auto* b = hh_test::shipped().building_by_number(12);
    gis::BBox box = gis::bbox_of(b->footprint);
    auto fmt = [](double x, double y) { return std::to_string(x) + " " + std::to_string(y); };
    std::string wkt = "POLYGON((" + fmt(box.minx + 1, box.miny + 1) + "," + fmt(box.maxx - 1, box.miny + 1) +
                      "," + fmt(box.maxx - 1, box.maxy - 1) + "," + fmt(box.minx + 1, box.maxy - 1) + "," +
                      fmt(box.minx + 1, box.miny + 1) + "))";
    auto r = nbhd(data, {"households", "within", "--wkt", wkt, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json j = json::parse(r.out);
    EXPECT_EQ(j["buildings"], json::array({12}));
    int n = 0, residents = 0;
    for (const auto& h : hh_test::shipped().households)
        if (h.building_number == 12) {
            ++n;
            residents += h.size;
        }
    EXPECT_EQ(j["household_count"], n);
    EXPECT_EQ(j["residents"], residents);
    EXPECT_EQ(j["households"].size(), static_cast<std::size_t>(n));
    expect_no_personal_data(r.out, "households within");

    std::string line = "LINESTRING(" + fmt(box.minx, box.miny - 3) + "," + fmt(box.maxx, box.miny - 3) + ")";
    auto near = nbhd(data, {"households", "within", "--near-line", line, "--distance", "4", "--json"});
    ASSERT_EQ(near.exit_code, 0) << near.err;
    json nj = json::parse(near.out);
    EXPECT_NE(std::find(nj["buildings"].begin(), nj["buildings"].end(), 12), nj["buildings"].end());

    EXPECT_EQ(nbhd(data, {"households", "within", "--wkt", "POLYGON((0 0, 1 1"}).exit_code, 2);
    EXPECT_EQ(nbhd(data, {"households", "within", "--wkt", "POINT(0 0)"}).exit_code, 2);
    EXPECT_EQ(nbhd(data, {"households", "within", "--near-line", line}).exit_code, 2);
    EXPECT_EQ(nbhd(data, {"households", "within", "--near-line", line, "--distance", "-5"}).exit_code, 2);
    // A bow-tie has no inside: an invalid geometry, not a guess.
    auto bowtie =
        nbhd(data, {"households", "within", "--wkt",
                    "POLYGON((530080 3400110,530100 3400130,530100 3400110,530080 3400130,530080 3400110))"});
    EXPECT_EQ(bowtie.exit_code, 7) << bowtie.err;
    EXPECT_NE(bowtie.err.find("Self-intersection"), std::string::npos) << bowtie.err;
}
