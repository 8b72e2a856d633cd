#pragma once
/// @file
/// What hits the same place at the same time: the conflicts between a district's plan items once their
/// phases have dates (gis/plan/schedule.hpp).
/// - trench_under_paving: fresh paving over pipe renewal trenches (their working width) laid before the
///   trenches are refilled, the classic waste; one conflict per paving item, with every trench under it;
///   the suggestion is pipe first, then paving;
/// - shop_fronts: works in front of a shop (within 5 m): each shop and for how many days;
/// - school_gate: works within 50 m of a school's gate in term time (1 March – 10 July, 1 September –
///   20 January), with the days in term;
/// - only_entrance: a trench across every entrance of a building, so its residents' only way in crosses
///   the open works (households as a count);
/// - concurrent_shutdowns: two gas renewals (a phase of a project each) at the same time whose shutdown
///   zones share a pipe (the valve-bounded zone isolated for the works and the pipes left without supply),
///   with the households losing gas in both; new routes with no existing pipe are compared by distance
///   (200 m).
/// Items are compared with the other items of their project and of every other project. An item whose
/// phase has no dates is compared by phase number within its project only, and listed as undated.

#include <optional>
#include <string>
#include <vector>

#include "gis/core/geometry.hpp"
#include "gis/district/model.hpp"
#include "gis/plan/store.hpp"

namespace gis::plan {

struct ConflictOptions {
    double trench_width_m = 1.0;      ///< default working width of a pipe trench (params trench_width_m)
    double shop_distance_m = 5.0;     ///< works this close to a shop block its front
    double school_distance_m = 50.0;  ///< works this close to a school gate count in term time
    double entrance_margin_m = 1.5;   ///< an entrance this close to the trench's edge is cut off
    double shutdown_distance_m = 200.0;
};

struct Conflict {
    std::string kind;  ///< trench_under_paving, shop_fronts, school_gate, only_entrance, concurrent_shutdowns
    std::vector<std::int64_t> items;  ///< the plan items involved, sorted
    std::string project;
    std::optional<std::int64_t> first_day, last_day;  ///< when, where dates are known
    Geometry where;                                   ///< the place (an overlap area, a point)
    double area_m2 = 0;                               ///< trench_under_paving: paving over the trench
    int days = 0;                                     ///< shop_fronts, school_gate: days affected
    std::vector<std::string> names;                   ///< shops, the school, the building
    std::int64_t households = 0;  ///< only_entrance: of the building; concurrent_shutdowns: in both zones
    /// What to do: pipe_first_after (start the paving on `after_day`), pipe_first_phase (a phase after
    /// `to_phase` - 1), tell_shops, school_holidays, steel_plates, one_shutdown.
    std::string suggestion;
    std::optional<std::int64_t> after_day;
    /// A machine-readable suggestion: move `move_items` to phase `to_phase` (0: none).
    std::vector<std::int64_t> move_items;
    int to_phase = 0;
};

struct ConflictReport {
    std::vector<Conflict> conflicts;                   ///< by kind, then first item
    std::vector<std::pair<std::string, int>> undated;  ///< (project, phase) of items compared without dates
};

/// The conflicts of the items of `project` (empty: every project) with each other and with the other
/// projects' items.
ConflictReport find_conflicts(const district::District& d, const PlanData& plan,
                              const std::string& project = {}, const ConflictOptions& options = {});

/// Whether `day` (days since 1970-01-01) lies in a school term (1 March – 10 July, 1 September –
/// 20 January).
bool in_school_term(std::int64_t day);

}  // namespace gis::plan
