// nbhd households within | import | export: households affected by an area or a line, and household
// lists to and from CSV or XLSX.

#include <iostream>

#include "app/cli/app.hpp"
#include "app/cli/occupancy_output.hpp"
#include "app/cli/output.hpp"
#include "app/cli/progress.hpp"
#include "app/i18n/i18n.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/geom/ops.hpp"
#include "gis/io/pg.hpp"
#include "gis/io/sqlite_db.hpp"
#include "gis/occupancy/export.hpp"
#include "gis/occupancy/import.hpp"
#include "gis/occupancy/session.hpp"
#include "gis/plan/affected.hpp"
#include "gis/plan/scope.hpp"
#include "gis/server/server.hpp"

namespace app::cli {
namespace {

/// Building numbers as one readable line (a whole city's answer is cut short, with its count).
std::string building_list(const std::vector<int>& numbers) {
    std::vector<std::string> items;
    for (int b : numbers) items.push_back(std::to_string(b));
    return short_list(items, 20);
}

using gis::ErrorCode;
using gis::make_error;
using i18n::tr;

struct WithinOptions {
    std::string wkt, near_line;
    double distance = 0;
    bool reveal = false;
    bool json = false;
};

void within(Context& ctx, const WithinOptions& o, bool distance_given) {
    gis::plan::AffectedRequest request;
    request.area_wkt = o.wkt;
    request.line_wkt = o.near_line;
    request.distance = o.distance;
    request.distance_given = distance_given;
    auto area = gis::plan::check_affected_area(request);
    if (!area) return ctx.fail(area.error());
    // Only the buildings (and their households) whose bounding box meets the area, widened by the
    // distance, are read: through the GeoPackage's R-tree (or the server's GiST index), not the whole city.
    struct Answer {
        gis::plan::Affected found;
        std::shared_ptr<const gis::occupancy::OccupancyIndex> index;  ///< keeps the district for the notes
        std::vector<gis::occupancy::HouseholdView> views;
    };
    auto answer = [&](bool must_lie_inside) -> std::optional<Answer> {
        gis::district::Region region;
        region.box = area->read_box();
        region.map_layers = true;  // the shops in the box too
        auto data = load_occupancy(ctx, false, std::move(region));
        if (!data) return std::nullopt;
        auto found = gis::plan::affected(*data->index, *area, must_lie_inside);
        if (!found) {
            ctx.fail(found.error());
            return std::nullopt;
        }
        Answer a;
        a.index = data->index;
        a.found = std::move(found).value();
        if (o.reveal) {
            std::vector<std::string> numbers;
            for (auto id : a.found.selection.households)
                numbers.push_back(data->index->household(id).household_no);
            gis::occupancy::SearchSession session(data->index, data->path);
            auto shown = session.reveal(numbers, ctx.command_line);
            if (!shown) {
                ctx.fail(shown.error());
                return std::nullopt;
            }
            a.views = std::move(shown).value();
        } else {
            for (auto id : a.found.selection.households)
                a.views.push_back(
                    gis::occupancy::view_of(data->index->household(id), gis::occupancy::Disclosure::Masked));
        }
        return a;
    };
    if (ctx.all_districts) {
        // A subdistrict's several districts on one server: the area's part in each district it meets.
        auto meeting = gis::server::districts_meeting(ctx.data, area->read_box());
        if (!meeting) return ctx.fail(meeting.error());
        const std::string base = ctx.data;
        ctx.all_districts = false;
        nlohmann::json parts = nlohmann::json::array();
        std::size_t households = 0;
        for (const auto& schema : meeting.value()) {
            auto path = gis::io::pg::with_schema(base, schema);
            if (!path) return ctx.fail(path.error());
            ctx.data = path.value();
            auto a = answer(false);
            if (!a) return;
            households += a->found.selection.households.size();
            if (o.json) {
                parts.push_back({{"district", schema},
                                 {"buildings", a->found.selection.buildings},
                                 {"household_count", a->found.selection.households.size()},
                                 {"residents", a->found.selection.residents},
                                 {"households", households_json(a->views)}});
                continue;
            }
            std::cout << tr("occ.within.district") << ": " << schema << '\n';
            const std::string listed = building_list(a->found.selection.buildings);
            print_row(tr("occ.within.buildings"),
                      gis::with_commas(static_cast<std::int64_t>(a->found.selection.buildings.size())) +
                          (listed.empty() ? "" : "  (" + listed + ")"));
            print_row(tr("occ.within.households"),
                      gis::with_commas(static_cast<std::int64_t>(a->found.selection.households.size())));
            print_row(tr("occ.within.residents"), gis::with_commas(a->found.selection.residents));
            if (!a->views.empty()) {
                print_households(a->views, false);
                print_privacy_note(o.reveal, a->index->district());
            }
            std::cout << '\n';
        }
        if (o.json) print_json({{"districts", parts}, {"household_count", households}});
        return;
    }
    auto a = answer(true);
    if (!a) return;
    const auto& sel = a->found.selection;
    const auto& views = a->views;
    const auto& shops = a->index->district().shops;
    if (o.json) {
        nlohmann::json shop_list = nlohmann::json::array();
        for (std::size_t i : a->found.shops)
            shop_list.push_back(
                {{"name", shops[i].name}, {"trade", shops[i].trade}, {"address", shops[i].address}});
        print_json({{"buildings", sel.buildings},
                    {"household_count", sel.households.size()},
                    {"residents", sel.residents},
                    {"households", households_json(views)},
                    {"shops", shop_list}});
        return;
    }
    const std::string numbers = building_list(sel.buildings);
    print_row(tr("occ.within.buildings"), gis::with_commas(static_cast<std::int64_t>(sel.buildings.size())) +
                                              (numbers.empty() ? "" : "  (" + numbers + ")"));
    print_row(tr("occ.within.households"),
              gis::with_commas(static_cast<std::int64_t>(sel.households.size())));
    print_row(tr("occ.within.residents"), gis::with_commas(sel.residents));
    if (!a->found.shops.empty()) {
        std::vector<std::string> names;
        for (std::size_t i : a->found.shops) names.push_back(shops[i].name);
        print_row(tr("occ.within.shops"), gis::with_commas(static_cast<std::int64_t>(a->found.shops.size())) +
                                              "  (" + short_list(names, 10) + ")");
    }
    if (!views.empty()) {
        std::cout << '\n';
        print_households(views, false);
        print_privacy_note(o.reveal, a->index->district());
    }
}

struct ImportOptionsCli {
    std::string file;
    bool skip_bad = false;
    bool dry_run = false;
    bool json = false;
};

void import(Context& ctx, const ImportOptionsCli& o) {
    auto data = load_occupancy(ctx, false);
    if (!data) return;
    ProgressReporter progress(ProgressReporter::mode_for(ctx.quiet));
    gis::occupancy::ImportOptions options;
    options.skip_bad = o.skip_bad;
    options.dry_run = o.dry_run;
    options.progress = progress.fn();
    auto report = gis::occupancy::import_households(o.file, data->path, *data->index, options);
    progress.finish();
    if (!report) return ctx.fail(report.error());
    const bool refused = !report->rejected.empty() && !o.skip_bad;
    if (refused) ctx.exit_code = gis::exit_code(ErrorCode::BadInput);
    if (!report->index_note.empty())
        std::cerr << "nbhd: "
                  << gis::i18n::format(_("{0} (run `{1}`)"), report->index_note,
                                       gis::io::sqlite::rebuild_command(data->path))
                  << '\n';
    if (o.json) {
        nlohmann::json rejected = nlohmann::json::array();
        for (const auto& r : report->rejected) rejected.push_back({{"row", r.row}, {"reason", r.reason}});
        print_json({{"file", o.file},
                    {"rows_read", report->rows},
                    {"rows_good", report->good},
                    {"rows_rejected", report->rejected.size()},
                    {"imported", report->imported},
                    {"written", report->written},
                    {"dry_run", o.dry_run},
                    {"rejected", rejected}});
        return;
    }
    // Every row read is either good or rejected: the three counts always add up.
    print_row(tr("occ.import.rows"), gis::with_commas(static_cast<std::int64_t>(report->rows)));
    print_row(tr("import.rows_good"), gis::with_commas(static_cast<std::int64_t>(report->good)));
    print_row(tr("import.rows_rejected"),
              gis::with_commas(static_cast<std::int64_t>(report->rejected.size())));
    for (const auto& r : report->rejected)
        std::cout << "  " << tr("occ.import.row") << ' ' << r.row << ": " << r.reason << '\n';
    if (refused) {
        std::cout << tr("occ.import.nothing") << '\n';
        return;
    }
    if (o.dry_run) {
        std::cout << tr("occ.import.checked") << '\n';
        return;
    }
    print_row(tr("occ.import.imported"), gis::with_commas(static_cast<std::int64_t>(report->imported)));
    if (!report->rejected.empty()) std::cout << tr("occ.import.skipped") << '\n';
}

struct ExportOptionsCli {
    std::string out, query;
    bool personal = false;
    bool force = false;
};

void export_list(Context& ctx, const ExportOptionsCli& o) {
    std::optional<OccupancyData> data;
    if (o.query.empty()) {
        data = load_occupancy(ctx, false);
    } else {  // a list found by a query reads what the query can match, as household find does
        auto q = gis::occupancy::parse_query(o.query);
        if (!q) return ctx.fail(q.error());
        data = load_for_query(ctx, *q);
    }
    if (!data) return;
    std::vector<gis::occupancy::HouseholdId> ids;
    if (o.query.empty()) {
        ids.resize(data->index->size());
        for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<gis::occupancy::HouseholdId>(i);
    } else {
        // A 低保 list is itself personal data: only with --include-personal-data (and so audited).
        auto page = data->index->search(o.query, {data->index->size() + 1, 0, o.personal});
        if (!page && !o.personal && page.error().message.find("低保") != std::string::npos)
            return ctx.fail(
                gis::make_error(gis::ErrorCode::BadInput,
                                _("a list of 低保 (minimum living guarantee) households is personal data: "
                                  "export it with --include-personal-data (recorded in the audit log)")));
        if (!page) return ctx.fail(page.error());
        for (const auto& hit : page->hits)
            if (hit.household != gis::occupancy::kNoHousehold) ids.push_back(hit.household);
    }
    gis::occupancy::ExportOptions opt;
    opt.include_personal_data = o.personal;
    opt.audit_dataset = data->path;
    opt.audit_query = ctx.command_line;
    opt.overwrite = o.force;
    ProgressReporter progress(ProgressReporter::mode_for(ctx.quiet));
    opt.progress = progress.fn();
    auto n = gis::occupancy::export_households(*data->index, ids, o.out, opt);
    progress.finish();
    if (!n) return ctx.fail(n.error());
    std::cout << tr("occ.export.done") << ": " << gis::with_commas(static_cast<std::int64_t>(*n)) << " → "
              << o.out << '\n';
    std::cout << (o.personal ? tr("occ.export.personal") : tr("occ.export.masked")) << '\n';
}

}  // namespace

void register_households(CLI::App& root, Context& ctx) {
    auto* group = subcommand_group(root, "households",
                                   _("Households affected by an area or line; import and export lists"));

    static WithinOptions w;
    auto* within_cmd = group->add_subcommand(
        "within",
        _("Households in the residential buildings that meet a polygon (--wkt) or lie within --distance "
          "metres of a line (--near-line); coordinates in the data set's CRS"));
    within_cmd->add_option("--wkt", w.wkt, _("Area as WKT: POLYGON((x y, ...)), or POINT(x y) with --distance"))
        ->type_name("WKT")
        ->check(not_blank());
    within_cmd->add_option("--near-line", w.near_line, _("Line as WKT: LINESTRING(x y, ...)"))
        ->type_name("WKT")
        ->check(not_blank());
    auto* dist =
        within_cmd->add_option("--distance", w.distance, _("Distance from the line, area or point, metres"));
    within_cmd->add_flag("--reveal", w.reveal,
                         _("Show names, phones and ID numbers (recorded in the audit log first)"));
    within_cmd->add_flag("--json", w.json, _("Print JSON"));
    within_cmd->callback([&ctx, dist] { within(ctx, w, dist->count() > 0); });

    static ImportOptionsCli i;
    auto* import_cmd =
        group->add_subcommand("import", _("Import households from a CSV or XLSX file with the headers "
                                          "户号 楼号 单元 楼层 房号 户主 电话 身份证号 "
                                          "人数 低保 外来 独居 (or English field names). Every row must "
                                          "fit a vacant flat; rows that do not are "
                                          "listed and nothing is written, unless --skip-bad"));
    import_cmd->add_option("file", i.file, _("CSV or XLSX file"))->required();
    import_cmd->add_flag("--skip-bad", i.skip_bad, _("Import the good rows and list the others"));
    import_cmd->add_flag("--dry-run", i.dry_run, _("Check the file only"));
    import_cmd->add_flag("--json", i.json,
                         _("Print the rows read, good and rejected (each with its row and reason) as JSON"));
    import_cmd->callback([&ctx] { import(ctx, i); });

    static ExportOptionsCli e;
    auto* export_cmd = group->add_subcommand(
        "export",
        _("Export households (all, or those --query finds) to CSV or XLSX (by the file's extension); names, "
          "phones, ID numbers and "
          "低保 are masked or left out unless --include-personal-data (recorded in the audit log)"));
    export_cmd->add_option("--out", e.out, _("Output file (.csv or .xlsx)"))->required()->type_name("FILE");
    export_cmd->add_option("--query", e.query,
                           _("Export only the households a search finds (as household find)"));
    export_cmd->add_flag("--include-personal-data", e.personal,
                         _("Export names, phones, ID numbers and 低保 unmasked"));
    export_cmd->add_flag("--force", e.force, _("Replace the output file if it exists"));
    export_cmd->callback([&ctx] { export_list(ctx, e); });
}

NBHD_REGISTER_COMMAND(41, register_households);

}  // namespace app::cli
