#pragma once
/// @file
/// A search query as typed into the search box or given to `nbhd household find`, classified once:
/// household number, address, flag word, digits (building or phone tail), Chinese name text, or pinyin.
/// Parsing needs no data set, so front ends can reject bad input before loading anything.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gis/core/result.hpp"
#include "gis/occupancy/address.hpp"

namespace gis::occupancy {

/// Households (or flats) selected by a flag word rather than by name or address.
enum class Flag : std::uint8_t {
    LowIncome,     ///< 低保 (personal data: see SearchOptions::include_low_income)
    Migrant,       ///< 外来
    ElderlyAlone,  ///< 独居
    Tenant,        ///< 租户
    Vacant,        ///< 空置: flats without a household
};

/// Stable identifier of a flag in JSON and exports: "low_income", "migrant", "elderly_alone", "tenant",
/// "vacant".
const char* to_string(Flag f);

/// Longest query accepted, in bytes. Longer input is refused at once (no name has 1,000 bytes).
inline constexpr std::size_t kMaxQueryBytes = 1024;

struct Query {
    std::string text;        ///< normalized (see normalize_text); empty when nothing was typed
    std::string number_key;  ///< upper-case text, compared with household numbers (CH-0001)
    std::optional<Flag> flag;
    std::optional<AddressQuery> address;
    std::string digits;                ///< the whole query when it is only digits
    std::string han;                   ///< name text (without spaces when Chinese), matched anywhere in names
    std::string letters;               ///< pinyin letters (lower case, 'v' read as 'u'), when Latin only
    std::vector<std::uint8_t> breaks;  ///< breaks[i] != 0: a syllable must start at letters[i]

    bool empty() const { return text.empty(); }
};

/// Classifies a query. Errors (BadInput): longer than kMaxQueryBytes, not valid UTF-8, or shaped like
/// an address but malformed (the message says why and shows the expected form).
Result<Query> parse_query(std::string_view raw);

}  // namespace gis::occupancy
