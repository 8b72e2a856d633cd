// nbhd case list | set | history: the lifecycle of clean-up cases (illegal structures and graffiti).

#include <algorithm>
#include <iostream>

#include "app/cli/app.hpp"
#include "app/cli/output.hpp"
#include "app/cli/plan_common.hpp"
#include "app/i18n/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/plan/scope.hpp"

namespace app::cli {
namespace {

using i18n::term;
using i18n::tr;
using nlohmann::json;

struct ListArgs {
    std::string scope, wkt, zone, status, kind;
    bool json = false;
};

void run_list(Context& ctx, const ListArgs& a) {
    std::optional<gis::plan::CaseStatus> status;
    if (!a.status.empty()) {
        auto st = gis::plan::case_status_from(a.status);
        if (!st) return ctx.fail(st.error());
        status = st.value();
    }
    auto path = ctx.dataset_path();
    if (!path) return ctx.fail(path.error());
    auto cases = gis::plan::read_cases(path.value());
    if (!cases) return ctx.fail(cases.error());
    std::optional<gis::plan::Scope> scope;
    if (!a.scope.empty() || !a.wkt.empty()) {
        auto d = ctx.load_district({false});
        if (!d) return;
        auto s = gis::plan::resolve_scope(d.value(), a.scope, a.wkt);
        if (!s) return ctx.fail(s.error());
        scope.emplace(std::move(s.value()));
    }
    json out = json::array();
    for (const auto& c : cases.value()) {
        if (!a.zone.empty() && c.zone != a.zone) continue;
        if (status && c.status != *status) continue;
        if (a.kind == "graffiti" && c.ref.kind != gis::plan::CaseKind::Graffiti) continue;
        if (a.kind == "structures" && c.ref.kind != gis::plan::CaseKind::Structure) continue;
        if (scope && !scope->intersects(c.geometry)) continue;
        if (a.json) {
            out.push_back(case_json(c));
            continue;
        }
        std::cout << pad(gis::plan::to_string(c.ref), 6) << ' '
                  << pad(term("status", gis::plan::to_string(c.status)), 10) << ' ' << pad(c.zone, 6) << ' '
                  << pad(metric(c.area_m2, "m²"), 10) << ' ' << pad(c.what, 16) << ' ' << c.campaign
                  << (c.scheduled.empty() ? "" : " " + c.scheduled)
                  << (c.cleared.empty() ? "" : " → " + c.cleared) << '\n';
    }
    if (a.json) print_json(out);
}

struct SetArgs {
    std::vector<std::string> ids;
    std::string status, campaign, date, note;
    bool json = false;
};

void run_set(Context& ctx, const SetArgs& a) {
    auto to = gis::plan::case_status_from(a.status);
    if (!to) return ctx.fail(to.error());
    std::vector<gis::plan::CaseChange> changes;
    for (const auto& text : a.ids) {
        auto ref = gis::plan::parse_case_ref(text);
        if (!ref) return ctx.fail(ref.error());
        const bool listed = std::any_of(changes.begin(), changes.end(), [&](const gis::plan::CaseChange& c) {
            return gis::plan::to_string(c.ref) == gis::plan::to_string(ref.value());
        });
        if (!listed)
            changes.push_back({ref.value(), {{to.value(), a.campaign, a.date, a.note}}});  // once each
    }
    auto path = ctx.dataset_path();
    if (!path) return ctx.fail(path.error());
    if (auto w = gis::io::check_writable(path.value()); !w) return ctx.fail(w.error());
    auto s = gis::plan::PlanSession::open(path.value());
    if (!s) return ctx.fail(s.error());
    if (auto r = s->change_cases(changes, "Cases " + a.status); !r) return ctx.fail(r.error());
    json out = json::array();
    for (const auto& ch : changes) {
        auto c = s->find_case(ch.ref);
        if (!c) return ctx.fail(c.error());
        if (a.json)
            out.push_back(case_json(c.value()));
        else
            std::cout << gis::plan::to_string(ch.ref) << " → "
                      << term("status", gis::plan::to_string(c->status)) << '\n';
    }
    if (a.json) print_json(out);
}

void run_history(Context& ctx, const std::string& id, bool as_json) {
    auto ref = gis::plan::parse_case_ref(id);
    if (!ref) return ctx.fail(ref.error());
    auto path = ctx.dataset_path();
    if (!path) return ctx.fail(path.error());
    auto s = gis::plan::PlanSession::open(path.value());
    if (!s) return ctx.fail(s.error());
    auto c = s->find_case(ref.value());
    if (!c) return ctx.fail(c.error());
    auto h = gis::plan::read_case_history(path.value(), ref.value());
    if (!h) return ctx.fail(h.error());
    if (as_json) {
        json rows = json::array();
        for (const auto& e : h.value())
            rows.push_back({{"from", e.from_status},
                            {"to", e.to_status},
                            {"campaign", e.campaign},
                            {"date", e.date},
                            {"note", e.note},
                            {"recorded", e.recorded}});
        json j = case_json(c.value());
        j["history"] = rows;
        return print_json(j);
    }
    std::cout << gis::plan::to_string(ref.value()) << "  " << c->what << "  "
              << term("status", gis::plan::to_string(c->status)) << '\n';
    if (h->empty()) std::cout << "  " << tr("case.no_history") << '\n';
    for (const auto& e : h.value())
        std::cout << "  " << e.recorded << "  " << term("status", e.from_status) << " → "
                  << term("status", e.to_status) << (e.campaign.empty() ? "" : "  " + e.campaign)
                  << (e.date.empty() ? "" : "  " + e.date) << (e.note.empty() ? "" : "  " + e.note) << '\n';
}

}  // namespace

void register_case(CLI::App& root, Context& ctx) {
    auto* group =
        subcommand_group(root, "case", _("Clean-up cases: illegal structures (S12) and graffiti (G7)"));

    static ListArgs l;
    auto* list = group->add_subcommand("list", _("List cases with their status and campaign"));
    list->add_option("--scope", l.scope, _("district, compound or area:NAME"))->check(scope_name());
    list->add_option("--wkt", l.wkt, _("Scope as a WKT polygon"))->type_name("WKT")->check(not_blank());
    list->add_option("--zone", l.zone, _("south or north"))->check(CLI::IsMember({"south", "north"}));
    list->add_option("--status", l.status, _("reported, verified, scheduled or cleared"));
    list->add_option("--kind", l.kind, _("graffiti or structures"))
        ->check(CLI::IsMember({"graffiti", "structures"}));
    list->add_flag("--json", l.json, _("Print JSON"));
    list->callback([&ctx] { run_list(ctx, l); });

    static SetArgs s;
    auto* set = group->add_subcommand(
        "set", _("Move cases on: reported → verified → scheduled (--campaign, --date) → cleared (--date)"));
    set->add_option("ids", s.ids, _("Case ids: S12 (illegal structure), G7 (graffiti)"))->required();
    set->add_option("--status", s.status, _("verified, scheduled or cleared"))->required();
    set->add_option("--campaign", s.campaign, _("Campaign (for scheduled)"));
    set->add_option("--date", s.date, _("Date YYYY-MM-DD (scheduled: the campaign day; cleared: the day)"));
    set->add_option("--note", s.note, _("Note kept in the case history"));
    set->add_flag("--json", s.json, _("Print the cases as JSON"));
    set->callback([&ctx] { run_set(ctx, s); });

    static std::string history_id;
    static bool history_json = false;
    auto* history =
        group->add_subcommand("history", _("A case's lifecycle, every step with its date and note"));
    history->add_option("id", history_id, _("Case id (S12, G7)"))->required();
    history->add_flag("--json", history_json, _("Print JSON"));
    history->callback([&ctx] { run_history(ctx, history_id, history_json); });
}

NBHD_REGISTER_COMMAND(53, register_case);

}  // namespace app::cli
