#pragma once
/// @file
/// The streamed map of a large data set (a city): its large layers are never read whole.
///   - Above the stream threshold (metres per pixel) each streamed layer shows the band of the stored
///     overview (gis/district/overview) that suits the scale: generalised geometry. The coarsest band is
///     read when the data set opens (a picture at once), the others the first time the scale needs them
///     (the nearest band held stays on screen meanwhile). A layer whose style draws nothing at a band's
///     scales (pipes, point symbols) reads nothing for it.
///   - At and below it, the layer shows the features of the tiles around the view (TileGrid tiles, a
///     feature belonging to the tile of its first vertex). Missing tiles are read through the layers'
///     spatial indexes and prepared (triangulated) on worker threads; the main thread only swaps the
///     finished layer in. Until then the overview stays on screen.
///   - Prepared tiles stay in a cache bounded in bytes (least recently shown go first), so panning back
///     reads nothing; memory follows what is on screen, not the size of the city.
/// The streamer owns the document's streamed layers; their style is the document layer's at the time
/// the tiles are requested.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "app/view/core/document.hpp"
#include "app/view/core/loader.hpp"
#include "app/view/core/prepared_layer.hpp"

namespace app::view {

/// One layer for `grid` from pieces that each hold the features of one of its tiles (prepared with a
/// one-tile grid, see Streamer): features in tile order, tile runs, labels and fid lookup rebuilt.
PreparedLayer merge_tiles(const std::vector<std::pair<int, const PreparedLayer*>>& pieces,
                          const TileGrid& grid);

/// One band of a streamed layer's overview, prepared for drawing in `style` (generalised: drawn, never
/// picked). A layer whose style draws nothing at the band's scales reads nothing (an empty layer with
/// `info`). Errors: those of reading the overview.
gis::Result<PreparedLayer> prepare_band(const SourceInfo& source, const std::string& layer, int band,
                                        const LayerStyle& style, gis::io::LayerInfo info);

class Streamer {
  public:
    /// Bytes of prepared tiles kept for panning back.
    static constexpr std::size_t kCacheBytes = 160u << 20;

    Streamer(Document& doc, SourceInfo source, int threads = 2);
    ~Streamer();
    Streamer(const Streamer&) = delete;
    Streamer& operator=(const Streamer&) = delete;

    /// A band of the overview of a streamed layer (from the loader).
    void add_band(const std::string& layer, int band, PreparedLayer data);
    /// Each frame, with the view's box (display CRS) and its metres per pixel: shows the right band,
    /// asks for missing tiles, swaps finished ones in. True when it changed the document.
    bool update(const gis::BBox& view, double mpp);
    /// True while tiles the view needs are still being read.
    bool pending() const;
    /// Blocks until the view's content is in the document (headless renders and benchmarks).
    void settle(const gis::BBox& view, double mpp);
    /// Whether `layer` is streamed.
    bool streams(const std::string& layer) const;
    /// A new style for a streamed layer (a map theme that classifies its features otherwise): the bands
    /// and tiles are prepared again with it and swapped in once ready; until then the layer keeps its
    /// old style and classes, never a new style over old classes.
    void restyle(const std::string& layer, LayerStyle style);
    /// Problems reading tiles, as messages for the user (each once).
    std::vector<std::string> take_messages();

    struct Stats {
        int band = -1;                 ///< band shown, or -1 when tiles are shown
        std::size_t shown_tiles = 0;   ///< tiles in the document
        std::size_t cached_tiles = 0;  ///< prepared tiles kept
        std::size_t cached_bytes = 0;
        std::size_t tiles_read = 0;  ///< tiles read and prepared since the start
    };
    Stats stats() const;

  private:
    struct Piece {
        std::vector<PreparedLayer> layers;  ///< per streamed layer
        std::size_t bytes = 0;
        std::uint64_t used = 0;
    };
    struct Job {
        std::uint64_t generation = 0;
        std::vector<int> tiles;
        std::vector<LayerStyle> styles;  ///< per streamed layer
    };
    struct Done {
        std::uint64_t generation = 0;
        std::vector<int> tiles;
        std::vector<PreparedLayer> layers;
    };

    std::vector<int> tiles_for(const gis::BBox& box) const;
    std::vector<LayerStyle> current_styles() const;
    void request(std::vector<int> tiles);
    void request_band(int band);
    PreparedLayer read_band(std::size_t layer, int band, const LayerStyle& style);
    void show_band(int band);
    void work();
    std::shared_ptr<const Piece> read_tile(int tile, const std::vector<LayerStyle>& styles, void* dataset);
    void evict_locked(const std::vector<int>& keep);

    Document& doc_;
    SourceInfo src_;
    int threads_;
    std::vector<std::string> layers_;                            // streamed layers
    std::map<std::string, std::map<int, PreparedLayer>> bands_;  // layer -> band -> data
    std::map<std::string, gis::io::LayerInfo> infos_;            // the streamed layers' own (guarded)
    std::map<std::string, LayerStyle> restyled_;                 // styles asked for, until swapped in
    std::set<int> loaded_bands_;                                 // bands held for every layer
    int shown_band_ = -2;                                        // -1 tiles, -2 nothing yet
    std::vector<int> shown_tiles_;                               // sorted

    mutable std::mutex mutex_;
    std::condition_variable wake_, done_cv_;
    std::optional<Job> job_;    // the newest request not yet started
    std::optional<Done> done_;  // the newest finished request not yet shown
    std::optional<std::pair<int, std::vector<LayerStyle>>> band_job_;  // a band to read
    std::optional<int> band_asked_;                                    // the band being read
    std::vector<std::pair<int, std::vector<PreparedLayer>>> bands_done_;
    std::uint64_t generation_ = 0;  // newest request
    std::vector<int> requested_;    // tiles of the newest request (sorted)
    bool busy_ = false;             // the worker is on a job
    std::map<int, std::shared_ptr<const Piece>> cache_;
    std::size_t cache_bytes_ = 0, tiles_read_ = 0;
    std::uint64_t clock_ = 0;
    std::vector<std::string> messages_;
    std::atomic<bool> stop_{false};
    std::thread worker_;
};

}  // namespace app::view
