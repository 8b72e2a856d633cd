#pragma once
/// @file
/// What the parts of the sketch panel share (the panel, its form, its map input and its on-map cues,
/// app/view/panels/sketch_*.cpp): the editor, the active tool, the pointer on the map, the live checks and
/// the status line, and the edits that the form's buttons, the map and the keys, and the scripted steps
/// all perform and report in the same way.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/view/core/sketch_editor.hpp"
#include "app/view/panel.hpp"
#include "app/view/panels/sketch_check_view.hpp"

namespace app::view::sketch {

enum class Tool { Browse, Edit, Polygon, Line, Point };

/// The tool a script names (browse|none, edit|select, polygon, line, point).
std::optional<Tool> tool_from(const std::string& s);
SketchShape shape_of(Tool t);
Tool tool_of(SketchShape s);
inline bool drawing(Tool t) { return t == Tool::Polygon || t == Tool::Line || t == Tool::Point; }

/// A user message for a failed edit: what went wrong in the user's language, then the detail.
std::string failure(const gis::Error& e);

/// The pointer on the map this frame, as the map input found it; the form and the cues read it.
struct Pointer {
    bool on_map = false;                ///< over the map, not over a window
    bool pressed = false;               ///< a click on the map began (a vertex to add, an item to pick)
    std::optional<gis::Point> at;       ///< world coordinates, snapped while drawing or dragging
    Snap snap;                          ///< what it snapped to
    std::vector<VertexHandle> handles;  ///< the selected item's corners and edge midpoints
    std::optional<VertexHandle> hover, drag;
    gis::Point drag_to;                                 ///< where the dragged handle is
    std::optional<gis::plan::VertexRef> active_vertex;  ///< the corner Delete removes
};

/// The sketch tools' state and edits. Each edit reports on the status line and re-reads the map's
/// plan_items layer when the file changed.
class SketchTools {
  public:
    SketchEditor ed;
    SketchCheckView checks;  ///< the live checks and this frame's conflicts
    Tool tool = Tool::Browse;
    Pointer pointer;
    std::string status;  ///< the status line under the form
    bool status_error = false;

    // The tool --------------------------------------------------------------------------------------------
    void set_tool(ViewContext& ctx, Tool t);
    /// The next item's kind; while drawing, a kind that cannot take the shape switches to its own tool.
    void set_kind(ViewContext& ctx, const std::string& kind);
    /// Takes the map's clicks while a tool other than browse is active; gives the tool up when another map
    /// tool (a trace, a search pick) took them.
    void keep_map_tool(ViewContext& ctx);
    /// Nothing of the sketch tools any more (the window closed, presentation mode).
    void release(ViewContext& ctx);
    void cancel_drag(ViewContext& ctx);

    // Edits and their reports -------------------------------------------------------------------------------
    void say(std::string text, bool error);
    /// Reports an edit's result (`done_key`: the message on success) and re-reads the map layer.
    bool applied(ViewContext& ctx, const gis::Result<void>& r, const char* done_key);
    /// A click on the map while drawing: a vertex, or on the point tool a point saved at once.
    void click_drawing(ViewContext& ctx, const gis::Point& p);
    bool finish(ViewContext& ctx);
    /// Reports a save of the drawing: the saved item's name, or why it was refused.
    bool finished(ViewContext& ctx, const gis::Result<void>& r);
    /// The planner's choice for a save refused because it overlaps planned work.
    bool resolve(ViewContext& ctx, gis::plan::OverlapPolicy choice);
    /// Reports the outcome of that choice (`finishing`: it was for the save of a drawing).
    bool resolved(ViewContext& ctx, gis::plan::OverlapPolicy choice, bool finishing,
                  const gis::Result<void>& r);
    bool history(ViewContext& ctx, bool undo);
    /// Selects a plan item in the editor and on the map.
    void select(ViewContext& ctx, std::optional<std::int64_t> id);
    /// A plan item selected on the map (by a click in browse mode) becomes the sketch's selection.
    void follow_map_selection(ViewContext& ctx);

    /// The live checks of what the form and the map cues show this frame: the draft while drawing, else
    /// the selected item (as it is being dragged).
    void update_checks();

    /// A scripted step (`--panel-set sketch.KEY=VALUE`): the tool is the panel's, the rest the editor's
    /// (SketchEditor::script); the outcome goes on the status line as the buttons' would.
    gis::Result<void> script(ViewContext& ctx, const std::string& key, const std::string& value);

  private:
    void fit_tool_to_kind(ViewContext& ctx);
    /// The draft as a geometry (with the pointer as its next vertex): what the live checks look at.
    gis::Geometry draft_shape() const;

    bool owns_tool_ = false;
    std::optional<FeatureRef> seen_selection_;
};

}  // namespace app::view::sketch
