#include "app/cli/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>

#include "app/i18n/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/core/terminal_text.hpp"

namespace app::cli {

namespace {

std::string clock_text(double seconds) {
    const auto s = static_cast<long long>(std::max(0.0, std::round(seconds)));
    char buf[32];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, (s / 60) % 60, s % 60);
    else
        std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
    return buf;
}

}  // namespace

ProgressReporter::Mode ProgressReporter::mode_for(bool quiet) {
    if (quiet) return Mode::Quiet;
    return ::isatty(2) ? Mode::Terminal : Mode::Log;
}

ProgressReporter::ProgressReporter(Mode mode, std::FILE* out, std::function<double()> clock)
    : mode_(mode), out_(out), clock_(std::move(clock)) {}

double ProgressReporter::now() const {
    if (clock_) return clock_();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

std::string ProgressReporter::label() const {
    // A stage is a translation key, or a name from the data (a layer's): never raw control characters.
    const char* text = i18n::find_text(stage_);
    return gis::terminal_text(text ? std::string(text) : stage_);
}

void ProgressReporter::operator()(const std::string& stage, std::int64_t done, std::int64_t total) {
    if (mode_ == Mode::Quiet) return;
    const double t = now();
    if (stage != stage_) {
        if (!stage_.empty()) end_stage(t);
        stage_ = stage;
        stage_start_ = t;
        last_tenth_ = -1;
        last_log_ = t;
        last_draw_ = -1;
        if (mode_ == Mode::Log) std::fprintf(out_, "%s …\n", label().c_str());
    }
    done_ = std::max<std::int64_t>(0, done);
    total_ = std::max<std::int64_t>(0, total);
    const double elapsed = t - stage_start_;
    const double rate = elapsed > 0.2 ? static_cast<double>(done_) / elapsed : 0;
    std::string figures =
        done_ == 0 && total_ == 0 ? std::string() : gis::with_commas(done_);  // nothing counted
    if (total_ > 0) figures += " / " + gis::with_commas(total_);
    std::string speed;
    if (rate > 0) {
        speed = "  " + gis::with_commas(static_cast<std::int64_t>(std::llround(rate))) + "/s";
        if (total_ > done_)
            speed += "  " + std::string(i18n::tr("progress.left")) + " " +
                     clock_text(static_cast<double>(total_ - done_) / rate);
    }
    const int pct = total_ > 0 ? static_cast<int>(std::min<std::int64_t>(100, done_ * 100 / total_)) : -1;
    if (mode_ == Mode::Terminal) {
        if (last_draw_ >= 0 && t - last_draw_ < 0.1 && done_ != total_) return;
        last_draw_ = t;
        std::string bar;
        if (pct >= 0) {
            const int width = 24, filled = pct * width / 100;
            bar = " [" + std::string(static_cast<std::size_t>(filled), '#') +
                  std::string(static_cast<std::size_t>(width - filled), '.') + "] " + std::to_string(pct) +
                  "%";
        }
        std::fprintf(out_, "\r%s%s  %s%s\x1b[K", label().c_str(), bar.c_str(), figures.c_str(),
                     speed.c_str());
        std::fflush(out_);
        drawn_ = true;
        return;
    }
    // A log: a line at each tenth, or every ten seconds when the total is not known (or slow).
    const int tenth = pct >= 0 ? pct / 10 : -1;
    if ((tenth > last_tenth_ && tenth > 0 && tenth < 10) || t - last_log_ >= 10) {
        std::fprintf(out_, "%s: %s%s%s\n", label().c_str(), figures.c_str(),
                     pct >= 0 ? (" (" + std::to_string(pct) + "%)").c_str() : "", speed.c_str());
        last_log_ = t;
    }
    last_tenth_ = std::max(last_tenth_, tenth);
}

void ProgressReporter::end_stage(double t) {
    if (mode_ == Mode::Log) {
        std::string figures = done_ == 0 && total_ == 0 ? std::string() : gis::with_commas(done_) + ", ";
        if (total_ > 0) figures.insert(figures.size() - 2, " / " + gis::with_commas(total_));
        std::fprintf(out_, "%s: %s%s %s\n", label().c_str(), figures.c_str(), i18n::tr("progress.took"),
                     clock_text(t - stage_start_).c_str());
    }
}

void ProgressReporter::finish() {
    if (mode_ == Mode::Quiet || stage_.empty()) return;
    end_stage(now());
    if (mode_ == Mode::Terminal && drawn_) std::fprintf(out_, "\r\x1b[K");
    std::fflush(out_);
    stage_.clear();
    drawn_ = false;
}

}  // namespace app::cli
