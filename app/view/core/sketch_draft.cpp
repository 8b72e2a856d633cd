#include "app/view/core/sketch_draft.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gis/core/i18n.hpp"
#include "gis/geom/ops.hpp"
#include "gis/plan/project.hpp"
#include "gis/core/numbers.hpp"

namespace app::view {
namespace {

double dist(const gis::Point& a, const gis::Point& b) { return std::hypot(a.x - b.x, a.y - b.y); }

gis::Ring closed(std::vector<gis::Point> pts) {
    if (!pts.empty() && !(pts.front() == pts.back())) pts.push_back(pts.front());
    return pts;
}

/// Thousands separated with commas, no decimals.
std::string grouped(double v) { return gis::format_count(std::llround(v)); }

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

}  // namespace

SketchShape shape_for_kind(const std::string& kind) {
    const auto* k = gis::plan::find_kind(kind);
    if (!k) return SketchShape::Polygon;
    switch (k->measure) {
        case gis::plan::Measure::Length:
            return SketchShape::Line;
        case gis::plan::Measure::Count:
            return SketchShape::Point;
        default:
            return SketchShape::Polygon;
    }
}

bool kind_accepts(const std::string& kind, SketchShape shape) {
    const auto* k = gis::plan::find_kind(kind);
    if (!k) return false;
    return k->measure == gis::plan::Measure::Fixed || shape_for_kind(kind) == shape;
}

void SketchDraft::start(SketchShape shape) {
    shape_ = shape;
    points_.clear();
}

bool SketchDraft::add(const gis::Point& p) {
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) return false;
    if (!points_.empty() && dist(points_.back(), p) < 1e-6) return false;
    if (shape_ == SketchShape::Point) points_.clear();
    points_.push_back(p);
    return true;
}

bool SketchDraft::remove_last() {
    if (points_.empty()) return false;
    points_.pop_back();
    return true;
}

SketchMeasures SketchDraft::measure(std::optional<gis::Point> pointer) const {
    SketchMeasures m;
    if (shape_ == SketchShape::Point) return m;
    std::vector<gis::Point> pts = points_;
    if (pointer && !pts.empty() && dist(pts.back(), *pointer) >= 1e-6) {
        m.segment_m = dist(pts.back(), *pointer);
        pts.push_back(*pointer);
    }
    for (std::size_t i = 0; i + 1 < pts.size(); ++i) m.length_m += dist(pts[i], pts[i + 1]);
    if (shape_ == SketchShape::Polygon && pts.size() >= 3) {
        m.length_m += dist(pts.back(), pts.front());
        m.area_m2 = std::abs(gis::signed_area(closed(pts)));
    }
    return m;
}

gis::Result<gis::Geometry> SketchDraft::geometry() const {
    using gis::ErrorCode;
    switch (shape_) {
        case SketchShape::Point:
            if (points_.empty()) return gis::make_error(ErrorCode::BadInput, _("a point needs one click"));
            return gis::Geometry::from(points_.back());
        case SketchShape::Line: {
            if (points_.size() < 2)
                return gis::make_error(ErrorCode::BadInput, _("a line needs at least 2 points"));
            return gis::Geometry::from(gis::LineString(points_));
        }
        case SketchShape::Polygon: {
            if (points_.size() < 3)
                return gis::make_error(ErrorCode::BadInput, _("a polygon needs at least 3 corners"));
            gis::Polygon poly{closed(points_), {}};
            if (gis::signed_area(poly.outer) < 0) std::reverse(poly.outer.begin(), poly.outer.end());
            gis::Geometry g = gis::Geometry::from(poly);
            const auto v = gis::geom::check_validity(g);
            if (!v.valid)
                return gis::make_error(
                    ErrorCode::InvalidGeometry,
                    gis::i18n::format(_("the outline crosses itself near ({0}, {1}): {2}"),
                                      fixed(v.location.x, 1), fixed(v.location.y, 1), v.reason));
            if (std::abs(gis::signed_area(poly.outer)) <= 0)
                return gis::make_error(ErrorCode::InvalidGeometry, _("the polygon has no area"));
            return g;
        }
    }
    return gis::make_error(ErrorCode::BadInput, _("unknown shape"));
}

