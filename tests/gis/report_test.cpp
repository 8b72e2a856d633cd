// The PDF brief's layout engine: Chinese text embedded (pdftotext reads it back), pages render.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gis/district/loader.hpp"
#include "gis/report/brief.hpp"

using namespace gis;
namespace fs = std::filesystem;

namespace {
std::string run(const std::string& cmd) {
    std::string out;
    if (FILE* p = ::popen(cmd.c_str(), "r")) {
        char buf[4096];
        while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
        ::pclose(p);
    }
    return out;
}
}  // namespace

TEST(Brief, ChineseTextIsEmbeddedAndPagesRender) {
    auto d = district::load(NBHD_ASSET_FILE, {false});
    ASSERT_TRUE(d.ok());
    auto dir = fs::temp_directory_path() / ("nbhd-brief-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::string out = (dir / "b.pdf").string();
    report::BriefContent c;
    c.title = "行政南小区改造规划";
    c.subtitle = "预算 ¥2,000,000";
    c.header = "重华社区";
    c.cover_figures = {{"居民楼", "53"}, {"常住居民户", "1,037"}};
    report::BriefPage overview;
    overview.title = "社区总览";
    overview.table_header = {"项目", "数量"};
    overview.table = {{"临街商业门店", "286"}};
    report::BriefPage budget;
    budget.title = "预算汇总";
    budget.map = false;
    budget.table_header = {"项目", "费用", "预算"};
    budget.table = {{"硬化", "¥1,000", "¥2,000"}};
    c.pages = {overview, budget};
    int calls = 0;
    ASSERT_TRUE(report::write_brief(out, d.value(), c, [&](int, int total, const std::string&) {
                    ++calls;
                    EXPECT_EQ(total, 3);
                }).ok());
    EXPECT_EQ(calls, 4);
    std::string text = run("pdftotext -layout " + out + " -");
    EXPECT_NE(text.find("行政南小区改造规划"), std::string::npos) << text;
    EXPECT_NE(text.find("社区总览"), std::string::npos);
    EXPECT_NE(text.find("预算汇总"), std::string::npos);
    EXPECT_NE(text.find("1,037"), std::string::npos);
    ASSERT_EQ(std::system(("pdftoppm -r 40 -png " + out + " " + (dir / "p").string()).c_str()), 0);
    int pages = 0;
    for (auto& e : fs::directory_iterator(dir)) pages += e.path().extension() == ".png";
    EXPECT_EQ(pages, 3);
    // No temporary file is left next to the output.
    for (auto& e : fs::directory_iterator(dir)) EXPECT_EQ(e.path().string().find(".tmp-"), std::string::npos);
    fs::remove_all(dir);
}

TEST(Brief, UnwritableOutputIsAnError) {
    auto d = district::load(NBHD_ASSET_FILE, {false});
    ASSERT_TRUE(d.ok());
    auto r = report::write_brief("/nonexistent-folder/b.pdf", d.value(), {});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::NotFound);
}

TEST(Brief, NiceScaleLengths) {
    EXPECT_DOUBLE_EQ(report::nice_scale_length(173), 100);
    EXPECT_DOUBLE_EQ(report::nice_scale_length(260), 200);
    EXPECT_DOUBLE_EQ(report::nice_scale_length(999), 500);
    EXPECT_DOUBLE_EQ(report::nice_scale_length(5), 5);
}
