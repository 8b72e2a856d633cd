// nbhd gas check | isolate: the gas network's topology and valve isolation down to households.

#include <filesystem>
#include <iostream>
#include <optional>
#include <unordered_map>

#include "app/cli/app.hpp"
#include "app/cli/output.hpp"
#include "app/i18n/i18n.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/io/pg.hpp"
#include "gis/network/gas_district.hpp"
#include "gis/network/gas_region.hpp"
#include "gis/network/notices.hpp"
#include "gis/network/parse.hpp"
#include "gis/server/server.hpp"

namespace app::cli {
namespace {

using gis::with_commas;
using i18n::tr;
using nlohmann::json;

/// Valves by fid, for describing the valves of a trace.
class ValveLookup {
  public:
    explicit ValveLookup(const gis::district::District& d) {
        for (const auto& v : d.gas_valves) by_id_[v.fid] = &v;
    }
    json to_json(std::int64_t id) const {
        auto it = by_id_.find(id);
        if (it == by_id_.end()) return {{"id", id}};
        const auto& v = *it->second;
        return {{"id", v.fid},      {"x", v.location.x},      {"y", v.location.y},
                {"state", v.state}, {"operable", v.operable}, {"note", v.note}};
    }
    std::string line(std::int64_t id) const {
        auto it = by_id_.find(id);
        if (it == by_id_.end()) return std::to_string(id);
        const auto& v = *it->second;
        std::string s = std::to_string(id) + "  (" + gis::fmt_fixed(v.location.x, 1) + ", " +
                        gis::fmt_fixed(v.location.y, 1) + ")  " + i18n::term("state", v.state);
        if (!v.operable) s += std::string(", ") + tr("gas.isolate.inoperable");
        if (!v.note.empty()) s += "  " + v.note;
        return s;
    }

