// Numbers, money and dates in the reader's language (ICU's CLDR data).

#include <gtest/gtest.h>

#include "gis/core/numbers.hpp"
#include "gis/core/strings.hpp"

using gis::i18n::Lang;

TEST(Numbers, CountsAreGroupedInThousands) {
    EXPECT_EQ(gis::format_count(1037, Lang::Zh), "1,037");
    EXPECT_EQ(gis::format_count(1037, Lang::En), "1,037");
    EXPECT_EQ(gis::format_count(-4061234, Lang::En), "-4,061,234");
    EXPECT_EQ(gis::format_count(0, Lang::Zh), "0");
    EXPECT_EQ(gis::format_decimal(1234.56, 1, Lang::En), "1,234.6");
    EXPECT_EQ(gis::format_decimal(0.125, 2, Lang::Zh), "0.13");
    EXPECT_EQ(gis::format_decimal(3, 2, Lang::En), "3.00");
}

TEST(Numbers, YuanWithAndWithoutCents) {
    EXPECT_EQ(gis::format_yuan(3202888, false, Lang::Zh), "¥3,202,888");
    EXPECT_EQ(gis::format_yuan(38000.4, false, Lang::En), "¥38,000");
    EXPECT_EQ(gis::format_yuan(1234.5, true, Lang::En), "¥1,234.50");
    EXPECT_EQ(gis::format_yuan(1234.0, true, Lang::En), "¥1,234");
    EXPECT_EQ(gis::format_yuan(-250, false, Lang::Zh), "-¥250");
}

TEST(Numbers, LargeSumsInWanForChineseReaders) {
    EXPECT_EQ(gis::format_yuan_large(2000000, Lang::Zh), "200.0 万元");
    EXPECT_EQ(gis::format_yuan_large(1234567, Lang::Zh), "123.5 万元");
    EXPECT_EQ(gis::format_yuan_large(1234567, Lang::En), "CNY 1,234,567");
}

TEST(Numbers, DatesAndMonthsAsEachLanguageWritesThem) {
    EXPECT_EQ(gis::format_date(2026, 12, 5, Lang::Zh), "2026年12月5日");
    EXPECT_EQ(gis::format_date(2026, 12, 5, Lang::En), "December 5, 2026");
    EXPECT_EQ(gis::format_month(2027, 3, Lang::Zh), "2027年3月");
    EXPECT_EQ(gis::format_month(2027, 3, Lang::En), "Mar 2027");
    EXPECT_EQ(gis::format_month_short(3, Lang::Zh), "3月");
    EXPECT_EQ(gis::format_month_short(12, Lang::En), "Dec");
}

TEST(Numbers, WithCommasIsTheLanguagesGrouping) {
    EXPECT_EQ(gis::with_commas(4046), gis::format_count(4046));
    EXPECT_EQ(gis::with_commas(-1000000), "-1,000,000");
}
