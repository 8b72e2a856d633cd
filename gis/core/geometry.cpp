#include "gis/core/geometry.hpp"

#include <cmath>
#include <cstdio>

namespace gis {

BBox Geometry::bbox() const {
    BBox b;
    for (const auto& p : points) b.expand(p);
    for (const auto& l : lines)
        for (const auto& p : l) b.expand(p);
    for (const auto& poly : polygons) b.expand(bbox_of(poly.outer));
    return b;
}

const char* to_string(Geometry::Type t) {
    switch (t) {
        case Geometry::Type::None:
            return "None";
        case Geometry::Type::Point:
            return "Point";
        case Geometry::Type::LineString:
            return "LineString";
        case Geometry::Type::Polygon:
            return "Polygon";
        case Geometry::Type::MultiPoint:
            return "MultiPoint";
        case Geometry::Type::MultiLineString:
            return "MultiLineString";
        case Geometry::Type::MultiPolygon:
            return "MultiPolygon";
    }
    return "Unknown";
}

BBox bbox_of(const Ring& r) {
    BBox b;
    for (const auto& p : r) b.expand(p);
    return b;
}

BBox bbox_of(const Polygon& p) { return bbox_of(p.outer); }

Polygon rect(double minx, double miny, double maxx, double maxy) {
    return Polygon{{{minx, miny}, {maxx, miny}, {maxx, maxy}, {minx, maxy}, {minx, miny}}, {}};
}

double signed_area(const Ring& r) {
    double a = 0;
    for (std::size_t i = 0; i + 1 < r.size(); ++i) a += r[i].x * r[i + 1].y - r[i + 1].x * r[i].y;
    return a / 2;
}

double length_of(const LineString& l) {
    double s = 0;
    for (std::size_t i = 0; i + 1 < l.size(); ++i) s += std::hypot(l[i + 1].x - l[i].x, l[i + 1].y - l[i].y);
    return s;
}

namespace {
void append_coords(std::string& out, const std::vector<Point>& pts) {
    char buf[64];
    out += '(';
    for (std::size_t i = 0; i < pts.size(); ++i) {
        std::snprintf(buf, sizeof buf, "%s%.3f %.3f", i ? ", " : "", pts[i].x, pts[i].y);
        out += buf;
    }
    out += ')';
}
void append_polygon(std::string& out, const Polygon& p) {
    out += '(';
    append_coords(out, p.outer);
    for (const auto& h : p.holes) {
        out += ", ";
        append_coords(out, h);
    }
    out += ')';
}
}  // namespace

std::string to_wkt(const Geometry& g) {
    std::string s;
    switch (g.type) {
        case Geometry::Type::None:
            return "GEOMETRYCOLLECTION EMPTY";
        case Geometry::Type::Point:
            s = "POINT ";
            append_coords(s, g.points);
            return s;
        case Geometry::Type::MultiPoint:
            s = "MULTIPOINT ";
            append_coords(s, g.points);
            return s;
        case Geometry::Type::LineString:
            s = "LINESTRING ";
            append_coords(s, g.lines.at(0));
            return s;
        case Geometry::Type::MultiLineString:
            s = "MULTILINESTRING (";
            for (std::size_t i = 0; i < g.lines.size(); ++i) {
                if (i) s += ", ";
                append_coords(s, g.lines[i]);
            }
            return s + ")";
        case Geometry::Type::Polygon:
            s = "POLYGON ";
            append_polygon(s, g.polygons.at(0));
            return s;
        case Geometry::Type::MultiPolygon:
            s = "MULTIPOLYGON (";
            for (std::size_t i = 0; i < g.polygons.size(); ++i) {
                if (i) s += ", ";
                append_polygon(s, g.polygons[i]);
            }
            return s + ")";
    }
    return s;
}

Geometry conform_to(const Geometry& g, const std::string& declared, std::size_t* dropped) {
    auto keep = [&](std::size_t parts) {
        if (dropped) *dropped = parts > 1 ? parts - 1 : 0;
    };
    keep(0);
    if (declared == "Polygon" && !g.polygons.empty() && g.lines.empty() && g.points.empty()) {
        std::size_t best = 0;
        for (std::size_t i = 1; i < g.polygons.size(); ++i)
            if (std::abs(signed_area(g.polygons[i].outer)) > std::abs(signed_area(g.polygons[best].outer)))
                best = i;
        keep(g.polygons.size());
        return Geometry::from(g.polygons[best]);
    }
    if (declared == "LineString" && !g.lines.empty() && g.polygons.empty() && g.points.empty()) {
        std::size_t best = 0;
        for (std::size_t i = 1; i < g.lines.size(); ++i)
            if (length_of(g.lines[i]) > length_of(g.lines[best])) best = i;
        keep(g.lines.size());
        return Geometry::from(g.lines[best]);
    }
    if (declared == "Point" && !g.points.empty() && g.polygons.empty() && g.lines.empty()) {
        keep(g.points.size());
        return Geometry::from(g.points.front());
    }
    return g;
}

}  // namespace gis
