#include "app/view/viewer_ui.hpp"

#include <imgui.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>

#include "app/i18n/i18n.hpp"
#include "app/view/core/map_options.hpp"
#include "app/view/map_session.hpp"
#include "gis/core/strings.hpp"

namespace app::view {

using i18n::tr;

std::vector<std::pair<std::string, std::string>> display_attributes(const MapLayer& layer,
                                                                    const gis::io::Feature& f) {
    std::vector<std::pair<std::string, std::string>> out;
    const auto& fields = layer.data.info.fields;
    for (std::size_t i = 0; i < fields.size() && i < f.values.size(); ++i) {
        if (is_personal_field(fields[i].name)) continue;
        out.emplace_back(fields[i].name, gis::io::to_display(f.values[i]));
    }
    return out;
}

std::string feature_caption(const MapLayer& layer, const gis::io::Feature& f) {
    const auto& info = layer.data.info;
    for (const char* n : {"name", "NAME", "Name", "名称"}) {
        const int i = info.field_index(n);
        if (i >= 0 && !is_personal_field(n)) {
            std::string v = field_text(f, i);
            if (!v.empty()) {
                const int num = info.field_index("number");
                if (num >= 0 && field_int(f, num) > 0 &&
                    v.find(std::to_string(field_int(f, num))) == std::string::npos)
                    v += " (" + std::to_string(field_int(f, num)) + ")";
                return v;
            }
        }
    }
    const int num = info.field_index("number");
    if (num >= 0 && field_int(f, num) > 0)
        return tr("view.number") + std::string(" ") + std::to_string(field_int(f, num));
    return "#" + std::to_string(f.fid);
}

void ViewerUi::draw_menu(ViewContext& ctx, std::vector<PanelSlot>& panels, UiRequests& req,
                         PixelSize window) {
    if (!ImGui::BeginMainMenuBar()) return;
    if (ImGui::BeginMenu(tr("view.menu.file"))) {
        if (ImGui::MenuItem(tr("view.menu.export"))) show_export_ = true;
        if (ImGui::MenuItem(tr("view.menu.add_data"))) show_add_ = true;
        ImGui::Separator();
        if (ImGui::MenuItem(tr("view.menu.quit"), "Ctrl+Q")) req.quit = true;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(tr("view.menu.view"))) {
        if (ImGui::MenuItem(tr("view.menu.fit_all"), "Home")) req.fit_all = true;
        if (ImGui::MenuItem(tr("view.menu.zoom_in"), "+")) req.zoom_in = true;
        if (ImGui::MenuItem(tr("view.menu.zoom_out"), "-")) req.zoom_out = true;
        ImGui::Separator();
        for (auto& slot : panels) {
            if (slot.panel->district_only() && !ctx.doc.is_district()) continue;
            ImGui::MenuItem(slot.panel->title().c_str(), nullptr, &slot.open);
        }
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(tr("view.menu.language"))) {
        if (ImGui::MenuItem("中文", nullptr, i18n::language() == i18n::Lang::Zh)) {
            i18n::set_language(i18n::Lang::Zh);
            req.language_changed = true;
        }
        if (ImGui::MenuItem("English", nullptr, i18n::language() == i18n::Lang::En)) {
            i18n::set_language(i18n::Lang::En);
            req.language_changed = true;
        }
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(tr("view.menu.help"))) {
        if (ImGui::MenuItem(tr("view.menu.keys"))) show_keys_ = true;
        ImGui::EndMenu();
    }
    (void)window;
    ImGui::EndMainMenuBar();
}

void ViewerUi::draw_status_bar(ViewContext& ctx, double fps, bool loading, double progress) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos({vp->WorkPos.x, vp->WorkPos.y + vp->WorkSize.y - kStatusBarHeight});
    ImGui::SetNextWindowSize({vp->WorkSize.x, kStatusBarHeight});
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {8, 4});
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                   ImGuiWindowFlags_NoNav;
    if (ImGui::Begin("##status", nullptr, flags)) {
        if (ctx.cursor) {
            ImGui::Text("%s  E %s  N %s", tr("view.status.position"),
                        gis::fmt_fixed(ctx.cursor->x, 1).c_str(), gis::fmt_fixed(ctx.cursor->y, 1).c_str());
            if (ctx.geo) {
                if (auto ll = ctx.geo->lonlat(*ctx.cursor)) {
                    ImGui::SameLine();
                    ImGui::Text("   %s°%s  %s°%s", gis::fmt_fixed(std::abs(ll->x), 6).c_str(),
                                ll->x >= 0 ? "E" : "W", gis::fmt_fixed(std::abs(ll->y), 6).c_str(),
                                ll->y >= 0 ? "N" : "S");
                }
            }
        } else {
            ImGui::TextDisabled("%s", tr("view.status.no_position"));
        }
        ImGui::SameLine(std::max(ImGui::GetWindowWidth() - 560, ImGui::GetCursorPosX() + 20));
        ImGui::Text("%s %s", tr("view.status.scale"), scale_text(ctx.camera.scale_denominator()).c_str());
        ImGui::SameLine();
        if (ctx.doc.source()) ImGui::Text("   %s", ctx.doc.source()->display_crs.c_str());
        ImGui::SameLine();
        if (loading) {
            ImGui::Text("   %s", tr("view.status.loading"));
            ImGui::SameLine();
            ImGui::ProgressBar(static_cast<float>(progress), {120, 0});
        } else {
            ImGui::TextDisabled("   %.0f fps", fps);
        }
    }
    ImGui::End();
    ImGui::PopStyleVar(2);
}

