#include "gis/district/loader.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "gis/crs/crs.hpp"
#include "gis/district/schema.hpp"
#include "gis/io/dataset.hpp"
#include "gis/io/ogr_geometry.hpp"

namespace gis::district {
namespace {

/// A layer that lacks a field the schema requires is refused: read on, its features would carry zeros
/// (0 floors, 0 entrances) and every figure computed from them would be silently wrong.
Result<void> require_fields(GDALDataset* ds, const std::string& path) {
    for (const auto& schema : layer_schemas()) {
        if (schema.required.empty()) continue;
        OGRLayer* layer = ds->GetLayerByName(schema.name);
        if (!layer) continue;
        OGRFeatureDefn* defn = layer->GetLayerDefn();
        std::vector<std::string> missing;
        for (const char* f : schema.required)
            if (defn->GetFieldIndex(f) < 0) missing.emplace_back(f);
        if (missing.empty()) continue;
        std::string have;
        for (int i = 0; i < defn->GetFieldCount() && i < 12; ++i)
            have += std::string(i ? ", " : "") + defn->GetFieldDefn(i)->GetNameRef();
        if (defn->GetFieldCount() > 12) have += ", ...";
        std::string names;
        for (const auto& m : missing) names += std::string(names.empty() ? "'" : ", '") + m + "'";
        return make_error(ErrorCode::MissingLayer,
                          path + ": layer '" + schema.name + "' has no field " + names +
                              " (it has: " + (have.empty() ? "no fields" : have) +
                              "); a data set with its own field names is imported with `nbhd district scan` "
                              "and `nbhd district import` (README: Your own district)");
    }
    return {};
}

/// Field access by name on one layer; absent fields read as defaults.
class Fields {
  public:
    explicit Fields(OGRLayer* layer) : defn_(layer->GetLayerDefn()) {}
    int idx(const char* name) const { return defn_->GetFieldIndex(name); }
    static std::string str(OGRFeature& f, int i) {
        return i >= 0 && f.IsFieldSetAndNotNull(i) ? f.GetFieldAsString(i) : "";
    }
    static std::int64_t num(OGRFeature& f, int i, std::int64_t def = 0) {
        return i >= 0 && f.IsFieldSetAndNotNull(i) ? f.GetFieldAsInteger64(i) : def;
    }
    static double real(OGRFeature& f, int i) {
        return i >= 0 && f.IsFieldSetAndNotNull(i) ? f.GetFieldAsDouble(i) : 0.0;
    }

