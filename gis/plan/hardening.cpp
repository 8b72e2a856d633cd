#include "gis/plan/hardening.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "gis/geom/ops.hpp"
#include "gis/index/spatial_index.hpp"
#include "gis/plan/params.hpp"

namespace gis::plan {

namespace {

bool street_paved(const std::string& surface) { return surface == "asphalt" || surface == "concrete"; }
bool forecourt_paved(const std::string& surface) {
    return !surface.empty() && surface != "unpaved" && surface != "earth";
}

}  // namespace

PavingInput paving_input(const district::District& d, const Scope& scope, const HardeningOptions& options) {
    PavingInput in;
    const BBox box = scope.bbox();
    auto near = [&](const Polygon& p) {
        return bbox_of(p).intersects(box) && scope.intersects(Geometry::from(p));
    };

    std::vector<const district::StreetSurface*> streets;
    for (const auto& s : d.street_surfaces) {
        if (!near(s.polygon)) continue;
        if (street_paved(s.surface))
            in.exclusions.push_back(Geometry::from(s.polygon));
        else
            streets.push_back(&s);
    }
    std::stable_sort(streets.begin(), streets.end(), [](const auto* a, const auto* b) {
        return a->street_id != b->street_id ? a->street_id < b->street_id : a->fid < b->fid;
    });
    for (const auto* s : streets)
        in.streets.push_back({PartKind::Street, s->name, s->fid, Geometry::from(s->polygon)});

    std::unordered_map<int, const district::Forecourt*> layer_forecourt;
    for (const auto& f : d.forecourts) {
        layer_forecourt[f.building_number] = &f;
        if (near(f.polygon) && forecourt_paved(f.surface)) in.exclusions.push_back(Geometry::from(f.polygon));
    }
    std::vector<const district::Building*> residential;
    for (const auto& b : d.buildings) {
        if (b.kind == district::BuildingKind::Residential && b.number > 0) residential.push_back(&b);
        if (near(b.footprint)) in.exclusions.push_back(Geometry::from(b.footprint));
    }
    std::sort(residential.begin(), residential.end(),
              [](const auto* a, const auto* b) { return a->number < b->number; });
    for (const auto* b : residential) {
        auto it = layer_forecourt.find(b->number);
        const district::Forecourt* f = it == layer_forecourt.end() ? nullptr : it->second;
        std::string name = b->name.empty() ? std::to_string(b->number) : b->name;
        if (options.forecourt_depth_m) {
            BBox grown = bbox_of(b->footprint);
            const double depth = *options.forecourt_depth_m;
            grown = {grown.minx - depth, grown.miny - depth, grown.maxx + depth, grown.maxy + depth};
            if (!grown.intersects(box)) continue;
            Geometry strip = forecourt_strip(b->footprint, b->entrance_side, depth);
            if (!strip.empty() && scope.intersects(strip))
                in.forecourts.push_back({PartKind::Forecourt, name, b->number, std::move(strip)});
        } else if (f && !forecourt_paved(f->surface) && near(f->polygon)) {
            in.forecourts.push_back({PartKind::Forecourt, name, b->number, Geometry::from(f->polygon)});
        }
    }
    for (const auto& s : d.surfaces) {
        if (!near(s.polygon)) continue;
        if (s.kind == "paved" || s.kind == "green" || s.kind == "sports")
            in.exclusions.push_back(Geometry::from(s.polygon));
    }
    return in;
}

std::vector<BuildingAccess> building_access(const district::District& d) {
    std::unordered_map<int, std::int64_t> households;
    for (const auto& h : d.households) ++households[h.building_number];
    std::unordered_map<int, std::size_t> slot;
    std::vector<BuildingAccess> out;
    for (const auto& b : d.buildings) {
        if (b.kind != district::BuildingKind::Residential || b.number <= 0) continue;
        slot[b.number] = out.size();
        auto it = households.find(b.number);
        out.push_back({b.number, {}, it == households.end() ? 0 : it->second});
    }
    for (const auto& e : d.entrances)
        if (auto it = slot.find(e.building_number); it != slot.end())
            out[it->second].entrances.push_back(e.location);
    return out;
}

HardeningPlan plan_hardening(const district::District& d, const Scope& scope,
                             const HardeningOptions& options) {
    HardeningPlan plan;
    plan.material = options.material;
    plan.thickness_m = options.thickness_m.value_or(default_thickness(options.material));
    plan.unit_price_cny = paving_price_per_m2(plan.material, plan.thickness_m, options.prices);
    plan.parts = propose_paving(paving_input(d, scope, options), scope);
    std::map<std::string, double> streets;
    for (const auto& p : plan.parts) {
        plan.area_m2 += p.area_m2;
        if (p.kind == PartKind::Street) {
            plan.street_m2 += p.area_m2;
            streets[p.name] += p.area_m2;
        } else {
            plan.forecourt_m2 += p.area_m2;
        }
    }
    plan.by_street.assign(streets.begin(), streets.end());
    std::stable_sort(plan.by_street.begin(), plan.by_street.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    plan.volume_m3 = plan.area_m2 * plan.thickness_m;
    plan.cost_cny = plan.area_m2 * plan.unit_price_cny;
    plan.served = buildings_served(plan.parts, building_access(d), options.access_distance_m);
    plan.valves_covered = valves_under_paving(plan.parts, d.gas_valves, options.valve_margin_m);
    return plan;
}

std::vector<ValveUnderPaving> valves_under_paving(const std::vector<PavingPart>& parts,
                                                  const std::vector<district::GasValve>& valves,
                                                  double margin_m) {
    std::vector<ValveUnderPaving> out;
    if (parts.empty() || valves.empty()) return out;
    std::vector<Geometry> points;
    points.reserve(valves.size());
    for (const auto& v : valves) points.push_back(Geometry::from(v.location));
    const index::SpatialIndex ix(std::move(points));  // O(v log v); each part then costs O(log v + k)
    std::map<std::int64_t, ValveUnderPaving> nearest;
    for (std::size_t i = 0; i < parts.size(); ++i)
        for (auto k : ix.within_distance(parts[i].geometry, std::max(0.0, margin_m))) {
            const auto& v = valves[k];
            const double dist = geom::distance(parts[i].geometry, Geometry::from(v.location));
            auto [it, fresh] = nearest.try_emplace(v.fid, ValveUnderPaving{v.fid, v.location, i, dist});
            if (!fresh && dist < it->second.distance_m) it->second = {v.fid, v.location, i, dist};
        }
    for (auto& [id, v] : nearest) out.push_back(v);
    return out;
}

std::vector<PlanItem> to_items(const HardeningPlan& plan, const std::string& project, int phase) {
    std::vector<PlanItem> items;
    for (const auto& p : plan.parts) {
        PlanItem it;
        it.project = project;
        it.kind = "hardening";
        it.phase = phase;
        it.name = p.kind == PartKind::Forecourt ? p.name + " 楼前" : p.name;
        std::string params = with_param("{}", "part", std::string(to_string(p.kind)));
        params = with_param(params, "ref", static_cast<double>(p.ref));
        params = with_param(params, "material", std::string(to_string(plan.material)));
        params = with_param(params, "thickness_m", plan.thickness_m);
        params = with_param(params, "unit_price_cny", plan.unit_price_cny);
        it.params = params;
        it.geometry = p.geometry;
        recompute_quantities(it);
        items.push_back(std::move(it));
    }
    return items;
}

}  // namespace gis::plan
