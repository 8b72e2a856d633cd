// Gating the compound (封闭): the proposed fence and gates on the map, each gate open or shut at a click,
// and the access check as `nbhd plan gating --check` gives it: buildings reachable on foot and by fire
// engine, the longest walk before and after, shops and units losing their street, failures and warnings,
// and the cost from the price table. Computed off the main thread (GatingView).

#include <imgui.h>

#include <chrono>
#include <cmath>
#include <future>
#include <set>

#include "app/i18n/i18n.hpp"
#include "app/view/core/background_result.hpp"
#include "app/view/core/gating_model.hpp"
#include "app/view/map_session.hpp"
#include "app/view/panel.hpp"
#include "gis/core/strings.hpp"

namespace app::view {
namespace {

using i18n::tr;

class GatingPanel : public Panel {
  public:
    const char* id() const override { return "gating"; }
    std::string title() const override { return tr("view.gating"); }
    bool district_only() const override { return true; }
    bool open_by_default() const override { return false; }

    gis::Result<void> configure(ViewContext& ctx, const std::string& key, const std::string& value) override {
        if (key == "closed") {  // --panel-set gating.closed=NAME (repeatable: a list separated by commas)
            closed_.clear();
            std::string item;
            for (char c : value + ",")
                if (c == ',') {
                    if (!item.empty()) closed_.push_back(item);
                    item.clear();
                } else {
                    item += c;
                }
            restart();
            return {};
        }
        return Panel::configure(ctx, key, value);
    }

    void update(ViewContext& ctx, bool& open) override {
        if ((!open || ctx.doc.presentation()) && shown_) {
            for (const char* name : kOverlays) ctx.doc.remove_overlay(name);
            shown_ = false;
        }
    }

    void draw(ViewContext& ctx, bool* open) override {
        if (ctx.doc.presentation()) return;
        job_.follow(ctx.doc.data_generation());
        if (job_.idle() && ctx.doc.source() && !ctx.session.loading())
            job_.start([path = ctx.doc.source()->path, closed = closed_,
                        district = district_of(ctx)]() -> gis::Result<GatingView> {
                auto d = district.get();
                if (!d) return d.error();
                return load_gating_view(*d.value(), path, closed);
            });
        if (job_.poll() && job_.value()) {
            const auto& v = *job_.value();
            dirty_ = true;
            for (const auto& g : v.proposal.gates) want_glyphs(ctx, glyphs_, g.name);
            for (const auto& t : v.check.failures) want_glyphs(ctx, glyphs_, t);
            want_glyphs(ctx, glyphs_, v.proposal.compound);
        }
        if (!begin_panel(ctx, title() + "###gating", open, ImGuiWindowFlags_AlwaysAutoResize))
            return end_panel(ctx);
        if (!job_.error().empty())
            ImGui::TextWrapped("%s", job_.error().c_str());
        else if (!job_.value())
            ImGui::TextDisabled("%s", tr("present.figures.computing"));
        else
            body(ctx);
        end_panel(ctx);
        if (job_.value() && dirty_) show(ctx);
    }

  private:
    static constexpr const char* kOverlays[] = {"gating.routes", "gating.fence", "gating.gates"};

    void restart() { job_.reset(); }

    void body(ViewContext& ctx) {
        const auto& v = *job_.value();
        const auto& c = v.check;
        ImGui::TextUnformatted(v.proposal.compound.c_str());
        auto walk = [](double m) {
            return std::isfinite(m) ? gis::fmt_fixed(m, 0) + " m" : std::string(tr("gating.unreachable"));
        };
        int fire = 0;
        for (const auto& b : c.buildings) fire += b.fire_after == gis::plan::FireAccess::Yes;
        if (ImGui::BeginTable("##gating", 2, ImGuiTableFlags_SizingFixedFit)) {
            auto row = [](const char* label, const std::string& value) {
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                ImGui::TextDisabled("%s", label);
                ImGui::TableSetColumnIndex(1);
                ImGui::TextUnformatted(value.c_str());
            };
            row(tr("gating.fence"), gis::fmt_fixed(v.proposal.fence_length_m, 0) + " m");
            row(tr("gating.cost"), "¥" + gis::with_commas(std::llround(v.cost.total_cny)));
            row(tr("gating.buildings_reachable"),
                std::to_string(c.buildings_reachable_after) + " / " + std::to_string(c.buildings.size()));
            row(tr("gating.longest_before"), walk(c.longest_before_m));
            row(tr("gating.longest_after"), walk(c.longest_after_m));
            row(tr("gating.fire_access"), std::to_string(fire) + " / " + std::to_string(c.buildings.size()));
            ImGui::EndTable();
        }
        ImGui::Separator();
        ImGui::TextUnformatted(tr("gating.gates"));
        for (const auto& g : v.proposal.gates) {
            bool open = g.open;
            const std::string label = g.name + "  " +
                                      tr(("gating." + std::string(gis::plan::to_string(g.type))).c_str()) +
                                      (g.width_m > 0 ? " " + gis::fmt_fixed(g.width_m, 0) + " m" : "");
            if (ImGui::Checkbox(label.c_str(), &open)) {  // shut or open it, and check again
                if (open)
                    closed_.erase(std::remove(closed_.begin(), closed_.end(), g.name), closed_.end());
                else
                    closed_.push_back(g.name);
                restart();
                return;
            }
            ImGui::SameLine();
            ImGui::PushID(g.name.c_str());
            if (ImGui::SmallButton(tr("view.schedule.show"))) {
                gis::BBox b;
                b.expand(g.location);
                ctx.doc.fly_to(b.grown(40));
            }
            ImGui::PopID();
        }
        if (!c.failures.empty()) {
            ImGui::Separator();
            ImGui::TextUnformatted(tr("view.gating.failures"));
            for (const auto& f : c.failures) ImGui::TextColored({0.85f, 0.15f, 0.1f, 1}, "%s", f.c_str());
        }
        const std::size_t warnings = c.warnings.size() + v.proposal.warnings.size();
        if (warnings > 0)
            ImGui::TextDisabled("%s: %zu (nbhd plan gating --check)", tr("gating.warnings"), warnings);
    }

    void show(ViewContext& ctx) {
        dirty_ = false;
        const auto& v = *job_.value();
        ctx.doc.set_overlay("gating.routes", gating_route_layer(v), Colour::hex(0x1e6fd9));
        ctx.doc.set_overlay("gating.fence", gating_fence_layer(v), Colour::hex(0x8c1a1a));
        ctx.doc.set_overlay("gating.gates", gating_gate_layer(v), Colour::hex(0xf0a01a));
        shown_ = true;
    }

    std::vector<std::string> closed_;
    BackgroundResult<GatingView> job_;
    bool dirty_ = false, shown_ = false;
    std::set<char32_t> glyphs_;
};

NBHD_REGISTER_PANEL(75, GatingPanel);

}  // namespace
}  // namespace app::view
