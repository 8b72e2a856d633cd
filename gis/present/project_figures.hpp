#pragma once
/// @file
/// The figures of a project for a presentation, computed the way `nbhd brief` computes them: m² paved,
/// m of gas pipe renewed, illegal structures removed, graffiti m² cleaned, households benefiting, cost
/// against budget; with the geometry of each part of the plan, so a map can show it. No personal data.

#include <string>
#include <vector>

#include "gis/core/geometry.hpp"
#include "gis/core/result.hpp"
#include "gis/district/model.hpp"

namespace gis::present {

struct ProjectFigures {
    std::string key, name, name_en, area;
    double budget_cny = 0;
    int phases = 0;
    double paved_m2 = 0;
    double pipe_renewed_m = 0;
    std::int64_t structures_removed = 0;
    double structures_m2 = 0;
    std::int64_t graffiti_sites = 0;
    double graffiti_m2 = 0;
    std::int64_t households_benefiting = 0;  ///< households whose building gets paving or access
    std::int64_t buildings_benefiting = 0;
    double hardening_cny = 0, pipeline_cny = 0, cleanup_cny = 0;
    std::int64_t saved_items = 0;  ///< plan items of the project stored in the data set
    double saved_items_cny = 0;

    double total_cny() const { return hardening_cny + pipeline_cny + cleanup_cny; }
    double remaining_cny() const { return budget_cny - total_cny(); }
    bool over_budget() const { return total_cny() > budget_cny; }

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
