#include "gis/occupancy/address.hpp"

#include <cstdio>
#include <vector>

#include "gis/core/strings.hpp"
#include "gis/core/i18n.hpp"

namespace gis::occupancy {
namespace {

bool is_dash(char32_t c) {
    return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE58 || c == 0xFE63 ||
           c == 0x2043 || c == 0x30FC;
}

bool is_space(char32_t c) {
    return c == ' ' || c == 0x3000 || c == 0xA0 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F ||
           c == 0x205F || c == 0xFEFF || c < 0x20 || c == 0x7F;
}

const char32_t kAddressWords[] = {U'栋', U'幢', U'号', U'楼', U'单', U'元', U'门', U'室', U'房'};

bool is_address_word(char32_t c) {
    for (char32_t w : kAddressWords)
        if (c == w) return true;
    return false;
}

struct Token {
    enum Kind { Number, Dash, Word };
    Kind kind = Number;
    long long value = 0;  ///< Number: its value (capped)
    int digits = 0;
    std::u32string word;  ///< Word: its characters

    static Token of(Kind k) {
        Token t;
        t.kind = k;
        return t;
    }
};

Error bad(std::string_view text, const std::string& why) {
    return make_error(ErrorCode::BadInput,
                      gis::i18n::format(_("{0} is not an address: {1} (write it like 12-2-301 or 12栋2单元301)"),
                                        quote_for_message(text), why));
}

bool one_of(const std::u32string& w, std::initializer_list<std::u32string_view> words) {
    for (auto x : words)
        if (w == x) return true;
    return false;
}

}  // namespace

std::string FlatRef::address() const {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%d-%d-%d%02d", building, entrance, floor, flat);
    return buf;
}

std::string normalize_text(std::string_view text) {
    // Fast path: printable ASCII without leading, trailing or repeated spaces is already normal.
    bool plain = !text.empty() && text.front() != ' ' && text.back() != ' ';
    for (std::size_t i = 0; plain && i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        plain = c >= 0x20 && c < 0x7F && !(c == ' ' && text[i + 1] == ' ');
    }
    if (plain) return std::string(text);
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    for (char32_t c : utf8_decode(fold_width(text))) {  // NFKC: full-width forms as ASCII
        if (is_dash(c)) c = '-';
        if (is_space(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += utf8_encode(c);
    }
    return out;
}

bool looks_like_address(std::string_view text) {
    bool digit = false, separator = false;
    for (char32_t c : utf8_decode(text)) {
        if (c >= '0' && c <= '9')
            digit = true;
        else if (c == '-' || c == '#' || is_address_word(c))
            separator = true;
        else if (c != ' ')
            return false;
    }
    return digit && separator;
}

Result<AddressQuery> parse_address(std::string_view text) {
    std::vector<Token> tokens;
    tokens.reserve(8);
    for (char32_t c : utf8_decode(normalize_text(text))) {
        if (c == ' ') continue;
        if (c >= '0' && c <= '9') {
            if (tokens.empty() || tokens.back().kind != Token::Number)
                tokens.push_back(Token::of(Token::Number));
            auto& t = tokens.back();
            if (t.value < 1'000'000'000LL) t.value = t.value * 10 + (c - '0');
            ++t.digits;
        } else if (c == '-') {
            tokens.push_back(Token::of(Token::Dash));
        } else if (c == '#' || is_address_word(c)) {
            if (tokens.empty() || tokens.back().kind != Token::Word) tokens.push_back(Token::of(Token::Word));
            tokens.back().word += c;
        } else {
            return bad(text, gis::i18n::format(_("unexpected {0}"), quote_for_message(utf8_encode(c))));
        }
    }
    std::size_t i = 0;
    auto at = [&](Token::Kind k) { return i < tokens.size() && tokens[i].kind == k; };
    // `missing` and `range` ({0}: the largest number) name the number in a whole sentence each.
    auto number = [&](const char* missing, const char* range, long long max) -> Result<int> {
        if (!at(Token::Number)) return bad(text, missing);
        const Token& t = tokens[i++];
        if (t.value < 1 || t.value > max || t.digits > 9)
            return bad(text, gis::i18n::format(range, std::to_string(max)));
        return static_cast<int>(t.value);
    };
    AddressQuery q;
    auto building = number(_("the building number is missing"),
                           _("the building number must be between 1 and {0}"), 99'999'999);
    if (!building) return building.error();
    q.building = *building;
    bool separated = false;
    if (at(Token::Word)) {
        if (!one_of(tokens[i].word, {U"栋", U"幢", U"号楼", U"号", U"楼", U"#"}))
            return bad(text, gis::i18n::format(_("unexpected {0}"),
                                               quote_for_message(utf8_encode(std::vector<char32_t>(
                                                   tokens[i].word.begin(), tokens[i].word.end())))));
        ++i;
        separated = true;
    }
    if (at(Token::Dash)) {
        ++i;
        separated = true;
    }
    if (i == tokens.size()) return q;
    if (!separated || !at(Token::Number)) return bad(text, _("expected the entrance after the building"));

    // The second number is the entrance, unless a room word follows or it has three or more digits and
    // nothing follows (52栋301: a single-entrance building).
    const Token& second = tokens[i];
    bool has_next = i + 1 < tokens.size();
    bool room_word =
        has_next && tokens[i + 1].kind == Token::Word && one_of(tokens[i + 1].word, {U"室", U"房", U"号"});
    bool is_room = room_word || (!has_next && second.digits >= 3);
    if (!is_room) {
        auto entrance = number(_("the entrance number is missing"),
                               _("the entrance number must be between 1 and {0}"), 99);
        if (!entrance) return entrance.error();
        q.entrance = *entrance;
        separated = false;
        if (at(Token::Word)) {
            if (!one_of(tokens[i].word, {U"单元", U"单", U"门"}))
                return bad(text, _("unexpected word after the entrance number"));
            ++i;
            separated = true;
        }
        if (at(Token::Dash)) {
            ++i;
            separated = true;
        }
        if (i == tokens.size()) return q;
        if (!separated || !at(Token::Number)) return bad(text, _("expected the room number after the entrance"));
    }
    const Token& room = tokens[i++];
    if (at(Token::Word)) {
        if (!one_of(tokens[i].word, {U"室", U"房", U"号"}))
            return bad(text, _("unexpected word after the room number"));
        ++i;
    }
    if (i != tokens.size()) return bad(text, _("unexpected text after the room number"));
    if (room.digits > 6 || room.value < 101)
        return bad(text, gis::i18n::format(_("the room number {0} must be the floor followed by a two-digit flat, "
                                             "like 301"),
                                           std::to_string(room.value)));
    q.floor = static_cast<int>(room.value / 100);
    q.flat = static_cast<int>(room.value % 100);
    if (q.flat == 0)
        return bad(text,
                   gis::i18n::format(_("the room number {0} has no flat (flats start at 01)"),
                                     std::to_string(room.value)));
    return q;
}

Result<std::pair<int, int>> floor_and_flat(int room, int floor) {
    if (room >= 100) {
        const int f = room / 100, n = room % 100;
        if (floor > 0 && floor != f)
            return make_error(ErrorCode::BadInput,
                              gis::i18n::format(_("房号 {0} is not on 楼层 {1}"), std::to_string(room),
                                                std::to_string(floor)));
        if (n == 0)
            return make_error(ErrorCode::BadInput, gis::i18n::format(_("房号 {0} has no flat number"), std::to_string(room)));
        return std::pair{f, n};
    }
    if (room < 1) return make_error(ErrorCode::BadInput, gis::i18n::format(_("房号 {0} is not a flat"), std::to_string(room)));
    if (floor <= 0)
        return make_error(ErrorCode::BadInput, gis::i18n::format(_("楼层 is empty (房号 {0})"), std::to_string(room)));
    return std::pair{floor, room};
}

}  // namespace gis::occupancy
