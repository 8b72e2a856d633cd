// Pinyin look-up, checked against ICU directly: each name is transliterated whole (no per-character
// cache) and matched by a plain recursive matcher, independent of the index's trie walk.

#include <gtest/gtest.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gis/occupancy/pinyin.hpp"
#include "occupancy_fixture.hpp"

using namespace gis::occupancy;
using occ_test::all_hits;

namespace {

std::vector<std::string> icu_syllables(const std::string& name) {
    static std::unique_ptr<icu::Transliterator> t = [] {
        UErrorCode st = U_ZERO_ERROR;
        std::unique_ptr<icu::Transliterator> tr(
            icu::Transliterator::createInstance("Han-Latin/Names; Latin-ASCII", UTRANS_FORWARD, st));
        EXPECT_TRUE(U_SUCCESS(st));
        return tr;
    }();
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(name);
    t->transliterate(u);
    std::string out;
    u.toUTF8String(out);
    std::vector<std::string> words;
    std::string cur;
    for (char c : out + " ") {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c >= 'a' && c <= 'z') {
            cur += c == 'v' ? 'u' : c;
        } else if (!cur.empty()) {
            words.push_back(cur);
            cur.clear();
        }
    }
    return words;
}

/// Query parts (split at spaces) matched against syllables from `s`: every syllable typed in full or by a
/// prefix; a part may cover several syllables. Returns how many syllables the best match used (0: none).
bool match_from(const std::string& q, std::size_t i, const std::vector<std::string>& syl, std::size_t s,
                const std::vector<bool>& brk, std::vector<std::size_t>& ends) {
    if (i == q.size()) {
        ends.push_back(s);
        return true;
    }
    if (s == syl.size()) return false;
    bool any = false;
    for (std::size_t l = 1; l <= syl[s].size() && i + l <= q.size(); ++l) {
        if (syl[s].compare(0, l, q, i, l) != 0) break;
        bool crosses = false;
        for (std::size_t k = i + 1; k < i + l; ++k) crosses = crosses || brk[k];
        if (crosses) break;
        any = match_from(q, i + l, syl, s + 1, brk, ends) || any;
    }
    return any;
}

/// "" (no match), "full" (every syllable used) or "prefix".
std::string brute_match(const std::string& typed, const std::vector<std::string>& syl) {
    std::string q;
    std::vector<bool> brk;
    bool next_break = true;
    for (char c : typed) {
        if (c == ' ') {
            next_break = true;
            continue;
        }
        q += c == 'v' ? 'u' : c;
        brk.push_back(next_break);
        next_break = false;
    }
    std::vector<std::size_t> ends;
    if (q.empty() || !match_from(q, 0, syl, 0, brk, ends)) return "";
    for (auto e : ends)
        if (e == syl.size()) return "full";
    return "prefix";
}

std::string initials(const std::vector<std::string>& syl) {
    std::string s;
    for (const auto& x : syl) s += x[0];
    return s;
}

}  // namespace

TEST(Pinyin, CachedTransliterationEqualsIcuOnWholeNames) {
    auto tr = PinyinTranscriber::create();
    ASSERT_TRUE(tr.ok()) << tr.error().message;
    for (const auto& h : occ_test::district()->households)
        EXPECT_EQ(tr->syllables(h.head_name), icu_syllables(h.head_name)) << h.head_name;
    for (const char* n :
         {"曾国强", "单雄", "万俟卨", "令狐冲", "长孙无忌", "吕秀英", "Anna Li", "买买提·艾力"})
        EXPECT_EQ(tr->syllables(n), icu_syllables(n)) << n;
}

TEST(Pinyin, SurnameReadingsFollowIcuNameRules) {
    auto tr = PinyinTranscriber::create();
    ASSERT_TRUE(tr.ok());
    EXPECT_EQ(tr->syllables("曾国强"), (std::vector<std::string>{"zeng", "guo", "qiang"}));
    EXPECT_EQ(tr->syllables("单雄"), (std::vector<std::string>{"shan", "xiong"}));
    EXPECT_EQ(tr->syllables("吕秀英"), (std::vector<std::string>{"lu", "xiu", "ying"}));
    EXPECT_EQ(tr->syllables("欧阳小明"), (std::vector<std::string>{"ou", "yang", "xiao", "ming"}));
}

TEST(Pinyin, FullInitialsAndMixedEqualBruteForce) {
    const auto& ix = occ_test::index();
    const auto& hs = occ_test::district()->households;
    std::map<std::string, std::vector<std::string>> syl;
    for (const auto& h : hs) syl[h.household_no] = icu_syllables(h.head_name);

    std::set<std::string> queries = {"w",      "zh",        "wang",   "zhangwei",    "zw",      "zhang w",
                                     "zhangw", "zhang wei", "ouyang", "oy",          "oyxm",    "lv",
                                     "lu",     "li j",      "zhu ge", "sima",        "xiuying", "wangj g",
                                     "z w",    "zhan",      "qqqq",   "zhangweiming"};
    for (std::size_t i = 0; i < hs.size(); i += 53) {
        const auto& s = syl[hs[i].household_no];
        std::string full, mixed;
        for (std::size_t k = 0; k < s.size(); ++k) {
            full += s[k];
            mixed += k == 0 ? s[k] + " " : s[k].substr(0, 1);
        }
        queries.insert(full);
        queries.insert(initials(s));
        queries.insert(mixed);
        queries.insert(s[0] + initials(s).substr(1));
    }
    for (const auto& q : queries) {
        std::map<std::string, MatchKind> expected;
        for (const auto& [no, s] : syl) {
            std::string m = brute_match(q, s);
            if (!m.empty()) expected[no] = m == "full" ? MatchKind::Pinyin : MatchKind::PinyinPrefix;
        }
        std::map<std::string, MatchKind> got;
        for (const auto& h : all_hits(ix, q)) got[ix.household(h.household).household_no] = h.kind;
        EXPECT_EQ(got, expected) << "query '" << q << "'";
    }
}

TEST(Pinyin, FindsTheRightHouseholdByFullInitialsAndMixed) {
    const auto& ix = occ_test::index();
    // A real household with a three-syllable name: each form of its pinyin finds it as a full match.
    for (const auto& h : occ_test::district()->households) {
        auto s = icu_syllables(h.head_name);
        if (s.size() != 3) continue;
        for (const std::string& q : {s[0] + s[1] + s[2], initials(s), s[0] + " " + s[1][0] + s[2][0],
                                     s[0] + s[1][0] + s[2], s[0] + " " + s[1] + " " + s[2]}) {
            bool found = false;
            for (const auto& hit : all_hits(ix, q))
                if (ix.household(hit.household).household_no == h.household_no) {
                    found = true;
                    EXPECT_EQ(hit.kind, MatchKind::Pinyin) << q;
                }
            EXPECT_TRUE(found) << h.household_no << " by '" << q << "'";
        }
        break;
    }
}

TEST(Pinyin, UpperCaseAndFullWidthLettersAreTheSameQuery) {
    const auto& ix = occ_test::index();
    auto a = occ_test::numbers(ix, all_hits(ix, "zhang w"));
    ASSERT_FALSE(a.empty());
    EXPECT_EQ(occ_test::numbers(ix, all_hits(ix, "ZHANG W")), a);
    EXPECT_EQ(occ_test::numbers(ix, all_hits(ix, "ｚｈａｎｇ　ｗ")), a);
}
