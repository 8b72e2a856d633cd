#include "app/view/core/sketch_editor.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "app/i18n/i18n.hpp"
#include "app/view/core/style.hpp"
#include "gis/core/i18n.hpp"
#include "gis/district/schema.hpp"
#include "gis/io/dataset.hpp"
#include "gis/network/clearance.hpp"
#include "gis/plan/params.hpp"

namespace app::view {
namespace {
constexpr const char* kPlanLayer = gis::district::layers::kPlanItems;
}

SketchEditor::SketchEditor() = default;
SketchEditor::~SketchEditor() {
    if (pending_.valid()) pending_.wait();
}

gis::Result<void> SketchEditor::open(const std::string& path) {
    if (auto w = gis::io::check_writable(path); !w) return w.error();
    auto s = gis::plan::PlanSession::open(path);
    if (!s) return s.error();
    session_ = std::make_unique<gis::plan::PlanSession>(std::move(s.value()));
    path_ = path;
    if (template_.project.empty() && !session_->projects().empty())
        template_.project = session_->projects().front().key;
    ++revision_;
    return {};
}

void SketchEditor::set_kind(const std::string& kind) {
    template_.kind = kind;
    template_.params = "{}";
}

void SketchEditor::start_drawing(SketchShape shape) {
    draft_.start(shape);
    if (kind_accepts(template_.kind, shape)) return;
    for (const auto& k : gis::plan::item_kinds())
        if (kind_accepts(k.name, shape)) {
            template_.kind = k.name;
            break;
        }
}

gis::Result<std::int64_t> SketchEditor::finish(gis::plan::OverlapPolicy policy) {
    overlap_.reset();
    if (!session_) return gis::make_error(gis::ErrorCode::BadInput, _("no data set is open for editing"));
    auto g = draft_.geometry();
    if (!g) return g.error();
    gis::plan::PlanItem it;
    it.project = template_.project;
    it.kind = template_.kind;
    it.phase = template_.phase;
    it.status = template_.status;
    it.params = template_.params;
    it.geometry = std::move(g.value());
    it.name = template_.name;
    if (it.name.empty()) {
        std::int64_t next = 1;
        for (const auto& x : session_->items()) next = std::max(next, x.id + 1);
        it.name = std::string(i18n::tr("sketch.kind." + it.kind)) + " " + std::to_string(next);
    }
    gis::plan::Overlap overlap;
    auto id = session_->add_item(std::move(it), policy, &overlap);
    if (!id) {
        if (!overlap.empty() && id.error().code == gis::ErrorCode::BadInput) {
            PendingOverlap p;
            p.edit = PendingOverlap::Edit::Finish;
            p.overlap = std::move(overlap);
            p.draft = draft_.points();
            overlap_ = std::move(p);
        }
        return id.error();
    }
    ++revision_;
    draft_.cancel();
    selected_ = id.value();
    return id.value();
}

void SketchEditor::select(std::optional<std::int64_t> id) {
    if (id && (!session_ || !session_->item(*id))) id.reset();
    selected_ = id;
}

const gis::plan::PlanItem* SketchEditor::selected_item() const {
    return session_ && selected_ ? session_->item(*selected_) : nullptr;
}

gis::Result<void> SketchEditor::changed(gis::Result<void> r) {
    if (!r) return r;
    overlap_.reset();
    ++revision_;
    if (selected_ && !session_->item(*selected_)) selected_.reset();
    return r;
}

namespace {
gis::Error nothing_selected() {
    return gis::make_error(gis::ErrorCode::BadInput, _("no plan item is selected"));
}
}  // namespace

gis::Result<void> SketchEditor::vertex_edit(PendingOverlap p, gis::plan::OverlapPolicy policy) {
    overlap_.reset();
    using E = PendingOverlap::Edit;
    auto r = p.edit == E::MoveVertex     ? session_->move_vertex(p.item, p.vertex, p.at, policy, &p.overlap)
             : p.edit == E::InsertVertex ? session_->insert_vertex(p.item, p.vertex, p.at, policy, &p.overlap)
                                         : session_->remove_vertex(p.item, p.vertex, policy, &p.overlap);
    if (!r && !p.overlap.empty() && r.error().code == gis::ErrorCode::BadInput) {
        overlap_ = std::move(p);
        return r;
    }
    return changed(std::move(r));
}

gis::Result<void> SketchEditor::move_vertex(const gis::plan::VertexRef& v, const gis::Point& to,
                                            gis::plan::OverlapPolicy policy) {
    if (!selected_item()) return nothing_selected();
    return vertex_edit({PendingOverlap::Edit::MoveVertex, {}, *selected_, v, to, {}}, policy);
}

gis::Result<void> SketchEditor::insert_vertex(const gis::plan::VertexRef& v, const gis::Point& at,
                                              gis::plan::OverlapPolicy policy) {
    if (!selected_item()) return nothing_selected();
    return vertex_edit({PendingOverlap::Edit::InsertVertex, {}, *selected_, v, at, {}}, policy);
}

gis::Result<void> SketchEditor::remove_vertex(const gis::plan::VertexRef& v,
                                              gis::plan::OverlapPolicy policy) {
    if (!selected_item()) return nothing_selected();
    return vertex_edit({PendingOverlap::Edit::RemoveVertex, {}, *selected_, v, {}, {}}, policy);
}

gis::Result<void> SketchEditor::resolve_overlap(gis::plan::OverlapPolicy choice) {
    if (!overlap_) return gis::make_error(gis::ErrorCode::BadInput, _("no save is waiting for a choice"));
    PendingOverlap p = *overlap_;
    if (choice == gis::plan::OverlapPolicy::Refuse) {
        overlap_.reset();
        return {};
    }
    if (p.edit != PendingOverlap::Edit::Finish) return vertex_edit(std::move(p), choice);
    if (draft_.points() != p.draft) {
        overlap_.reset();
        return gis::make_error(gis::ErrorCode::BadInput,
                               _("the drawing changed since it was refused; finish it again"));
    }
    auto id = finish(choice);
    if (!id) {
        if (!overlap_) overlap_ = std::move(p);  // e.g. nothing is left after trimming: choose again
        return id.error();
    }
    return {};
}

gis::Result<void> SketchEditor::set_attributes(const gis::plan::ItemChanges& changes) {
    if (!selected_item()) return nothing_selected();
    return changed(session_->set_attributes(*selected_, changes));
}

gis::Result<void> SketchEditor::remove_selected() {
    if (!selected_item()) return nothing_selected();
    return changed(session_->remove_item(*selected_));
}

gis::Result<void> SketchEditor::undo() {
    if (!can_undo()) return gis::make_error(gis::ErrorCode::BadInput, _("nothing to undo"));
    return changed(session_->undo());
}

gis::Result<void> SketchEditor::redo() {
    if (!can_redo()) return gis::make_error(gis::ErrorCode::BadInput, _("nothing to redo"));
    return changed(session_->redo());
}

namespace {
/// The non-empty parts of `s` between the separators.
std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        const auto end = s.find(sep, start);
        std::string part = s.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!part.empty()) out.push_back(part);
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

gis::Result<void> as_void(const gis::Result<std::int64_t>& r) {
    if (!r) return r.error();
    return {};
}
}  // namespace

