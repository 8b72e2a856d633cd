#include "gis/plan/gating.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "gis/core/strings.hpp"
#include "gis/network/detail/noder.hpp"
#include "gis/network/street_graph.hpp"
#include "gis/plan/params.hpp"
#include "gis/core/i18n.hpp"

namespace gis::plan {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

double dist(const Point& a, const Point& b) { return std::hypot(a.x - b.x, a.y - b.y); }

std::string xy(const Point& p) { return "(" + fmt_fixed(p.x, 1) + ", " + fmt_fixed(p.y, 1) + ")"; }
std::string metres(double m) { return fmt_fixed(m, 1) + " m"; }

bool in_ring(const Ring& r, const Point& p) {
    bool in = false;
    for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
        const Point &a = r[i], &b = r[j];
        if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) in = !in;
    }
    return in;
}

double distance_to_line(const LineString& l, const Point& p, double* arc = nullptr) {
    double best = kInf, run = 0;
    for (std::size_t k = 0; k + 1 < l.size(); ++k) {
        double t = 0;
        const Point q = network::detail::project_on_segment(p, l[k], l[k + 1], &t);
        const double dq = dist(p, q);
        const double len = dist(l[k], l[k + 1]);
        if (dq < best) {
            best = dq;
            if (arc) *arc = run + t * len;
        }
        run += len;
    }
    return best;
}

/// Strictly inside the polygon: on its outline (within 1 cm) does not count.
bool strictly_inside(const Polygon& poly, const Point& p) {
    if (poly.outer.size() < 4 || !in_ring(poly.outer, p)) return false;
    if (distance_to_line(poly.outer, p) < 0.01) return false;
    for (const auto& h : poly.holes)
        if (in_ring(h, p)) return false;
    return true;
}

Point point_at(const LineString& l, double s) {
    double run = 0;
    for (std::size_t k = 0; k + 1 < l.size(); ++k) {
        const double len = dist(l[k], l[k + 1]);
        if (s <= run + len || k + 2 == l.size()) {
            const double t = len > 0 ? std::clamp((s - run) / len, 0.0, 1.0) : 0;
            return {l[k].x + t * (l[k + 1].x - l[k].x), l[k].y + t * (l[k + 1].y - l[k].y)};
        }
        run += len;
    }
    return l.back();
}

/// The part of `l` between arc positions s0 < s1.
LineString substring(const LineString& l, double s0, double s1) {
    LineString out{point_at(l, s0)};
    double run = 0;
    for (std::size_t k = 0; k + 1 < l.size(); ++k) {
        run += dist(l[k], l[k + 1]);
        if (run > s0 && run < s1) out.push_back(l[k + 1]);
    }
    out.push_back(point_at(l, s1));
    return out;
}

/// `path` minus an opening of each gate's width centred on it. A closed path wraps round.
std::vector<LineString> cut_openings(const LineString& path, const std::vector<Gate>& gates) {
    const double total = length_of(path);
    const bool closed = path.size() >= 4 && dist(path.front(), path.back()) < 1e-6;
    std::vector<std::pair<double, double>> cuts;
    for (const auto& g : gates) {
        if (g.width_m <= 0) continue;
        double s = 0;
        distance_to_line(path, g.location, &s);
        double a = s - g.width_m / 2, b = s + g.width_m / 2;
        if (closed && a < 0) {
            cuts.push_back({a + total, total});
            a = 0;
        }
        if (closed && b > total) {
            cuts.push_back({0, b - total});
            b = total;
        }
        cuts.push_back({std::max(0.0, a), std::min(total, b)});
    }
    std::sort(cuts.begin(), cuts.end());
    std::vector<std::pair<double, double>> keep;
    double at = 0;
    for (const auto& [a, b] : cuts) {
        if (a > at) keep.push_back({at, a});
        at = std::max(at, b);
    }
    if (at < total) keep.push_back({at, total});
    std::vector<LineString> pieces;
    for (const auto& [a, b] : keep)
        if (b - a > 1e-6) pieces.push_back(substring(path, a, b));
    // A ring cut open: the piece through its start point is one piece.
    if (closed && pieces.size() >= 2 && keep.front().first == 0 && keep.back().second == total) {
        auto& last = pieces.back();
        last.insert(last.end(), pieces.front().begin() + 1, pieces.front().end());
        pieces.erase(pieces.begin());
    }
    return pieces;
}

