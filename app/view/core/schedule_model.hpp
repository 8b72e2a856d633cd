#pragma once
/// @file
/// The viewer's timeline strip, GL-free: a project's phases in time (gis::plan::project_schedule) and
/// what hits the same place at the same time (gis::plan::find_conflicts), read once off the main thread,
/// with the conflicts as a map overlay layer. The CLI's `project schedule` and `plan conflicts` compute
/// the same.

#include <optional>
#include <string>
#include <vector>

#include "gis/core/result.hpp"
#include "gis/district/model.hpp"
#include "gis/io/dataset.hpp"
#include "gis/plan/conflicts.hpp"
#include "gis/plan/schedule.hpp"

namespace app::view {

struct ScheduleView {
    std::vector<std::pair<std::string, std::string>> projects;  ///< (key, name) of every project
    gis::plan::Schedule schedule;                               ///< of the chosen project
    gis::plan::ConflictReport conflicts;                        ///< of its items
};

/// Reads the data set at `path` (its plans and its district) and computes the schedule and conflicts of
/// `project` (empty: the first project). Errors: NotFound for an unknown project or a data set with none,
/// and those of reading.
gis::Result<ScheduleView> load_schedule_view(const std::string& path, const std::string& project);
/// As above with the district already read (the viewer's one copy).
gis::Result<ScheduleView> load_schedule_view(const gis::district::District& district, const std::string& path,
                                             const std::string& project);

/// Where `day` lies on a strip from x0 to x1 spanning the days first..last (both drawn): the left edge of
/// that day's cell.
float timeline_x(std::int64_t day, std::int64_t first, std::int64_t last, float x0, float x1);

/// The conflicts as overlay features (display CRS of the data set): fid = position + 1, field "kind".
gis::io::Layer conflict_layer(const gis::plan::ConflictReport& r);

}  // namespace app::view
