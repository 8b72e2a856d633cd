#include "gis/plan/session.hpp"

#include "gis/plan/overlap.hpp"

#include <algorithm>
#include <cctype>

#include "gis/core/strings.hpp"
#include "gis/district/schema.hpp"
#include "gis/plan/params.hpp"
#include "gis/plan/prices.hpp"
#include "gis/plan/schedule.hpp"
#include "gis/core/i18n.hpp"

namespace gis::plan {
namespace layers = district::layers;

namespace {

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

RowKey item_key(std::int64_t id) { return {layers::kPlanItems, "item_id", id}; }

std::unique_ptr<RowEdit> item_update(const PlanItem& before, const PlanItem& after, std::string label) {
    return std::make_unique<RowEdit>(item_key(before.id), to_record(before), to_record(after),
                                     std::move(label));
}

bool touches_cases(const Edit& e) {
    for (const auto& l : e.layers())
        if (l == layers::kIllegalStructures || l == layers::kGraffiti) return true;
    return false;
}

}  // namespace

struct PlanSession::Impl {
    std::string path;
    UnitPrices prices;
    bool table_prices = false;  ///< prices come from the data set's table (no override given)
    PlanData data;
    std::optional<std::vector<Case>> cases;
    EditHistory history;

    Impl(std::string p, const UnitPrices& u, PlanData d)
        : path(p), prices(u), data(std::move(d)), history(std::move(p), &ensure_plan_schema) {}

