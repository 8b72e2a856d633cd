// A user's file before and while it is read (gis::input): what is no file is refused, a CSV file's records
// come with the lines a person sees, and each limit rejects its own record only.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../scratch.hpp"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gis/core/input_file.hpp"

namespace gis::input {
namespace {

namespace fs = std::filesystem;

std::string temp_dir() { return nbhd_test::scratch_dir("nbhd-input"); }

std::string write(const std::string& bytes) {
    const std::string path = temp_dir() + "/t.csv";
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

struct Read {
    char separator = 0;
    std::vector<CsvRecord> records;
};

Read read_all(const std::string& bytes) {
    auto r = CsvReader::open(write(bytes));
    EXPECT_TRUE(r.ok()) << r.error().message;
    Read out;
    if (!r) return out;
    out.separator = r->separator();
    CsvRecord rec;
    while (r->next(rec)) out.records.push_back(rec);
    return out;
}

using Cells = std::vector<std::string>;

TEST(CsvReader, QuotesSeparatorsAndLineEnds) {
    const Read r = read_all(
        "\xEF\xBB\xBF"
        "a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",3\r\n\r\n\"two\nlines\",,\rlast,row,here");
    EXPECT_EQ(r.separator, ',');
    ASSERT_EQ(r.records.size(), 4u);
    EXPECT_EQ(r.records[0].cells, (Cells{"a", "b", "c"}));
    EXPECT_EQ(r.records[0].line, 1);
    EXPECT_EQ(r.records[1].cells, (Cells{"x,1", "say \"hi\"", "3"}));
    EXPECT_EQ(r.records[1].line, 2);
    EXPECT_EQ(r.records[2].cells, (Cells{"two\nlines", "", ""}));  // after an empty line 3
    EXPECT_EQ(r.records[2].line, 4);
    EXPECT_EQ(r.records[3].cells, (Cells{"last", "row", "here"}));  // a lone CR ends a line too
    EXPECT_EQ(r.records[3].line, 6);
}

TEST(CsvReader, SemicolonsAndTabsAreFoundFromTheFirstLines) {
    EXPECT_EQ(read_all("a;b;c\n1;2,5;3\n").separator, ';');
    EXPECT_EQ(read_all("a\tb\tc\n1\t2\t3\n").separator, '\t');
    const Read title = read_all("重华社区住户登记表\n户号,地址\n1,2\n");  // a title line above the table
    EXPECT_EQ(title.separator, ',');
    ASSERT_EQ(title.records.size(), 3u);
    EXPECT_EQ(title.records[0].cells, (Cells{"重华社区住户登记表"}));
}

TEST(CsvReader, ACellAtItsLimitIsReadAndOneByteMoreIsRejectedAlone) {
    const std::string fits(kCellBytes, 'a'), over(kCellBytes + 1, 'b');
    const Read r = read_all("h1,h2\n1," + fits + "\n2," + over + "\n3,\"" + over + "\"\n4,ok\n");
    ASSERT_EQ(r.records.size(), 5u);
    EXPECT_TRUE(r.records[1].problem.empty());
    EXPECT_EQ(r.records[1].cells[1].size(), kCellBytes);
    EXPECT_EQ(r.records[2].problem.en, "cell 2 holds 64.0 KiB, over the 64 KiB a cell may hold");
    EXPECT_EQ(r.records[2].problem.zh, "第 2 列有 64.0 KiB，超过单元格上限 64 KiB");
    EXPECT_TRUE(r.records[2].cells.empty());
    EXPECT_FALSE(r.records[3].problem.empty());
    EXPECT_EQ(r.records[4].cells, (Cells{"4", "ok"}));
    EXPECT_EQ(r.records[4].line, 5);
}

TEST(CsvReader, ARowOverItsLimitIsRejectedAndTheNextRowRead) {
    std::string row = "1";
    while (row.size() <= kRecordBytes) row += "," + std::string(1000, 'c');
    const Read r = read_all("h\n" + row + "\n2\n");
    ASSERT_EQ(r.records.size(), 3u);
    EXPECT_EQ(r.records[1].problem.en, "the row is longer than 1 MiB, the most a row may hold");
    EXPECT_EQ(r.records[2].cells, (Cells{"2"}));
    EXPECT_EQ(r.records[2].line, 3);
}

TEST(CsvReader, AQuoteNeverClosedCostsItsOwnRowOnly) {
    const Read eof = read_all("h,n\n1,\"open\n2,b\n3,c");
    ASSERT_EQ(eof.records.size(), 4u);
    EXPECT_EQ(eof.records[1].line, 2);
    EXPECT_EQ(eof.records[1].problem.en.rfind("a quote opened on line 2 is never closed", 0), 0u)
        << eof.records[1].problem.en;
    EXPECT_EQ(eof.records[2].cells, (Cells{"2", "b"}));
    EXPECT_EQ(eof.records[2].line, 3);
    EXPECT_EQ(eof.records[3].cells, (Cells{"3", "c"}));

    // Still open after kRecordLines lines: the same, without reading to the end of the file.
    std::string many = "h\n\"open\n";
    for (int i = 0; i < kRecordLines + 5; ++i) many += "r" + std::to_string(i) + "\n";
    const Read far = read_all(many);
    ASSERT_EQ(far.records.size(), static_cast<std::size_t>(kRecordLines + 7));
    EXPECT_NE(far.records[1].problem.en.find("is still open 100 lines later"), std::string::npos);
    EXPECT_EQ(far.records[2].cells, (Cells{"r0"}));
}

TEST(CsvRecord, BlankIsOnlyWhiteSpace) {
    CsvRecord r;
    r.cells = {"", " ", "\t"};
    EXPECT_TRUE(r.blank());
    r.cells.push_back("x");
    EXPECT_FALSE(r.blank());
    r.cells.clear();
    r.problem = cell_too_long(0, kCellBytes + 1);
    EXPECT_FALSE(r.blank());
}

TEST(InputFile, WhatIsNoFileIsRefusedByWhatItIs) {
    const std::string d = temp_dir();
    fs::create_symlink("/dev/zero", d + "/zero.csv");
    fs::create_symlink(d + "/nothing", d + "/dangling.csv");
    ASSERT_EQ(::mkfifo((d + "/pipe.csv").c_str(), 0600), 0);
    auto zero = check_file(d + "/zero.csv");
    ASSERT_FALSE(zero.ok());
    EXPECT_EQ(zero.error().code, ErrorCode::BadInput);
    EXPECT_NE(zero.error().message.find("(a symbolic link to /dev/zero) is a character device, not a file"),
              std::string::npos)
        << zero.error().message;
    auto pipe = check_file(d + "/pipe.csv");
    ASSERT_FALSE(pipe.ok());
    EXPECT_NE(pipe.error().message.find("is a named pipe (FIFO), not a file"), std::string::npos);
    auto dir = check_file(d);
    ASSERT_FALSE(dir.ok());
    EXPECT_NE(dir.error().message.find("is a folder, not a file"), std::string::npos);
    EXPECT_EQ(check_file(d + "/missing.csv").error().code, ErrorCode::NotFound);
    auto dangling = check_file(d + "/dangling.csv");
    EXPECT_EQ(dangling.error().code, ErrorCode::NotFound);
    EXPECT_NE(dangling.error().message.find("the file it points to does not exist"), std::string::npos);
    EXPECT_FALSE(CsvReader::open(d + "/zero.csv").ok());
}

TEST(InputFile, AFileReadWholeHasASizeLimit) {
    const std::string path = write(std::string(3000, 'x'));
    EXPECT_EQ(check_file(path).value(), 3000u);
    EXPECT_TRUE(check_file(path, 3000).ok());
    auto over = check_file(path, 2048, "save it as CSV");
    ASSERT_FALSE(over.ok());
    EXPECT_EQ(over.error().code, ErrorCode::BadInput);
    EXPECT_NE(
        over.error().message.find("is 2.9 KiB, over the 2 KiB a file of this kind may have: save it as CSV"),
        std::string::npos)
        << over.error().message;
    EXPECT_TRUE(check_zip_unpacked_size(path).ok());  // no zip: the reader says what it is
}

TEST(InputFile, ByteSizes) {
    EXPECT_EQ(byte_size(300), "300 bytes");
    EXPECT_EQ(byte_size(kCellBytes), "64 KiB");
    EXPECT_EQ(byte_size(70000), "68.4 KiB");
    EXPECT_EQ(byte_size(kRecordBytes), "1 MiB");
    EXPECT_EQ(byte_size(12u << 20), "12 MiB");
    EXPECT_EQ(byte_size(kSpreadsheetUnpackedBytes), "1 GiB");
}

}  // namespace
}  // namespace gis::input
