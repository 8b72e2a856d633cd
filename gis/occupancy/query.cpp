#include "gis/occupancy/query.hpp"

#include <array>
#include <utility>

#include "gis/core/strings.hpp"
#include "gis/core/i18n.hpp"

namespace gis::occupancy {
namespace {

bool is_han(char32_t c) {
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x20000 && c <= 0x3134F);
}

/// Well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF), without allocating.
bool valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        int len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + len > s.size()) return false;
        char32_t cp = c & (0x7F >> len);
        for (int k = 1; k < len; ++k) {
            auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        const char32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += len;
    }
    return true;
}

std::optional<Flag> flag_word(const std::string& lower) {
    static const std::array<std::pair<const char*, Flag>, 24> kWords = {{
        {"低保", Flag::LowIncome},
        {"低保户", Flag::LowIncome},
        {"low_income", Flag::LowIncome},
        {"low-income", Flag::LowIncome},
        {"low income", Flag::LowIncome},
        {"外来", Flag::Migrant},
        {"外来户", Flag::Migrant},
        {"外来人口", Flag::Migrant},
        {"migrant", Flag::Migrant},
        {"migrants", Flag::Migrant},
        {"独居", Flag::ElderlyAlone},
        {"独居老人", Flag::ElderlyAlone},
        {"elderly_alone", Flag::ElderlyAlone},
        {"elderly alone", Flag::ElderlyAlone},
        {"elderly-alone", Flag::ElderlyAlone},
        {"租户", Flag::Tenant},
        {"tenant", Flag::Tenant},
        {"tenants", Flag::Tenant},
        {"空置", Flag::Vacant},
        {"空房", Flag::Vacant},
        {"空置房", Flag::Vacant},
        {"空户", Flag::Vacant},
        {"vacant", Flag::Vacant},
        {"empty", Flag::Vacant},
    }};
    for (const auto& [w, f] : kWords)
        if (lower == w) return f;
    return std::nullopt;
}

}  // namespace

const char* to_string(Flag f) {
    switch (f) {
        case Flag::LowIncome:
            return "low_income";
        case Flag::Migrant:
            return "migrant";
        case Flag::ElderlyAlone:
            return "elderly_alone";
        case Flag::Tenant:
            return "tenant";
        case Flag::Vacant:
            return "vacant";
    }
    return "";
}

Result<Query> parse_query(std::string_view raw) {
    if (raw.size() > kMaxQueryBytes)
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("the query is too long ({0} bytes; at most {1}): type a name, address, "
                                              "phone tail or household number"),
                                            std::to_string(raw.size()), std::to_string(kMaxQueryBytes)));
    if (!valid_utf8(raw))
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("the query is not valid UTF-8 text: {0}"), quote_for_message(raw)));
    Query q;
    q.text = normalize_text(raw);
    if (q.text.empty()) return q;

    std::string lower;
    bool all_digits = true, has_han = false, latin_only = true;
    for (char c : q.text) {
        lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        q.number_key += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    auto cps = utf8_decode(q.text);
    for (char32_t c : cps) {
        if (c < '0' || c > '9') all_digits = false;
        if (is_han(c)) has_han = true;
        bool latin = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ' ' || c == '\'';
        if (!latin) latin_only = false;
    }
    q.flag = flag_word(lower);
    if (q.flag) return q;

    if (looks_like_address(q.text)) {
        auto a = parse_address(q.text);
        if (!a) return a.error();
        q.address = *a;
        return q;
    }
    if (all_digits) {
        q.digits = q.text;
        return q;
    }
    if (has_han) {
        for (char32_t c : cps)
            if (c != ' ') q.han += utf8_encode(c);
        return q;
    }
    if (!latin_only) {
        q.han = q.text;  // other text (a name in Latin letters with punctuation, say) is matched as typed
        return q;
    }
    {
        bool brk = true;
        for (char c : lower) {
            if (c == ' ' || c == '\'') {
                brk = true;
                continue;
            }
            q.letters += c == 'v' ? 'u' : c;
            q.breaks.push_back(brk ? 1 : 0);
            brk = false;
        }
    }
    return q;
}

}  // namespace gis::occupancy
