#pragma once
/// @file
/// Snapping for the sketch tools: the vertices and edges of buildings, street edges and plan items,
/// indexed once in a gis::index::SpatialIndex so that each pointer move looks at the few features near
/// the pointer, never at every feature. A vertex within the tolerance wins over any edge; nothing beyond
/// the tolerance snaps. GL-free.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gis/core/geometry.hpp"

namespace gis::index {
class SpatialIndex;
}

namespace app::view {

class Document;

enum class SnapKind { None, Vertex, Edge };

/// Where a pointer snapped to.
struct Snap {
    SnapKind kind = SnapKind::None;
    gis::Point point;     ///< the snapped position (the pointer itself when nothing snapped)
    double distance = 0;  ///< metres from the pointer to `point`
    std::int64_t key = -1;  ///< the key of the feature snapped to (plan items: their id)
    bool snapped() const { return kind != SnapKind::None; }
};

/// Snap targets: the vertices and edges of a set of geometries, each with a key.
class SnapIndex {
  public:
    SnapIndex();
    /// Indexes `geometries` (O(n log n)); `keys` parallel to them (default: positions).
    explicit SnapIndex(std::vector<gis::Geometry> geometries, std::vector<std::int64_t> keys = {});
    SnapIndex(SnapIndex&&) noexcept;
    SnapIndex& operator=(SnapIndex&&) noexcept;
    ~SnapIndex();

    std::size_t size() const;
    /// The nearest vertex within `tolerance` metres of `p`; else the nearest point on an edge within it;
    /// else a Snap of kind None at `p`. Features whose key is `exclude` are left out.
    Snap snap(const gis::Point& p, double tolerance, std::optional<std::int64_t> exclude = {}) const;
    /// The key of the feature under `p`: a point or line within `tolerance` first (the nearest), else the
    /// smallest polygon containing `p`, else the nearest polygon edge within `tolerance`.
    std::optional<std::int64_t> pick(const gis::Point& p, double tolerance) const;

  private:
    std::unique_ptr<gis::index::SpatialIndex> index_;
    std::vector<std::int64_t> keys_;
};

/// The better of two snaps: a vertex beats an edge, then the nearer one.
Snap better_snap(const Snap& a, const Snap& b);

/// The layers whose features are snap targets besides the plan items.
const std::vector<std::string>& snap_layers();
/// Copies the geometries of the snap layers present in `doc` (main thread; the index is then built from
/// them on any thread).
std::vector<gis::Geometry> snap_geometries(const Document& doc);

/// Snapping settings of the sketch tools.
struct SnapSettings {
    bool enabled = true;
    double tolerance_px = 10;  ///< in window units (ImGui coordinates)
};

/// Snaps `p` against the base features and the plan items. `metres_per_unit` converts the pixel
/// tolerance to metres. Disabled settings or missing indexes give a Snap of kind None at `p`.
Snap snap_pointer(const gis::Point& p, const SnapSettings& settings, double metres_per_unit,
                  const SnapIndex* base, const SnapIndex* plan, std::optional<std::int64_t> exclude = {});

}  // namespace app::view
