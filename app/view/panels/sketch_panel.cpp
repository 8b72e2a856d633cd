// The planning sketch tools: draw plan items (polygon, line, point) with snapping and live measures,
// select one and edit its vertices and attributes, undo and redo. Every edit goes through
// gis::plan::PlanSession (one transaction each); the map's plan_items layer follows the file. The logic
// lives in app/view/core/sketch_*.hpp (the scripted steps too); the panel's parts are its form
// (sketch_form), its input on the map (sketch_input), its cues on the map (sketch_cues) and what they share
// (sketch_tools). This file opens the data set for editing and runs them each frame.

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <future>

#include "app/i18n/i18n.hpp"
#include "app/view/core/sketch_editor.hpp"
#include "app/view/map_session.hpp"
#include "app/view/panel.hpp"
#include "app/view/panels/sketch_cues.hpp"
#include "app/view/panels/sketch_form.hpp"
#include "app/view/panels/sketch_input.hpp"
#include "app/view/panels/sketch_tools.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"

namespace app::view {
namespace {

using i18n::tr;

class SketchPanel : public Panel {
  public:
    const char* id() const override { return "sketch"; }
    std::string title() const override { return tr("sketch.title"); }
    bool district_only() const override { return true; }
    bool open_by_default() const override { return false; }

    gis::Result<void> configure(ViewContext& ctx, const std::string& key, const std::string& value) override {
        if (auto r = ready(ctx, true); !r) return r;
        if (auto r = tools_.script(ctx, key, value); !r) return r;
        if (tools_.ed.poll_layer(ctx.doc, true)) touch_frame_ = ImGui::GetFrameCount() + 1;
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
        if (tools_.ed.poll_layer(ctx.doc)) touch_frame_ = ImGui::GetFrameCount() + 1;
        tools_.follow_map_selection(ctx);
        if (ctx.doc.presentation()) {
            // Nothing of the sketch tools in presentation mode.
            tools_.release(ctx);
            return;
        }
        tools_.keep_map_tool(ctx);

        if (tools_.ed.is_open())
            tools_.update_checks();  // also while the window is hidden: the cues need them
        if (ctx.place && ctx.place->kind == PanelPlace::Kind::Floating) {
            const ImGuiViewport* vp = ImGui::GetMainViewport();
            ImGui::SetNextWindowSizeConstraints({340, 0}, {340, std::max(200.0f, vp->WorkSize.y - 40)});
        }
        if (begin_panel(ctx, title() + "###sketch", open, ImGuiWindowFlags_AlwaysAutoResize))
            form_.draw(ctx, tools_, open_error_);
        end_panel(ctx);
        if (!*open) {
            tools_.release(ctx);
            return;
        }
        if (tools_.ed.is_open()) {
            input_.handle(ctx, tools_);
            cues_.draw(ctx, tools_);
        }
    }

  private:
    /// Opens the data set for editing once it has loaded (`wait`: blocks until then) and takes the snap
    /// index and the live checks once they are built.
    gis::Result<void> ready(ViewContext& ctx, bool wait) {
        SketchEditor& ed = tools_.ed;
        if (!ctx.doc.source() || ctx.session.loading()) {
            if (!wait) return {};
            ctx.session.finish();
            if (!ctx.doc.source())
                return gis::make_error(gis::ErrorCode::NotFound, _("no data set is loaded"));
        }
        if (!tried_open_) {
            tried_open_ = true;
            if (auto r = ed.open(ctx.doc.source()->path); !r) {
                open_error_ = r.error().message;
                if (ctx.messages)
                    ctx.messages->push_back(std::string(tr("sketch.err.read_only")) + ": " + open_error_);
            } else {
                base_future_ = build_base_index(ctx.doc);
                tools_.checks.start(ctx.doc);
                // Project names come from a table, not a map layer: the UI font gets their characters.
                if (ctx.glyphs)
                    for (const auto& p : ed.session()->projects())
                        for (const auto& t : {p.name, p.name_en}) {
                            const auto cps = gis::utf8_decode(t);
                            ctx.glyphs->insert(ctx.glyphs->end(), cps.begin(), cps.end());
                        }
            }
        }
        if (base_future_.valid() &&
            (wait || base_future_.wait_for(std::chrono::seconds(0)) == std::future_status::ready))
            ed.set_base_index(base_future_.get());
        tools_.checks.poll(wait);
        if (!ed.is_open()) return gis::make_error(gis::ErrorCode::ReadOnly, open_error_);
        return {};
    }

    sketch::SketchTools tools_;
    sketch::SketchForm form_;
    sketch::SketchInput input_;
    sketch::SketchCues cues_;
    bool tried_open_ = false;
    int touch_frame_ = -1;  // the frame that draws a replaced layer again
    std::string open_error_;
    std::future<std::shared_ptr<const SnapIndex>> base_future_;
};

}  // namespace
}  // namespace app::view

using app::view::SketchPanel;
NBHD_REGISTER_PANEL(60, SketchPanel);
