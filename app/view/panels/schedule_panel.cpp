// The timeline strip along the bottom of the map: the active project's phases as bars on a calendar,
// the days that run together, and the conflicts (what hits the same place at the same time) listed and
// marked on the map. Read off the main thread (ScheduleView); the CLI's `project schedule` and `plan
// conflicts` print the same.

#include <imgui.h>

#include <chrono>
#include <future>
#include <set>

#include "app/i18n/i18n.hpp"
#include "app/view/core/background_result.hpp"
#include "app/view/core/schedule_model.hpp"
#include "app/view/map_session.hpp"
#include "app/view/panel.hpp"
#include "gis/core/strings.hpp"
#include "gis/core/numbers.hpp"

namespace app::view {
namespace {

using i18n::tr;

constexpr const char* kOverlay = "schedule.conflicts";  // not "plan.*": those belong to the before/after view

class SchedulePanel : public Panel {
  public:
    const char* id() const override { return "schedule"; }
    std::string title() const override { return tr("view.schedule"); }
    bool district_only() const override { return true; }
    bool open_by_default() const override { return false; }

    gis::Result<void> configure(ViewContext& ctx, const std::string& key, const std::string& value) override {
        if (key == "project") {
            project_ = value;
            job_.reset();
            return {};
        }
        if (key == "conflicts") {
            if (value != "on" && value != "off")
                return gis::make_error(gis::ErrorCode::BadInput, "--panel-set schedule.conflicts=on|off");
            show_conflicts_ = value == "on";
            return {};
        }
        return Panel::configure(ctx, key, value);
    }

    void update(ViewContext& ctx, bool& open) override {
        // Closing the strip, or presenting, takes its marks off the map.
        if ((!open || ctx.doc.presentation()) && overlay_shown_) {
            ctx.doc.remove_overlay(kOverlay);
            overlay_shown_ = false;
        }
    }

    void draw(ViewContext& ctx, bool* open) override {
        if (ctx.doc.presentation()) return;
        job_.follow(ctx.doc.data_generation());
        start(ctx);
        if (poll()) {  // names from the data set: the UI font may lack their characters
            for (const auto& [key, label] : job_.value()->projects) want_glyphs(ctx, glyphs_, label);
            for (const auto& ph : job_.value()->schedule.phases) want_glyphs(ctx, glyphs_, ph.name);
            for (const auto& c : job_.value()->conflicts.conflicts)
                for (const auto& n : c.names) want_glyphs(ctx, glyphs_, n);
        }
        if (!begin_panel(ctx, title() + "###schedule", open)) return end_panel(ctx);
        if (!job_.error().empty()) {
            ImGui::TextWrapped("%s", job_.error().c_str());
        } else if (!job_.value()) {
            ImGui::TextDisabled("%s", tr("present.figures.computing"));
        } else {
            draw_header(ctx);
            if (ImGui::BeginTable("##schedule", 2,
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV)) {
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                draw_timeline();
                ImGui::TableSetColumnIndex(1);
                draw_conflicts(ctx);
                ImGui::EndTable();
            }
            sync_overlay(ctx);
        }
        end_panel(ctx);
    }

  private:
    void start(ViewContext& ctx) {
        if (!job_.idle() || !ctx.doc.source() || ctx.session.loading()) return;
        job_.start([path = ctx.doc.source()->path, p = project_,
                    district = district_of(ctx)]() -> gis::Result<ScheduleView> {
            auto d = district.get();
            if (!d) return d.error();
            return load_schedule_view(*d.value(), path, p);
        });
    }

    /// True when a schedule arrived.
    bool poll() {
        if (!job_.poll() || !job_.value()) return false;
        project_ = job_.value()->schedule.project.key;
        overlay_dirty_ = true;
        return true;
    }

    void reload(const std::string& project) {
        project_ = project;
        job_.reset();
    }

    void draw_header(ViewContext& ctx) {
        (void)ctx;
        ImGui::SetNextItemWidth(260);
        const auto& s = job_.value()->schedule;
        if (ImGui::BeginCombo("##project", s.project.name.c_str())) {
            for (const auto& [key, label] : job_.value()->projects)
                if (ImGui::Selectable(label.c_str(), key == s.project.key) && key != s.project.key) {
                    const std::string k = key;
                    ImGui::EndCombo();
                    reload(k);
                    return;
                }
            ImGui::EndCombo();
        }
        ImGui::SameLine();
        if (s.start)
            ImGui::Text("%s – %s", gis::plan::format_date(*s.start).c_str(),
                        gis::plan::format_date(*s.end).c_str());
        else
            ImGui::TextDisabled("%s", tr("schedule.no_dates"));
        ImGui::SameLine();
        if (ImGui::Checkbox(tr("view.schedule.show_conflicts"), &show_conflicts_)) overlay_dirty_ = true;
        ImGui::SameLine();
        if (ImGui::SmallButton(tr("view.schedule.reload"))) {
            reload(project_);
            return;
        }
        ImGui::SameLine(0, 24);
        // Legend: what the colours mean.
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImU32 alone = IM_COL32(30, 111, 217, 255), together = IM_COL32(230, 120, 20, 255);
        const float box = ImGui::GetTextLineHeight() * 0.7f;
        for (const auto& [colour, key] :
             {std::pair{alone, "view.schedule.alone"}, {together, "view.schedule.together"}}) {
            const ImVec2 at = ImGui::GetCursorScreenPos();
            dl->AddRectFilled({at.x, at.y + 3}, {at.x + box, at.y + 3 + box}, colour, 2);
            ImGui::Dummy({box + 2, box});
            ImGui::SameLine();
            ImGui::TextDisabled("%s", tr(key));
            ImGui::SameLine();
        }
        ImGui::NewLine();
    }

