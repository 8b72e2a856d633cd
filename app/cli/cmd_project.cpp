// nbhd project list | show | add: projects with their budgets, cost of their plan items and what remains.

#include <iostream>
#include <optional>

#include "app/cli/app.hpp"
#include "app/cli/output.hpp"
#include "app/cli/plan_common.hpp"
#include "app/i18n/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/plan/schedule.hpp"

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
    auto budgets = gis::plan::project_budgets(s->data());
    if (as_json) {
        json out = json::array();
        for (const auto& b : budgets) out.push_back(budget_json(b));
        return print_json(out);
    }
    if (budgets.empty()) std::cout << tr("project.none") << '\n';
    for (const auto& b : budgets)
        std::cout << pad(b.project.key, 18) << ' ' << pad(b.project.name, 22) << ' ' << tr("project.budget")
                  << ' ' << pad(yuan(b.project.budget_cny), 12) << ' ' << tr("budget.total") << ' '
                  << pad(yuan(b.total_cny), 12) << ' ' << tr("project.remaining") << ' '
                  << yuan(b.remaining_cny)
                  << (b.over_budget ? std::string("  ") + tr("project.over_budget") : "") << '\n';
}

void run_show(Context& ctx, const std::string& name, bool as_json) {
    auto s = open_session(ctx);
    if (!s) return ctx.fail(s.error());
    auto p = s->require_project(name);
    if (!p) return ctx.fail(p.error());
    auto budget = gis::plan::project_budget(s->data(), p.value()->key);
    if (!budget) return ctx.fail(budget.error());
    if (as_json) {
        json j = budget_json(budget.value());
        json items = json::array();
        for (const auto& it : s->items())
            if (it.project == budget->project.key) items.push_back(item_json(it));
        j["item_list"] = items;
        json campaigns = json::array();
        for (const auto& c : s->campaigns())
            if (c.project == budget->project.key)
                campaigns.push_back(
                    {{"name", c.name}, {"date", c.date}, {"zone", c.zone}, {"route_m", c.route_m}});
        j["campaigns"] = campaigns;
        return print_json(j);
    }
    std::cout << budget->project.name << "  " << budget->project.name_en << "  (" << budget->project.key
              << ")\n";
    if (!budget->project.note.empty()) std::cout << "  " << budget->project.note << '\n';
    Rows rows;
    for (const auto& r : gis::plan::budget_rows(budget.value()))
        rows.add(i18n::budget_label(r.key, r.detail),
                 (r.items >= 0 ? with_commas(r.items) + " / " : std::string()) + yuan(r.cny));
    rows.print();
}

struct AddArgs {
    std::string key, name, name_en, area, note;
    double budget = 0, contingency = 0;
    int phases = 1;
};

void run_add(Context& ctx, const AddArgs& a) {
    auto s = open_for_edit(ctx);
    if (!s) return ctx.fail(s.error());
    gis::plan::Project p{-1,        a.key,    a.name.empty() ? a.key : a.name,
                         a.name_en, a.budget, a.phases,
                         a.area,    a.note,   a.contingency};
    if (auto r = s->add_project(p); !r) return ctx.fail(r.error());
    std::cout << tr("project.added") << ": " << a.key << '\n';
}

struct SetArgs {
    std::string key;
    std::optional<std::string> name, name_en, note;
    std::optional<double> budget, contingency;
    std::optional<int> phases;
};

void run_set(Context& ctx, const SetArgs& a) {
    auto s = open_for_edit(ctx);
    if (!s) return ctx.fail(s.error());
    auto p = s->require_project(a.key);
    if (!p) return ctx.fail(p.error());
    gis::plan::Project next = *p.value();
    if (a.name) next.name = *a.name;
    if (a.name_en) next.name_en = *a.name_en;
    if (a.note) next.note = *a.note;
    if (a.budget) next.budget_cny = *a.budget;
    if (a.contingency) next.contingency_pct = *a.contingency;
    if (a.phases) next.phases = *a.phases;
    if (auto r = s->update_project(next); !r) return ctx.fail(r.error());
    std::cout << tr("project.changed") << ": " << next.key << '\n';
}

