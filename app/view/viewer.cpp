#include "app/view/viewer.hpp"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include <cerrno>
#include <csignal>
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
#include "gis/core/cjk_font.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/district/loader.hpp"
#include "gis/io/dataset.hpp"

namespace app::view {

namespace {

using Clock = std::chrono::steady_clock;

/// SIGTERM or SIGINT (a logout, Ctrl+C in the terminal): the viewer ends as if its window were closed,
/// keeping the user's layout and recent files.
volatile std::sig_atomic_t g_stop = 0;
void on_stop_signal(int) { g_stop = 1; }

/// Files dropped onto the window (GLFW's drop callback, on the main thread between frames).
std::vector<std::string>& dropped_files() {
    static std::vector<std::string> files;
    return files;
}

void on_drop(GLFWwindow*, int count, const char** paths) {
    for (int i = 0; i < count; ++i)
        if (paths[i]) dropped_files().emplace_back(paths[i]);
}

/// Shows another data set: this program again, on it, in the same language, window size and layout file
/// (the layout and the recent files are saved first). Returns only when that fails.
gis::Error reopen_on(const std::string& data, PixelSize size, const std::string& layout) {
    const std::string lang = i18n::language() == i18n::Lang::Zh ? "zh" : "en";
    std::vector<std::string> args = {
        "nbhd", "--lang", lang,     "--data",
        data,   "view",   "--size", std::to_string(size.width) + "x" + std::to_string(size.height)};
    if (!layout.empty()) args.insert(args.end(), {"--layout", layout});
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
        upload();
    }
    /// Hands the atlas to the GL backend as a texture; its pixels (tens of MB with the Chinese glyphs at
    /// two sizes) are then not needed on the CPU any more.
    void upload() {
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
        atlas_->ClearTexData();
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

/// --panels names only panels there are ("none": no panel).
gis::Result<void> check_panel_names(const std::string& only) {
    if (only.empty() || only == "none") return {};
    std::vector<std::string> ids;
    for (const auto& [order, factory] : panel_registry()) ids.push_back(factory()->id());
    std::sort(ids.begin(), ids.end());
    for (const auto& name : parse_list(only))
        if (std::find(ids.begin(), ids.end(), name) == ids.end()) {
            std::string known;
            for (const auto& id : ids) known += (known.empty() ? "" : ", ") + id;
            return gis::make_error(gis::ErrorCode::BadInput,
                                   gis::i18n::format(_("--panels: no panel {0} (panels: {1})"), name, known));
        }
    return {};
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
            return gis::make_error(gis::ErrorCode::BadInput,
                                   gis::i18n::format(_("--panel-set {0}: expected ID.KEY=VALUE"), s));
        const std::string id = s.substr(0, dot), key = s.substr(dot + 1, eq - dot - 1),
                          value = s.substr(eq + 1);
        auto it = std::find_if(panels.begin(), panels.end(),
                               [&](const PanelSlot& p) { return id == p.panel->id(); });
        if (it == panels.end())
            return gis::make_error(gis::ErrorCode::BadInput,
                                   gis::i18n::format(_("--panel-set {0}: no panel {1}"), s, id));
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
                               gis::i18n::format(_("{0}: export size {1}x{2} is outside 16x16..3840x2160"),
                                                 path, size.width, size.height));
    auto fb = render::Framebuffer::create(size.width, size.height, 4);
    if (!fb) return fb.error();
    render::Framebuffer aux;
    const Camera cam = export_camera(camera, size);
    render::FrameOptions fo;
    fo.pixel_ratio = export_pixel_ratio(camera, size);
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
    return write_georeferenced_png(path, cam, doc, px);
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

/// The map viewer: one document, the workspace around the map and the loop that draws them. Its frame is
/// the canonical ImGui loop in named steps: wait for events, take the data that arrived, begin the frame,
/// handle input, draw the tools, apply what they asked, draw the map, end the frame.
class Viewer {
  public:
    explicit Viewer(const ViewerOptions& o)
        : o_(o), scripted_(!o.screenshot.empty() || o.frames > 0), camera_(o.size.width, o.size.height) {
        windowed_[2] = o.size.width;
        windowed_[3] = o.size.height;
    }
    ~Viewer() { shut_down(); }
    Viewer(const Viewer&) = delete;
    Viewer& operator=(const Viewer&) = delete;

    gis::Result<void> run() {
        if (auto r = start(); !r) return r;
        struct sigaction stop {};
        stop.sa_handler = on_stop_signal;
        sigemptyset(&stop.sa_mask);
        sigaction(SIGTERM, &stop, nullptr);
        sigaction(SIGINT, &stop, nullptr);
        while (!glfwWindowShouldClose(win_) && !g_stop) {
            wait_for_events();
            take_data();
            if (!begin_frame()) continue;  // minimised
            UiRequests req;
            handle_input(req);
            draw_tools(req);
            apply(req);
            ImGui::Render();
            if (loaded_ && frames_after_load_ == 0) stage("panels");
            if (auto r = draw_map(); !r) {
                result_ = r;
                break;
            }
            if (end_frame()) break;
        }
        if (config_error_ && result_) result_ = *config_error_;
        if (o_.timing) std::printf("district read %d time(s)\n", districts_.loads());
        save_user_state();
        return result_;
    }

  private:
    // Start-up ---------------------------------------------------------------------------------------
    /// The data set starts loading while the window opens; fonts are rasterised on a worker meanwhile.
    gis::Result<void> start() {
        if (auto p = check_panel_names(o_.panels); !p) return p.error();
        session_.open(o_.data);
        for (const auto& a : o_.add) session_.add(a);
        std::unique_ptr<render::LabelFont> label_font;
        std::thread fonts([&] {
            for (int i = 0; i < 200 && session_.loading(); ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            session_.pump();
            font_has_data_ = !session_.loading();
            if (font_has_data_) {
                std::vector<float> sizes;
                std::vector<char32_t> cps;
                render::label_font_needs(doc_, 1.0f, sizes, cps);
                label_font = render::LabelFont::rasterise(std::move(sizes), cps);
            }
            ui_font_.rasterise(font_has_data_ ? data_code_points(doc_) : std::vector<char32_t>{});
        });
        struct Join {
            std::thread& t;
            ~Join() {
                if (t.joinable()) t.join();
            }
        } join_fonts{fonts};

        GlWindow::Options wo;
        wo.width = o_.size.width;
        wo.height = o_.size.height;
        wo.title = "nbhd";
        auto window = GlWindow::create(wo, "view");
        if (!window) return window.error();
        window_ = std::move(*window);
        win_ = window_->handle();
        glfwSetDropCallback(win_, on_drop);  // files dropped onto the window are added as layers
        stage("window");
        glfwSwapInterval(scripted_ ? 0 : 1);
        auto scene = render::MapScene::create();
        if (!scene) return scene.error();
        scene_ = std::move(*scene);
        // The overview's tiles drawn in an earlier run of the same data and look: the first picture
        // without drawing it (NBHD_TILE_CACHE=off for none).
        scene_->set_tile_cache(render::TileDiskCache::open_default());
        stage("shaders");
        fonts.join();
        stage("data and fonts");

        load_layout();
        ImGui::CreateContext(ui_font_.atlas());
        imgui_ = true;
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = ini_path_.empty() ? nullptr : ini_path_.c_str();
        style_imgui();
        ImGui_ImplGlfw_InitForOpenGL(win_, true);
        ImGui_ImplOpenGL3_Init("#version 330 core");
        ui_font_.upload();
        if (label_font) scene_->set_label_font(std::move(label_font), doc_, 1.0f);

        panels_ = make_panels(o_.panels);
        if (o_.panels.empty() && workspace_.layout().open_panels())
            for (auto& slot : panels_)
                slot.open = workspace_.layout().open_panels()->count(slot.panel->id()) > 0;
        if (!ui_font_.cjk()) {
            std::string looked;
            for (const auto& f : gis::cjk_font_candidates()) looked += (looked.empty() ? "" : ", ") + f.path;
            messages_.push_back(std::string(i18n::tr("view.no_cjk_font")) + " " + looked);
        }
        recent_path_ = scripted_ && o_.layout.empty() ? "" : RecentFiles::user_path();
        recent_ = recent_path_.empty() ? RecentFiles{} : RecentFiles::load(recent_path_);
        ui_.set_recent(recent_.files());
        controller_.set_instant(scripted_);  // screenshots: slides at once
        cursor_ = parse_cursor(o_.cursor);
        // A scripted picture never depends on where the display's pointer happens to be: off the window
        // unless --cursor puts it somewhere.
        if (!cursor_ && scripted_) cursor_ = gis::Point{-10, -10};
        present_.data_path = o_.data;
        for (auto& slot : panels_)
            if (auto* aware = dynamic_cast<PresentAware*>(slot.panel.get())) aware->attach(&present_);
        last_ = Clock::now();
        return {};
    }

    /// The workspace's layout: the user's own (docks, sizes, open panels; floating windows in imgui.ini
    /// beside it), or --layout's file; scripted runs without --layout start from the default and keep
    /// nothing. Never the working folder.
    void load_layout() {
        layout_path_ = !o_.layout.empty() ? o_.layout : scripted_ ? "" : WorkspaceLayout::user_path();
        if (layout_path_.empty()) return;
        if (auto l = WorkspaceLayout::load(layout_path_)) {
            workspace_ = Workspace(std::move(*l));
            ini_path_ = (std::filesystem::path(layout_path_).parent_path() / "imgui.ini").string();
        } else {
            messages_.push_back(std::string(i18n::tr("view.layout.damaged")) + ": " + l.error().message);
            layout_path_.clear();  // the damaged file stays for the user to look at
        }
    }

    void save_user_state() {
        if (!layout_path_.empty()) {
            std::set<std::string> open;
            for (const auto& slot : panels_)
                if (slot.open) open.insert(slot.panel->id());
            workspace_.layout().set_open_panels(std::move(open));
            if (auto saved = workspace_.layout().save(layout_path_); !saved)
                std::fprintf(stderr, "%s\n", saved.error().message.c_str());
        }
        if (!recent_path_.empty()) (void)recent_.save(recent_path_);
    }

    void shut_down() {
        figures_job_ = {};
        panels_.clear();
        map_fb_ = {};
        before_fb_ = {};
        scene_.reset();
        if (imgui_) {
            ImGui_ImplOpenGL3_Shutdown();
            ImGui_ImplGlfw_Shutdown();
            ImGui::DestroyContext();
            imgui_ = false;
        }
    }

    void stage(const char* what) const {
        if (o_.timing)
            std::printf("  %-28s %.3f s  %5.0f MB\n", what,
                        std::chrono::duration<double>(Clock::now() - g_launch).count(), resident_mb());
    }

    // The frame --------------------------------------------------------------------------------------
    /// Sleeps until something happens, unless something is moving or loading.
    void wait_for_events() {
        const bool busy = session_.loading() || session_.stream_pending() || controller_.animating() ||
                          map_dirty_ || !loaded_;
        // While a large data set loads, the workers need the cores: ten frames a second keep the
        // progress bar moving without a render loop competing with them.
        if (session_.loading() && !controller_.animating())
            glfwWaitEventsTimeout(0.1);
        else if (loaded_ && o_.wait_for_change_s > 0 && !change_seen_frame_ && !busy)
            glfwWaitEventsTimeout(0.05);  // waiting for another program: no busy loop beside it
        else if (busy || scripted_)
            glfwPollEvents();
        else
            glfwWaitEventsTimeout(0.25);
    }

    /// Loading: layers into the document, to the GPU; the first complete load sets the rest up.
    /// --select found nothing: said, and a scripted run ends with it (exit 3, no screenshot).
    void select_failed(const gis::Error& e) {
        messages_.push_back(e.message);
        if (scripted_) select_error_ = e;
    }

    void take_data() {
        session_.pump();
        take_session_messages();
        if (select_pending_ && full_picture_shown_) {
            select_pending_ = false;
            if (auto s = apply_selection(doc_, *o_.select); !s) select_failed(s.error());
        }
        if (doc_.source() && !geo_) geo_ = std::make_unique<GeoReference>(doc_.source()->display_crs);
        sync_scene();
        if (loaded_ && frames_after_load_ == 0) stage("upload");
        if (!loaded_ && !session_.loading()) on_loaded();
    }

    void on_loaded() {
        loaded_ = true;
        loaded_at_ = Clock::now();
        stage("data loaded");
        if (session_.failed() && messages_.empty())
            messages_.push_back(o_.data + ": " + i18n::tr("view.nothing_to_draw"));
        if (auto f = apply_layer_filter(doc_, o_.layers); !f) messages_.push_back(f.error().message);
        if (o_.select) {
            auto s = apply_selection(doc_, *o_.select);
            // A streamed layer holds the features of the view only once its tiles are in: tried again then.
            const auto& src = doc_.source();
            if (!s && s.error().code == gis::ErrorCode::NotFound && src && src->stream &&
                src->stream->streams(o_.select->layer))
                select_pending_ = true;
            else if (!s)
                select_failed(s.error());
        }
        if (!font_has_data_) {
            ui_font_.rebuild(data_code_points(doc_));
            font_has_data_ = true;
        }
        if (doc_.is_district()) {
            if (auto slides = gis::present::read_slides(o_.data)) {
                for (const auto& sl : *slides) want_glyphs_of(sl.caption + sl.caption_en);
                present_.deck.set(std::move(*slides));
            } else {
                messages_.push_back(slides.error().message);
            }
        }
        if (o_.present) set_presentation(true);
        if (!session_.failed()) {
            recent_.add(o_.data);
            ui_.set_recent(recent_.files());
        }
        fitted_ = false;  // fit again to the real extent unless the user has moved
    }

    /// The window's size, the fonts the panels asked for (outside a frame: the atlas is locked in one),
    /// and ImGui's new frame. False while the window is minimised.
    bool begin_frame() {
        glfwGetFramebufferSize(win_, &fb_w_, &fb_h_);
        int win_w = 0, win_h = 0;
        glfwGetWindowSize(win_, &win_w, &win_h);
        if (fb_w_ <= 0 || fb_h_ <= 0) return false;
        camera_.set_viewport(fb_w_, fb_h_);
        scale_ = win_w > 0 ? static_cast<float>(fb_w_) / static_cast<float>(win_w) : 1.0f;
        if (!panel_glyphs_.empty()) {
            font_glyphs_.insert(font_glyphs_.end(), panel_glyphs_.begin(), panel_glyphs_.end());
            panel_glyphs_.clear();
            auto cps = data_code_points(doc_);
            cps.insert(cps.end(), font_glyphs_.begin(), font_glyphs_.end());
            ui_font_.rebuild(cps);
        }
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        if (cursor_)
            ImGui::GetIO().MousePos = ImVec2(static_cast<float>(cursor_->x), static_cast<float>(cursor_->y));
        ImGui::NewFrame();
        return true;
    }

    /// Keys, the before/after divider, the workspace's arrangement and the camera.
    void handle_input(UiRequests& req) {
        ImGuiIO& io = ImGui::GetIO();
        if (!io.WantTextInput) {
            if (ImGui::IsKeyPressed(GLFW_KEY_F5)) req.toggle_presentation = true;
            if (present_.active && ImGui::IsKeyPressed(GLFW_KEY_ESCAPE)) set_presentation(false);
            if (ImGui::IsKeyPressed(GLFW_KEY_B) && !io.KeyCtrl) req.next_view = true;
            if (ImGui::IsKeyPressed(GLFW_KEY_PAGE_DOWN) ||
                (present_.active &&
                 (ImGui::IsKeyPressed(GLFW_KEY_RIGHT) || ImGui::IsKeyPressed(GLFW_KEY_SPACE))))
                req.slide_step = 1;
            if (ImGui::IsKeyPressed(GLFW_KEY_PAGE_UP) ||
                (present_.active && ImGui::IsKeyPressed(GLFW_KEY_LEFT)))
                req.slide_step = -1;
            if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_Q)) req.quit = true;
        }
        if (present_.active) io.WantCaptureKeyboard = true;  // arrows step slides, not pan
        drag_divider();
        // The workspace: docks around the map, below the menu bar and above the status bar.
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        const float top = present_.active ? 0 : ImGui::GetFrameHeight();
        const float bottom = present_.active ? 0 : ViewerUi::kStatusBarHeight;
        workspace_.arrange(
            panels_, doc_,
            {vp->Pos.x, vp->Pos.y + top, vp->Pos.x + vp->Size.x, vp->Pos.y + vp->Size.y - bottom},
            present_.active);
        // The map's free area (framebuffer pixels), where Home, fly-to and the first fit put things.
        // While presenting, slides fit the part of the window right of the figures card and above the
        // caption (the card's width from the last frame; a change aims the flight again).
        std::optional<gis::BBox> free_area;
        if (present_.active) {
            free_area = presentation_free_area(fb_w_, fb_h_, present_.card_right, scale_);
        } else {
            const gis::BBox& m = workspace_.map_area();
            free_area = gis::BBox{m.minx * scale_, m.miny * scale_, m.maxx * scale_, m.maxy * scale_};
            if (free_area->width() < 50 || free_area->height() < 50) free_area.reset();
        }
        if (!fitted_ && !user_moved_ && !doc_.draw_order().empty()) {
            if (o_.bbox)
                camera_.fit(*o_.bbox, 0);
            else if (free_area)
                camera_.fit_in(home_extent(doc_), *free_area, 12);
            else
                camera_.fit(home_extent(doc_), 12);
            fitted_ = loaded_;
        }
        if (controller_.set_free_area(camera_, free_area)) free_area_frame_ = frames_after_load_;
        present_.card_right = 0;  // the card sets it again when it draws
        if (controller_.update(io, doc_, camera_, home_extent(doc_), scale_)) user_moved_ = true;
    }

    /// The before/after divider follows a drag; the map does not pan meanwhile.
    void drag_divider() {
        if (!present_.plan_shown || present_.view != PlanView::Split) return;
        const ImGuiIO& io = ImGui::GetIO();
        const float x = static_cast<float>(present_.split) * io.DisplaySize.x;
        const bool near = !io.WantCaptureMouse && std::abs(io.MousePos.x - x) < 10;
        if (near || dragging_divider_) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
        if (near && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
            dragging_divider_ = true;
            doc_.set_tool_grab(true);
        }
        if (dragging_divider_) {
            present_.split =
                std::clamp(static_cast<double>(io.MousePos.x / std::max(1.0f, io.DisplaySize.x)), 0.05, 0.95);
            if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
                dragging_divider_ = false;
                doc_.set_tool_grab(false);
            }
        }
    }

