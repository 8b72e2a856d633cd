#pragma once
/// @file
/// The viewer's one copy of the district: read from the data set once, on a worker, shared by every
/// panel that computes with it (figures, gas isolation, households, schedule conflicts, gating, the
/// presentation's plan), and read again only when the data set changed underneath (the document's data
/// generation). Panels take the shared future into their own worker and wait for it there. GL-free.

#include <cstdint>
#include <future>
#include <memory>
#include <mutex>
#include <string>

#include "gis/core/result.hpp"
#include "gis/district/model.hpp"

namespace app::view {

using SharedDistrict = std::shared_ptr<const gis::district::District>;
using DistrictFuture = std::shared_future<gis::Result<SharedDistrict>>;

class DistrictStore {
  public:
    /// The district of `path` as of `generation`: the load already started for them, or a new one.
    DistrictFuture get(const std::string& path, std::uint64_t generation);
    /// How many times a district was read (tests: one per data set and generation).
    int loads() const;

  private:
    mutable std::mutex mutex_;
    std::string path_;
    std::uint64_t generation_ = 0;
    DistrictFuture future_;
    int loads_ = 0;
};

}  // namespace app::view
