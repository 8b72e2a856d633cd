#pragma once
/// @file
/// Loads a data set for the map on worker threads: opens it, picks the display CRS, reads and prepares
/// every geometry layer (prepare_layer), and hands finished layers to the main thread, which uploads
/// them to the GPU. Progress is readable at any time; errors become messages, never exceptions.

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "app/view/core/prepared_layer.hpp"
#include "app/view/core/tile_grid.hpp"
#include "gis/core/result.hpp"
#include "gis/district/overview.hpp"

namespace app::view {

struct LoadRequest {
    std::string path;
    /// Display CRS to reproject into ("EPSG:4546"); empty: the data's own projected CRS, or for lon/lat
    /// data a projected CRS chosen for its extent (gis::crs::choose_map_crs).
    std::string display_crs;
    /// Shared display origin and grid (when adding data on top of a loaded data set).
    std::optional<gis::Point> origin;
    std::optional<TileGrid> grid;
    int threads = 2;
    /// Only the features meeting this box (display CRS), read through each layer's spatial index: what a
    /// single picture of a part of a city needs. Layers in another CRS are read whole.
    std::optional<gis::BBox> box;
    /// Stream the large layers of a data set with a current stored overview (no effect with `box`).
    bool stream = true;
};

/// What is known about a data set before its layers arrive.
struct SourceInfo {
    std::string path;
    std::string display_crs;  ///< empty: the layers' own coordinates (no CRS)
    /// No layer says its CRS but every coordinate lies within +-180/+-90: the layers are read as WGS 84
    /// longitude/latitude (EPSG:4326) and drawn in the display CRS chosen for them.
    bool assumed_lonlat = false;
    /// How the display CRS was chosen, for the user, when it was not the data's own ("no CRS in the
    /// file; coordinates look like longitude/latitude: ..."); empty otherwise.
    std::string crs_note;
    bool district = false;  ///< has the district schema: district styles and panels
    gis::Point origin;
    TileGrid grid;
    gis::BBox extent;                 ///< estimated from the layers' extents, in the display CRS
    std::vector<std::string> layers;  ///< geometry layers in draw order
    /// Set when the large layers are streamed (Streamer): the stored overview's state. Their document
    /// layers then start as the overview's coarsest band.
    std::optional<gis::district::OverviewStatus> stream;
    /// The file's state when it was opened, before anything was read (gis::file_state_key): 0 for a
    /// server.
    std::uint64_t file_state = 0;
};

/// PreparedLayer::source_key of a layer read from a file in `file_state`: the whole layer (`band` -1) or a
/// band of its overview; 0 when the file state is 0 (a server).
std::uint64_t layer_source_key(std::uint64_t file_state, const std::string& layer, int band);

struct LoadProgress {
    std::atomic<int> layers_total{0};
    std::atomic<int> layers_done{0};
    std::atomic<std::int64_t> features_total{0};
    std::atomic<std::int64_t> features_done{0};
    std::atomic<bool> finished{false};
    std::atomic<double> seconds{0};  ///< wall time of the whole load, once finished

    /// 0..1 by features.
    double fraction() const;
};

class Loader {
  public:
    explicit Loader(LoadRequest request);
    ~Loader();  ///< cancels and joins
    Loader(const Loader&) = delete;
    Loader& operator=(const Loader&) = delete;

    const LoadProgress& progress() const { return progress_; }
    /// Available once the data set is open and described.
    std::optional<SourceInfo> source() const;
    /// Layers finished since the last call.
    std::vector<PreparedLayer> take_layers();
    /// Overview bands of streamed layers finished since the last call: (layer, band, data).
    std::vector<std::tuple<std::string, int, PreparedLayer>> take_bands();
    /// Problems found so far (a bad file, a layer that could not be read); each a message for the user.
    std::vector<gis::Error> errors() const;
    bool finished() const { return progress_.finished; }
    /// Waits for the load to end (headless use).
    void wait();

  private:
    void run();
    void work(std::size_t worker);
    void fail(gis::Error e);

    LoadRequest request_;
    LoadProgress progress_;
    mutable std::mutex mutex_;
    std::optional<SourceInfo> source_;
    std::deque<PreparedLayer> ready_;
    std::vector<std::tuple<std::string, int, PreparedLayer>> bands_;
    std::vector<gis::Error> errors_;
    std::vector<std::string> tasks_;
    std::atomic<std::size_t> next_task_{0};
    std::atomic<bool> cancel_{false};
    std::thread thread_;
};

/// The display CRS for data at one point given in lon/lat: gis::crs::choose_map_crs of that point (the
/// loader passes the data's whole extent to choose_map_crs itself).
std::string choose_display_crs(const gis::Point& lonlat);

}  // namespace app::view
