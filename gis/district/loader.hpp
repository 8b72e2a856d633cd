#pragma once
/// @file
/// Reads a data set with the district schema into the typed document model.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gis/core/result.hpp"
#include "gis/district/model.hpp"

namespace gis::district {

/// A part of a district, read through the data source's indexes (the GeoPackage's R-tree for the box, its
/// attribute indexes for numbers and feature ids) instead of the whole data set. What is read is the union
/// of the parts named; the metadata is always read, the boundaries whole when there is a box (the district's
/// extent, which a box is checked against), else not at all.
struct Region {
    /// Buildings and entrances whose bounding box meets this box, with their households. Other spatial
    /// layers (compounds, service areas, markets, streets, surfaces, gas, shops ...) are read for this box
    /// only when `map_layers` is set.
    std::optional<BBox> box;
    bool map_layers = false;
    /// Residential buildings by number, with their entrances and households.
    std::vector<int> buildings;
    /// Households by feature id, and by household number; their buildings are read with them (not the
    /// buildings' other households).
    std::vector<std::int64_t> household_fids;
    std::vector<std::string> household_numbers;
    /// Households whose head has one of these names (exactly as stored).
    std::vector<std::string> household_names;
    /// Households matching an attribute filter on the households table (e.g. "migrant = 1"); built by
    /// gis code from schema field names, never from user text.
    std::string household_where;
    /// Compounds, service areas and markets with this name (Chinese or English), besides those in the box.
    std::string area_name;
    /// Set when a server compared a name or phone tail with the values it keeps and the caller may not
    /// read (a secured server): the households it matched, read by feature id, and how each matched
    /// ("name", "name_prefix", "name_part", "phone_tail"); kept as District::server_matches.
    std::optional<std::vector<std::pair<std::int64_t, std::string>>> server_matches;
};

struct LoadOptions {
    LoadOptions(bool with_households = true) : households(with_households) {}  // NOLINT: {false} reads well
    bool households = true;  ///< skip the households table (the viewer's map needs none)
    /// Read only this part of the district. The result is marked partial (District::partial): figures
    /// over the whole district must not be computed from it.
    std::optional<Region> region;
};

/// Loads a district data set. Errors: those of io::Dataset::open; MissingLayer when a required layer
/// (boundary, buildings, streets, households) is absent; WrongCrs when the buildings are not in a
/// projected CRS in metres.
Result<District> load(const std::string& path, const LoadOptions& options = {});

/// The bounding box of one feature (by feature id) of a layer, read through the layer's index. Errors:
/// those of io::Dataset::open; MissingLayer; NotFound when there is no such feature.
Result<BBox> feature_bbox(const std::string& path, const std::string& layer, std::int64_t fid);

/// The extent of a layer (empty when the layer is empty). Errors: those of io::Dataset::open; MissingLayer.
Result<BBox> layer_extent(const std::string& path, const std::string& layer);

/// True when the data set at `path` has the district schema's required layers (cheap: opens, lists).
bool has_district_schema(const std::string& path);

}  // namespace gis::district
