// nbhd households import / export as a user runs them: reject lists, all-or-nothing, hostile names stored
// verbatim, masked exports, audited unmasked exports.

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cstdlib>

#include "gis/io/dataset.hpp"
#include "household_fixture.hpp"

using hh_test::expect_no_personal_data;
using hh_test::nbhd;
using nlohmann::json;

namespace {

const std::string kData = NBHD_TEST_DATA_DIR "/occupancy/";

int households_in(const std::string& data) {
    return json::parse(nbhd(data, {"info", "--json"}).out)["households"];
}

std::string cells_of(const std::string& file) {
    ::setenv("OGR_XLSX_HEADERS", "FORCE", 1);
    ::setenv("OGR_XLSX_FIELD_TYPES", "STRING", 1);
    auto ds = gis::io::Dataset::open(file);
    EXPECT_TRUE(ds.ok());
    if (!ds.ok()) return "";
    auto layer = ds->read_layer(ds->layers().front().name);
    EXPECT_TRUE(layer.ok());
    std::string text;
    for (const auto& f : layer->info.fields) text += f.name + "\n";
    for (const auto& f : layer->features)
        for (const auto& v : f.values) text += gis::io::to_display(v) + "\n";
    return text;
}

}  // namespace

TEST(HouseholdsImport, GoodFileIsWrittenAndTheHostileNameIsStoredVerbatim) {
    std::string data = hh_test::data_copy();
    auto r = nbhd(data, {"households", "import", kData + "good.csv"});
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    EXPECT_NE(r.out.find("Households imported"), std::string::npos);
    EXPECT_EQ(households_in(data), 1042);

    const std::string sql = "'; DROP TABLE households; --";
    auto found = nbhd(data, {"household", "find", sql, "--reveal", "--json"});
    ASSERT_EQ(found.exit_code, 0) << found.err;
    json j = json::parse(found.out);
    ASSERT_EQ(j.size(), 1u);
    EXPECT_EQ(j[0]["name"], sql);
    EXPECT_EQ(j[0]["address"], "7-2-302");
    auto masked = json::parse(nbhd(data, {"household", "find", "7-2-302", "--json"}).out);
    EXPECT_EQ(masked[0]["name"], gis::privacy::mask_name(sql));

    auto by_pinyin = json::parse(nbhd(data, {"household", "find", "oyxm", "--json"}).out);
    bool hit = false;
    for (const auto& o : by_pinyin) hit = hit || o["address"] == "12-2-201";
    EXPECT_TRUE(hit);
}

TEST(HouseholdsImport, BadRowsAreListedAndNothingIsWritten) {
    std::string data = hh_test::data_copy();
    std::string before = hh_test::bytes_of(data);
    auto r = nbhd(data, {"households", "import", kData + "bad.csv"});
    EXPECT_EQ(r.exit_code, 2);
    for (const char* line :
         {"row 3: there is no residential building 99",
          "row 4: floor 9 is above the top floor (5) of building 12",
          "row 5: entrance 3 does not exist (building 12 has 2)",
          "row 6: 12-2-301 is already occupied (CH-0206)", "row 7: 13-1-102 is also given in row 2",
          "row 8: 电话 is not a phone number", "row 9: 户主 is empty", "Nothing was imported"})
        EXPECT_NE(r.out.find(line), std::string::npos) << line << "\n" << r.out;
    EXPECT_EQ(r.out.find("row 2:"), std::string::npos);
    EXPECT_EQ(r.out.find("row 17:"), std::string::npos);
    expect_no_personal_data(r.out + r.err, "import report");
    EXPECT_EQ(hh_test::bytes_of(data), before);

    auto skipped = nbhd(data, {"households", "import", kData + "bad.csv", "--skip-bad"});
    EXPECT_EQ(skipped.exit_code, 0) << skipped.err;
    EXPECT_EQ(households_in(data), 1039);
}

