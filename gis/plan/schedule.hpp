#pragma once
/// @file
/// Phases in time: a project's phases with their dates (start, duration, end), the items and cost each
/// carries, and which phases run at the same time. Dates are calendar days (YYYY-MM-DD, proleptic
/// Gregorian), with no time zone.

#include <optional>
#include <string>
#include <vector>

#include "gis/core/result.hpp"
#include "gis/plan/budget.hpp"
#include "gis/plan/store.hpp"

namespace gis::plan {

/// Days since 1970-01-01 of a YYYY-MM-DD date; BadInput naming the text for anything else (2025-02-30
/// included).
Result<std::int64_t> parse_date(const std::string& text);
/// YYYY-MM-DD of a day number.
std::string format_date(std::int64_t day);

/// Checks a phase's dates before it is stored: a known phase of the project (1..phases), a real start
/// date, 1..3650 days. BadInput otherwise.
Result<void> validate_phase(const Project& project, const PhaseDates& p);

struct ScheduledPhase {
    int phase = 1;
    std::string name;
    std::optional<std::int64_t> start, end;  ///< first and last day; nullopt when the phase has no dates
    int days = 0;
    Total items;                  ///< the project's items of this phase
    std::vector<int> concurrent;  ///< other phases whose days overlap this one's
};

struct Schedule {
    Project project;
    std::vector<ScheduledPhase> phases;      ///< 1..project.phases, and any other phase an item uses
    std::optional<std::int64_t> start, end;  ///< of the dated phases
    std::vector<int> undated;                ///< phases that have items but no dates
};

/// The schedule of the project with key `key`. NotFound for an unknown project.
Result<Schedule> project_schedule(const PlanData& data, const std::string& key);

/// The days of `phase` of `project` (nullopt when it has no dates).
std::optional<std::pair<std::int64_t, std::int64_t>> phase_days(const PlanData& data,
                                                                const std::string& project, int phase);

}  // namespace gis::plan
