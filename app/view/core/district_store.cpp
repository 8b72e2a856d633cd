#include "app/view/core/district_store.hpp"

#include "gis/district/loader.hpp"

namespace app::view {

DistrictFuture DistrictStore::get(const std::string& path, std::uint64_t generation) {
    std::lock_guard lock(mutex_);
    if (future_.valid() && path == path_ && generation == generation_) return future_;
    path_ = path;
    generation_ = generation;
    ++loads_;
    future_ =
        std::async(std::launch::async, [path]() -> gis::Result<SharedDistrict> {
            auto d = gis::district::load(path);
            if (!d) return d.error();
            return SharedDistrict(std::make_shared<const gis::district::District>(std::move(d).value()));
        }).share();
    return future_;
}

int DistrictStore::loads() const {
    std::lock_guard lock(mutex_);
    return loads_;
}

}  // namespace app::view
