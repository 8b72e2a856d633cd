#pragma once
/// @file
/// Parsing of the small values the gas and pipeline commands take from users.

#include <string_view>

#include "gis/core/geometry.hpp"
#include "gis/core/result.hpp"

namespace gis::network {

/// "X,Y" (metres in the data set's CRS; spaces allowed around the numbers). BadInput names the problem:
/// a missing comma, a part that is not a number, a value that is not finite.
Result<Point> parse_point(std::string_view text);

}  // namespace gis::network