    /// Menu, docks, panels, status bar, tooltip, the presentation's chrome, messages and dialogs.
    void draw_tools(UiRequests& req) {
        ViewContext ctx{doc_,       camera_, session_,      geo_.get(), controller_.cursor_world(),
                        &messages_, scale_,  &panel_glyphs_};
        ctx.districts = &districts_;
        if (loaded_ && !configured_) {
            configured_ = true;
            if (!o_.dialog.empty()) ui_.show_dialog(o_.dialog, o_.data);
            if (auto c = configure_panels(ctx, panels_, workspace_, o_.panel_set); !c) {
                messages_.push_back(c.error().message);
                config_error_ = c.error();
            }
        }
        if (!present_.active) {
            ui_.draw_menu(ctx, panels_, req, {fb_w_, fb_h_}, &present_);
            workspace_.draw_docks(panels_, doc_);
        }
        for (auto& slot : panels_) {
            const bool was_open = slot.open;
            if (!slot.panel->district_only() || doc_.is_district()) slot.panel->update(ctx, slot.open);
            // A scripted run with --panels and no --panel-set shows exactly those panels: a panel that would
            // open itself (the 楼盘表 on --select's building) stays closed, so that the screenshot does
            // not depend on how many frames that took. (With --panel-set, what the panels set going opens
            // is part of the picture asked for.)
            if (scripted_ && !o_.panels.empty() && o_.panel_set.empty() && !was_open) slot.open = false;
        }
        // Presentation mode: larger type, and no panel that shows residents' personal data.
        if (present_.active) ImGui::PushFont(ui_font_.large());
        for (auto& slot : panels_)
            if (slot.open && (!slot.panel->district_only() || doc_.is_district()) &&
                panel_allowed(slot.panel->shows_personal_data(), slot.panel->shows_in_presentation(),
                              present_.active)) {
                ctx.place = &workspace_.place(slot);
                slot.panel->draw(ctx, &slot.open);
                ctx.place = nullptr;
                workspace_.apply(slot);
            }
        if (!present_.active) ui_.draw_status_bar(ctx, fps_, session_.loading(), session_.progress());
        ui_.draw_tooltip(ctx);
        if (present_.active) ImGui::PopFont();
        update_legend();
        const ImGuiIO& io = ImGui::GetIO();
        draw_chrome(*ImGui::GetBackgroundDrawList(), chrome_for(false), io.DisplaySize, 1.0f,
                    ui_font_.large());
        ui_.draw_messages(messages_);
        ui_.draw_dialogs(ctx, req, {fb_w_, fb_h_});
        if (session_.loading() && doc_.draw_order().empty()) {
            ImGui::SetNextWindowPos({io.DisplaySize.x / 2, io.DisplaySize.y / 2}, ImGuiCond_Always,
                                    {0.5f, 0.5f});
            ImGui::Begin("##loading", nullptr,
                         ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize);
            ImGui::Text("%s", i18n::tr("view.status.loading"));
            ImGui::ProgressBar(static_cast<float>(session_.progress()), {260, 0});
            ImGui::End();
        }
    }