/// Where the network's lines cross the fence path.
struct Crossing {
    Point p;
    std::size_t street = 0;
    double arc = 0;
};

std::vector<Crossing> crossings(const std::vector<network::NetworkLine>& lines, const LineString& path) {
    std::vector<Crossing> out;
    for (const auto& l : lines)
        for (std::size_t i = 0; i + 1 < l.line.size(); ++i)
            for (std::size_t k = 0; k + 1 < path.size(); ++k) {
                const Point &a = l.line[i], &b = l.line[i + 1], &c = path[k], &e = path[k + 1];
                const double rx = b.x - a.x, ry = b.y - a.y, sx = e.x - c.x, sy = e.y - c.y;
                const double den = rx * sy - ry * sx;
                if (std::abs(den) < 1e-12) continue;  // parallel: runs along the fence, no crossing
                const double t = ((c.x - a.x) * sy - (c.y - a.y) * sx) / den;
                const double u = ((c.x - a.x) * ry - (c.y - a.y) * rx) / den;
                if (t < -1e-9 || t > 1 + 1e-9 || u < -1e-9 || u > 1 + 1e-9) continue;
                const Point p{a.x + t * rx, a.y + t * ry};
                bool seen = false;
                for (const auto& o : out) seen = seen || (dist(o.p, p) < 0.5);
                if (seen) continue;
                double arc = 0;
                distance_to_line(path, p, &arc);
                out.push_back({p, l.street, arc});
            }
    std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.arc < y.arc; });
    return out;
}

Result<const district::NamedArea*> find_compound(const district::District& d, const GatingOptions& o) {
    if (d.compounds.empty())
        return make_error(ErrorCode::NotFound, _("the data set has no compound (layer compound is empty)"));
    if (o.compound.empty()) return &d.compounds.front();
    for (const auto& c : d.compounds)
        if (c.name == o.compound || c.name_en == o.compound) return &c;
    std::string names;
    for (const auto& c : d.compounds) names += (names.empty() ? "" : ", ") + c.name;
    return make_error(ErrorCode::NotFound,
                      gis::i18n::format(_("no compound {0} (compounds: {1})"), quote_for_message(o.compound), names));
}

std::string street_name(const district::District& d, std::size_t k) {
    const auto& s = d.streets[k];
    return s.name.empty() ? s.name_en : s.name;
}

GateType type_for_width(double w, const GatingOptions& o) {
    return w >= o.vehicle_min_width_m ? GateType::Vehicle : GateType::Pedestrian;
}

void finish(GatingProposal& p, const district::District& d, const std::vector<Crossing>& cross,
            const GatingOptions& o) {
    std::sort(p.gates.begin(), p.gates.end(), [&](const Gate& a, const Gate& b) {
        double sa = 0, sb = 0;
        distance_to_line(p.fence_path, a.location, &sa);
        distance_to_line(p.fence_path, b.location, &sb);
        return sa < sb;
    });
    int n = 0;
    for (auto& g : p.gates)
        if (g.name.empty()) g.name = "G" + std::to_string(++n);
    for (const auto& c : cross) {
        bool gated = false;
        for (const auto& g : p.gates)
            gated = gated || dist(g.location, c.p) <= o.gate_match_m + g.width_m / 2;
        if (!gated)
            p.warnings.push_back(
                gis::i18n::format(_("the fence closes {0} at {1}: no gate there"), street_name(d, c.street), xy(c.p)));
    }
    for (const auto& g : p.gates) {
        if (g.width_m <= 0)
            p.warnings.push_back(
                g.lane.empty()
                    ? gis::i18n::format(
                          _("gate {0}: the data gives no width (no lane crosses the fence there); its type is not known"),
                          g.name)
                    : gis::i18n::format(
                          _("gate {0}: the data gives no width ({1} has no width); its type is not known"), g.name,
                          g.lane));
        else if (g.type != GateType::Pedestrian && g.width_m < o.fire_min_width_m)
            p.warnings.push_back(gis::i18n::format(_("gate {0} is {1} wide: fire engines need {2}"), g.name,
                                                   metres(g.width_m), metres(o.fire_min_width_m)));
    }
    p.fence = cut_openings(p.fence_path, p.gates);
    p.fence_length_m = 0;
    for (const auto& l : p.fence) p.fence_length_m += length_of(l);
}

