#pragma once
/// @file
/// Vector map of a district drawn with cairo (for the PDF brief): surfaces, streets, buildings, gas,
/// overlays (plan items), labels, scale bar and north arrow. No personal data is ever drawn.

#include <string>
#include <vector>

#include "gis/core/geometry.hpp"
#include "gis/district/model.hpp"
#include "gis/report/pdf_document.hpp"

namespace gis::report {

/// Extra geometry drawn over the base map (a plan part, a trace, cases).
struct Overlay {
    std::vector<Geometry> geometries;
    Rgb fill{0.9, 0.3, 0.2};
    Rgb stroke{0.6, 0.1, 0.05};
    double fill_alpha = 0.75;
    double line_width = 1.2;  ///< points, for lines and outlines
    double point_radius = 2.5;
    std::string legend;  ///< shown in the map's legend when not empty
};

struct MapOptions {
    bool labels = true;
    bool gas = false;    ///< draw the gas network (pipes by status, valves, station)
    bool muted = false;  ///< greyed base map so overlays stand out
    std::vector<Overlay> overlays;
    std::string north_label = "N";
    std::string scale_unit = "m";
};

/// The page rectangle a map occupies and the world box it shows (fitted, aspect kept, centred).
struct MapFrame {
    double x = 0, y = 0, w = 0, h = 0;
    BBox world;
};

/// Draws the map into `cairo` (a cairo_t*) within the frame.
void paint_map(void* cairo, const district::District& d, const MapFrame& frame, const MapOptions& options);

/// A "nice" scale bar length (1, 2, 5 × 10^n metres) not longer than `max_m`.
double nice_scale_length(double max_m);

}  // namespace gis::report
