#include "gis/core/strings.hpp"

#include "gis/core/numbers.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>

namespace gis {

std::vector<char32_t> utf8_decode(std::string_view s) {
    // ICU's decoder: an ill-formed sequence (a stray byte, an overlong form, a surrogate) is U+FFFD.
    std::vector<char32_t> out;
    out.reserve(s.size());
    const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
    const auto n = static_cast<std::int32_t>(std::min<std::size_t>(s.size(), INT32_MAX));
    std::int32_t i = 0;
    while (i < n) {
        UChar32 c = 0;
        U8_NEXT(p, i, n, c);
        out.push_back(c < 0 ? char32_t{0xFFFD} : static_cast<char32_t>(c));
    }
    return out;
}

std::string utf8_encode(char32_t cp) {
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    char buf[U8_MAX_LENGTH];
    std::int32_t len = 0;
    U8_APPEND_UNSAFE(buf, len, static_cast<UChar32>(cp));
    return std::string(buf, static_cast<std::size_t>(len));
}

std::string utf8_encode(const std::vector<char32_t>& cps) {
    std::string s;
    for (char32_t c : cps) s += utf8_encode(c);
    return s;
}

std::size_t utf8_length(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

bool utf8_valid(std::string_view s) {
    for (char32_t c : utf8_decode(s))
        if (c == 0xFFFD) return false;
    return true;
}

std::string with_commas(std::int64_t v) { return format_count(v); }

std::string fmt_fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string quote_for_message(std::string_view s, std::size_t max_cp) {
    return "\"" + shorten_for_display(s, max_cp) + "\"";
}

std::string shorten_for_display(std::string_view s, std::size_t max_cp) {
    auto cps = utf8_decode(s.substr(0, std::min<std::size_t>(s.size(), max_cp * 4 + 4)));
    std::string out;
    std::size_t n = 0;
    for (char32_t c : cps) {
        if (n == max_cp) {
            out += "…";
            break;
        }
        out += (c < 0x20 || c == 0x7F) ? std::string("?") : utf8_encode(c);
        ++n;
    }
    if (n < max_cp && s.size() > max_cp * 4 + 4) out += "…";
    return out;
}

std::size_t display_width(std::string_view s) {
    std::size_t w = 0;
    for (char32_t c : utf8_decode(s)) {
        const auto cp = static_cast<UChar32>(c);
        const auto ea = static_cast<UEastAsianWidth>(u_getIntPropertyValue(cp, UCHAR_EAST_ASIAN_WIDTH));
        const auto gc = static_cast<UCharCategory>(u_charType(cp));
        if (gc == U_NON_SPACING_MARK || gc == U_ENCLOSING_MARK || gc == U_FORMAT_CHAR) continue;  // no column
        w += ea == U_EA_WIDE || ea == U_EA_FULLWIDTH ? 2 : 1;
    }
    return w;
}

std::string fold_width(std::string_view s) {
    // Fast path: ASCII is already in NFKC.
    if (std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
        return std::string(s);
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status) || !nfkc) return std::string(s);
    const auto in =
        icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<std::int32_t>(s.size())));
    const icu::UnicodeString folded = nfkc->normalize(in, status);
    if (U_FAILURE(status)) return std::string(s);
    std::string out;
    folded.toUTF8String(out);
    return out;
}

}  // namespace gis
