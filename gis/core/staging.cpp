#include "gis/core/staging.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

#include "gis/core/i18n.hpp"
#include "gis/core/paths.hpp"

namespace fs = std::filesystem;

namespace gis {
namespace {

/// True when process `pid` no longer runs (a pid of another user's live process counts as running).
bool dead(long pid) { return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH; }

/// The writer's pid in a staged name "PID-N.ext"; -1 when the name is not one.
long staged_pid(const std::string& name) {
    const auto dash = name.find('-');
    if (dash == 0 || dash == std::string::npos) return -1;
    const std::string digits = name.substr(0, dash);
    if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 9) return -1;
    return std::strtol(digits.c_str(), nullptr, 10);
}

/// The writer's pid in an older temporary name "…tmp-PID" or "…tmp-PID.ext"; -1 when not one.
long legacy_pid(const std::string& name) {
    const auto at = name.rfind(".tmp-");
    if (at == std::string::npos) return -1;
    std::string rest = name.substr(at + 5);
    const auto dot = rest.find('.');
    if (dot != std::string::npos) rest = rest.substr(0, dot);
    if (rest.empty() || rest.size() > 9 || rest.find_first_not_of("0123456789") != std::string::npos)
        return -1;
    return std::strtol(rest.c_str(), nullptr, 10);
}

std::string registry_path() { return user_data_dir() + "/staging-folders"; }

void remember_folder(const std::string& folder) {
    std::error_code ec;
    const std::string reg = registry_path();
    {
        std::ifstream in(reg);
        std::string line;
        while (std::getline(in, line))
            if (line == folder) return;
    }
    fs::create_directories(fs::path(reg).parent_path(), ec);
    // One short line appended with O_APPEND: two writers cannot interleave inside it.
    const int fd = ::open(reg.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) return;
    const std::string line = folder + "\n";
    [[maybe_unused]] auto n = ::write(fd, line.data(), line.size());
    ::close(fd);
}

void sync_path(const std::string& p, int flags) {
    const int fd = ::open(p.c_str(), flags | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

/// The process's umask, read without changing it (umask(2) would, for every thread).
mode_t process_umask() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("Umask:", 0) == 0)
            return static_cast<mode_t>(std::strtol(line.c_str() + 6, nullptr, 8));
    return 022;
}

void remove_with_journal(const std::string& p) {
    std::error_code ec;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(p + suffix, ec);
}

}  // namespace

void sweep_staging_folder(const std::string& folder) {
    std::error_code ec;
    const fs::path dir = folder.empty() ? fs::path(".") : fs::path(folder);
    const fs::path staging = dir / kStagingFolder;
    if (fs::is_directory(staging, ec)) {
        for (const auto& e : fs::directory_iterator(staging, ec)) {
            std::string name = e.path().filename().string();
            for (const char* suffix : {"-journal", "-wal", "-shm"})
                if (name.size() > std::strlen(suffix) && name.ends_with(suffix))
                    name.resize(name.size() - std::strlen(suffix));
            if (dead(staged_pid(name))) fs::remove(e.path(), ec);
        }
        fs::remove(staging, ec);  // only when empty
    }
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        if (e.is_regular_file(ec) && dead(legacy_pid(name))) fs::remove(e.path(), ec);
    }
}

void sweep_staging_leftovers() {
    std::ifstream in(registry_path());
    std::string line;
    std::set<std::string> folders;
    while (std::getline(in, line))
        if (!line.empty()) folders.insert(line);
    std::error_code ec;
    for (const auto& f : folders)
        if (fs::is_directory(fs::path(f) / kStagingFolder, ec)) sweep_staging_folder(f);
}

