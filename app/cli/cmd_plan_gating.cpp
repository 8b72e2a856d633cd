// nbhd plan gating: the compound's fence and gates (gis::plan::propose_gating or a drawn fence), their
// cost from the price table, and with --check the access check before and after (walks, fire engines,
// shops and units, "what if this gate is shut"). Exit 9 when a building cannot be reached.

#include <cmath>
#include <iostream>
#include <sstream>

#include "app/cli/app.hpp"
#include "app/cli/output.hpp"
#include "app/cli/plan_common.hpp"
#include "app/i18n/i18n.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/core/terminal_text.hpp"
#include "gis/geom/ops.hpp"
#include "gis/io/dataset.hpp"
#include "gis/plan/gating.hpp"
#include "gis/plan/prices.hpp"
#include "gis/plan/scope.hpp"

namespace app::cli {
namespace {

using gis::fmt_fixed;
using i18n::tr;
using nlohmann::json;

struct Args {
    std::vector<std::string> closed, gates;
    std::string fence_wkt, project, compound;
    int phase = 1;
    bool check = false, save = false, append = false, trim = false, json = false;
    double fire_width = 4, vehicle_width = 4;
};

gis::Result<gis::plan::Gate> parse_gate(const std::string& s) {
    std::vector<std::string> f;
    std::stringstream in(s);
    for (std::string part; std::getline(in, part, ',');) f.push_back(part);
    auto bad = [&](const std::string& why) {
        return gis::make_error(gis::ErrorCode::BadInput,
                               gis::i18n::format(_("--gate {0}: {1} (give X,Y,TYPE,WIDTH in metres, e.g. "
                                                   "530220,3400030,vehicle,6)"),
                                                 gis::quote_for_message(s), why));
    };
    if (f.size() != 4) return bad(_("four values expected"));
    gis::plan::Gate g;
    try {
        std::size_t used = 0;
        g.location.x = std::stod(f[0], &used);
        if (used != f[0].size()) return bad(_("X is not a number"));
        g.location.y = std::stod(f[1], &used);
        if (used != f[1].size()) return bad(_("Y is not a number"));
        g.width_m = std::stod(f[3], &used);
        if (used != f[3].size()) return bad(_("WIDTH is not a number"));
    } catch (const std::exception&) {
        return bad(_("not a number"));
    }
    if (!std::isfinite(g.location.x) || !std::isfinite(g.location.y) || !std::isfinite(g.width_m) ||
        g.width_m <= 0 || g.width_m > 50)
        return bad(_("WIDTH must be more than 0 and at most 50 m"));
    auto t = gis::plan::gate_type_from(f[2]);
    if (!t) return bad(t.error().message);
    g.type = t.value();
    return g;
}

std::string walk(double m) {
    return std::isfinite(m) ? fmt_fixed(m, 1) + " m" : std::string(tr("gating.unreachable"));
}
json walk_json(double m) { return std::isfinite(m) ? json(m) : json(); }

const char* gate_type_text(gis::plan::GateType t) {
    return tr((std::string("gating.") + gis::plan::to_string(t)).c_str());
}
const char* fire_text(gis::plan::FireAccess f) {
    return tr((std::string("gating.fire_") + gis::plan::to_string(f)).c_str());
}

void run_gating(Context& ctx, const Args& a) {
    auto path = ctx.dataset_path();
    if (!path) return ctx.fail(path.error());
    if (a.gates.size() && a.fence_wkt.empty())
        return ctx.fail(
            gis::make_error(gis::ErrorCode::BadInput, _("--gate needs --fence-wkt (the drawn fence)")));
    std::vector<gis::plan::Gate> given;
    for (const auto& s : a.gates) {
        auto g = parse_gate(s);
        if (!g) return ctx.fail(g.error());
        given.push_back(g.value());
    }
    gis::LineString fence_line;
    if (!a.fence_wkt.empty()) {
        auto g = gis::geom::from_wkt(a.fence_wkt);
        if (!g) return ctx.fail(g.error());
        if (g->type != gis::Geometry::Type::LineString || g->lines.size() != 1)
            return ctx.fail(gis::make_error(gis::ErrorCode::BadInput,
                                            gis::i18n::format(_("--fence-wkt: give a LINESTRING (EPSG:4546 "
                                                                "metres), not {0}"),
                                                              gis::to_string(g->type))));
        fence_line = g->lines.front();
    }
    auto table = gis::plan::read_prices(path.value());
    if (!table) return ctx.fail(table.error());
    const auto prices = table->unit_prices();
    std::optional<gis::plan::PlanSession> session;
    if (a.save) {
        if (auto w = gis::io::check_writable(path.value()); !w) return ctx.fail(w.error());
        auto s = gis::plan::PlanSession::open(path.value(), prices);
        if (!s) return ctx.fail(s.error());
        session.emplace(std::move(s.value()));
    }
    auto d = ctx.load_district();
    if (!d) return;
    if (!fence_line.empty())
        if (auto in = gis::plan::check_in_district(d.value(), gis::Geometry::from(fence_line), "--fence-wkt");
            !in)
            return ctx.fail(in.error());
    gis::plan::GatingOptions opt;
    opt.compound = a.compound;
    opt.fire_min_width_m = a.fire_width;
    opt.vehicle_min_width_m = a.vehicle_width;
    auto proposal = fence_line.empty() ? gis::plan::propose_gating(d.value(), opt)
                                       : gis::plan::drawn_gating(d.value(), fence_line, given, opt);
    if (!proposal) return ctx.fail(proposal.error());
    auto& p = proposal.value();
    if (auto c = gis::plan::close_gates(p, a.closed); !c) return ctx.fail(c.error());
    const auto cost = gis::plan::gating_cost(p, prices);

    std::vector<std::int64_t> ids;
    gis::plan::Overlap overlap;
    const auto policy = overlap_policy(a.trim, a.append);
    if (session) {
        auto proj = project_for_save(*session, a.project, "compound");
        if (!proj) return ctx.fail(proj.error());
        const std::string key = proj.value()->key;
        auto saved = save_items(*session, key, gis::plan::gating_items(p, key, a.phase, prices), policy,
                                "Gating " + p.compound, &overlap);
        if (!saved) return ctx.fail(saved.error());
        ids = saved.value();
    }
    std::optional<gis::plan::GatingCheck> check;
    if (a.check) check = gis::plan::check_gating(d.value(), p, opt);

    if (a.json) {
        json gates = json::array();
        for (const auto& g : p.gates)
            gates.push_back({{"name", g.name},
                             {"type", gis::plan::to_string(g.type)},
                             {"width_m", g.width_m},
                             {"lane", g.lane},
                             {"open", g.open},
                             {"x", g.location.x},
                             {"y", g.location.y}});
        json j = {{"compound", p.compound},
                  {"drawn", p.drawn},
                  {"fence_m", p.fence_length_m},
                  {"gates", gates},
                  {"cost",
                   {{"fence_m", cost.fence_m},
                    {"fence_cny_m", cost.fence_cny_m},
                    {"fence_cny", cost.fence_cny},
                    {"gates", cost.gates},
                    {"gate_cny", cost.gate_cny},
                    {"gates_cny", cost.gates_cny},
                    {"total_cny", cost.total_cny}}},
                  {"warnings", p.warnings}};
        if (session) {
            j["saved_item_ids"] = ids;
            if (!overlap.empty()) j["overlap"] = overlap_json(overlap, policy);
        }
        if (check) {
            json entrances = json::array();
            for (const auto& e : check->entrances)
                entrances.push_back(
                    {{"building", e.building},
                     {"entrance", e.entrance},
                     {"before_m", walk_json(e.before_m)},
                     {"after_m", walk_json(e.after_m)},
                     {"gate_before", e.gate_before},
                     {"gate_after", e.gate_after},
                     {"detour", e.detour},
                     {"route_after_wkt", e.route_after.size() >= 2
                                             ? json(gis::to_wkt(gis::Geometry::from(e.route_after)))
                                             : json()}});
            json buildings = json::array();
            for (const auto& b : check->buildings)
                buildings.push_back({{"building", b.name},
                                     {"entrances", b.entrances},
                                     {"reachable_before", b.reachable_before},
                                     {"reachable_after", b.reachable_after},
                                     {"longest_before_m", b.longest_before_m},
                                     {"longest_after_m", b.longest_after_m},
                                     {"fire_before", gis::plan::to_string(b.fire_before)},
                                     {"fire_after", gis::plan::to_string(b.fire_after)},
                                     {"fire_gate", b.fire_gate}});
            json lost = json::array();
            for (const auto& l : check->lost)
                lost.push_back({{"kind", l.kind},
                                {"name", l.name},
                                {"before_m", walk_json(l.before_m)},
                                {"after_m", walk_json(l.after_m)},
                                {"gate_after", l.gate_after}});
            j["check"] = {{"ok", check->ok()},
                          {"entrances", entrances},
                          {"buildings", buildings},
                          {"buildings_reachable_after", check->buildings_reachable_after},
                          {"longest_before_m", check->longest_before_m},
                          {"longest_after_m", check->longest_after_m},
                          {"lost_street_access", lost},
                          {"warnings", check->warnings},
                          {"failures", check->failures}};
        }
        print_json(j);
    } else {
        std::cout << tr("gating.title") << ": " << gis::terminal_text(p.compound) << '\n';
        std::cout << "  " << tr("gating.fence") << ": " << metric(p.fence_length_m, "m") << '\n';
        std::cout << "  " << tr("gating.gates") << ": " << p.gates.size() << '\n';
        for (std::size_t i = 0; i < p.gates.size(); ++i) {
            const auto& g = p.gates[i];
            std::cout << "    " << i + 1 << ". " << gis::terminal_text(g.name) << "  "
                      << gate_type_text(g.type) << "  "
                      << (g.width_m > 0 ? fmt_fixed(g.width_m, 1) + " m" : std::string("?"))
                      << (g.lane.empty() ? "" : "  " + gis::terminal_text(g.lane))
                      << (g.open ? "" : std::string("  [") + tr("gating.closed") + "]") << '\n';
        }
        std::cout << "  " << tr("gating.cost") << ": " << yuan(cost.total_cny) << "  ("
                  << tr("gating.fence_cost") << " " << fmt_fixed(cost.fence_m, 1) << " m × "
                  << yuan_cents(cost.fence_cny_m) << " = " << yuan(cost.fence_cny) << "; "
                  << tr("gating.gate_cost") << " " << cost.gates << " × " << yuan_cents(cost.gate_cny)
                  << " = " << yuan(cost.gates_cny) << ")\n";
        for (const auto& w : p.warnings) std::cout << "  ! " << gis::terminal_text(w) << '\n';
        if (session) {
            std::cout << tr("gating.saved") << ": " << ids.size() << '\n';
            if (auto line = overlap_line(overlap, policy); !line.empty()) std::cout << line << '\n';
        }
        if (check) {
            std::cout << '\n' << tr("gating.access") << '\n';
            std::cout << "  " << tr("gating.building") << " / " << tr("gating.entrance") << "  "
                      << tr("gating.walk") << '\n';
            for (const auto& e : check->entrances)
                std::cout << "    " << gis::terminal_text(e.building) << " / " << e.entrance << "  "
                          << walk(e.before_m) << " → " << walk(e.after_m)
                          << (e.gate_after.empty() ? ""
                                                   : "  " + std::string(tr("gating.via")) + " " +
                                                         gis::terminal_text(e.gate_after))
                          << (e.detour ? "  !" : "") << '\n';
            std::cout << "  " << tr("gating.fire_access") << '\n';
            for (const auto& b : check->buildings)
                std::cout << "    " << gis::terminal_text(b.name) << "  " << fire_text(b.fire_before) << " → "
                          << fire_text(b.fire_after)
                          << (b.fire_gate.empty() ? ""
                                                  : "  " + std::string(tr("gating.via")) + " " +
                                                        gis::terminal_text(b.fire_gate))
                          << '\n';
            std::cout << "  " << tr("gating.buildings_reachable") << ": " << check->buildings_reachable_after
                      << " / " << check->buildings.size() << "; " << tr("gating.longest_before") << " "
                      << walk(check->longest_before_m) << ", " << tr("gating.longest_after") << " "
                      << walk(check->longest_after_m) << '\n';
            std::cout << "  " << tr("gating.lost") << ": " << (check->lost.empty() ? tr("gating.none") : "")
                      << '\n';
            for (const auto& l : check->lost)
                std::cout << "    " << l.kind << " " << gis::terminal_text(l.name) << "  " << walk(l.before_m)
                          << " → " << walk(l.after_m) << '\n';
            if (!check->warnings.empty()) std::cout << "  " << tr("gating.warnings") << '\n';
            for (const auto& w : check->warnings) std::cout << "    ! " << gis::terminal_text(w) << '\n';
            if (check->ok()) std::cout << tr("gating.passed") << '\n';
        }
    }
    if (check && !check->ok()) {
        // The first failures, then how many more: every one is in the table above and in --json.
        std::string list;
        for (std::size_t i = 0; i < check->failures.size() && i < 5; ++i)
            list += (list.empty() ? "" : "; ") + check->failures[i];
        if (check->failures.size() > 5)
            list = gis::i18n::format(_("{0}; and {1} more"), list, check->failures.size() - 5);
        return ctx.fail(gis::make_error(gis::ErrorCode::CheckFailed,
                                        gis::i18n::format(_("gating check failed for {0} building(s): {1}"),
                                                          check->failures.size(), list)));
    }
}

}  // namespace

void register_plan_gating(CLI::App& root, Context& ctx) {
    auto* plan = subcommand_group(root, "plan", _("Plans: hardening (paving), clean-up campaigns, plan items"));
    static Args a;
    auto* cmd = plan->add_subcommand(
        "gating",
        _("Gate the compound (封闭): fence length, gates and cost; --check walks and fire-engine access "
        "before and after, with gates shut on request"));
    cmd->add_flag("--check", a.check, _("Check access before and after: walks, fire engines, shops and units"));
    cmd->add_option("--closed", a.closed, _("Shut this gate for the check (name or number; repeat)"))
        ->type_name("GATE");
    cmd->add_option("--fence-wkt", a.fence_wkt, _("A drawn fence line instead of the compound's outline"))
        ->type_name("WKT")
        ->check(not_blank());
    cmd->add_option("--gate", a.gates, _("A gate of the drawn fence (repeat)"))->type_name("X,Y,TYPE,WIDTH");
    cmd->add_option("--compound", a.compound, _("Compound name (default: the data set's first)"));
    cmd->add_option("--fire-width", a.fire_width, _("Clear width fire engines need, m (default 4)"))
        ->check(finite_in(1, 20));
    cmd->add_option("--vehicle-width", a.vehicle_width, _("A lane this wide gets a vehicle gate, m (default 4)"))
        ->check(finite_in(1, 20));
    cmd->add_flag("--save", a.save, _("Save the fence and gates as plan items of the compound's project"));
    cmd->add_option("--project", a.project,
                    _("Project to save to (default: the project whose area is compound)"));
    cmd->add_option("--phase", a.phase, _("Phase of the saved items"))->check(CLI::PositiveNumber);
    auto* append =
        cmd->add_flag("--append", a.append, _("Save even where the project already has a fence or gate"));
    auto* trim = cmd->add_flag("--trim", a.trim, _("Save only the part not yet planned"));
    append->excludes(trim);
    cmd->add_flag("--json", a.json, _("Print JSON"));
    cmd->callback([&ctx] { run_gating(ctx, a); });
}

NBHD_REGISTER_COMMAND(57, register_plan_gating);

}  // namespace app::cli
