// The market rebuild (国槐街): the saved stall layout and its cost against the project's budget, and the
// saved lottery as counts by class with its seed, as `nbhd market show` and `project show` give them.
// Counts only, never a name; the stalls themselves are plan items on the map (editable with the sketch
// tools). Read off the main thread (MarketView).

#include <imgui.h>

#include <chrono>
#include <cmath>
#include <future>

#include "app/i18n/i18n.hpp"
#include "app/view/core/background_result.hpp"
#include "app/view/core/market_model.hpp"
#include "app/view/map_session.hpp"
#include "app/view/panel.hpp"
#include "gis/core/strings.hpp"
#include "gis/core/numbers.hpp"

namespace app::view {
namespace {

using i18n::tr;

std::string yuan(double v) { return gis::format_yuan(v); }

class MarketPanel : public Panel {
  public:
    const char* id() const override { return "market"; }
    std::string title() const override { return tr("view.market"); }
    bool district_only() const override { return true; }
    bool open_by_default() const override { return false; }

    void draw(ViewContext& ctx, bool* open) override {
        job_.follow(ctx.doc.data_generation());
        if (job_.idle() && ctx.doc.source() && !ctx.session.loading())
            job_.start([path = ctx.doc.source()->path] { return load_market_view(path); });
        if (job_.poll() && job_.value()) want_glyphs(ctx, glyphs_, job_.value()->budget.project.name);
        if (!begin_panel(ctx, title() + "###market", open, ImGuiWindowFlags_AlwaysAutoResize))
            return end_panel(ctx);
        if (!job_.error().empty())
            ImGui::TextWrapped("%s", job_.error().c_str());
        else if (!job_.value())
            ImGui::TextDisabled("%s", tr("present.figures.computing"));
        else
            body();
        if (ImGui::SmallButton(tr("view.schedule.reload"))) job_.reset();
        end_panel(ctx);
    }

  private:
    void body() {
        const auto& v = *job_.value();
        const auto& b = v.budget;
        ImGui::TextUnformatted(b.project.name.c_str());
        if (ImGui::BeginTable("##market", 2, ImGuiTableFlags_SizingFixedFit)) {
            auto row = [](const std::string& label, const std::string& value) {
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                ImGui::TextDisabled("%s", label.c_str());
                ImGui::TableSetColumnIndex(1);
                ImGui::TextUnformatted(value.c_str());
            };
            row(tr("view.market.stalls"),
                std::to_string(v.stalls) + " · " + gis::fmt_fixed(v.stall_m2, 0) + " m²");
            row(tr("view.market.desks"), std::to_string(v.desks));
            row(i18n::budget_label("budget.total", ""), yuan(b.total_cny));
            row(i18n::budget_label("budget.budget", ""), yuan(b.project.budget_cny));
            row(i18n::budget_label(b.over_budget ? "budget.over" : "budget.remaining", ""),
                yuan(std::abs(b.remaining_cny)));
            row(tr("view.market.applicants"), std::to_string(v.applicants));
            ImGui::EndTable();
        }
        if (v.stalls == 0) ImGui::TextDisabled("%s", tr("view.market.no_layout"));
        ImGui::Separator();
        if (!v.drawn) {
            ImGui::TextDisabled("%s", tr("view.market.no_draw"));
            return;
        }
        ImGui::Text("%s %llu · %s", tr("view.market.seed"), static_cast<unsigned long long>(v.seed),
                    v.drawn_at.c_str());
        if (ImGui::BeginTable("##draw", 3, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerH)) {
            ImGui::TableSetupColumn("");
            ImGui::TableSetupColumn(tr("view.market.with_stall"));
            ImGui::TableSetupColumn(tr("view.market.waiting"));
            ImGui::TableHeadersRow();
            const char* classes[] = {"market.class.dibao", "market.class.resident", "market.class.trader"};
            for (int c = 0; c < 3; ++c) {
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                ImGui::TextUnformatted(tr(classes[c]));
                ImGui::TableSetColumnIndex(1);
                ImGui::Text("%d", v.with_stall[c]);
                ImGui::TableSetColumnIndex(2);
                ImGui::Text("%d", v.waiting[c]);
            }
            ImGui::EndTable();
        }
    }

    BackgroundResult<MarketView> job_;
    std::set<char32_t> glyphs_;
};

NBHD_REGISTER_PANEL(76, MarketPanel);

}  // namespace
}  // namespace app::view
