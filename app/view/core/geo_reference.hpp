#pragma once
/// @file
/// Where the display CRS is on the Earth: longitude/latitude of map points (the status bar) and the
/// direction of true north on the map (the north arrow; Gauss-Kruger grid north differs from it away
/// from the central meridian).

#include <memory>
#include <optional>
#include <string>

#include "gis/core/geometry.hpp"
#include "gis/crs/crs.hpp"

namespace app::view {

class GeoReference {
  public:
    /// An empty CRS (data without one) gives a reference that knows nothing.
    explicit GeoReference(const std::string& display_crs);
    bool valid() const { return to_lonlat_.has_value(); }
    const std::string& crs() const { return crs_; }
    /// Longitude, latitude in degrees; nullopt outside the CRS's area or without a CRS.
    std::optional<gis::Point> lonlat(const gis::Point& map) const;
    /// Angle of true north from the map's up direction at `map`, radians, counter-clockwise.
    double north_angle(const gis::Point& map) const;

  private:
    std::string crs_;
    std::optional<gis::crs::Transformer> to_lonlat_;
};

}  // namespace app::view
