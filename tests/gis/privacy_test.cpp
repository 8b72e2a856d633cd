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

TEST(Audit, UnwritableDataSetRefusesSoNothingIsRevealed) {
    auto r = append_audit("/nonexistent/d.gpkg", "reveal", "q", {"CH-0001"});
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("nothing is revealed"), std::string::npos);
}
