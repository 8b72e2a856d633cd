#include "gis/plan/affected.hpp"

#include <algorithm>
#include <unordered_set>

#include "gis/core/i18n.hpp"
#include "gis/geom/ops.hpp"
#include "gis/plan/scope.hpp"

namespace gis::plan {

Result<AffectedArea> check_affected_area(const AffectedRequest& r) {
    const bool line = !r.line_wkt.empty();
    if (r.area_wkt.empty() == r.line_wkt.empty())
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("give either {0} POLYGON or {1} LINESTRING {2} M"),
                                            r.area_label, r.line_label, r.distance_label));
    if (line && !r.distance_given)
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("{0} needs {1} (metres)"), r.line_label, r.distance_label));
    if (!(r.distance >= 0 && r.distance <= kMaxAffectedDistance))
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("{0} must be between 0 and 10000 metres"), r.distance_label));
    const std::string& label = line ? r.line_label : r.area_label;
    auto g = geom::from_wkt(line ? r.line_wkt : r.area_wkt);
    if (!g) return g.error();
    if (g->bbox().empty())
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("{0}: the geometry is empty (give its coordinates)"), label));
    const bool polygonal = g->type == Geometry::Type::Polygon || g->type == Geometry::Type::MultiPolygon;
    const bool linear = g->type == Geometry::Type::LineString || g->type == Geometry::Type::MultiLineString;
    // A point with a distance: the households within that many metres of it.
    const bool point = g->type == Geometry::Type::Point || g->type == Geometry::Type::MultiPoint;
    if (!line && point && !(r.distance_given && r.distance > 0))
        return make_error(ErrorCode::BadInput, gis::i18n::format(_("{0} POINT needs {1} (metres around it)"),
                                                                 label, r.distance_label));
    if (!line && !polygonal && !point)
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("{0} needs a POLYGON or MULTIPOLYGON, not {1}"), label,
                                            gis::to_string(g->type)));
    if (line && !linear)
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("{0} needs a LINESTRING or MULTILINESTRING, not {1}"), label,
                                            gis::to_string(g->type)));
    if (polygonal) {  // a bow-tie polygon has no well-defined inside: say so rather than guess
        const auto v = geom::check_validity(*g);
        if (!v.valid)
            return make_error(
                ErrorCode::InvalidGeometry,
                gis::i18n::format(_("{0}: the polygon is invalid: {1} (draw it without crossing edges)"),
                                  label, v.reason));
    }
    AffectedArea out;
    out.geometry = std::move(g).value();
    out.distance = r.distance;
    out.line = line;
    out.label = label;
    return out;
}

namespace {

bool meets(const AffectedArea& area, const Geometry& g) {
    return area.distance > 0 ? geom::distance(area.geometry, g) <= area.distance
                             : geom::intersects(area.geometry, g);
}

// Picked buildings: the shops in them. An area or line: the shops whose point lies in it (a shop row is long,
// and work at one end of it leaves the other end's shops alone); a read of the area's box has them all.
std::vector<std::size_t> shops_of(const district::District& d, const std::vector<std::int64_t>& buildings,
                                  const AffectedArea* area) {
    const std::unordered_set<std::int64_t> met(buildings.begin(), buildings.end());
    const BBox box = area ? area->read_box() : BBox{};
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < d.shops.size(); ++i) {
        const auto& s = d.shops[i];
        if (area ? box.contains(s.location) && meets(*area, Geometry::from(s.location))
                 : met.count(s.building_fid) > 0)
            out.push_back(i);
    }
    // By feature id: the same order whichever part of the data set was read.
    std::sort(out.begin(), out.end(),
              [&](std::size_t a, std::size_t b) { return d.shops[a].fid < d.shops[b].fid; });
    return out;
}

}  // namespace

Result<Affected> affected(const occupancy::OccupancyIndex& index, const AffectedArea& area,
                          bool must_lie_in_district) {
    const district::District& d = index.district();
    if (must_lie_in_district)
        if (auto in = check_in_district(d, area.geometry, area.label, area.distance); !in) return in.error();
    Affected out;
    out.selection = index.households_near(area.geometry, area.distance);
    // Residential buildings as the index found them (one answer for households and buildings); the others
    // by the same test.
    for (int number : out.selection.buildings)
        if (const auto* b = d.building_by_number(number)) out.buildings.push_back(b->fid);
    const BBox box = area.read_box();
    for (const auto& b : d.buildings) {
        if (b.footprint.outer.empty()) continue;
        if (b.kind == district::BuildingKind::Residential && b.number > 0) continue;
        if (!box.intersects(bbox_of(b.footprint))) continue;
        if (meets(area, Geometry::from(b.footprint))) out.buildings.push_back(b.fid);
    }
    std::sort(out.buildings.begin(), out.buildings.end());
    out.buildings.erase(std::unique(out.buildings.begin(), out.buildings.end()), out.buildings.end());
    out.shops = shops_of(d, out.buildings, &area);
    return out;
}

Result<Affected> affected(const occupancy::OccupancyIndex& index, const AffectedRequest& request) {
    auto area = check_affected_area(request);
    if (!area) return area.error();
    return affected(index, *area);
}

Result<Affected> affected_buildings(const occupancy::OccupancyIndex& index,
                                    const std::vector<std::int64_t>& building_fids) {
    const district::District& d = index.district();
    Affected out;
    for (std::int64_t fid : building_fids) {
        const auto* b = d.building_by_fid(fid);
        if (!b)
            return make_error(ErrorCode::NotFound,
                              gis::i18n::format(_("no building with feature id {0}"), fid));
        out.buildings.push_back(fid);
        if (b->kind == district::BuildingKind::Residential && b->number > 0)
            out.selection.buildings.push_back(b->number);
    }
    std::sort(out.buildings.begin(), out.buildings.end());
    out.buildings.erase(std::unique(out.buildings.begin(), out.buildings.end()), out.buildings.end());
    auto& numbers = out.selection.buildings;
    std::sort(numbers.begin(), numbers.end());
    numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
    for (int number : numbers)
        for (occupancy::HouseholdId id : index.in_building(number)) {
            out.selection.households.push_back(id);
            out.selection.residents += index.household(id).size;
        }
    out.shops = shops_of(d, out.buildings, nullptr);
    return out;
}

}  // namespace gis::plan
