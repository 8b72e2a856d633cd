#pragma once
/// @file
/// Hardening (硬化) as plain geometry, with no data set and no GL: which parts of the streets and
/// forecourts in a scope still need paving, and whose entrances they serve. The viewer's sketch tools
/// and the command line both call this; gis/plan/hardening.hpp feeds it from a District.
///
/// Paving area = (streets ∪ forecourts) ∩ scope − exclusions (building footprints, green space to
/// keep, surfaces already paved). Overlaps are never counted twice: candidates are taken in priority
/// order (every street before any forecourt; streets in the order given, forecourts in the order given)
/// and each part is its candidate minus every earlier candidate it meets, so the parts are disjoint and
/// the area of their union equals the sum of their areas. Where a forecourt meets a street, the overlap
/// belongs to the street.

#include <cstdint>
#include <string>
#include <vector>

#include "gis/core/geometry.hpp"
#include "gis/plan/scope.hpp"

namespace gis::plan {

enum class PartKind { Street, Forecourt };
const char* to_string(PartKind k);

/// A surface that may need paving: an unpaved street surface or a building's forecourt.
struct PavingCandidate {
    PartKind kind = PartKind::Street;
    std::string name;       ///< street name, or the building's name for a forecourt
    std::int64_t ref = -1;  ///< street surface fid, or the residential building number
    Geometry area;          ///< polygonal
};

struct PavingInput {
    std::vector<PavingCandidate> streets;     ///< in priority order
    std::vector<PavingCandidate> forecourts;  ///< in priority order
    /// Never paved: building footprints, green space and sports ground to keep, surfaces already paved.
    std::vector<Geometry> exclusions;
};

/// One part of a proposal: what remains of a candidate to be paved.
struct PavingPart {
    PartKind kind = PartKind::Street;
    std::string name;
    std::int64_t ref = -1;
    Geometry geometry;
    double area_m2 = 0;
};

/// The parts to pave within `scope`, disjoint, in priority order. Parts smaller than `min_part_m2` are
/// dropped (slivers along shared edges).
std::vector<PavingPart> propose_paving(const PavingInput& input, const Scope& scope,
                                       double min_part_m2 = 0.01);

/// The strip of `depth` metres in front of a footprint's entrance side ('N', 'S', 'E' or 'W'): the area
/// the footprint sweeps when moved `depth` towards that side, minus the footprint.
Geometry forecourt_strip(const Polygon& footprint, char side, double depth);

/// A building as seen by "who is served": its number, entrances and households.
struct BuildingAccess {
    int number = 0;
    std::vector<Point> entrances;
    std::int64_t households = 0;
};

struct Served {
    std::vector<int> buildings;  ///< ascending
    std::int64_t households = 0;
};

/// Buildings (and their households) served by a proposal: those whose forecourt gets a part, or with an
/// entrance within `access_distance_m` of a street part (their access lane is paved). Indexed: O((b + p)
/// log b).
Served buildings_served(const std::vector<PavingPart>& parts, const std::vector<BuildingAccess>& buildings,
                        double access_distance_m);

}  // namespace gis::plan
