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

namespace {

/// What File → Open and Add data list: the vector formats an office meets.
const std::vector<std::string>& data_extensions() {
    static const std::vector<std::string> e = {".gpkg", ".shp", ".geojson", ".json", ".dxf",
                                               ".kml",  ".gml", ".sqlite",  ".fgb",  ".csv",
                                               ".tab",  ".mif", ".gdb",     ".zip"};
    return e;
}

}  // namespace

bool ViewerUi::show_dialog(const std::string& which, const std::string& data_path) {
    if (which == "export") {
        show_export_ = true;
        return true;
    }
    if (which != "open" && which != "add") return false;
    choosing_ = which == "open" ? Choosing::Open : Choosing::Add;
    file_dialog_.open(which == "open" ? "view.menu.open" : "view.add.title", FileBrowser::Mode::Open,
                      export_folder(data_path), data_extensions());
    return true;
}

void ViewerUi::draw_menu(ViewContext& ctx, std::vector<PanelSlot>& panels, UiRequests& req, PixelSize window,
                         const PresentState* present) {
    if (!ImGui::BeginMainMenuBar()) return;
    if (ImGui::BeginMenu(tr("view.menu.file"))) {
        const std::string here = ctx.doc.source() ? ctx.doc.source()->path : std::string();
        static const std::vector<std::string> kData = {".gpkg", ".shp", ".geojson", ".json", ".dxf",
                                                       ".kml",  ".gml", ".sqlite",  ".fgb",  ".csv",
                                                       ".tab",  ".mif", ".gdb",     ".zip"};
        if (ImGui::MenuItem(tr("view.menu.open"))) {
            file_dialog_.open("view.menu.open", FileBrowser::Mode::Open, export_folder(here), kData);
            choosing_ = Choosing::Open;
        }
        if (ImGui::BeginMenu(tr("view.menu.recent"))) {
            if (recent_.empty()) ImGui::MenuItem(tr("view.menu.recent_none"), nullptr, false, false);
            for (const auto& f : recent_)
                if (ImGui::MenuItem(f.c_str())) req.open_data = f;
            ImGui::EndMenu();
        }
        if (ImGui::MenuItem(tr("view.menu.add_data"))) {
            file_dialog_.open("view.add.title", FileBrowser::Mode::Open, export_folder(here), kData);
            choosing_ = Choosing::Add;
        }
        ImGui::Separator();
        if (ImGui::MenuItem(tr("view.menu.export"))) show_export_ = true;
        for (auto& slot : panels)
            if (std::string(slot.panel->id()) == "district_import" && ImGui::MenuItem(tr("view.import.menu")))
                slot.open = true;
        ImGui::Separator();
        if (ImGui::MenuItem(tr("view.menu.quit"), "Ctrl+Q")) req.quit = true;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(tr("view.menu.view"))) {
        if (ImGui::MenuItem(tr("view.menu.fit_all"), "Home")) req.fit_all = true;
        if (ImGui::MenuItem(tr("view.menu.zoom_in"), "+")) req.zoom_in = true;
        if (ImGui::MenuItem(tr("view.menu.zoom_out"), "-")) req.zoom_out = true;
        if (ImGui::MenuItem(tr("view.menu.dock_all"))) req.dock_all = true;
        if (ImGui::MenuItem(tr("view.menu.reset_layout"))) req.reset_layout = true;
        ImGui::Separator();
        for (auto& slot : panels) {
            if (slot.panel->district_only() && !ctx.doc.is_district()) continue;
            ImGui::MenuItem(slot.panel->title().c_str(), nullptr, &slot.open);
        }
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(tr("present.menu"))) {
        if (ImGui::MenuItem(tr("present.menu.toggle"), "F5", present && present->active))
            req.toggle_presentation = true;
        if (ImGui::MenuItem(tr("present.menu.view"), "B")) req.next_view = true;
        const bool has_slides = present && !present->deck.slides().empty();
        if (ImGui::MenuItem(tr("present.menu.next"), "PageDown", false, has_slides)) req.slide_step = 1;
        if (ImGui::MenuItem(tr("present.menu.previous"), "PageUp", false, has_slides)) req.slide_step = -1;
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
    // A map tool (drawing a plan item) has the pointer: its own cues, no feature tooltips over them.
    if (!hover || ImGui::GetIO().WantCaptureMouse || !ctx.doc.map_tool().empty()) return;
    const MapLayer* l = ctx.doc.layer(hover->layer);
    const gis::io::Feature* f = ctx.doc.feature(*hover);
    if (!l || !f) return;
    const auto lines = tooltip_lines(*l, *f, ctx.doc.presentation());
    if (lines.empty()) return;
    ImGui::BeginTooltip();
    ImGui::TextDisabled("%s", lines[0].c_str());
    for (std::size_t i = 1; i < lines.size(); ++i) ImGui::TextUnformatted(lines[i].c_str());
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
    const std::string here = ctx.doc.source() ? ctx.doc.source()->path : std::string();
    if (show_export_) {
        if (export_path_[0] == 0) {  // beside the data set (or in the home folder), never the working folder
            const std::time_t t = std::time(nullptr);
            char name[64];
            std::strftime(name, sizeof name, "nbhd-map-%Y%m%d-%H%M%S.png", std::localtime(&t));
            const std::string p = (std::filesystem::path(export_folder(here)) / name).string();
            std::snprintf(export_path_, sizeof export_path_, "%s", p.c_str());
        }
        ImGui::SetNextWindowSize({620, 0}, ImGuiCond_Appearing);
        if (ImGui::Begin(tr("view.export.title"), &show_export_, ImGuiWindowFlags_NoSavedSettings)) {
            const std::string window_size = std::string(tr("view.export.window")) + " (" +
                                            std::to_string(window.width) + "x" +
                                            std::to_string(window.height) + ")";
            ImGui::RadioButton(window_size.c_str(), &export_choice_, 0);
            ImGui::RadioButton("1920x1080", &export_choice_, 1);
            ImGui::RadioButton("2560x1440", &export_choice_, 2);
            ImGui::RadioButton("3840x2160", &export_choice_, 3);
            ImGui::SetNextItemWidth(-ImGui::CalcTextSize(tr("view.file.browse")).x - 60);
            ImGui::InputText(tr("view.export.file"), export_path_, sizeof export_path_);
            ImGui::SameLine();
            if (ImGui::Button(tr("view.file.browse"))) {
                const std::filesystem::path p(export_path_);
                file_dialog_.open("view.export.title", FileBrowser::Mode::Save, p.parent_path().string(),
                                  {".png"}, p.filename().string());
                choosing_ = Choosing::Export;
            }
            if (ImGui::Button(tr("view.export.button"))) {
                static constexpr PixelSize kSizes[] = {{0, 0}, {1920, 1080}, {2560, 1440}, {3840, 2160}};
                req.export_png = true;
                req.export_size = export_choice_ == 0 ? window : kSizes[export_choice_];
                req.export_path = absolute_path(export_path_);
                show_export_ = false;
                export_path_[0] = 0;
            }
            ImGui::TextDisabled("%s", tr("view.export.note"));
        }
        ImGui::End();
    }
    if (auto chosen = file_dialog_.draw()) {
        switch (choosing_) {
            case Choosing::Open:
                req.open_data = *chosen;
                break;
            case Choosing::Add:
                req.add_data = *chosen;
                break;
            case Choosing::Export:
                std::snprintf(export_path_, sizeof export_path_, "%s", chosen->c_str());
                break;
        }
    }
    if (show_keys_) {
        if (ImGui::Begin(tr("view.menu.keys"), &show_keys_,
                         ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
            for (const char* k :
                 {"view.keys.drag", "view.keys.wheel", "view.keys.plus_minus", "view.keys.arrows",
                  "view.keys.home", "view.keys.click", "view.keys.escape", "present.keys"})
                ImGui::BulletText("%s", tr(k));
        }
        ImGui::End();
    }
    (void)ctx;
}

}  // namespace app::view

namespace app::view {

namespace {

ImU32 col(const Colour& c, float alpha = 1.0f) {
    return ImGui::ColorConvertFloat4ToU32(ImVec4(c.r, c.g, c.b, c.a * alpha));
}

constexpr ImU32 kInk = IM_COL32(28, 39, 56, 255);
constexpr ImU32 kMuted = IM_COL32(84, 96, 112, 255);
constexpr ImU32 kCard = IM_COL32(255, 255, 255, 238);
constexpr ImU32 kCardEdge = IM_COL32(170, 178, 190, 255);
constexpr ImU32 kAccent = IM_COL32(31, 58, 95, 255);

ImVec2 text_size(ImFont* font, float px, const std::string& t) {
    return font->CalcTextSizeA(px, 1e9f, 0, t.c_str());
}

void card(ImDrawList& dl, ImVec2 a, ImVec2 b, float k) {
    dl.AddRectFilled({a.x + 2 * k, a.y + 3 * k}, {b.x + 2 * k, b.y + 3 * k}, IM_COL32(0, 0, 0, 40), 6 * k);
    dl.AddRectFilled(a, b, kCard, 6 * k);
    dl.AddRect(a, b, kCardEdge, 6 * k, 0, 1.0f * k);
}

void swatch(ImDrawList& dl, const LegendEntry& e, ImVec2 a, float k) {
    const FeatureStyle& s = e.style;
    const float w = 26 * k, h = 15 * k;
    const ImVec2 b{a.x + w, a.y + h};
    switch (e.kind) {
        case LegendEntry::Kind::Area:
            dl.AddRectFilled(a, b, col(s.fill.visible() ? s.fill : s.stroke.with_alpha(0.15f)));
            dl.AddRect(a, b, col(s.stroke.visible() ? s.stroke : s.fill), 0, 0, std::max(1.0f, 1.4f * k));
            break;
        case LegendEntry::Kind::Line: {
            const float y = a.y + h / 2;
            if (s.casing.visible() && s.casing_px > 0)
                dl.AddLine({a.x, y}, {b.x, y}, col(s.casing), 6 * k + 2 * s.casing_px * k);
            dl.AddLine({a.x, y}, {b.x, y}, col(s.stroke),
                       std::max(2.0f * k, std::min(6.0f * k, s.stroke_width * k)));
            break;
        }
        case LegendEntry::Kind::Symbol: {
            const ImVec2 c{a.x + w / 2, a.y + h / 2};
            const float r = 6 * k;
            if (s.shape == Shape::Square) {
                dl.AddRectFilled({c.x - r, c.y - r}, {c.x + r, c.y + r}, col(s.symbol_fill));
                dl.AddRect({c.x - r, c.y - r}, {c.x + r, c.y + r}, col(s.symbol_stroke), 0, 0, 1.2f * k);
            } else if (s.shape == Shape::Triangle) {
                dl.AddTriangleFilled({c.x, c.y - r}, {c.x + r, c.y + r}, {c.x - r, c.y + r},
                                     col(s.symbol_fill));
            } else if (s.shape == Shape::Diamond) {
                dl.AddQuadFilled({c.x, c.y - r}, {c.x + r, c.y}, {c.x, c.y + r}, {c.x - r, c.y},
                                 col(s.symbol_fill));
            } else if (s.shape == Shape::Cross) {
                dl.AddLine({c.x - r, c.y - r}, {c.x + r, c.y + r}, col(s.symbol_fill), 2.5f * k);
                dl.AddLine({c.x - r, c.y + r}, {c.x + r, c.y - r}, col(s.symbol_fill), 2.5f * k);
            } else {
                dl.AddCircleFilled(c, r, col(s.symbol_fill));
                dl.AddCircle(c, r, col(s.symbol_stroke), 0, 1.2f * k);
            }
            break;
        }
    }
}

void pill(ImDrawList& dl, ImFont* font, float px, ImVec2 centre, const std::string& text, ImU32 bg, ImU32 fg,
          float k) {
    const ImVec2 ts = text_size(font, px, text);
    const ImVec2 a{centre.x - ts.x / 2 - 12 * k, centre.y - ts.y / 2 - 5 * k};
    const ImVec2 b{centre.x + ts.x / 2 + 12 * k, centre.y + ts.y / 2 + 5 * k};
    dl.AddRectFilled(a, b, bg, (b.y - a.y) / 2);
    dl.AddText(font, px, {a.x + 12 * k, a.y + 5 * k}, fg, text.c_str());
}

}  // namespace

void draw_chrome(ImDrawList& dl, const ChromeContent& c, ImVec2 size, float k, ImFont* font) {
    const float pad = 18 * k;
    const float bottom = size.y - c.bottom_margin * k;
    // Before/after divider: a white rule with a handle, the two sides named at the top.
    if (c.split) {
        const float x = std::round(static_cast<float>(c.split_at) * size.x);
        dl.AddLine({x, 0}, {x, bottom}, IM_COL32(40, 48, 60, 160), 5 * k);
        dl.AddLine({x, 0}, {x, bottom}, IM_COL32(255, 255, 255, 255), 3 * k);
        const ImVec2 h{x, bottom / 2};
        dl.AddCircleFilled(h, 17 * k, IM_COL32(255, 255, 255, 255));
        dl.AddCircle(h, 17 * k, IM_COL32(40, 48, 60, 200), 0, 1.5f * k);
        dl.AddTriangleFilled({h.x - 12 * k, h.y}, {h.x - 4 * k, h.y - 7 * k}, {h.x - 4 * k, h.y + 7 * k},
                             kAccent);
        dl.AddTriangleFilled({h.x + 12 * k, h.y}, {h.x + 4 * k, h.y + 7 * k}, {h.x + 4 * k, h.y - 7 * k},
                             kAccent);
        const float top = (c.title ? 120 : 40) * k;
        pill(dl, font, 17 * k, {x - 70 * k, top}, tr("present.mode.before"), IM_COL32(120, 92, 60, 235),
             IM_COL32(255, 255, 255, 255), k);
        pill(dl, font, 17 * k, {x + 70 * k, top}, tr("present.mode.after"), IM_COL32(30, 111, 217, 235),
             IM_COL32(255, 255, 255, 255), k);
    } else if (c.view_label) {
        const bool before = c.view == PlanView::Before;
        pill(dl, font, 17 * k, {size.x / 2, 30 * k},
             tr(before ? "present.mode.before" : "present.mode.after"),
             before ? IM_COL32(120, 92, 60, 235) : IM_COL32(30, 111, 217, 235), IM_COL32(255, 255, 255, 255),
             k);
    }
    // Title block: project, district, date.
    if (c.title) {
        const float tp = 30 * k, sp = 17 * k, dp = 15 * k;
        const auto& t = c.title_block;
        const ImVec2 ts = text_size(font, tp, t.title), ss = text_size(font, sp, t.subtitle),
                     ds = text_size(font, dp, t.date);
        const float w = std::max({ts.x, ss.x, ds.x}) + 2 * pad + 8 * k;
        const ImVec2 a{pad, pad}, b{pad + w, pad + ts.y + ss.y + ds.y + 2 * pad + 6 * k};
        card(dl, a, b, k);
        dl.AddRectFilled(a, {a.x + 7 * k, b.y}, kAccent, 6 * k, ImDrawFlags_RoundCornersLeft);
        float y = a.y + pad * 0.8f;
        dl.AddText(font, tp, {a.x + pad + 8 * k, y}, kInk, t.title.c_str());
        y += ts.y + 4 * k;
        dl.AddText(font, sp, {a.x + pad + 8 * k, y}, kMuted, t.subtitle.c_str());
        y += ss.y + 2 * k;
        dl.AddText(font, dp, {a.x + pad + 8 * k, y}, kMuted, t.date.c_str());
    }
    // Legend, bottom right: one or two columns.
    if (c.legend && !c.legend_entries.empty()) {
        const float hp = 16 * k, ep = 13 * k, row = 20 * k;
        const std::size_t n = std::min<std::size_t>(c.legend_entries.size(), 30);
        const std::size_t columns = n > 10 ? 2 : 1;
        const std::size_t rows = (n + columns - 1) / columns;
        float col_w = 0;
        for (std::size_t i = 0; i < n; ++i)
            col_w = std::max(col_w, text_size(font, ep, c.legend_entries[i].text).x);
        col_w += 26 * k + 10 * k + 16 * k;
        const float w = col_w * static_cast<float>(columns) + 2 * pad - 16 * k;
        const float h = hp + 10 * k + row * static_cast<float>(rows) + 1.5f * pad;
        const ImVec2 b{size.x - pad, bottom - pad}, a{b.x - w, b.y - h};
        card(dl, a, b, k);
        dl.AddText(font, hp, {a.x + pad, a.y + pad * 0.7f}, kInk, tr("present.legend"));
        for (std::size_t i = 0; i < n; ++i) {
            const float x = a.x + pad + col_w * static_cast<float>(i / rows);
            const float y = a.y + pad * 0.7f + hp + 10 * k + row * static_cast<float>(i % rows);
            swatch(dl, c.legend_entries[i], {x, y + 2 * k}, k);
            dl.AddText(font, ep, {x + 36 * k, y}, kInk, c.legend_entries[i].text.c_str());
        }
    }
    // Slide caption, bottom centre.
    if (!c.caption.empty()) {
        const float cp = 22 * k, np = 15 * k;
        char num[64];
        std::snprintf(num, sizeof num, "%d / %d", c.slide + 1, c.slides);
        const ImVec2 cs = text_size(font, cp, c.caption), ns = text_size(font, np, num);
        const float w = cs.x + ns.x + 3 * pad + 16 * k;
        const ImVec2 a{size.x / 2 - w / 2, bottom - pad - cs.y - 24 * k}, b{size.x / 2 + w / 2, bottom - pad};
        card(dl, a, b, k);
        const ImVec2 na{a.x + pad * 0.6f, a.y + (b.y - a.y - ns.y) / 2 - 3 * k};
        dl.AddRectFilled(na, {na.x + ns.x + 16 * k, na.y + ns.y + 6 * k}, kAccent, 4 * k);
        dl.AddText(font, np, {na.x + 8 * k, na.y + 3 * k}, IM_COL32(255, 255, 255, 255), num);
        dl.AddText(font, cp, {na.x + ns.x + 16 * k + pad * 0.8f, a.y + (b.y - a.y - cs.y) / 2}, kInk,
                   c.caption.c_str());
    }
}

}  // namespace app::view
