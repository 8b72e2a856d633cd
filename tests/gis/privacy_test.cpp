#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "gis/privacy/privacy.hpp"

using namespace gis::privacy;

TEST(Masking, Names) {
    EXPECT_EQ(mask_name("张伟"), "张*");
    EXPECT_EQ(mask_name("张小伟"), "张*伟");
    EXPECT_EQ(mask_name("欧阳小明"), "欧**明");
    EXPECT_EQ(mask_name("王"), "王*");
    EXPECT_EQ(mask_name(""), "");
}

TEST(Masking, PhonesAndIds) {
    EXPECT_EQ(mask_phone("13812345678"), "138****5678");
    EXPECT_EQ(mask_phone("6512315"), "*****15");
    EXPECT_EQ(mask_id_number("42050219650312123X"), "**************123X");
    EXPECT_EQ(mask_id_number("12"), "**");
}

TEST(Audit, AppendAndReadBack) {
    auto dir = std::filesystem::temp_directory_path() / ("nbhd-audit-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto path = (dir / "d.gpkg").string();
    std::filesystem::copy_file(NBHD_ASSET_FILE, path);
    auto empty = read_audit(path);
    ASSERT_TRUE(empty.ok());
    EXPECT_TRUE(empty->empty());
    ASSERT_TRUE(append_audit(path, "reveal", "household find 张", {"CH-0001", "CH-0002"}).ok());
    ASSERT_TRUE(append_audit(path, "export", "households export", {"CH-0003"}).ok());
    auto records = read_audit(path);
    ASSERT_TRUE(records.ok());
    ASSERT_EQ(records->size(), 2u);
    EXPECT_EQ((*records)[0].action, "reveal");
    EXPECT_EQ((*records)[0].households, "CH-0001,CH-0002");
    EXPECT_EQ((*records)[0].count, 2);
    EXPECT_EQ((*records)[0].user, current_user());
    EXPECT_EQ((*records)[1].query, "households export");
    std::filesystem::remove_all(dir);
}

TEST(Audit, HouseholdListsAreCompleteAndCompact) {
    EXPECT_EQ(compress_household_numbers({"CH-0003", "CH-0001", "CH-0002", "CH-0002", "CH-0007", "CH-0009",
                                          "CH-0010", "X", "CH-0008"}),
              "CH-0001..CH-0003,CH-0007..CH-0010,X");
    EXPECT_EQ(compress_household_numbers({"CH-0001", "CH-0002"}), "CH-0001,CH-0002");  // runs of 3 or more
    EXPECT_EQ(compress_household_numbers({}), "");
    // Other widths and series are never joined into one range.
    EXPECT_EQ(compress_household_numbers({"A-1", "A-2", "A-3", "B-4", "A-04"}), "A-04,A-1..A-3,B-4");
    // 5,000 consecutive numbers (a city export) stay a few characters, and every one can be found.
    std::vector<std::string> many;
    for (int i = 1; i <= 5000; ++i) {
        char b[16];
        std::snprintf(b, sizeof b, "CH-%05d", i);
        many.push_back(b);
    }
    many.erase(many.begin() + 2499);  // CH-02500 not included
    const std::string list = compress_household_numbers(many);
    EXPECT_EQ(list, "CH-00001..CH-02499,CH-02501..CH-05000");
    EXPECT_TRUE(list_includes(list, "CH-00001"));
    EXPECT_TRUE(list_includes(list, "CH-04999"));
    EXPECT_FALSE(list_includes(list, "CH-02500"));
    EXPECT_FALSE(list_includes(list, "CH-05001"));
    EXPECT_FALSE(list_includes(list, "CH-4999"));  // another width: another series
    EXPECT_TRUE(list_includes("CH-0001,X,CH-0009", "X"));
    EXPECT_FALSE(list_includes("", "CH-0001"));
}

TEST(Audit, UnwritableDataSetRefusesSoNothingIsRevealed) {
    auto r = append_audit("/nonexistent/d.gpkg", "reveal", "q", {"CH-0001"});
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("nothing is revealed"), std::string::npos);
}
