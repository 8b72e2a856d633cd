// The overview's tiles kept on disk: given back exactly, never when damaged or of other data, pruned
// oldest first; and a viewer opened again on the same city shows them, never after the data changed.

#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "app/render/tile_cache.hpp"
#include "gis/core/paths.hpp"
#include "gis/district/loader.hpp"
#include "gis/io/dataset.hpp"
#include "gl_test_util.hpp"

namespace fs = std::filesystem;
using app::render::TileDiskCache;
using namespace gl_test;
using nbhd_test::run_nbhd;

namespace {
std::vector<unsigned char> pattern(int size, int seed) {
    std::vector<unsigned char> rgb(static_cast<std::size_t>(size) * size * 3);
    for (std::size_t i = 0; i < rgb.size(); ++i)
        rgb[i] = static_cast<unsigned char>((i / 3 / static_cast<std::size_t>(size) + seed) % 7 * 30 + i % 3);
    return rgb;
}

std::vector<fs::path> files_under(const fs::path& dir, const std::string& ext) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file() && it->path().string().find(ext) != std::string::npos)
            out.push_back(it->path());
    return out;
}
}  // namespace

TEST(TileDiskCache, GivesBackExactlyTheTileItKept) {
    const fs::path dir = nbhd_test::temp_dir();
    auto cache = TileDiskCache::open(dir / "tiles");
    ASSERT_TRUE(cache);
    const auto a = pattern(64, 1), b = pattern(64, 2);
    ASSERT_TRUE(cache->store(0x1234, {3, -2, 5}, 64, a));
    ASSERT_TRUE(cache->store(0x1234, {3, -2, 6}, 64, b));
    EXPECT_EQ(cache->load(0x1234, {3, -2, 5}, 64), a);
    EXPECT_EQ(cache->load(0x1234, {3, -2, 6}, 64), b);
    // Another data set or look, place or size: nothing.
    EXPECT_FALSE(cache->load(0x1235, {3, -2, 5}, 64));
    EXPECT_FALSE(cache->load(0x1234, {3, -2, 7}, 64));
    EXPECT_FALSE(cache->load(0x1234, {3, -2, 5}, 32));
    // A tile of the wrong size is not kept.
    EXPECT_FALSE(cache->store(0x1234, {0, 0, 0}, 64, pattern(32, 1)));
    EXPECT_TRUE(files_under(dir, ".tmp").empty()) << "no temporary file is left";
}

TEST(TileDiskCache, ADamagedShortOrMisplacedTileIsNotUsedAndIsRemoved) {
    const fs::path dir = nbhd_test::temp_dir();
    auto cache = TileDiskCache::open(dir / "tiles");
    ASSERT_TRUE(cache);
    const auto a = pattern(64, 3);
    for (int row = 0; row < 3; ++row) ASSERT_TRUE(cache->store(7, {0, 0, row}, 64, a));
    const fs::path set = cache->set_dir(7);
    // A byte flipped in the pixels: zlib's check finds it.
    {
        const fs::path p = set / "0_0_0.tile";
        std::fstream f(p, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(-5, std::ios::end);
        char c = 0;
        f.seekg(-5, std::ios::end);
        f.get(c);
        f.seekp(-5, std::ios::end);
        f.put(static_cast<char>(c ^ 0x5a));
    }
    EXPECT_FALSE(cache->load(7, {0, 0, 0}, 64));
    EXPECT_FALSE(fs::exists(set / "0_0_0.tile"));
    // Cut short.
    fs::resize_file(set / "0_0_1.tile", 20);
    EXPECT_FALSE(cache->load(7, {0, 0, 1}, 64));
    EXPECT_FALSE(fs::exists(set / "0_0_1.tile"));
    // Copied to another place: its header names the place it was drawn for.
    fs::copy_file(set / "0_0_2.tile", set / "0_0_9.tile");
    EXPECT_FALSE(cache->load(7, {0, 0, 9}, 64));
    EXPECT_EQ(cache->load(7, {0, 0, 2}, 64), a);
}

TEST(TileDiskCache, PrunesTheDataSetsShownLeastRecently) {
    const fs::path dir = nbhd_test::temp_dir();
    auto cache = TileDiskCache::open(dir / "tiles");
    ASSERT_TRUE(cache);
    const auto noise = [] {
        std::vector<unsigned char> v(64 * 64 * 3);
        unsigned x = 12345;
        for (auto& c : v) c = static_cast<unsigned char>((x = x * 1103515245u + 12345u) >> 24);
        return v;
    }();
    for (std::uint64_t set : {1, 2, 3}) {
        ASSERT_TRUE(cache->store(set, {0, 0, 0}, 64, noise));
        const auto t = fs::file_time_type::clock::now() - std::chrono::hours(10 - static_cast<int>(set));
        fs::last_write_time(cache->set_dir(set), t);  // set 1 shown longest ago
    }
    const auto one = fs::file_size(cache->set_dir(1) / "0_0_0.tile");
    // Room for two sets: the oldest goes, unless it is the one in use.
    EXPECT_LE(cache->prune(2 * one + 10, 1), 2 * one + 10);
    EXPECT_TRUE(fs::exists(cache->set_dir(1)));
    EXPECT_FALSE(fs::exists(cache->set_dir(2)));
    EXPECT_TRUE(fs::exists(cache->set_dir(3)));
    cache->prune(one + 10);
    EXPECT_FALSE(fs::exists(cache->set_dir(1)));
    EXPECT_TRUE(fs::exists(cache->set_dir(3)));
}

TEST(TileDiskCache, IsOffWhenAskedAndInTheUsersCacheOtherwise) {
    const fs::path dir = nbhd_test::temp_dir();
    ::setenv("NBHD_TILE_CACHE", "off", 1);
    EXPECT_FALSE(TileDiskCache::open_default());
    ::unsetenv("NBHD_TILE_CACHE");
    ::setenv("XDG_CACHE_HOME", dir.c_str(), 1);
    auto c = TileDiskCache::open_default();
    ::unsetenv("XDG_CACHE_HOME");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->dir(), dir / "nbhd" / "tiles");
}

