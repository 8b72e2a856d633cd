#pragma once
/// @file
/// A gas isolation answered from the part of the network it concerns, not the whole city: the pipes,
/// valves, stations, buildings and households in a box around the target are read through the data set's
/// spatial index, the isolation is traced there, and the box doubles until the answer cannot depend on
/// anything outside it:
///   - every pipe of the valve-bounded zone and every pipe that loses supply lies inside the box (less a
///     margin of the snapping tolerance), so every pipe meeting them was read: no way round a closed valve
///     and no station beyond the box is missed;
///   - the zone was supplied before the valves close (a station was reached inside the box).
/// A box that has grown over the whole network's extent is the whole answer.

#include <cstdint>
#include <optional>
#include <string>

#include "gis/core/result.hpp"
#include "gis/district/model.hpp"
#include "gis/network/gas_district.hpp"

namespace gis::network {

struct IsolationRequest {
    std::optional<std::int64_t> segment;  ///< a pipe by feature id, or
    std::optional<Point> at;              ///< the pipe nearest this point, within max_distance
    double max_distance = 25;
    double snap_tolerance = 0.5;
    double first_box_m = 400;  ///< half-width of the first box around the target
};

struct RegionalIsolation {
    district::District district;  ///< the part read (partial unless it had to grow over everything)
    std::int64_t segment = -1;
    IsolationTrace trace;
    GasImpact impact;
    int reads = 0;  ///< boxes read before the answer was certain
    BBox box;       ///< the last box
};

/// Errors: those of district::load; NotFound for an unknown segment or no pipe near `at`; BadInput when
/// neither or both of segment and at are given.
Result<RegionalIsolation> isolate_in_region(const std::string& path, const IsolationRequest& request);

}  // namespace gis::network
