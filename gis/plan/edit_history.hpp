#pragma once
/// @file
/// Undo and redo of edits to a data set (command pattern). Each edit knows its inverse: `apply` does it
/// and `revert` undoes it. `EditHistory` runs every apply, undo and redo in one transaction of
/// gis::io::Editor, so a failure or a crash leaves the file as it was before that step.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "gis/core/geometry.hpp"
#include "gis/core/result.hpp"
#include "gis/io/editor.hpp"

namespace gis::plan {

/// The state of one row: field values by name and, for layers with geometry, the geometry. An absent
/// geometry leaves the stored one untouched on update.
struct Record {
    std::optional<Geometry> geometry;
    io::Values values;
};

/// How an edit finds its row. With `field` set the row is the one whose `field` equals `value` (plan
/// items use their stable "item_id", so undoing a delete and redoing later edits still finds the row);
/// with `field` empty, `value` is the row's fid.
struct RowKey {
    std::string layer;
    std::string field;
    std::int64_t value = -1;
};

/// Shared by the edits of one transaction: the editor and a lazily built key -> fid map per layer.
class EditContext {
  public:
    explicit EditContext(io::Editor& editor) : editor_(editor) {}
    io::Editor& editor() { return editor_; }
    /// The fid of the row `key` names; NotFound when there is none.
    Result<std::int64_t> resolve(const RowKey& key);
    /// A key value not used yet in `layer`.`field` (max + 1).
    Result<std::int64_t> next_key(const std::string& layer, const std::string& field);
    /// Keeps the key map in step with inserts and deletes.
    void note_insert(const RowKey& key, std::int64_t fid);
    void note_remove(const RowKey& key);

  private:
    Result<std::unordered_map<std::int64_t, std::int64_t>*> keys(const std::string& layer,
                                                                 const std::string& field);
    io::Editor& editor_;
    std::map<std::string, std::unordered_map<std::int64_t, std::int64_t>> maps_;
};

/// One undoable edit.
class Edit {
  public:
    virtual ~Edit() = default;
    virtual Result<void> apply(EditContext& ctx) = 0;
    virtual Result<void> revert(EditContext& ctx) = 0;
    /// Called after the transaction of an apply or revert: `committed` false means it was rolled back,
    /// so the edit forgets state it took from that attempt (e.g. the fid of a row it inserted).
    virtual void settle(bool committed) { (void)committed; }
    /// Short description for menus: "Move vertex", "Delete item 12".
    virtual std::string label() const = 0;
    /// Layers this edit writes.
    virtual std::vector<std::string> layers() const = 0;
};

/// A row changes from `before` to `after`: insert (no before), delete (no after) or update (both).
/// With a key field and a key value of -1, an insert takes the next free key and keeps it for redo.
class RowEdit final : public Edit {
  public:
    RowEdit(RowKey key, std::optional<Record> before, std::optional<Record> after, std::string label);
    Result<void> apply(EditContext& ctx) override { return write(ctx, before_, after_); }
    Result<void> revert(EditContext& ctx) override { return write(ctx, after_, before_); }
    void settle(bool committed) override;
    std::string label() const override { return label_; }
    std::vector<std::string> layers() const override { return {key_.layer}; }
    const RowKey& key() const { return key_; }
    /// Replaces the row's new state; for a save's guard, which runs in the transaction before the edit
    /// is first applied (e.g. to write only the part of an item that is not planned yet). No after state
    /// on an insert makes the edit write nothing.
    void set_after(std::optional<Record> after) { after_ = std::move(after); }
    bool is_insert() const { return !before_; }

  private:
    Result<void> write(EditContext& ctx, const std::optional<Record>& from, const std::optional<Record>& to);
    RowKey key_;
    RowKey committed_key_;
    std::optional<Record> before_, after_;
    std::string label_;
};

/// Several edits as one undo step (applied in order, reverted in reverse order).
class EditGroup final : public Edit {
  public:
    explicit EditGroup(std::string label) : label_(std::move(label)) {}
    void add(std::unique_ptr<Edit> e) { edits_.push_back(std::move(e)); }
    bool empty() const { return edits_.empty(); }
    const std::vector<std::unique_ptr<Edit>>& edits() const { return edits_; }
    Result<void> apply(EditContext& ctx) override;
    Result<void> revert(EditContext& ctx) override;
    void settle(bool committed) override;
    std::string label() const override { return label_; }
    std::vector<std::string> layers() const override;

  private:
    std::vector<std::unique_ptr<Edit>> edits_;
    std::string label_;
};

/// The undo and redo stacks of one editing session on one data set.
class EditHistory {
  public:
    /// `prepare` runs first in every transaction (e.g. to create missing layers).
    using Prepare = std::function<Result<void>(io::Editor&)>;
    explicit EditHistory(std::string path, Prepare prepare = {});

    /// Applies `edit` in a transaction and, when it commits, pushes it on the undo stack and clears the
    /// redo stack. On error nothing is written and the history is unchanged.
    /// `guard`, when given, runs inside the transaction before the edit, under the data set's write lock
    /// (a GeoPackage's, or the district's on a server): a check that reads what is stored (no double
    /// counting) and the write that follows then see the same rows, whoever else is saving. Its error
    /// cancels the edit.
    using Guard = std::function<Result<void>(io::Editor&)>;
    Result<void> perform(std::unique_ptr<Edit> edit, const Guard& guard = {});
    /// Reverts the last edit (in a transaction). On error the file and the stacks are unchanged.
    Result<void> undo();
    /// Re-applies the last undone edit.
    Result<void> redo();

    bool can_undo() const { return !undo_.empty(); }
    bool can_redo() const { return !redo_.empty(); }
    std::string undo_label() const { return undo_.empty() ? "" : undo_.back()->label(); }
    std::string redo_label() const { return redo_.empty() ? "" : redo_.back()->label(); }
    std::size_t undo_depth() const { return undo_.size(); }
    std::size_t redo_depth() const { return redo_.size(); }
    /// The most recently performed, undone or redone edit (nullptr before any).
    const Edit* last() const { return last_; }
    const std::string& path() const { return path_; }

  private:
    Result<void> run(Edit& edit, bool forward, const Guard& guard = {});
    std::string path_;
    Prepare prepare_;
    std::vector<std::unique_ptr<Edit>> undo_, redo_;
    const Edit* last_ = nullptr;
};

}  // namespace gis::plan
