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

/// The projected CRS (in metres) a map of data in longitude/latitude is drawn in, and why.
struct MapProjection {
    std::string crs;   ///< "EPSG:4546", "EPSG:32633", "+proj=laea +lat_0=... +type=crs", "EPSG:8857"
    std::string kind;  ///< "gauss-kruger", "utm", "laea" or "equal-earth"
    std::string why;   ///< one line for a user: what was chosen for what extent
};

/// Chooses the map CRS for data whose extent in WGS 84 longitude/latitude (degrees) is `lonlat`, the
/// one rule for every caller (the viewer, `nbhd render`, `nbhd district scan`):
///  - in China and no wider than 6 degrees: the CGCS2000 3-degree Gauss-Kruger zone of its centre
///    (EPSG:4534..4554), as Chinese surveys use;
///  - within one or two 6-degree UTM zones (and between 80S and 84N): the WGS 84 UTM zone of its centre
///    (a zone's scale error stays under 0.1%; one zone further, under 0.4%);
///  - up to 150 degrees of longitude and 100 of latitude (a country, a continent): a Lambert azimuthal
///    equal-area projection centred on the data: areas true, shapes good near the centre, and it is
///    defined everywhere but the antipode, so no feature fails to transform;
///  - wider (the world): Equal Earth (EPSG:8857), equal-area and defined for the whole globe, where
///    Web Mercator (EPSG:3857) would stop at 85 degrees and blow up the high latitudes.
/// An empty extent gives an empty crs.
MapProjection choose_map_crs(const BBox& lonlat);

/// True when every coordinate of `b` lies within +-180 (x) and +-90 (y): coordinates that look like
/// longitude/latitude, as a file without a CRS holds them most often.
bool looks_like_lonlat(const BBox& b);

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
