#pragma once
/// @file
/// Internal to gis/occupancy: the occupancy index's arrays, shared by index.cpp (build, look-ups, grid,
/// spatial) and search.cpp (ranked search).

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include "gis/index/spatial_index.hpp"
#include "gis/occupancy/detail/id_table.hpp"
#include "gis/occupancy/detail/name_index.hpp"
#include "gis/occupancy/index.hpp"

namespace gis::occupancy {

namespace detail {

/// Address as one sortable number: building (31 bits), entrance (10), floor (11), flat (11).
inline std::uint64_t pack_address(int building, int entrance, int floor, int flat) {
    // The bound is computed in 64 bits: (1 << 31) - 1 in int overflows.
    auto c = [](int v, int bits) {
        return std::min(static_cast<std::uint64_t>(std::max(v, 0)), (std::uint64_t{1} << bits) - 1);
    };
    return c(building, 31) << 32 | c(entrance, 10) << 22 | c(floor, 11) << 11 | c(flat, 11);
}

/// Phone numbers keep their last kPhoneDigits digits, reversed, as a base-11 number (digit d written
/// d + 1, 0 past the end): a phone tail is then a prefix, and all phones with that tail one key range.
inline constexpr int kPhoneDigits = 18;
std::optional<std::uint64_t> phone_key(std::string_view phone);
/// Key range [first, second) of the phones ending in `tail` (digits only, at least one).
std::pair<std::uint64_t, std::uint64_t> phone_tail_range(std::string_view tail);

/// Upper-case ASCII copy, for household numbers.
std::string upper_ascii(std::string_view s);

}  // namespace detail

struct OccupancyIndex::Impl {
    std::shared_ptr<const district::District> district;
    std::vector<std::uint32_t> record;    // household id -> position in district->households
    std::vector<std::uint64_t> addr_key;  // household id -> packed address (ascending)
    detail::IdTable by_number, by_address;
    mutable detail::NameIndex names;                // pinyin keys are added on first use (under pinyin_once)
    std::vector<std::uint64_t> phone_keys;          // ascending
    std::vector<HouseholdId> phone_ids;             // parallel to phone_keys
    std::array<std::vector<HouseholdId>, 4> flags;  // Flag::LowIncome .. Flag::Tenant
    std::vector<FlatRef> vacant;
    IndexStats stats;

    mutable std::once_flag pinyin_once;
    mutable std::optional<Error> pinyin_error;
    mutable double pinyin_seconds = 0;
    mutable std::once_flag spatial_once;
    mutable std::unique_ptr<index::SpatialIndex> spatial;
    mutable std::vector<int> spatial_numbers;  // building number of each spatial index item

    const district::Household& hh(HouseholdId id) const { return district->households[record[id]]; }
    /// Builds the pinyin keys on first use; the error, if ICU failed.
    const std::optional<Error>& ensure_pinyin() const;
    /// [first, last) household ids with packed addresses in [lo, hi).
    std::pair<HouseholdId, HouseholdId> key_range(std::uint64_t lo, std::uint64_t hi) const {
        auto a = std::lower_bound(addr_key.begin(), addr_key.end(), lo);
        auto b = std::lower_bound(a, addr_key.end(), hi);
        return {static_cast<HouseholdId>(a - addr_key.begin()),
                static_cast<HouseholdId>(b - addr_key.begin())};
    }
};

}  // namespace gis::occupancy