    Result<void> refresh(bool cases_changed) {
        if (cases_changed) cases.reset();
        auto d = read_plan(path);
        if (!d)
            return make_error(d.error().code,
                              gis::i18n::format(_("saved, but re-reading failed: {0}"), d.error().message));
        data = std::move(d.value());
        if (table_prices) {  // a price set, undone or redone
            auto t = read_prices(path);
            if (!t)
                return make_error(t.error().code,
                                  gis::i18n::format(_("saved, but re-reading failed: {0}"), t.error().message));
            prices = t->unit_prices();
        }
        return {};
    }
    Result<void> after(Result<void> r) {
        if (!r) return r;
        const Edit* e = history.last();
        return refresh(e && touches_cases(*e));
    }
    const PlanItem* item(std::int64_t id) const {
        auto it = std::lower_bound(data.items.begin(), data.items.end(), id,
                                   [](const PlanItem& a, std::int64_t v) { return a.id < v; });
        return it != data.items.end() && it->id == id ? &*it : nullptr;
    }
    Result<PlanItem> require_item(std::int64_t id) const {
        if (const auto* it = item(id)) return *it;
        return make_error(ErrorCode::NotFound, gis::i18n::format(_("{0}: there is no plan item {1}"), path, std::to_string(id)));
    }
    const Project* project(const std::string& text) const {
        for (const auto& p : data.projects)
            if (p.key == text || p.name == text || lower(p.name_en) == lower(text)) return &p;
        return nullptr;
    }
    /// Validates and completes an item before it is written.
    Result<void> prepare(PlanItem& item) const {
        item.params = with_default_params(item.kind, item.params);
        if (auto r = validate_item(item); !r) return r;
        if (!item.project.empty()) {
            const Project* p = project(item.project);
            if (!p) return unknown_project(item.project);
            item.project = p->key;
            if (item.phase > p->phases)
                return make_error(ErrorCode::BadInput,
                                  gis::i18n::format(_("project '{0}' has {1} phase(s); phase {2} does not exist"),
                                                    p->key, std::to_string(p->phases), std::to_string(item.phase)));
        }
        recompute_quantities(item, prices);
        item.updated = now_utc();
        if (item.created.empty()) item.created = item.updated;
        return {};
    }
    /// The rule against counting work twice for a save of `items` (completed by prepare) whose rows
    /// `edits` write, run by the save's transaction against the items stored at that moment: refuses,
    /// trims (rewriting what the edits write) or keeps. `items` must outlive the save.
    EditHistory::Guard overlap_guard(std::vector<PlanItem>& items, std::vector<RowEdit*> edits,
                                     OverlapPolicy policy, Overlap* found) const {
        if (policy == OverlapPolicy::Keep && !found) return {};
        return [this, &items, edits = std::move(edits), policy, found](io::Editor& ed) -> Result<void> {
            auto stored = read_plan(ed.dataset());
            if (!stored) return stored.error();
            Overlap all = find_overlap(stored->items, items);
            if (found) *found = all;
            if (all.empty() || policy == OverlapPolicy::Keep) return {};
            if (policy == OverlapPolicy::Refuse) return overlap_error(all, items.size());
            std::size_t saved = 0;
            Error whole;
            for (std::size_t i = 0; i < items.size(); ++i) {
                const Overlap one = find_overlap(stored->items, items[i]);
                if (one.empty()) {
                    ++saved;
                    continue;
                }
                auto g = trim_overlap(stored->items, items[i], one);
                if (!g && (one.same_work() || items.size() == 1 || !edits[i]->is_insert())) return g.error();
                if (!g) {  // one of several, wholly planned already: left out
                    whole = g.error();
                    edits[i]->set_after(std::nullopt);
                    continue;
                }
                items[i].geometry = std::move(g.value());
                recompute_quantities(items[i], prices);
                edits[i]->set_after(to_record(items[i]));
                ++saved;
            }
            if (saved == 0)
                return make_error(ErrorCode::BadInput,
                                  gis::i18n::format(_("all {0} items are already planned ({1})"),
                                                    std::to_string(items.size()), whole.message));
            return {};
        };
    }
    /// Saves `before` with a new shape as one undo step (a vertex edit).
    Result<void> reshape(const PlanItem& before, Geometry geometry, const std::string& label,
                         OverlapPolicy policy, Overlap* found) {
        std::vector<PlanItem> items{before};
        items.front().geometry = std::move(geometry);
        if (auto r = prepare(items.front()); !r) return r;
        auto edit = item_update(before, items.front(), label);
        const auto guard = overlap_guard(items, {edit.get()}, policy, found);
        return after(history.perform(std::move(edit), guard));
    }
    Error unknown_project(const std::string& text) const {
        std::string known;
        for (const auto& p : data.projects)
            known += (known.empty() ? "" : ", ") + p.key + " (" + p.name + ")";
        return make_error(ErrorCode::NotFound,
                          known.empty()
                              ? gis::i18n::format(_("unknown project '{0}' (the data set has no projects)"), text)
                              : gis::i18n::format(_("unknown project '{0}' (known: {1})"), text, known));
    }
    Result<Case> find_case(const CaseRef& ref) {
        if (!cases) {
            auto c = read_cases(path);
            if (!c) return c.error();
            cases = std::move(c.value());
        }
        for (const auto& c : *cases)
            if (c.ref == ref) return c;
        return make_error(ErrorCode::NotFound,
                          gis::i18n::format(_("{0}: there is no case {1} (layer {2} has no feature {3})"), path,
                                            to_string(ref), case_layer(ref.kind), std::to_string(ref.fid)));
    }
    /// The edits of a set of case changes, checked against the stored states.
    Result<void> case_edits(const std::vector<CaseChange>& changes, EditGroup& group) {
        const std::string recorded = now_utc();
        for (const auto& ch : changes) {
            auto c = find_case(ch.ref);
            if (!c) return c.error();
            Case now = c.value();
            for (const auto& step : ch.steps) {
                if (auto r = check_transition(now, step); !r) return r;
                group.add(std::make_unique<RowEdit>(RowKey{layers::kCaseHistory, "", -1}, std::nullopt,
                                                    history_record(now, step, recorded),
                                                    "Case " + to_string(ch.ref) + " history"));
                now = apply_transition(now, step);
            }
            group.add(std::make_unique<RowEdit>(RowKey{case_layer(ch.ref.kind), "", ch.ref.fid},
                                                case_record(c.value()), case_record(now),
                                                "Case " + to_string(ch.ref)));
        }
        return {};
    }
};

PlanSession::PlanSession(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PlanSession::PlanSession(PlanSession&&) noexcept = default;
PlanSession& PlanSession::operator=(PlanSession&&) noexcept = default;
PlanSession::~PlanSession() = default;

Result<PlanSession> PlanSession::open(const std::string& path, const std::optional<UnitPrices>& prices) {
    auto d = read_plan(path);
    if (!d) return d.error();
    UnitPrices u;
    if (prices) {
        u = *prices;
    } else {
        auto table = read_prices(path);
        if (!table) return table.error();
        u = table->unit_prices();
    }
    auto impl = std::make_unique<Impl>(path, u, std::move(d.value()));
    impl->table_prices = !prices;
    return PlanSession(std::move(impl));
}

const std::string& PlanSession::path() const { return impl_->path; }
const UnitPrices& PlanSession::prices() const { return impl_->prices; }
const std::vector<Project>& PlanSession::projects() const { return impl_->data.projects; }
const Project* PlanSession::find_project(const std::string& text) const { return impl_->project(text); }
Result<const Project*> PlanSession::require_project(const std::string& text) const {
    if (const auto* p = impl_->project(text)) return p;
    return impl_->unknown_project(text);
}
const std::vector<PlanItem>& PlanSession::items() const { return impl_->data.items; }
const PlanItem* PlanSession::item(std::int64_t id) const { return impl_->item(id); }
const std::vector<Campaign>& PlanSession::campaigns() const { return impl_->data.campaigns; }
const Campaign* PlanSession::find_campaign(const std::string& name) const {
    for (const auto& c : impl_->data.campaigns)
        if (c.name == name) return &c;
    return nullptr;
}

Result<const std::vector<Case>*> PlanSession::cases() {
    if (!impl_->cases) {
        auto c = read_cases(impl_->path);
        if (!c) return c.error();
        impl_->cases = std::move(c.value());
    }
    return &*impl_->cases;
}
Result<Case> PlanSession::find_case(const CaseRef& ref) { return impl_->find_case(ref); }
Result<void> PlanSession::reload() { return impl_->refresh(true); }

Result<std::int64_t> PlanSession::add_item(PlanItem item, OverlapPolicy policy, Overlap* found) {
    auto ids = add_items({std::move(item)}, _("Add item"), policy, found);
    if (!ids) return ids.error();
    return ids->front();
}

Result<std::vector<std::int64_t>> PlanSession::add_items(std::vector<PlanItem> items,
                                                         const std::string& label, OverlapPolicy policy,
                                                         Overlap* found) {
    if (found) *found = {};
    if (items.empty()) return make_error(ErrorCode::BadInput, _("no items to add"));
    auto group = std::make_unique<EditGroup>(label);
    std::vector<RowEdit*> inserts;
    for (auto& it : items) {
        if (auto r = impl_->prepare(it); !r) return r.error();
        auto e = std::make_unique<RowEdit>(item_key(-1), std::nullopt, to_record(it), label);
        inserts.push_back(e.get());
        group->add(std::move(e));
    }
    const auto guard = impl_->overlap_guard(items, inserts, policy, found);
    if (auto r = impl_->after(impl_->history.perform(std::move(group), guard)); !r) return r.error();
    std::vector<std::int64_t> ids;
    for (const auto* e : inserts)
        if (e->key().value >= 0)
            ids.push_back(e->key().value);  // a wholly planned item trimmed away has none
    return ids;
}

Result<void> PlanSession::set_geometry(std::int64_t id, const Geometry& geometry, OverlapPolicy policy,
                                       Overlap* found) {
    return update_item(id, &geometry, {}, policy, found);
}

Result<void> PlanSession::move_vertex(std::int64_t id, const VertexRef& v, const Point& to,
                                      OverlapPolicy policy, Overlap* found) {
    if (found) *found = {};
    auto before = impl_->require_item(id);
    if (!before) return before.error();
    auto g = plan::move_vertex(before->geometry, v, to);
    if (!g) return g.error();
    return impl_->reshape(before.value(), std::move(g.value()), _("Move vertex"), policy, found);
}

Result<void> PlanSession::insert_vertex(std::int64_t id, const VertexRef& v, const Point& p,
                                        OverlapPolicy policy, Overlap* found) {
    if (found) *found = {};
    auto before = impl_->require_item(id);
    if (!before) return before.error();
    auto g = plan::insert_vertex(before->geometry, v, p);
    if (!g) return g.error();
    return impl_->reshape(before.value(), std::move(g.value()), _("Insert vertex"), policy, found);
}

Result<void> PlanSession::remove_vertex(std::int64_t id, const VertexRef& v, OverlapPolicy policy,
                                        Overlap* found) {
    if (found) *found = {};
    auto before = impl_->require_item(id);
    if (!before) return before.error();
    auto g = plan::remove_vertex(before->geometry, v);
    if (!g) return g.error();
    return impl_->reshape(before.value(), std::move(g.value()), _("Remove vertex"), policy, found);
}

Result<void> PlanSession::set_attributes(std::int64_t id, const ItemChanges& ch, OverlapPolicy policy,
                                         Overlap* found) {
    return update_item(id, nullptr, ch, policy, found);
}

Result<void> PlanSession::update_item(std::int64_t id, const Geometry* geometry, const ItemChanges& ch,
                                      OverlapPolicy policy, Overlap* found) {
    if (found) *found = {};
    auto before = impl_->require_item(id);
    if (!before) return before.error();
    PlanItem after = before.value();
    if (geometry) after.geometry = *geometry;
    if (ch.name) after.name = *ch.name;
    if (ch.project) after.project = *ch.project;
    if (ch.status) after.status = *ch.status;
    if (ch.params) after.params = *ch.params;
    if (ch.phase) after.phase = *ch.phase;
    if (auto r = impl_->prepare(after); !r) return r;
    const bool attrs = ch.name || ch.project || ch.status || ch.params || ch.phase;
    // Where the work lies or what it is changed: the item may now count work twice.
    const bool checked = geometry || after.project != before->project ||
                         param_number(after.params, "pipe_id") != param_number(before->params, "pipe_id") ||
                         param_string(after.params, "campaign") != param_string(before->params, "campaign");
    std::vector<PlanItem> items{after};
    auto edit = item_update(before.value(), after,
                            geometry ? (attrs ? _("Edit item") : _("Edit shape")) : _("Change attributes"));
    EditHistory::Guard guard;
    if (checked) guard = impl_->overlap_guard(items, {edit.get()}, policy, found);
    return impl_->after(impl_->history.perform(std::move(edit), guard));
}

Result<void> PlanSession::remove_item(std::int64_t id) {
    return remove_items({id}, gis::i18n::format(_("Delete item {0}"), std::to_string(id)));
}

Result<void> PlanSession::remove_items(const std::vector<std::int64_t>& ids, const std::string& label) {
    if (ids.empty()) return make_error(ErrorCode::BadInput, _("no items to delete"));
    auto group = std::make_unique<EditGroup>(label);
    for (auto id : ids) {
        auto before = impl_->require_item(id);
        if (!before) return before.error();
        group->add(std::make_unique<RowEdit>(item_key(id), to_record(before.value()), std::nullopt, label));
    }
    return impl_->after(impl_->history.perform(std::move(group)));
}

Result<void> PlanSession::add_project(const Project& p) {
    if (auto v = validate_project(p); !v) return v;
    if (impl_->project(p.key) || (!p.name.empty() && impl_->project(p.name)))
        return make_error(ErrorCode::BadInput, gis::i18n::format(_("a project '{0}' already exists"), p.key));
    return impl_->after(impl_->history.perform(std::make_unique<RowEdit>(
        RowKey{layers::kProjects, "", -1}, std::nullopt, Record{std::nullopt, to_values(p)}, _("Add project"))));
}

Result<void> PlanSession::change_cases(const std::vector<CaseChange>& changes, const std::string& label) {
    if (changes.empty()) return make_error(ErrorCode::BadInput, _("no cases to change"));
    auto group = std::make_unique<EditGroup>(label);
    if (auto r = impl_->case_edits(changes, *group); !r) return r;
    return impl_->after(impl_->history.perform(std::move(group)));
}

Result<void> PlanSession::save_campaign(const Campaign& campaign, const std::vector<CaseChange>& changes,
                                        std::optional<PlanItem> cost_item) {
    if (campaign.name.empty()) return make_error(ErrorCode::BadInput, _("a campaign needs a name"));
    if (!campaign.date.empty() && !valid_date(campaign.date))
        return make_error(ErrorCode::BadInput, gis::i18n::format(_("'{0}' is not a date (write YYYY-MM-DD)"), campaign.date));
    Campaign c = campaign;
    if (!c.project.empty()) {
        const Project* p = impl_->project(c.project);
        if (!p) return impl_->unknown_project(c.project);
        c.project = p->key;
    }
    auto group = std::make_unique<EditGroup>(gis::i18n::format(_("Campaign {0}"), c.name));
    Record rec{std::nullopt, to_values(c)};
    if (const Campaign* old = find_campaign(c.name))
        group->add(std::make_unique<RowEdit>(RowKey{layers::kCampaigns, "", old->fid},
                                             Record{std::nullopt, to_values(*old)}, rec, "Campaign"));
    else
        group->add(
            std::make_unique<RowEdit>(RowKey{layers::kCampaigns, "", -1}, std::nullopt, rec, "Campaign"));
    if (auto r = impl_->case_edits(changes, *group); !r) return r;
    if (cost_item) {
        PlanItem it = std::move(*cost_item);
        it.params = with_param(it.params, "campaign", c.name);
        if (it.project.empty()) it.project = c.project;
        const PlanItem* old = nullptr;
        for (const auto& x : impl_->data.items)
            if (x.kind == it.kind && param_string(x.params, "campaign") == c.name) old = &x;
        if (old) {
            it.id = old->id;
            it.created = old->created;
        }
        if (auto r = impl_->prepare(it); !r) return r;
        if (old)
            group->add(item_update(*old, it, "Campaign item"));
        else
            group->add(std::make_unique<RowEdit>(item_key(-1), std::nullopt, to_record(it), "Campaign item"));
    }
    return impl_->after(impl_->history.perform(std::move(group)));
}

Result<void> PlanSession::update_project(const Project& p) {
    if (auto v = validate_project(p); !v) return v;
    const Project* old = nullptr;
    for (const auto& x : impl_->data.projects)
        if (x.key == p.key) old = &x;
    if (!old) return require_project(p.key).error();
    int used = 1;
    for (const auto& it : impl_->data.items)
        if (it.project == p.key) used = std::max(used, it.phase);
    for (const auto& ph : impl_->data.phases)
        if (ph.project == p.key) used = std::max(used, ph.phase);
    if (p.phases < used)
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("project {0} uses phase {1}: it keeps at least {1} phases"), p.key,
                                            std::to_string(used)));
    Project next = p;
    next.fid = old->fid;
    return impl_->after(impl_->history.perform(std::make_unique<RowEdit>(
        RowKey{layers::kProjects, "", old->fid}, Record{std::nullopt, to_values(*old)},
        Record{std::nullopt, to_values(next)}, _("Change project"))));
}

