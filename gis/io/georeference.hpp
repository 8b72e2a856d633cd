#pragma once
/// @file
/// Sidecar files that place a picture of the map in GIS tools (QGIS, GDAL): a world file and GDAL's
/// auxiliary metadata with the CRS.

#include <string>

#include "gis/core/geometry.hpp"
#include "gis/core/result.hpp"

namespace gis::io {

/// The world file beside an image: "map.png" -> "map.pgw", "map.jpg" -> "map.jgw", otherwise the
/// image's path with "w" added.
std::string world_file_path(const std::string& image);

/// Writes the world file (pixel size, no rotation, the centre of the top-left pixel) and
/// `image`.aux.xml (GDAL's PAM: the CRS as WKT and the same geotransform) for an image of `width` x
/// `height` pixels showing exactly `extent` in `crs` ("EPSG:4546", WKT or a PROJ string; empty: the
/// world file only, no CRS). Errors: an unknown CRS, a file that cannot be written.
[[nodiscard]] Result<void> write_image_georeference(const std::string& image, const BBox& extent, int width,
                                                    int height, const std::string& crs);

}  // namespace gis::io
