#pragma once
/// @file
/// The overview's tiles kept on disk between runs: a data set opened again shows its first picture from
/// the tiles drawn last time instead of drawing them from its geometry. GL-free.
///
///   - Keyed by what the picture is made of (Overview's disk key): the data file's state (path, size,
///     modification time; any write by any program changes it), each layer's band and look, the tile's
///     scale and place, the program build. A tile of data that changed is never found, so never shown;
///     tiles are made only from layers read unchanged from a local file (never from a server, an edit in
///     progress or a highlight), and hold only the map: no labels, no personal data.
///   - Layout: DIR/<key of the data set and look>/<level>_<column>_<row>.tile, each file a small header
///     (magic, key, place, size) and the pixels (RGB) compressed with zlib. A file that is damaged, cut
///     short or of another key is not used and is removed; each is written to a temporary name and renamed,
///     so a crash never leaves half a tile.
///   - Bounded: beyond `max_bytes`, the data sets used least recently lose their tiles (at open, on a
///     worker).
///   - Where: $NBHD_TILE_CACHE (a folder; `off` for none), else user_cache_dir()/tiles.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace app::render {

class TileDiskCache {
  public:
    static constexpr std::uint64_t kDefaultMaxBytes = std::uint64_t{256} << 20;

    /// The cache at $NBHD_TILE_CACHE or the user's cache folder; nullptr when turned off
    /// (NBHD_TILE_CACHE=off) or the folder cannot be made.
    static std::shared_ptr<TileDiskCache> open_default();
    /// A cache in `dir` (made when missing); nullptr when it cannot be made. Prunes on a worker.
    static std::shared_ptr<TileDiskCache> open(const std::filesystem::path& dir,
                                               std::uint64_t max_bytes = kDefaultMaxBytes);
    ~TileDiskCache();
    TileDiskCache(const TileDiskCache&) = delete;
    TileDiskCache& operator=(const TileDiskCache&) = delete;

    struct Place {
        int level = 0, col = 0, row = 0;
    };
    /// The tile stored under `set` (the data set and look) at `place`, `size` x `size` RGB pixels, rows
    /// bottom-up as OpenGL reads them; nullopt when absent, damaged or of another key (then removed).
    std::optional<std::vector<unsigned char>> load(std::uint64_t set, const Place& place, int size);
    /// Stores a tile (`size` x `size` RGB); false when it could not be written (a full disk: the map is
    /// drawn as before, only not kept).
    bool store(std::uint64_t set, const Place& place, int size, const std::vector<unsigned char>& rgb);

    const std::filesystem::path& dir() const { return dir_; }
    /// The folder of one data set's tiles.
    std::filesystem::path set_dir(std::uint64_t set) const;
    /// Removes the tiles of the data sets used least recently until the cache holds at most `max_bytes`
    /// (never those of `keep`). Returns the bytes it holds then.
    std::uint64_t prune(std::uint64_t max_bytes, std::uint64_t keep = 0) const;

  private:
    explicit TileDiskCache(std::filesystem::path dir) : dir_(std::move(dir)) {}
    std::filesystem::path tile_path(std::uint64_t set, const Place& place) const;
    void touch(std::uint64_t set);

    std::filesystem::path dir_;
    std::uint64_t touched_ = 0;  ///< the set whose folder was marked used in this run
    std::thread pruner_;
};

}  // namespace app::render