const std::vector<std::string>& SketchEditor::script_keys() {
    static const std::vector<std::string> keys = {"project", "kind",      "name",   "phase",  "pressure",
                                                  "snap",    "tolerance", "points", "finish", "overlap",
                                                  "cancel",  "undo",      "redo",   "select"};
    return keys;
}

gis::Result<SketchStep> SketchEditor::script(const std::string& key, const std::string& value,
                                             double metres_per_unit) {
    auto bad = [&](const std::string& why) {
        return gis::make_error(gis::ErrorCode::BadInput, key + "=" + value + ": " + why);
    };
    if (!session_) return bad(_("no data set is open for editing"));
    SketchStep step;
    if (key == "project") {
        if (value.empty() || value == "none") {
            template_.project.clear();
        } else {
            auto p = session_->require_project(value);
            if (!p) return bad(p.error().message);
            template_.project = p.value()->key;
        }
    } else if (key == "kind") {
        if (!gis::plan::find_kind(value)) return bad(_("unknown kind"));
        set_kind(value);
    } else if (key == "name") {
        template_.name = value;
    } else if (key == "phase") {
        char* end = nullptr;
        const long n = std::strtol(value.c_str(), &end, 10);
        if (value.empty() || *end != '\0' || n < 1 || n > 20)
            return bad(_("a phase is a number from 1 to 20"));
        template_.phase = static_cast<int>(n);
    } else if (key == "pressure") {
        auto pr = gis::network::parse_pressure(value);
        if (!pr) return bad(pr.error().message);
        template_.params =
            gis::plan::with_param(template_.params, "pressure", std::string(gis::network::to_string(*pr)));
    } else if (key == "snap") {
        snapping_.enabled = value != "0" && value != "off";
    } else if (key == "tolerance") {
        snapping_.tolerance_px = std::atof(value.c_str());
    } else if (key == "points") {
        std::vector<gis::Point> points;
        for (const auto& pair : split(value, ';')) {
            const auto xy = split(pair, ',');
            char* end = nullptr;
            if (xy.size() != 2) return bad(_("expected x1,y1;x2,y2;..."));
            const double x = std::strtod(xy[0].c_str(), &end);
            if (*end) return bad(gis::i18n::format(_("'{0}' is not a number"), xy[0]));
            const double y = std::strtod(xy[1].c_str(), &end);
            if (*end) return bad(gis::i18n::format(_("'{0}' is not a number"), xy[1]));
            points.push_back({x, y});
        }
        for (const auto& p : points) {
            const gis::Point at = snap(p, snapping_, metres_per_unit).point;
            if (draft_.shape() == SketchShape::Point) {  // each click saves a point
                draft_.start(SketchShape::Point);
                draft_.add(at);
                step.edit = as_void(finish());
            } else {
                draft_.add(at);
            }
        }
    } else if (key == "finish") {
        // Refused for an overlap, the save waits for the choice (overlap=trim|keep|cancel).
        step.edit = as_void(finish());
        step.failed = !*step.edit && !overlap_;
    } else if (key == "overlap") {
        if (!overlap_) return bad(_("no save is waiting for a choice"));
        if (value != "trim" && value != "keep" && value != "cancel")
            return bad(_("use trim, keep or cancel"));
        step.choice = value == "trim"   ? gis::plan::OverlapPolicy::Trim
                      : value == "keep" ? gis::plan::OverlapPolicy::Keep
                                        : gis::plan::OverlapPolicy::Refuse;
        step.finishing = overlap_->edit == PendingOverlap::Edit::Finish;
        step.edit = resolve_overlap(step.choice);
        step.failed = !*step.edit;
    } else if (key == "cancel") {
        draft_.cancel();
    } else if (key == "undo" || key == "redo") {
        const int n = value.empty() ? 1 : std::atoi(value.c_str());
        for (int i = 0; i < n; ++i) {
            step.edit = key == "undo" ? undo() : redo();
            if (!*step.edit) {
                step.failed = true;
                break;
            }
        }
    } else if (key == "select") {
        if (value == "none" || value.empty()) {
            select(std::nullopt);
        } else {
            const auto id = std::atoll(value.c_str());
            if (!session_->item(id)) return bad(gis::i18n::format(_("there is no plan item {0}"), value));
            select(id);
        }
    } else {
        std::string keys;
        for (const auto& k : script_keys()) keys += (keys.empty() ? "" : ", ") + k;
        return bad(gis::i18n::format(_("unknown option ({0})"), keys));
    }
    return step;
}

