#pragma once
/// @file
/// The synthetic Chonghua district: deterministic, geographically plausible, and reproducing every
/// figure of the community's published profile. `generate_district` builds it in memory;
/// `write_district` / `generate_city` write GeoPackages through GDAL.

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "gis/core/geometry.hpp"
#include "gis/core/result.hpp"
#include "gis/io/dataset.hpp"

namespace gis::generate {

struct DistrictParams {
    std::uint64_t seed = 20261125;
    /// South-west street-centreline corner of the block, EPSG:4546 metres.
    Point origin{530000.0, 3400000.0};
    /// Added to residential building numbers (a city gives district d numbers d*100+1 ...).
    int building_number_offset = 0;
    /// Household numbers are PREFIX-0001 ...
    std::string household_prefix = "CH";
    std::string name = "重华社区";
    std::string name_en = "Chonghua Community";
    /// The walled compound's name (a city's districts each name theirs, so that each can be asked for).
    std::string compound_name = "行政南小区";
    std::string compound_name_en = "Xingzheng South compound";
    /// Write the metadata and mediations tables (a city writes them once).
    bool with_tables = true;
};

/// One layer's features, fields in the order of its schema (district::find_schema(name)).
struct GeneratedLayer {
    std::string name;
    std::vector<io::Feature> features;
};

/// Every layer of the district schema, in schema order. Feature ids are 1..n per layer.
std::vector<GeneratedLayer> generate_district(const DistrictParams& params = {});

using Progress = std::function<void(double fraction, const std::string& stage)>;

/// Writes a generated district to a new GeoPackage at `out` (atomically: a temporary file renamed into
/// place when complete). An existing file is replaced only when `overwrite`.
Result<void> write_district(const std::string& out, const DistrictParams& params = {},
                            bool overwrite = false);

/// Writes a city of `buildings` residential buildings (about 20 households each): a grid of districts
/// with the same schema, streets shared along their edges.
Result<void> generate_city(const std::string& out, int buildings, bool overwrite,
                           const Progress& progress = {});

}  // namespace gis::generate
