// The streamed map of a large data set: tiles merged into one layer, the overview's bands above the
// stream threshold, the features of the tiles around the view below it (the same features a whole read
// gives), and an overview out of date never used.

#include <gdal_priv.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "app/view/core/document.hpp"
#include "app/view/core/loader.hpp"
#include "app/view/core/streamer.hpp"
#include "app/view/core/style.hpp"
#include "gis/district/overview.hpp"
#include "view_test_util.hpp"

using namespace app::view;

namespace {

std::string streamed_copy(std::int64_t min_features) {
    const std::string path = view_test::temp_dir() + "/district.gpkg";
    std::filesystem::copy_file(std::string(NBHD_ASSET_DIR) + "/chonghua.gpkg", path);
    gis::district::OverviewOptions o;
    o.min_features = min_features;
    auto rep = gis::district::build_overview(path, o);
    EXPECT_TRUE(rep.ok()) << rep.error().message;
    return path;
}

struct Opened {
    std::optional<SourceInfo> source;
    std::vector<PreparedLayer> layers;
    std::vector<std::tuple<std::string, int, PreparedLayer>> bands;
    std::vector<gis::Error> errors;
};

Opened open(const std::string& path) {
    LoadRequest r;
    r.path = path;
    Loader loader(r);
    loader.wait();
    return {loader.source(), loader.take_layers(), loader.take_bands(), loader.errors()};
}

}  // namespace

TEST(MergeTiles, PiecesOfTilesBecomeOneLayerInTileOrder) {
    TileGrid grid;
    grid.origin = {0, 0};
    grid.size = 100;
    grid.cols = 3;
    grid.rows = 2;
    auto piece = [&](int tile, std::vector<std::int64_t> fids) {
        auto l = view_test::layer("parcels", "Polygon", {{"name", gis::io::FieldType::String}});
        const gis::BBox b = grid.bounds(tile);
        double x = b.minx + 10;
        for (auto fid : fids) {
            l.features.push_back(
                view_test::feature(fid, view_test::square(x, b.miny + 10, 20), {"p" + std::to_string(fid)}));
            x += 30;
        }
        TileGrid one = grid;
        one.origin = {b.minx, b.miny};
        one.cols = one.rows = 1;
        LayerStyle style = generic_layer_style(l.info, 0);
        return prepare_layer(std::move(l), style, {0, 0}, one);
    };
    const PreparedLayer a = piece(1, {7, 3}), b = piece(5, {5});
    const PreparedLayer m = merge_tiles({{1, &a}, {5, &b}}, grid);
    ASSERT_EQ(m.features.size(), 3u);
    ASSERT_EQ(m.tiles.size(), 6u);
    EXPECT_EQ(m.tiles[1].first, 0u);
    EXPECT_EQ(m.tiles[1].count, 2u);
    EXPECT_EQ(m.tiles[5].first, 2u);
    EXPECT_EQ(m.tiles[5].count, 1u);
    EXPECT_EQ(m.tiles[0].count + m.tiles[2].count + m.tiles[3].count + m.tiles[4].count, 0u);
    EXPECT_EQ(m.features[2].fid, 5);
    // Look-up by id and the triangles follow the features.
    ASSERT_TRUE(m.find_fid(5).has_value());
    EXPECT_EQ(*m.find_fid(5), 2u);
    EXPECT_EQ(*m.find_fid(3), *a.find_fid(3));
    EXPECT_EQ(m.fill_indices.size(), a.fill_indices.size() + b.fill_indices.size());
    const FeatureSpan& s = m.spans[2];
    ASSERT_GT(s.fill_count, 0u);
    for (std::uint32_t i = s.fill_first; i < s.fill_first + s.fill_count; ++i) {
        const FillVertex& v = m.fill_vertices[m.fill_indices[i]];
        EXPECT_TRUE(grid.bounds(5).contains(gis::Point{v.x, v.y})) << v.x << "," << v.y;
    }
    // Labels are grouped by tile.
    ASSERT_EQ(m.label_tile_first.size(), 7u);
    EXPECT_EQ(m.label_tile_first[1], 0u);
    EXPECT_EQ(m.label_tile_first[2], a.labels.size());
    EXPECT_EQ(m.label_tile_first[6], a.labels.size() + b.labels.size());
    for (std::uint32_t k = m.label_tile_first[5]; k < m.label_tile_first[6]; ++k)
        EXPECT_EQ(m.labels[k].feature, 2u);
}

