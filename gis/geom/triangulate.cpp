#include "gis/geom/triangulate.hpp"

#include <cmath>
#include <cstring>
#include <unordered_map>
#include <utility>

#include "gis/geom/geos_handle.hpp"

namespace gis::geom {

namespace {

using detail::GeomPtr;
using detail::own;

struct PointKey {
    std::uint64_t x;
    std::uint64_t y;
    friend bool operator==(const PointKey&, const PointKey&) = default;
};

struct PointKeyHash {
    std::size_t operator()(const PointKey& k) const noexcept {
        std::uint64_t h = k.x * 0x9e3779b97f4a7c15ULL;
        h ^= k.y + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
        return static_cast<std::size_t>(h);
    }
};

PointKey key_of(const Point& p) {
    // + 0.0 turns -0.0 into 0.0 so both spellings of zero share a vertex.
    const double x = p.x + 0.0;
    const double y = p.y + 0.0;
    PointKey k{};
    std::memcpy(&k.x, &x, sizeof x);
    std::memcpy(&k.y, &y, sizeof y);
    return k;
}

// Appends the triangles of a GEOS triangulation result (a collection of triangle polygons).
std::size_t append_triangles(GEOSContextHandle_t h, const GEOSGeometry* tris, Triangles& out) {
    std::unordered_map<PointKey, std::uint32_t, PointKeyHash> index;
    auto vertex = [&](const Point& p) {
        auto [it, inserted] = index.try_emplace(key_of(p), static_cast<std::uint32_t>(out.vertices.size()));
        if (inserted) out.vertices.push_back(p);
        return it->second;
    };
    std::size_t added = 0;
    const int n = GEOSGetNumGeometries_r(h, tris);
    for (int i = 0; i < n; ++i) {
        const GEOSGeometry* tri = GEOSGetGeometryN_r(h, tris, i);
        if (!tri || GEOSGeomTypeId_r(h, tri) != GEOS_POLYGON) continue;
        const GEOSGeometry* ring = GEOSGetExteriorRing_r(h, tri);
        const GEOSCoordSequence* seq = ring ? GEOSGeom_getCoordSeq_r(h, ring) : nullptr;
        unsigned size = 0;
        if (!seq || !GEOSCoordSeq_getSize_r(h, seq, &size) || size < 3) continue;
        Point p[3];
        for (unsigned k = 0; k < 3; ++k) GEOSCoordSeq_getXY_r(h, seq, k, &p[k].x, &p[k].y);
        const double cross = (p[1].x - p[0].x) * (p[2].y - p[0].y) - (p[2].x - p[0].x) * (p[1].y - p[0].y);
        if (!(cross != 0)) continue;  // flat (or NaN) triangles cover nothing
        if (cross < 0) std::swap(p[1], p[2]);
        for (const auto& q : p) out.indices.push_back(vertex(q));
        ++added;
    }
    return added;
}

std::size_t triangulate_valid(GEOSContextHandle_t h, const GEOSGeometry* poly, Triangles& out) {
    double a = 0;
    if (!GEOSArea_r(h, poly, &a) || !(a > 0)) return 0;
    GeomPtr tris = own(GEOSConstrainedDelaunayTriangulation_r(h, poly));
    return tris ? append_triangles(h, tris.get(), out) : 0;
}

std::size_t triangulate_geos(GEOSContextHandle_t h, const GEOSGeometry* poly, Triangles& out) {
    if (GEOSisValid_r(h, poly) == 1) return triangulate_valid(h, poly, out);
    // Invalid input (a bow-tie, a hole crossing the shell) is repaired and its polygons triangulated,
    // so what is drawn matches what overlay operations see.
    GeomPtr valid = own(GEOSMakeValid_r(h, poly));
    if (!valid) return 0;
    std::size_t added = 0;
    const int n = GEOSGetNumGeometries_r(h, valid.get());
    for (int i = 0; i < n; ++i) {
        const GEOSGeometry* part = GEOSGetGeometryN_r(h, valid.get(), i);
        if (part && GEOSGeomTypeId_r(h, part) == GEOS_POLYGON) added += triangulate_valid(h, part, out);
    }
    return added;
}

}  // namespace

std::size_t triangulate(const Polygon& poly, Triangles& out) {
    const bool open = !poly.outer.empty() && !(poly.outer.front() == poly.outer.back());
    if (poly.outer.size() + (open ? 1 : 0) < 4) return 0;
    GeomPtr g = detail::to_geos(poly);
    if (!g) return 0;
    return triangulate_geos(detail::handle(), g.get(), out);
}

Triangles triangulate(const Geometry& g) {
    Triangles out;
    for (const auto& p : g.polygons) triangulate(p, out);
    return out;
}

}  // namespace gis::geom