TEST(FileStateKey, ChangesWhenAProgramWritesTheFileNotWhenItReadsIt) {
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = district_copy(dir);
    const std::uint64_t before = gis::file_state_key(data);
    EXPECT_NE(before, 0u);
    ASSERT_TRUE(gis::district::layer_extent(data, "boundary").ok());  // a read
    EXPECT_EQ(gis::file_state_key(data), before);
    ASSERT_TRUE(edit_with_gdal(data, "UPDATE buildings SET floors = floors + 1 WHERE fid = 1"));
    EXPECT_NE(gis::file_state_key(data), before);
    // An edit whose size and modification time are put back (touch -r, rsync -a) still changes it.
    {
        const auto size = fs::file_size(data);
        const auto mtime = fs::last_write_time(data);
        const std::uint64_t edited = gis::file_state_key(data);
        ASSERT_TRUE(edit_with_gdal(data, "UPDATE buildings SET floors = floors - 1 WHERE fid = 1"));
        ASSERT_EQ(fs::file_size(data), size);
        fs::last_write_time(data, mtime);
        EXPECT_NE(gis::file_state_key(data), edited);
    }
    EXPECT_EQ(gis::file_state_key("PG:dbname=x"), 0u);
    EXPECT_EQ(gis::file_state_key(dir + "/none.gpkg"), 0u);
}

namespace {
/// "overview tiles: N drawn, M read from the tile cache" of a viewer's --timing output.
std::pair<int, int> tile_counts(const std::string& out) {
    std::smatch m;
    if (!std::regex_search(out, m, std::regex(R"(overview tiles: (\d+) drawn, (\d+) read)"))) return {-1, -1};
    return {std::stoi(m[1]), std::stoi(m[2])};
}

/// Pixels that differ above the status bar (whose frame rate differs from run to run).
int differing_pixels(const Image& a, const Image& b) {
    int n = 0;
    for (int y = 0; y < a.height - 40; ++y)
        for (int x = 0; x < a.width; ++x)
            if (distance(a.at(x, y), b.at(x, y)) > 8) ++n;
    return n;
}
}  // namespace

