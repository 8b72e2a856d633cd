#include "gis/district/check.hpp"

#include "gis/district/schema.hpp"

#include <map>
#include <set>
#include <tuple>

#include "gis/core/i18n.hpp"
#include "gis/core/numbers.hpp"
#include "gis/crs/crs.hpp"
#include "gis/geom/ops.hpp"
#include "gis/index/spatial_index.hpp"

namespace gis::district {
namespace {

void add(CheckReport& r, const std::string& layer, std::int64_t fid, const char* check, std::string msg) {
    r.problems.push_back({layer, fid, check, std::move(msg)});
}

template <class T>
void check_polygons(CheckReport& r, const char* layer, const std::vector<T>& items, Polygon T::*member) {
    for (const auto& it : items) {
        ++r.features_checked;
        const Polygon& p = it.*member;
        if (p.outer.size() < 4) {
            add(r, layer, it.fid, "validity", _("polygon has fewer than 4 points"));
            continue;
        }
        auto v = geom::check_validity(Geometry::from(p));
        if (!v.valid)
            add(r, layer, it.fid, "validity", gis::i18n::format(_("invalid geometry: {0}"), v.reason));
    }
}

}  // namespace

CheckReport check(const District& d) {
    CheckReport r;
    if (auto m = crs::require_metric(d.crs.empty() ? std::string(_("(none)")) : d.crs, _("data set")); !m)
        add(r, "buildings", -1, "crs", m.error().message);

    // Content: a data set whose fields were not mapped reads as buildings without flats; that is a failed
    // check, never a clean one.
    std::int64_t residential = 0;
    for (const auto& b : d.buildings) {
        if (b.kind != BuildingKind::Residential) continue;
        ++residential;
        std::string bad;
        if (b.number <= 0) bad += "number (楼号) " + std::to_string(b.number) + "; ";
        if (b.floors <= 0 || b.floors > 60) bad += "floors " + std::to_string(b.floors) + " (1..60); ";
        if (b.entrances <= 0 || b.entrances > 20)
            bad += "entrances " + std::to_string(b.entrances) + " (1..20); ";
        if (b.flats_per_floor <= 0 || b.flats_per_floor > 12)
            bad += "flats_per_floor " + std::to_string(b.flats_per_floor) + " (1..12); ";
        if (!bad.empty())
            add(r, "buildings", b.fid, "content",
                gis::i18n::format(
                    _("residential building with {0}: its flats cannot be counted; map the field "
                      "in the district manifest or fix the value"),
                    bad.substr(0, bad.size() - 2)));
    }
    if (residential == 0)
        add(r, "buildings", -1, "content",
            gis::i18n::format(
                _("{0} buildings but none residential (field 'kind' = residential): no flats, no "
                  "households can be placed; map the building kind in the district manifest"),
                d.buildings.size()));

    // Validity of every polygon layer.
    check_polygons(r, "buildings", d.buildings, &Building::footprint);
    check_polygons(r, "street_surfaces", d.street_surfaces, &StreetSurface::polygon);
    check_polygons(r, "surfaces", d.surfaces, &Surface::polygon);
    check_polygons(r, "forecourts", d.forecourts, &Forecourt::polygon);
    check_polygons(r, "illegal_structures", d.illegal_structures, &IllegalStructure::polygon);
    check_polygons(r, "market_stalls", d.stalls, &MarketStall::polygon);
    check_polygons(r, "compound", d.compounds, &NamedArea::polygon);
    check_polygons(r, "boundary", d.boundaries, &NamedArea::polygon);

    // Overlaps: buildings with each other and with street surfaces (touching is fine).
    std::vector<Geometry> footprints;
    footprints.reserve(d.buildings.size());
    for (const auto& b : d.buildings) footprints.push_back(Geometry::from(b.footprint));
    index::SpatialIndex buildings(footprints);
    constexpr double kOverlapTolerance = 0.01;  // m²
    for (std::size_t i = 0; i < d.buildings.size(); ++i) {
        for (auto j : buildings.intersecting(footprints[i])) {
            if (j <= i) continue;
            double a = geom::overlap_area(footprints[i], footprints[j]);
            if (a > kOverlapTolerance)
                add(r, "buildings", d.buildings[i].fid, "overlap",
                    gis::i18n::format(_("overlaps building fid {0} by {1} m²"), d.buildings[j].fid,
                                      gis::format_decimal(a, 1)));
        }
    }
    for (const auto& s : d.street_surfaces) {
        Geometry g = Geometry::from(s.polygon);
        for (auto j : buildings.intersecting(g)) {
            double a = geom::overlap_area(g, footprints[j]);
            if (a > kOverlapTolerance)
                add(r, "buildings", d.buildings[j].fid, "overlap",
                    gis::i18n::format(_("stands on street surface fid {0} ({1}) by {2} m²"), s.fid, s.name,
                                      gis::format_decimal(a, 1)));
        }
    }

    // Households: every one in an existing residential building, entrance, floor and flat; one per flat.
    std::set<std::tuple<int, int, int, int>> seen;
    std::set<std::string> numbers;
    for (const auto& h : d.households) {
        ++r.features_checked;
        const Building* b = d.building_by_number(h.building_number);
        // Each finding names the household: "household N (B-E-FF): ...", one pattern per finding.
        auto finding = [&](const char* pattern, auto... args) {
            add(r, "households", h.fid, "household",
                gis::i18n::format(pattern, h.household_no, h.address, args...));
        };
        if (!b) {
            finding(_("household {0} ({1}): building {2} does not exist"), h.building_number);
            continue;
        }
        if (h.entrance < 1 || h.entrance > b->entrances)
            finding(_("household {0} ({1}): entrance {2} not in 1..{3}"), h.entrance, b->entrances);
        if (h.floor < b->first_residential_floor() || h.floor > b->floors)
            finding(_("household {0} ({1}): floor {2} not in {3}..{4}"), h.floor,
                    b->first_residential_floor(), b->floors);
        if (h.flat < 1 || h.flat > b->flats_per_floor)
            finding(_("household {0} ({1}): flat {2} not in 1..{3}"), h.flat, b->flats_per_floor);
        if (!seen.insert({h.building_number, h.entrance, h.floor, h.flat}).second)
            finding(_("household {0} ({1}): another household already lives in this flat"));
        if (!numbers.insert(h.household_no).second)
            finding(_("household {0} ({1}): duplicate household number"));
        if (h.address != format_address(h.building_number, h.entrance, h.floor, h.flat))
            finding(_("household {0} ({1}): address does not match building/entrance/floor/flat"));
        if (h.size < 1) finding(_("household {0} ({1}): household size must be at least 1"));
    }

    // Shops on frontage: within kFrontageTolerance of a public street surface, in an existing building.
    std::vector<Geometry> public_surfaces;
    for (const auto& s : d.street_surfaces)
        if (s.street_class != "lane") public_surfaces.push_back(Geometry::from(s.polygon));
    index::SpatialIndex streets(public_surfaces);
    for (const auto& s : d.shops) {
        ++r.features_checked;
        if (streets.within_distance(Geometry::from(s.location), kFrontageTolerance).empty())
            add(r, "shops", s.fid, "frontage",
                gis::i18n::format(_("shop '{0}' is not on a street frontage (more than 5 m from any street)"),
                                  s.name));
        if (s.building_fid >= 0 && !d.building_by_fid(s.building_fid))
            add(r, "shops", s.fid, "frontage",
                gis::i18n::format(_("shop '{0}' refers to missing building fid {1}"), s.name,
                                  s.building_fid));
    }

    // Features inside the district (the community boundary, with a 0.5 m tolerance).
    if (!d.boundaries.empty()) {
        std::vector<Geometry> grown;
        for (const auto& b : d.boundaries) grown.push_back(geom::buffer(Geometry::from(b.polygon), 0.5));
        index::SpatialIndex areas(grown);
        auto outside = [&](const char* layer, std::int64_t fid, const Geometry& g) {
            for (auto i : areas.query_bbox(g.bbox()))
                if (geom::contains(areas.item(i), g)) return;
            add(r, layer, fid, "inside", std::string(_("lies outside the district boundary")));
        };
        for (const auto& b : d.buildings) outside("buildings", b.fid, Geometry::from(b.footprint));
        for (const auto& s : d.shops) outside("shops", s.fid, Geometry::from(s.location));
        for (const auto& p : d.pois) outside("pois", p.fid, Geometry::from(p.location));
        for (const auto& e : d.entrances) outside("entrances", e.fid, Geometry::from(e.location));
        for (const auto& s : d.illegal_structures)
            outside("illegal_structures", s.fid, Geometry::from(s.polygon));
        for (const auto& g : d.graffiti) outside("graffiti", g.fid, Geometry::from(g.location));
        for (const auto& p : d.gas_pipes) outside("gas_pipes", p.fid, Geometry::from(p.line));
        for (const auto& v : d.gas_valves) outside("gas_valves", v.fid, Geometry::from(v.location));
    }
    return r;
}

std::vector<std::string> absent_map_layers(const District& d) {
    std::vector<std::string> out;
    const auto& plan = plan_layers();
    for (const auto& name : d.absent_layers) {
        const LayerSchema* schema = find_schema(name);
        if (!schema || std::string(schema->geometry) == "None") continue;
        if (std::find_if(plan.begin(), plan.end(), [&](const char* p) { return name == p; }) != plan.end())
            continue;
        out.push_back(name);
    }
    return out;
}

}  // namespace gis::district
