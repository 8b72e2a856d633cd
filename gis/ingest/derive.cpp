#include "gis/ingest/derive.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

#include "gis/geom/ops.hpp"
#include "gis/index/spatial_index.hpp"
#include "gis/ingest/detail/plane.hpp"
#include "gis/network/detail/noder.hpp"

namespace gis::ingest {
namespace {

using namespace detail;

using district::BuildingKind;

constexpr double kPi = 3.14159265358979323846;
/// A street farther than this in front of a wall does not decide the entrance side.
constexpr double kFrontRoadM = 30.0;  // a road this close in front makes a street-front block
/// A service pipe's end farther than this from every entrance is not linked.
/// Widening of the buildings' hull when no streets enclose them.
constexpr double kHullMarginM = 10.0;
/// A street's end this close to another street's kerb line ends on that street (a T-junction).
constexpr double kJunctionTolM = 0.5;
/// Street surface pieces smaller than this are slivers where two surfaces meet at an angle.
constexpr double kSliverM2 = 1.0;

/// Rank of a street class at a crossing: the higher class keeps the crossing's surface.
int class_rank(const std::string& cls) {
    if (cls == "primary") return 0;
    if (cls == "secondary") return 1;
    if (cls == "local") return 2;
    if (cls == "lane") return 3;
    return 4;
}

/// The ring's points without the closing repeat.
std::vector<Point> open_ring(const Ring& r) {
    std::vector<Point> pts(r.begin(), r.end());
    if (pts.size() > 1 && pts.front() == pts.back()) pts.pop_back();
    return pts;
}

/// Convex hull, counter-clockwise, not closed (Andrew's monotone chain).
std::vector<Point> convex_hull(std::vector<Point> pts) {
    std::sort(pts.begin(), pts.end(), [](Point a, Point b) { return a.x != b.x ? a.x < b.x : a.y < b.y; });
    pts.erase(std::unique(pts.begin(), pts.end()), pts.end());
    if (pts.size() < 3) return pts;
    std::vector<Point> h(2 * pts.size());
    std::size_t k = 0;
    for (std::size_t i = 0; i < pts.size(); ++i) {
        while (k >= 2 && cross(sub(h[k - 1], h[k - 2]), sub(pts[i], h[k - 2])) <= 0) --k;
        h[k++] = pts[i];
    }
    for (std::size_t i = pts.size() - 1, t = k + 1; i > 0; --i) {
        while (k >= t && cross(sub(h[k - 1], h[k - 2]), sub(pts[i - 1], h[k - 2])) <= 0) --k;
        h[k++] = pts[i - 1];
    }
    h.resize(k - 1);
    return h;
}

/// A slab's minimum rotated rectangle as a frame: centre, unit long axis u (angle in [0, 180) from
/// east) and its left normal n, and the half extents along each.
struct Frame {
    bool valid = false;
    Point c, u, n;
    double half_len = 0, half_depth = 0;
    double axis_deg = 0;
};

Frame frame_of(const Polygon& footprint) {
    Frame f;
    std::vector<Point> pts = open_ring(footprint.outer);
    if (pts.size() < 3) return f;
    const Point o = pts.front();  // work near the origin: projected coordinates are large
    for (auto& p : pts) p = sub(p, o);
    const std::vector<Point> hull = convex_hull(pts);
    if (hull.size() < 3) return f;
    double best_area = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < hull.size(); ++i) {
        const Point e = sub(hull[(i + 1) % hull.size()], hull[i]);
        const double len = std::hypot(e.x, e.y);
        if (len <= 0) continue;
        const Point u{e.x / len, e.y / len};
        const Point n{-u.y, u.x};
        double a0 = std::numeric_limits<double>::infinity(), a1 = -a0, b0 = a0, b1 = -a0;
        for (const auto& p : hull) {
            a0 = std::min(a0, dot(p, u));
            a1 = std::max(a1, dot(p, u));
            b0 = std::min(b0, dot(p, n));
            b1 = std::max(b1, dot(p, n));
        }
        const double area = (a1 - a0) * (b1 - b0);
        if (area < best_area * (1 - 1e-12)) {
            best_area = area;
            f.c = add(o, add(mul(u, (a0 + a1) / 2), mul(n, (b0 + b1) / 2)));
            if (a1 - a0 >= b1 - b0) {
                f.u = u;
                f.half_len = (a1 - a0) / 2;
                f.half_depth = (b1 - b0) / 2;
            } else {
                f.u = n;
                f.half_len = (b1 - b0) / 2;
                f.half_depth = (a1 - a0) / 2;
            }
        }
    }
    if (!std::isfinite(best_area)) return f;
    double deg = std::atan2(f.u.y, f.u.x) * 180 / kPi;
    if (deg < 0) deg += 180;
    if (deg >= 180 - 1e-9) deg = 0;
    if (std::abs(deg) < 1e-9) deg = 0;
    if (dot(f.u, Point{std::cos(deg * kPi / 180), std::sin(deg * kPi / 180)}) < 0) f.u = mul(f.u, -1);
    f.n = {-f.u.y, f.u.x};
    f.axis_deg = deg;
    f.valid = true;
    return f;
}

bool east_west(double axis_deg) { return axis_deg <= 45 || axis_deg > 135; }

/// Unit vector of a compass side.
Point side_vector(char side) {
    switch (side) {
        case 'S':
            return {0, -1};
        case 'E':
            return {1, 0};
        case 'W':
            return {-1, 0};
        default:
            return {0, 1};
    }
}

/// One wall of a slab's rectangle: its middle, its direction (west to east, or south to north when it
/// runs more north-south), its length and its outward normal.
struct Wall {
    Point mid, dir, out;
    double length = 0;
};

Wall wall_facing(const Frame& f, char side) {
    const Point want = side_vector(side);
    const Wall walls[] = {
        {add(f.c, mul(f.n, f.half_depth)), f.u, f.n, 2 * f.half_len},
        {add(f.c, mul(f.n, -f.half_depth)), f.u, mul(f.n, -1), 2 * f.half_len},
        {add(f.c, mul(f.u, f.half_len)), f.n, f.u, 2 * f.half_depth},
        {add(f.c, mul(f.u, -f.half_len)), f.n, mul(f.u, -1), 2 * f.half_depth},
    };
    const Wall* best = &walls[0];
    for (const auto& w : walls)
        if (dot(w.out, want) > dot(best->out, want) + 1e-12) best = &w;
    Wall w = *best;
    if (std::abs(w.dir.x) >= std::abs(w.dir.y) ? w.dir.x < 0 : w.dir.y < 0) w.dir = mul(w.dir, -1);
    return w;
}

/// Distance along the ray from `p` in direction `d` to the first crossing of the ring, if any.
std::optional<double> ray_hit(const Ring& ring, Point p, Point d) {
    std::optional<double> best;
    for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
        const Point a = ring[i], b = ring[i + 1];
        const Point e = sub(b, a);
        const double den = cross(d, e);
        if (std::abs(den) < 1e-15) continue;
        const Point ap = sub(a, p);
        const double t = cross(ap, e) / den;
        const double s = cross(ap, d) / den;
        if (t >= 0 && s >= -1e-12 && s <= 1 + 1e-12 && (!best || t < *best)) best = t;
    }
    return best;
}

