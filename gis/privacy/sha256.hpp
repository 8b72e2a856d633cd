#pragma once
/// @file
/// SHA-256 for the audit log's hash chain, from nettle (Debian's nettle-dev; the library GnuTLS is built
/// on), so that no hand-written cryptography is kept here.

#include <string>
#include <string_view>

namespace gis::privacy {

/// SHA-256 of `data` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view data);

}  // namespace gis::privacy
