// Imports of files that are broken, huge or no files at all, run as a user runs them: every row read is
// either imported or rejected with its row number and reason (the counts add up), a row over a limit
// never takes the rows after it along, and a device, a pipe or a folder is refused before a byte is read.

#include <gtest/gtest.h>
#include <iconv.h>
#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "run_command.hpp"

using nbhd_test::run_nbhd;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kHeader = "户号,楼号,单元,楼层,房号,户主,电话,身份证号,人数,低保,外来,独居";
// Rows that fit vacant flats of the shipped district, and one that fits none.
const std::string kGood1 = ",1,2,5,1,测试甲,13800000001,,2,否,否,否";
const std::string kGood2 = ",2,1,5,502,测试乙,13800000002,,1,0,1,0";
const std::string kGood3 = ",6,1,1,102,测试丙,,,4,,,";
const std::string kBad = ",99,1,1,101,测试丁,,,1,否,否,否";
const std::string kNoBuilding = "there is no residential building 99";

std::string lines(const std::vector<std::string>& rows, const std::string& end = "\n") {
    std::string s;
    for (const auto& r : rows) s += r + end;
    return s;
}

void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

std::string data_copy(const std::string& dir) {
    const std::string path = dir + "/chonghua.gpkg";
    fs::copy_file(NBHD_ASSET_FILE, path, fs::copy_options::overwrite_existing);
    return path;
}

nbhd_test::CommandResult nbhd(const std::string& data, std::vector<std::string> args) {
    args.insert(args.begin(), {"--data", data, "--lang", "en"});
    return run_nbhd(args);
}

int households_in(const std::string& data) {
    return json::parse(nbhd(data, {"info", "--json"}).out)["households"].get<int>();
}

std::string to_gb18030(const std::string& utf8) {
    iconv_t cd = ::iconv_open("GB18030", "UTF-8");
    EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));
    std::string in = utf8, out(utf8.size() * 2 + 16, '\0');
    char* src = in.data();
    char* dst = out.data();
    std::size_t left = in.size(), room = out.size();
    EXPECT_NE(::iconv(cd, &src, &left, &dst, &room), static_cast<std::size_t>(-1));
    ::iconv_close(cd);
    out.resize(out.size() - room);
    return out;
}

/// The value of a summary line ("  Rows read      4") of a command's text output; "" when absent.
std::string summary(const std::string& out, const std::string& label) {
    const auto at = out.find("  " + label + " ");
    if (at == std::string::npos) return "";
    const auto end = out.find('\n', at);
    const std::string line = out.substr(at, end - at);
    return line.substr(line.find_last_of(' ') + 1);
}

struct Rejected {
    int row;
    std::string reason;  // the start of the reason
};

struct LimitCase {
    const char* name;
    std::string bytes;
    int rows_read;
    int rows_good;
    std::vector<Rejected> rejected;
};

