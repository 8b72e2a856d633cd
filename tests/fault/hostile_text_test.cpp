// Hostile text through every output path, and an audit log edited behind nbhd's back, as a user runs
// nbhd: households whose name, address and phone hold terminal controls, a bidi override, a spreadsheet
// formula, bytes that are not UTF-8 and 10 KB of text; a district whose name holds them; a file whose
// name holds them. Nothing reaches the terminal raw, JSON stays JSON with the same strings, CSV and XLSX
// files open again, the PDF renders; a record deleted, changed or cut from the end of the audit log is
// named by `nbhd audit --verify`.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gis/core/terminal_text.hpp"
#include "gis/io/editor.hpp"
#include "gis/privacy/privacy.hpp"
#include "run_command.hpp"

namespace fs = std::filesystem;
using nbhd_test::CommandResult;
using nlohmann::json;

namespace {

const std::string kEsc = "\x1b[1A\x1b[2K";  // cursor up, erase the line
const std::string kRlo = "\u202e";          // RIGHT-TO-LEFT OVERRIDE
const std::string kFormula = "=cmd|' /C calc'!A0";
// CH-0001's name (valid UTF-8, so that JSON can carry it whole), address and phone.
const std::string kName = "杨" + kEsc + "\r" + kRlo + "林\x01";
const std::string kAddress = "1-1-101\xff\xfe" + kEsc;
const std::string kPhone =
    "130\x1b]0;owned\x07"
    "1214";
// The escaped forms a terminal shows.
const std::string kNameShown = "杨\\u001b[1A\\u001b[2K\\u000d\\u202e林\\u0001";
const std::string kAddressShown = "1-1-101\\xff\\xfe\\u001b[1A\\u001b[2K";

/// At most 3,000 bytes of a command's output, escaped, for a failure message.
std::string shown(const std::string& s) { return gis::terminal_text(s.substr(0, 3000)); }

CommandResult nbhd(const std::string& data, std::vector<std::string> args) {
    args.insert(args.begin(), {"--data", data, "--lang", "en"});
    return nbhd_test::run_nbhd(args);
}

using nbhd_test::capture;

/// Runs one statement on the file as another program would, with text parameters bound byte for byte.
void sql(const std::string& path, const std::string& statement, const std::vector<std::string>& texts = {}) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, statement.c_str(), -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    for (std::size_t i = 0; i < texts.size(); ++i)
        sqlite3_bind_text(st, static_cast<int>(i + 1), texts[i].data(), static_cast<int>(texts[i].size()),
                          SQLITE_TRANSIENT);
    EXPECT_EQ(sqlite3_step(st), SQLITE_DONE) << statement << ": " << sqlite3_errmsg(db);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/// Sets a text field of a layer with a spatial index, through GDAL (as ogrinfo -sql would: plain SQLite
/// lacks the GeoPackage functions its triggers call).
void set_field(const std::string& path, const std::string& layer, const std::string& where,
               const std::string& field, const std::string& value) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(
        sqlite3_prepare_v2(db, ("SELECT fid FROM " + layer + " WHERE " + where).c_str(), -1, &st, nullptr),
        SQLITE_OK);
    std::vector<std::int64_t> fids;
    while (sqlite3_step(st) == SQLITE_ROW) fids.push_back(sqlite3_column_int64(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    ASSERT_FALSE(fids.empty()) << layer << " " << where;
    auto ed = gis::io::Editor::open(path);
    ASSERT_TRUE(ed.ok());
    for (auto fid : fids) ASSERT_TRUE(ed->update(layer, fid, nullptr, {{field, value}}).ok());
    ASSERT_TRUE(ed->commit().ok());
}

/// Nothing a terminal would act on: no control character but \n and \t, no bidi override, only UTF-8.
void expect_terminal_safe(const CommandResult& r, const std::string& what) {
    EXPECT_TRUE(gis::is_terminal_safe(r.out)) << what << " stdout:\n" << gis::terminal_text(r.out);
    EXPECT_TRUE(gis::is_terminal_safe(r.err)) << what << " stderr:\n" << gis::terminal_text(r.err);
}

/// The shipped data set with hostile households: two imported as a person would (a formula and a bidi
/// override pass the import's checks), and CH-0001 changed by another program with what no import
/// lets in; building 1's name holds controls too.
const std::string& hostile_data() {
    static const std::string path = [] {
        std::string dir = nbhd_test::temp_dir();
        std::string data = dir + "/hostile.gpkg";
        fs::copy_file(NBHD_ASSET_FILE, data);
        std::ofstream csv(dir + "/list.csv", std::ios::binary);
        csv << "户号,楼号,单元,楼层,房号,户主,电话,身份证号,人数,低保,外来,独居\n"
            << "HX-0001,1,2,5,1,\"" << kFormula << "\",13800000001,,2,否,否,否\n"
            << "HX-0002,2,1,5,502," << kRlo << "gnp.exe,13800000002,,1,是,是,否\n";
        csv.close();
        auto r = nbhd(data, {"households", "import", dir + "/list.csv"});
        EXPECT_EQ(r.exit_code, 0) << shown(r.out) << shown(r.err);
        std::string big;
        for (int i = 0; i < 1000; ++i) big += "长" + kEsc.substr(0, 7);  // 10,000 bytes
        sql(data,
            "UPDATE households SET head_name = ?1, address = ?2, phone = ?3 WHERE household_no = 'CH-0001'",
            {kName, kAddress, kPhone});
        sql(data, "UPDATE households SET head_name = ?1 WHERE household_no = 'CH-0002'", {big});
        set_field(data, "buildings", "number = 1", "name",
                  "1号楼" + kEsc +
                      "\xc2\x9b"
                      "31m");
        return data;
    }();
    return path;
}

/// Columns a terminal gives UTF-8 text: CJK and full-width characters 2, others 1.
std::size_t display_columns(const std::string& s) {
    std::size_t w = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto b = static_cast<unsigned char>(s[i]);
        if ((b & 0xC0) == 0x80) continue;
        w += b >= 0xE3 && b <= 0xEA ? 2 : 1;  // U+3000-U+AFFF: CJK (the text here has no other wide kind)
    }
    return w;
}

}  // namespace

