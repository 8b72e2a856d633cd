#include "gis/plan/pipeline_items.hpp"

#include "gis/network/clearance.hpp"
#include "gis/plan/params.hpp"
#include "gis/plan/project.hpp"

namespace gis::plan {

std::vector<PlanItem> to_items(const network::RenewalPlan& plan, const std::string& project, int phase) {
    std::vector<PlanItem> items;
    items.reserve(plan.pieces.size());
    for (const auto& p : plan.pieces) {
        if (!(p.length_m > 0)) continue;
        PlanItem it;
        it.project = project;
        it.kind = "gas_pipe";
        it.phase = phase;
        it.name = (p.pipe_id >= 0 ? "燃气管更新 #" + std::to_string(p.pipe_id) : std::string("新建燃气管")) +
                  " DN" + std::to_string(p.diameter_mm) + " " + p.material;
        std::string params = with_param("{}", "pipe_id", static_cast<double>(p.pipe_id));
        params = with_param(params, "diameter_mm", static_cast<double>(p.diameter_mm));
        params = with_param(params, "material", p.material);
        params = with_param(params, "pressure", std::string(network::to_string(p.pressure)));
        params = with_param(params, "renewal_phase", static_cast<double>(p.phase));
        params = with_param(params, "unit_price_cny", p.cost_cny / p.length_m);
        it.params = params;
        it.geometry = Geometry::from(p.line);
        recompute_quantities(it);
        items.push_back(std::move(it));
    }
    return items;
}

}  // namespace gis::plan
