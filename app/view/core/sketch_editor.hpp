#pragma once
/// @file
/// The sketch tools' editing state on one data set: the plan session (each edit one transaction in the
/// file and one undo step), the shape being drawn, the selected plan item, snapping against the base
/// features and the plan items, and the map's plan_items layer kept in step with the file (re-read and
/// prepared on a worker after each change, handed to the document once), and the scripted steps of
/// `nbhd view --panel-set sketch.KEY=VALUE`. GL-free: the sketch panel is a thin ImGui front end to this
/// class.

#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/view/core/document.hpp"
#include "app/view/core/sketch_draft.hpp"
#include "app/view/core/sketch_snap.hpp"
#include "gis/plan/session.hpp"

namespace app::view {

/// The attributes a newly drawn item gets.
struct SketchTemplate {
    std::string project;  ///< Project::key; empty: no project
    std::string kind = "hardening";
    std::string name;  ///< empty: the kind's title and the new id ("硬化 3")
    int phase = 1;
    std::string status = "proposed";
    std::string params = "{}";
};

/// A save that the rule against counting work twice stopped (gis/plan/overlap.hpp): what it ran into and
/// the edit that waits for the planner's choice (SketchEditor::resolve_overlap).
struct PendingOverlap {
    enum class Edit { Finish, MoveVertex, InsertVertex, RemoveVertex };
    Edit edit = Edit::Finish;
    gis::plan::Overlap overlap;
    std::int64_t item = -1;         ///< the item a vertex edit changes
    gis::plan::VertexRef vertex;    ///< the vertex (or edge, for an insert) it changes
    gis::Point at;                  ///< where the vertex goes
    std::vector<gis::Point> draft;  ///< the drawing a finish saves (a changed drawing is finished anew)
};

/// What a scripted step (SketchEditor::script) did, for a front end to report on its status line.
struct SketchStep {
    /// The result of the edit the step made (a save, an overlap choice, an undo or a redo), if it made
    /// one; for a points step on a point drawing, which saves each point, the last save's.
    std::optional<gis::Result<void>> edit;
    /// The edit was refused and the script stops with it. A save that waits for an overlap choice and a
    /// refused point of a points step do not stop it: the status line says why.
    bool failed = false;
    /// An overlap step: the planner's choice, and whether it was for a finished drawing (not a vertex
    /// edit).
    gis::plan::OverlapPolicy choice = gis::plan::OverlapPolicy::Refuse;
    bool finishing = false;
};

class SketchEditor {
  public:
    SketchEditor();
    ~SketchEditor();
    SketchEditor(const SketchEditor&) = delete;
    SketchEditor& operator=(const SketchEditor&) = delete;

    /// Opens the plans of the data set at `path` (the viewer's primary data set). Errors: those of
    /// PlanSession::open, and ReadOnly when the file cannot be written.
    gis::Result<void> open(const std::string& path);
    bool is_open() const { return session_ != nullptr; }
    gis::plan::PlanSession* session() { return session_.get(); }
    const gis::plan::PlanSession* session() const { return session_.get(); }

    SketchTemplate& next_item() { return template_; }
    /// The kind of the next item; its parameters start again from the kind's defaults.
    void set_kind(const std::string& kind);
    SketchDraft& draft() { return draft_; }
    const SketchDraft& draft() const { return draft_; }
    /// Starts a new drawing of `shape`; when the next item's kind cannot take that shape, the first kind
    /// that can is chosen.
    void start_drawing(SketchShape shape);
    /// Whether snapping is on and how far it reaches (the map input and the scripted points use them).
    SnapSettings& snapping() { return snapping_; }
    const SnapSettings& snapping() const { return snapping_; }

    /// Performs one scripted step (`nbhd view --panel-set sketch.KEY=VALUE`, used by tests and
    /// screenshots), as the panel's controls would:
    ///   project KEY|none, kind KIND, name TEXT, phase N, pressure low|medium-b|medium-a: the next item;
    ///   snap 0|off|1, tolerance PX: snapping;
    ///   points x1,y1;x2,y2;...: vertices added to the drawing, snapped (`metres_per_unit`: metres per
    ///     window unit of the map); on a point drawing each point is saved as an item;
    ///   finish: saves the drawing; overlap trim|keep|cancel: the choice for a save that overlaps
    ///     planned work; cancel: drops the drawing; undo [N], redo [N]; select ID|none.
    /// A bad value, an unknown key or no data set open is an error whose message begins "KEY=VALUE: "; a
    /// refused edit is reported in the step (SketchStep::failed when the script should stop with it).
    gis::Result<SketchStep> script(const std::string& key, const std::string& value,
                                   double metres_per_unit = 1);
    /// The keys script() takes, in the order above (a front end adds its own, such as the active tool).
    static const std::vector<std::string>& script_keys();

    /// Saves the draft as a new plan item (validated: a polygon that crosses itself is refused with a
    /// clear message and the draft is kept), selects it and clears the draft. Returns its id.
    /// Work the project has already planned there (same kind, gis/plan/overlap.hpp) is handled as
    /// `policy` says; refused, the draft is kept and pending_overlap() says what it overlaps.
    gis::Result<std::int64_t> finish(gis::plan::OverlapPolicy policy = gis::plan::OverlapPolicy::Refuse);