const SnapIndex& SketchEditor::plan_index() {
    if (plan_revision_ != revision_) {
        std::vector<gis::Geometry> geoms;
        std::vector<std::int64_t> keys;
        if (session_)
            for (const auto& it : session_->items()) {
                if (it.geometry.empty()) continue;
                geoms.push_back(it.geometry);
                keys.push_back(it.id);
            }
        plan_ = SnapIndex(std::move(geoms), std::move(keys));
        plan_revision_ = revision_;
    }
    return plan_;
}

Snap SketchEditor::snap(const gis::Point& p, const SnapSettings& settings, double metres_per_unit,
                        std::optional<std::int64_t> exclude) {
    return snap_pointer(p, settings, metres_per_unit, base_.get(), &plan_index(), exclude);
}

std::optional<std::int64_t> SketchEditor::pick(const gis::Point& p, double tolerance) {
    return plan_index().pick(p, tolerance);
}

void SketchEditor::refresh_layer(const Document& doc) {
    if (!doc.source()) return;
    source_ = doc.source();
    if (pending_.valid()) {
        refresh_again_ = true;
        return;
    }
    pending_ = std::async(std::launch::async, [src = *source_] { return read_plan_layer(src); });
}

bool SketchEditor::poll_layer(Document& doc, bool wait) {
    bool changed_doc = false;
    while (pending_.valid()) {
        if (!wait && pending_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) break;
        auto layer = pending_.get();
        if (refresh_again_) {
            refresh_again_ = false;
            pending_ = std::async(std::launch::async, [src = *source_] { return read_plan_layer(src); });
            continue;
        }
        if (!layer) break;  // the file is unchanged on the map; the next edit tries again
        doc.replace_layer(std::move(layer.value()));
        changed_doc = true;
    }
    if (changed_doc && selected_)
        if (auto ref = find_plan_item(doc, *selected_)) doc.select(ref);
    return changed_doc;
}

