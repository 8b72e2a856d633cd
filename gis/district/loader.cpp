#include "gis/district/loader.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <stdexcept>

#include "gis/core/i18n.hpp"
#include "gis/crs/crs.hpp"
#include "gis/district/schema.hpp"
#include "gis/io/dataset.hpp"
#include "gis/io/ogr_geometry.hpp"
#include "gis/io/ogr_read.hpp"
#include "gis/io/pg.hpp"

namespace gis::district {
namespace {

/// A layer that lacks a field the schema requires is refused: read on, its features would carry zeros
/// (0 floors, 0 entrances) and every figure computed from them would be silently wrong.
Result<void> require_fields(GDALDataset* ds, const std::string& path) {
    for (const auto& schema : layer_schemas()) {
        if (schema.required.empty() && schema.columns.empty()) continue;
        OGRLayer* layer = ds->GetLayerByName(schema.name);
        if (!layer) continue;
        OGRFeatureDefn* defn = layer->GetLayerDefn();
        std::vector<std::string> missing;
        for (const auto* list : {&schema.required, &schema.columns})
            for (const char* f : *list)
                if (defn->GetFieldIndex(f) < 0) missing.emplace_back(f);
        if (missing.empty()) continue;
        std::string have;
        for (int i = 0; i < defn->GetFieldCount() && i < 12; ++i)
            have += std::string(i ? ", " : "") + defn->GetFieldDefn(i)->GetNameRef();
        if (defn->GetFieldCount() > 12) have += ", ...";
        std::string names;
        for (const auto& m : missing) names += std::string(names.empty() ? "'" : ", '") + m + "'";
        return make_error(
            ErrorCode::MissingLayer,
            gis::i18n::format(_("{0}: layer '{1}' has no field {2} (it has: {3}); a data set with "
                                "its own field names is imported with `nbhd district scan` and "
                                "`nbhd district import` (README: Your own district)"),
                              path, schema.name, names, have.empty() ? std::string(_("no fields")) : have));
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

/// What one pass over a layer reads: everything (no box, no where), the features whose bounding box meets
/// `box`, and/or those matching `where`. `skip` drops the layer from this pass.
struct Filter {
    std::optional<BBox> box;
    std::string where;
    bool skip = false;
};

/// Thrown out of a pass that met a damaged table or a read error; load() returns it as its error.
struct ReadFailure {
    Error error;
};

template <class Fn>
void each(GDALDataset* ds, const char* name, const Filter& filter, Fn&& fn) {
    if (filter.skip) return;
    OGRLayer* layer = ds->GetLayerByName(name);
    if (!layer) return;
    Fields fields(layer);
    if (filter.box)
        layer->SetSpatialFilterRect(filter.box->minx, filter.box->miny, filter.box->maxx, filter.box->maxy);
    else
        layer->SetSpatialFilter(nullptr);
    if (layer->SetAttributeFilter(filter.where.empty() ? nullptr : filter.where.c_str()) != OGRERR_NONE)
        throw std::runtime_error(gis::i18n::format(_("layer '{0}': bad filter {1}"), name, filter.where));
    layer->ResetReading();
    io::detail::ReadCheck check(ds, layer, ds->GetDescription(), !filter.box && filter.where.empty());
    check.begin();
    std::int64_t rows = 0;
    while (OGRFeature* raw = layer->GetNextFeature()) {
        std::unique_ptr<OGRFeature> f(raw);
        Geometry g = io::detail::from_ogr(f->GetGeometryRef());
        fn(*f, fields, std::move(g));
        ++rows;
    }
    auto verdict = check.finish(rows);
    layer->SetSpatialFilter(nullptr);
    layer->SetAttributeFilter(nullptr);
    if (!verdict) throw ReadFailure{verdict.error()};
}

template <class Fn>
void each(GDALDataset* ds, const char* name, Fn&& fn) {
    each(ds, name, Filter{}, std::forward<Fn>(fn));
}

/// Attribute filters "column IN (...)" in chunks of at most 500 values (SQL statements stay short).
template <class T, class Quote>
std::vector<std::string> in_lists(const char* column, const std::vector<T>& values, Quote&& quote) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < values.size(); i += 500) {
        std::string w = std::string(column) + " IN (";
        for (std::size_t k = i; k < values.size() && k < i + 500; ++k)
            w += (k > i ? "," : "") + quote(values[k]);
        out.push_back(w + ")");
    }
    return out;
}
std::vector<std::string> in_lists(const char* column, const std::vector<int>& values) {
    return in_lists(column, values, [](int v) { return std::to_string(v); });
}
std::vector<std::string> in_lists(const char* column, const std::vector<std::int64_t>& values) {
    return in_lists(column, values, [](std::int64_t v) { return std::to_string(v); });
}
/// A string as an SQL literal ('it''s').
std::string sql_quote(const std::string& v) {
    std::string q = "'";
    for (char c : v) q += c == '\'' ? std::string("''") : std::string(1, c);
    return q + "'";
}
std::vector<std::string> in_lists(const char* column, const std::vector<std::string>& values) {
    return in_lists(column, values, sql_quote);
}

template <class T>
void sort_unique(std::vector<T>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

/// Keeps the first record of each feature id, in feature-id order (the order a whole read gives).
template <class T>
void by_fid(std::vector<T>& v) {
    std::stable_sort(v.begin(), v.end(), [](const T& a, const T& b) { return a.fid < b.fid; });
    v.erase(std::unique(v.begin(), v.end(), [](const T& a, const T& b) { return a.fid == b.fid; }), v.end());
}

char side_of(const std::string& s) { return s.empty() ? 'N' : s[0]; }

/// The feature-id column as an attribute filter names it ("fid" in a GeoPackage, FID elsewhere).
std::string fid_column(GDALDataset* ds, const char* layer) {
    OGRLayer* l = ds->GetLayerByName(layer);
    const char* c = l ? l->GetFIDColumn() : nullptr;
    return c && *c ? std::string("\"") + c + "\"" : std::string("FID");
}

/// Reads the buildings, entrances and households of a region (see Region): first the households named
/// directly, then the buildings in the box or named (with theirs), then the entrances of every building
/// read. Each list ends in feature-id order without repeats, as a whole read would give it.
template <class B, class E, class H>
void read_region(GDALDataset* ds, const Region& r, bool households, B&& read_building, E&& read_entrance,
                 H&& read_household, District& d) {
    std::vector<int> numbers = r.buildings;  // buildings to read by number
    if (households) {
        const std::string fid = fid_column(ds, layers::kHouseholds);
        std::vector<std::int64_t> fids = r.household_fids;
        if (r.server_matches) {
            for (const auto& [f, kind] : *r.server_matches) fids.push_back(f);
            d.server_matches = r.server_matches;
        }
        for (const auto& w : in_lists(fid.c_str(), fids))
            each(ds, layers::kHouseholds, Filter{{}, w}, read_household);
        // A GeoPackage compares household numbers without case through its NOCASE index (ch-0001 finds
        // CH-0001, as the in-memory index does); other sources compare them as given.
        const bool gpkg = EQUAL(ds->GetDriver()->GetDescription(), "GPKG");
        for (const auto& w :
             in_lists(gpkg ? "household_no COLLATE NOCASE" : "household_no", r.household_numbers))
            each(ds, layers::kHouseholds, Filter{{}, w}, read_household);
        for (const auto& w : in_lists("head_name", r.household_names))
            each(ds, layers::kHouseholds, Filter{{}, w}, read_household);
        if (!r.household_where.empty())
            each(ds, layers::kHouseholds, Filter{{}, r.household_where}, read_household);
        for (const auto& h : d.households)
            if (h.building_number > 0) numbers.push_back(h.building_number);
    }
    if (r.box) each(ds, layers::kBuildings, Filter{r.box, ""}, read_building);
    sort_unique(numbers);
    for (const auto& w : in_lists("number", numbers))
        each(ds, layers::kBuildings, Filter{{}, w}, read_building);
    by_fid(d.buildings);
    // Every household of the buildings in the box or named by number; only the named households of the
    // buildings read for them.
    std::vector<int> whole = r.buildings;
    if (r.box)
        for (const auto& b : d.buildings)
            if (b.number > 0 && bbox_of(b.footprint).intersects(*r.box)) whole.push_back(b.number);
    sort_unique(whole);
    whole.erase(std::remove(whole.begin(), whole.end(), 0), whole.end());
    if (households) {
        for (const auto& w : in_lists("building_number", whole))
            each(ds, layers::kHouseholds, Filter{{}, w}, read_household);
        by_fid(d.households);
    }
    std::vector<int> all;
    for (const auto& b : d.buildings)
        if (b.number > 0) all.push_back(b.number);
    sort_unique(all);
    for (const auto& w : in_lists("building_number", all))
        each(ds, layers::kEntrances, Filter{{}, w}, read_entrance);
    // Entrances of the buildings without a number (units, schools) are found by the box.
    if (r.box) each(ds, layers::kEntrances, Filter{r.box, ""}, read_entrance);
    by_fid(d.entrances);
}

}  // namespace

namespace {
Result<OGRLayer*> open_layer(io::Dataset& ds, const std::string& path, const std::string& layer) {
    OGRLayer* l = static_cast<GDALDataset*>(ds.handle())->GetLayerByName(layer.c_str());
    if (!l)
        return make_error(ErrorCode::MissingLayer, gis::i18n::format(_("{0}: no layer '{1}'"), path, layer));
    return l;
}
}  // namespace

Result<BBox> feature_bbox(const std::string& path, const std::string& layer, std::int64_t fid) {
    auto ds = io::Dataset::open(path);
    if (!ds) return ds.error();
    auto l = open_layer(*ds, path, layer);
    if (!l) return l.error();
    std::unique_ptr<OGRFeature> f((*l)->GetFeature(fid));
    if (!f || !f->GetGeometryRef())
        return make_error(ErrorCode::NotFound,
                          gis::i18n::format(_("{0}: layer '{1}' has no feature {2}"), path, layer, fid));
    OGREnvelope e;
    f->GetGeometryRef()->getEnvelope(&e);
    return BBox{e.MinX, e.MinY, e.MaxX, e.MaxY};
}

Result<BBox> layer_extent(const std::string& path, const std::string& layer) {
    auto ds = io::Dataset::open(path);
    if (!ds) return ds.error();
    auto l = open_layer(*ds, path, layer);
    if (!l) return l.error();
    OGREnvelope e;
    if ((*l)->GetExtent(&e, TRUE) != OGRERR_NONE) return BBox{};
    return BBox{e.MinX, e.MinY, e.MaxX, e.MaxY};
}

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
                gis::i18n::format(_("{0}; not a district data set: import your own files with `nbhd district "
                                    "scan` and `nbhd district import` (README: Your own district)"),
                                  info.error().message));
        }
    }
    auto binfo = dataset.layer_schema(layers::kBuildings);
    if (!binfo) return binfo.error();
    if (auto m = crs::require_metric(binfo->crs.empty() ? std::string("(none)") : binfo->crs,
                                     path + ": layer 'buildings'");
        !m)
        return m.error();

    auto* ds = static_cast<GDALDataset*>(dataset.handle());
    if (auto r = require_fields(ds, path); !r) return r.error();
    District d;
    d.source_path = path;
    d.partial = options.region.has_value();
    for (const auto& schema : layer_schemas())
        if (!dataset.has_layer(schema.name)) d.absent_layers.push_back(schema.name);
    if (io::pg::is_pg(path) && options.households) {
        auto access = io::pg::household_access(path, !options.region.has_value());
        if (!access) return access.error();
        if (access->secured && !access->readable)
            return make_error(
                ErrorCode::ReadOnly,
                gis::i18n::format(_("{0}: this login is office staff of another district and may "
                                    "not read this district's households (the server's row-level "
                                    "policy); use the district's own staff login, or ask for "
                                    "nbhd_planner to plan across districts"),
                                  io::pg::redact_secrets(path)));
        if (access->secured) {
            d.personal =
                access->masked ? District::PersonalValues::Masked : District::PersonalValues::Withheld;
            d.server_low_income_households = access->low_income_households;
            d.server_low_income_people = access->low_income_people;
        }
    }
    // The layers a region read leaves out unless it asks for the map around its box.
    Filter map_filter;
    if (options.region) {
        map_filter.skip = !(options.region->map_layers && options.region->box);
        map_filter.box = options.region->box;
    }
    d.crs = binfo->crs;
    try {
        each(ds, layers::kMetadata, [&](OGRFeature& f, const Fields& fl, Geometry) {
            d.metadata[Fields::str(f, fl.idx("key"))] = Fields::str(f, fl.idx("value"));
        });
        // A region without a box asks nothing of the district's extent: its boundaries are not read.
        Filter boundary_filter;
        boundary_filter.skip = options.region && !options.region->box;
        each(ds, layers::kBoundary, boundary_filter, [&](OGRFeature& f, const Fields& fl, Geometry g) {
            d.boundaries.push_back({f.GetFID(), Fields::str(f, fl.idx("name")),
                                    Fields::str(f, fl.idx("name_en")), "", first_polygon(g)});
        });
        auto named = [&](const char* layer, std::vector<NamedArea>& out) {
            auto read = [&](OGRFeature& f, const Fields& fl, Geometry g) {
                out.push_back({f.GetFID(), Fields::str(f, fl.idx("name")), Fields::str(f, fl.idx("name_en")),
                               Fields::str(f, fl.idx("note")), first_polygon(g)});
            };
            each(ds, layer, map_filter, read);
            if (options.region && !options.region->area_name.empty()) {
                const std::string value = sql_quote(options.region->area_name);
                OGRLayer* l = ds->GetLayerByName(layer);
                const bool en = l && l->GetLayerDefn()->GetFieldIndex("name_en") >= 0;
                each(ds, layer, Filter{{}, "name = " + value + (en ? " OR name_en = " + value : "")}, read);
                by_fid(out);
            }
        };
        named(layers::kCompound, d.compounds);
        named(layers::kServiceAreas, d.service_areas);
        named(layers::kMarket, d.markets);
        each(ds, layers::kMarketStalls, map_filter, [&](OGRFeature& f, const Fields& fl, Geometry g) {
            d.stalls.push_back({f.GetFID(), static_cast<int>(Fields::num(f, fl.idx("number"))),
                                Fields::str(f, fl.idx("side")), Fields::str(f, fl.idx("allocation")),
                                Fields::str(f, fl.idx("trade")), Fields::str(f, fl.idx("household_no")),
                                first_polygon(g)});
        });
        auto read_building = [&](OGRFeature& f, const Fields& fl, Geometry g) {
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
        };
        auto read_entrance = [&](OGRFeature& f, const Fields& fl, Geometry g) {
            d.entrances.push_back({f.GetFID(), Fields::num(f, fl.idx("building_fid"), -1),
                                   static_cast<int>(Fields::num(f, fl.idx("building_number"))),
                                   static_cast<int>(Fields::num(f, fl.idx("entrance"))),
                                   side_of(Fields::str(f, fl.idx("side"))), first_point(g)});
        };
        auto read_household = [&](OGRFeature& f, const Fields& fl, Geometry) {
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
        };
        if (!options.region) {
            each(ds, layers::kBuildings, read_building);
            each(ds, layers::kEntrances, read_entrance);
            if (options.households) {
                OGRLayer* hl = ds->GetLayerByName(layers::kHouseholds);
                d.households.reserve(
                    static_cast<std::size_t>(std::max<GIntBig>(0, hl->GetFeatureCount(TRUE))));
                each(ds, layers::kHouseholds, read_household);
            }
        } else {
            read_region(ds, *options.region, options.households, read_building, read_entrance, read_household,
                        d);
        }
        each(ds, layers::kStreets, map_filter, [&](OGRFeature& f, const Fields& fl, Geometry g) {
            d.streets.push_back({f.GetFID(), Fields::str(f, fl.idx("name")),
                                 Fields::str(f, fl.idx("name_en")), Fields::str(f, fl.idx("class")),
                                 Fields::real(f, fl.idx("width_m")),
                                 Fields::num(f, fl.idx("in_compound")) != 0, first_line(g)});
        });
        each(ds, layers::kStreetSurfaces, map_filter, [&](OGRFeature& f, const Fields& fl, Geometry g) {
            d.street_surfaces.push_back({f.GetFID(), Fields::num(f, fl.idx("street_id"), -1),
                                         Fields::str(f, fl.idx("name")), Fields::str(f, fl.idx("class")),
                                         Fields::str(f, fl.idx("surface")),
                                         Fields::num(f, fl.idx("in_compound")) != 0, first_polygon(g)});
        });
        each(ds, layers::kSurfaces, map_filter, [&](OGRFeature& f, const Fields& fl, Geometry g) {
            d.surfaces.push_back({f.GetFID(), Fields::str(f, fl.idx("kind")),
                                  Fields::str(f, fl.idx("material")), Fields::str(f, fl.idx("note")),
                                  Fields::num(f, fl.idx("in_compound")) != 0, first_polygon(g)});
        });
        each(ds, layers::kForecourts, map_filter, [&](OGRFeature& f, const Fields& fl, Geometry g) {
            d.forecourts.push_back({f.GetFID(), static_cast<int>(Fields::num(f, fl.idx("building_number"))),
                                    side_of(Fields::str(f, fl.idx("side"))),
                                    Fields::real(f, fl.idx("depth_m")), Fields::str(f, fl.idx("surface")),
                                    Fields::num(f, fl.idx("in_compound")) != 0, first_polygon(g)});
        });
        each(ds, layers::kShops, map_filter, [&](OGRFeature& f, const Fields& fl, Geometry g) {
            d.shops.push_back({f.GetFID(), Fields::str(f, fl.idx("name")), Fields::str(f, fl.idx("trade")),
                               Fields::str(f, fl.idx("street")), Fields::str(f, fl.idx("address")),
                               Fields::num(f, fl.idx("building_fid"), -1), first_point(g)});
        });
        each(ds, layers::kPois, map_filter, [&](OGRFeature& f, const Fields& fl, Geometry g) {
            d.pois.push_back({f.GetFID(), Fields::str(f, fl.idx("name")), Fields::str(f, fl.idx("kind")),
                              Fields::str(f, fl.idx("note")), Fields::num(f, fl.idx("building_fid"), -1),
                              first_point(g)});
        });
        each(ds, layers::kIllegalStructures, map_filter, [&](OGRFeature& f, const Fields& fl, Geometry g) {
            d.illegal_structures.push_back(
                {f.GetFID(), Fields::str(f, fl.idx("type")), Fields::str(f, fl.idx("status")),
                 Fields::str(f, fl.idx("reported")), Fields::str(f, fl.idx("zone")),
                 Fields::real(f, fl.idx("area_m2")),
                 static_cast<int>(Fields::num(f, fl.idx("building_number"))), first_polygon(g)});
        });
        each(ds, layers::kGraffiti, map_filter, [&](OGRFeature& f, const Fields& fl, Geometry g) {
            d.graffiti.push_back(
                {f.GetFID(), Fields::str(f, fl.idx("wall")), Fields::str(f, fl.idx("status")),
                 Fields::str(f, fl.idx("zone")), Fields::real(f, fl.idx("area_m2")),
                 static_cast<int>(Fields::num(f, fl.idx("building_number"))), first_point(g)});
        });
        each(ds, layers::kGasPipes, map_filter, [&](OGRFeature& f, const Fields& fl, Geometry g) {
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
        each(ds, layers::kGasValves, map_filter, [&](OGRFeature& f, const Fields& fl, Geometry g) {
            d.gas_valves.push_back({f.GetFID(), Fields::str(f, fl.idx("state")),
                                    Fields::num(f, fl.idx("operable"), 1) != 0,
                                    static_cast<int>(Fields::num(f, fl.idx("diameter_mm"))),
                                    Fields::str(f, fl.idx("note")), first_point(g)});
        });
        each(ds, layers::kGasStations, map_filter, [&](OGRFeature& f, const Fields& fl, Geometry g) {
            d.gas_stations.push_back({f.GetFID(), Fields::str(f, fl.idx("name")),
                                      Fields::str(f, fl.idx("inlet_pressure")),
                                      Fields::str(f, fl.idx("outlet_pressure")), first_point(g)});
        });
        if (OGRLayer* m = ds->GetLayerByName(layers::kMediations)) d.mediations = m->GetFeatureCount(TRUE);
    } catch (const ReadFailure& f) {
        return f.error;
    } catch (const std::exception& e) {
        return make_error(ErrorCode::Internal,
                          gis::i18n::format(_("{0}: reading failed: {1}"), path, e.what()));
    }
    if (!d.boundaries.empty()) d.boundary = d.boundaries.front();
    d.reindex();
    return d;
}

}  // namespace gis::district
