#pragma once
// Internal to gis/generate: the shared state of the district generation stages. Coordinates here are
// local metres from the block's south-west street-centreline corner; generate_district() translates
// everything by DistrictParams::origin at the end.

#include <string>
#include <vector>

#include "gis/district/model.hpp"
#include "gis/district/schema.hpp"
#include "gis/generate/district_generator.hpp"
#include "gis/generate/random.hpp"

namespace gis::generate::detail {

class LayerSet {
  public:
    LayerSet();
    struct Row {
        io::Feature* feature;
        const district::LayerSchema* schema;
        Row& set(const char* field, io::FieldValue v);
        Row& set(const char* field, int v) {
            return set(field, io::FieldValue(static_cast<std::int64_t>(v)));
        }
        Row& set(const char* field, std::int64_t v) { return set(field, io::FieldValue(v)); }
        Row& set(const char* field, double v) { return set(field, io::FieldValue(v)); }
        Row& set(const char* field, const char* v) { return set(field, io::FieldValue(std::string(v))); }
        Row& set(const char* field, const std::string& v) { return set(field, io::FieldValue(v)); }
        Row& set(const char* field, bool v) { return set(field, v ? 1 : 0); }
    };
    /// Appends a feature (fid = count + 1) and returns it for setting fields.
    Row add(const char* layer, Geometry geometry = {});
    std::int64_t count(const char* layer) const;
    std::vector<GeneratedLayer> take() { return std::move(layers_); }
    std::vector<GeneratedLayer>& all() { return layers_; }

  private:
    std::size_t index_of(const char* layer) const;
    std::vector<GeneratedLayer> layers_;
    std::vector<const district::LayerSchema*> schemas_;
};

struct BuildingRec {
    std::int64_t fid = 0;
    int number = 0;  ///< with the params' offset applied; 0 for non-residential
    district::BuildingKind kind = district::BuildingKind::Residential;
    std::string name;
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    int floors = 0, entrances = 0, flats_per_floor = 0;
    char side = 'N';
    int year = 0;
    bool compound = false, shops = false;
    int zone = 0;  ///< 0 compound, 1 north-west estate, 2 Renmin Road front, 3 east estate, 4 other
    int row = 0;   ///< row index within the zone (south to north)
    double facade_y() const { return side == 'N' ? y1 : y0; }
    Point entrance_point(int k) const {
        double x = x0 + (x1 - x0) * (2.0 * k - 1) / (2.0 * entrances);
        return {x, facade_y()};
    }
};

struct Frontage {
    std::string street;
    Point a, b;                 ///< shop points are spread along a -> b
    std::int64_t building_fid;  ///< the shop row or street-front block
    int first_house_number;
    int house_number_step;
};

/// A lane along which a gas branch runs, serving buildings on one side.
struct RowLane {
    int zone = 0;
    int row = 0;
    double y = 0;                 ///< lane centreline
    double x_from = 0, x_to = 0;  ///< extent of the lane
};

struct Plan {
    DistrictParams params;
    Rng rng;
    LayerSet out;
    std::vector<BuildingRec> buildings;
    std::vector<Frontage> frontages;
    std::vector<RowLane> row_lanes;
    std::vector<std::string> low_income_households;  ///< household numbers, for stall allocation
    std::vector<std::string> resident_households;

    explicit Plan(const DistrictParams& p) : params(p), rng(p.seed) {}
    const BuildingRec* residential(int local_number) const;
};

// Block geometry (local metres).
inline constexpr double kWidth = 700.0;
inline constexpr double kHeight = 571.43;
inline constexpr double kGuohuaiX = 430.0;

void build_layout(Plan& plan);
void build_people(Plan& plan);
void build_gas(Plan& plan);
void build_tables(Plan& plan);

}  // namespace gis::generate::detail
