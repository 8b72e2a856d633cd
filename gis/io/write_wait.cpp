#include "gis/io/write_wait.hpp"
#include "gis/core/i18n.hpp"

#include <cstdlib>
#include <mutex>
#include <set>

namespace gis::io {
namespace {
std::mutex& mutex() {
    static std::mutex m;
    return m;
}
WaitReporter& reporter() {
    static WaitReporter r;
    return r;
}
}  // namespace

Result<double> write_wait_setting() {
    const char* v = std::getenv("NBHD_WRITE_WAIT");
    if (!v || !*v) return 60.0;
    char* end = nullptr;
    const double s = std::strtod(v, &end);
    if (end == v || *end != '\0' || !(s >= 0 && s <= 3600))
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("NBHD_WRITE_WAIT='{0}': give the seconds a writer waits for "
                                              "another, 0 to 3600"),
                                            v));
    return s;
}

double write_wait_limit_s() {
    auto s = write_wait_setting();
    return s ? *s : 60.0;
}

void set_wait_reporter(WaitReporter r) {
    std::lock_guard<std::mutex> lock(mutex());
    reporter() = std::move(r);
}

void report_waiting(const std::string& path) {
    static std::set<std::string> told;
    WaitReporter r;
    {
        std::lock_guard<std::mutex> lock(mutex());
        if (!told.insert(path).second) return;
        r = reporter();
    }
    if (r) r(path, write_wait_limit_s());
}

}  // namespace gis::io