std::vector<LimitCase> limit_cases() {
    const std::string cell_70k(70000, 'x');
    const std::string cell_12m(12u << 20, 'x');
    std::string wide_row = kGood1;  // 18 extra cells of 60,000 bytes: every cell fits, the row does not
    for (int i = 0; i < 18; ++i) wide_row += "," + std::string(60000, 'y');
    return {
        {"BadRowInTheMiddle", lines({kHeader, kGood1, kBad, kGood2, kGood3}), 4, 3, {{3, kNoBuilding}}},
        {"BadRowFirst", lines({kHeader, kBad, kGood1, kGood2}), 3, 2, {{2, kNoBuilding}}},
        {"BadRowLastWithoutAFinalNewline", lines({kHeader, kGood1, kGood2}) + kBad, 3, 2, {{4, kNoBuilding}}},
        {"NoFinalNewline", lines({kHeader, kGood1}) + kGood2, 2, 2, {}},
        {"CellOver64KiB",
         lines({kHeader, kGood1, ",7,2,3,302," + cell_70k + ",,,1,否,否,否", kGood2}),
         3,
         2,
         {{3, "cell 6 holds 68.4 KiB, over the 64 KiB a cell may hold"}}},
        {"CellOf12MiBKeepsTheRowsAfterIt",
         lines({kHeader, kGood1, ",7,2,3,302," + cell_12m + ",,,1,否,否,否", kGood2, kGood3}),
         4,
         3,
         {{3, "cell 6 holds 12 MiB, over the 64 KiB a cell may hold"}}},
        {"QuotedCellOf12MiB",
         lines({kHeader, kGood1, ",7,2,3,302,\"" + cell_12m + "\",,,1,否,否,否", kGood2}),
         3,
         2,
         {{3, "cell 6 holds 12 MiB"}}},
        {"RowOver1MiB", lines({kHeader, wide_row, kGood2}), 2, 1, {{2, "the row is longer than 1 MiB"}}},
        {"UnterminatedQuote",
         lines({kHeader, kGood1, ",2,1,5,502,\"测试乙,13800000002,,1,0,1,0", kGood3}),
         3,
         2,
         {{3, "a quote opened on line 3 is never closed"}}},
        {"UnterminatedQuoteMeetingALaterQuotedCell",
         lines({kHeader, kGood1, ",2,1,5,502,\"测试乙,13800000002,,1,0,1,0", kGood3,
                ",7,2,3,302,\"测试戊\",,,1,否,否,否"}),
         4,
         3,
         {{3, "a quote opened on line 3 closes on line 5 inside a cell"}}},
        {"QuotedLineBreaksAndQuotesCountTheLinesAfterThem",
         lines({kHeader + ",备注", kGood1 + ",\"第一行\n第二行 \"\"引\"\"\"", kGood2, kBad}),
         3,
         2,
         {{5, kNoBuilding}}},
        {"CrlfLineEnds", lines({kHeader, kGood1, kBad, kGood2}, "\r\n"), 3, 2, {{3, kNoBuilding}}},
        {"Utf8ByteOrderMark", "\xEF\xBB\xBF" + lines({kHeader, kGood1, kBad}), 2, 1, {{3, kNoBuilding}}},
        {"Gb18030Text", to_gb18030(lines({kHeader, kGood1, kBad, kGood2})), 3, 2, {{3, kNoBuilding}}},
        {"EmptyLinesAreNoRowsButCount",
         kHeader + "\n\n" + kGood1 + "\n\n\n" + kBad + "\n",
         2,
         1,
         {{6, kNoBuilding}}},
        {"ARowOfSeparatorsIsEmpty", lines({kHeader, kGood1, ",,,,,,,,,,,", kBad}), 2, 1, {{4, kNoBuilding}}},
    };
}

class HouseholdImportLimits : public ::testing::TestWithParam<LimitCase> {};

TEST_P(HouseholdImportLimits, EveryRowReadIsImportedOrRejectedByItsRow) {
    const LimitCase& c = GetParam();
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = data_copy(dir);
    const std::string file = dir + "/list.csv";
    write_file(file, c.bytes);

    auto dry = nbhd(data, {"households", "import", file, "--dry-run", "--json"});
    EXPECT_EQ(dry.exit_code, c.rejected.empty() ? 0 : 2) << dry.err;
    const json j = json::parse(dry.out);
    EXPECT_EQ(j["rows_read"], c.rows_read) << j;
    EXPECT_EQ(j["rows_good"], c.rows_good) << j;
    EXPECT_EQ(j["rows_rejected"], c.rejected.size()) << j;
    EXPECT_EQ(j["rows_read"].get<int>(), j["rows_good"].get<int>() + j["rows_rejected"].get<int>());
    ASSERT_EQ(j["rejected"].size(), c.rejected.size()) << j;
    for (std::size_t i = 0; i < c.rejected.size(); ++i) {
        EXPECT_EQ(j["rejected"][i]["row"], c.rejected[i].row) << j;
        EXPECT_EQ(j["rejected"][i]["reason"].get<std::string>().rfind(c.rejected[i].reason, 0), 0u) << j;
    }
    EXPECT_FALSE(j["written"]);

    // The text summary says the same; with --skip-bad the good rows are written, every one of them.
    auto text = nbhd(data, {"households", "import", file, "--skip-bad"});
    ASSERT_EQ(text.exit_code, 0) << text.err << text.out;
    EXPECT_EQ(summary(text.out, "Rows read"), std::to_string(c.rows_read)) << text.out;
    EXPECT_EQ(summary(text.out, "Rows that fit"), std::to_string(c.rows_good)) << text.out;
    EXPECT_EQ(summary(text.out, "Rows rejected"), std::to_string(c.rejected.size())) << text.out;
    EXPECT_EQ(summary(text.out, "Households imported"), std::to_string(c.rows_good)) << text.out;
    for (const auto& r : c.rejected)
        EXPECT_NE(text.out.find("row " + std::to_string(r.row) + ": " + r.reason), std::string::npos)
            << text.out;
    EXPECT_EQ(households_in(data), 1037 + c.rows_good);
}

