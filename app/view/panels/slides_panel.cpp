// Slides: the presentation's saved views, edited outside presentation mode (add the current view, caption,
// reorder, delete, save to the data set). Nothing personal: views, layers and captions only.

#include <imgui.h>

#include <cstring>

#include "app/i18n/i18n.hpp"
#include "app/view/core/present_state.hpp"
#include "app/view/panel.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"

namespace app::view {
namespace {

using i18n::tr;

class SlidesPanel : public Panel, public PresentAware {
  public:
    const char* id() const override { return "slides"; }
    std::string title() const override { return tr("present.slides"); }
    bool district_only() const override { return true; }
    bool open_by_default() const override { return false; }
    void attach(PresentState* state) override { state_ = state; }

    gis::Result<void> configure(ViewContext& ctx, const std::string& key, const std::string& value) override {
        if (!state_) return gis::make_error(gis::ErrorCode::Internal, "slides: no presentation state");
        auto bad = [&](const std::string& why) {
            return gis::make_error(gis::ErrorCode::BadInput,
                                   "--panel-set slides." + key + "=" + value + ": " + why);
        };
        if (key == "show") {
            const int n = static_cast<int>(state_->deck.slides().size());
            int i = 0;
            try {
                std::size_t used = 0;
                i = std::stoi(value, &used);
                if (used != value.size()) return bad(_("expected a slide number"));
            } catch (...) {
                return bad(_("expected a slide number"));
            }
            if (i < 1 || i > n) return bad(gis::i18n::format(_("the data set has {0} slides"), n));
            state_->deck.go(i - 1);
            state_->plan_shown = true;
            state_->show_current(ctx.doc);
            return {};
        }
        if (key == "view") {
            PlanView v;
            if (!gis::present::parse_plan_view(value, v)) return bad(_("expected before, after or split"));
            state_->view = v;
            state_->plan_shown = true;
            return {};
        }
        if (key == "split") {
            auto f = parse_fraction(value);
            if (!f) return bad(_("expected a fraction 0.05..0.95 (or 5%..95%)"));
            state_->split = *f;
            return {};
        }
        if (key == "phases") {
            auto p = gis::present::parse_phases(value);
            if (!p) return bad(p.error().message);
            state_->phases = *p;
            state_->plan_shown = true;
            return {};
        }
        return Panel::configure(ctx, key, value);
    }

    void draw(ViewContext& ctx, bool* open) override {
        if (!state_ || ctx.doc.presentation()) return;  // presenting: the slides are on show, not edited
        if (!begin_panel(ctx, title() + "###slides", open)) return end_panel(ctx);
        ImGui::PushItemWidth(-ImGui::GetFontSize() * 8);
        SlideDeck& deck = state_->deck;
        const auto& slides = deck.slides();
        if (slides.empty()) ImGui::TextDisabled("%s", tr("present.no_slides"));
        ImGui::BeginChild("##list", {0, 170}, true);
        for (std::size_t i = 0; i < slides.size(); ++i) {
            const std::string label =
                std::to_string(i + 1) + ".  " + slide_caption(slides[i]) + "##s" + std::to_string(i);
            if (ImGui::Selectable(label.c_str(), deck.current() == static_cast<int>(i))) {
                deck.go(static_cast<int>(i));
                state_->plan_shown = true;
                state_->show_current(ctx.doc);
                load_fields();
            }
        }
        ImGui::EndChild();
        if (ImGui::Button(tr("present.slides.add"))) {
            deck.add(capture_slide(ctx.doc, ctx.camera, state_->view, state_->split,
                                   tr("present.slides.new_caption")));
            load_fields();
        }
        const int cur = deck.current();
        if (cur >= 0 && cur < static_cast<int>(slides.size())) {
            if (loaded_for_ != cur || fields_stale_) load_fields();
            ImGui::Separator();
            const Slide& s = slides[static_cast<std::size_t>(cur)];
            auto mut = [&]() -> Slide& { return deck.edit()[static_cast<std::size_t>(cur)]; };
            if (ImGui::InputText(tr("present.slides.caption"), caption_, sizeof caption_) && caption_[0])
                mut().caption = caption_;
            if (ImGui::InputText(tr("present.slides.caption_en"), caption_en_, sizeof caption_en_))
                mut().caption_en = caption_en_;
            int view = static_cast<int>(s.view);
            const char* views[] = {tr("present.mode.after"), tr("present.mode.before"),
                                   tr("present.mode.split")};
            if (ImGui::Combo(tr("present.slides.view"), &view, views, 3)) {
                mut().view = static_cast<PlanView>(view);
                state_->view = s.view;
                state_->plan_shown = true;
            }
            if (ImGui::InputTextWithHint(tr("present.slides.phases"), tr("present.slides.phases_hint"),
                                         phases_, sizeof phases_)) {
                if (auto p = gis::present::parse_phases(phases_)) {
                    mut().phases = *p;
                    state_->phases = *p;
                }
            }
            if (s.view == PlanView::Split) {
                float split = static_cast<float>(s.split);
                if (ImGui::SliderFloat("##split", &split, 0.05f, 0.95f, "%.2f")) {
                    mut().split = split;
                    state_->split = split;
                }
            }
            if (ImGui::Button(tr("present.slides.update"))) {
                Slide now = capture_slide(ctx.doc, ctx.camera, s.view, state_->split, s.caption);
                now.caption_en = s.caption_en;
                now.phases = s.phases;
                mut() = std::move(now);
            }
            ImGui::SameLine();
            if (ImGui::ArrowButton("##up", ImGuiDir_Up)) deck.move(cur, -1);
            ImGui::SameLine();
            if (ImGui::ArrowButton("##down", ImGuiDir_Down)) deck.move(cur, +1);
            ImGui::SameLine();
            if (ImGui::Button(tr("present.slides.delete"))) {
                deck.remove(cur);
                fields_stale_ = true;
            }
        }
        ImGui::Separator();
        if (ImGui::Button(tr("present.slides.save"))) {
            auto r = gis::present::write_slides(state_->data_path, deck.slides());
            if (r) deck.mark_saved();
            if (ctx.messages)
                ctx.messages->push_back(r ? std::string(tr("present.slides.saved")) + ": " + state_->data_path
                                          : r.error().message);
        }
        if (deck.dirty()) {
            ImGui::SameLine();
            ImGui::TextColored({0.75f, 0.35f, 0.05f, 1}, "%s", tr("present.slides.unsaved"));
        }
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
        ImGui::TextWrapped("%s", tr("present.keys"));
        ImGui::PopStyleColor();
        ImGui::PopItemWidth();
        end_panel(ctx);
    }

  private:
    void load_fields() {
        const Slide* s = state_->deck.current_slide();
        loaded_for_ = state_->deck.current();
        fields_stale_ = false;
        std::snprintf(caption_, sizeof caption_, "%s", s ? s->caption.c_str() : "");
        std::snprintf(caption_en_, sizeof caption_en_, "%s", s ? s->caption_en.c_str() : "");
        std::snprintf(phases_, sizeof phases_, "%s", s ? gis::present::phases_text(s->phases).c_str() : "");
    }

    PresentState* state_ = nullptr;
    int loaded_for_ = -2;
    bool fields_stale_ = false;
    char caption_[512] = "", caption_en_[512] = "", phases_[64] = "";
};

NBHD_REGISTER_PANEL(70, SlidesPanel);

}  // namespace
}  // namespace app::view
