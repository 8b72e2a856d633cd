// nbhd plan add | items | set | remove: plan items from the command line (the viewer edits the same items
// through gis::plan::PlanSession).

#include <algorithm>
#include <iostream>

#include "app/cli/app.hpp"
#include "app/cli/output.hpp"
#include "app/cli/plan_common.hpp"
#include "app/i18n/i18n.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/geom/ops.hpp"
#include "gis/network/renewal.hpp"
#include "gis/plan/scope.hpp"

namespace app::cli {
namespace {

using gis::fmt_fixed;
using i18n::tr;
using nlohmann::json;

/// A plan item's geometry must lie (at least partly) in the district.
gis::Result<void> check_in_district(Context& ctx, const gis::Geometry& g) {
    auto d = ctx.load_district({false});
    if (!d) return d.error();
    auto district = gis::plan::district_scope(d.value());
    if (!district.intersects(g))
        return gis::make_error(gis::ErrorCode::BadInput, _("the geometry lies outside the district"));
    return {};
}

struct AddArgs {
    std::string kind, wkt, project, name, status = "proposed";
    std::vector<std::string> params;
    int phase = 1;
    double cost = -1;
    bool json = false, trim = false, append = false;
};

void run_add(Context& ctx, const AddArgs& a) {
    auto g = gis::geom::from_wkt(a.wkt);
    if (!g) return ctx.fail(g.error());
    auto s = open_for_edit(ctx);
    if (!s) return ctx.fail(s.error());
    gis::plan::PlanItem it;
    it.kind = a.kind;
    it.geometry = g.value();
    it.name = a.name.empty() ? term("kind", a.kind) : a.name;  // in the user's language
    it.phase = a.phase;
    it.status = a.status;
    if (!a.project.empty()) {
        auto p = s->require_project(a.project);
        if (!p) return ctx.fail(p.error());
        it.project = p.value()->key;
    } else if (a.phase > 1) {
        return ctx.fail(gis::make_error(
            gis::ErrorCode::BadInput,
            gis::i18n::format(_("--phase {0}: phases belong to a project; give --project NAME too"),
                              a.phase)));
    }
    auto params = apply_params("{}", a.params);
    if (!params) return ctx.fail(params.error());
    it.params = params.value();
    if (a.cost >= 0) it.params = gis::plan::with_param(it.params, "cost_cny", a.cost);
    if (auto v = gis::plan::validate_item(it); !v) return ctx.fail(v.error());
    if (auto r = check_in_district(ctx, it.geometry); !r) {
        if (ctx.exit_code == 0) ctx.fail(r.error());
        return;
    }
    const auto policy = overlap_policy(a.trim, a.append);
    gis::plan::Overlap overlap;
    auto id = s->add_item(it, policy, &overlap);
    if (!id) return ctx.fail(id.error());
    const auto* saved = s->item(id.value());
    if (a.json) {
        json j = item_json(*saved);
        if (!overlap.empty()) j["overlap"] = overlap_json(overlap, policy);
        return print_json(j);
    }
    std::cout << tr("plan.item.added") << ' ' << id.value() << ": " << term("kind", saved->kind) << " \""
              << saved->name << "\"";
    if (saved->area_m2 > 0) std::cout << ", " << metric(saved->area_m2, "m²");
    if (saved->length_m > 0) std::cout << ", " << metric(saved->length_m, "m");
    std::cout << ", " << yuan(saved->cost_cny) << '\n';
    if (auto line = overlap_line(overlap, policy); !line.empty()) std::cout << line << '\n';
}

void run_items(Context& ctx, const std::string& project, bool as_json, bool wkt) {
    auto path = ctx.dataset_path();
    if (!path) return ctx.fail(path.error());
    auto s = gis::plan::PlanSession::open(path.value());
    if (!s) return ctx.fail(s.error());
    std::string key;
    if (!project.empty()) {
        auto p = s->require_project(project);
        if (!p) return ctx.fail(p.error());
        key = p.value()->key;
    }
    json out = json::array();
    std::size_t listed = 0;
    for (const auto& it : s->items()) {
        if (!key.empty() && it.project != key) continue;
        ++listed;
        if (as_json) {
            out.push_back(item_json(it, wkt));
            continue;
        }
        std::cout << pad(std::to_string(it.id), 5) << ' ' << pad(term("kind", it.kind), 16) << ' '
                  << pad(it.project, 16) << " P" << it.phase << "  " << pad(term("status", it.status), 16)
                  << ' ' << pad(it.area_m2 > 0 ? metric(it.area_m2, "m²") : metric(it.length_m, "m"), 12)
                  << ' ' << pad(yuan(it.cost_cny), 12) << ' ' << it.name << '\n';
    }
    if (as_json) print_json(out);
    // An empty list says so (as `plan campaigns` does), rather than printing nothing.
    if (!as_json && listed == 0) std::cout << _("No plan items yet") << '\n';
}

struct SetArgs {
    std::int64_t id = 0;
    std::string name, project, status, wkt;
    std::vector<std::string> params;
    int phase = 0;
    bool json = false, trim = false, append = false;
};

void run_set(Context& ctx, const SetArgs& a) {
    std::optional<gis::Geometry> geometry;
    if (!a.wkt.empty()) {
        auto g = gis::geom::from_wkt(a.wkt);
        if (!g) return ctx.fail(g.error());
        geometry = g.value();
    }
    auto s = open_for_edit(ctx);
    if (!s) return ctx.fail(s.error());
    const auto* it = s->item(a.id);
    if (!it)
        return ctx.fail(
            gis::make_error(gis::ErrorCode::NotFound,
                            gis::i18n::format(_("there is no plan item {0} (see nbhd plan items)"), a.id)));
    gis::plan::ItemChanges ch;
    if (!a.name.empty()) ch.name = a.name;
    if (!a.project.empty()) {
        auto p = s->require_project(a.project);
        if (!p) return ctx.fail(p.error());
        ch.project = p.value()->key;
    }
    if (!a.status.empty()) ch.status = a.status;
    if (a.phase > 0) ch.phase = a.phase;
    if (!a.params.empty()) {
        auto p = apply_params(it->params, a.params);
        if (!p) return ctx.fail(p.error());
        ch.params = p.value();
        // A pipe of another diameter or material costs what the price table says for it, unless this
        // command sets its unit price too.
        const bool priced = std::any_of(a.params.begin(), a.params.end(), [](const std::string& s) {
            return s.rfind("unit_price_cny=", 0) == 0;
        });
        const bool resized = std::any_of(a.params.begin(), a.params.end(), [](const std::string& s) {
            return s.rfind("diameter_mm=", 0) == 0 || s.rfind("material=", 0) == 0;
        });
        if (it->kind == "gas_pipe" && resized && !priced) {
            const auto d = gis::plan::param_number(*ch.params, "diameter_mm");
            const auto m = gis::plan::param_string(*ch.params, "material").value_or("pe");
            auto price = gis::network::UnitPrices::defaults().per_metre(m, d ? static_cast<int>(*d) : 0);
            if (!price) return ctx.fail(price.error());
            ch.params = gis::plan::with_param(*ch.params, "unit_price_cny", price.value());
        }
    }
    if (geometry)
        if (auto r = check_in_district(ctx, *geometry); !r) {
            if (ctx.exit_code == 0) ctx.fail(r.error());
            return;
        }
    const auto policy = overlap_policy(a.trim, a.append);
    gis::plan::Overlap overlap;
    if (auto r = s->update_item(a.id, geometry ? &*geometry : nullptr, ch, policy, &overlap); !r)
        return ctx.fail(r.error());
    const auto* now = s->item(a.id);
    if (a.json) {
        json j = item_json(*now);
        if (!overlap.empty()) j["overlap"] = overlap_json(overlap, policy);
        return print_json(j);
    }
    std::cout << tr("plan.item.updated") << ' ' << a.id << ": " << now->name << ", " << yuan(now->cost_cny)
              << '\n';
    if (auto line = overlap_line(overlap, policy); !line.empty()) std::cout << line << '\n';
}

void run_remove(Context& ctx, std::vector<std::int64_t> ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());  // an id given twice is removed once
    auto s = open_for_edit(ctx);
    if (!s) return ctx.fail(s.error());
    if (auto r = s->remove_items(ids, "Delete items"); !r) return ctx.fail(r.error());
    std::cout << tr("plan.item.removed") << ": " << ids.size() << '\n';
}

}  // namespace

