#include "app/view/panels/sketch_input.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <cmath>

namespace app::view::sketch {
namespace {
constexpr double kClickSlopPx = 3;    // window units a click may move and stay a click
constexpr double kHandleRadius = 8;   // window units
constexpr double kPickTolerance = 6;  // window units
}  // namespace

void SketchInput::map_input(ViewContext& ctx, SketchTools& t) {
    Pointer& p = t.pointer;
    const ImGuiIO& io = ImGui::GetIO();
    const double k = ctx.pixel_scale;
    const gis::Point mouse{io.MousePos.x * k, io.MousePos.y * k};
    p.on_map = !io.WantCaptureMouse && io.MousePos.x >= 0 && io.MousePos.y >= 0 &&
               mouse.x < ctx.camera.width() && mouse.y < ctx.camera.height();
    p.snap = {};
    p.at.reset();
    p.hover.reset();
    if (t.tool == Tool::Browse) return;
    const double mpu = ctx.camera.metres_per_pixel() * k;
    const gis::Point world = ctx.camera.screen_to_world(mouse);
    if (p.on_map || p.drag) {
        if (drawing(t.tool) || p.drag) {
            // Looked up again only when the pointer, the zoom, the items or the settings changed.
            const SnapKey key{world,
                              mpu,
                              t.ed.revision(),
                              t.ed.snapping().enabled,
                              t.ed.snapping().tolerance_px,
                              p.drag.has_value(),
                              t.ed.base_index() != nullptr};
            if (!(key == snap_key_)) {
                snap_cached_ =
                    t.ed.snap(world, t.ed.snapping(), mpu, p.drag ? t.ed.selected() : std::nullopt);
                snap_key_ = key;
            }
            p.snap = snap_cached_;
            p.at = p.snap.point;
        } else {
            p.at = world;
        }
    }
    const double slop = kClickSlopPx * k;
    auto moved = [&] { return std::hypot(mouse.x - press_.x, mouse.y - press_.y) > slop; };

    if (drawing(t.tool)) {
        if (p.on_map && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
            p.pressed = true;
            press_ = mouse;
            press_double_ = ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left);
        }
        if (p.pressed && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
            p.pressed = false;
            if (p.on_map && !moved() && p.at) {
                const auto& pts = t.ed.draft().points();
                const bool on_first =
                    t.tool == Tool::Polygon && pts.size() >= 3 &&
                    std::hypot(ctx.camera.world_to_screen(pts.front()).x - mouse.x,
                               ctx.camera.world_to_screen(pts.front()).y - mouse.y) <= kHandleRadius * k;
                if (press_double_ || on_first) {
                    if (t.ed.draft().shape() != SketchShape::Point) t.finish(ctx);
                } else {
                    t.click_drawing(ctx, *p.at);
                }
            }
        }
        if (p.on_map && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) t.ed.draft().remove_last();
        return;
    }

    // Select & edit.
    const gis::plan::PlanItem* it = t.ed.selected_item();
    if (handles_id_ != (it ? it->id : -1) || handles_revision_ != t.ed.revision()) {
        p.handles = it ? vertex_handles(it->geometry) : std::vector<VertexHandle>{};
        handles_id_ = it ? it->id : -1;
        handles_revision_ = t.ed.revision();
    }
    if (p.on_map && !p.drag) p.hover = hit_handle(p.handles, ctx.camera, mouse, kHandleRadius * k);
    if (p.on_map && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
        press_ = mouse;
        if (p.hover) {
            p.drag = p.hover;
            p.drag_to = p.hover->at;
            ctx.doc.set_tool_grab(true);
            if (!p.hover->midpoint) p.active_vertex = p.hover->ref;
        } else {
            p.pressed = true;
        }
    }
    if (p.drag && p.at && ImGui::IsMouseDown(ImGuiMouseButton_Left) && moved()) p.drag_to = *p.at;
    if (p.drag && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
        const VertexHandle h = *p.drag;
        const bool was_moved = moved();
        t.cancel_drag(ctx);
        if (h.midpoint)
            t.applied(ctx, t.ed.insert_vertex(h.ref, was_moved ? p.drag_to : h.at), "sketch.saved");
        else if (was_moved)
            t.applied(ctx, t.ed.move_vertex(h.ref, p.drag_to), "sketch.saved");
    }
    if (p.pressed && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
        p.pressed = false;
        if (p.on_map && !moved()) t.select(ctx, t.ed.pick(world, kPickTolerance * mpu));
    }
    if (p.on_map && ImGui::IsMouseClicked(ImGuiMouseButton_Right) && p.hover && !p.hover->midpoint) {
        t.applied(ctx, t.ed.remove_vertex(p.hover->ref), "sketch.saved");
        p.active_vertex.reset();
    }
}

void SketchInput::keys(ViewContext& ctx, SketchTools& t) {
    Pointer& p = t.pointer;
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantCaptureKeyboard) return;
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_Z, false)) {
        if (io.KeyShift) {
            if (t.ed.can_redo()) t.history(ctx, false);
        } else if (t.ed.can_undo()) {
            t.history(ctx, true);
        }
        return;
    }
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_Y, false)) {
        if (t.ed.can_redo()) t.history(ctx, false);
        return;
    }
    if (t.tool == Tool::Browse || io.KeyCtrl || io.KeyAlt) return;
    if (ImGui::IsKeyPressed(GLFW_KEY_S, false)) t.ed.snapping().enabled = !t.ed.snapping().enabled;
    if (drawing(t.tool)) {
        if (ImGui::IsKeyPressed(GLFW_KEY_ENTER, false) || ImGui::IsKeyPressed(GLFW_KEY_KP_ENTER, false))
            t.finish(ctx);
        if (ImGui::IsKeyPressed(GLFW_KEY_BACKSPACE) || ImGui::IsKeyPressed(GLFW_KEY_DELETE))
            t.ed.draft().remove_last();
        if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) t.ed.draft().cancel();
        return;
    }
    if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) {
        if (p.drag)
            t.cancel_drag(ctx);
        else
            t.select(ctx, std::nullopt);
    }
    if ((ImGui::IsKeyPressed(GLFW_KEY_DELETE, false) || ImGui::IsKeyPressed(GLFW_KEY_BACKSPACE, false)) &&
        p.active_vertex) {
        t.applied(ctx, t.ed.remove_vertex(*p.active_vertex), "sketch.saved");
        p.active_vertex.reset();
    }
}

}  // namespace app::view::sketch