void ViewerUi::draw_tooltip(ViewContext& ctx) {
    const auto& hover = ctx.doc.hover();
    if (!hover || ImGui::GetIO().WantCaptureMouse) return;
    const MapLayer* l = ctx.doc.layer(hover->layer);
    const gis::io::Feature* f = ctx.doc.feature(*hover);
    if (!l || !f) return;
    ImGui::BeginTooltip();
    ImGui::TextDisabled("%s", l->title().c_str());
    ImGui::TextUnformatted(feature_caption(*l, *f).c_str());
    int shown = 0;
    for (const auto& [k, v] : display_attributes(*l, *f)) {
        if (v.empty() || k == "name" || k == "name_en") continue;
        ImGui::Text("%s: %s", k.c_str(), gis::quote_for_message(v, 40).c_str());
        if (++shown == 5) break;
    }
    ImGui::EndTooltip();
}

void ViewerUi::draw_messages(std::vector<std::string>& messages) {
    if (messages.empty()) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos({vp->WorkPos.x + vp->WorkSize.x / 2, vp->WorkPos.y + 60}, ImGuiCond_Appearing,
                            {0.5f, 0});
    ImGui::SetNextWindowSizeConstraints({360, 0}, {760, 400});
    bool open = true;
    if (ImGui::Begin(tr("view.messages"), &open,
                     ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
        for (const auto& m : messages) ImGui::TextWrapped("%s", m.c_str());
        if (ImGui::Button(tr("view.ok"))) open = false;
    }
    ImGui::End();
    if (!open) messages.clear();
}

void ViewerUi::draw_dialogs(ViewContext& ctx, UiRequests& req, PixelSize window) {
    if (show_export_) {
        if (export_path_[0] == 0) {
            const std::time_t t = std::time(nullptr);
            char name[64];
            std::strftime(name, sizeof name, "nbhd-map-%Y%m%d-%H%M%S.png", std::localtime(&t));
            const std::string p = (std::filesystem::current_path() / name).string();
            std::snprintf(export_path_, sizeof export_path_, "%s", p.c_str());
        }
        ImGui::SetNextWindowSize({520, 0}, ImGuiCond_Appearing);
        if (ImGui::Begin(tr("view.export.title"), &show_export_, ImGuiWindowFlags_NoSavedSettings)) {
            const std::string window_size = std::string(tr("view.export.window")) + " (" +
                                            std::to_string(window.width) + "x" +
                                            std::to_string(window.height) + ")";
            ImGui::RadioButton(window_size.c_str(), &export_choice_, 0);
            ImGui::RadioButton("1920x1080", &export_choice_, 1);
            ImGui::RadioButton("2560x1440", &export_choice_, 2);
            ImGui::RadioButton("3840x2160", &export_choice_, 3);
            ImGui::InputText(tr("view.export.file"), export_path_, sizeof export_path_);
            if (ImGui::Button(tr("view.export.button"))) {
                static constexpr PixelSize kSizes[] = {{0, 0}, {1920, 1080}, {2560, 1440}, {3840, 2160}};
                req.export_png = true;
                req.export_size = export_choice_ == 0 ? window : kSizes[export_choice_];
                req.export_path = export_path_;
                show_export_ = false;
                export_path_[0] = 0;
            }
            ImGui::TextDisabled("%s", tr("view.export.note"));
        }
        ImGui::End();
    }
    if (show_add_) {
        ImGui::SetNextWindowSize({520, 0}, ImGuiCond_Appearing);
        if (ImGui::Begin(tr("view.add.title"), &show_add_, ImGuiWindowFlags_NoSavedSettings)) {
            ImGui::InputText(tr("view.add.file"), add_path_, sizeof add_path_);
            if (ImGui::Button(tr("view.add.button")) && add_path_[0]) {
                req.add_data = add_path_;
                add_path_[0] = 0;
                show_add_ = false;
            }
            ImGui::TextDisabled("%s", tr("view.add.note"));
        }
        ImGui::End();
    }
    if (show_keys_) {
        if (ImGui::Begin(tr("view.menu.keys"), &show_keys_,
                         ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
            for (const char* k :
                 {"view.keys.drag", "view.keys.wheel", "view.keys.plus_minus", "view.keys.arrows",
                  "view.keys.home", "view.keys.click", "view.keys.escape"})
                ImGui::BulletText("%s", tr(k));
        }
        ImGui::End();
    }
    (void)ctx;
}

}  // namespace app::view
