#pragma once
/// @file
/// The translation catalogue: every user-facing string is English in the source and Chinese in
/// po/zh_CN.po, compiled to nbhd.mo (gettext's format) and read through Boost.Locale, which needs no
/// installed system locale and answers for either language from any thread.
///
/// In a .cpp file: `#include "gis/core/i18n.hpp"` and write `_("text")`, or
/// `gis::i18n::format(_("{0}: no layer {1}"), file, layer)` where words move in translation;
/// `N_("text")` marks a string translated later (a table of labels). xgettext extracts both
/// (scripts/po-update).

#include <sstream>
#include <string>
#include <string_view>

namespace gis::i18n {

enum class Lang { Zh, En };

/// Language from LANGUAGE (its first entry), LC_ALL, LC_MESSAGES, LANG, in that order: zh* is
/// Chinese, anything else English.
Lang detect_from_environment();
/// The language of everything translated from now on (the command line's --lang, the viewer's menu).
void set_language(Lang lang);
Lang language();
/// Parses "zh" / "zh_CN" / "en" / "en_US"; false for anything else.
bool parse_language(std::string_view text, Lang& out);

/// `msgid` in the current language. English is the source: the English text is msgid itself. Chinese
/// comes from the catalogue; a string it lacks stays English (scripts/po-update lists them).
const char* translate(const char* msgid);
const char* translate(const char* msgid, Lang lang);
/// With a context (gettext's msgctxt): the keyed strings of app/i18n.
const char* translate(const char* context, const char* msgid, Lang lang);

/// Where the catalogue was read from, or why not ("" when Chinese is not asked for yet).
struct CatalogueStatus {
    bool loaded = false;
    std::string path;     ///< the nbhd.mo read (or looked for)
    std::string problem;  ///< why Chinese is not available
};
CatalogueStatus catalogue_status();
/// Every Chinese text of the catalogue, one after another (the viewer builds its font's glyphs from it).
std::string all_chinese_text();
/// The folder of <lang>/LC_MESSAGES/nbhd.mo: $NBHD_LOCALE_DIR, <exe>/../share/locale when installed,
/// the build tree's locale/ otherwise.
std::string locale_dir();

namespace detail {
inline void put(std::ostringstream& o, const std::string& s) { o << s; }
inline void put(std::ostringstream& o, std::string_view s) { o << s; }
inline void put(std::ostringstream& o, const char* s) { o << s; }
template <class T>
void put(std::ostringstream& o, const T& v) {
    o << v;
}
std::string substitute(std::string_view pattern, const std::string* args, std::size_t n);
}  // namespace detail

/// `pattern` with {0}, {1}, ... replaced by the arguments (numbers as the stream prints them).
template <class... Args>
std::string format(std::string_view pattern, const Args&... args) {
    const std::string values[] = {[&] {
                                      std::ostringstream o;
                                      detail::put(o, args);
                                      return o.str();
                                  }()...,
                                  std::string()};
    return detail::substitute(pattern, values, sizeof...(Args));
}

}  // namespace gis::i18n

#ifndef _
#define _(text) ::gis::i18n::translate(text)
#endif
#ifndef N_
#define N_(text) text
#endif
