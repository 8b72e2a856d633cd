#include "gis/network/street_graph.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <optional>

#include "gis/index/spatial_index.hpp"
#include "gis/network/detail/noder.hpp"

namespace gis::network {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

/// Per-query working arrays, reused between queries. A generation stamp marks which entries are valid,
/// so a query never clears or reallocates arrays the size of the graph.
struct Scratch {
    std::vector<double> dist;
    std::vector<std::uint32_t> prev_edge;
    std::vector<std::uint32_t> stamp;
    std::vector<std::pair<double, std::uint32_t>> heap;
    std::uint32_t generation = 0;

    void reset(std::size_t n) {
        if (dist.size() != n) {
            dist.assign(n, kInf);
            prev_edge.assign(n, kNone);
            stamp.assign(n, 0);
            generation = 0;
        }
        if (++generation == 0) {  // wrapped: clear once every 4 billion queries
            std::fill(stamp.begin(), stamp.end(), 0);
            generation = 1;
        }
        heap.clear();
    }
    double get(std::uint32_t n) const { return stamp[n] == generation ? dist[n] : kInf; }
    void set(std::uint32_t n, double d, std::uint32_t via) {
        stamp[n] = generation;
        dist[n] = d;
        prev_edge[n] = via;
    }
};

/// Where a point lands on the network: an edge and the position along it.
struct Snap {
    std::uint32_t edge = 0;
    double t = 0;  ///< 0 at the edge's u, 1 at its v
    Point p;
};

}  // namespace

struct StreetGraph::Impl {
    std::vector<Point> nodes;
    std::vector<detail::NodedEdge> edges;
    detail::Adjacency adj;
    std::optional<index::SpatialIndex> edge_index;

    mutable std::mutex pool_mutex;
    mutable std::vector<std::unique_ptr<Scratch>> pool;

    std::unique_ptr<Scratch> acquire() const {
        std::lock_guard lock(pool_mutex);
        if (pool.empty()) return std::make_unique<Scratch>();
        auto s = std::move(pool.back());
        pool.pop_back();
        return s;
    }
    void release(std::unique_ptr<Scratch> s) const {
        std::lock_guard lock(pool_mutex);
        pool.push_back(std::move(s));
    }

    std::optional<Snap> snap(const Point& p) const {
        if (!edge_index || !std::isfinite(p.x) || !std::isfinite(p.y)) return std::nullopt;
        auto i = edge_index->nearest(p);
        if (!i) return std::nullopt;
        const auto& e = edges[*i];
        Snap s;
        s.edge = static_cast<std::uint32_t>(*i);
        s.p = detail::project_on_segment(p, nodes[e.u], nodes[e.v], &s.t);
        return s;
    }

    Path search(const Point& from, const Point& to, bool want_points) const;
};

