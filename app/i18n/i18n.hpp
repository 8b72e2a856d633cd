#pragma once
/// @file
/// The keyed strings of the viewer and the command line ("info.households"): their English is in the
/// tables beside this file, their Chinese in the one catalogue, po/zh_CN.po (msgctxt = the key), read
/// through gis::i18n. Chinese is the default when the locale is zh; English otherwise.

#include <string>
#include <string_view>

#include "gis/core/i18n.hpp"

namespace app::i18n {

using gis::i18n::detect_from_environment;
using gis::i18n::Lang;
using gis::i18n::language;
using gis::i18n::parse_language;
using gis::i18n::set_language;

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
