#include "gis/io/ogr_geometry.hpp"

namespace gis::io::detail {
namespace {

LineString from_curve(const OGRSimpleCurve* c) {
    LineString l;
    l.reserve(c->getNumPoints());
    for (int i = 0; i < c->getNumPoints(); ++i) l.push_back({c->getX(i), c->getY(i)});
    return l;
}

Polygon from_polygon(const OGRPolygon* p) {
    Polygon out;
    if (const auto* ext = p->getExteriorRing()) out.outer = from_curve(ext);
    for (int i = 0; i < p->getNumInteriorRings(); ++i) out.holes.push_back(from_curve(p->getInteriorRing(i)));
    return out;
}

void append(Geometry& out, const OGRGeometry* g) {
    switch (wkbFlatten(g->getGeometryType())) {
        case wkbPoint: {
            const auto* p = g->toPoint();
            if (!p->IsEmpty()) out.points.push_back({p->getX(), p->getY()});
            break;
        }
        case wkbLineString:
        case wkbLinearRing:
            out.lines.push_back(from_curve(g->toLineString()));
            break;
        case wkbPolygon:
            out.polygons.push_back(from_polygon(g->toPolygon()));
            break;
        case wkbMultiPoint:
        case wkbMultiLineString:
        case wkbMultiPolygon:
        case wkbGeometryCollection: {
            const auto* c = g->toGeometryCollection();
            for (int i = 0; i < c->getNumGeometries(); ++i) append(out, c->getGeometryRef(i));
            break;
        }
        default: {
            // Curves and surfaces: linearise, then convert.
            std::unique_ptr<OGRGeometry> lin(g->getLinearGeometry());
            if (lin && wkbFlatten(lin->getGeometryType()) != wkbFlatten(g->getGeometryType()))
                append(out, lin.get());
            break;
        }
    }
}

}  // namespace

Geometry from_ogr(const OGRGeometry* g) {
    Geometry out;
    if (!g || g->IsEmpty()) return out;
    append(out, g);
    const auto flat = wkbFlatten(g->getGeometryType());
    const bool multi = flat == wkbMultiPoint || flat == wkbMultiLineString || flat == wkbMultiPolygon ||
                       flat == wkbGeometryCollection;
    if (!out.polygons.empty())
        out.type =
            (multi || out.polygons.size() > 1) ? Geometry::Type::MultiPolygon : Geometry::Type::Polygon;
    else if (!out.lines.empty())
        out.type =
            (multi || out.lines.size() > 1) ? Geometry::Type::MultiLineString : Geometry::Type::LineString;
    else if (!out.points.empty())
        out.type = (multi || out.points.size() > 1) ? Geometry::Type::MultiPoint : Geometry::Type::Point;
    return out;
}

namespace {
OGRLinearRing* make_ring(const Ring& r) {
    auto* ring = new OGRLinearRing();
    ring->setNumPoints(static_cast<int>(r.size()), FALSE);
    for (std::size_t i = 0; i < r.size(); ++i) ring->setPoint(static_cast<int>(i), r[i].x, r[i].y);
    return ring;
}
OGRPolygon* make_polygon(const Polygon& p) {
    auto* poly = new OGRPolygon();
    poly->addRingDirectly(make_ring(p.outer));
    for (const auto& h : p.holes) poly->addRingDirectly(make_ring(h));
    return poly;
}
OGRLineString* make_line(const LineString& l) {
    auto* line = new OGRLineString();
    line->setNumPoints(static_cast<int>(l.size()), FALSE);
    for (std::size_t i = 0; i < l.size(); ++i) line->setPoint(static_cast<int>(i), l[i].x, l[i].y);
    return line;
}
}  // namespace

OgrGeometryPtr to_ogr(const Geometry& g) {
    switch (g.type) {
        case Geometry::Type::None:
            return nullptr;
        case Geometry::Type::Point:
            return OgrGeometryPtr(new OGRPoint(g.points.at(0).x, g.points.at(0).y));
        case Geometry::Type::LineString:
            return OgrGeometryPtr(make_line(g.lines.at(0)));
        case Geometry::Type::Polygon:
            return OgrGeometryPtr(make_polygon(g.polygons.at(0)));
        case Geometry::Type::MultiPoint: {
            auto* m = new OGRMultiPoint();
            for (const auto& p : g.points) m->addGeometryDirectly(new OGRPoint(p.x, p.y));
            return OgrGeometryPtr(m);
        }
        case Geometry::Type::MultiLineString: {
            auto* m = new OGRMultiLineString();
            for (const auto& l : g.lines) m->addGeometryDirectly(make_line(l));
            return OgrGeometryPtr(m);
        }
        case Geometry::Type::MultiPolygon: {
            auto* m = new OGRMultiPolygon();
            for (const auto& p : g.polygons) m->addGeometryDirectly(make_polygon(p));
            return OgrGeometryPtr(m);
        }
    }
    return nullptr;
}

}  // namespace gis::io::detail
