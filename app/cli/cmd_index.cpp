// nbhd index build | status: the indexes a district GeoPackage keeps so that look-ups read only what they
// need (attribute indexes, the name and phone-tail search tables).

#include <iostream>

#include "app/cli/app.hpp"
#include "app/cli/output.hpp"
#include "app/cli/progress.hpp"
#include "app/i18n/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/district/overview.hpp"
#include "gis/io/dataset.hpp"
#include "gis/io/sqlite_db.hpp"
#include "gis/occupancy/stored_index.hpp"

namespace app::cli {
namespace {

using i18n::tr;

/// The map overview's rows of `index status`.
void print_overview(const gis::district::OverviewStatus& ov) {
    print_row(tr("index.overview"),
              !ov.present  ? tr("index.overview_none")
              : ov.current ? tr("index.current")
                           : tr("index.overview_stale"),
              22);
    if (!ov.present) return;
    std::string layers;
    for (const auto& l : ov.layers) layers += (layers.empty() ? "" : ", ") + l;
    print_row(tr("index.overview_layers"), layers, 22);
    print_row(tr("index.overview_threshold"), gis::fmt_fixed(ov.threshold_mpp, 2), 22);
    print_row(tr("index.overview_bands"), std::to_string(ov.bands), 22);
    print_row(tr("index.overview_rows"), gis::with_commas(ov.rows), 22);
}

void status(Context& ctx, bool json) {
    auto path = ctx.dataset_path();
    if (!path) return ctx.fail(path.error());
    auto st = gis::occupancy::stored_index_status(*path);
    if (!st) return ctx.fail(st.error());
    if (!st->geopackage) {  // a broken file is an error, not "no indexes"
        if (auto ds = gis::io::Dataset::open(*path); !ds) return ctx.fail(ds.error());
    }
    // A GeoPackage without households (any city's layers): household look-ups do not apply to it, the
    // map overview does.
    const bool households = st->households_table;
    auto ov = gis::district::overview_status(*path);
    if (!ov) return ctx.fail(ov.error());
    if (json) {
        print_json({{"data_set", *path},
                    {"overview",
                     {{"present", ov->present},
                      {"current", ov->current},
                      {"streamed_layers", ov->layers},
                      {"threshold_mpp", ov->threshold_mpp},
                      {"bands", ov->bands},
                      {"groups", ov->rows},
                      {"built_at", ov->built_at}}},
                    {"geopackage", st->geopackage},
                    {"households_table", households},
                    {"missing_indexes", st->missing_indexes},
                    {"search_tables", st->search_tables},
                    {"search_current", st->search_current},
                    {"households", st->households},
                    {"built_at", st->built_at},
                    {"ready", (!households || st->ready()) && ov->advice().empty()}});
    } else {
        print_row(tr("info.data_set"), *path, 22);
        if (!st->geopackage) {
            std::cout << tr("index.not_gpkg") << '\n';
        } else if (!households) {
            print_row(tr("index.search"), tr("index.no_households"), 22);
            print_overview(*ov);
            if (!ov->advice().empty()) std::cout << ov->advice() << '\n';
        } else {
            std::string missing;
            for (const auto& m : st->missing_indexes) missing += (missing.empty() ? "" : ", ") + m;
            print_row(tr("index.attribute"),
                      missing.empty() ? std::string(tr("index.ok"))
                                      : std::string(tr("index.missing")) + ": " + missing,
                      22);
            print_row(tr("index.search"),
                      !st->search_tables   ? tr("index.absent")
                      : st->search_current ? tr("index.current")
                                           : tr("index.stale"),
                      22);
            if (st->search_current) {
                print_row(tr("index.households"), gis::with_commas(st->households), 22);
                print_row(tr("index.built_at"), st->built_at, 22);
            }
            print_overview(*ov);
            if (households && !st->ready()) std::cout << st->advice() << '\n';
            if (!ov->advice().empty()) std::cout << ov->advice() << '\n';
        }
    }
    // A data set that cannot answer from its indexes is not an error, but a script checking it should
    // see it: exit 9 as `nbhd check` does for a problem.
    if (st->geopackage && ((households && !st->ready()) || !ov->advice().empty()))
        ctx.exit_code = gis::exit_code(gis::ErrorCode::CheckFailed);
}

void build(Context& ctx, bool json, std::int64_t stream_above) {
    auto path = ctx.dataset_path();
    if (!path) return ctx.fail(path.error());
    // A file marked read-only is not written, even by root (as every edit refuses it): exit 8.
    if (auto w = gis::io::check_writable(*path); !w) return ctx.fail(w.error());
    // A second writer waits (up to a minute), and says so.
    if (gis::io::sqlite::writer_active(*path)) {
        std::cerr << "nbhd: " << *path << ": " << tr("index.waiting") << std::endl;
        gis::io::sqlite::wait_for_writer(*path, 60.0);
    }
    // The household indexes need a households table; a GeoPackage of any other layers gets the overview.
    auto st = gis::occupancy::stored_index_status(*path);
    if (!st) return ctx.fail(st.error());
    const bool households = !st->geopackage || st->households_table;
    // Two steps, each a batch of SQLite statements: the household indexes, then the map's overview.
    ProgressReporter progress(ProgressReporter::mode_for(ctx.quiet));
    gis::occupancy::BuildReport none;
    if (households) progress("progress.indexing", 0, 1);
    auto rep = households ? gis::occupancy::build_stored_index(*path)
                          : gis::Result<gis::occupancy::BuildReport>(none);
    if (households) progress("progress.indexing", 1, 1);
    if (!rep) {
        progress.finish();
        return ctx.fail(rep.error());
    }
    progress("progress.overview", 0, 1);
    gis::district::OverviewOptions oo;
    oo.min_features = stream_above;
    auto ov = gis::district::build_overview(*path, oo);
    progress("progress.overview", 1, 1);
    progress.finish();
    if (!ov) return ctx.fail(ov.error());
    if (json)
        return print_json({{"data_set", *path},
                           {"households_table", households},
                           {"households", rep->households},
                           {"names", rep->names},
                           {"keys", rep->keys},
                           {"seconds", rep->seconds},
                           {"overview",
                            {{"streamed_layers", ov->layers},
                             {"threshold_mpp", ov->threshold_mpp},
                             {"bands", ov->bands},
                             {"groups", ov->rows},
                             {"seconds", ov->seconds}}}});
    std::cout << tr("index.built") << ": " << *path << '\n';
    if (households) {
        print_row(tr("index.households"), gis::with_commas(rep->households), 22);
        print_row(tr("index.names"), gis::with_commas(rep->names), 22);
        print_row(tr("index.keys"), gis::with_commas(rep->keys), 22);
        print_row(tr("index.seconds"), gis::fmt_fixed(rep->seconds, 1), 22);
    } else {
        print_row(tr("index.search"), tr("index.no_households"), 22);
    }
    std::string layers;
    for (const auto& l : ov->layers) layers += (layers.empty() ? "" : ", ") + l;
    print_row(tr("index.overview"), layers.empty() ? std::string(tr("index.overview_none")) : layers, 22);
    if (!ov->layers.empty()) {
        print_row(tr("index.overview_threshold"), gis::fmt_fixed(ov->threshold_mpp, 2), 22);
        print_row(tr("index.overview_bands"), std::to_string(ov->bands), 22);
        print_row(tr("index.overview_rows"), gis::with_commas(ov->rows), 22);
        print_row(tr("index.seconds"), gis::fmt_fixed(ov->seconds, 1), 22);
    }
}

}  // namespace

void register_index(CLI::App& root, Context& ctx) {
    auto* group = subcommand_group(root, "index",
                                   _("The data set's query indexes: household look-ups and area queries read "
                                     "only what they need through them"));
    static bool json_build = false, json_status = false;
    static std::int64_t stream_above = gis::district::kStreamedLayerFeatures;
    auto* b = group->add_subcommand(
        "build",
        _("Create the attribute indexes, (re)build the name and phone-tail search tables and the map "
          "overview of large layers (each in one transaction); nbhd does this itself whenever it writes a "
          "district"));
    b->add_flag("--json", json_build, _("Print JSON"));
    b->add_option("--stream-above", stream_above,
                  _("Layers with more features than this are drawn from the stored map overview when zoomed "
                    "out and read tile by tile when zoomed in"))
        ->capture_default_str()
        ->check(CLI::Number)
        ->check(CLI::Range(std::int64_t{0}, std::int64_t{1'000'000'000'000}));
    b->callback([&ctx] { build(ctx, json_build, stream_above); });
    auto* s = group->add_subcommand(
        "status", _("Say whether the indexes are present and up to date (exit 9 when not)"));
    s->add_flag("--json", json_status, _("Print JSON"));
    s->callback([&ctx] { status(ctx, json_status); });
}

NBHD_REGISTER_COMMAND(22, register_index);

}  // namespace app::cli
