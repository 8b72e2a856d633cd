#pragma once
/// @file
/// The level of detail for large data sets: above a scale where the vector layers in view would be too
/// many primitives to draw each frame, the map is drawn from raster tiles of itself. Each tile is drawn
/// once from the vector layers at its level's scale (levels double in metres per pixel), kept in an LRU
/// cache, redrawn when the content changes; missing tiles are built within a time budget per frame, a
/// coarser cached tile standing in meanwhile. With a TileDiskCache, a missing tile is read from disk when
/// the same data and look were drawn before (in this run or an earlier one), and a tile drawn is kept there.

#include <cstdint>
#include <map>
#include <memory>
#include <tuple>

#include "app/render/gl_objects.hpp"
#include "app/render/map_renderer.hpp"
#include "app/render/screen_painter.hpp"
#include "app/render/tile_cache.hpp"

namespace app::render {

class Overview {
  public:
    /// Primitives the vector path may draw in one frame before the overview takes over.
    static constexpr double kVectorBudget = 300'000;
    static constexpr int kTilePx = 512;
    static constexpr std::size_t kMaxTiles = 160;

    /// Decides from the data's primitive count and extent whether and from which scale the overview is
    /// used (for a viewport of `view_pixels` pixels).
    /// `min_mpp`: the overview never covers scales at or below it (a streamed data set's threshold, below
    /// which only the tiles around the view are loaded).
    void configure(std::size_t primitives, const gis::BBox& extent, double view_pixels = 1920.0 * 1080.0,
                   double min_mpp = 0);
    bool covers(double mpp) const { return threshold_ > 0 && mpp > threshold_; }
    double threshold() const { return threshold_; }

    struct Result {
        int built = 0;    ///< tiles drawn from the vector layers this frame
        int missing = 0;  ///< tiles still missing or stale (built in later frames)
        int drawn = 0;
        int from_disk = 0;  ///< tiles read from the disk cache instead of drawn
    };
    /// Draws the overview for the camera into the bound framebuffer (viewport = camera), building tiles
    /// within `budget_ms` (negative: no limit). `content_key` changes whenever the layers' look changes.
    /// `samples`: the tiles' multisampling (a change rebuilds them, as `content_key` includes it).
    Result draw(MapRenderer& renderer, ScreenPainter& painter, const view::Document& doc,
                const view::Camera& camera, float pixel_ratio, double budget_ms, std::uint64_t content_key,
                int samples = 4);
    void clear() { tiles_.clear(); }
    /// Keeps tiles on disk between runs (nullptr: none).
    void set_disk_cache(std::shared_ptr<TileDiskCache> cache) { disk_ = std::move(cache); }
    std::size_t tile_count() const { return tiles_.size(); }

  private:
    using Key = std::tuple<int, int, int>;  // level, column, row
    struct Tile {
        Texture texture;
        std::uint64_t content = 0;
        std::uint64_t used = 0;
    };
    bool build(Tile& tile, const Key& key, MapRenderer& renderer, const view::Document& doc,
               float pixel_ratio, int samples, std::uint64_t disk_set);
    bool load(Tile& tile, const Key& key, std::uint64_t disk_set);
    double level_mpp(int level) const;
    void evict();

    double threshold_ = 0;
    std::map<Key, Tile> tiles_;
    Framebuffer target_;
    std::uint64_t frame_ = 0;
    std::shared_ptr<TileDiskCache> disk_;
};

/// A key that changes whenever the drawn look of the non-overlay layers changes (order, visibility,
/// opacity, styles, data) or the tiles' resolution or multisampling.
std::uint64_t content_key(const view::Document& doc, float pixel_ratio, int samples = 4);

/// A key for the look of the non-overlay layers that holds across runs (for the tiles on disk): each
/// layer's order, visibility, opacity, style and PreparedLayer::source_key (the data file's state and the
/// band), the background, the resolution and multisampling, the renderer and the program's build.
/// 0 when a layer that draws was not read unchanged from a local file (source_key 0).
std::uint64_t disk_key(const view::Document& doc, float pixel_ratio, int samples);

}  // namespace app::render
