#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <set>
#include <string>

#include "app/i18n/i18n.hpp"

using namespace app::i18n;

TEST(Translation, EveryKeyIsUniqueAndHasBothLanguages) {
    std::set<std::string> keys;
    ASSERT_GT(table_size(), 10u);
    for (std::size_t i = 0; i < table_size(); ++i) {
        std::string key(key_at(i));
        EXPECT_TRUE(keys.insert(key).second) << "duplicate key " << key;
        EXPECT_STRNE(tr(key, Lang::Zh), "") << key;
        EXPECT_STRNE(tr(key, Lang::En), "") << key;
    }
}

TEST(Translation, LanguagesDiffer) {
    EXPECT_STREQ(tr("info.households", Lang::Zh), "常住居民户");
    EXPECT_STREQ(tr("info.households", Lang::En), "Resident households");
    EXPECT_STREQ(tr("no.such.key", Lang::En), "no.such.key");
}

TEST(Translation, LanguageFromArguments) {
    Lang l = Lang::En;
    EXPECT_TRUE(parse_language("zh", l));
    EXPECT_EQ(l, Lang::Zh);
    EXPECT_FALSE(parse_language("fr", l));
}

TEST(Translation, TheCataloguesChineseIsThereForTheViewersGlyphs) {
    const auto status = gis::i18n::catalogue_status();
    ASSERT_TRUE(status.loaded) << status.problem;
    const std::string all = gis::i18n::all_chinese_text();
    EXPECT_NE(all.find("常住居民户"), std::string::npos);
    EXPECT_GT(all.size(), 20000u);
}

TEST(Translation, EitherLanguageFromAnyCallWithoutTouchingTheProcessLocale) {
    EXPECT_STREQ(tr("info.households", Lang::Zh), "常住居民户");
    EXPECT_STREQ(tr("info.households", Lang::En), "Resident households");
    EXPECT_STREQ(gis::i18n::translate("info.households", "Resident households", Lang::Zh), "常住居民户");
    // A string the catalogue lacks stays English rather than vanishing.
    EXPECT_STREQ(gis::i18n::translate("no such sentence in the catalogue", Lang::Zh),
                 "no such sentence in the catalogue");
    EXPECT_EQ(gis::i18n::format("{1} before {0}, {2} kept, {9} unknown", "a", 2), "2 before a, {2} kept, {9} unknown");
}

TEST(Translation, LanguageFromTheEnvironmentInGettextsOrder) {
    auto with = [](std::map<std::string, std::string> env) {
        for (const char* v : {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}) {
            auto it = env.find(v);
            if (it == env.end())
                ::unsetenv(v);
            else
                ::setenv(v, it->second.c_str(), 1);
        }
        return gis::i18n::detect_from_environment();
    };
    EXPECT_EQ(with({{"LANGUAGE", "zh_CN:en"}, {"LANG", "en_US.UTF-8"}}), Lang::Zh);
    EXPECT_EQ(with({{"LANGUAGE", "en"}, {"LC_ALL", "zh_CN.UTF-8"}}), Lang::En);
    EXPECT_EQ(with({{"LC_ALL", "zh_TW.UTF-8"}, {"LANG", "en_US.UTF-8"}}), Lang::Zh);
    EXPECT_EQ(with({{"LC_MESSAGES", "en_GB.UTF-8"}, {"LANG", "zh_CN.UTF-8"}}), Lang::En);
    EXPECT_EQ(with({{"LANG", "zh_CN.UTF-8"}}), Lang::Zh);
    EXPECT_EQ(with({}), Lang::En);
    ::unsetenv("LANG");
}