const Crossing* nearest_crossing(const std::vector<Crossing>& cross, const Point& at, double within) {
    const Crossing* best = nullptr;
    for (const auto& c : cross)
        if (dist(c.p, at) <= within && (!best || dist(c.p, at) < dist(best->p, at))) best = &c;
    return best;
}

}  // namespace

const char* to_string(GateType t) {
    switch (t) {
        case GateType::Pedestrian:
            return "pedestrian";
        case GateType::Vehicle:
            return "vehicle";
        case GateType::Fire:
            return "fire";
    }
    return "pedestrian";
}

Result<GateType> gate_type_from(const std::string& s) {
    if (s == "pedestrian") return GateType::Pedestrian;
    if (s == "vehicle") return GateType::Vehicle;
    if (s == "fire") return GateType::Fire;
    return make_error(ErrorCode::BadInput,
                      gis::i18n::format(_("gate type {0}: use pedestrian, vehicle or fire"), quote_for_message(s)));
}

const char* to_string(FireAccess f) {
    switch (f) {
        case FireAccess::Yes:
            return "yes";
        case FireAccess::Unverified:
            return "unverified";
        case FireAccess::No:
            return "no";
    }
    return "no";
}

Result<GatingProposal> propose_gating(const district::District& d, const GatingOptions& o) {
    auto c = find_compound(d, o);
    if (!c) return c.error();
    GatingProposal p;
    p.compound = c.value()->name;
    p.enclosure = c.value()->polygon;
    p.fence_path = p.enclosure.outer;
    if (p.fence_path.size() < 4) return make_error(ErrorCode::InvalidGeometry, _("the compound has no outline"));
    const auto lines = network::network_lines(d);
    const auto all = crossings(lines, p.fence_path);
    std::vector<Crossing> lanes;
    for (const auto& x : all) {
        if (d.streets[x.street].in_compound)
            lanes.push_back(x);
        else
            p.warnings.push_back(gis::i18n::format(_("public street {0} crosses the outline at {1}"),
                                                   street_name(d, x.street), xy(x.p)));
    }
    auto lane_gate = [&](const Crossing& x, std::string name, std::int64_t fid) {
        Gate g;
        g.name = std::move(name);
        g.poi_fid = fid;
        g.location = x.p;
        g.width_m = std::max(0.0, d.streets[x.street].width_m);
        g.type = type_for_width(g.width_m, o);
        g.lane = street_name(d, x.street);
        return g;
    };
    for (const auto& poi : d.pois) {
        if (poi.kind != "gate" || distance_to_line(p.fence_path, poi.location) > o.gate_match_m) continue;
        if (const auto* x = nearest_crossing(lanes, poi.location, o.gate_match_m)) {
            p.gates.push_back(lane_gate(*x, poi.name, poi.fid));
        } else {
            Gate g;
            g.name = poi.name;
            g.poi_fid = poi.fid;
            double s = 0;
            distance_to_line(p.fence_path, poi.location, &s);
            g.location = point_at(p.fence_path, s);
            p.gates.push_back(g);
        }
    }
    if (p.gates.empty())
        for (const auto& x : lanes) p.gates.push_back(lane_gate(x, "", -1));
    finish(p, d, all, o);
    return p;
}

Result<GatingProposal> drawn_gating(const district::District& d, const LineString& fence,
                                    std::vector<Gate> gates, const GatingOptions& o) {
    if (fence.size() < 2 || length_of(fence) <= 0)
        return make_error(ErrorCode::BadInput, _("the fence line needs two points or more"));
    GatingProposal p;
    p.drawn = true;
    p.fence_path = fence;
    const bool closed = fence.size() >= 4 && dist(fence.front(), fence.back()) < 1e-6;
    auto c = find_compound(d, o);
    if (closed) {
        p.enclosure.outer = fence;
        p.compound = c ? c.value()->name : "";
    } else {
        if (!c)
            return make_error(ErrorCode::BadInput,
                              gis::i18n::format(_("an open fence line needs the compound it closes: the data set "
                                                  "has none ({0}); draw a closed line"),
                                                c.error().message));
        p.compound = c.value()->name;
        p.enclosure = c.value()->polygon;
    }
    const auto all = crossings(network::network_lines(d), p.fence_path);
    for (auto& g : gates) {
        double s = 0;
        const double off = distance_to_line(p.fence_path, g.location, &s);
        if (off > o.gate_match_m)
            return make_error(ErrorCode::BadInput,
                              gis::i18n::format(_("the gate at {0} is {1} from the fence line (at most {2})"),
                                                xy(g.location), metres(off), metres(o.gate_match_m)));
        g.location = point_at(p.fence_path, s);
        if (const auto* x = nearest_crossing(all, g.location, o.gate_match_m + g.width_m / 2)) {
            g.location = x->p;
            g.lane = street_name(d, x->street);
        }
    }
    p.gates = std::move(gates);
    finish(p, d, all, o);
    return p;
}

