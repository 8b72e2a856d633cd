// Text from data as a terminal shows it: control characters, bidi overrides and bytes that are not UTF-8
// become visible escapes, in one call or through the stream filter, and JSON stays JSON.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "gis/core/terminal_text.hpp"

using gis::terminal_text;

namespace {

/// Everything `pieces` writes, one write each, through a filter in front of a string stream.
std::string filtered(const std::vector<std::string>& pieces) {
    std::ostringstream sink;
    {
        gis::TerminalTextFilter filter(sink.rdbuf());
        std::ostream out(&filter);
        for (const auto& p : pieces) out << p;
    }
    return sink.str();
}

const std::string kRlo = "\u202e";  // RIGHT-TO-LEFT OVERRIDE

}  // namespace

TEST(TerminalText, PlainTextChineseNewlinesAndTabsPassUnchanged) {
    const std::string text = "12-2-301 张伟 欧阳小明 zhang w\n\t¥1,601,444 · 17,407 m² — ok";
    EXPECT_EQ(terminal_text(text), text);
    EXPECT_TRUE(gis::is_terminal_safe(text));
    EXPECT_EQ(terminal_text(""), "");
}

TEST(TerminalText, ControlCharactersBecomeVisibleEscapes) {
    EXPECT_EQ(terminal_text("\x1b[1A\x1b[2K"), "\\u001b[1A\\u001b[2K");
    EXPECT_EQ(terminal_text("a\rb"), "a\\u000db");
    EXPECT_EQ(terminal_text(std::string("\x01\x07\x08\x0b\x0c\x1f", 6)),
              "\\u0001\\u0007\\u0008\\u000b\\u000c\\u001f");
    EXPECT_EQ(terminal_text(std::string("a\0b", 3)), "a\\u0000b");
    EXPECT_EQ(terminal_text("\x7f"), "\\u007f");
    // C1 controls (U+0080-U+009F), encoded as UTF-8: CSI U+009B acts as ESC [ on many terminals.
    EXPECT_EQ(terminal_text("\xc2\x9b"
                            "2K"),
              "\\u009b2K");
    EXPECT_EQ(terminal_text("\xc2\x80\xc2\x9f"), "\\u0080\\u009f");
    EXPECT_EQ(terminal_text("\xc2\xa0"), "\xc2\xa0");  // U+00A0 is printable
    EXPECT_FALSE(gis::is_terminal_safe("\x1b"));
}

TEST(TerminalText, BidiOverridesAndIsolatesAreEscaped) {
    EXPECT_EQ(terminal_text("abc" + kRlo + "fdp.exe"), "abc\\u202efdp.exe");
    EXPECT_EQ(terminal_text("\u202a\u202b\u202c\u202d\u202e"), "\\u202a\\u202b\\u202c\\u202d\\u202e");
    EXPECT_EQ(terminal_text("\u2066\u2067\u2068\u2069"), "\\u2066\\u2067\\u2068\\u2069");
    // Their neighbours are ordinary text.
    EXPECT_EQ(terminal_text("\u2029\u202f\u2065\u206a"), "\u2029\u202f\u2065\u206a");
    EXPECT_FALSE(gis::is_terminal_safe(kRlo));
}