StreetGraph::StreetGraph(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
StreetGraph::StreetGraph(StreetGraph&&) noexcept = default;
StreetGraph& StreetGraph::operator=(StreetGraph&&) noexcept = default;
StreetGraph::~StreetGraph() = default;

StreetGraph StreetGraph::build(const std::vector<LineString>& centrelines, double snap_tolerance) {
    auto impl = std::make_unique<Impl>();
    detail::NoderOptions opt;
    opt.snap_tolerance = snap_tolerance;
    opt.split_crossings = true;
    auto g = detail::node_lines(centrelines, {}, opt);
    impl->nodes = std::move(g.nodes);
    impl->edges = std::move(g.edges);
    impl->adj = detail::build_adjacency(impl->nodes.size(), impl->edges);
    std::vector<Geometry> geoms;
    geoms.reserve(impl->edges.size());
    for (const auto& e : impl->edges)
        geoms.push_back(Geometry::from(LineString{impl->nodes[e.u], impl->nodes[e.v]}));
    if (!geoms.empty()) impl->edge_index.emplace(std::move(geoms));
    return StreetGraph(std::move(impl));
}

StreetGraph StreetGraph::build(const district::District& d, double snap_tolerance) {
    std::vector<LineString> lines;
    for (auto& l : network_lines(d, snap_tolerance)) lines.push_back(std::move(l.line));
    return build(lines, snap_tolerance);
}

std::size_t StreetGraph::node_count() const { return impl_ ? impl_->nodes.size() : 0; }
std::size_t StreetGraph::edge_count() const { return impl_ ? impl_->edges.size() : 0; }

Path StreetGraph::shortest_path(const Point& from, const Point& to) const {
    if (!impl_) return Path{false, kInf, {}};
    return impl_->search(from, to, true);
}

double StreetGraph::distance(const Point& from, const Point& to) const {
    if (!impl_) return kInf;
    return impl_->search(from, to, false).length_m;
}

Path StreetGraph::Impl::search(const Point& from, const Point& to, bool want_points) const {
    Path path{false, kInf, {}};
    const auto a = snap(from), b = snap(to);
    if (!a || !b) return path;
    const auto& ea = edges[a->edge];
    const auto& eb = edges[b->edge];

    double best = kInf;
    std::uint32_t best_node = kNone;  // kNone: the direct run along one edge is best
    if (a->edge == b->edge) best = std::abs(a->t - b->t) * ea.length;

    auto scratch = acquire();
    Scratch& s = *scratch;
    s.reset(nodes.size());
    auto push = [&](std::uint32_t n, double d, std::uint32_t via) {
        if (d >= s.get(n)) return;
        s.set(n, d, via);
        s.heap.push_back({-d, n});
        std::push_heap(s.heap.begin(), s.heap.end());
    };
    push(ea.u, a->t * ea.length, kNone);
    push(ea.v, (1 - a->t) * ea.length, kNone);
    // The target is reached through either end of its edge.
    auto to_target = [&](std::uint32_t n) {
        if (n == eb.u) return b->t * eb.length;
        return (1 - b->t) * eb.length;
    };
    while (!s.heap.empty()) {
        std::pop_heap(s.heap.begin(), s.heap.end());
        const auto [neg, n] = s.heap.back();
        s.heap.pop_back();
        const double d = -neg;
        if (d > s.get(n)) continue;  // stale entry
        if (d >= best) break;
        if (n == eb.u || n == eb.v) {
            const double total = d + to_target(n);
            if (total < best) {
                best = total;
                best_node = n;
            }
        }
        for (auto k = adj.offset[n]; k < adj.offset[n + 1]; ++k)
            push(adj.target[k], d + edges[adj.edge[k]].length, adj.edge[k]);
    }

    if (std::isfinite(best)) {
        path.found = true;
        path.length_m = best;
        if (want_points) {
            if (best_node == kNone) {
                path.points = {a->p, b->p};
            } else {
                LineString back{b->p};
                for (std::uint32_t n = best_node;;) {
                    back.push_back(nodes[n]);
                    const auto via = s.prev_edge[n];
                    if (via == kNone) break;
                    n = edges[via].u == n ? edges[via].v : edges[via].u;
                }
                back.push_back(a->p);
                // Drop repeated points where a snapped point coincides with a node.
                back.erase(std::unique(back.begin(), back.end()), back.end());
                if (back.size() == 1) back.push_back(back.front());
                path.points.assign(back.rbegin(), back.rend());
            }
        }
    }
    release(std::move(scratch));
    return path;
}

// Lanes often stop at the kerb of the street they open onto, half that street's width short of its
// centreline. A lane end that meets nothing else is joined to the nearest other centreline whose
// carriageway it touches (within half that street's width plus the tolerance).
std::vector<NetworkLine> network_lines(const district::District& d, double tol) {
    std::vector<NetworkLine> lines;
    std::vector<Geometry> geoms;
    double max_half = 0;
    for (std::size_t k = 0; k < d.streets.size(); ++k) {
        const auto& s = d.streets[k];
        if (s.centreline.size() < 2) continue;
        lines.push_back({s.centreline, k, false});
        geoms.push_back(Geometry::from(s.centreline));
        max_half = std::max(max_half, s.width_m / 2);
    }
    if (lines.empty()) return lines;
    index::SpatialIndex idx(geoms);
    const std::size_t n = lines.size();
    for (std::size_t i = 0; i < n; ++i) {
        for (const Point& end : {lines[i].line.front(), lines[i].line.back()}) {
            // Nearest point on every other centreline within reach.
            auto near = idx.within_distance(Geometry::from(end), max_half + tol);
            bool joined = false;
            std::optional<Point> best;
            double best_d = kInf;
            for (auto j : near) {
                if (j == i) continue;
                const auto& l = lines[j].line;
                double dj = kInf;
                Point pj;
                for (std::size_t k = 0; k + 1 < l.size(); ++k) {
                    const Point q = detail::project_on_segment(end, l[k], l[k + 1]);
                    const double dq = std::hypot(q.x - end.x, q.y - end.y);
                    if (dq < dj) {
                        dj = dq;
                        pj = q;
                    }
                }
                if (dj <= tol) joined = true;
                if (dj <= d.streets[lines[j].street].width_m / 2 + tol && dj < best_d) {
                    best_d = dj;
                    best = pj;
                }
            }
            if (!joined && best) lines.push_back({{end, *best}, lines[i].street, true});
        }
    }
    return lines;
}

}  // namespace gis::network
