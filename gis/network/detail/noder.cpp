#include "gis/network/detail/noder.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace gis::network::detail {
namespace {

struct Segment {
    Point a, b;
    std::uint32_t line = 0;
};

struct Split {
    std::uint32_t seg = 0;
    double t = 0;
    Point p;
    std::int64_t origin = -1;  // extra point that asked for this split
};

double dist2(const Point& a, const Point& b) {
    const double dx = a.x - b.x, dy = a.y - b.y;
    return dx * dx + dy * dy;
}

std::uint64_t cell_key(std::int64_t cx, std::int64_t cy) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(cx)) << 32) |
           static_cast<std::uint32_t>(cy);
}

/// A uniform grid over segment bounding boxes, stored as (cell, segment) pairs sorted by cell.
class SegmentGrid {
  public:
    SegmentGrid(const std::vector<Segment>& segs, double pad) : pad_(pad) {
        BBox all;
        double total = 0;
        for (const auto& s : segs) {
            all.expand(s.a);
            all.expand(s.b);
            total += std::sqrt(dist2(s.a, s.b));
        }
        origin_ = all.empty() ? Point{} : Point{all.minx, all.miny};
        const double avg = segs.empty() ? 1 : total / static_cast<double>(segs.size());
        cell_ = std::max({avg, 4 * pad, 1e-3});
        for (std::uint32_t i = 0; i < segs.size(); ++i) {
            auto [x0, y0, x1, y1] = range(segs[i].a, segs[i].b);
            for (auto cx = x0; cx <= x1; ++cx)
                for (auto cy = y0; cy <= y1; ++cy) entries_.push_back({cell_key(cx, cy), i});
        }
        std::sort(entries_.begin(), entries_.end());
    }

    struct Range {
        std::int64_t x0, y0, x1, y1;
    };
    Range range(const Point& a, const Point& b) const {
        auto c = [&](double v, double o) { return static_cast<std::int64_t>(std::floor((v - o) / cell_)); };
        return {c(std::min(a.x, b.x) - pad_, origin_.x), c(std::min(a.y, b.y) - pad_, origin_.y),
                c(std::max(a.x, b.x) + pad_, origin_.x), c(std::max(a.y, b.y) + pad_, origin_.y)};
    }

    /// Calls f(i, j) once for every pair of segments whose padded boxes share a cell.
    template <class F>
    void pairs(const std::vector<Segment>& segs, F&& f) const {
        for (std::size_t lo = 0; lo < entries_.size();) {
            std::size_t hi = lo;
            while (hi < entries_.size() && entries_[hi].first == entries_[lo].first) ++hi;
            const auto cx = static_cast<std::int32_t>(entries_[lo].first >> 32);
            const auto cy = static_cast<std::int32_t>(entries_[lo].first & 0xffffffffu);
            for (std::size_t p = lo; p < hi; ++p) {
                const auto i = entries_[p].second;
                const Range ri = range(segs[i].a, segs[i].b);
                for (std::size_t q = p + 1; q < hi; ++q) {
                    const auto j = entries_[q].second;
                    const Range rj = range(segs[j].a, segs[j].b);
                    // Report the pair only in the lowest cell both boxes cover.
                    if (std::max(ri.x0, rj.x0) != cx || std::max(ri.y0, rj.y0) != cy) continue;
                    f(i, j);
                }
            }
            lo = hi;
        }
    }

    /// Calls f(i) for the segments in the cells within `pad` of p (possibly more than once).
    template <class F>
    void near(const Point& p, F&& f) const {
        const Range r = range(p, p);
        for (auto cx = r.x0; cx <= r.x1; ++cx)
            for (auto cy = r.y0; cy <= r.y1; ++cy) {
                const std::uint64_t key = cell_key(cx, cy);
                auto it = std::lower_bound(entries_.begin(), entries_.end(),
                                           std::pair<std::uint64_t, std::uint32_t>{key, 0});
                for (; it != entries_.end() && it->first == key; ++it) f(it->second);
            }
    }

  private:
    double pad_ = 0, cell_ = 1;
    Point origin_;
    std::vector<std::pair<std::uint64_t, std::uint32_t>> entries_;
};