struct PhaseArgs {
    std::string key, start;
    std::optional<std::string> name;  ///< absent: the phase keeps its name
    int phase = 1, days = 0;
};

void run_phase(Context& ctx, const PhaseArgs& a) {
    auto s = open_for_edit(ctx);
    if (!s) return ctx.fail(s.error());
    gis::plan::PhaseDates d;
    d.project = a.key;
    d.phase = a.phase;
    if (a.name) {
        d.name = *a.name;
    } else {
        const auto* project = s->find_project(a.key);
        for (const auto& p : s->phases())
            if (project && p.project == project->key && p.phase == a.phase) d.name = p.name;
    }
    d.start = a.start;
    d.days = a.days;
    if (auto r = s->set_phase(d); !r) return ctx.fail(r.error());
    auto days = gis::plan::parse_date(a.start);
    std::cout << tr("project.phase_set") << ": " << a.key << " " << tr("plan.phase") << " " << a.phase << "  "
              << a.start << " .. " << gis::plan::format_date(days.value() + a.days - 1) << " (" << a.days
              << ")\n";
}

void run_schedule(Context& ctx, const std::string& key, bool as_json) {
    auto s = open_session(ctx);
    if (!s) return ctx.fail(s.error());
    auto p = s->require_project(key);
    if (!p) return ctx.fail(p.error());
    auto sched = gis::plan::project_schedule(s->data(), p.value()->key);
    if (!sched) return ctx.fail(sched.error());
    if (as_json) {
        json phases = json::array();
        for (const auto& ph : sched->phases)
            phases.push_back({{"phase", ph.phase},
                              {"name", ph.name},
                              {"start", ph.start ? json(gis::plan::format_date(*ph.start)) : json()},
                              {"end", ph.end ? json(gis::plan::format_date(*ph.end)) : json()},
                              {"days", ph.days},
                              {"items", ph.items.items},
                              {"cost_cny", ph.items.cost_cny},
                              {"concurrent", ph.concurrent}});
        return print_json({{"project", sched->project.key},
                           {"start", sched->start ? json(gis::plan::format_date(*sched->start)) : json()},
                           {"end", sched->end ? json(gis::plan::format_date(*sched->end)) : json()},
                           {"phases", phases},
                           {"undated", sched->undated}});
    }
    std::cout << sched->project.name << "  (" << sched->project.key << ") " << tr("schedule.title") << '\n';
    // A Gantt bar per phase over the project's span, 40 columns wide.
    const int width = 40;
    std::vector<std::vector<std::string>> table = {
        {tr("schedule.phase"), tr("schedule.name"), tr("schedule.start"), tr("schedule.end"),
         tr("schedule.days"), tr("schedule.items"), tr("schedule.cost"), ""}};
    for (const auto& ph : sched->phases) {
        std::string bar;
        if (ph.start && sched->start) {
            const double span = static_cast<double>(*sched->end - *sched->start + 1);
            const int from = static_cast<int>((*ph.start - *sched->start) / span * width);
            const int to = std::max(from + 1, static_cast<int>((*ph.end - *sched->start + 1) / span * width));
            bar = std::string(static_cast<std::size_t>(from), '.') +
                  std::string(static_cast<std::size_t>(to - from), '#') +
                  std::string(static_cast<std::size_t>(width - to), '.');
        }
        table.push_back(
            {std::to_string(ph.phase), ph.name, ph.start ? gis::plan::format_date(*ph.start) : "-",
             ph.end ? gis::plan::format_date(*ph.end) : "-", ph.days ? std::to_string(ph.days) : "-",
             with_commas(ph.items.items), yuan(ph.items.cost_cny), bar});
    }
    print_text_table(table);
    for (const auto& ph : sched->phases)
        if (!ph.concurrent.empty()) {
            std::string list;
            for (int c : ph.concurrent) list += (list.empty() ? "" : ", ") + std::to_string(c);
            std::cout << tr("plan.phase") << " " << ph.phase << ": " << tr("schedule.concurrent") << " "
                      << list << '\n';
        }
    if (!sched->start) std::cout << tr("schedule.no_dates") << '\n';
    if (!sched->undated.empty()) {
        std::string list;
        for (int c : sched->undated) list += (list.empty() ? "" : ", ") + std::to_string(c);
        std::cout << tr("schedule.undated") << ": " << list << " (nbhd project phase " << sched->project.key
                  << " N --start YYYY-MM-DD --days D)\n";
    }
}

}  // namespace

