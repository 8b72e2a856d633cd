#pragma once
/// @file
/// The one translation table for every user-facing string of the viewer and the command line.
/// Chinese is the default when the locale is zh; English otherwise.

#include <string>
#include <string_view>

namespace app::i18n {

enum class Lang { Zh, En };

/// Language from LC_ALL, LC_MESSAGES, LANG (in that order): zh* -> Chinese, anything else -> English.
Lang detect_from_environment();
void set_language(Lang lang);
Lang language();
/// Parses "zh" / "en" (as given to --lang); returns false for anything else.
bool parse_language(std::string_view text, Lang& out);

/// Translated text for `key` in the current language. Unknown keys come back as the key itself, so a
/// missing entry is visible, never a crash.
const char* tr(std::string_view key);
/// Translated text for `key` in the current language, or null when the table has no such key (for
/// optional entries such as field labels, where the caller has a fallback).
const char* find_text(std::string_view key);
/// A coded value in the current language ("value.FIELD.VALUE" in the table: kind hardening -> 硬化),
/// or the value itself when the table has none.
std::string term(std::string_view field, const std::string& value);
/// The label of one of a project budget's rows (gis::plan::budget_rows: its key and detail), the same in
/// `project show`, the brief and the figures card.
std::string budget_label(std::string_view key, const std::string& detail);
/// Translation in a given language.
const char* tr(std::string_view key, Lang lang);
/// Number of keys in the table (tests check every key has both languages).
std::size_t table_size();
/// Key at position i (tests).
std::string_view key_at(std::size_t i);

}  // namespace app::i18n