std::vector<VertexHandle> vertex_handles(const gis::Geometry& g) {
    std::vector<VertexHandle> out;
    for (std::size_t i = 0; i < g.points.size(); ++i) out.push_back({{i, 0, 0}, g.points[i], false});
    auto path = [&](const std::vector<gis::Point>& pts, std::size_t part, std::size_t ring, bool is_ring) {
        const std::size_t n = is_ring ? (pts.size() > 0 ? pts.size() - 1 : 0) : pts.size();
        for (std::size_t i = 0; i < n; ++i) out.push_back({{part, ring, i}, pts[i], false});
    };
    auto mids = [&](const std::vector<gis::Point>& pts, std::size_t part, std::size_t ring) {
        for (std::size_t i = 0; i + 1 < pts.size(); ++i)
            out.push_back({{part, ring, i + 1},
                           {(pts[i].x + pts[i + 1].x) / 2, (pts[i].y + pts[i + 1].y) / 2},
                           true});
    };
    for (std::size_t p = 0; p < g.lines.size(); ++p) path(g.lines[p], p, 0, false);
    for (std::size_t p = 0; p < g.polygons.size(); ++p) {
        path(g.polygons[p].outer, p, 0, true);
        for (std::size_t h = 0; h < g.polygons[p].holes.size(); ++h) path(g.polygons[p].holes[h], p, h + 1, true);
    }
    for (std::size_t p = 0; p < g.lines.size(); ++p) mids(g.lines[p], p, 0);
    for (std::size_t p = 0; p < g.polygons.size(); ++p) {
        mids(g.polygons[p].outer, p, 0);
        for (std::size_t h = 0; h < g.polygons[p].holes.size(); ++h) mids(g.polygons[p].holes[h], p, h + 1);
    }
    return out;
}

std::optional<VertexHandle> hit_handle(const std::vector<VertexHandle>& handles, const Camera& camera,
                                       const gis::Point& screen, double radius_px) {
    std::optional<VertexHandle> best;
    double best_d = radius_px;
    bool best_corner = false;
    for (const auto& h : handles) {
        const gis::Point s = camera.world_to_screen(h.at);
        const double d = dist(s, screen);
        if (d > radius_px) continue;
        const bool corner = !h.midpoint;
        if (!best || (corner && !best_corner) || (corner == best_corner && d < best_d)) {
            best = h;
            best_d = d;
            best_corner = corner;
        }
    }
    return best;
}

gis::Geometry preview_edit(const gis::Geometry& g, const VertexHandle& h, const gis::Point& to) {
    gis::Geometry out = g;
    std::vector<gis::Point>* pts = nullptr;
    bool ring = false;
    if (!out.polygons.empty() && h.ref.part < out.polygons.size()) {
        auto& poly = out.polygons[h.ref.part];
        ring = true;
        pts = h.ref.ring == 0 ? &poly.outer : (h.ref.ring - 1 < poly.holes.size() ? &poly.holes[h.ref.ring - 1] : nullptr);
    } else if (!out.lines.empty() && h.ref.part < out.lines.size()) {
        pts = &out.lines[h.ref.part];
    } else if (!out.points.empty() && h.ref.part < out.points.size()) {
        out.points[h.ref.part] = to;
        return out;
    }
    if (!pts || pts->empty()) return out;
    if (h.midpoint) {
        if (h.ref.index <= pts->size()) pts->insert(pts->begin() + static_cast<std::ptrdiff_t>(h.ref.index), to);
    } else if (h.ref.index < pts->size()) {
        (*pts)[h.ref.index] = to;
        if (ring && h.ref.index == 0) pts->back() = to;
    }
    return out;
}

std::string format_length(double m) {
    if (m >= 10000) return fixed(m / 1000, 2) + " km";
    if (m >= 1000) return grouped(m) + " m";
    return fixed(m, 1) + " m";
}

std::string format_area(double m2) {
    if (m2 >= 100000) return fixed(m2 / 10000, 2) + " ha";
    if (m2 >= 1000) return grouped(m2) + " m²";
    return fixed(m2, 1) + " m²";
}

}  // namespace app::view
