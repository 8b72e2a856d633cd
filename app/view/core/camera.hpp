#pragma once
/// @file
/// The map camera: pure math between world coordinates (the display CRS, metres, y north) and screen
/// pixels (origin top-left, y down). No GL; unit-tested on its own.

#include "gis/core/geometry.hpp"

namespace app::view {

class Camera {
  public:
    static constexpr double kMinMetresPerPixel = 0.01;
    static constexpr double kMaxMetresPerPixel = 100000.0;

    Camera() = default;
    Camera(double width_px, double height_px) { set_viewport(width_px, height_px); }

    /// Size of the drawing surface in pixels (at least 1 x 1).
    void set_viewport(double width_px, double height_px);
    double width() const { return width_; }
    double height() const { return height_; }

    /// World point shown at the centre of the viewport.
    void set_center(const gis::Point& world) { center_ = world; }
    const gis::Point& center() const { return center_; }

    /// Ground metres covered by one pixel (clamped to [kMinMetresPerPixel, kMaxMetresPerPixel]).
    void set_metres_per_pixel(double mpp);
    double metres_per_pixel() const { return mpp_; }

    gis::Point world_to_screen(const gis::Point& world) const;
    gis::Point screen_to_world(const gis::Point& screen) const;

    /// Moves the map content by (dx, dy) pixels, as a mouse drag does.
    void pan_pixels(double dx, double dy);
    /// Zooms by `factor` (> 1 zooms in) keeping the world point under `screen` where it is.
    void zoom_about(const gis::Point& screen, double factor);
    /// Centres on `box` and picks the scale that shows all of it with `margin_px` to spare on the tighter
    /// side. An empty box leaves the camera as it is; a point-like box keeps the current scale.
    void fit(const gis::BBox& box, double margin_px = 0);
    /// Like fit, but into the screen rectangle `area` (pixels, e.g. the part of the window no panel
    /// covers): the box's centre lands at the rectangle's centre.
    void fit_in(const gis::BBox& box, const gis::BBox& area, double margin_px = 0);

    /// The world rectangle the viewport shows.
    gis::BBox visible_bbox() const;
    /// Map scale denominator N of 1:N, for a screen of `dpi` dots per inch (96 by default).
    double scale_denominator(double dpi = 96.0) const;
    /// The scale of a view drawn with `pixel_ratio` device pixels per screen pixel (a large export of
    /// the window's view): the same as the window's, since everything is drawn that much larger.
    double scale_denominator_at_ratio(double pixel_ratio) const {
        return scale_denominator(96.0 * pixel_ratio);
    }

    friend bool operator==(const Camera&, const Camera&) = default;

  private:
    double width_ = 1;
    double height_ = 1;
    gis::Point center_{0, 0};
    double mpp_ = 1;
};

/// A smooth camera move (fly-to): centre and scale interpolated, the scale geometrically, with
/// ease-in-out timing.
class CameraFlight {
  public:
    CameraFlight() = default;
    CameraFlight(const Camera& from, const Camera& to, double duration_s);

    bool active() const { return active_; }
    /// Camera at `elapsed_s` seconds since the start; the flight ends (active() false) at its duration.
    Camera at(double elapsed_s);

  private:
    Camera from_, to_;
    double duration_ = 0;
    bool active_ = false;
};

}  // namespace app::view
