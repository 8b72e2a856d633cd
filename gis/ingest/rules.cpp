#include "gis/ingest/rules.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "gis/core/strings.hpp"
#include "gis/core/i18n.hpp"

namespace gis::ingest {
namespace {

using occupancy::normalize_text;

constexpr std::size_t kShownChars = 40;

/// `"<text>" is not <what>: expected <expected>`; `what` carries its article ("a year", "an integer").
/// `what` and `expected` are marked with N_ and translated here.
Error bad_translated(std::string_view text, const std::string& what, const std::string& expected) {
    return make_error(ErrorCode::BadInput, gis::i18n::format(_("{0} is not {1}: expected {2}"),
                                                             quote_for_message(text, kShownChars), what, expected));
}
Error bad(std::string_view text, const char* what, const char* expected) {
    return bad_translated(text, _(what), _(expected));
}

bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }

/// The form keyword tables are written in: normalize_text (full-width folded, dashes unified), ASCII
/// lower-cased, spaces removed.
std::string key_of(std::string_view text) {
    std::string out;
    for (char c : normalize_text(text)) {
        if (c == ' ') continue;
        auto u = static_cast<unsigned char>(c);
        out += u < 0x80 ? static_cast<char>(std::tolower(u)) : c;
    }
    return out;
}

std::u32string to_u32(std::string_view utf8) {
    auto cps = utf8_decode(utf8);
    return std::u32string(cps.begin(), cps.end());
}

std::string to_utf8(std::u32string_view s) {
    std::string out;
    for (char32_t c : s) out += utf8_encode(c);
    return out;
}

struct Word {
    std::string_view text;  ///< in key_of form
    std::string_view code;
};

std::optional<std::string_view> lookup(std::span<const Word> words, std::string_view key) {
    for (const auto& w : words)
        if (w.text == key) return w.code;
    return std::nullopt;
}

/// Reads a run of ASCII digits at `i` (at most 9 significant); false when there is none.
bool read_digits(std::u32string_view s, std::size_t& i, long long& value, int* count = nullptr) {
    std::size_t start = i;
    value = 0;
    while (i < s.size() && is_digit(s[i])) {
        if (value < 1'000'000'000LL) value = value * 10 + (s[i] - '0');
        ++i;
    }
    if (count) *count = static_cast<int>(i - start);
    return i > start;
}

/// Whole text as a non-negative integer ("12", "12.0", "12.00"); nullopt otherwise.
std::optional<long long> whole_digits(std::string_view key) {
    auto s = to_u32(key);
    std::size_t i = 0;
    long long v = 0;
    if (!read_digits(s, i, v)) return std::nullopt;
    if (i < s.size() && s[i] == '.') {
        ++i;
        std::size_t zeros = i;
        while (i < s.size() && s[i] == '0') ++i;
        if (i == zeros) return std::nullopt;
    }
    if (i != s.size()) return std::nullopt;
    return v;
}

// ---- building notes ------------------------------------------------------------------------------------

struct Structure {
    std::u32string_view word;
    const char* code;
};
// Longest first: 钢混 before 钢, 砖混 before 砖.
constexpr Structure kStructures[] = {
    {U"钢筋混凝土", "rc"}, {U"钢混", "rc"},    {U"钢砼", "rc"},   {U"框架", "rc"},
    {U"砖混", "mixed"},    {U"混合", "mixed"}, {U"砖", "brick"},  {U"混", "mixed"},
    {U"砼", "rc"},         {U"钢", "steel"},   {U"简", "simple"},
};
constexpr std::u32string_view kNumberSuffixes[] = {U"号楼", U"栋", U"幢", U"#", U"号"};

const Structure* structure_at(std::u32string_view s, std::size_t i) {
    for (const auto& st : kStructures)
        if (s.substr(i).starts_with(st.word)) return &st;
    return nullptr;
}

bool is_note_separator(char32_t c) {
    return c == ' ' || c == ',' || c == U'，' || c == U'、' || c == ';' || c == U'；' || c == '/' || c == '|';
}

constexpr int kMaxFloors = 200;
constexpr int kMaxBuildingNumber = 99'999;

// ---- rules ---------------------------------------------------------------------------------------------

using RuleFn = Result<io::FieldValue> (*)(std::string_view text, const std::string& key);

io::FieldValue int_value(long long v) { return io::FieldValue{static_cast<std::int64_t>(v)}; }
io::FieldValue str_value(std::string_view s) { return io::FieldValue{std::string(s)}; }

Result<io::FieldValue> floors_from_note(std::string_view text, const std::string& key) {
    static constexpr const char* kExpected = N_("a survey note like 混6, 砖5-1, 钢混11, or a number like 6");
    if (auto note = parse_building_note(text); note && note->floors > 0) return int_value(note->floors);
    std::string k = key;
    for (std::string_view unit : {"层", "f"})
        if (k.ends_with(unit)) k.erase(k.size() - unit.size());
    if (auto v = whole_digits(k); v && *v >= 1 && *v <= kMaxFloors) return int_value(*v);
    return bad(text, N_("a floor count"), kExpected);
}

Result<io::FieldValue> number_from_note(std::string_view text, const std::string& key) {
    if (auto note = parse_building_note(text); note && note->number > 0) return int_value(note->number);
    if (auto v = whole_digits(key); v && *v >= 1 && *v <= kMaxBuildingNumber) return int_value(*v);
    return bad(text, N_("a building number"), N_("3栋, 3号楼, 3幢, 3#, 3号 or 3"));
}

Result<io::FieldValue> structure_from_note(std::string_view text, const std::string& key) {
    if (auto note = parse_building_note(text); note && !note->structure.empty())
        return str_value(note->structure);
    static constexpr Word kCodes[] = {
        {"brick", "brick"}, {"mixed", "mixed"}, {"rc", "rc"}, {"steel", "steel"}, {"simple", "simple"}};
    if (auto code = lookup(kCodes, key)) return str_value(*code);
    auto s = to_u32(key);
    for (const auto& st : kStructures)
        if (s == st.word) return str_value(st.code);
    return bad(text, N_("a building structure"), N_("砖, 混, 砖混, 钢混, 砼, 钢, 简 (or a note like 混6)"));
}

Result<io::FieldValue> diameter_dn(std::string_view text, const std::string& key) {
    static constexpr const char* kExpected = N_("DN100, Φ100, De110, 100 or 100mm");
    auto s = to_u32(key);
    std::size_t i = 0;
    for (std::u32string_view prefix : {U"dn", U"de", U"φ", U"Φ", U"ϕ", U"ø", U"Ø", U"∅", U"ф", U"Ф"}) {
        if (s.starts_with(prefix)) {
            i = prefix.size();
            break;
        }
    }
    long long mm = 0;
    if (!read_digits(s, i, mm)) return bad(text, N_("a pipe diameter"), kExpected);
    if (i < s.size() && s[i] == '.') {  // 100.0 from a spreadsheet
        std::size_t start = ++i;
        while (i < s.size() && s[i] == '0') ++i;
        if (i == start) return bad(text, N_("a pipe diameter"), kExpected);
    }
    if (i < s.size() && (s[i] == 'x' || s[i] == U'×' || s[i] == '*')) {  // Φ108×4: outside × wall
        long long wall = 0;
        ++i;
        if (!read_digits(s, i, wall)) return bad(text, N_("a pipe diameter"), kExpected);
        if (i < s.size() && s[i] == '.') {
            ++i;
            read_digits(s, i, wall);
        }
    }
    if (s.substr(i) == U"mm") i = s.size();
    if (i != s.size() || mm < 5 || mm > 3000) return bad(text, N_("a pipe diameter"), kExpected);
    return int_value(mm);
}

Result<io::FieldValue> by_words(std::string_view text, const std::string& key, std::span<const Word> words,
                                const char* what, const char* expected) {
    if (auto code = lookup(words, key)) return str_value(*code);
    return bad(text, what, expected);
}

Result<io::FieldValue> pressure(std::string_view text, const std::string& key) {
    static constexpr Word kWords[] = {
        {"低压", "low"},          {"low", "low"},           {"lp", "low"},
        {"中压b", "medium-b"},    {"中压乙", "medium-b"},   {"中压b级", "medium-b"},
        {"medium-b", "medium-b"}, {"medium_b", "medium-b"}, {"mediumb", "medium-b"},
        {"mb", "medium-b"},       {"中压a", "medium-a"},    {"中压甲", "medium-a"},
        {"中压a级", "medium-a"},  {"medium-a", "medium-a"}, {"medium_a", "medium-a"},
        {"mediuma", "medium-a"},  {"ma", "medium-a"},
    };
    return by_words(text, key, kWords, N_("a gas pressure class"),
                    N_("低压, 中压B or 中压A (low, medium-b, medium-a)"));
}

Result<io::FieldValue> pipe_status(std::string_view text, const std::string& key) {
    static constexpr Word kWords[] = {
        {"运行", "in_service"},       {"运行中", "in_service"},    {"在用", "in_service"},
        {"正常", "in_service"},       {"使用中", "in_service"},    {"在役", "in_service"},
        {"in_service", "in_service"}, {"inservice", "in_service"}, {"in-service", "in_service"},
        {"待改造", "renewal"},        {"待更换", "renewal"},       {"改造", "renewal"},
        {"更换", "renewal"},          {"老化", "renewal"},         {"需改造", "renewal"},
        {"需更换", "renewal"},        {"拟改造", "renewal"},       {"renewal", "renewal"},
    };
    return by_words(text, key, kWords, N_("a pipe status"),
                    N_("运行, 在用, 正常 or 待改造, 待更换, 老化 (in_service, renewal)"));
}

Result<io::FieldValue> pipe_kind(std::string_view text, const std::string& key) {
    static constexpr Word kWords[] = {
        {"干管", "main"},      {"主管", "main"},      {"中压干管", "main"},  {"低压干管", "main"},
        {"主干管", "main"},    {"支管", "main"},      {"main", "main"},      {"户线", "service"},
        {"引入管", "service"}, {"入户管", "service"}, {"庭院管", "service"}, {"service", "service"},
    };
    return by_words(text, key, kWords, N_("a pipe kind"),
                    N_("干管, 主管, 支管 or 户线, 引入管, 入户管 (main, service)"));
}

Result<io::FieldValue> material(std::string_view text, const std::string& key) {
    static constexpr Word kWords[] = {
        {"铸铁", "cast_iron"},
        {"铸铁管", "cast_iron"},
        {"灰口铸铁", "cast_iron"},
        {"灰铸铁", "cast_iron"},
        {"球墨铸铁", "cast_iron"},
        {"球墨铸铁管", "cast_iron"},
        {"cast_iron", "cast_iron"},
        {"castiron", "cast_iron"},
        {"钢", "steel"},
        {"钢管", "steel"},
        {"无缝钢管", "steel"},
        {"焊接钢管", "steel"},
        {"螺旋钢管", "steel"},
        {"碳钢", "steel"},
        {"steel", "steel"},
        {"镀锌钢", "galvanized_steel"},
        {"镀锌管", "galvanized_steel"},
        {"镀锌钢管", "galvanized_steel"},
        {"galvanized_steel", "galvanized_steel"},
        {"galvanized", "galvanized_steel"},
        {"pe", "pe"},
        {"pe管", "pe"},
        {"pe80", "pe"},
        {"pe100", "pe"},
        {"hdpe", "pe"},
        {"聚乙烯", "pe"},
        {"聚乙烯管", "pe"},
    };
    return by_words(text, key, kWords, N_("a pipe material"),
                    N_("铸铁, 球墨铸铁, 钢管, 镀锌管 or PE (cast_iron, steel, galvanized_steel, pe)"));
}

Result<io::FieldValue> valve_state(std::string_view text, const std::string& key) {
    static constexpr Word kWords[] = {
        {"开", "open"},     {"开启", "open"},     {"常开", "open"},    {"打开", "open"},
        {"open", "open"},   {"关", "closed"},     {"关闭", "closed"},  {"常闭", "closed"},
        {"关断", "closed"}, {"closed", "closed"}, {"close", "closed"},
    };
    return by_words(text, key, kWords, N_("a valve state"), N_("开, 开启, 常开 or 关, 关闭, 常闭 (open, closed)"));
}

std::optional<bool> yes_no_of(const std::string& key) {
    static constexpr Word kWords[] = {
        {"是", "1"}, {"有", "1"},    {"y", "1"}, {"yes", "1"}, {"true", "1"}, {"1", "1"},    {"1.0", "1"},
        {"√", "1"},  {"✓", "1"},     {"✔", "1"}, {"否", "0"},  {"无", "0"},   {"没有", "0"}, {"n", "0"},
        {"no", "0"}, {"false", "0"}, {"0", "0"}, {"0.0", "0"}, {"×", "0"},    {"✗", "0"},    {"✘", "0"},
    };
    if (auto code = lookup(kWords, key)) return *code == "1";
    return std::nullopt;
}

Result<io::FieldValue> yes_no(std::string_view text, const std::string& key) {
    if (auto v = yes_no_of(key)) return int_value(*v ? 1 : 0);
    return bad(text, N_("a yes/no value"), N_("是/否, 有/无, Y/N, yes/no, true/false, 1/0 or √/×"));
}

Result<io::FieldValue> year(std::string_view text, const std::string& key) {
    static constexpr const char* kExpected =
        N_("a four-digit year like 1987, 1987年, 1987-05-01 or 1987.5 (two-digit years are ambiguous)");
    auto s = to_u32(key);
    std::size_t i = 0;
    long long y = 0;
    int digits = 0;
    if (!read_digits(s, i, y, &digits)) return bad(text, N_("a year"), kExpected);
    if (digits == 8 && i == s.size()) {  // 19870501
        long long month = y / 100 % 100, day = y % 100;
        if (month < 1 || month > 12 || day < 1 || day > 31) return bad(text, N_("a year"), kExpected);
        y /= 10'000;
    } else if (digits != 4) {
        return bad(text, N_("a year"), kExpected);
    }
    // The rest may only be the month, day and time of a date.
    for (; i < s.size(); ++i) {
        char32_t c = s[i];
        if (!is_digit(c) && c != '-' && c != '.' && c != '/' && c != ':' && c != U'年' && c != U'月' &&
            c != U'日' && c != U'号')
            return bad(text, N_("a year"), kExpected);
    }
    if (y < 1900 || y > 2100) return bad(text, N_("a year"), kExpected);
    return int_value(y);
}

Result<io::FieldValue> side(std::string_view text, const std::string& key) {
    static constexpr Word kWords[] = {
        {"北", "N"}, {"朝北", "N"}, {"北侧", "N"}, {"北面", "N"}, {"北向", "N"}, {"n", "N"}, {"north", "N"},
        {"南", "S"}, {"朝南", "S"}, {"南侧", "S"}, {"南面", "S"}, {"南向", "S"}, {"s", "S"}, {"south", "S"},
        {"东", "E"}, {"朝东", "E"}, {"东侧", "E"}, {"东面", "E"}, {"东向", "E"}, {"e", "E"}, {"east", "E"},
        {"西", "W"}, {"朝西", "W"}, {"西侧", "W"}, {"西面", "W"}, {"西向", "W"}, {"w", "W"}, {"west", "W"},
    };
    return by_words(text, key, kWords, N_("a side"), N_("北, 南, 东, 西, 朝北, N, S, E, W or north, ..."));
}

Result<io::FieldValue> building_kind(std::string_view text, const std::string& key) {
    static constexpr Word kCodes[] = {
        {"residential", "residential"}, {"unit", "unit"},   {"school", "school"}, {"shop_row", "shop_row"},
        {"ancillary", "ancillary"},     {"other", "other"}, {"其他", "other"},    {"其它", "other"}};
    if (auto code = lookup(kCodes, key)) return str_value(*code);
    // By the word the text contains, most specific first: 办公楼附属车库 is ancillary, 宿舍 residential.
    static constexpr Word kContains[] = {
        {"学校", "school"},      {"小学", "school"},      {"中学", "school"},      {"幼儿园", "school"},
        {"附属", "ancillary"},   {"车库", "ancillary"},   {"锅炉房", "ancillary"}, {"配电房", "ancillary"},
        {"泵房", "ancillary"},   {"商铺", "shop_row"},    {"门面", "shop_row"},    {"商业", "shop_row"},
        {"单位", "unit"},        {"办公", "unit"},        {"机关", "unit"},        {"住宅", "residential"},
        {"居民", "residential"}, {"宿舍", "residential"},
    };
    for (const auto& w : kContains)
        if (key.find(w.text) != std::string::npos) return str_value(w.code);
    return bad(text, N_("a building kind"), N_("住宅, 单位, 学校, 商铺, 车库, 其他 (residential, unit, ...)"));
}

/// OpenStreetMap's building=* values. "yes" (a building of unknown use) and any value not listed are
/// "other": OSM has hundreds of values, and an unknown one says nothing about flats.
Result<io::FieldValue> osm_building(std::string_view text, const std::string& key) {
    static constexpr Word kValues[] = {{"residential", "residential"},
                                       {"apartments", "residential"},
                                       {"house", "residential"},
                                       {"detached", "residential"},
                                       {"dormitory", "residential"},
                                       {"terrace", "residential"},
                                       {"school", "school"},
                                       {"kindergarten", "school"},
                                       {"university", "school"},
                                       {"college", "school"},
                                       {"commercial", "shop_row"},
                                       {"retail", "shop_row"},
                                       {"kiosk", "shop_row"},
                                       {"office", "unit"},
                                       {"government", "unit"},
                                       {"public", "unit"},
                                       {"civic", "unit"},
                                       {"hospital", "unit"},
                                       {"garage", "ancillary"},
                                       {"garages", "ancillary"},
                                       {"shed", "ancillary"},
                                       {"service", "ancillary"},
                                       {"roof", "ancillary"},
                                       {"hut", "ancillary"}};
    (void)text;
    if (auto code = lookup(kValues, key)) return str_value(*code);
    return str_value("other");
}

/// A street's class from OSM's highway=* or a Chinese road grade (城市道路等级).
Result<io::FieldValue> street_class(std::string_view text, const std::string& key) {
    static constexpr Word kValues[] = {
        {"primary", "primary"},      {"trunk", "primary"},       {"motorway", "primary"},
        {"primary_link", "primary"}, {"secondary", "secondary"}, {"secondary_link", "secondary"},
        {"tertiary", "local"},       {"tertiary_link", "local"}, {"residential", "local"},
        {"unclassified", "local"},   {"local", "local"},         {"living_street", "lane"},
        {"service", "lane"},         {"lane", "lane"},           {"footway", "lane"},
        {"pedestrian", "lane"},      {"path", "lane"},           {"track", "lane"},
        {"cycleway", "lane"},        {"steps", "lane"},          {"快速路", "primary"},
        {"主干路", "primary"},       {"主干道", "primary"},      {"次干路", "secondary"},
        {"次干道", "secondary"},     {"支路", "local"},          {"巷道", "lane"},
        {"小区道路", "lane"},        {"内部道路", "lane"},       {"胡同", "lane"}};
    if (auto code = lookup(kValues, key)) return str_value(*code);
    return bad(text, N_("a street class"),
               N_("primary, secondary, tertiary, residential, service (OSM) or 主干路, 次干路, 支路, 巷道"));
}

/// A building number where a name holds one ("1号楼", "幸福里3栋"), else nothing (a school's name).
Result<io::FieldValue> number_in_name(std::string_view text, const std::string& key) {
    (void)key;
    std::string t(text);
    for (std::size_t cut = 0; cut < t.size(); ++cut) {
        // The number note is at the end of the name: try each suffix that starts at a digit.
        if (!std::isdigit(static_cast<unsigned char>(t[cut]))) continue;
        if (auto n = parse_building_note(t.substr(cut)); n && n->number > 0) return int_value(n->number);
    }
    return io::FieldValue{};
}

Result<io::FieldValue> flag_or_yes_no(std::string_view text, const std::string& key,
                                      std::span<const Word> words, const char* what, const char* expected) {
    if (auto code = lookup(words, key)) return int_value(*code == "1" ? 1 : 0);
    if (auto v = yes_no_of(key)) return int_value(*v ? 1 : 0);
    return bad(text, what, expected);
}

Result<io::FieldValue> migrant(std::string_view text, const std::string& key) {
    static constexpr Word kWords[] = {
        {"流动人口", "1"}, {"流动", "1"},     {"外来", "1"},     {"外来人口", "1"}, {"暂住", "1"},
        {"暂住人口", "1"}, {"户籍人口", "0"}, {"户籍", "0"},     {"常住", "0"},     {"常住人口", "0"},
        {"本地", "0"},     {"本地人口", "0"}, {"本地户籍", "0"},
    };
    return flag_or_yes_no(text, key, kWords, N_("a migrant flag"),
                          N_("流动人口, 外来, 暂住 or 户籍人口, 常住, 本地 (or 是/否)"));
}

Result<io::FieldValue> tenant(std::string_view text, const std::string& key) {
    static constexpr Word kWords[] = {
        {"租住", "1"}, {"租户", "1"}, {"租赁", "1"}, {"租房", "1"},     {"自有", "0"},
        {"自住", "0"}, {"产权", "0"}, {"业主", "0"}, {"自有产权", "0"},
    };
    return flag_or_yes_no(text, key, kWords, N_("a tenant flag"),
                          N_("租住, 租户, 租赁 or 自有, 自住, 产权 (or 是/否)"));
}

Result<io::FieldValue> phone(std::string_view text, const std::string&) {
    static constexpr const char* kExpected = N_("13800138000, 0710-5551234 or +86 138 0013 8000");
    std::string s = normalize_text(text);
    std::string out;
    std::size_t i = 0;
    if (s.starts_with("+86")) {
        out = "+86";
        i = 3;
    }
    // Digit groups between spaces, dashes and the parentheses of "(0710)5551234".
    std::vector<std::string> groups(1);
    for (; i < s.size(); ++i) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            groups.back() += c;
        } else if (c == ' ' || c == '-' || c == '(' || c == ')') {
            if (!groups.back().empty()) groups.emplace_back();
        } else if (c == '.' && s.substr(i) == ".0" && groups.size() == 1) {  // a spreadsheet number
            break;
        } else {
            return bad(text, N_("a phone number"), kExpected);
        }
    }
    if (groups.back().empty()) groups.pop_back();
    std::size_t digits = 0;
    for (const auto& g : groups) digits += g.size();
    if (digits < 5 || digits > 15) return bad(text, N_("a phone number"), kExpected);
    bool area_code = out.empty() && groups.size() > 1 && groups[0].starts_with('0') &&
                     (groups[0].size() == 3 || groups[0].size() == 4);
    for (std::size_t g = 0; g < groups.size(); ++g) {
        out += groups[g];
        if (g == 0 && area_code) out += '-';
    }
    return str_value(out);
}

