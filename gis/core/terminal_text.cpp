#include "gis/core/terminal_text.hpp"

#include <cstdio>

namespace gis {
namespace {

enum class Kind { Char, Invalid, Incomplete };
struct Unit {
    Kind kind;
    std::size_t len;  ///< bytes: the character's, 1 for an invalid byte, what is left for an incomplete one
    char32_t cp;
};

/// The UTF-8 unit at `i`: a well-formed character, a byte that cannot start or continue one (overlong
/// forms, surrogates and code points above U+10FFFF included), or a well-formed start cut by the end.
Unit unit_at(std::string_view s, std::size_t i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) return {Kind::Char, 1, b0};
    std::size_t len = 0;
    char32_t cp = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // the second byte's range
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
        cp = b0 & 0x1Fu;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        cp = b0 & 0x0Fu;
        if (b0 == 0xE0) lo = 0xA0;  // overlong
        if (b0 == 0xED) hi = 0x9F;  // surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        cp = b0 & 0x07u;
        if (b0 == 0xF0) lo = 0x90;  // overlong
        if (b0 == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
        return {Kind::Invalid, 1, 0};
    }
    for (std::size_t k = 1; k < len; ++k) {
        if (i + k >= s.size()) return {Kind::Incomplete, s.size() - i, 0};
        const auto b = static_cast<unsigned char>(s[i + k]);
        if (b < lo || b > hi) return {Kind::Invalid, 1, 0};
        lo = 0x80;
        hi = 0xBF;
        cp = (cp << 6) | (b & 0x3Fu);
    }
    return {Kind::Char, len, cp};
}

bool terminal_acts_on(char32_t c) {
    return (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069);
}

bool xml_cannot_hold(char32_t c) {
    return (c < 0x20 && c != '\t' && c != '\n') || c == 0xFFFE || c == 0xFFFF;
}

/// Writes `s` to `out(const char*, size_t)` with the characters `escaped` selects and every invalid byte
/// as visible escapes. With `hold`, a well-formed but incomplete sequence at the end is not written:
/// the number of its bytes is returned.
template <class Escaped, class Out>
std::size_t escape(std::string_view s, Escaped escaped, bool hold, Out&& out) {
    std::size_t i = 0, run = 0;
    char buf[12];
    while (i < s.size()) {
        const auto b = static_cast<unsigned char>(s[i]);
        if (b >= 0x20 && b < 0x7F) {
            ++i;
            continue;
        }
        const Unit u = unit_at(s, i);
        if (u.kind == Kind::Incomplete && hold) {
            if (i > run) out(s.data() + run, i - run);
            return s.size() - i;
        }
        if (u.kind == Kind::Char && !escaped(u.cp)) {
            i += u.len;
            continue;
        }
        if (i > run) out(s.data() + run, i - run);
        if (u.kind == Kind::Char) {
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(u.cp));
            out(buf, 6);
            i += u.len;
        } else {  // an invalid byte, or an incomplete sequence that nothing will complete
            std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(b));
            out(buf, 4);
            i += 1;
        }
        run = i;
    }
    if (i > run) out(s.data() + run, i - run);
    return 0;
}

}  // namespace

void append_terminal_text(std::string& out, std::string_view s) {
    escape(s, terminal_acts_on, false, [&](const char* p, std::size_t n) { out.append(p, n); });
}

std::string terminal_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    append_terminal_text(out, s);
    return out;
}

bool is_terminal_safe(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const Unit u = unit_at(s, i);
        if (u.kind != Kind::Char || terminal_acts_on(u.cp)) return false;
        i += u.len;
    }
    return true;
}

std::string xml_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    escape(s, xml_cannot_hold, false, [&](const char* p, std::size_t n) { out.append(p, n); });
    return out;
}

std::string valid_utf8_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    escape(
        s, [](char32_t) { return false; }, false, [&](const char* p, std::size_t n) { out.append(p, n); });
    return out;
}

TerminalTextFilter::~TerminalTextFilter() { finish(); }

void TerminalTextFilter::write_locked(const char* s, std::size_t n) {
    auto out = [this](const char* p, std::size_t k) { target_->sputn(p, static_cast<std::streamsize>(k)); };
    std::string joined;
    std::string_view text(s, n);
    if (held_n_ > 0) {  // the rest of a sequence an earlier write began
        joined.assign(held_, held_n_);
        joined.append(s, n);
        text = joined;
        held_n_ = 0;
    }
    const std::size_t keep = escape(text, terminal_acts_on, true, out);
    for (std::size_t k = 0; k < keep; ++k) held_[k] = text[text.size() - keep + k];
    held_n_ = keep;
}

TerminalTextFilter::int_type TerminalTextFilter::overflow(int_type ch) {
    if (traits_type::eq_int_type(ch, traits_type::eof())) return traits_type::not_eof(ch);
    const char c = traits_type::to_char_type(ch);
    std::lock_guard<std::mutex> lock(mutex_);
    write_locked(&c, 1);
    return ch;
}

std::streamsize TerminalTextFilter::xsputn(const char* s, std::streamsize n) {
    if (n <= 0) return 0;
    std::lock_guard<std::mutex> lock(mutex_);
    write_locked(s, static_cast<std::size_t>(n));
    return n;
}

int TerminalTextFilter::sync() {
    std::lock_guard<std::mutex> lock(mutex_);
    return target_->pubsync();
}

void TerminalTextFilter::finish() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (held_n_ > 0) {
        escape(std::string_view(held_, held_n_), terminal_acts_on, false,
               [this](const char* p, std::size_t k) { target_->sputn(p, static_cast<std::streamsize>(k)); });
        held_n_ = 0;
    }
    target_->pubsync();
}

TerminalTextGuard::TerminalTextGuard(std::ostream& stream) : stream_(stream), filter_(stream.rdbuf()) {
    stream_.rdbuf(&filter_);
}

TerminalTextGuard::~TerminalTextGuard() {
    stream_.flush();
    filter_.finish();
    stream_.rdbuf(filter_.target());
}

std::string table_cell(std::string_view s, bool csv) {
    if (!csv) return xml_text(s);
    std::string out = terminal_text(s);
    if (!out.empty() && std::string_view("=+-@\t").find(out.front()) != std::string_view::npos)
        out.insert(0, 1, '\'');
    return out;
}

}  // namespace gis
