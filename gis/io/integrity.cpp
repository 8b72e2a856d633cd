#include "gis/io/integrity.hpp"

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <tuple>
#include <vector>

#include "gis/core/i18n.hpp"
#include "gis/io/sqlite_db.hpp"

namespace gis::io {
namespace {

std::mutex& state_mutex() {
    static std::mutex m;
    return m;
}

struct Damage {
    std::string path, what;
};
std::optional<Damage>& first_damage() {
    static std::optional<Damage> d;
    return d;
}

/// Files already checked and found sound in this process: path -> (size, mtime seconds, nanos, depth).
std::map<std::string, std::tuple<off_t, time_t, long, int>>& checked_files() {
    static std::map<std::string, std::tuple<off_t, time_t, long, int>> m;
    return m;
}

}  // namespace

IntegrityDepth open_check_depth(std::uintmax_t size) {
    if (size <= kFullCheckMaxBytes) return IntegrityDepth::Full;
    if (size <= kQuickCheckMaxBytes) return IntegrityDepth::Quick;
    return IntegrityDepth::Tables;
}

bool looks_like_sqlite_header(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return false;
    unsigned char head[100] = {};
    const std::size_t n = std::fread(head, 1, sizeof head, f);
    std::fclose(f);
    if (n < sizeof head) return false;
    // Past the 16-byte magic string: the page size (a power of two from 512 to 65536, 1 meaning 65536)
    // and the three payload fractions, which SQLite fixes at 64, 32 and 32.
    const unsigned page = (head[16] << 8) | head[17];
    const bool page_ok = page == 1 || (page >= 512 && (page & (page - 1)) == 0);
    return page_ok && head[21] == 64 && head[22] == 32 && head[23] == 32;
}

bool has_hot_journal(const std::string& path) {
    struct stat journal {};
    return ::stat((path + "-journal").c_str(), &journal) == 0 && S_ISREG(journal.st_mode) &&
           journal.st_size > 0;
}

bool is_sqlite_file(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return false;
    char head[16] = {};
    const std::size_t n = std::fread(head, 1, sizeof head, f);
    std::fclose(f);
    return n == sizeof head && std::memcmp(head, "SQLite format 3", 16) == 0;
}

std::string printable_ascii(std::string_view raw, std::size_t max_chars) {
    std::string out;
    for (char c : raw) {
        if (out.size() >= max_chars) {
            out += "...";
            break;
        }
        const auto u = static_cast<unsigned char>(c);
        out += (u == '\n' || u == '\t') ? ' ' : (u >= 0x20 && u < 0x7f) ? c : '?';
    }
    return out;
}

bool is_damage_message(std::string_view m) {
    for (const char* sig : {"malformed", "not a database", "corrupt", "disk image", "SQLITE_CORRUPT",
                            "SQLITE_NOTADB", "btreeInitPage"})
        if (m.find(sig) != std::string_view::npos) return true;
    return false;
}

namespace {
/// printable_ascii, but in Chinese the valid UTF-8 characters (the translated reason) are kept.
std::string printable_reason(std::string_view raw) {
    if (gis::i18n::language() != gis::i18n::Lang::Zh) return printable_ascii(raw);
    std::string out;
    for (std::size_t i = 0; i < raw.size();) {
        if (out.size() >= 480) {
            out += "...";
            break;
        }
        const auto u = static_cast<unsigned char>(raw[i]);
        const std::size_t len = u >= 0xF0 && u < 0xF5 ? 4 : u >= 0xE0 ? 3 : u >= 0xC2 && u < 0xE0 ? 2 : 0;
        bool valid = len > 0 && i + len <= raw.size();
        for (std::size_t k = 1; valid && k < len; ++k)
            valid = (static_cast<unsigned char>(raw[i + k]) & 0xC0) == 0x80;
        if (valid) {
            out.append(raw.substr(i, len));
            i += len;
            continue;
        }
        out += (u == '\n' || u == '\t') ? ' ' : (u >= 0x20 && u < 0x7f) ? raw[i] : '?';
        ++i;
    }
    return out;
}
}  // namespace

Error damaged_file(const std::string& path, std::string_view what) {
    return make_error(
        ErrorCode::Damaged,
        gis::i18n::format(_("{0}: the file is damaged ({1}); nothing was computed from it. Restore "
                            "it from a backup (SQLite's own check: sqlite3 FILE 'PRAGMA "
                            "integrity_check')"),
                          path, printable_reason(what)));
}

void note_damage(const std::string& path, std::string_view what) {
    std::lock_guard<std::mutex> lock(state_mutex());
    if (!first_damage()) first_damage() = Damage{path, std::string(what)};
}

std::optional<Error> damage_seen(const std::string& fallback_path) {
    std::lock_guard<std::mutex> lock(state_mutex());
    if (!first_damage()) return std::nullopt;
    const auto& d = *first_damage();
    return damaged_file(!d.path.empty()          ? d.path
                        : !fallback_path.empty() ? fallback_path
                                                 : std::string(_("the data set")),
                        d.what);
}

namespace {

/// Runs `sql` and gives its rows' first column as text; nullopt when it fails.
std::optional<std::vector<std::string>> column(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) return std::nullopt;
    std::vector<std::string> out;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const auto* t = sqlite3_column_text(s, 0);
        out.emplace_back(t ? reinterpret_cast<const char*>(t) : "");
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return std::nullopt;
    return out;
}

/// SQLite's own check: PRAGMA quick_check or integrity_check.
Result<void> sqlite_check(sqlite3* db, const std::string& path, IntegrityDepth depth) {
    sqlite3_stmt* s = nullptr;
    const char* sql = depth == IntegrityDepth::Full ? "PRAGMA integrity_check(8)" : "PRAGMA quick_check(8)";
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, nullptr);
    std::string verdict;
    int rows = 0;
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        rc = sqlite3_step(s);
        if (rc != SQLITE_ROW) break;
        const auto* t = sqlite3_column_text(s, 0);
        const std::string line = t ? reinterpret_cast<const char*>(t) : "";
        if (line == "ok") continue;
        if (rows++ < 3) verdict += (verdict.empty() ? "" : "; ") + line;
    }
    const int code = sqlite3_extended_errcode(db) & 0xff;
    const std::string errmsg = sqlite3_errmsg(db);
    sqlite3_finalize(s);
    if (!verdict.empty()) return damaged_file(path, "SQLite: " + verdict);
    if (rc != SQLITE_DONE) {
        if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) return damaged_file(path, "SQLite: " + errmsg);
        if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
            return make_error(ErrorCode::ReadOnly,
                              gis::i18n::format(_("{0}: locked by another program that is writing to it; "
                                                  "try again when it has finished"),
                                                path));
    }
    return {};  // or no verdict on the file (a read-only file with a journal to roll back, ...)
}

