#include "gis/core/input_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <utility>

#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"

namespace gis::input {
namespace {

namespace fs = std::filesystem;

struct FileCloser {
    void operator()(std::FILE* f) const {
        if (f) std::fclose(f);
    }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

/// What a path that is no regular file is, in words.
std::string kind_of(mode_t mode) {
    if (S_ISDIR(mode)) return _("a folder");
    if (S_ISCHR(mode)) return _("a character device");
    if (S_ISBLK(mode)) return _("a block device (a disk)");
    if (S_ISFIFO(mode)) return _("a named pipe (FIFO)");
    if (S_ISSOCK(mode)) return _("a socket");
    return _("not a regular file");
}

std::uint32_t le32(const unsigned char* p) {
    return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 |
           std::uint32_t(p[3]) << 24;
}
std::uint16_t le16(const unsigned char* p) { return static_cast<std::uint16_t>(p[0] | p[1] << 8); }

constexpr std::size_t kMaxCells = 16384;  // Excel's column count
constexpr std::size_t kSniffBytes = 65536;

}  // namespace

std::string byte_size(std::uint64_t bytes) {
    for (const auto& [unit, name] :
         {std::pair{1ull << 30, " GiB"}, {1ull << 20, " MiB"}, {1ull << 10, " KiB"}})
        if (bytes >= unit)
            return (bytes % unit == 0
                        ? std::to_string(bytes / unit)
                        : fmt_fixed(static_cast<double>(bytes) / static_cast<double>(unit), 1)) +
                   name;
    return std::to_string(bytes) + " bytes";
}

Result<std::uint64_t> check_file(const std::string& path, std::uint64_t max_bytes,
                                 const std::string& advice) {
    struct stat own {};
    const bool link = ::lstat(path.c_str(), &own) == 0 && S_ISLNK(own.st_mode);
    std::string named = path;
    if (link) {
        std::error_code ec;
        const fs::path target = fs::read_symlink(path, ec);
        named = gis::i18n::format(_("{0} (a symbolic link to {1})"), named, ec ? std::string("?") : target.string());
    }
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        const int e = errno;
        if (e == ENOENT || e == ENOTDIR)
            return make_error(ErrorCode::NotFound,
                              link ? gis::i18n::format(_("{0}: the file it points to does not exist"), named)
                                   : gis::i18n::format(_("{0}: no such file"), path));
        if (e == EACCES) return make_error(ErrorCode::Io, gis::i18n::format(_("{0}: permission denied"), named));
        return make_error(ErrorCode::Io, named + ": " + std::strerror(e));
    }
    if (!S_ISREG(st.st_mode)) {
        const std::string what = kind_of(st.st_mode);
        return make_error(
            ErrorCode::BadInput,
            S_ISDIR(st.st_mode)
                ? gis::i18n::format(_("{0} is {1}, not a file: nothing was read from it (give a file in it)"), named,
                                    what)
                : gis::i18n::format(_("{0} is {1}, not a file: nothing was read from it (it may never end); save "
                                      "the data to a file and give that"),
                                    named, what));
    }
    const auto size = static_cast<std::uint64_t>(st.st_size);
    if (max_bytes > 0 && size > max_bytes)
        return make_error(ErrorCode::BadInput,
                          advice.empty()
                              ? gis::i18n::format(_("{0} is {1}, over the {2} a file of this kind may have"), named,
                                                  byte_size(size), byte_size(max_bytes))
                              : gis::i18n::format(_("{0} is {1}, over the {2} a file of this kind may have: {3}"),
                                                  named, byte_size(size), byte_size(max_bytes), advice));
    return size;
}

Result<void> check_zip_unpacked_size(const std::string& path, std::uint64_t max_bytes) {
    FilePtr f(std::fopen(path.c_str(), "rb"));
    if (!f)
        return make_error(ErrorCode::Io,
                          gis::i18n::format(_("{0}: cannot be opened ({1})"), path, std::strerror(errno)));
    if (fseeko(f.get(), 0, SEEK_END) != 0) return {};
    const off_t size = ftello(f.get());
    // The end of central directory record: 22 bytes and a comment of up to 65,535 at the end.
    const off_t tail = std::min<off_t>(size, 22 + 65535);
    std::vector<unsigned char> buf(static_cast<std::size_t>(tail));
    if (fseeko(f.get(), size - tail, SEEK_SET) != 0 ||
        std::fread(buf.data(), 1, buf.size(), f.get()) != buf.size())
        return {};
    std::optional<std::size_t> eocd;
    for (std::size_t i = buf.size() >= 22 ? buf.size() - 22 + 1 : 0; i-- > 0;)
        if (le32(&buf[i]) == 0x06054b50) {
            eocd = i;
            break;
        }
    if (!eocd) return {};  // no zip: the reader says what it is
    const std::uint32_t cd_size = le32(&buf[*eocd + 12]);
    const std::uint32_t cd_offset = le32(&buf[*eocd + 16]);
    const std::string over =
        gis::i18n::format(_("{0}: unpacks to more than {1}, more than a spreadsheet of a community holds (a "
                            "damaged or hostile file?); save the sheet as CSV"),
                          path, byte_size(max_bytes));
    if (cd_offset == 0xFFFFFFFFu || cd_size == 0xFFFFFFFFu) return make_error(ErrorCode::BadInput, over);
    if (static_cast<off_t>(cd_offset) + cd_size > size || cd_size > (64u << 20)) return {};
    std::vector<unsigned char> cd(cd_size);
    if (fseeko(f.get(), cd_offset, SEEK_SET) != 0 ||
        std::fread(cd.data(), 1, cd.size(), f.get()) != cd.size())
        return {};
    std::uint64_t total = 0;
    for (std::size_t at = 0; at + 46 <= cd.size() && le32(&cd[at]) == 0x02014b50;) {
        const std::uint32_t unpacked = le32(&cd[at + 24]);
        if (unpacked == 0xFFFFFFFFu) return make_error(ErrorCode::BadInput, over);  // a zip64 member: 4 GiB+
        total += unpacked;
        if (total > max_bytes) return make_error(ErrorCode::BadInput, over);
        at += 46u + le16(&cd[at + 28]) + le16(&cd[at + 30]) + le16(&cd[at + 32]);
    }
    return {};
}

RowProblem cell_too_long(std::size_t cell_index, std::uint64_t bytes) {
    const std::string n = std::to_string(cell_index + 1);
    return {"cell " + n + " holds " + byte_size(bytes) + ", over the " + byte_size(kCellBytes) +
                " a cell may hold",
            "第 " + n + " 列有 " + byte_size(bytes) + "，超过单元格上限 " + byte_size(kCellBytes)};
}

bool CsvRecord::blank() const {
    if (!problem.empty()) return false;
    for (const auto& c : cells)
        if (c.find_first_not_of(" \t\r\n") != std::string::npos) return false;
    return true;
}

struct CsvReader::Impl {
    FilePtr file;
    std::vector<char> buf = std::vector<char>(kSniffBytes);
    std::size_t pos = 0, len = 0;
    std::uint64_t buf_at = 0;  // the file offset of buf[0]
    int line = 1;
    char sep = ',';
    bool binary = false, blank = true;

