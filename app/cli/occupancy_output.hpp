#pragma once
/// @file
/// Shared by the occupancy commands (household, households, building): loading the index, and printing
/// households as aligned text or JSON. Everything printed comes from gis::occupancy views, which are
/// masked unless the command revealed them after writing the audit record.

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/cli/app.hpp"
#include "gis/district/loader.hpp"
#include "gis/occupancy/index.hpp"
#include "gis/occupancy/query.hpp"
#include "gis/occupancy/view.hpp"

namespace app::cli {

struct OccupancyData {
    std::string path;  ///< the data set (audit records go there)
    std::shared_ptr<const gis::occupancy::OccupancyIndex> index;
};

/// Loads the district (or only `region` of it, read through the data source's indexes) and indexes its
/// households; on failure reports the error through ctx.
std::optional<OccupancyData> load_occupancy(Context& ctx, bool pinyin,
                                            std::optional<gis::district::Region> region = std::nullopt);

/// Loads what a search query can match: the region the data set's stored indexes pick for it, or the
/// whole district when they cannot answer (vacant flats; indexes missing or out of date, which is said on
/// standard error with how to rebuild them).
std::optional<OccupancyData> load_for_query(Context& ctx, const gis::occupancy::Query& query);

/// A household (or vacant flat) as JSON: id (null when vacant), address, building, entrance, floor,
/// flat, name, phone, id_number, size, flags, match.
nlohmann::json household_json(const gis::occupancy::HouseholdView& v);
nlohmann::json households_json(const std::vector<gis::occupancy::HouseholdView>& views);

/// Flags in the output language, comma-separated.
std::string flags_text(const std::vector<std::string>& flags);
/// Prints households as an aligned table (household, address, head, phone, size, flags[, match]).
void print_households(const std::vector<gis::occupancy::HouseholdView>& views, bool with_match);
/// The line under a listing of `d`'s households: masked, or revealed and recorded, or (a presenter on a
/// server that keeps personal data itself) none shown to this login.
void print_privacy_note(bool revealed, const gis::district::District& d);

}  // namespace app::cli
