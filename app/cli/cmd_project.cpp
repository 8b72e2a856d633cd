// nbhd project list | show | add: projects with their budgets, cost of their plan items and what remains.

#include <iostream>

#include "app/cli/app.hpp"
#include "app/cli/output.hpp"
#include "app/cli/plan_common.hpp"
#include "app/i18n/i18n.hpp"
#include "gis/core/strings.hpp"

namespace app::cli {
namespace {

using gis::with_commas;
using i18n::tr;
using nlohmann::json;

gis::Result<gis::plan::PlanSession> open_session(Context& ctx) {
    auto path = ctx.dataset_path();
    if (!path) return path.error();
    return gis::plan::PlanSession::open(path.value());
}

void run_list(Context& ctx, bool as_json) {
    auto s = open_session(ctx);
    if (!s) return ctx.fail(s.error());
    auto budgets = gis::plan::project_budgets({s->projects(), s->items(), s->campaigns()});
    if (as_json) {
        json out = json::array();
        for (const auto& b : budgets) out.push_back(budget_json(b));
        return print_json(out);
    }
    if (budgets.empty()) std::cout << tr("project.none") << '\n';
    for (const auto& b : budgets)
        std::cout << pad(b.project.key, 18) << ' ' << pad(b.project.name, 22) << ' ' << tr("project.budget")
                  << ' ' << pad(yuan(b.project.budget_cny), 12) << ' ' << tr("project.cost") << ' '
                  << pad(yuan(b.cost_cny), 12) << ' ' << tr("project.remaining") << ' '
                  << yuan(b.remaining_cny)
                  << (b.over_budget ? std::string("  ") + tr("project.over_budget") : "") << '\n';
}

void run_show(Context& ctx, const std::string& name, bool as_json) {
    auto s = open_session(ctx);
    if (!s) return ctx.fail(s.error());
    auto p = s->require_project(name);
    if (!p) return ctx.fail(p.error());
    gis::plan::ProjectBudget budget;
    for (auto& b : gis::plan::project_budgets({s->projects(), s->items(), s->campaigns()}))
        if (b.project.key == p.value()->key) budget = std::move(b);
    if (as_json) {
        json j = budget_json(budget);
        json items = json::array();
        for (const auto& it : s->items())
            if (it.project == budget.project.key) items.push_back(item_json(it));
        j["item_list"] = items;
        json campaigns = json::array();
        for (const auto& c : s->campaigns())
            if (c.project == budget.project.key)
                campaigns.push_back(
                    {{"name", c.name}, {"date", c.date}, {"zone", c.zone}, {"route_m", c.route_m}});
        j["campaigns"] = campaigns;
        return print_json(j);
    }
    std::cout << budget.project.name << "  " << budget.project.name_en << "  (" << budget.project.key
              << ")\n";
    if (!budget.project.note.empty()) std::cout << "  " << budget.project.note << '\n';
    print_row(tr("project.budget"), yuan(budget.project.budget_cny));
    print_row(tr("project.cost"), yuan(budget.cost_cny));
    print_row(tr("project.remaining"),
              yuan(budget.remaining_cny) +
                  (budget.over_budget ? std::string("  ") + tr("project.over_budget") : ""));
    print_row(tr("project.items"), with_commas(budget.items));
    for (const auto& [n, t] : budget.phases)
        print_row(std::string(tr("plan.phase")) + " " + std::to_string(n),
                  with_commas(t.items) + " / " + yuan(t.cost_cny));
    for (const auto& [k, t] : budget.kinds)
        print_row(term("kind", k), with_commas(t.items) + " / " + yuan(t.cost_cny));
}

struct AddArgs {
    std::string key, name, name_en, area, note;
    double budget = 0;
    int phases = 1;
};

void run_add(Context& ctx, const AddArgs& a) {
    auto path = ctx.dataset_path();
    if (!path) return ctx.fail(path.error());
    if (auto w = gis::io::check_writable(path.value()); !w) return ctx.fail(w.error());
    auto s = gis::plan::PlanSession::open(path.value());
    if (!s) return ctx.fail(s.error());
    gis::plan::Project p{-1,     a.key, a.name.empty() ? a.key : a.name, a.name_en, a.budget, a.phases,
                         a.area, a.note};
    if (auto r = s->add_project(p); !r) return ctx.fail(r.error());
    std::cout << tr("project.added") << ": " << a.key << '\n';
}

}  // namespace

void register_project(CLI::App& root, Context& ctx) {
    auto* project = subcommand_group(root, "project", "Projects: budgets, items, cost and what remains");

    static bool list_json = false;
    auto* list =
        project->add_subcommand("list", "List projects with budget, cost of their items and remaining");
    list->add_flag("--json", list_json, "Print JSON");
    list->callback([&ctx] { run_list(ctx, list_json); });

    static std::string show_name;
    static bool show_json = false;
    auto* show = project->add_subcommand("show", "A project's budget by phase and kind, and its items");
    show->add_option("name", show_name, "Project key, Chinese or English name")->required();
    show->add_flag("--json", show_json, "Print JSON");
    show->callback([&ctx] { run_show(ctx, show_name, show_json); });

    static AddArgs a;
    auto* add = project->add_subcommand("add", "Add a project");
    add->add_option("key", a.key, "Short ASCII key, e.g. north-gate")->required();
    add->add_option("--name", a.name, "Name (Chinese)");
    add->add_option("--name-en", a.name_en, "Name (English)");
    add->add_option("--budget", a.budget, "Budget in CNY")->required()->check(finite_in(0, 1e12));
    add->add_option("--phases", a.phases, "Number of phases")->check(CLI::PositiveNumber);
    add->add_option("--area", a.area, "Scope it belongs to (compound, market, ...)");
    add->add_option("--note", a.note, "Note");
    add->callback([&ctx] { run_add(ctx, a); });
}

NBHD_REGISTER_COMMAND(52, register_project);

}  // namespace app::cli