TEST(HostileText, HouseholdFindShowsEscapesOnTheTerminal) {
    auto r = nbhd(hostile_data(), {"household", "find", "CH-0001", "--reveal"});
    ASSERT_EQ(r.exit_code, 0) << shown(r.err);
    expect_terminal_safe(r, "household find");
    EXPECT_NE(r.out.find(kNameShown), std::string::npos) << shown(r.out);
    EXPECT_NE(r.out.find(kAddressShown), std::string::npos) << shown(r.out);
    EXPECT_NE(r.out.find("130\\u001b]0;owned\\u00071214"), std::string::npos) << shown(r.out);

    auto masked = nbhd(hostile_data(), {"household", "find", "CH-0001"});
    ASSERT_EQ(masked.exit_code, 0) << shown(masked.err);
    expect_terminal_safe(masked, "household find, masked");
    EXPECT_NE(masked.out.find(kAddressShown), std::string::npos) << shown(masked.out);

    auto big = nbhd(hostile_data(), {"household", "find", "CH-0002", "--reveal"});
    ASSERT_EQ(big.exit_code, 0) << shown(big.err);
    expect_terminal_safe(big, "household find, 10 KB name");
    std::string big_shown;
    for (int i = 0; i < 1000; ++i) big_shown += "长\\u001b[1A\\u001b[2";
    EXPECT_NE(big.out.find(big_shown), std::string::npos);

    auto imported = nbhd(hostile_data(), {"household", "find", "HX-0002", "--reveal"});
    ASSERT_EQ(imported.exit_code, 0) << shown(imported.err);
    expect_terminal_safe(imported, "household find, bidi");
    EXPECT_NE(imported.out.find("\\u202egnp.exe"), std::string::npos) << shown(imported.out);
}

