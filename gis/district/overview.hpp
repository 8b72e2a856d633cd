#pragma once
/// @file
/// The map's stored overview: generalised geometry of a district's large layers, one set per zoom band,
/// kept inside the GeoPackage beside the data it generalises, so that a viewer shows a whole city at once
/// without reading its millions of features, and reads the features themselves (through the layers' R-trees,
/// tile by tile) only where the view is close enough to show them.
///
///   - Streamed layers: the geometry layers with more than `min_features` features. The viewer reads them
///     tile by tile at and below the stream threshold, and from this overview above it. Smaller layers are
///     read whole as before.
///   - Stream threshold (metres per pixel): the largest power of two at which a 1920x1080 view holds at
///     most about kViewFeatures of the data's features, from the data's own density (a power of two, as the
///     viewer's tile levels are, so that a style's scale limits fall alike streamed or read whole).
///   - Band b serves scales from pixel(b) = threshold * 2^b up to pixel(b + 1); the last band covers the
///     full extent on a 1920-pixel screen. In band b, the features of a layer are grouped by cell (128
///     pixels of the band square, a feature going to the cell of its first vertex) and by their look (the
///     values of the fields that decide how the map draws them, district::look_fields). Each group's
///     polygons are merged where they lie within two pixels of each other (closed by a buffer of a pixel
///     out and back in), simplified within half a pixel and dropped when under a pixel in area; its lines are
///     joined end to end and simplified within half a pixel (none is dropped: a main made of short
///     pieces would show gaps). The polygons' triangles are stored too, so a viewer draws a band without
///     triangulating it. Point layers have no overview: their symbols are drawn from the stream
///     threshold down.
///   - Kept current: triggers on every streamed layer mark the overview out of date when a feature is
///     added, changed or deleted; an overview that is out of date (or whose triggers a tool dropped by
///     replacing a layer) is never used: the viewer reads the data whole and says how to rebuild it.
/// Written with the district (generate, import) and by `nbhd index build`.

#include <cstdint>
#include <string>
#include <vector>

#include "gis/core/result.hpp"
#include "gis/geom/triangulate.hpp"
#include "gis/io/dataset.hpp"

namespace gis::district {

/// A layer with more features than this is streamed (and generalised in the overview).
inline constexpr std::int64_t kStreamedLayerFeatures = 20'000;
/// Features a 1920x1080 view holds at the stream threshold.
inline constexpr double kViewFeatures = 60'000;
inline constexpr double kViewPixels = 1920.0 * 1080.0;
/// Cell side of a band, in the band's pixels.
inline constexpr int kOverviewCellPixels = 128;

struct OverviewStatus {
    std::string path;
    bool geopackage = false;
    bool present = false;  ///< an overview was built
    bool current = false;  ///< ...and describes the data as it is now
    double threshold_mpp = 0;
    int bands = 0;
    std::vector<std::string> layers;  ///< streamed layers
    std::string built_at;
    std::int64_t rows = 0;
    /// Ready for a streamed view: current, with at least one streamed layer.
    bool ready() const { return current && !layers.empty(); }
    /// What to do when an overview is present but out of date ("" otherwise).
    std::string advice() const;
    /// Whether `layer` is one of the streamed layers.
    bool streams(const std::string& layer) const;
    /// Smallest metres per pixel band b serves.
    double band_pixel(int band) const;
    /// The band to draw at `mpp` (> threshold): the coarsest whose pixel is at most `mpp`.
    int band_for(double mpp) const;
};

/// Reads the overview's state (cheap). Errors: NotFound, Io, ReadOnly (locked).
Result<OverviewStatus> overview_status(const std::string& path);

struct OverviewOptions {
    std::int64_t min_features = kStreamedLayerFeatures;
};

struct OverviewReport {
    std::vector<std::string> layers;
    double threshold_mpp = 0;
    int bands = 0;
    std::int64_t rows = 0;      ///< stored groups
    std::int64_t features = 0;  ///< features of the streamed layers
    double seconds = 0;
};

/// (Re)builds the overview in one transaction (a failure leaves the file as it was); a data set without a
/// layer above `min_features` gets none (and loses an old one). Errors: NotGis (not a GeoPackage),
/// ReadOnly (read-only, or locked by a writer for more than a minute), Io.
Result<OverviewReport> build_overview(const std::string& path, const OverviewOptions& options = {});

/// One band of one layer's overview, as a layer: feature ids are the overview's row ids, the fields are
/// the layer's look fields (with the layer's own types), the geometry is in the layer's CRS; the info's
/// feature count is the layer's own. With
/// `triangles`, also each group's polygons triangulated (stored with the overview, so that a viewer draws
/// a band without triangulating it), parallel to the features; empty for lines.
/// Errors: NotFound, MissingLayer (no overview for that layer), Io.
Result<io::Layer> read_overview(const std::string& path, const std::string& layer, int band,
                                std::vector<geom::Triangles>* triangles = nullptr);

}  // namespace gis::district