const std::vector<PhaseDates>& PlanSession::phases() const { return impl_->data.phases; }
const PlanData& PlanSession::data() const { return impl_->data; }

Result<void> PlanSession::set_phase(const PhaseDates& p) {
    auto project = require_project(p.project);
    if (!project) return project.error();
    PhaseDates next = p;
    next.project = project.value()->key;
    if (auto v = validate_phase(*project.value(), next); !v) return v;
    const PhaseDates* old = nullptr;
    for (const auto& x : impl_->data.phases)
        if (x.project == next.project && x.phase == next.phase) old = &x;
    auto edit = old ? std::make_unique<RowEdit>(RowKey{layers::kProjectPhases, "", old->fid},
                                                Record{std::nullopt, to_values(*old)},
                                                Record{std::nullopt, to_values(next)}, _("Phase dates"))
                    : std::make_unique<RowEdit>(RowKey{layers::kProjectPhases, "", -1}, std::nullopt,
                                                Record{std::nullopt, to_values(next)}, _("Phase dates"));
    return impl_->after(impl_->history.perform(std::move(edit)));
}

Result<std::vector<std::int64_t>> PlanSession::set_price(const Price& price) {
    auto checked = check_price(price);
    if (!checked) return checked.error();
    return change_price(checked->key, checked.value());
}

