#include "app/view/core/file_browser.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace app::view;
namespace fs = std::filesystem;

namespace {

std::string folder(const std::string& name) {
    const auto dir = fs::temp_directory_path() / ("nbhd-files-" + std::to_string(::getpid())) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir.string();
}

void touch(const std::string& path, const std::string& text = "x") { std::ofstream(path) << text; }

}  // namespace

TEST(FileBrowser, ListsFoldersThenTheWantedFilesByName) {
    const std::string dir = folder("list");
    fs::create_directories(dir + "/zeta");
    fs::create_directories(dir + "/Alpha");
    fs::create_directories(dir + "/.nbhd-staging");
    touch(dir + "/b.gpkg");
    touch(dir + "/A.GPKG");
    touch(dir + "/notes.txt");
    touch(dir + "/.hidden.gpkg");
    FileBrowser b;
    ASSERT_TRUE(b.start(FileBrowser::Mode::Open, dir, {".gpkg"}));
    std::vector<std::string> names;
    for (const auto& e : b.entries()) names.push_back(e.name + (e.folder ? "/" : ""));
    EXPECT_EQ(names, (std::vector<std::string>{"Alpha/", "zeta/", "A.GPKG", "b.gpkg"}));
    // Into a folder and back up.
    ASSERT_TRUE(b.enter("zeta"));
    EXPECT_EQ(b.folder(), dir + "/zeta");
    EXPECT_TRUE(b.entries().empty());
    ASSERT_TRUE(b.enter(".."));
    EXPECT_EQ(b.folder(), dir);
    EXPECT_EQ(b.go(dir + "/nowhere").error().code, gis::ErrorCode::NotFound);
    // A file given as the start: its folder.
    ASSERT_TRUE(b.start(FileBrowser::Mode::Open, dir + "/b.gpkg", {}));
    EXPECT_EQ(b.folder(), dir);
    EXPECT_EQ(b.entries().size(), 5u);  // every file when no extension is asked for
}

TEST(FileBrowser, OpenNeedsAFileThereSaveAFolderOneCanWrite) {
    const std::string dir = folder("choose");
    touch(dir + "/d.gpkg");
    FileBrowser b;
    ASSERT_TRUE(b.start(FileBrowser::Mode::Open, dir, {".gpkg"}));
    EXPECT_EQ(b.choose("d.gpkg").value(), dir + "/d.gpkg");
    EXPECT_EQ(b.choose(dir + "/d.gpkg").value(), dir + "/d.gpkg") << "a path typed whole";
    EXPECT_EQ(b.choose("missing.gpkg").error().code, gis::ErrorCode::NotFound);
    EXPECT_EQ(b.choose("").error().code, gis::ErrorCode::BadInput);

    ASSERT_TRUE(b.start(FileBrowser::Mode::Save, dir, {".png"}, "map.png"));
    EXPECT_EQ(b.name(), "map.png");
    EXPECT_EQ(b.choose("map").value(), dir + "/map.png") << "the extension added";
    EXPECT_EQ(b.choose("sub/map.png").error().code, gis::ErrorCode::NotFound);
    if (::geteuid() != 0) {  // root writes anywhere
        fs::create_directories(dir + "/locked");
        ::chmod((dir + "/locked").c_str(), 0555);
        EXPECT_EQ(b.choose("locked/map.png").error().code, gis::ErrorCode::ReadOnly);
        ::chmod((dir + "/locked").c_str(), 0755);
    }
}

TEST(RecentFiles, NewestFirstAtMostTenNoServerPasswords) {
    const std::string dir = folder("recent");
    RecentFiles r;
    for (int i = 0; i < 12; ++i) {
        touch(dir + "/d" + std::to_string(i) + ".gpkg");
        r.add(dir + "/d" + std::to_string(i) + ".gpkg");
    }
    r.add(dir + "/d3.gpkg");  // again: to the front, once
    r.add("PG:host=db user=planner password=secret");
    ASSERT_EQ(r.files().size(), RecentFiles::kMax);
    EXPECT_EQ(r.files().front(), dir + "/d3.gpkg");
    EXPECT_EQ(r.files()[1], dir + "/d11.gpkg");
    for (const auto& f : r.files()) EXPECT_EQ(f.find("secret"), std::string::npos);
    const std::string path = dir + "/conf/recent.json";
    ASSERT_TRUE(r.save(path));
    fs::remove(dir + "/d11.gpkg");  // gone since: not offered
    const auto back = RecentFiles::load(path);
    ASSERT_EQ(back.files().size(), RecentFiles::kMax - 1);
    EXPECT_EQ(back.files()[1], dir + "/d10.gpkg");
    touch(path, "{ damaged");
    EXPECT_TRUE(RecentFiles::load(path).files().empty());
}

TEST(ExportFolder, BesideTheDataSetElseHomeNeverTheWorkingFolder) {
    const std::string dir = folder("export");
    touch(dir + "/d.gpkg");
    EXPECT_EQ(export_folder(dir + "/d.gpkg"), dir);
    const char* home = std::getenv("HOME");
    if (home && *home && ::access(home, W_OK) == 0) {
        EXPECT_EQ(export_folder("PG:dbname=city"), home);
        EXPECT_EQ(export_folder(""), home);
    }
    EXPECT_EQ(absolute_path("a/../b.csv"), (fs::current_path() / "b.csv").string());
}