TEST(Streamer, ShowsTheOverviewAboveTheThresholdAndTheFeaturesOfTheViewBelowIt) {
    const std::string path = streamed_copy(40);
    Opened o = open(path);
    ASSERT_TRUE(o.errors.empty()) << o.errors.front().message;
    ASSERT_TRUE(o.source && o.source->stream);
    const auto& streamed = o.source->stream->layers;
    ASSERT_NE(std::find(streamed.begin(), streamed.end(), "buildings"), streamed.end());
    Document doc;
    doc.set_source(*o.source);
    for (auto& l : o.layers) {
        const bool is_streamed = std::find(streamed.begin(), streamed.end(), l.name) != streamed.end();
        EXPECT_EQ(l.generalised, is_streamed) << l.name;
        doc.add_layer(std::move(l));
    }
    Streamer s(doc, *o.source);
    for (auto& [layer, band, data] : o.bands) s.add_band(layer, band, std::move(data));

    // Zoomed out: every streamed layer shows a band of the overview.
    const gis::BBox extent = o.source->extent;
    const double threshold = o.source->stream->threshold_mpp;
    s.settle(extent, threshold * 2.5);
    auto counts = gis::io::Dataset::open(path);
    ASSERT_TRUE(counts.ok());
    for (const auto& name : streamed) {
        const MapLayer* l = doc.find(name);
        ASSERT_NE(l, nullptr) << name;
        EXPECT_TRUE(l->data.generalised) << name;
        EXPECT_EQ(l->feature_total(), counts->layer_info(name)->feature_count) << name;
    }
    EXPECT_EQ(s.stats().band, o.source->stream->band_for(threshold * 2.5));

    // Zoomed in: the features, exactly those of a whole read that the view's tiles hold.
    const gis::Point c = extent.center();
    const gis::BBox view{c.x - 150, c.y - 100, c.x + 150, c.y + 100};
    s.settle(view, 0.3);
    EXPECT_EQ(s.stats().band, -1);
    EXPECT_GT(s.stats().shown_tiles, 0u);
    auto ds = gis::io::Dataset::open(path);
    ASSERT_TRUE(ds.ok());
    for (const auto& name : streamed) {
        const MapLayer* l = doc.find(name);
        ASSERT_NE(l, nullptr);
        EXPECT_FALSE(l->data.generalised) << name;
        std::map<std::int64_t, const gis::io::Feature*> shown;
        for (const auto& f : l->data.features)
            EXPECT_TRUE(shown.emplace(f.fid, &f).second) << name << " " << f.fid;
        auto whole = ds->read_layer(name);
        ASSERT_TRUE(whole.ok());
        int in_view = 0;
        for (const auto& f : whole->features) {
            const auto it = shown.find(f.fid);
            if (f.geometry.bbox().intersects(view)) {
                ++in_view;
                EXPECT_NE(it, shown.end())
                    << name << " feature " << f.fid << " meets the view but is not shown";
            }
            if (it != shown.end()) {
                EXPECT_EQ(it->second->geometry, f.geometry) << name << " " << f.fid;
                EXPECT_EQ(it->second->values, f.values) << name << " " << f.fid;
            }
        }
        if (name == "buildings") {
            EXPECT_GT(in_view, 3);
        }
        // The layer panel counts the layer's features in the data set, not those around the view.
        EXPECT_EQ(l->feature_total(), static_cast<std::int64_t>(whole->features.size())) << name;
    }
    // Zoomed out and back, the tiles come from the cache.
    const std::size_t read = s.stats().tiles_read;
    s.settle(extent, threshold * 2.5);
    s.settle(view, 0.3);
    EXPECT_EQ(s.stats().tiles_read, read);
    // A selection follows its feature when the view moves on to other tiles.
    const MapLayer* b = doc.find("buildings");
    ASSERT_FALSE(b->data.features.empty());
    const std::int64_t fid = b->data.features.back().fid;
    doc.select(FeatureRef{b->id, static_cast<std::uint32_t>(b->data.features.size() - 1)});
    const gis::BBox moved{view.minx + 400, view.miny, view.maxx + 400, view.maxy};
    s.settle(moved, 0.3);
    EXPECT_GT(s.stats().tiles_read, read);
    const MapLayer* now = doc.find("buildings");
    if (now->data.find_fid(fid)) {
        ASSERT_TRUE(doc.selection().has_value());
        EXPECT_EQ(doc.feature(*doc.selection())->fid, fid);
    } else {
        EXPECT_FALSE(doc.selection().has_value());
    }
}