TEST(HostileText, TableColumnsStayAlignedAroundEscapes) {
    auto r = nbhd(hostile_data(), {"household", "find", "CH-0001", "--reveal"});
    ASSERT_EQ(r.exit_code, 0) << shown(r.err);
    // The last column (Match) starts at the same display column in the header and in the row, however
    // long the escapes before it are.
    std::vector<std::string> lines;
    for (std::size_t at = 0, end; (end = r.out.find('\n', at)) != std::string::npos; at = end + 1)
        lines.push_back(r.out.substr(at, end - at));
    std::size_t header = std::string::npos, row = std::string::npos;
    for (const auto& line : lines) {
        if (line.find("Match") != std::string::npos)
            header = display_columns(line.substr(0, line.find("Match")));
        if (line.find("CH-0001") != std::string::npos)
            row = display_columns(line.substr(0, line.rfind("household number")));
    }
    EXPECT_NE(header, std::string::npos) << shown(r.out);
    EXPECT_EQ(header, row) << shown(r.out);
}

TEST(HostileText, JsonKeepsTheStringsWhole) {
    auto r = nbhd(hostile_data(), {"household", "find", "CH-0001", "--reveal", "--json"});
    ASSERT_EQ(r.exit_code, 0) << shown(r.err);
    expect_terminal_safe(r, "household find --json");
    const json j = json::parse(r.out);
    ASSERT_EQ(j.size(), 1u);
    EXPECT_EQ(j[0]["name"], kName);
    EXPECT_EQ(j[0]["phone"], kPhone);
    // The address is not UTF-8: JSON carries U+FFFD for each byte that is not.
    EXPECT_EQ(j[0]["address"], "1-1-101\ufffd\ufffd" + kEsc);

    auto formula =
        json::parse(nbhd(hostile_data(), {"household", "find", "HX-0001", "--reveal", "--json"}).out);
    ASSERT_EQ(formula.size(), 1u);
    EXPECT_EQ(formula[0]["name"], kFormula);
    auto bidi = json::parse(nbhd(hostile_data(), {"household", "find", "HX-0002", "--reveal", "--json"}).out);
    ASSERT_EQ(bidi.size(), 1u);
    EXPECT_EQ(bidi[0]["name"], kRlo + "gnp.exe");
}

TEST(HostileText, BuildingShowEscapesTheBuildingsNameAndItsHouseholds) {
    auto r = nbhd(hostile_data(), {"building", "show", "1", "--reveal"});
    ASSERT_EQ(r.exit_code, 0) << shown(r.err);
    expect_terminal_safe(r, "building show");
    EXPECT_NE(r.out.find("1号楼\\u001b[1A\\u001b[2K\\u009b31m"), std::string::npos) << shown(r.out);
    EXPECT_NE(r.out.find(kNameShown), std::string::npos) << shown(r.out);
    auto grid = nbhd(hostile_data(), {"building", "show", "1", "--grid", "--reveal"});
    ASSERT_EQ(grid.exit_code, 0) << shown(grid.err);
    expect_terminal_safe(grid, "building show --grid");
    auto j = nbhd(hostile_data(), {"building", "show", "1", "--json"});
    ASSERT_EQ(j.exit_code, 0) << shown(j.err);
    expect_terminal_safe(j, "building show --json");
    EXPECT_TRUE(json::accept(j.out));
}

TEST(HostileText, AuditListsAStoredQueryEscaped) {
    std::string data = nbhd_test::temp_dir() + "/audit.gpkg";
    fs::copy_file(NBHD_ASSET_FILE, data);
    const std::string query = "nbhd household find '" + kEsc + "' --reveal " + kRlo + "\xff";
    ASSERT_TRUE(gis::privacy::append_audit(data, "reveal", query, {"CH-0001"}).ok());
    auto r = nbhd(data, {"audit"});
    ASSERT_EQ(r.exit_code, 0) << shown(r.err);
    expect_terminal_safe(r, "audit");
    EXPECT_NE(r.out.find("nbhd household find '\\u001b[1A\\u001b[2K' --reveal \\u202e\\xff"),
              std::string::npos)
        << shown(r.out);

    auto j = nbhd(data, {"audit", "--json"});
    ASSERT_EQ(j.exit_code, 0) << shown(j.err);
    expect_terminal_safe(j, "audit --json");
    const json a = json::parse(j.out);
    ASSERT_EQ(a.size(), 1u);
    // The byte that is not UTF-8 was stored as the text \xff; the rest is the query as typed.
    EXPECT_EQ(a[0]["query"], "nbhd household find '" + kEsc + "' --reveal " + kRlo + "\\xff");
    EXPECT_EQ(a[0]["hash"].get<std::string>().size(), 64u);
}

