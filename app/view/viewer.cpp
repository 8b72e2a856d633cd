#include "app/view/viewer.hpp"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

#include "app/i18n/i18n.hpp"
#include "app/render/map_scene.hpp"
#include "app/view/core/geo_reference.hpp"
#include "app/view/gl_context.hpp"
#include "app/view/map_controller.hpp"
#include "app/view/map_session.hpp"
#include "app/view/offscreen.hpp"
#include "app/view/viewer_ui.hpp"

namespace app::view {

namespace {

using Clock = std::chrono::steady_clock;
// Initialised before main runs: the launch time the first-frame figure is measured from.
const Clock::time_point g_launch = Clock::now();

void style_imgui() {
    ImGui::StyleColorsLight();
    ImGuiStyle& s = ImGui::GetStyle();
    s.WindowRounding = 6;
    s.FrameRounding = 4;
    s.GrabRounding = 4;
    s.WindowBorderSize = 1;
    s.Colors[ImGuiCol_WindowBg].w = 0.95f;
    s.Colors[ImGuiCol_TitleBgActive] = ImVec4(0.33f, 0.42f, 0.55f, 1.0f);
    s.Colors[ImGuiCol_TitleBg] = ImVec4(0.55f, 0.60f, 0.67f, 1.0f);
}

/// The UI font atlas: the common Chinese range, every UI string and every character of the data. Built
/// first on a worker while the window opens; built again when a large data set arrives later.
class UiFont {
  public:
    /// Builds the atlas (any thread; before the ImGui context exists).
    void rasterise(const std::vector<char32_t>& extra) {
        atlas_ = std::make_unique<ImFontAtlas>();
        render::build_ui_glyph_ranges(extra, ranges_);
        cjk_ = render::add_ui_font(*atlas_, 16, ranges_);
        atlas_->Build();
    }
    ImFontAtlas* atlas() { return atlas_.get(); }
    /// Builds again with more characters (GL thread, inside the ImGui context).
    void rebuild(const std::vector<char32_t>& extra) {
        ranges_.clear();  // BuildRanges appends: the old ranges' terminator would hide the new ones
        render::build_ui_glyph_ranges(extra, ranges_);
        atlas_->Clear();
        cjk_ = render::add_ui_font(*atlas_, 16, ranges_);
        atlas_->Build();
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    bool cjk() const { return cjk_; }

  private:
    std::unique_ptr<ImFontAtlas> atlas_;
    ImVector<ImWchar> ranges_;
    bool cjk_ = false;
};

std::vector<char32_t> data_code_points(const Document& doc) {
    std::vector<char32_t> cps;
    for (int id : doc.draw_order())
        if (const MapLayer* l = doc.layer(id))
            cps.insert(cps.end(), l->data.code_points.begin(), l->data.code_points.end());
    std::sort(cps.begin(), cps.end());
    cps.erase(std::unique(cps.begin(), cps.end()), cps.end());
    return cps;
}

std::vector<PanelSlot> make_panels(const std::string& only) {
    auto reg = panel_registry();
    std::stable_sort(reg.begin(), reg.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    const auto wanted = parse_list(only);
    std::vector<PanelSlot> out;
    for (const auto& [order, factory] : reg) {
        PanelSlot s{factory(), true};
        s.open = only.empty() ? s.panel->open_by_default()
                              : std::find(wanted.begin(), wanted.end(), s.panel->id()) != wanted.end();
        out.push_back(std::move(s));
    }
    return out;
}

std::optional<gis::Point> parse_cursor(const std::string& text) {
    const auto v = parse_list(text);
    if (v.size() != 2) return std::nullopt;
    try {
        return gis::Point{std::stod(v[0]), std::stod(v[1])};
    } catch (...) {
        return std::nullopt;
    }
}

/// Applies `--panel-set ID.KEY=VALUE` settings; opens each panel it names.
gis::Result<void> configure_panels(ViewContext& ctx, std::vector<PanelSlot>& panels,
                                   const std::vector<std::string>& settings) {
    for (const auto& s : settings) {
        const auto dot = s.find('.');
        const auto eq = s.find('=');
        if (dot == std::string::npos || eq == std::string::npos || eq < dot)
            return gis::make_error(gis::ErrorCode::BadInput,
                                   "--panel-set " + s + ": expected ID.KEY=VALUE");
        const std::string id = s.substr(0, dot), key = s.substr(dot + 1, eq - dot - 1), value = s.substr(eq + 1);
        auto it = std::find_if(panels.begin(), panels.end(), [&](const PanelSlot& p) { return id == p.panel->id(); });
        if (it == panels.end()) return gis::make_error(gis::ErrorCode::BadInput, "--panel-set " + s + ": no panel " + id);
        it->open = true;
        if (auto r = it->panel->configure(ctx, key, value); !r) return r;
    }
    return {};
}

}  // namespace

gis::Result<void> run_viewer(const ViewerOptions& o) {
    Document doc;
    MapSession session(doc);
    session.open(o.data);  // reading starts while the window opens
    for (const auto& a : o.add) session.add(a);

    // While the window opens: a small data set arrives, and both font atlases are rasterised with its
    // characters. A large one gets its fonts again when it has arrived.
    UiFont ui_font;
    std::unique_ptr<render::LabelFont> label_font;
    bool font_has_data = false;
    std::thread fonts([&] {
        for (int i = 0; i < 200 && session.loading(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        session.pump();
        font_has_data = !session.loading();
        if (font_has_data) {
            std::vector<float> sizes;
            std::vector<char32_t> cps;
            render::label_font_needs(doc, 1.0f, sizes, cps);
            label_font = render::LabelFont::rasterise(std::move(sizes), cps);
        }
        ui_font.rasterise(font_has_data ? data_code_points(doc) : std::vector<char32_t>{});
    });
    struct Join {
        std::thread& t;
        ~Join() {
            if (t.joinable()) t.join();
        }
    } join_fonts{fonts};

    GlWindow::Options wo;
    wo.width = o.size.width;
    wo.height = o.size.height;
    wo.title = "nbhd";
    auto window = GlWindow::create(wo, "view");
    if (!window) return window.error();
    GLFWwindow* win = (*window)->handle();
    auto stage = [&](const char* what) {
        if (o.timing)
            std::printf("  %-28s %.3f s\n", what,
                        std::chrono::duration<double>(Clock::now() - g_launch).count());
    };
    stage("window");
    glfwSwapInterval(o.screenshot.empty() && o.frames == 0 ? 1 : 0);
    auto scene_or = render::MapScene::create();
    if (!scene_or) return scene_or.error();
    auto scene = std::move(*scene_or);
    stage("shaders");
    fonts.join();
    stage("data and fonts");

    IMGUI_CHECKVERSION();
    ImGui::CreateContext(ui_font.atlas());
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename =
        nullptr;  // panels open where the viewer puts them; nothing written to the working folder
    style_imgui();
    ImGui_ImplGlfw_InitForOpenGL(win, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    if (label_font) scene->set_label_font(std::move(label_font), doc, 1.0f);

    gis::Result<void> result;
    {
        std::vector<PanelSlot> panels = make_panels(o.panels);
        std::vector<std::string> messages;
        if (!ui_font.cjk())
            messages.push_back(std::string(i18n::tr("view.no_cjk_font")) + " " + render::cjk_font_path());
        ViewerUi ui;
        MapController controller;
        std::unique_ptr<GeoReference> geo;
        Camera camera(o.size.width, o.size.height);
        bool fitted = false, loaded = false, user_moved = false, configured = false;
        std::optional<gis::Error> config_error;  // a bad --panel-set fails the run once it has shown
        render::Framebuffer map_fb;
        std::uint64_t drawn_revision = 0;
        Camera drawn_camera;
        bool map_dirty = true;
        int frames_after_load = 0;
        const auto cursor = parse_cursor(o.cursor);
        std::vector<char32_t> panel_glyphs, font_glyphs;
        auto last = Clock::now();
        double fps = 0;

        while (!glfwWindowShouldClose(win)) {
            const bool busy = session.loading() || controller.animating() || map_dirty || !loaded;
            if (busy || !o.screenshot.empty() || o.frames > 0)
                glfwPollEvents();
            else
                glfwWaitEventsTimeout(0.25);

            // Loading: layers into the document, to the GPU.
            session.pump();
            for (auto& m : session.take_messages()) messages.push_back(std::move(m));
            if (doc.source() && !geo) geo = std::make_unique<GeoReference>(doc.source()->display_crs);
            std::vector<gis::Error> upload_errors;
            scene->sync(doc, &upload_errors);
            if (frames_after_load == 0) stage("upload");
            for (const auto& e : upload_errors) messages.push_back(e.message);
            if (!loaded && !session.loading()) {
                loaded = true;
                if (session.failed() && messages.empty())
                    messages.push_back(o.data + ": " + i18n::tr("view.nothing_to_draw"));
                if (auto f = apply_layer_filter(doc, o.layers); !f) messages.push_back(f.error().message);
                if (o.select)
                    if (auto s = apply_selection(doc, *o.select); !s) messages.push_back(s.error().message);
                if (!font_has_data) {
                    ui_font.rebuild(data_code_points(doc));
                    font_has_data = true;
                }
                fitted = false;  // fit again to the real extent unless the user has moved
            }

            int fb_w = 0, fb_h = 0, win_w = 0, win_h = 0;
            glfwGetFramebufferSize(win, &fb_w, &fb_h);
            glfwGetWindowSize(win, &win_w, &win_h);
            if (fb_w <= 0 || fb_h <= 0) continue;  // minimised
            camera.set_viewport(fb_w, fb_h);
            if (!fitted && !user_moved && !doc.draw_order().empty()) {
                // Fit into the part of the window the open panels leave free.
                gis::BBox free{0, 0, static_cast<double>(fb_w), static_cast<double>(fb_h)};
                const float k = static_cast<float>(fb_w) / static_cast<float>(std::max(1, win_w));
                for (const auto& slot : panels) {
                    if (!slot.open || (slot.panel->district_only() && !doc.is_district())) continue;
                    if (std::string(slot.panel->id()) == "layers") free.minx = std::max(free.minx, 330.0 * k);
                    if (std::string(slot.panel->id()) == "inspector")
                        free.maxx = std::min(free.maxx, fb_w - 360.0 * k);
                }
                free.miny = 22 * k;
                free.maxy = fb_h - ViewerUi::kStatusBarHeight * k;
                if (free.width() < fb_w * 0.4)
                    free = {0, 0, static_cast<double>(fb_w), static_cast<double>(fb_h)};
                if (o.bbox)
                    camera.fit(*o.bbox, 0);
                else
                    camera.fit_in(home_extent(doc), free, 12);
                fitted = loaded;
            }

            if (!panel_glyphs.empty()) {  // characters the panels asked for (outside a frame: the atlas is locked in one)
                font_glyphs.insert(font_glyphs.end(), panel_glyphs.begin(), panel_glyphs.end());
                panel_glyphs.clear();
                auto cps = data_code_points(doc);
                cps.insert(cps.end(), font_glyphs.begin(), font_glyphs.end());
                ui_font.rebuild(cps);
            }
            ImGui_ImplOpenGL3_NewFrame();
            ImGui_ImplGlfw_NewFrame();
            if (cursor) io.MousePos = ImVec2(static_cast<float>(cursor->x), static_cast<float>(cursor->y));
            ImGui::NewFrame();

            const float scale = win_w > 0 ? static_cast<float>(fb_w) / static_cast<float>(win_w) : 1.0f;
            if (controller.update(io, doc, camera, home_extent(doc), scale)) user_moved = true;

            ViewContext ctx{doc, camera, session, geo.get(), controller.cursor_world(), &messages, scale, &panel_glyphs};
            if (loaded && !configured) {
                configured = true;
                if (auto c = configure_panels(ctx, panels, o.panel_set); !c) {
                    messages.push_back(c.error().message);
                    config_error = c.error();
                }
            }
            UiRequests req;
            ui.draw_menu(ctx, panels, req, {fb_w, fb_h});
            for (auto& slot : panels)
                if (!slot.panel->district_only() || doc.is_district()) slot.panel->update(ctx, slot.open);
            for (auto& slot : panels)
                if (slot.open && (!slot.panel->district_only() || doc.is_district()))
                    slot.panel->draw(ctx, &slot.open);
            ui.draw_status_bar(ctx, fps, session.loading(), session.progress());
            ui.draw_tooltip(ctx);
            ui.draw_messages(messages);
            ui.draw_dialogs(ctx, req, {fb_w, fb_h});
            if (session.loading() && doc.draw_order().empty()) {
                ImGui::SetNextWindowPos({io.DisplaySize.x / 2, io.DisplaySize.y / 2}, ImGuiCond_Always,
                                        {0.5f, 0.5f});
                ImGui::Begin("##loading", nullptr,
                             ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize);
                ImGui::Text("%s", i18n::tr("view.status.loading"));
                ImGui::ProgressBar(static_cast<float>(session.progress()), {260, 0});
                ImGui::End();
            }

            if (req.quit || (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_Q))) glfwSetWindowShouldClose(win, 1);
            if (req.fit_all) controller.fly_to(camera, home_extent(doc), 16);
            if (req.zoom_in) camera.zoom_about({camera.width() / 2, camera.height() / 2}, 1.5);
            if (req.zoom_out) camera.zoom_about({camera.width() / 2, camera.height() / 2}, 1 / 1.5);
            if (!req.add_data.empty()) session.add(req.add_data);
            if (req.export_png) {
                const double north = geo ? geo->north_angle(camera.center()) : 0;
                auto r = export_png(*scene, doc, camera, req.export_size, req.export_path, north);
                messages.push_back(r ? std::string(i18n::tr("view.export.done")) + ": " + req.export_path
                                     : r.error().message);
                map_dirty = true;
            }
            ImGui::Render();
            if (frames_after_load == 0) stage("panels");

            // The map: drawn again only when something changed, then copied to the window.
            if (!map_fb || map_fb.width() != fb_w || map_fb.height() != fb_h) {
                auto fb = render::Framebuffer::create(fb_w, fb_h, 4);
                if (!fb) {
                    result = fb.error();
                    break;
                }
                map_fb = std::move(*fb);
                map_dirty = true;
            }
            if (map_dirty || doc.revision() != drawn_revision || !(camera == drawn_camera)) {
                map_fb.bind();
                render::FrameOptions fo;
                fo.bottom_margin_px = ViewerUi::kStatusBarHeight * scale;
                fo.north_angle_rad = geo ? geo->north_angle(camera.center()) : 0;
                fo.overview_budget_ms = o.screenshot.empty() ? 25 : -1;
                const auto stats = scene->render(doc, camera, fo);
                map_fb.resolve();
                if (frames_after_load == 0) {
                    glFinish();
                    stage("map");
                }
                drawn_revision = doc.revision();
                drawn_camera = camera;
                map_dirty = stats.tiles.missing > 0;
            }
            glBindFramebuffer(GL_READ_FRAMEBUFFER, map_fb.resolved_fbo());
            glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
            glBlitFramebuffer(0, 0, fb_w, fb_h, 0, 0, fb_w, fb_h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
            glBindFramebuffer(GL_FRAMEBUFFER, 0);
            glViewport(0, 0, fb_w, fb_h);
            ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

            if (loaded && ++frames_after_load == 1 && o.timing)
                std::printf("first frame with the data after %.3f s\n",
                            std::chrono::duration<double>(Clock::now() - g_launch).count());
            const bool last_frame = loaded && (o.frames > 0 || !o.screenshot.empty()) &&
                                    frames_after_load >= std::max(2, o.frames);
            if (last_frame && !o.screenshot.empty()) {
                std::vector<unsigned char> px(static_cast<std::size_t>(fb_w) *
                                              static_cast<std::size_t>(fb_h) * 4);
                glReadBuffer(GL_BACK);
                glPixelStorei(GL_PACK_ALIGNMENT, 1);
                glReadPixels(0, 0, fb_w, fb_h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
                result = write_png(o.screenshot, fb_w, fb_h, px);
            }
            glfwSwapBuffers(win);
            const auto now = Clock::now();
            const double dt = std::chrono::duration<double>(now - last).count();
            last = now;
            if (dt > 0) fps = fps * 0.9 + 0.1 / dt;
            if (last_frame) {
                std::size_t features = 0;
                for (int id : doc.draw_order()) features += doc.layer(id)->data.features.size();
                if ((session.failed() || features == 0) && result) {
                    result =
                        gis::make_error(gis::ErrorCode::NotGis, messages.empty() ? o.data : messages.front());
                }
                break;
            }
        }
        if (config_error && result) result = *config_error;
        panels.clear();
        map_fb = {};
    }
    scene.reset();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    return result;
}

}  // namespace app::view
