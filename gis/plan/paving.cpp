#include "gis/plan/paving.hpp"

#include <algorithm>
#include <unordered_set>

#include "gis/geom/ops.hpp"
#include "gis/index/spatial_index.hpp"

namespace gis::plan {

const char* to_string(PartKind k) { return k == PartKind::Forecourt ? "forecourt" : "street"; }

namespace {

Geometry subtract_all(Geometry g, const index::SpatialIndex& idx, const std::vector<std::size_t>& hits) {
    if (hits.empty() || g.empty()) return g;
    std::vector<Geometry> cut;
    cut.reserve(hits.size());
    for (auto i : hits) cut.push_back(idx.item(i));
    Geometry mask = cut.size() == 1 ? cut.front() : geom::unite(cut);
    return geom::difference(g, mask);
}

}  // namespace

std::vector<PavingPart> propose_paving(const PavingInput& input, const Scope& scope, double min_part_m2) {
    std::vector<const PavingCandidate*> order;
    for (const auto& c : input.streets) order.push_back(&c);
    for (const auto& c : input.forecourts) order.push_back(&c);

    std::vector<Geometry> candidate_areas;
    candidate_areas.reserve(order.size());
    for (const auto* c : order) candidate_areas.push_back(c->area);
    index::SpatialIndex candidates(std::move(candidate_areas));
    index::SpatialIndex exclusions(input.exclusions);

    std::vector<PavingPart> parts;
    for (std::size_t i = 0; i < order.size(); ++i) {
        const auto& c = *order[i];
        Geometry g = scope.clip(c.area);
        if (g.polygons.empty()) continue;
        g = subtract_all(std::move(g), exclusions, exclusions.intersecting(g));
        auto earlier = candidates.intersecting(g);
        earlier.erase(std::remove_if(earlier.begin(), earlier.end(), [i](std::size_t j) { return j >= i; }),
                      earlier.end());
        g = subtract_all(std::move(g), candidates, earlier);
        double a = geom::area(g);
        if (g.polygons.empty() || a < min_part_m2) continue;
        parts.push_back({c.kind, c.name, c.ref, std::move(g), a});
    }
    return parts;
}

Geometry forecourt_strip(const Polygon& footprint, char side, double depth) {
    if (footprint.outer.size() < 4 || depth <= 0) return {};
    Point v{0, 0};
    switch (side) {
        case 'N':
            v.y = depth;
            break;
        case 'S':
            v.y = -depth;
            break;
        case 'E':
            v.x = depth;
            break;
        case 'W':
            v.x = -depth;
            break;
        default:
            return {};
    }
    // Minkowski sum of the footprint with the segment [0, v]: the moved footprint plus the quadrilateral
    // each edge sweeps.
    std::vector<Geometry> swept;
    Polygon moved = footprint;
    for (auto& p : moved.outer) p = {p.x + v.x, p.y + v.y};
    for (auto& h : moved.holes)
        for (auto& p : h) p = {p.x + v.x, p.y + v.y};
    swept.push_back(Geometry::from(moved));
    const Ring& r = footprint.outer;
    for (std::size_t i = 0; i + 1 < r.size(); ++i) {
        Point a = r[i], b = r[i + 1];
        Point c{b.x + v.x, b.y + v.y}, d{a.x + v.x, a.y + v.y};
        Ring quad = {a, b, c, d, a};
        if (std::abs(signed_area(quad)) < 1e-9) continue;
        if (signed_area(quad) < 0) std::reverse(quad.begin(), quad.end());
        swept.push_back(Geometry::from(Polygon{quad, {}}));
    }
    Geometry all = geom::unite(swept);
    return geom::difference(all, Geometry::from(footprint));
}

Served buildings_served(const std::vector<PavingPart>& parts, const std::vector<BuildingAccess>& buildings,
                        double access_distance_m) {
    std::unordered_set<int> served;
    for (const auto& p : parts)
        if (p.kind == PartKind::Forecourt) served.insert(static_cast<int>(p.ref));
    // Entrances indexed once; each street part asks for those near it.
    std::vector<Geometry> points;
    std::vector<int> owner;
    for (const auto& b : buildings)
        for (const auto& e : b.entrances) {
            points.push_back(Geometry::from(e));
            owner.push_back(b.number);
        }
    index::SpatialIndex entrances(std::move(points));
    for (const auto& p : parts) {
        if (p.kind != PartKind::Street) continue;
        for (auto i : entrances.within_distance(p.geometry, access_distance_m)) served.insert(owner[i]);
    }
    Served out;
    for (const auto& b : buildings)
        if (served.count(b.number)) {
            out.buildings.push_back(b.number);
            out.households += b.households;
        }
    std::sort(out.buildings.begin(), out.buildings.end());
    out.buildings.erase(std::unique(out.buildings.begin(), out.buildings.end()), out.buildings.end());
    return out;
}

}  // namespace gis::plan