Result<io::FieldValue> text_rule(std::string_view text, const std::string&) {
    return str_value(normalize_text(text));
}

/// Plain decimal text (optional sign, digits, one point, exponent): no "inf", "nan" or hex.
std::optional<double> real_of(std::string key) {
    if (key.starts_with('+')) key.erase(0, 1);
    if (key.empty()) return std::nullopt;
    for (char c : key)
        if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == 'e' || c == '+')) return std::nullopt;
    double v = 0;
    auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), v);
    if (ec != std::errc() || end != key.data() + key.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

/// Numbers keep their inner spaces (so that "12 5" is not 125): normalized, lower-cased, not squeezed.
std::string number_key(std::string_view text) {
    std::string out = normalize_text(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

Result<io::FieldValue> int_rule(std::string_view text, const std::string&) {
    static constexpr const char* kExpected = N_("a whole number like 12, -3 or 12.0");
    std::string key = number_key(text);
    std::string k = key.starts_with('+') ? key.substr(1) : key;
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(k.data(), k.data() + k.size(), v);
    if (ec == std::errc() && end == k.data() + k.size()) return io::FieldValue{v};
    auto real = real_of(key);
    if (!real || std::trunc(*real) != *real || std::fabs(*real) > 9.0e15)
        return bad(text, N_("an integer"), kExpected);
    return io::FieldValue{static_cast<std::int64_t>(*real)};
}

Result<io::FieldValue> real_rule(std::string_view text, const std::string&) {
    if (auto v = real_of(number_key(text))) return io::FieldValue{*v};
    return bad(text, N_("a number"), N_("a number like 12, 12.5 or -0.25"));
}

struct Rule {
    RuleInfo info;
    RuleFn fn;
};

const std::vector<Rule>& rules() {
    static const std::vector<Rule> kRules = {
        {{"floors_from_note", "Floors from a survey note (混6 -> 6; 砖5-1 -> 5 above ground)",
          "从测绘注记取层数（混6 → 6；砖5-1 → 地上5层）", "混6"},
         floors_from_note},
        {{"number_from_note", "Building number from a note (3栋, 3号楼, 3幢, 3#, 3号) or a plain number",
          "从注记取楼号（3栋、3号楼、3幢、3#、3号）或纯数字", "3号楼"},
         number_from_note},
        {{"structure_from_note", "Structure from a note: brick, mixed, rc, steel, simple",
          "从注记取结构：砖、混、钢混/砼、钢、简", "砖混"},
         structure_from_note},
        {{"diameter_dn", "Pipe diameter in mm (DN100, Φ100, De110, 100mm)",
          "管径（毫米）：DN100、Φ100、De110、100mm", "DN100"},
         diameter_dn},
        {{"pressure", "Gas pressure class: low, medium-b, medium-a", "压力级制：低压、中压B、中压A", "中压B"},
         pressure},
        {{"pipe_status", "Pipe status: in_service or renewal", "管道状态：运行/在用 或 待改造/待更换",
          "待改造"},
         pipe_status},
        {{"pipe_kind", "Pipe kind: main (干管, 支管) or service (户线, 引入管)",
          "管道类别：干管（干管、支管）或 户线（户线、引入管）", "引入管"},
         pipe_kind},
        {{"material", "Pipe material: cast_iron, steel, galvanized_steel, pe", "管材：铸铁、钢、镀锌钢、PE",
          "球墨铸铁"},
         material},
        {{"valve_state", "Valve state: open or closed", "阀门状态：开 或 关", "常开"}, valve_state},
        {{"yes_no", "Yes/no as 1/0 (是/否, 有/无, Y/N, √/×)", "是/否 转为 1/0（是/否、有/无、Y/N、√/×）",
          "是"},
         yes_no},
        {{"year", "Four-digit year, also from a date (1987, 1987年, 1987-05-01)",
          "四位年份，也可取自日期（1987、1987年、1987-05-01）", "1987年"},
         year},
        {{"side", "Side: N, S, E, W (北, 南, 东, 西)", "朝向：北、南、东、西", "朝南"}, side},
        {{"building_kind", "Building kind: residential, unit, school, shop_row, ancillary, other",
          "建筑类别：住宅、单位、学校、商铺、附属、其他", "住宅"},
         building_kind},
        {{"street_class",
          "Street class from OSM highway=* or a road grade (主干路 primary, 支路 local, 巷道 lane)",
          "道路等级：OSM 的 highway=* 或 主干路、次干路、支路、巷道", "tertiary"},
         street_class},
        {{"number_in_name", "Building number inside a name (1号楼, 幸福里3栋); none for other names",
          "名称中的楼号（1号楼、幸福里3栋）；其他名称为空", "幸福里3栋"},
         number_in_name},
        {{"osm_building", "OpenStreetMap building=* value as a kind (apartments: residential; yes: other)",
          "OpenStreetMap 的 building=* 值转为建筑类别（apartments 为住宅，yes 为其他）", "apartments"},
         osm_building},
        {{"migrant", "Migrant household as 1/0 (流动人口 / 户籍人口)", "流动人口 1，户籍人口 0", "流动人口"},
         migrant},
        {{"tenant", "Tenant household as 1/0 (租住 / 自有)", "租住 1，自有 0", "租住"}, tenant},
        {{"phone", "Phone number: digits, area-code dash kept (0710-5551234)",
          "电话号码：只留数字，保留区号后的横线（0710-5551234）", "138 0013 8000"},
         phone},
        {{"text", "Text, trimmed, full-width letters and digits folded", "文本：去掉首尾空格，全角转半角",
          " 重华社区 "},
         text_rule},
        {{"int", "Whole number (12, 12.0)", "整数（12、12.0）", "12"}, int_rule},
        {{"real", "Number (12.5)", "数值（12.5）", "12.5"}, real_rule},
    };
    return kRules;
}

// ---- register addresses --------------------------------------------------------------------------------

bool is_address_char(char32_t c) {
    switch (c) {
        case '-':
        case '#':
        case ' ':
        case U'栋':
        case U'幢':
        case U'号':
        case U'楼':
        case U'单':
        case U'元':
        case U'门':
        case U'室':
        case U'房':
        case U'层':
            return true;
        default:
            return is_digit(c);
    }
}

/// "…2单元4楼402" and "…2单元4层2号" (floor 4, flat 2) as "…2单元402室". Sets `mismatch` when the floor
/// and the room number disagree ("4楼502").
std::u32string fold_floor_form(std::u32string t, bool& mismatch) {
    std::size_t p = t.find_last_of(U"楼层");
    if (p == std::u32string::npos || p == 0 || !is_digit(t[p - 1])) return t;
    std::size_t a = p;
    while (a > 0 && is_digit(t[a - 1])) --a;
    std::u32string_view before(t.data(), a);
    while (!before.empty() && before.back() == ' ') before.remove_suffix(1);
    if (!(before.ends_with(U"单元") || before.ends_with(U"单") || before.ends_with(U"门"))) return t;
    std::size_t i = p + 1;
    while (i < t.size() && t[i] == ' ') ++i;
    long long floor = 0, room = 0;
    std::size_t j = a;
    read_digits(t, j, floor);
    if (!read_digits(t, i, room)) return t;
    std::size_t end = i;
    if (end < t.size() && (t[end] == U'室' || t[end] == U'号' || t[end] == U'房')) ++end;
    if (end != t.size()) return t;
    if (room >= 100 && room / 100 != floor) {
        mismatch = true;
        return t;
    }
    long long full = room >= 100 ? room : floor * 100 + room;
    return t.substr(0, a) + to_u32(std::to_string(full)) + U"室";
}

}  // namespace

std::optional<BuildingNote> parse_building_note(std::string_view text) {
    auto s = to_u32(normalize_text(text));
    std::u32string_view v(s);
    BuildingNote note;
    bool any = false;
    std::size_t i = 0;
    while (true) {
        while (i < v.size() && is_note_separator(v[i])) ++i;
        if (i == v.size()) break;
        long long n = 0;
        if (const Structure* st = structure_at(v, i)) {
            i += st->word.size();
            if (!read_digits(v, i, n) || n < 1 || n > kMaxFloors) return std::nullopt;
            if (i < v.size() && v[i] == '-') {  // basement floors
                ++i;
                long long basement = 0;
                if (!read_digits(v, i, basement)) return std::nullopt;
            }
            if (i < v.size() && v[i] == U'层') ++i;
            if (note.structure.empty()) {
                note.structure = st->code;
                note.floors = static_cast<int>(n);
            }
        } else if (v[i] == '#') {
            ++i;
            if (!read_digits(v, i, n) || n < 1 || n > kMaxBuildingNumber) return std::nullopt;
            if (note.number == 0) note.number = static_cast<int>(n);
        } else if (is_digit(v[i])) {
            read_digits(v, i, n);
            bool suffix = false;
            for (auto w : kNumberSuffixes) {
                if (v.substr(i).starts_with(w)) {
                    i += w.size();
                    suffix = true;
                    break;
                }
            }
            if (!suffix || n < 1 || n > kMaxBuildingNumber) return std::nullopt;
            if (note.number == 0) note.number = static_cast<int>(n);
        } else {
            return std::nullopt;
        }
        any = true;
    }
    if (!any) return std::nullopt;
    return note;
}

BuildingNote merge_notes(const std::vector<BuildingNote>& notes) {
    BuildingNote out;
    for (const auto& n : notes) {
        if (out.structure.empty()) out.structure = n.structure;
        if (out.floors == 0) out.floors = n.floors;
        if (out.number == 0) out.number = n.number;
    }
    return out;
}

Result<io::FieldValue> apply_rule(std::string_view rule, std::string_view text) {
    for (const auto& r : rules()) {
        if (rule != r.info.name) continue;
        std::string key = key_of(text);
        if (key.empty()) return io::FieldValue{};
        return r.fn(text, key);
    }
    std::string names;
    for (const auto& r : rules()) names += (names.empty() ? "" : ", ") + std::string(r.info.name);
    return make_error(ErrorCode::BadInput, gis::i18n::format(_("{0} is not a parse rule: expected one of {1}"),
                                                             quote_for_message(rule, kShownChars), names));
}

const std::vector<RuleInfo>& rule_infos() {
    static const std::vector<RuleInfo> kInfos = [] {
        std::vector<RuleInfo> infos;
        for (const auto& r : rules()) infos.push_back(r.info);
        return infos;
    }();
    return kInfos;
}

Result<occupancy::AddressQuery> parse_register_address(std::string_view text) {
    static constexpr const char* kExpected =
        N_("a building, entrance and room like 幸福里小区3栋2单元402室, 3号楼2单元402 or 3-2-402");
    auto s = to_u32(normalize_text(text));
    // The address proper is in the trailing run of digits and address words; the administrative prefix
    // (省, 市, 区, 街道, 社区, the estate's name and phase, a road) ends before it. The run may still begin
    // with a road's house number ("人民路8号3栋…"): when the run does not read as a flat from its first
    // number, it is read once more after a leading "<n>号".
    std::size_t tail = s.size();
    while (tail > 0 && is_address_char(s[tail - 1])) --tail;
    std::size_t first = tail;
    while (first < s.size() && !is_digit(s[first])) ++first;
    std::vector<std::size_t> starts;
    if (first < s.size()) starts.push_back(first);
    std::size_t after = first;
    long long house = 0;
    if (read_digits(s, after, house) && after < s.size() && s[after] == U'号' &&
        !(after + 1 < s.size() && s[after + 1] == U'楼')) {
        ++after;
        while (after < s.size() && s[after] == ' ') ++after;
        if (after < s.size() && is_digit(s[after])) starts.push_back(after);
    }
    std::optional<occupancy::AddressQuery> not_a_flat;
    bool mismatch = false;
    for (std::size_t k : starts) {
        bool floor_mismatch = false;
        auto candidate = fold_floor_form(s.substr(k), floor_mismatch);
        if (floor_mismatch) {
            mismatch = true;
            break;
        }
        auto q = occupancy::parse_address(to_utf8(candidate));
        if (!q) continue;
        if (q->names_flat()) return *q;
        if (!not_a_flat) not_a_flat = *q;
    }
    if (mismatch)
        return bad_translated(text, _("a flat address"),
                              gis::i18n::format(_("{0} (the floor and the room number disagree)"), _(kExpected)));
    if (not_a_flat)
        return bad_translated(
            text, _("a flat address"),
            not_a_flat->entrance
                ? gis::i18n::format(_("{0} (it names building {1}, entrance {2} but no room)"), _(kExpected),
                                    std::to_string(not_a_flat->building), std::to_string(not_a_flat->entrance))
                : gis::i18n::format(_("{0} (it names building {1} but no room)"), _(kExpected),
                                    std::to_string(not_a_flat->building)));
    return bad(text, N_("a register address"), kExpected);
}

}  // namespace gis::ingest
