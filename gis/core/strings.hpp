#pragma once
/// @file
/// Small UTF-8 and formatting helpers shared by the core and the front ends.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gis {

/// Splits UTF-8 text into code points (ICU's decoder: each ill-formed sequence becomes U+FFFD).
std::vector<char32_t> utf8_decode(std::string_view s);
std::string utf8_encode(const std::vector<char32_t>& cps);
std::string utf8_encode(char32_t cp);
/// Number of code points.
std::size_t utf8_length(std::string_view s);
/// True when `s` is well-formed UTF-8.
bool utf8_valid(std::string_view s);

/// Columns `s` takes on a terminal or in a monospaced table: 2 for East Asian wide and full-width
/// characters (ICU's East_Asian_Width), 0 for combining marks and format characters, 1 otherwise.
std::size_t display_width(std::string_view s);
/// Unicode NFKC (ICU): full-width letters, digits and punctuation as their ASCII forms, the ideographic
/// space as a space, compatibility ideographs as the unified ones; what a register typed on a Chinese
/// keyboard is matched by.
std::string fold_width(std::string_view s);

/// Thousands-separated integer as the output language groups it (ICU, gis/core/numbers): 4046 -> "4,046".
std::string with_commas(std::int64_t v);
/// Fixed decimals: fmt_fixed(0.3999, 3) -> "0.400".
std::string fmt_fixed(double v, int decimals);

/// Shortens hostile or huge text for display: at most `max_cp` code points, control characters shown
/// as '?', "…" appended when cut.
std::string shorten_for_display(std::string_view s, std::size_t max_cp = 60);
/// shorten_for_display in double quotes, for inclusion in a message.
std::string quote_for_message(std::string_view s, std::size_t max_cp = 60);

}  // namespace gis
