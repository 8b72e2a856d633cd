#pragma once
/// @file
/// The gas panel's model: a district's gas network with its impact index, built once (off the main
/// thread) when the district loads, and isolation traces described for display: the valves to operate
/// with their position, diameter and state, the counts of what loses gas, and the household count per
/// building. Counts only: no names or phone numbers pass through here. GL-free.

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/view/core/style.hpp"
#include "gis/core/result.hpp"
#include "gis/district/model.hpp"
#include "gis/network/gas_district.hpp"

namespace app::view {

/// One valve of a trace, as the valve table shows it.
struct GasTraceValve {
    enum class Role { Close, AlreadyClosed, Skipped };
    std::int64_t id = -1;  ///< fid in gas_valves
    Role role = Role::Close;
    gis::Point location;
    int diameter_mm = 0;
    std::string state;  ///< open, closed
    bool operable = true;
    std::string note;
};

/// Who loses gas in one building.
struct GasTraceBuilding {
    std::int64_t fid = -1;  ///< fid in buildings
    int number = 0;         ///< 楼号; 0 for non-residential buildings
    std::string name;
    int entrances = 0;   ///< entrances of this building that lose gas
    int households = 0;  ///< households behind those entrances
    int shops = 0;
    gis::BBox box;  ///< the footprint's extent (fly-to)
};

/// An isolation trace of one pipe segment, ready for the panel and the map.
struct GasTraceResult {
    std::int64_t segment = -1;
    const gis::district::GasPipe* pipe = nullptr;  ///< the segment's record (owned by the model)
    gis::network::IsolationTrace trace;
    gis::network::GasImpact impact;
    /// Valves to close, then those already closed, then inoperable valves skipped; each group by id.
    std::vector<GasTraceValve> valves;
    double length_m = 0;  ///< total length of the pipes that lose supply
    /// Buildings that lose gas: residential by number first, then the others by name.
    std::vector<GasTraceBuilding> buildings;
    gis::BBox extent;  ///< of the pipes without supply, the valves and the buildings

    std::size_t valves_to_close() const { return trace.valves_to_close.size(); }
    std::size_t segments() const { return trace.pipes_without_supply.size(); }
};

class GasTraceModel {
  public:
    /// Builds the network and the look-ups (O(n log n)); call it on a worker thread.
    static std::unique_ptr<GasTraceModel> build(gis::district::District district);

    GasTraceModel(const GasTraceModel&) = delete;
    GasTraceModel& operator=(const GasTraceModel&) = delete;

    /// The trace of one pipe (its fid in gas_pipes). NotFound for an unknown pipe.
    gis::Result<GasTraceResult> trace(std::int64_t pipe_id) const;

    const gis::district::District& district() const { return district_; }
    const gis::network::DistrictGas& gas() const { return *gas_; }
    std::size_t pipe_count() const { return district_.gas_pipes.size(); }

  private:
    explicit GasTraceModel(gis::district::District district);

    gis::district::District district_;
    std::unique_ptr<gis::network::DistrictGas> gas_;
    std::unordered_map<std::int64_t, std::size_t> pipe_at_;      // pipe fid → position
    std::unordered_map<std::int64_t, std::size_t> valve_at_;     // valve fid → position
    std::unordered_map<std::int64_t, std::size_t> entrance_at_;  // entrance fid → position
    std::unordered_map<std::int64_t, std::size_t> shop_at_;      // shop fid → position
    std::unordered_map<std::int64_t, std::int64_t> household_building_;  // household fid → building fid
};

/// Colours of a trace on the map (the GL tests predict pixels from these).
Colour gas_trace_pipe_colour();      ///< pipes that lose supply
Colour gas_trace_target_colour();    ///< the segment traced
Colour gas_trace_valve_colour();     ///< valves to close
Colour gas_trace_skipped_colour();   ///< inoperable valves the trace went past
Colour gas_trace_building_colour();  ///< buildings that lose gas (tinted)

/// Names of the document's highlight sets for a trace (drawn in this order: buildings under pipes
/// under valves).
inline constexpr const char* kGasTraceBuildingsSet = "gas.1.buildings";
inline constexpr const char* kGasTracePipesSet = "gas.2.pipes";
inline constexpr const char* kGasTraceTargetSet = "gas.2.target";
inline constexpr const char* kGasTraceSkippedSet = "gas.3.skipped";
inline constexpr const char* kGasTraceValvesSet = "gas.4.valves";

}  // namespace app::view
