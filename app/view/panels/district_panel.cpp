// The district's headline figures, computed from the data set (loaded in the background the first time
// the panel shows). Aggregates only: no household appears here.

#include <imgui.h>

#include <chrono>
#include <future>

#include "app/i18n/i18n.hpp"
#include "app/view/map_session.hpp"
#include "app/view/panel.hpp"
#include "gis/core/strings.hpp"
#include "gis/district/figures.hpp"
#include "gis/district/loader.hpp"

namespace app::view {
namespace {

using gis::with_commas;
using i18n::tr;

class DistrictPanel : public Panel {
  public:
    const char* id() const override { return "district"; }
    std::string title() const override { return tr("view.panel.district"); }
    bool district_only() const override { return true; }

    void draw(ViewContext& ctx, bool* open) override {
        if (!begin_panel(ctx, title() + "###district", open)) return end_panel(ctx);
        if (generation_ != ctx.doc.data_generation() && !future_.valid()) {  // the file changed: again
            generation_ = ctx.doc.data_generation();
            started_ = false;
            figures_.reset();
        }
        std::size_t features = 0;
        for (int id : ctx.doc.draw_order())
            if (const MapLayer* l = ctx.doc.layer(id)) features += l->data.features.size();
        // A city-sized data set takes a while to summarise: there it starts on request.
        const bool large = features > 300'000 || (ctx.doc.source() && ctx.doc.source()->stream);
        if (!started_ && ctx.doc.source() && !ctx.session.loading() &&
            (!large || ImGui::Button(tr("view.district.compute")))) {
            started_ = true;
            future_ = std::async(std::launch::async,
                                 [district = district_of(ctx)]() -> gis::Result<gis::district::Figures> {
                                     auto d = district.get();
                                     if (!d) return d.error();
                                     return gis::district::compute_figures(*d.value());
                                 });
        }
        if (future_.valid() && future_.wait_for(std::chrono::seconds(0)) == std::future_status::ready)
            figures_.emplace(future_.get());
        if (!figures_ && !started_) {
            ImGui::TextDisabled("%s", tr("view.district.large"));
        } else if (!figures_) {
            ImGui::TextDisabled("%s", tr("view.status.loading"));
        } else if (!figures_->ok()) {
            ImGui::TextWrapped("%s", figures_->error().message.c_str());
        } else {
            const auto& f = figures_->value();
            ImGui::Text("%s  %s", f.name.c_str(), f.name_en.c_str());
            ImGui::Separator();
            if (ImGui::BeginTable("##figures", 2, ImGuiTableFlags_RowBg)) {
                row("info.area_km2", gis::fmt_fixed(f.area_km2, 3));
                row("info.buildings_residential", with_commas(f.buildings_residential));
                row("info.households", with_commas(f.households));
                row("info.residents", with_commas(f.residents));
                row("info.migrants", with_commas(f.migrants));
                row("info.units", with_commas(f.units));
                row("info.schools", with_commas(f.schools));
                row("info.shops", with_commas(f.shops));
                row("info.market_stalls", with_commas(f.market_stalls));
                row("info.illegal_structures",
                    with_commas(f.illegal_structures) + " / " + gis::fmt_fixed(f.illegal_structures_m2, 0));
                row("info.graffiti",
                    with_commas(f.graffiti_sites) + " / " + gis::fmt_fixed(f.graffiti_m2, 0));
                row("info.gas_pipe_m", gis::fmt_fixed(f.gas_pipe_m, 0));
                if (f.compounds > 0)
                    row_text(f.compound_name + " " + tr("info.compound_gas_renewal_m"),
                             gis::fmt_fixed(f.compound_gas_renewal_m, 0));
                ImGui::EndTable();
            }
        }
        end_panel(ctx);
    }

  private:
    static void row(const char* key, const std::string& value) { row_text(tr(key), value); }
    static void row_text(const std::string& label, const std::string& value) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", label.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(value.c_str());
    }
    bool started_ = false;
    std::uint64_t generation_ = 0;
    std::future<gis::Result<gis::district::Figures>> future_;
    std::optional<gis::Result<gis::district::Figures>> figures_;
};

}  // namespace
}  // namespace app::view

using app::view::DistrictPanel;
NBHD_REGISTER_PANEL(30, DistrictPanel);
