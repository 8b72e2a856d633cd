#pragma once
/// @file
/// A small deterministic random source (SplitMix64). The standard library's distributions differ
/// between implementations; these do not, so a seed gives the same data set everywhere.

#include <cstdint>
#include <vector>

namespace gis::generate {

class Rng {
  public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next();
    /// Uniform in [0, 1).
    double uniform();
    /// Uniform in [lo, hi).
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    /// Uniform integer in [lo, hi] (inclusive).
    int range(int lo, int hi);
    bool chance(double p) { return uniform() < p; }
    /// Index drawn with the given (non-negative) weights.
    std::size_t weighted(const std::vector<double>& weights);
    template <class T>
    const T& pick(const std::vector<T>& v) {
        return v[static_cast<std::size_t>(range(0, static_cast<int>(v.size()) - 1))];
    }
    template <class T>
    void shuffle(std::vector<T>& v) {
        for (std::size_t i = v.size(); i > 1; --i)
            std::swap(v[i - 1], v[static_cast<std::size_t>(range(0, static_cast<int>(i) - 1))]);
    }

  private:
    std::uint64_t state_;
};

}  // namespace gis::generate
