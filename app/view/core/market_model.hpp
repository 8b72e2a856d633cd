#pragma once
/// @file
/// The viewer's market panel, GL-free: the market project's saved layout (stalls and desks, its cost from
/// the one budget, gis::plan::project_budget) and the saved lottery as counts by class with its seed, as
/// `nbhd market show` and `project show` give them. Counts only: no applicant's name or class.

#include <optional>
#include <string>

#include "gis/core/result.hpp"
#include "gis/plan/budget.hpp"

namespace app::view {

struct MarketView {
    gis::plan::ProjectBudget budget;  ///< the market project's
    int stalls = 0, desks = 0;
    double stall_m2 = 0;
    int applicants = 0;
    // The saved draw, when there is one.
    bool drawn = false;
    std::uint64_t seed = 0;
    std::string drawn_at;
    int with_stall[3] = {0, 0, 0}, waiting[3] = {0, 0, 0};  ///< by class: 低保, residents, new traders
};

/// Reads the data set at `path`. Errors: NotFound when it has no market project; those of reading.
gis::Result<MarketView> load_market_view(const std::string& path);

}  // namespace app::view