void register_project(CLI::App& root, Context& ctx) {
    auto* project = subcommand_group(root, "project", _("Projects: budgets, items, cost and what remains"));

    static bool list_json = false;
    auto* list =
        project->add_subcommand("list", _("List projects with budget, cost of their items and remaining"));
    list->add_flag("--json", list_json, _("Print JSON"));
    list->callback([&ctx] { run_list(ctx, list_json); });

    static std::string show_name;
    static bool show_json = false;
    auto* show = project->add_subcommand("show", _("A project's budget by phase and kind, and its items"));
    show->add_option("name", show_name, _("Project key, Chinese or English name"))->required();
    show->add_flag("--json", show_json, _("Print JSON"));
    show->callback([&ctx] { run_show(ctx, show_name, show_json); });

    static AddArgs a;
    auto* add = project->add_subcommand("add", _("Add a project"));
    add->add_option("key", a.key, _("Short ASCII key, e.g. north-gate"))->required();
    add->add_option("--name", a.name, _("Name (Chinese)"));
    add->add_option("--name-en", a.name_en, _("Name (English)"));
    add->add_option("--budget", a.budget, _("Budget in CNY"))->required()->check(finite_in(0, 1e12));
    add->add_option("--phases", a.phases, _("Number of phases (1..20)"))->check(CLI::Range(1, 20));
    add->add_option("--area", a.area, _("Scope it belongs to (compound, market, ...)"));
    add->add_option("--note", a.note, _("Note"));
    // xgettext:no-c-format
    add->add_option("--contingency", a.contingency, _("Contingency, % of the items' cost (0..50)"))
        ->check(finite_in(0, 50));
    add->callback([&ctx] { run_add(ctx, a); });

    static SetArgs sa;
    auto* set =
        project->add_subcommand("set", _("Change a project's budget, phases, contingency, names or note"));
    set->add_option("key", sa.key, _("Project key, Chinese or English name"))->required();
    set->add_option("--budget", sa.budget, _("Budget in CNY"))->check(finite_in(0, 1e12));
    // xgettext:no-c-format
    set->add_option("--contingency", sa.contingency, _("Contingency, % of the items' cost (0..50)"))
        ->check(finite_in(0, 50));
    set->add_option("--phases", sa.phases, _("Number of phases (1..20)"))->check(CLI::Range(1, 20));
    set->add_option("--name", sa.name, _("Name (Chinese)"));
    set->add_option("--name-en", sa.name_en, _("Name (English)"));
    set->add_option("--note", sa.note, _("Note"));
    set->callback([&ctx] { run_set(ctx, sa); });

    static PhaseArgs pa;
    auto* phase =
        project->add_subcommand("phase", _("Set a phase's dates: its start and how many days it lasts"));
    phase->add_option("key", pa.key, _("Project key, Chinese or English name"))->required();
    phase->add_option("phase", pa.phase, _("Phase number"))->required();
    phase->add_option("--start", pa.start, _("First day, YYYY-MM-DD"))->required();
    phase->add_option("--days", pa.days, _("Calendar days (1..3650)"))->required();
    phase->add_option("--name", pa.name, _("Name of the phase (e.g. 管网改造)"));
    phase->callback([&ctx] { run_phase(ctx, pa); });

    static std::string schedule_key;
    static bool schedule_json = false;
    auto* schedule = project->add_subcommand(
        "schedule", _("A project's phases in time: dates, items, cost, what runs together"));
    schedule->add_option("key", schedule_key, _("Project key, Chinese or English name"))->required();
    schedule->add_flag("--json", schedule_json, _("Print JSON"));
    schedule->callback([&ctx] { run_schedule(ctx, schedule_key, schedule_json); });
}

NBHD_REGISTER_COMMAND(52, register_project);

}  // namespace app::cli
