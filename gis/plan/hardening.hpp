#pragma once
/// @file
/// Hardening proposals for a district: which street surfaces and forecourts in a scope to pave, with
/// quantities (m² per street and per forecourt, volume), cost and the buildings and households served.
/// Built on the pure geometry of gis/plan/paving.hpp.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gis/district/model.hpp"
#include "gis/plan/paving.hpp"
#include "gis/plan/project.hpp"
#include "gis/plan/scope.hpp"

namespace gis::plan {

struct HardeningOptions {
    /// Forecourts: the data set's forecourts layer (nullopt), or strips of this depth regenerated from
    /// every residential building's footprint and entrance side.
    std::optional<double> forecourt_depth_m;
    Material material = Material::Concrete;
    std::optional<double> thickness_m;  ///< default_thickness(material) when absent
    UnitPrices prices;
    /// An entrance this close to a paved street part counts as served (its access lane is paved).
    double access_distance_m = 8.0;
    /// A gas valve this close to a paving part is covered by the works (its box must be raised to the
    /// new surface and stay reachable).
    double valve_margin_m = 0.5;
};

/// A gas valve under (or at the edge of) a paving part.
struct ValveUnderPaving {
    std::int64_t valve_id = -1;
    Point location;
    std::size_t part = 0;   ///< index into HardeningPlan::parts
    double distance_m = 0;  ///< 0 when inside the part
};

struct HardeningPlan {
    std::vector<PavingPart> parts;  ///< streets first, then forecourts; disjoint
    Material material = Material::Concrete;
    double thickness_m = 0;
    double unit_price_cny = 0;  ///< per m²
    double area_m2 = 0;
    double street_m2 = 0;
    double forecourt_m2 = 0;
    double volume_m3 = 0;
    double cost_cny = 0;
    std::vector<std::pair<std::string, double>> by_street;  ///< m² per street name, largest first
    Served served;
    /// Valves the paving covers, by valve id: a warning for the planner, since valves must stay reachable.
    std::vector<ValveUnderPaving> valves_covered;
};

/// The candidates and exclusions of a district inside `scope` (what propose_paving needs). Surfaces count
/// as paved when a street surface is asphalt or concrete, a forecourt's surface is anything but unpaved
/// or earth, or a ground surface is of kind paved; kinds green and sports are kept.
PavingInput paving_input(const district::District& d, const Scope& scope, const HardeningOptions& options);

/// The whole proposal: parts, quantities, cost and who is served.
HardeningPlan plan_hardening(const district::District& d, const Scope& scope,
                             const HardeningOptions& options = {});

/// Valves within `margin_m` of any part (each valve once, with its nearest part), ordered by valve id.
std::vector<ValveUnderPaving> valves_under_paving(const std::vector<PavingPart>& parts,
                                                  const std::vector<district::GasValve>& valves,
                                                  double margin_m);

/// Buildings of the district with their entrances and household counts (for buildings_served).
std::vector<BuildingAccess> building_access(const district::District& d);

/// One plan item per part (kind "hardening"), ready for PlanSession::add_items.
std::vector<PlanItem> to_items(const HardeningPlan& plan, const std::string& project, int phase);

}  // namespace gis::plan
