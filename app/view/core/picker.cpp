#include "app/view/core/picker.hpp"

#include <cmath>

#include "gis/geom/ops.hpp"

namespace app::view {

const Picker::TileIndex& Picker::index_for(const MapLayer& layer, int tile) {
    TileIndex& ti = indexes_[{layer.id, tile}];
    if (ti.index && ti.revision == layer.data_revision) return ti;
    if (ti.index) {  // the layer's data changed: its other tiles' indexes hold geometry no longer drawn
        for (auto it = indexes_.lower_bound({layer.id, 0});
             it != indexes_.end() && it->first.first == layer.id;)
            if (it->first.second != tile && it->second.revision != layer.data_revision)
                it = indexes_.erase(it);
            else
                ++it;
    }
    const TileRun& run = layer.data.tiles[static_cast<std::size_t>(tile)];
    std::vector<gis::Geometry> items;
    items.reserve(run.count);
    for (std::uint32_t i = 0; i < run.count; ++i)
        items.push_back(layer.data.features[run.first + i].geometry);
    ti.first = run.first;
    ti.revision = layer.data_revision;
    ti.index = std::make_unique<gis::index::SpatialIndex>(std::move(items));
    return ti;
}

std::optional<FeatureRef> Picker::pick(const Document& doc, const Camera& camera, const gis::Point& screen,
                                       double tolerance_px) {
    const gis::Point w = camera.screen_to_world(screen);
    if (!std::isfinite(w.x) || !std::isfinite(w.y)) return std::nullopt;
    const double mpp = camera.metres_per_pixel();
    const double tol = tolerance_px * mpp;
    const gis::BBox probe{w.x - tol, w.y - tol, w.x + tol, w.y + tol};
    const gis::Geometry at = gis::Geometry::from(w);
    const auto& order = doc.draw_order();
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        const MapLayer* l = doc.layer(*it);
        if (!l || !l->visible || l->opacity <= 0.05f || l->data.generalised) continue;
        const auto& data = l->data;
        std::optional<FeatureRef> best;
        double best_d = 1e300, best_area = 1e300;
        for (int t = 0; t < static_cast<int>(data.tiles.size()); ++t) {
            const TileRun& run = data.tiles[static_cast<std::size_t>(t)];
            if (run.count == 0 || !run.bounds.intersects(probe)) continue;
            const TileIndex& ti = index_for(*l, t);
            for (std::size_t k : ti.index->within_distance(at, tol)) {
                const auto pos = static_cast<std::uint32_t>(ti.first + k);
                if (data.lod[pos] < mpp) continue;
                const FeatureStyle& fs = data.style.styles[data.style_index[pos]];
                if (!fs.visible) continue;
                const gis::Geometry& g = ti.index->item(k);
                const bool polygon = !g.polygons.empty();
                // A polygon drawn without fill is picked by its outline only.
                const double d = gis::geom::distance(g, at);
                if (polygon && (!fs.fill.visible() || data.style.pick_by_outline) && d == 0) {
                    if (gis::geom::distance(gis::Geometry::from(g.polygons.front().outer), at) > tol)
                        continue;
                }
                const double area = polygon ? gis::geom::area(g) : 0;
                if (d < best_d - 1e-9 || (std::abs(d - best_d) <= 1e-9 && area < best_area)) {
                    best_d = d;
                    best_area = area;
                    best = FeatureRef{l->id, pos};
                }
            }
        }
        if (best) return best;
    }
    return std::nullopt;
}

}  // namespace app::view
