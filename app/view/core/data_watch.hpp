#pragma once
/// @file
/// Live data: notices when another program (the command line, a colleague's viewer) committed a change to
/// the GeoPackage the viewer shows, and says which of its tables changed. SQLite's `data_version` tells,
/// for the cost of a page read, whether any other connection committed since the last look; only then
/// are the watched tables compared (row count, last row id and gpkg_contents.last_change; for a small
/// table, such as the plan items, a hash of its rows too, since an edit in place keeps its count).
/// GL-free.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gis/core/result.hpp"

namespace app::view {

class DataWatch {
  public:
    /// Watches `path` when it is a GeoPackage (an SQLite file) or a district on a PostGIS server (whose
    /// tables notify io::pg::kChangeChannel after each change: the viewer LISTENs); nullptr for any other
    /// source (a shapefile) or one that cannot be opened.
    static std::unique_ptr<DataWatch> open(const std::string& path);
    ~DataWatch();
    DataWatch(const DataWatch&) = delete;
    DataWatch& operator=(const DataWatch&) = delete;

    /// The tables to compare (the map's layers); their current state is the baseline.
    void watch(const std::vector<std::string>& tables);
    /// Tables changed by another connection since the last call (or since watch()); empty when nothing
    /// was committed. Looks at the file at most once per `interval` (sooner calls return empty).
    std::vector<std::string> changed(std::chrono::milliseconds interval = std::chrono::milliseconds(500));
    /// Tables smaller than this are compared row by row (a hash of their bytes).
    static constexpr std::int64_t kSmallTable = 20000;

  private:
    struct Signature {
        std::int64_t rows = -1, last_id = -1;
        std::string last_change;
        std::uint64_t content = 0;  ///< small tables: a hash of every row
        friend bool operator==(const Signature&, const Signature&) = default;
    };
    struct Impl;
    explicit DataWatch(std::unique_ptr<Impl> impl);
    Signature signature(const std::string& table) const;
    std::int64_t data_version() const;

    std::unique_ptr<Impl> impl_;
    std::int64_t version_ = -1;
    std::map<std::string, Signature> tables_;
    std::chrono::steady_clock::time_point last_look_{};
};

}  // namespace app::view
