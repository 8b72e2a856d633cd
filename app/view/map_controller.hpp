#pragma once
/// @file
/// Mouse and keyboard on the map: drag pans, the wheel zooms about the pointer, +/- zoom, arrows pan,
/// Home fits everything; hovering highlights, clicking selects. Only when ImGui does not want the
/// input (io.WantCaptureMouse / WantCaptureKeyboard).

#include <chrono>
#include <optional>

#include "app/view/core/camera.hpp"
#include "app/view/core/document.hpp"
#include "app/view/core/picker.hpp"

struct ImGuiIO;

namespace app::view {

class MapController {
  public:
    /// Handles this frame's input. `scale` converts ImGui's window coordinates to framebuffer pixels;
    /// `home` is what Home shows. Returns true when the camera moved.
    bool update(const ImGuiIO& io, Document& doc, Camera& camera, const gis::BBox& home, float scale);
    /// Starts a smooth move to show `box` (inside the free area, when one is set).
    void fly_to(const Camera& camera, const gis::BBox& box, double margin_px = 40);
    /// The part of the window (framebuffer pixels) that nothing covers, where fly_to fits its boxes;
    /// nullopt: the whole window. When it changes while the map still shows (or flies to) the last box,
    /// the flight is aimed again, so a card that appears late does not hide what was asked for.
    /// Returns true when the area changed.
    bool set_free_area(const Camera& camera, std::optional<gis::BBox> area);
    /// Flights end at once (screenshots and tests).
    void set_instant(bool instant) { instant_ = instant; }
    /// The pointer on the map (world coordinates), when it is over the map.
    const std::optional<gis::Point>& cursor_world() const { return cursor_world_; }
    bool animating() const { return flight_.active(); }
    Picker& picker() { return picker_; }

  private:
    Picker picker_;
    CameraFlight flight_;
    std::optional<gis::BBox> free_area_;
    std::optional<std::pair<gis::BBox, double>> last_box_;  ///< the last box flown to, with its margin
    Camera last_target_;
    bool instant_ = false;
    std::chrono::steady_clock::time_point flight_start_;
    std::optional<gis::Point> cursor_world_;
    gis::Point press_{};
    bool pressed_ = false, dragged_ = false;
    gis::Point last_hover_{-1, -1};
    double last_hover_mpp_ = 0;
};

}  // namespace app::view