Result<StagedFile> StagedFile::create(const std::string& destination, std::string_view extension,
                                      bool private_data) {
    std::error_code ec;
    if (destination.empty()) return make_error(ErrorCode::BadInput, _("no output file given"));
    fs::path dest(destination);
    fs::path dir = dest.has_parent_path() ? dest.parent_path() : fs::path(".");
    if (!fs::is_directory(dir, ec))
        return make_error(ErrorCode::NotFound,
                          gis::i18n::format(_("{0}: the folder {1} does not exist"), destination, dir.string()));
    if (::access(dir.c_str(), W_OK) != 0)
        return make_error(ErrorCode::ReadOnly,
                          gis::i18n::format(_("{0}: the folder {1} is not writable"), destination, dir.string()));
    const fs::path abs_dir = fs::absolute(dir, ec);
    sweep_staging_folder(abs_dir.string());
    const fs::path staging = abs_dir / kStagingFolder;
    remember_folder(abs_dir.string());  // before the folder exists: a kill after mkdir is still swept
    static std::atomic<unsigned> counter{0};
    StagedFile f;
    f.destination_ = destination;
    f.folder_ = staging.string();
    f.private_ = private_data;
    f.path_ =
        (staging / (std::to_string(::getpid()) + "-" + std::to_string(counter++) + std::string(extension)))
            .string();
    // The staged file's lock keeps the folder from being empty while it is in use: another nbhd's sweep
    // removes only an empty staging folder (and only dead writers' files). Should a sweep remove the
    // folder between its creation and the lock's, it is made again.
    for (int attempt = 0;; ++attempt) {
        if (::mkdir(staging.c_str(), 0700) != 0 && errno != EEXIST)
            return make_error(ErrorCode::Io, gis::i18n::format(_("{0}: cannot create {1}: {2}"), destination,
                                                               staging.string(), std::strerror(errno)));
        struct stat st {};
        if (::lstat(staging.c_str(), &st) != 0) {
            if (errno == ENOENT && attempt < 20) continue;
            return make_error(ErrorCode::Io, staging.string() + ": " + std::strerror(errno));
        }
        if (!S_ISDIR(st.st_mode) || st.st_uid != ::geteuid())
            return make_error(ErrorCode::Io,
                              gis::i18n::format(_("{0} is not a folder of this user; remove it"), staging.string()));
        ::chmod(staging.c_str(), 0700);
        const int fd = ::open(f.lock_path().c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
        if (fd >= 0) {
            ::close(fd);
            break;
        }
        if (errno == ENOENT && attempt < 20) continue;
        return make_error(ErrorCode::Io,
                          gis::i18n::format(_("{0}: cannot create {1}: {2}"), destination, f.lock_path(),
                                            std::strerror(errno)));
    }
    remove_with_journal(f.path_);
    return f;
}

StagedFile::StagedFile(StagedFile&& o) noexcept
    : path_(std::move(o.path_)),
      destination_(std::move(o.destination_)),
      folder_(std::move(o.folder_)),
      private_(o.private_),
      done_(o.done_) {
    o.done_ = true;
}

StagedFile& StagedFile::operator=(StagedFile&& o) noexcept {
    if (this != &o) {
        discard();
        path_ = std::move(o.path_);
        destination_ = std::move(o.destination_);
        folder_ = std::move(o.folder_);
        private_ = o.private_;
        done_ = o.done_;
        o.done_ = true;
    }
    return *this;
}

StagedFile::~StagedFile() { discard(); }

void StagedFile::discard() {
    if (done_) return;
    done_ = true;
    remove_with_journal(path_);
    std::error_code ec;
    fs::remove(lock_path(), ec);
    fs::remove(folder_, ec);  // only when empty
}

void StagedFile::restrict_access() const {
    if (private_ && !done_) ::chmod(path_.c_str(), 0600);
}

Result<void> StagedFile::commit() {
    if (done_) return make_error(ErrorCode::Internal, _("the staged file was already committed or discarded"));
    std::error_code ec;
    if (!fs::is_regular_file(path_, ec)) {
        discard();
        return make_error(ErrorCode::Io, gis::i18n::format(_("{0}: nothing was written"), destination_));
    }
    sync_path(path_, O_RDONLY);
    if (private_) {
        ::chmod(path_.c_str(), 0600);
    } else {
        ::chmod(path_.c_str(), 0666 & ~process_umask());
    }
    if (::rename(path_.c_str(), destination_.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        discard();
        return make_error(ErrorCode::Io,
                          gis::i18n::format(_("cannot put {0} in place: {1}; nothing was changed"), destination_,
                                            why));
    }
    done_ = true;
    remove_with_journal(path_);
    fs::remove(lock_path(), ec);
    fs::remove(folder_, ec);
    const fs::path dest(destination_);
    sync_path(dest.has_parent_path() ? dest.parent_path().string() : ".", O_RDONLY | O_DIRECTORY);
    return {};
}

}  // namespace gis
