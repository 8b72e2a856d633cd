// nbhd generate district|city: the synthetic data sets.

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "app/cli/app.hpp"
#include "app/cli/progress.hpp"
#include "app/i18n/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/core/terminal_text.hpp"
#include "gis/generate/district_generator.hpp"
#include "gis/io/pg.hpp"
#include "gis/server/server.hpp"

namespace app::cli {
namespace {

/// The generator's fractions and stage names as the progress reporter's units and keys.
gis::generate::Progress generator_progress(ProgressReporter& reporter) {
    return [&reporter](double fraction, const std::string& stage) {
        const std::string key = stage == "indexing" ? "progress.indexing" : "progress.generating";
        reporter(key, std::llround(fraction * 1000), 1000);
    };
}

}  // namespace

void register_generate(CLI::App& root, Context& ctx) {
    auto* gen = root.add_subcommand("generate", _("Generate synthetic data sets"));
    gen->require_subcommand(1);

    static std::string district_out;
    static bool district_force = false;
    auto* district = gen->add_subcommand("district", _("Build the Chonghua district data set (deterministic)"));
    district
        ->add_option("--out", district_out,
                     _("Output GeoPackage, or a server: PG:\"host=... dbname=...\"?schema=NAME"))
        ->required()
        ->type_name("FILE|PG:...");
    district->add_flag("--force", district_force,
                       _("Replace the output file (or the district on the server) if it exists"));
    district->callback([&ctx] {
        if (gis::io::pg::is_pg(district_out)) {
            // Onto a server: generated into a private temporary file, then pushed in one transaction.
            gis::io::pg::move_password_to_environment(district_out);
            auto pushed = gis::server::write_and_push(
                [](const std::string& gpkg) { return gis::generate::write_district(gpkg, {}, true); },
                district_out, {{}, district_force});
            if (!pushed) return ctx.fail(pushed.error());
            return print_pushed(pushed.value());
        }
        auto r = gis::generate::write_district(district_out, {}, district_force);
        if (!r) return ctx.fail(r.error());
        std::cout << i18n::tr("generate.done") << ": " << district_out << '\n';
    });

    static std::string city_out;
    static int city_buildings = 250000;
    static bool city_force = false;
    auto* city =
        gen->add_subcommand("city",
                            _("Build a city for scale work: districts of 53 residential buildings (about 20 "
                            "households each) on a grid; the count is rounded up to whole districts"));
    city->add_option("--buildings", city_buildings,
                     _("Residential buildings (250000 gives about 5 million households)"))
        ->check(CLI::Range(1, 10000000));
    city->add_option("--out", city_out, _("Output GeoPackage"))->required()->type_name("FILE");
    city->add_flag("--force", city_force, _("Replace the output file if it exists"));
    city->callback([&ctx] {
        auto t0 = std::chrono::steady_clock::now();
        ProgressReporter reporter(ProgressReporter::mode_for(ctx.quiet));
        auto r =
            gis::generate::generate_city(city_out, city_buildings, city_force, generator_progress(reporter));
        reporter.finish();
        if (!r) return ctx.fail(r.error());
        double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::cout << i18n::tr("generate.done") << ": " << city_out << " (" << gis::fmt_fixed(secs, 1)
                  << " s)\n";
    });
}

NBHD_REGISTER_COMMAND(30, register_generate);

}  // namespace app::cli
