#pragma once
/// @file
/// Files chosen in the viewer: a folder browser for the File menu's Open and Add data and for exports
/// (folders first, then the files a dialog wants, by name), the recently opened data sets, and where an
/// export goes by default (beside the data set, never the working folder). GL- and ImGui-free.

#include <cstdint>
#include <string>
#include <vector>

#include "gis/core/result.hpp"

namespace app::view {

struct FileEntry {
    std::string name;
    bool folder = false;
    std::uintmax_t bytes = 0;
};

class FileBrowser {
  public:
    enum class Mode { Open, Save };
    /// Starts browsing `folder` (absolute or relative to the working folder; a file: its folder) for
    /// files ending in one of `extensions` (".gpkg", ".shp"; empty: every file). Save proposes `name`.
    gis::Result<void> start(Mode mode, const std::string& folder, std::vector<std::string> extensions,
                            std::string name = {});
    Mode mode() const { return mode_; }
    const std::string& folder() const { return folder_; }
    const std::vector<FileEntry>& entries() const { return entries_; }
    const std::string& name() const { return name_; }
    void set_name(std::string name) { name_ = std::move(name); }
    /// Goes into a sub-folder of the listed ones, or ".." to the parent.
    gis::Result<void> enter(const std::string& entry);
    /// Goes to a typed folder (NotFound when there is none).
    gis::Result<void> go(const std::string& folder);
    /// The absolute path the user chose with `name` (a listed file, or a path typed whole). Open: an
    /// existing file or folder (a folder of shapefiles is a data set too); Save: in an existing folder one
    /// can write to, the extension added when missing. BadInput / NotFound / ReadOnly otherwise.
    gis::Result<std::string> choose(const std::string& name) const;

  private:
    gis::Result<void> list(const std::string& folder);
    Mode mode_ = Mode::Open;
    std::string folder_, name_;
    std::vector<std::string> extensions_;
    std::vector<FileEntry> entries_;
};

/// The data sets opened lately, newest first (at most `kMax`), kept in a small JSON file.
class RecentFiles {
  public:
    static constexpr std::size_t kMax = 10;
    /// $XDG_CONFIG_HOME/nbhd/recent.json, else ~/.config/nbhd/recent.json.
    static std::string user_path();
    /// Reads the list (missing or damaged file: empty; files no longer there are left out).
    static RecentFiles load(const std::string& path);
    /// Puts `file` (made absolute; PG: connection strings are never kept) first.
    void add(const std::string& file);
    const std::vector<std::string>& files() const { return files_; }
    gis::Result<void> save(const std::string& path) const;

  private:
    std::vector<std::string> files_;
};

/// The folder an export goes to by default: the data set's own folder when it is a local file there
/// one can write to, else the user's home folder. Never the working folder of the process.
std::string export_folder(const std::string& dataset_path);
/// `path` made absolute (what the user is told was written).
std::string absolute_path(const std::string& path);

}  // namespace app::view