    bool fill() {
        buf_at += len;
        len = std::fread(buf.data(), 1, buf.size(), file.get());
        pos = 0;
        return len > 0;
    }
    int get() {
        if (pos == len && !fill()) return EOF;
        return static_cast<unsigned char>(buf[pos++]);
    }
    int peek() {
        if (pos == len && !fill()) return EOF;
        return static_cast<unsigned char>(buf[pos]);
    }
    /// The next byte with CR LF and a lone CR read as LF.
    int get_char() {
        const int c = get();
        if (c != '\r') return c;
        if (peek() == '\n') get();
        return '\n';
    }
    std::uint64_t offset() const { return buf_at + pos; }
    void seek(std::uint64_t at) {
        if (at >= buf_at && at <= buf_at + len) {
            pos = static_cast<std::size_t>(at - buf_at);
            return;
        }
        fseeko(file.get(), static_cast<off_t>(at), SEEK_SET);
        buf_at = at;
        len = pos = 0;
    }

    /// Looks at the first 64 KiB (read into the buffer): a byte-order mark, control characters, the
    /// separator the first lines use most outside quotes.
    void sniff() {
        fill();
        const std::string_view head(buf.data(), len);
        if (head.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
        std::array<std::size_t, 3> counts{};
        const char cand[3] = {',', ';', '\t'};
        bool quoted = false;
        int lines = 0;
        for (std::size_t i = pos; i < head.size() && lines < 10; ++i) {
            const auto u = static_cast<unsigned char>(head[i]);
            if (u == '"') quoted = !quoted;
            if (quoted) continue;
            if (u == '\n') ++lines;
            for (int k = 0; k < 3; ++k)
                if (head[i] == cand[k]) ++counts[k];
        }
        // No text holds a NUL byte, and a file of text holds control characters rarely: one in a name
        // (an escape typed by accident, or on purpose) costs that row only; binary data is full of them.
        std::size_t controls = 0;
        for (std::size_t i = pos; i < head.size(); ++i) {
            const auto u = static_cast<unsigned char>(head[i]);
            if (u != ' ' && u != '\t' && u != '\r' && u != '\n') blank = false;
            if (u == 0) binary = true;
            if (u < 0x20 && u != '\t' && u != '\r' && u != '\n') ++controls;
        }
        if (controls > 8 && controls * 100 > head.size() - pos) binary = true;
        sep = counts[1] > counts[0] && counts[1] >= counts[2] ? ';' : counts[2] > counts[0] ? '\t' : ',';
    }

    bool next(CsvRecord& out) {
        out.cells.clear();
        out.problem = {};
        for (;;) {  // empty lines are no records
            const int c = peek();
            if (c == EOF) return false;
            if (c != '\r' && c != '\n') break;
            get_char();
            ++line;
        }
        const int start_line = line;
        out.line = start_line;
        std::optional<std::uint64_t> second_line;  // where reading resumes after a quote never closed
        std::string cell;
        std::size_t cell_bytes = 0, record_bytes = 0, cell_index = 0;
        bool quoted = false, cell_start = true, spanned = false, closed_after_span = false;
        int quote_line = 0;
        // The first cell over its limit (reported before a row over its limit: it says where to look).
        std::optional<std::pair<std::size_t, std::size_t>> long_cell;
        bool too_many_cells = false;
        auto storing = [&] { return !long_cell && !too_many_cells && record_bytes <= kRecordBytes; };
        auto push = [&]() {
            if (cell_bytes > kCellBytes && !long_cell) long_cell = {cell_index, cell_bytes};
            if (++cell_index > kMaxCells) too_many_cells = true;
            if (storing()) out.cells.push_back(std::move(cell));
            cell.clear();
            cell_bytes = 0;
            cell_start = true;
            closed_after_span = false;
        };
        auto never_closed = [&](const std::string& why, const std::string& why_zh) {
            out.cells.clear();
            const std::string q = std::to_string(quote_line);
            out.problem = {"a quote opened on line " + q + " " + why +
                               " (an unterminated quote); the lines after it are read as rows",
                           "第 " + q + " 行的引号" + why_zh + "（引号未闭合）；其后各行照常读取"};
            if (second_line) {
                seek(*second_line);
                line = start_line + 1;
            }
            return true;
        };
        for (;;) {
            const int c = get_char();
            if (c == EOF) {
                if (quoted) return never_closed("is never closed", "直到文件末尾都没有闭合");
                push();
                break;
            }
            ++record_bytes;
            if (quoted) {
                if (c == '"') {
                    if (peek() == '"') {
                        get();
                        ++cell_bytes;
                        if (cell_bytes <= kCellBytes && storing()) cell += '"';
                        continue;
                    }
                    quoted = false;
                    closed_after_span = spanned;
                    continue;
                }
                if (c == '\n') {
                    ++line;
                    if (!second_line) second_line = offset();
                    if (line - quote_line >= kRecordLines)
                        return never_closed("is still open " + std::to_string(kRecordLines) + " lines later",
                                            std::to_string(kRecordLines) + " 行后仍未闭合");
                    spanned = true;
                }
            } else if (c == sep) {
                push();
                continue;
            } else if (c == '\n') {
                ++line;
                push();
                break;
            } else if (c == '"' && cell_start) {
                quoted = true;
                cell_start = false;
                spanned = false;
                quote_line = line;
                continue;
            } else if (closed_after_span && c != ' ' && c != '\t') {
                // A quote that spanned lines and "closed" inside a cell was an unclosed quote meeting the
                // next quoted cell.
                return never_closed("closes on line " + std::to_string(line) + " inside a cell",
                                    "在第 " + std::to_string(line) + " 行的单元格中间才闭合");
            }
            cell_start = false;
            ++cell_bytes;
            if (cell_bytes <= kCellBytes && storing()) cell += static_cast<char>(c);
        }
        if (long_cell) {
            out.problem = cell_too_long(long_cell->first, long_cell->second);
        } else if (record_bytes > kRecordBytes) {
            out.problem = {"the row is longer than " + byte_size(kRecordBytes) + ", the most a row may hold",
                           "该行超过每行上限 " + byte_size(kRecordBytes)};
        } else if (too_many_cells) {
            const std::string n = with_commas(static_cast<std::int64_t>(kMaxCells));
            out.problem = {"the row has more than " + n + " cells", "该行超过 " + n + " 列"};
        }
        if (!out.problem.empty()) out.cells.clear();
        return true;
    }
};

Result<CsvReader> CsvReader::open(const std::string& path) {
    if (auto c = check_file(path); !c) return c.error();
    auto impl = std::make_unique<Impl>();
    impl->file.reset(std::fopen(path.c_str(), "rb"));
    if (!impl->file)
        return make_error(ErrorCode::Io,
                          gis::i18n::format(_("{0}: cannot be opened ({1})"), path, std::strerror(errno)));
    impl->sniff();
    return CsvReader(std::move(impl));
}

CsvReader::CsvReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CsvReader::CsvReader(CsvReader&&) noexcept = default;
CsvReader& CsvReader::operator=(CsvReader&&) noexcept = default;
CsvReader::~CsvReader() = default;

bool CsvReader::next(CsvRecord& out) { return impl_->next(out); }
char CsvReader::separator() const { return impl_->sep; }
bool CsvReader::looks_binary() const { return impl_->binary; }
bool CsvReader::looks_blank() const { return impl_->blank; }

}  // namespace gis::input
