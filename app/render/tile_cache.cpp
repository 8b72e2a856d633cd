#include "app/render/tile_cache.hpp"

#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "gis/core/paths.hpp"

namespace app::render {

namespace fs = std::filesystem;

namespace {
constexpr char kMagic[8] = {'N', 'B', 'H', 'D', 'T', 'I', 'L', '1'};

struct Header {
    char magic[8];
    std::uint64_t set;
    std::int32_t level, col, row, size;
    std::uint64_t packed;  ///< bytes of zlib data that follow
};

std::string hex(std::uint64_t v) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016" PRIx64, v);
    return buf;
}
}  // namespace

std::shared_ptr<TileDiskCache> TileDiskCache::open_default() {
    const char* env = std::getenv("NBHD_TILE_CACHE");
    if (env && std::strcmp(env, "off") == 0) return nullptr;
    return open(env && *env ? fs::path(env) : fs::path(gis::user_cache_dir()) / "tiles");
}

std::shared_ptr<TileDiskCache> TileDiskCache::open(const fs::path& dir, std::uint64_t max_bytes) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir, ec)) return nullptr;
    std::shared_ptr<TileDiskCache> c(new TileDiskCache(dir));
    c->pruner_ = std::thread([c = c.get(), max_bytes] { c->prune(max_bytes); });
    return c;
}

TileDiskCache::~TileDiskCache() {
    if (pruner_.joinable()) pruner_.join();
}

fs::path TileDiskCache::set_dir(std::uint64_t set) const { return dir_ / hex(set); }

fs::path TileDiskCache::tile_path(std::uint64_t set, const Place& p) const {
    return set_dir(set) /
           (std::to_string(p.level) + "_" + std::to_string(p.col) + "_" + std::to_string(p.row) + ".tile");
}

void TileDiskCache::touch(std::uint64_t set) {
    if (touched_ == set) return;
    touched_ = set;
    std::error_code ec;
    // The folder's time says when its data set was last shown: pruning removes the oldest first.
    fs::last_write_time(set_dir(set), fs::file_time_type::clock::now(), ec);
}

std::optional<std::vector<unsigned char>> TileDiskCache::load(std::uint64_t set, const Place& place,
                                                              int size) {
    const fs::path path = tile_path(set, place);
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    auto reject = [&]() -> std::optional<std::vector<unsigned char>> {
        in.close();
        std::error_code ec;
        fs::remove(path, ec);
        return std::nullopt;
    };
    Header h{};
    if (!in.read(reinterpret_cast<char*>(&h), sizeof h)) return reject();
    const std::uint64_t want = static_cast<std::uint64_t>(size) * static_cast<std::uint64_t>(size) * 3;
    if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0 || h.set != set || h.level != place.level ||
        h.col != place.col || h.row != place.row || h.size != size || h.packed == 0 ||
        h.packed > 2 * want + 64)
        return reject();
    std::vector<unsigned char> packed(h.packed);
    if (!in.read(reinterpret_cast<char*>(packed.data()), static_cast<std::streamsize>(packed.size())))
        return reject();
    std::vector<unsigned char> rgb(want);
    uLongf got = static_cast<uLongf>(want);
    // zlib checks its own Adler-32: a flipped byte is an error, never a wrong picture.
    if (uncompress(rgb.data(), &got, packed.data(), static_cast<uLong>(packed.size())) != Z_OK || got != want)
        return reject();
    touch(set);
    return rgb;
}

bool TileDiskCache::store(std::uint64_t set, const Place& place, int size,
                          const std::vector<unsigned char>& rgb) {
    const std::uint64_t want = static_cast<std::uint64_t>(size) * static_cast<std::uint64_t>(size) * 3;
    if (rgb.size() != want) return false;
    std::error_code ec;
    fs::create_directories(set_dir(set), ec);
    if (ec) return false;
    std::vector<unsigned char> packed(compressBound(static_cast<uLong>(want)));
    uLongf n = static_cast<uLongf>(packed.size());
    // Level 1: a map tile is mostly runs of a few colours, which the fastest level packs nearly as well.
    if (compress2(packed.data(), &n, rgb.data(), static_cast<uLong>(want), 1) != Z_OK) return false;
    Header h{};
    std::memcpy(h.magic, kMagic, sizeof kMagic);
    h.set = set;
    h.level = place.level;
    h.col = place.col;
    h.row = place.row;
    h.size = size;
    h.packed = n;
    const fs::path path = tile_path(set, place);
    const fs::path tmp = path.string() + ".tmp" + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(&h), sizeof h);
        out.write(reinterpret_cast<const char*>(packed.data()), static_cast<std::streamsize>(n));
        if (!out.flush()) {
            out.close();
            fs::remove(tmp, ec);
            return false;
        }
    }
    fs::rename(tmp, path, ec);
    if (ec) {
        fs::remove(tmp, ec);
        return false;
    }
    touch(set);
    return true;
}

std::uint64_t TileDiskCache::prune(std::uint64_t max_bytes, std::uint64_t keep) const {
    struct SetDir {
        fs::path path;
        fs::file_time_type used;
        std::uint64_t bytes = 0;
    };
    std::vector<SetDir> sets;
    std::uint64_t total = 0;
    std::error_code ec;
    for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code e2;
        if (!it->is_directory(e2)) continue;
        SetDir s{it->path(), fs::last_write_time(it->path(), e2), 0};
        for (fs::directory_iterator f(it->path(), e2), fend; !e2 && f != fend; f.increment(e2)) {
            std::error_code e3;
            const auto n = f->file_size(e3);
            if (!e3) s.bytes += n;
        }
        total += s.bytes;
        sets.push_back(std::move(s));
    }
    std::sort(sets.begin(), sets.end(), [](const SetDir& a, const SetDir& b) { return a.used < b.used; });
    const std::string kept = keep ? hex(keep) : std::string();
    for (const auto& s : sets) {
        if (total <= max_bytes) break;
        if (!kept.empty() && s.path.filename() == kept) continue;
        std::error_code e2;
        fs::remove_all(s.path, e2);
        if (!e2) total -= std::min(total, s.bytes);
    }
    return total;
}

}  // namespace app::render
