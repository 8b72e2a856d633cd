// Where nbhd finds its shipped data and its Chinese font: the order of the data folders, the font
// fallback list, and a missing font named with the package to install.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

#include "gis/core/cjk_font.hpp"
#include "gis/core/paths.hpp"
#include "gis/core/versions.hpp"

namespace {

/// Sets (or unsets, with nullptr) an environment variable for one scope.
class ScopedEnv {
  public:
    ScopedEnv(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old, had_ = true;
        if (value)
            ::setenv(name, value, 1);
        else
            ::unsetenv(name);
    }
    ~ScopedEnv() {
        if (had_)
            ::setenv(name_.c_str(), old_.c_str(), 1);
        else
            ::unsetenv(name_.c_str());
    }

  private:
    std::string name_, old_;
    bool had_ = false;
};

TEST(DataDir, DataDirVariableComesFirstThenAssetDir) {
    ScopedEnv data("NBHD_DATA_DIR", "/opt/a"), asset("NBHD_ASSET_DIR", "/opt/b");
    EXPECT_EQ(gis::data_dir(), "/opt/a");
    EXPECT_EQ(gis::shipped_dataset_path(), "/opt/a/chonghua.gpkg");
    ScopedEnv no_data("NBHD_DATA_DIR", nullptr);
    EXPECT_EQ(gis::data_dir(), "/opt/b");
}

TEST(DataDir, BuildTreeFallsBackToTheSourceAssets) {
    ScopedEnv data("NBHD_DATA_DIR", nullptr), asset("NBHD_ASSET_DIR", nullptr);
    // This test program is not installed: there is no share/nbhd beside it.
    EXPECT_EQ(gis::shipped_dataset_path(), std::string(NBHD_ASSET_FILE));
    EXPECT_TRUE(std::filesystem::exists(gis::shipped_dataset_path()));
}

TEST(DataDir, ExecutablePathIsThisProgram) {
    const auto exe = gis::executable_path();
    ASSERT_FALSE(exe.empty());
    EXPECT_EQ(std::filesystem::path(exe).filename(), "nbhd_gis_tests");
}

TEST(CjkFont, FontVariableIsTriedFirstThenTheDebianFonts) {
    ScopedEnv font("NBHD_FONT", "/opt/fonts/mine.ttf");
    const auto list = gis::cjk_font_candidates();
    ASSERT_GE(list.size(), 3u);
    EXPECT_EQ(list[0].path, "/opt/fonts/mine.ttf");
    EXPECT_EQ(list[1].package, "fonts-wqy-microhei");
    bool noto = false;
    for (const auto& f : list)
        if (f.package == "fonts-noto-cjk") {
            noto = true;
            EXPECT_EQ(f.face, 2) << "Noto Sans CJK's Simplified Chinese face";
        }
    EXPECT_TRUE(noto);
}

TEST(CjkFont, MissingFontMessageNamesThePackage) {
    const auto m = gis::missing_cjk_font_message();
    EXPECT_NE(m.find("fonts-wqy-microhei"), std::string::npos) << m;
    EXPECT_NE(m.find("NBHD_FONT"), std::string::npos) << m;
}

TEST(CjkFont, FoundFontExists) {
    ScopedEnv font("NBHD_FONT", nullptr);
    if (auto f = gis::find_cjk_font()) {
        EXPECT_TRUE(std::filesystem::is_regular_file(f->path));
    } else {
        GTEST_SKIP() << gis::missing_cjk_font_message();
    }
}

TEST(LibraryVersions, EveryLibraryHasAVersion) {
    const auto v = gis::library_versions();
    ASSERT_EQ(v.size(), 8u);
    for (const auto& [name, version] : v) {
        EXPECT_FALSE(version.empty()) << name;
        EXPECT_TRUE(version[0] >= '0' && version[0] <= '9') << name << " " << version;
    }
    EXPECT_EQ(v[0].first, "GDAL");
}

}  // namespace
