#pragma once
/// @file
/// Damaged files are noticed, never half-read. A GeoPackage is an SQLite database: SQLite's own
/// structure checks (PRAGMA quick_check, integrity_check) find a flipped or truncated page, and every
/// read error GDAL or SQLite reports on the way is an error, not a skipped feature. Whatever is found
/// is one kind of error (ErrorCode::Damaged, exit 11) with one message: what is wrong, and to restore
/// the file from a backup. Messages carry only printable ASCII of what the damaged file said.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "gis/core/result.hpp"

namespace gis::io {

/// SQLite files up to this size (a community's data) get SQLite's full `PRAGMA integrity_check` when a
/// command opens them (about 4 ms per MB on a 2-core machine): it also finds an index out of order,
/// which the quick check does not.
inline constexpr std::uintmax_t kFullCheckMaxBytes = std::uintmax_t{16} << 20;
/// Up to this size, `PRAGMA quick_check` (about 1.3 ms per MB); larger files rely on the read checks,
/// and `nbhd check` checks a file of any size whole.
inline constexpr std::uintmax_t kQuickCheckMaxBytes = std::uintmax_t{64} << 20;

/// A SQLite rollback journal with content next to the file: an edit that was killed, to roll back.
bool has_hot_journal(const std::string& path);

/// True when `path` is a regular file that starts with SQLite's header ("SQLite format 3").
bool is_sqlite_file(const std::string& path);

/// True when the rest of SQLite's 100-byte header is there even if its first 16 bytes are not: an
/// SQLite file whose first bytes were overwritten (damage), not a file of another kind.
bool looks_like_sqlite_header(const std::string& path);

enum class IntegrityDepth {
    Tables,  ///< only the GeoPackage's list of tables against the file's (any size: it reads no rows)
    Quick,   ///< PRAGMA quick_check: page structure, no index-against-table comparison; spatial indexes
    Full,    ///< PRAGMA integrity_check: everything SQLite can verify
};

/// The check a command makes when it opens a file of this size (above); Tables for a big city.
IntegrityDepth open_check_depth(std::uintmax_t file_size);

/// Runs SQLite's check on `path` (nothing for a file that is not SQLite) and, for a GeoPackage, checks
/// its bookkeeping: the tables it lists exist (any depth), and each spatial index holds one entry per
/// non-empty geometry (Quick and Full). A file found sound is not
/// checked again at the same or a lesser depth in this process while its size and modification time
/// stay the same. Errors: Damaged with the first
/// problems SQLite names; ReadOnly when another program holds a write lock for longer than 2 s.
Result<void> check_sqlite_integrity(const std::string& path, IntegrityDepth depth);

/// The error for a damaged file: "<path>: the file is damaged (<what>); restore it from a backup".
Error damaged_file(const std::string& path, std::string_view what);

/// `raw` with everything but printable ASCII replaced by '?', cut to `max_chars`: what a damaged file
/// said, fit to print.
std::string printable_ascii(std::string_view raw, std::size_t max_chars = 160);

/// True for the messages SQLite (and GDAL quoting it) gives for a damaged database.
bool is_damage_message(std::string_view message);

/// Records that a read met damage (called by the GDAL error handler, which knows no path, and by the
/// SQLite wrapper). The first record of the process is kept.
void note_damage(const std::string& path, std::string_view what);

/// The first damage any read of this process met, as the error to report (naming `fallback_path` when
/// the record has no path); nullopt when none. The command line checks it before exiting, so that no
/// answer computed from half a file exits 0.
std::optional<Error> damage_seen(const std::string& fallback_path = {});

}  // namespace gis::io