void register_plan_items(CLI::App& root, Context& ctx) {
    auto* plan =
        subcommand_group(root, "plan", _("Plans: hardening (paving), clean-up campaigns, plan items"));

    static AddArgs a;
    auto* add = plan->add_subcommand("add", _("Add a plan item: KIND is hardening, greening, market, fence, "
                                              "gas_pipe, gate, cleanup or other"));
    add->add_option("kind", a.kind, _("Item kind"))->required();
    add->add_option("--wkt", a.wkt, _("Geometry as WKT in EPSG:4546 metres"))
        ->required()
        ->type_name("WKT")
        ->check(not_blank());
    add->add_option("--project", a.project, _("Project (key or name)"));
    add->add_option("--phase", a.phase, _("Phase (1..the project's phases)"))->check(CLI::PositiveNumber);
    add->add_option("--name", a.name, _("Name shown on the map and in reports"));
    add->add_option("--status", a.status, _("proposed, approved, in_progress or done"));
    add->add_option("--param", a.params,
                    _("Parameter KEY=VALUE (material, thickness_m, unit_price_cny, ...)"));
    add->add_option("--cost", a.cost, _("Fixed cost in CNY (kinds cleanup and other)"))
        ->check(finite_in(0, 1e12));
    auto* add_trim = add->add_flag("--trim", a.trim,
                                   _("Where the project already has the same kind of work over this area or "
                                     "line, save only the part not yet planned"));
    add->add_flag("--append", a.append,
                  _("Save even where the project already has the same kind of work here (keep both)"))
        ->excludes(add_trim);
    add->add_flag("--json", a.json, _("Print the saved item as JSON"));
    add->callback([&ctx] { run_add(ctx, a); });

    static std::string items_project;
    static bool items_json = false, items_wkt = false;
    auto* items = plan->add_subcommand("items", _("List plan items"));
    items->add_option("--project", items_project, _("Only this project's items"));
    items->add_flag("--json", items_json, _("Print JSON"));
    items->add_flag("--wkt", items_wkt, _("With --json: include each item's geometry as WKT"));
    items->callback([&ctx] { run_items(ctx, items_project, items_json, items_wkt); });

    static SetArgs s;
    auto* set = plan->add_subcommand("set", _("Change a plan item's shape or attributes"));
    set->add_option("id", s.id, _("Item id (see nbhd plan items)"))->required();
    set->add_option("--wkt", s.wkt, _("New geometry as WKT"))->type_name("WKT")->check(not_blank());
    set->add_option("--name", s.name, _("New name"));
    set->add_option("--project", s.project, _("Move to another project"));
    set->add_option("--status", s.status, _("proposed, approved, in_progress or done"));
    set->add_option("--phase", s.phase, _("New phase"))->check(CLI::PositiveNumber);
    set->add_option("--param", s.params, _("Set a parameter KEY=VALUE"));
    auto* set_trim = set->add_flag("--trim", s.trim,
                                   _("Where the new shape or project overlaps the same kind of work already "
                                     "planned, keep only the part not yet planned"));
    set->add_flag("--append", s.append, _("Save even where it overlaps the same kind of work (keep both)"))
        ->excludes(set_trim);
    set->add_flag("--json", s.json, _("Print the item as JSON"));
    set->callback([&ctx] { run_set(ctx, s); });

    static std::vector<std::int64_t> remove_ids;
    auto* remove = plan->add_subcommand("remove", _("Delete plan items"));
    remove->add_option("ids", remove_ids, _("Item ids"))->required();
    remove->callback([&ctx] { run_remove(ctx, remove_ids); });
}

NBHD_REGISTER_COMMAND(51, register_plan_items);

}  // namespace app::cli
