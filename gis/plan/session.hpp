#pragma once
/// @file
/// A planning session on one data set: the projects, plan items, campaigns and clean-up cases as they
/// are stored, and every edit to them as an undoable step. This is the API the viewer's sketch tools
/// call (it has no GL); the command line uses it for single edits.
///
/// Each edit is written at once in its own transaction (gis::io::Editor): the file always holds the
/// state the session shows, a failed edit writes nothing, and a crash during a save leaves either the
/// state before or after that edit. Undo and redo are edits too (each knows its inverse) and are saved
/// the same way. The history lives as long as the session.
///
/// Pointers and references into projects(), items(), campaigns() and cases() stay valid until the next
/// edit, undo, redo or reload (each re-reads the stored records); keep ids and keys, not pointers.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gis/core/geometry.hpp"
#include "gis/core/result.hpp"
#include "gis/plan/cases.hpp"
#include "gis/plan/edit_history.hpp"
#include "gis/plan/overlap.hpp"
#include "gis/plan/prices.hpp"
#include "gis/plan/project.hpp"
#include "gis/plan/store.hpp"
#include "gis/plan/vertex_edit.hpp"

namespace gis::plan {

/// Attribute changes of an item; absent fields stay as they are.
struct ItemChanges {
    std::optional<std::string> name, project, status, params;
    std::optional<int> phase;
};

/// The lifecycle steps to take for one case, in order (e.g. verified then scheduled).
struct CaseChange {
    CaseRef ref;
    std::vector<CaseTransition> steps;
};

class PlanSession {
  public:
    /// Opens the data set at `path` and reads its plans. Errors: those of io::Dataset::open.
    /// `prices`: the unit prices new items are priced at; nullopt: the data set's price table
    /// (plan::read_prices).
    static Result<PlanSession> open(const std::string& path, const std::optional<UnitPrices>& prices = {});

    PlanSession(PlanSession&&) noexcept;
    PlanSession& operator=(PlanSession&&) noexcept;
    ~PlanSession();

    const std::string& path() const;
    const UnitPrices& prices() const;

    // --- what is stored ---------------------------------------------------------------------------
    const std::vector<Project>& projects() const;
    /// By key, Chinese name or English name (ASCII case-insensitive); nullptr when unknown.
    const Project* find_project(const std::string& key_or_name) const;
    /// NotFound listing the known projects.
    Result<const Project*> require_project(const std::string& key_or_name) const;
    const std::vector<PlanItem>& items() const;
    const PlanItem* item(std::int64_t id) const;
    const std::vector<Campaign>& campaigns() const;
    const Campaign* find_campaign(const std::string& name) const;
    /// The clean-up cases (read on first use, refreshed after case edits).
    Result<const std::vector<Case>*> cases();
    Result<Case> find_case(const CaseRef& ref);
    /// Re-reads everything from the file (e.g. after another program changed it).
    Result<void> reload();

    // --- edits, each one undo step ------------------------------------------------------------------
    // The saves that add work or change where it lies (adding items; changing an item's shape, project,
    // pipe or campaign; moving, inserting or removing a vertex) follow the rule against counting work
    // twice (plan/overlap.hpp): inside the save's transaction, so a concurrent save by another planner
    // counts, the item is compared with the project's other stored items (never with itself), and
    // `policy` says what happens when they overlap: Refuse (a BadInput naming the stored items and the
    // m² or m, nothing saved), Trim (only the part not yet planned is saved, its quantities recomputed) or
    // Keep. `found`, when given, receives the overlap met (empty when none), whatever the policy. Undo and
    // redo restore earlier states and are not checked.

    /// Adds an item (validated; quantities computed; a new stable id). Returns the id.
    Result<std::int64_t> add_item(PlanItem item, OverlapPolicy policy = OverlapPolicy::Refuse,
                                  Overlap* found = nullptr);
    /// Adds several items as one undo step. Returns their ids in order. With Trim, an item of several that
    /// is wholly planned already is left out (no id); when all are, it is a BadInput.
    Result<std::vector<std::int64_t>> add_items(std::vector<PlanItem> items, const std::string& label,
                                                OverlapPolicy policy = OverlapPolicy::Refuse,
                                                Overlap* found = nullptr);
    Result<void> set_geometry(std::int64_t id, const Geometry& geometry,
                              OverlapPolicy policy = OverlapPolicy::Refuse, Overlap* found = nullptr);
    Result<void> move_vertex(std::int64_t id, const VertexRef& v, const Point& to,
                             OverlapPolicy policy = OverlapPolicy::Refuse, Overlap* found = nullptr);
    Result<void> insert_vertex(std::int64_t id, const VertexRef& v, const Point& p,
                               OverlapPolicy policy = OverlapPolicy::Refuse, Overlap* found = nullptr);
    Result<void> remove_vertex(std::int64_t id, const VertexRef& v,
                               OverlapPolicy policy = OverlapPolicy::Refuse, Overlap* found = nullptr);
    /// Attributes only; a change of project, pipe_id or campaign is checked like a new item.
    Result<void> set_attributes(std::int64_t id, const ItemChanges& changes,
                                OverlapPolicy policy = OverlapPolicy::Refuse, Overlap* found = nullptr);
    /// Shape (when `geometry` is not null) and attributes in one undo step.
    Result<void> update_item(std::int64_t id, const Geometry* geometry, const ItemChanges& changes,
                             OverlapPolicy policy = OverlapPolicy::Refuse, Overlap* found = nullptr);
    Result<void> remove_item(std::int64_t id);
    Result<void> remove_items(const std::vector<std::int64_t>& ids, const std::string& label);
    /// Adds a project (unique key; validate_project).
    Result<void> add_project(const Project& p);
    /// Changes a stored project's budget, phases, contingency, names or note (found by p.key; the key
    /// stays). Phases cannot drop below one that items or dates use.
    Result<void> update_project(const Project& p);
    const std::vector<PhaseDates>& phases() const;
    /// Every stored plan record (projects, items, campaigns, phases), for the computations over them.
    const PlanData& data() const;
    /// Sets the dates of a phase (validate_phase), replacing earlier dates of that phase. One undo step.
    Result<void> set_phase(const PhaseDates& p);
    /// Stores a unit price in the data set's price table (check_price) and re-prices the open items
    /// (plan::repriced) in the same undo step. Returns the ids of the items whose price changed.
    Result<std::vector<std::int64_t>> set_price(const Price& price);
    /// Removes the data set's own price for `key` (back to nbhd's default) and re-prices the open items,
    /// in one undo step. NotFound when the data set stores none.
    Result<std::vector<std::int64_t>> reset_price(const std::string& key);
    /// Moves cases through their steps (each checked by check_transition), writing one case_history row
    /// per step. One undo step for all.
    Result<void> change_cases(const std::vector<CaseChange>& changes, const std::string& label);
    /// Saves a campaign (new, or replacing the one of that name), its case changes and, when given, its
    /// cost item (replacing an earlier item of that campaign), as one undo step.
    Result<void> save_campaign(const Campaign& campaign, const std::vector<CaseChange>& changes,
                               std::optional<PlanItem> cost_item);

    // --- history ------------------------------------------------------------------------------------
    bool can_undo() const;
    bool can_redo() const;
    std::string undo_label() const;
    std::string redo_label() const;
    Result<void> undo();
    Result<void> redo();

  private:
    Result<std::vector<std::int64_t>> change_price(const std::string& key, const std::optional<Price>& price);
    struct Impl;
    explicit PlanSession(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace gis::plan
