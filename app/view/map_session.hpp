#pragma once
/// @file
/// Feeds the document from loaders: the primary data set (whose CRS, origin and grid everything else
/// shares) and further data sets added on top. Called from the main thread each frame; the layers it
/// moves into the document are uploaded by the map scene's sync.

#include <future>
#include <memory>
#include <string>
#include <vector>

#include "app/view/core/data_watch.hpp"
#include "app/view/core/document.hpp"
#include "app/view/core/loader.hpp"
#include "app/view/core/streamer.hpp"

namespace app::view {

class MapSession {
  public:
    explicit MapSession(Document& doc, int threads = 2) : doc_(doc), threads_(threads) {}

    /// Starts loading the primary data set (only the features meeting `box`, when given; a city with a
    /// current stored overview streamed unless `stream` is false).
    void open(const std::string& path, std::optional<gis::BBox> box = std::nullopt, bool stream = true);
    /// Adds a data set on top (reprojected into the primary's display CRS), once that is known.
    void add(const std::string& path);
    /// Moves finished layers into the document. Returns how many arrived.
    int pump();
    bool loading() const;
    /// 0..1 over every loader.
    double progress() const;
    /// Problems since the last call, as messages for the user.
    std::vector<std::string> take_messages();
    /// True when the primary data set failed to open or had nothing to draw.
    bool failed() const { return failed_; }
    /// Why the primary data set failed, with its code (a locked file is ReadOnly, a missing one NotFound).
    std::optional<gis::Error> failure() const;
    /// The primary data set's first error with its code (a layer that could not be reprojected is
    /// WrongCrs), also when the data set opened; nullopt when there was none.
    std::optional<gis::Error> first_error() const;
    /// The first error of the primary source with this code (a damaged file: the picture is refused).
    std::optional<gis::Error> first_error_of(gis::ErrorCode code) const;
    /// Wall time of the primary load (reading and preparing), once finished.
    double load_seconds() const { return load_seconds_; }
    /// Blocks until every loader has finished, pumping as it goes.
    void finish();

    /// A streamed data set (a city with a stored overview): each frame, the view's box and scale decide
    /// what its large layers show (Streamer). True when the document changed.
    bool stream(const gis::BBox& view, double mpp);
    /// Blocks until the view's streamed content is in the document.
    void settle(const gis::BBox& view, double mpp);
    /// True while tiles the view needs are being read.
    bool stream_pending() const { return streamer_ && streamer_->pending(); }
    /// The streamer, when the primary data set is streamed.
    const Streamer* streamer() const { return streamer_.get(); }
    /// A new style for a layer the streamer owns (see Streamer::restyle); false when the layer is not
    /// streamed (the caller replaces it itself).
    bool restyle_streamed(const std::string& layer, LayerStyle style) {
        if (!streamer_ || !streamer_->streams(layer)) return false;
        streamer_->restyle(layer, std::move(style));
        return true;
    }
    /// True when `layer` is streamed: the document holds only part of it (or its overview).
    bool streams(const std::string& layer) const { return streamer_ && streamer_->streams(layer); }

    /// Live data: once loaded, looks (twice a second) whether another program committed a change to the
    /// primary data set (a GeoPackage: DataWatch) and reads the changed layers again on a worker; they
    /// replace theirs in the document, keeping visibility, opacity and legend toggles, and the document's
    /// data generation moves on (panels with results computed from the file compute them again).
    /// Tables without geometry that panels compute from (the household register, the plan's tables) are
    /// watched too: their change moves the data generation on. Returns the titles of the layers replaced
    /// and tables changed in this call (empty: none).
    std::vector<std::string> refresh();

  private:
    Document& doc_;
    int threads_;
    std::unique_ptr<Loader> primary_;
    std::unique_ptr<Streamer> streamer_;
    std::vector<std::unique_ptr<Loader>> extra_;
    std::vector<std::string> pending_adds_;
    std::vector<std::string> messages_;
    std::vector<std::size_t> reported_;  // errors reported, per loader (primary first)
    std::unique_ptr<DataWatch> watch_;
    bool watch_tried_ = false;
    std::future<std::vector<gis::Result<PreparedLayer>>> reload_;
    std::vector<std::string> tables_changed_;  ///< changed tables that are no map layer (households, plan)
    bool source_set_ = false, failed_ = false;
    double load_seconds_ = 0;
};

}  // namespace app::view