TEST(HouseholdsImport, WrongHeadersNameTheMissingColumns) {
    std::string data = hh_test::data_copy();
    std::string before = hh_test::bytes_of(data);
    auto r = nbhd(data, {"households", "import", kData + "wrong_headers.csv"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("missing columns: 楼号 (building_number), 房号 (flat), 户主 (head_name)"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(hh_test::bytes_of(data), before);
    auto dry = nbhd(data, {"households", "import", kData + "good.xlsx", "--dry-run"});
    EXPECT_EQ(dry.exit_code, 0) << dry.err;
    EXPECT_EQ(hh_test::bytes_of(data), before);
    EXPECT_EQ(nbhd(data, {"households", "import", kData + "missing.csv"}).exit_code, 3);
}

TEST(HouseholdsExport, MaskedByDefaultInBothFormats) {
    std::string data = hh_test::data_copy();
    std::string dir = nbhd_test::temp_dir();
    for (const char* ext : {".csv", ".xlsx"}) {
        std::string out = dir + "/list" + ext;
        auto r = nbhd(data, {"households", "export", "--out", out});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        std::string cells = cells_of(out);
        EXPECT_NE(cells.find("CH-1037"), std::string::npos);
        EXPECT_EQ(cells.find("低保"), std::string::npos);
        expect_no_personal_data(cells, out);
        expect_no_personal_data(hh_test::bytes_of(out), out);
        EXPECT_EQ(nbhd(data, {"households", "export", "--out", out}).exit_code, 2) << "exists, as brief --out";
    }
    EXPECT_EQ(hh_test::audit_rows(data), 0u);
    EXPECT_EQ(nbhd(data, {"households", "export", "--out", dir + "/list.txt"}).exit_code, 2);
}

TEST(HouseholdsExport, QueryExportsTheSearchResultsOnly) {
    std::string data = hh_test::data_copy();
    std::string dir = nbhd_test::temp_dir();
    auto r = nbhd(data, {"households", "export", "--out", dir + "/migrants.csv", "--query", "外来"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::string cells = cells_of(dir + "/migrants.csv");
    for (const auto& h : hh_test::shipped().households)
        EXPECT_EQ(cells.find(h.household_no + "\n") != std::string::npos, h.migrant) << h.household_no;
    auto low = nbhd(data, {"households", "export", "--out", dir + "/low.csv", "--query", "低保"});
    EXPECT_EQ(low.exit_code, 2);
    EXPECT_FALSE(std::filesystem::exists(dir + "/low.csv"));
    EXPECT_EQ(hh_test::audit_rows(data), 0u);
}

TEST(HouseholdsExport, PersonalDataIsAuditedFirst) {
    std::string data = hh_test::data_copy();
    std::string out = nbhd_test::temp_dir() + "/all.xlsx";
    auto r = nbhd(data, {"households", "export", "--out", out, "--include-personal-data"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto audit = gis::privacy::read_audit(data).value();
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].action, "export");
    EXPECT_EQ(audit[0].count, 1037);
    // The record names every household exported and the command as it was typed.
    for (const auto& h : hh_test::shipped().households) {
        EXPECT_TRUE(gis::privacy::list_includes(audit[0].households, h.household_no)) << h.household_no;
    }
    EXPECT_NE(audit[0].query.find("households export --out " + out + " --include-personal-data"),
              std::string::npos)
        << audit[0].query;
    // A filtered export records its filter; `nbhd audit --household` finds the records of one household.
    const auto& migrant = hh_test::household("CH-0206");  // 外来 (see RevealIsAuditedBeforeItIsShown's grid)
    auto q = nbhd(data, {"households", "export", "--out", nbhd_test::temp_dir() + "/m.csv", "--query", "外来",
                         "--include-personal-data"});
    ASSERT_EQ(q.exit_code, 0) << q.err;
    auto who = nbhd(data, {"audit", "--household", migrant.household_no, "--json"});
    ASSERT_EQ(who.exit_code, 0) << who.err;
    const auto records = nlohmann::json::parse(who.out);
    ASSERT_EQ(records.size(), 2u) << who.out;
    EXPECT_NE(records[1]["query"].get<std::string>().find("--query 外来"), std::string::npos) << records[1];
    auto low =
        nbhd(data, {"households", "export", "--out", nbhd_test::temp_dir() + "/l.csv", "--query", "低保"});
    EXPECT_EQ(low.exit_code, 2);
    EXPECT_NE(low.err.find("--include-personal-data"), std::string::npos) << low.err;
    auto nobody = nbhd(data, {"audit", "--household", "CH-9999", "--json"});
    EXPECT_EQ(nlohmann::json::parse(nobody.out).size(), 0u);
    std::string cells = cells_of(out);
    EXPECT_NE(cells.find(hh_test::household("CH-0001").head_name), std::string::npos);
    EXPECT_NE(cells.find("低保"), std::string::npos);

    std::string data2 = hh_test::data_copy();
    ::chmod(data2.c_str(), 0444);
    std::string out2 = nbhd_test::temp_dir() + "/all.csv";
    auto refused = nbhd(data2, {"households", "export", "--out", out2, "--include-personal-data"});
    ::chmod(data2.c_str(), 0644);
    EXPECT_EQ(refused.exit_code, 8) << refused.err;
    EXPECT_FALSE(std::filesystem::exists(out2));
}
