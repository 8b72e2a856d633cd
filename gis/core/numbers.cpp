#include "gis/core/numbers.hpp"

#include <unicode/datefmt.h>
#include <unicode/dtptngen.h>
#include <unicode/numberformatter.h>
#include <unicode/smpdtfmt.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <map>
#include <memory>
#include <vector>

namespace gis {
namespace {

icu::Locale locale_of(i18n::Lang lang) {
    return lang == i18n::Lang::Zh ? icu::Locale("zh", "CN") : icu::Locale("en", "US");
}

std::string utf8(const icu::UnicodeString& s) {
    std::string out;
    s.toUTF8String(out);
    return out;
}

std::string number(double v, int decimals, i18n::Lang lang) {
    using namespace icu::number;
    constexpr int kMaxDecimals = 6;
    // One formatter per language and number of decimals, made once (formatting with them is thread-safe).
    static const std::vector<LocalizedNumberFormatter> formatters = [] {
        std::vector<LocalizedNumberFormatter> f;
        for (auto l : {i18n::Lang::Zh, i18n::Lang::En})
            for (int d = 0; d <= kMaxDecimals; ++d)
                f.push_back(NumberFormatter::withLocale(locale_of(l))
                                .precision(Precision::fixedFraction(d))
                                .roundingMode(UNUM_ROUND_HALFUP));
        return f;
    }();
    decimals = std::clamp(decimals, 0, kMaxDecimals);
    const auto& formatter = formatters[(lang == i18n::Lang::Zh ? 0 : kMaxDecimals + 1) + decimals];
    UErrorCode status = U_ZERO_ERROR;
    auto formatted = formatter.formatDouble(v, status);
    auto text = formatted.toString(status);
    if (U_FAILURE(status)) return std::to_string(v);  // ICU without its data: digits, never nothing
    return utf8(text);
}

/// A date through a CLDR skeleton ("yMMMMd", "yMMM"): the language's own pattern for those fields. The
/// formatter of each language and skeleton is made once per thread (making one costs more than a
/// frame of the schedule's month axis; an ICU date format is not for concurrent use).
std::string date_by_skeleton(int year, int month, int day, const char* skeleton, i18n::Lang lang) {
    const std::string iso = std::to_string(year) + "-" + std::to_string(month) + "-" + std::to_string(day);
    thread_local std::map<std::pair<i18n::Lang, std::string>, std::unique_ptr<icu::SimpleDateFormat>> formats;
    auto& format = formats[{lang, skeleton}];
    if (!format) {
        UErrorCode status = U_ZERO_ERROR;
        const auto loc = locale_of(lang);
        std::unique_ptr<icu::DateTimePatternGenerator> gen(
            icu::DateTimePatternGenerator::createInstance(loc, status));
        if (U_FAILURE(status)) return iso;  // ICU without its data: the date, never nothing
        const auto pattern = gen->getBestPattern(icu::UnicodeString::fromUTF8(skeleton), status);
        auto made = std::make_unique<icu::SimpleDateFormat>(pattern, loc, status);
        if (U_FAILURE(status)) return iso;
        made->setTimeZone(*icu::TimeZone::getGMT());
        format = std::move(made);
    }
    // Midnight of that day, UTC, in ICU's milliseconds.
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    icu::UnicodeString out;
    format->format(static_cast<UDate>(timegm(&tm)) * 1000.0, out);
    return utf8(out);
}

}  // namespace

std::string format_count(std::int64_t v, i18n::Lang lang) { return number(static_cast<double>(v), 0, lang); }

std::string format_decimal(double v, int decimals, i18n::Lang lang) { return number(v, decimals, lang); }

std::string format_yuan(double yuan, bool cents, i18n::Lang lang) {
    const double cents_total = std::round(std::abs(yuan) * 100);
    const bool show_cents = cents && std::fmod(cents_total, 100.0) != 0;
    const std::string digits =
        number(show_cents ? cents_total / 100 : std::round(std::abs(yuan)), show_cents ? 2 : 0, lang);
    return std::string(yuan < 0 && digits != "0" ? "-" : "") + "¥" + digits;
}

std::string format_yuan_large(double yuan, i18n::Lang lang) {
    if (lang == i18n::Lang::Zh)
        return number(yuan / 10000.0, 1, lang) + " 万元";  // the Chinese way of writing large sums
    return "CNY " + number(std::round(yuan), 0, lang);
}

std::string format_date(int year, int month, int day, i18n::Lang lang) {
    return date_by_skeleton(year, month, day, "yMMMMd", lang);
}

std::string format_month(int year, int month, i18n::Lang lang) {
    return date_by_skeleton(year, month, 1, "yMMM", lang);
}

std::string format_month_short(int month, i18n::Lang lang) {
    return date_by_skeleton(2000, month, 1, "MMM", lang);
}

}  // namespace gis
