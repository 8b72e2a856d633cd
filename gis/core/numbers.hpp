#pragma once
/// @file
/// Numbers, money and dates as the reader's language writes them, by ICU (CLDR's rules for zh_CN and
/// en_US): thousands grouping, yuan, 万元 for large Chinese amounts, long dates and months. Machine output
/// (JSON, CSV values, audit records) keeps its own fixed formats and does not come here.

#include <cstdint>
#include <string>

#include "gis/core/i18n.hpp"

namespace gis {

/// 1037 -> "1,037" (grouped as the language groups).
std::string format_count(std::int64_t v, i18n::Lang lang = i18n::language());
/// 1234.5 with 1 decimal -> "1,234.5"; decimals fixed (trailing zeros kept).
std::string format_decimal(double v, int decimals, i18n::Lang lang = i18n::language());
/// Yuan: "¥1,234" (whole yuan), or "¥1,234.50" when `cents` and the amount has cents.
std::string format_yuan(double yuan, bool cents = false, i18n::Lang lang = i18n::language());
/// Large amounts for a figures card: "123.5 万元" in Chinese, "CNY 1,234,567" in English.
std::string format_yuan_large(double yuan, i18n::Lang lang = i18n::language());
/// A day: "2026年12月5日" / "December 5, 2026".
std::string format_date(int year, int month, int day, i18n::Lang lang = i18n::language());
/// A month of a schedule: "2027年3月" / "Mar 2027".
std::string format_month(int year, int month, i18n::Lang lang = i18n::language());
/// A month on a time axis: "3月" / "Mar".
std::string format_month_short(int month, i18n::Lang lang = i18n::language());

}  // namespace gis