    void draw_timeline() {
        const auto& s = job_.value()->schedule;
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const float row = ImGui::GetTextLineHeightWithSpacing() + 2;
        const float label_w = 150;
        const ImU32 alone = IM_COL32(30, 111, 217, 255), together = IM_COL32(230, 120, 20, 255);
        // Month ticks along the top: the first day of each month in the span, labelled MM月 / MM.
        if (s.start) {
            const ImVec2 at = ImGui::GetCursorScreenPos();
            const float width = ImGui::GetContentRegionAvail().x;
            const float x0 = at.x + label_w, x1 = at.x + width - 4;
            for (std::int64_t day = *s.start; day <= *s.end + 1; ++day) {
                const std::string date = gis::plan::format_date(day);
                if (date.substr(8) != "01" && day != *s.start) continue;
                const float x = timeline_x(day, *s.start, *s.end, x0, x1);
                dl->AddLine({x, at.y + row - 2}, {x, at.y + row * (s.phases.size() + 1)},
                            IM_COL32(160, 160, 160, 120));
                const std::string label = gis::format_month_short(std::stoi(date.substr(5, 2)));
                dl->AddText({x + 2, at.y}, ImGui::GetColorU32(ImGuiCol_TextDisabled), label.c_str());
            }
            ImGui::Dummy({1, row - ImGui::GetStyle().ItemSpacing.y});
        }
        for (const auto& ph : s.phases) {
            const ImVec2 at = ImGui::GetCursorScreenPos();
            const float width = ImGui::GetContentRegionAvail().x;
            std::string label = std::string(tr("plan.phase")) + " " + std::to_string(ph.phase);
            if (!ph.name.empty()) label += " " + ph.name;
            ImGui::TextUnformatted(label.c_str());
            if (ph.start && s.start) {
                const float x0 = at.x + label_w, x1 = at.x + width - 4;
                const float a = timeline_x(*ph.start, *s.start, *s.end, x0, x1);
                const float b = timeline_x(*ph.end + 1, *s.start, *s.end, x0, x1);
                dl->AddRectFilled({a, at.y + 2}, {std::max(b, a + 2), at.y + row - 4},
                                  ph.concurrent.empty() ? alone : together, 3);
                if (ImGui::IsMouseHoveringRect({a, at.y}, {b, at.y + row})) {
                    ImGui::BeginTooltip();
                    ImGui::Text("%s – %s · %d %s · %s", gis::plan::format_date(*ph.start).c_str(),
                                gis::plan::format_date(*ph.end).c_str(), ph.days, tr("conflicts.days"),
                                ("¥" + gis::with_commas(std::llround(ph.items.cost_cny))).c_str());
                    ImGui::EndTooltip();
                }
            } else if (ph.items.items > 0) {
                ImGui::SameLine(label_w);
                ImGui::TextDisabled("%s", tr("view.schedule.undated"));
            }
            ImGui::SetCursorScreenPos({at.x, at.y + row});
        }
    }

    void draw_conflicts(ViewContext& ctx) {
        const auto& list = job_.value()->conflicts.conflicts;
        if (list.empty()) {
            ImGui::TextDisabled("%s", tr("conflicts.none"));
            return;
        }
        ImGui::Text("%s: %zu", tr("present.conflicts"), list.size());
        if (ImGui::BeginChild("##conflicts", {0, 0})) {
            for (std::size_t i = 0; i < list.size(); ++i) {
                const auto& c = list[i];
                ImGui::PushID(static_cast<int>(i));
                if (ImGui::SmallButton(tr("view.schedule.show"))) ctx.doc.fly_to(c.where.bbox());
                ImGui::SameLine();
                std::string line = tr(("conflicts." + c.kind).c_str());
                if (c.first_day)
                    line += "  " + gis::plan::format_date(*c.first_day).substr(5) + "–" +
                            gis::plan::format_date(*c.last_day).substr(5);
                if (c.area_m2 > 0) line += "  " + gis::fmt_fixed(c.area_m2, 1) + " m²";
                if (!c.names.empty()) line += "  " + c.names.front() + (c.names.size() > 1 ? " …" : "");
                ImGui::TextUnformatted(line.c_str());
                ImGui::PopID();
            }
        }
        ImGui::EndChild();
    }

    void sync_overlay(ViewContext& ctx) {
        if (!overlay_dirty_) return;
        overlay_dirty_ = false;
        if (show_conflicts_ && !job_.value()->conflicts.conflicts.empty()) {
            ctx.doc.set_overlay(kOverlay, conflict_layer(job_.value()->conflicts), Colour::hex(0xe6400f));
            overlay_shown_ = true;
        } else if (overlay_shown_) {
            ctx.doc.remove_overlay(kOverlay);
            overlay_shown_ = false;
        }
    }

    std::string project_;
    BackgroundResult<ScheduleView> job_;
    bool show_conflicts_ = true, overlay_dirty_ = false, overlay_shown_ = false;
    std::set<char32_t> glyphs_;
};

NBHD_REGISTER_PANEL(74, SchedulePanel);

}  // namespace
}  // namespace app::view
