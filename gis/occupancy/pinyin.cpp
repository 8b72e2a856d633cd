#include "gis/occupancy/pinyin.hpp"

#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "gis/core/strings.hpp"
#include "gis/core/i18n.hpp"

namespace gis::occupancy {
namespace {

bool is_han(char32_t c) {
    UErrorCode st = U_ZERO_ERROR;
    return uscript_getScript(static_cast<UChar32>(c), &st) == USCRIPT_HAN && U_SUCCESS(st);
}

std::string run(icu::Transliterator& t, const std::u32string& text) {
    icu::UnicodeString u;
    for (char32_t c : text) u.append(static_cast<UChar32>(c));
    t.transliterate(u);
    std::string out;
    u.toUTF8String(out);
    return out;
}

/// Splits transliterated text into lower-case ASCII words; 'v' becomes 'u' (the way ü is typed).
std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> out;
    std::string cur;
    for (char ch : text) {
        char c = (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
        if (c >= 'a' && c <= 'z') {
            cur += c == 'v' ? 'u' : c;
        } else if (!cur.empty()) {
            out.push_back(std::move(cur));
            cur.clear();
        }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

/// Characters whose reading ICU's name rules make depend on the next character (令狐 ling, 万俟 mo,
/// 澹台 tan, 长孙 zhang): read from the rules themselves, so that such pairs are transliterated together.
std::unordered_set<char32_t> pair_context_chars(icu::Transliterator& names) {
    std::unordered_set<char32_t> out;
    icu::UnicodeString rules;
    names.toRules(rules, false);
    std::string text;
    rules.toUTF8String(text);
    for (std::size_t p = text.find("}' '?"); p != std::string::npos; p = text.find("}' '?", p + 1)) {
        std::size_t open = text.rfind('{', p);
        if (open == std::string::npos) continue;
        auto cps = utf8_decode(std::string_view(text).substr(open + 1, p - open - 1));
        if (cps.size() == 1) out.insert(cps[0]);
    }
    return out;
}

}  // namespace

struct PinyinTranscriber::Impl {
    std::unique_ptr<icu::Transliterator> names;  // Han-Latin/Names; Latin-ASCII
    std::unique_ptr<icu::Transliterator> plain;  // Latin-ASCII, for accented Latin letters
    std::unordered_set<char32_t> pair_chars;
    std::unordered_map<char32_t, std::vector<std::string>> initial, inner, latin;
    std::unordered_map<std::u32string, std::vector<std::string>> pairs;

    /// Reading of a Han character at the start of a name (surname readings apply).
    const std::vector<std::string>& at_start(char32_t c) {
        auto it = initial.find(c);
        if (it == initial.end()) it = initial.emplace(c, words(run(*names, std::u32string(1, c)))).first;
        return it->second;
    }
    /// Reading inside a name: after a known character, whose syllable is dropped.
    const std::vector<std::string>& inside(char32_t c) {
        auto it = inner.find(c);
        if (it == inner.end()) {
            auto w = words(run(*names, std::u32string{U'一', c}));
            if (!w.empty()) w.erase(w.begin());
            it = inner.emplace(c, std::move(w)).first;
        }
        return it->second;
    }
    const std::vector<std::string>& pair(const std::u32string& two) {
        auto it = pairs.find(two);
        if (it == pairs.end()) it = pairs.emplace(two, words(run(*names, two))).first;
        return it->second;
    }
    std::string letter(char32_t c) {
        if (c < 0x80) return std::string(1, static_cast<char>(c));
        auto it = latin.find(c);
        if (it == latin.end()) it = latin.emplace(c, words(run(*plain, std::u32string(1, c)))).first;
        std::string out;
        for (const auto& w : it->second) out += w;
        return out;
    }
};

PinyinTranscriber::PinyinTranscriber(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PinyinTranscriber::PinyinTranscriber(PinyinTranscriber&&) noexcept = default;
PinyinTranscriber& PinyinTranscriber::operator=(PinyinTranscriber&&) noexcept = default;
PinyinTranscriber::~PinyinTranscriber() = default;

Result<PinyinTranscriber> PinyinTranscriber::create() {
    // ICU's registry is shared; creating transliterators from several threads at once is serialised here
    // to keep the one-time rule compilation from running twice.
    static std::mutex m;
    std::lock_guard lock(m);
    auto impl = std::make_unique<Impl>();
    UErrorCode st = U_ZERO_ERROR;
    impl->names.reset(
        icu::Transliterator::createInstance("Han-Latin/Names; Latin-ASCII", UTRANS_FORWARD, st));
    if (U_FAILURE(st) || !impl->names)
        return make_error(ErrorCode::Internal,
                          gis::i18n::format(_("ICU cannot create the Han-Latin transliterator: {0}"), u_errorName(st)));
    st = U_ZERO_ERROR;
    impl->plain.reset(icu::Transliterator::createInstance("Latin-ASCII", UTRANS_FORWARD, st));
    if (U_FAILURE(st) || !impl->plain)
        return make_error(
            ErrorCode::Internal,
            gis::i18n::format(_("ICU cannot create the Latin-ASCII transliterator: {0}"), u_errorName(st)));
    std::unique_ptr<icu::Transliterator> names_only(
        icu::Transliterator::createInstance("Han-Latin/Names", UTRANS_FORWARD, st));
    if (U_SUCCESS(st) && names_only) impl->pair_chars = pair_context_chars(*names_only);
    return PinyinTranscriber(std::move(impl));
}

std::vector<std::string> PinyinTranscriber::syllables(std::string_view name) {
    Impl& m = *impl_;
    std::vector<std::string> out;
    auto cps = utf8_decode(name);
    std::string word;
    auto flush = [&] {
        if (!word.empty()) out.push_back(std::move(word));
        word.clear();
    };
    for (std::size_t i = 0; i < cps.size(); ++i) {
        char32_t c = cps[i];
        if (is_han(c)) {
            flush();
            bool start = i == 0 || !is_han(cps[i - 1]);
            if (start && m.pair_chars.count(c) && i + 1 < cps.size() && is_han(cps[i + 1])) {
                for (const auto& s : m.pair(std::u32string{c, cps[i + 1]})) out.push_back(s);
                ++i;
                continue;
            }
            for (const auto& s : start ? m.at_start(c) : m.inside(c)) out.push_back(s);
            continue;
        }
        std::string l = m.letter(c >= 0xFF01 && c <= 0xFF5E ? c - 0xFEE0 : c);
        bool letters = !l.empty();
        for (char ch : l)
            if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'))) letters = false;
        if (!letters) {
            flush();
            continue;
        }
        for (char ch : l) {
            char lc = (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
            word += lc == 'v' ? 'u' : lc;
        }
    }
    flush();
    return out;
}

}  // namespace gis::occupancy
