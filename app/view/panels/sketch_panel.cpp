// The planning sketch tools: draw plan items (polygon, line, point) with snapping and live measures,
// select one and edit its vertices and attributes, undo and redo. Every edit goes through
// gis::plan::PlanSession (one transaction each); the map's plan_items layer follows the file. The logic
// lives in app/view/core/sketch_*.hpp; this file reads the mouse and keys and draws the window and the
// on-map cues (behind the windows, above the map).

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <future>
#include <map>

#include "app/i18n/i18n.hpp"
#include "app/view/core/prepared_layer.hpp"
#include "app/view/core/sketch_editor.hpp"
#include "app/view/map_session.hpp"
#include "app/view/panel.hpp"
#include "app/view/panels/sketch_check_view.hpp"
#include "gis/core/strings.hpp"
#include "gis/network/clearance.hpp"
#include "gis/plan/params.hpp"

namespace app::view {
namespace {

using i18n::tr;

enum class Tool { Browse, Edit, Polygon, Line, Point };

constexpr const char* kOwner = "sketch";
constexpr double kClickSlopPx = 3;    // window units a click may move and stay a click
constexpr double kHandleRadius = 8;   // window units
constexpr double kPickTolerance = 6;  // window units

ImU32 rgba(std::uint32_t rgb, float a = 1.0f) {
    return IM_COL32((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff, static_cast<int>(a * 255 + 0.5f));
}
const ImU32 kDraft = rgba(0xef6c00);  // the shape being drawn
const ImU32 kDraftFill = rgba(0xef6c00, 0.16f);
const ImU32 kItem = rgba(0x5e35b1);  // the plan-item violet
const ImU32 kSnap = rgba(0x00a5c8);  // snap cues
const ImU32 kWhite = rgba(0xffffff);

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

bool drawing(Tool t) { return t == Tool::Polygon || t == Tool::Line || t == Tool::Point; }

std::string kind_title(const std::string& kind) { return tr("sketch.kind." + kind); }
std::string status_title(const std::string& s) { return tr("sketch.status." + s); }

/// Whether the UI font has every character of `text` (names from the data set's tables may use
/// characters the font atlas was not built with).
bool font_has(const std::string& text) {
    const ImFont* font = ImGui::GetFont();
    const char* s = text.c_str();
    const char* end = s + text.size();
    while (s < end) {
        unsigned int c = 0;
        const int n = ImTextCharFromUtf8(&c, s, end);
        if (n <= 0) return false;
        s += n;
        if (c >= 0x80 && !font->FindGlyphNoFallback(static_cast<ImWchar>(c))) return false;
    }
    return true;
}

std::string project_title(const gis::plan::Project& p) {
    const bool zh = i18n::language() == i18n::Lang::Zh || p.name_en.empty();
    if (zh && (font_has(p.name) || p.name_en.empty())) return p.name;
    return p.name_en.empty() ? p.key : p.name_en;
}

std::string money(double cny) {
    const long long n = std::llround(cny);
    std::string s = std::to_string(std::llabs(n));
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
    return (n < 0 ? "-¥" : "¥") + s;
}

/// The number parameters the form offers for a kind (besides a unit price override).
std::vector<const char*> number_params(const std::string& kind) {
    if (kind == "hardening") return {"thickness_m"};
    if (kind == "gas_pipe") return {"diameter_mm", "depth_m"};
    if (kind == "fence") return {"height_m"};
    if (kind == "cleanup" || kind == "other") return {"cost_cny"};
    return {};
}

/// A user message for a failed edit: what went wrong in the user's language, then the detail.
std::string failure(const gis::Error& e) {
    const char* head = e.code == gis::ErrorCode::InvalidGeometry               ? "sketch.err.crosses"
                       : e.message.find("needs at least") != std::string::npos ? "sketch.err.too_few"
                                                                               : "sketch.err.failed";
    return std::string(tr(head)) + " (" + e.message + ")";
}

class SketchPanel : public Panel {
  public:
    const char* id() const override { return "sketch"; }
    std::string title() const override { return tr("sketch.title"); }
    bool district_only() const override { return true; }
    bool open_by_default() const override { return false; }

    gis::Result<void> configure(ViewContext& ctx, const std::string& key, const std::string& value) override {
        if (auto r = ready(ctx, true); !r) return r;
        auto bad = [&](const std::string& why) {
            return gis::make_error(gis::ErrorCode::BadInput,
                                   "--panel-set sketch." + key + "=" + value + ": " + why);
        };
        const auto& keys = SketchEditor::script_keys();
        if (key == "tool") {
            auto t = tool_from(value);
            if (!t) return bad("use browse, edit, polygon, line or point");
            set_tool(ctx, *t);
        } else if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
            std::string list = "tool";
            for (const auto& k : keys) list += ", " + k;
            return bad("unknown option (" + list + ")");
        } else if (auto r = script(ctx, key, value); !r) {
            return r;
        }
        if (ed_.poll_layer(ctx.doc, true)) touch_frame_ = ImGui::GetFrameCount() + 1;
        return {};
    }

    void draw(ViewContext& ctx, bool* open) override {
        (void)ready(ctx, false);  // errors are shown in the window
        // The viewer uploads changed layers at the start of a frame and draws the map when the document
        // changed: a layer replaced after this frame's upload is drawn again on the next frame.
        if (touch_frame_ >= 0 && ImGui::GetFrameCount() >= touch_frame_) {
            ctx.doc.touch();
            touch_frame_ = -1;
        }
        if (ed_.poll_layer(ctx.doc)) touch_frame_ = ImGui::GetFrameCount() + 1;
        follow_map_selection(ctx);
        if (ctx.doc.presentation()) {
            // Nothing of the sketch tools in presentation mode.
            release(ctx);
            return;
        }
        // Another map tool (a trace, a search pick) took the clicks.
        if (tool_ != Tool::Browse && owns_tool_ && ctx.doc.map_tool() != kOwner) {
            cancel_drag(ctx);
            ed_.draft().cancel();
            tool_ = Tool::Browse;
            owns_tool_ = false;
        }
        if (tool_ != Tool::Browse && !owns_tool_) {
            ctx.doc.set_map_tool(kOwner);
            owns_tool_ = true;
        }

        if (ed_.is_open()) update_checks();  // also while the window is hidden: the cues need them
        if (ctx.place && ctx.place->kind == PanelPlace::Kind::Floating) {
            const ImGuiViewport* vp = ImGui::GetMainViewport();
            ImGui::SetNextWindowSizeConstraints({340, 0}, {340, std::max(200.0f, vp->WorkSize.y - 40)});
        }
        if (begin_panel(ctx, title() + "###sketch", open, ImGuiWindowFlags_AlwaysAutoResize)) window(ctx);
        end_panel(ctx);
        if (!*open) {
            release(ctx);
            return;
        }
        if (ed_.is_open()) {
            map_input(ctx);
            keys(ctx);
            cues(ctx);
        }
    }

  private:
    // --- set-up -----------------------------------------------------------------------------------------
    gis::Result<void> ready(ViewContext& ctx, bool wait) {
        if (!ctx.doc.source() || ctx.session.loading()) {
            if (!wait) return {};
            ctx.session.finish();
            if (!ctx.doc.source()) return gis::make_error(gis::ErrorCode::NotFound, "no data set is loaded");
        }
        if (!tried_open_) {
            tried_open_ = true;
            if (auto r = ed_.open(ctx.doc.source()->path); !r) {
                open_error_ = r.error().message;
                if (ctx.messages)
                    ctx.messages->push_back(std::string(tr("sketch.err.read_only")) + ": " + open_error_);
            } else {
                base_future_ = build_base_index(ctx.doc);
                checks_.start(ctx.doc);
                // Project names come from a table, not a map layer: the UI font gets their characters.
                if (ctx.glyphs)
                    for (const auto& p : ed_.session()->projects())
                        for (const auto& t : {p.name, p.name_en}) {
                            const auto cps = gis::utf8_decode(t);
                            ctx.glyphs->insert(ctx.glyphs->end(), cps.begin(), cps.end());
                        }
            }
        }
        if (base_future_.valid() &&
            (wait || base_future_.wait_for(std::chrono::seconds(0)) == std::future_status::ready))
            ed_.set_base_index(base_future_.get());
        checks_.poll(wait);
        if (!ed_.is_open()) return gis::make_error(gis::ErrorCode::ReadOnly, open_error_);
        return {};
    }

    void set_tool(ViewContext& ctx, Tool t) {
        if (t == tool_) return;
        cancel_drag(ctx);
        if (drawing(t)) {
            ed_.start_drawing(shape_of(t));
        } else {
            ed_.draft().cancel();
        }
        tool_ = t;
        if (t == Tool::Browse) {
            if (owns_tool_ && ctx.doc.map_tool() == kOwner) ctx.doc.set_map_tool("");
            owns_tool_ = false;
        } else {
            ctx.doc.set_map_tool(kOwner);
            owns_tool_ = true;
        }
    }

    void set_kind(ViewContext& ctx, const std::string& kind) {
        ed_.set_kind(kind);
        fit_tool_to_kind(ctx);
    }

    /// While drawing, a kind that cannot take the shape being drawn switches to the kind's own tool.
    void fit_tool_to_kind(ViewContext& ctx) {
        const std::string& kind = ed_.next_item().kind;
        if (drawing(tool_) && !kind_accepts(kind, shape_of(tool_)))
            set_tool(ctx, tool_of(shape_for_kind(kind)));
    }

    void release(ViewContext& ctx) {
        cancel_drag(ctx);
        if (owns_tool_ && ctx.doc.map_tool() == kOwner) ctx.doc.set_map_tool("");
        owns_tool_ = false;
        tool_ = Tool::Browse;
        ed_.draft().cancel();
    }

    void cancel_drag(ViewContext& ctx) {
        if (drag_) ctx.doc.set_tool_grab(false);
        drag_.reset();
        pressed_ = false;
    }

    /// A scripted step: the editor performs it, the panel keeps its tool in step and reports the outcome
    /// on the status line as the buttons would.
    gis::Result<void> script(ViewContext& ctx, const std::string& key, const std::string& value) {
        if (key == "points" && !drawing(tool_)) set_tool(ctx, tool_of(shape_for_kind(ed_.next_item().kind)));
        const std::uint64_t revision = ed_.revision();
        auto step = ed_.script(key, value, ctx.camera.metres_per_pixel() * ctx.pixel_scale);
        if (!step) return gis::make_error(step.error().code, "--panel-set sketch." + step.error().message);
        if (key == "kind") {
            fit_tool_to_kind(ctx);
        } else if (key == "select") {
            select(ctx, ed_.selected());
        } else if (step->edit) {
            const gis::Result<void>& r = *step->edit;
            if (key == "overlap")
                resolved(ctx, step->choice, step->finishing, r);
            else if (key == "undo" || key == "redo")
                applied(ctx, r, key == "undo" ? "sketch.undone" : "sketch.redone");
            else
                finished(ctx, r);
            // An earlier edit of the step (an undo of several, a point of several) changed the file.
            if (!r && ed_.revision() != revision) {
                ed_.refresh_layer(ctx.doc);
                if (!ed_.selected()) ctx.doc.select(std::nullopt);
            }
        }
        if (step->failed)
            return gis::make_error(
                key == "finish" ? gis::ErrorCode::InvalidGeometry : gis::ErrorCode::BadInput, status_);
        return {};
    }

    // --- edits ------------------------------------------------------------------------------------------
    void say(std::string text, bool error) {
        status_ = std::move(text);
        status_error_ = error;
    }

    /// Applies an edit's result: a message, and the map layer re-read on success.
    bool applied(ViewContext& ctx, const gis::Result<void>& r, const char* done_key) {
        if (!r) {
            // Refused for an overlap: the prompt above says what and offers the choices.
            say(ed_.pending_overlap() ? std::string(tr("sketch.overlap.title")) : failure(r.error()), true);
            return false;
        }
        say(tr(done_key), false);
        ed_.refresh_layer(ctx.doc);
        if (!ed_.selected()) ctx.doc.select(std::nullopt);
        return true;
    }

    void click_drawing(ViewContext& ctx, const gis::Point& p) {
        if (tool_ == Tool::Point) {
            ed_.draft().start(SketchShape::Point);
            ed_.draft().add(p);
            finish(ctx);
            return;
        }
        ed_.draft().add(p);
    }

    bool finish(ViewContext& ctx) {
        auto id = ed_.finish();
        return finished(ctx, id ? gis::Result<void>() : gis::Result<void>(id.error()));
    }

    /// Reports a save of the drawing: the saved item's name, or why it was refused.
    bool finished(ViewContext& ctx, const gis::Result<void>& r) {
        if (!r) {
            say(ed_.pending_overlap() ? std::string(tr("sketch.overlap.title")) : failure(r.error()), true);
            return false;
        }
        say(std::string(tr("sketch.saved")) + ": " + ed_.selected_item()->name, false);
        ed_.refresh_layer(ctx.doc);
        return true;
    }

    /// The planner's choice for a save refused because it overlaps planned work.
    bool resolve(ViewContext& ctx, gis::plan::OverlapPolicy choice) {
        const bool finishing =
            ed_.pending_overlap() && ed_.pending_overlap()->edit == PendingOverlap::Edit::Finish;
        return resolved(ctx, choice, finishing, ed_.resolve_overlap(choice));
    }

    /// Reports the outcome of the choice for an overlap (`finishing`: the save of a drawing).
    bool resolved(ViewContext& ctx, gis::plan::OverlapPolicy choice, bool finishing,
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
        if (finishing && ed_.selected_item()) done += ": " + ed_.selected_item()->name;
        say(done, false);
        ed_.refresh_layer(ctx.doc);
        if (!ed_.selected()) ctx.doc.select(std::nullopt);
        return true;
    }

    /// What a refused save overlaps (the stored items with their m² or m, the total) and the choices:
    /// trim, keep both, cancel.
    void overlap_prompt(ViewContext& ctx) {
        const auto& pending = ed_.pending_overlap();
        if (!pending) return;
        if (pending->edit == PendingOverlap::Edit::Finish && pending->draft != ed_.draft().points()) {
            (void)ed_.resolve_overlap(
                gis::plan::OverlapPolicy::Refuse);  // the drawing changed or was cancelled
            return;
        }
        const gis::plan::Overlap o = pending->overlap;  // a copy: a choice below drops the pending save
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.8f, 0.35f, 0.0f, 1));
        ImGui::TextWrapped("%s", tr("sketch.overlap.title"));
        ImGui::PopStyleColor();
        if (begin_form("##overlap")) {
            for (const auto& w : o.with) {
                std::string what = w.area_m2 > 0    ? format_area(w.area_m2)
                                   : w.length_m > 0 ? format_length(w.length_m)
                                                    : std::string();
                for (const auto& [flag, key] : {std::pair{w.same_pipe, "sketch.overlap.same_pipe"},
                                                std::pair{w.same_campaign, "sketch.overlap.same_campaign"}})
                    if (flag) what += (what.empty() ? "" : ", ") + std::string(tr(key));
                const auto* it = ed_.session()->item(w.id);
                const std::string name = "#" + std::to_string(w.id) + (it ? " " + it->name : std::string());
                value_row(name.c_str(), what);
            }
            if (o.area_m2 > 0) value_row(tr("sketch.overlap.area"), format_area(o.area_m2));
            if (o.length_m > 0) value_row(tr("sketch.overlap.length"), format_length(o.length_m));
            ImGui::EndTable();
        }
        ImGui::TextWrapped("%s", tr("sketch.overlap.question"));
        ImGui::BeginDisabled(o.same_work());
        if (ImGui::Button(tr("sketch.overlap.trim"))) resolve(ctx, gis::plan::OverlapPolicy::Trim);
        ImGui::EndDisabled();
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("%s", tr("sketch.overlap.trim.tip"));
        ImGui::SameLine();
        if (ImGui::Button(tr("sketch.overlap.keep"))) resolve(ctx, gis::plan::OverlapPolicy::Keep);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("sketch.overlap.keep.tip"));
        ImGui::SameLine();
        if (ImGui::Button(tr("sketch.overlap.cancel"))) resolve(ctx, gis::plan::OverlapPolicy::Refuse);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("sketch.overlap.cancel.tip"));
        ImGui::Separator();
    }

    bool history(ViewContext& ctx, bool undo) {
        const auto r = undo ? ed_.undo() : ed_.redo();
        return applied(ctx, r, undo ? "sketch.undone" : "sketch.redone");
    }

    void select(ViewContext& ctx, std::optional<std::int64_t> id) {
        ed_.select(id);
        active_vertex_.reset();
        std::optional<FeatureRef> ref;
        if (ed_.selected()) ref = find_plan_item(ctx.doc, *ed_.selected());
        ctx.doc.select(ref);
        seen_selection_ = ctx.doc.selection();
    }

    /// A plan item selected on the map (by a click in browse mode) becomes the sketch's selection.
    void follow_map_selection(ViewContext& ctx) {
        const auto& sel = ctx.doc.selection();
        if (sel == seen_selection_) return;
        seen_selection_ = sel;
        if (!sel) {
            if (!ed_.layer_pending()) ed_.select(std::nullopt);
            return;
        }
        if (auto id = plan_item_of(ctx.doc, *sel)) {
            ed_.select(id);
            active_vertex_.reset();
        } else if (tool_ == Tool::Browse) {
            ed_.select(std::nullopt);
        }
    }

    // --- the window -------------------------------------------------------------------------------------
    void window(ViewContext& ctx) {
        if (!ed_.is_open()) {
            ImGui::TextWrapped("%s", open_error_.empty() ? tr("sketch.loading") : tr("sketch.err.read_only"));
            if (!open_error_.empty()) ImGui::TextDisabled("%s", open_error_.c_str());
            return;
        }
        toolbar(ctx);
        ImGui::Separator();
        overlap_prompt(ctx);
        if (drawing(tool_)) {
            new_item_form(ctx);
            draft_summary(ctx);
        } else {
            item_form(ctx);
        }
        items_list(ctx);
        if (!status_.empty()) {
            ImGui::Separator();
            ImGui::PushStyleColor(
                ImGuiCol_Text, status_error_ ? ImVec4(0.75f, 0.1f, 0.1f, 1) : ImVec4(0.1f, 0.45f, 0.2f, 1));
            ImGui::TextWrapped("%s", status_.c_str());
            ImGui::PopStyleColor();
        }
    }

    bool tool_button(ViewContext& ctx, const char* key, Tool t, float width) {
        const bool active = tool_ == t;
        if (active) {
            ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.33f, 0.42f, 0.55f, 1));
            ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.38f, 0.48f, 0.62f, 1));
            ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
        }
        const bool clicked = ImGui::Button(tr(key), {width, 0});
        if (active) ImGui::PopStyleColor(3);
        if (clicked) set_tool(ctx, t);
        return clicked;
    }

    void toolbar(ViewContext& ctx) {
        const float w = (ImGui::GetContentRegionAvail().x - 4 * ImGui::GetStyle().ItemSpacing.x) / 5;
        tool_button(ctx, "sketch.tool.browse", Tool::Browse, w);
        ImGui::SameLine();
        tool_button(ctx, "sketch.tool.edit", Tool::Edit, w);
        ImGui::SameLine();
        tool_button(ctx, "sketch.tool.polygon", Tool::Polygon, w);
        ImGui::SameLine();
        tool_button(ctx, "sketch.tool.line", Tool::Line, w);
        ImGui::SameLine();
        tool_button(ctx, "sketch.tool.point", Tool::Point, w);

        ImGui::BeginDisabled(!ed_.can_undo());
        if (ImGui::Button(tr("sketch.undo"))) history(ctx, true);
        ImGui::EndDisabled();
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled) && ed_.can_undo())
            ImGui::SetTooltip("%s (Ctrl+Z)", ed_.session()->undo_label().c_str());
        ImGui::SameLine();
        ImGui::BeginDisabled(!ed_.can_redo());
        if (ImGui::Button(tr("sketch.redo"))) history(ctx, false);
        ImGui::EndDisabled();
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled) && ed_.can_redo())
            ImGui::SetTooltip("%s (Ctrl+Y)", ed_.session()->redo_label().c_str());
        ImGui::SameLine();
        const std::string snap_label = std::string(tr("sketch.snap")) + " (S)";
        ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x -
                             ImGui::CalcTextSize(snap_label.c_str()).x - ImGui::GetFrameHeight() -
                             ImGui::GetStyle().ItemInnerSpacing.x);
        ImGui::Checkbox(snap_label.c_str(), &ed_.snapping().enabled);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("sketch.snap.tip"));
        const char* tip = tool_ == Tool::Edit      ? "sketch.tip.edit"
                          : tool_ == Tool::Polygon ? "sketch.tip.polygon"
                          : tool_ == Tool::Line    ? "sketch.tip.line"
                          : tool_ == Tool::Point   ? "sketch.tip.point"
                                                   : "sketch.tip.browse";
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("%s", tr(tip));
        ImGui::PopStyleColor();
    }

    bool begin_form(const char* id) {
        if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_SizingStretchProp)) return false;
        ImGui::TableSetupColumn("k", ImGuiTableColumnFlags_WidthFixed, 92);
        ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthStretch);
        return true;
    }
    static void label(const char* text) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(text);
        ImGui::TableNextColumn();
        ImGui::SetNextItemWidth(-FLT_MIN);
    }
    static void value_row(const char* k, const std::string& v) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextDisabled("%s", k);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(v.c_str());
    }

    /// Project combo; returns true with `key` changed when a different project was chosen.
    bool project_combo(std::string& key) {
        const auto* p = ed_.session()->find_project(key);
        const std::string shown = p ? project_title(*p) : std::string(tr("sketch.project.none"));
        bool changed = false;
        if (ImGui::BeginCombo("##project", shown.c_str())) {
            if (ImGui::Selectable(tr("sketch.project.none"), key.empty()) && !key.empty()) {
                key.clear();
                changed = true;
            }
            for (const auto& pr : ed_.session()->projects())
                if (ImGui::Selectable(project_title(pr).c_str(), pr.key == key) && pr.key != key) {
                    key = pr.key;
                    changed = true;
                }
            ImGui::EndCombo();
        }
        return changed;
    }

    bool phase_combo(const std::string& project, int& phase) {
        const auto* p = ed_.session()->find_project(project);
        const int phases = p ? std::max(1, p->phases) : std::max(phase, 4);
        bool changed = false;
        const std::string shown = std::to_string(phase);
        if (ImGui::BeginCombo("##phase", shown.c_str())) {
            for (int i = 1; i <= phases; ++i)
                if (ImGui::Selectable(std::to_string(i).c_str(), i == phase) && i != phase) {
                    phase = i;
                    changed = true;
                }
            ImGui::EndCombo();
        }
        return changed;
    }

    void new_item_form(ViewContext& ctx) {
        ImGui::TextDisabled("%s", tr("sketch.new_item"));
        if (!begin_form("##new")) return;
        auto& t = ed_.next_item();
        label(tr("sketch.kind"));
        if (ImGui::BeginCombo("##kind", kind_title(t.kind).c_str())) {
            for (const auto& k : gis::plan::item_kinds())
                if (ImGui::Selectable(kind_title(k.name).c_str(), t.kind == k.name)) set_kind(ctx, k.name);
            ImGui::EndCombo();
        }
        label(tr("sketch.project"));
        if (project_combo(t.project)) {
            const auto* p = ed_.session()->find_project(t.project);
            if (p && t.phase > p->phases) t.phase = 1;
        }
        label(tr("sketch.phase"));
        phase_combo(t.project, t.phase);
        if (t.kind == "hardening") {
            label(tr("sketch.param.material"));
            const std::string m = gis::plan::param_string(t.params, "material").value_or("concrete");
            if (ImGui::BeginCombo("##material", tr("sketch.material." + m))) {
                for (const char* opt : {"concrete", "asphalt"})
                    if (ImGui::Selectable(tr(std::string("sketch.material.") + opt), m == opt))
                        t.params = gis::plan::with_param(t.params, "material", std::string(opt));
                ImGui::EndCombo();
            }
        }
        if (t.kind == "gas_pipe") {
            label(tr("sketch.param.pressure"));
            const std::string now = gis::network::to_string(SketchCheckView::pressure_of(t.params));
            if (ImGui::BeginCombo("##pressure", tr("sketch.pressure." + now))) {
                for (const char* opt : {"low", "medium-b", "medium-a"})
                    if (ImGui::Selectable(tr(std::string("sketch.pressure.") + opt), now == opt))
                        t.params = gis::plan::with_param(t.params, "pressure", std::string(opt));
                ImGui::EndCombo();
            }
        }
        ImGui::EndTable();
    }

    /// The draft as a geometry (with the pointer as its next vertex): what the live checks look at.
    gis::Geometry draft_shape() const {
        const SketchDraft& d = ed_.draft();
        std::vector<gis::Point> pts = d.points();
        if (pointer_ && on_map_) pts.push_back(*pointer_);
        if (d.shape() == SketchShape::Line && pts.size() >= 2)
            return gis::Geometry::from(gis::LineString(pts));
        if (d.shape() == SketchShape::Polygon && pts.size() >= 3) {
            gis::Polygon poly{pts, {}};
            poly.outer.push_back(pts.front());
            return gis::Geometry::from(poly);
        }
        return {};
    }

    /// The live checks of what the form and the map cues show this frame: the draft while drawing, else
    /// the selected item (as it is being dragged).
    void update_checks() {
        if (drawing(tool_)) {
            checks_.update(ed_.next_item().kind, ed_.next_item().params, draft_shape());
        } else if (const gis::plan::PlanItem* it = ed_.selected_item()) {
            checks_.update(it->kind, it->params,
                           drag_ ? preview_edit(it->geometry, *drag_, drag_to_) : it->geometry);
        } else {
            checks_.clear();
        }
    }

    void draft_summary(ViewContext& ctx) {
        (void)ctx;
        const SketchDraft& d = ed_.draft();
        ImGui::Spacing();
        ImGui::TextDisabled("%s", tr("sketch.drawing"));
        if (begin_form("##draft")) {
            value_row(tr("sketch.vertices"), std::to_string(d.points().size()));
            if (d.shape() != SketchShape::Point) {
                const SketchMeasures m = d.measure(pointer_);
                value_row(tr(d.shape() == SketchShape::Polygon ? "sketch.perimeter" : "sketch.length"),
                          format_length(m.length_m));
                if (d.shape() == SketchShape::Polygon) value_row(tr("sketch.area"), format_area(m.area_m2));
                if (m.segment_m > 0) value_row(tr("sketch.segment"), format_length(m.segment_m));
            }
            checks_.rows(ed_.next_item().kind);
            ImGui::EndTable();
        }
        ImGui::BeginDisabled(d.empty() || d.shape() == SketchShape::Point);
        if (ImGui::Button(tr("sketch.finish"))) finish(ctx);
        ImGui::SameLine();
        if (ImGui::Button(tr("sketch.cancel"))) ed_.draft().cancel();
        ImGui::EndDisabled();
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("%s", tr("sketch.keys"));
        ImGui::PopStyleColor();
    }

    void load_form(const gis::plan::PlanItem& it) {
        if (form_id_ == it.id && form_revision_ == ed_.revision()) return;
        form_id_ = it.id;
        form_revision_ = ed_.revision();
        std::snprintf(name_, sizeof name_, "%s", it.name.c_str());
        numbers_.clear();
        for (const char* p : number_params(it.kind))
            numbers_[p] = gis::plan::param_number(it.params, p).value_or(0);
        numbers_["unit_price_cny"] = it.unit_price_cny;
    }

    /// The values a number field accepts, as a tooltip of the field.
    static void range_hint(const std::string& key) {
        if (const auto* r = gis::plan::param_range(key); r && ImGui::IsItemHovered())
            ImGui::SetTooltip("%s %s – %s", tr("sketch.range"),
                              gis::fmt_fixed(r->min, r->min < 1 ? 2 : 0).c_str(),
                              gis::fmt_fixed(r->max, 0).c_str());
    }

    void change(ViewContext& ctx, const gis::plan::ItemChanges& ch) {
        applied(ctx, ed_.set_attributes(ch), "sketch.saved");
    }

    void item_form(ViewContext& ctx) {
        const gis::plan::PlanItem* it = ed_.selected_item();
        ImGui::TextDisabled("%s", tr("sketch.selected"));
        if (!it) {
            ImGui::TextWrapped("%s", tr("sketch.none_selected"));
            return;
        }
        load_form(*it);
        const gis::plan::PlanItem item = *it;  // edits below re-read the session
        if (!begin_form("##item")) return;
        label(tr("sketch.name"));
        ImGui::InputText("##name", name_, sizeof name_);
        if (ImGui::IsItemDeactivatedAfterEdit() && item.name != name_) {
            gis::plan::ItemChanges ch;
            ch.name = std::string(name_);
            change(ctx, ch);
        }
        label(tr("sketch.kind"));
        ImGui::TextUnformatted(kind_title(item.kind).c_str());
        label(tr("sketch.project"));
        std::string project = item.project;
        if (project_combo(project)) {
            gis::plan::ItemChanges ch;
            ch.project = project;
            change(ctx, ch);
        }
        label(tr("sketch.phase"));
        int phase = item.phase;
        if (phase_combo(item.project, phase)) {
            gis::plan::ItemChanges ch;
            ch.phase = phase;
            change(ctx, ch);
        }
        label(tr("sketch.status"));
        if (ImGui::BeginCombo("##status", status_title(item.status).c_str())) {
            for (const auto& s : gis::plan::item_statuses())
                if (ImGui::Selectable(status_title(s).c_str(), s == item.status) && s != item.status) {
                    gis::plan::ItemChanges ch;
                    ch.status = s;
                    change(ctx, ch);
                }
            ImGui::EndCombo();
        }
        if (item.kind == "hardening") {
            label(tr("sketch.param.material"));
            const std::string m = gis::plan::param_string(item.params, "material").value_or("concrete");
            if (ImGui::BeginCombo("##material", tr("sketch.material." + m))) {
                for (const char* opt : {"concrete", "asphalt"})
                    if (ImGui::Selectable(tr(std::string("sketch.material.") + opt), m == opt) && m != opt) {
                        gis::plan::ItemChanges ch;
                        // A new material brings its own default thickness.
                        std::string p = gis::plan::with_param(item.params, "material", std::string(opt));
                        auto mat = gis::plan::material_from(opt);
                        p = gis::plan::with_param(p, "thickness_m",
                                                  gis::plan::default_thickness(mat.value()));
                        ch.params = p;
                        change(ctx, ch);
                    }
                ImGui::EndCombo();
            }
        }
        for (const char* p : number_params(item.kind)) {
            label(tr(std::string("sketch.param.") + p));
            double& v = numbers_[p];
            if (std::string(p) == "thickness_m" && v == 0) {
                auto mat = gis::plan::material_from(
                    gis::plan::param_string(item.params, "material").value_or("concrete"));
                v = gis::plan::default_thickness(mat ? mat.value() : gis::plan::Material::Concrete);
            }
            ImGui::InputDouble((std::string("##") + p).c_str(), &v, 0, 0, "%.2f");
            range_hint(p);
            if (ImGui::IsItemDeactivatedAfterEdit()) {
                if (auto ok = gis::plan::check_param(p, v); !ok) {  // the rule every save applies
                    say(failure(ok.error()), true);
                    v = gis::plan::param_number(item.params, p).value_or(0);
                } else {
                    gis::plan::ItemChanges ch;
                    ch.params = gis::plan::with_param(item.params, p, v);
                    change(ctx, ch);
                }
            }
        }
        if (item.kind != "cleanup" && item.kind != "other") {
            label(tr("sketch.param.unit_price_cny"));
            double& v = numbers_["unit_price_cny"];
            ImGui::InputDouble("##unit_price", &v, 0, 0, "%.2f");
            range_hint("unit_price_cny");
            if (ImGui::IsItemDeactivatedAfterEdit() && std::abs(v - item.unit_price_cny) > 1e-9) {
                if (auto ok = gis::plan::check_param("unit_price_cny", v); !ok) {
                    say(failure(ok.error()), true);
                    v = item.unit_price_cny;
                } else {
                    gis::plan::ItemChanges ch;
                    ch.params = gis::plan::with_param(item.params, "unit_price_cny", v);
                    change(ctx, ch);
                }
            }
        }
        ImGui::EndTable();

        ImGui::Spacing();
        ImGui::TextDisabled("%s", tr("sketch.quantities"));
        if (ImGui::BeginTable("##quantities", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
            ImGui::TableSetupColumn("k", ImGuiTableColumnFlags_WidthFixed, 92);
            ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthStretch);
            if (item.area_m2 > 0) value_row(tr("sketch.area"), format_area(item.area_m2));
            if (item.length_m > 0) value_row(tr("sketch.length"), format_length(item.length_m));
            if (item.volume_m3 > 0) value_row(tr("sketch.volume"), gis::fmt_fixed(item.volume_m3, 1) + " m³");
            if (item.unit_price_cny > 0) {
                const char* unit = item.area_m2 > 0 ? "/m²" : item.length_m > 0 ? "/m" : "";
                value_row(tr("sketch.unit_price"), "¥" + gis::fmt_fixed(item.unit_price_cny, 2) + unit);
            }
            value_row(tr("sketch.cost"), money(item.cost_cny));
            checks_.rows(item.kind);
            ImGui::EndTable();
        }
        if (ImGui::Button(tr("sketch.zoom"))) {
            gis::BBox b = item.geometry.bbox();
            const double pad = std::max(20.0, 0.5 * std::max(b.width(), b.height()));
            ctx.doc.fly_to({b.minx - pad, b.miny - pad, b.maxx + pad, b.maxy + pad});
        }
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.80f, 0.30f, 0.28f, 0.85f));
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.88f, 0.36f, 0.32f, 1));
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
        if (ImGui::Button(tr("sketch.delete"))) applied(ctx, ed_.remove_selected(), "sketch.deleted");
        ImGui::PopStyleColor(3);
    }

    void items_list(ViewContext& ctx) {
        const auto& items = ed_.session()->items();
        ImGui::Spacing();
        const std::string header =
            std::string(tr("sketch.items")) + " (" + std::to_string(items.size()) + ")###items";
        if (!ImGui::CollapsingHeader(header.c_str())) return;
        const float h = std::min(
            200.0f, ImGui::GetTextLineHeightWithSpacing() * (static_cast<float>(items.size()) + 1.5f));
        if (!ImGui::BeginTable(
                "##list", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersOuterH,
                {0, h}))
            return;
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(tr("sketch.name"), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn(tr("sketch.kind"), ImGuiTableColumnFlags_WidthFixed, 80);
        ImGui::TableSetupColumn(tr("sketch.cost"), ImGuiTableColumnFlags_WidthFixed, 80);
        ImGui::TableHeadersRow();
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(items.size()));
        std::optional<std::int64_t> clicked;
        while (clipper.Step())
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const auto& it = items[static_cast<std::size_t>(i)];
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::PushID(static_cast<int>(it.id));
                if (ImGui::Selectable(it.name.c_str(), ed_.selected() == it.id,
                                      ImGuiSelectableFlags_SpanAllColumns))
                    clicked = it.id;
                ImGui::PopID();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(kind_title(it.kind).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(money(it.cost_cny).c_str());
            }
        ImGui::EndTable();
        if (clicked) {
            if (tool_ != Tool::Edit) set_tool(ctx, Tool::Edit);
            select(ctx, clicked);
            if (const auto* it = ed_.selected_item()) {
                gis::BBox b = it->geometry.bbox();
                const double pad = std::max(30.0, 0.6 * std::max(b.width(), b.height()));
                ctx.doc.fly_to({b.minx - pad, b.miny - pad, b.maxx + pad, b.maxy + pad});
            }
        }
    }

    // --- the map ----------------------------------------------------------------------------------------
    void map_input(ViewContext& ctx) {
        const ImGuiIO& io = ImGui::GetIO();
        const double k = ctx.pixel_scale;
        const gis::Point mouse{io.MousePos.x * k, io.MousePos.y * k};
        on_map_ = !io.WantCaptureMouse && io.MousePos.x >= 0 && io.MousePos.y >= 0 &&
                  mouse.x < ctx.camera.width() && mouse.y < ctx.camera.height();
        mouse_px_ = mouse;
        snap_now_ = {};
        pointer_.reset();
        hover_handle_.reset();
        if (tool_ == Tool::Browse) return;
        const double mpu = ctx.camera.metres_per_pixel() * k;
        const gis::Point world = ctx.camera.screen_to_world(mouse);
        if (on_map_ || drag_) {
            if (drawing(tool_) || drag_) {
                // Looked up again only when the pointer, the zoom, the items or the settings changed.
                const SnapKey key{world,
                                  mpu,
                                  ed_.revision(),
                                  ed_.snapping().enabled,
                                  ed_.snapping().tolerance_px,
                                  drag_.has_value(),
                                  ed_.base_index() != nullptr};
                if (!(key == snap_key_)) {
                    snap_cached_ =
                        ed_.snap(world, ed_.snapping(), mpu, drag_ ? ed_.selected() : std::nullopt);
                    snap_key_ = key;
                }
                snap_now_ = snap_cached_;
                pointer_ = snap_now_.point;
            } else {
                pointer_ = world;
            }
        }
        const double slop = kClickSlopPx * k;
        auto moved = [&] { return std::hypot(mouse.x - press_.x, mouse.y - press_.y) > slop; };

        if (drawing(tool_)) {
            if (on_map_ && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
                pressed_ = true;
                press_ = mouse;
                press_double_ = ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left);
            }
            if (pressed_ && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
                pressed_ = false;
                if (on_map_ && !moved() && pointer_) {
                    const auto& pts = ed_.draft().points();
                    const bool on_first =
                        tool_ == Tool::Polygon && pts.size() >= 3 &&
                        std::hypot(ctx.camera.world_to_screen(pts.front()).x - mouse.x,
                                   ctx.camera.world_to_screen(pts.front()).y - mouse.y) <= kHandleRadius * k;
                    if (press_double_ || on_first) {
                        if (ed_.draft().shape() != SketchShape::Point) finish(ctx);
                    } else {
                        click_drawing(ctx, *pointer_);
                    }
                }
            }
            if (on_map_ && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) ed_.draft().remove_last();
            return;
        }

        // Select & edit.
        const gis::plan::PlanItem* it = ed_.selected_item();
        if (handles_id_ != (it ? it->id : -1) || handles_revision_ != ed_.revision()) {
            handles_ = it ? vertex_handles(it->geometry) : std::vector<VertexHandle>{};
            handles_id_ = it ? it->id : -1;
            handles_revision_ = ed_.revision();
        }
        if (on_map_ && !drag_) hover_handle_ = hit_handle(handles_, ctx.camera, mouse, kHandleRadius * k);
        if (on_map_ && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
            press_ = mouse;
            if (hover_handle_) {
                drag_ = hover_handle_;
                drag_to_ = hover_handle_->at;
                ctx.doc.set_tool_grab(true);
                if (!hover_handle_->midpoint) active_vertex_ = hover_handle_->ref;
            } else {
                pressed_ = true;
            }
        }
        if (drag_ && pointer_ && ImGui::IsMouseDown(ImGuiMouseButton_Left) && moved()) drag_to_ = *pointer_;
        if (drag_ && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
            const VertexHandle h = *drag_;
            const bool was_moved = moved();
            cancel_drag(ctx);
            if (h.midpoint)
                applied(ctx, ed_.insert_vertex(h.ref, was_moved ? drag_to_ : h.at), "sketch.saved");
            else if (was_moved)
                applied(ctx, ed_.move_vertex(h.ref, drag_to_), "sketch.saved");
        }
        if (pressed_ && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
            pressed_ = false;
            if (on_map_ && !moved()) select(ctx, ed_.pick(world, kPickTolerance * mpu));
        }
        if (on_map_ && ImGui::IsMouseClicked(ImGuiMouseButton_Right) && hover_handle_ &&
            !hover_handle_->midpoint) {
            applied(ctx, ed_.remove_vertex(hover_handle_->ref), "sketch.saved");
            active_vertex_.reset();
        }
    }

    void keys(ViewContext& ctx) {
        const ImGuiIO& io = ImGui::GetIO();
        if (io.WantCaptureKeyboard) return;
        if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_Z, false)) {
            if (io.KeyShift) {
                if (ed_.can_redo()) history(ctx, false);
            } else if (ed_.can_undo()) {
                history(ctx, true);
            }
            return;
        }
        if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_Y, false)) {
            if (ed_.can_redo()) history(ctx, false);
            return;
        }
        if (tool_ == Tool::Browse || io.KeyCtrl || io.KeyAlt) return;
        if (ImGui::IsKeyPressed(GLFW_KEY_S, false)) ed_.snapping().enabled = !ed_.snapping().enabled;
        if (drawing(tool_)) {
            if (ImGui::IsKeyPressed(GLFW_KEY_ENTER, false) || ImGui::IsKeyPressed(GLFW_KEY_KP_ENTER, false))
                finish(ctx);
            if (ImGui::IsKeyPressed(GLFW_KEY_BACKSPACE) || ImGui::IsKeyPressed(GLFW_KEY_DELETE))
                ed_.draft().remove_last();
            if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) ed_.draft().cancel();
            return;
        }
        if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) {
            if (drag_)
                cancel_drag(ctx);
            else
                select(ctx, std::nullopt);
        }
        if ((ImGui::IsKeyPressed(GLFW_KEY_DELETE, false) || ImGui::IsKeyPressed(GLFW_KEY_BACKSPACE, false)) &&
            active_vertex_) {
            applied(ctx, ed_.remove_vertex(*active_vertex_), "sketch.saved");
            active_vertex_.reset();
        }
    }

    // --- cues on the map ------------------------------------------------------------------------------
    ImVec2 ui(const ViewContext& ctx, const gis::Point& w) const {
        const gis::Point s = ctx.camera.world_to_screen(w);
        return {static_cast<float>(s.x / ctx.pixel_scale), static_cast<float>(s.y / ctx.pixel_scale)};
    }

    static void square_handle(ImDrawList* dl, ImVec2 c, float r, ImU32 fill, ImU32 border) {
        dl->AddRectFilled({c.x - r, c.y - r}, {c.x + r, c.y + r}, fill);
        dl->AddRect({c.x - r, c.y - r}, {c.x + r, c.y + r}, border, 0, 0, 1.5f);
    }

    void fill_preview(ImDrawList* dl, const ViewContext& ctx, const std::vector<gis::Point>& pts) {
        if (pts.size() < 3) return;
        if (pts != fill_points_) {
            fill_points_ = pts;
            fill_vertices_.clear();
            fill_indices_.clear();
            gis::Polygon poly{pts, {}};
            poly.outer.push_back(pts.front());
            if (gis::signed_area(poly.outer) < 0) std::reverse(poly.outer.begin(), poly.outer.end());
            fill_origin_ = pts.front();  // float vertices relative to a nearby point keep their precision
            triangulate_polygon(poly, fill_origin_, 0, fill_vertices_, fill_indices_);
        }
        for (std::size_t i = 0; i + 2 < fill_indices_.size(); i += 3) {
            ImVec2 t[3];
            for (int j = 0; j < 3; ++j) {
                const FillVertex& v = fill_vertices_[fill_indices_[i + static_cast<std::size_t>(j)]];
                t[j] = ui(ctx, {v.x + fill_origin_.x, v.y + fill_origin_.y});
            }
            dl->AddTriangleFilled(t[0], t[1], t[2], kDraftFill);
        }
    }

    void cues(ViewContext& ctx) {
        ImDrawList* dl = ImGui::GetBackgroundDrawList();
        if (drawing(tool_)) {
            const auto& pts = ed_.draft().points();
            std::vector<gis::Point> shape = pts;
            if (pointer_ && on_map_ && ed_.draft().shape() != SketchShape::Point) shape.push_back(*pointer_);
            if (ed_.draft().shape() == SketchShape::Polygon) fill_preview(dl, ctx, shape);
            std::vector<ImVec2> line;
            for (const auto& p : pts) line.push_back(ui(ctx, p));
            if (line.size() >= 2)
                dl->AddPolyline(line.data(), static_cast<int>(line.size()), kDraft, 0, 2.5f);
            if (!pts.empty() && pointer_ && on_map_ && ed_.draft().shape() != SketchShape::Point) {
                const ImVec2 cur = ui(ctx, *pointer_);
                dl->AddLine(line.back(), cur, rgba(0xef6c00, 0.85f), 1.5f);
                if (ed_.draft().shape() == SketchShape::Polygon && pts.size() >= 2)
                    dashed(dl, cur, line.front(), rgba(0xef6c00, 0.7f));
            }
            for (std::size_t i = 0; i < line.size(); ++i)
                square_handle(dl, line[i], i == 0 ? 5.0f : 4.0f, kWhite, kDraft);
            conflict_cues(dl, ctx);
            snap_cue(dl, ctx);
            if (pointer_ && on_map_) measure_label(ctx);
            return;
        }
        if (tool_ != Tool::Edit) return;
        const gis::plan::PlanItem* it = ed_.selected_item();
        if (!it) return;
        conflict_cues(dl, ctx);
        if (drag_) {
            const gis::Geometry g = preview_edit(it->geometry, *drag_, drag_to_);
            outline(dl, ctx, g, kDraft, 2.0f);
            square_handle(dl, ui(ctx, drag_to_), 5.5f, rgba(0xffe0b2), kDraft);
            snap_cue(dl, ctx);
            return;
        }
        for (const auto& h : handles_) {
            const ImVec2 c = ui(ctx, h.at);
            const bool hovered = hover_handle_ && hover_handle_->midpoint == h.midpoint &&
                                 hover_handle_->ref.part == h.ref.part &&
                                 hover_handle_->ref.ring == h.ref.ring &&
                                 hover_handle_->ref.index == h.ref.index;
            if (h.midpoint) {
                dl->AddCircleFilled(c, hovered ? 5.5f : 3.5f,
                                    hovered ? rgba(0xffe0b2) : rgba(0xffffff, 0.8f));
                dl->AddCircle(c, hovered ? 5.5f : 3.5f, kItem, 12, 1.2f);
            } else {
                const bool active = active_vertex_ && active_vertex_->part == h.ref.part &&
                                    active_vertex_->ring == h.ref.ring &&
                                    active_vertex_->index == h.ref.index;
                square_handle(dl, c, hovered ? 6.0f : 4.5f, hovered || active ? rgba(0xffe0b2) : kWhite,
                              active ? kDraft : kItem);
            }
        }
    }

    void conflict_cues(ImDrawList* dl, const ViewContext& ctx) {
        checks_.cues(dl, [&](const gis::Point& p) { return ui(ctx, p); });
    }

    static void dashed(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col) {
        const float dx = b.x - a.x, dy = b.y - a.y, len = std::sqrt(dx * dx + dy * dy);
        if (len < 1) return;
        for (float s = 0; s < len; s += 10) {
            const float e = std::min(len, s + 5);
            dl->AddLine({a.x + dx * s / len, a.y + dy * s / len}, {a.x + dx * e / len, a.y + dy * e / len},
                        col, 1.5f);
        }
    }

    void outline(ImDrawList* dl, const ViewContext& ctx, const gis::Geometry& g, ImU32 col, float w) {
        auto path = [&](const std::vector<gis::Point>& pts, bool closed) {
            std::vector<ImVec2> v;
            for (const auto& p : pts) v.push_back(ui(ctx, p));
            if (v.size() >= 2)
                dl->AddPolyline(v.data(), static_cast<int>(v.size()), col, closed ? ImDrawFlags_Closed : 0,
                                w);
        };
        for (const auto& l : g.lines) path(l, false);
        for (const auto& p : g.polygons) {
            path(p.outer, true);
            for (const auto& h : p.holes) path(h, true);
        }
        for (const auto& p : g.points) dl->AddCircle(ui(ctx, p), 7, col, 16, w);
    }

    void snap_cue(ImDrawList* dl, const ViewContext& ctx) {
        if (!snap_now_.snapped()) return;
        const ImVec2 c = ui(ctx, snap_now_.point);
        if (snap_now_.kind == SnapKind::Vertex) {
            dl->AddCircle(c, 8, kWhite, 20, 4.0f);
            dl->AddCircle(c, 8, kSnap, 20, 2.0f);
            dl->AddCircleFilled(c, 2.0f, kSnap);
        } else {
            const float r = 6;
            dl->AddRect({c.x - r, c.y - r}, {c.x + r, c.y + r}, kWhite, 0, 0, 4.0f);
            dl->AddRect({c.x - r, c.y - r}, {c.x + r, c.y + r}, kSnap, 0, 0, 2.0f);
            dl->AddLine({c.x - r + 2, c.y - r + 2}, {c.x + r - 2, c.y + r - 2}, kSnap, 1.5f);
            dl->AddLine({c.x - r + 2, c.y + r - 2}, {c.x + r - 2, c.y - r + 2}, kSnap, 1.5f);
        }
    }

    void measure_label(const ViewContext& ctx) {
        const SketchDraft& d = ed_.draft();
        if (d.empty() || d.shape() == SketchShape::Point) return;
        const SketchMeasures m = d.measure(pointer_);
        std::string text;
        if (d.shape() == SketchShape::Polygon) {
            text = std::string(tr("sketch.area")) + " " + format_area(m.area_m2) + "\n" +
                   tr("sketch.perimeter") + " " + format_length(m.length_m);
        } else {
            text = std::string(tr("sketch.length")) + " " + format_length(m.length_m);
        }
        if (m.segment_m > 0)
            text += std::string("\n") + tr("sketch.segment") + " " + format_length(m.segment_m);
        ImDrawList* dl = ImGui::GetForegroundDrawList();
        const ImVec2 size = ImGui::CalcTextSize(text.c_str());
        const ImVec2 at = ui(ctx, *pointer_);
        // Above and right of the pointer: the hover tooltip takes the space below it.
        const ImVec2 p0{at.x + 16, at.y - size.y - 22}, p1{p0.x + size.x + 12, p0.y + size.y + 8};
        dl->AddRectFilled(p0, p1, rgba(0x263238, 0.86f), 4);
        dl->AddText({p0.x + 6, p0.y + 4}, kWhite, text.c_str());
    }

    SketchEditor ed_;
    bool tried_open_ = false, owns_tool_ = false;
    int touch_frame_ = -1;  // the frame that draws a replaced layer again
    std::string open_error_;
    std::future<std::shared_ptr<const SnapIndex>> base_future_;
    SketchCheckView checks_;  // the live checks and this frame's conflicts
    Tool tool_ = Tool::Browse;
    std::optional<FeatureRef> seen_selection_;

    // Pointer state.
    bool on_map_ = false, pressed_ = false, press_double_ = false;
    gis::Point mouse_px_, press_;
    std::optional<gis::Point> pointer_;
    Snap snap_now_, snap_cached_;
    struct SnapKey {
        gis::Point at;
        double mpu = 0;
        std::uint64_t revision = 0;
        bool enabled = false;
        double tolerance = 0;
        bool dragging = false, base = false;
        friend bool operator==(const SnapKey&, const SnapKey&) = default;
    } snap_key_;
    std::vector<VertexHandle> handles_;
    std::int64_t handles_id_ = -1;
    std::uint64_t handles_revision_ = 0;
    std::optional<VertexHandle> hover_handle_, drag_;
    gis::Point drag_to_;
    std::optional<gis::plan::VertexRef> active_vertex_;

    // The draft's fill (triangulated when its outline changes).
    std::vector<gis::Point> fill_points_;
    gis::Point fill_origin_;
    std::vector<FillVertex> fill_vertices_;
    std::vector<std::uint32_t> fill_indices_;

    // The attribute form.
    std::int64_t form_id_ = -1;
    std::uint64_t form_revision_ = 0;
    char name_[256] = "";
    std::map<std::string, double> numbers_;

    std::string status_;
    bool status_error_ = false;
};

}  // namespace
}  // namespace app::view

using app::view::SketchPanel;
NBHD_REGISTER_PANEL(60, SketchPanel);
