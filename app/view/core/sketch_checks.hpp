#pragma once
/// @file
/// Live checks of a plan item while it is drawn or edited, GL-free: a gas pipe route closer to a
/// building than the clearance its pressure class needs (GB 50028 defaults, see
/// gis/network/clearance.hpp), and gas valves that a pipe route or a paving area would cover (valves
/// must stay reachable). Built once per data set from the map's buildings and valves (on a worker);
/// a check costs O(log n + k), so it runs on every pointer move.

#include <cstdint>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "app/view/core/document.hpp"
#include "gis/core/geometry.hpp"
#include "gis/index/spatial_index.hpp"
#include "gis/network/clearance.hpp"

namespace app::view {

struct SketchValve {
    std::int64_t id = -1;
    gis::Point location;
};

struct SketchConflicts {
    /// Buildings nearer than `required_m` to the pipe, nearest first (pipes only).
    std::vector<gis::network::ClearanceViolation> clearance;
    double required_m = 0;
    /// Valves within the margin of the item (pipes and paving).
    std::vector<SketchValve> valves;
    bool checked = false;  ///< false for kinds that have no checks
};

class SketchChecks {
  public:
    SketchChecks(std::vector<gis::network::ClearanceChecker::Footprint> buildings,
                 std::vector<SketchValve> valves);

    /// The conflicts of a plan item of `kind` ("gas_pipe", "hardening"; others: none) with `shape`. A
    /// pipe's clearance depends on `pressure`; `valve_margin_m` is how close a valve may be and still
    /// count as covered.
    SketchConflicts check(const std::string& kind, const gis::Geometry& shape,
                          gis::network::PressureClass pressure,
                          const gis::network::ClearanceRules& rules = {}, double valve_margin_m = 0.5) const;

    std::size_t buildings() const { return building_count_; }
    std::size_t valves() const { return valves_.size(); }

  private:
    std::size_t building_count_ = 0;
    gis::network::ClearanceChecker clearance_;
    std::vector<SketchValve> valves_;
    gis::index::SpatialIndex valve_index_;
};

/// Whether a kind of plan item is checked (a pipe: clearance and valves; paving: valves).
bool kind_has_checks(const std::string& kind);

/// Builds the checks from the document's buildings and gas_valves layers on a worker (their geometry
/// is copied first, on the calling thread).
std::future<std::shared_ptr<const SketchChecks>> build_sketch_checks(const Document& doc);

}  // namespace app::view
