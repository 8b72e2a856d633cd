#pragma once
/// @file
/// Gas pipe renewal planning: replace existing pipes, or lay a new route (drawn, or found along the
/// street and lane network); lengths by diameter and material, cost from unit prices, phases, clearance
/// to buildings, valves the works cover, and (for existing pipes) the isolation needed to do the work.
///
/// Default unit prices (CNY per metre, supply and lay including trench and reinstatement; planning
/// figures to be replaced by the current local quota):
///
/// | material | diameter (mm) | CNY/m |     | material | diameter (mm) | CNY/m |
/// |---|---|---|---|---|---|---|
/// | pe | 32 | 160 | | steel | 32 | 260 |
/// | pe | 63 | 240 | | steel | 50 | 320 |
/// | pe | 75 | 280 | | steel | 80 | 420 |
/// | pe | 90 | 320 | | steel | 100 | 520 |
/// | pe | 110 | 380 | | steel | 150 | 720 |
/// | pe | 160 | 520 | | steel | 200 | 900 |
/// | pe | 200 | 650 | | steel | 250 | 1100 |
/// | pe | 250 | 800 | | | | |
///
/// A pipe is priced at the entry of its material with the smallest diameter not below its own.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gis/core/geometry.hpp"
#include "gis/core/result.hpp"
#include "gis/network/clearance.hpp"
#include "gis/network/gas_network.hpp"
#include "gis/network/street_graph.hpp"

namespace gis::network {

struct UnitPrice {
    std::string material;  ///< pe, steel
    int diameter_mm = 0;
    double cny_per_m = 0;
};

class UnitPrices {
  public:
    /// The table above.
    static UnitPrices defaults();
    /// Adds or replaces an entry given as "MATERIAL:DIAMETER=CNY", e.g. "pe:110=420". BadInput when
    /// malformed or not positive.
    Result<void> set(std::string_view text);
    void set(const std::string& material, int diameter_mm, double cny_per_m);
    /// Price per metre; NotFound when the material has no entry at or above the diameter.
    Result<double> per_metre(const std::string& material, int diameter_mm) const;
    const std::vector<UnitPrice>& entries() const { return entries_; }

  private:
    std::vector<UnitPrice> entries_;  // sorted by material, then diameter
};

struct RenewalOptions {
    /// Pressure class of the new pipe; unset: an existing pipe keeps its own, a new route is low.
    std::optional<PressureClass> pressure;
    /// Diameter of the new pipe; 0: an existing pipe keeps its own, a new route gets 110 (pe) or 100.
    int diameter_mm = 0;
    std::string material = "pe";  ///< material of the new pipe: pe or steel
    ClearanceRules clearance;
    UnitPrices prices = UnitPrices::defaults();
    double valve_margin_m = 0.5;  ///< a valve this close to a route is covered by the works
    double phase_length_m = 200;  ///< a new route is laid in phases of at most this length
};

struct RenewalPiece {
    std::int64_t pipe_id = -1;  ///< the pipe replaced; -1 for a new route
    LineString line;
    int diameter_mm = 0;
    std::string material;
    PressureClass pressure = PressureClass::Low;
    double length_m = 0;
    double cost_cny = 0;
    int phase = 1;
};

struct DiameterTotal {
    int diameter_mm = 0;
    std::string material;
    double length_m = 0;
    double cost_cny = 0;
};

struct RenewalPhase {
    int number = 1;
    std::vector<std::int64_t> pipe_ids;  ///< pipes replaced in this phase (empty for a new route)
    double length_m = 0;
    double cost_cny = 0;
    IsolationTrace interruption;  ///< the isolation this phase needs (empty for a new route)
};

struct RenewalPlan {
    std::vector<RenewalPiece> pieces;
    std::vector<DiameterTotal> by_diameter;  ///< sorted by material, then diameter
    /// Replacement: one phase per valve-bounded zone, so that each phase closes its own valves only.
    /// New route: consecutive stretches of at most `phase_length_m`.
    std::vector<RenewalPhase> phases;
    double length_m = 0;
    double cost_cny = 0;
    std::vector<ClearanceViolation> clearance_violations;  ///< one per building, nearest first
    std::vector<CoveredValve> valves_covered;              ///< valves the works would cover
    /// Replacement: the union of the isolations of all pipes replaced; empty for a new route.
    IsolationTrace interruption;
};

/// Plans the replacement of existing pipes in place. NotFound for an unknown id; BadInput for an empty
/// list or unknown material; NotFound when no unit price applies.
Result<RenewalPlan> plan_replacement(const GasNetwork& network, const ClearanceChecker& clearance,
                                     const std::vector<std::int64_t>& pipe_ids,
                                     const RenewalOptions& options);

/// Plans a new pipe along `route`. BadInput for a route with fewer than two distinct points.
Result<RenewalPlan> plan_new_route(const GasNetwork& network, const ClearanceChecker& clearance,
                                   const LineString& route, const RenewalOptions& options);

/// A route along the street and lane network from `from` to `to` (each snapped to the nearest
/// centreline), offset to one side by `offset_m` (positive: left of the direction of travel).
/// NotFound when no street or lane connects them.
Result<LineString> auto_route(const StreetGraph& streets, const Point& from, const Point& to,
                              double offset_m);

/// A route from WKT: a LINESTRING (or a MULTILINESTRING of one part). BadInput otherwise.
Result<LineString> route_from_wkt(std::string_view wkt);

}  // namespace gis::network