Result<void> close_gates(GatingProposal& p, const std::vector<std::string>& names) {
    for (const auto& n : names) {
        bool found = false;
        for (std::size_t i = 0; i < p.gates.size(); ++i)
            if (p.gates[i].name == n || std::to_string(i + 1) == n) {
                p.gates[i].open = false;
                found = true;
            }
        if (!found) {
            std::string list;
            for (std::size_t i = 0; i < p.gates.size(); ++i)
                list += (list.empty() ? "" : ", ") + std::to_string(i + 1) + " " + p.gates[i].name;
            return make_error(ErrorCode::NotFound,
                              list.empty() ? gis::i18n::format(_("no gate {0} (gates: none)"), quote_for_message(n))
                                           : gis::i18n::format(_("no gate {0} (gates: {1})"), quote_for_message(n),
                                                               list));
        }
    }
    return {};
}

GatingCost gating_cost(const GatingProposal& p, const UnitPrices& prices) {
    GatingCost c;
    c.fence_m = p.fence_length_m;
    c.fence_cny_m = prices.fence_cny_m;
    c.fence_cny = c.fence_m * c.fence_cny_m;
    c.gates = static_cast<int>(p.gates.size());
    c.gate_cny = prices.gate_cny;
    c.gates_cny = c.gates * c.gate_cny;
    c.total_cny = c.fence_cny + c.gates_cny;
    return c;
}

std::vector<PlanItem> gating_items(const GatingProposal& p, const std::string& project, int phase,
                                   const UnitPrices& prices) {
    std::vector<PlanItem> items;
    if (!p.fence.empty()) {
        PlanItem f;
        f.project = project;
        f.kind = "fence";
        f.name = (p.compound.empty() ? std::string("Fence") : p.compound + " fence");
        f.phase = phase;
        f.geometry.type = p.fence.size() == 1 ? Geometry::Type::LineString : Geometry::Type::MultiLineString;
        f.geometry.lines = p.fence;
        recompute_quantities(f, prices);
        items.push_back(std::move(f));
    }
    for (const auto& g : p.gates) {
        PlanItem it;
        it.project = project;
        it.kind = "gate";
        it.name = g.name;
        it.phase = phase;
        it.params =
            with_param(with_param("{}", "gate_type", std::string(to_string(g.type))), "width_m", g.width_m);
        it.geometry = Geometry::from(g.location);
        recompute_quantities(it, prices);
        items.push_back(std::move(it));
    }
    return items;
}

