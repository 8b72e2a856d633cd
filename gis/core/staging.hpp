#pragma once
/// @file
/// Files are written whole or not at all, and a killed writer leaves no personal data behind. Every file
/// nbhd writes (a district GeoPackage, an export with names and phones, a notice list, the PDF brief, the
/// working copy of the sample) is written under a temporary name in a private folder beside its
/// destination (`.nbhd-staging/`, mode 0700, so no other user can open what is half-written), then
/// synced and renamed into place. A writer that dies on the way (kill -9, power cut) leaves its file in
/// that folder only; the next nbhd that starts, or that stages into the same folder, removes it.

#include <string>
#include <string_view>

#include "gis/core/result.hpp"

namespace gis {

/// The private folder's name, beside each destination.
inline constexpr const char* kStagingFolder = ".nbhd-staging";

class StagedFile {
  public:
    /// Reserves a temporary path for `destination` (whose folder must exist and be writable) in the
    /// staging folder beside it. `extension` (".gpkg", ".csv") ends the temporary name, for writers that
    /// choose the format by it. A `private_data` file (personal data) is given mode 0600 when it takes
    /// its name; others get the usual mode (0666 less the umask). Removes dead writers' leftovers first.
    static Result<StagedFile> create(const std::string& destination, std::string_view extension = {},
                                     bool private_data = true);

    StagedFile(StagedFile&& o) noexcept;
    StagedFile& operator=(StagedFile&& o) noexcept;
    StagedFile(const StagedFile&) = delete;
    StagedFile& operator=(const StagedFile&) = delete;
    ~StagedFile();  ///< discards the file unless committed

    /// Where to write.
    const std::string& path() const { return path_; }
    const std::string& destination() const { return destination_; }

    /// Gives a `private_data` file mode 0600 now, once its writer has created it (the folder is private
    /// already; this narrows the file too while it is written). Nothing for other files.
    void restrict_access() const;

    /// Syncs the written file, gives it its mode, renames it over the destination and syncs the folder.
    /// The file must be closed by its writer first. Errors: Io (nothing is then at the destination that
    /// was not there before).
    Result<void> commit();
    /// Removes the temporary file (and an SQLite journal beside it).
    void discard();

  private:
    StagedFile() = default;
    /// Beside the staged file while it is in use (see create()).
    std::string lock_path() const { return path_ + ".lock"; }
    std::string path_, destination_, folder_;
    bool private_ = true;
    bool done_ = false;
};

/// Removes what killed writers left: files in every staging folder this user's nbhd has used (listed in
/// user_data_dir()) whose writing process no longer runs, and the staging folders left empty. Cheap; the
/// command line and the viewer call it when they start.
void sweep_staging_leftovers();

/// As above for one destination folder: its staging folder's dead files, and temporary files an older
/// nbhd left beside destinations there (".NAME.tmp-PID.EXT", "NAME.tmp-PID").
void sweep_staging_folder(const std::string& folder);

}  // namespace gis
