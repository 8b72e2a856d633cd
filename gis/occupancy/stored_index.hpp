#pragma once
/// @file
/// The indexes a district GeoPackage keeps on disk so that a question about one flat, one building, one
/// name or one small area reads only the rows it needs (issue: city scale without loading the city):
///   - attribute indexes on the columns look-ups filter by (buildings.number, households.building_number,
///     households.household_no, households.head_name, entrances.building_number);
///   - a search table over the distinct head names (their Chinese unigrams and bigrams, and the initials
///     of their first two pinyin syllables) and one over phone tails (last four digits), which give a
///     superset of the households a name, pinyin or phone-tail query can match;
///   - a state row that triggers on the households table delete whenever households change, so a search
///     table that no longer describes the households is never used (the caller reads the whole table
///     instead and says how to rebuild).
/// Written by every nbhd command that writes households, and by `nbhd index build` for files written by
/// other tools. Only GeoPackages carry them; other sources are read whole.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gis/core/result.hpp"
#include "gis/district/loader.hpp"
#include "gis/occupancy/query.hpp"

namespace gis::occupancy {

struct AttributeIndexDef {
    const char* layer;
    const char* column;
    const char* name;  ///< the SQLite index's name
};
/// The attribute indexes nbhd creates and `nbhd check` expects.
const std::vector<AttributeIndexDef>& attribute_indexes();

struct StoredIndexStatus {
    std::string path;
    bool geopackage = false;
    bool households_table = false;
    std::vector<std::string> missing_indexes;  ///< "households(head_name)", ...
    bool search_tables = false;                ///< the search tables exist
    bool search_current = false;               ///< ...and describe the households as they are now
    std::int64_t households = 0;               ///< households when the search tables were built
    std::string built_at;                      ///< UTC time of that build, ISO 8601
    bool ready() const { return geopackage && households_table && missing_indexes.empty() && search_current; }
    /// What to do, when not ready ("" when ready or not a GeoPackage).
    std::string advice() const;
};

/// Reads the state of the stored indexes (cheap). Errors: NotFound, Io.
Result<StoredIndexStatus> stored_index_status(const std::string& path);

struct BuildReport {
    std::int64_t households = 0;
    std::int64_t names = 0;  ///< distinct head names
    std::int64_t keys = 0;   ///< rows of the name search table
    double seconds = 0;
};

/// Creates the attribute indexes and (re)builds the search tables, in one transaction (a failure leaves
/// the file as it was). A writer holding the file is waited for (up to a minute). Errors: NotGis when the
/// file is not a GeoPackage with a households table, Io, Internal (ICU).
Result<BuildReport> build_stored_index(const std::string& path);

/// The feature id of the household in the middle of the households table (benchmarks pick their questions
/// from it). Errors: NotFound, Io, MissingLayer when there are no households.
Result<std::int64_t> middle_household_fid(const std::string& path);

/// The part of the district a query needs, read through the stored indexes: the households whose
/// number, address, name, pinyin, phone tail or flag may match, with their buildings. nullopt when only a
/// whole read can answer: a vacant-flat query (every flat of the city), or the stored indexes are absent
/// or out of date (`why` then says so, and how to rebuild them; empty for a vacant-flat query).
/// Errors: Io.
Result<std::optional<district::Region>> region_for_query(const std::string& path, const Query& q,
                                                         std::string* why = nullptr);

}  // namespace gis::occupancy
