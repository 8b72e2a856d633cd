// The active project's figures: m² paved, m of gas pipe renewed, structures removed, graffiti cleaned,
// households benefiting, cost against budget. Computed once off the main thread (the same functions as
// `nbhd brief`); aggregates only, so it stays on screen in presentation mode.

#include <imgui.h>

#include <cmath>

#include "app/i18n/i18n.hpp"
#include "app/view/core/present_state.hpp"
#include "app/view/panel.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"

namespace app::view {
namespace {

using gis::fmt_fixed;
using gis::with_commas;
using i18n::tr;

class FiguresPanel : public Panel, public PresentAware {
  public:
    const char* id() const override { return "figures"; }
    std::string title() const override { return tr("present.figures"); }
    bool district_only() const override { return true; }
    bool open_by_default() const override { return false; }
    bool shows_in_presentation() const override { return true; }
    void attach(PresentState* state) override { state_ = state; }

    gis::Result<void> configure(ViewContext& ctx, const std::string& key, const std::string& value) override {
        if (key == "project" && state_) {
            if (value.empty() || value.size() > 200)
                return gis::make_error(gis::ErrorCode::BadInput,
                                       _("--panel-set figures.project: expected a project key"));
            state_->project = value;
            state_->want_figures = true;
            return {};
        }
        return Panel::configure(ctx, key, value);
    }

    void draw(ViewContext& ctx, bool* open) override {
        if (!state_) return;
        state_->want_figures = true;
        const bool presenting = ctx.doc.presentation();
        ImGuiWindowFlags flags = ImGuiWindowFlags_NoSavedSettings;
        if (presenting) {
            // A card under the title block, part of the slide rather than a tool window.
            ImGui::SetNextWindowPos({18, 150}, ImGuiCond_Always);
            ImGui::SetNextWindowSize({0, 0}, ImGuiCond_Always);
            flags |= ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                     ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoFocusOnAppearing;
            ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(1, 1, 1, 0.93f));
            ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {18, 14});
        } else {
            flags |= ImGuiWindowFlags_AlwaysAutoResize;
        }
        const std::string name = title() + "###figures";
        // Presenting: a card of the slide, placed here; otherwise a tool window the workspace places.
        const bool shown = presenting ? (ctx.panel_began = true, ImGui::Begin(name.c_str(), nullptr, flags))
                                      : begin_panel(ctx, name, open, flags);
        if (shown) body();
        if (presenting) state_->card_right = ImGui::GetWindowPos().x + ImGui::GetWindowSize().x;
        end_panel(ctx);
        if (presenting) {
            ImGui::PopStyleVar();
            ImGui::PopStyleColor();
        }
    }

  private:
    void body() {
        if (!state_->figures) {
            if (!state_->figures_error.empty())
                ImGui::TextWrapped("%s", state_->figures_error.c_str());
            else
                ImGui::TextDisabled("%s", tr("present.figures.computing"));
            return;
        }
        const auto& f = *state_->figures;
        const bool zh = i18n::language() == i18n::Lang::Zh;
        ImGui::TextUnformatted((zh || f.name_en.empty() ? f.name : f.name_en).c_str());
        ImGui::Separator();
        if (ImGui::BeginTable("##figures", 2, ImGuiTableFlags_SizingFixedFit)) {
            for (const auto& [label, value] : figures_card_rows(f)) {
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                ImGui::TextDisabled("%s", label.c_str());
                ImGui::TableSetColumnIndex(1);
                ImGui::TextUnformatted(value.c_str());
            }
            ImGui::EndTable();
        }
        const float used = f.budget_cny > 0 ? static_cast<float>(f.total_cny() / f.budget_cny) : 0.0f;
        const std::string overlay = fmt_fixed(used * 100, 0) + "% " + tr("present.figures.of_budget");
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram, f.over_budget() ? ImVec4(0.80f, 0.20f, 0.15f, 1)
                                                                      : ImVec4(0.12f, 0.44f, 0.85f, 1));
        ImGui::ProgressBar(std::min(1.0f, used), {-1, 0}, overlay.c_str());
        ImGui::PopStyleColor();
    }

    PresentState* state_ = nullptr;
};

NBHD_REGISTER_PANEL(72, FiguresPanel);

}  // namespace
}  // namespace app::view