    /// Legend entries follow the drawn layers and the scale.
    void update_legend() {
        if (present_.revision(doc_) != legend_revision_ || camera_.metres_per_pixel() != legend_mpp_ ||
            present_key(present_, fb_w_) != legend_key_) {
            // What the map shows: in a split both sides (the plan added to the status quo).
            std::vector<std::pair<int, bool>> changes;
            if (present_.plan_shown) {
                changes =
                    present_.changes(doc_, present_.view == PlanView::Before ? Side::Before : Side::After);
                if (present_.view == PlanView::Split)
                    changes.erase(std::remove_if(changes.begin(), changes.end(),
                                                 [](const auto& c) { return !c.second; }),
                                  changes.end());
            }
            VisibilityOverride v(doc_, changes, &present_.override_touches);
            legend_ = legend_builder_.build(doc_, camera_.metres_per_pixel());
            legend_mpp_ = camera_.metres_per_pixel();
            legend_key_ = present_key(present_, fb_w_);
        }
        legend_revision_ = present_.revision(doc_);
    }

    /// What the menus, keys and dialogs asked for this frame.
    void apply(UiRequests& req) {
        if (req.quit) glfwSetWindowShouldClose(win_, 1);
        if (req.toggle_presentation) set_presentation(!present_.active);
        if (req.next_view) {
            present_.view = present_.plan_shown ? next_plan_view(present_.view) : PlanView::Before;
            present_.plan_shown = true;
        }
        if (req.slide_step) step_slide(req.slide_step);
        update_figures();
        if (req.fit_all) controller_.fly_to(camera_, home_extent(doc_), 16);
        if (req.dock_all || req.reset_layout) workspace_.dock_all(req.reset_layout);
        if (req.zoom_in) camera_.zoom_about({camera_.width() / 2, camera_.height() / 2}, 1.5);
        if (req.zoom_out) camera_.zoom_about({camera_.width() / 2, camera_.height() / 2}, 1 / 1.5);
        if (!req.add_data.empty()) session_.add(req.add_data);
        for (auto& f : dropped_files()) {
            session_.add(f);
            messages_.push_back(std::string(i18n::tr("view.file.dropped")) + ": " + absolute_path(f));
        }
        dropped_files().clear();
        if (!req.open_data.empty()) {
            // Only a data set that opens replaces the one on show (a wrong file is a message, no more).
            if (auto probe = gis::io::Dataset::open(req.open_data); !probe) {
                messages_.push_back(std::string(i18n::tr("view.file.open_failed")) + ": " +
                                    probe.error().message);
            } else {
                recent_.add(req.open_data);
                save_user_state();
                int w = 0, h = 0;
                glfwGetWindowSize(win_, &w, &h);
                const gis::Error e = reopen_on(req.open_data, {w, h}, o_.layout);  // returns only on failure
                messages_.push_back(std::string(i18n::tr("view.file.open_failed")) + ": " + e.message);
            }
        }
        if (req.export_png) {
            auto r = export_view(*scene_, doc_, camera_, req.export_size, req.export_path, north(), present_,
                                 chrome_for(true), ImGui::GetIO().DisplaySize.x, ui_font_.large());
            messages_.push_back(r ? std::string(i18n::tr("view.export.done")) + ": " + req.export_path
                                  : r.error().message);
            map_dirty_ = true;
        }
    }

