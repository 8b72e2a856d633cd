#include "gis/district/check.hpp"

#include <map>
#include <set>
#include <tuple>

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
            add(r, layer, it.fid, "validity", "polygon has fewer than 4 points");
            continue;
        }
        auto v = geom::check_validity(Geometry::from(p));
        if (!v.valid) add(r, layer, it.fid, "validity", "invalid geometry: " + v.reason);
    }
}

}  // namespace

CheckReport check(const District& d) {
    CheckReport r;
    if (auto m = crs::require_metric(d.crs.empty() ? std::string("(none)") : d.crs, "data set"); !m)
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
                "residential building with " + bad.substr(0, bad.size() - 2) +
                    ": its flats cannot be counted; map the field in the district manifest or fix the value");
    }
    if (residential == 0)
        add(r, "buildings", -1, "content",
            std::to_string(d.buildings.size()) +
                " buildings but none residential (field 'kind' = residential): no flats, no households can "
                "be "
                "placed; map the building kind in the district manifest");

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
                    "overlaps building fid " + std::to_string(d.buildings[j].fid) + " by " +
                        std::to_string(a) + " m²");
        }
    }
    for (const auto& s : d.street_surfaces) {
        Geometry g = Geometry::from(s.polygon);
        for (auto j : buildings.intersecting(g)) {
            double a = geom::overlap_area(g, footprints[j]);
            if (a > kOverlapTolerance)
                add(r, "buildings", d.buildings[j].fid, "overlap",
                    "stands on street surface fid " + std::to_string(s.fid) + " (" + s.name + ") by " +
                        std::to_string(a) + " m²");
        }
    }

    // Households: every one in an existing residential building, entrance, floor and flat; one per flat.
    std::set<std::tuple<int, int, int, int>> seen;
    std::set<std::string> numbers;
    for (const auto& h : d.households) {
        ++r.features_checked;
        const Building* b = d.building_by_number(h.building_number);
        std::string where = "household " + h.household_no + " (" + h.address + "): ";
        if (!b) {
            add(r, "households", h.fid, "household",
                where + "building " + std::to_string(h.building_number) + " does not exist");
            continue;
        }
        if (h.entrance < 1 || h.entrance > b->entrances)
            add(r, "households", h.fid, "household",
                where + "entrance " + std::to_string(h.entrance) + " not in 1.." +
                    std::to_string(b->entrances));
        if (h.floor < b->first_residential_floor() || h.floor > b->floors)
            add(r, "households", h.fid, "household",
                where + "floor " + std::to_string(h.floor) + " not in " +
                    std::to_string(b->first_residential_floor()) + ".." + std::to_string(b->floors));
        if (h.flat < 1 || h.flat > b->flats_per_floor)
            add(r, "households", h.fid, "household",
                where + "flat " + std::to_string(h.flat) + " not in 1.." +
                    std::to_string(b->flats_per_floor));
        if (!seen.insert({h.building_number, h.entrance, h.floor, h.flat}).second)
            add(r, "households", h.fid, "household", where + "another household already lives in this flat");
        if (!numbers.insert(h.household_no).second)
            add(r, "households", h.fid, "household", where + "duplicate household number");
        if (h.address != format_address(h.building_number, h.entrance, h.floor, h.flat))
            add(r, "households", h.fid, "household",
                where + "address does not match building/entrance/floor/flat");
        if (h.size < 1) add(r, "households", h.fid, "household", where + "household size must be at least 1");
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
                "shop '" + s.name + "' is not on a street frontage (more than 5 m from any street)");
        if (s.building_fid >= 0 && !d.building_by_fid(s.building_fid))
            add(r, "shops", s.fid, "frontage",
                "shop '" + s.name + "' refers to missing building fid " + std::to_string(s.building_fid));
    }

    // Features inside the district (the community boundary, with a 0.5 m tolerance).
    if (!d.boundaries.empty()) {
        std::vector<Geometry> grown;
        for (const auto& b : d.boundaries) grown.push_back(geom::buffer(Geometry::from(b.polygon), 0.5));
        index::SpatialIndex areas(grown);
        auto outside = [&](const char* layer, std::int64_t fid, const Geometry& g) {
            for (auto i : areas.query_bbox(g.bbox()))
                if (geom::contains(areas.item(i), g)) return;
            add(r, layer, fid, "inside", std::string("lies outside the district boundary"));
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

}  // namespace gis::district
