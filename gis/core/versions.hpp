#pragma once
/// @file
/// The versions of the libraries nbhd runs with, asked of each library at run time (what
/// `nbhd --version` prints; a bug report names them).

#include <string>
#include <utility>
#include <vector>

namespace gis {

/// (library, version) for GDAL, GEOS, PROJ, ICU, cairo, SQLite, libpq and nettle, in that order.
std::vector<std::pair<std::string, std::string>> library_versions();

}  // namespace gis