    /// The project's figures and plan: computed once, off the main thread, when first wanted.
    void update_figures() {
        // The data set changed underneath: the figures are computed again from what it holds now.
        if (doc_.data_generation() != figures_generation_ && !figures_job_.valid()) {
            figures_generation_ = doc_.data_generation();
            present_.figures.reset();
            present_.figures_error.clear();
        }
        if ((present_.plan_shown || present_.want_figures) && doc_.is_district() && !present_.figures &&
            !figures_job_.valid() && present_.figures_error.empty()) {
            present_.figures_busy = true;
            figures_job_ = std::async(
                std::launch::async, [path = o_.data, project = present_.project,
                                     district = districts_.get(doc_.source()->path, doc_.data_generation())] {
                    auto d = district.get();
                    if (!d) return gis::Result<gis::present::ProjectFigures>(d.error());
                    return gis::present::project_figures(*d.value(), path, project);
                });
        }
        if (!figures_job_.valid() ||
            figures_job_.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
            return;
        auto f = figures_job_.get();
        present_.figures_busy = false;
        if (!f) {
            present_.figures_error = f.error().message;
            return;
        }
        present_.figures = std::move(*f);
        add_plan_overlays(doc_, *present_.figures);
        scene_->sync(doc_);  // drawn in this frame
        want_glyphs_of(present_.figures->name + present_.figures->name_en);
    }

    /// The map: streamed tiles and live changes taken in, drawn again only when something changed.
    gis::Result<void> draw_map() {
        if (!map_fb_ || map_fb_.width() != fb_w_ || map_fb_.height() != fb_h_) {
            auto fb = render::Framebuffer::create(fb_w_, fb_h_, render::interactive_samples());
            if (!fb) return fb.error();
            map_fb_ = std::move(*fb);
            map_dirty_ = true;
        }
        // A streamed city: the view decides which overview band or which tiles its large layers show.
        if (loaded_ && session_.stream(camera_.visible_bbox(), camera_.metres_per_pixel())) sync_scene();
        take_session_messages();
        if (loaded_) take_live_changes();
        // Panels may have changed the document this frame (an overlay, a restyled layer): upload it
        // before the map is drawn for that revision, or it would show only at the next change.
        sync_scene();
        const std::uint64_t view_key = present_key(present_, fb_w_);
        // Layers arriving one by one redraw the map at most twice a second (each redraw of a city
        // costs the loaders CPU); once loaded, at once.
        const bool moved = !(camera_ == drawn_camera_);
        const bool held_back =
            session_.loading() && !moved && Clock::now() - last_map_draw_ < std::chrono::milliseconds(500);
        if (held_back || !(map_dirty_ || present_.revision(doc_) != drawn_revision_ || moved ||
                           view_key != drawn_present_key_))
            return {};
        last_map_draw_ = Clock::now();
        render::FrameOptions fo;
        // The scale bar and labels keep to the map's free part of the window.
        const gis::BBox& m = workspace_.map_area();
        fo.bottom_margin_px =
            present_.active ? 0 : static_cast<float>(ImGui::GetIO().DisplaySize.y - m.maxy) * scale_;
        fo.left_margin_px = present_.active ? 0 : static_cast<float>(m.minx) * scale_;
        for (const auto& b : workspace_.dock_boxes())
            fo.reserved.push_back({b.minx * scale_, b.miny * scale_, b.maxx * scale_, b.maxy * scale_});
        fo.north_angle_rad = north();
        fo.overview_budget_ms = o_.screenshot.empty() ? 25 : -1;
        fo.overview_samples = render::interactive_samples();
        auto stats = app::view::draw_map(*scene_, doc_, camera_, fo, present_, map_fb_, before_fb_);
        if (!stats) return stats.error();
        tiles_built_ += stats->tiles.built;
        tiles_from_disk_ += stats->tiles.from_disk;
        if (frames_after_load_ == 0) {
            glFinish();
            stage("map");
        }
        // The first frame with every overview tile and streamed tile of the view in place.
        if (loaded_ && !full_picture_shown_ && stats->tiles.missing == 0 && !session_.stream_pending()) {
            glFinish();
            stage("full picture");
            full_picture_shown_ = true;
            if (o_.timing && tiles_built_ + tiles_from_disk_ > 0)
                std::printf("overview tiles: %d drawn, %d read from the tile cache\n", tiles_built_,
                            tiles_from_disk_);
        }
        drawn_revision_ = present_.revision(doc_);
        drawn_camera_ = camera_;
        drawn_present_key_ = view_key;
        map_dirty_ = stats->tiles.missing > 0;
        return {};
    }

    /// Live data: layers another program changed, read again; the user is told which.
    void take_live_changes() {
        const auto replaced = session_.refresh();
        if (replaced.empty()) return;
        std::string names;
        for (const auto& n : replaced) names += (names.empty() ? "" : ", ") + n;
        messages_.push_back(std::string(i18n::tr("view.live.changed")) + ": " + names);
        if (!change_seen_frame_) change_seen_frame_ = frames_after_load_;
        if (o_.timing)
            std::printf("data set changed: %s read again after %.3f s\n", names.c_str(),
                        std::chrono::duration<double>(Clock::now() - g_launch).count());
    }

    /// The map copied to the window, ImGui over it, the screenshot of a scripted run, the swap. True on
    /// the last frame of a scripted run.
    bool end_frame() {
        glBindFramebuffer(GL_READ_FRAMEBUFFER, map_fb_.resolved_fbo());
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
        glBlitFramebuffer(0, 0, fb_w_, fb_h_, 0, 0, fb_w_, fb_h_, GL_COLOR_BUFFER_BIT, GL_NEAREST);
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        glViewport(0, 0, fb_w_, fb_h_);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

        if (loaded_ && ++frames_after_load_ == 1 && o_.timing)
            std::printf("first frame with the data after %.3f s\n",
                        std::chrono::duration<double>(Clock::now() - g_launch).count());
        if (scripted_ && figures_job_.valid()) figures_job_.wait();  // screenshots show the plan
        const bool last_frame = loaded_ && scripted_ && !present_.figures_busy && panel_glyphs_.empty() &&
                                !session_.stream_pending() && !select_pending_ &&
                                frames_after_load_ > free_area_frame_ + 1 &&
                                frames_after_load_ >= std::max(2, o_.frames) &&
                                (o_.wait_for_change_s <= 0 ||
                                 (change_seen_frame_ && frames_after_load_ > *change_seen_frame_ + 2));
        if (loaded_ && o_.wait_for_change_s > 0 && !change_seen_frame_ &&
            Clock::now() - loaded_at_ > std::chrono::duration<double>(o_.wait_for_change_s)) {
            result_ = gis::make_error(gis::ErrorCode::NotFound,
                                      gis::i18n::format(_("{0}: no change to the data set seen in {1} s"),
                                                        o_.data, gis::fmt_fixed(o_.wait_for_change_s, 1)));
            return true;
        }
        if (last_frame && select_error_) {
            result_ = *select_error_;
            return true;
        }
        if (last_frame && !o_.screenshot.empty()) screenshot();
        glfwSwapBuffers(win_);
        const auto now = Clock::now();
        const double dt = std::chrono::duration<double>(now - last_).count();
        last_ = now;
        if (dt > 0) fps_ = fps_ * 0.9 + 0.1 / dt;
        if (!last_frame) return false;
        std::size_t features = 0;
        for (int id : doc_.draw_order()) features += doc_.layer(id)->data.features.size();
        if ((session_.failed() || features == 0) && result_) {
            // The reason with its own code (a locked file is ReadOnly), else "nothing to draw".
            if (auto why = session_.failure())
                result_ = *why;
            else if (auto first = session_.first_error())
                result_ = *first;  // with its own code: a CRS problem is WrongCrs
            else
                result_ = gis::make_error(gis::ErrorCode::BadInput,
                                          gis::i18n::format(_("{0}: nothing to draw"), o_.data));
        }
        return true;
    }

    void screenshot() {
        std::vector<unsigned char> px(static_cast<std::size_t>(fb_w_) * static_cast<std::size_t>(fb_h_) * 4);
        glReadBuffer(GL_BACK);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadPixels(0, 0, fb_w_, fb_h_, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
        result_ = write_png(o_.screenshot, fb_w_, fb_h_, px);
        if (result_ && !o_.export_path.empty())
            result_ = export_view(*scene_, doc_, camera_, o_.export_size, o_.export_path, north(), present_,
                                  chrome_for(true), ImGui::GetIO().DisplaySize.x, ui_font_.large());
    }

    // Helpers ----------------------------------------------------------------------------------------
    void sync_scene() {
        std::vector<gis::Error> errors;
        // An upload drops the layers' CPU copies of their arrays: give that memory back to the system
        // before the first frame's overview tiles ask for more (on the 250,000-building city the peak
        // falls from about 650 to 545 MB).
        if (scene_->sync(doc_, &errors) > 0.001) ::malloc_trim(0);
        for (const auto& e : errors) messages_.push_back(e.message);
    }

    void take_session_messages() {
        for (auto& m : session_.take_messages()) messages_.push_back(std::move(m));
    }

    void want_glyphs_of(const std::string& text) {
        const auto cps = gis::utf8_decode(text);
        panel_glyphs_.insert(panel_glyphs_.end(), cps.begin(), cps.end());
    }

    double north() const { return geo_ ? geo_->north_angle(camera_.center()) : 0; }

    void set_presentation(bool on) {
        if (present_.active == on) return;
        present_.active = on;
        doc_.set_presentation(on);
        if (on) {
            // The figures card comes with the presentation; the working panels wait until it ends.
            if (o_.panels.empty())  // (--panels chooses exactly what a screenshot shows)
                for (auto& slot : panels_)
                    if (slot.panel->shows_in_presentation()) slot.open = true;
            present_.plan_shown = true;
            if (present_.deck.current() < 0 && present_.deck.go(0)) present_.show_current(doc_);
        }
        if (scripted_) return;  // screenshots keep the window's size
        if (on) {
            glfwGetWindowPos(win_, &windowed_[0], &windowed_[1]);
            glfwGetWindowSize(win_, &windowed_[2], &windowed_[3]);
            GLFWmonitor* monitor = glfwGetPrimaryMonitor();
            if (const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr)
                glfwSetWindowMonitor(win_, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
        } else {
            glfwSetWindowMonitor(win_, nullptr, windowed_[0], windowed_[1], windowed_[2], windowed_[3], 0);
        }
    }

    void step_slide(int delta) {
        present_.plan_shown = true;
        if (delta > 0 ? present_.deck.next() : present_.deck.previous()) present_.show_current(doc_);
    }

    ChromeContent chrome_for(bool for_export) const {
        ChromeContent c;
        const bool full = present_.active || for_export;
        c.title = full;
        c.legend = full;
        if (full) {
            c.title_block = title_block(doc_, present_.figures ? &*present_.figures : nullptr,
                                        static_cast<std::int64_t>(std::time(nullptr)));
            c.legend_entries = legend_;
        }
        if (present_.active)
            if (const Slide* sl = present_.deck.current_slide()) {
                c.caption = slide_caption(*sl);
                c.slide = present_.deck.current();
                c.slides = static_cast<int>(present_.deck.slides().size());
            }
        c.split = present_.plan_shown && present_.view == PlanView::Split;
        c.split_at = present_.split;
        c.view = present_.view;
        c.view_label =
            present_.plan_shown && !c.split && (present_.active || present_.view == PlanView::Before);
        c.bottom_margin = present_.active ? 0 : ViewerUi::kStatusBarHeight;
        return c;
    }

    // State ------------------------------------------------------------------------------------------
    const ViewerOptions& o_;
    const bool scripted_;
    // The document and what feeds it (declared first: gone last).
    Document doc_;
    MapSession session_{doc_};
    DistrictStore districts_;  // the one copy of the district every panel computes with
    // The window and what draws into it.
    std::unique_ptr<GlWindow> window_;
    GLFWwindow* win_ = nullptr;
    std::unique_ptr<render::MapScene> scene_;
    UiFont ui_font_;
    bool font_has_data_ = false, imgui_ = false;
    // The workspace and its tools.
    Workspace workspace_;
    std::string layout_path_, ini_path_, recent_path_;
    RecentFiles recent_;
    std::vector<PanelSlot> panels_;
    ViewerUi ui_;
    std::vector<std::string> messages_;
    std::vector<char32_t> panel_glyphs_, font_glyphs_;
    std::optional<gis::Error> config_error_;  // a bad --panel-set fails the run once it has shown
    // The map and its camera.
    MapController controller_;
    std::unique_ptr<GeoReference> geo_;
    Camera camera_, drawn_camera_;
    render::Framebuffer map_fb_, before_fb_;
    std::uint64_t drawn_revision_ = 0, drawn_present_key_ = 0;
    bool map_dirty_ = true;
    Clock::time_point last_map_draw_{};  // never: the first draw is not held back
    int fb_w_ = 0, fb_h_ = 0;
    float scale_ = 1;
    std::optional<gis::Point> cursor_;
    // The presentation.
    PresentState present_;
    std::future<gis::Result<gis::present::ProjectFigures>> figures_job_;
    std::uint64_t figures_generation_ = 0;
    LegendBuilder legend_builder_;
    std::vector<LegendEntry> legend_;
    std::uint64_t legend_revision_ = 0, legend_key_ = 0;
    double legend_mpp_ = 0;
    bool dragging_divider_ = false;
    int windowed_[4] = {0, 0, 0, 0};
    // The run.
    bool fitted_ = false, loaded_ = false, user_moved_ = false, configured_ = false,
         full_picture_shown_ = false;
    int frames_after_load_ = 0, free_area_frame_ = 0;
    int tiles_built_ = 0, tiles_from_disk_ = 0;  ///< overview tiles until the full picture
    bool select_pending_ = false;                ///< --select waits for a streamed layer's tiles
    std::optional<gis::Error> select_error_;     ///< --select found nothing (a scripted run's result)
    std::optional<int> change_seen_frame_;       // --wait-for-change: the frame the change was read in
    Clock::time_point loaded_at_{}, last_;
    double fps_ = 0;
    gis::Result<void> result_;
};

}  // namespace

gis::Result<void> run_viewer(const ViewerOptions& o) {
    Viewer viewer(o);
    return viewer.run();
}

}  // namespace app::view
