#pragma once
/// @file
/// Coordinate reference systems through PROJ. Axis order is always normalised for visualisation:
/// callers pass (x = east, y = north) and get (x = longitude, y = latitude) in degrees.

#include <memory>
#include <string>

#include "gis/core/geometry.hpp"
#include "gis/core/result.hpp"

namespace gis::crs {

struct CrsInfo {
    std::string name;       ///< e.g. "CGCS2000 / 3-degree Gauss-Kruger CM 111E"
    std::string authority;  ///< e.g. "EPSG:4546", empty when unknown
    bool projected = false;
    bool geographic = false;
    std::string unit;  ///< linear unit name of a projected CRS, e.g. "metre"
    double unit_to_metre = 1.0;
};

/// Describes a CRS given as "EPSG:nnnn", WKT or PROJ string. Unknown text gives ErrorCode::WrongCrs.
Result<CrsInfo> describe(const std::string& definition);

/// Ok when `definition` is a projected CRS in metres; else ErrorCode::WrongCrs with a message that says
/// why (geographic, feet, unknown) and what to do (reproject to a projected CRS such as EPSG:4546).
Result<CrsInfo> require_metric(const std::string& definition, const std::string& what);

/// A reusable transformation between two CRSs (creating one costs tens of ms: create once, reuse).
/// Not thread-safe: one per thread.
class Transformer {
  public:
    static Result<Transformer> create(const std::string& from, const std::string& to);
    /// Data CRS -> WGS 84 lon/lat.
    static Result<Transformer> to_lonlat(const std::string& from) { return create(from, "EPSG:4326"); }

    Transformer(Transformer&&) noexcept;
    Transformer& operator=(Transformer&&) noexcept;
    ~Transformer();

    Point forward(const Point& p) const;  ///< from -> to; NaN coordinates when the point is out of range
    Point inverse(const Point& p) const;  ///< to -> from

  private:
    struct Impl;
    explicit Transformer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace gis::crs
