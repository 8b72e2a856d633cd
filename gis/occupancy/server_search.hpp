#pragma once
/// @file
/// Look-ups on a PostgreSQL server read what the question needs through the server's indexes (household
/// number, building, flag, name, phone tail), as a GeoPackage's stored indexes do for a file. On a server
/// that keeps personal data itself (nbhd server init) the names and phones a login reads are masked, so
/// a name or phone query is compared by the server, with the values it keeps, in nbhd.find_households:
/// only the district's office staff may ask, and the answer is which households matched and how, never
/// the values.

#include <optional>
#include <string>

#include "gis/core/result.hpp"
#include "gis/district/loader.hpp"
#include "gis/occupancy/query.hpp"

namespace gis::occupancy {

/// region_for_query for a PG: data set. nullopt (with `why`) when only a whole read can answer (pinyin
/// on a server without search tables). Errors: the connection's; ReadOnly when this login may not search
/// by name or phone (not the district's staff) or asks for 低保 households on a secured server.
Result<std::optional<district::Region>> server_region_for_query(const std::string& path, const Query& q,
                                                                std::string* why);

}  // namespace gis::occupancy
