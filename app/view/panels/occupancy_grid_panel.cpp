// The 楼盘表 (panel id "grid"): a residential building's flats by floor (top floor first) and entrance
// (单元), each with its flat number, masked occupant, household size and flags; vacant flats greyed,
// street-front shop floors as a band. Opens when a residential building is selected on the map or a
// search result is chosen. Scripted set-up (nbhd view --panel-set):
//   grid.building=N     shows building N's grid (and flies to it)
//   grid.flat=ADDRESS   marks a flat of it ("12-2-301")

#include <imgui.h>

#include <algorithm>
#include <map>

#include "app/view/panels/occupancy_ui.hpp"
#include "gis/core/i18n.hpp"

namespace app::view {
namespace {

using i18n::tr;
using namespace occupancy_ui;
namespace occ = gis::occupancy;

constexpr float kCellW = 104, kCellH = 56, kGap = 4, kEntranceGap = 16, kFloorW = 40, kHeaderH = 24;

class OccupancyGridPanel : public Panel {
  public:
    const char* id() const override { return "grid"; }
    std::string title() const override { return tr("occ.view.panel.grid"); }
    bool district_only() const override { return true; }
    bool open_by_default() const override { return false; }
    bool shows_personal_data() const override { return true; }

    gis::Result<void> configure(ViewContext& ctx, const std::string& key, const std::string& value) override {
        if (key != "building" && key != "flat") return Panel::configure(ctx, key, value);
        if (!ctx.doc.is_district() || !ctx.doc.source())
            return gis::make_error(
                gis::ErrorCode::BadInput,
                gis::i18n::format(_("{0}: the data set has no households (not a district)"), "grid"));
        model_->start(ctx.doc.source()->path, district_of(ctx), ctx.doc.data_generation());
        model_->wait();
        if (model_->state() != OccupancyModel::State::Ready)
            return gis::make_error(gis::ErrorCode::BadInput, "grid: " + model_->error());
        if (key == "flat") {
            model_->mark_flat(value);
            return {};
        }
        int n = 0;
        try {
            std::size_t used = 0;
            n = std::stoi(value, &used);
            if (used != value.size()) throw std::invalid_argument(value);
        } catch (...) {
            return gis::make_error(gis::ErrorCode::BadInput,
                                   gis::i18n::format(_("grid.building: expected a building number, got {0}"),
                                                     gis::quote_for_message(value, 40)));
        }
        if (auto r = model_->open_grid(n); !r)
            return gis::make_error(r.error().code, "grid.building: " + r.error().message);
        show_building(ctx, *model_, n);
        seen_selection_ = ctx.doc.selection();
        return {};
    }

    void update(ViewContext& ctx, bool& open) override {
        keep_up(ctx, *model_, open || pending_ > 0);
        if (ctx.doc.presentation()) return;
        // A residential building selected on the map opens its grid (once the index is there).
        const auto& sel = ctx.doc.selection();
        if (!(sel == seen_selection_)) {
            seen_selection_ = sel;
            pending_ = 0;
            if (sel)
                if (const MapLayer* l = ctx.doc.layer(sel->layer))
                    if (const auto* f = ctx.doc.feature(*sel))
                        if (auto n = residential_number(*l, *f)) pending_ = *n;
            if (pending_ > 0) keep_up(ctx, *model_, true);  // the grid needs the index: start it now
        }
        if (pending_ > 0 && model_->state() == OccupancyModel::State::Ready) {
            if (pending_ != model_->grid_building() && model_->open_grid(pending_)) open = true;
            if (pending_ == model_->grid_building()) open = true;
            pending_ = 0;
        }
        if (model_->want_grid_open) {
            model_->want_grid_open = false;
            open = true;
        }
        if (was_open_ && !open) {
            model_->mask();
            model_->close_grid();
        }
        was_open_ = open;
    }

    void draw(ViewContext& ctx, bool* open) override {
        if (!begin_panel(ctx, title() + "###occ_grid", open)) return end_panel(ctx);
        OccupancyModel& m = *model_;
        if (!ready_or_note(ctx, m)) return end_panel(ctx);
        const occ::GridView* g = m.grid();
        if (!g) {
            ImGui::TextWrapped("%s", tr("occ.view.choose_building"));
            return end_panel(ctx);
        }
        const auto& b = g->building;
        ImGui::TextUnformatted(fmt("occ.view.building_n", b.number).c_str());
        if (!b.name.empty() && b.name != fmt("occ.view.building_n", b.number)) {
            ImGui::SameLine();
            ImGui::TextDisabled("%s", b.name.c_str());
        }
        ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize(tr("occ.view.zoom")).x -
                        2 * ImGui::GetStyle().FramePadding.x);
        if (ImGui::SmallButton(tr("occ.view.zoom"))) show_building(ctx, m, b.number);
        ImGui::TextDisabled(
            "%s", fmt("occ.view.summary", b.floors, b.entrances, b.flats_per_floor, b.year_built).c_str());
        ImGui::Text("%s", fmt("occ.view.totals", g->households, g->residents, g->vacant).c_str());
        privacy_.draw(ctx, m);
        ImGui::Separator();

