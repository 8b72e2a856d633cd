// nbhd check: data quality checks; exit 0 only when clean.

#include <iostream>

#include "app/cli/app.hpp"
#include "app/cli/output.hpp"
#include "app/i18n/i18n.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/district/check.hpp"
#include "gis/district/overview.hpp"
#include "gis/io/integrity.hpp"
#include "gis/occupancy/stored_index.hpp"

namespace app::cli {

void register_check(CLI::App& root, Context& ctx) {
    auto* cmd = root.add_subcommand(
        "check", _("Check the data set: geometry validity, overlaps, households in existing flats, "
                   "shops on frontage, features inside the district, CRS in metres"));
    static bool json = false;
    cmd->add_flag("--json", json, _("Print JSON"));
    cmd->callback([&ctx] {
        // SQLite's full integrity check first, at any size: a damaged file has no figures worth checking.
        auto path = ctx.dataset_path();
        if (!path) return ctx.fail(path.error());
        if (auto sound = gis::io::check_sqlite_integrity(path.value(), gis::io::IntegrityDepth::Full); !sound)
            return ctx.fail(sound.error());
        auto d = ctx.load_district();
        if (!d) return;
        auto report = gis::district::check(d.value());
        // The query indexes are not data quality (a file without them answers rightly, only slowly), so
        // their state is told, not counted as a problem.
        auto ix = gis::occupancy::stored_index_status(d->source_path);
        auto ov = gis::district::overview_status(d->source_path);
        if (json) {
            nlohmann::json problems = nlohmann::json::array();
            for (const auto& p : report.problems)
                problems.push_back(
                    {{"layer", p.layer}, {"fid", p.fid}, {"check", p.check}, {"message", p.message}});
            print_json({{"data_set", d->source_path},
                        {"clean", report.clean()},
                        {"features_checked", report.features_checked},
                        {"problems", problems},
                        {"query_indexes_ready", ix && ix->ready()},
                        {"absent_layers", gis::district::absent_map_layers(d.value())},
                        {"map_overview", !ov || !ov->present ? "absent"
                                         : ov->current       ? "current"
                                                             : "stale"}});
        } else {
            print_row(i18n::tr("info.data_set"), d->source_path, 16);
            print_row(i18n::tr("check.checked"), gis::with_commas(report.features_checked), 16);
            if (report.clean()) {
                std::cout << i18n::tr("check.clean") << '\n';
            } else {
                std::cout << i18n::tr("check.problems") << ": " << report.problems.size() << '\n';
                for (const auto& p : report.problems)
                    std::cout << "  " << p.layer << " fid " << p.fid << " [" << p.check << "] " << p.message
                              << '\n';
            }
            // Layers the data set lacks were not checked: said, so that "passed" is not read as "sound".
            if (const auto absent = gis::district::absent_map_layers(d.value()); !absent.empty()) {
                std::string names;
                for (const auto& l : absent) names += (names.empty() ? "" : ", ") + l;
                print_row(_("Not checked"), gis::i18n::format(_("{0} (not in the data set)"), names), 16);
            }
            if (ix && ix->geopackage)
                print_row(i18n::tr("index.check"),
                          ix->ready() ? std::string(i18n::tr("index.current")) : ix->advice(), 16);
            if (ov && ov->present)
                print_row(i18n::tr("index.overview"),
                          ov->current ? std::string(i18n::tr("index.current")) : ov->advice(), 16);
        }
        if (!report.clean()) ctx.exit_code = gis::exit_code(gis::ErrorCode::CheckFailed);
    });
}

NBHD_REGISTER_COMMAND(20, register_check);

}  // namespace app::cli
