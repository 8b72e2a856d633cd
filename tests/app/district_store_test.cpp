#include "app/view/core/district_store.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "view_test_util.hpp"

using app::view::DistrictStore;

namespace {
std::string district_copy() {
    const std::string path = view_test::temp_dir() + "/district.gpkg";
    std::filesystem::copy_file(std::string(NBHD_ASSET_DIR) + "/chonghua.gpkg", path);
    return path;
}
}  // namespace

TEST(DistrictStore, OneReadPerDataSetAndGeneration) {
    DistrictStore store;
    const std::string path = district_copy();
    auto a = store.get(path, 0), b = store.get(path, 0);
    auto da = a.get(), db = b.get();
    ASSERT_TRUE(da) << da.error().message;
    ASSERT_TRUE(db);
    EXPECT_EQ(da.value().get(), db.value().get()) << "both panels share one copy";
    EXPECT_EQ(store.loads(), 1);
    EXPECT_FALSE(da.value()->buildings.empty());
    // The data set changed underneath: read again, once.
    auto c = store.get(path, 1);
    store.get(path, 1);
    ASSERT_TRUE(c.get());
    EXPECT_NE(c.get().value().get(), da.value().get());
    EXPECT_EQ(store.loads(), 2);
    // A file that is not there: the error, to every panel that asks.
    auto missing = store.get(path + ".missing", 1).get();
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, gis::ErrorCode::NotFound) << missing.error().message;
}
