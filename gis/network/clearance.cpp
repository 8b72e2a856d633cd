#include "gis/network/clearance.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

#include "gis/geom/ops.hpp"
#include "gis/index/spatial_index.hpp"
#include "gis/network/detail/noder.hpp"
#include "gis/core/i18n.hpp"

namespace gis::network {
namespace {

double dist(const Point& a, const Point& b) { return std::hypot(a.x - b.x, a.y - b.y); }

/// The point of `route` nearest to the polygon's boundary (crossings count as distance 0).
Point nearest_route_point(const LineString& route, const Polygon& poly) {
    Point best = route.front();
    double best_d = std::numeric_limits<double>::infinity();
    auto consider = [&](const Point& on_route, double d) {
        if (d < best_d) {
            best_d = d;
            best = on_route;
        }
    };
    std::vector<const Ring*> rings{&poly.outer};
    for (const auto& h : poly.holes) rings.push_back(&h);
    for (std::size_t i = 0; i + 1 < route.size(); ++i) {
        const Point &a = route[i], &b = route[i + 1];
        for (const Ring* r : rings)
            for (std::size_t k = 0; k + 1 < r->size(); ++k) {
                const Point &c = (*r)[k], &e = (*r)[k + 1];
                // Crossing.
                const double rx = b.x - a.x, ry = b.y - a.y, sx = e.x - c.x, sy = e.y - c.y;
                const double den = rx * sy - ry * sx;
                if (den != 0) {
                    const double qx = c.x - a.x, qy = c.y - a.y;
                    const double t = (qx * sy - qy * sx) / den, u = (qx * ry - qy * rx) / den;
                    if (t >= 0 && t <= 1 && u >= 0 && u <= 1) consider({a.x + t * rx, a.y + t * ry}, 0);
                }
                for (const Point* p : {&a, &b}) consider(*p, dist(*p, detail::project_on_segment(*p, c, e)));
                for (const Point* p : {&c, &e}) {
                    const Point q = detail::project_on_segment(*p, a, b);
                    consider(q, dist(q, *p));
                }
            }
    }
    return best;
}

}  // namespace

const char* to_string(PressureClass p) {
    switch (p) {
        case PressureClass::Low:
            return "low";
        case PressureClass::MediumB:
            return "medium-b";
        case PressureClass::MediumA:
            return "medium-a";
    }
    return "low";
}

Result<PressureClass> parse_pressure(std::string_view text) {
    std::string s;
    for (char c : text) s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::replace(s.begin(), s.end(), '_', '-');
    if (s == "low" || s == "l") return PressureClass::Low;
    if (s == "medium-b" || s == "mb") return PressureClass::MediumB;
    if (s == "medium-a" || s == "ma") return PressureClass::MediumA;
    return make_error(ErrorCode::BadInput,
                      gis::i18n::format(_("unknown pressure class '{0}' (use low, medium-b or medium-a)"),
                                        std::string(text.substr(0, 40))));
}

double ClearanceRules::required(PressureClass p) const {
    switch (p) {
        case PressureClass::Low:
            return low_m;
        case PressureClass::MediumB:
            return medium_b_m;
        case PressureClass::MediumA:
            return medium_a_m;
    }
    return low_m;
}

struct ClearanceChecker::Impl {
    std::vector<std::int64_t> ids;
    index::SpatialIndex index;
    Impl(std::vector<std::int64_t> i, std::vector<Geometry> g) : ids(std::move(i)), index(std::move(g)) {}
};

ClearanceChecker::ClearanceChecker(std::vector<Footprint> footprints) {
    std::vector<std::int64_t> ids;
    std::vector<Geometry> geoms;
    ids.reserve(footprints.size());
    geoms.reserve(footprints.size());
    for (auto& f : footprints) {
        ids.push_back(f.building_id);
        geoms.push_back(Geometry::from(std::move(f.polygon)));
    }
    impl_ = std::make_unique<Impl>(std::move(ids), std::move(geoms));
}

ClearanceChecker::ClearanceChecker(ClearanceChecker&&) noexcept = default;
ClearanceChecker& ClearanceChecker::operator=(ClearanceChecker&&) noexcept = default;
ClearanceChecker::~ClearanceChecker() = default;

std::vector<ClearanceViolation> ClearanceChecker::check(const LineString& route, double required_m,
                                                        const std::vector<std::int64_t>& exempt) const {
    std::vector<ClearanceViolation> out;
    if (route.size() < 2 || !(required_m > 0)) return out;
    const Geometry g = Geometry::from(route);
    for (auto i : impl_->index.within_distance(g, required_m)) {
        const auto id = impl_->ids[i];
        if (std::find(exempt.begin(), exempt.end(), id) != exempt.end()) continue;
        const Geometry& fp = impl_->index.item(i);
        const double d = geom::distance(g, fp);
        if (!(d < required_m)) continue;
        out.push_back({id, d, required_m, nearest_route_point(route, fp.polygons.front())});
    }
    std::sort(out.begin(), out.end(), [](const ClearanceViolation& a, const ClearanceViolation& b) {
        return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.building_id < b.building_id;
    });
    return out;
}

}  // namespace gis::network
