#pragma once
/// @file
/// The occupancy index: who lives where, found as you type. Built once from a loaded district (a few
/// seconds for five million households), then queried from any thread:
///   - by household number and by address, through hash tables (a look-up is well under a microsecond);
///   - by head's name as Chinese text (any part of the name), through bigram posting lists over the
///     distinct names;
///   - by pinyin, full (`zhangwei`), initials (`zw`) or mixed (`zhang w`, `zhangw`), through the names
///     sorted by syllable sequence and walked as a trie;
///   - by phone tail (last 4 or more digits), through the phones' reversed digits in sorted order;
///   - by flag (低保, 外来, 独居, 租户) and vacant flat;
///   - spatially: households in the buildings that meet an area or lie near a line.
/// Results carry household ids; turning them into text (masked unless revealed) is view.hpp's job.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gis/core/geometry.hpp"
#include "gis/core/result.hpp"
#include "gis/district/model.hpp"
#include "gis/occupancy/address.hpp"
#include "gis/occupancy/query.hpp"

namespace gis::occupancy {

/// A household in one index: its position in address order (building, entrance, floor, flat). Valid for
/// the lifetime of the index that gave it.
using HouseholdId = std::uint32_t;
inline constexpr HouseholdId kNoHousehold = 0xFFFFFFFFu;

/// Why a result matched, best first; results are ordered by this, then as each kind says.
enum class MatchKind : std::uint8_t {
    HouseholdNumber,  ///< the household number itself
    Address,          ///< the flat, entrance or building typed
    Name,             ///< the whole name
    NamePrefix,       ///< the start of the name (usually the surname)
    NamePart,         ///< elsewhere in the name
    Pinyin,           ///< every syllable of the name, in full or by initials
    PinyinPrefix,     ///< the leading syllables of a longer name
    PhoneTail,        ///< the last digits of the phone number
    Flag,             ///< a flag word (外来, 独居, ...)
    Vacant,           ///< a flat without a household
};
/// "household_number", "address", "name", "name_prefix", "name_part", "pinyin", "pinyin_prefix",
/// "phone_tail", "flag", "vacant".
const char* to_string(MatchKind k);

struct Hit {
    MatchKind kind = MatchKind::Address;
    HouseholdId household = kNoHousehold;  ///< kNoHousehold for a vacant flat
    FlatRef flat;
};

struct SearchOptions {
    std::size_t limit = 20;
    std::size_t offset = 0;
    /// Searching by 低保 tells who is on the minimum living guarantee: refused unless the caller reveals
    /// (and so audits) the results.
    bool include_low_income = false;
};

struct SearchPage {
    std::size_t total = 0;  ///< every match, not only this page
    std::size_t offset = 0;
    std::vector<Hit> hits;  ///< at most `limit`, from `offset`, in rank order
    std::string note;       ///< why nothing was found, when there is a reason worth telling
    /// Nothing was found because the query names an address the data does not have (no such building,
    /// entrance, floor or flat): a question the data cannot answer, not an empty answer.
    bool no_such_address = false;
};

/// One cell of the 楼盘表.
struct GridCell {
    FlatRef flat;
    std::vector<HouseholdId> households;  ///< empty: vacant; two or more: several registered households
};

/// One floor of the 楼盘表: cells by entrance, then flat. Floors below the first residential floor are
/// street-front shops and have no cells.
struct GridRow {
    int floor = 0;
    bool shops = false;
    std::vector<GridCell> cells;
};

/// 楼盘表: a building's floor-by-entrance grid of flats, top floor first.
struct BuildingGrid {
    district::Building building;
    std::vector<GridRow> rows;
    std::vector<HouseholdId> outside;  ///< households recorded in the building but not in any flat of it
    int households = 0;
    int residents = 0;
    int vacant = 0;
};

/// Households affected by work in an area or along a line.
struct SpatialSelection {
    std::vector<int> buildings;           ///< residential building numbers, ascending
    std::vector<HouseholdId> households;  ///< in address order
    int residents = 0;
};

struct IndexStats {
    double build_seconds = 0;
    double pinyin_seconds = 0;  ///< 0 until the pinyin keys are built
    std::size_t households = 0;
    std::size_t distinct_names = 0;
    std::size_t memory_bytes = 0;  ///< the index's own arrays, not the district's records
};

struct BuildOptions {
    /// Build the pinyin keys now (about a second for ICU's rules, the first time in a process). When
    /// false they are built on the first pinyin query instead.
    bool pinyin = true;
};

class OccupancyIndex {
  public:
    /// Indexes every household of `district`, which the index keeps alive. Error Internal when ICU
    /// cannot transliterate (pinyin built now) or the district has more than 4 billion households.
    static Result<OccupancyIndex> build(std::shared_ptr<const district::District> district,
                                        const BuildOptions& options = {});
    OccupancyIndex(OccupancyIndex&&) noexcept;
    OccupancyIndex& operator=(OccupancyIndex&&) noexcept;
    ~OccupancyIndex();

    const district::District& district() const;
    std::size_t size() const;
    const district::Household& household(HouseholdId id) const;
    FlatRef flat_of(HouseholdId id) const;
    IndexStats stats() const;

    /// Household by number (case-insensitive: ch-0001 finds CH-0001).
    std::optional<HouseholdId> find_number(std::string_view number) const;
    /// Households registered at one flat (usually none or one), in address order.
    std::vector<HouseholdId> at(const FlatRef& flat) const;
    /// Households of a building (or of one entrance when `entrance` > 0), in address order.
    std::vector<HouseholdId> in_building(int building, int entrance = 0) const;
    /// Every flat of every residential building without a household, in address order.
    const std::vector<FlatRef>& vacant_flats() const;
    /// Households with a flag, in address order (Flag::Vacant gives none: see vacant_flats()).
    const std::vector<HouseholdId>& with_flag(Flag flag) const;

    /// Runs a query: exact household number and address first, then name, pinyin and phone tail. Errors
    /// (BadInput): those of parse_query; a 低保 search without include_low_income.
    Result<SearchPage> search(std::string_view text, const SearchOptions& options = {}) const;
    Result<SearchPage> search(const Query& query, const SearchOptions& options = {}) const;

    /// The 楼盘表 of a residential building. NotFound when there is no such building.
    Result<BuildingGrid> grid(int building) const;

    /// Households in the residential buildings whose footprint meets `area` (distance 0) or lies within
    /// `distance` metres of it (any geometry: a scope polygon, a pipe route).
    SpatialSelection households_near(const Geometry& area, double distance = 0) const;

  private:
    struct Impl;
    explicit OccupancyIndex(std::unique_ptr<Impl> impl);
    static Result<OccupancyIndex> build_unchecked(std::shared_ptr<const district::District> district,
                                                  const BuildOptions& options);
    std::unique_ptr<Impl> impl_;
    friend struct SearchRun;
};

}  // namespace gis::occupancy
