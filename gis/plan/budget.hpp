#pragma once
/// @file
/// A project's figures: the one computation of its money and quantities, from the plan items stored for
/// it. Per item kind, per phase, per funding line, committed against planned, contingency, total against
/// budget. `nbhd project show`, the viewer's figures card (and the slides that show it), the brief's
/// budget page and every --json output call project_budgets() and print budget_rows(): they cannot
/// disagree.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "gis/plan/store.hpp"

namespace gis::plan {

/// Items, cost and quantities of one group of a project's items.
struct Total {
    std::int64_t items = 0;
    double cost_cny = 0;
    double area_m2 = 0;      ///< of polygonal items
    double length_m = 0;     ///< of linear items
    std::int64_t count = 0;  ///< of counted items (gates): one per point
};
using PhaseTotal = Total;

/// The funding line of items whose params name none.
inline constexpr const char* kDefaultFunding = "budget";

struct ProjectBudget {
    Project project;
    std::int64_t items = 0;
    double cost_cny = 0;         ///< sum of the items' cost
    double contingency_cny = 0;  ///< cost_cny × project.contingency_pct / 100
    double total_cny = 0;        ///< cost_cny + contingency_cny: what the budget must cover
    double remaining_cny = 0;    ///< budget - total (negative when over budget)
    bool over_budget = false;
    std::map<int, Total> phases;           ///< every phase 1..phases, and any other used
    std::map<std::string, Total> kinds;    ///< by item kind
    std::map<std::string, Total> funding;  ///< by funding line (params "funding"; else kDefaultFunding)
    Total committed;                       ///< approved, in progress or done
    Total planned;                         ///< proposed
    double area_m2 = 0;                    ///< total of polygonal items
    double length_m = 0;                   ///< total of linear items
    // Clean-up quantities, from the campaigns' cost items (params structures, structures_m2, ...).
    std::int64_t structures = 0, graffiti_sites = 0;
    double structures_m2 = 0, graffiti_m2 = 0;
};

/// Whether a status counts as committed money (approved, in_progress, done) rather than planned.
bool committed_status(const std::string& status);

/// One entry per project, in stored order. Items naming no known project are left out.
std::vector<ProjectBudget> project_budgets(const PlanData& data);
/// The figures of the project with key `key`; NotFound listing the projects when there is none.
Result<ProjectBudget> project_budget(const PlanData& data, const std::string& key);

/// One row of a budget as every output prints it, in order. `key` is a translation key ("budget.kind",
/// "budget.subtotal", ...); `detail` what the row is about (an item kind, a phase number, a funding line,
/// a percentage), empty when none.
struct BudgetRow {
    std::string key;
    std::string detail;
    std::int64_t items = 0;  ///< -1 when the row is not a count of items (budget, remaining)
    double cny = 0;
};
/// The rows: each kind, subtotal, contingency, total, budget, remaining (or over budget), committed,
/// planned, each funding line (when more than one), each phase.
std::vector<BudgetRow> budget_rows(const ProjectBudget& b);

}  // namespace gis::plan
