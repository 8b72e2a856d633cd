// nbhd market layout | applicants import FILE | allocate --seed N | show: the Guohuai Street market
// rebuild (国槐街集贸市场): the stall layout from the market's outline (saved as plan items of the market
// project, so the budget and the brief price it), the applicants and their classes, and the open lottery
// (低保 households first, then residents, then new traders). The rules live in gis/plan/market.

#include <iostream>
#include <limits>
#include <map>
#include <optional>

#include "app/cli/app.hpp"
#include "app/cli/output.hpp"
#include "app/cli/plan_common.hpp"
#include "app/i18n/i18n.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/district/schema.hpp"
#include "gis/io/editor.hpp"
#include "gis/plan/market.hpp"
#include "gis/plan/market_store.hpp"
#include "gis/plan/prices.hpp"
#include "gis/plan/store.hpp"
#include "gis/privacy/privacy.hpp"

namespace app::cli {
namespace {

using gis::fmt_fixed;
using i18n::tr;
using nlohmann::json;
namespace mk = gis::plan::market;

/// The market's outline: the first feature of layer `market`.
gis::Result<gis::Polygon> market_outline(const std::string& path, std::string* name) {
    auto ds = gis::plan::open_for_reading(path);
    if (!ds) return ds.error();
    if (!ds->has_layer(gis::district::layers::kMarket))
        return gis::make_error(gis::ErrorCode::MissingLayer,
                               gis::i18n::format(_("{0}: no layer 'market' (draw the market's outline as a "
                                                   "polygon in layer market, or import it with nbhd district "
                                                   "import)"),
                                                 path));
    auto l = ds->read_layer(gis::district::layers::kMarket);
    if (!l) return l.error();
    for (const auto& f : l->features)
        if (!f.geometry.polygons.empty()) {
            const int i = l->info.field_index("name");
            if (name && i >= 0) *name = gis::io::to_display(f.values[static_cast<std::size_t>(i)]);
            return f.geometry.polygons.front();
        }
    return gis::make_error(
        gis::ErrorCode::MissingLayer,
        gis::i18n::format(_("{0}: layer 'market' has no outline polygon (draw the market's "
                            "outline)"),
                          path));
}

/// The project planned over the market (area "market").
using mk::market_project;

std::string class_label(mk::ApplicantClass c) {
    return tr((std::string("market.class.") + mk::to_string(c)).c_str());
}

// --- layout ---------------------------------------------------------------------------------------------

struct LayoutArgs {
    mk::LayoutParams params;
    bool save = false, as_json = false;
};

void run_layout(Context& ctx, const LayoutArgs& a) {
    auto path = ctx.dataset_path();
    if (!path) return ctx.fail(path.error());
    std::string name;
    auto outline = market_outline(path.value(), &name);
    if (!outline) return ctx.fail(outline.error());
    auto layout = mk::layout_stalls(outline.value(), a.params);
    if (!layout) return ctx.fail(layout.error());
    auto table = gis::plan::read_prices(path.value());
    if (!table) return ctx.fail(table.error());
    const auto prices = table->unit_prices();
    auto plan = gis::plan::read_plan(path.value());
    if (!plan) return ctx.fail(plan.error());
    auto project = market_project(plan->projects);
    if (!project) return ctx.fail(project.error());
    const std::string project_key = project.value()->key;
    auto items = mk::layout_items(layout.value(), project_key, prices);
    double stalls_cost = 0, desks_cost = 0;
    for (const auto& it : items) (it.kind == "market" ? stalls_cost : desks_cost) += it.cost_cny;
    std::vector<std::int64_t> ids;
    if (a.save) {
        if (auto w = gis::io::check_writable(path.value()); !w) return ctx.fail(w.error());
        auto s = gis::plan::PlanSession::open(path.value());
        if (!s) return ctx.fail(s.error());
        auto saved = s->add_items(items, "market layout");
        if (!saved) return ctx.fail(saved.error());
        ids = saved.value();
    }
    const auto& L = layout.value();
    if (a.as_json) {
        json stalls = json::array(), desks = json::array();
        for (const auto& st : L.stalls)
            stalls.push_back({{"number", st.number},
                              {"side", st.side},
                              {"area_m2", L.params.stall_width * L.params.stall_depth},
                              {"wkt", gis::to_wkt(gis::Geometry::from(st.polygon))}});
        for (const auto& d : L.desks)
            desks.push_back(
                {{"kind", d.kind}, {"name", d.name}, {"wkt", gis::to_wkt(gis::Geometry::from(d.polygon))}});
        return print_json({{"project", project_key},
                           {"stall_width_m", L.params.stall_width},
                           {"stall_depth_m", L.params.stall_depth},
                           {"aisle_m", L.params.aisle},
                           {"fire_gap_m", L.params.fire_gap},
                           {"every", L.params.every},
                           {"rows", L.rows},
                           {"length_m", L.length_m},
                           {"width_m", L.width_m},
                           {"axis_deg", L.axis_deg},
                           {"fire_gaps_per_row", L.fire_gaps},
                           {"stall_count", L.stalls.size()},
                           {"stall_area_m2", L.stall_area_m2},
                           {"market_cny_m2", prices.market_cny_m2},
                           {"desk_cny", prices.market_desk_cny},
                           {"stalls_cost_cny", stalls_cost},
                           {"desks_cost_cny", desks_cost},
                           {"cost_cny", stalls_cost + desks_cost},
                           {"stalls", stalls},
                           {"desks", desks},
                           {"saved_item_ids", ids}});
    }
    std::cout << tr("market.layout.title") << (name.empty() ? "" : " · " + name) << '\n';
    Rows r;
    r.add(tr("market.outline"), fmt_fixed(L.length_m, 1) + " m × " + fmt_fixed(L.width_m, 1) + " m");
    r.add(tr("market.rows"), std::to_string(L.rows));
    r.add(tr("market.stalls"), std::to_string(L.stalls.size()) + " (" + fmt_fixed(L.params.stall_width, 2) +
                                   " m × " + fmt_fixed(L.params.stall_depth, 2) + " m)");
    r.add(tr("market.stall_area"), metric(L.stall_area_m2, "m²"));
    r.add(tr("market.aisle"), fmt_fixed(L.params.aisle, 2) + " m");
    r.add(tr("market.fire_gaps"), std::to_string(L.fire_gaps) + " × " + fmt_fixed(L.params.fire_gap, 2) +
                                      " m " + tr("market.per_row") + ", " + tr("market.every") + " " +
                                      std::to_string(L.params.every));
    std::string desks;
    for (const auto& d : L.desks) desks += (desks.empty() ? "" : ", ") + d.name;
    r.add(tr("market.desks"), desks);
    r.add(tr("market.stalls_cost"), yuan(stalls_cost) + " (" + metric(L.stall_area_m2, "m²") + " × " +
                                        yuan_cents(prices.market_cny_m2) + "/m²)");
    r.add(tr("market.desks_cost"), yuan(desks_cost) + " (" + std::to_string(L.desks.size()) + " × " +
                                       yuan_cents(prices.market_desk_cny) + ")");
    r.add(tr("market.cost"), yuan(stalls_cost + desks_cost));
    r.print();
    if (a.save)
        std::cout << tr("plan.saved") << ": " << ids.size() << " → " << project_key << '\n';
    else
        std::cout << tr("market.save_hint") << '\n';
}

// --- applicants -----------------------------------------------------------------------------------------

void run_import(Context& ctx, const std::string& file) {
    auto path = ctx.dataset_path();
    if (!path) return ctx.fail(path.error());
    if (auto w = gis::io::check_writable(path.value()); !w) return ctx.fail(w.error());
    auto rows = mk::read_applicant_file(file);
    if (!rows) return ctx.fail(rows.error());
    auto d = ctx.load_district();
    if (!d) return;
    if (d->personal != gis::district::District::PersonalValues::Own)
        return ctx.fail(
            gis::make_error(gis::ErrorCode::BadInput,
                            _("this data set's households carry no 低保 status (a server keeps it); "
                              "import the applicants into the district's own file")));
    auto applicants = mk::classify(rows.value(), d->households);
    if (!applicants) return ctx.fail(applicants.error());
    if (auto w = mk::write_applicants(path.value(), applicants.value()); !w) return ctx.fail(w.error());
    std::map<mk::ApplicantClass, int> n;
    for (const auto& a : applicants.value()) ++n[a.cls];
    std::cout << tr("market.imported") << ": " << applicants->size() << '\n';
    Rows r;
    for (auto c : {mk::ApplicantClass::Dibao, mk::ApplicantClass::Resident, mk::ApplicantClass::Trader})
        r.add(class_label(c), std::to_string(n[c]));
    r.print();
}

// --- allocation -----------------------------------------------------------------------------------------

json allocation_json(const mk::Allocation& a, const std::vector<mk::NoticeRow>& rows) {
    json stalls = json::array(), waiting = json::array(), counts = json::object();
    for (const auto& r : rows) {
        json j = {{"class", mk::to_string(r.cls)}, {"name", r.name}, {"trade", r.trade}};
        if (r.stall > 0) {
            j["stall"] = r.stall;
            stalls.push_back(j);
        } else {
            j["waiting_place"] = r.waiting_place;
            waiting.push_back(j);
        }
    }
    for (auto c : {mk::ApplicantClass::Dibao, mk::ApplicantClass::Resident, mk::ApplicantClass::Trader})
        counts[mk::to_string(c)] = {{"stalls", a.count(c, true)}, {"waiting", a.count(c, false)}};
    return {{"seed", a.seed},
            {"stalls_offered", a.stalls},
            {"allocated", stalls},
            {"waiting", waiting},
            {"counts", counts}};
}

void print_allocation(const mk::Allocation& a, const std::vector<mk::NoticeRow>& rows) {
    std::cout << tr("market.seed") << ": " << a.seed << '\n';
    std::vector<std::vector<std::string>> t = {
        {tr("market.stall"), tr("market.class"), tr("market.name"), tr("market.trade")}};
    std::vector<std::vector<std::string>> w = {
        {tr("market.waiting_place"), tr("market.class"), tr("market.name"), tr("market.trade")}};
    for (const auto& r : rows)
        (r.stall > 0 ? t : w)
            .push_back({std::to_string(r.stall > 0 ? r.stall : r.waiting_place), class_label(r.cls), r.name,
                        r.trade});
    print_text_table(t);
    if (w.size() > 1) {
        std::cout << '\n' << tr("market.waiting") << '\n';
        print_text_table(w);
    }
    std::cout << '\n';
    Rows c;
    for (auto k : {mk::ApplicantClass::Dibao, mk::ApplicantClass::Resident, mk::ApplicantClass::Trader})
        c.add(class_label(k), std::to_string(a.count(k, true)) + " " + tr("market.with_stall") + ", " +
                                  std::to_string(a.count(k, false)) + " " + tr("market.on_waiting"));
    c.print();
}

/// The households the applicants come from, for an audit record.
std::vector<std::string> household_numbers(const std::vector<mk::Applicant>& applicants) {
    std::vector<std::string> out;
    for (const auto& a : applicants)
        if (!a.household_no.empty()) out.push_back(a.household_no);
    return out;
}

struct AllocateArgs {
    std::int64_t seed = -1;
    bool save = false, as_json = false;
    std::string redraw;  ///< the reason a saved draw is replaced (audited with the command line)
};

void run_allocate(Context& ctx, const AllocateArgs& a) {
    auto path = ctx.dataset_path();
    if (!path) return ctx.fail(path.error());
    std::vector<mk::Applicant> applicants;
    std::vector<int> stalls;
    {
        auto ds = gis::plan::open_for_reading(path.value());
        if (!ds) return ctx.fail(ds.error());
        auto ap = mk::read_applicants(ds.value());
        if (!ap) return ctx.fail(ap.error());
        applicants = std::move(ap.value());
        auto plan = gis::plan::read_plan(ds.value());
        if (!plan) return ctx.fail(plan.error());
        auto project = market_project(plan->projects);
        if (!project) return ctx.fail(project.error());
        for (const auto& it : plan->items)
            if (it.project == project.value()->key)
                if (const int n = mk::stall_number(it); n > 0) stalls.push_back(n);
        if (stalls.empty())
            return ctx.fail(gis::make_error(gis::ErrorCode::NotFound,
                                            gis::i18n::format(_("project {0} has no saved stalls: lay them "
                                                                "out first with nbhd market layout --save"),
                                                              project.value()->key)));
        // A published draw stands: redrawing until a result pleases is what an open lottery rules out.
        if (a.save) {
            auto saved = mk::read_allocation(ds.value());
            if (!saved) return ctx.fail(saved.error());
            if (saved.value() && a.redraw.empty())
                return ctx.fail(gis::make_error(
                    gis::ErrorCode::BadInput,
                    gis::i18n::format(_("a draw is saved already (seed {0}, {1}); nothing was saved. To "
                                        "replace it give --redraw \"REASON\" (the reason goes into the audit "
                                        "log with this command)"),
                                      saved.value()->allocation.seed, saved.value()->drawn)));
        }
    }
    const auto alloc = mk::allocate(applicants, stalls, static_cast<std::uint64_t>(a.seed));
    auto rows = mk::notice_rows(alloc, applicants, false);
    if (!rows) return ctx.fail(rows.error());
    if (a.save) {
        if (auto w = gis::io::check_writable(path.value()); !w) return ctx.fail(w.error());
        if (auto w = mk::write_allocation(path.value(), alloc, gis::privacy::now_iso8601()); !w)
            return ctx.fail(w.error());
        if (auto au = gis::privacy::append_audit(path.value(), "market-allocate", ctx.command_line,
                                                 household_numbers(applicants));
            !au)
            return ctx.fail(au.error());
    }
    if (a.as_json) {
        auto j = allocation_json(alloc, rows.value());
        j["saved"] = a.save;
        return print_json(j);
    }
    print_allocation(alloc, rows.value());
    std::cout << (a.save ? tr("market.allocation_saved") : tr("market.allocate_hint")) << '\n';
}

struct ShowArgs {
    bool as_json = false, reveal = false;
    std::string notice;
};

void run_show(Context& ctx, const ShowArgs& a) {
    auto path = ctx.dataset_path();
    if (!path) return ctx.fail(path.error());
    std::optional<mk::SavedAllocation> saved;
    std::vector<mk::Applicant> applicants;
    {
        auto ds = gis::plan::open_for_reading(path.value());
        if (!ds) return ctx.fail(ds.error());
        auto s = mk::read_allocation(ds.value());
        if (!s) return ctx.fail(s.error());
        saved = std::move(s.value());
        if (!saved)
            return ctx.fail(
                gis::make_error(gis::ErrorCode::NotFound,
                                _("no market allocation is saved: draw it with nbhd market allocate "
                                  "--seed N --save")));
        auto ap = mk::read_applicants(ds.value());
        if (!ap) return ctx.fail(ap.error());
        applicants = std::move(ap.value());
    }
    if (a.reveal) {
        // Names unmasked are personal data: the disclosure is recorded first, and nothing is shown when it
        // cannot be.
        if (auto au = gis::privacy::append_audit(path.value(), "reveal", ctx.command_line,
                                                 household_numbers(applicants));
            !au)
            return ctx.fail(au.error());
    }
    auto rows = mk::notice_rows(saved->allocation, applicants, a.reveal);
    if (!rows) return ctx.fail(rows.error());
    if (!a.notice.empty()) {
        if (auto w = mk::write_notice(a.notice, rows.value()); !w) return ctx.fail(w.error());
    }
    if (a.as_json) {
        auto j = allocation_json(saved->allocation, rows.value());
        j["drawn"] = saved->drawn;
        if (!a.notice.empty()) j["notice"] = a.notice;
        return print_json(j);
    }
    print_allocation(saved->allocation, rows.value());
    if (!saved->drawn.empty()) std::cout << tr("market.drawn") << ": " << saved->drawn << '\n';
    if (!a.notice.empty()) std::cout << tr("market.notice_written") << ": " << a.notice << '\n';
}

}  // namespace

void register_market(CLI::App& root, Context& ctx) {
    auto* market =
        root.add_subcommand("market", _("The Guohuai Street market: stall layout, applicants, lottery"));
    market->require_subcommand(1);

    static LayoutArgs la;
    auto* layout = market->add_subcommand(
        "layout",
        _("Lay out the stalls in the market's outline (rows along the street, aisle, fire gaps, desks)"));
    layout->add_option("--stall-width", la.params.stall_width, _("Stall width along the street, m (2.5)"))
        ->check(finite_in(0.5, 20));
    layout->add_option("--stall-depth", la.params.stall_depth, _("Stall depth, m (2.0)"))
        ->check(finite_in(0.5, 20));
    layout->add_option("--aisle", la.params.aisle, _("Aisle between the rows, m (3.0)"))
        ->check(finite_in(1, 30));
    layout->add_option("--fire-gap", la.params.fire_gap, _("Fire-access gap, m (4.0)"))->check(finite_in(1, 30));
    layout->add_option("--every", la.params.every, _("Stalls between fire gaps (10)"))
        ->check(CLI::Range(1, 200));
    layout->add_flag(
        "--save", la.save,
        _("Save the stalls (kind market) and desks (kind other) as plan items of the market project"));
    layout->add_flag("--json", la.as_json, _("Print JSON"));
    layout->callback([&ctx] { run_layout(ctx, la); });

    auto* applicants = market->add_subcommand("applicants", _("The stall applicants"));
    applicants->require_subcommand(1);
    static std::string file;
    auto* import = applicants->add_subcommand(
        "import",
        _("Import the applicants (CSV or XLSX: name, phone, id_number, household_no, trade), replacing "
        "those stored"));
    import->add_option("file", file, _("Applicants file (.csv or .xlsx)"))->required();
    import->callback([&ctx] { run_import(ctx, file);
});

static AllocateArgs aa;
auto* allocate = market->add_subcommand(
    "allocate", _("Allocate the saved stalls by lottery: 低保 households, then residents, then new traders"));
allocate->add_option("--seed", aa.seed, _("The lottery's published seed, 0..9223372036854775807"))
    ->required()
    ->check(CLI::Range(std::int64_t{0}, std::numeric_limits<std::int64_t>::max()));
allocate->add_flag("--save", aa.save, _("Record the result and the seed (audited)"));
allocate->add_option("--redraw", aa.redraw, _("Replace a saved draw, for this reason (audited)"));
allocate->add_flag("--json", aa.as_json, _("Print JSON"));
allocate->callback([&ctx] { run_allocate(ctx, aa); });

static ShowArgs sa;
auto* show = market->add_subcommand("show", _("The saved allocation: stalls, classes, masked names, the seed"));
show->add_option("--notice", sa.notice, _("Write the notice-board list (CSV; no ID numbers, no phones)"));
show->add_flag("--reveal", sa.reveal, _("Unmasked names (recorded in the audit table)"));
show->add_flag("--json", sa.as_json, _("Print JSON"));
show->callback([&ctx] { run_show(ctx, sa); });
}  // namespace app::cli

NBHD_REGISTER_COMMAND(57, register_market);

}  // namespace app::cli
