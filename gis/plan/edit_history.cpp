#include "gis/plan/edit_history.hpp"

#include <algorithm>
#include <set>
#include "gis/core/i18n.hpp"

namespace gis::plan {

Result<std::unordered_map<std::int64_t, std::int64_t>*> EditContext::keys(const std::string& layer,
                                                                          const std::string& field) {
    const std::string id = layer + "\n" + field;
    if (auto it = maps_.find(id); it != maps_.end()) return &it->second;
    auto rows = editor_.read(layer);
    if (!rows) return rows.error();
    int idx = rows->info.field_index(field);
    if (idx < 0)
        return make_error(ErrorCode::MissingLayer, gis::i18n::format(_("layer '{0}' has no field '{1}'"), layer, field));
    auto& map = maps_[id];
    for (const auto& f : rows->features) {
        if (const auto* v = std::get_if<std::int64_t>(&f.values[static_cast<std::size_t>(idx)]))
            map[*v] = f.fid;
        else
            map[-f.fid] = f.fid;  // rows without a key are named by their negated fid
    }
    return &map;
}

Result<std::int64_t> EditContext::resolve(const RowKey& key) {
    if (key.field.empty()) return key.value;
    auto map = keys(key.layer, key.field);
    if (!map) return map.error();
    auto it = map.value()->find(key.value);
    if (it == map.value()->end())
        return make_error(
            ErrorCode::NotFound,
            gis::i18n::format(_("layer '{0}' has no row with {1} {2} (changed by another program?); nothing was changed"),
                              key.layer, key.field, key.value));
    return it->second;
}

Result<std::int64_t> EditContext::next_key(const std::string& layer, const std::string& field) {
    auto map = keys(layer, field);
    if (!map) return map.error();
    std::int64_t next = 1;
    for (const auto& [k, fid] : *map.value()) next = std::max(next, k + 1);
    return next;
}

void EditContext::note_insert(const RowKey& key, std::int64_t fid) {
    if (key.field.empty()) return;
    if (auto it = maps_.find(key.layer + "\n" + key.field); it != maps_.end()) it->second[key.value] = fid;
}

void EditContext::note_remove(const RowKey& key) {
    if (key.field.empty()) return;
    if (auto it = maps_.find(key.layer + "\n" + key.field); it != maps_.end()) it->second.erase(key.value);
}

RowEdit::RowEdit(RowKey key, std::optional<Record> before, std::optional<Record> after, std::string label)
    : key_(std::move(key)),
      committed_key_(key_),
      before_(std::move(before)),
      after_(std::move(after)),
      label_(std::move(label)) {}

void RowEdit::settle(bool committed) {
    if (committed)
        committed_key_ = key_;
    else
        key_ = committed_key_;
}

Result<void> RowEdit::write(EditContext& ctx, const std::optional<Record>& from,
                            const std::optional<Record>& to) {
    auto& ed = ctx.editor();
    if (from && to) {
        auto fid = ctx.resolve(key_);
        if (!fid) return fid.error();
        const Geometry* g = to->geometry ? &*to->geometry : nullptr;
        return ed.update(key_.layer, fid.value(), g, to->values);
    }
    if (to) {
        Record rec = *to;
        if (!key_.field.empty()) {
            if (key_.value == -1) {
                auto next = ctx.next_key(key_.layer, key_.field);
                if (!next) return next.error();
                key_.value = next.value();
            }
            bool has = false;
            for (auto& [name, v] : rec.values)
                if (name == key_.field) {
                    v = key_.value;
                    has = true;
                }
            if (!has) rec.values.emplace_back(key_.field, key_.value);
        }
        auto fid = ed.insert(key_.layer, rec.geometry ? *rec.geometry : Geometry{}, rec.values);
        if (!fid) return fid.error();
        if (key_.field.empty())
            key_.value = fid.value();  // a fid-keyed row is found by its new fid from now on
        else
            ctx.note_insert(key_, fid.value());
        return {};
    }
    if (from) {
        auto fid = ctx.resolve(key_);
        if (!fid) return fid.error();
        if (auto r = ed.remove(key_.layer, fid.value()); !r) return r;
        ctx.note_remove(key_);
    }
    return {};
}

Result<void> EditGroup::apply(EditContext& ctx) {
    for (auto& e : edits_)
        if (auto r = e->apply(ctx); !r) return r;
    return {};
}

Result<void> EditGroup::revert(EditContext& ctx) {
    for (auto it = edits_.rbegin(); it != edits_.rend(); ++it)
        if (auto r = (*it)->revert(ctx); !r) return r;
    return {};
}

void EditGroup::settle(bool committed) {
    for (auto& e : edits_) e->settle(committed);
}

std::vector<std::string> EditGroup::layers() const {
    std::set<std::string> all;
    for (const auto& e : edits_)
        for (auto& l : e->layers()) all.insert(l);
    return {all.begin(), all.end()};
}

EditHistory::EditHistory(std::string path, Prepare prepare)
    : path_(std::move(path)), prepare_(std::move(prepare)) {}

Result<void> EditHistory::run(Edit& edit, bool forward, const Guard& guard) {
    auto ed = io::Editor::open(path_);
    if (!ed) return ed.error();
    Result<void> r;
    if (prepare_) r = prepare_(ed.value());
    if (r && guard) r = guard(ed.value());
    if (r) {
        EditContext ctx(ed.value());
        r = forward ? edit.apply(ctx) : edit.revert(ctx);
    }
    if (r) r = ed->commit();
    if (!r) {
        ed->rollback();
        edit.settle(false);
        return r;
    }
    edit.settle(true);
    last_ = &edit;
    return {};
}

Result<void> EditHistory::perform(std::unique_ptr<Edit> edit, const Guard& guard) {
    if (!edit) return make_error(ErrorCode::Internal, "no edit to perform");
    if (auto r = run(*edit, true, guard); !r) return r;
    undo_.push_back(std::move(edit));
    redo_.clear();
    return {};
}

Result<void> EditHistory::undo() {
    if (undo_.empty()) return make_error(ErrorCode::BadInput, _("nothing to undo"));
    if (auto r = run(*undo_.back(), false); !r) return r;
    redo_.push_back(std::move(undo_.back()));
    undo_.pop_back();
    return {};
}

Result<void> EditHistory::redo() {
    if (redo_.empty()) return make_error(ErrorCode::BadInput, _("nothing to redo"));
    if (auto r = run(*redo_.back(), true); !r) return r;
    undo_.push_back(std::move(redo_.back()));
    redo_.pop_back();
    return {};
}

}  // namespace gis::plan
