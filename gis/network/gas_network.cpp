#include "gis/network/gas_network.hpp"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <numeric>
#include <unordered_map>

#include "gis/core/strings.hpp"
#include "gis/geom/ops.hpp"
#include "gis/index/spatial_index.hpp"
#include "gis/network/detail/noder.hpp"
#include "gis/network/detail/stamps.hpp"
#include "gis/core/i18n.hpp"

namespace gis::network {
namespace {

constexpr std::uint32_t kNone = 0xffffffffu;

/// Compressed lists: items of group g are list[offset[g] .. offset[g+1]).
struct Groups {
    std::vector<std::uint32_t> offset{0};
    std::vector<std::uint32_t> list;
    std::size_t size(std::size_t g) const { return offset[g + 1] - offset[g]; }
    const std::uint32_t* begin(std::size_t g) const { return list.data() + offset[g]; }
    const std::uint32_t* end(std::size_t g) const { return list.data() + offset[g + 1]; }
};

Groups group_by(std::size_t groups, const std::vector<std::uint32_t>& group_of_item) {
    Groups out;
    out.offset.assign(groups + 1, 0);
    for (auto g : group_of_item)
        if (g != kNone) ++out.offset[g + 1];
    for (std::size_t g = 0; g < groups; ++g) out.offset[g + 1] += out.offset[g];
    out.list.resize(out.offset.back());
    std::vector<std::uint32_t> fill(out.offset.begin(), out.offset.end() - 1);
    for (std::uint32_t i = 0; i < group_of_item.size(); ++i)
        if (group_of_item[i] != kNone) out.list[fill[group_of_item[i]]++] = i;
    return out;
}

std::uint32_t find(std::vector<std::uint32_t>& parent, std::uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
}

struct Scratch {
    detail::Stamps zone_node, zone_edge, closing, reached, supplied;
    std::vector<std::uint32_t> queue;
};

void sort_unique(std::vector<std::int64_t>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

const char* to_string(TopologyProblem::Kind k) {
    switch (k) {
        case TopologyProblem::Kind::Dangle:
            return "dangle";
        case TopologyProblem::Kind::DisconnectedPart:
            return "disconnected_part";
        case TopologyProblem::Kind::Unsupplied:
            return "unsupplied";
        case TopologyProblem::Kind::ValveOffNetwork:
            return "valve_off_network";
        case TopologyProblem::Kind::SourceOffNetwork:
            return "station_off_network";
        case TopologyProblem::Kind::BuildingWithoutService:
            return "building_without_service";
        case TopologyProblem::Kind::EntranceWithoutService:
            return "entrance_without_service";
    }
    return "?";
}

struct GasNetwork::Impl {
    GasNetworkSpec spec;
    std::vector<Point> nodes;
    std::vector<detail::NodedEdge> edges;  // NodedEdge::line is the pipe's index in spec.pipes
    detail::Adjacency adj;
    std::unordered_map<std::int64_t, std::uint32_t> pipe_by_id, valve_by_id;
    Groups pipe_edges;
    std::vector<std::uint32_t> valve_node, source_node, entrance_node;  // kNone: off the network
    std::vector<std::uint32_t> node_valve, node_source;                 // kNone: none there
    std::vector<std::uint8_t> node_entrance;
    std::vector<std::uint32_t> node_comp;  // connected group of pipes, valves ignored
    std::size_t comps = 0;
    Groups comp_edges, comp_sources, comp_entrances;
    std::vector<std::uint8_t> base_supplied, base_reached;  // edges / nodes, valves as they stand

    std::once_flag pipe_index_once, valve_index_once;
    std::optional<index::SpatialIndex> pipe_index, valve_index;
    detail::Pool<Scratch> pool;

    bool normally_closed(std::uint32_t n) const {
        const auto v = node_valve[n];
        return v != kNone && spec.valves[v].closed;
    }

    /// Breadth-first flow from `starts`; a node in `closing` or with a closed valve lets no gas through.
    /// Marks reached nodes and supplied edges in the scratch.
    template <class Closed>
    void flow(const std::vector<std::uint32_t>& starts, Closed&& closed, Scratch& s) const {
        s.queue.clear();
        for (auto n : starts)
            if (s.reached.mark(n) && !closed(n)) s.queue.push_back(n);
        for (std::size_t head = 0; head < s.queue.size(); ++head) {
            const auto n = s.queue[head];
            for (auto k = adj.offset[n]; k < adj.offset[n + 1]; ++k) {
                s.supplied.mark(adj.edge[k]);
                const auto t = adj.target[k];
                if (s.reached.mark(t) && !closed(t)) s.queue.push_back(t);
            }
        }
    }

    void build();
    Result<IsolationTrace> isolate(const std::vector<std::int64_t>& ids) const;
};

GasNetwork::GasNetwork(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
GasNetwork::GasNetwork(GasNetwork&&) noexcept = default;
GasNetwork& GasNetwork::operator=(GasNetwork&&) noexcept = default;
GasNetwork::~GasNetwork() = default;

GasNetwork GasNetwork::build(GasNetworkSpec spec) {
    auto impl = std::make_unique<Impl>();
    impl->spec = std::move(spec);
    impl->build();
    return GasNetwork(std::move(impl));
}

void GasNetwork::Impl::build() {
    std::vector<LineString> lines;
    lines.reserve(spec.pipes.size());
    for (std::uint32_t i = 0; i < spec.pipes.size(); ++i) {
        lines.push_back(spec.pipes[i].line);
        pipe_by_id.emplace(spec.pipes[i].id, i);
    }
    std::vector<Point> extra;
    for (const auto& v : spec.valves) extra.push_back(v.location);
    for (const auto& s : spec.sources) extra.push_back(s.location);
    for (const auto& e : spec.entrances) extra.push_back(e.location);
    detail::NoderOptions opt;
    opt.snap_tolerance = spec.snap_tolerance;
    opt.split_crossings = false;
    auto g = detail::node_lines(lines, extra, opt);
    nodes = std::move(g.nodes);
    edges = std::move(g.edges);
    adj = detail::build_adjacency(nodes.size(), edges);

    auto node_of = [&](std::size_t k) {
        return g.point_nodes[k] < 0 ? kNone : static_cast<std::uint32_t>(g.point_nodes[k]);
    };
    node_valve.assign(nodes.size(), kNone);
    node_source.assign(nodes.size(), kNone);
    node_entrance.assign(nodes.size(), 0);
    std::size_t k = 0;
    for (std::uint32_t i = 0; i < spec.valves.size(); ++i, ++k) {
        valve_by_id.emplace(spec.valves[i].id, i);
        valve_node.push_back(node_of(k));
        if (valve_node.back() != kNone && node_valve[valve_node.back()] == kNone)
            node_valve[valve_node.back()] = i;
    }
    for (std::uint32_t i = 0; i < spec.sources.size(); ++i, ++k) {
        source_node.push_back(node_of(k));
        if (source_node.back() != kNone) node_source[source_node.back()] = i;
    }
    for (std::uint32_t i = 0; i < spec.entrances.size(); ++i, ++k) {
        entrance_node.push_back(node_of(k));
        if (entrance_node.back() != kNone) node_entrance[entrance_node.back()] = 1;
    }

    std::vector<std::uint32_t> edge_pipe(edges.size());
    for (std::uint32_t e = 0; e < edges.size(); ++e) edge_pipe[e] = edges[e].line;
    pipe_edges = group_by(spec.pipes.size(), edge_pipe);

    // Connected groups (valve states ignored), numbered densely; isolated nodes get none.
    std::vector<std::uint32_t> parent(nodes.size());
    std::iota(parent.begin(), parent.end(), 0u);
    for (const auto& e : edges) parent[find(parent, e.u)] = find(parent, e.v);
    node_comp.assign(nodes.size(), kNone);
    std::vector<std::uint32_t> comp_of_root(nodes.size(), kNone);
    for (std::uint32_t n = 0; n < nodes.size(); ++n) {
        if (adj.offset[n] == adj.offset[n + 1]) continue;
        auto r = find(parent, n);
        if (comp_of_root[r] == kNone) comp_of_root[r] = static_cast<std::uint32_t>(comps++);
        node_comp[n] = comp_of_root[r];
    }
    std::vector<std::uint32_t> of(edges.size());
    for (std::uint32_t e = 0; e < edges.size(); ++e) of[e] = node_comp[edges[e].u];
    comp_edges = group_by(comps, of);
    of.assign(spec.sources.size(), kNone);
    for (std::uint32_t i = 0; i < spec.sources.size(); ++i)
        if (source_node[i] != kNone) of[i] = node_comp[source_node[i]];
    comp_sources = group_by(comps, of);
    of.assign(spec.entrances.size(), kNone);
    for (std::uint32_t i = 0; i < spec.entrances.size(); ++i)
        if (entrance_node[i] != kNone) of[i] = node_comp[entrance_node[i]];
    comp_entrances = group_by(comps, of);

    // Supply in normal operation, against which a trace measures what is lost.
    Scratch s;
    s.reached.reset(nodes.size());
    s.supplied.reset(edges.size());
    std::vector<std::uint32_t> starts;
    for (auto n : source_node)
        if (n != kNone) starts.push_back(n);
    flow(
        starts, [&](std::uint32_t n) { return normally_closed(n); }, s);
    base_supplied.resize(edges.size());
    base_reached.resize(nodes.size());
    for (std::uint32_t e = 0; e < edges.size(); ++e) base_supplied[e] = s.supplied.test(e);
    for (std::uint32_t n = 0; n < nodes.size(); ++n) base_reached[n] = s.reached.test(n);
}

const GasNetworkSpec& GasNetwork::spec() const { return impl_->spec; }
std::size_t GasNetwork::node_count() const { return impl_->nodes.size(); }
std::size_t GasNetwork::edge_count() const { return impl_->edges.size(); }

const PipeSpec* GasNetwork::pipe(std::int64_t id) const {
    auto it = impl_->pipe_by_id.find(id);
    return it == impl_->pipe_by_id.end() ? nullptr : &impl_->spec.pipes[it->second];
}

const ValveSpec* GasNetwork::valve(std::int64_t id) const {
    auto it = impl_->valve_by_id.find(id);
    return it == impl_->valve_by_id.end() ? nullptr : &impl_->spec.valves[it->second];
}

TopologyReport GasNetwork::check() const {
    const Impl& m = *impl_;
    TopologyReport r;
    r.pipes = m.spec.pipes.size();
    r.nodes = m.nodes.size();
    r.valves = m.spec.valves.size();
    r.sources = m.spec.sources.size();
    r.parts = m.comps;
    using Kind = TopologyProblem::Kind;
    auto add = [&](Kind k, std::int64_t id, Point p, std::string msg) {
        r.problems.push_back({k, id, p, std::move(msg)});
    };
    for (std::uint32_t n = 0; n < m.nodes.size(); ++n) {
        if (m.adj.offset[n + 1] - m.adj.offset[n] != 1) continue;
        if (m.node_source[n] != kNone || m.node_entrance[n]) continue;
        const auto pipe = m.spec.pipes[m.edges[m.adj.edge[m.adj.offset[n]]].line].id;
        add(Kind::Dangle, pipe, m.nodes[n],
            gis::i18n::format(_("pipe {0} ends at a point joined to no other pipe, station or entrance"),
                              std::to_string(pipe)));
    }
    for (std::size_t c = 0; c < m.comps; ++c) {
        if (m.comp_sources.size(c) > 0) continue;
        std::int64_t lowest = -1;
        for (auto e = m.comp_edges.begin(c); e != m.comp_edges.end(c); ++e) {
            const auto id = m.spec.pipes[m.edges[*e].line].id;
            if (lowest < 0 || id < lowest) lowest = id;
        }
        const auto first = m.edges[*m.comp_edges.begin(c)];
        add(Kind::DisconnectedPart, lowest, m.nodes[first.u],
            gis::i18n::format(_("a group of {0} pipe pieces (lowest pipe id {1}) is connected to no station"),
                              std::to_string(m.comp_edges.size(c)), std::to_string(lowest)));
    }
    std::vector<std::int64_t> unsupplied;
    for (std::uint32_t e = 0; e < m.edges.size(); ++e)
        if (!m.base_supplied[e] && m.comp_sources.size(m.node_comp[m.edges[e].u]) > 0)
            unsupplied.push_back(static_cast<std::int64_t>(m.edges[e].line));
    sort_unique(unsupplied);
    for (auto i : unsupplied) {
        const auto& p = m.spec.pipes[static_cast<std::size_t>(i)];
        add(Kind::Unsupplied, p.id, p.line.empty() ? Point{} : p.line.front(),
            gis::i18n::format(_("pipe {0} is reached from no station with the valves as they stand"),
                              std::to_string(p.id)));
    }
    for (std::size_t i = 0; i < m.spec.valves.size(); ++i)
        if (m.valve_node[i] == kNone)
            add(Kind::ValveOffNetwork, m.spec.valves[i].id, m.spec.valves[i].location,
                gis::i18n::format(_("valve {0} is not on any pipe"), std::to_string(m.spec.valves[i].id)));
    for (std::size_t i = 0; i < m.spec.sources.size(); ++i)
        if (m.source_node[i] == kNone)
            add(Kind::SourceOffNetwork, m.spec.sources[i].id, m.spec.sources[i].location,
                gis::i18n::format(_("station {0} is not on any pipe"), std::to_string(m.spec.sources[i].id)));

    std::unordered_map<std::int64_t, std::vector<std::uint32_t>> by_building;
    for (std::uint32_t i = 0; i < m.spec.entrances.size(); ++i) {
        by_building[m.spec.entrances[i].building_id].push_back(i);
        if (m.entrance_node[i] != kNone) ++r.entrances_served;
    }
    for (auto b : m.spec.buildings_needing_service) {
        auto it = by_building.find(b);
        std::size_t served = 0;
        if (it != by_building.end())
            for (auto i : it->second) served += m.entrance_node[i] != kNone;
        if (served == 0) {
            Point at = it == by_building.end() ? Point{} : m.spec.entrances[it->second.front()].location;
            add(Kind::BuildingWithoutService, b, at,
                gis::i18n::format(_("building {0} has no entrance with a service pipe"), std::to_string(b)));
            continue;
        }
        for (auto i : it->second)
            if (m.entrance_node[i] == kNone)
                add(Kind::EntranceWithoutService, m.spec.entrances[i].id, m.spec.entrances[i].location,
                    gis::i18n::format(_("entrance {0} of building {1} has no service pipe"),
                                      std::to_string(m.spec.entrances[i].id), std::to_string(b)));
    }
    return r;
}

Result<IsolationTrace> GasNetwork::isolate(std::int64_t pipe_id) const { return impl_->isolate({pipe_id}); }

Result<IsolationTrace> GasNetwork::isolate(const std::vector<std::int64_t>& pipe_ids) const {
    return impl_->isolate(pipe_ids);
}

Result<IsolationTrace> GasNetwork::Impl::isolate(const std::vector<std::int64_t>& ids) const {
    if (ids.empty()) return make_error(ErrorCode::BadInput, _("no pipe to isolate"));
    std::vector<std::uint32_t> targets;
    for (auto id : ids) {
        auto it = pipe_by_id.find(id);
        if (it == pipe_by_id.end())
            return make_error(ErrorCode::NotFound, gis::i18n::format(_("no gas pipe with id {0}"), std::to_string(id)));
        // A pipe no longer than the snapping tolerance has both ends in one junction: it has no edge, and
        // isolating it would close nothing and cut off nobody. Say so rather than answer "nothing".
        if (pipe_edges.begin(it->second) == pipe_edges.end(it->second)) {
            const auto& line = spec.pipes[it->second].line;
            double length = 0;
            for (std::size_t k = 1; k < line.size(); ++k)
                length += std::hypot(line[k].x - line[k - 1].x, line[k].y - line[k - 1].y);
            return make_error(ErrorCode::BadInput,
                              gis::i18n::format(_("gas pipe {0} is {1} m long, not longer than the snapping "
                                                  "tolerance ({2} m): its ends fall in one junction, so it has no "
                                                  "place in the network; give --tolerance below its length"),
                                                std::to_string(id), fmt_fixed(length, 2),
                                                fmt_fixed(spec.snap_tolerance, 2)));
        }
        targets.push_back(it->second);
    }
    IsolationTrace t;
    t.target_pipes = ids;
    sort_unique(t.target_pipes);

    auto lease = pool.take();
    Scratch& s = *lease;
    s.zone_node.reset(nodes.size());
    s.zone_edge.reset(edges.size());
    s.closing.reset(nodes.size());
    s.reached.reset(nodes.size());
    s.supplied.reset(edges.size());

    // The valve-bounded zone: search outward from the targets, stopping at closed and operable valves;
    // inoperable valves are passed and the search goes on to the next valves out.
    std::vector<std::uint32_t> boundary, comps;
    s.queue.clear();
    auto visit = [&](std::uint32_t n) {
        if (s.zone_node.mark(n)) s.queue.push_back(n);
    };
    for (auto p : targets)
        for (auto e = pipe_edges.begin(p); e != pipe_edges.end(p); ++e) {
            s.zone_edge.mark(*e);
            visit(edges[*e].u);
            visit(edges[*e].v);
        }
    std::vector<std::uint32_t> zone_pipe_idx(targets);
    for (std::size_t head = 0; head < s.queue.size(); ++head) {
        const auto n = s.queue[head];
        if (node_comp[n] != kNone) comps.push_back(node_comp[n]);
        if (const auto v = node_valve[n]; v != kNone) {
            const auto& valve = spec.valves[v];
            if (valve.closed) {
                t.valves_already_closed.push_back(valve.id);
                continue;
            }
            if (valve.operable) {
                boundary.push_back(n);
                continue;
            }
            t.valves_skipped.push_back(valve.id);
        }
        if (node_source[n] != kNone) t.sources_to_shut.push_back(spec.sources[node_source[n]].id);
        for (auto k = adj.offset[n]; k < adj.offset[n + 1]; ++k) {
            if (s.zone_edge.mark(adj.edge[k])) zone_pipe_idx.push_back(edges[adj.edge[k]].line);
            visit(adj.target[k]);
        }
    }
    std::sort(comps.begin(), comps.end());
    comps.erase(std::unique(comps.begin(), comps.end()), comps.end());

    // Flow from the stations of the groups concerned, with every boundary valve closed and the stations
    // inside the zone shut. A boundary valve gas reaches must be closed; the others face dead ends only.
    // Leaving those open joins unsupplied parts to unsupplied parts, so this flow is also the final one.
    for (auto n : boundary) s.closing.mark(n);
    std::vector<std::uint32_t> starts;
    for (auto c : comps)
        for (auto i = comp_sources.begin(c); i != comp_sources.end(c); ++i) {
            const auto n = source_node[*i];
            if (!s.zone_node.test(n) || s.closing.test(n)) starts.push_back(n);
        }
    // A node of the zone that holds a station is shut (the station is in sources_to_shut).
    flow(
        starts, [&](std::uint32_t n) { return s.closing.test(n) || normally_closed(n); }, s);
    for (auto n : boundary)
        if (s.reached.test(n)) t.valves_to_close.push_back(spec.valves[node_valve[n]].id);

    for (auto c : comps) {
        for (auto e = comp_edges.begin(c); e != comp_edges.end(c); ++e)
            if (base_supplied[*e] && !s.supplied.test(*e))
                t.pipes_without_supply.push_back(spec.pipes[edges[*e].line].id);
        for (auto i = comp_entrances.begin(c); i != comp_entrances.end(c); ++i) {
            const auto n = entrance_node[*i];
            if (base_reached[n] && !s.reached.test(n)) {
                t.entrances.push_back(spec.entrances[*i].id);
                t.buildings.push_back(spec.entrances[*i].building_id);
            }
        }
    }
    for (auto p : zone_pipe_idx) t.zone_pipes.push_back(spec.pipes[p].id);
    for (auto* v : {&t.valves_to_close, &t.valves_already_closed, &t.valves_skipped, &t.sources_to_shut,
                    &t.zone_pipes, &t.pipes_without_supply, &t.entrances, &t.buildings})
        sort_unique(*v);
    return t;
}

std::optional<std::int64_t> GasNetwork::nearest_pipe(const Point& p, double max_distance) const {
    Impl& m = *impl_;
    std::call_once(m.pipe_index_once, [&m] {
        std::vector<Geometry> g;
        g.reserve(m.spec.pipes.size());
        for (const auto& pipe : m.spec.pipes) g.push_back(Geometry::from(pipe.line));
        m.pipe_index.emplace(std::move(g));
    });
    auto i = m.pipe_index->nearest(p, max_distance);
    if (!i) return std::nullopt;
    return m.spec.pipes[*i].id;
}

std::vector<CoveredValve> GasNetwork::valves_covered(const Geometry& area, double margin) const {
    Impl& m = *impl_;
    std::call_once(m.valve_index_once, [&m] {
        std::vector<Geometry> g;
        g.reserve(m.spec.valves.size());
        for (const auto& v : m.spec.valves) g.push_back(Geometry::from(v.location));
        m.valve_index.emplace(std::move(g));
    });
    std::vector<CoveredValve> out;
    if (area.empty()) return out;
    for (auto i : m.valve_index->within_distance(area, std::max(0.0, margin))) {
        const auto& v = m.spec.valves[i];
        out.push_back({v.id, v.location, geom::distance(area, Geometry::from(v.location))});
    }
    std::sort(out.begin(), out.end(), [](const CoveredValve& a, const CoveredValve& b) {
        return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.id < b.id;
    });
    return out;
}

}  // namespace gis::network
