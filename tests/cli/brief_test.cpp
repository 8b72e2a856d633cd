// nbhd brief: a PDF that renders, carries its section titles and figures, and no personal data.

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "gis/district/loader.hpp"
#include "run_command.hpp"

using nbhd_test::run_nbhd;
namespace fs = std::filesystem;

using nbhd_test::capture;

TEST(BriefCommand, CompoundBriefHasTitlesFiguresAndNoPersonalData) {
    std::string dir = nbhd_test::temp_dir();
    std::string data = dir + "/d.gpkg", pdf = dir + "/brief.pdf";
    fs::copy_file(NBHD_ASSET_FILE, data);
    auto r = run_nbhd({"--data", data, "--lang", "zh", "brief", "--out", pdf});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_TRUE(fs::exists(pdf));
    std::string text = capture("pdftotext -layout " + pdf + " -");
    for (const char* title : {"社区总览", "硬化", "天然气管网改造", "清理违建与乱涂乱画", "小区封闭",
                              "预算汇总", "行政南小区综合整治"})
        EXPECT_NE(text.find(title), std::string::npos) << title;
    EXPECT_NE(text.find("1,037"), std::string::npos);
    EXPECT_NE(text.find("¥2,000,000"), std::string::npos);
    // The same figures as the planning commands.
    auto h = run_nbhd({"--data", data, "plan", "hardening", "--scope", "compound", "--json"});
    ASSERT_EQ(h.exit_code, 0) << h.err;
    auto hj = nlohmann::json::parse(h.out);
    std::string households_served = std::to_string(hj["households_served"].get<long>());
    EXPECT_NE(text.find(households_served), std::string::npos) << households_served;
    // No resident's name or phone number anywhere in the document.
    auto d = gis::district::load(data);
    ASSERT_TRUE(d.ok());
    for (const auto& hh : d->households) {
        ASSERT_EQ(text.find(hh.phone), std::string::npos) << "phone of " << hh.household_no;
        if (hh.head_name.size() >= 6) {
            ASSERT_EQ(text.find(hh.head_name), std::string::npos) << "name of " << hh.household_no;
        }
    }
    // Every page renders.
    ASSERT_EQ(std::system(("pdftoppm -r 30 -png " + pdf + " " + dir + "/page").c_str()), 0);
    int pages = 0;
    for (auto& e : fs::directory_iterator(dir)) pages += e.path().extension() == ".png";
    EXPECT_EQ(pages, 7);  // cover, overview, hardening, pipeline, clean-up, gating, budget
}

TEST(BriefCommand, MarketBriefAndBadProject) {
    std::string dir = nbhd_test::temp_dir();
    std::string data = dir + "/d.gpkg";
    fs::copy_file(NBHD_ASSET_FILE, data);
    auto r = run_nbhd(
        {"--data", data, "--lang", "en", "brief", "--project", "guohuai-market", "--out", dir + "/m.pdf"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::string text = capture("pdftotext " + dir + "/m.pdf -");
    EXPECT_NE(text.find("Guohuai Street market"), std::string::npos);
    EXPECT_NE(text.find("¥100,000"), std::string::npos);
    auto bad = run_nbhd({"--data", data, "brief", "--project", "nope", "--out", dir + "/x.pdf"});
    EXPECT_EQ(bad.exit_code, 3);
    EXPECT_NE(bad.err.find("xingzheng-south"), std::string::npos) << bad.err;
    EXPECT_FALSE(fs::exists(dir + "/x.pdf"));
    auto exists = run_nbhd({"--data", data, "brief", "--project", "guohuai-market", "--out", dir + "/m.pdf"});
    EXPECT_EQ(exists.exit_code, 2);
    EXPECT_NE(exists.err.find("--force"), std::string::npos) << exists.err;
    auto forced = run_nbhd(
        {"--data", data, "brief", "--project", "guohuai-market", "--out", dir + "/m.pdf", "--force"});
    EXPECT_EQ(forced.exit_code, 0) << forced.err;
    auto txt = run_nbhd({"--data", data, "brief", "--out", dir + "/brief.txt"});
    EXPECT_EQ(txt.exit_code, 1);
    EXPECT_NE(txt.err.find(".pdf"), std::string::npos) << txt.err;
    EXPECT_FALSE(fs::exists(dir + "/brief.txt"));
}
