#pragma once
/// @file
/// The district data set's schema: every layer, its geometry type and fields. One table serves the
/// generator (which writes it), the loader (which reads it), `nbhd check` and the README.

#include <string>
#include <vector>

#include "gis/io/dataset.hpp"

namespace gis::district {

struct LayerSchema {
    const char* name;
    /// "Polygon", "LineString", "Point", "Geometry" (any type, e.g. plan items) or "None" (attribute table)
    const char* geometry;
    const char* title_zh;
    const char* title_en;
    std::vector<io::FieldDef> fields;
    /// Fields a reader cannot do without: a data set whose layer lacks one is refused, naming the field,
    /// rather than read with zeros (a building without floors has no flats).
    std::vector<const char*> required = {};
    /// Fields a district data set must have as columns, though an import may leave them empty (a
    /// register without phones): missing, a flag would read as 0 everywhere (no 低保 households) and a
    /// name search would find nothing. A reader refuses a layer without one, as it does for `required`.
    std::vector<const char*> columns = {};
    /// Personal fields (names, phones, ID numbers, low-income status): masked in every output unless a
    /// reveal is asked for and audited (gis/privacy).
    std::vector<const char*> personal = {};
};

/// All layers of a district data set, in draw order (surfaces first, points last).
const std::vector<LayerSchema>& layer_schemas();
const LayerSchema* find_schema(const std::string& layer);

/// The fields that decide how the map draws a feature of the layer (its class, colour and width in every
/// map theme): the stored overview keeps them for each generalised group. Empty for layers drawn alike.
const std::vector<std::string>& look_fields(const std::string& layer);

/// Layers every district data set must have (the rest may be absent or empty).
const std::vector<const char*>& required_layers();
/// The layers planners write (projects, plan items, campaigns, phases, case history, slides): created
/// empty with a district on a server, kept when it is replaced, editable by planners.
const std::vector<const char*>& plan_layers();

/// The CRS of the shipped district: CGCS2000 / 3-degree Gauss-Kruger CM 111E.
inline constexpr const char* kDistrictCrs = "EPSG:4546";

/// Layer names.
namespace layers {
inline constexpr const char* kMetadata = "metadata";
inline constexpr const char* kBoundary = "boundary";
inline constexpr const char* kServiceAreas = "service_areas";
inline constexpr const char* kSurfaces = "surfaces";
inline constexpr const char* kStreetSurfaces = "street_surfaces";
inline constexpr const char* kCompound = "compound";
inline constexpr const char* kForecourts = "forecourts";
inline constexpr const char* kMarket = "market";
inline constexpr const char* kMarketStalls = "market_stalls";
inline constexpr const char* kMarketApplicants = "market_applicants";
inline constexpr const char* kMarketAllocation = "market_allocation";
inline constexpr const char* kStreets = "streets";
inline constexpr const char* kBuildings = "buildings";
inline constexpr const char* kIllegalStructures = "illegal_structures";
inline constexpr const char* kGasPipes = "gas_pipes";
inline constexpr const char* kGasValves = "gas_valves";
inline constexpr const char* kGasStations = "gas_stations";
inline constexpr const char* kEntrances = "entrances";
inline constexpr const char* kShops = "shops";
inline constexpr const char* kPois = "pois";
inline constexpr const char* kGraffiti = "graffiti";
inline constexpr const char* kHouseholds = "households";
inline constexpr const char* kMediations = "mediations";
inline constexpr const char* kProjects = "projects";
inline constexpr const char* kPlanItems = "plan_items";
inline constexpr const char* kCampaigns = "campaigns";
inline constexpr const char* kProjectPhases = "project_phases";
inline constexpr const char* kPrices = "prices";
inline constexpr const char* kCaseHistory = "case_history";
inline constexpr const char* kSlides = "slides";
}  // namespace layers

}  // namespace gis::district
