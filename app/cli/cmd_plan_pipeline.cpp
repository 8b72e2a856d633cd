// nbhd plan pipeline: gas pipe renewal (a named scope of existing pipes, a drawn route, or a route found
// along the lanes and streets): length, cost, clearance, covered valves, phases and who is interrupted.

#include <cmath>
#include <iostream>
#include <unordered_map>

#include "app/cli/app.hpp"
#include "app/cli/output.hpp"
#include "app/cli/plan_common.hpp"
#include "app/i18n/i18n.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/network/gas_district.hpp"
#include "gis/network/parse.hpp"
#include "gis/network/renewal.hpp"
#include "gis/plan/pipeline_items.hpp"
#include "gis/plan/prices.hpp"
#include "gis/plan/scope.hpp"

namespace app::cli {
namespace {

using gis::fmt_fixed;
using gis::with_commas;
using i18n::tr;
using nlohmann::json;

struct PipelineArgs {
    std::string scope, from, to, wkt, pressure, material = "pe";
    int diameter = 0;
    double offset = 1.5;
    double phase_length = 200;
    double clearance_low = 0.7, clearance_medium_b = 1.0, clearance_medium_a = 1.5;
    std::vector<std::string> unit_prices;
    std::vector<std::int64_t> segments;
    bool json = false, save = false, append = false, trim = false;
    std::string project;
    int phase = 1;
};

gis::Result<gis::network::RenewalOptions> options_from(const PipelineArgs& a) {
    gis::network::RenewalOptions o;
    if (!a.pressure.empty()) {
        auto p = gis::network::parse_pressure(a.pressure);
        if (!p) return p.error();
        o.pressure = p.value();
    }
    if (a.material != "pe" && a.material != "steel")
        return gis::make_error(gis::ErrorCode::BadInput,
                               gis::i18n::format(_("unknown material {0} (use pe or steel)"),
                                                 gis::quote_for_message(a.material)));
    o.material = a.material;
    o.diameter_mm = a.diameter;
    o.phase_length_m = a.phase_length;
    o.clearance = {a.clearance_low, a.clearance_medium_b, a.clearance_medium_a};
    for (const auto& u : a.unit_prices)
        if (auto r = o.prices.set(u); !r) return r.error();
    return o;
}

void print_plan(const gis::district::District& d, const gis::network::RenewalPlan& plan,
                const gis::network::GasImpactIndex& index, const std::string& mode,
                const gis::LineString* route, bool as_json, const std::vector<std::int64_t>* saved,
                const std::string& project, int phase, const gis::plan::Overlap& overlap,
                gis::plan::OverlapPolicy policy) {
    const auto impact = index.impact(plan.interruption);
    std::unordered_map<std::int64_t, const gis::district::Building*> building;
    for (const auto& b : d.buildings) building[b.fid] = &b;
    std::unordered_map<std::int64_t, const gis::district::GasValve*> valve;
    for (const auto& v : d.gas_valves) valve[v.fid] = &v;
    auto building_name = [&](std::int64_t id) {
        const auto* b = building.count(id) ? building[id] : nullptr;
        return b ? (b->number ? std::to_string(b->number) : b->name) : std::to_string(id);
    };
    if (as_json) {
        json by_d = json::array(), viol = json::array(), covered = json::array(), phases = json::array();
        for (const auto& t : plan.by_diameter)
            by_d.push_back({{"diameter_mm", t.diameter_mm},
                            {"material", t.material},
                            {"length_m", t.length_m},
                            {"cost_cny", t.cost_cny}});
        for (const auto& v : plan.clearance_violations)
            viol.push_back({{"building_fid", v.building_id},
                            {"building", building_name(v.building_id)},
                            {"distance_m", v.distance_m},
                            {"required_m", v.required_m},
                            {"x", v.at.x},
                            {"y", v.at.y}});
        for (const auto& c : plan.valves_covered) {
            const auto* v = valve.count(c.id) ? valve[c.id] : nullptr;
            covered.push_back({{"id", c.id},
                               {"x", c.location.x},
                               {"y", c.location.y},
                               {"distance_m", c.distance_m},
                               {"state", v ? v->state : ""},
                               {"operable", v ? v->operable : true}});
        }
        for (const auto& ph : plan.phases)
            phases.push_back({{"phase", ph.number},
                              {"pipes", ph.pipe_ids},
                              {"length_m", ph.length_m},
                              {"cost_cny", ph.cost_cny},
                              {"valves_to_close", ph.interruption.valves_to_close},
                              {"households_interrupted", index.impact(ph.interruption).households.size()}});
        json j = {{"mode", mode},
                  {"length_m", plan.length_m},
                  {"cost_cny", plan.cost_cny},
                  {"by_diameter", by_d},
                  {"phases", phases},
                  {"clearance_violations", viol},
                  {"valves_covered", covered},
                  {"valves_to_close", plan.interruption.valves_to_close},
                  {"stations_to_shut", plan.interruption.sources_to_shut},
                  {"households_interrupted", impact.households.size()},
                  {"buildings_interrupted", impact.buildings.size()},
                  {"shops_interrupted", impact.shops.size()}};
        json pipes = json::array();
        for (const auto& p : plan.pieces)
            if (p.pipe_id >= 0) pipes.push_back(p.pipe_id);
        j["pipes"] = pipes;
        if (route) j["route_wkt"] = gis::to_wkt(gis::Geometry::from(*route));
        if (saved) {
            j["saved"] = {{"project", project}, {"phase", phase}, {"item_ids", *saved}};
            if (!overlap.empty()) j["saved"]["overlap"] = overlap_json(overlap, policy);
        }
        print_json(j);
        return;
    }
    const std::string mode_text = mode == "auto_route" ? tr("gas.plan.mode_auto")
                                  : mode == "drawn"
                                      ? tr("gas.plan.mode_drawn")
                                      : std::string(tr("gas.plan.mode_scope")) + " " + i18n::term("scope", mode.substr(6));
    std::cout << tr("gas.plan.title") << " (" << mode_text << ")\n";
    print_row(tr("gas.plan.length"), fmt_fixed(plan.length_m, 1), 42);
    print_row(tr("gas.plan.cost"), with_commas(static_cast<std::int64_t>(std::llround(plan.cost_cny))), 42);
    std::cout << tr("gas.plan.by_diameter") << ":\n";
    for (const auto& t : plan.by_diameter)
        std::cout << "  " << pad(i18n::term("material", t.material) + " " + std::to_string(t.diameter_mm) + " mm", 16) << ' '
                  << pad(fmt_fixed(t.length_m, 1) + " m", 12) << ' '
                  << with_commas(static_cast<std::int64_t>(std::llround(t.cost_cny))) << '\n';
    for (const auto& ph : plan.phases) {
        std::string close;
        for (auto id : ph.interruption.valves_to_close)
            close += (close.empty() ? "#" : ", #") + std::to_string(id);
        std::cout << "  " << tr("gas.plan.phase") << ' ' << ph.number << ": " << fmt_fixed(ph.length_m, 1)
                  << " m, " << yuan(ph.cost_cny);
        if (!close.empty())
            std::cout << "; " << tr("gas.plan.valves_to_close") << ": " << close << "; "
                      << tr("gas.plan.households") << ": " << index.impact(ph.interruption).households.size();
        std::cout << '\n';
    }
    std::cout << tr("gas.plan.clearance") << ':';
    if (plan.clearance_violations.empty()) std::cout << ' ' << tr("gas.plan.none");
    std::cout << '\n';
    for (const auto& v : plan.clearance_violations)
        std::cout << "  " << pad(building_name(v.building_id), 10) << ' ' << fmt_fixed(v.distance_m, 2)
                  << " m < " << fmt_fixed(v.required_m, 2) << " m  (" << fmt_fixed(v.at.x, 1) << ", "
                  << fmt_fixed(v.at.y, 1) << ")\n";
    std::cout << tr("gas.plan.valves_covered") << ':';
    if (plan.valves_covered.empty()) std::cout << ' ' << tr("gas.plan.none");
    std::cout << '\n';
    for (const auto& c : plan.valves_covered)
        std::cout << "  #" << c.id << "  (" << fmt_fixed(c.location.x, 1) << ", "
                  << fmt_fixed(c.location.y, 1) << ")\n";
    std::string close;
    for (auto id : plan.interruption.valves_to_close)
        close += (close.empty() ? "#" : ", #") + std::to_string(id);
    print_row(tr("gas.plan.valves_to_close"), close.empty() ? "-" : close, 42);
    print_row(tr("gas.plan.households"), with_commas(static_cast<std::int64_t>(impact.households.size())),
              42);
    if (route) print_row(tr("gas.plan.route"), gis::to_wkt(gis::Geometry::from(*route)), 42);
    if (saved) {
        std::cout << tr("plan.saved") << ": " << saved->size() << " → " << project << " ("
                  << tr("gas.plan.phase") << ' ' << phase << ")\n";
        if (auto line = overlap_line(overlap, policy); !line.empty()) std::cout << line << '\n';
    }
}

void run_pipeline(Context& ctx, const PipelineArgs& a) {
    const int modes =
        !a.scope.empty() + !a.segments.empty() + (!a.from.empty() || !a.to.empty()) + !a.wkt.empty();
    if (modes != 1)
        return ctx.fail(gis::make_error(
            gis::ErrorCode::BadInput,
            _("give exactly one of --scope NAME, --segments ID,ID,..., --from X,Y --to X,Y, or --wkt WKT")));
    if (a.from.empty() != a.to.empty())
        return ctx.fail(gis::make_error(gis::ErrorCode::BadInput, _("--from and --to go together")));
    auto opt = options_from(a);
    if (!opt) return ctx.fail(opt.error());
    // Parse every argument before the data set is read.
    std::optional<gis::Point> from, to;
    std::optional<gis::LineString> drawn;
    if (!a.from.empty()) {
        auto f = gis::network::parse_point(a.from);
        if (!f) return ctx.fail(f.error());
        auto t = gis::network::parse_point(a.to);
        if (!t) return ctx.fail(t.error());
        from = f.value();
        to = t.value();
    }
    if (!a.wkt.empty()) {
        auto r = gis::network::route_from_wkt(a.wkt);
        if (!r) return ctx.fail(r.error());
        drawn = r.value();
    }

    // The data set's price table (nbhd prices), with the --unit-price ones instead.
    gis::plan::UnitPrices prices;
    {
        auto path = ctx.dataset_path();
        if (!path) return ctx.fail(path.error());
        auto table = gis::plan::read_prices(path.value());
        if (!table) return ctx.fail(table.error());
        prices = table->unit_prices();
        for (const auto& u : a.unit_prices)
            if (auto r = prices.pipes.set(u); !r) return ctx.fail(r.error());
        opt->prices = prices.pipes;
    }
    // Before any work: a save must be possible (read-only or locked files are refused up front).
    std::optional<gis::plan::PlanSession> session;
    std::string project;
    if (a.save) {
        auto path = ctx.dataset_path();
        if (!path) return ctx.fail(path.error());
        if (auto w = gis::io::check_writable(path.value()); !w) return ctx.fail(w.error());
        auto s = gis::plan::PlanSession::open(path.value(), prices);
        if (!s) return ctx.fail(s.error());
        session.emplace(std::move(s.value()));
        auto p = project_for_save(*session, a.project, a.scope);
        if (!p) return ctx.fail(p.error());
        project = p.value()->key;
    }

    auto d = ctx.load_district();
    if (!d) return;
    {
        std::vector<std::pair<std::string, gis::Point>> given;
        if (from) given.push_back({"--from", *from});
        if (to) given.push_back({"--to", *to});
        if (drawn)
            for (const auto& p : *drawn) given.push_back({"--wkt", p});
        if (auto r = gis::plan::check_in_district(d.value(), given); !r) return ctx.fail(r.error());
    }
    auto gas = gis::network::DistrictGas::build(d.value());
    std::vector<gis::network::ClearanceChecker::Footprint> footprints;
    footprints.reserve(d->buildings.size());
    for (const auto& b : d->buildings) footprints.push_back({b.fid, b.footprint});
    gis::network::ClearanceChecker clearance(std::move(footprints));

    gis::Result<gis::network::RenewalPlan> plan = gis::make_error(gis::ErrorCode::Internal, "no plan");
    std::string mode;
    if (!a.scope.empty() || !a.segments.empty()) {
        auto ids = a.scope.empty() ? gis::Result<std::vector<std::int64_t>>(a.segments)
                                   : gis::network::scope_pipes(d.value(), a.scope);
        if (!ids) return ctx.fail(ids.error());
        plan = gis::network::plan_replacement(gas.network, clearance, ids.value(), opt.value());
        mode = "scope:" + (a.scope.empty() ? std::string("segments") : a.scope);
    } else {
        if (from) {
            auto streets = gis::network::StreetGraph::build(d.value());
            auto r = gis::network::auto_route(streets, *from, *to, a.offset);
            if (!r) return ctx.fail(r.error());
            drawn = r.value();
            mode = "auto_route";
        } else {
            mode = "drawn";
        }
        plan = gis::network::plan_new_route(gas.network, clearance, *drawn, opt.value());
    }
    if (!plan) return ctx.fail(plan.error());
    std::vector<std::int64_t> saved_ids;
    const auto policy = overlap_policy(a.trim, a.append);
    gis::plan::Overlap overlap;
    if (session) {
        auto saved = save_items(*session, project, gis::plan::to_items(plan.value(), project, a.phase),
                                policy, "Gas pipe renewal " + mode, &overlap);
        if (!saved) return ctx.fail(saved.error());
        saved_ids = saved.value();
    }
    print_plan(d.value(), plan.value(), gas.impact, mode, drawn ? &*drawn : nullptr, a.json,
               session ? &saved_ids : nullptr, project, a.phase, overlap, policy);
}

}  // namespace

void register_plan_pipeline(CLI::App& root, Context& ctx) {
    auto* plan = subcommand_group(root, "plan", _("Plans: hardening (paving), clean-up campaigns, plan items"));
    auto* cmd = plan->add_subcommand(
        "pipeline",
        _("Gas pipe renewal: length by diameter and material, cost, clearance to buildings, valves covered, "
        "phases, and the households whose gas is interrupted during the works"));
    static PipelineArgs a;
    cmd->add_option("--scope", a.scope,
                    _("Replace the pipes due for renewal (status renewal) in place: in the district, a "
                    "compound, or a named area"))
        ->type_name("district|compound|area:NAME");
    cmd->add_option("--segments", a.segments, _("Replace these existing pipe segments in place (fids)"))
        ->delimiter(',')
        ->type_name("ID,ID,...");
    cmd->add_option("--from", a.from, _("New route along the lanes and streets, from this point"))
        ->type_name("X,Y");
    cmd->add_option("--to", a.to, _("... to this point"))->type_name("X,Y");
    cmd->add_option("--wkt", a.wkt, _("New route drawn as a LINESTRING in the data set's CRS"))
        ->type_name("WKT")
        ->check(not_blank());
    cmd->add_option("--pressure", a.pressure,
                    _("Pressure class of the new pipe: low, medium-b, medium-a (default: existing pipes keep "
                    "theirs, new routes low)"))
        ->type_name("CLASS");
    cmd->add_option(
           "--diameter", a.diameter,
           _("Diameter of the new pipe in mm (default: existing pipes keep theirs, new routes 110 for pe "
           "and 100 for steel)"))
        ->check(CLI::Range(1, 2000))
        ->type_name("MM");
    cmd->add_option("--material", a.material, _("Material of the new pipe: pe or steel"));
    cmd->add_option("--offset", a.offset, _("--from/--to: distance of the pipe from the centreline, m (+ left)"))
        ->check(finite_in(-50, 50));
    cmd->add_option("--phase-length", a.phase_length, _("New routes: longest phase, m"))
        ->check(finite_in(1, 1e6));
    cmd->add_option("--clearance-low", a.clearance_low, _("Required clearance to buildings, low pressure, m"))
        ->check(finite_in(0, 100));
    cmd->add_option("--clearance-medium-b", a.clearance_medium_b, _("... medium pressure B, m"))
        ->check(finite_in(0, 100));
    cmd->add_option("--clearance-medium-a", a.clearance_medium_a, _("... medium pressure A, m"))
        ->check(finite_in(0, 100));
    cmd->add_option("--unit-price", a.unit_prices,
                    _("Unit price override, MATERIAL:DIAMETER=CNY per metre (repeatable), e.g. pe:110=420"))
        ->type_name("PRICE");
    cmd->add_flag("--save", a.save,
                  _("Save the renewal as gas_pipe plan items of the project, priced as above, in one "
                  "transaction: the project's budget then counts it (nbhd plan remove takes them back)"));
    auto* append = cmd->add_flag("--append", a.append,
                                 _("With --save: save even where the project already renews the same pipes "
                                 "or plans a pipe along the same line"));
    cmd->add_flag("--trim", a.trim,
                  _("With --save: where a new route runs along a pipe the project already plans, save only the "
                  "part not yet planned (the same pipe cannot be trimmed)"))
        ->excludes(append);
    cmd->add_option("--project", a.project,
                    _("Project of the saved items (default: the project of the --scope area)"));
    cmd->add_option("--phase", a.phase, _("Project phase of the saved items"))->check(CLI::PositiveNumber);
    cmd->add_flag("--json", a.json, _("Print JSON"));
    cmd->callback([&ctx] { run_pipeline(ctx, a); });
}

NBHD_REGISTER_COMMAND(55, register_plan_pipeline);

}  // namespace app::cli
