#pragma once
/// @file
/// Reads a data set with the district schema into the typed document model.

#include <string>

#include "gis/core/result.hpp"
#include "gis/district/model.hpp"

namespace gis::district {

struct LoadOptions {
    bool households = true;  ///< skip the households table (the viewer's map needs none)
};

/// Loads a district data set. Errors: those of io::Dataset::open; MissingLayer when a required layer
/// (boundary, buildings, streets, households) is absent; WrongCrs when the buildings are not in a
/// projected CRS in metres.
Result<District> load(const std::string& path, const LoadOptions& options = {});

/// True when the data set at `path` has the district schema's required layers (cheap: opens, lists).
bool has_district_schema(const std::string& path);

}  // namespace gis::district
