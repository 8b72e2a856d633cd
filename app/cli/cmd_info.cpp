// nbhd info: the district's figures, computed from the data.

#include <iostream>

#include "app/cli/app.hpp"
#include "app/cli/output.hpp"
#include "app/i18n/i18n.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/numbers.hpp"
#include "gis/core/strings.hpp"
#include "gis/district/figures.hpp"
#include "gis/district/schema.hpp"

namespace app::cli {
namespace {

nlohmann::json figures_json(const gis::district::Figures& f, const std::string& path) {
    nlohmann::json j = {
        {"name", f.name},
        {"name_en", f.name_en},
        {"data_set", path},
        {"crs", f.crs},
        {"area_km2", f.area_km2},
        {"buildings_residential", f.buildings_residential},
        {"households", f.households},
        {"residents", f.residents},
        {"migrants", f.migrants},
        {"units", f.units},
        {"schools", f.schools},
        {"shops", f.shops},
        {"low_income_households", f.low_income_households},
        {"low_income_people", f.low_income_people},
        {"party_members", f.party_members},
        {"party_members_migrant", f.party_members_migrant},
        {"liaison_stations", f.liaison_stations},
        {"flats", f.flats},
        {"vacant_flats", f.vacant_flats},
        {"elderly_alone", f.elderly_alone},
        {"mediations", f.mediations},
        {"market_stalls", f.market_stalls},
        {"illegal_structures", f.illegal_structures},
        {"illegal_structures_m2", f.illegal_structures_m2},
        {"graffiti_sites", f.graffiti_sites},
        {"graffiti_m2", f.graffiti_m2},
        {"gas_pipe_m", f.gas_pipe_m},
        {"compounds", f.compounds},
        {"compound_name", f.compound_name},
        {"compound_gas_renewal_m", f.compound_gas_renewal_m},
        {"compound_buildings", f.compound_buildings},
        {"compound_households", f.compound_households},
        {"extent", to_json(f.extent)},
        {"absent_layers", f.absent_layers},
    };
    // A layer the data set lacks has no figure (null), not zero.
    namespace L = gis::district::layers;
    if (f.lacks(L::kGasPipes)) j["gas_pipe_m"] = j["compound_gas_renewal_m"] = nullptr;
    if (f.lacks(L::kMarketStalls)) j["market_stalls"] = nullptr;
    if (f.lacks(L::kIllegalStructures)) j["illegal_structures"] = j["illegal_structures_m2"] = nullptr;
    if (f.lacks(L::kGraffiti)) j["graffiti_sites"] = j["graffiti_m2"] = nullptr;
    return j;
}

}  // namespace

void print_figures(const gis::district::Figures& f, const std::string& path) {
    using gis::with_commas;
    using i18n::tr;
    std::cout << f.name << (f.name_en.empty() ? "" : "  " + f.name_en) << "  — " << tr("info.title") << '\n';
    Rows rows;
    rows.add(tr("info.data_set"), path);
    rows.add(tr("info.crs"), f.crs);
    rows.add(tr("info.area_km2"), gis::format_decimal(f.area_km2, 3));
    rows.add(tr("info.buildings_residential"), with_commas(f.buildings_residential));
    rows.add(tr("info.households"), with_commas(f.households));
    rows.add(tr("info.residents"), with_commas(f.residents));
    rows.add(tr("info.migrants"), with_commas(f.migrants));
    rows.add(tr("info.units"), with_commas(f.units));
    rows.add(tr("info.schools"), with_commas(f.schools));
    rows.add(tr("info.shops"), with_commas(f.shops));
    rows.add(tr("info.low_income"),
             with_commas(f.low_income_households) + " / " + with_commas(f.low_income_people));
    rows.add(tr("info.party_members"),
             with_commas(f.party_members) + " (" + with_commas(f.party_members_migrant) + ")");
    rows.add(tr("info.liaison_stations"), with_commas(f.liaison_stations));
    rows.add(tr("info.flats"), with_commas(f.flats) + " (" + with_commas(f.vacant_flats) + ")");
    rows.add(tr("info.elderly_alone"), with_commas(f.elderly_alone));
    rows.add(tr("info.mediations"), with_commas(f.mediations));
    // A layer the data set lacks has no figure: said, never printed as zero.
    auto or_absent = [&](const char* layer, std::string value) {
        return f.lacks(layer) ? gis::i18n::format(_("— (no layer {0})"), layer) : value;
    };
    namespace L = gis::district::layers;
    rows.add(tr("info.market_stalls"), or_absent(L::kMarketStalls, with_commas(f.market_stalls)));
    rows.add(tr("info.illegal_structures"),
             or_absent(L::kIllegalStructures, with_commas(f.illegal_structures) + " / " +
                                                  gis::format_decimal(f.illegal_structures_m2, 1)));
    rows.add(tr("info.graffiti"), or_absent(L::kGraffiti, with_commas(f.graffiti_sites) + " / " +
                                                              gis::format_decimal(f.graffiti_m2, 1)));
    rows.add(tr("info.gas_pipe_m"), or_absent(L::kGasPipes, gis::format_decimal(f.gas_pipe_m, 1)));
    if (f.compounds > 0) {  // a district without a walled compound has no compound rows
        rows.add(f.compound_name + " " + tr("info.compound_gas_renewal_m"),
                 or_absent(L::kGasPipes, gis::format_decimal(f.compound_gas_renewal_m, 1)));
        rows.add(f.compound_name + " " + tr("info.compound"),
                 with_commas(f.compound_buildings) + " / " + with_commas(f.compound_households));
    }
    rows.add(tr("info.extent"), gis::fmt_fixed(f.extent.minx, 1) + ", " + gis::fmt_fixed(f.extent.miny, 1) +
                                    " — " + gis::fmt_fixed(f.extent.maxx, 1) + ", " +
                                    gis::fmt_fixed(f.extent.maxy, 1));
    rows.print();
}

void register_info(CLI::App& root, Context& ctx) {
    auto* cmd = root.add_subcommand("info", _("Print the district's figures (all computed from the data)"));
    static bool json = false;
    cmd->add_flag("--json", json, _("Print JSON"));
    cmd->callback([&ctx] {
        auto d = ctx.load_district();
        if (!d) return;
        auto f = gis::district::compute_figures(d.value());
        if (json)
            print_json(figures_json(f, d->source_path));
        else
            print_figures(f, d->source_path);
    });
}

NBHD_REGISTER_COMMAND(10, register_info);

}  // namespace app::cli
