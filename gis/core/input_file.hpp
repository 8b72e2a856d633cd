#pragma once
/// @file
/// A user's file, checked before it is read and read within limits. Every import reads what a person
/// hands it: a household list, an office's spreadsheet, a manifest. Something that is no file (a
/// device such as /dev/zero, a named pipe, a folder) is refused before a byte is read, since it may
/// never end; a file read whole has a size limit; a CSV file is read record by record, each record and
/// cell within a limit, so that one runaway cell costs its own row and never the rows after it.

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "gis/core/result.hpp"

namespace gis::input {

/// A cell (one field's text). An address, a name or a note is well under 1 KiB and Excel holds at
/// most 32,767 characters in a cell (about 96 KiB of Chinese in UTF-8 at the very most); 64 KiB keeps
/// every real cell and stops a pasted document or a runaway quote.
inline constexpr std::size_t kCellBytes = 64 * 1024;
/// A record: one line, or the lines a quoted cell spans. A register's row is about 200 bytes; 1 MiB
/// is sixteen cells at their limit.
inline constexpr std::size_t kRecordBytes = 1024 * 1024;
/// Lines a quoted cell may span (a note with line breaks has a few). A quote still open after this
/// many lines, or at the end of the file, was never closed: its record is rejected and reading goes on
/// at the line after the one it opened on, so that the rows below are read as rows.
inline constexpr int kRecordLines = 100;
/// Spreadsheets (.xlsx, .ods) are read whole into memory. Excel's largest sheet (1,048,576 rows) of a
/// household register is about 60 MB; 256 MiB leaves room for several sheets. A longer list goes in a
/// CSV file, which is read row by row with no size limit.
inline constexpr std::uint64_t kSpreadsheetBytes = 256ull << 20;
/// What a spreadsheet unpacks to (its zip members together): 1 GiB holds a full sheet's XML several
/// times over; far more is a zip bomb.
inline constexpr std::uint64_t kSpreadsheetUnpackedBytes = 1ull << 30;
/// A manifest (TOML) is read whole: a district's is a few KiB, a city's with overrides typed by hand
/// well under 1 MiB.
inline constexpr std::uint64_t kManifestBytes = 16ull << 20;

/// "12.0 MiB", "64 KiB", "300 bytes".
std::string byte_size(std::uint64_t bytes);

/// Checks, before anything reads it, that `path` is a regular file (a symbolic link is followed and
/// its target judged) of at most `max_bytes` bytes (0: any size). Returns its size. Errors: NotFound
/// (no such file, or a link to nothing); BadInput (exit 2) for a folder, a device (/dev/zero), a named
/// pipe or a socket: such a path exists but is no file, so nothing about its contents is claimed (which
/// "not a GIS file", exit 4, would); BadInput for a file over `max_bytes`, with its size and the limit.
/// `advice` follows the size message (what to do instead, e.g. "save it as CSV").
Result<std::uint64_t> check_file(const std::string& path, std::uint64_t max_bytes = 0,
                                 const std::string& advice = "");

/// A zip container (.xlsx, .ods) whose members together unpack to at most kSpreadsheetUnpackedBytes.
/// Reads only the zip's central directory. Errors: BadInput (over the limit, or no zip at all: "not a
/// spreadsheet").
Result<void> check_zip_unpacked_size(const std::string& path,
                                     std::uint64_t max_bytes = kSpreadsheetUnpackedBytes);

/// Why a row could not be read, in English and Chinese (reports speak the user's language).
struct RowProblem {
    std::string en, zh;
    bool empty() const { return en.empty(); }
    const std::string& text(bool chinese) const { return chinese ? zh : en; }
};

/// A cell over kCellBytes: "cell 3 holds 12.0 MiB, over the 64 KiB a cell may hold".
RowProblem cell_too_long(std::size_t cell_index, std::uint64_t bytes);

/// One record of a CSV file.
struct CsvRecord {
    int line = 0;                    ///< the line it starts on (1: the file's first), as an editor shows it
    std::vector<std::string> cells;  ///< raw bytes (no encoding applied), quotes removed
    /// Why the record could not be read (a cell or the record over its limit, a quote never closed); its
    /// cells are then empty. A person's row number is `line`.
    RowProblem problem;
    /// No cell holds anything but white space (and no problem): an empty row, which imports ignore.
    bool blank() const;
};

/// Reads a CSV file (RFC 4180: quoted cells with "" for a quote may span lines) record by record within
/// kCellBytes, kRecordBytes and kRecordLines. A UTF-8 byte-order mark is skipped, CRLF and LF line ends
/// are read alike, a last line without a line end is a record, and empty lines are no records. The
/// separator is the one of `,` `;` and tab that the first lines use most outside quotes. Cells are the
/// file's bytes: UTF-8 or GB18030 alike (quotes, separators and line ends are the same ASCII bytes in
/// both).
class CsvReader {
  public:
    /// Opens `path` after check_file. Errors: those of check_file; Io when it cannot be opened.
    static Result<CsvReader> open(const std::string& path);

    CsvReader(CsvReader&&) noexcept;
    CsvReader& operator=(CsvReader&&) noexcept;
    ~CsvReader();

    /// The next record; false at the end of the file.
    bool next(CsvRecord& out);
    char separator() const;
    /// The first 64 KiB hold a control character other than tab and line ends (a binary file under a
    /// .csv name), or nothing but white space.
    bool looks_binary() const;
    bool looks_blank() const;

  private:
    struct Impl;
    explicit CsvReader(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace gis::input
