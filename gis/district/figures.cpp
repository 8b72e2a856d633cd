#include "gis/district/figures.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "gis/district/check.hpp"

namespace gis::district {

Figures compute_figures(const District& d) {
    Figures f;
    auto meta = [&](const char* k) {
        auto it = d.metadata.find(k);
        return it == d.metadata.end() ? std::string() : it->second;
    };
    f.name = meta("name").empty() ? d.boundary.name : meta("name");
    f.name_en = meta("name_en").empty() ? d.boundary.name_en : meta("name_en");
    f.crs = d.crs;
    f.absent_layers = absent_map_layers(d);
    double area = 0;
    for (const auto& b : d.boundaries) {
        area += std::abs(signed_area(b.polygon.outer));
        for (const auto& h : b.polygon.holes) area -= std::abs(signed_area(h));
    }
    f.area_km2 = area / 1e6;
    f.compounds = static_cast<std::int64_t>(d.compounds.size());
    // The compounds' names, each once and at most three (a city has thousands of compounds).
    std::vector<std::string> names;
    for (const auto& c : d.compounds)
        if (!c.name.empty() && std::find(names.begin(), names.end(), c.name) == names.end())
            names.push_back(c.name);
    for (std::size_t i = 0; i < names.size() && i < 3; ++i) f.compound_name += (i ? "、" : "") + names[i];
    if (names.size() > 3) f.compound_name += "… (" + std::to_string(names.size()) + ")";
    std::unordered_set<int> compound_numbers;
    for (const auto& b : d.buildings) {
        switch (b.kind) {
            case BuildingKind::Residential:
                ++f.buildings_residential;
                f.flats += b.flat_count();
                if (b.in_compound) {
                    ++f.compound_buildings;
                    compound_numbers.insert(b.number);
                }
                break;
            case BuildingKind::Unit:
                ++f.units;
                break;
            case BuildingKind::School:
                ++f.schools;
                break;
            default:
                break;
        }
    }
    for (const auto& h : d.households) {
        ++f.households;
        f.residents += h.size;
        if (h.migrant) f.migrants += h.size;
        if (h.low_income) {
            ++f.low_income_households;
            f.low_income_people += h.size;
        }
        if (h.elderly_alone) ++f.elderly_alone;
        f.party_members += h.party_members;
        if (h.migrant) f.party_members_migrant += h.party_members;
        if (compound_numbers.count(h.building_number)) ++f.compound_households;
    }
    if (d.personal != District::PersonalValues::Own && !d.partial) {
        // The server withholds each household's flag and counts them itself.
        f.low_income_households = d.server_low_income_households;
        f.low_income_people = d.server_low_income_people;
    }
    f.vacant_flats = f.flats - f.households;
    f.shops = static_cast<std::int64_t>(d.shops.size());
    for (const auto& p : d.pois)
        if (p.kind == "liaison_station") ++f.liaison_stations;
    f.mediations = d.mediations;
    f.market_stalls = static_cast<std::int64_t>(d.stalls.size());
    for (const auto& s : d.illegal_structures) {
        ++f.illegal_structures;
        f.illegal_structures_m2 += s.area_m2;
    }
    for (const auto& g : d.graffiti) {
        ++f.graffiti_sites;
        f.graffiti_m2 += g.area_m2;
    }
    for (const auto& p : d.gas_pipes) {
        double len = length_of(p.line);
        f.gas_pipe_m += len;
        if (p.in_compound && p.status == "renewal") f.compound_gas_renewal_m += len;
    }
    f.extent = d.extent();
    return f;
}

}  // namespace gis::district