        const float legend_h = ImGui::GetFrameHeightWithSpacing() + 4;
        ImGui::BeginChild("##grid", {0, -legend_h}, false, ImGuiWindowFlags_HorizontalScrollbar);
        draw_grid(*g, m);
        ImGui::EndChild();
        ImGui::Separator();
        draw_legend();
        end_panel(ctx);
    }

  private:
    void draw_grid(const occ::GridView& g, OccupancyModel& m) {
        const auto& b = g.building;
        const int entrances = std::max(1, b.entrances), per = std::max(1, b.flats_per_floor);
        const float group_w = per * kCellW + (per - 1) * kGap;
        const float width = kFloorW + entrances * group_w + (entrances - 1) * kEntranceGap;
        if (m.marked_flat() != seen_mark_) {
            seen_mark_ = m.marked_flat();
            scroll_to_mark_ = !seen_mark_.empty();
        }
        const ImVec2 o = ImGui::GetCursorScreenPos();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        auto x_of = [&](int entrance, int flat) {
            return o.x + kFloorW + (entrance - 1) * (group_w + kEntranceGap) + (flat - 1) * (kCellW + kGap);
        };
        for (int e = 1; e <= entrances; ++e) {
            const std::string label = fmt("occ.view.entrance_n", e);
            const float x0 = x_of(e, 1), tw = ImGui::CalcTextSize(label.c_str()).x;
            dl->AddText({x0 + (group_w - tw) / 2, o.y + 2}, rgb(0x33475b), label.c_str());
            dl->AddLine({x0, o.y + kHeaderH - 3}, {x0 + group_w, o.y + kHeaderH - 3}, rgb(0x9aa7b5), 1.5f);
        }
        const occ::HouseholdView* hovered = nullptr;
        std::vector<const occ::HouseholdView*> hovered_all;
        float y = o.y + kHeaderH;
        for (const auto& row : g.rows) {
            const std::string fl = fmt("occ.view.floor_n", row.floor);
            const ImVec2 ts = ImGui::CalcTextSize(fl.c_str());
            const float row_h = row.shops ? kCellH * 0.6f : kCellH;
            dl->AddText({o.x + kFloorW - 8 - ts.x, y + (row_h - ts.y) / 2}, rgb(0x55606b), fl.c_str());
            if (row.shops) {
                const ImVec2 a{o.x + kFloorW, y}, z{o.x + width, y + row_h};
                dl->AddRectFilled(a, z, rgb(0xf3e3c3), 4);
                dl->AddRect(a, z, rgb(0xc9a66b), 4);
                const char* t = tr("occ.shops");
                const ImVec2 s = ImGui::CalcTextSize(t);
                dl->AddText({(a.x + z.x - s.x) / 2, (a.y + z.y - s.y) / 2}, rgb(0x7a5a22), t);
                y += row_h + kGap;
                continue;
            }
            // Cells of one flat (several registered households) share its slot.
            std::map<std::pair<int, int>, std::vector<const occ::HouseholdView*>> slots;
            for (const auto& v : row.cells) slots[{v.entrance, v.flat}].push_back(&v);
            for (const auto& [key, views] : slots) {
                const auto [e, f] = key;
                if (e < 1 || f < 1) continue;
                const ImVec2 a{x_of(e, f), y}, z{a.x + kCellW, y + kCellH};
                const occ::HouseholdView& v = *views.front();
                const bool marked = !m.marked_flat().empty() && v.address == m.marked_flat();
                if (marked && scroll_to_mark_) {  // a flat found by the search: bring its floor into view
                    ImGui::SetScrollFromPosY(a.y - ImGui::GetWindowPos().y, 0.5f);
                    scroll_to_mark_ = false;
                }
                const bool hover = ImGui::IsWindowHovered() && ImGui::IsMouseHoveringRect(a, z);
                if (hover) {
                    hovered = &v;
                    hovered_all = views;
                    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
                        m.mark_flat(v.address);
                        seen_mark_ = v.address;
                    }
                }
                const std::uint32_t bg = v.vacant ? 0xeceeef : marked ? 0xfde4ec : 0xffffff;
                dl->AddRectFilled(a, z, rgb(bg), 4);
                dl->AddRect(a, z,
                            marked  ? rgb(0xd6336c)
                            : hover ? rgb(0x0a84d6)
                                    : rgb(v.vacant ? 0xc8cdd2 : 0xaab4be),
                            4, 0,
                            marked  ? 2.5f
                            : hover ? 2.0f
                                    : 1.0f);
                const std::string flat_no = std::to_string(v.floor * 100 + v.flat);
                const std::uint32_t ink = v.vacant ? 0x9aa2aa : 0x1f2a36;
                dl->AddText({a.x + 6, a.y + 3}, rgb(ink), flat_no.c_str());
                if (v.vacant) {
                    const char* t = tr("occ.flag.vacant");
                    dl->AddText({a.x + 6, a.y + 20}, rgb(0x9aa2aa), t);
                } else {
                    const std::string size = fmt("occ.view.persons", v.size);
                    const float sw = ImGui::CalcTextSize(size.c_str()).x;
                    dl->AddText({z.x - 6 - sw, a.y + 3}, rgb(0x55606b), size.c_str());
                    std::string who = v.name;
                    if (views.size() > 1) who += " +" + std::to_string(views.size() - 1);
                    dl->AddText({a.x + 6, a.y + 20}, rgb(v.revealed ? 0x8a4500 : 0x1f2a36), who.c_str());
                    // Badges, in a smaller size.
                    ImFont* font = ImGui::GetFont();
                    const float fs = ImGui::GetFontSize() * 0.8f;
                    float bx = a.x + 5;
                    for (const auto& fl : v.flags) {
                        if (fl == "vacant") continue;
                        const char* t = tr("occ.flag." + fl + ".short");
                        if (std::string(t).rfind("occ.", 0) == 0) t = tr("occ.flag." + fl);
                        const ImVec2 s = font->CalcTextSizeA(fs, 1e6f, 0, t);
                        if (bx + s.x + 6 > z.x - 3) break;
                        const ImVec2 p{bx, a.y + 37};
                        dl->AddRectFilled(p, {p.x + s.x + 6, p.y + s.y + 2}, rgb(flag_colour(fl), 0.15f), 3);
                        dl->AddRect(p, {p.x + s.x + 6, p.y + s.y + 2}, rgb(flag_colour(fl), 0.7f), 3);
                        dl->AddText(font, fs, {p.x + 3, p.y + 1}, rgb(flag_colour(fl)), t);
                        bx += s.x + 9;
                    }
                }
            }
            y += kCellH + kGap;
        }
        ImGui::Dummy({width + 4, y - o.y + 4});
        if (!g.outside.empty()) {
            ImGui::TextDisabled("%s", tr("occ.outside"));
            for (const auto& v : g.outside)
                ImGui::BulletText("%s  %s  %s", v.address.c_str(), v.id.c_str(), v.name.c_str());
        }
        if (hovered) {
            ImGui::BeginTooltip();
            for (std::size_t i = 0; i < hovered_all.size(); ++i) {
                const auto& v = *hovered_all[i];
                if (i) ImGui::Separator();
                ImGui::TextUnformatted(v.address.c_str());
                if (v.vacant) {
                    ImGui::TextDisabled("%s", tr("occ.flag.vacant"));
                    continue;
                }
                ImGui::Text("%s: %s", tr("occ.view.tip.household"), v.id.c_str());
                ImGui::Text("%s: %s", tr("occ.col.name"), v.name.c_str());
                ImGui::Text("%s: %s", tr("occ.col.phone"), v.phone.c_str());
                ImGui::Text("%s: %s", tr("occ.view.tip.id_number"), v.id_number.c_str());
                ImGui::Text("%s: %d", tr("occ.col.size"), v.size);
                bool first = true;
                for (const auto& fl : v.flags) {
                    badge(tr("occ.flag." + fl), flag_colour(fl), !first);
                    first = false;
                }
            }
            ImGui::EndTooltip();
        }
    }

