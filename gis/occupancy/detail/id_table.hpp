#pragma once
/// @file
/// Internal to gis/occupancy: an open-addressing hash table of 32-bit ids with linear probing. Keys are
/// not stored: the caller gives a key's hash and an equality test that looks the id up in its own arrays,
/// so a slot costs 4 bytes. Several ids may share one key.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace gis::occupancy::detail {

/// Finaliser of SplitMix64: spreads the bits of a key over the whole word.
inline std::uint64_t mix64(std::uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

/// FNV-1a over bytes, then mixed.
inline std::uint64_t hash_bytes(std::string_view s) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : s) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return mix64(h);
}

class IdTable {
  public:
    /// Empties the table and sizes it for `expected` ids (load factor at most 0.7).
    void reset(std::size_t expected) {
        std::size_t cap = 16;
        while (cap * 7 < expected * 10 + 10) cap *= 2;
        slots_.assign(cap, kEmpty);
        mask_ = cap - 1;
    }
    void insert(std::uint64_t hash, std::uint32_t id) {
        std::size_t i = hash & mask_;
        while (slots_[i] != kEmpty) i = (i + 1) & mask_;
        slots_[i] = id;
    }
    /// Calls fn(id) for every id whose key equals the one looked for (eq(id) true), in slot order.
    template <class Eq, class Fn>
    void for_each(std::uint64_t hash, Eq&& eq, Fn&& fn) const {
        if (slots_.empty()) return;
        for (std::size_t i = hash & mask_; slots_[i] != kEmpty; i = (i + 1) & mask_)
            if (eq(slots_[i])) fn(slots_[i]);
    }
    template <class Eq>
    std::optional<std::uint32_t> find(std::uint64_t hash, Eq&& eq) const {
        if (slots_.empty()) return std::nullopt;
        for (std::size_t i = hash & mask_; slots_[i] != kEmpty; i = (i + 1) & mask_)
            if (eq(slots_[i])) return slots_[i];
        return std::nullopt;
    }
    std::size_t memory_bytes() const { return slots_.capacity() * sizeof(std::uint32_t); }

  private:
    static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;
    std::vector<std::uint32_t> slots_;
    std::size_t mask_ = 0;
};

}  // namespace gis::occupancy::detail