  private:
    std::unordered_map<std::int64_t, const gis::district::GasValve*> by_id_;
};

std::string ids_text(const std::vector<std::int64_t>& ids, std::size_t max = 40) {
    std::vector<std::string> items;
    for (auto id : ids) items.push_back(std::to_string(id));
    const std::string s = short_list(items, max);
    return s.empty() ? "-" : s;
}

void run_check(Context& ctx, bool as_json, double tolerance) {
    auto d = ctx.load_district({false});
    if (!d) return;
    if (auto g = gis::network::require_gas_network(d.value()); !g) return ctx.fail(g.error());
    auto net = gis::network::GasNetwork::build(gis::network::gas_spec(d.value(), tolerance));
    auto r = net.check();
    if (as_json) {
        json problems = json::array();
        std::unordered_map<std::string, int> counts;
        for (const auto& p : r.problems) {
            ++counts[gis::network::to_string(p.kind)];
            problems.push_back({{"kind", gis::network::to_string(p.kind)},
                                {"id", p.id},
                                {"x", p.location.x},
                                {"y", p.location.y},
                                {"message", p.message}});
        }
        json by_kind = json::object();
        for (const auto& [k, n] : counts) by_kind[k] = n;
        print_json({{"data_set", d->source_path},
                    {"clean", r.clean()},
                    {"pipes", r.pipes},
                    {"nodes", r.nodes},
                    {"valves", r.valves},
                    {"stations", r.sources},
                    {"parts", r.parts},
                    {"entrances_served", r.entrances_served},
                    {"snap_tolerance_m", tolerance},
                    {"problem_counts", by_kind},
                    {"problems", problems}});
    } else {
        print_row(tr("info.data_set"), d->source_path, 24);
        print_row(tr("gas.check.pipes"), with_commas(static_cast<std::int64_t>(r.pipes)), 24);
        print_row(tr("gas.check.nodes"), with_commas(static_cast<std::int64_t>(r.nodes)), 24);
        print_row(tr("gas.check.valves"), with_commas(static_cast<std::int64_t>(r.valves)), 24);
        print_row(tr("gas.check.stations"), with_commas(static_cast<std::int64_t>(r.sources)), 24);
        print_row(tr("gas.check.parts"), with_commas(static_cast<std::int64_t>(r.parts)), 24);
        print_row(tr("gas.check.entrances_served"),
                  with_commas(static_cast<std::int64_t>(r.entrances_served)), 24);
        if (r.clean()) {
            std::cout << tr("gas.check.clean") << '\n';
        } else {
            std::cout << tr("gas.check.problems") << ": " << r.problems.size() << '\n';
            for (const auto& p : r.problems)
                std::cout << "  [" << gis::network::to_string(p.kind) << "] ("
                          << gis::fmt_fixed(p.location.x, 1) << ", " << gis::fmt_fixed(p.location.y, 1)
                          << ") " << p.message << '\n';
        }
    }
    if (!r.clean()) ctx.exit_code = gis::exit_code(gis::ErrorCode::CheckFailed);
}

struct IsolateArgs {
    std::int64_t segment = -1;
    std::string at;
    double max_distance = 25;
    bool json = false;
    std::string out;
    bool personal = false, force = false;
    double tolerance = 0.5;
};

void run_isolate(Context& ctx, const IsolateArgs& a, bool have_segment) {
    if (have_segment == !a.at.empty())
        return ctx.fail(gis::make_error(gis::ErrorCode::BadInput, _("give either --segment ID or --at X,Y")));
    gis::network::IsolationRequest req;
    if (!a.at.empty()) {
        auto p = gis::network::parse_point(a.at);
        if (!p) return ctx.fail(p.error());
        req.at = p.value();
    } else {
        req.segment = a.segment;
    }
    req.max_distance = a.max_distance;
    req.snap_tolerance = a.tolerance;
    if (ctx.all_districts) {
        // A subdistrict's several districts on one server: the point's district is the one whose network
        // has a pipe within reach of it. Two within reach (a point at a border) is asked, never guessed.
        if (!req.at)
            return ctx.fail(
                gis::make_error(gis::ErrorCode::BadInput,
                                _("--district all needs --at X,Y (segment ids belong to one district)")));
        const gis::BBox near{req.at->x - a.max_distance, req.at->y - a.max_distance,
                             req.at->x + a.max_distance, req.at->y + a.max_distance};
        auto meeting = gis::server::districts_meeting(ctx.data, near);
        if (!meeting) return ctx.fail(meeting.error());
        std::vector<std::string> found;
        std::optional<gis::Error> last;
        for (const auto& schema : meeting.value()) {
            auto p = gis::io::pg::with_schema(ctx.data, schema);
            if (!p) return ctx.fail(p.error());
            if (auto tried = gis::network::isolate_in_region(p.value(), req))
                found.push_back(p.value());
            else
                last = tried.error();
        }
        if (found.empty()) return ctx.fail(*last);
        if (found.size() > 1)
            return ctx.fail(gis::make_error(gis::ErrorCode::BadInput,
                                            gis::i18n::format(_("pipes of {0} districts lie within "
                                                                "--max-distance of the point; name one with "
                                                                "--district NAME"),
                                                              found.size())));
        ctx.all_districts = false;
        ctx.data = found.front();
    }
    auto path = ctx.dataset_path();
    if (!path) return ctx.fail(path.error());
    // Only the network around the target is read: the box grows until the answer cannot change.
    auto iso = gis::network::isolate_in_region(path.value(), req);
    if (!iso) return ctx.fail(iso.error());
    const gis::district::District* d = &iso->district;
    const std::int64_t segment = iso->segment;
    const auto& t = iso->trace;
    const auto& impact = iso->impact;
    auto rows = gis::network::notice_rows(*d, impact, true);

    if (!a.out.empty()) {
        if (!a.force && std::filesystem::exists(a.out))
            return ctx.fail(
                gis::make_error(gis::ErrorCode::BadInput,
                                gis::i18n::format(_("{0} already exists; nothing was written (use --force to "
                                                    "replace it)"),
                                                  a.out)));
        gis::network::NoticeExportOptions opt;
        opt.include_personal_data = a.personal;
        auto path = ctx.dataset_path();
        if (!path) return ctx.fail(path.error());
        opt.dataset_path = path.value();
        opt.query = ctx.command_line + "  (segment " + std::to_string(segment) + ")";
        if (auto r = gis::network::export_notices(a.out, *d, impact, opt); !r) return ctx.fail(r.error());
    }

    std::unordered_map<std::int64_t, const gis::district::Building*> building;
    for (const auto& b : d->buildings) building[b.fid] = &b;
    const ValveLookup valves_by_id(*d);
    if (a.json) {
        json valves = json::array(), closed = json::array(), skipped = json::array();
        for (auto id : t.valves_to_close) valves.push_back(valves_by_id.to_json(id));
        for (auto id : t.valves_already_closed) closed.push_back(valves_by_id.to_json(id));
        for (auto id : t.valves_skipped) skipped.push_back(valves_by_id.to_json(id));
        json buildings = json::array(), households = json::array(), shops = json::array();
        for (auto id : impact.buildings) {
            const auto* b = building.count(id) ? building[id] : nullptr;
            buildings.push_back({{"fid", id}, {"number", b ? b->number : 0}, {"name", b ? b->name : ""}});
        }
        for (const auto& r : rows) {
            if (r.kind == "household")
                households.push_back({{"household_no", r.household_no},
                                      {"address", r.address},
                                      {"name", r.name},
                                      {"phone", r.phone}});
            else
                shops.push_back({{"name", r.name}, {"address", r.address}, {"building", r.building}});
        }
        json j = {{"segment", segment},
                  {"valves", valves},
                  {"valves_already_closed", closed},
                  {"valves_skipped", skipped},
                  {"stations_to_shut", t.sources_to_shut},
                  {"zone_segments", t.zone_pipes},
                  {"segments", t.pipes_without_supply},
                  {"buildings", buildings},
                  {"entrances", impact.entrances},
                  {"households", impact.households.size()},
                  {"household_list", households},
                  {"shops", impact.shops.size()},
                  {"shop_list", shops},
                  {"personal_data_masked", true}};
        if (!a.out.empty()) j["out"] = a.out;
        print_json(j);
        return;
    }
    print_row(tr("gas.isolate.segment"), std::to_string(segment), 34);
    std::cout << tr("gas.isolate.close") << ":\n";
    if (t.valves_to_close.empty()) std::cout << "  -\n";
    for (auto id : t.valves_to_close) std::cout << "  " << valves_by_id.line(id) << '\n';
    if (!t.valves_already_closed.empty()) {
        std::cout << tr("gas.isolate.already_closed") << ":\n";
        for (auto id : t.valves_already_closed) std::cout << "  " << valves_by_id.line(id) << '\n';
    }
    if (!t.valves_skipped.empty()) {
        std::cout << tr("gas.isolate.skipped") << ":\n";
        for (auto id : t.valves_skipped) std::cout << "  " << valves_by_id.line(id) << '\n';
    }
    if (!t.sources_to_shut.empty()) print_row(tr("gas.isolate.stations"), ids_text(t.sources_to_shut), 34);
    print_row(tr("gas.isolate.zone"), ids_text(t.zone_pipes), 34);
    print_row(tr("gas.isolate.segments"),
              with_commas(static_cast<std::int64_t>(t.pipes_without_supply.size())), 34);
    std::string names;
    for (auto id : impact.buildings) {
        const auto* b = building.count(id) ? building[id] : nullptr;
        names += (names.empty() ? "" : ", ") + (b && b->number ? std::to_string(b->number)
                                                : b            ? b->name
                                                               : std::to_string(id));
    }
    print_row(tr("gas.isolate.buildings"),
              with_commas(static_cast<std::int64_t>(impact.buildings.size())) +
                  (names.empty() ? "" : "  (" + names + ")"),
              34);
    print_row(tr("gas.isolate.entrances"), with_commas(static_cast<std::int64_t>(impact.entrances.size())),
              34);
    print_row(tr("gas.isolate.households"), with_commas(static_cast<std::int64_t>(impact.households.size())),
              34);
    print_row(tr("gas.isolate.shops"), with_commas(static_cast<std::int64_t>(impact.shops.size())), 34);
    if (!rows.empty() && !impact.households.empty()) {
        std::cout << tr("gas.isolate.households_masked") << ":\n";
        for (const auto& r : rows)
            if (r.kind == "household")
                std::cout << "  " << pad(r.address, 12) << ' ' << pad(r.name, 8) << ' ' << r.phone << '\n';
    }
    if (!a.out.empty()) std::cout << tr("gas.isolate.exported") << ": " << a.out << '\n';
}

}  // namespace

void register_gas(CLI::App& root, Context& ctx) {
    auto* gas = subcommand_group(root, "gas", _("Gas network: topology check and valve isolation"));

    static bool check_json = false;
    static double check_tolerance = 0.5;
    auto* check = gas->add_subcommand(
        "check",
        _("Check the gas network's topology: dangling pipe ends, parts without a station, unsupplied pipes, "
          "valves off the network, buildings without service. Exit 0 only when clean"));
    check->add_flag("--json", check_json, _("Print JSON"));
    check->add_option("--tolerance", check_tolerance, _("Snap tolerance in metres"))
        ->check(finite_in(0.0, 10.0));
    check->callback([&ctx] { run_check(ctx, check_json, check_tolerance); });

    static IsolateArgs args;
    auto* iso = gas->add_subcommand(
        "isolate",
        _("Valves to close to cut a pipe segment off from the supply, and who loses gas (buildings, "
          "entrances, households, shops)"));
    auto* seg = iso->add_option("--segment", args.segment, _("Pipe segment: its fid in the gas_pipes layer"))
                    ->type_name("ID");
    auto* at = iso->add_option("--at", args.at, _("The segment nearest to this point (metres, data set CRS)"))
                   ->type_name("X,Y");
    seg->excludes(at);
    iso->add_option("--max-distance", args.max_distance,
                    _("With --at: how far a pipe may be from the point (m)"))
        ->check(finite_in(1e-6, 1e6));
    iso->add_flag("--json", args.json, _("Print JSON (household list masked)"));
    auto* out = iso->add_option("--out", args.out, _("Write the notification list (.csv or .xlsx)"))
                    ->type_name("FILE");
    iso->add_flag("--force", args.force, _("Replace the --out file if it exists"));
    iso->add_flag("--include-personal-data", args.personal,
                  _("Unmasked names and phone numbers in the --out list (recorded in the audit table)"))
        ->needs(out);
    iso->add_option("--tolerance", args.tolerance, _("Snap tolerance in metres"))
        ->check(finite_in(0.0, 10.0));
    iso->callback([&ctx, seg] { run_isolate(ctx, args, seg->count() > 0); });
}

NBHD_REGISTER_COMMAND(70, register_gas);

}  // namespace app::cli
