#pragma once
/// @file
/// The part of a data set a planning scope needs, read through its spatial index rather than the whole
/// city: for a WKT polygon, the box around it; for `area:NAME`, the area found by its name, then the box
/// around the scope it makes (a compound's own lanes and forecourts included), grown until the scope and
/// `margin_m` around it lie inside what was read. "district" and "compound" are the whole data set.

#include <string>

#include "gis/core/result.hpp"
#include "gis/district/model.hpp"
#include "gis/plan/route.hpp"

namespace gis::plan {

/// Errors: those of district::load. A scope that cannot be resolved (unknown area, bad WKT) is read whole,
/// so that resolve_scope reports it with the whole data set's names.
Result<district::District> load_for_scope(const std::string& path, const std::string& scope,
                                          const std::string& wkt, double margin_m, bool households);

/// The crew route through `sites` along the streets read in a box around them. Any street path that leaves
/// a box reaching m metres past the sites is at least 2m long, and no two sites are further apart along
/// the network than the route itself; so once the route is connected and at most 2m long, the streets
/// outside cannot shorten any leg, and the route is the one over the whole network. The box grows until
/// then, or until it covers the streets. Errors: those of district::load.
Result<CrewRoute> crew_route_from_file(const std::string& path, const std::vector<Point>& sites,
                                       const RouteOptions& options = {});

}  // namespace gis::plan