/// Clips segment a-b (local coordinates) to the box [u0, u1] x [v0, v1]; the parameter range, if any.
std::optional<std::pair<double, double>> clip(Point a, Point b, double u0, double u1, double v0, double v1) {
    double t0 = 0, t1 = 1;
    const Point d = sub(b, a);
    const double p[] = {-d.x, d.x, -d.y, d.y};
    const double q[] = {a.x - u0, u1 - a.x, a.y - v0, v1 - a.y};
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0) {
            if (q[i] < 0) return std::nullopt;
            continue;
        }
        const double r = q[i] / p[i];
        if (p[i] < 0)
            t0 = std::max(t0, r);
        else
            t1 = std::min(t1, r);
        if (t0 > t1) return std::nullopt;
    }
    return std::pair{t0, t1};
}

bool in_ring(const Ring& r, Point p) {
    bool in = false;
    for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
        const Point a = r[i], b = r[j];
        if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) in = !in;
    }
    return in;
}

/// A point inside a footprint: its centroid when that is inside, else the middle of the widest span
/// across the footprint at the height of its bounding box's middle.
Point interior_point(const Polygon& poly) {
    const Ring& r = poly.outer;
    double a = 0, cx = 0, cy = 0;
    for (std::size_t i = 0; i + 1 < r.size(); ++i) {
        const double k = r[i].x * r[i + 1].y - r[i + 1].x * r[i].y;
        a += k;
        cx += (r[i].x + r[i + 1].x) * k;
        cy += (r[i].y + r[i + 1].y) * k;
    }
    if (std::abs(a) > 0) {
        const Point c{cx / (3 * a), cy / (3 * a)};
        if (in_ring(r, c)) return c;
    }
    const BBox box = bbox_of(r);
    const double y = box.center().y;
    std::vector<double> xs;
    for (std::size_t i = 0; i + 1 < r.size(); ++i) {
        const Point p = r[i], q = r[i + 1];
        if ((p.y > y) != (q.y > y)) xs.push_back(p.x + (y - p.y) * (q.x - p.x) / (q.y - p.y));
    }
    std::sort(xs.begin(), xs.end());
    Point best = box.center();
    double widest = -1;
    for (std::size_t i = 0; i + 1 < xs.size(); i += 2)
        if (xs[i + 1] - xs[i] > widest) {
            widest = xs[i + 1] - xs[i];
            best = {(xs[i] + xs[i + 1]) / 2, y};
        }
    return best;
}

