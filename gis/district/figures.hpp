#pragma once

#include <algorithm>
#include <string>
#include <vector>
/// @file
/// The district's headline figures, computed from the data every time (never stored or hard-coded).

#include <cstdint>
#include <string>

#include "gis/district/model.hpp"

namespace gis::district {

struct Figures {
    std::string name, name_en, crs;
    double area_km2 = 0;
    std::int64_t buildings_residential = 0;
    std::int64_t households = 0;
    std::int64_t residents = 0;
    std::int64_t migrants = 0;  ///< people in migrant (tenant) households
    std::int64_t units = 0;     ///< administrative, enterprise and institutional units
    std::int64_t schools = 0;
    std::int64_t shops = 0;
    std::int64_t low_income_households = 0;
    std::int64_t low_income_people = 0;
    std::int64_t party_members = 0;
    std::int64_t party_members_migrant = 0;
    std::int64_t liaison_stations = 0;
    std::int64_t flats = 0;
    std::int64_t vacant_flats = 0;
    std::int64_t elderly_alone = 0;
    std::int64_t mediations = 0;
    std::int64_t market_stalls = 0;
    std::int64_t illegal_structures = 0;
    double illegal_structures_m2 = 0;
    std::int64_t graffiti_sites = 0;
    double graffiti_m2 = 0;
    double gas_pipe_m = 0;
    double compound_gas_renewal_m = 0;
    std::int64_t compounds = 0;  ///< walled compounds (小区); the compound_* figures count them all
    std::string compound_name;  ///< the compound's name ("行政南小区"); several: the names joined by "、"
    std::int64_t compound_buildings = 0;
    std::int64_t compound_households = 0;
    BBox extent;
    /// The schema's map layers the data set lacks (absent_map_layers): their figures are not zero but
    /// unknown, and are shown as such.
    std::vector<std::string> absent_layers;
    bool lacks(const std::string& layer) const {
        return std::find(absent_layers.begin(), absent_layers.end(), layer) != absent_layers.end();
    }
};

Figures compute_figures(const District& d);

}  // namespace gis::district
