#pragma once
/// @file
/// The figures of a project for a presentation: its money and the quantities of its saved plan items
/// (gis::plan::project_budget, the one computation `project show` and the brief print too), the
/// households its area's hardening serves, and the geometry of each part of the area's plan, so a map can
/// show it. No personal data.

#include <string>
#include <vector>

#include "gis/core/geometry.hpp"
#include "gis/core/result.hpp"
#include "gis/district/model.hpp"
#include "gis/plan/budget.hpp"

namespace gis::present {

struct ProjectFigures {
    std::string key, name, name_en, area;
    double budget_cny = 0;
    int phases = 0;
    /// Money and quantities of the saved plan items.
    plan::ProjectBudget budget;
    std::int64_t households_benefiting = 0;  ///< households whose building the area's hardening serves
    std::int64_t buildings_benefiting = 0;

    double total_cny() const { return budget.total_cny; }
    double remaining_cny() const { return budget.remaining_cny; }
    bool over_budget() const { return budget.over_budget; }

    /// Geometry of the plan, by part (display CRS of the data set).
    std::vector<Geometry> paving, renewal, structures, graffiti;
};

/// The project's figures. `project` is a key, a name or an English name; empty: the first project.
/// Errors: NotFound for an unknown project (the message lists the known ones), those of the data set.
Result<ProjectFigures> project_figures(const district::District& d, const std::string& path,
                                       const std::string& project = {});

/// Keys and names of the data set's projects, in stored order.
Result<std::vector<std::pair<std::string, std::string>>> project_list(const std::string& path);

}  // namespace gis::present
