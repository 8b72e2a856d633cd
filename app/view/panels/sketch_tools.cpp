#include "app/view/panels/sketch_tools.hpp"

#include <algorithm>

#include "app/i18n/i18n.hpp"
#include "gis/core/i18n.hpp"

namespace app::view::sketch {
namespace {

using i18n::tr;

constexpr const char* kOwner = "sketch";

}  // namespace

std::optional<Tool> tool_from(const std::string& s) {
    if (s == "browse" || s == "none") return Tool::Browse;
    if (s == "edit" || s == "select") return Tool::Edit;
    if (s == "polygon") return Tool::Polygon;
    if (s == "line") return Tool::Line;
    if (s == "point") return Tool::Point;
    return std::nullopt;
}

SketchShape shape_of(Tool t) {
    return t == Tool::Line ? SketchShape::Line : t == Tool::Point ? SketchShape::Point : SketchShape::Polygon;
}

Tool tool_of(SketchShape s) {
    return s == SketchShape::Line ? Tool::Line : s == SketchShape::Point ? Tool::Point : Tool::Polygon;
}

/// A drawing with too few points: the English message, or its translation in the current language.
static bool too_few_points(const std::string& message) {
    if (message.find("needs at least") != std::string::npos) return true;
    for (const char* m : {_("a line needs at least 2 points"), _("a polygon needs at least 3 corners"),
                          _("a ring needs at least 3 corners")})
        if (message == m) return true;
    return false;
}

std::string failure(const gis::Error& e) {
    const char* head = e.code == gis::ErrorCode::InvalidGeometry ? "sketch.err.crosses"
                       : too_few_points(e.message)               ? "sketch.err.too_few"
                                                                 : "sketch.err.failed";
    return std::string(tr(head)) + " (" + e.message + ")";
}

// --- the tool ---------------------------------------------------------------------------------------------
void SketchTools::set_tool(ViewContext& ctx, Tool t) {
    if (t == tool) return;
    cancel_drag(ctx);
    if (drawing(t)) {
        ed.start_drawing(shape_of(t));
    } else {
        ed.draft().cancel();
    }
    tool = t;
    if (t == Tool::Browse) {
        if (owns_tool_ && ctx.doc.map_tool() == kOwner) ctx.doc.set_map_tool("");
        owns_tool_ = false;
    } else {
        ctx.doc.set_map_tool(kOwner);
        owns_tool_ = true;
    }
}

void SketchTools::set_kind(ViewContext& ctx, const std::string& kind) {
    ed.set_kind(kind);
    fit_tool_to_kind(ctx);
}

void SketchTools::fit_tool_to_kind(ViewContext& ctx) {
    const std::string& kind = ed.next_item().kind;
    if (drawing(tool) && !kind_accepts(kind, shape_of(tool))) set_tool(ctx, tool_of(shape_for_kind(kind)));
}

void SketchTools::keep_map_tool(ViewContext& ctx) {
    if (tool != Tool::Browse && owns_tool_ && ctx.doc.map_tool() != kOwner) {
        cancel_drag(ctx);
        ed.draft().cancel();
        tool = Tool::Browse;
        owns_tool_ = false;
    }
    if (tool != Tool::Browse && !owns_tool_) {
        ctx.doc.set_map_tool(kOwner);
        owns_tool_ = true;
    }
}

void SketchTools::release(ViewContext& ctx) {
    cancel_drag(ctx);
    if (owns_tool_ && ctx.doc.map_tool() == kOwner) ctx.doc.set_map_tool("");
    owns_tool_ = false;
    tool = Tool::Browse;
    ed.draft().cancel();
}

void SketchTools::cancel_drag(ViewContext& ctx) {
    if (pointer.drag) ctx.doc.set_tool_grab(false);
    pointer.drag.reset();
    pointer.pressed = false;
}

// --- edits ------------------------------------------------------------------------------------------------
void SketchTools::say(std::string text, bool error) {
    status = std::move(text);
    status_error = error;
}

bool SketchTools::applied(ViewContext& ctx, const gis::Result<void>& r, const char* done_key) {
    if (!r) {
        // Refused for an overlap: the prompt above says what and offers the choices.
        say(ed.pending_overlap() ? std::string(tr("sketch.overlap.title")) : failure(r.error()), true);
        return false;
    }
    say(tr(done_key), false);
    ed.refresh_layer(ctx.doc);
    if (!ed.selected()) ctx.doc.select(std::nullopt);
    return true;
}

void SketchTools::click_drawing(ViewContext& ctx, const gis::Point& p) {
    if (tool == Tool::Point) {
        ed.draft().start(SketchShape::Point);
        ed.draft().add(p);
        finish(ctx);
        return;
    }
    ed.draft().add(p);
}

bool SketchTools::finish(ViewContext& ctx) {
    auto id = ed.finish();
    return finished(ctx, id ? gis::Result<void>() : gis::Result<void>(id.error()));
}

bool SketchTools::finished(ViewContext& ctx, const gis::Result<void>& r) {
    if (!r) {
        say(ed.pending_overlap() ? std::string(tr("sketch.overlap.title")) : failure(r.error()), true);
        return false;
    }
    say(std::string(tr("sketch.saved")) + ": " + ed.selected_item()->name, false);
    ed.refresh_layer(ctx.doc);
    return true;
}

bool SketchTools::resolve(ViewContext& ctx, gis::plan::OverlapPolicy choice) {
    const bool finishing = ed.pending_overlap() && ed.pending_overlap()->edit == PendingOverlap::Edit::Finish;
    return resolved(ctx, choice, finishing, ed.resolve_overlap(choice));
}

bool SketchTools::resolved(ViewContext& ctx, gis::plan::OverlapPolicy choice, bool finishing,
                           const gis::Result<void>& r) {
    if (!r) {
        say(failure(r.error()), true);
        return false;
    }
    if (choice == gis::plan::OverlapPolicy::Refuse) {
        say(tr("sketch.overlap.cancelled"), false);
        return true;
    }
    std::string done =
        tr(choice == gis::plan::OverlapPolicy::Trim ? "sketch.overlap.trimmed" : "sketch.overlap.kept");
    if (finishing && ed.selected_item()) done += ": " + ed.selected_item()->name;
    say(done, false);
    ed.refresh_layer(ctx.doc);
    if (!ed.selected()) ctx.doc.select(std::nullopt);
    return true;
}

bool SketchTools::history(ViewContext& ctx, bool undo) {
    const auto r = undo ? ed.undo() : ed.redo();
    return applied(ctx, r, undo ? "sketch.undone" : "sketch.redone");
}

void SketchTools::select(ViewContext& ctx, std::optional<std::int64_t> id) {
    ed.select(id);
    pointer.active_vertex.reset();
    std::optional<FeatureRef> ref;
    if (ed.selected()) ref = find_plan_item(ctx.doc, *ed.selected());
    ctx.doc.select(ref);
    seen_selection_ = ctx.doc.selection();
}

void SketchTools::follow_map_selection(ViewContext& ctx) {
    const auto& sel = ctx.doc.selection();
    if (sel == seen_selection_) return;
    seen_selection_ = sel;
    if (!sel) {
        if (!ed.layer_pending()) ed.select(std::nullopt);
        return;
    }
    if (auto id = plan_item_of(ctx.doc, *sel)) {
        ed.select(id);
        pointer.active_vertex.reset();
    } else if (tool == Tool::Browse) {
        ed.select(std::nullopt);
    }
}

gis::Geometry SketchTools::draft_shape() const {
    const SketchDraft& d = ed.draft();
    std::vector<gis::Point> pts = d.points();
    if (pointer.at && pointer.on_map) pts.push_back(*pointer.at);
    if (d.shape() == SketchShape::Line && pts.size() >= 2) return gis::Geometry::from(gis::LineString(pts));
    if (d.shape() == SketchShape::Polygon && pts.size() >= 3) {
        gis::Polygon poly{pts, {}};
        poly.outer.push_back(pts.front());
        return gis::Geometry::from(poly);
    }
    return {};
}

void SketchTools::update_checks() {
    if (drawing(tool)) {
        checks.update(ed.next_item().kind, ed.next_item().params, draft_shape());
    } else if (const gis::plan::PlanItem* it = ed.selected_item()) {
        checks.update(
            it->kind, it->params,
            pointer.drag ? preview_edit(it->geometry, *pointer.drag, pointer.drag_to) : it->geometry);
    } else {
        checks.clear();
    }
}

// --- scripted steps ---------------------------------------------------------------------------------------
gis::Result<void> SketchTools::script(ViewContext& ctx, const std::string& key, const std::string& value) {
    auto bad = [&](const std::string& why) {
        return gis::make_error(gis::ErrorCode::BadInput,
                               "--panel-set sketch." + key + "=" + value + ": " + why);
    };
    const auto& keys = SketchEditor::script_keys();
    if (key == "tool") {
        auto t = tool_from(value);
        if (!t) return bad(_("use browse, edit, polygon, line or point"));
        set_tool(ctx, *t);
        return {};
    }
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        std::string list = "tool";
        for (const auto& k : keys) list += ", " + k;
        return bad(gis::i18n::format(_("unknown option ({0})"), list));
    }
    if (key == "points" && !drawing(tool)) set_tool(ctx, tool_of(shape_for_kind(ed.next_item().kind)));
    const std::uint64_t revision = ed.revision();
    auto step = ed.script(key, value, ctx.camera.metres_per_pixel() * ctx.pixel_scale);
    if (!step) return gis::make_error(step.error().code, "--panel-set sketch." + step.error().message);
    if (key == "kind") {
        fit_tool_to_kind(ctx);
    } else if (key == "select") {
        select(ctx, ed.selected());
    } else if (step->edit) {
        const gis::Result<void>& r = *step->edit;
        if (key == "overlap")
            resolved(ctx, step->choice, step->finishing, r);
        else if (key == "undo" || key == "redo")
            applied(ctx, r, key == "undo" ? "sketch.undone" : "sketch.redone");
        else
            finished(ctx, r);
        // An earlier edit of the step (one undo of several, a point of several) changed the file.
        if (!r && ed.revision() != revision) {
            ed.refresh_layer(ctx.doc);
            if (!ed.selected()) ctx.doc.select(std::nullopt);
        }
    }
    if (step->failed)
        return gis::make_error(key == "finish" ? gis::ErrorCode::InvalidGeometry : gis::ErrorCode::BadInput,
                               status);
    return {};
}

}  // namespace app::view::sketch
