// nbhd brief: the multi-page PDF brief for district leadership (cover, overview, a page per plan part,
// budget). Figures are computed live with the same functions as `plan hardening`, `plan pipeline` and
// `plan cleanup`; the brief shows counts only, never a resident's personal data.

#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <initializer_list>
#include <iostream>
#include <optional>
#include <set>

#include "app/cli/app.hpp"
#include "app/cli/plan_common.hpp"
#include "app/cli/progress.hpp"
#include "app/i18n/i18n.hpp"
#include "gis/core/cjk_font.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/numbers.hpp"
#include "gis/core/strings.hpp"
#include "gis/core/terminal_text.hpp"
#include "gis/district/figures.hpp"
#include "gis/geom/ops.hpp"
#include "gis/network/gas_district.hpp"
#include "gis/network/renewal.hpp"
#include "gis/network/street_graph.hpp"
#include "gis/plan/budget.hpp"
#include "gis/plan/cleanup.hpp"
#include "gis/plan/conflicts.hpp"
#include "gis/plan/gating.hpp"
#include "gis/plan/hardening.hpp"
#include "gis/plan/market.hpp"
#include "gis/plan/market_store.hpp"
#include "gis/plan/prices.hpp"
#include "gis/plan/route.hpp"
#include "gis/plan/schedule.hpp"
#include "gis/plan/store.hpp"
#include "gis/report/brief.hpp"

