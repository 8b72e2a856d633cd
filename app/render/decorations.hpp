#pragma once
/// @file
/// Map furniture drawn over the map: a scale bar (round length, alternating segments, 1:N) at the
/// bottom left and a north arrow at the top right, turned to true north (grid convergence).

#include <vector>

#include "app/render/screen_painter.hpp"
#include "app/view/core/camera.hpp"

namespace app::render {

struct DecorationOptions {
    float pixel_ratio = 1;
    float bottom_margin_px = 0;  ///< room kept free at the bottom (the viewer's status bar)
    float left_margin_px = 0;    ///< room kept free at the left (the viewer's left dock)
    double north_angle_rad = 0;  ///< angle of true north from screen up, counter-clockwise
};

/// The screen rectangles the decorations cover (labels keep out of them).
std::vector<gis::BBox> decoration_boxes(const view::Camera& camera, const DecorationOptions& options);
void draw_decorations(ScreenPainter& painter, const LabelFont& font, const view::Camera& camera,
                      const DecorationOptions& options);

}  // namespace app::render
