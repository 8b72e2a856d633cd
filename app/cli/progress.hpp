#pragma once
/// @file
/// The command line's one progress reporter for every long step: on a terminal a bar with the rate and
/// the time left, redrawn at most ten times a second and cleared at the end; in a log (stderr not a
/// terminal) a line when a stage starts, at each tenth of it or every ten seconds, and when it ends with
/// its time; nothing with -q. It writes to stderr, never to stdout (which carries results and JSON).

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>

#include "gis/core/progress.hpp"

namespace app::cli {

class ProgressReporter {
  public:
    enum class Mode { Terminal, Log, Quiet };
    /// Quiet with -q; a bar when stderr is a terminal; log lines otherwise.
    static Mode mode_for(bool quiet);
    /// `clock` returns seconds (tests give their own); `out` defaults to stderr.
    explicit ProgressReporter(Mode mode, std::FILE* out = stderr, std::function<double()> clock = {});
    ~ProgressReporter() { finish(); }
    ProgressReporter(const ProgressReporter&) = delete;
    ProgressReporter& operator=(const ProgressReporter&) = delete;

    /// A stage (a translation key, or a layer's name) with `done` of `total` units (total 0: unknown).
    void operator()(const std::string& stage, std::int64_t done, std::int64_t total);
    /// A function for the gis library's long steps that reports here.
    gis::ProgressFn fn() {
        return [this](const std::string& s, std::int64_t d, std::int64_t t) { (*this)(s, d, t); };
    }
    /// Ends the current stage (the bar cleared; a log's closing line).
    void finish();

  private:
    void end_stage(double now);
    double now() const;
    std::string label() const;

    Mode mode_;
    std::FILE* out_;
    std::function<double()> clock_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::string stage_;
    std::int64_t done_ = 0, total_ = 0;
    double stage_start_ = 0, last_draw_ = -1, last_log_ = 0;
    int last_tenth_ = -1;
    bool drawn_ = false;
};

}  // namespace app::cli
