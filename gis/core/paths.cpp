#include "gis/core/paths.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "gis/core/hash.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/staging.hpp"

namespace fs = std::filesystem;

namespace gis {

std::string executable_path() {
    std::error_code ec;
    auto exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string() : exe.string();
}

std::string data_dir() {
    for (const char* var : {"NBHD_DATA_DIR", "NBHD_ASSET_DIR"})
        if (const char* dir = std::getenv(var); dir && *dir) return dir;
    // Installed: <prefix>/bin/nbhd finds <prefix>/share/nbhd, wherever the prefix was moved to.
    if (auto exe = executable_path(); !exe.empty()) {
        std::error_code ec;
        auto installed = (fs::path(exe).parent_path() / NBHD_DATA_FROM_BINDIR).lexically_normal();
        if (fs::is_directory(installed, ec)) return installed.string();
    }
    // A build tree runs with the source tree's assets.
    return NBHD_ASSET_DIR;
}

std::string shipped_dataset_path() { return data_dir() + "/chonghua.gpkg"; }

std::string user_data_dir() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return std::string(xdg) + "/nbhd";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::string(home) + "/.local/share/nbhd";
    return fs::temp_directory_path().string() + "/nbhd";
}

std::string user_cache_dir() {
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::string(xdg) + "/nbhd";
    if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/nbhd";
    return fs::temp_directory_path().string() + "/nbhd-cache";
}

std::uint64_t file_state_key(const std::string& path) {
    if (path.empty() || path.rfind("PG:", 0) == 0) return 0;
    std::error_code ec;
    const fs::path abs = fs::absolute(path, ec);
    if (ec) return 0;
    struct stat st {};
    if (::stat(abs.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return 0;
    Fnv1a f;
    // The change time too: a program can set a file's modification time back (touch -r, rsync -a,
    // cp -p after an edit), never its change time.
    auto mix_stat = [&](const struct stat& s) {
        const std::int64_t v[6] = {
            static_cast<std::int64_t>(s.st_size),         static_cast<std::int64_t>(s.st_mtim.tv_sec),
            static_cast<std::int64_t>(s.st_mtim.tv_nsec), static_cast<std::int64_t>(s.st_ctim.tv_sec),
            static_cast<std::int64_t>(s.st_ctim.tv_nsec), static_cast<std::int64_t>(s.st_ino)};
        f.value(v);
    };
    f.text(abs.string());
    mix_stat(st);
    for (const char* suffix : {"-wal", "-journal"}) {
        struct stat side {};
        const bool present = ::stat((abs.string() + suffix).c_str(), &side) == 0;
        f.text(suffix);
        f.value(present);
        if (present) mix_stat(side);
    }
    return f.key();
}

Result<void> copy_file_atomic(const std::string& from, const std::string& to) {
    std::error_code ec;
    if (!fs::exists(from, ec))
        return make_error(ErrorCode::NotFound, gis::i18n::format(_("{0}: no such file"), from));
    fs::path dst(to);
    if (dst.has_parent_path()) fs::create_directories(dst.parent_path(), ec);
    if (ec)
        return make_error(ErrorCode::Io, gis::i18n::format(_("cannot create folder {0}: {1}"),
                                                           dst.parent_path().string(), ec.message()));
    // The copy holds a district's personal data: it is written in the private staging folder beside
    // `to` and takes its name (mode 0600) only when whole.
    auto staged = StagedFile::create(to, fs::path(to).extension().string());
    if (!staged) return staged.error();
    {
        std::ifstream in(from, std::ios::binary);
        std::ofstream out(staged->path(), std::ios::binary | std::ios::trunc);
        if (!in || !out)
            return make_error(ErrorCode::Io, gis::i18n::format(_("cannot copy {0} to {1}: {2}"), from, to,
                                                               std::strerror(errno)));
        out << in.rdbuf();
        out.flush();
        if (!out)
            return make_error(ErrorCode::Io,
                              gis::i18n::format(_("cannot write {0} (disk full?); nothing was changed"), to));
    }
    if (auto r = staged->commit(); !r) return r;
    return {};
}

Result<std::string> default_working_dataset() {
    std::string path = user_data_dir() + "/chonghua.gpkg";
    std::error_code ec;
    if (fs::exists(path, ec)) {
        // The working copy holds the district's personal data: only its owner reads it (a copy made by
        // an older nbhd may still be readable by others).
        const auto mode = fs::status(path, ec).permissions();
        if (!ec && (mode & (fs::perms::group_all | fs::perms::others_all)) != fs::perms::none)
            fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write, ec);
        return path;
    }
    auto asset = shipped_dataset_path();
    if (!fs::exists(asset, ec))
        return make_error(
            ErrorCode::NotFound,
            gis::i18n::format(_("the shipped data set {0} is missing; run `nbhd generate district "
                                "--out {0}` or pass --data FILE"),
                              asset));
    if (auto r = copy_file_atomic(asset, path); !r) return r.error();
    return path;
}

Result<std::string> resolve_dataset(const std::string& data_arg) {
    if (data_arg.empty()) return default_working_dataset();
    return data_arg;
}

}  // namespace gis
