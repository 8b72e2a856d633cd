// Import of household lists (CSV, XLSX, GB18030 CSV, English headers), their reject lists, and exports:
// masked by default, audited when unmasked, and importable again.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <tuple>

#include "gis/io/editor.hpp"
#include "gis/occupancy/export.hpp"
#include "gis/occupancy/import.hpp"
#include "gis/privacy/privacy.hpp"
#include "occupancy_fixture.hpp"

using namespace gis::occupancy;

namespace {

const std::string kData = NBHD_TEST_DATA_DIR "/occupancy/";

std::string bytes_of(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// Every header and cell of a CSV or XLSX file, read back through GDAL, as one text.
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

struct Imported {
    gis::Result<ImportReport> report;
    std::shared_ptr<const gis::district::District> after;
};

ImportOptions import_options(bool skip_bad, bool dry_run) {
    ImportOptions o;
    o.skip_bad = skip_bad;
    o.dry_run = dry_run;
    return o;
}

Imported run_import(const std::string& file, const std::string& path, ImportOptions options = {}) {
    auto d = gis::district::load(path);
    EXPECT_TRUE(d.ok());
    auto ix =
        OccupancyIndex::build(std::make_shared<const gis::district::District>(std::move(d).value()), {false});
    auto report = import_households(file, path, ix.value(), options);
    auto again = gis::district::load(path);
    EXPECT_TRUE(again.ok());
    return {std::move(report), std::make_shared<const gis::district::District>(std::move(again).value())};
}

const gis::district::Household* at(const gis::district::District& d, const std::string& address) {
    for (const auto& h : d.households)
        if (h.address == address) return &h;
    return nullptr;
}

}  // namespace

class GoodFile : public ::testing::TestWithParam<const char*> {};

TEST_P(GoodFile, ImportsEveryRowAtItsFlat) {
    std::string path = occ_test::copy_of_asset("import");
    auto [report, d] = run_import(kData + GetParam(), path);
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_TRUE(report->rejected.empty())
        << report->rejected.front().row << ": " << report->rejected.front().reason;
    EXPECT_TRUE(report->written);
    EXPECT_EQ(report->rows, 5u);
    EXPECT_EQ(report->imported, 5u);
    ASSERT_EQ(d->households.size(), 1042u);

    const auto* a = at(*d, "1-2-501");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->household_no, "CH-1038");  // next of the series
    EXPECT_EQ(a->head_name, "测试甲");
    EXPECT_EQ(a->phone, "13800000001");
    EXPECT_EQ(a->size, 2);
    const auto* b = at(*d, "2-1-502");
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(b->household_no, "IMP-0002");
    EXPECT_EQ(b->phone, "13800000002");
    EXPECT_TRUE(b->migrant);
    const auto* c = at(*d, "6-1-102");
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->size, 4);
    const auto* sql = at(*d, "7-2-302");
    ASSERT_NE(sql, nullptr);
    EXPECT_EQ(sql->head_name, "'; DROP TABLE households; --");  // stored verbatim
    EXPECT_EQ(sql->phone, "07105551234");
    const auto* e = at(*d, "12-2-201");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->head_name, "欧阳小明");
    EXPECT_EQ(e->id_number, "42050219650312129X");
    EXPECT_TRUE(e->low_income);
    EXPECT_TRUE(e->elderly_alone);
    EXPECT_FALSE(e->migrant);
    EXPECT_EQ(e->household_no, "IMP-0005");
}

INSTANTIATE_TEST_SUITE_P(Formats, GoodFile,
                         ::testing::Values("good.csv", "good.xlsx", "good_gb18030.csv", "good_en.csv"));

TEST(Import, BadRowsAreListedExactlyAndNothingIsWritten) {
    std::string path = occ_test::copy_of_asset("bad");
    std::string before = bytes_of(path);
    auto [report, d] = run_import(kData + "bad.csv", path);
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_FALSE(report->written);
    EXPECT_EQ(report->imported, 0u);
    EXPECT_EQ(report->rows, 16u);
    const std::string phone =
        "电话 is not a phone number (mobile: 11 digits from 1; landline: area code and number)";
    std::vector<RejectedRow> expected = {
        {3, "there is no residential building 99"},
        {4, "floor 9 is above the top floor (5) of building 12"},
        {5, "entrance 3 does not exist (building 12 has 2)"},
        {6, "12-2-301 is already occupied (CH-0206)"},
        {7, "13-1-102 is also given in row 2"},
        {8, phone},
        {9, "户主 is empty"},
        {10, "floor 1 of building 37 is street-front shops"},
        {11, "户主 is empty; " + phone},
        {12, "flat 3 does not exist (building 16 has 2 per floor in each entrance)"},
        {13, "人数 must be a whole number from 1 to 20"},
        {14, "household number CH-0001 already exists"},
        {15, "身份证号 is not a valid ID number (18 characters with a correct check digit)"},
        {16, "低保 must be 是 or 否 (or 1 or 0)"},
    };
    EXPECT_EQ(report->rejected, expected);
    EXPECT_EQ(d->households.size(), 1037u);
    EXPECT_EQ(bytes_of(path), before);
}

