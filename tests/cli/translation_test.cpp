// Under zh_CN every help text and every error a user meets is Chinese: the catalogue (po/zh_CN.po) covers
// what the commands say, and LANGUAGE / --lang choose it.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "run_command.hpp"

using nbhd_test::run_nbhd;
namespace fs = std::filesystem;

namespace {

/// Lines of `text` holding an English sentence: three or more English words in a row, once identifiers
/// are set aside (`code`, "quoted" text, options, paths, commands after "nbhd", names with digits or _ . / : =,
/// and what a library says in its own words, labelled with its name: "SQLite: database disk image is
/// malformed").
std::vector<std::string> english_sentences(const std::string& text) {
    static const std::regex spans(R"(`[^`]*`|"[^"]*"|'[^']*'|\bnbhd( [a-z][a-z-]*)*|\b(SQLite|GDAL|PROJ|GEOS|libpq|PostgreSQL|cairo): [^)）]*)");
    static const std::regex word(R"(^[A-Za-z][a-z]+[,;.:!?)]*$)");
    std::vector<std::string> found;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        const std::string plain = std::regex_replace(line, spans, " # ");
        std::istringstream words(plain);
        std::string w;
        int run = 0;
        while (words >> w) {
            // An opening bracket starts a new phrase; a closing one ends the word.
            while (!w.empty() && (w.front() == '(' || w.front() == '[')) w.erase(0, 1);
            const bool english = std::regex_match(w, word);
            run = english ? run + 1 : 0;
            if (run >= 3) {
                found.push_back(line);
                break;
            }
            if (english && std::string(",;.:!?)").find(w.back()) != std::string::npos) run = 0;
        }
    }
    return found;
}

const std::map<std::string, std::string> kChinese = {{"LANGUAGE", "zh_CN"}, {"LANG", "C.UTF-8"}};

/// The subcommands listed by a command's English help.
std::vector<std::string> subcommands_of(const std::vector<std::string>& path) {
    auto args = path;
    args.insert(args.begin(), {"--lang", "en"});
    args.push_back("--help");
    const auto r = run_nbhd(args);
    std::vector<std::string> subs;
    std::istringstream lines(r.out);
    std::string line;
    bool in = false;
    while (std::getline(lines, line)) {
        if (line == "Subcommands:") {
            in = true;
            continue;
        }
        if (in && line.empty()) break;
        if (in && line.size() > 2 && line[2] != ' ') subs.push_back(line.substr(2, line.find(' ', 2) - 2));
    }
    return subs;
}

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : " ") + x;
    return s;
}

}  // namespace

TEST(Translation, TheDetectorFindsEnglishSentencesAndLeavesIdentifiers) {
    EXPECT_EQ(english_sentences("the file is read-only").size(), 1u);
    EXPECT_EQ(english_sentences("  --data FILE   数据集：GeoPackage 或 PostGIS 连接 (PG:...)").size(), 0u);
    EXPECT_EQ(english_sentences("用 `nbhd district list names them` 列出").size(), 0u);
    EXPECT_EQ(english_sentences("参见 nbhd plan add hardening --wkt").size(), 0u);
    EXPECT_EQ(english_sentences("图层 buildings：字段 flat_no 缺失").size(), 0u);
    EXPECT_EQ(english_sentences("missing columns in the file: a, b").size(), 1u);
    EXPECT_EQ(english_sentences("文件已损坏（SQLite: database disk image is malformed）").size(), 0u);
    EXPECT_EQ(english_sentences("重华社区  Chonghua Community").size(), 0u);
}

TEST(Translation, EveryCommandsHelpIsChineseUnderLanguageZhCN) {
    std::vector<std::vector<std::string>> todo = {{}};
    std::set<std::string> seen;
    int commands = 0;
    while (!todo.empty()) {
        auto path = todo.back();
        todo.pop_back();
        if (!seen.insert(joined(path)).second) continue;
        ++commands;
        auto args = path;
        args.push_back("--help");
        const auto r = run_nbhd(args, kChinese);
        EXPECT_EQ(r.exit_code, 0) << joined(path);
        for (const auto& line : english_sentences(r.out))
            ADD_FAILURE() << "nbhd " << joined(path) << " --help: untranslated: " << line;
        for (const auto& sub : subcommands_of(path)) {
            auto next = path;
            next.push_back(sub);
            todo.push_back(next);
        }
    }
    EXPECT_GT(commands, 60) << "the walk found too few commands to be the whole tree";
}

