#include "app/view/core/sketch_snap.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "app/view/core/document.hpp"
#include "gis/district/schema.hpp"
#include "gis/index/spatial_index.hpp"

namespace app::view {
namespace {

double dist(const gis::Point& a, const gis::Point& b) { return std::hypot(a.x - b.x, a.y - b.y); }

gis::Point closest_on_segment(const gis::Point& p, const gis::Point& a, const gis::Point& b) {
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double len2 = dx * dx + dy * dy;
    if (len2 <= 0) return a;
    const double t = std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0);
    return {a.x + t * dx, a.y + t * dy};
}

/// Calls vertex(p) for every vertex and edge(a, b) for every edge of `g`.
template <class V, class E>
void for_each_part(const gis::Geometry& g, V&& vertex, E&& edge) {
    auto path = [&](const std::vector<gis::Point>& pts) {
        for (std::size_t i = 0; i < pts.size(); ++i) {
            vertex(pts[i]);
            if (i + 1 < pts.size()) edge(pts[i], pts[i + 1]);
        }
    };
    for (const auto& p : g.points) vertex(p);
    for (const auto& l : g.lines) path(l);
    for (const auto& poly : g.polygons) {
        path(poly.outer);
        for (const auto& h : poly.holes) path(h);
    }
}

double ring_area(const gis::Ring& r) { return std::abs(gis::signed_area(r)); }

bool in_ring(const gis::Ring& r, const gis::Point& p) {
    bool inside = false;
    for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
        if ((r[i].y > p.y) != (r[j].y > p.y) &&
            p.x < (r[j].x - r[i].x) * (p.y - r[i].y) / (r[j].y - r[i].y) + r[i].x)
            inside = !inside;
    }
    return inside;
}

}  // namespace

SnapIndex::SnapIndex() = default;
SnapIndex::SnapIndex(SnapIndex&&) noexcept = default;
SnapIndex& SnapIndex::operator=(SnapIndex&&) noexcept = default;
SnapIndex::~SnapIndex() = default;

SnapIndex::SnapIndex(std::vector<gis::Geometry> geometries, std::vector<std::int64_t> keys)
    : keys_(std::move(keys)) {
    if (keys_.size() != geometries.size()) {
        keys_.resize(geometries.size());
        for (std::size_t i = 0; i < keys_.size(); ++i) keys_[i] = static_cast<std::int64_t>(i);
    }
    index_ = std::make_unique<gis::index::SpatialIndex>(std::move(geometries));
}

std::size_t SnapIndex::size() const { return index_ ? index_->size() : 0; }

Snap SnapIndex::snap(const gis::Point& p, double tolerance, std::optional<std::int64_t> exclude) const {
    Snap best;
    best.point = p;
    if (!index_ || !(tolerance > 0)) return best;
    const gis::BBox box{p.x - tolerance, p.y - tolerance, p.x + tolerance, p.y + tolerance};
    double vertex_d = std::numeric_limits<double>::infinity(), edge_d = vertex_d;
    gis::Point vertex_at, edge_at;
    std::int64_t vertex_key = -1, edge_key = -1;
    for (std::size_t i : index_->query_bbox(box)) {
        const std::int64_t key = keys_[i];
        if (exclude && key == *exclude) continue;
        for_each_part(
            index_->item(i),
            [&](const gis::Point& v) {
                const double d = dist(v, p);
                if (d <= tolerance && d < vertex_d) {
                    vertex_d = d;
                    vertex_at = v;
                    vertex_key = key;
                }
            },
            [&](const gis::Point& a, const gis::Point& b) {
                const gis::Point c = closest_on_segment(p, a, b);
                const double d = dist(c, p);
                if (d <= tolerance && d < edge_d) {
                    edge_d = d;
                    edge_at = c;
                    edge_key = key;
                }
            });
    }
    if (std::isfinite(vertex_d)) return {SnapKind::Vertex, vertex_at, vertex_d, vertex_key};
    if (std::isfinite(edge_d)) return {SnapKind::Edge, edge_at, edge_d, edge_key};
    return best;
}

std::optional<std::int64_t> SnapIndex::pick(const gis::Point& p, double tolerance) const {
    if (!index_) return std::nullopt;
    const double t = std::max(tolerance, 0.0);
    const gis::BBox box{p.x - t, p.y - t, p.x + t, p.y + t};
    std::optional<std::int64_t> linear, polygon, edge;
    double linear_d = std::numeric_limits<double>::infinity(), polygon_a = linear_d, edge_d = linear_d;
    for (std::size_t i : index_->query_bbox(box)) {
        const gis::Geometry& g = index_->item(i);
        double d = std::numeric_limits<double>::infinity();
        for (const auto& q : g.points) d = std::min(d, dist(q, p));
        for (const auto& l : g.lines)
            for (std::size_t k = 0; k + 1 < l.size(); ++k) d = std::min(d, dist(closest_on_segment(p, l[k], l[k + 1]), p));
        if ((!g.points.empty() || !g.lines.empty()) && d <= t && d < linear_d) {
            linear_d = d;
            linear = keys_[i];
        }
        for (const auto& poly : g.polygons) {
            bool inside = in_ring(poly.outer, p);
            for (const auto& h : poly.holes) inside = inside && !in_ring(h, p);
            if (inside && ring_area(poly.outer) < polygon_a) {
                polygon_a = ring_area(poly.outer);
                polygon = keys_[i];
            }
            double e = std::numeric_limits<double>::infinity();
            for (std::size_t k = 0; k + 1 < poly.outer.size(); ++k)
                e = std::min(e, dist(closest_on_segment(p, poly.outer[k], poly.outer[k + 1]), p));
            if (e <= t && e < edge_d) {
                edge_d = e;
                edge = keys_[i];
            }
        }
    }
    if (linear) return linear;
    if (polygon) return polygon;
    return edge;
}

Snap better_snap(const Snap& a, const Snap& b) {
    if (!a.snapped()) return b;
    if (!b.snapped()) return a;
    if (a.kind != b.kind) return a.kind == SnapKind::Vertex ? a : b;
    return b.distance < a.distance ? b : a;
}

const std::vector<std::string>& snap_layers() {
    namespace L = gis::district::layers;
    static const std::vector<std::string> layers = {L::kBuildings, L::kStreetSurfaces, L::kStreets,
                                                    L::kForecourts, L::kCompound};
    return layers;
}

std::vector<gis::Geometry> snap_geometries(const Document& doc) {
    std::vector<gis::Geometry> out;
    for (const auto& name : snap_layers()) {
        const MapLayer* l = doc.find(name);
        if (!l || l->overlay) continue;
        out.reserve(out.size() + l->data.features.size());
        for (const auto& f : l->data.features)
            if (!f.geometry.empty()) out.push_back(f.geometry);
    }
    return out;
}

Snap snap_pointer(const gis::Point& p, const SnapSettings& settings, double metres_per_unit,
                  const SnapIndex* base, const SnapIndex* plan, std::optional<std::int64_t> exclude) {
    Snap none;
    none.point = p;
    if (!settings.enabled) return none;
    const double tol = settings.tolerance_px * metres_per_unit;
    Snap s = none;
    if (base) s = better_snap(s, base->snap(p, tol));
    if (plan) s = better_snap(s, plan->snap(p, tol, exclude));
    return s;
}

}  // namespace app::view