/// Counter-clockwise closed ring from four corners.
Polygon quad(Point a, Point b, Point c, Point d) {
    Polygon p{{a, b, c, d, a}, {}};
    if (signed_area(p.outer) < 0) std::reverse(p.outer.begin(), p.outer.end());
    return p;
}

/// The largest polygon of a polygonal geometry (empty polygon when there is none).
Polygon largest_polygon(const Geometry& g) {
    Polygon best;
    double best_area = -1;
    for (const auto& p : g.polygons) {
        const double a = std::abs(signed_area(p.outer));
        if (a > best_area) {
            best_area = a;
            best = p;
        }
    }
    return best;
}

/// Faces of the street network that are bounded by centrelines: nodes the lines (crossings split),
/// drops dead ends and bridges, and walks the faces of the planar graph that remains.
std::vector<Ring> street_blocks(const std::vector<district::Street>& streets) {
    std::vector<LineString> lines;
    for (const auto& s : streets)
        if (s.centreline.size() >= 2) lines.push_back(s.centreline);
    network::detail::NoderOptions opt;
    opt.snap_tolerance = 0.5;
    opt.split_crossings = true;
    const auto g = network::detail::node_lines(lines, {}, opt);

    std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
    {
        std::set<std::pair<std::uint32_t, std::uint32_t>> seen;
        for (const auto& e : g.edges) {
            if (e.u == e.v) continue;
            auto key = std::minmax(e.u, e.v);
            if (seen.insert(key).second) edges.push_back(key);
        }
    }
    std::vector<bool> alive(edges.size(), true);
    std::vector<Ring> faces;
    for (;;) {
        // Dead ends: remove the edge at a node of degree 1, then at the node that leaves, and so on.
        std::vector<std::vector<std::size_t>> at_node(g.nodes.size());
        std::vector<int> degree(g.nodes.size(), 0);
        for (std::size_t e = 0; e < edges.size(); ++e) {
            if (!alive[e]) continue;
            for (auto n : {edges[e].first, edges[e].second}) {
                at_node[n].push_back(e);
                ++degree[n];
            }
        }
        std::vector<std::uint32_t> loose;
        for (std::uint32_t n = 0; n < g.nodes.size(); ++n)
            if (degree[n] == 1) loose.push_back(n);
        while (!loose.empty()) {
            const auto n = loose.back();
            loose.pop_back();
            for (auto e : at_node[n]) {
                if (!alive[e]) continue;
                alive[e] = false;
                for (auto m : {edges[e].first, edges[e].second})
                    if (--degree[m] == 1) loose.push_back(m);
            }
        }
        // Half-edges 2e (u -> v) and 2e + 1 (v -> u); outgoing ones around each node by angle.
        std::vector<std::vector<std::size_t>> out(g.nodes.size());
        auto origin = [&](std::size_t h) { return h % 2 == 0 ? edges[h / 2].first : edges[h / 2].second; };
        auto target = [&](std::size_t h) { return h % 2 == 0 ? edges[h / 2].second : edges[h / 2].first; };
        auto angle = [&](std::size_t h) {
            const Point d = sub(g.nodes[target(h)], g.nodes[origin(h)]);
            return std::atan2(d.y, d.x);
        };
        for (std::size_t e = 0; e < edges.size(); ++e) {
            if (!alive[e]) continue;
            out[edges[e].first].push_back(2 * e);
            out[edges[e].second].push_back(2 * e + 1);
        }
        std::vector<std::size_t> pos(2 * edges.size(), 0);
        for (auto& list : out) {
            std::sort(list.begin(), list.end(),
                      [&](std::size_t a, std::size_t b) { return angle(a) < angle(b); });
            for (std::size_t i = 0; i < list.size(); ++i) pos[list[i]] = i;
        }
        // Walk each face keeping it on the left: at a node, turn to the next edge clockwise from the one
        // we came in on.
        std::vector<std::int64_t> face_of(2 * edges.size(), -1);
        std::vector<Ring> rings;
        for (std::size_t h0 = 0; h0 < 2 * edges.size(); ++h0) {
            if (!alive[h0 / 2] || face_of[h0] >= 0) continue;
            Ring ring;
            const auto id = static_cast<std::int64_t>(rings.size());
            for (std::size_t h = h0; face_of[h] < 0;) {
                face_of[h] = id;
                ring.push_back(g.nodes[origin(h)]);
                const auto& around = out[target(h)];
                const std::size_t twin = h ^ 1;
                h = around[(pos[twin] + around.size() - 1) % around.size()];
            }
            ring.push_back(ring.front());
            rings.push_back(std::move(ring));
        }
        // A bridge has the same face on both sides: drop it and walk again.
        bool bridge = false;
        for (std::size_t e = 0; e < edges.size(); ++e) {
            if (alive[e] && face_of[2 * e] == face_of[2 * e + 1]) {
                alive[e] = false;
                bridge = true;
            }
        }
        if (bridge) continue;
        for (auto& r : rings)
            if (signed_area(r) > 1e-6) faces.push_back(std::move(r));
        break;
    }
    return faces;
}

