// Population themes (panel id "occupancy"): tints residential buildings by how many 外来 (migrant), 独居
// (elderly living alone) or 低保 (low-income) households they have, in up to four graduated classes, with
// a legend. The 低保 theme is personal data: it needs the user's confirmation and is recorded in the audit
// log. Scripted set-up (nbhd view --panel-set):
//   occupancy.filter=migrant|elderly_alone|none
//   occupancy.confirm=yes, then occupancy.filter=low_income (the confirmation, audited)

#include <imgui.h>

#include "app/view/panels/occupancy_ui.hpp"
#include "gis/core/i18n.hpp"

namespace app::view {
namespace {

using i18n::tr;
using namespace occupancy_ui;

class OccupancyThemesPanel : public Panel {
  public:
    const char* id() const override { return "occupancy"; }
    std::string title() const override { return tr("occ.view.panel.themes"); }
    bool district_only() const override { return true; }
    bool open_by_default() const override { return false; }
    bool shows_personal_data() const override { return true; }

    gis::Result<void> configure(ViewContext& ctx, const std::string& key, const std::string& value) override {
        if (key == "confirm") {
            if (value != "yes")
                return gis::make_error(gis::ErrorCode::BadInput,
                                       gis::i18n::format(_("{0}: expected yes"), "occupancy.confirm"));
            confirmed_ = true;
            return {};
        }
        if (key != "filter") return Panel::configure(ctx, key, value);
        const auto f = parse_occupancy_filter(value);
        if (!f)
            return gis::make_error(
                gis::ErrorCode::BadInput,
                gis::i18n::format(
                    _("occupancy.filter: expected none, migrant, elderly_alone or low_income, got {0}"),
                    gis::quote_for_message(value, 40)));
        if (!ctx.doc.is_district() || !ctx.doc.source())
            return gis::make_error(
                gis::ErrorCode::BadInput,
                gis::i18n::format(_("{0}: the data set has no households (not a district)"), "occupancy"));
        model_->start(ctx.doc.source()->path, district_of(ctx), ctx.doc.data_generation());
        model_->wait();
        if (model_->state() != OccupancyModel::State::Ready)
            return gis::make_error(gis::ErrorCode::BadInput, "occupancy: " + model_->error());
        if (*f == OccupancyFilter::LowIncome && ctx.doc.presentation())
            return gis::make_error(
                gis::ErrorCode::BadInput,
                gis::i18n::format(_("{0}: presentation mode shows no personal data (低保)"),
                                  "occupancy.filter"));
        auto r = model_->set_filter(*f, confirmed_);
        if (!r) return gis::make_error(r.error().code, "occupancy.filter: " + r.error().message);
        model_->sync_map(ctx.doc);
        return {};
    }

    void update(ViewContext& ctx, bool& open) override {
        keep_up(ctx, *model_, open);
        // The theme stays while the panel is closed (a map layer of its own), except 低保: personal data.
        if (was_open_ && !open && model_->filter() == OccupancyFilter::LowIncome)
            (void)model_->set_filter(OccupancyFilter::None);
        was_open_ = open;
    }

    void draw(ViewContext& ctx, bool* open) override {
        if (!begin_panel(ctx, title() + "###occ_themes", open)) return end_panel(ctx);
        OccupancyModel& m = *model_;
        if (!ready_or_note(ctx, m)) return end_panel(ctx);

        auto choice = [&](OccupancyFilter f, const char* key) {
            if (ImGui::RadioButton(tr(key), m.filter() == f)) {
                if (f == OccupancyFilter::LowIncome)
                    ImGui::OpenPopup("##confirm_low_income");
                else
                    (void)m.set_filter(f);
            }
        };
        choice(OccupancyFilter::None, "occ.view.theme.none");
        choice(OccupancyFilter::Migrant, "occ.view.theme.migrant");
        choice(OccupancyFilter::ElderlyAlone, "occ.view.theme.elderly_alone");
        choice(OccupancyFilter::LowIncome, "occ.view.theme.low_income");
        if (m.filter() != OccupancyFilter::LowIncome) {
            ImGui::SameLine();
            ImGui::TextDisabled("(%s)", tr("occ.view.theme.needs_unmask"));
        }
        ImGui::SetNextWindowSize({400, 0}, ImGuiCond_Appearing);
        if (ImGui::BeginPopupModal("##confirm_low_income", nullptr, ImGuiWindowFlags_NoTitleBar)) {
            ImGui::TextUnformatted(tr("occ.view.confirm.title"));
            ImGui::Separator();
            ImGui::TextWrapped("%s", tr("occ.view.confirm.filter"));
            ImGui::Spacing();
            if (ImGui::Button(tr("occ.view.confirm.ok"))) {
                if (auto r = m.set_filter(OccupancyFilter::LowIncome, true); !r && ctx.messages)
                    ctx.messages->push_back(std::string(tr("occ.view.audit_failed")) + ": " +
                                            r.error().message);
                ImGui::CloseCurrentPopup();
            }
            ImGui::SameLine();
            if (ImGui::Button(tr("occ.view.cancel"))) ImGui::CloseCurrentPopup();
            ImGui::EndPopup();
        }

        if (m.filter() != OccupancyFilter::None) {
            ImGui::Separator();
            ImGui::TextDisabled("%s", tr("occ.view.legend"));
            if (m.tint().empty()) ImGui::TextDisabled("%s", tr("occ.view.theme.empty"));
            ImDrawList* dl = ImGui::GetWindowDrawList();
            for (const auto& c : m.tint()) {
                const ImVec2 p = ImGui::GetCursorScreenPos();
                const float h = ImGui::GetTextLineHeight();
                const ImU32 col = ImGui::GetColorU32(ImVec4(c.colour.r, c.colour.g, c.colour.b, 1));
                // As drawn on the map: a translucent fill with a solid outline.
                dl->AddRectFilled(p, {p.x + 30, p.y + h},
                                  ImGui::GetColorU32(ImVec4(c.colour.r, c.colour.g, c.colour.b, 0.35f)));
                dl->AddRect(p, {p.x + 30, p.y + h}, col, 0, 0, 2);
                ImGui::Dummy({30, h});
                ImGui::SameLine(0, 8);
                const std::string range = c.min == c.max ? fmt("occ.view.theme.class1", c.min)
                                                         : fmt("occ.view.theme.class", c.min, c.max);
                ImGui::TextUnformatted(range.c_str());
                ImGui::SameLine(200);
                const int nb = static_cast<int>(c.buildings.size());
                ImGui::TextDisabled(
                    "%s", fmt(nb == 1 ? "occ.view.theme.building1" : "occ.view.theme.buildings", nb).c_str());
            }
            ImGui::Spacing();
            ImGui::Text("%s", fmt("occ.view.theme.total", m.tint_households(), m.tint_buildings()).c_str());
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            ImGui::TextWrapped("%s", tr("occ.view.theme.note"));
            ImGui::PopStyleColor();
            if (m.filter() == OccupancyFilter::LowIncome)
                ImGui::TextColored(rgb4(0xb35900), "%s", tr("occ.view.revealed"));
        }
        end_panel(ctx);
    }

  private:
    std::shared_ptr<OccupancyModel> model_ = OccupancyModel::shared();
    bool confirmed_ = false, was_open_ = false;
};

}  // namespace
}  // namespace app::view

using app::view::OccupancyThemesPanel;
NBHD_REGISTER_PANEL(72, OccupancyThemesPanel);
