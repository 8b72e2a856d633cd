#include <gtest/gtest.h>

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