namespace {

/// The network noded with the fence crossings as nodes, and what each edge and node is.
struct Net {
    std::vector<Point> nodes;
    std::vector<network::detail::NodedEdge> edges;
    network::detail::Adjacency adj;
    std::vector<std::size_t> street;  ///< per edge
    std::vector<bool> inside;         ///< per edge: its middle lies inside the enclosure
    std::vector<bool> public_edge;    ///< per edge: a public street outside the enclosure
    std::vector<bool> source;         ///< per node: on a public street outside the enclosure
    std::vector<bool> fence;          ///< per node: where a line crosses the fence
    std::vector<int> gate;            ///< per node: the gate there, or -1
};

Net build_net(const district::District& d, const GatingProposal& p, const GatingOptions& o) {
    Net n;
    const auto lines = network::network_lines(d);
    const auto cross = crossings(lines, p.fence_path);
    std::vector<LineString> ls;
    for (const auto& l : lines) ls.push_back(l.line);
    std::vector<Point> extra;
    for (const auto& c : cross) extra.push_back(c.p);
    auto g = network::detail::node_lines(ls, extra, {});
    n.nodes = std::move(g.nodes);
    n.edges = std::move(g.edges);
    n.adj = network::detail::build_adjacency(n.nodes.size(), n.edges);
    n.source.assign(n.nodes.size(), false);
    n.fence.assign(n.nodes.size(), false);
    n.gate.assign(n.nodes.size(), -1);
    for (std::size_t i = 0; i < g.point_nodes.size(); ++i) {
        if (g.point_nodes[i] < 0) continue;
        const auto node = static_cast<std::size_t>(g.point_nodes[i]);
        n.fence[node] = true;
        for (std::size_t k = 0; k < p.gates.size(); ++k)
            if (dist(p.gates[k].location, cross[i].p) <= o.gate_match_m + p.gates[k].width_m / 2 &&
                (n.gate[node] < 0 ||
                 dist(p.gates[k].location, cross[i].p) < dist(p.gates[n.gate[node]].location, cross[i].p)))
                n.gate[node] = static_cast<int>(k);
    }
    for (const auto& e : n.edges) {
        const auto s = lines[e.line].street;
        n.street.push_back(s);
        const Point mid{(n.nodes[e.u].x + n.nodes[e.v].x) / 2, (n.nodes[e.u].y + n.nodes[e.v].y) / 2};
        const bool in = strictly_inside(p.enclosure, mid);
        n.inside.push_back(in);
        const bool pub = !in && !d.streets[s].in_compound;
        n.public_edge.push_back(pub);
        if (pub) {
            n.source[e.u] = !n.fence[e.u];
            n.source[e.v] = !n.fence[e.v];
        }
    }
    return n;
}

struct Search {
    std::vector<double> dist;
    std::vector<std::uint32_t> prev;  ///< edge toward the public street
};

template <class EdgeOk, class NodeOk>
Search dijkstra(const Net& n, EdgeOk edge_ok, NodeOk node_ok) {
    Search s{std::vector<double>(n.nodes.size(), kInf), std::vector<std::uint32_t>(n.nodes.size(), kNone)};
    std::vector<std::pair<double, std::uint32_t>> heap;
    for (std::uint32_t i = 0; i < n.nodes.size(); ++i)
        if (n.source[i] && node_ok(i)) {
            s.dist[i] = 0;
            heap.push_back({-0.0, i});
        }
    std::make_heap(heap.begin(), heap.end());
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end());
        const auto [neg, u] = heap.back();
        heap.pop_back();
        if (-neg > s.dist[u]) continue;
        for (auto k = n.adj.offset[u]; k < n.adj.offset[u + 1]; ++k) {
            const auto v = n.adj.target[k], e = n.adj.edge[k];
            if (!edge_ok(e) || !node_ok(v)) continue;
            const double dv = -neg + n.edges[e].length;
            if (dv < s.dist[v]) {
                s.dist[v] = dv;
                s.prev[v] = e;
                heap.push_back({-dv, v});
                std::push_heap(heap.begin(), heap.end());
            }
        }
    }
    return s;
}

/// A point's way onto the network: the edge, the foot of the perpendicular, and the offset.
struct Foot {
    std::uint32_t edge = kNone;
    double t = 0, offset = kInf;
    Point p;
};

template <class EdgeOk>
Foot foot_on(const Net& n, const Point& at, EdgeOk ok) {
    Foot f;
    for (std::uint32_t e = 0; e < n.edges.size(); ++e) {
        if (!ok(e)) continue;
        double t = 0;
        const Point q =
            network::detail::project_on_segment(at, n.nodes[n.edges[e].u], n.nodes[n.edges[e].v], &t);
        if (dist(at, q) < f.offset) f = {e, t, dist(at, q), q};
    }
    return f;
}

struct Route {
    double length = kInf;
    int gate = -1;
    LineString points;
};

