// The "New district from files" window in nbhd view, scripted: an office's files (the shipped district
// exported by tests/data/office/make_office_files.py) are scanned, the manifest is saved beside the output,
// the import writes a district GeoPackage with the original's residential buildings and households, and
// the window is drawn into the screenshot. A folder that does not exist fails the run with a message.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "gis/io/dataset.hpp"
#include "gl_test_util.hpp"

using namespace gl_test;
using nbhd_test::run_nbhd;
namespace fs = std::filesystem;

namespace {

std::string office_script() {
#ifdef NBHD_TEST_DATA_DIR
    return NBHD_TEST_DATA_DIR "/office/make_office_files.py";
#else
    return (fs::path(__FILE__).parent_path() / "../data/office/make_office_files.py")
        .lexically_normal()
        .string();
#endif
}

/// The office's files, written into `dir`.
void make_office_files(const std::string& dir) {
    const std::string cmd =
        "/usr/bin/python3 '" + office_script() + "' '" NBHD_ASSET_FILE "' '" + dir + "' >/dev/null";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

std::string set(const std::string& key, const std::string& value) {
    return "district_import." + key + "=" + value;
}

}  // namespace

TEST(DistrictImportView, ScansImportsAndDrawsTheOfficeFiles) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string office = dir + "/office";
    ASSERT_NO_FATAL_FAILURE(make_office_files(office));
    const std::string data = district_copy(dir);
    const std::string out = dir + "/imported.gpkg";
    const std::string shot = dir + "/import.png";
    auto r = run_nbhd({"--data",
                       data,
                       "--lang",
                       "zh",
                       "view",
                       "--size",
                       "1600x1000",
                       "--cursor",
                       "5,990",
                       "--panels",
                       "district_import",
                       "--panel-set",
                       set("inputs", office),
                       "--panel-set",
                       set("name", "重华社区"),
                       "--panel-set",
                       set("crs", "EPSG:4546"),
                       "--panel-set",
                       set("scan", "yes"),
                       "--panel-set",
                       set("expand", "households"),
                       "--panel-set",
                       set("out", out),
                       "--panel-set",
                       set("save", "yes"),
                       "--panel-set",
                       set("import", "yes"),
                       "--frames",
                       "4",
                       "--screenshot",
                       shot});
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;

    // The manifest, saved beside the district, reads back.
    EXPECT_TRUE(fs::exists(dir + "/imported.toml"));

    ASSERT_TRUE(fs::exists(out)) << "no district written";
    auto ds = gis::io::Dataset::open(out);
    ASSERT_TRUE(ds) << ds.error().message;
    auto buildings = ds->read_layer("buildings");
    ASSERT_TRUE(buildings) << buildings.error().message;
    const int kind = buildings->info.field_index("kind");
    ASSERT_GE(kind, 0);
    int residential = 0;
    for (const auto& f : buildings->features)
        if (gis::io::to_display(f.values[static_cast<std::size_t>(kind)]) == "residential") ++residential;
    EXPECT_EQ(residential, 53);
    auto households = ds->read_layer("households");
    ASSERT_TRUE(households) << households.error().message;
    EXPECT_EQ(households->features.size(), 1037u);

    const Image img = load_png(shot);
    ASSERT_TRUE(img.ok()) << shot;
    EXPECT_EQ(img.width, 1600);
    EXPECT_EQ(img.height, 1000);
}

TEST(DistrictImportView, AFolderThatIsNotThereFailsWithAMessage) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = district_copy(dir);
    auto r = run_nbhd({"--data", data, "--lang", "en", "view", "--panels", "district_import", "--panel-set",
                       set("inputs", dir + "/no-such-folder"), "--panel-set", set("name", "Nowhere"),
                       "--panel-set", set("scan", "yes"), "--frames", "2", "--screenshot", dir + "/err.png"});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("district_import.scan"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir + "/Nowhere.gpkg"));
}
