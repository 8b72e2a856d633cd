#pragma once
/// @file
/// Work counted twice: new or changed plan items that a project's stored items already cover (the same
/// kind of work over the same area, along the same line, on the same pipe or in the same clean-up
/// campaign). One rule for every save path: PlanSession runs it inside each save's transaction (adding,
/// changing the shape or project of an item, moving, inserting or removing a vertex), so two planners
/// saving at once cannot both pass it. The planner chooses what a save does about it (OverlapPolicy).

#include <cstdint>
#include <string>
#include <vector>

#include "gis/core/geometry.hpp"
#include "gis/core/result.hpp"
#include "gis/plan/project.hpp"

namespace gis::plan {

/// Areas of the same kind overlapping by more than this count twice (m²).
inline constexpr double kOverlapMinArea = 1.0;
/// A line lies along a stored line where it runs within this distance of it (m).
inline constexpr double kLineTolerance = 0.5;
/// Lines of the same kind running along each other for more than this count twice (m).
inline constexpr double kOverlapMinLength = 1.0;

/// What a save does when the project already has the same work stored.
enum class OverlapPolicy {
    Refuse,  ///< nothing is saved; a BadInput names the stored items and the quantities (the default)
    Trim,    ///< only the part not yet planned is saved: areas less the stored areas, lines less the
             ///< strip of kLineTolerance around the stored lines; the quantities follow the new shape
    Keep,    ///< saved as it is, next to the stored items (the planner means both)
};

/// One stored item that the new work overlaps.
struct OverlapWith {
    std::int64_t id = -1;
    std::string kind;
    double area_m2 = 0;          ///< of the new work's area it covers
    double length_m = 0;         ///< of the new work's lines lying within kLineTolerance of it
    bool same_pipe = false;      ///< renews the same pipe (params pipe_id)
    bool same_campaign = false;  ///< the clean-up of the same campaign (params campaign)
    friend bool operator==(const OverlapWith&, const OverlapWith&) = default;
};

/// How new work overlaps a project's stored work.
struct Overlap {
    std::string project;            ///< Project::key of the new work
    std::vector<OverlapWith> with;  ///< the stored items, by id
    double area_m2 = 0;             ///< of the new work covered by stored items (each m² counted once)
    double length_m = 0;            ///< of the new lines lying along stored lines (each m counted once)

    bool empty() const { return with.empty(); }
    std::vector<std::int64_t> ids() const;
    /// The same pipe or campaign: no part of the new work is free of it, so it cannot be trimmed.
    bool same_work() const;
    friend bool operator==(const Overlap&, const Overlap&) = default;
};

/// How `item` overlaps the `stored` items of its project: items of the same kind (never `item` itself,
/// by id) whose areas overlap it by more than kOverlapMinArea, whose lines run within kLineTolerance of
/// its lines for more than kOverlapMinLength, that renew the same pipe (params pipe_id >= 0) or are the
/// clean-up of the same campaign (params campaign). Items without a project overlap nothing.
Overlap find_overlap(const std::vector<PlanItem>& stored, const PlanItem& item);
/// The same for several new items, merged: per stored item the quantities of all of them.
Overlap find_overlap(const std::vector<PlanItem>& stored, const std::vector<PlanItem>& items);

/// The geometry of `item` less the part the stored items of `overlap` cover (see OverlapPolicy::Trim);
/// slivers under 0.01 m² or 0.01 m are dropped. Errors (BadInput): the same pipe or campaign (it cannot
/// be trimmed), or less than kOverlapMinArea / kOverlapMinLength remains (the whole item is already
/// planned).
Result<Geometry> trim_overlap(const std::vector<PlanItem>& stored, const PlanItem& item,
                              const Overlap& overlap);

/// The error a save gets when it is refused: BadInput naming the project, the kind, the stored items
/// (up to 12) with their quantities, the total, and the ways on (--trim, --append, cancel).
/// `items` is the number of new items (for "this item" or "these items").
Error overlap_error(const Overlap& overlap, std::size_t items = 1);

}  // namespace gis::plan
