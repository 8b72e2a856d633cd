#include "gis/present/project_figures.hpp"

#include <set>

#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/network/gas_district.hpp"
#include "gis/plan/budget.hpp"
#include "gis/plan/cleanup.hpp"
#include "gis/plan/hardening.hpp"
#include "gis/plan/scope.hpp"
#include "gis/plan/store.hpp"

namespace gis::present {

Result<std::vector<std::pair<std::string, std::string>>> project_list(const std::string& path) {
    auto data = plan::read_plan(path);
    if (!data) return data.error();
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& p : data->projects) out.emplace_back(p.key, p.name);
    return out;
}

Result<ProjectFigures> project_figures(const district::District& d, const std::string& path,
                                       const std::string& wanted) {
    auto data = plan::read_plan(path);
    if (!data) return data.error();
    const plan::Project* project = nullptr;
    std::string known;
    for (const auto& p : data->projects) {
        if (!project && (wanted.empty() || p.key == wanted || p.name == wanted || p.name_en == wanted))
            project = &p;
        known += (known.empty() ? "" : ", ") + p.key;
    }
    if (!project)
        return make_error(ErrorCode::NotFound,
                          known.empty()
                              ? gis::i18n::format(_("no project {0} (the data set has none)"), quote_for_message(wanted))
                              : gis::i18n::format(_("no project {0} (projects: {1})"), quote_for_message(wanted),
                                                  known));
    ProjectFigures f;
    f.key = project->key;
    f.name = project->name;
    f.name_en = project->name_en;
    f.area = project->area;
    f.budget_cny = project->budget_cny;
    f.phases = static_cast<int>(project->phases);
    auto budget = plan::project_budget(*data, project->key);
    if (!budget) return budget.error();
    f.budget = std::move(budget.value());
    const bool area = project->area == "compound" || project->area == "district" ||
                      project->area.rfind(plan::kAreaPrefix, 0) == 0;
    if (!area) return f;
    auto scope = plan::resolve_scope(d, project->area, "");
    if (!scope) return scope.error();

    const auto hardening = plan::plan_hardening(d, *scope);
    f.households_benefiting = hardening.served.households;
    f.buildings_benefiting = static_cast<std::int64_t>(hardening.served.buildings.size());
    for (const auto& part : hardening.parts) f.paving.push_back(part.geometry);

    auto ids = network::scope_pipes(d, project->area);
    if (!ids && ids.error().code != ErrorCode::NotFound) return ids.error();
    if (!ids) ids = std::vector<std::int64_t>{};  // no pipe due for renewal there: nothing to renew
    const std::set<std::int64_t> renewed(ids->begin(), ids->end());
    for (const auto& pipe : d.gas_pipes)
        if (renewed.count(pipe.fid)) f.renewal.push_back(Geometry::from(pipe.line));

    auto cases = plan::read_cases(path);
    if (!cases) return cases.error();
    // The sample's campaigns run per zone (south, north); a district whose cases carry no zone has one.
    bool zoned = false;
    for (const auto& c : *cases) zoned = zoned || !c.zone.empty();
    const std::vector<std::string> zones =
        zoned ? std::vector<std::string>{"south", "north"} : std::vector<std::string>{""};
    for (const auto& zone : zones) {
        plan::CleanupFilter filter;
        filter.zone = zone;
        auto sel = plan::select_cases(*cases, *scope, filter);
        if (!sel) return sel.error();
        for (const auto& c : sel->cases)
            (c.ref.kind == plan::CaseKind::Structure ? f.structures : f.graffiti).push_back(c.geometry);
    }
    return f;
}

}  // namespace gis::present