    static void draw_legend() {
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("%s", tr("occ.view.legend"));
        for (const char* f : {"migrant", "elderly_alone", "tenant", "low_income"})
            badge(tr(std::string("occ.flag.") + f), flag_colour(f));
        ImGui::SameLine(0, 12);
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float h = ImGui::GetTextLineHeight();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(p, {p.x + 26, p.y + h}, rgb(0xeceeef), 3);
        dl->AddRect(p, {p.x + 26, p.y + h}, rgb(0xc8cdd2), 3);
        ImGui::Dummy({26, h});
        ImGui::SameLine(0, 4);
        ImGui::TextUnformatted(tr("occ.flag.vacant"));
        ImGui::SameLine(0, 12);
        const ImVec2 q = ImGui::GetCursorScreenPos();
        dl->AddRectFilled(q, {q.x + 26, q.y + h}, rgb(0xfde4ec), 3);
        dl->AddRect(q, {q.x + 26, q.y + h}, rgb(0xd6336c), 3, 0, 2);
        ImGui::Dummy({26, h});
        ImGui::SameLine(0, 4);
        ImGui::TextUnformatted(tr("occ.view.marked"));
    }

    std::shared_ptr<OccupancyModel> model_ = OccupancyModel::shared();
    PrivacyBar privacy_;
    std::optional<FeatureRef> seen_selection_;
    int pending_ = 0;
    std::string seen_mark_;
    bool scroll_to_mark_ = false;
    bool was_open_ = false;
};

}  // namespace
}  // namespace app::view

using app::view::OccupancyGridPanel;
NBHD_REGISTER_PANEL(71, OccupancyGridPanel);