TEST(HostileText, AHostileQueryTypedWithRevealIsAuditedAndListedEscaped) {
    std::string data = nbhd_test::temp_dir() + "/typed.gpkg";
    fs::copy_file(NBHD_ASSET_FILE, data);
    // Nothing matches, and the look-up is still recorded, with the query as typed.
    auto found = nbhd(data, {"household", "find", "CH-0001" + kEsc, "--reveal"});
    ASSERT_EQ(found.exit_code, 0) << shown(found.err);
    expect_terminal_safe(found, "household find with a hostile query");
    auto r = nbhd(data, {"audit"});
    ASSERT_EQ(r.exit_code, 0) << shown(r.err);
    expect_terminal_safe(r, "audit after a hostile query");
    EXPECT_NE(r.out.find("household find 'CH-0001\\u001b[1A\\u001b[2K' --reveal"), std::string::npos)
        << shown(r.out);
}

TEST(HostileText, CsvExportEscapesWhatATerminalActsOnAndDisarmsFormulas) {
    std::string dir = nbhd_test::temp_dir();
    for (bool personal : {true, false}) {
        std::string out = dir + (personal ? "/full.csv" : "/masked.csv");
        std::vector<std::string> args = {"households", "export", "--out", out};
        if (personal) args.push_back("--include-personal-data");
        auto r = nbhd(hostile_data(), args);
        ASSERT_EQ(r.exit_code, 0) << shown(r.err);
        expect_terminal_safe(r, "households export");
        const std::string text = nbhd_test::slurp(out);
        if (personal) {
            EXPECT_NE(text.find("'" + kFormula), std::string::npos);
            EXPECT_EQ(text.find("," + kFormula), std::string::npos);
            // `cat list.csv` clears no screen: the name is in the file as the terminal shows it.
            EXPECT_NE(text.find(kNameShown), std::string::npos);
        }
        EXPECT_EQ(text.find('\x1b'), std::string::npos);
        EXPECT_EQ(text.find(kRlo), std::string::npos);
        EXPECT_EQ(capture("ogrinfo -ro -al -q '" + out + "' > /dev/null 2>&1; echo -n $?"), "0");
    }
}

TEST(HostileText, XlsxExportIsAValidFileWithEscapesForWhatXmlCannotHold) {
    std::string dir = nbhd_test::temp_dir();
    for (bool personal : {true, false}) {
        std::string out = dir + (personal ? "/full.xlsx" : "/masked.xlsx");
        std::vector<std::string> args = {"households", "export", "--out", out};
        if (personal) args.push_back("--include-personal-data");
        auto r = nbhd(hostile_data(), args);
        ASSERT_EQ(r.exit_code, 0) << shown(r.err);
        expect_terminal_safe(r, "households export xlsx");
        // Every XML part of the workbook parses.
        const std::string check =
            "python3 -c \"import sys, zipfile, xml.dom.minidom as m\n"
            "z = zipfile.ZipFile(sys.argv[1])\n"
            "assert z.testzip() is None\n"
            "for n in z.namelist():\n"
            "    if n.endswith('.xml') or n.endswith('.rels'): m.parseString(z.read(n))\n"
            "    assert not (n.startswith('xl/worksheets/') and b'<f>' in z.read(n)), 'a formula in ' + n\n"
            "print('ok', len(z.namelist()))\" '" +
            out + "' 2>&1";
        EXPECT_EQ(capture(check).substr(0, 3), "ok ") << capture(check);
        EXPECT_EQ(capture("ogrinfo -ro -al -q '" + out + "' > /dev/null 2>&1; echo -n $?"), "0");
        const std::string cells = capture("ogrinfo -ro -al '" + out + "' 2>&1");
        EXPECT_NE(cells.find(kAddressShown), std::string::npos) << gis::terminal_text(cells.substr(0, 3000));
        if (personal) {
            // The carriage return is escaped too (XML reads a raw one back as a line feed); the bidi
            // override is text XML holds.
            EXPECT_NE(cells.find("杨\\u001b[1A\\u001b[2K\\u000d" + kRlo + "林\\u0001"), std::string::npos);
            EXPECT_NE(cells.find(kFormula), std::string::npos);
            EXPECT_NE(cells.find(kRlo + "gnp.exe"), std::string::npos);
        }
    }
}