DerivedBoundary hull_boundary(const std::vector<district::Building>& buildings,
                              const std::vector<district::Street>& streets) {
    std::vector<Point> pts;
    for (const auto& b : buildings)
        for (const auto& p : b.footprint.outer) pts.push_back(p);
    if (pts.empty())
        for (const auto& s : streets) pts.insert(pts.end(), s.centreline.begin(), s.centreline.end());
    DerivedBoundary out;
    out.rule = "hull";
    if (pts.empty()) return out;
    std::vector<Point> hull = convex_hull(pts);
    Geometry g;
    if (hull.size() >= 3) {
        hull.push_back(hull.front());
        g = Geometry::from(Polygon{hull, {}});
    } else if (hull.size() == 2) {
        g = Geometry::from(LineString{hull[0], hull[1]});
    } else {
        g = Geometry::from(hull[0]);
    }
    out.polygon = largest_polygon(geom::buffer(g, kHullMarginM));
    return out;
}

}  // namespace

SlabShape slab_shape(const Polygon& footprint) {
    const Frame f = frame_of(footprint);
    if (!f.valid) return {};
    return {2 * f.half_len, 2 * f.half_depth, f.axis_deg, f.c};
}

int entrances_from_length(double length_m) {
    if (!(length_m > 0)) return 0;
    return static_cast<int>(std::clamp(std::lround((length_m - 13.0) / 12.0), 1L, 4L));
}

