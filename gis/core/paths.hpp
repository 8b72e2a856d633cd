#pragma once
/// @file
/// Where data lives. The shipped data set in assets/ is never written to: commands work on a copy in
/// the user's data directory, made from the asset on first use.

#include <cstdint>
#include <string>

#include "gis/core/result.hpp"

namespace gis {

/// The folder of nbhd's shipped data (the sample district), the first of: $NBHD_DATA_DIR,
/// $NBHD_ASSET_DIR, `<folder of the executable>/../share/nbhd` when it exists (an installed nbhd,
/// wherever its prefix is), and the source tree's assets/ (a build tree).
std::string data_dir();

/// Path of the shipped district data set: data_dir()/chonghua.gpkg.
std::string shipped_dataset_path();

/// The running program's own path (/proc/self/exe); empty when it cannot be read.
std::string executable_path();

/// The user's data directory for nbhd: $XDG_DATA_HOME/nbhd, else ~/.local/share/nbhd.
std::string user_data_dir();

/// The user's cache directory for nbhd: $XDG_CACHE_HOME/nbhd, else ~/.cache/nbhd (what can be made again
/// from the data: the map's tiles).
std::string user_cache_dir();

/// A key for the state of a local data file: its absolute path, size, modification and change times and
/// inode, and those of its SQLite write-ahead log and rollback journal when present. Any program's write
/// to the file changes it (the change time cannot be set back); reading does not. 0 for what is not a local file (a PostgreSQL connection, a missing path).
std::uint64_t file_state_key(const std::string& path);

/// The data set commands use when --data is not given: the working copy in user_data_dir(), copied
/// from the shipped asset on first use (atomically: copy to a temporary name, then rename).
Result<std::string> default_working_dataset();

/// Resolves a --data argument: empty -> default_working_dataset(); otherwise the path as given.
Result<std::string> resolve_dataset(const std::string& data_arg);

/// Copies a file atomically (temp file + fsync + rename). Never leaves a partial destination.
Result<void> copy_file_atomic(const std::string& from, const std::string& to);

}  // namespace gis