/// Greedy clustering of points within `tol`: each new point joins the nearest existing node within
/// `tol`, or becomes a node.
class NodeMerger {
  public:
    explicit NodeMerger(double tol) : tol2_(tol * tol), cell_(std::max(tol, 1e-3)) {}
    std::uint32_t add(const Point& p, std::vector<Point>& nodes) {
        const auto cx = static_cast<std::int64_t>(std::floor(p.x / cell_));
        const auto cy = static_cast<std::int64_t>(std::floor(p.y / cell_));
        std::int64_t best = -1;
        double best_d = tol2_;
        for (auto x = cx - 1; x <= cx + 1; ++x)
            for (auto y = cy - 1; y <= cy + 1; ++y) {
                auto it = head_.find(cell_key(x, y));
                if (it == head_.end()) continue;
                for (std::int64_t n = it->second; n >= 0; n = next_[static_cast<std::size_t>(n)]) {
                    const double d = dist2(nodes[static_cast<std::size_t>(n)], p);
                    if (d <= best_d && (best < 0 || d < best_d || n < best)) {
                        best = n;
                        best_d = d;
                    }
                }
            }
        if (best >= 0) return static_cast<std::uint32_t>(best);
        const auto id = static_cast<std::uint32_t>(nodes.size());
        nodes.push_back(p);
        auto [it, inserted] = head_.try_emplace(cell_key(cx, cy), static_cast<std::int64_t>(id));
        next_.push_back(inserted ? -1 : it->second);
        it->second = id;
        return id;
    }

  private:
    double tol2_, cell_;
    std::unordered_map<std::uint64_t, std::int64_t> head_;
    std::vector<std::int64_t> next_;
};

}  // namespace

Point project_on_segment(const Point& p, const Point& a, const Point& b, double* t_out) {
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    if (t_out) *t_out = t;
    return {a.x + t * dx, a.y + t * dy};
}

