#pragma once
/// @file
/// Text from data (a household's name, an address, a layer or file name, a stored query) as a terminal
/// may show it. Control characters, bidi overrides and bytes that are not UTF-8 become visible escapes,
/// so no data can move the cursor, erase or fake a line, or turn the text after it around.
///
/// Escapes: `\u001b` for C0 controls other than `\n` and `\t`, DEL and C1 (U+0080–U+009F); `\u202e` for
/// the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069); `\xff` for each byte that
/// is not part of well-formed UTF-8. The `\uXXXX` form is also JSON's own escape, so JSON text (whose
/// strings are valid UTF-8) stays valid JSON with the same meaning when it passes through.

#include <cstddef>
#include <mutex>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>

namespace gis {

/// `s` with every character a terminal acts on written as a visible escape (see above).
std::string terminal_text(std::string_view s);
/// Appends terminal_text(s) to `out`.
void append_terminal_text(std::string& out, std::string_view s);
/// True when terminal_text(s) == s.
bool is_terminal_safe(std::string_view s);

/// `s` as an XML 1.0 document holds it, with the same visible escapes for what it cannot: C0 controls
/// other than tab and line feed (a carriage return written as it is reads back as a line feed), U+FFFE,
/// U+FFFF, and bytes that are not UTF-8.
std::string xml_text(std::string_view s);

/// A cell of an exported table (households, notice lists). In CSV: every character a terminal acts on
/// written as a visible escape (terminal_text: `cat list.csv` can clear no screen, and the file imports
/// again), and a cell starting with = + - @ (or, after escaping, a tab) behind an apostrophe, which
/// spreadsheet programs would otherwise run as a formula (the import removes it). In XLSX: xml_text.
std::string table_cell(std::string_view s, bool csv);

/// `s` with only the bytes that are not part of well-formed UTF-8 written as `\xNN` (for text that must
/// be stored as UTF-8, such as an audit record).
std::string valid_utf8_text(std::string_view s);

/// An output buffer that passes everything written to it through terminal_text to `target`. A UTF-8
/// sequence split across writes is held until its last byte arrives; finish() (or the destructor)
/// writes bytes still held as `\xNN`. Writes are serialised, so several threads may share it.
class TerminalTextFilter : public std::streambuf {
  public:
    explicit TerminalTextFilter(std::streambuf* target) : target_(target) {}
    ~TerminalTextFilter() override;
    TerminalTextFilter(const TerminalTextFilter&) = delete;
    TerminalTextFilter& operator=(const TerminalTextFilter&) = delete;

    std::streambuf* target() const { return target_; }
    /// Writes what is held (an incomplete UTF-8 sequence) as escapes and flushes the target.
    void finish();

  protected:
    int_type overflow(int_type ch) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;
    int sync() override;

  private:
    void write_locked(const char* s, std::size_t n);

    std::streambuf* target_;
    std::mutex mutex_;
    char held_[4] = {};
    std::size_t held_n_ = 0;
};

/// Puts a TerminalTextFilter in front of `stream`'s buffer for as long as it lives, then puts the
/// stream's own buffer back (after writing what the filter still holds).
class TerminalTextGuard {
  public:
    explicit TerminalTextGuard(std::ostream& stream);
    ~TerminalTextGuard();
    TerminalTextGuard(const TerminalTextGuard&) = delete;
    TerminalTextGuard& operator=(const TerminalTextGuard&) = delete;

  private:
    std::ostream& stream_;
    TerminalTextFilter filter_;
};

}  // namespace gis
