#include "app/view/core/geo_reference.hpp"

#include <cmath>

namespace app::view {

GeoReference::GeoReference(const std::string& display_crs) : crs_(display_crs) {
    if (display_crs.empty()) return;
    if (auto t = gis::crs::Transformer::to_lonlat(display_crs)) to_lonlat_.emplace(std::move(*t));
}

std::optional<gis::Point> GeoReference::lonlat(const gis::Point& map) const {
    if (!to_lonlat_) return std::nullopt;
    const gis::Point ll = to_lonlat_->forward(map);
    if (!std::isfinite(ll.x) || !std::isfinite(ll.y)) return std::nullopt;
    return ll;
}

double GeoReference::north_angle(const gis::Point& map) const {
    if (!to_lonlat_) return 0;
    const gis::Point ll = to_lonlat_->forward(map);
    if (!std::isfinite(ll.x) || !std::isfinite(ll.y)) return 0;
    const gis::Point up = to_lonlat_->inverse({ll.x, ll.y + 0.001});
    const double dx = up.x - map.x, dy = up.y - map.y;
    if (!std::isfinite(dx) || !std::isfinite(dy) || (dx == 0 && dy == 0)) return 0;
    return std::atan2(-dx, dy);  // 0 when north is straight up; positive when it leans left
}

}  // namespace app::view
