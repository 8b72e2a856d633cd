#pragma once
/// @file
/// SHA-256 (FIPS 180-4), for the audit log's hash chain. Small and self-contained: none of the libraries
/// every build of nbhd links offers a public SHA-256 (GDAL keeps its own private; libcrypto and nettle
/// come only with some installs).

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace gis::privacy {

/// An incremental SHA-256: update() any number of times, then digest() once.
class Sha256 {
  public:
    Sha256();
    void update(std::string_view data);
    /// The 32-byte digest of everything given to update(). Call once.
    std::array<std::uint8_t, 32> digest();

  private:
    void block(const std::uint8_t* p);

    std::array<std::uint32_t, 8> h_;
    std::array<std::uint8_t, 64> buf_{};
    std::size_t buf_n_ = 0;
    std::uint64_t length_ = 0;  ///< bytes given so far
};

/// SHA-256 of `data` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view data);

}  // namespace gis::privacy
