#pragma once
/// @file
/// Hover and click picking: the topmost drawn feature under a screen point. Spatial queries go through
/// gis::index::SpatialIndex, one per layer and tile, built the first time that tile is queried, so a
/// city of millions of features costs nothing until the pointer reaches it.

#include <map>
#include <memory>
#include <optional>
#include <utility>

#include "app/view/core/camera.hpp"
#include "app/view/core/document.hpp"
#include "gis/index/spatial_index.hpp"

namespace app::view {

class Picker {
  public:
    /// The topmost visible feature within `tolerance_px` of the screen point (inside, for polygons).
    std::optional<FeatureRef> pick(const Document& doc, const Camera& camera, const gis::Point& screen,
                                   double tolerance_px = 4);
    /// Forgets every index (after layers were replaced).
    void clear() { indexes_.clear(); }
    std::size_t index_count() const { return indexes_.size(); }

  private:
    struct TileIndex {
        std::uint64_t revision = 0;
        std::uint32_t first = 0;  ///< position of the tile's first feature in the layer
        std::unique_ptr<gis::index::SpatialIndex> index;
    };
    const TileIndex& index_for(const MapLayer& layer, int tile);
    std::map<std::pair<int, int>, TileIndex> indexes_;
};

}  // namespace app::view
