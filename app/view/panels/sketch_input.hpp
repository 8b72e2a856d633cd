#pragma once
/// @file
/// The sketch panel's input on the map: while drawing, a click adds a vertex (a double-click, Enter or a
/// click on the first corner finishes, a right-click or Backspace takes the last one back, Esc drops the
/// drawing); in edit mode a click picks an item, corners are dragged, an edge's midpoint dragged or
/// clicked inserts a corner, a right-click or Delete removes one; Ctrl+Z / Ctrl+Y (Ctrl+Shift+Z) undo
/// and redo, S turns snapping on and off. It sets the shared Pointer that the form and the cues read.

#include <cstdint>

#include "app/view/panel.hpp"
#include "app/view/panels/sketch_tools.hpp"

namespace app::view::sketch {

class SketchInput {
  public:
    /// Reads this frame's mouse and keys (when the data set is open for editing and the window is open).
    void handle(ViewContext& ctx, SketchTools& t) {
        map_input(ctx, t);
        keys(ctx, t);
    }

  private:
    void map_input(ViewContext& ctx, SketchTools& t);
    void keys(ViewContext& ctx, SketchTools& t);

    bool press_double_ = false;  // the press that began was a double-click
    gis::Point press_;           // where it began (framebuffer pixels)
    /// What the cached snap was looked up for: looked up again only when one of these changed.
    struct SnapKey {
        gis::Point at;
        double mpu = 0;
        std::uint64_t revision = 0;
        bool enabled = false;
        double tolerance = 0;
        bool dragging = false, base = false;
        friend bool operator==(const SnapKey&, const SnapKey&) = default;
    } snap_key_;
    Snap snap_cached_;
    std::int64_t handles_id_ = -1;  // the item and revision the handles were made for
    std::uint64_t handles_revision_ = 0;
};

}  // namespace app::view::sketch