TEST(HostileText, BriefRendersWithEscapedText) {
    std::string dir = nbhd_test::temp_dir();
    std::string data = dir + "/brief.gpkg", pdf = dir + "/brief.pdf";
    fs::copy_file(NBHD_ASSET_FILE, data);
    const std::string name = "重华" + kEsc + "\xff社区";
    sql(data, "UPDATE metadata SET value = ?1 WHERE key IN ('name', 'name_en')", {name});
    sql(data, "UPDATE metadata SET value = ?1 WHERE key = 'subdistrict'", {"街道\x01" + kRlo + "\xfe"});
    set_field(data, "streets", "fid = 1", "name", "人民路\x1b[2K\xff");
    auto r = nbhd(data, {"brief", "--out", pdf});
    ASSERT_EQ(r.exit_code, 0) << shown(r.err);
    expect_terminal_safe(r, "brief");
    ASSERT_TRUE(fs::exists(pdf));
    const std::string text = capture("pdftotext -layout '" + pdf + "' -");
    EXPECT_NE(text.find("重华\\u001b[1A\\u001b[2K\\xff社区"), std::string::npos) << text.substr(0, 2000);
    EXPECT_NE(text.find("街道\\u0001\\u202e\\xfe"), std::string::npos) << text.substr(0, 2000);
    // The pages after the hostile text are drawn: the budget summary is on the last one.
    EXPECT_NE(text.find("Budget"), std::string::npos) << text;
    ASSERT_EQ(std::system(("pdftoppm -r 20 -png '" + pdf + "' '" + dir + "/page'").c_str()), 0);
    int pages = 0;
    for (auto& e : fs::directory_iterator(dir)) pages += e.path().extension() == ".png";
    EXPECT_EQ(pages, 7);  // cover, overview, hardening, pipeline, clean-up, gating, budget
}

TEST(HostileText, AFileNameFromElsewhereIsEscapedInErrors) {
    std::string dir = nbhd_test::temp_dir();
    std::string file = dir + "/list" + kEsc + kRlo + "\xff.csv";
    std::ofstream(file) << "a,b\n1,2\n";
    auto r = nbhd(file, {"info"});
    EXPECT_EQ(r.exit_code, 5) << shown(r.err);
    expect_terminal_safe(r, "info on a file with a hostile name");
    EXPECT_NE(r.err.find("list\\u001b[1A\\u001b[2K\\u202e\\xff"), std::string::npos) << shown(r.err);
}

