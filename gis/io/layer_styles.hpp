#pragma once
/// @file
/// Cartography stored with the data: the `layer_styles` table of a GeoPackage, as QGIS reads it (one row
/// a layer and style: QML for QGIS, SLD for other tools), so a district opens in QGIS looking like nbhd's
/// map. The styles themselves come from the application's style table (app/view/core); gis only stores
/// them.

#include <functional>
#include <string>
#include <vector>

#include "gis/core/result.hpp"

namespace gis::io {

/// One row of `layer_styles`.
struct StoredStyle {
    std::string table;            ///< f_table_name: the layer
    std::string geometry_column;  ///< f_geometry_column ("geom")
    std::string name;             ///< styleName
    std::string qml;              ///< styleQML: a QGIS .qml document
    std::string sld;              ///< styleSLD: an OGC SLD 1.1 document
    std::string description;
    bool use_as_default = true;
};

/// Writes `styles` into `gpkg`'s `layer_styles` table (created, and registered in gpkg_contents as an
/// attribute table, when missing), replacing the rows of the same layer and style name. One transaction.
[[nodiscard]] Result<void> write_layer_styles(const std::string& gpkg,
                                              const std::vector<StoredStyle>& styles);

/// The rows of `layer_styles` (empty when the table is missing).
[[nodiscard]] Result<std::vector<StoredStyle>> read_layer_styles(const std::string& gpkg);

/// The styles a district writer (generate, import) stores with a new district: set by the application
/// that has a style table (nbhd with its viewer); unset, districts are written without styles.
using DistrictStyles = std::function<std::vector<StoredStyle>()>;
void set_district_styles(DistrictStyles provider);
const DistrictStyles& district_styles();

}  // namespace gis::io
