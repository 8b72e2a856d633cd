#pragma once
/// @file
/// Internal to gis/network: reusable per-query marks and a pool of working sets, so that a query on a
/// large network neither clears nor allocates arrays the size of the network.

#include <algorithm>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace gis::network::detail {

/// A set of marks over [0, n) that is emptied in O(1) by advancing a generation counter.
class Stamps {
  public:
    void reset(std::size_t n) {
        if (marks_.size() != n) {
            marks_.assign(n, 0);
            generation_ = 0;
        }
        if (++generation_ == 0) {  // wrapped around: clear once
            std::fill(marks_.begin(), marks_.end(), 0);
            generation_ = 1;
        }
    }
    bool test(std::size_t i) const { return marks_[i] == generation_; }
    /// Marks i; returns true when it was not marked yet.
    bool mark(std::size_t i) {
        if (marks_[i] == generation_) return false;
        marks_[i] = generation_;
        return true;
    }

  private:
    std::vector<std::uint32_t> marks_;
    std::uint32_t generation_ = 0;
};

/// A thread-safe pool of working sets of type T. `Lease` hands one back when it goes out of scope.
template <class T>
class Pool {
  public:
    class Lease {
      public:
        Lease(const Pool& pool, std::unique_ptr<T> item) : pool_(pool), item_(std::move(item)) {}
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease() { pool_.give_back(std::move(item_)); }
        T& operator*() { return *item_; }
        T* operator->() { return item_.get(); }

      private:
        const Pool& pool_;
        std::unique_ptr<T> item_;
    };

    Lease take() const {
        std::lock_guard lock(mutex_);
        if (free_.empty()) return Lease(*this, std::make_unique<T>());
        auto item = std::move(free_.back());
        free_.pop_back();
        return Lease(*this, std::move(item));
    }

  private:
    void give_back(std::unique_ptr<T> item) const {
        std::lock_guard lock(mutex_);
        free_.push_back(std::move(item));
    }
    mutable std::mutex mutex_;
    mutable std::vector<std::unique_ptr<T>> free_;
};

}  // namespace gis::network::detail