INSTANTIATE_TEST_SUITE_P(Files, HouseholdImportLimits, ::testing::ValuesIn(limit_cases()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(HouseholdImportLimits, Gb18030NamesAreReadAsTheyWereTyped) {
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = data_copy(dir);
    const std::string file = dir + "/gbk.csv";
    write_file(file, to_gb18030(lines({kHeader, kGood1})));
    ASSERT_EQ(nbhd(data, {"households", "import", file}).exit_code, 0);
    auto found = nbhd(data, {"household", "find", "1-2-501", "--reveal", "--json"});
    ASSERT_EQ(found.exit_code, 0) << found.err;
    EXPECT_EQ(json::parse(found.out)[0]["name"], "测试甲") << found.out;
}

TEST(ImportRefusesWhatIsNoFile, DevZeroAFifoAndAFolderAreRefusedBeforeAnythingIsRead) {
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = data_copy(dir);
    fs::create_symlink("/dev/zero", dir + "/zero.csv");
    fs::create_symlink("/dev/zero", dir + "/zero.xlsx");
    ASSERT_EQ(::mkfifo((dir + "/pipe.csv").c_str(), 0600), 0);
    fs::create_directory(dir + "/folder.csv");
    const std::string before = nbhd_test::slurp(data);
    const std::pair<const char*, const char*> cases[] = {
        {"zero.csv",
         "zero.csv (a symbolic link to /dev/zero) is a character device, not a file: nothing was read"},
        {"zero.xlsx", "zero.xlsx (a symbolic link to /dev/zero) is a character device, not a file"},
        {"pipe.csv", "pipe.csv is a named pipe (FIFO), not a file: nothing was read"},
        {"folder.csv", "folder.csv is a folder, not a file"},
    };
    for (const auto& [name, message] : cases) {
        auto r = nbhd(data, {"households", "import", dir + "/" + name});
        EXPECT_EQ(r.exit_code, 2) << name << ": " << r.err;
        EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
    }
    EXPECT_EQ(nbhd_test::slurp(data), before);
}

TEST(ImportRefusesWhatIsNoFile, ASpreadsheetThatUnpacksPastItsLimitIsRefused) {
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = data_copy(dir);
    // A real list whose zip directory claims a member of 3.9 GiB (what a zip bomb unpacks to).
    std::string bytes = nbhd_test::slurp(NBHD_TEST_DATA_DIR "/occupancy/good.xlsx");
    const auto cd = bytes.find("PK\x01\x02");
    ASSERT_NE(cd, std::string::npos);
    for (int k = 0; k < 4; ++k) bytes[cd + 24 + k] = k == 3 ? '\xF0' : '\0';
    write_file(dir + "/bomb.xlsx", bytes);
    auto r = nbhd(data, {"households", "import", dir + "/bomb.xlsx"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("bomb.xlsx: unpacks to more than 1 GiB"), std::string::npos) << r.err;
}

/// A small district of the community's own files: two buildings and a register.
struct OfficeFiles {
    std::string dir, manifest;
};

OfficeFiles office_files(const std::string& register_bytes) {
    OfficeFiles f;
    f.dir = nbhd_test::temp_dir();
    write_file(f.dir + "/建筑.geojson", R"({"type":"FeatureCollection",
"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4546"}},"features":[
{"type":"Feature","properties":{"楼号":1,"层数":6,"单元数":2},"geometry":{"type":"Polygon","coordinates":
[[[500000,3400000],[500024,3400000],[500024,3400012],[500000,3400012],[500000,3400000]]]}},
{"type":"Feature","properties":{"楼号":2,"层数":6,"单元数":2},"geometry":{"type":"Polygon","coordinates":
[[[500000,3400040],[500024,3400040],[500024,3400052],[500000,3400052],[500000,3400040]]]}}]})");
    write_file(f.dir + "/住户登记表.csv", register_bytes);
    f.manifest = f.dir + "/m.toml";
    auto r = run_nbhd({"district", "scan", f.dir, "--name", "测试社区", "--out", f.manifest});
    EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
    return f;
}

json households_tally(const json& report) {
    for (const auto& l : report["report"]["layers"])
        if (l["layer"] == "households") return l;
    ADD_FAILURE() << report;
    return {};
}

