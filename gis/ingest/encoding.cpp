#include "gis/ingest/encoding.hpp"

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>

#include "gis/core/input_file.hpp"
#include "gis/core/strings.hpp"
#include "gis/core/i18n.hpp"

namespace gis::ingest {
namespace {

namespace fs = std::filesystem;

struct ConverterCloser {
    void operator()(UConverter* c) const { ucnv_close(c); }
};
using Converter = std::unique_ptr<UConverter, ConverterCloser>;

/// A GB18030 converter (a superset of GBK); `strict` stops at the first invalid sequence instead of
/// substituting U+FFFD. Null when ICU has no such converter (it always has, short of a broken install).
Converter open_gb18030(bool strict) {
    UErrorCode status = U_ZERO_ERROR;
    Converter cnv(ucnv_open("GB18030", &status));
    if (U_FAILURE(status)) return nullptr;
    if (strict) {
        ucnv_setToUCallBack(cnv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    } else {
        // Substitute with U+FFFD always: the default may write U+001A for a single bad byte.
        static const UChar kReplacement[] = {0xFFFD};
        ucnv_setSubstString(cnv.get(), kReplacement, 1, &status);
        ucnv_setToUCallBack(cnv.get(), UCNV_TO_U_CALLBACK_SUBSTITUTE, nullptr, nullptr, nullptr, &status);
    }
    if (U_FAILURE(status)) return nullptr;
    return cnv;
}

/// True when `s` decodes as GBK/GB18030 without an invalid sequence and without private-use characters
/// (which is what Latin-1 or random bytes mostly turn into).
bool decodes_as_gbk(std::string_view s) {
    auto cnv = open_gb18030(true);
    if (!cnv) return false;
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString u(s.data(), static_cast<int32_t>(s.size()), cnv.get(), status);
    if (U_FAILURE(status) || u.isBogus()) return false;
    for (int32_t i = 0; i < u.length(); ++i) {
        UChar c = u.charAt(i);
        if (c == 0xFFFD || (c >= 0xE000 && c <= 0xF8FF)) return false;
    }
    return true;
}

bool is_ascii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

/// Length of the UTF-8 sequence a lead byte starts (0: not a lead byte).
int utf8_sequence_length(unsigned char c) {
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) return 2;
    if (c >= 0xE0 && c <= 0xEF) return 3;
    if (c >= 0xF0 && c <= 0xF4) return 4;
    return 0;
}

/// A text value that fills its dBASE field (or a field name of the full 10 bytes) may have been cut by
/// bytes in the middle of a character; drop such a cut character so that the cut does not decide the
/// encoding.
std::string without_cut_tail(std::string s) {
    if (is_valid_utf8(s)) return s;
    // A UTF-8 lead byte followed by fewer continuation bytes than it announces.
    for (std::size_t back = 1; back <= 3 && back <= s.size(); ++back) {
        auto c = static_cast<unsigned char>(s[s.size() - back]);
        if ((c & 0xC0) == 0x80) continue;
        if (utf8_sequence_length(c) > static_cast<int>(back)) {
            std::string cut = s.substr(0, s.size() - back);
            if (is_valid_utf8(cut)) return cut;
        }
        break;
    }
    if (decodes_as_gbk(s)) return s;
    // A GBK lead byte without its trail byte.
    std::string cut = s.substr(0, s.size() - 1);
    if (decodes_as_gbk(cut)) return cut;
    return s;
}

std::string lower_ascii(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string trimmed(std::string_view s) {
    auto is_pad = [](char c) { return c == ' ' || c == '\0' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && is_pad(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_pad(s.back())) s.remove_suffix(1);
    return std::string(s);
}

/// The sibling of `p` with extension `ext` (lower case first, then upper case); empty when neither exists.
fs::path sibling(const fs::path& p, const std::string& ext) {
    std::string upper = ext;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::error_code ec;
    for (const std::string& e : {ext, upper}) {
        fs::path q = p;
        q.replace_extension(e);
        if (fs::exists(q, ec)) return q;
    }
    return {};
}

/// What a .cpg file says, or nullopt when it is empty.
std::optional<TextEncoding> read_cpg(const fs::path& cpg) {
    // A code page's name is a few bytes: only a regular file is read, and only its first 256 bytes.
    if (!input::check_file(cpg.string())) return std::nullopt;
    std::ifstream in(cpg, std::ios::binary);
    std::string text(256, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
    std::string code = lower_ascii(trimmed(text));
    if (code.empty()) return std::nullopt;
    if (code == "utf-8" || code == "utf8" || code == "65001") return TextEncoding::Utf8;
    if (code == "gbk" || code == "cp936" || code == "936" || code == "gb2312" || code == "gb18030" ||
        code == "ansi 936" || code == "windows-936" || code == "ms936")
        return TextEncoding::Gbk;
    if (code == "ascii" || code == "us-ascii") return TextEncoding::Ascii;
    return TextEncoding::Unknown;
}

std::uint32_t le16(const unsigned char* p) { return p[0] | (p[1] << 8); }
std::uint32_t le32(const unsigned char* p) {
    return p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}

bool known_dbf_version(unsigned char v) {
    // dBASE II..V, FoxBase/FoxPro, Visual FoxPro, with and without memo.
    static const unsigned char kVersions[] = {0x02, 0x03, 0x04, 0x05, 0x30, 0x31, 0x32, 0x43,
                                              0x63, 0x83, 0x8B, 0x8E, 0xCB, 0xE5, 0xF5, 0xFB};
    return std::find(std::begin(kVersions), std::end(kVersions), v) != std::end(kVersions);
}

struct DbfField {
    std::string name;
    char type = 'C';
    std::size_t width = 0;
};

}  // namespace

bool is_valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        int len = utf8_sequence_length(c);
        if (len == 0 || i + len > s.size()) return false;
        for (int k = 1; k < len; ++k) {
            auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
        }
        if (len >= 3) {
            auto c1 = static_cast<unsigned char>(s[i + 1]);
            if (c == 0xE0 && c1 < 0xA0) return false;  // overlong
            if (c == 0xED && c1 > 0x9F) return false;  // surrogate
            if (c == 0xF0 && c1 < 0x90) return false;  // overlong
            if (c == 0xF4 && c1 > 0x8F) return false;  // above U+10FFFF
        }
        i += len;
    }
    return true;
}

std::string gbk_to_utf8(std::string_view s) {
    if (is_ascii(s)) return std::string(s);
    auto cnv = open_gb18030(false);
    std::string out;
    if (!cnv) {
        for (char c : s)
            out += static_cast<unsigned char>(c) < 0x80 ? std::string(1, c) : utf8_encode(0xFFFD);
        return out;
    }
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString u(s.data(), static_cast<int32_t>(s.size()), cnv.get(), status);
    u.toUTF8String(out);
    return out;
}

const char* to_string(TextEncoding e) {
    switch (e) {
        case TextEncoding::Ascii:
            return "ASCII";
        case TextEncoding::Utf8:
            return "UTF-8";
        case TextEncoding::Gbk:
            return "CP936";
        case TextEncoding::Unknown:
            break;
    }
    return "unknown";
}

TextEncoding detect_encoding(const std::vector<std::string>& samples) {
    if (std::all_of(samples.begin(), samples.end(), [](const std::string& s) { return is_ascii(s); }))
        return TextEncoding::Ascii;
    if (std::all_of(samples.begin(), samples.end(), [](const std::string& s) { return is_valid_utf8(s); }))
        return TextEncoding::Utf8;
    // Some sample is not UTF-8 here.
    if (std::all_of(samples.begin(), samples.end(), [](const std::string& s) { return decodes_as_gbk(s); }))
        return TextEncoding::Gbk;
    return TextEncoding::Unknown;
}

Result<TextEncoding> detect_shapefile_encoding(const std::string& shp_or_dbf_path, int rows) {
    fs::path given(shp_or_dbf_path);
    std::error_code ec;
    fs::path dbf;
    if (lower_ascii(given.extension().string()) == ".dbf" && fs::exists(given, ec))
        dbf = given;
    else
        dbf = sibling(given, ".dbf");
    if (dbf.empty()) {
        fs::path want = given;
        want.replace_extension(".dbf");
        return make_error(ErrorCode::NotFound,
                          gis::i18n::format(_("{0} does not exist: a shapefile keeps its attributes in a .dbf file "
                                              "next to the .shp"),
                                            quote_for_message(want.string(), 200)));
    }
    if (fs::path cpg = sibling(dbf, ".cpg"); !cpg.empty())
        if (auto declared = read_cpg(cpg)) return *declared;

    if (auto c = input::check_file(dbf.string()); !c) return c.error();  // no device or pipe
    std::ifstream in(dbf, std::ios::binary);
    if (!in) return make_error(ErrorCode::Io, gis::i18n::format(_("cannot read {0}"), quote_for_message(dbf.string(), 200)));
    auto not_dbf = [&](const char* why) {
        return make_error(ErrorCode::BadInput, gis::i18n::format(_("{0} is not a dBASE table (.dbf): {1}"),
                                                                 quote_for_message(dbf.string(), 200), _(why)));
    };
    unsigned char head[32];
    if (!in.read(reinterpret_cast<char*>(head), sizeof head)) return not_dbf(N_("it is shorter than a header"));
    if (!known_dbf_version(head[0])) return not_dbf(N_("unknown version byte"));
    std::uint32_t records = le32(head + 4);
    std::size_t header_size = le16(head + 8);
    std::size_t record_size = le16(head + 10);
    if (header_size < 33 || record_size < 1) return not_dbf(N_("impossible header or record size"));

    std::string descriptors(header_size - 32, '\0');
    if (!in.read(descriptors.data(), static_cast<std::streamsize>(descriptors.size())))
        return not_dbf(N_("the header is cut short"));
    std::vector<DbfField> fields;
    std::size_t width_sum = 1;  // the deletion flag
    for (std::size_t off = 0; off + 32 <= descriptors.size() && descriptors[off] != '\x0D'; off += 32) {
        const auto* d = reinterpret_cast<const unsigned char*>(descriptors.data() + off);
        DbfField f;
        std::string_view name(reinterpret_cast<const char*>(d), 11);
        f.name = trimmed(name.substr(0, name.find('\0')));
        f.type = static_cast<char>(d[11]);
        // As shapelib reads it: character fields use the decimals byte as the high byte of the width.
        f.width = (f.type == 'N' || f.type == 'F') ? d[16] : d[16] + 256u * d[17];
        width_sum += f.width;
        fields.push_back(std::move(f));
    }
    if (width_sum != record_size) return not_dbf(N_("the field widths do not add up to the record size"));

    std::vector<std::string> samples;
    for (const auto& f : fields) samples.push_back(f.name.size() >= 10 ? without_cut_tail(f.name) : f.name);
    std::string record(record_size, '\0');
    for (std::uint32_t r = 0; r < records && static_cast<int>(r) < rows; ++r) {
        if (!in.read(record.data(), static_cast<std::streamsize>(record_size))) break;
        if (record[0] == '*') continue;  // deleted
        std::size_t off = 1;
        for (const auto& f : fields) {
            std::string_view raw(record.data() + off, f.width);
            off += f.width;
            if (f.type != 'C' || f.width == 0) continue;
            std::string value = trimmed(raw);
            if (value.empty()) continue;
            bool fills_field = raw.back() != ' ' && raw.back() != '\0';
            samples.push_back(fills_field ? without_cut_tail(std::move(value)) : std::move(value));
        }
    }
    return detect_encoding(samples);
}

}  // namespace gis::ingest
