#include "app/view/core/market_model.hpp"

#include "gis/plan/market.hpp"
#include "gis/plan/market_store.hpp"
#include "gis/plan/store.hpp"

namespace app::view {

namespace mk = gis::plan::market;

gis::Result<MarketView> load_market_view(const std::string& path) {
    auto ds = gis::plan::open_for_reading(path);
    if (!ds) return ds.error();
    auto plan = gis::plan::read_plan(ds.value());
    if (!plan) return plan.error();
    auto project = mk::market_project(plan->projects);
    if (!project) return project.error();
    MarketView v;
    auto budget = gis::plan::project_budget(plan.value(), project.value()->key);
    if (!budget) return budget.error();
    v.budget = std::move(budget.value());
    for (const auto& it : plan->items) {
        if (it.project != v.budget.project.key) continue;
        if (mk::stall_number(it) > 0) {
            ++v.stalls;
            v.stall_m2 += it.area_m2;
        } else if (it.kind == "other") {
            ++v.desks;
        }
    }
    auto applicants = mk::read_applicants(ds.value());
    if (applicants)
        v.applicants = static_cast<int>(applicants->size());
    else if (applicants.error().code != gis::ErrorCode::MissingLayer)  // none imported yet: 0
        return applicants.error();
    auto saved = mk::read_allocation(ds.value());
    if (!saved) return saved.error();
    if (saved.value()) {
        const auto& a = saved.value()->allocation;
        v.drawn = true;
        v.seed = a.seed;
        v.drawn_at = saved.value()->drawn;
        for (auto c : {mk::ApplicantClass::Dibao, mk::ApplicantClass::Resident, mk::ApplicantClass::Trader}) {
            v.with_stall[static_cast<int>(c)] = a.count(c, true);
            v.waiting[static_cast<int>(c)] = a.count(c, false);
        }
    }
    return v;
}

}  // namespace app::view