TEST(Streamer, ANewStyleIsAppliedToTheBandsAndTilesNeverOverOldClasses) {
    const std::string path = streamed_copy(40);
    Opened o = open(path);
    ASSERT_TRUE(o.source && o.source->stream);
    Document doc;
    doc.set_source(*o.source);
    for (auto& l : o.layers) doc.add_layer(std::move(l));
    Streamer s(doc, *o.source);
    for (auto& [layer, band, data] : o.bands) s.add_band(layer, band, std::move(data));
    const double threshold = o.source->stream->threshold_mpp;
    s.settle(o.source->extent, threshold * 2.5);
    // A style of one class (as a map theme would bring) for the buildings.
    LayerStyle one = overlay_style("one class", Colour{0.2f, 0.4f, 0.8f, 1});
    ASSERT_EQ(one.styles.size(), 1u);
    ASSERT_TRUE(s.streams("buildings"));
    EXPECT_FALSE(s.streams("boundary"));
    const std::size_t before = doc.find("buildings")->data.style.styles.size();
    ASSERT_GT(before, 1u);
    s.restyle("buildings", one);
    // Until the band is prepared again, the layer keeps its own style and classes.
    EXPECT_EQ(doc.find("buildings")->data.style.styles.size(), before);
    s.settle(o.source->extent, threshold * 2.5);
    const MapLayer* b = doc.find("buildings");
    ASSERT_EQ(b->data.style.styles.size(), 1u);
    for (auto k : b->data.style_index) EXPECT_EQ(k, 0);
    // The tiles come in the new style too.
    const gis::Point c = o.source->extent.center();
    s.settle({c.x - 150, c.y - 100, c.x + 150, c.y + 100}, 0.3);
    b = doc.find("buildings");
    EXPECT_FALSE(b->data.generalised);
    EXPECT_FALSE(b->data.features.empty());
    ASSERT_EQ(b->data.style.styles.size(), 1u);
    for (auto k : b->data.style_index) EXPECT_EQ(k, 0);
}

TEST(Streamer, AnOverviewOutOfDateIsNeverUsed) {
    const std::string path = streamed_copy(40);
    // An edit as another GIS program makes it, through GDAL.
    gis::io::init_gdal();
    GDALDataset* ds = static_cast<GDALDataset*>(
        GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
    ASSERT_NE(ds, nullptr);
    ds->ExecuteSQL("UPDATE buildings SET kind = 'school' WHERE fid = (SELECT min(fid) FROM buildings)",
                   nullptr, nullptr);
    GDALClose(ds);
    Opened o = open(path);
    ASSERT_TRUE(o.source.has_value());
    EXPECT_FALSE(o.source->stream.has_value());
    EXPECT_TRUE(o.bands.empty());
    bool said = false;
    for (const auto& e : o.errors) said = said || e.message.find("index build") != std::string::npos;
    EXPECT_TRUE(said) << "the viewer says how to rebuild the overview";
    for (const auto& l : o.layers) EXPECT_FALSE(l.generalised) << l.name;
}