TEST(Translation, LanguageComesFromLanguageThenLcAllThenLang) {
    const std::vector<std::string> args = {"--data", NBHD_ASSET_FILE, "info"};
    EXPECT_NE(run_nbhd(args, {{"LANGUAGE", "zh_CN:en"}, {"LANG", "en_US.UTF-8"}}).out.find("社区概况"),
              std::string::npos);
    EXPECT_NE(run_nbhd(args, {{"LANGUAGE", "en"}, {"LC_ALL", "zh_CN.UTF-8"}}).out.find("District figures"),
              std::string::npos);
    EXPECT_NE(run_nbhd(args, {{"LANGUAGE", ""}, {"LC_ALL", "zh_CN.UTF-8"}, {"LANG", "en_US.UTF-8"}}).out.find("社区概况"),
              std::string::npos);
    EXPECT_NE(run_nbhd(args, {{"LANGUAGE", ""}, {"LC_ALL", ""}, {"LC_MESSAGES", ""}, {"LANG", "zh_CN.UTF-8"}}).out.find("社区概况"), std::string::npos);
    // --lang wins over all of them.
    EXPECT_NE(run_nbhd({"--lang", "en", "--data", NBHD_ASSET_FILE, "info"}, kChinese).out.find("District figures"),
              std::string::npos);
}

TEST(Translation, ErrorsAreChineseUnderZhCNWithTheSameExitCodes) {
    const std::string dir = nbhd_test::temp_dir() + "/translation";
    fs::create_directories(dir);
    const std::string data = dir + "/d.gpkg", read_only = dir + "/ro.gpkg", damaged = dir + "/damaged.gpkg",
                      text = dir + "/notes.txt", csv = dir + "/register.csv",
                      rejected = dir + "/rejected.csv";
    fs::copy_file(NBHD_ASSET_FILE, data);
    fs::copy_file(NBHD_ASSET_FILE, read_only);
    ::chmod(read_only.c_str(), 0444);
    {
        std::ifstream in(NBHD_ASSET_FILE, std::ios::binary);
        std::string head(200000, '\0');
        in.read(head.data(), static_cast<std::streamsize>(head.size()));
        std::ofstream(damaged, std::ios::binary) << head;
        std::ofstream(text) << "not a map\n";
        std::ofstream(csv) << "a,b\n1,2\n";
        std::ofstream(rejected) << "户号,楼号,单元,楼层,房号,户主,电话,身份证号,人数,低保,外来,独居\n"
                                   "X1,99,1,1,101,张三,13800000000,,2,0,0,0\n";
    }
    const std::string line = "LINESTRING(530100 3400100,530150 3400100)";
    const std::vector<std::vector<std::string>> cases = {
        {"--data", dir + "/none.gpkg", "info"},
        {"--data", text, "info"},
        {"--data", damaged, "info"},
        {"--data", read_only, "plan", "add", "hardening", "--wkt", line},
        {"--data", data, "plan", "add", "hardening", "--wkt", line, "--param", "thickness_m=5"},
        {"--data", data, "plan", "add", "hardening", "--wkt", line, "--param", "thicknes_m=0.3"},
        {"--data", data, "plan", "add", "hardening", "--wkt", "LINESTRING(0 0"},
        {"--data", data, "plan", "add", "hardening"},
        {"--data", data, "households", "within", "--wkt", "POINT(1 2)"},
        {"--data", data, "households", "import", csv},
        {"--data", data, "building", "show", "9999"},
        {"--data", data, "project", "show", "nosuch"},
        {"--data", data, "gas", "isolate", "--at", "0,0"},
        {"--data", data, "check", "--bogus"},
        {"--data", data, "info", "extra-word"},
        {"--lang", "fr", "info"},
        {"--data", data, "plan", "remove", "9999"},
        {"--data", data, "prices", "set", "foo", "3"},
        {"--data", data, "brief", "--out", dir + "/no/such/folder/brief.pdf"},
        {"--data", data, "households", "import", rejected},
        {"--data", data, "district", "import", dir + "/no-manifest.toml", "--out", dir + "/out.gpkg"},
        {"--data", data, "project", "add", "p1", "--name", "x", "--budget", "-5"},
        {"--data", data, "plan", "add", "hardening", "--wkt", "POLYGON((0 0,1 1,1 0,0 1,0 0))"},
    };
    for (const auto& args : cases) {
        auto en = args;
        en.insert(en.begin(), {"--lang", "en"});
        const auto english = run_nbhd(en);
        const auto chinese = run_nbhd(args, kChinese);
        EXPECT_NE(english.exit_code, 0) << joined(args);
        EXPECT_EQ(chinese.exit_code, english.exit_code) << joined(args);
        EXPECT_FALSE(chinese.err.empty()) << joined(args);
        EXPECT_NE(chinese.err, english.err) << joined(args) << ": the same text in both languages";
        for (const auto& l : english_sentences(chinese.err))
            ADD_FAILURE() << "nbhd " << joined(args) << ": untranslated: " << l;
    }
}
