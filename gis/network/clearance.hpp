#pragma once
/// @file
/// Horizontal clearance between a buried gas pipe and building foundations, by pressure class.
///
/// The defaults are the horizontal clearances to building foundations in GB 50028 (城镇燃气设计规范),
/// table 6.3.3-1: low pressure 0.7 m, medium pressure B 1.0 m, medium pressure A 1.5 m. They are
/// defaults only: check them against the edition of the standard in force and local rules, and set
/// other values through `ClearanceRules`. Footprints stand in for foundations.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gis/core/geometry.hpp"
#include "gis/core/result.hpp"

namespace gis::network {

enum class PressureClass { Low, MediumB, MediumA };
/// "low", "medium-b", "medium-a".
const char* to_string(PressureClass p);
/// Accepts "low", "medium-b", "medium-a" (also "medium_b", "mb", "ma", case-insensitive). BadInput
/// otherwise, listing the accepted names.
Result<PressureClass> parse_pressure(std::string_view text);

/// Required horizontal clearance in metres per pressure class.
struct ClearanceRules {
    double low_m = 0.7;
    double medium_b_m = 1.0;
    double medium_a_m = 1.5;
    double required(PressureClass p) const;
};

struct ClearanceViolation {
    std::int64_t building_id = -1;
    double distance_m = 0;  ///< from the pipe to the footprint (0 when the pipe touches or crosses it)
    double required_m = 0;
    Point at;  ///< the point of the pipe closest to the building
};

/// Building footprints behind a spatial index. Build once per data set (O(n log n)); `check()` costs
/// O(log n + k) for a route, so it can run on every mouse move while a route is drawn. Thread-safe
/// once built.
class ClearanceChecker {
  public:
    struct Footprint {
        std::int64_t building_id = -1;
        Polygon polygon;
    };
    explicit ClearanceChecker(std::vector<Footprint> footprints);
    ClearanceChecker(ClearanceChecker&&) noexcept;
    ClearanceChecker& operator=(ClearanceChecker&&) noexcept;
    ~ClearanceChecker();

    /// Buildings closer to `route` than `required_m`, nearest first. Buildings in `exempt` (the
    /// building a service pipe serves) are skipped.
    std::vector<ClearanceViolation> check(const LineString& route, double required_m,
                                          const std::vector<std::int64_t>& exempt = {}) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace gis::network