TEST(DistrictImportLimits, ARegisterRowOverALimitIsRejectedByItsRowAndTheCountsAddUp) {
    const std::string cell_12m(12u << 20, 'x');
    const OfficeFiles f = office_files(
        "户号,标准地址,户主姓名,家庭人口\r\n"
        "A-1,1-1-101,张三,3\r\n"
        "A-2,1-1-102," +
        cell_12m +
        ",2\r\n"
        "A-3,2-2-602,王五,1\r\n"
        "A-4,\"2-1-101,赵六,1\r\n"
        "A-5,2-1-102,钱七,2\r\n"
        "A-6,99-1-101,孙八,2");  // no final line end
    auto dry = run_nbhd({"--lang", "en", "district", "import", f.manifest, "--dry-run", "--json"});
    EXPECT_EQ(dry.exit_code, 9) << dry.err;
    const json j = json::parse(dry.out);
    const json h = households_tally(j);
    EXPECT_EQ(h["read"], 6) << h;
    EXPECT_EQ(h["imported"], 3) << h;
    EXPECT_EQ(h["rejected"], 3) << h;
    EXPECT_EQ(h["read"].get<int>(),
              h["imported"].get<int>() + h["rejected"].get<int>() + h["skipped"].get<int>());
    std::vector<std::pair<int, std::string>> rows;
    for (const auto& x : j["report"]["rejected"]) rows.emplace_back(x["row"], x["reason"]);
    ASSERT_EQ(rows.size(), 3u) << j["report"]["rejected"];
    EXPECT_EQ(rows[0],
              std::make_pair(3, std::string("cell 3 holds 12 MiB, over the 64 KiB a cell may hold")));
    EXPECT_EQ(rows[1].first, 5);
    EXPECT_EQ(rows[1].second.rfind("a quote opened on line 5 is never closed", 0), 0u) << rows[1].second;
    EXPECT_EQ(rows[2], std::make_pair(7, std::string("no residential building 99")));

    auto zh = run_nbhd({"--lang", "zh", "district", "import", f.manifest, "--dry-run"});
    EXPECT_NE(zh.out.find("行 3: 第 3 列有 12 MiB，超过单元格上限 64 KiB"), std::string::npos) << zh.out;

    const std::string out = f.dir + "/d.gpkg";
    auto skip = run_nbhd({"district", "import", f.manifest, "--out", out, "--skip-bad"});
    ASSERT_EQ(skip.exit_code, 0) << skip.err;
    EXPECT_EQ(json::parse(run_nbhd({"--data", out, "info", "--json"}).out)["households"], 3);
}

TEST(DistrictImportLimits, ScanListsWhatIsNoFileAndRefusesItWhenNamed) {
    const OfficeFiles f = office_files("户号,标准地址,户主姓名,家庭人口\nA-1,1-1-101,张三,3\n");
    fs::create_symlink("/dev/zero", f.dir + "/zero.csv");
    ASSERT_EQ(::mkfifo((f.dir + "/pipe.geojson").c_str(), 0600), 0);
    auto scan =
        run_nbhd({"district", "scan", f.dir, "--name", "测试社区", "--out", f.dir + "/again.toml", "--json"});
    ASSERT_EQ(scan.exit_code, 0) << scan.err;
    int refused = 0;
    const json listed = json::parse(scan.out);
    for (const auto& s : listed["sources"]) {
        const std::string why = s["why"];
        if (why.find("not a file: nothing was read") != std::string::npos) ++refused;
    }
    EXPECT_EQ(refused, 2) << scan.out;
    EXPECT_NE(scan.out.find("\"source\": \"zero.csv\""), std::string::npos)
        << scan.out;  // as named, not its target

    for (const char* name : {"zero.csv", "pipe.geojson"}) {
        auto r =
            run_nbhd({"district", "scan", f.dir + "/" + name, "--name", "x", "--out", f.dir + "/x.toml"});
        EXPECT_EQ(r.exit_code, 2) << name << ": " << r.err;
        EXPECT_NE(r.err.find("not a file: nothing was read"), std::string::npos) << r.err;
    }
    fs::create_symlink("/dev/zero", f.dir + "/zero.toml");
    auto m = run_nbhd({"district", "import", f.dir + "/zero.toml", "--dry-run"});
    EXPECT_EQ(m.exit_code, 2) << m.err;
    EXPECT_NE(m.err.find("zero.toml (a symbolic link to /dev/zero) is a character device"), std::string::npos)
        << m.err;
}

}  // namespace
