// The layer panel: visibility, opacity and order of every layer, and its legend (each class with its
// symbol, feature count and its own visibility).

#include <imgui.h>

#include <map>

#include "app/i18n/i18n.hpp"
#include "app/view/panel.hpp"
#include "gis/core/strings.hpp"

namespace app::view {
namespace {

using i18n::tr;

ImU32 to_u32(const Colour& c) { return ImGui::ColorConvertFloat4ToU32({c.r, c.g, c.b, c.a}); }

const char* legend_text(const std::string& legend) {
    return legend.rfind("view.", 0) == 0 ? tr(legend) : legend.c_str();
}

/// Draws a class's symbol in a small box at the cursor, like the map draws it.
void swatch(const FeatureStyle& s, const std::string& geometry) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float w = 26, h = 14;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 c{p.x + w / 2, p.y + h / 2 + 1};
    if (s.shape != Shape::None && geometry.find("Point") != std::string::npos) {
        const float r = std::min(7.0f, s.symbol_px / 2 + 1);
        switch (s.shape) {
            case Shape::Square:
                dl->AddRectFilled({c.x - r, c.y - r}, {c.x + r, c.y + r}, to_u32(s.symbol_fill));
                break;
            case Shape::Diamond:
                dl->AddQuadFilled({c.x, c.y - r}, {c.x + r, c.y}, {c.x, c.y + r}, {c.x - r, c.y},
                                  to_u32(s.symbol_fill));
                break;
            case Shape::Triangle:
            case Shape::Star:
                dl->AddTriangleFilled({c.x, c.y - r}, {c.x + r, c.y + r * 0.8f}, {c.x - r, c.y + r * 0.8f},
                                      to_u32(s.symbol_fill));
                break;
            case Shape::Valve:
                dl->AddTriangleFilled({c.x - r, c.y - r * 0.6f}, {c.x, c.y}, {c.x - r, c.y + r * 0.6f},
                                      to_u32(s.symbol_fill));
                dl->AddTriangleFilled({c.x + r, c.y - r * 0.6f}, {c.x, c.y}, {c.x + r, c.y + r * 0.6f},
                                      to_u32(s.symbol_fill));
                dl->AddTriangle({c.x - r, c.y - r * 0.6f}, {c.x, c.y}, {c.x - r, c.y + r * 0.6f},
                                to_u32(s.symbol_stroke));
                dl->AddTriangle({c.x + r, c.y - r * 0.6f}, {c.x, c.y}, {c.x + r, c.y + r * 0.6f},
                                to_u32(s.symbol_stroke));
                break;
            case Shape::Cross:
                dl->AddLine({c.x - r, c.y - r}, {c.x + r, c.y + r}, to_u32(s.symbol_fill), 2.5f);
                dl->AddLine({c.x - r, c.y + r}, {c.x + r, c.y - r}, to_u32(s.symbol_fill), 2.5f);
                break;
            default:
                dl->AddCircleFilled(c, r, to_u32(s.symbol_fill));
                dl->AddCircle(c, r, to_u32(s.symbol_stroke));
                break;
        }
    } else if (s.fill.visible()) {
        dl->AddRectFilled({p.x + 2, p.y + 2}, {p.x + w - 2, p.y + h}, to_u32(s.fill));
        if (s.stroke.visible() && s.stroke_width > 0)
            dl->AddRect({p.x + 2, p.y + 2}, {p.x + w - 2, p.y + h}, to_u32(s.stroke));
    } else {
        const float t = s.stroke_unit == Unit::Metres ? 7.0f : std::clamp(s.stroke_width, 1.5f, 4.0f);
        if (s.casing_px > 0 && s.casing.visible())
            dl->AddLine({p.x + 2, c.y}, {p.x + w - 2, c.y}, to_u32(s.casing), t + 2 * s.casing_px);
        dl->AddLine({p.x + 2, c.y}, {p.x + w - 2, c.y}, to_u32(s.stroke), t);
    }
    ImGui::Dummy({w, h + 2});
}

class LayerPanel : public Panel {
  public:
    const char* id() const override { return "layers"; }
    std::string title() const override { return tr("view.panel.layers"); }

    void draw(ViewContext& ctx, bool* open) override {
        if (!begin_panel(ctx, title() + "###layers", open)) return end_panel(ctx);
        Document& doc = ctx.doc;
        const auto order = doc.draw_order();  // a copy: the buttons below reorder it
        if (order.empty()) ImGui::TextDisabled("%s", tr("view.status.loading"));
        for (auto it = order.rbegin(); it != order.rend(); ++it) {
            MapLayer* l = doc.layer(*it);
            if (!l) continue;
            ImGui::PushID(l->id);
            bool visible = l->visible;
            if (ImGui::Checkbox("##visible", &visible)) doc.set_visible(l->id, visible);
            ImGui::SameLine();
            const std::string label = l->title() + "  (" + gis::with_commas(l->feature_total()) + ")###node";
            const bool expanded = ImGui::TreeNodeEx(label.c_str(), ImGuiTreeNodeFlags_SpanAvailWidth);
            if (expanded) {
                float opacity = l->opacity;
                ImGui::SetNextItemWidth(120);
                if (ImGui::SliderFloat(tr("view.layers.opacity"), &opacity, 0, 1, "%.2f"))
                    doc.set_opacity(l->id, opacity);
                ImGui::SameLine();
                if (ImGui::ArrowButton("##up", ImGuiDir_Up)) doc.move_layer(l->id, +1);
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("view.layers.up"));
                ImGui::SameLine();
                if (ImGui::ArrowButton("##down", ImGuiDir_Down)) doc.move_layer(l->id, -1);
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("view.layers.down"));
                legend(doc, *l);
                ImGui::TreePop();
            }
            ImGui::PopID();
        }
        end_panel(ctx);
    }

  private:
    void legend(Document& doc, const MapLayer& l) {
        auto& counts = counts_[l.id];
        if (counts.first != l.data_revision) {
            counts.first = l.data_revision;
            counts.second.assign(l.data.style.styles.size(), 0);
            for (auto s : l.data.style_index) ++counts.second[s];
        }
        for (std::size_t i = 0; i < l.data.style.styles.size(); ++i) {
            if (counts.second[i] == 0) continue;
            const FeatureStyle& s = l.data.style.styles[i];
            ImGui::PushID(static_cast<int>(i));
            bool on = s.visible;
            if (ImGui::Checkbox("##class", &on)) doc.set_style_visible(l.id, static_cast<int>(i), on);
            ImGui::SameLine();
            swatch(s, l.data.info.geometry_type);
            ImGui::SameLine();
            ImGui::Text("%s  %zu", legend_text(s.legend), counts.second[i]);
            ImGui::PopID();
        }
    }
    std::map<int, std::pair<std::uint64_t, std::vector<std::size_t>>> counts_;
};

}  // namespace
}  // namespace app::view

using app::view::LayerPanel;
NBHD_REGISTER_PANEL(10, LayerPanel);
