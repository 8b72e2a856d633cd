#pragma once
/// @file
/// A computation a panel runs off the main thread and shows when it is done: started once, polled each
/// frame, its result or its error kept until reset (the schedule, gating and market panels).

#include <chrono>
#include <cstdint>
#include <future>
#include <optional>
#include <string>
#include <utility>

#include "gis/core/result.hpp"

namespace app::view {

template <class T>
class BackgroundResult {
  public:
    /// Neither running nor done: start() may run it.
    bool idle() const { return !job_.valid() && !value_ && error_.empty(); }
    /// Runs `f` (returning gis::Result<T>) on a worker.
    template <class F>
    void start(F f) {
        job_ = std::async(std::launch::async, std::move(f));
    }
    /// True in the frame the result arrives; value() or error() tells which.
    bool poll() {
        if (!job_.valid() || job_.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
            return false;
        auto r = job_.get();
        if (r)
            value_ = std::move(r.value());
        else
            error_ = r.error().message;
        return true;
    }
    /// Started and not picked up yet.
    bool running() const { return job_.valid(); }
    /// Waits for a running computation and picks up its result (scripted set-up only: the UI polls).
    bool wait() {
        if (job_.valid()) job_.wait();
        return poll();
    }
    const std::optional<T>& value() const { return value_; }
    const std::string& error() const { return error_; }
    /// Forgets the result (waits for a running computation) so that the next start() computes again.
    void reset() {
        job_ = {};
        value_.reset();
        error_.clear();
    }

    /// Forgets the result when the data set changed underneath (Document::data_generation moved on), so
    /// that it is computed again from what the file now holds.
    void follow(std::uint64_t generation) {
        if (generation == generation_) return;
        generation_ = generation;
        if (!idle()) reset();
    }

  private:
    std::uint64_t generation_ = 0;
    std::future<gis::Result<T>> job_;
    std::optional<T> value_;
    std::string error_;
};

}  // namespace app::view
