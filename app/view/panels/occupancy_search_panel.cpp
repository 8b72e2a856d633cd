// Household search (panel id "search"): results as the user types, masked, ranked; choosing one flies to
// the building, highlights and selects it and opens its 楼盘表 with the flat marked. Ctrl+F focuses the
// box from anywhere. Scripted set-up (nbhd view --panel-set):
//   search.query=TEXT   runs the query and chooses the first result
//   search.reveal=yes   shows personal data of the results and grid (recorded in the audit log)

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <cstring>

#include "app/view/panels/occupancy_ui.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"

namespace app::view {
namespace {

using i18n::tr;
using namespace occupancy_ui;

class OccupancySearchPanel : public Panel {
  public:
    const char* id() const override { return "search"; }
    std::string title() const override { return tr("occ.view.panel.search"); }
    bool district_only() const override { return true; }
    bool open_by_default() const override { return false; }
    bool shows_personal_data() const override { return true; }

    gis::Result<void> configure(ViewContext& ctx, const std::string& key, const std::string& value) override {
        if (key != "query" && key != "reveal") return Panel::configure(ctx, key, value);
        if (auto r = wait_for_index(ctx); !r) return r;
        if (key == "query") {
            std::snprintf(text_, sizeof text_, "%s", value.c_str());
            model_->set_query(text_);
            if (model_->results().error)
                return gis::make_error(gis::ErrorCode::BadInput,
                                       "search.query: " + model_->results().message);
            auto c = model_->choose(0);
            if (!c)
                return gis::make_error(gis::ErrorCode::NotFound,
                                       gis::i18n::format(_("search.query: nothing found for {0}"),
                                                         gis::quote_for_message(value, 60)));
            show_building(ctx, *model_, c->building);
            return {};
        }
        if (value != "yes" && value != "true" && value != "1")
            return gis::make_error(gis::ErrorCode::BadInput,
                                   gis::i18n::format(_("{0}: expected yes"), "search.reveal"));
        if (ctx.doc.presentation())
            return gis::make_error(
                gis::ErrorCode::BadInput,
                gis::i18n::format(_("{0}: presentation mode shows no personal data"), "search.reveal"));
        if (auto r = model_->reveal("viewer --panel-set search.reveal"); !r) return r.error();
        return {};
    }

    void update(ViewContext& ctx, bool& open) override {
        if (!ctx.doc.presentation()) {
            const ImGuiIO& io = ImGui::GetIO();
            if (io.KeyCtrl && !io.KeyAlt && ImGui::IsKeyPressed(GLFW_KEY_F, false)) {
                open = true;
                focus_ = true;
            }
            if (model_->want_search_open) {
                model_->want_search_open = false;
                open = true;
            }
        }
        keep_up(ctx, *model_, open);
        if (ctx.doc.presentation()) return;
        // Closing the panel masks personal data again.
        if (was_open_ && !open) model_->mask();
        was_open_ = open;
    }

