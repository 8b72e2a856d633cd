// nbhd district scan|import|rules: a community's own files into a district data set.

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "app/cli/app.hpp"
#include "app/cli/output.hpp"
#include "app/cli/progress.hpp"
#include "app/i18n/i18n.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/core/terminal_text.hpp"
#include "gis/ingest/import.hpp"
#include "gis/ingest/manifest.hpp"
#include "gis/ingest/rules.hpp"
#include "gis/ingest/scan.hpp"
#include "gis/io/pg.hpp"
#include "gis/server/server.hpp"

namespace app::cli {
namespace {

using i18n::tr;

/// Progress on stderr: the stage and the rows per second, on one line when stderr is a terminal.

nlohmann::json report_json(const gis::ingest::ImportReport& r) {
    nlohmann::json layers = nlohmann::json::array();
    for (const auto& l : r.layers)
        layers.push_back({{"layer", l.layer},
                          {"source", l.source},
                          {"read", l.read},
                          {"imported", l.imported},
                          {"rejected", l.rejected},
                          {"skipped", l.skipped},
                          {"notes", l.notes}});
    nlohmann::json rejected = nlohmann::json::array();
    for (const auto& x : r.rejected)
        rejected.push_back({{"layer", x.layer}, {"source", x.source}, {"row", x.row}, {"reason", x.reason}});
    return {{"out", r.out}, {"written", r.written}, {"layers", layers}, {"rejected", rejected}};
}

void print_report(const gis::ingest::ImportReport& r) {
    std::cout << tr("district.import.title") << '\n';
    std::vector<std::vector<std::string>> rows = {
        {tr("district.import.layer"), tr("district.import.source"), tr("district.import.read"),
         tr("district.import.imported"), tr("district.import.rejected"), tr("district.import.skipped")}};
    for (const auto& l : r.layers)
        rows.push_back({l.layer, l.source == "derived" ? tr("district.import.derived") : l.source,
                        l.source == "derived" ? "" : gis::with_commas(l.read), gis::with_commas(l.imported),
                        gis::with_commas(l.rejected), gis::with_commas(l.skipped)});
    print_text_table(rows);
    for (const auto& l : r.layers)
        for (const auto& n : l.notes) std::cout << "  " << l.layer << ": " << n << '\n';
    if (!r.rejected.empty()) {
        std::cout << '\n' << tr("district.import.rejects") << " (" << r.rejected.size() << ")\n";
        const std::size_t show = std::min<std::size_t>(r.rejected.size(), 50);
        for (std::size_t i = 0; i < show; ++i) {
            const auto& x = r.rejected[i];
            std::cout << "  " << x.source << " " << tr("district.import.row") << " " << x.row << ": "
                      << gis::shorten_for_display(x.reason, 200) << '\n';
        }
        if (show < r.rejected.size()) {
            char buf[128];
            std::snprintf(buf, sizeof buf, tr("district.import.more"),
                          static_cast<int>(r.rejected.size() - show));
            std::cout << "  " << buf << '\n';
        }
    }
}

}  // namespace

void register_district(CLI::App& root, Context& ctx) {
    auto* grp =
        root.add_subcommand("district", _("Your own community's files: scan them, map them, import them"));
    grp->require_subcommand(1);

    static std::vector<std::string> scan_inputs;
    static std::string scan_name, scan_name_en, scan_crs, scan_out;
    static bool scan_force = false, scan_json = false;
    auto* scan =
        grp->add_subcommand("scan", _("Look at a community's files (folders are walked) and write a manifest "
                                      "that maps them to the district "
                                      "layers; check and edit it, then run district import"));
    scan->add_option("inputs", scan_inputs,
                     _("Files or folders: DXF, shapefiles, GeoJSON, KML, GPX, OSM, CSV, XLSX, GeoPackage"))
        ->required()
        ->type_name("DIR|FILE");
    scan->add_option("--name", scan_name, _("The community's name (社区名称)"))
        ->required()
        ->check(not_blank());
    scan->add_option("--name-en", scan_name_en, _("Its English name"));
    scan->add_option(
            "--crs", scan_crs,
            _("The district's projected CRS in metres, e.g. EPSG:4546 (default: the first projected file's); "
              "also the CRS of CAD drawings, which carry none"))
        ->type_name("EPSG:N");
    scan->add_option("--out", scan_out, _("The manifest to write (.toml)"))->required()->type_name("FILE");
    scan->add_flag("--force", scan_force, _("Replace the manifest if it exists"));
    scan->add_flag("--json", scan_json, _("Print what was found as JSON"));
    scan->callback([&ctx] {
        gis::ingest::ScanOptions o{scan_name, scan_name_en, scan_crs, scan_out};
        auto r = gis::ingest::scan_sources(scan_inputs, o);
        if (!r) return ctx.fail(r.error());
        if (auto w = gis::ingest::write_manifest(r->manifest, scan_out, scan_force); !w)
            return ctx.fail(w.error());
        if (scan_json) {
            nlohmann::json files = nlohmann::json::array();
            for (const auto& s : r->sources)
                files.push_back({{"source", s.source},
                                 {"layer", s.layer},
                                 {"driver", s.driver},
                                 {"geometry", s.geometry},
                                 {"features", s.features},
                                 {"target", s.target},
                                 {"why", s.why}});
            print_json({{"manifest", scan_out}, {"sources", files}, {"undecided", r->manifest.undecided}});
            return;
        }
        std::cout << tr("district.scan.title") << '\n';
        std::vector<std::vector<std::string>> rows = {{tr("district.scan.source"), tr("district.scan.layer"),
                                                       tr("district.scan.features"),
                                                       tr("district.scan.target"), tr("district.scan.why")}};
        for (const auto& s : r->sources)
            rows.push_back({s.source, s.layer, gis::with_commas(s.features),
                            s.target.empty() ? "-" : s.target, gis::shorten_for_display(s.why, 80)});
        print_text_table(rows);
        if (!r->manifest.undecided.empty()) {
            std::cout << '\n' << tr("district.scan.undecided") << ":\n";
            for (const auto& u : r->manifest.undecided) std::cout << "  - " << u << '\n';
        }
        std::cout << '\n'
                  << tr("district.scan.written") << ": " << scan_out << '\n'
                  << tr("district.scan.next") << ": nbhd district import " << scan_out
                  << " --out DISTRICT.gpkg\n";
    });

    static std::string import_manifest, import_out;
    static bool import_dry = false, import_skip = false, import_force = false, import_json = false;
    auto* imp = grp->add_subcommand(
        "import",
        _("Build a complete district data set from a manifest, in one transaction (nothing is written on "
          "failure); reports what was read, mapped, derived and rejected"));
    imp->add_option("manifest", import_manifest, _("The manifest (from district scan)"))
        ->required()
        ->type_name("FILE");
    imp->add_option(
           "--out", import_out,
           _("The district GeoPackage to write, or a server: PG:\"host=... dbname=...\"?schema=NAME"))
        ->type_name("FILE|PG:...");
    imp->add_flag("--dry-run", import_dry, _("Read, map and check everything; write nothing"));
    imp->add_flag("--skip-bad", import_skip,
                  _("Import the good rows and list the rejected ones (default: none is written)"));
    imp->add_flag("--force", import_force, _("Replace the output file if it exists"));
    imp->add_flag("--json", import_json, _("Print the report as JSON"));
    imp->callback([&ctx] {
        if (import_out.empty() && !import_dry)
            return ctx.fail({gis::ErrorCode::BadInput, _("give --out DISTRICT.gpkg (or --dry-run)")});
        auto m = gis::ingest::read_manifest(import_manifest);
        if (!m) return ctx.fail(m.error());
        gis::ingest::ImportOptions o;
        o.dry_run = import_dry;
        o.skip_bad = import_skip;
        o.overwrite = import_force;
        o.lang = i18n::language() == i18n::Lang::En ? "en" : "zh";
        ProgressReporter progress(ProgressReporter::mode_for(ctx.quiet));
        o.progress = progress.fn();
        gis::ingest::ImportReport last;
        const bool to_server = gis::io::pg::is_pg(import_out) && !import_dry;
        std::optional<gis::server::PushReport> pushed;
        gis::Result<gis::ingest::ImportReport> r = gis::ingest::ImportReport{};
        if (to_server) {
            // Onto a server: imported into a private temporary file, then pushed in one transaction.
            gis::io::pg::move_password_to_environment(import_out);
            auto p = gis::server::write_and_push(
                [&](const std::string& gpkg) -> gis::Result<void> {
                    auto staged = o;
                    staged.overwrite = true;
                    auto done = gis::ingest::import_district(*m, gpkg, staged, &last);
                    if (!done) return done.error();
                    return {};
                },
                import_out, {{}, import_force});
            if (p)
                pushed = p.value();
            else
                r = p.error();
        } else {
            r = gis::ingest::import_district(*m, import_out, o, &last);
        }
        o.progress = nullptr;
        progress.finish();
        if (import_json)
            print_json({{"report", report_json(last)}, {"error", r ? "" : r.error().message}});
        else if (!last.layers.empty())
            print_report(last);
        if (!r) return ctx.fail(r.error());
        if (import_json) return;
        if (pushed) {
            std::cout << '\n';
            print_pushed(*pushed);
        } else if (import_dry)
            std::cout << '\n' << tr("district.import.dry_run") << '\n';
        else
            std::cout << '\n'
                      << tr("district.import.written") << ": " << import_out << '\n'
                      << tr("district.import.next") << ": nbhd --data " << import_out
                      << " check / info / view\n";
    });

    auto* rules = grp->add_subcommand("rules", _("The parse rules and derivations a manifest can name"));
    rules->callback([] {
        const bool zh = i18n::language() == i18n::Lang::Zh;  // the rules carry both descriptions
        std::cout << tr("district.rules.rules") << '\n';
        std::vector<std::vector<std::string>> rows;
        for (const auto& r : gis::ingest::rule_infos())
            rows.push_back({std::string("  ") + r.name, r.example, zh ? r.description_zh : r.description_en});
        rows.push_back({"  address", "重华社区3栋2单元402室",
                        _("a register's address -> building, entrance, floor, flat (households)")});
        print_text_table(rows);
        std::cout << '\n' << tr("district.rules.derivations") << '\n';
        rows.clear();
        for (const auto& d : gis::ingest::derivations())
            rows.push_back({std::string("  ") + d.layer + "." + d.field, d.name, _(d.description)});
        print_text_table(rows);
    });
}

NBHD_REGISTER_COMMAND(35, register_district);

}  // namespace app::cli
