#include "gis/plan/vertex_edit.hpp"

#include "gis/geom/ops.hpp"
#include "gis/core/i18n.hpp"

namespace gis::plan {
namespace {

Error no_vertex(const VertexRef& v) {
    return make_error(ErrorCode::BadInput,
                      gis::i18n::format(_("no vertex {0} in ring {1} of part {2}"), std::to_string(v.index),
                                        std::to_string(v.ring), std::to_string(v.part)));
}

/// The coordinate list the vertex lives in, and whether it is a closed ring.
std::vector<Point>* locate(Geometry& g, const VertexRef& v, bool& closed) {
    closed = false;
    if (!g.polygons.empty()) {
        if (v.part >= g.polygons.size()) return nullptr;
        auto& poly = g.polygons[v.part];
        closed = true;
        if (v.ring == 0) return &poly.outer;
        if (v.ring - 1 < poly.holes.size()) return &poly.holes[v.ring - 1];
        return nullptr;
    }
    if (!g.lines.empty()) {
        if (v.part >= g.lines.size() || v.ring != 0) return nullptr;
        return &g.lines[v.part];
    }
    if (!g.points.empty()) {
        if (v.part >= g.points.size() || v.ring != 0 || v.index != 0) return nullptr;
        return &g.points;
    }
    return nullptr;
}

Result<Geometry> checked(Geometry g) {
    auto valid = geom::check_validity(g);
    if (!valid.valid)
        return make_error(ErrorCode::InvalidGeometry,
                          gis::i18n::format(_("the edit would make the shape invalid: {0}"), valid.reason));
    return g;
}

}  // namespace

Result<Geometry> move_vertex(const Geometry& g, const VertexRef& v, const Point& to) {
    Geometry out = g;
    bool closed = false;
    auto* pts = locate(out, v, closed);
    if (!pts) return no_vertex(v);
    if (pts == &out.points) {
        out.points[v.part] = to;
        return out;
    }
    const std::size_t n = closed ? pts->size() - 1 : pts->size();
    if (v.index >= n) return no_vertex(v);
    (*pts)[v.index] = to;
    if (closed && v.index == 0) pts->back() = to;
    return checked(std::move(out));
}

Result<Geometry> insert_vertex(const Geometry& g, const VertexRef& v, const Point& p) {
    Geometry out = g;
    bool closed = false;
    auto* pts = locate(out, v, closed);
    if (!pts || pts == &out.points) return no_vertex(v);
    const std::size_t n = closed ? pts->size() - 1 : pts->size();
    if (v.index > n) return no_vertex(v);
    if (closed && v.index == 0) {
        pts->insert(pts->begin(), p);
        pts->back() = p;
    } else {
        pts->insert(pts->begin() + static_cast<std::ptrdiff_t>(v.index), p);
    }
    return checked(std::move(out));
}

Result<Geometry> remove_vertex(const Geometry& g, const VertexRef& v) {
    Geometry out = g;
    bool closed = false;
    auto* pts = locate(out, v, closed);
    if (!pts || pts == &out.points) return no_vertex(v);
    const std::size_t n = closed ? pts->size() - 1 : pts->size();
    if (v.index >= n) return no_vertex(v);
    if ((closed && n <= 3) || (!closed && n <= 2))
        return make_error(ErrorCode::BadInput,
                          closed ? _("a ring needs at least 3 corners") : _("a line needs 2 points"));
    pts->erase(pts->begin() + static_cast<std::ptrdiff_t>(v.index));
    if (closed && v.index == 0) pts->back() = pts->front();
    return checked(std::move(out));
}

}  // namespace gis::plan