NodedGraph node_lines(const std::vector<LineString>& lines, const std::vector<Point>& extra_points,
                      const NoderOptions& options) {
    const double tol = std::max(0.0, options.snap_tolerance);
    const double tol2 = tol * tol;
    std::vector<Segment> segs;
    for (std::uint32_t l = 0; l < lines.size(); ++l)
        for (std::size_t i = 0; i + 1 < lines[l].size(); ++i)
            if (dist2(lines[l][i], lines[l][i + 1]) > 0) segs.push_back({lines[l][i], lines[l][i + 1], l});

    std::vector<Split> splits;
    splits.reserve(segs.size() * 2);
    for (std::uint32_t s = 0; s < segs.size(); ++s) {
        splits.push_back({s, 0, segs[s].a});
        splits.push_back({s, 1, segs[s].b});
    }
    // Splits `s` at the point of it closest to `p` unless that is (within tolerance) one of its ends.
    auto split_at = [&](std::uint32_t s, const Point& p, std::int64_t origin) {
        double t = 0;
        const Point q = project_on_segment(p, segs[s].a, segs[s].b, &t);
        if (dist2(q, p) > tol2 || dist2(q, segs[s].a) <= tol2 || dist2(q, segs[s].b) <= tol2) return false;
        splits.push_back({s, t, q, origin});
        return true;
    };

    SegmentGrid grid(segs, tol);
    grid.pairs(segs, [&](std::uint32_t i, std::uint32_t j) {
        const Segment &A = segs[i], &B = segs[j];
        split_at(j, A.a, -1);
        split_at(j, A.b, -1);
        split_at(i, B.a, -1);
        split_at(i, B.b, -1);
        if (!options.split_crossings) return;
        const double rx = A.b.x - A.a.x, ry = A.b.y - A.a.y, sx = B.b.x - B.a.x, sy = B.b.y - B.a.y;
        const double den = rx * sy - ry * sx;
        if (std::abs(den) <= 1e-12 * (rx * rx + ry * ry + sx * sx + sy * sy)) return;  // parallel
        const double qx = B.a.x - A.a.x, qy = B.a.y - A.a.y;
        const double t = (qx * sy - qy * sx) / den, u = (qx * ry - qy * rx) / den;
        if (t < 0 || t > 1 || u < 0 || u > 1) return;
        const Point p{A.a.x + t * rx, A.a.y + t * ry};
        if (dist2(p, A.a) > tol2 && dist2(p, A.b) > tol2) splits.push_back({i, t, p});
        if (dist2(p, B.a) > tol2 && dist2(p, B.b) > tol2) splits.push_back({j, u, p});
    });

    // Extra points: each goes to the nearest segment within tolerance, as a split or onto an end.
    NodedGraph g;
    g.point_nodes.assign(extra_points.size(), -1);
    std::vector<std::pair<std::size_t, std::size_t>> point_at_split;  // extra point -> split index
    for (std::size_t k = 0; k < extra_points.size(); ++k) {
        const Point& p = extra_points[k];
        std::int64_t best = -1;
        double best_d = tol2;
        grid.near(p, [&](std::uint32_t s) {
            const double d = dist2(project_on_segment(p, segs[s].a, segs[s].b), p);
            if (d <= best_d && (best < 0 || d < best_d || s < best)) {
                best = s;
                best_d = d;
            }
        });
        if (best < 0) continue;
        const auto s = static_cast<std::uint32_t>(best);
        if (split_at(s, p, static_cast<std::int64_t>(k))) continue;
        const bool at_a = dist2(p, segs[s].a) <= dist2(p, segs[s].b);
        point_at_split.push_back({k, 2 * static_cast<std::size_t>(s) + (at_a ? 0 : 1)});
    }

    std::sort(splits.begin(), splits.end(),
              [](const Split& x, const Split& y) { return x.seg != y.seg ? x.seg < y.seg : x.t < y.t; });
    std::vector<std::uint32_t> split_node(splits.size());
    NodeMerger merger(tol);
    // Ends first, so that nodes sit on line ends and junction points rather than on stray points.
    for (std::size_t i = 0; i < splits.size(); ++i)
        if (splits[i].t == 0 || splits[i].t == 1) split_node[i] = merger.add(splits[i].p, g.nodes);
    for (std::size_t i = 0; i < splits.size(); ++i)
        if (splits[i].t != 0 && splits[i].t != 1) split_node[i] = merger.add(splits[i].p, g.nodes);

    g.line_start.assign(lines.size(), -1);
    g.line_end.assign(lines.size(), -1);
    std::vector<std::size_t> seg_first(segs.size() + 1, 0);  // index of each segment's first split
    for (std::size_t i = 0; i < splits.size(); ++i) {
        const auto& sp = splits[i];
        if (sp.origin >= 0) g.point_nodes[static_cast<std::size_t>(sp.origin)] = split_node[i];
        if (i == 0 || splits[i - 1].seg != sp.seg) seg_first[sp.seg] = i;
        const auto line = segs[sp.seg].line;
        if (sp.t == 0 && g.line_start[line] < 0) g.line_start[line] = split_node[i];
        if (sp.t == 1) g.line_end[line] = split_node[i];
        if (i > 0 && splits[i - 1].seg == sp.seg && split_node[i - 1] != split_node[i]) {
            const auto u = split_node[i - 1], v = split_node[i];
            g.edges.push_back({u, v, line, std::sqrt(dist2(g.nodes[u], g.nodes[v]))});
        }
    }
    for (const auto& [k, end] : point_at_split) {
        const std::size_t seg = end / 2;
        // A segment's end splits are its first (t = 0) and last (t = 1) entries.
        std::size_t i = seg_first[seg];
        if (end % 2 == 1)
            while (i + 1 < splits.size() && splits[i + 1].seg == seg) ++i;
        g.point_nodes[k] = split_node[i];
    }
    return g;
}

Adjacency build_adjacency(std::size_t node_count, const std::vector<NodedEdge>& edges) {
    Adjacency a;
    a.offset.assign(node_count + 1, 0);
    for (const auto& e : edges) {
        ++a.offset[e.u + 1];
        ++a.offset[e.v + 1];
    }
    for (std::size_t n = 0; n < node_count; ++n) a.offset[n + 1] += a.offset[n];
    a.target.resize(a.offset.back());
    a.edge.resize(a.offset.back());
    std::vector<std::uint32_t> fill(a.offset.begin(), a.offset.end() - 1);
    for (std::uint32_t i = 0; i < edges.size(); ++i) {
        const auto& e = edges[i];
        a.target[fill[e.u]] = e.v;
        a.edge[fill[e.u]++] = i;
        a.target[fill[e.v]] = e.u;
        a.edge[fill[e.v]++] = i;
    }
    return a;
}

}  // namespace gis::network::detail
