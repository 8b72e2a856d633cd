#pragma once
/// @file
/// Budgets: per project, its items, phases, cost against budget and what remains.

#include <map>
#include <string>
#include <vector>

#include "gis/plan/store.hpp"

namespace gis::plan {

struct PhaseTotal {
    std::int64_t items = 0;
    double cost_cny = 0;
};

struct ProjectBudget {
    Project project;
    std::int64_t items = 0;
    double cost_cny = 0;
    double remaining_cny = 0;  ///< budget - cost (negative when over budget)
    bool over_budget = false;
    std::map<int, PhaseTotal> phases;         ///< every phase 1..phases, and any other used
    std::map<std::string, PhaseTotal> kinds;  ///< by item kind
    double area_m2 = 0;                       ///< total of polygonal items
    double length_m = 0;                      ///< total of linear items
};

/// One entry per project, in stored order. Items naming no known project are left out.
std::vector<ProjectBudget> project_budgets(const PlanData& data);

}  // namespace gis::plan