TEST(StreamedCity, TilesKeptOnDiskShowOnlyTheDataTheyWereDrawnFrom) {
    NBHD_REQUIRE_DISPLAY();
    const std::string dir = nbhd_test::temp_dir();
    const std::string city = dir + "/city.gpkg";
    // A city large enough for its full extent to be drawn from the overview's tiles.
    ASSERT_EQ(run_nbhd({"generate", "city", "--buildings", "8000", "--out", city, "-q"}).exit_code, 0);
    ASSERT_EQ(run_nbhd({"--data", city, "index", "build", "--stream-above", "300", "-q"}).exit_code, 0);
    const std::map<std::string, std::string> env{{"NBHD_TILE_CACHE", dir + "/cache/tiles"}};
    auto view = [&](const std::string& png, const std::map<std::string, std::string>& e) {
        auto r = run_nbhd({"--data", city, "--lang", "en", "view", "--size", "800x600", "--panels", "none",
                           "--timing", "--screenshot", png, "--frames", "2"},
                          e);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return r;
    };

    const auto first = view(dir + "/a.png", env);
    const auto [drawn, read] = tile_counts(first.out);
    ASSERT_GT(drawn, 0) << first.out;
    EXPECT_EQ(read, 0);
    EXPECT_EQ(files_under(dir + "/cache/tiles", ".tile").size(), static_cast<std::size_t>(drawn));

    // Opened again: the same picture, from the tiles on disk.
    const auto second = view(dir + "/b.png", env);
    EXPECT_EQ(tile_counts(second.out), std::make_pair(0, drawn)) << second.out;
    const Image a = load_png(dir + "/a.png"), b = load_png(dir + "/b.png");
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_LT(differing_pixels(a, b), 800 * 600 / 1000);

    // Another program moves the district's boundary (a small layer: the overview stays current, and only
    // the file's state tells that the tiles no longer show the data).
    {
        gis::io::init_gdal();
        GDALDataset* ds = static_cast<GDALDataset*>(
            GDALOpenEx(city.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
        ASSERT_NE(ds, nullptr);
        OGRLayer* l = ds->GetLayerByName("boundary");
        ASSERT_NE(l, nullptr);
        l->ResetReading();
        std::unique_ptr<OGRFeature> f(l->GetNextFeature());
        ASSERT_TRUE(f);
        OGREnvelope env_box;
        f->GetGeometryRef()->getEnvelope(&env_box);
        const double cx = (env_box.MinX + env_box.MaxX) / 2, cy = (env_box.MinY + env_box.MaxY) / 2;
        const double r = (env_box.MaxX - env_box.MinX) / 6;
        OGRPolygon square;
        OGRLinearRing ring;
        ring.addPoint(cx - r, cy - r);
        ring.addPoint(cx + r, cy - r);
        ring.addPoint(cx + r, cy + r);
        ring.addPoint(cx - r, cy + r);
        ring.closeRings();
        square.addRing(&ring);
        OGRMultiPolygon multi;
        multi.addGeometry(&square);
        if (wkbFlatten(l->GetGeomType()) == wkbMultiPolygon)
            f->SetGeometry(&multi);
        else
            f->SetGeometry(&square);
        ASSERT_EQ(l->SetFeature(f.get()), OGRERR_NONE);
        GDALClose(ds);
    }
    EXPECT_EQ(run_nbhd({"--data", city, "index", "status"}).exit_code, 0) << "the overview is still current";
    const auto third = view(dir + "/c.png", env);
    EXPECT_EQ(tile_counts(third.out).second, 0) << "no tile of the old data is shown: " << third.out;
    EXPECT_GT(tile_counts(third.out).first, 0);
    const auto fresh = view(dir + "/d.png", {{"NBHD_TILE_CACHE", "off"}});
    EXPECT_EQ(tile_counts(fresh.out).second, 0);
    const Image c = load_png(dir + "/c.png"), d = load_png(dir + "/d.png");
    ASSERT_TRUE(c.ok() && d.ok());
    // The boundary is an outline at this scale: a few hundred pixels move.
    const int moved = differing_pixels(a, c);
    EXPECT_GT(moved, 200) << "the moved boundary shows";
    EXPECT_LT(differing_pixels(c, d), moved / 10) << "as a viewer without the tile cache draws it";
    EXPECT_TRUE(files_under(dir + "/cache", ".tmp").empty());

    // --select on a streamed layer: found once the tiles of the view are read; above the stream scale the
    // layer holds no features, which is said (exit 3), never a picture without the selection.
    auto b1 = find(city, "buildings", "number", "1");
    ASSERT_TRUE(b1.has_value());
    const gis::BBox bb = b1->second.geometry.bbox().grown(80);
    const std::string box = std::to_string(bb.minx) + "," + std::to_string(bb.miny) + "," +
                            std::to_string(bb.maxx) + "," + std::to_string(bb.maxy);
    auto sel = run_nbhd({"--data", city, "view", "--size", "400x300", "--panels", "none", "--bbox", box,
                         "--select", "buildings:1", "--screenshot", dir + "/sel.png", "--frames", "2"});
    EXPECT_EQ(sel.exit_code, 0) << sel.err;
    auto far = run_nbhd({"--data", city, "--lang", "en", "render", "--size", "400x300", "--select",
                         "buildings:1", "--out", dir + "/far.png"});
    EXPECT_EQ(far.exit_code, 3) << far.err;
    EXPECT_NE(far.err.find("give --bbox"), std::string::npos) << far.err;
}
