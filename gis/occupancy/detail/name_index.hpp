#pragma once
/// @file
/// Internal to gis/occupancy: look-up of households by head's name. Names are interned (a city has far
/// fewer distinct names than households); Chinese text is found through unigram and bigram posting lists
/// over the distinct names, pinyin through the names sorted by syllable sequence, walked like a trie.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "gis/core/result.hpp"

namespace gis::occupancy::detail {

/// Positions [lo, hi) in one order of the distinct names.
struct NameRange {
    std::uint32_t lo = 0;
    std::uint32_t hi = 0;
};

/// Names matched by one query, best rank first. For Chinese text the ranks are exact name, name prefix,
/// part of the name, over name ids; for pinyin, all syllables matched and leading syllables matched,
/// over positions in pinyin order.
struct NameHits {
    bool pinyin_order = false;
    std::array<std::vector<NameRange>, 3> ranks;
};

class NameIndex {
  public:
    /// names[i]: head name of record i, whose household id is household_of[i] (a permutation). The
    /// views must outlive the index. Records are read in their own order, which is the memory order.
    void build(const std::vector<std::string_view>& names, const std::vector<std::uint32_t>& household_of);
    /// Builds the pinyin keys with ICU. Not thread-safe; the caller runs it once.
    Result<void> build_pinyin();
    bool has_pinyin() const { return pinyin_ready_; }

    void find_han(std::string_view text, NameHits& out) const;
    /// letters: lower-case a-z; breaks[i] != 0 where a syllable must start. Needs build_pinyin().
    void find_pinyin(std::string_view letters, const std::vector<std::uint8_t>& breaks, NameHits& out) const;

    /// Households of the names in `r`.
    std::uint32_t count(const NameRange& r, bool pinyin_order) const;
    /// Appends up to `take` households of the names in `r`, after skipping `skip` of them; households of
    /// one name come in ascending order.
    void collect(const NameRange& r, bool pinyin_order, std::uint64_t skip, std::size_t take,
                 std::vector<std::uint32_t>& out) const;
    /// True when household h's name lies in one of `ranges` (sorted, disjoint).
    bool contains(const std::vector<NameRange>& ranges, bool pinyin_order, std::uint32_t h) const;

    std::size_t distinct_names() const { return names_.size(); }
    std::size_t memory_bytes() const;

  private:
    class PinyinWalk;
    std::vector<std::string_view> names_;  // distinct names in byte order; id = position
    std::vector<std::uint32_t> name_of_;   // household -> name id
    std::vector<std::uint32_t> offsets_;   // name id -> first of its households in households_
    std::vector<std::uint32_t> households_;
    std::unordered_map<std::uint64_t, std::pair<std::uint32_t, std::uint32_t>> grams_;
    std::vector<std::uint32_t> gram_names_;

    bool pinyin_ready_ = false;
    std::vector<std::string> syllables_;  // sorted; id = position
    std::array<std::pair<std::uint32_t, std::uint32_t>, 26> by_letter_{};
    std::vector<std::uint32_t> syl_offsets_, syl_ids_;  // name id -> its syllable ids
    std::vector<std::uint32_t> pinyin_order_;           // position -> name id
    std::vector<std::uint32_t> pinyin_pos_;             // name id -> position
    std::vector<std::uint32_t> pinyin_cum_;             // households of the names before a position
};

}  // namespace gis::occupancy::detail
