#pragma once
/// @file
/// The viewer's cartography written for other tools: a QGIS style (QML) and an OGC SLD 1.1 document for
/// each district layer, made from the one style table the map draws with (district_style.cpp,
/// gas_theme.cpp), and stored in a GeoPackage's `layer_styles` table. GL-free.

#include <string>
#include <vector>

#include "app/view/core/style.hpp"
#include "gis/io/layer_styles.hpp"

namespace app::view {

/// QML of `style` for a layer of `geometry` ("Polygon", "LineString", "Point" or "Geometry": a rule per
/// geometry type). Layers with several classes get QGIS's rule-based renderer, one rule per class.
std::string style_qml(const LayerStyle& style, const std::string& geometry);
/// SLD 1.1 of `style` for the layer named `layer`: one se:Rule per class.
std::string style_sld(const LayerStyle& style, const std::string& layer, const std::string& geometry);

/// A colour as QGIS writes it: "r,g,b,a" with 0..255 components.
std::string qgis_colour(const Colour& c);
/// A colour as SLD writes it: "#rrggbb" (the alpha goes in an opacity parameter).
std::string sld_colour(const Colour& c);

/// The rows nbhd stores in `layer_styles`: every spatial district layer's map style.
std::vector<gis::io::StoredStyle> district_stored_styles();

}  // namespace app::view