namespace app::cli {
namespace {

/// Quantities as the reader's language writes them (the brief is a document, not data): 3,481.4.
std::string decimal(double v, int decimals) { return gis::format_decimal(v, decimals); }
using gis::with_commas;
using gis::report::BriefPage;
using gis::report::Overlay;
using i18n::tr;

std::string cny(double v) { return gis::format_yuan(v); }
std::string m2(double v) { return with_commas(static_cast<std::int64_t>(std::llround(v))); }

std::string today() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    ::localtime_r(&t, &tm);
    return gis::format_date(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

gis::BBox grown(gis::BBox b, double m) {
    b.minx -= m;
    b.miny -= m;
    b.maxx += m;
    b.maxy += m;
    return b;
}

/// The row a proposal page ends with: what of that work the saved plan holds (items and cost), so the
/// page's proposal and the budget page's plan are told apart.
std::vector<std::string> in_plan_row(const gis::plan::ProjectBudget& budget,
                                     std::initializer_list<const char*> kinds) {
    std::int64_t n = 0;
    double cost = 0;
    for (const char* kind : kinds)
        if (auto it = budget.kinds.find(kind); it != budget.kinds.end()) {
            n += it->second.items;
            cost += it->second.cost_cny;
        }
    return {tr("present.in_plan"),
            n == 0 ? std::string(tr("present.not_in_plan")) : with_commas(n) + " / " + cny(cost)};
}

BriefPage overview_page(const gis::district::Figures& f, const std::string& subdistrict) {
    BriefPage p;
    p.title = tr("present.overview");
    const bool zh = i18n::language() == i18n::Lang::Zh;
    const std::string name = zh || f.name_en.empty() ? f.name : f.name_en;
    p.subtitle = name +
                 (subdistrict.empty() ? "" : (zh ? "（" + subdistrict + "）" : " (" + subdistrict + ")")) +
                 tr("present.overview_sub");
    p.table_header = {tr("present.figure"), tr("present.value")};
    p.table = {{tr("info.area_km2"), decimal(f.area_km2, 2)},
               {tr("info.buildings_residential"), with_commas(f.buildings_residential)},
               {tr("info.households"), with_commas(f.households)},
               {tr("info.residents"), with_commas(f.residents)},
               {tr("info.migrants"), with_commas(f.migrants)},
               {tr("info.units"), with_commas(f.units)},
               {tr("info.schools"), with_commas(f.schools)},
               {tr("info.shops"), with_commas(f.shops)},
               {tr("info.low_income"),
                with_commas(f.low_income_households) + " / " + with_commas(f.low_income_people)},
               {tr("info.liaison_stations"), with_commas(f.liaison_stations)}};
    return p;
}

gis::Result<BriefPage> hardening_page(const gis::district::District& d, const gis::plan::Scope& scope,
                                      const gis::plan::ProjectBudget& budget,
                                      const gis::plan::UnitPrices& prices) {
    gis::plan::HardeningOptions options;
    options.prices = prices;
    auto plan = gis::plan::plan_hardening(d, scope, options);
    BriefPage p;
    p.title = tr("present.hardening");
    p.subtitle = tr("present.hardening_sub");
    p.extent = grown(scope.bbox(), 15);
    Overlay streets, forecourts;
    streets.legend = tr("present.pave_streets");
    streets.fill = {0.25, 0.50, 0.80};
    streets.stroke = {0.10, 0.30, 0.60};
    forecourts.legend = tr("present.pave_forecourts");
    forecourts.fill = {0.20, 0.70, 0.65};
    forecourts.stroke = {0.05, 0.45, 0.40};
    for (const auto& part : plan.parts)
        (part.kind == gis::plan::PartKind::Street ? streets : forecourts).geometries.push_back(part.geometry);
    p.map_options.muted = true;
    p.map_options.overlays = {streets, forecourts};
    p.table_header = {tr("present.figure"), tr("present.value")};
    p.table = {{tr("present.area_total"), m2(plan.area_m2)},
               {tr("present.area_streets"), m2(plan.street_m2)},
               {tr("present.area_forecourts"), m2(plan.forecourt_m2)},
               {tr("present.volume"), decimal(plan.volume_m3, 1)},
               {tr("present.cost"), cny(plan.cost_cny)},
               {tr("present.buildings_served"),
                with_commas(static_cast<std::int64_t>(plan.served.buildings.size()))},
               {tr("present.households_served"), with_commas(plan.served.households)},
               in_plan_row(budget, {"hardening"})};
    return p;
}

gis::Result<BriefPage> pipeline_page(const gis::district::District& d, const gis::plan::Scope& scope,
                                     const gis::plan::ProjectBudget& budget,
                                     const gis::plan::UnitPrices& prices) {
    auto ids = gis::network::scope_pipes(d, scope.name());
    if (!ids) return ids.error();
    auto gas = gis::network::DistrictGas::build(d);
    std::vector<gis::network::ClearanceChecker::Footprint> footprints;
    for (const auto& b : d.buildings) footprints.push_back({b.fid, b.footprint});
    gis::network::ClearanceChecker clearance(std::move(footprints));
    gis::network::RenewalOptions options;
    options.prices = prices.pipes;
    auto plan = gis::network::plan_replacement(gas.network, clearance, ids.value(), options);
    if (!plan) return plan.error();
    auto impact = gas.impact.impact(plan->interruption);
    BriefPage p;
    p.title = tr("present.pipeline");
    p.subtitle = tr("present.pipeline_sub");
    p.extent = grown(scope.bbox(), 15);
    p.map_options.gas = true;
    p.map_options.muted = true;
    Overlay pipes;
    pipes.legend = tr("present.renewal_pipe");
    pipes.fill = {0.85, 0.12, 0.10};
    pipes.stroke = {0.85, 0.12, 0.10};
    pipes.line_width = 2.6;
    const std::set<std::int64_t> renewed(ids->begin(), ids->end());
    for (const auto& pipe : d.gas_pipes)
        if (renewed.count(pipe.fid)) pipes.geometries.push_back(gis::Geometry::from(pipe.line));
    p.map_options.overlays = {pipes};
    p.table_header = {tr("present.figure"), tr("present.value")};
    p.table = {{tr("present.length"), decimal(plan->length_m, 1)}, {tr("present.cost"), cny(plan->cost_cny)}};
    for (const auto& t : plan->by_diameter)
        p.table.push_back({std::string(tr("present.by_diameter")) + " DN" + std::to_string(t.diameter_mm) +
                               " " + t.material + " (m)",
                           decimal(t.length_m, 1)});
    p.table.push_back({tr("present.households_interrupted"),
                       with_commas(static_cast<std::int64_t>(impact.households.size()))});
    p.table.push_back({tr("present.valves_to_close"),
                       with_commas(static_cast<std::int64_t>(plan->interruption.valves_to_close.size()))});
    p.table.push_back({tr("present.clearance_violations"),
                       with_commas(static_cast<std::int64_t>(plan->clearance_violations.size()))});
    p.table.push_back(in_plan_row(budget, {"gas_pipe"}));
    return p;
}

gis::Result<BriefPage> cleanup_page(const gis::district::District& d, const std::string& path,
                                    const gis::plan::Scope& scope, const gis::plan::ProjectBudget& budget,
                                    const gis::plan::UnitPrices& prices) {
    auto cases = gis::plan::read_cases(path);
    if (!cases) return cases.error();
    auto graph = gis::network::StreetGraph::build(d);
    BriefPage p;
    p.title = tr("present.cleanup");
    p.subtitle = tr("present.cleanup_sub");
    p.extent = grown(scope.bbox(), 15);
    p.map_options.muted = true;
    Overlay structures, graffiti;
    structures.legend = tr("present.structures");
    structures.fill = {0.55, 0.12, 0.12};
    structures.stroke = {0.35, 0.05, 0.05};
    graffiti.legend = tr("present.graffiti");
    graffiti.fill = {0.55, 0.30, 0.75};
    graffiti.stroke = {0.30, 0.10, 0.45};
    p.table_header = {tr("present.figure"), tr("present.campaign_south"), tr("present.campaign_north")};
    p.column_widths = {122, 80, 80};
    std::vector<std::string> rows[6];
    for (const char* zone : {"south", "north"}) {
        gis::plan::CleanupFilter filter;
        filter.zone = zone;
        auto sel = gis::plan::select_cases(cases.value(), scope, filter, prices);
        if (!sel) return sel.error();
        std::vector<gis::Point> sites;
        for (const auto& c : sel->cases) {
            sites.push_back(c.site());
            (c.ref.kind == gis::plan::CaseKind::Structure ? structures : graffiti)
                .geometries.push_back(c.geometry);
        }
        // A campaign of a whole city's cases has no one route (gis::plan::kMaxRouteSites).
        std::string route;
        if (sites.size() <= static_cast<std::size_t>(gis::plan::kMaxRouteSites))
            route = decimal(gis::plan::crew_route(graph, sites).length_m, 0);
        else
            route = gis::i18n::format(_("not worked out: {0} sites"),
                                      with_commas(static_cast<std::int64_t>(sites.size())));
        rows[0].push_back(with_commas(sel->structures));
        rows[1].push_back(decimal(sel->structures_m2, 1));
        rows[2].push_back(with_commas(sel->graffiti_sites));
        rows[3].push_back(decimal(sel->graffiti_m2, 1));
        rows[4].push_back(route);
        rows[5].push_back(cny(sel->cost_cny));  // each campaign's own cost
    }
    const char* labels[5] = {"present.structures_count", "present.structures_m2", "present.graffiti_count",
                             "present.graffiti_m2", "present.route"};
    for (int i = 0; i < 5; ++i) p.table.push_back({tr(labels[i]), rows[i][0], rows[i][1]});
    p.table.push_back({tr("present.cost"), rows[5][0], rows[5][1]});
    auto saved = in_plan_row(budget, {"cleanup"});
    saved.push_back("");
    p.table.push_back(saved);
    p.map_options.overlays = {structures, graffiti};
    return p;
}

/// Gating the compound (gis::plan::propose_gating with its access check): the fence, the gates and the
/// walks once fenced on a map; buildings reachable, the longest walk before and after, fire access and
/// the warnings in the table. nullopt when the data set has no compound.
std::optional<BriefPage> gating_page(const gis::district::District& d, const gis::plan::ProjectBudget& budget,
                                     const gis::plan::UnitPrices& prices) {
    auto proposal = gis::plan::propose_gating(d);
    if (!proposal) return std::nullopt;
    const auto& g = proposal.value();
    const auto check = gis::plan::check_gating(d, g);
    const auto cost = gis::plan::gating_cost(g, prices);
    BriefPage p;
    p.title = tr("present.gating");
    p.subtitle = tr("present.gating_sub");
    p.extent = grown(bbox_of(g.enclosure), 25);
    Overlay fence, gates, routes;
    fence.legend = tr("present.gating_fence");
    fence.stroke = {0.55, 0.10, 0.10};
    fence.line_width = 2.4;
    gates.legend = tr("present.gating_gates");
    gates.fill = {0.95, 0.65, 0.10};
    gates.stroke = {0.55, 0.35, 0.0};
    gates.point_radius = 4.5;
    routes.legend = tr("present.gating_routes");
    routes.stroke = {0.15, 0.45, 0.80};
    routes.fill = routes.stroke;  // the legend's swatch shows the walks' own colour
    routes.line_width = 0.9;
    for (const auto& l : g.fence) fence.geometries.push_back(gis::Geometry::from(l));
    for (const auto& gate : g.gates) gates.geometries.push_back(gis::Geometry::from(gate.location));
    for (const auto& e : check.entrances)
        if (e.route_after.size() >= 2) routes.geometries.push_back(gis::Geometry::from(e.route_after));
    p.map_options.muted = true;
    p.map_options.overlays = {routes, fence, gates};
    auto walk = [](double m) {
        return std::isfinite(m) ? decimal(m, 0) + " m" : std::string(tr("gating.unreachable"));
    };
    int fire_yes = 0;
    for (const auto& b : check.buildings) fire_yes += b.fire_after == gis::plan::FireAccess::Yes ? 1 : 0;
    p.table_header = {tr("present.figure"), tr("present.value")};
    p.table = {{tr("gating.fence"), decimal(g.fence_length_m, 0) + " m"},
               {tr("gating.gates"), with_commas(static_cast<std::int64_t>(g.gates.size()))},
               {tr("gating.cost"), cny(cost.total_cny)},
               {tr("gating.buildings_reachable"),
                with_commas(check.buildings_reachable_after) + " / " +
                    with_commas(static_cast<std::int64_t>(check.buildings.size()))},
               {tr("gating.longest_before"), walk(check.longest_before_m)},
               {tr("gating.longest_after"), walk(check.longest_after_m)},
               {tr("gating.fire_access"), with_commas(fire_yes) + " / " +
                                              with_commas(static_cast<std::int64_t>(check.buildings.size()))},
               {tr("gating.warnings"),
                with_commas(static_cast<std::int64_t>(check.warnings.size() + g.warnings.size()))},
               in_plan_row(budget, {"fence", "gate"})};
    // A row a gate, after the count: name, type and clear width.
    std::vector<gis::report::TableRow> gate_rows;
    for (const auto& gate : g.gates) {
        const std::string type = tr(("gating." + std::string(gis::plan::to_string(gate.type))).c_str());
        const std::string width = gate.width_m > 0 ? decimal(gate.width_m, 0) + " m" : std::string("?");
        gate_rows.push_back({"  " + gate.name, type + " " + width});
    }
    p.table.insert(p.table.begin() + 2, gate_rows.begin(), gate_rows.end());
    for (const auto& f : check.failures) p.notes.push_back("✗ " + f);
    // The first warnings only: a page has room for a few lines.
    std::vector<std::string> warnings = g.warnings;
    warnings.insert(warnings.end(), check.warnings.begin(), check.warnings.end());
    for (std::size_t i = 0; i < warnings.size() && i < 3; ++i) p.notes.push_back("! " + warnings[i]);
    if (warnings.size() > 3)
        p.notes.push_back(gis::i18n::format(_("… {0} more (nbhd plan gating --check)"),
                                            with_commas(static_cast<std::int64_t>(warnings.size() - 3))));
    return p;
}

/// The market: the saved stall layout (the market project's plan items; the present stalls when none is
/// saved), the stalls allocated by class (the saved lottery, with its seed) and the project's cost.
gis::Result<BriefPage> market_page(const gis::district::District& d, const std::string& path,
                                   const gis::plan::PlanData& plan, const gis::plan::ProjectBudget& budget) {
    namespace mk = gis::plan::market;
    BriefPage p;
    p.title = tr("present.market");
    p.subtitle = tr("present.market_sub");
    Overlay stalls, desks;
    stalls.fill = {0.95, 0.60, 0.15};
    stalls.stroke = {0.60, 0.35, 0.05};
    desks.legend = tr("market.brief.desks");
    desks.fill = {0.20, 0.45, 0.80};
    desks.stroke = {0.10, 0.25, 0.50};
    double stall_m2 = 0;
    for (const auto& it : plan.items) {
        if (it.project != budget.project.key) continue;
        if (mk::stall_number(it) > 0) {
            stalls.geometries.push_back(it.geometry);
            stall_m2 += it.area_m2;
        } else if (gis::plan::param_string(it.params, "desk")) {
            desks.geometries.push_back(it.geometry);
        }
    }
    const bool saved_layout = !stalls.geometries.empty();
    stalls.legend = tr(saved_layout ? "market.brief.layout" : "market.brief.generated");
    if (!saved_layout)
        for (const auto& s : d.stalls) {
            stalls.geometries.push_back(gis::Geometry::from(s.polygon));
            stall_m2 += gis::geom::area(gis::Geometry::from(s.polygon));
        }
    gis::BBox b;
    for (const auto& m : d.markets) b.expand(gis::bbox_of(m.polygon));
    for (const auto& g : stalls.geometries) b.expand(g.bbox());
    p.extent = grown(b, 60);
    p.map_options.muted = true;
    p.map_options.overlays = {stalls, desks};
    p.table_header = {tr("present.figure"), tr("present.value")};
    p.table = {{tr("present.stalls"), with_commas(static_cast<std::int64_t>(stalls.geometries.size()))},
               {tr("market.stall_area"), decimal(stall_m2, 1) + " m²"},
               {tr("market.brief.desks"), with_commas(static_cast<std::int64_t>(desks.geometries.size()))}};
    // Stalls by class: the saved lottery's result (counts only, never a name).
    auto ds = gis::plan::open_for_reading(path);
    if (!ds) return ds.error();
    auto saved = mk::read_allocation(ds.value());
    if (!saved) return saved.error();
    if (saved->has_value()) {
        const auto& a = saved->value().allocation;
        p.table.push_back(
            {tr("present.stalls_low_income"), with_commas(a.count(mk::ApplicantClass::Dibao, true))});
        p.table.push_back(
            {tr("present.stalls_resident"), with_commas(a.count(mk::ApplicantClass::Resident, true))});
        p.table.push_back(
            {tr("present.stalls_trader"), with_commas(a.count(mk::ApplicantClass::Trader, true))});
        p.table.push_back({tr("market.brief.seed"), std::to_string(a.seed)});
    } else if (saved_layout) {
        p.table.push_back({tr("market.class"), tr("market.brief.no_allocation")});
    } else {
        int resident = 0, low = 0, trader = 0;
        for (const auto& s : d.stalls) {
            if (s.allocation == "resident")
                ++resident;
            else if (s.allocation == "low_income")
                ++low;
            else
                ++trader;
        }
        p.table.push_back({tr("present.stalls_resident"), with_commas(resident)});
        p.table.push_back({tr("present.stalls_low_income"), with_commas(low)});
        p.table.push_back({tr("present.stalls_trader"), with_commas(trader)});
    }
    p.table.push_back({tr("market.brief.cost"), cny(budget.total_cny)});
    if (!d.markets.empty()) p.notes.push_back(d.markets.front().name);
    for (const auto& poi : d.pois)
        if (poi.kind == "market_desk") p.notes.push_back(poi.name);
    return p;
}

BriefPage budget_page(const gis::plan::ProjectBudget& budget) {
    BriefPage p;
    p.title = tr("present.budget_summary");
    p.subtitle = tr("present.budget_sub");
    p.map = false;
    p.table_header = {tr("present.item"), tr("schedule.items"), tr("present.cost")};
    p.column_widths = {330, 90, 250};
    for (const auto& r : gis::plan::budget_rows(budget))
        p.table.push_back(
            {i18n::budget_label(r.key, r.detail), r.items >= 0 ? with_commas(r.items) : "", cny(r.cny)});
    if (budget.items == 0) p.notes.push_back(tr("present.no_items_saved"));
    if (!budget.project.note.empty()) p.notes.push_back(budget.project.note);
    return p;
}

/// The phases in time, with a bar per phase over the project's span; nullopt when no phase has dates.
std::optional<BriefPage> schedule_page(const gis::plan::Schedule& s) {
    if (!s.start) return std::nullopt;
    BriefPage p;
    p.title = tr("schedule.title");
    p.subtitle = gis::plan::format_date(*s.start) + " – " + gis::plan::format_date(*s.end);
    p.map = false;
    p.table_header = {tr("schedule.phase"), tr("schedule.name"), tr("schedule.start"),
                      tr("schedule.end"),   tr("schedule.days"), tr("schedule.cost")};
    p.column_widths = {60, 170, 110, 110, 70, 150};
    for (const auto& ph : s.phases)
        p.table.push_back({std::to_string(ph.phase), ph.name,
                           ph.start ? gis::plan::format_date(*ph.start) : "-",
                           ph.end ? gis::plan::format_date(*ph.end) : "-",
                           ph.days ? std::to_string(ph.days) : "-", cny(ph.items.cost_cny)});
    for (const auto& ph : s.phases)
        if (!ph.concurrent.empty()) {
            std::string list;
            for (int c : ph.concurrent) list += (list.empty() ? "" : ", ") + std::to_string(c);
            p.notes.push_back(std::string(tr("plan.phase")) + " " + std::to_string(ph.phase) + ": " +
                              tr("schedule.concurrent") + " " + list);
        }
    return p;
}

/// What hits the same place at the same time (gis::plan::find_conflicts), on a map and in a table with
/// each suggestion; nullopt when there is no conflict.
std::optional<BriefPage> conflicts_page(const gis::plan::ConflictReport& r) {
    if (r.conflicts.empty()) return std::nullopt;
    BriefPage p;
    p.title = tr("present.conflicts");
    p.subtitle = tr("present.conflicts_sub");
    Overlay marks;
    marks.legend = tr("present.conflicts");
    marks.fill = {0.90, 0.25, 0.10};
    marks.stroke = {0.60, 0.10, 0.05};
    gis::BBox extent;
    std::optional<std::int64_t> first, last;
    p.table_header = {tr("present.item"), tr("present.when"), tr("present.what")};
    p.column_widths = {128, 60, 94};
    for (const auto& c : r.conflicts) {
        // Points (a shop, a gate) get a 4 m mark so they show at the page's scale.
        const bool point = c.where.polygons.empty() && c.where.lines.empty();
        marks.geometries.push_back(point ? gis::geom::buffer(c.where, 4.0) : c.where);
        extent.expand(c.where.bbox());
        // Month and day (the subtitle gives the years): 03-20–04-18.
        std::string when = c.first_day ? gis::plan::format_date(*c.first_day).substr(5) + "–" +
                                             gis::plan::format_date(*c.last_day).substr(5)
                                       : "";
        if (c.first_day) {
            first = first ? std::min(*first, *c.first_day) : *c.first_day;
            last = last ? std::max(*last, *c.last_day) : *c.last_day;
        }
        std::string what;
        if (c.area_m2 > 0) what = m2(c.area_m2) + " m²";
        if (c.days > 0)
            what += (what.empty() ? "" : ", ") + std::to_string(c.days) + " " + tr("conflicts.days");
        if (c.households > 0)
            what += (what.empty() ? "" : ", ") + std::string(tr("conflicts.building")) + " " +
                    c.names.front() + " " + with_commas(c.households) + " " + tr("conflicts.households");
        else if (c.names.size() == 1)
            what += (what.empty() ? "" : ", ") + c.names.front();
        else if (!c.names.empty())  // a row of shops: how many, and the first
            what +=
                (what.empty() ? "" : ", ") + std::to_string(c.names.size()) + " × " + c.names.front() + " …";
        p.table.push_back({tr(("conflicts." + c.kind).c_str()), when, what});
    }
    std::set<std::string> said;
    for (const auto& c : r.conflicts)
        if (said.insert(conflict_suggestion(c)).second) p.notes.push_back("→ " + conflict_suggestion(c));
    if (first) p.subtitle += " · " + gis::plan::format_date(*first) + " – " + gis::plan::format_date(*last);
    p.extent = grown(extent, 40);
    p.map_options.muted = true;
    p.map_options.overlays = {marks};
    return p;
}

void register_brief(CLI::App& root, Context& ctx) {
    auto* cmd =
        root.add_subcommand("brief", _("Write the PDF brief for district leadership (no personal data)"));
    static std::string project_arg;
    static std::string out;
    cmd->add_option("--project", project_arg,
                    _("Project key or name (default: the data set's first project)"));
    cmd->add_option("--out", out, _("Output PDF"))
        ->required()
        ->type_name("FILE.pdf")
        ->check(CLI::Validator(
            [](std::string& s) -> std::string {
                std::string ext = s.size() >= 4 ? s.substr(s.size() - 4) : "";
                for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                return ext == ".pdf" ? std::string()
                                     : std::string(_("the brief is a PDF: give a file name ending in .pdf"));
            },
            "FILE.pdf"));
    static bool force = false;
    cmd->add_flag("--force", force, _("Replace the PDF if it exists"));
    cmd->callback([&ctx] {
        if (!force && std::filesystem::exists(out))
            return ctx.fail(
                gis::make_error(gis::ErrorCode::BadInput,
                                gis::i18n::format(_("{0} already exists; nothing was written (use --force to "
                                                    "replace it)"),
                                                  out)));
        auto path = ctx.dataset_path();
        if (!path) return ctx.fail(path.error());
        auto d = ctx.load_district();
        if (!d) return;
        auto plan_data = gis::plan::read_plan(path.value());
        if (!plan_data) return ctx.fail(plan_data.error());
        const gis::plan::Project* project = nullptr;
        std::string known;
        for (const auto& p : plan_data->projects) {
            if (p.key == project_arg || p.name == project_arg || p.name_en == project_arg ||
                (project_arg.empty() && !project))
                project = &p;
            known += (known.empty() ? "" : ", ") + p.key;
        }
        if (!project)
            return ctx.fail(gis::make_error(
                gis::ErrorCode::NotFound,
                project_arg.empty()
                    ? std::string(
                          _("the data set has no project: add one with nbhd project add KEY --budget CNY "
                            "--area district|compound|area:NAME"))
                    : gis::i18n::format(_("no project {0} (projects: {1})"),
                                        gis::quote_for_message(project_arg), known)));
        const bool zh = i18n::language() == i18n::Lang::Zh;
        const std::string name = zh || project->name_en.empty() ? project->name : project->name_en;
        auto figures = gis::district::compute_figures(d.value());
        gis::report::BriefContent c;
        c.title = name + " " + tr("present.brief_title_suffix");
        c.subtitle = figures.name + " · " + tr("present.budget") + " " + cny(project->budget_cny);
        c.date = today();
        c.header = figures.name + " · " + name;
        // An imported district states where its data came from; the shipped sample says it is synthetic.
        const auto imported = d->metadata.find("imported");
        c.source_note = imported == d->metadata.end() ? std::string(tr("present.source_note"))
                                                      : tr("present.source_imported") + imported->second +
                                                            tr("present.no_personal_data");
        auto budget = gis::plan::project_budget(plan_data.value(), project->key);
        if (!budget) return ctx.fail(budget.error());
        c.pages.push_back(
            overview_page(figures, d->metadata.count("subdistrict") ? d->metadata.at("subdistrict") : ""));
        // A project planned over an area (the district, a compound, a named area) gets the hardening,
        // pipeline and clean-up pages for that area; the market its own page.
        const bool compound = project->area == "compound" || project->area == "district" ||
                              project->area.rfind(gis::plan::kAreaPrefix, 0) == 0;
        if (compound) {
            auto scope = gis::plan::resolve_scope(d.value(), project->area, "");
            if (!scope) return ctx.fail(scope.error());
            auto table = gis::plan::read_prices(path.value());
            if (!table) return ctx.fail(table.error());
            const auto prices = table->unit_prices();
            auto hp = hardening_page(d.value(), scope.value(), budget.value(), prices);
            if (!hp) return ctx.fail(hp.error());
            // No gas network, or no pipe due for renewal in the scope: the brief goes without its gas page
            // and says why (the other pages stand on their own).
            const auto gas = gis::network::require_gas_network(d.value());
            gis::Result<BriefPage> pp = gas ? pipeline_page(d.value(), scope.value(), budget.value(), prices)
                                            : gis::Result<BriefPage>(gas.error());
            const bool no_gas_page = !pp && (pp.error().code == gis::ErrorCode::NotFound ||
                                             pp.error().code == gis::ErrorCode::MissingLayer);
            if (!pp && !no_gas_page) return ctx.fail(pp.error());
            if (no_gas_page)
                std::cerr << "nbhd: " << i18n::tr("view.warning") << ": "
                          << gis::i18n::format(_("the brief has no gas pipeline page: {0}"),
                                               pp.error().message)
                          << '\n';
            auto cp = cleanup_page(d.value(), path.value(), scope.value(), budget.value(), prices);
            if (!cp) return ctx.fail(cp.error());
            c.pages.push_back(std::move(hp.value()));
            if (pp) c.pages.push_back(std::move(pp.value()));
            c.pages.push_back(std::move(cp.value()));
            if (project->area == "compound")
                if (auto gp = gating_page(d.value(), budget.value(), prices))
                    c.pages.push_back(std::move(*gp));
        } else if (project->area == "market") {
            auto mp = market_page(d.value(), path.value(), plan_data.value(), budget.value());
            if (!mp) return ctx.fail(mp.error());
            c.pages.push_back(std::move(mp.value()));
        }
        c.pages.push_back(budget_page(budget.value()));
        auto schedule = gis::plan::project_schedule(plan_data.value(), project->key);
        if (!schedule) return ctx.fail(schedule.error());
        if (auto sp = schedule_page(schedule.value())) c.pages.push_back(std::move(*sp));
        if (auto cp = conflicts_page(gis::plan::find_conflicts(d.value(), plan_data.value(), project->key)))
            c.pages.push_back(std::move(*cp));
        c.cover_figures = {{tr("info.buildings_residential"), with_commas(figures.buildings_residential)},
                           {tr("info.households"), with_commas(figures.households)},
                           {tr("info.residents"), with_commas(figures.residents)},
                           {tr("present.budget"), cny(project->budget_cny)},
                           {tr("budget.total"), cny(budget->total_cny)}};
        // The brief's text is Chinese: without a CJK font it would come out as boxes.
        if (!gis::find_cjk_font())
            std::cerr << "nbhd: " << gis::i18n::format(_("warning: {0}"), gis::missing_cjk_font_message())
                      << '\n';
        ProgressReporter progress(ProgressReporter::mode_for(ctx.quiet));
        auto r = gis::report::write_brief(out, d.value(), c, [&](int done, int total, const std::string&) {
            progress("progress.pages", done, total);
        });
        progress.finish();
        if (!r) return ctx.fail(r.error());
        std::cout << tr("present.written") << ": " << out << " (" << c.pages.size() + 1 << " "
                  << tr("present.pages") << ")\n";
    });
}

}  // namespace

NBHD_REGISTER_COMMAND(90, register_brief);

}  // namespace app::cli