/// The GeoPackage's own bookkeeping: every table gpkg_contents lists exists (a dropped table would read
/// as an empty layer: no valves, no households), and from the Quick depth on, every spatial index holds
/// one entry per non-empty geometry (a stale index hides features from every area question).
Result<void> geopackage_check(sqlite3* db, const std::string& path, IntegrityDepth depth) {
    auto listed =
        column(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'gpkg_contents'");
    if (!listed || listed->empty()) return {};  // SQLite, not a GeoPackage
    auto missing = column(db,
                          "SELECT table_name FROM gpkg_contents WHERE lower(table_name) NOT IN "
                          "(SELECT lower(name) FROM sqlite_master WHERE type IN ('table', 'view'))");
    if (!missing) return {};  // unreadable here: SQLite's check or the reader says why
    if (!missing->empty())
        return damaged_file(path, gis::i18n::format(_("the GeoPackage lists table '{0}', which is missing"),
                                                    printable_ascii(missing->front())));
    if (depth == IntegrityDepth::Tables) return {};
    auto indexed = column(db,
                          "SELECT table_name || char(31) || column_name FROM gpkg_extensions WHERE "
                          "extension_name = 'gpkg_rtree_index'");
    if (!indexed) return {};  // no extensions table: no spatial indexes
    for (const auto& tc : *indexed) {
        const auto sep = tc.find('\x1f');
        if (sep == std::string::npos) continue;
        const std::string table = tc.substr(0, sep), geom = tc.substr(sep + 1);
        const std::string rtree = "rtree_" + table + "_" + geom;
        auto exists = column(db, "SELECT 1 FROM sqlite_master WHERE name = " + sqlite::literal(rtree));
        if (!exists || exists->empty())
            return damaged_file(
                path, gis::i18n::format(_("the spatial index of '{0}' is missing"), printable_ascii(table)));
        // A GeoPackage geometry ('GP' first) has its flags in its 4th byte; bit 4 marks an empty geometry
        // (not indexed). A geometry another program wrote in its own format (SpatiaLite's) is indexed
        // by the GeoPackage's triggers all the same: counted as one.
        const std::string g = sqlite::quoted(geom);
        auto counts = column(db, "SELECT (SELECT COUNT(*) FROM " + sqlite::quoted(rtree) +
                                     ") || ' ' || (SELECT COUNT(*) FROM " + sqlite::quoted(table) +
                                     " WHERE " + g + " IS NOT NULL AND NOT (substr(" + g +
                                     ", 1, 2) = X'4750' AND ((instr('0123456789ABCDEF', substr(hex(substr(" +
                                     g + ", 4, 1)), 1, 1)) - 1) & 1) = 1))");
        if (!counts || counts->empty()) continue;
        long long in_index = -1, geometries = -1;
        if (std::sscanf(counts->front().c_str(), "%lld %lld", &in_index, &geometries) != 2) continue;
        if (in_index != geometries)
            return damaged_file(path,
                                gis::i18n::format(_("the spatial index of '{0}' holds {1} entries for {2} "
                                                    "geometries; area questions would miss features"),
                                                  printable_ascii(table), in_index, geometries));
    }
    return {};
}

}  // namespace

