#pragma once
/// @file
/// Planar geometry operations (GEOS, reentrant C API, behind this header). All inputs and outputs are
/// project types in the data set's projected CRS (metres). Functions are thread-safe: each thread
/// uses its own GEOS context.

#include <string>
#include <string_view>
#include <vector>

#include "gis/core/geometry.hpp"
#include "gis/core/result.hpp"

namespace gis::geom {

struct Validity {
    bool valid = true;
    std::string reason;  ///< GEOS's reason, e.g. "Self-intersection[12.5 30]"; empty when valid
    Point location;      ///< where the problem is, when valid == false
};

/// OGC validity of a geometry (self-intersections, ring orientation problems, too few points ...).
Validity check_validity(const Geometry& g);

double area(const Geometry& g);
double length(const Geometry& g);  ///< line length; for polygons the perimeter
double distance(const Geometry& a, const Geometry& b);
bool intersects(const Geometry& a, const Geometry& b);
bool contains(const Geometry& a, const Geometry& b);
/// Area of the intersection of two polygonal geometries.
double overlap_area(const Geometry& a, const Geometry& b);

enum class CapStyle { Round = 1, Flat = 2, Square = 3 };
enum class JoinStyle { Round = 1, Mitre = 2, Bevel = 3 };
struct BufferStyle {
    int quadrant_segments = 8;
    CapStyle cap = CapStyle::Round;
    JoinStyle join = JoinStyle::Round;
    double mitre_limit = 5.0;
};
Geometry buffer(const Geometry& g, double distance, const BufferStyle& style = {});
/// Buffer of a line to one side only (positive distance = left of the line direction).
Geometry single_sided_buffer(const LineString& line, double distance);
/// Line offset parallel to `line` (positive = left side).
LineString offset_line(const LineString& line, double distance);

Geometry unite(const Geometry& a, const Geometry& b);
/// Unary union of many geometries (cascaded; O(n log n) in practice).
Geometry unite(const std::vector<Geometry>& parts);
Geometry intersection(const Geometry& a, const Geometry& b);
Geometry difference(const Geometry& a, const Geometry& b);
/// Repair an invalid polygonal geometry (GEOSMakeValid).
Geometry make_valid(const Geometry& g);
/// Douglas-Peucker simplification within `tolerance` (parts that collapse are dropped).
Geometry simplify(const Geometry& g, double tolerance);
/// Lines that meet end to end joined into the longest lines they form.
Geometry merge_lines(const Geometry& g);

/// Closest point on `g` to `p`.
Point nearest_point(const Geometry& g, const Point& p);

/// Parse WKT (any simple-feature type). A malformed string gives ErrorCode::BadInput naming the problem.
Result<Geometry> from_wkt(std::string_view wkt);

}  // namespace gis::geom
