#include "gis/core/numbers.hpp"

#include <unicode/datefmt.h>
#include <unicode/dtptngen.h>
#include <unicode/gregocal.h>
#include <unicode/numberformatter.h>
#include <unicode/smpdtfmt.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

namespace gis {
namespace {

icu::Locale locale_of(i18n::Lang lang) { return lang == i18n::Lang::Zh ? icu::Locale("zh", "CN") : icu::Locale("en", "US"); }

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

/// A date through a CLDR skeleton ("yMMMMd", "yMMM"): the language's own pattern for those fields.
std::string date_by_skeleton(int year, int month, int day, const char* skeleton, i18n::Lang lang) {
    UErrorCode status = U_ZERO_ERROR;
    const auto loc = locale_of(lang);
    std::unique_ptr<icu::DateTimePatternGenerator> gen(icu::DateTimePatternGenerator::createInstance(loc, status));
    if (U_FAILURE(status)) return std::to_string(year) + "-" + std::to_string(month) + "-" + std::to_string(day);
    const auto pattern = gen->getBestPattern(icu::UnicodeString::fromUTF8(skeleton), status);
    icu::SimpleDateFormat format(pattern, loc, status);
    icu::GregorianCalendar cal(icu::TimeZone::getGMT()->clone(), loc, status);
    cal.clear();
    cal.set(year, month - 1, day);
    format.setTimeZone(*icu::TimeZone::getGMT());
    icu::UnicodeString out;
    format.format(cal.getTime(status), out);
    if (U_FAILURE(status)) return std::to_string(year) + "-" + std::to_string(month) + "-" + std::to_string(day);
    return utf8(out);
}

}  // namespace

std::string format_count(std::int64_t v, i18n::Lang lang) { return number(static_cast<double>(v), 0, lang); }

std::string format_decimal(double v, int decimals, i18n::Lang lang) { return number(v, decimals, lang); }

std::string format_yuan(double yuan, bool cents, i18n::Lang lang) {
    const double cents_total = std::round(std::abs(yuan) * 100);
    const bool show_cents = cents && std::fmod(cents_total, 100.0) != 0;
    const std::string digits = number(show_cents ? cents_total / 100 : std::round(std::abs(yuan)), show_cents ? 2 : 0, lang);
    return std::string(yuan < 0 && digits != "0" ? "-" : "") + "¥" + digits;
}

std::string format_yuan_large(double yuan, i18n::Lang lang) {
    if (lang == i18n::Lang::Zh) return number(yuan / 10000.0, 1, lang) + " 万元";  // the Chinese way of writing large sums
    return "CNY " + number(std::round(yuan), 0, lang);
}

std::string format_date(int year, int month, int day, i18n::Lang lang) {
    return date_by_skeleton(year, month, day, "yMMMMd", lang);
}

std::string format_month(int year, int month, i18n::Lang lang) {
    return date_by_skeleton(year, month, 1, "yMMM", lang);
}

std::string format_month_short(int month, i18n::Lang lang) { return date_by_skeleton(2000, month, 1, "MMM", lang); }

}  // namespace gis
