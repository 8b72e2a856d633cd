#pragma once
/// @file
/// FNV-1a, 64-bit: a small, stable hash for keys that tell whether something changed (a file's state,
/// a table's rows, a map's look). Not for security; stable across runs and builds of the same data.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

namespace gis {

struct Fnv1a {
    std::uint64_t h = 1469598103934665603ULL;

    void bytes(const void* data, std::size_t n) {
        const auto* p = static_cast<const unsigned char*>(data);
        for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ULL;
    }
    /// A value's bytes (a number, an enum, a plain struct).
    template <class T>
    void value(const T& v) {
        static_assert(std::is_trivially_copyable_v<T>);
        bytes(&v, sizeof v);
    }
    /// A text with its length (so that "ab","c" and "a","bc" differ).
    void text(std::string_view s) {
        value(s.size());
        bytes(s.data(), s.size());
    }
    /// The hash, never 0 (0 means "no key" to its users).
    std::uint64_t key() const { return h == 0 ? 1 : h; }
};

}  // namespace gis
