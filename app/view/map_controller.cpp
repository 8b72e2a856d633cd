#include "app/view/map_controller.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <cmath>

namespace app::view {

void MapController::fly_to(const Camera& camera, const gis::BBox& box, double margin_px) {
    Camera target = camera;
    if (free_area_)
        target.fit_in(box, *free_area_, margin_px);
    else
        target.fit(box, margin_px);
    flight_ = CameraFlight(camera, target, instant_ ? 0.0 : 0.45);
    flight_start_ = std::chrono::steady_clock::now();
    last_box_ = std::pair{box, margin_px};
    last_target_ = target;
}

bool MapController::set_free_area(const Camera& camera, std::optional<gis::BBox> area) {
    const auto same = [](const std::optional<gis::BBox>& a, const std::optional<gis::BBox>& b) {
        if (a.has_value() != b.has_value()) return false;
        return !a || (std::abs(a->minx - b->minx) < 1 && std::abs(a->miny - b->miny) < 1 &&
                      std::abs(a->maxx - b->maxx) < 1 && std::abs(a->maxy - b->maxy) < 1);
    };
    if (same(area, free_area_)) return false;
    free_area_ = area;
    // Aim again only while the view is still the one asked for: never undo the user's own moves.
    if (last_box_ && (flight_.active() || camera == last_target_))
        fly_to(camera, last_box_->first, last_box_->second);
    return true;
}

bool MapController::update(const ImGuiIO& io, Document& doc, Camera& camera, const gis::BBox& home,
                           float scale) {
    const Camera before = camera;
    if (auto box = doc.take_fly_to()) fly_to(camera, *box);
    if (flight_.active())
        camera = flight_.at(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - flight_start_).count());

    const gis::Point mouse{io.MousePos.x * scale, io.MousePos.y * scale};
    const bool mouse_on_map = !io.WantCaptureMouse && io.MousePos.x >= 0 && io.MousePos.y >= 0 &&
                              mouse.x < camera.width() && mouse.y < camera.height();
    cursor_world_.reset();
    if (mouse_on_map) {
        cursor_world_ = camera.screen_to_world(mouse);
        if (io.MouseWheel != 0) {
            flight_ = {};
            camera.zoom_about(mouse, std::pow(1.25, io.MouseWheel));
        }
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
            pressed_ = true;
            dragged_ = false;
            press_ = mouse;
        }
    }
    if (pressed_ && ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
        if (std::hypot(mouse.x - press_.x, mouse.y - press_.y) > 3) dragged_ = true;
        if (dragged_ && !doc.tool_grab() && (io.MouseDelta.x != 0 || io.MouseDelta.y != 0)) {
            flight_ = {};
            camera.pan_pixels(io.MouseDelta.x * scale, io.MouseDelta.y * scale);
        }
    }
    if (pressed_ && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
        // A map tool (sketching, tracing) takes the click itself.
        if (!dragged_ && mouse_on_map && doc.map_tool().empty()) doc.select(picker_.pick(doc, camera, mouse));
        pressed_ = false;
    }

    if (!io.WantCaptureKeyboard) {
        const double step = 120;
        if (ImGui::IsKeyPressed(GLFW_KEY_EQUAL) || ImGui::IsKeyPressed(GLFW_KEY_KP_ADD))
            camera.zoom_about({camera.width() / 2, camera.height() / 2}, 1.5);
        if (ImGui::IsKeyPressed(GLFW_KEY_MINUS) || ImGui::IsKeyPressed(GLFW_KEY_KP_SUBTRACT))
            camera.zoom_about({camera.width() / 2, camera.height() / 2}, 1 / 1.5);
        if (ImGui::IsKeyPressed(GLFW_KEY_LEFT)) camera.pan_pixels(step, 0);
        if (ImGui::IsKeyPressed(GLFW_KEY_RIGHT)) camera.pan_pixels(-step, 0);
        if (ImGui::IsKeyPressed(GLFW_KEY_UP)) camera.pan_pixels(0, step);
        if (ImGui::IsKeyPressed(GLFW_KEY_DOWN)) camera.pan_pixels(0, -step);
        if (ImGui::IsKeyPressed(GLFW_KEY_HOME)) fly_to(camera, home, 16);
        // Esc clears the selection, unless a map tool uses it (to cancel a sketch).
        if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE) && doc.map_tool().empty()) doc.select(std::nullopt);
    }

    // Hover: re-pick only when the pointer or the view changed.
    if (mouse_on_map && !dragged_) {
        if (mouse.x != last_hover_.x || mouse.y != last_hover_.y ||
            camera.metres_per_pixel() != last_hover_mpp_ || !(camera == before)) {
            doc.set_hover(picker_.pick(doc, camera, mouse));
            last_hover_ = mouse;
            last_hover_mpp_ = camera.metres_per_pixel();
        }
    } else if (!mouse_on_map) {
        doc.set_hover(std::nullopt);
        last_hover_ = {-1, -1};
    }
    return !(camera == before);
}

}  // namespace app::view