TEST(Import, PhoneNumbersMustBeDiallable) {
    const std::string path = occ_test::copy_of_asset("phones");
    const std::string dir = occ_test::temp_dir("phones");
    struct Case {
        const char* phone;
        const char* stored;  // nullptr: refused
    };
    const Case cases[] = {
        {"13912345678", "13912345678"},
        {"+86 139 1234 5678", "13912345678"},
        {"１３９１２３４５６７８", "13912345678"},  // full-width digits, as some input methods type them
        {"0710-5551234", "07105551234"},
        {"(0710)5551234", nullptr},
        {"1391234", nullptr},  // 7 digits: no area code
        {"1234567", nullptr},
        {"12345678901", nullptr},  // 11 digits but no mobile prefix
        {"00105551234", nullptr},
        {"139-1234-567a", nullptr},
    };
    int n = 0;
    for (const auto& c : cases) {
        const std::string csv = dir + "/p" + std::to_string(n++) + ".csv";
        std::ofstream(csv) << "户号,楼号,单元,楼层,房号,户主,电话,身份证号,人数,低保,外来,独居\n"
                           << ",1,2,5,1,测试甲," << c.phone << ",,2,否,否,否\n";
        auto [report, d] = run_import(csv, path, import_options(false, true));
        ASSERT_TRUE(report.ok()) << report.error().message;
        if (c.stored) {
            EXPECT_TRUE(report->rejected.empty()) << c.phone << ": " << report->rejected.front().reason;
        } else {
            ASSERT_EQ(report->rejected.size(), 1u) << c.phone;
            EXPECT_NE(report->rejected[0].reason.find("not a phone number"), std::string::npos) << c.phone;
        }
    }
}

TEST(Import, FullWidthDigitsInTheFlatColumnsAreRead) {
    const std::string path = occ_test::copy_of_asset("fullwidth");
    const std::string csv = occ_test::temp_dir("fullwidth") + "/fw.csv";
    // As some input methods type them: building, entrance, floor and flat in full-width digits.
    std::ofstream(csv) << "户号,楼号,单元,楼层,房号,户主,电话,身份证号,人数,低保,外来,独居\n"
                       << ",１,２,５,５０１,测试乙,13912345678,,２,否,否,否\n";
    auto [report, d] = run_import(csv, path);
    ASSERT_TRUE(report.ok()) << report.error().message;
    ASSERT_TRUE(report->rejected.empty()) << report->rejected.front().reason;
    EXPECT_EQ(report->imported, 1u);
    const auto it = std::find_if(d->households.begin(), d->households.end(),
                                 [](const auto& h) { return h.head_name == "测试乙"; });
    ASSERT_NE(it, d->households.end());
    EXPECT_EQ(it->building_number, 1);
    EXPECT_EQ(it->entrance, 2);
    EXPECT_EQ(it->floor, 5);
    EXPECT_EQ(it->flat, 1);
    EXPECT_EQ(it->size, 2);
}

TEST(Import, RowNumbersCountTheEmptyLinesAPersonSees) {
    const std::string path = occ_test::copy_of_asset("blank_lines");
    const std::string csv = occ_test::temp_dir("blank_lines") + "/blank.csv";
    std::ofstream(csv) << "户号,楼号,单元,楼层,房号,户主,电话,身份证号,人数,低保,外来,独居\r\n"
                       << ",1,2,5,1,测试甲,13800000001,,2,否,否,否\r\n"
                       << "\r\n\r\n"
                       << ",99,1,5,1,测试乙,13800000002,,2,否,否,否\r\n"  // spreadsheet row 5
                       << "\n"
                       << ",2,1,5,2,测试丙,1234,,2,否,否,否\n";  // row 7
    auto [report, d] = run_import(csv, path, import_options(false, true));
    ASSERT_TRUE(report.ok()) << report.error().message;
    ASSERT_EQ(report->rejected.size(), 2u);
    EXPECT_EQ(report->rejected[0].row, 5);
    EXPECT_EQ(report->rejected[0].reason, "there is no residential building 99");
    EXPECT_EQ(report->rejected[1].row, 7);
}