char entrance_side(const Polygon& footprint, const std::vector<district::Street>& streets) {
    const Frame f = frame_of(footprint);
    const bool ew = !f.valid || east_west(f.axis_deg);
    const char front = ew ? 'N' : 'E', back = ew ? 'S' : 'W';
    if (!f.valid) return front;
    // Local coordinates: x along the slab, y across it towards the front side (north, or east).
    Point across = f.n;
    if (ew ? across.y < 0 : across.x < 0) across = mul(across, -1);
    auto local = [&](Point p) { return Point{dot(sub(p, f.c), f.u), dot(sub(p, f.c), across)}; };
    const double hl = f.half_len, hd = f.half_depth;
    // A primary or secondary road along the front: a street-front block facing it (shops on the road),
    // its stairs at the back. Lanes and local streets in front of a row are how people reach its doors.
    double road_d = std::numeric_limits<double>::infinity();
    for (const auto& s : streets) {
        if (s.street_class != "primary" && s.street_class != "secondary") continue;
        for (std::size_t i = 0; i + 1 < s.centreline.size(); ++i) {
            const Point a = local(s.centreline[i]), b = local(s.centreline[i + 1]);
            const Point d = sub(b, a);
            if (auto r = clip(a, b, -hl, hl, hd, hd + kFrontRoadM)) {
                const double y = std::min(a.y + d.y * r->first, a.y + d.y * r->second);
                road_d = std::min(road_d, y - hd);
            }
        }
    }
    return road_d <= kFrontRoadM ? back : front;
}

std::vector<district::Entrance> derive_entrances(const district::Building& b, double offset_m) {
    std::vector<district::Entrance> out;
    if (b.entrances <= 0) return out;
    const Frame f = frame_of(b.footprint);
    if (!f.valid) return out;
    const Wall w = wall_facing(f, b.entrance_side);
    const Point start = sub(w.mid, mul(w.dir, w.length / 2));
    for (int k = 1; k <= b.entrances; ++k) {
        Point p = add(start, mul(w.dir, w.length * (2.0 * k - 1) / (2.0 * b.entrances)));
        // Onto the wall itself: the rectangle's side and the wall differ where the footprint is not one.
        const Point from = add(p, mul(w.out, 1.0));
        if (auto t = ray_hit(b.footprint.outer, from, mul(w.out, -1))) p = add(from, mul(w.out, -*t));
        district::Entrance e;
        e.building_fid = b.fid;
        e.building_number = b.number;
        e.number = k;
        e.side = b.entrance_side;
        e.location = add(p, mul(w.out, offset_m));
        out.push_back(e);
    }
    return out;
}

std::string default_surface(const std::string& street_class, bool in_compound) {
    if (street_class == "primary" || street_class == "secondary" || street_class == "local") return "asphalt";
    return in_compound ? "unpaved" : "concrete";
}

std::vector<district::Forecourt> derive_forecourts(const std::vector<district::Building>& buildings,
                                                   double depth_m, const std::string& surface) {
    std::vector<district::Forecourt> out;
    if (!(depth_m > 0)) return out;
    std::vector<Geometry> footprints;
    footprints.reserve(buildings.size());
    for (const auto& b : buildings) footprints.push_back(Geometry::from(b.footprint));
    const index::SpatialIndex idx(std::move(footprints));  // a city's footprints are held once
    for (std::size_t i = 0; i < buildings.size(); ++i) {
        const auto& b = buildings[i];
        if (b.kind != BuildingKind::Residential) continue;
        const Frame f = frame_of(b.footprint);
        if (!f.valid) continue;
        const Wall w = wall_facing(f, b.entrance_side);
        const Point a = sub(w.mid, mul(w.dir, w.length / 2)), c = add(w.mid, mul(w.dir, w.length / 2));
        const Point deep = mul(w.out, depth_m);
        Polygon strip = quad(a, c, add(c, deep), add(a, deep));
        const BBox box = bbox_of(strip);
        std::vector<Geometry> in_the_way;
        for (std::size_t j : idx.query_bbox(box)) {
            if (j == i) continue;
            const Geometry& other = idx.item(j);
            if (geom::overlap_area(Geometry::from(strip), other) > 1e-6) in_the_way.push_back(other);
        }
        if (!in_the_way.empty()) {
            strip = largest_polygon(geom::difference(Geometry::from(strip), geom::unite(in_the_way)));
            if (strip.outer.empty()) continue;
        }
        district::Forecourt fc;
        fc.building_number = b.number;
        fc.side = b.entrance_side;
        fc.depth_m = depth_m;
        fc.surface = surface.empty() ? default_surface("", b.in_compound) : surface;
        fc.in_compound = b.in_compound;
        fc.polygon = std::move(strip);
        out.push_back(std::move(fc));
    }
    return out;
}

