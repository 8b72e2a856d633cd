#pragma once
/// @file
/// The part of a data set a planning scope needs, read through its spatial index rather than the whole
/// city: for a WKT polygon, the box around it; for `area:NAME`, the area found by its name, then the box
/// around the scope it makes (a compound's own lanes and forecourts included), grown until the scope and
/// `margin_m` around it lie inside what was read. "district" and "compound" are the whole data set.

#include <string>

#include "gis/core/result.hpp"
#include "gis/district/model.hpp"

namespace gis::plan {

/// Errors: those of district::load. A scope that cannot be resolved (unknown area, bad WKT) is read whole,
/// so that resolve_scope reports it with the whole data set's names.
Result<district::District> load_for_scope(const std::string& path, const std::string& scope,
                                          const std::string& wkt, double margin_m, bool households);

}  // namespace gis::plan
