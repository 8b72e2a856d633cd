#pragma once
/// @file
/// A layer made ready for drawing, on the CPU: its features (sorted by tile, then by level of detail),
/// the triangles of its polygons, the segments of its lines and outlines, its point symbols and label
/// candidates. Built once off the main thread (prepare_layer), uploaded to GPU buffers once.
///
/// Coordinates in the arrays are floats relative to the data set's display origin, so that projected
/// coordinates in the millions keep millimetre precision on the GPU.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/view/core/style.hpp"
#include "app/view/core/tile_grid.hpp"
#include "gis/geom/triangulate.hpp"
#include "gis/io/dataset.hpp"

namespace app::view {

struct FillVertex {
    float x, y;
    float style;  ///< style index (float for the vertex attribute)
};

/// One line segment, two RGBA32F texels of the segment buffer texture.
struct Segment {
    float x0, y0, x1, y1;
    float style;
    float flags;  ///< kSegmentStartsLine | kSegmentEndsLine
    float width;  ///< in the style's unit
    float dist0;  ///< distance along the line at (x0, y0), metres (dash phase)
};
inline constexpr float kSegmentStartsLine = 1;
inline constexpr float kSegmentEndsLine = 2;

/// One point symbol, one RGBA32F texel.
struct PointSymbol {
    float x, y;
    float style;
    float reserved;
};

/// Where one feature's primitives lie in the layer's arrays.
struct FeatureSpan {
    std::uint32_t fill_first = 0, fill_count = 0;  ///< in fill_indices
    std::uint32_t seg_first = 0, seg_count = 0;    ///< in segments
    std::uint32_t point_first = 0, point_count = 0;
};

/// The features of one tile: a run of the layer's (sorted) features.
struct TileRun {
    std::uint32_t first = 0, count = 0;
    gis::BBox bounds;  ///< of the features' geometry (they may reach beyond the tile)
};

struct LabelCandidate {
    std::uint32_t feature = 0;  ///< position in PreparedLayer::features
    std::string text;
    int style = 0;  ///< index into LayerStyle::label_styles
    gis::Point anchor;
    gis::BBox feature_box;         ///< the labelled feature's extent (area labels must fit it)
    std::vector<gis::Point> path;  ///< line labels: the line, in world coordinates
};

struct PreparedLayer {
    std::string name;
    gis::io::LayerInfo info;
    LayerStyle style;
    gis::BBox extent;
    /// Generalised geometry from the stored overview (groups of features, not features): drawn, never
    /// picked, highlighted or listed by feature id.
    bool generalised = false;
    /// What the drawing data was made from, as a key that holds across runs: the data file's state
    /// (gis::file_state_key), the layer, the band of the overview or the whole layer. 0 when it was made
    /// otherwise (an edit, a restyle, a server, a part of a layer): then the map's tiles are not kept on
    /// disk.
    std::uint64_t source_key = 0;

    std::vector<gis::io::Feature> features;  ///< sorted by tile, then by level of detail (coarsest first)
    std::vector<std::uint16_t> style_index;  ///< per feature
    std::vector<float> lod;                  ///< per feature: drawn while metres per pixel <= lod
    std::vector<FeatureSpan> spans;          ///< per feature
    std::vector<TileRun> tiles;              ///< per tile of the grid, row-major
    std::vector<std::pair<std::int64_t, std::uint32_t>> by_fid;  ///< (fid, position), sorted by fid

    std::vector<FillVertex> fill_vertices;
    std::vector<std::uint32_t> fill_indices;
    std::vector<Segment> segments;
    std::vector<PointSymbol> points;
    std::vector<LabelCandidate> labels;           ///< grouped by tile (in feature order)
    std::vector<std::uint32_t> label_tile_first;  ///< per tile: first label; plus one past the end

    std::vector<char32_t> code_points;        ///< every non-ASCII character of its labels and text attributes
    std::vector<char32_t> label_code_points;  ///< every non-ASCII character of its labels

    /// Position of the feature with this fid, if present.
    std::optional<std::uint32_t> find_fid(std::int64_t fid) const;
    /// Primitives to draw (triangles + segments + points); the level of detail budget counts these.
    std::size_t primitive_count() const {
        return released_primitives ? released_primitives
                                   : fill_indices.size() / 3 + segments.size() + points.size();
    }
    /// The primitive count once the GPU arrays were released (0 while they are held).
    std::size_t released_primitives = 0;
    /// Drops the CPU copies of the GPU arrays once uploaded (features, spans and labels stay).
    void release_gpu_arrays();
    /// Marks the layer generalised and drops what only picking and look-ups by id use (the groups'
    /// geometry and ids), and the polygon outlines its style never draws at `min_mpp` and coarser: a band
    /// of a city's overview keeps only what draws it.
    void make_generalised(double min_mpp);
};

/// Builds a layer for drawing. `origin` is subtracted from every coordinate; `grid` assigns features to
/// tiles. Polygons are triangulated here (convex rings directly, others with GEOS).
/// `triangles`, when given, holds each feature's polygons already triangulated (parallel to the features;
/// an empty entry is triangulated here), as a stored overview keeps them.
PreparedLayer prepare_layer(gis::io::Layer layer, LayerStyle style, const gis::Point& origin,
                            const TileGrid& grid,
                            const std::vector<gis::geom::Triangles>* triangles = nullptr);

/// Feature size below which it is not drawn, in pixels.
inline constexpr double kMinFeaturePixels = 1.0;

/// Appends the triangles of a polygon: a fan for a convex ring without holes, else GEOS. Exposed for tests.
void triangulate_polygon(const gis::Polygon& poly, const gis::Point& origin, float style,
                         std::vector<FillVertex>& vertices, std::vector<std::uint32_t>& indices);
/// True when the closed ring is convex and simple.
bool is_convex_ring(const gis::Ring& ring);
/// A point well inside a polygon for its label (centroid, or a scan-line midpoint when that falls outside).
gis::Point label_point(const gis::Polygon& poly);

}  // namespace app::view
