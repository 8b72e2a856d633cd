#pragma once
/// @file
/// The project's own plain geometry types. Coordinates are in the data set's projected CRS (metres,
/// x = east, y = north) unless a function says otherwise. GEOS and OGR types never appear in public
/// headers; conversion happens inside the modules that need them.

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace gis {

struct Point {
    double x = 0;
    double y = 0;
    friend bool operator==(const Point&, const Point&) = default;
};

/// Axis-aligned bounding box. An empty box has min > max.
struct BBox {
    double minx = std::numeric_limits<double>::infinity();
    double miny = std::numeric_limits<double>::infinity();
    double maxx = -std::numeric_limits<double>::infinity();
    double maxy = -std::numeric_limits<double>::infinity();

    bool empty() const { return minx > maxx || miny > maxy; }
    double width() const { return empty() ? 0 : maxx - minx; }
    double height() const { return empty() ? 0 : maxy - miny; }
    Point center() const { return {(minx + maxx) / 2, (miny + maxy) / 2}; }
    void expand(const Point& p) {
        minx = std::min(minx, p.x);
        miny = std::min(miny, p.y);
        maxx = std::max(maxx, p.x);
        maxy = std::max(maxy, p.y);
    }
    void expand(const BBox& b) {
        if (b.empty()) return;
        expand(Point{b.minx, b.miny});
        expand(Point{b.maxx, b.maxy});
    }
    bool intersects(const BBox& b) const {
        return !(b.minx > maxx || b.maxx < minx || b.miny > maxy || b.maxy < miny);
    }
    bool contains(const Point& p) const { return p.x >= minx && p.x <= maxx && p.y >= miny && p.y <= maxy; }
    /// True when `b` lies within this box (edges may touch); an empty `b` lies within any box.
    bool contains(const BBox& b) const {
        return b.empty() || (b.minx >= minx && b.miny >= miny && b.maxx <= maxx && b.maxy <= maxy);
    }
    /// The box widened by `r` on every side (narrowed when r < 0).
    BBox grown(double r) const { return {minx - r, miny - r, maxx + r, maxy + r}; }
    friend bool operator==(const BBox&, const BBox&) = default;
};

using Ring = std::vector<Point>;  ///< closed: first point == last point

struct Polygon {
    Ring outer;
    std::vector<Ring> holes;
    friend bool operator==(const Polygon&, const Polygon&) = default;
};

using LineString = std::vector<Point>;

/// A geometry of any simple-feature type, stored as parts. Multi-types hold several parts.
struct Geometry {
    enum class Type : std::uint8_t {
        None,
        Point,
        LineString,
        Polygon,
        MultiPoint,
        MultiLineString,
        MultiPolygon
    };
    Type type = Type::None;
    std::vector<Point> points;      ///< Point / MultiPoint
    std::vector<LineString> lines;  ///< LineString / MultiLineString
    std::vector<Polygon> polygons;  ///< Polygon / MultiPolygon

    static Geometry from(const Point& p) { return {Type::Point, {p}, {}, {}}; }
    static Geometry from(const LineString& l) { return {Type::LineString, {}, {l}, {}}; }
    static Geometry from(const Polygon& p) { return {Type::Polygon, {}, {}, {p}}; }
    bool empty() const { return points.empty() && lines.empty() && polygons.empty(); }
    BBox bbox() const;
    friend bool operator==(const Geometry&, const Geometry&) = default;
};

const char* to_string(Geometry::Type t);

BBox bbox_of(const Ring& r);
BBox bbox_of(const Polygon& p);

/// Axis-aligned rectangle as a closed counter-clockwise ring polygon.
Polygon rect(double minx, double miny, double maxx, double maxy);

/// Shoelace area of a ring (positive for counter-clockwise).
double signed_area(const Ring& r);
/// Planar length of a line string.
double length_of(const LineString& l);

/// The geometry as a layer declared `declared` ("Polygon", "LineString" or "Point"; any other word keeps
/// it as it is) stores it, so that every row of a layer has the layer's one geometry type: a one-part
/// multi-geometry becomes its part; of several parts the largest polygon, the longest line or the first
/// point is kept and `dropped` (when given) counts the parts left out. A geometry of another dimension
/// is returned unchanged (callers decide whether it fits).
Geometry conform_to(const Geometry& g, const std::string& declared, std::size_t* dropped = nullptr);

/// Well-known text of a geometry (no GEOS needed; used for storage and messages).
std::string to_wkt(const Geometry& g);

}  // namespace gis
