// nbhd plan hardening | cleanup | campaigns: paving proposals and clean-up campaigns, with quantities, cost
// and who is served (counts only; no personal data).

#include <algorithm>
#include <iostream>

#include "app/cli/app.hpp"
#include "app/cli/output.hpp"
#include "app/cli/plan_common.hpp"
#include "app/i18n/i18n.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/network/street_graph.hpp"
#include "gis/plan/cleanup.hpp"
#include "gis/plan/hardening.hpp"
#include "gis/plan/params.hpp"
#include "gis/plan/prices.hpp"
#include "gis/plan/route.hpp"
#include "gis/plan/scope_read.hpp"

namespace app::cli {
namespace {

using gis::fmt_fixed;
using gis::with_commas;
using i18n::tr;
using nlohmann::json;

/// Unit prices for one run: the data set's price table (nbhd prices), with the ones given on the
/// command line instead.
struct PriceOptions {
    std::optional<double> base, concrete, asphalt, demolition, graffiti;
    gis::Result<gis::plan::UnitPrices> prices(const std::string& path) const {
        auto table = gis::plan::read_prices(path);
        if (!table) return table.error();
        gis::plan::UnitPrices p = table->unit_prices();
        if (base) p.base_cny_m2 = *base;
        if (concrete) p.concrete_cny_m3 = *concrete;
        if (asphalt) p.asphalt_cny_m3 = *asphalt;
        if (demolition) p.demolition_cny_m2 = *demolition;
        if (graffiti) p.graffiti_cny_m2 = *graffiti;
        return p;
    }
};

struct HardeningArgs {
    std::string scope, wkt, material = "concrete", project;
    double depth = 0, thickness = 0, access = 8.0;
    int phase = 1;
    bool save = false, append = false, trim = false, json = false;
    PriceOptions price;
};

void run_hardening(Context& ctx, const HardeningArgs& a) {
    auto material = gis::plan::material_from(a.material);
    if (!material) return ctx.fail(material.error());
    auto path = ctx.dataset_path();
    if (!path) return ctx.fail(path.error());
    // Before any work: a save must be possible (read-only or locked files are refused up front).
    auto prices = a.price.prices(path.value());
    if (!prices) return ctx.fail(prices.error());
    std::optional<gis::plan::PlanSession> session;
    if (a.save) {
        if (auto w = gis::io::check_writable(path.value()); !w) return ctx.fail(w.error());
        auto s = gis::plan::PlanSession::open(path.value(), prices.value());
        if (!s) return ctx.fail(s.error());
        session.emplace(std::move(s.value()));
    }
    // A named area or a drawn polygon reads its part of the data set (with the access distance and
    // forecourt depth around it), not the city.
    auto d =
        gis::plan::load_for_scope(path.value(), a.scope, a.wkt, std::max(a.access, a.depth) + 20.0, true);
    if (!d) return ctx.fail(d.error());
    auto scope =
        gis::plan::resolve_scope(d.value(), a.wkt.empty() && a.scope.empty() ? "district" : a.scope, a.wkt);
    if (!scope) return ctx.fail(scope.error());
    std::string project;  // a copy: edits re-read the session's records
    if (session) {
        auto p = project_for_save(*session, a.project, scope->name());
        if (!p) return ctx.fail(p.error());
        project = p.value()->key;
    }

    gis::plan::HardeningOptions opt;
    if (a.depth > 0) opt.forecourt_depth_m = a.depth;
    opt.material = material.value();
    if (a.thickness > 0) opt.thickness_m = a.thickness;
    opt.prices = prices.value();
    opt.access_distance_m = a.access;
    auto plan = gis::plan::plan_hardening(d.value(), scope.value(), opt);

    std::vector<std::int64_t> ids;
    const auto policy = overlap_policy(a.trim, a.append);
    gis::plan::Overlap overlap;
    if (session) {
        if (plan.parts.empty())
            return ctx.fail(gis::make_error(gis::ErrorCode::BadInput,
                                            _("nothing to pave in this scope; nothing was saved")));
        auto saved = save_items(*session, project, gis::plan::to_items(plan, project, a.phase), policy,
                                "Hardening " + scope->name(), &overlap);
        if (!saved) return ctx.fail(saved.error());
        ids = saved.value();
    }
    // A proposal only: how much of it the project's saved plan already holds (the same overlap rule a
    // save runs), so a proposal is never taken for unplanned work.
    std::optional<gis::plan::Overlap> in_plan;
    if (!session && !plan.parts.empty()) {
        if (auto s = gis::plan::PlanSession::open(path.value(), prices.value()))
            if (auto p = project_for_save(*s, a.project, scope->name()))
                in_plan =
                    gis::plan::find_overlap(s->items(), gis::plan::to_items(plan, p.value()->key, a.phase));
    }

    if (a.json) {
        json parts = json::array();
        for (std::size_t i = 0; i < plan.parts.size(); ++i) {
            const auto& p = plan.parts[i];
            json part = {{"kind", gis::plan::to_string(p.kind)},
                         {"name", p.name},
                         {"ref", p.ref},
                         {"area_m2", p.area_m2},
                         {"volume_m3", p.area_m2 * plan.thickness_m},
                         {"cost_cny", p.area_m2 * plan.unit_price_cny}};
            if (ids.size() == plan.parts.size()) part["item_id"] = ids[i];  // --trim may leave parts out
            parts.push_back(part);
        }
        json streets = json::array();
        for (const auto& [name, m2] : plan.by_street) streets.push_back({{"name", name}, {"area_m2", m2}});
        json valves = json::array();
        for (const auto& v : plan.valves_covered)
            valves.push_back({{"id", v.valve_id},
                              {"x", v.location.x},
                              {"y", v.location.y},
                              {"distance_m", v.distance_m},
                              {"part", plan.parts[v.part].name},
                              {"part_kind", gis::plan::to_string(plan.parts[v.part].kind)}});
        json j = {{"data_set", d->source_path},
                  {"scope", scope->name()},
                  {"material", gis::plan::to_string(plan.material)},
                  {"thickness_m", plan.thickness_m},
                  {"unit_price_cny_m2", plan.unit_price_cny},
                  {"forecourts", a.depth > 0 ? "strips of " + fmt_fixed(a.depth, 2) + " m" : "layer"},
                  {"area_m2", plan.area_m2},
                  {"street_m2", plan.street_m2},
                  {"forecourt_m2", plan.forecourt_m2},
                  {"volume_m3", plan.volume_m3},
                  {"cost_cny", plan.cost_cny},
                  {"buildings_served", plan.served.buildings.size()},
                  {"building_numbers", plan.served.buildings},
                  {"households_served", plan.served.households},
                  {"by_street", streets},
                  {"valves_covered", valves},
                  {"parts", parts}};
        if (session) {
            j["saved"] = {{"project", project}, {"phase", a.phase}, {"item_ids", ids}};
            if (!overlap.empty()) j["saved"]["overlap"] = overlap_json(overlap, policy);
        }
        if (in_plan)
            j["in_plan"] = {
                {"project", in_plan->project}, {"area_m2", in_plan->area_m2}, {"item_ids", in_plan->ids()}};
        print_json(j);
        return;
    }
    std::cout << tr("plan.hardening.title") << " — " << term("scope", scope->name()) << '\n';
    print_row(tr("plan.material"), term("material", gis::plan::to_string(plan.material)) + ", " +
                                       fmt_fixed(plan.thickness_m, 2) + " m, " + yuan(plan.unit_price_cny) +
                                       "/m²");
    print_row(tr("plan.area"), metric(plan.area_m2, "m²"));
    print_row(tr("plan.street_area"), metric(plan.street_m2, "m²"));
    print_row(tr("plan.forecourt_area"), metric(plan.forecourt_m2, "m²"));
    print_row(tr("plan.volume"), metric(plan.volume_m3, "m³"));
    print_row(tr("plan.cost"), yuan(plan.cost_cny));
    if (in_plan)
        print_row(tr("plan.in_plan"), in_plan->empty()
                                          ? std::string(tr("present.not_in_plan"))
                                          : metric(in_plan->area_m2, "m²") + " (" + in_plan->project + ", " +
                                                with_commas(static_cast<std::int64_t>(in_plan->with.size())) +
                                                " " + tr("conflicts.items") + ")");
    print_row(tr("plan.buildings_served"),
              with_commas(static_cast<std::int64_t>(plan.served.buildings.size())));
    print_row(tr("plan.households_served"), with_commas(plan.served.households));
    std::cout << tr("plan.by_street") << '\n';
    for (const auto& [name, m2] : plan.by_street) print_row(name, metric(m2, "m²"));
    if (!plan.valves_covered.empty()) {
        std::cout << tr("plan.valves_covered") << ": " << plan.valves_covered.size() << '\n';
        for (const auto& v : plan.valves_covered)
            print_row(std::string(tr("plan.valve")) + " #" + std::to_string(v.valve_id),
                      plan.parts[v.part].name + "  (" + fmt_fixed(v.location.x, 1) + ", " +
                          fmt_fixed(v.location.y, 1) + ")");
    }
    std::cout << tr("plan.parts") << ": " << plan.parts.size() << '\n';
    for (const auto& p : plan.parts)
        print_row(
            (p.kind == gis::plan::PartKind::Street ? tr("plan.part.street") : tr("plan.part.forecourt")) +
                std::string(" ") + p.name,
            metric(p.area_m2, "m²"));
    if (session) {
        std::cout << tr("plan.saved") << ": " << ids.size() << " → " << project << ", " << tr("plan.phase")
                  << ' ' << a.phase << '\n';
        if (auto line = overlap_line(overlap, policy); !line.empty()) std::cout << line << '\n';
    }
}

struct CleanupArgs {
    std::string scope, wkt, zone, campaign, cases = "all", date, project, note;
    int phase = 1;
    int max_route_sites = gis::plan::kMaxRouteSites;
    bool save = false, verify = false, json = false;
    PriceOptions price;
};

std::string route_skipped(std::size_t sites, int max) {
    return std::to_string(sites) + " " + tr("plan.route.too_many") + " (--max-route-sites " +
           std::to_string(max) + ")";
}

void run_cleanup(Context& ctx, const CleanupArgs& a) {
    if (a.cases != "all" && a.cases != "graffiti" && a.cases != "structures")
        return ctx.fail(gis::make_error(
            gis::ErrorCode::BadInput,
            gis::i18n::format(_("--cases must be all, graffiti or structures, got '{0}'"), a.cases)));
    if (a.save && a.campaign.empty())
        return ctx.fail(gis::make_error(gis::ErrorCode::BadInput, _("--save needs --campaign NAME")));
    if (a.save && !gis::plan::valid_date(a.date))
        return ctx.fail(gis::make_error(
            gis::ErrorCode::BadInput,
            gis::i18n::format(_("--save needs the campaign's --date YYYY-MM-DD (got '{0}')"), a.date)));
    auto path = ctx.dataset_path();
    if (!path) return ctx.fail(path.error());
    if (a.save)
        if (auto w = gis::io::check_writable(path.value()); !w) return ctx.fail(w.error());
    auto prices = a.price.prices(path.value());
    if (!prices) return ctx.fail(prices.error());
    auto session = gis::plan::PlanSession::open(path.value(), prices.value());
    if (!session) return ctx.fail(session.error());
    auto d = gis::plan::load_for_scope(path.value(), a.scope, a.wkt, 20.0, false);
    if (!d) return ctx.fail(d.error());
    auto scope =
        gis::plan::resolve_scope(d.value(), a.wkt.empty() && a.scope.empty() ? "district" : a.scope, a.wkt);
    if (!scope) return ctx.fail(scope.error());
    std::string project;  // a copy: edits re-read the session's records
    if (a.save) {
        auto p = project_for_save(session.value(), a.project, scope->name());
        if (!p) return ctx.fail(p.error());
        project = p.value()->key;
    }
    auto cases = session->cases();
    if (!cases) return ctx.fail(cases.error());
    gis::plan::CleanupFilter filter;
    filter.zone = a.zone;
    filter.structures = a.cases != "graffiti";
    filter.graffiti = a.cases != "structures";
    auto sel = gis::plan::select_cases(*cases.value(), scope.value(), filter, prices.value());
    if (!sel) return ctx.fail(sel.error());

    gis::plan::SchedulePlan steps;
    if (a.save) {
        steps = gis::plan::schedule_steps(sel.value(), a.campaign, a.date, a.verify);
        if (steps.changes.empty() && steps.already.empty())
            return ctx.fail(gis::make_error(
                gis::ErrorCode::BadInput,
                gis::i18n::format(
                    _("nothing to schedule for campaign '{0}': {1} case(s) are only reported (add "
                      "--verify to verify them when scheduling), {2} are in another campaign; "
                      "nothing was saved"),
                    a.campaign, steps.unverified.size(), steps.elsewhere.size())));
        sel = gis::plan::restrict_to(sel.value(), steps, prices.value());
    }

    std::vector<gis::Point> sites;
    for (const auto& c : sel->cases) sites.push_back(c.site());
    // A route needs a network search per pair of sites: meant for a campaign, not for a whole city.
    const bool routed = sites.size() <= static_cast<std::size_t>(a.max_route_sites);
    gis::plan::CrewRoute route;
    if (routed) {
        // A part read routes over the streets around the sites (read until they cannot change the route).
        if (d->partial) {
            auto r = gis::plan::crew_route_from_file(path.value(), sites);
            if (!r) return ctx.fail(r.error());
            route = std::move(r).value();
        } else {
            route = gis::plan::crew_route(gis::network::StreetGraph::build(d.value()), sites);
        }
    }

    if (a.save) {
        gis::plan::Campaign c{-1, a.campaign, project, a.cases, a.zone, a.date, route.length_m, a.note};
        gis::plan::PlanItem item;
        item.kind = "cleanup";
        item.project = project;
        item.name = tr("plan.cleanup.item") + std::string(" ") + a.campaign;
        item.phase = a.phase;
        item.geometry = route.line.size() >= 2 ? gis::Geometry::from(route.line) : gis::Geometry{};
        std::string params = gis::plan::with_param("{}", "cost_cny", sel->cost_cny);
        params = gis::plan::with_param(params, "structures", static_cast<double>(sel->structures));
        params = gis::plan::with_param(params, "structures_m2", sel->structures_m2);
        params = gis::plan::with_param(params, "graffiti_sites", static_cast<double>(sel->graffiti_sites));
        params = gis::plan::with_param(params, "graffiti_m2", sel->graffiti_m2);
        params = gis::plan::with_param(params, "route_m", route.length_m);
        params = gis::plan::with_param(params, "date", a.date);
        item.params = params;
        if (auto r = session->save_campaign(c, steps.changes, item); !r) return ctx.fail(r.error());
    }

    auto refs = [](const std::vector<gis::plan::CaseRef>& v) {
        json a = json::array();
        for (const auto& r : v) a.push_back(gis::plan::to_string(r));
        return a;
    };
    if (a.json) {
        json order = json::array();
        for (auto i : route.order) order.push_back(gis::plan::to_string(sel->cases[i].ref));
        json j = {{"data_set", d->source_path},
                  {"scope", scope->name()},
                  {"zone", a.zone},
                  {"cases", a.cases},
                  {"structures", sel->structures},
                  {"structures_m2", sel->structures_m2},
                  {"graffiti_sites", sel->graffiti_sites},
                  {"graffiti_m2", sel->graffiti_m2},
                  {"cost_cny", sel->cost_cny},
                  {"route_m", routed ? json(route.length_m) : json(nullptr)},
                  {"route_connected", route.connected},
                  {"route_order", order}};
        if (!routed) j["route_skipped"] = route_skipped(sites.size(), a.max_route_sites);
        if (!a.campaign.empty()) j["campaign"] = a.campaign;
        if (a.save)
            j["saved"] = {{"project", project},
                          {"date", a.date},
                          {"scheduled", steps.changes.size()},
                          {"unverified", refs(steps.unverified)},
                          {"elsewhere", refs(steps.elsewhere)},
                          {"already", refs(steps.already)}};
        print_json(j);
        return;
    }
    std::cout << tr("plan.cleanup.title") << " — " << term("scope", scope->name())
              << (a.zone.empty() ? "" : " / " + term("zone", a.zone))
              << (a.campaign.empty() ? "" : " / " + a.campaign) << '\n';
    print_row(tr("plan.structures"), with_commas(sel->structures) + " / " + metric(sel->structures_m2, "m²"));
    print_row(tr("plan.graffiti"), with_commas(sel->graffiti_sites) + " / " + metric(sel->graffiti_m2, "m²"));
    print_row(tr("plan.cost"), yuan(sel->cost_cny));
    if (!routed)
        print_row(tr("plan.route"), route_skipped(sites.size(), a.max_route_sites));
    else
        print_row(tr("plan.route"),
                  metric(route.length_m, "m") +
                      (route.connected ? "" : " (" + std::string(tr("plan.route.disconnected")) + ")"));
    if (a.save) {
        print_row(tr("plan.scheduled"), with_commas(static_cast<std::int64_t>(steps.changes.size())));
        if (!steps.unverified.empty())
            print_row(tr("plan.unverified"), with_commas(static_cast<std::int64_t>(steps.unverified.size())) +
                                                 "  " + tr("plan.unverified.hint"));
        if (!steps.elsewhere.empty())
            print_row(tr("plan.elsewhere"), with_commas(static_cast<std::int64_t>(steps.elsewhere.size())));
    }
}

void run_campaigns(Context& ctx, bool as_json) {
    auto path = ctx.dataset_path();
    if (!path) return ctx.fail(path.error());
    auto session = gis::plan::PlanSession::open(path.value());
    if (!session) return ctx.fail(session.error());
    auto cases = session->cases();
    if (!cases) return ctx.fail(cases.error());
    json out = json::array();
    for (const auto& c : session->campaigns()) {
        std::int64_t n = 0, cleared = 0, structures = 0, graffiti = 0;
        double structures_m2 = 0, graffiti_m2 = 0;
        for (const auto& k : *cases.value()) {
            if (k.campaign != c.name) continue;
            ++n;
            if (k.status == gis::plan::CaseStatus::Cleared) ++cleared;
            if (k.ref.kind == gis::plan::CaseKind::Structure) {
                ++structures;
                structures_m2 += k.area_m2;
            } else {
                ++graffiti;
                graffiti_m2 += k.area_m2;
            }
        }
        out.push_back({{"name", c.name},
                       {"project", c.project},
                       {"cases", c.cases},
                       {"zone", c.zone},
                       {"date", c.date},
                       {"route_m", c.route_m},
                       {"case_count", n},
                       {"cleared", cleared},
                       {"structures", structures},
                       {"structures_m2", structures_m2},
                       {"graffiti_sites", graffiti},
                       {"graffiti_m2", graffiti_m2}});
    }
    if (as_json) return print_json(out);
    for (const auto& c : out)
        std::cout << c["name"].get<std::string>() << "  " << c["date"].get<std::string>() << "  "
                  << c["case_count"].get<std::int64_t>() << ' ' << tr("plan.cases") << " ("
                  << c["cleared"].get<std::int64_t>() << ' ' << tr("plan.cleared") << "), "
                  << tr("plan.route") << ' ' << metric(c["route_m"].get<double>(), "m") << '\n';
    if (out.empty()) std::cout << tr("plan.no_campaigns") << '\n';
}

void add_prices(CLI::App* cmd, PriceOptions& p, bool paving) {
    if (paving) {
        cmd->add_option("--base-price", p.base,
                        _("Base course price, CNY per m² of paving (default: the price table, nbhd prices)"))
            ->check(finite_in(0, 1e9));
        cmd->add_option("--concrete-price", p.concrete, _("C25 concrete price, CNY per m³"))
            ->check(finite_in(0, 1e9));
        cmd->add_option("--asphalt-price", p.asphalt, _("Asphalt concrete price, CNY per m³"))
            ->check(finite_in(0, 1e9));
    } else {
        cmd->add_option("--demolition-price", p.demolition, _("Demolition and haulage, CNY per m²"))
            ->check(finite_in(0, 1e9));
        cmd->add_option("--graffiti-price", p.graffiti, _("Graffiti cleaning materials, CNY per m²"))
            ->check(finite_in(0, 1e9));
    }
}

}  // namespace

void register_plan(CLI::App& root, Context& ctx) {
    auto* plan =
        subcommand_group(root, "plan", _("Plans: hardening (paving), clean-up campaigns, plan items"));

    static HardeningArgs h;
    auto* hard = plan->add_subcommand("hardening",
                                      _("Propose paving (硬化) of the unpaved streets and forecourts in a "
                                        "scope: m² per street and forecourt, "
                                        "volume, cost, buildings and households served"));
    hard->add_option("--scope", h.scope, _("district, compound or area:NAME (default: district)"))
        ->check(scope_name());
    hard->add_option("--wkt", h.wkt, _("Scope as a WKT polygon in EPSG:4546 metres"))
        ->type_name("WKT")
        ->check(not_blank());
    hard->add_option("--depth", h.depth,
                     _("Regenerate forecourts as strips of this depth (m) in front of each "
                       "building's entrance side, instead of the forecourts layer"))
        ->check(finite_in(0.5, 50.0));
    hard->add_option("--thickness", h.thickness,
                     _("Pavement thickness in m (default 0.20 concrete, 0.06 asphalt)"))
        ->check(finite_in(0.02, 1.0));
    hard->add_option("--material", h.material, _("concrete or asphalt"))
        ->check(CLI::IsMember({"concrete", "asphalt"}));
    hard->add_option("--access", h.access,
                     _("An entrance within this distance (m) of a paved street is served"))
        ->check(finite_in(0.0, 100.0));
    hard->add_flag(
        "--save", h.save,
        _("Save every part as a plan item (in one transaction; nbhd plan remove takes the items back)"));
    auto* hard_append = hard->add_flag(
        "--append", h.append,
        _("With --save: save even where the project already has paving items over the same area"));
    hard->add_flag("--trim", h.trim,
                   _("With --save: where the project already has paving items over the same area, save only "
                     "the parts not yet planned"))
        ->excludes(hard_append);
    hard->add_option("--project", h.project,
                     _("Project to save to (default: the compound's project for "
                       "--scope compound)"));
    hard->add_option("--phase", h.phase, _("Phase of the saved items"))->check(CLI::PositiveNumber);
    hard->add_flag("--json", h.json, _("Print JSON"));
    add_prices(hard, h.price, true);
    hard->callback([&ctx] { run_hardening(ctx, h); });

    static CleanupArgs c;
    auto* clean = plan->add_subcommand(
        "cleanup", _("Clean-up: illegal structures and graffiti in a scope, totals, cost "
                     "and a crew route along the streets; "
                     "with --campaign NAME --date D --save, schedule them for a campaign"));
    clean->add_option("--scope", c.scope, _("district, compound or area:NAME (default: district)"))
        ->check(scope_name());
    clean->add_option("--wkt", c.wkt, _("Scope as a WKT polygon in EPSG:4546 metres"))
        ->type_name("WKT")
        ->check(not_blank());
    clean->add_option("--zone", c.zone, _("Only cases of this zone"))
        ->check(CLI::IsMember({"south", "north"}));
    clean->add_option("--cases", c.cases, _("all, graffiti or structures"));
    clean->add_option("--campaign", c.campaign, _("Campaign name"));
    clean->add_option("--date", c.date, _("Campaign date YYYY-MM-DD"));
    clean->add_option("--project", c.project, _("Project of the campaign (default: the compound's project)"));
    clean->add_option("--note", c.note, _("Note on the campaign"));
    clean->add_option("--phase", c.phase, _("Phase of the campaign's cost item"))->check(CLI::PositiveNumber);
    clean
        ->add_option("--max-route-sites", c.max_route_sites,
                     _("Compute the crew route only up to this many sites (one network search per pair)"))
        ->check(CLI::Range(1, 2000));
    clean->add_flag("--verify", c.verify,
                    _("Verify reported cases as part of scheduling them (each step recorded)"));
    clean->add_flag(
        "--save", c.save,
        _("Schedule the cases for the campaign (in one transaction, each step in the case history)"));
    clean->add_flag("--json", c.json, _("Print JSON"));
    add_prices(clean, c.price, false);
    clean->callback([&ctx] { run_cleanup(ctx, c); });

    static bool campaigns_json = false;
    auto* camps = plan->add_subcommand("campaigns", _("List saved clean-up campaigns with their cases"));
    camps->add_flag("--json", campaigns_json, _("Print JSON"));
    camps->callback([&ctx] { run_campaigns(ctx, campaigns_json); });
}

NBHD_REGISTER_COMMAND(50, register_plan);

}  // namespace app::cli