Route route_from(const Net& n, const Search& s, const Point& at, const Foot& f) {
    Route r;
    if (f.edge == kNone) return r;
    const auto& e = n.edges[f.edge];
    if (n.public_edge[f.edge]) {
        r.length = f.offset;
        r.points = {at, f.p};
        return r;
    }
    const double via_u = s.dist[e.u] + f.t * e.length, via_v = s.dist[e.v] + (1 - f.t) * e.length;
    const double along = std::min(via_u, via_v);
    if (!std::isfinite(along)) return r;
    r.length = f.offset + along;
    r.points = {at, f.p};
    for (std::uint32_t node = via_u <= via_v ? e.u : e.v;;) {
        r.points.push_back(n.nodes[node]);
        if (n.gate[node] >= 0 && r.gate < 0) r.gate = n.gate[node];
        const auto via = s.prev[node];
        if (via == kNone) break;
        node = n.edges[via].u == node ? n.edges[via].v : n.edges[via].u;
    }
    return r;
}

std::string building_label(const district::Building& b) {
    if (!b.name.empty()) return b.name;
    return b.number > 0 ? std::to_string(b.number) : "building " + std::to_string(b.fid);
}

}  // namespace

GatingCheck check_gating(const district::District& d, const GatingProposal& p, const GatingOptions& o) {
    GatingCheck out;
    const Net n = build_net(d, p, o);
    const double fire_w = o.fire_min_width_m;
    auto width = [&](std::uint32_t e) { return d.streets[n.street[e]].width_m; };
    auto any_edge = [](std::uint32_t) { return true; };
    auto any_node = [](std::uint32_t) { return true; };
    auto walk_node = [&](std::uint32_t v) {
        if (!n.fence[v]) return true;
        if (n.gate[v] < 0) return false;
        const auto& g = p.gates[n.gate[v]];
        return g.open && g.type != GateType::Fire;
    };
    auto fire_edge_strict = [&](std::uint32_t e) { return width(e) >= fire_w; };
    auto fire_edge_lenient = [&](std::uint32_t e) { return width(e) >= fire_w || width(e) <= 0; };
    auto fire_node = [&](std::uint32_t v, bool lenient) {
        if (!n.fence[v]) return true;
        if (n.gate[v] < 0) return false;
        const auto& g = p.gates[n.gate[v]];
        if (!g.open) return false;
        if (g.width_m <= 0) return lenient;  // a gate of unknown width (and so of unknown type)
        return g.type != GateType::Pedestrian && g.width_m >= fire_w;
    };
    const Search walk_before = dijkstra(n, any_edge, any_node);
    const Search walk_after = dijkstra(n, any_edge, walk_node);
    const Search fire_before_s = dijkstra(n, fire_edge_strict, any_node);
    const Search fire_before_l = dijkstra(n, fire_edge_lenient, any_node);
    const Search fire_after_s =
        dijkstra(n, fire_edge_strict, [&](std::uint32_t v) { return fire_node(v, false); });
    const Search fire_after_l =
        dijkstra(n, fire_edge_lenient, [&](std::uint32_t v) { return fire_node(v, true); });
    auto gate_name = [&](int g) { return g < 0 ? std::string() : p.gates[g].name; };
    auto inside_edge = [&](std::uint32_t e) { return static_cast<bool>(n.inside[e]); };

    // Lanes inside the fence without a width: fire access over them is not known.
    std::set<std::string> unknown;
    for (std::uint32_t e = 0; e < n.edges.size(); ++e)
        if (n.inside[e] && width(e) <= 0) unknown.insert(street_name(d, n.street[e]));
    for (const auto& s : unknown)
        out.warnings.push_back(
            gis::i18n::format(_("{0}: the data gives no width; fire access over it is unverified"), s));

    std::map<std::string, int> unchecked;
    std::map<std::int64_t, std::vector<const district::Entrance*>> by_building;
    for (const auto& e : d.entrances) by_building[e.building_fid].push_back(&e);
    for (const auto& b : d.buildings) {
        if (b.footprint.outer.size() < 4) continue;
        std::vector<std::pair<int, Point>> doors;
        for (const auto* e : by_building[b.fid]) doors.push_back({e->number, e->location});
        Point centre{0, 0};
        for (std::size_t i = 0; i + 1 < b.footprint.outer.size(); ++i) {
            centre.x += b.footprint.outer[i].x;
            centre.y += b.footprint.outer[i].y;
        }
        centre.x /= static_cast<double>(b.footprint.outer.size() - 1);
        centre.y /= static_cast<double>(b.footprint.outer.size() - 1);
        if (!strictly_inside(p.enclosure, centre)) continue;
        BuildingReach ba;
        ba.fid = b.fid;
        ba.name = building_label(b);
        if (doors.empty() && b.kind == district::BuildingKind::Ancillary) {
            ++unchecked[ba.name];  // sheds, boiler houses, rubbish stations: nobody lives or works there
            continue;
        }
        if (doors.empty()) {
            doors.push_back({0, centre});
            out.warnings.push_back(
                gis::i18n::format(_("{0}: the data has no entrance; routed from the building's centre"), ba.name));
        }
        std::sort(doors.begin(), doors.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
        std::vector<int> lost_before, lost_after;
        for (const auto& [number, at] : doors) {
            EntranceAccess ea;
            ea.building_fid = b.fid;
            ea.building = ba.name;
            ea.entrance = number;
            const Foot f = foot_on(n, at, inside_edge);
            const Route before = route_from(n, walk_before, at, f), after = route_from(n, walk_after, at, f);
            ea.before_m = before.length;
            ea.after_m = after.length;
            ea.gate_before = gate_name(before.gate);
            ea.gate_after = gate_name(after.gate);
            ea.route_after = after.points;
            ++ba.entrances;
            if (std::isfinite(ea.before_m)) {
                ++ba.reachable_before;
                ba.longest_before_m = std::max(ba.longest_before_m, ea.before_m);
            } else {
                lost_before.push_back(number);
            }
            if (std::isfinite(ea.after_m)) {
                ++ba.reachable_after;
                ba.longest_after_m = std::max(ba.longest_after_m, ea.after_m);
            } else {
                lost_after.push_back(number);
            }
            if (std::isfinite(ea.before_m) && std::isfinite(ea.after_m) &&
                ea.after_m > o.detour_ratio * ea.before_m && ea.after_m - ea.before_m > o.detour_extra_m) {
                ea.detour = true;
                out.warnings.push_back(gis::i18n::format(_("{0} entrance {1}: the walk grows from {2} to {3}"),
                                                         ba.name, std::to_string(number), metres(ea.before_m),
                                                         metres(ea.after_m)));
            }
            out.entrances.push_back(std::move(ea));
        }
        auto list = [](const std::vector<int>& v) {
            std::string s;
            for (int x : v) s += (s.empty() ? "" : ", ") + std::to_string(x);
            return s;
        };
        if (!lost_after.empty())
            out.failures.push_back(
                lost_before.empty()
                    ? gis::i18n::format(_("{0}: entrance {1} cannot reach a public street on foot once fenced (no "
                                          "open gate leads there)"),
                                        ba.name, list(lost_after))
                    : gis::i18n::format(_("{0}: entrance {1} cannot reach a public street on foot, not even "
                                          "without the fence"),
                                        ba.name, list(lost_after)));

        // Fire engines: to a lane wide enough within reach of any entrance.
        auto fire = [&](const Search& s, auto edge_ok, LineString* route, int* gate) {
            double best = kInf;
            for (const auto& door : doors)
                for (std::uint32_t e = 0; e < n.edges.size(); ++e) {
                    if (!n.inside[e] || !edge_ok(e)) continue;
                    double t = 0;
                    const Point q = network::detail::project_on_segment(door.second, n.nodes[n.edges[e].u],
                                                                        n.nodes[n.edges[e].v], &t);
                    if (dist(q, door.second) > o.fire_reach_m) continue;
                    const Foot f{e, t, 0, q};
                    const Route r = route_from(n, s, q, f);
                    if (r.length < best) {
                        best = r.length;
                        if (route) *route = r.points;
                        if (gate) *gate = r.gate;
                    }
                }
            return best;
        };
        auto access = [&](const Search& strict, const Search& lenient, LineString* route, int* gate) {
            if (std::isfinite(fire(strict, fire_edge_strict, route, gate))) return FireAccess::Yes;
            if (std::isfinite(fire(lenient, fire_edge_lenient, route, gate))) return FireAccess::Unverified;
            return FireAccess::No;
        };
        int fire_gate = -1;
        ba.fire_before = access(fire_before_s, fire_before_l, nullptr, nullptr);
        ba.fire_after = access(fire_after_s, fire_after_l, &ba.fire_route, &fire_gate);
        ba.fire_gate = gate_name(fire_gate);
        if (ba.fire_after == FireAccess::No)
            out.failures.push_back(
                ba.fire_before == FireAccess::No
                    ? gis::i18n::format(_("{0}: no fire-engine access (gates and lanes of {1} or more within {2} of "
                                          "an entrance), not even without the fence"),
                                        ba.name, metres(fire_w), metres(o.fire_reach_m))
                    : gis::i18n::format(_("{0}: no fire-engine access (gates and lanes of {1} or more within {2} of "
                                          "an entrance)"),
                                        ba.name, metres(fire_w), metres(o.fire_reach_m)));
        else if (ba.fire_after == FireAccess::Unverified)
            out.warnings.push_back(gis::i18n::format(_("{0}: fire-engine access is unverified (a lane or gate on "
                                                     "the way has no width in the data)"),
                                                   ba.name));
        if (ba.reachable_after == ba.entrances) ++out.buildings_reachable_after;
        out.longest_before_m = std::max(out.longest_before_m, ba.longest_before_m);
        out.longest_after_m = std::max(out.longest_after_m, ba.longest_after_m);
        out.buildings.push_back(std::move(ba));
    }

    if (!unchecked.empty()) {
        int total = 0;
        std::string names;
        for (const auto& [name, count] : unchecked) {
            total += count;
            names += (names.empty() ? "" : ", ") + name + (count > 1 ? " ×" + std::to_string(count) : "");
        }
        out.warnings.insert(
            out.warnings.begin(),
            gis::i18n::format(_("not checked: {0} ancillary buildings with no entrance in the data ({1})"), total,
                              names));
    }

    // Shops and units inside the fence whose door opened onto a public street.
    auto lose = [&](const std::string& kind, const std::string& name, const Point& at) {
        if (!strictly_inside(p.enclosure, at)) return;
        const Foot any = foot_on(n, at, any_edge);
        if (any.edge == kNone || !n.public_edge[any.edge]) return;
        LostAccess l;
        l.kind = kind;
        l.name = name;
        l.before_m = route_from(n, walk_before, at, any).length;
        const Route after = route_from(n, walk_after, at, foot_on(n, at, inside_edge));
        l.after_m = after.length;
        l.gate_after = gate_name(after.gate);
        out.lost.push_back(l);
    };
    for (const auto& s : d.shops) lose("shop", s.name, s.location);
    for (const auto& u : d.pois)
        if (u.kind == "unit") lose("unit", u.name, u.location);

    // Dead ends on the lanes fire engines use, once fenced: the data has no turning areas.
    std::vector<int> degree(n.nodes.size(), 0);
    auto usable = [&](std::uint32_t e) {
        return fire_edge_lenient(e) && fire_node(n.edges[e].u, true) && fire_node(n.edges[e].v, true);
    };
    for (std::uint32_t e = 0; e < n.edges.size(); ++e)
        if (usable(e)) {
            ++degree[n.edges[e].u];
            ++degree[n.edges[e].v];
        }
    std::vector<bool> seen(n.edges.size(), false);
    int dead_ends = 0;
    for (std::uint32_t leaf = 0; leaf < n.nodes.size(); ++leaf) {
        if (degree[leaf] != 1 || !strictly_inside(p.enclosure, n.nodes[leaf])) continue;
        double len = 0;
        std::uint32_t node = leaf, came = kNone;
        std::string name;
        for (;;) {
            std::uint32_t next_edge = kNone;
            for (auto k = n.adj.offset[node]; k < n.adj.offset[node + 1]; ++k)
                if (n.adj.edge[k] != came && usable(n.adj.edge[k])) next_edge = n.adj.edge[k];
            if (next_edge == kNone || seen[next_edge]) break;
            seen[next_edge] = true;
            len += n.edges[next_edge].length;
            if (name.empty()) name = street_name(d, n.street[next_edge]);
            came = next_edge;
            node = n.edges[next_edge].u == node ? n.edges[next_edge].v : n.edges[next_edge].u;
            if (degree[node] != 2 || !strictly_inside(p.enclosure, n.nodes[node])) break;
        }
        if (len > o.dead_end_max_m) {
            ++dead_ends;
            out.warnings.push_back(gis::i18n::format(_("dead end of {0} on {1} ending at {2}: the data has no "
                                                     "turning area (fire engines need one past {3})"),
                                                   metres(len), name, xy(n.nodes[leaf]), metres(o.dead_end_max_m)));
        }
    }
    (void)dead_ends;
    return out;
}

}  // namespace gis::plan
