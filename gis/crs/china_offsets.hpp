#pragma once
/// @file
/// The coordinate offsets of Chinese map apps. Maps published in China (AMap/Gaode, Tencent, Google's
/// China tiles) use GCJ-02, WGS 84 shifted by an obfuscating offset of a few hundred metres; Baidu adds
/// a second shift on top of that (BD-09). Points copied from those apps have to be brought back to
/// WGS 84 before they can be projected with PROJ. These are the published formulas: pure math, no PROJ,
/// and no datum in the geodetic sense (PROJ knows none of them).
///
/// All coordinates are degrees, longitude first. Outside `in_china` no offset is applied.

#include <string_view>

#include "gis/core/result.hpp"

namespace gis::crs {

/// A geographic position in degrees.
struct LonLat {
    double lon = 0;
    double lat = 0;
};

/// The coordinate system a lon/lat pair was taken from.
enum class GeoDatum {
    Wgs84,  ///< GPS, OpenStreetMap, EPSG:4326
    Gcj02,  ///< AMap/Gaode, Tencent, Google Maps inside China ("Mars coordinates")
    Bd09,   ///< Baidu Maps (lon/lat, not Baidu's Mercator metres)
};

/// Parses a datum name, ignoring case: "wgs84" / "EPSG:4326" -> Wgs84, "gcj02" / "GCJ-02" -> Gcj02,
/// "bd09" / "BD-09" -> Bd09. Anything else is ErrorCode::BadInput with a message that lists the
/// accepted names.
Result<GeoDatum> parse_geo_datum(std::string_view text);

/// True inside the rough rectangle (72.004..137.8347 E, 0.8293..55.8271 N) that the published
/// transform uses to decide where to apply the offset. It is a box, not China's border: it also covers
/// parts of neighbouring countries, as the map apps' own conversion does.
bool in_china(LonLat p);

/// WGS 84 -> GCJ-02 (the published forward transform on the Krasovsky 1940 ellipsoid).
LonLat wgs84_to_gcj02(LonLat p);

/// GCJ-02 -> WGS 84. The forward transform has no closed-form inverse; this one iterates until
/// `wgs84_to_gcj02` of the result is within 1e-9 degrees (about 0.1 mm) of `p`, not the one-step
/// approximation that is off by metres.
LonLat gcj02_to_wgs84(LonLat p);

/// GCJ-02 -> BD-09 (the published Baidu formula). Applied everywhere, as Baidu does.
LonLat gcj02_to_bd09(LonLat p);

/// BD-09 -> GCJ-02: the published inverse formula, refined by iteration so that `gcj02_to_bd09` of the
/// result is within 1e-9 degrees of `p` (the published one step alone is off by up to decimetres).
LonLat bd09_to_gcj02(LonLat p);

/// Any of the three -> WGS 84.
LonLat to_wgs84(LonLat p, GeoDatum from);

}  // namespace gis::crs
