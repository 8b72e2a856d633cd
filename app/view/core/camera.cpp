#include "app/view/core/camera.hpp"

#include <algorithm>
#include <cmath>

namespace app::view {

void Camera::set_viewport(double width_px, double height_px) {
    width_ = std::max(1.0, width_px);
    height_ = std::max(1.0, height_px);
}

void Camera::set_metres_per_pixel(double mpp) {
    if (!std::isfinite(mpp)) return;
    mpp_ = std::clamp(mpp, kMinMetresPerPixel, kMaxMetresPerPixel);
}

gis::Point Camera::world_to_screen(const gis::Point& w) const {
    return {(w.x - center_.x) / mpp_ + width_ / 2, (center_.y - w.y) / mpp_ + height_ / 2};
}

gis::Point Camera::screen_to_world(const gis::Point& s) const {
    return {center_.x + (s.x - width_ / 2) * mpp_, center_.y - (s.y - height_ / 2) * mpp_};
}

void Camera::pan_pixels(double dx, double dy) {
    center_.x -= dx * mpp_;
    center_.y += dy * mpp_;
}

void Camera::zoom_about(const gis::Point& screen, double factor) {
    if (!(factor > 0) || !std::isfinite(factor)) return;
    const gis::Point anchor = screen_to_world(screen);
    set_metres_per_pixel(mpp_ / factor);
    // Put the anchor back under the same pixel.
    center_.x = anchor.x - (screen.x - width_ / 2) * mpp_;
    center_.y = anchor.y + (screen.y - height_ / 2) * mpp_;
}

void Camera::fit(const gis::BBox& box, double margin_px) {
    if (box.empty()) return;
    center_ = box.center();
    const double w = std::max(1.0, width_ - 2 * margin_px);
    const double h = std::max(1.0, height_ - 2 * margin_px);
    const double mpp = std::max(box.width() / w, box.height() / h);
    if (mpp > 0) set_metres_per_pixel(mpp);
}

void Camera::fit_in(const gis::BBox& box, const gis::BBox& area, double margin_px) {
    if (box.empty() || area.empty()) return;
    const double w = std::max(1.0, area.width() - 2 * margin_px);
    const double h = std::max(1.0, area.height() - 2 * margin_px);
    const double mpp = std::max(box.width() / w, box.height() / h);
    if (mpp > 0) set_metres_per_pixel(mpp);
    // Put the box's centre at the area's centre.
    const gis::Point c = box.center();
    const gis::Point a = area.center();
    center_ = {c.x - (a.x - width_ / 2) * mpp_, c.y + (a.y - height_ / 2) * mpp_};
}

gis::BBox Camera::visible_bbox() const {
    const double hw = width_ / 2 * mpp_, hh = height_ / 2 * mpp_;
    return {center_.x - hw, center_.y - hh, center_.x + hw, center_.y + hh};
}

double Camera::scale_denominator(double dpi) const { return mpp_ / (0.0254 / dpi); }

CameraFlight::CameraFlight(const Camera& from, const Camera& to, double duration_s)
    : from_(from), to_(to), duration_(duration_s), active_(true) {}

Camera CameraFlight::at(double elapsed_s) {
    if (!active_) return to_;
    if (!(duration_ > 0) || elapsed_s >= duration_) {
        active_ = false;
        return to_;
    }
    const double t = std::clamp(elapsed_s / duration_, 0.0, 1.0);
    const double s = t * t * (3 - 2 * t);  // smoothstep
    Camera c = to_;
    c.set_center({from_.center().x + (to_.center().x - from_.center().x) * s,
                  from_.center().y + (to_.center().y - from_.center().y) * s});
    const double a = std::log(from_.metres_per_pixel()), b = std::log(to_.metres_per_pixel());
    c.set_metres_per_pixel(std::exp(a + (b - a) * s));
    return c;
}

}  // namespace app::view