Result<void> check_sqlite_integrity(const std::string& path, IntegrityDepth depth) {
    if (!is_sqlite_file(path)) return {};
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return {};
    const auto stamp =
        std::make_tuple(st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec, static_cast<int>(depth));
    {
        std::lock_guard<std::mutex> lock(state_mutex());
        auto it = checked_files().find(path);
        if (it != checked_files().end() && std::get<0>(it->second) == std::get<0>(stamp) &&
            std::get<1>(it->second) == std::get<1>(stamp) && std::get<2>(it->second) == std::get<2>(stamp) &&
            std::get<3>(it->second) >= std::get<3>(stamp))
            return {};
    }
    // An edit that was killed left its rollback journal: SQLite rolls it back on the first read by a
    // connection that may write (a read-only one cannot, and would see "attempt to write a readonly
    // database"). The roll-back is SQLite's own recovery, not damage.
    const bool hot_journal = has_hot_journal(path);
    // A file marked read-only is not written even by root (who could): its journal stays for its owner.
    const bool can_write = ::access(path.c_str(), W_OK) == 0 && (st.st_mode & 0222) != 0;
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(
        path.c_str(), &db, hot_journal && can_write ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_close(db);
        if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT) return damaged_file(path, sqlite3_errstr(rc));
        return {};  // cannot open here: the reader that follows says why (permissions, locks)
    }
    sqlite3_busy_timeout(db, 2'000);
    auto verdict = depth == IntegrityDepth::Tables ? Result<void>() : sqlite_check(db, path, depth);
    if (verdict) verdict = geopackage_check(db, path, depth);
    sqlite3_close(db);
    if (!verdict) return verdict;
    std::lock_guard<std::mutex> lock(state_mutex());
    checked_files()[path] = stamp;
    return {};
}

}  // namespace gis::io