    /// The overlap the last finish or vertex edit was refused for, waiting for the planner's choice; any
    /// other edit, undo or redo drops it.
    const std::optional<PendingOverlap>& pending_overlap() const { return overlap_; }
    /// The planner's choice for the pending overlap: Trim saves only the part not yet planned, Keep saves
    /// it as it is next to the planned items, Refuse cancels (the draft stays; the item stays unchanged).
    /// A failed Trim (the whole item is planned already, or the same pipe) keeps the choice open.
    gis::Result<void> resolve_overlap(gis::plan::OverlapPolicy choice);

    // The selected item --------------------------------------------------------------------------------
    std::optional<std::int64_t> selected() const { return selected_; }
    /// Selects an item by id (nullopt: none). Unknown ids select nothing.
    void select(std::optional<std::int64_t> id);
    const gis::plan::PlanItem* selected_item() const;

    // Edits, each saved in its own transaction and undoable ----------------------------------------------
    // The vertex edits follow the overlap rule as finish does; refused, the item stays unchanged.
    gis::Result<void> move_vertex(const gis::plan::VertexRef& v, const gis::Point& to,
                                  gis::plan::OverlapPolicy policy = gis::plan::OverlapPolicy::Refuse);
    gis::Result<void> insert_vertex(const gis::plan::VertexRef& v, const gis::Point& at,
                                    gis::plan::OverlapPolicy policy = gis::plan::OverlapPolicy::Refuse);
    gis::Result<void> remove_vertex(const gis::plan::VertexRef& v,
                                    gis::plan::OverlapPolicy policy = gis::plan::OverlapPolicy::Refuse);
    gis::Result<void> set_attributes(const gis::plan::ItemChanges& changes);
    gis::Result<void> remove_selected();
    gis::Result<void> undo();
    gis::Result<void> redo();
    bool can_undo() const { return session_ && session_->can_undo(); }
    bool can_redo() const { return session_ && session_->can_redo(); }

    /// Increases after every change of the stored items (edit, undo, redo).
    std::uint64_t revision() const { return revision_; }

    // Snapping and picking ------------------------------------------------------------------------------
    /// The index of the base features (built once, possibly on a worker: see build_base_index).
    void set_base_index(std::shared_ptr<const SnapIndex> index) { base_ = std::move(index); }
    const SnapIndex* base_index() const { return base_.get(); }
    /// The index of the plan items, rebuilt when they change (they are few).
    const SnapIndex& plan_index();
    /// Snaps `p`; while an item's vertex is dragged, `exclude` leaves that item out.
    Snap snap(const gis::Point& p, const SnapSettings& settings, double metres_per_unit,
              std::optional<std::int64_t> exclude = std::nullopt);
    /// The plan item under `p` (tolerance in metres for lines and points).
    std::optional<std::int64_t> pick(const gis::Point& p, double tolerance);

    // The map layer ---------------------------------------------------------------------------------------
    /// Starts re-reading the plan_items layer (on a worker) for `doc`; called after every change.
    void refresh_layer(const Document& doc);
    /// Hands a finished re-read to the document and selects the selected item on the map again. With
    /// `wait`, blocks until the re-read in flight is done. Returns true when the document changed.
    bool poll_layer(Document& doc, bool wait = false);
    bool layer_pending() const { return pending_.valid(); }

  private:
    gis::Result<void> changed(gis::Result<void> r);
    /// Runs a vertex edit of item `p.item` with `policy`; a refusal for an overlap becomes pending.
    gis::Result<void> vertex_edit(PendingOverlap p, gis::plan::OverlapPolicy policy);

    std::unique_ptr<gis::plan::PlanSession> session_;
    std::string path_;
    SketchTemplate template_;
    SketchDraft draft_;
    SnapSettings snapping_;
    std::optional<std::int64_t> selected_;
    std::optional<PendingOverlap> overlap_;
    std::uint64_t revision_ = 1;
    std::shared_ptr<const SnapIndex> base_;
    SnapIndex plan_;
    std::uint64_t plan_revision_ = 0;
    std::future<gis::Result<PreparedLayer>> pending_;
    bool refresh_again_ = false;
    std::optional<SourceInfo> source_;
};

/// Builds the base snap index from the document's snap layers: the geometries are copied now, the index
/// is built on a worker.
std::future<std::shared_ptr<const SnapIndex>> build_base_index(const Document& doc);

/// Reads the stored plan_items layer of `source` and prepares it for drawing (any thread).
gis::Result<PreparedLayer> read_plan_layer(const SourceInfo& source);
/// The map feature of plan item `id`, if the plan_items layer holds it.
std::optional<FeatureRef> find_plan_item(const Document& doc, std::int64_t id);
/// The plan item id of a map feature of the plan_items layer.
std::optional<std::int64_t> plan_item_of(const Document& doc, const FeatureRef& ref);

}  // namespace app::view
