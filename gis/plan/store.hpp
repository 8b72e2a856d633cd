#pragma once
/// @file
/// Storage of plans in the district data set: the layers projects, plan_items, campaigns and
/// case_history (schema in gis/district/schema.cpp), and the clean-up fields of illegal_structures and
/// graffiti. Older data sets without them read as empty and gain them on the first edit.

#include <string>
#include <vector>

#include "gis/core/result.hpp"
#include "gis/io/dataset.hpp"
#include "gis/io/editor.hpp"
#include "gis/plan/edit_history.hpp"
#include "gis/plan/project.hpp"

namespace gis::plan {

/// A clean-up campaign: a named, dated set of cases worked by one crew.
struct Campaign {
    std::int64_t fid = -1;
    std::string name;
    std::string project;  ///< Project::key
    std::string cases;    ///< "graffiti", "structures" or "all"
    std::string zone;     ///< "south", "north" or empty
    std::string date;     ///< YYYY-MM-DD
    double route_m = 0;
    std::string note;
    friend bool operator==(const Campaign&, const Campaign&) = default;
};

/// A phase of a project in time: it starts on `start` (YYYY-MM-DD) and lasts `days` calendar days; the
/// project's items of that phase inherit it.
struct PhaseDates {
    std::int64_t fid = -1;
    std::string project;  ///< Project::key
    int phase = 1;
    std::string name;
    std::string start;  ///< YYYY-MM-DD
    int days = 0;
    friend bool operator==(const PhaseDates&, const PhaseDates&) = default;
};

/// Every plan record of a data set.
struct PlanData {
    std::vector<Project> projects;
    std::vector<PlanItem> items;  ///< ordered by id
    std::vector<Campaign> campaigns;
    std::vector<PhaseDates> phases;  ///< ordered by project, then phase
};

/// Opens `path` for reading. After a crash during a save, SQLite leaves a journal that only a writer can
/// roll back, and a read-only open fails ("attempt to write a readonly database"): then, when the file
/// is writable, it is opened once for update (which rolls the unfinished save back) and reopened.
Result<io::Dataset> open_for_reading(const std::string& path);

/// Reads the plan layers of the data set at `path` (absent layers read as empty).
Result<PlanData> read_plan(const std::string& path);
/// The same from an open data set or from inside an editor's transaction.
Result<PlanData> read_plan(const io::Dataset& ds);

/// Field values of a record, for io::Editor insert/update (every schema field of the layer).
io::Values to_values(const Project& p);
io::Values to_values(const PlanItem& item);
io::Values to_values(const Campaign& c);
io::Values to_values(const PhaseDates& p);
/// A plan item as a stored record (geometry and all fields), for edits that can be undone.
Record to_record(const PlanItem& item);

/// Creates the plan layers and adds the clean-up fields that an older data set lacks. Runs inside the
/// editor's transaction, so a failed edit leaves no half-created layer behind.
Result<void> ensure_plan_schema(io::Editor& editor);

/// SQLite's integrity check (PRAGMA integrity_check) on a GeoPackage, then every layer read through.
/// Errors: Io naming what the check found; the errors of io::Dataset::open.
Result<void> check_integrity(const std::string& path);

/// The current UTC time as ISO 8601 ("2025-04-12T08:30:00Z").
std::string now_utc();

}  // namespace gis::plan