  private:
    OGRFeatureDefn* defn_;
};

Polygon first_polygon(const Geometry& g) { return g.polygons.empty() ? Polygon{} : g.polygons.front(); }
LineString first_line(const Geometry& g) { return g.lines.empty() ? LineString{} : g.lines.front(); }
Point first_point(const Geometry& g) { return g.points.empty() ? Point{} : g.points.front(); }

template <class Fn>
void each(GDALDataset* ds, const char* name, Fn&& fn) {
    OGRLayer* layer = ds->GetLayerByName(name);
    if (!layer) return;
    Fields fields(layer);
    layer->ResetReading();
    while (OGRFeature* raw = layer->GetNextFeature()) {
        std::unique_ptr<OGRFeature> f(raw);
        Geometry g = io::detail::from_ogr(f->GetGeometryRef());
        fn(*f, fields, std::move(g));
    }
}

char side_of(const std::string& s) { return s.empty() ? 'N' : s[0]; }

}  // namespace

bool has_district_schema(const std::string& path) {
    auto ds = io::Dataset::open(path);
    if (!ds) return false;
    for (const char* l : required_layers())
        if (!ds->has_layer(l)) return false;
    return true;
}

Result<District> load(const std::string& path, const LoadOptions& options) {
    auto opened = io::Dataset::open(path);
    if (!opened) return opened.error();
    auto& dataset = opened.value();
    for (const char* l : required_layers()) {
        if (!options.households && std::string(l) == layers::kHouseholds) continue;
        if (!dataset.has_layer(l)) {
            auto info = dataset.layer_info(l);
            return make_error(
                ErrorCode::MissingLayer,
                info.error().message +
                    "; not a district data set: import your own files with `nbhd district scan` "
                    "and `nbhd district import` (README: Your own district)");
        }
    }
    auto binfo = dataset.layer_info(layers::kBuildings);
    if (!binfo) return binfo.error();
    if (auto m = crs::require_metric(binfo->crs.empty() ? std::string("(none)") : binfo->crs,
                                     path + ": layer 'buildings'");
        !m)
        return m.error();

    auto* ds = static_cast<GDALDataset*>(dataset.handle());
    if (auto r = require_fields(ds, path); !r) return r.error();
    District d;
    d.source_path = path;
    d.crs = binfo->crs;
    try {
        each(ds, layers::kMetadata, [&](OGRFeature& f, const Fields& fl, Geometry) {
            d.metadata[Fields::str(f, fl.idx("key"))] = Fields::str(f, fl.idx("value"));
        });
        each(ds, layers::kBoundary, [&](OGRFeature& f, const Fields& fl, Geometry g) {
            d.boundaries.push_back({f.GetFID(), Fields::str(f, fl.idx("name")),
                                    Fields::str(f, fl.idx("name_en")), "", first_polygon(g)});
        });
        auto named = [&](const char* layer, std::vector<NamedArea>& out) {
            each(ds, layer, [&](OGRFeature& f, const Fields& fl, Geometry g) {
                out.push_back({f.GetFID(), Fields::str(f, fl.idx("name")), Fields::str(f, fl.idx("name_en")),
                               Fields::str(f, fl.idx("note")), first_polygon(g)});
            });
        };
        named(layers::kCompound, d.compounds);
        named(layers::kServiceAreas, d.service_areas);
        named(layers::kMarket, d.markets);
        each(ds, layers::kMarketStalls, [&](OGRFeature& f, const Fields& fl, Geometry g) {
            d.stalls.push_back({f.GetFID(), static_cast<int>(Fields::num(f, fl.idx("number"))),
                                Fields::str(f, fl.idx("side")), Fields::str(f, fl.idx("allocation")),
                                Fields::str(f, fl.idx("trade")), Fields::str(f, fl.idx("household_no")),
                                first_polygon(g)});
        });
        each(ds, layers::kBuildings, [&](OGRFeature& f, const Fields& fl, Geometry g) {
            Building b;
            b.fid = f.GetFID();
            b.number = static_cast<int>(Fields::num(f, fl.idx("number")));
            b.name = Fields::str(f, fl.idx("name"));
            b.kind = building_kind_from(Fields::str(f, fl.idx("kind")));
            b.floors = static_cast<int>(Fields::num(f, fl.idx("floors")));
            b.entrances = static_cast<int>(Fields::num(f, fl.idx("entrances")));
            b.flats_per_floor = static_cast<int>(Fields::num(f, fl.idx("flats_per_floor")));
            b.entrance_side = side_of(Fields::str(f, fl.idx("entrance_side")));
            b.year_built = static_cast<int>(Fields::num(f, fl.idx("year_built")));
            b.in_compound = Fields::num(f, fl.idx("in_compound")) != 0;
            b.shop_ground_floor = Fields::num(f, fl.idx("shop_ground_floor")) != 0;
            b.height_m = Fields::real(f, fl.idx("height_m"));
            b.footprint = first_polygon(g);
            d.buildings.push_back(std::move(b));
        });
        each(ds, layers::kEntrances, [&](OGRFeature& f, const Fields& fl, Geometry g) {
            d.entrances.push_back({f.GetFID(), Fields::num(f, fl.idx("building_fid"), -1),
                                   static_cast<int>(Fields::num(f, fl.idx("building_number"))),
                                   static_cast<int>(Fields::num(f, fl.idx("entrance"))),
                                   side_of(Fields::str(f, fl.idx("side"))), first_point(g)});
        });
        if (options.households) {
            OGRLayer* hl = ds->GetLayerByName(layers::kHouseholds);
            d.households.reserve(static_cast<std::size_t>(std::max<GIntBig>(0, hl->GetFeatureCount(TRUE))));
            each(ds, layers::kHouseholds, [&](OGRFeature& f, const Fields& fl, Geometry) {
                Household h;
                h.fid = f.GetFID();
                h.household_no = Fields::str(f, fl.idx("household_no"));
                h.building_number = static_cast<int>(Fields::num(f, fl.idx("building_number")));
                h.entrance = static_cast<int>(Fields::num(f, fl.idx("entrance")));
                h.floor = static_cast<int>(Fields::num(f, fl.idx("floor")));
                h.flat = static_cast<int>(Fields::num(f, fl.idx("flat")));
                h.address = Fields::str(f, fl.idx("address"));
                h.head_name = Fields::str(f, fl.idx("head_name"));
                h.phone = Fields::str(f, fl.idx("phone"));
                h.id_number = Fields::str(f, fl.idx("id_number"));
                h.size = static_cast<int>(Fields::num(f, fl.idx("size")));
                h.low_income = Fields::num(f, fl.idx("low_income")) != 0;
                h.migrant = Fields::num(f, fl.idx("migrant")) != 0;
                h.tenant = Fields::num(f, fl.idx("tenant")) != 0;
                h.elderly_alone = Fields::num(f, fl.idx("elderly_alone")) != 0;
                h.party_members = static_cast<int>(Fields::num(f, fl.idx("party_members")));
                h.moved_in = static_cast<int>(Fields::num(f, fl.idx("moved_in")));
                d.households.push_back(std::move(h));
            });
        }
        each(ds, layers::kStreets, [&](OGRFeature& f, const Fields& fl, Geometry g) {
            d.streets.push_back({f.GetFID(), Fields::str(f, fl.idx("name")),
                                 Fields::str(f, fl.idx("name_en")), Fields::str(f, fl.idx("class")),
                                 Fields::real(f, fl.idx("width_m")),
                                 Fields::num(f, fl.idx("in_compound")) != 0, first_line(g)});
        });
        each(ds, layers::kStreetSurfaces, [&](OGRFeature& f, const Fields& fl, Geometry g) {
            d.street_surfaces.push_back({f.GetFID(), Fields::num(f, fl.idx("street_id"), -1),
                                         Fields::str(f, fl.idx("name")), Fields::str(f, fl.idx("class")),
                                         Fields::str(f, fl.idx("surface")),
                                         Fields::num(f, fl.idx("in_compound")) != 0, first_polygon(g)});
        });
        each(ds, layers::kSurfaces, [&](OGRFeature& f, const Fields& fl, Geometry g) {
            d.surfaces.push_back({f.GetFID(), Fields::str(f, fl.idx("kind")),
                                  Fields::str(f, fl.idx("material")), Fields::str(f, fl.idx("note")),
                                  Fields::num(f, fl.idx("in_compound")) != 0, first_polygon(g)});
        });
        each(ds, layers::kForecourts, [&](OGRFeature& f, const Fields& fl, Geometry g) {
            d.forecourts.push_back({f.GetFID(), static_cast<int>(Fields::num(f, fl.idx("building_number"))),
                                    side_of(Fields::str(f, fl.idx("side"))),
                                    Fields::real(f, fl.idx("depth_m")), Fields::str(f, fl.idx("surface")),
                                    Fields::num(f, fl.idx("in_compound")) != 0, first_polygon(g)});
        });
        each(ds, layers::kShops, [&](OGRFeature& f, const Fields& fl, Geometry g) {
            d.shops.push_back({f.GetFID(), Fields::str(f, fl.idx("name")), Fields::str(f, fl.idx("trade")),
                               Fields::str(f, fl.idx("street")), Fields::str(f, fl.idx("address")),
                               Fields::num(f, fl.idx("building_fid"), -1), first_point(g)});
        });
        each(ds, layers::kPois, [&](OGRFeature& f, const Fields& fl, Geometry g) {
            d.pois.push_back({f.GetFID(), Fields::str(f, fl.idx("name")), Fields::str(f, fl.idx("kind")),
                              Fields::str(f, fl.idx("note")), Fields::num(f, fl.idx("building_fid"), -1),
                              first_point(g)});
        });
        each(ds, layers::kIllegalStructures, [&](OGRFeature& f, const Fields& fl, Geometry g) {
            d.illegal_structures.push_back(
                {f.GetFID(), Fields::str(f, fl.idx("type")), Fields::str(f, fl.idx("status")),
                 Fields::str(f, fl.idx("reported")), Fields::str(f, fl.idx("zone")),
                 Fields::real(f, fl.idx("area_m2")),
                 static_cast<int>(Fields::num(f, fl.idx("building_number"))), first_polygon(g)});
        });
        each(ds, layers::kGraffiti, [&](OGRFeature& f, const Fields& fl, Geometry g) {
            d.graffiti.push_back(
                {f.GetFID(), Fields::str(f, fl.idx("wall")), Fields::str(f, fl.idx("status")),
                 Fields::str(f, fl.idx("zone")), Fields::real(f, fl.idx("area_m2")),
                 static_cast<int>(Fields::num(f, fl.idx("building_number"))), first_point(g)});
        });
        each(ds, layers::kGasPipes, [&](OGRFeature& f, const Fields& fl, Geometry g) {
            GasPipe p;
            p.fid = f.GetFID();
            p.kind = Fields::str(f, fl.idx("kind"));
            p.diameter_mm = static_cast<int>(Fields::num(f, fl.idx("diameter_mm")));
            p.material = Fields::str(f, fl.idx("material"));
            p.pressure = Fields::str(f, fl.idx("pressure"));
            p.status = Fields::str(f, fl.idx("status"));
            p.year = static_cast<int>(Fields::num(f, fl.idx("year")));
            p.in_compound = Fields::num(f, fl.idx("in_compound")) != 0;
            p.building_fid = Fields::num(f, fl.idx("building_fid"), -1);
            p.building_number = static_cast<int>(Fields::num(f, fl.idx("building_number")));
            p.entrance = static_cast<int>(Fields::num(f, fl.idx("entrance")));
            p.line = first_line(g);
            d.gas_pipes.push_back(std::move(p));
        });
        each(ds, layers::kGasValves, [&](OGRFeature& f, const Fields& fl, Geometry g) {
            d.gas_valves.push_back({f.GetFID(), Fields::str(f, fl.idx("state")),
                                    Fields::num(f, fl.idx("operable"), 1) != 0,
                                    static_cast<int>(Fields::num(f, fl.idx("diameter_mm"))),
                                    Fields::str(f, fl.idx("note")), first_point(g)});
        });
        each(ds, layers::kGasStations, [&](OGRFeature& f, const Fields& fl, Geometry g) {
            d.gas_stations.push_back({f.GetFID(), Fields::str(f, fl.idx("name")),
                                      Fields::str(f, fl.idx("inlet_pressure")),
                                      Fields::str(f, fl.idx("outlet_pressure")), first_point(g)});
        });
        if (OGRLayer* m = ds->GetLayerByName(layers::kMediations)) d.mediations = m->GetFeatureCount(TRUE);
    } catch (const std::exception& e) {
        return make_error(ErrorCode::Internal, path + ": reading failed: " + e.what());
    }
    if (!d.boundaries.empty()) d.boundary = d.boundaries.front();
    d.reindex();
    return d;
}

}  // namespace gis::district
