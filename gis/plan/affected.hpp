#pragma once
/// @file
/// Who is affected by work in an area or along a line: the households, buildings and shops. One rule for
/// every front end: `nbhd households within` and the viewer's "who is affected" panel check what the user
/// gave with check_affected_area() and ask the same question with affected().
///
///     AffectedRequest r;
///     r.line_wkt = "LINESTRING(530200 3400200, 530500 3400300)";
///     r.distance = 20;
///     r.distance_given = true;
///     auto area = check_affected_area(r);              // BadInput / InvalidGeometry, with what to fix
///     ... read area->read_box() of the data set and index it ...
///     auto a = affected(index, *area);                 // BadInput / WrongCrs when outside the district
///     a->selection.households;                          // in address order; masked views: view_of
///
/// Lives in gis/plan (not gis/occupancy) because it uses the plan's district check, and gis/plan already
/// sits above gis/occupancy.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "gis/core/geometry.hpp"
#include "gis/core/result.hpp"
#include "gis/occupancy/index.hpp"

namespace gis::plan {

/// The farthest a line's (or area's) neighbourhood reaches, metres.
inline constexpr double kMaxAffectedDistance = 10000;

/// What a user gives: an area, or a line with a distance, as WKT in the data set's CRS.
struct AffectedRequest {
    std::string area_wkt;  ///< POLYGON or MULTIPOLYGON; exactly one of area_wkt and line_wkt
    std::string line_wkt;  ///< LINESTRING or MULTILINESTRING; needs a distance
    double distance = 0;   ///< metres around the area or line, 0..kMaxAffectedDistance
    bool distance_given = false;
    /// What the messages call the three inputs (the command line's options by default).
    std::string area_label = "--wkt", line_label = "--near-line", distance_label = "--distance";
};

/// An area or line that passed the checks.
struct AffectedArea {
    Geometry geometry;
    double distance = 0;
    bool line = false;
    std::string label;  ///< area_label or line_label of the request (for later messages)
    /// What to read of the data set: the geometry's extent grown by the distance.
    BBox read_box() const { return geometry.bbox().grown(distance); }
};

/// Checks a request: exactly one of area and line; a line with a distance; the distance within
/// 0..kMaxAffectedDistance; well-formed, non-empty WKT of the right kind; a polygon without crossing
/// edges. Errors: BadInput, InvalidGeometry (a bow-tie polygon), each saying what to give instead.
Result<AffectedArea> check_affected_area(const AffectedRequest& request);

/// The answer: what lies in the area (or within the distance of it).
struct Affected {
    /// Households in the residential buildings met (the index's households_near), with those buildings'
    /// numbers and the residents.
    occupancy::SpatialSelection selection;
    /// Feature ids of every building met, residential or not (shop rows, schools), ascending.
    std::vector<std::int64_t> buildings;
    /// Positions in district().shops, by the shops' feature ids: those whose point lies in the area
    /// (within the distance); for picked buildings, the shops in them.
    std::vector<std::size_t> shops;
};

/// Households, buildings and shops the area meets. When `must_lie_in_district`, an area nowhere near the
/// district is BadInput (WrongCrs when it reads as longitude/latitude: plan::check_in_district), never an
/// empty answer.
Result<Affected> affected(const occupancy::OccupancyIndex& index, const AffectedArea& area,
                          bool must_lie_in_district = true);
/// check_affected_area, then affected.
Result<Affected> affected(const occupancy::OccupancyIndex& index, const AffectedRequest& request);

/// Households, buildings and shops of buildings picked one by one (by feature id; any kind). NotFound
/// for an id that is no building of the district.
Result<Affected> affected_buildings(const occupancy::OccupancyIndex& index,
                                    const std::vector<std::int64_t>& building_fids);

}  // namespace gis::plan
