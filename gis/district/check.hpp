#pragma once
/// @file
/// Data quality checks of a district data set (`nbhd check`): geometry validity, overlaps, households in
/// existing flats, shops on street frontage, features inside the district, CRS in metres. Uses spatial
/// indexes throughout, so it scales to a city.

#include <cstdint>
#include <string>
#include <vector>

#include "gis/district/model.hpp"

namespace gis::district {

struct Problem {
    std::string layer;
    std::int64_t fid = -1;
    std::string check;  ///< validity, overlap, household, frontage, inside, crs
    std::string message;
};

struct CheckReport {
    std::vector<Problem> problems;
    std::int64_t features_checked = 0;
    bool clean() const { return problems.empty(); }
};

/// Shops must stand within this distance of a public street's surface (not a lane).
inline constexpr double kFrontageTolerance = 5.0;

CheckReport check(const District& d);

/// The map layers of the district schema the data set lacks (District::absent_layers less the attribute
/// tables and the layers planners write): what a check could not look at.
std::vector<std::string> absent_map_layers(const District& d);

}  // namespace gis::district
