// nbhd plan conflicts: what hits the same place at the same time (gis::plan::find_conflicts), with a
// reorder suggestion where one exists. `--apply` takes the suggested reorders (pipe first, then paving).

#include <iostream>

#include "app/cli/app.hpp"
#include "app/cli/output.hpp"
#include "app/cli/plan_common.hpp"
#include "app/i18n/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/core/terminal_text.hpp"
#include "gis/plan/conflicts.hpp"
#include "gis/plan/schedule.hpp"

namespace app::cli {
namespace {

using gis::with_commas;
using i18n::tr;
using nlohmann::json;

std::string ids_text(const std::vector<std::int64_t>& ids) {
    std::string s;
    for (auto id : ids) s += (s.empty() ? "" : ", ") + std::to_string(id);
    return s;
}

json conflict_json(const gis::plan::Conflict& c) {
    auto day = [](const std::optional<std::int64_t>& d) {
        return d ? json(gis::plan::format_date(*d)) : json();
    };
    json j = {{"kind", c.kind},
              {"project", c.project},
              {"items", c.items},
              {"first_day", day(c.first_day)},
              {"last_day", day(c.last_day)},
              {"days", c.days},
              {"area_m2", c.area_m2},
              {"names", c.names},
              {"households", c.households},
              {"suggestion", c.suggestion},
              {"suggestion_text", conflict_suggestion(c)},
              {"wkt", gis::to_wkt(c.where)}};
    if (c.to_phase > 0) j["move"] = {{"items", c.move_items}, {"to_phase", c.to_phase}};
    return j;
}

struct Args {
    std::string project;
    bool json = false, apply = false;
};

void run_conflicts(Context& ctx, const Args& a) {
    auto path = ctx.dataset_path();
    if (!path) return ctx.fail(path.error());
    if (a.apply)
        if (auto w = gis::io::check_writable(path.value()); !w) return ctx.fail(w.error());
    auto s = gis::plan::PlanSession::open(path.value());
    if (!s) return ctx.fail(s.error());
    std::string key;
    if (!a.project.empty()) {
        auto p = s->require_project(a.project);
        if (!p) return ctx.fail(p.error());
        key = p.value()->key;
    }
    auto d = ctx.load_district();
    if (!d) return;
    auto report = gis::plan::find_conflicts(d.value(), s->data(), key);
    if (a.apply) {
        int moved = 0;
        for (const auto& c : report.conflicts)
            for (auto id : c.move_items) {
                const auto* it = s->item(id);
                if (!it || it->phase == c.to_phase) continue;  // moved already (by another conflict)
                gis::plan::ItemChanges ch;
                ch.phase = c.to_phase;
                if (auto r = s->set_attributes(id, ch); !r) return ctx.fail(r.error());
                ++moved;
            }
        report = gis::plan::find_conflicts(d.value(), s->data(), key);
        if (!a.json) std::cout << tr("conflicts.applied") << ": " << moved << '\n';
    }
    if (a.json) {
        json list = json::array();
        for (const auto& c : report.conflicts) list.push_back(conflict_json(c));
        json undated = json::array();
        for (const auto& [p, n] : report.undated) undated.push_back({{"project", p}, {"phase", n}});
        return print_json({{"conflicts", list}, {"undated", undated}});
    }
    if (report.conflicts.empty()) std::cout << tr("conflicts.none") << '\n';
    for (const auto& c : report.conflicts) {
        std::cout << "● " << tr(("conflicts." + c.kind).c_str()) << "  [" << tr("conflicts.items") << " "
                  << ids_text(c.items) << "]";
        if (c.first_day)
            std::cout << "  " << gis::plan::format_date(*c.first_day) << " .. "
                      << gis::plan::format_date(*c.last_day);
        std::cout << '\n';
        if (c.area_m2 > 0) std::cout << "    " << metric(c.area_m2, "m²") << '\n';
        if (c.days > 0) std::cout << "    " << c.days << " " << tr("conflicts.days") << '\n';
        if (c.households > 0)
            std::cout << "    " << tr("conflicts.building") << " " << c.names.front() << ": "
                      << with_commas(c.households) << " " << tr("conflicts.households") << '\n';
        else if (!c.names.empty()) {
            std::string names;
            for (std::size_t i = 0; i < c.names.size() && i < 8; ++i) names += (i ? "、" : "") + c.names[i];
            if (c.names.size() > 8) names += " … (" + std::to_string(c.names.size()) + ")";
            std::cout << "    " << gis::terminal_text(names) << '\n';
        }
        if (!c.suggestion.empty()) {
            std::cout << "    → " << conflict_suggestion(c);
            if (c.to_phase > 0)
                std::cout << "  [--apply: " << tr("conflicts.apply_to") << " " << tr("plan.phase") << " "
                          << c.to_phase << "]";
            std::cout << '\n';
        }
    }
    if (!report.undated.empty()) {
        std::string list;
        for (const auto& [p, n] : report.undated)
            list += (list.empty() ? "" : ", ") + p + " " + std::to_string(n);
        std::cout << tr("conflicts.undated") << ": " << list << '\n';
    }
}

}  // namespace

void register_plan_conflicts(CLI::App& root, Context& ctx) {
    auto* plan = subcommand_group(root, "plan", _("Plans: hardening (paving), clean-up campaigns, plan items"));
    static Args a;
    auto* cmd = plan->add_subcommand(
        "conflicts",
        _("What hits the same place at the same time: paving over an open trench, shop fronts, a "
        "school gate in term time, a building's only entrance, two gas shutdowns"));
    cmd->add_option("--project", a.project, _("Only the conflicts of this project's items"));
    cmd->add_flag("--json", a.json, _("Print JSON"));
    cmd->add_flag("--apply", a.apply,
                  _("Take the suggested reorders (pipe first, then paving) and check again"));
    cmd->callback([&ctx] { run_conflicts(ctx, a); });
}

NBHD_REGISTER_COMMAND(56, register_plan_conflicts);

}  // namespace app::cli