Result<std::vector<std::int64_t>> PlanSession::reset_price(const std::string& key) {
    return change_price(key, std::nullopt);
}

Result<std::vector<std::int64_t>> PlanSession::change_price(const std::string& key,
                                                            const std::optional<Price>& price) {
    auto table = read_prices(impl_->path);
    if (!table) return table.error();
    std::optional<std::int64_t> fid;  // the stored row of this key
    if (const Price* stored = table->find(key); stored && stored->stored) fid = stored->fid;
    auto values = [](const Price& p) -> io::Values {
        return {{"key", p.key},       {"unit", p.unit}, {"unit_price_cny", p.cny},
                {"source", p.source}, {"date", p.date}, {"note", p.note}};
    };
    const Price* old = table->find(key);
    auto group = std::make_unique<EditGroup>(gis::i18n::format(_("Price {0}"), key));
    PriceTable next_table = table.value();
    if (price) {
        if (fid)
            group->add(std::make_unique<RowEdit>(RowKey{layers::kPrices, "", *fid},
                                                 Record{std::nullopt, values(*old)},
                                                 Record{std::nullopt, values(*price)}, "Price"));
        else
            group->add(std::make_unique<RowEdit>(RowKey{layers::kPrices, "", -1}, std::nullopt,
                                                 Record{std::nullopt, values(*price)}, "Price"));
        bool found = false;
        for (auto& r : next_table.rows)
            if (r.key == key) {
                r = *price;
                found = true;
            }
        if (!found) next_table.rows.push_back(*price);
    } else {
        if (!fid)
            return make_error(ErrorCode::NotFound,
                              gis::i18n::format(_("the data set stores no price {0} (nbhd prices lists what it "
                                                  "stores; the rest are defaults)"),
                                                quote_for_message(key)));
        group->add(std::make_unique<RowEdit>(RowKey{layers::kPrices, "", *fid},
                                             Record{std::nullopt, values(*old)}, std::nullopt, "Price"));
        // Back to nbhd's default, or gone when it was a pipe size nbhd does not list.
        const auto defaults = default_prices();
        next_table.rows.erase(std::remove_if(next_table.rows.begin(), next_table.rows.end(),
                                             [&](const Price& r) { return r.key == key; }),
                              next_table.rows.end());
        if (const auto* d = defaults.find(key)) next_table.rows.push_back(*d);
    }
    // The open items priced from the table are priced again, in the same step.
    const UnitPrices next = next_table.unit_prices();
    std::vector<std::int64_t> changed;
    for (const auto& it : impl_->data.items) {
        if (!repriced(it)) continue;
        PlanItem after = repriced_item(it, next);
        if (std::abs(after.cost_cny - it.cost_cny) < 0.005 && after.params == it.params) continue;
        after.updated = now_utc();
        group->add(item_update(it, after, "Re-price"));
        changed.push_back(it.id);
    }
    if (auto r = impl_->after(impl_->history.perform(std::move(group))); !r) return r.error();
    if (!impl_->table_prices) impl_->prices = next;  // with the table, refresh read it
    return changed;
}

bool PlanSession::can_undo() const { return impl_->history.can_undo(); }
bool PlanSession::can_redo() const { return impl_->history.can_redo(); }
std::string PlanSession::undo_label() const { return impl_->history.undo_label(); }
std::string PlanSession::redo_label() const { return impl_->history.redo_label(); }
Result<void> PlanSession::undo() { return impl_->after(impl_->history.undo()); }
Result<void> PlanSession::redo() { return impl_->after(impl_->history.redo()); }

}  // namespace gis::plan