std::future<std::shared_ptr<const SnapIndex>> build_base_index(const Document& doc) {
    return std::async(std::launch::async, [geoms = snap_geometries(doc)]() mutable {
        return std::shared_ptr<const SnapIndex>(std::make_shared<SnapIndex>(std::move(geoms)));
    });
}

gis::Result<PreparedLayer> read_plan_layer(const SourceInfo& source) {
    auto ds = gis::io::Dataset::open(source.path);
    if (!ds) return ds.error();
    gis::io::ReadOptions options;
    options.target_crs = source.display_crs;
    auto layer = ds->read_layer(kPlanLayer, options);
    if (!layer) return layer.error();
    auto style = district_layer_style(kPlanLayer);
    if (!style) return gis::make_error(gis::ErrorCode::MissingLayer, _("no style for the plan items"));
    return prepare_layer(std::move(layer.value()), std::move(*style), source.origin, source.grid);
}

std::optional<FeatureRef> find_plan_item(const Document& doc, std::int64_t id) {
    const MapLayer* l = doc.find(kPlanLayer);
    if (!l) return std::nullopt;
    const int field = l->data.info.field_index("item_id");
    if (field < 0) return std::nullopt;
    for (std::uint32_t i = 0; i < l->data.features.size(); ++i)
        if (field_int(l->data.features[i], field, -1) == id) return FeatureRef{l->id, i};
    return std::nullopt;
}

std::optional<std::int64_t> plan_item_of(const Document& doc, const FeatureRef& ref) {
    const MapLayer* l = doc.layer(ref.layer);
    if (!l || l->name() != kPlanLayer) return std::nullopt;
    const gis::io::Feature* f = doc.feature(ref);
    const int field = l->data.info.field_index("item_id");
    if (!f || field < 0) return std::nullopt;
    const std::int64_t id = field_int(*f, field, -1);
    return id >= 0 ? std::optional<std::int64_t>(id) : std::nullopt;
}

}  // namespace app::view