TEST(Import, EmptyAndBinaryFilesAreNamedAsSuch) {
    const std::string path = occ_test::copy_of_asset("not_csv");
    const std::string before = bytes_of(path);
    const std::string dir = occ_test::temp_dir("not_csv");
    std::ofstream(dir + "/empty.csv") << "\r\n";
    std::string binary = "PK\x03\x04";
    binary += std::string(1, '\0') + "\x14\x00xl/workbook.xml";
    std::ofstream(dir + "/renamed.csv", std::ios::binary) << binary;
    auto [empty, d1] = run_import(dir + "/empty.csv", path);
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().code, gis::ErrorCode::BadInput);
    EXPECT_NE(empty.error().message.find("the file is empty"), std::string::npos) << empty.error().message;
    auto [renamed, d2] = run_import(dir + "/renamed.csv", path);
    ASSERT_FALSE(renamed.ok());
    EXPECT_NE(renamed.error().message.find("not a text file"), std::string::npos) << renamed.error().message;
    EXPECT_EQ(bytes_of(path), before);
}

TEST(Import, SkipBadWritesTheGoodRowsOnly) {
    std::string path = occ_test::copy_of_asset("skip");
    auto [report, d] = run_import(kData + "bad.csv", path, import_options(true, false));
    ASSERT_TRUE(report.ok());
    EXPECT_TRUE(report->written);
    EXPECT_EQ(report->imported, 2u);
    EXPECT_EQ(report->rejected.size(), 14u);
    EXPECT_EQ(d->households.size(), 1039u);
    ASSERT_NE(at(*d, "13-1-102"), nullptr);
    EXPECT_EQ(at(*d, "13-1-102")->head_name, "测试丁");
    ASSERT_NE(at(*d, "20-1-502"), nullptr);
    EXPECT_EQ(report->household_numbers, (std::vector<std::string>{"CH-1038", "CH-1039"}));
}

TEST(Import, WrongHeadersNameTheMissingColumns) {
    std::string path = occ_test::copy_of_asset("headers");
    std::string before = bytes_of(path);
    auto [report, d] = run_import(kData + "wrong_headers.csv", path);
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.error().code, gis::ErrorCode::BadInput);
    const auto& m = report.error().message;
    EXPECT_NE(m.find("missing columns: 楼号 (building_number), 房号 (flat), 户主 (head_name)"),
              std::string::npos)
        << m;
    EXPECT_NE(m.find("the file has: 户号, 楼, 单元号, 层, 名字, 电话"), std::string::npos) << m;
    EXPECT_EQ(bytes_of(path), before);
}

TEST(Import, OtherFilesAndUnwritableDataSetsChangeNothing) {
    std::string path = occ_test::copy_of_asset("other");
    auto d = std::make_shared<const gis::district::District>(gis::district::load(path).value());
    auto ix = OccupancyIndex::build(d, {false}).value();
    auto missing = import_households(kData + "nope.csv", path, ix);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, gis::ErrorCode::NotFound);
    auto txt = import_households(kData + "../occupancy/good.csv.txt", path, ix);
    EXPECT_FALSE(txt.ok());
    std::string before = bytes_of(path);
    ::chmod(path.c_str(), 0444);
    auto ro = import_households(kData + "good.csv", path, ix);
    ::chmod(path.c_str(), 0644);
    ASSERT_FALSE(ro.ok());
    EXPECT_EQ(ro.error().code, gis::ErrorCode::ReadOnly);
    EXPECT_EQ(bytes_of(path), before);
}

// ---- export -------------------------------------------------------------------------------------------

namespace {
std::vector<HouseholdId> everyone(const OccupancyIndex& ix) {
    std::vector<HouseholdId> ids(ix.size());
    for (HouseholdId i = 0; i < ix.size(); ++i) ids[i] = i;
    return ids;
}
}  // namespace

class MaskedExport : public ::testing::TestWithParam<const char*> {};

TEST_P(MaskedExport, HasNoNamePhoneIdOrLowIncome) {
    const auto& ix = occ_test::index();
    std::string out = occ_test::temp_dir("export") + "/list" + GetParam();
    auto n = export_households(ix, everyone(ix), out);
    ASSERT_TRUE(n.ok()) << n.error().message;
    EXPECT_EQ(*n, 1037u);
    // Read back through GDAL, whatever the format, and search every cell.
    auto path = occ_test::copy_of_asset("exportcheck");
    auto back = run_import(out, path, import_options(false, true));
    ASSERT_TRUE(back.report.ok()) << back.report.error().message;
    EXPECT_EQ(back.report->rows, 1037u);
    ASSERT_EQ(back.report->rejected.size(), 1037u) << "a masked list is never imported as if it were real";
    for (const auto& r : back.report->rejected)
        EXPECT_NE(r.reason.find("户主 is masked"), std::string::npos) << r.reason;
    std::string text = cells_of(out);
    EXPECT_NE(text.find("CH-0001"), std::string::npos);
    EXPECT_NE(text.find(gis::privacy::mask_phone(occ_test::district()->households[0].phone)),
              std::string::npos);
    for (const auto& h : occ_test::district()->households) {
        EXPECT_EQ(text.find(h.phone), std::string::npos) << h.household_no;
        EXPECT_EQ(text.find(h.id_number), std::string::npos) << h.household_no;
        if (h.head_name.size() > 3) {  // one-character given names could occur inside a masked name
            EXPECT_EQ(text.find(h.head_name), std::string::npos) << h.household_no;
        }
    }
    EXPECT_EQ(text.find("低保"), std::string::npos);
    EXPECT_TRUE(gis::privacy::read_audit(path).value().empty());
}

