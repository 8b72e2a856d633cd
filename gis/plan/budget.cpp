#include "gis/plan/budget.hpp"

namespace gis::plan {

std::vector<ProjectBudget> project_budgets(const PlanData& data) {
    std::vector<ProjectBudget> out;
    for (const auto& p : data.projects) {
        ProjectBudget b;
        b.project = p;
        for (int k = 1; k <= p.phases; ++k) b.phases[k];
        for (const auto& it : data.items) {
            if (it.project != p.key) continue;
            ++b.items;
            b.cost_cny += it.cost_cny;
            b.area_m2 += it.area_m2;
            b.length_m += it.length_m;
            auto& ph = b.phases[it.phase];
            ++ph.items;
            ph.cost_cny += it.cost_cny;
            auto& k = b.kinds[it.kind];
            ++k.items;
            k.cost_cny += it.cost_cny;
        }
        b.remaining_cny = p.budget_cny - b.cost_cny;
        b.over_budget = b.remaining_cny < 0;
        out.push_back(std::move(b));
    }
    return out;
}

}  // namespace gis::plan
