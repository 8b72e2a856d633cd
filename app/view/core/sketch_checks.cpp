#include "app/view/core/sketch_checks.hpp"

#include <algorithm>
#include <map>

#include "gis/district/schema.hpp"

namespace app::view {

namespace {

std::vector<gis::Geometry> valve_points(const std::vector<SketchValve>& valves) {
    std::vector<gis::Geometry> g;
    g.reserve(valves.size());
    for (const auto& v : valves) g.push_back(gis::Geometry::from(v.location));
    return g;
}

}  // namespace

SketchChecks::SketchChecks(std::vector<gis::network::ClearanceChecker::Footprint> buildings,
                           std::vector<SketchValve> valves)
    : building_count_(buildings.size()),
      clearance_(std::move(buildings)),
      valves_(std::move(valves)),
      valve_index_(valve_points(valves_)) {}

bool kind_has_checks(const std::string& kind) { return kind == "gas_pipe" || kind == "hardening"; }

SketchConflicts SketchChecks::check(const std::string& kind, const gis::Geometry& shape,
                                    gis::network::PressureClass pressure,
                                    const gis::network::ClearanceRules& rules, double valve_margin_m) const {
    SketchConflicts out;
    if (!kind_has_checks(kind) || shape.empty()) return out;
    out.checked = true;
    if (kind == "gas_pipe") {
        out.required_m = rules.required(pressure);
        // The nearest approach per building over all the route's lines.
        std::map<std::int64_t, gis::network::ClearanceViolation> worst;
        for (const auto& line : shape.lines) {
            if (line.size() < 2) continue;
            for (const auto& v : clearance_.check(line, out.required_m)) {
                auto [it, fresh] = worst.try_emplace(v.building_id, v);
                if (!fresh && v.distance_m < it->second.distance_m) it->second = v;
            }
        }
        for (auto& [id, v] : worst) out.clearance.push_back(v);
        std::sort(out.clearance.begin(), out.clearance.end(), [](const auto& a, const auto& b) {
            return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.building_id < b.building_id;
        });
    }
    for (auto i : valve_index_.within_distance(shape, std::max(0.0, valve_margin_m)))
        out.valves.push_back(valves_[i]);
    return out;
}

std::future<std::shared_ptr<const SketchChecks>> build_sketch_checks(const Document& doc) {
    std::vector<gis::network::ClearanceChecker::Footprint> buildings;
    std::vector<SketchValve> valves;
    if (const MapLayer* l = doc.find(gis::district::layers::kBuildings))
        for (const auto& f : l->data.features)
            for (const auto& poly : f.geometry.polygons) buildings.push_back({f.fid, poly});
    if (const MapLayer* l = doc.find(gis::district::layers::kGasValves))
        for (const auto& f : l->data.features)
            for (const auto& p : f.geometry.points) valves.push_back({f.fid, p});
    return std::async(std::launch::async, [b = std::move(buildings), v = std::move(valves)]() mutable {
        return std::shared_ptr<const SketchChecks>(
            std::make_shared<SketchChecks>(std::move(b), std::move(v)));
    });
}

}  // namespace app::view
