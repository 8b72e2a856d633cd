#include "app/view/core/workspace_layout.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace app::view;

namespace {

const gis::BBox kWork{0, 22, 1600, 974};  // a 1600x1000 window below the menu bar, above the status bar

std::string scratch(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() / ("nbhd-layout-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return (dir / name).string();
}

}  // namespace

TEST(WorkspaceLayout, ToolsDockAroundTheMapByKind) {
    EXPECT_EQ(WorkspaceLayout::default_dock("layers"), Dock::Left);
    EXPECT_EQ(WorkspaceLayout::default_dock("district"), Dock::Left);
    EXPECT_EQ(WorkspaceLayout::default_dock("schedule"), Dock::Bottom);
    EXPECT_EQ(WorkspaceLayout::default_dock("grid"), Dock::Bottom);
    for (const char* p : {"inspector", "search", "sketch", "gas", "slides", "figures", "gating", "market"})
        EXPECT_EQ(WorkspaceLayout::default_dock(p), Dock::Right) << p;
}

TEST(WorkspaceLayout, TheMapHasWhatTheOpenDocksLeave) {
    WorkspaceLayout l;
    const auto all = l.arrange(kWork, true, true, true);
    ASSERT_TRUE(all.left && all.right && all.bottom);
    EXPECT_DOUBLE_EQ(all.left->maxx, 320);
    EXPECT_DOUBLE_EQ(all.right->minx, 1600 - 440);
    EXPECT_DOUBLE_EQ(all.bottom->miny, 974 - 260);
    // The bottom dock lies between the side docks; the map is what is left.
    EXPECT_DOUBLE_EQ(all.bottom->minx, 320);
    EXPECT_DOUBLE_EQ(all.bottom->maxx, 1160);
    EXPECT_DOUBLE_EQ(all.map.minx, 320);
    EXPECT_DOUBLE_EQ(all.map.maxx, 1160);
    EXPECT_DOUBLE_EQ(all.map.miny, 22);
    EXPECT_DOUBLE_EQ(all.map.maxy, 714);
    // A dock with no open panel takes no room.
    const auto none = l.arrange(kWork, false, false, false);
    EXPECT_FALSE(none.left || none.right || none.bottom);
    EXPECT_DOUBLE_EQ(none.map.width(), 1600);
    EXPECT_DOUBLE_EQ(none.map.height(), 952);
}

TEST(WorkspaceLayout, ACollapsedDockIsAStripAndTheMapKeepsHalfTheWidth) {
    WorkspaceLayout l;
    l.set_collapsed(Dock::Right, true);
    const auto a = l.arrange(kWork, true, true, false);
    EXPECT_DOUBLE_EQ(a.right->width(), WorkspaceLayout::kCollapsedWidth);
    EXPECT_DOUBLE_EQ(a.map.maxx, 1600 - WorkspaceLayout::kCollapsedWidth);
    // Side docks wider than the window allows give way in proportion: the map keeps half the width.
    WorkspaceLayout wide;
    wide.set_size(Dock::Left, 900);
    wide.set_size(Dock::Right, 900);
    const auto b = wide.arrange({0, 0, 1000, 800}, true, true, true);
    EXPECT_NEAR(b.map.width(), 500, 1e-6);
    EXPECT_NEAR(b.left->width(), b.right->width(), 1e-6);
    // A small window (1024 wide) with the default docks: the map still has half of it.
    const auto small = WorkspaceLayout{}.arrange({0, 22, 1024, 674}, true, true, true);
    EXPECT_NEAR(small.map.width(), 512, 1e-6);
    EXPECT_GE(small.map.height(), 0.4 * 652 - 1e-6);
    // Sizes stay in a usable range whatever a drag or a file says.
    wide.set_size(Dock::Left, 5);
    EXPECT_EQ(wide.size(Dock::Left), WorkspaceLayout::kMinSide);
    wide.set_size(Dock::Bottom, 1e9f);
    EXPECT_EQ(wide.size(Dock::Bottom), 900.0f);
}

TEST(WorkspaceLayout, ALayoutIsKeptBetweenRuns) {
    WorkspaceLayout l;
    l.set_size(Dock::Left, 410);
    l.set_collapsed(Dock::Bottom, true);
    l.set_active(Dock::Right, "gas");
    l.set_dock("inspector", Dock::Floating);
    l.set_dock("grid", Dock::Right);
    l.set_open_panels({"layers", "gas", "grid"});
    const std::string path = scratch("layout.json");
    ASSERT_TRUE(l.save(path));
    auto back = WorkspaceLayout::load(path);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->size(Dock::Left), 410);
    EXPECT_EQ(back->size(Dock::Right), 440);
    EXPECT_TRUE(back->collapsed(Dock::Bottom));
    EXPECT_FALSE(back->collapsed(Dock::Left));
    EXPECT_EQ(back->active(Dock::Right), "gas");
    EXPECT_EQ(back->dock_of("inspector"), Dock::Floating);
    EXPECT_EQ(back->dock_of("grid"), Dock::Right);
    EXPECT_EQ(back->dock_of("layers"), Dock::Left);
    ASSERT_TRUE(back->open_panels());
    EXPECT_EQ(*back->open_panels(), (std::set<std::string>{"layers", "gas", "grid"}));
    // Nothing left beside it.
    int files = 0;
    for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(path).parent_path()))
        files += e.path().filename() != "layout.json" ? 1 : 0;
    EXPECT_EQ(files, 0);
}

TEST(WorkspaceLayout, NoFileIsTheDefaultADamagedOneIsAnError) {
    auto none = WorkspaceLayout::load(scratch("never-written.json"));
    ASSERT_TRUE(none);
    EXPECT_FALSE(none->open_panels());
    EXPECT_EQ(none->size(Dock::Right), 440);

    for (const std::string text : {"{ not json", "[1,2]", R"({"version": 7})",
                                   R"({"version": 1, "panels": {"gas": "upside-down"}})"}) {
        const std::string path = scratch("damaged.json");
        std::ofstream(path) << text;
        auto l = WorkspaceLayout::load(path);
        ASSERT_FALSE(l) << text;
        EXPECT_EQ(l.error().code, gis::ErrorCode::Damaged) << text;
        EXPECT_NE(l.error().message.find("damaged.json"), std::string::npos) << l.error().message;
        // The file stays as it was, for the user to look at.
        std::ifstream in(path);
        std::stringstream s;
        s << in.rdbuf();
        EXPECT_EQ(s.str(), text);
    }
}

TEST(WorkspaceLayout, TheUsersLayoutLivesInTheirConfigFolder) {
    const char* old = std::getenv("XDG_CONFIG_HOME");
    const std::string saved = old ? old : "";
    ::setenv("XDG_CONFIG_HOME", "/tmp/cfg-test", 1);
    EXPECT_EQ(WorkspaceLayout::user_path(), "/tmp/cfg-test/nbhd/viewer-layout.json");
    if (old)
        ::setenv("XDG_CONFIG_HOME", saved.c_str(), 1);
    else
        ::unsetenv("XDG_CONFIG_HOME");
}
