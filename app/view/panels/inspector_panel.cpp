// The inspector: every attribute of the selected feature (personal data left out), its geometry's
// size, and a way to zoom to it.

#include <imgui.h>

#include "app/i18n/i18n.hpp"
#include "app/view/panel.hpp"
#include "app/view/viewer_ui.hpp"
#include "gis/core/strings.hpp"
#include "gis/geom/ops.hpp"

namespace app::view {
namespace {

using i18n::tr;

class InspectorPanel : public Panel {
  public:
    const char* id() const override { return "inspector"; }
    std::string title() const override { return tr("view.panel.inspector"); }

    void draw(ViewContext& ctx, bool* open) override {
        if (!begin_panel(ctx, title() + "###inspector", open)) return end_panel(ctx);
        const auto& sel = ctx.doc.selection();
        const MapLayer* l = sel ? ctx.doc.layer(sel->layer) : nullptr;
        const gis::io::Feature* f = sel ? ctx.doc.feature(*sel) : nullptr;
        if (!l || !f) {
            ImGui::TextWrapped("%s", tr("view.inspector.none"));
            return end_panel(ctx);
        }
        ImGui::TextDisabled("%s", l->title().c_str());
        ImGui::TextUnformatted(feature_caption(*l, *f).c_str());
        ImGui::Separator();
        if (ImGui::BeginTable("##attributes", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
            ImGui::TableSetupColumn(tr("view.inspector.field"), ImGuiTableColumnFlags_WidthFixed, 130);
            ImGui::TableSetupColumn(tr("view.inspector.value"));
            row("fid", std::to_string(f->fid));
            for (const auto& [k, v] : display_attributes(*l, *f)) row(k, v);
            const auto& g = f->geometry;
            if (!g.polygons.empty())
                row(tr("view.inspector.area"), gis::fmt_fixed(gis::geom::area(g), 1) + " m²");
            if (!g.lines.empty())
                row(tr("view.inspector.length"), gis::fmt_fixed(gis::geom::length(g), 1) + " m");
            if (g.points.size() == 1)
                row(tr("view.inspector.location"),
                    gis::fmt_fixed(g.points[0].x, 1) + ", " + gis::fmt_fixed(g.points[0].y, 1));
            ImGui::EndTable();
        }
        bool personal = false;
        for (const auto& fd : l->data.info.fields) personal = personal || is_personal_field(fd.name);
        if (personal) ImGui::TextDisabled("%s", tr("view.inspector.personal_hidden"));
        if (ImGui::Button(tr("view.inspector.zoom"))) {
            gis::BBox b = f->geometry.bbox();
            const double pad = std::max(20.0, 0.5 * std::max(b.width(), b.height()));
            ctx.doc.fly_to({b.minx - pad, b.miny - pad, b.maxx + pad, b.maxy + pad});
        }
        ImGui::SameLine();
        if (ImGui::Button(tr("view.inspector.clear"))) ctx.doc.select(std::nullopt);
        end_panel(ctx);
    }

  private:
    static void row(const std::string& k, const std::string& v) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(k.c_str());
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", v.c_str());
    }
};

}  // namespace
}  // namespace app::view

using app::view::InspectorPanel;
NBHD_REGISTER_PANEL(20, InspectorPanel);
