#pragma once
// Scratch folders for tests: fresh for each call, unique to the process (ctest runs tests in parallel
// processes), and removed when the process ends, so that a suite leaves nothing behind in the
// temporary folder. NBHD_KEEP_TEST_FILES=1 keeps them, to look at after a failure.

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

namespace nbhd_test {

class ScratchFolders {
  public:
    static ScratchFolders& instance() {
        static ScratchFolders s;
        return s;
    }
    std::string make(const std::string& prefix) {
        static std::atomic<int> counter{0};
        const auto dir = std::filesystem::temp_directory_path() /
                         (prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
        std::filesystem::create_directories(dir);
        std::lock_guard lock(mutex_);
        made_.push_back(dir);
        return dir.string();
    }
    ~ScratchFolders() {
        const char* keep = std::getenv("NBHD_KEEP_TEST_FILES");
        if (keep && *keep && std::string(keep) != "0") return;
        std::error_code ec;
        for (const auto& d : made_) std::filesystem::remove_all(d, ec);
    }

  private:
    std::mutex mutex_;
    std::vector<std::filesystem::path> made_;
};

inline std::string scratch_dir(const std::string& prefix) { return ScratchFolders::instance().make(prefix); }

}  // namespace nbhd_test
