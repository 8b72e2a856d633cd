#include "app/view/viewer.hpp"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <future>
#include <set>
#include <thread>

#include "app/i18n/i18n.hpp"
#include "app/render/map_scene.hpp"
#include "app/view/bench.hpp"
#include "app/view/core/file_browser.hpp"
#include "app/view/core/geo_reference.hpp"
#include "app/view/core/present_state.hpp"
#include "app/view/gl_context.hpp"
#include "app/view/map_controller.hpp"
#include "app/view/map_session.hpp"
#include "app/view/offscreen.hpp"
#include "app/view/viewer_ui.hpp"
#include "app/view/workspace.hpp"
#include "gis/core/strings.hpp"
#include "gis/district/loader.hpp"
#include "gis/io/dataset.hpp"

namespace app::view {

namespace {

using Clock = std::chrono::steady_clock;

/// Files dropped onto the window (GLFW's drop callback, on the main thread between frames).
std::vector<std::string>& dropped_files() {
    static std::vector<std::string> files;
    return files;
}

void on_drop(GLFWwindow*, int count, const char** paths) {
    for (int i = 0; i < count; ++i)
        if (paths[i]) dropped_files().emplace_back(paths[i]);
}

/// Shows another data set: this program again, on it, in the same language (the layout and the recent
/// files are saved first). Returns only when that fails.
gis::Error reopen_on(const std::string& data) {
    const std::string lang = i18n::language() == i18n::Lang::Zh ? "zh" : "en";
    std::vector<std::string> args = {"nbhd", "--lang", lang, "--data", data, "view"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::fflush(nullptr);
    ::execv("/proc/self/exe", argv.data());
    return gis::make_error(gis::ErrorCode::Io, data + ": " + std::strerror(errno));
}
// Initialised before main runs: the launch time the first-frame figure is measured from.
const Clock::time_point g_launch = Clock::now();

void style_imgui() {
    ImGui::StyleColorsLight();
    ImGuiStyle& s = ImGui::GetStyle();
    s.WindowRounding = 6;
    s.FrameRounding = 4;
    s.GrabRounding = 4;
    s.WindowBorderSize = 1;
    s.Colors[ImGuiCol_WindowBg].w = 1.0f;  // opaque: no map showing through text
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
        add_fonts();
    }
    ImFontAtlas* atlas() { return atlas_.get(); }
    /// Builds again with more characters (GL thread, inside the ImGui context).
    void rebuild(const std::vector<char32_t>& extra) {
        ranges_.clear();  // BuildRanges appends: the old ranges' terminator would hide the new ones
        render::build_ui_glyph_ranges(extra, ranges_);
        atlas_->Clear();
        add_fonts();
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    bool cjk() const { return cjk_; }
    /// The presentation's larger type (also the chrome's font).
    ImFont* large() const { return large_; }

  private:
    void add_fonts() {
        cjk_ = render::add_ui_font(*atlas_, 16, ranges_);
        large_ = nullptr;
        if (cjk_ && render::add_ui_font(*atlas_, 26, ranges_)) large_ = atlas_->Fonts.back();
        atlas_->Build();
        if (!large_) large_ = atlas_->Fonts.front();
    }
    ImFont* large_ = nullptr;
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

/// Applies `--panel-set ID.KEY=VALUE` settings; opens each panel it names and brings it to the front of
/// its dock.
gis::Result<void> configure_panels(ViewContext& ctx, std::vector<PanelSlot>& panels, Workspace& workspace,
                                   const std::vector<std::string>& settings) {
    for (const auto& s : settings) {
        const auto dot = s.find('.');
        const auto eq = s.find('=');
        if (dot == std::string::npos || eq == std::string::npos || eq < dot)
            return gis::make_error(gis::ErrorCode::BadInput, "--panel-set " + s + ": expected ID.KEY=VALUE");
        const std::string id = s.substr(0, dot), key = s.substr(dot + 1, eq - dot - 1),
                          value = s.substr(eq + 1);
        auto it = std::find_if(panels.begin(), panels.end(),
                               [&](const PanelSlot& p) { return id == p.panel->id(); });
        if (it == panels.end())
            return gis::make_error(gis::ErrorCode::BadInput, "--panel-set " + s + ": no panel " + id);
        it->open = true;
        workspace.show(id);
        if (auto r = it->panel->configure(ctx, key, value); !r) return r;
    }
    return {};
}

/// Draws the map as the presentation asks into `target` (resolved afterwards): the layers as set, one
/// side of the plan, or the status quo left of the divider and the plan right of it (`aux` holds the
/// status quo; a framebuffer of the same size, made when needed).
gis::Result<render::FrameStats> draw_map(render::MapScene& scene, Document& doc, const Camera& camera,
                                         const render::FrameOptions& fo, PresentState& ps,
                                         render::Framebuffer& target, render::Framebuffer& aux) {
    auto draw = [&](render::Framebuffer& fb, std::optional<Side> side) {
        std::optional<VisibilityOverride> v;
        if (side) v.emplace(doc, ps.changes(doc, *side), &ps.override_touches);
        fb.bind();
        auto stats = scene.render(doc, camera, fo);
        fb.resolve();
        return stats;
    };
    if (!ps.plan_shown) return draw(target, std::nullopt);
    if (ps.view != PlanView::Split)
        return draw(target, ps.view == PlanView::Before ? Side::Before : Side::After);
    if (!aux || aux.width() != target.width() || aux.height() != target.height()) {
        auto fb = render::Framebuffer::create(target.width(), target.height(), target.samples());
        if (!fb) return fb.error();
        aux = std::move(*fb);
    }
    draw(aux, Side::Before);
    auto stats = draw(target, Side::After);
    const int x = static_cast<int>(std::lround(ps.split * target.width()));
    glBindFramebuffer(GL_READ_FRAMEBUFFER, aux.resolved_fbo());
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, target.resolved_fbo());
    glBlitFramebuffer(0, 0, x, target.height(), 0, 0, x, target.height(), GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    return stats;
}

/// What of the presentation changes the drawn map: plan view, side, divider (in pixels), phases.
std::uint64_t present_key(const PresentState& ps, int width) {
    std::uint64_t key = ps.plan_shown ? 1 : 0;
    key = key * 4 + static_cast<std::uint64_t>(ps.view);
    key = key * 100003 + static_cast<std::uint64_t>(std::lround(ps.split * width));
    for (int p : ps.phases) key = key * 131 + static_cast<std::uint64_t>(p);
    return key;
}

/// The map with the presentation's chrome (title block, legend, caption, divider) at `size`: the view of
/// `camera` with more pixels, everything drawn larger by the size ratio.
gis::Result<void> export_view(render::MapScene& scene, Document& doc, const Camera& camera, PixelSize size,
                              const std::string& path, double north_angle_rad, PresentState& ps,
                              const ChromeContent& chrome, float window_width, ImFont* font) {
    if (size.width < 16 || size.height < 16 || size.width > 3840 || size.height > 2160)
        return gis::make_error(gis::ErrorCode::BadInput,
                               path + ": export size " + std::to_string(size.width) + "x" +
                                   std::to_string(size.height) + " is outside 16x16..3840x2160");
    auto fb = render::Framebuffer::create(size.width, size.height, 4);
    if (!fb) return fb.error();
    render::Framebuffer aux;
    const float ratio = static_cast<float>(size.width / camera.width());
    Camera cam = camera;
    cam.set_viewport(size.width, size.height);
    cam.set_metres_per_pixel(camera.metres_per_pixel() * camera.width() / size.width);
    render::FrameOptions fo;
    fo.pixel_ratio = std::max(0.25f, ratio);
    fo.north_angle_rad = north_angle_rad;
    auto stats = draw_map(scene, doc, cam, fo, ps, *fb, aux);
    if (!stats) return stats.error();

    // The chrome: an ImGui draw list of its own, drawn over the resolved image.
    const float k = static_cast<float>(size.width) / std::max(1.0f, window_width);
    ImDrawList dl(ImGui::GetDrawListSharedData());
    dl._ResetForNewFrame();
    dl.PushClipRect({0, 0}, {static_cast<float>(size.width), static_cast<float>(size.height)});
    dl.PushTextureID(ImGui::GetIO().Fonts->TexID);
    ChromeContent c = chrome;
    c.bottom_margin = 0;
    draw_chrome(dl, c, {static_cast<float>(size.width), static_cast<float>(size.height)}, k, font);
    ImDrawList* lists[] = {&dl};
    ImDrawData dd;
    dd.Valid = true;
    dd.CmdLists = lists;
    dd.CmdListsCount = 1;
    dd.TotalVtxCount = dl.VtxBuffer.Size;
    dd.TotalIdxCount = dl.IdxBuffer.Size;
    dd.DisplayPos = {0, 0};
    dd.DisplaySize = {static_cast<float>(size.width), static_cast<float>(size.height)};
    dd.FramebufferScale = {1, 1};
    GLint previous = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &previous);
    glBindFramebuffer(GL_FRAMEBUFFER, fb->resolved_fbo());
    ImGui_ImplOpenGL3_RenderDrawData(&dd);
    const auto px = fb->read_rgba();
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previous));
    return write_png(path, size.width, size.height, px);
}

/// The plan of the active project as overlays (hidden until the plan view shows them).
void add_plan_overlays(Document& doc, const gis::present::ProjectFigures& f) {
    for (const auto& o : plan_overlays()) {
        const std::string name = o.name;
        const auto& parts = name == "plan.paving" ? f.paving : f.renewal;
        if (parts.empty()) continue;
        gis::io::Layer layer;
        layer.info.geometry_type = name == "plan.paving" ? "Polygon" : "LineString";
        for (std::size_t i = 0; i < parts.size(); ++i) {
            gis::io::Feature feature;
            feature.fid = static_cast<std::int64_t>(i + 1);
            feature.geometry = parts[i];
            layer.features.push_back(std::move(feature));
        }
        doc.set_overlay(name, std::move(layer), Colour::hex(o.colour));
        if (MapLayer* l = doc.find(name)) {
            l->data.style.title_key = o.title_key;
            for (auto& st : l->data.style.styles) st.legend = o.title_key;
            for (auto& st : l->data.style.styles) {
                if (name == "plan.renewal") {
                    st.stroke_width = 5.0f;
                } else {  // paving: a solid tint with a fine edge, the surface it replaces still legible
                    st.fill = st.stroke.with_alpha(0.55f);
                    st.stroke_width = 1.2f;
                    st.casing_px = 0;
                }
            }
            doc.set_visible(l->id, false);
        }
    }
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
    glfwSetDropCallback(win, on_drop);  // files dropped onto the window are added as layers
    auto stage = [&](const char* what) {
        if (o.timing)
            std::printf("  %-28s %.3f s  %5.0f MB\n", what,
                        std::chrono::duration<double>(Clock::now() - g_launch).count(), resident_mb());
    };
    stage("window");
    glfwSwapInterval(o.screenshot.empty() && o.frames == 0 ? 1 : 0);
    auto scene_or = render::MapScene::create();
    if (!scene_or) return scene_or.error();
    auto scene = std::move(*scene_or);
    stage("shaders");
    fonts.join();
    stage("data and fonts");

    // The workspace's layout: the user's own (docks, sizes, open panels; floating windows in imgui.ini
    // beside it), or --layout's file; scripted runs without --layout start from the default and keep
    // nothing. Never the working folder.
    const bool scripted = !o.screenshot.empty() || o.frames > 0;
    std::string layout_path = !o.layout.empty() ? o.layout : scripted ? "" : WorkspaceLayout::user_path();
    std::vector<std::string> layout_messages;
    WorkspaceLayout layout;
    if (!layout_path.empty()) {
        if (auto l = WorkspaceLayout::load(layout_path)) {
            layout = std::move(*l);
        } else {
            layout_messages.push_back(std::string(i18n::tr("view.layout.damaged")) + ": " +
                                      l.error().message);
            layout_path.clear();  // the damaged file stays for the user to look at
        }
    }
    const std::string ini_path =
        layout_path.empty() ? "" : (std::filesystem::path(layout_path).parent_path() / "imgui.ini").string();

    IMGUI_CHECKVERSION();
    ImGui::CreateContext(ui_font.atlas());
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = ini_path.empty() ? nullptr : ini_path.c_str();
    style_imgui();
    ImGui_ImplGlfw_InitForOpenGL(win, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    if (label_font) scene->set_label_font(std::move(label_font), doc, 1.0f);

    gis::Result<void> result;
    {
        DistrictStore districts;  // the one copy of the district every panel computes with
        std::vector<PanelSlot> panels = make_panels(o.panels);
        Workspace workspace(std::move(layout));
        if (o.panels.empty() && workspace.layout().open_panels())
            for (auto& slot : panels)
                slot.open = workspace.layout().open_panels()->count(slot.panel->id()) > 0;
        std::vector<std::string> messages = std::move(layout_messages);
        if (!ui_font.cjk())
            messages.push_back(std::string(i18n::tr("view.no_cjk_font")) + " " + render::cjk_font_path());
        ViewerUi ui;
        // The data sets opened lately (File → Open recent): kept unless the run is scripted.
        const std::string recent_path = scripted && o.layout.empty() ? "" : RecentFiles::user_path();
        RecentFiles recent = recent_path.empty() ? RecentFiles{} : RecentFiles::load(recent_path);
        ui.set_recent(recent.files());
        auto save_user_state = [&] {
            if (!layout_path.empty()) {
                std::set<std::string> open;
                for (const auto& slot : panels)
                    if (slot.open) open.insert(slot.panel->id());
                workspace.layout().set_open_panels(std::move(open));
                if (auto saved = workspace.layout().save(layout_path); !saved)
                    std::fprintf(stderr, "%s\n", saved.error().message.c_str());
            }
            if (!recent_path.empty()) (void)recent.save(recent_path);
        };
        MapController controller;
        controller.set_instant(!o.screenshot.empty() || o.frames > 0);  // screenshots: slides at once
        int free_area_frame = 0;
        std::unique_ptr<GeoReference> geo;
        Camera camera(o.size.width, o.size.height);
        bool fitted = false, loaded = false, user_moved = false, configured = false,
             full_picture_shown = false;
        std::optional<gis::Error> config_error;  // a bad --panel-set fails the run once it has shown
        render::Framebuffer map_fb;
        std::uint64_t drawn_revision = 0;
        Camera drawn_camera;
        bool map_dirty = true;
        Clock::time_point last_map_draw{};  // never: the first draw is not held back
        int frames_after_load = 0;
        std::optional<int> change_seen_frame;  // --wait-for-change: the frame the change was read in
        Clock::time_point loaded_at{};
        const auto cursor = parse_cursor(o.cursor);
        std::vector<char32_t> panel_glyphs, font_glyphs;
        PresentState present;
        present.data_path = o.data;
        for (auto& slot : panels)
            if (auto* aware = dynamic_cast<PresentAware*>(slot.panel.get())) aware->attach(&present);
        std::future<gis::Result<gis::present::ProjectFigures>> figures_job;
        render::Framebuffer before_fb;
        LegendBuilder legend_builder;
        std::vector<LegendEntry> legend;
        std::uint64_t legend_revision = 0, legend_key = 0;
        double legend_mpp = 0;
        std::uint64_t drawn_present_key = 0;
        bool dragging_divider = false;
        int windowed[4] = {0, 0, o.size.width, o.size.height};
        auto set_presentation = [&](bool on) {
            if (present.active == on) return;
            present.active = on;
            doc.set_presentation(on);
            if (on) {
                // The figures card comes with the presentation; the working panels wait until it ends.
                if (o.panels.empty())  // (--panels chooses exactly what a screenshot shows)
                    for (auto& slot : panels)
                        if (slot.panel->shows_in_presentation()) slot.open = true;
                present.plan_shown = true;
                if (present.deck.current() < 0 && present.deck.go(0)) present.show_current(doc);
            }
            if (scripted) return;  // screenshots keep the window's size
            if (on) {
                glfwGetWindowPos(win, &windowed[0], &windowed[1]);
                glfwGetWindowSize(win, &windowed[2], &windowed[3]);
                GLFWmonitor* monitor = glfwGetPrimaryMonitor();
                if (const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr)
                    glfwSetWindowMonitor(win, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
            } else {
                glfwSetWindowMonitor(win, nullptr, windowed[0], windowed[1], windowed[2], windowed[3], 0);
            }
        };
        auto step_slide = [&](int delta) {
            present.plan_shown = true;
            if (delta > 0 ? present.deck.next() : present.deck.previous()) present.show_current(doc);
        };
        auto chrome_for = [&](bool for_export) {
            ChromeContent c;
            const bool full = present.active || for_export;
            c.title = full;
            c.legend = full;
            if (full) {
                c.title_block = title_block(doc, present.figures ? &*present.figures : nullptr,
                                            static_cast<std::int64_t>(std::time(nullptr)));
                c.legend_entries = legend;
            }
            if (present.active)
                if (const Slide* sl = present.deck.current_slide()) {
                    c.caption = slide_caption(*sl);
                    c.slide = present.deck.current();
                    c.slides = static_cast<int>(present.deck.slides().size());
                }
            c.split = present.plan_shown && present.view == PlanView::Split;
            c.split_at = present.split;
            c.view = present.view;
            c.view_label =
                present.plan_shown && !c.split && (present.active || present.view == PlanView::Before);
            c.bottom_margin = present.active ? 0 : ViewerUi::kStatusBarHeight;
            return c;
        };
        auto last = Clock::now();
        double fps = 0;

        while (!glfwWindowShouldClose(win)) {
            const bool busy = session.loading() || session.stream_pending() || controller.animating() ||
                              map_dirty || !loaded;
            // While a large data set loads, the workers need the cores: ten frames a second keep the
            // progress bar moving without a render loop competing with them.
            if (session.loading() && !controller.animating())
                glfwWaitEventsTimeout(0.1);
            else if (loaded && o.wait_for_change_s > 0 && !change_seen_frame && !busy)
                glfwWaitEventsTimeout(0.05);  // waiting for another program: no busy loop beside it
            else if (busy || !o.screenshot.empty() || o.frames > 0)
                glfwPollEvents();
            else
                glfwWaitEventsTimeout(0.25);

            // Loading: layers into the document, to the GPU.
            session.pump();
            for (auto& m : session.take_messages()) messages.push_back(std::move(m));
            if (doc.source() && !geo) geo = std::make_unique<GeoReference>(doc.source()->display_crs);
            std::vector<gis::Error> upload_errors;
            scene->sync(doc, &upload_errors);
            if (loaded && frames_after_load == 0) stage("upload");
            for (const auto& e : upload_errors) messages.push_back(e.message);
            if (!loaded && !session.loading()) {
                loaded = true;
                loaded_at = Clock::now();
                stage("data loaded");
                if (session.failed() && messages.empty())
                    messages.push_back(o.data + ": " + i18n::tr("view.nothing_to_draw"));
                if (auto f = apply_layer_filter(doc, o.layers); !f) messages.push_back(f.error().message);
                if (o.select)
                    if (auto s = apply_selection(doc, *o.select); !s) messages.push_back(s.error().message);
                if (!font_has_data) {
                    ui_font.rebuild(data_code_points(doc));
                    font_has_data = true;
                }
                if (doc.is_district()) {
                    if (auto slides = gis::present::read_slides(o.data)) {
                        for (const auto& sl : *slides) {
                            const auto cps = gis::utf8_decode(sl.caption + sl.caption_en);
                            panel_glyphs.insert(panel_glyphs.end(), cps.begin(), cps.end());
                        }
                        present.deck.set(std::move(*slides));
                    } else
                        messages.push_back(slides.error().message);
                }
                if (o.present) set_presentation(true);
                if (!session.failed()) {
                    recent.add(o.data);
                    ui.set_recent(recent.files());
                }
                fitted = false;  // fit again to the real extent unless the user has moved
            }

            int fb_w = 0, fb_h = 0, win_w = 0, win_h = 0;
            glfwGetFramebufferSize(win, &fb_w, &fb_h);
            glfwGetWindowSize(win, &win_w, &win_h);
            if (fb_w <= 0 || fb_h <= 0) continue;  // minimised
            camera.set_viewport(fb_w, fb_h);

            if (!panel_glyphs.empty()) {  // characters the panels asked for (outside a frame: the atlas is
                                          // locked in one)
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
            UiRequests req;
            if (!io.WantTextInput) {
                if (ImGui::IsKeyPressed(GLFW_KEY_F5)) req.toggle_presentation = true;
                if (present.active && ImGui::IsKeyPressed(GLFW_KEY_ESCAPE)) set_presentation(false);
                if (ImGui::IsKeyPressed(GLFW_KEY_B) && !io.KeyCtrl) req.next_view = true;
                if (ImGui::IsKeyPressed(GLFW_KEY_PAGE_DOWN) ||
                    (present.active &&
                     (ImGui::IsKeyPressed(GLFW_KEY_RIGHT) || ImGui::IsKeyPressed(GLFW_KEY_SPACE))))
                    req.slide_step = 1;
                if (ImGui::IsKeyPressed(GLFW_KEY_PAGE_UP) ||
                    (present.active && ImGui::IsKeyPressed(GLFW_KEY_LEFT)))
                    req.slide_step = -1;
            }
            if (present.active) io.WantCaptureKeyboard = true;  // arrows step slides, not pan
            // The before/after divider follows a drag; the map does not pan meanwhile.
            if (present.plan_shown && present.view == PlanView::Split) {
                const float x = static_cast<float>(present.split) * io.DisplaySize.x;
                const bool near = !io.WantCaptureMouse && std::abs(io.MousePos.x - x) < 10;
                if (near || dragging_divider) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
                if (near && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
                    dragging_divider = true;
                    doc.set_tool_grab(true);
                }
                if (dragging_divider) {
                    present.split = std::clamp(
                        static_cast<double>(io.MousePos.x / std::max(1.0f, io.DisplaySize.x)), 0.05, 0.95);
                    if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
                        dragging_divider = false;
                        doc.set_tool_grab(false);
                    }
                }
            }
            // The workspace: docks around the map, below the menu bar and above the status bar.
            {
                const ImGuiViewport* vp = ImGui::GetMainViewport();
                const float top = present.active ? 0 : ImGui::GetFrameHeight();
                const float bottom = present.active ? 0 : ViewerUi::kStatusBarHeight;
                workspace.arrange(
                    panels, doc,
                    {vp->Pos.x, vp->Pos.y + top, vp->Pos.x + vp->Size.x, vp->Pos.y + vp->Size.y - bottom},
                    present.active);
            }
            // The map's free area (framebuffer pixels), where Home, fly-to and the first fit put things.
            // While presenting, slides fit the part of the window right of the figures card and above the
            // caption (the card's width from the last frame; a change aims the flight again).
            std::optional<gis::BBox> free_area;
            if (present.active) {
                free_area = presentation_free_area(fb_w, fb_h, present.card_right, scale);
            } else {
                const gis::BBox& m = workspace.map_area();
                free_area = gis::BBox{m.minx * scale, m.miny * scale, m.maxx * scale, m.maxy * scale};
                if (free_area->width() < 50 || free_area->height() < 50) free_area.reset();
            }
            if (!fitted && !user_moved && !doc.draw_order().empty()) {
                if (o.bbox)
                    camera.fit(*o.bbox, 0);
                else if (free_area)
                    camera.fit_in(home_extent(doc), *free_area, 12);
                else
                    camera.fit(home_extent(doc), 12);
                fitted = loaded;
            }
            if (controller.set_free_area(camera, free_area)) free_area_frame = frames_after_load;
            present.card_right = 0;  // the card sets it again when it draws
            if (controller.update(io, doc, camera, home_extent(doc), scale)) user_moved = true;

            ViewContext ctx{doc,       camera, session,      geo.get(), controller.cursor_world(),
                            &messages, scale,  &panel_glyphs};
            ctx.districts = &districts;
            if (loaded && !configured) {
                configured = true;
                if (!o.dialog.empty()) ui.show_dialog(o.dialog, o.data);
                if (auto c = configure_panels(ctx, panels, workspace, o.panel_set); !c) {
                    messages.push_back(c.error().message);
                    config_error = c.error();
                }
            }
            if (!present.active) {
                ui.draw_menu(ctx, panels, req, {fb_w, fb_h}, &present);
                workspace.draw_docks(panels, doc);
            }
            for (auto& slot : panels)
                if (!slot.panel->district_only() || doc.is_district()) slot.panel->update(ctx, slot.open);
            // Presentation mode: larger type, and no panel that shows residents' personal data.
            if (present.active) ImGui::PushFont(ui_font.large());
            for (auto& slot : panels)
                if (slot.open && (!slot.panel->district_only() || doc.is_district()) &&
                    panel_allowed(slot.panel->shows_personal_data(), slot.panel->shows_in_presentation(),
                                  present.active)) {
                    ctx.place = &workspace.place(slot);
                    slot.panel->draw(ctx, &slot.open);
                    ctx.place = nullptr;
                    workspace.apply(slot);
                }
            if (!present.active) ui.draw_status_bar(ctx, fps, session.loading(), session.progress());
            ui.draw_tooltip(ctx);
            if (present.active) ImGui::PopFont();
            // Legend entries follow the drawn layers and the scale.
            if (present.revision(doc) != legend_revision || camera.metres_per_pixel() != legend_mpp ||
                present_key(present, fb_w) != legend_key) {
                // What the map shows: in a split both sides (the plan added to the status quo).
                std::vector<std::pair<int, bool>> changes;
                if (present.plan_shown) {
                    changes =
                        present.changes(doc, present.view == PlanView::Before ? Side::Before : Side::After);
                    if (present.view == PlanView::Split)
                        changes.erase(std::remove_if(changes.begin(), changes.end(),
                                                     [](const auto& c) { return !c.second; }),
                                      changes.end());
                }
                VisibilityOverride v(doc, changes, &present.override_touches);
                legend = legend_builder.build(doc, camera.metres_per_pixel());
                legend_mpp = camera.metres_per_pixel();
                legend_key = present_key(present, fb_w);
            }
            legend_revision = present.revision(doc);
            draw_chrome(*ImGui::GetBackgroundDrawList(), chrome_for(false), io.DisplaySize, 1.0f,
                        ui_font.large());
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
            if (req.toggle_presentation) set_presentation(!present.active);
            if (req.next_view) {
                present.view = present.plan_shown ? next_plan_view(present.view) : PlanView::Before;
                present.plan_shown = true;
            }
            if (req.slide_step) step_slide(req.slide_step);
            // The project's figures and plan: computed once, off the main thread, when first wanted.
            if ((present.plan_shown || present.want_figures) && doc.is_district() && !present.figures &&
                !figures_job.valid() && present.figures_error.empty()) {
                present.figures_busy = true;
                figures_job =
                    std::async(std::launch::async,
                               [path = o.data, project = present.project,
                                district = districts.get(doc.source()->path, doc.data_generation())] {
                                   auto d = district.get();
                                   if (!d) return gis::Result<gis::present::ProjectFigures>(d.error());
                                   return gis::present::project_figures(*d.value(), path, project);
                               });
            }
            if (figures_job.valid() &&
                figures_job.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
                auto f = figures_job.get();
                present.figures_busy = false;
                if (f) {
                    present.figures = std::move(*f);
                    add_plan_overlays(doc, *present.figures);
                    scene->sync(doc);  // drawn in this frame
                    for (const auto& t : {present.figures->name, present.figures->name_en}) {
                        const auto cps = gis::utf8_decode(t);
                        panel_glyphs.insert(panel_glyphs.end(), cps.begin(), cps.end());
                    }
                } else {
                    present.figures_error = f.error().message;
                }
            }
            if (req.fit_all) controller.fly_to(camera, home_extent(doc), 16);
            if (req.dock_all || req.reset_layout) workspace.dock_all(req.reset_layout);
            if (req.zoom_in) camera.zoom_about({camera.width() / 2, camera.height() / 2}, 1.5);
            if (req.zoom_out) camera.zoom_about({camera.width() / 2, camera.height() / 2}, 1 / 1.5);
            if (!req.add_data.empty()) session.add(req.add_data);
            for (auto& f : dropped_files()) {
                session.add(f);
                messages.push_back(std::string(i18n::tr("view.file.dropped")) + ": " + absolute_path(f));
            }
            dropped_files().clear();
            if (!req.open_data.empty()) {
                recent.add(req.open_data);
                save_user_state();
                const gis::Error e = reopen_on(req.open_data);  // returns only when it failed
                messages.push_back(std::string(i18n::tr("view.file.open_failed")) + ": " + e.message);
            }
            if (req.export_png) {
                const double north = geo ? geo->north_angle(camera.center()) : 0;
                auto r = export_view(*scene, doc, camera, req.export_size, req.export_path, north, present,
                                     chrome_for(true), io.DisplaySize.x, ui_font.large());
                messages.push_back(r ? std::string(i18n::tr("view.export.done")) + ": " + req.export_path
                                     : r.error().message);
                map_dirty = true;
            }
            ImGui::Render();
            if (loaded && frames_after_load == 0) stage("panels");

            // The map: drawn again only when something changed, then copied to the window.
            if (!map_fb || map_fb.width() != fb_w || map_fb.height() != fb_h) {
                auto fb = render::Framebuffer::create(fb_w, fb_h, render::interactive_samples());
                if (!fb) {
                    result = fb.error();
                    break;
                }
                map_fb = std::move(*fb);
                map_dirty = true;
            }
            // A streamed city: the view decides which overview band or which tiles its large layers show.
            if (loaded && session.stream(camera.visible_bbox(), camera.metres_per_pixel())) {
                std::vector<gis::Error> stream_errors;
                scene->sync(doc, &stream_errors);
                for (const auto& e : stream_errors) messages.push_back(e.message);
            }
            for (auto& m : session.take_messages()) messages.push_back(std::move(m));
            // Live data: layers another program changed, read again; the user is told which.
            if (loaded) {
                const auto replaced = session.refresh();
                if (!replaced.empty()) {
                    std::string names;
                    for (const auto& n : replaced) names += (names.empty() ? "" : ", ") + n;
                    messages.push_back(std::string(i18n::tr("view.live.changed")) + ": " + names);
                    if (!change_seen_frame) change_seen_frame = frames_after_load;
                    if (o.timing)
                        std::printf("data set changed: %s read again after %.3f s\n", names.c_str(),
                                    std::chrono::duration<double>(Clock::now() - g_launch).count());
                }
            }
            // Panels may have changed the document this frame (an overlay, a restyled layer): upload it
            // before the map is drawn for that revision, or it would show only at the next change.
            {
                std::vector<gis::Error> panel_errors;
                scene->sync(doc, &panel_errors);
                for (const auto& e : panel_errors) messages.push_back(e.message);
            }
            const std::uint64_t view_key = present_key(present, fb_w);
            // Layers arriving one by one redraw the map at most twice a second (each redraw of a city
            // costs the loaders CPU); once loaded, at once.
            const bool moved = !(camera == drawn_camera);
            const bool held_back =
                session.loading() && !moved && Clock::now() - last_map_draw < std::chrono::milliseconds(500);
            if (!held_back && (map_dirty || present.revision(doc) != drawn_revision || moved ||
                               view_key != drawn_present_key)) {
                last_map_draw = Clock::now();
                render::FrameOptions fo;
                // The scale bar and labels keep to the map's free part of the window.
                const gis::BBox& m = workspace.map_area();
                fo.bottom_margin_px =
                    present.active ? 0 : static_cast<float>(io.DisplaySize.y - m.maxy) * scale;
                fo.left_margin_px = present.active ? 0 : static_cast<float>(m.minx) * scale;
                for (const auto& b : workspace.dock_boxes())
                    fo.reserved.push_back({b.minx * scale, b.miny * scale, b.maxx * scale, b.maxy * scale});
                fo.north_angle_rad = geo ? geo->north_angle(camera.center()) : 0;
                fo.overview_budget_ms = o.screenshot.empty() ? 25 : -1;
                auto stats = draw_map(*scene, doc, camera, fo, present, map_fb, before_fb);
                if (!stats) {
                    result = stats.error();
                    break;
                }
                if (frames_after_load == 0) {
                    glFinish();
                    stage("map");
                }
                // The first frame with every overview tile and streamed tile of the view in place.
                if (loaded && !full_picture_shown && stats->tiles.missing == 0 && !session.stream_pending()) {
                    glFinish();
                    stage("full picture");
                    full_picture_shown = true;
                }
                drawn_revision = present.revision(doc);
                drawn_camera = camera;
                drawn_present_key = view_key;
                map_dirty = stats->tiles.missing > 0;
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
            if (scripted && figures_job.valid()) figures_job.wait();  // screenshots show the plan
            const bool last_frame = loaded && (o.frames > 0 || !o.screenshot.empty()) &&
                                    !present.figures_busy && panel_glyphs.empty() &&
                                    !session.stream_pending() && frames_after_load > free_area_frame + 1 &&
                                    frames_after_load >= std::max(2, o.frames) &&
                                    (o.wait_for_change_s <= 0 ||
                                     (change_seen_frame && frames_after_load > *change_seen_frame + 2));
            if (loaded && o.wait_for_change_s > 0 && !change_seen_frame &&
                Clock::now() - loaded_at > std::chrono::duration<double>(o.wait_for_change_s)) {
                result = gis::make_error(gis::ErrorCode::NotFound,
                                         o.data + ": no change to the data set seen in " +
                                             gis::fmt_fixed(o.wait_for_change_s, 1) + " s");
                break;
            }
            if (last_frame && !o.screenshot.empty()) {
                std::vector<unsigned char> px(static_cast<std::size_t>(fb_w) *
                                              static_cast<std::size_t>(fb_h) * 4);
                glReadBuffer(GL_BACK);
                glPixelStorei(GL_PACK_ALIGNMENT, 1);
                glReadPixels(0, 0, fb_w, fb_h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
                result = write_png(o.screenshot, fb_w, fb_h, px);
                if (result && !o.export_path.empty()) {
                    const double north = geo ? geo->north_angle(camera.center()) : 0;
                    result = export_view(*scene, doc, camera, o.export_size, o.export_path, north, present,
                                         chrome_for(true), io.DisplaySize.x, ui_font.large());
                }
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
                    // The reason with its own code (a locked file is ReadOnly), else "nothing to draw".
                    if (auto why = session.failure())
                        result = *why;
                    else if (auto first = session.first_error())
                        result = *first;  // with its own code: a CRS problem is WrongCrs
                    else
                        result = gis::make_error(gis::ErrorCode::BadInput, o.data + ": nothing to draw");
                }
                break;
            }
        }
        if (config_error && result) result = *config_error;
        if (o.timing) std::printf("district read %d time(s)\n", districts.loads());
        save_user_state();
        panels.clear();
        map_fb = {};
        before_fb = {};
    }
    scene.reset();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    return result;
}

}  // namespace app::view
