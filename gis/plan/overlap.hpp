#pragma once
/// @file
/// Work counted twice: new plan items that a project's stored items already cover (the same kind of work
/// over the same area, or the same pipe). One rule for every save path; the save runs it inside its
/// transaction (PlanSession::add_items), so two planners saving at once cannot both pass it.

#include <cstdint>
#include <string>
#include <vector>

#include "gis/core/result.hpp"
#include "gis/plan/project.hpp"

namespace gis::plan {

/// The ids of `stored` items of `project` that `items` would count a second time: same kind, and either
/// the same pipe (params pipe_id) or areas overlapping by more than 1 m². Sorted, without repeats.
std::vector<std::int64_t> double_counted(const std::vector<PlanItem>& stored, const std::string& project,
                                         const std::vector<PlanItem>& items);

/// The error a save gets when double_counted found `ids` (BadInput; names up to 12 of them).
Error double_count_error(const std::string& project, const std::vector<std::int64_t>& ids);

}  // namespace gis::plan