    void draw(ViewContext& ctx, bool* open) override {
        if (!begin_panel(ctx, title() + "###occ_search", open)) return end_panel(ctx);
        if (ctx.doc.presentation()) {
            ImGui::TextDisabled("%s", tr("occ.view.presentation"));
            return end_panel(ctx);
        }
        OccupancyModel& m = *model_;

        // The box works while indexing: what is typed runs as soon as the index is ready.
        ImGui::SetNextItemWidth(-1);
        if (focus_ || ImGui::IsWindowAppearing()) {
            ImGui::SetKeyboardFocusHere();
            focus_ = false;
        }
        const bool enter = ImGui::InputTextWithHint("##query", tr("occ.view.search.hint"), text_,
                                                    sizeof text_, ImGuiInputTextFlags_EnterReturnsTrue);
        const bool typing = ImGui::IsItemActive() || ImGui::IsItemFocused();
        m.set_query(text_);
        bool moved = false;
        if (typing || ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows)) {
            if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow))) {
                m.move_selection(1);
                moved = true;
            }
            if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow))) {
                m.move_selection(-1);
                moved = true;
            }
        }
        // Enter in the box, or on the list after a click there, chooses the highlighted result.
        const bool list_enter = !typing && ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows) &&
                                ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false);
        if (enter || list_enter) {
            choose(ctx, -1);
            focus_ = true;  // Enter leaves the box: keep typing there
        }

        auto examples = [] {
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            ImGui::TextWrapped("%s", tr("occ.view.search.examples"));
            ImGui::PopStyleColor();
        };
        if (!ready_or_note(ctx, m)) {
            examples();
            return end_panel(ctx);
        }
        const auto& res = m.results();
        if (res.error) {
            ImGui::PushStyleColor(ImGuiCol_Text, rgb4(0xb00020));
            ImGui::TextWrapped("%s", res.message.c_str());
            ImGui::PopStyleColor();
        } else if (m.query().empty()) {
            examples();
        } else if (res.items.empty()) {
            ImGui::TextDisabled("%s%s%s", tr("occ.none"), res.message.empty() ? "" : ": ",
                                res.message.c_str());
        } else {
            ImGui::TextDisabled(
                "%s", fmt("occ.view.found", gis::with_commas(static_cast<std::int64_t>(res.total)).c_str())
                          .c_str());
            if (res.total > res.items.size()) {
                ImGui::SameLine();
                ImGui::TextDisabled(
                    "· %s", fmt("occ.view.showing", std::to_string(res.items.size()).c_str()).c_str());
            }
        }

        const float footer = ImGui::GetFrameHeightWithSpacing() + ImGui::GetTextLineHeightWithSpacing() + 10;
        const ImGuiTableFlags tf = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                   ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersOuterH |
                                   ImGuiTableFlags_SizingFixedFit;
        if (!res.items.empty() && ImGui::BeginTable("##results", 5, tf, {0, -footer})) {
            ImGui::TableSetupScrollFreeze(0, 1);
            ImGui::TableSetupColumn(tr("occ.col.address"), ImGuiTableColumnFlags_WidthFixed, 74);
            ImGui::TableSetupColumn(tr("occ.col.name"), ImGuiTableColumnFlags_WidthFixed, 58);
            ImGui::TableSetupColumn(tr("occ.col.phone"), ImGuiTableColumnFlags_WidthFixed, 100);
            ImGui::TableSetupColumn(tr("occ.col.size"), ImGuiTableColumnFlags_WidthFixed, 30);
            ImGui::TableSetupColumn(tr("occ.col.flags"), ImGuiTableColumnFlags_WidthStretch);
            ImGui::TableHeadersRow();
            for (std::size_t i = 0; i < res.items.size(); ++i) {
                const auto& v = res.items[i];
                ImGui::PushID(static_cast<int>(i));
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                const bool sel = static_cast<int>(i) == m.selected();
                if (ImGui::Selectable(v.address.c_str(), sel, ImGuiSelectableFlags_SpanAllColumns)) {
                    m.set_selected(static_cast<int>(i));
                    choose(ctx, static_cast<int>(i));
                }
                if (sel && moved) ImGui::SetScrollHereY();
                if (ImGui::IsItemHovered()) {
                    ImGui::BeginTooltip();
                    ImGui::Text("%s  %s", v.address.c_str(), v.vacant ? tr("occ.flag.vacant") : v.id.c_str());
                    ImGui::TextDisabled("%s: %s", tr("occ.col.match"),
                                        tr(std::string("occ.match.") + gis::occupancy::to_string(v.match)));
                    ImGui::EndTooltip();
                }
                ImGui::TableNextColumn();
                if (v.vacant)
                    ImGui::TextDisabled("%s", tr("occ.flag.vacant"));
                else
                    ImGui::TextUnformatted(v.name.c_str());
                ImGui::TableNextColumn();
                if (!v.vacant) ImGui::TextUnformatted(v.phone.c_str());
                ImGui::TableNextColumn();
                if (!v.vacant) ImGui::Text("%d", v.size);
                ImGui::TableNextColumn();
                bool first = true;
                for (const auto& f : v.flags) {
                    if (f == "vacant") continue;
                    badge(tr("occ.flag." + f), flag_colour(f), !first);
                    first = false;
                }
                ImGui::PopID();
            }
            ImGui::EndTable();
        }

        ImGui::SetCursorPosY(ImGui::GetWindowHeight() - footer);
        ImGui::Separator();
        privacy_.draw(ctx, m);
        ImGui::TextDisabled("%s", tr("occ.view.keys"));
        end_panel(ctx);
    }

  private:
    gis::Result<void> wait_for_index(ViewContext& ctx) {
        if (!ctx.doc.is_district() || !ctx.doc.source())
            return gis::make_error(
                gis::ErrorCode::BadInput,
                gis::i18n::format(_("{0}: the data set has no households (not a district)"), "search"));
        model_->start(ctx.doc.source()->path, district_of(ctx), ctx.doc.data_generation());
        model_->wait();
        if (model_->state() != OccupancyModel::State::Ready)
            return gis::make_error(gis::ErrorCode::BadInput, "search: " + model_->error());
        return {};
    }

    void choose(ViewContext& ctx, int i) {
        if (auto c = model_->choose(i)) show_building(ctx, *model_, c->building);
    }

    std::shared_ptr<OccupancyModel> model_ = OccupancyModel::shared();
    PrivacyBar privacy_;
    char text_[gis::occupancy::kMaxQueryBytes + 1] = "";
    bool focus_ = false, was_open_ = false;
};

}  // namespace
}  // namespace app::view

using app::view::OccupancySearchPanel;
NBHD_REGISTER_PANEL(70, OccupancySearchPanel);
