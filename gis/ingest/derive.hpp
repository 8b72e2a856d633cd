#pragma once
/// @file
/// What a community's own files are silent about, derived from geometry: a slab's 单元 count and
/// entrance side, its entrance points and forecourt (楼前), street surfaces from centrelines, the district
/// boundary, and the gas network's junctions, valves and service-pipe links. Pure functions over the
/// district model (no GDAL); the importer calls them where the manifest says `derive`.
///
/// The rules follow the sample district's generator (gis/generate), so that for the sample's own geometry
/// the derived values are the stored ones wherever a rule can know them: slab lengths 25, 37, 49 and 60 m
/// for 1 to 4 单元, entrances on the entrance-side wall centred in each 单元's share, a 6 m forecourt.

#include <string>
#include <vector>

#include "gis/core/geometry.hpp"
#include "gis/district/model.hpp"

namespace gis::ingest {

/// A building's residential flats when only floors and entrances are known: 2 flats per floor per
/// entrance (a walk-up stair serves one flat either side on each landing).
inline constexpr int kDefaultFlatsPerFloor = 2;
/// Depth of a forecourt (楼前) in front of the entrance side, when no file gives one: as the sample's.
inline constexpr double kDefaultForecourtDepthM = 6.0;

/// A slab's shape from its footprint, through its minimum rotated rectangle (the smallest rectangle at
/// any angle that holds the footprint): the long side's length, the short side's length (depth), and the
/// long axis's direction in degrees counter-clockwise from east, in [0, 180): 0 is an east-west slab,
/// 90 a north-south one. An east-west slab is one whose axis is within 45° of east.
struct SlabShape {
    double length_m = 0;
    double depth_m = 0;
    double axis_deg = 0;
    Point centre;  ///< centre of the rotated rectangle
};
SlabShape slab_shape(const Polygon& footprint);

/// Walk-up 单元 from a residential slab's length: each stair unit with 2 flats a floor takes about 12 m
/// of slab, and the end flats about 13 m more, so entrances = round((length − 13) / 12), at least 1 and
/// at most 4. The sample's slabs (25, 37, 49, 60 m) give 1, 2, 3, 4; its 26 m towers give 1. A length of
/// 0 or less (no footprint) gives 0. Non-residential buildings are not slabs: the importer gives them
/// what the source says, or 0.
int entrances_from_length(double length_m);

/// The entrance side of a slab when no file gives it. For an east-west slab, 'N': south-facing rows
/// have their stairs on the north, reached from the lane north of the row (the common pattern); but 'S'
/// when a primary or secondary road runs along the north side within 30 m of the wall, in front of the
/// slab: a street-front block with its shops facing the road and its entrances on the back lane. For a
/// north-south slab, 'E', or 'W' when such a road runs along the east side. Distances are to centrelines.
char entrance_side(const Polygon& footprint, const std::vector<district::Street>& streets);

/// A building's entrance points: `b.entrances` points along the wall on `b.entrance_side`, each in the
/// middle of its 单元's equal share of the slab's length, numbered 1.. from west to east (from south to
/// north on a north- or south-running wall). As in the sample, the points lie on the wall itself;
/// `offset_m` > 0 moves them that far out from the wall. building_fid, building_number and side come
/// from `b`; fid is -1 (new features). A building with no entrances or no footprint gives none.
std::vector<district::Entrance> derive_entrances(const district::Building& b, double offset_m = 0.0);

/// The surface a street or forecourt has when no file says: primary, secondary and local streets are
/// "asphalt" (city streets); lanes, forecourts and anything else are "unpaved" inside a walled compound
/// (old work-unit compounds, what paving projects are for) and "concrete" elsewhere (estate lanes).
/// This is the sample's pattern.
std::string default_surface(const std::string& street_class, bool in_compound);

/// Forecourts (楼前) of the residential buildings: the strip in front of the entrance-side wall, as long
/// as the slab and `depth_m` deep, less any part of it on another building (where two parts remain, the
/// larger is kept). building_number, side, depth_m and in_compound come from the building; the surface is
/// `surface`, or default_surface("", in_compound) when `surface` is empty. Buildings of other kinds, or
/// without a footprint, get none. fid is -1.
std::vector<district::Forecourt> derive_forecourts(const std::vector<district::Building>& buildings,
                                                   double depth_m = kDefaultForecourtDepthM,
                                                   const std::string& surface = "");

/// Street surfaces from centrelines: each street's centreline widened by half its width to either side,
/// ends cut square at the centreline's ends (so a straight street's surface is length × width). Where
/// streets overlap, one surface keeps the junction: at a T-junction the street that runs through it; at a
/// crossing the higher class (primary, secondary, local, lane), then the wider, then the one listed first.
/// A street that gives way at a crossing thus has one surface each side of it, each a feature with
/// street_id = the street's fid and name, class and in_compound copied; the surface is
/// default_surface(class, in_compound). With a `boundary`, pieces wholly outside it (a street drawn on
/// past the district's last crossing) are left out. Streets without a width or a line get none; pieces
/// under 1 m² (slivers) neither. fid is -1.
std::vector<district::StreetSurface> derive_street_surfaces(const std::vector<district::Street>& streets,
                                                            const Polygon& boundary = {});

/// The district boundary when no file gives one, and the rule that made it.
struct DerivedBoundary {
    Polygon polygon;
    std::string rule;  ///< "streets": enclosed by street centrelines; "hull": around the buildings
};
/// "streets": where the street centrelines close rings around every building, the boundary is the
/// outline of the blocks holding buildings (each block: the smallest ring of centrelines around it; the
/// blocks' union, with any block inside it filled). Streets that run on past a crossing, dead ends and
/// lanes that close no ring are ignored. "hull": otherwise (a building in no block, or the blocks not
/// joined into one area) the convex hull of the buildings' footprints widened by 10 m (of the streets'
/// lines when there are no buildings). Streets run beyond a community, so the hull leaves them out.
DerivedBoundary derive_boundary(const std::vector<district::Building>& buildings,
                                const std::vector<district::Street>& streets);

/// Gas network junctions: where a pipe's end lies on the side of another pipe (within `tol_m` of it and
/// farther than that from its ends), the other pipe is split there, so each feature is one stretch of
/// pipe between junctions, the way the utility drew the network. The end that touched it is moved onto
/// the split point; ends within `tol_m` of one another along the same pipe share one split. Pipes that
/// cross without an end on the other are at different depths and are left alone. The first piece of a
/// split pipe keeps its fid; the others (appended at the end, with the same attributes) get fid -1.
/// Returns the number of splits.
int node_gas_pipes(std::vector<district::GasPipe>& pipes, double tol_m = 0.5);

/// What snap_valves did.
struct SnapReport {
    int snapped = 0;      ///< valves moved onto a pipe
    int off_network = 0;  ///< valves farther than the tolerance from every pipe (left where they are)
};
/// Valves onto the network: each valve within `tol_m` of a pipe is moved onto the nearest point of the
/// nearest pipe; valves already on a pipe are neither moved nor counted.
SnapReport snap_valves(std::vector<district::GasValve>& valves, const std::vector<district::GasPipe>& pipes,
                       double tol_m = 2.0);

/// What connect_service_pipes did.
struct ServiceJoin {
    int linked = 0;    ///< pipes given the building and entrance of the nearest door
    int moved = 0;     ///< derived doors moved to the end of the service pipe that reaches them
    int extended = 0;  ///< pipes whose end was carried on to the door it serves
    int unreached =
        0;  ///< pipes whose door is farther than the limit (left as they are, listed by gas check)
};
/// Service pipes end at the door they serve, so the network reaches the households behind it. For each
/// pipe of kind "service": its entrance is the one its building_fid and entrance name (the building's
/// nearest when the number is 0 or unknown), or, for a pipe with no building, the entrance nearest either
/// end within `max_m` (which also sets its building and entrance). Where the pipe's nearer end stops short
/// of that door, within `max_m`: a derived door (`doors_derived`: placed by rule, not surveyed) moves to
/// the pipe's end, since the utility's pipe is the fact and the door a guess; a surveyed door, or one a
/// pipe already reached, stays and the door is appended to the pipe.
ServiceJoin connect_service_pipes(std::vector<district::GasPipe>& pipes,
                                  std::vector<district::Entrance>& entrances, bool doors_derived,
                                  double max_m = 15.0);

}  // namespace gis::ingest
