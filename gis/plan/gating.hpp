#pragma once
/// @file
/// Gating a compound (封闭): a fence line with gates, from the compound's outline (gates where its lanes
/// cross the outline, or the data set's gate points) or drawn by a planner, and the access check before
/// and after it: every entrance's walk to the public street, fire-engine access to every building (gates
/// and lanes wide enough, dead ends with no turning area), shops and units whose door loses its street,
/// and what happens when a gate is shut.

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "gis/core/geometry.hpp"
#include "gis/core/result.hpp"
#include "gis/district/model.hpp"
#include "gis/plan/project.hpp"

namespace gis::plan {

/// Pedestrian gates let people through; vehicle gates people and vehicles (fire engines too when wide
/// enough); fire gates stay shut for everyday use and open only for fire engines.
enum class GateType { Pedestrian, Vehicle, Fire };
const char* to_string(GateType t);
/// "pedestrian", "vehicle" or "fire"; BadInput otherwise.
Result<GateType> gate_type_from(const std::string& s);

struct Gate {
    std::string name;  ///< the gate point's name (pois kind gate), or "G1", "G2", ... in outline order
    std::int64_t poi_fid = -1;
    Point location;  ///< on the fence line
    GateType type = GateType::Pedestrian;
    double width_m = 0;  ///< clear width; 0 when the data gives none (said in a warning)
    std::string lane;    ///< the lane through it ("" when none crosses there)
    bool open = true;
};

struct GatingOptions {
    std::string compound;            ///< compound name ("" = the data set's first compound)
    double vehicle_min_width_m = 4;  ///< a derived gate this wide or wider is a vehicle gate
    double fire_min_width_m = 4;     ///< fire engines need gates and lanes this wide
    double dead_end_max_m = 35;      ///< a longer dead end needs a turning area
    double detour_ratio = 2;         ///< a walk this many times longer ...
    double detour_extra_m = 100;     ///< ... and this much longer is a warning
    double gate_match_m = 5;         ///< a gate point this close to a lane crossing is that crossing's gate
    double fire_reach_m = 30;        ///< an engine on a lane this close to an entrance serves the building
};

struct GatingProposal {
    std::string compound;           ///< the compound's name
    Polygon enclosure;              ///< the area inside the fence (the outline, or a closed drawn fence)
    LineString fence_path;          ///< the line the fence follows, openings included
    std::vector<LineString> fence;  ///< the fence itself: the path minus the gate openings
    double fence_length_m = 0;
    std::vector<Gate> gates;
    bool drawn = false;
    std::vector<std::string> warnings;  ///< what the data did not say (gate widths), lanes fenced off
};

/// The proposal from the compound's outline: the fence is the outline minus the gate openings. The
/// data set's gate points (pois kind gate) within the outline's reach are the gates when there are any;
/// each takes the width of the lane crossing the outline there. Without gate points, a gate is put where
/// each lane crosses the outline. A derived gate at least vehicle_min_width_m wide is a vehicle gate,
/// a narrower one a pedestrian gate. NotFound when the data set has no such compound.
Result<GatingProposal> propose_gating(const district::District& d, const GatingOptions& options = {});

/// A drawn fence (a line; closed, it is the enclosure, else the compound's outline is) with its gates,
/// each moved onto the line. BadInput for a line of fewer than two points or a gate far from it.
Result<GatingProposal> drawn_gating(const district::District& d, const LineString& fence,
                                    std::vector<Gate> gates, const GatingOptions& options = {});

/// Shuts the gates named (name, or number 1.. in the proposal's order) for the check. NotFound lists the
/// gates.
Result<void> close_gates(GatingProposal& p, const std::vector<std::string>& gates);

struct GatingCost {
    double fence_m = 0, fence_cny_m = 0, fence_cny = 0;
    int gates = 0;
    double gate_cny = 0, gates_cny = 0, total_cny = 0;
};
/// Fence metres × the fence price plus gates × the gate price.
GatingCost gating_cost(const GatingProposal& p, const UnitPrices& prices);

/// Plan items: one fence (kind fence, a multi-line of the fence pieces) and a gate each (kind gate,
/// params gate_type and width_m), priced from `prices`.
std::vector<PlanItem> gating_items(const GatingProposal& p, const std::string& project, int phase,
                                   const UnitPrices& prices);

inline constexpr double kUnreachable = std::numeric_limits<double>::infinity();

/// One entrance's walk to the public street, before (no fence) and after.
struct EntranceAccess {
    std::int64_t building_fid = -1;
    std::string building;  ///< the building's name or number
    int entrance = 0;      ///< 单元 number (0: the data has no entrance; routed from the building's centre)
    double before_m = kUnreachable, after_m = kUnreachable;
    std::string gate_before, gate_after;  ///< the gate passed ("" where none)
    LineString route_after;
    bool detour = false;  ///< much longer after (GatingOptions::detour_*)
};

/// Yes: a route on lanes and gates known to be wide enough. Unverified: only over lanes or gates whose
/// width the data does not give. No: none.
enum class FireAccess { Yes, Unverified, No };
const char* to_string(FireAccess f);

struct BuildingReach {
    std::int64_t fid = -1;
    std::string name;
    int entrances = 0, reachable_before = 0, reachable_after = 0;
    double longest_before_m = 0, longest_after_m = 0;  ///< longest entrance walk (reachable ones)
    FireAccess fire_before = FireAccess::No, fire_after = FireAccess::No;
    std::string fire_gate;  ///< the gate the engine comes through after
    LineString fire_route;
};

/// A shop or unit inside the fence whose door opened onto a public street.
struct LostAccess {
    std::string kind;  ///< "shop" or "unit"
    std::string name;
    double before_m = kUnreachable, after_m = kUnreachable;
    std::string gate_after;
};

struct GatingCheck {
    std::vector<EntranceAccess> entrances;
    std::vector<BuildingReach> buildings;
    std::vector<LostAccess> lost;
    std::vector<std::string> warnings;
    std::vector<std::string> failures;  ///< a building unreachable on foot or for fire engines
    int buildings_reachable_after = 0;
    double longest_before_m = 0, longest_after_m = 0;
    bool ok() const { return failures.empty(); }
};

/// The access check of `p` (with its shut gates) against no fence, on the street network
/// (network::network_lines): walking from each entrance of each building inside the enclosure to a public
/// street, fire engines from a public street to within fire_reach_m of an entrance over lanes and gates at
/// least fire_min_width_m wide, dead ends over dead_end_max_m (the data has no turning areas: each is a
/// warning), lanes without a width, detours, and shops and units that lose their street.
GatingCheck check_gating(const district::District& d, const GatingProposal& p,
                         const GatingOptions& options = {});

}  // namespace gis::plan