TEST(TerminalText, BytesThatAreNotUtf8AreEscapedOneByOne) {
    EXPECT_EQ(terminal_text("a\xff"
                            "b"),
              "a\\xffb");
    EXPECT_EQ(terminal_text("\x80"), "\\x80");           // a lone continuation byte
    EXPECT_EQ(terminal_text("\xe5\xbc"), "\\xe5\\xbc");  // 弓 cut short
    EXPECT_EQ(terminal_text("\xe5\xbc"
                            "A"),
              "\\xe5\\xbcA");                                              // ... and followed by ASCII
    EXPECT_EQ(terminal_text("\xc0\xaf"), "\\xc0\\xaf");                    // overlong '/'
    EXPECT_EQ(terminal_text("\xe0\x80\xaf"), "\\xe0\\x80\\xaf");           // overlong, three bytes
    EXPECT_EQ(terminal_text("\xed\xa0\x80"), "\\xed\\xa0\\x80");           // a UTF-16 surrogate
    EXPECT_EQ(terminal_text("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // above U+10FFFF
    EXPECT_EQ(terminal_text("\xf0\x9f\x98\x80"), "\xf0\x9f\x98\x80");      // U+1F600 is fine
    EXPECT_FALSE(gis::is_terminal_safe("\xe5\xbc"));
}

TEST(TerminalText, EscapingTwiceChangesNothingMore) {
    const std::string hostile = "\x1b[2K\r" + kRlo + "=cmd|' /C calc'!A0\x01\xff";
    const std::string once = terminal_text(hostile);
    EXPECT_EQ(once, "\\u001b[2K\\u000d\\u202e=cmd|' /C calc'!A0\\u0001\\xff");
    EXPECT_EQ(terminal_text(once), once);
    EXPECT_TRUE(gis::is_terminal_safe(once));
}

TEST(TerminalText, LongTextIsEscapedWhole) {
    std::string big;
    for (int i = 0; i < 1000; ++i) big += "张\x1b[2K";  // 10,000 bytes
    const std::string out = terminal_text(big);
    EXPECT_EQ(out.size(), 1000u * (3 + 6 + 3));
    EXPECT_EQ(out.substr(0, 12), "张\\u001b[2K");
}

TEST(TerminalTextFilter, EscapesWhatIsWrittenToAStream) {
    EXPECT_EQ(filtered({"name: ", "\x1b[1A\x1b[2K", "\n"}), "name: \\u001b[1A\\u001b[2K\n");
    std::ostringstream sink;
    {
        gis::TerminalTextFilter filter(sink.rdbuf());
        std::ostream out(&filter);
        out << 'a' << '\x1b' << 42 << '\n';  // single characters go through overflow()
    }
    EXPECT_EQ(sink.str(), "a\\u001b42\n");
}

TEST(TerminalTextFilter, Utf8SplitAcrossWritesIsKeptWhole) {
    // 张 = E5 BC A0, U+202E = E2 80 AE, U+1F600 = F0 9F 98 80, each cut at every place.
    EXPECT_EQ(filtered({"\xe5", "\xbc", "\xa0"}), "张");
    EXPECT_EQ(filtered({"a\xe5\xbc",
                        "\xa0"
                        "b"}),
              "a张b");
    EXPECT_EQ(filtered({"\xe2", "\x80\xae"}), "\\u202e");
    EXPECT_EQ(filtered({"\xe2\x80", "\xae"}), "\\u202e");
    EXPECT_EQ(filtered({"\xf0", "\x9f", "\x98", "\x80"}), "\xf0\x9f\x98\x80");
    EXPECT_EQ(filtered({"\xc2", "\x9b"}), "\\u009b");
    EXPECT_EQ(filtered({"\xe5", "", "\xbc\xa0"}), "张");  // an empty write between
    // A sequence that a later write breaks, or that nothing completes, is shown byte by byte.
    EXPECT_EQ(filtered({"\xe5\xbc", "A"}), "\\xe5\\xbcA");
    EXPECT_EQ(filtered({"x\xe5\xbc"}), "x\\xe5\\xbc");
    EXPECT_EQ(filtered({"\xe5", "\xff"}), "\\xe5\\xff");
}

TEST(TerminalTextFilter, EveryCutOfAMixedTextGivesTheSameOutput) {
    const std::string text = "户主 张伟\x1b[2K " + kRlo + "\xff\xe5\xbc\xa0\xc2\x9b end\n";
    const std::string whole = terminal_text(text);
    for (std::size_t a = 0; a <= text.size(); ++a)
        for (std::size_t b = a; b <= text.size(); ++b)
            ASSERT_EQ(filtered({text.substr(0, a), text.substr(a, b - a), text.substr(b)}), whole)
                << "cut at " << a << " and " << b;
}

TEST(TerminalTextFilter, GuardInstallsAndRestoresTheStreamsBuffer) {
    std::ostringstream sink;
    std::ostream& stream = sink;  // the stream's buffer as the guard sees it (basic_ios::rdbuf)
    std::streambuf* own = stream.rdbuf();
    {
        gis::TerminalTextGuard guard(stream);
        EXPECT_NE(stream.rdbuf(), own);
        stream << "\x1b[2K"
               << "\xe5";  // the last character never completes
    }
    EXPECT_EQ(stream.rdbuf(), own);
    EXPECT_EQ(sink.str(), "\\u001b[2K\\xe5");
}

TEST(TerminalTextFilter, JsonWithHostileStringsStaysValidAndRoundTrips) {
    // Every escapable character that can be in a JSON string (valid UTF-8): nlohmann escapes C0 itself,
    // the filter turns DEL, C1 and the bidi controls into \uXXXX, which JSON reads back as the same text.
    const std::vector<std::string> hostile = {"\x1b[1A\x1b[2K",
                                              "a\rb",
                                              kRlo + "gnp.exe",
                                              "=cmd|' /C calc'!A0",
                                              "\x01",
                                              "\x7f",
                                              "\xc2\x9b"
                                              "2K",
                                              "\u2066\u2069",
                                              "张伟\t\n",
                                              "\\u001b is text",
                                              std::string(10000, 'x') + "\x1b"};
    nlohmann::json j = nlohmann::json::array();
    for (const auto& s : hostile) j.push_back({{"name", s}});
    const std::string dumped = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    for (std::size_t cut : {std::size_t{0}, std::size_t{1}, dumped.size() / 2, dumped.size()}) {
        const std::string out = filtered({dumped.substr(0, cut), dumped.substr(cut), "\n"});
        EXPECT_TRUE(gis::is_terminal_safe(out));
        const auto back = nlohmann::json::parse(out);  // throws when not JSON
        ASSERT_EQ(back.size(), hostile.size());
        for (std::size_t i = 0; i < hostile.size(); ++i) EXPECT_EQ(back[i]["name"], hostile[i]) << i;
    }
    // Bytes that are not UTF-8 never reach the filter inside JSON: the dump replaces them (U+FFFD).
    const std::string bad =
        nlohmann::json("a\xff").dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    EXPECT_EQ(nlohmann::json::parse(filtered({bad})), "a\xef\xbf\xbd");
}

TEST(XmlText, OnlyWhatXmlCannotHoldIsEscaped) {
    EXPECT_EQ(gis::xml_text("张伟\t\n" + kRlo + "\x7f\xc2\x9b"), "张伟\t\n" + kRlo + "\x7f\xc2\x9b");
    EXPECT_EQ(gis::xml_text("a\rb"), "a\\u000db");
    EXPECT_EQ(gis::xml_text("\x1b[2K\x01"), "\\u001b[2K\\u0001");
    EXPECT_EQ(gis::xml_text("\xef\xbf\xbe\xef\xbf\xbf"), "\\ufffe\\uffff");
    EXPECT_EQ(gis::xml_text("a\xff"), "a\\xff");
}

TEST(ValidUtf8Text, OnlyBytesThatAreNotUtf8AreEscaped) {
    EXPECT_EQ(gis::valid_utf8_text("\x1b[2K 张 \xff"), "\x1b[2K 张 \\xff");
    EXPECT_EQ(gis::valid_utf8_text(kRlo), kRlo);
}