TEST(AuditVerify, IntactLogSaysSoAndDeletedRecordIsNamed) {
    std::string data = nbhd_test::temp_dir() + "/verify.gpkg";
    fs::copy_file(NBHD_ASSET_FILE, data);
    auto empty = nbhd(data, {"audit", "--verify"});
    EXPECT_EQ(empty.exit_code, 0) << shown(empty.err);
    EXPECT_EQ(empty.out, "audit log intact: 0 records\n");
    for (const char* q : {"1-1-101", "1-1-102", "1-1-201", "1-1-202", "1-2-101"})
        ASSERT_EQ(nbhd(data, {"household", "find", q, "--reveal"}).exit_code, 0);
    auto intact = nbhd(data, {"audit", "--verify"});
    EXPECT_EQ(intact.exit_code, 0) << shown(intact.err);
    EXPECT_EQ(intact.out, "audit log intact: 5 records\n");

    // sqlite3 data.gpkg 'DELETE FROM audit WHERE fid = 3'
    ASSERT_EQ(capture("sqlite3 '" + data + "' 'DELETE FROM audit WHERE fid = 3' 2>&1; echo -n $?"), "0");
    auto broken = nbhd(data, {"audit", "--verify"});
    EXPECT_EQ(broken.exit_code, 9);
    EXPECT_EQ(
        broken.out,
        "audit log broken at record 4: it does not follow record 2: a record between them was deleted, or "
        "records were moved\n");
    auto j = nbhd(data, {"audit", "--verify", "--json"});
    EXPECT_EQ(j.exit_code, 9);
    const json v = json::parse(j.out);
    EXPECT_EQ(v["intact"], false);
    EXPECT_EQ(v["broken_at"], 4);
    EXPECT_EQ(v["problem"], "missing");
    EXPECT_EQ(v["records"], 4);
    // The list still works.
    EXPECT_EQ(json::parse(nbhd(data, {"audit", "--json"}).out).size(), 4u);
}

TEST(AuditVerify, EditWithOgrinfoAndDeletedLastRecordAreNamed) {
    std::string data = nbhd_test::temp_dir() + "/verify-ogr.gpkg";
    fs::copy_file(NBHD_ASSET_FILE, data);
    for (const char* q : {"1-1-101", "1-1-102", "1-1-201", "1-1-202"})
        ASSERT_EQ(nbhd(data, {"household", "find", q, "--reveal"}).exit_code, 0);
    capture("ogrinfo '" + data +
            "' -sql \"UPDATE audit SET user = 'nobody' WHERE fid = 2\" > /dev/null 2>&1");
    auto edited = nbhd(data, {"audit", "--verify"});
    EXPECT_EQ(edited.exit_code, 9);
    EXPECT_EQ(edited.out,
              "audit log broken at record 2: its fields do not match its hash: it was changed after it was "
              "written\n");

    std::string other = nbhd_test::temp_dir() + "/verify-last.gpkg";
    fs::copy_file(NBHD_ASSET_FILE, other);
    for (const char* q : {"1-1-101", "1-1-102", "1-1-201"})
        ASSERT_EQ(nbhd(other, {"household", "find", q, "--reveal"}).exit_code, 0);
    capture("ogrinfo '" + other + "' -sql 'DELETE FROM audit WHERE fid = 3' > /dev/null 2>&1");
    auto cut = nbhd(other, {"audit", "--verify"});
    EXPECT_EQ(cut.exit_code, 9);
    EXPECT_EQ(
        cut.out,
        "audit log broken at record 3: it is missing: the last records of the log were deleted (the log now "
        "ends at record 2)\n");
    auto zh = nbhd_test::run_nbhd({"--data", other, "--lang", "zh", "audit", "--verify"});
    EXPECT_EQ(zh.exit_code, 9);
    EXPECT_EQ(zh.out, "审计日志在记录 3 处断开：该记录已不存在：日志末尾的记录被删除 (日志现止于记录 2)\n");
}

TEST(HostileText, ARowWithAnEscapeInANameCostsThatRowOnly) {
    // One typed escape in a register is a bad row (rejected with its number), not a file that is no text.
    const std::string dir = nbhd_test::temp_dir();
    const std::string csv = dir + "/esc.csv";
    std::ofstream(csv) << "户号,地址,楼号,单元,楼层,房号,户主,电话,身份证号,人数,外来,独居,租户\n"
                       << "X-1,90-1-101,90,1,1,1,\x1b[2J张三,13800000000,,2,否,否,否\n"
                       << "X-2,90-1-102,90,1,1,2,李四,13800000001,,2,否,否,否\n";
    const auto r = nbhd(hostile_data(), {"households", "import", csv, "--dry-run"});
    expect_terminal_safe(r, "households import");
    EXPECT_NE(r.out.find("row 2: 户主 is not plain text"), std::string::npos) << shown(r.out + r.err);
    EXPECT_EQ(r.err.find("not a text file"), std::string::npos) << shown(r.err);
}