INSTANTIATE_TEST_SUITE_P(Formats, MaskedExport, ::testing::Values(".csv", ".xlsx"));

TEST(Export, PersonalDataIsAuditedFirstAndImportsAgain) {
    std::string path = occ_test::copy_of_asset("personal");
    auto d = std::make_shared<const gis::district::District>(gis::district::load(path).value());
    auto ix = OccupancyIndex::build(d, {false}).value();
    std::string out = occ_test::temp_dir("personal") + "/all.csv";
    ExportOptions opt{true, path, "households export --include-personal-data", false, {}};
    auto n = export_households(ix, everyone(ix), out, opt);
    ASSERT_TRUE(n.ok()) << n.error().message;
    auto audit = gis::privacy::read_audit(path).value();
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].action, "export");
    EXPECT_EQ(audit[0].count, 1037);
    EXPECT_NE(cells_of(out).find(d->households[0].head_name), std::string::npos);

    // Into a copy with no households: the export imports back to the same records.
    std::string empty = occ_test::copy_of_asset("empty");
    {
        auto ed = gis::io::Editor::open(empty);
        ASSERT_TRUE(ed.ok());
        for (const auto& h : d->households) ASSERT_TRUE(ed->remove("households", h.fid).ok());
        ASSERT_TRUE(ed->commit().ok());
    }
    auto [report, after] = run_import(out, empty);
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_TRUE(report->rejected.empty())
        << report->rejected.front().row << " " << report->rejected.front().reason;
    ASSERT_EQ(after->households.size(), 1037u);
    std::map<std::string, const gis::district::Household*> orig;
    for (const auto& h : d->households) orig[h.household_no] = &h;
    for (const auto& h : after->households) {
        const auto* o = orig.at(h.household_no);
        EXPECT_EQ(h.address, o->address);
        EXPECT_EQ(h.head_name, o->head_name);
        EXPECT_EQ(h.phone, o->phone);
        EXPECT_EQ(h.id_number, o->id_number);
        EXPECT_EQ(h.size, o->size);
        EXPECT_EQ(h.low_income, o->low_income);
        EXPECT_EQ(h.migrant, o->migrant);
        EXPECT_EQ(h.elderly_alone, o->elderly_alone);
    }

    // Exists: refused without overwrite; an unwritable audit table writes no file.
    EXPECT_FALSE(export_households(ix, everyone(ix), out, opt).ok());
    ::chmod(path.c_str(), 0444);
    std::string out2 = occ_test::temp_dir("personal2") + "/all.xlsx";
    auto refused = export_households(ix, everyone(ix), out2, opt);
    ::chmod(path.c_str(), 0644);
    ASSERT_FALSE(refused.ok());
    EXPECT_FALSE(std::filesystem::exists(out2));
    EXPECT_EQ(gis::privacy::read_audit(path).value().size(), 1u);
    EXPECT_FALSE(export_households(ix, everyone(ix), out2, {true, "", "x", false, {}}).ok());
}

TEST(Export, ReportsItsProgressRowsThenSaving) {
    const auto& ix = occ_test::index();
    std::string out = occ_test::temp_dir("export-progress") + "/list.xlsx";
    gis::occupancy::ExportOptions opt;
    std::vector<std::tuple<std::string, std::int64_t, std::int64_t>> seen;
    opt.progress = [&](const std::string& stage, std::int64_t done, std::int64_t total) {
        seen.emplace_back(stage, done, total);
    };
    auto n = export_households(ix, everyone(ix), out, opt);
    ASSERT_TRUE(n.ok()) << n.error().message;
    ASSERT_GE(seen.size(), 2u);
    EXPECT_EQ(seen.front(),
              std::make_tuple(std::string("progress.writing"), std::int64_t(0), std::int64_t(1037)));
    EXPECT_EQ(seen[seen.size() - 2],
              std::make_tuple(std::string("progress.writing"), std::int64_t(1037), std::int64_t(1037)));
    EXPECT_EQ(seen.back(), std::make_tuple(std::string("progress.saving"), std::int64_t(0), std::int64_t(0)));
}
