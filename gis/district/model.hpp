#pragma once
/// @file
/// The district document model: typed records read from a data set with the district schema. The
/// planning, occupancy and gas modules and the viewer's panels work on this, never on GDAL.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "gis/core/geometry.hpp"
#include "gis/core/result.hpp"

namespace gis::district {

enum class BuildingKind { Residential, Unit, School, ShopRow, Ancillary, Other };
const char* to_string(BuildingKind k);
BuildingKind building_kind_from(const std::string& s);

struct Building {
    std::int64_t fid = -1;
    int number = 0;  ///< residential building number (楼号), 0 for non-residential buildings
    std::string name;
    BuildingKind kind = BuildingKind::Residential;
    int floors = 0;
    int entrances = 0;        ///< 单元
    int flats_per_floor = 0;  ///< per entrance
    char entrance_side = 'N';
    int year_built = 0;
    bool in_compound = false;
    bool shop_ground_floor = false;  ///< ground floor is street-front shops; flats start on floor 2
    double height_m = 0;
    Polygon footprint;

    int first_residential_floor() const { return shop_ground_floor ? 2 : 1; }
    int flat_count() const { return (floors - first_residential_floor() + 1) * entrances * flats_per_floor; }
};

struct Entrance {
    std::int64_t fid = -1;
    std::int64_t building_fid = -1;
    int building_number = 0;
    int number = 0;
    char side = 'N';
    Point location;
};

struct Household {
    std::int64_t fid = -1;
    std::string household_no;  ///< 户号
    int building_number = 0;
    int entrance = 0;
    int floor = 0;
    int flat = 0;         ///< 1-based position on the floor within the entrance
    std::string address;  ///< "12-2-301"
    std::string head_name;
    std::string phone;
    std::string id_number;
    int size = 0;
    bool low_income = false;
    bool migrant = false;
    bool tenant = false;
    bool elderly_alone = false;
    int party_members = 0;
    int moved_in = 0;
};

/// "12-2-301": building, entrance, floor * 100 + flat.
std::string format_address(int building, int entrance, int floor, int flat);

struct Street {
    std::int64_t fid = -1;
    std::string name, name_en, street_class;  ///< class: primary, secondary, local, lane
    double width_m = 0;
    bool in_compound = false;
    LineString centreline;
};

struct StreetSurface {
    std::int64_t fid = -1;
    std::int64_t street_id = -1;
    std::string name, street_class, surface;  ///< surface: asphalt, concrete, unpaved
    bool in_compound = false;
    Polygon polygon;
};

struct Surface {
    std::int64_t fid = -1;
    std::string kind;  ///< paved, unpaved, green, sports
    std::string material, note;
    bool in_compound = false;
    Polygon polygon;
};

struct Forecourt {
    std::int64_t fid = -1;
    int building_number = 0;
    char side = 'N';
    double depth_m = 0;
    std::string surface;
    bool in_compound = false;
    Polygon polygon;
};

struct Shop {
    std::int64_t fid = -1;
    std::string name, trade, street, address;
    std::int64_t building_fid = -1;
    Point location;
};

struct Poi {
    std::int64_t fid = -1;
    std::string name, kind, note;  ///< kind: unit, school, liaison_station, gate, market_desk, ...
    std::int64_t building_fid = -1;
    Point location;
};

struct MarketStall {
    std::int64_t fid = -1;
    int number = 0;
    std::string side, allocation, trade, household_no;
    Polygon polygon;
};

struct IllegalStructure {
    std::int64_t fid = -1;
    std::string type, status, reported, zone;
    double area_m2 = 0;
    int building_number = 0;
    Polygon polygon;
};

struct GraffitiSite {
    std::int64_t fid = -1;
    std::string wall, status, zone;
    double area_m2 = 0;
    int building_number = 0;
    Point location;
};

struct GasPipe {
    std::int64_t fid = -1;
    std::string kind;  ///< main, service
    int diameter_mm = 0;
    std::string material, pressure,
        status;  ///< pressure: low, medium-b, medium-a; status: in_service, renewal
    int year = 0;
    bool in_compound = false;
    std::int64_t building_fid = -1;  ///< service pipes: the building served (-1 for mains)
    int building_number = 0;         ///< service pipes: residential number of the building served
    int entrance = 0;                ///< service pipes: the entrance served
    LineString line;
};

struct GasValve {
    std::int64_t fid = -1;
    std::string state;  ///< open, closed
    bool operable = true;
    int diameter_mm = 0;
    std::string note;
    Point location;
};

struct GasStation {
    std::int64_t fid = -1;
    std::string name, inlet_pressure, outlet_pressure;
    Point location;
};

struct NamedArea {
    std::int64_t fid = -1;
    std::string name, name_en, note;
    Polygon polygon;
};

/// A whole district, loaded. Indexes by number are built by `District::reindex()`.
struct District {
    std::string source_path;
    std::string crs;  ///< "EPSG:4546"
    std::unordered_map<std::string, std::string> metadata;
    NamedArea boundary;                 ///< the (first) community boundary
    std::vector<NamedArea> boundaries;  ///< every boundary feature (a city has one per district)
    std::vector<NamedArea> compounds;
    std::vector<NamedArea> service_areas;
    std::vector<NamedArea> markets;
    std::vector<MarketStall> stalls;
    std::vector<Building> buildings;
    std::vector<Entrance> entrances;
    std::vector<Household> households;
    std::vector<Street> streets;
    std::vector<StreetSurface> street_surfaces;
    std::vector<Surface> surfaces;
    std::vector<Forecourt> forecourts;
    std::vector<Shop> shops;
    std::vector<Poi> pois;
    std::vector<IllegalStructure> illegal_structures;
    std::vector<GraffitiSite> graffiti;
    std::vector<GasPipe> gas_pipes;
    std::vector<GasValve> gas_valves;
    std::vector<GasStation> gas_stations;
    std::int64_t mediations = 0;  ///< rows in the mediations table
    /// True when only a region was read (LoadOptions::region): totals over it are not the district's.
    bool partial = false;
    /// Layers of the district schema (layer_schemas) the data set does not have at all: a question about
    /// them (the gas network's length, its check) has no answer, which is not the same as zero.
    std::vector<std::string> absent_layers;
    bool lacks(const std::string& layer) const {
        return std::find(absent_layers.begin(), absent_layers.end(), layer) != absent_layers.end();
    }
    /// What the households' personal values are: the data set's own (a file), or, on a server that keeps
    /// personal data itself (nbhd server init), masked (planners, staff: 张*伟) or withheld (presenters:
    /// empty). Low-income flags are withheld from every login there; their counts come from the server.
    enum class PersonalValues { Own, Masked, Withheld };
    PersonalValues personal = PersonalValues::Own;
    /// On such a server: the households the server matched to a name or phone query (see Region).
    std::optional<std::vector<std::pair<std::int64_t, std::string>>> server_matches;
    /// On such a server: the district's low-income households and people, counted by the server.
    std::int64_t server_low_income_households = 0, server_low_income_people = 0;

    /// A named area (compound, service area or market, searched in that order) by its Chinese or English
    /// name; "NAME#FID" picks one of several areas of that name by its feature id. NotFound listing the
    /// areas; BadInput when several areas bear the name (a city's districts repeat their areas' names),
    /// listing how to name each.
    Result<const NamedArea*> find_named_area(const std::string& name) const;
    /// "NAME" of "NAME#FID" (the name the data set stores).
    static std::string area_base_name(const std::string& name);
    /// The names of every named area, joined by ", " (for messages).
    std::string area_names() const;
    /// True when `a` is one of the compounds.
    bool is_compound(const NamedArea* a) const {
        return a >= compounds.data() && a < compounds.data() + compounds.size();
    }
    /// Residential building by its number, or nullptr.
    const Building* building_by_number(int number) const;
    /// Building by feature id, or nullptr.
    const Building* building_by_fid(std::int64_t fid) const;
    BBox extent() const;
    void reindex();

  private:
    std::unordered_map<int, std::size_t> by_number_;
    std::unordered_map<std::int64_t, std::size_t> by_fid_;
};

}  // namespace gis::district
