#include "gis/plan/budget.hpp"

#include "gis/core/strings.hpp"
#include "gis/plan/params.hpp"
#include "gis/core/i18n.hpp"

namespace gis::plan {
namespace {

void add(Total& t, const PlanItem& it) {
    ++t.items;
    t.cost_cny += it.cost_cny;
    t.area_m2 += it.area_m2;
    t.length_m += it.length_m;
    const auto* k = find_kind(it.kind);
    if (k && k->measure == Measure::Count)
        t.count += it.geometry.points.empty() ? 1 : static_cast<std::int64_t>(it.geometry.points.size());
}

}  // namespace

bool committed_status(const std::string& status) {
    return status == "approved" || status == "in_progress" || status == "done";
}

std::vector<ProjectBudget> project_budgets(const PlanData& data) {
    std::vector<ProjectBudget> out;
    for (const auto& p : data.projects) {
        ProjectBudget b;
        b.project = p;
        for (int k = 1; k <= p.phases; ++k) b.phases[k];
        Total all;
        for (const auto& it : data.items) {
            if (it.project != p.key) continue;
            add(all, it);
            add(b.phases[it.phase], it);
            add(b.kinds[it.kind], it);
            const auto line = param_string(it.params, "funding");
            add(b.funding[line && !line->empty() ? *line : kDefaultFunding], it);
            add(committed_status(it.status) ? b.committed : b.planned, it);
            if (it.kind == "cleanup") {
                b.structures += static_cast<std::int64_t>(param_number(it.params, "structures").value_or(0));
                b.structures_m2 += param_number(it.params, "structures_m2").value_or(0);
                b.graffiti_sites +=
                    static_cast<std::int64_t>(param_number(it.params, "graffiti_sites").value_or(0));
                b.graffiti_m2 += param_number(it.params, "graffiti_m2").value_or(0);
            }
        }
        b.items = all.items;
        b.cost_cny = all.cost_cny;
        b.area_m2 = all.area_m2;
        b.length_m = all.length_m;
        b.contingency_cny = b.cost_cny * p.contingency_pct / 100.0;
        b.total_cny = b.cost_cny + b.contingency_cny;
        b.remaining_cny = p.budget_cny - b.total_cny;
        b.over_budget = b.remaining_cny < 0;
        out.push_back(std::move(b));
    }
    return out;
}

Result<ProjectBudget> project_budget(const PlanData& data, const std::string& key) {
    std::string known;
    for (auto& b : project_budgets(data)) {
        if (b.project.key == key) return std::move(b);
        known += (known.empty() ? "" : ", ") + b.project.key;
    }
    return make_error(ErrorCode::NotFound,
                      known.empty()
                          ? gis::i18n::format(_("no project {0} (the data set has none)"), quote_for_message(key))
                          : gis::i18n::format(_("no project {0} (projects: {1})"), quote_for_message(key), known));
}

std::vector<BudgetRow> budget_rows(const ProjectBudget& b) {
    std::vector<BudgetRow> rows;
    for (const auto& [kind, t] : b.kinds) rows.push_back({"budget.kind", kind, t.items, t.cost_cny});
    rows.push_back({"budget.subtotal", "", b.items, b.cost_cny});
    rows.push_back(
        {"budget.contingency", fmt_fixed(b.project.contingency_pct, 1) + "%", -1, b.contingency_cny});
    rows.push_back({"budget.total", "", b.items, b.total_cny});
    rows.push_back({"budget.budget", "", -1, b.project.budget_cny});
    if (b.over_budget)
        rows.push_back({"budget.over", "", -1, -b.remaining_cny});
    else
        rows.push_back({"budget.remaining", "", -1, b.remaining_cny});
    rows.push_back({"budget.committed", "", b.committed.items, b.committed.cost_cny});
    rows.push_back({"budget.planned", "", b.planned.items, b.planned.cost_cny});
    if (b.funding.size() > 1)
        for (const auto& [line, t] : b.funding) rows.push_back({"budget.funding", line, t.items, t.cost_cny});
    for (const auto& [n, t] : b.phases)
        rows.push_back({"budget.phase", std::to_string(n), t.items, t.cost_cny});
    return rows;
}

}  // namespace gis::plan
