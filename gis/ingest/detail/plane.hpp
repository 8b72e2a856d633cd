#pragma once
/// @file
/// Internal to gis/ingest: plane vector arithmetic and the closest point of a line, shared by the
/// derivations of buildings and streets (derive.cpp) and of the gas network (derive_gas.cpp).

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

#include "gis/core/geometry.hpp"

namespace gis::ingest::detail {

inline Point add(Point a, Point b) { return {a.x + b.x, a.y + b.y}; }
inline Point sub(Point a, Point b) { return {a.x - b.x, a.y - b.y}; }
inline Point mul(Point a, double k) { return {a.x * k, a.y * k}; }
inline double dot(Point a, Point b) { return a.x * b.x + a.y * b.y; }
inline double cross(Point a, Point b) { return a.x * b.y - a.y * b.x; }
inline double dist(Point a, Point b) { return std::hypot(a.x - b.x, a.y - b.y); }

/// Closest point of a line string to `p`: the point, its distance, the segment and the distance along.
struct OnLine {
    Point q;
    double d = std::numeric_limits<double>::infinity();
    std::size_t seg = 0;
    double along = 0;
};

inline OnLine closest_on_line(const LineString& l, Point p) {
    OnLine best;
    double run = 0;
    for (std::size_t i = 0; i + 1 < l.size(); ++i) {
        const Point a = l[i], b = l[i + 1];
        const Point e = sub(b, a);
        const double len2 = dot(e, e);
        const double t = len2 > 0 ? std::clamp(dot(sub(p, a), e) / len2, 0.0, 1.0) : 0.0;
        const Point q = add(a, mul(e, t));
        const double d = dist(p, q);
        if (d < best.d) best = {q, d, i, run + t * std::sqrt(len2)};
        run += std::sqrt(len2);
    }
    return best;
}

}  // namespace gis::ingest::detail
