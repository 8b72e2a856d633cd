// Derivations of the gas network: junctions where a pipe ends on another's side, valves snapped onto
// pipes, service pipes to the doors they serve.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <utility>

#include "gis/index/spatial_index.hpp"
#include "gis/ingest/derive.hpp"
#include "gis/ingest/detail/plane.hpp"

namespace gis::ingest {

using namespace detail;

int node_gas_pipes(std::vector<district::GasPipe>& pipes, double tol_m) {
    struct Hit {
        std::size_t pipe;  // the pipe whose end it is
        bool at_end;       // its last point (else its first)
        OnLine on;         // where it touches the other pipe
    };
    std::vector<Geometry> lines;
    lines.reserve(pipes.size());
    for (const auto& p : pipes) lines.push_back(p.line.size() >= 2 ? Geometry::from(p.line) : Geometry{});
    const index::SpatialIndex idx(std::move(lines));

    std::vector<std::vector<Hit>> hits(pipes.size());  // per pipe that is touched on its side
    for (std::size_t i = 0; i < pipes.size(); ++i) {
        if (pipes[i].line.size() < 2) continue;
        for (bool at_end : {false, true}) {
            const Point p = at_end ? pipes[i].line.back() : pipes[i].line.front();
            for (std::size_t j : idx.within_distance(Geometry::from(p), tol_m)) {
                const auto& l = pipes[j].line;
                if (j == i || l.size() < 2) continue;
                const OnLine on = closest_on_line(l, p);
                if (on.d > tol_m || dist(on.q, l.front()) <= tol_m || dist(on.q, l.back()) <= tol_m) continue;
                hits[j].push_back({i, at_end, on});
            }
        }
    }

    // Per touched pipe, the split points (ends within the tolerance of one another along it share one),
    // and per end the split point it moves to (the nearest, where it touches several pipes).
    struct Cut {
        std::size_t seg;
        double along;
        Point q;
    };
    std::vector<std::vector<Cut>> cuts(pipes.size());
    std::unordered_map<std::size_t, std::pair<double, Point>> move_end;  // 2 * pipe + at_end -> (d, point)
    int splits = 0;
    for (std::size_t j = 0; j < pipes.size(); ++j) {
        auto& hs = hits[j];
        std::sort(hs.begin(), hs.end(), [](const Hit& a, const Hit& b) { return a.on.along < b.on.along; });
        for (std::size_t k = 0; k < hs.size();) {
            const Cut cut{hs[k].on.seg, hs[k].on.along, hs[k].on.q};
            cuts[j].push_back(cut);
            ++splits;
            for (; k < hs.size() && hs[k].on.along - cut.along <= tol_m; ++k) {
                const std::size_t key = 2 * hs[k].pipe + (hs[k].at_end ? 1 : 0);
                auto it = move_end.find(key);
                if (it == move_end.end() || hs[k].on.d < it->second.first)
                    move_end[key] = {hs[k].on.d, cut.q};
            }
        }
    }
    for (const auto& [key, target] : move_end) {
        auto& l = pipes[key / 2].line;
        (key % 2 ? l.back() : l.front()) = target.second;
    }

    const std::size_t original = pipes.size();
    for (std::size_t j = 0; j < original; ++j) {
        if (cuts[j].empty()) continue;
        const LineString l = pipes[j].line;
        // The line's points with the cuts inserted; `cut_here` marks where one piece ends and the next
        // begins.
        std::vector<bool> at_vertex(l.size(), false);
        std::vector<std::vector<Point>> inside(l.size());
        for (const auto& cut : cuts[j]) {
            if (dist(cut.q, l[cut.seg]) < 1e-9)
                at_vertex[cut.seg] = true;
            else if (dist(cut.q, l[cut.seg + 1]) < 1e-9)
                at_vertex[cut.seg + 1] = true;
            else
                inside[cut.seg].push_back(cut.q);
        }
        std::vector<Point> pts;
        std::vector<bool> cut_here;
        for (std::size_t s = 0; s < l.size(); ++s) {
            pts.push_back(l[s]);
            cut_here.push_back(at_vertex[s]);
            for (const Point& q : inside[s]) {
                pts.push_back(q);
                cut_here.push_back(true);
            }
        }
        std::vector<LineString> pieces(1);
        for (std::size_t k = 0; k < pts.size(); ++k) {
            pieces.back().push_back(pts[k]);
            if (cut_here[k] && k > 0 && k + 1 < pts.size()) pieces.push_back({pts[k]});
        }
        pipes[j].line = pieces.front();
        for (std::size_t k = 1; k < pieces.size(); ++k) {
            district::GasPipe piece = pipes[j];
            piece.fid = -1;
            piece.line = std::move(pieces[k]);
            pipes.push_back(std::move(piece));
        }
    }
    return splits;
}

SnapReport snap_valves(std::vector<district::GasValve>& valves, const std::vector<district::GasPipe>& pipes,
                       double tol_m) {
    SnapReport report;
    std::vector<Geometry> lines;
    lines.reserve(pipes.size());
    for (const auto& p : pipes) lines.push_back(p.line.size() >= 2 ? Geometry::from(p.line) : Geometry{});
    const index::SpatialIndex idx(std::move(lines));
    for (auto& v : valves) {
        OnLine best;
        for (std::size_t j : idx.within_distance(Geometry::from(v.location), tol_m)) {
            if (pipes[j].line.size() < 2) continue;
            const OnLine on = closest_on_line(pipes[j].line, v.location);
            if (on.d < best.d) best = on;
        }
        if (best.d > tol_m) {
            ++report.off_network;
        } else if (best.d > 1e-9) {
            v.location = best.q;
            ++report.snapped;
        }
    }
    return report;
}

ServiceJoin connect_service_pipes(std::vector<district::GasPipe>& pipes,
                                  std::vector<district::Entrance>& entrances, bool doors_derived,
                                  double max_m) {
    ServiceJoin out;
    std::unordered_map<std::int64_t, std::vector<std::size_t>> by_building;
    std::vector<Geometry> points;
    points.reserve(entrances.size());
    for (std::size_t i = 0; i < entrances.size(); ++i) {
        by_building[entrances[i].building_fid].push_back(i);
        points.push_back(Geometry::from(entrances[i].location));
    }
    const index::SpatialIndex idx(std::move(points));
    std::vector<bool> fixed(entrances.size(), !doors_derived);  // a door a pipe has reached stays there
    for (auto& p : pipes) {
        if (p.kind != "service" || p.line.size() < 2) continue;
        std::optional<std::size_t> door;
        auto nearer = [&](std::size_t e) {
            return std::min(dist(p.line.front(), entrances[e].location),
                            dist(p.line.back(), entrances[e].location));
        };
        if (auto it = by_building.find(p.building_fid); p.building_fid >= 0 && it != by_building.end()) {
            for (std::size_t e : it->second)
                if (entrances[e].number == p.entrance) door = e;
            if (!door)
                for (std::size_t e : it->second)
                    if (!door || nearer(e) < nearer(*door)) door = e;
        } else if (p.building_fid < 0) {
            for (const Point end : {p.line.front(), p.line.back()})
                if (auto k = idx.nearest(end, max_m); k && (!door || nearer(*k) < nearer(*door))) door = *k;
            if (door) {
                p.building_fid = entrances[*door].building_fid;
                p.building_number = entrances[*door].building_number;
                ++out.linked;
            }
        }
        if (!door) continue;
        district::Entrance& e = entrances[*door];
        p.entrance = e.number;
        const bool back = dist(p.line.back(), e.location) <= dist(p.line.front(), e.location);
        const Point end = back ? p.line.back() : p.line.front();
        const double gap = dist(end, e.location);
        if (gap <= 0.01) {
            fixed[*door] = true;
            continue;
        }
        if (gap > max_m) {
            ++out.unreached;
            continue;
        }
        if (!fixed[*door]) {
            e.location = end;
            fixed[*door] = true;
            ++out.moved;
        } else {
            if (back)
                p.line.push_back(e.location);
            else
                p.line.insert(p.line.begin(), e.location);
            ++out.extended;
        }
    }
    return out;
}

}  // namespace gis::ingest