std::vector<district::StreetSurface> derive_street_surfaces(const std::vector<district::Street>& streets,
                                                            const Polygon& boundary) {
    geom::BufferStyle style;
    style.cap = geom::CapStyle::Flat;
    style.join = geom::JoinStyle::Mitre;
    std::vector<Geometry> full(streets.size());  // each street's whole width along its whole centreline
    for (std::size_t i = 0; i < streets.size(); ++i) {
        const auto& s = streets[i];
        if (s.width_m > 0 && s.centreline.size() >= 2 && length_of(s.centreline) > 0)
            full[i] = geom::buffer(Geometry::from(s.centreline), s.width_m / 2, style);
    }
    const index::SpatialIndex idx(std::move(full));
    auto surface_of = [&](std::size_t i) -> const Geometry& { return idx.item(i); };
    // True when street b's surface takes the place where a and b overlap.
    auto ends_on = [&](const district::Street& a, const district::Street& b) {
        for (const Point& p : {a.centreline.front(), a.centreline.back()})
            if (closest_on_line(b.centreline, p).d <= b.width_m / 2 + kJunctionTolM) return true;
        return false;
    };
    auto owns = [&](std::size_t b, std::size_t a) {
        const auto& sa = streets[a];
        const auto& sb = streets[b];
        const bool a_ends = ends_on(sa, sb), b_ends = ends_on(sb, sa);
        if (a_ends != b_ends) return a_ends;
        const int ra = class_rank(sa.street_class), rb = class_rank(sb.street_class);
        if (ra != rb) return rb < ra;
        if (sa.width_m != sb.width_m) return sb.width_m > sa.width_m;
        return b < a;
    };
    const Geometry district_area = boundary.outer.empty() ? Geometry{} : Geometry::from(boundary);

    std::vector<district::StreetSurface> out;
    for (std::size_t i = 0; i < streets.size(); ++i) {
        if (surface_of(i).empty()) continue;
        std::vector<Geometry> give_way;
        const Geometry& whole = surface_of(i);
        for (std::size_t j : idx.intersecting(whole))
            if (j != i && !surface_of(j).empty() && owns(j, i) &&
                geom::overlap_area(whole, surface_of(j)) > kSliverM2)
                give_way.push_back(surface_of(j));
        const Geometry mine = give_way.empty() ? whole : geom::difference(whole, geom::unite(give_way));
        const auto& s = streets[i];
        for (const auto& piece : mine.polygons) {
            const Geometry g = Geometry::from(piece);
            if (std::abs(signed_area(piece.outer)) < kSliverM2) continue;
            if (!district_area.empty() && geom::overlap_area(g, district_area) < kSliverM2) continue;
            district::StreetSurface ss;
            ss.street_id = s.fid;
            ss.name = s.name;
            ss.street_class = s.street_class;
            ss.surface = default_surface(s.street_class, s.in_compound);
            ss.in_compound = s.in_compound;
            ss.polygon = piece;
            out.push_back(std::move(ss));
        }
    }
    return out;
}

DerivedBoundary derive_boundary(const std::vector<district::Building>& buildings,
                                const std::vector<district::Street>& streets) {
    if (buildings.empty()) return hull_boundary(buildings, streets);
    const std::vector<Ring> blocks = street_blocks(streets);
    std::vector<double> areas;
    for (const auto& r : blocks) areas.push_back(signed_area(r));
    std::set<std::size_t> chosen;
    for (const auto& b : buildings) {
        if (b.footprint.outer.size() < 4) continue;
        const Point p = interior_point(b.footprint);
        std::optional<std::size_t> best;
        for (std::size_t k = 0; k < blocks.size(); ++k)
            if (in_ring(blocks[k], p) && (!best || areas[k] < areas[*best])) best = k;
        if (!best) return hull_boundary(buildings, streets);
        chosen.insert(*best);
    }
    if (chosen.empty()) return hull_boundary(buildings, streets);
    std::vector<Geometry> parts;
    for (auto k : chosen) parts.push_back(Geometry::from(Polygon{blocks[k], {}}));
    const Geometry joined = parts.size() == 1 ? parts.front() : geom::unite(parts);
    if (joined.polygons.size() != 1) return hull_boundary(buildings, streets);
    return {Polygon{joined.polygons.front().outer, {}}, "streets"};
}

}  // namespace gis::ingest
