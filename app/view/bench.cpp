#include "app/view/bench.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "app/render/map_scene.hpp"
#include "app/view/core/geo_reference.hpp"
#include "app/view/gl_context.hpp"
#include "app/view/map_session.hpp"
#include "app/view/offscreen.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/terminal_text.hpp"

namespace app::view {

namespace {
using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

struct Timing {
    double median = 0, first = 0;
    render::FrameStats stats;
};

Timing time_view(render::MapScene& scene, const Document& doc, const Camera& cam,
                 const render::Framebuffer& fb, int frames, double north) {
    Timing t;
    std::vector<double> ms;
    for (int i = 0; i <= frames; ++i) {
        const auto start = Clock::now();
        fb.bind();
        render::FrameOptions o;
        o.overview_samples = render::interactive_samples();  // as the viewer draws them
        o.north_angle_rad = north;
        t.stats = scene.render(doc, cam, o);
        fb.resolve();
        glFinish();
        const double m = ms_since(start);
        if (i == 0)
            t.first = m;  // the first frame builds overview tiles and label fonts
        else
            ms.push_back(m);
    }
    std::sort(ms.begin(), ms.end());
    t.median = ms.empty() ? 0 : ms[ms.size() / 2];
    return t;
}
}  // namespace

double resident_mb() {
    std::FILE* f = std::fopen("/proc/self/status", "r");
    if (!f) return 0;
    char line[256];
    double kb = 0;
    while (std::fgets(line, sizeof line, f))
        if (std::sscanf(line, "VmRSS: %lf kB", &kb) == 1) break;
    std::fclose(f);
    return kb / 1024.0;
}

gis::Result<void> run_render_bench(const BenchOptions& o) {
    const auto launch = Clock::now();
    GlWindow::Options wo;
    wo.width = 64;
    wo.height = 64;
    wo.visible = false;
    auto window = GlWindow::create(wo, "bench render");
    if (!window) return window.error();
    const std::string gpu = (*window)->renderer();
    auto scene = render::MapScene::create();
    if (!scene) return scene.error();
    {
        Document doc;
        MapSession session(doc);
        const auto t_load = Clock::now();
        session.open(o.data);
        session.finish();
        const double load_s = ms_since(t_load) / 1000;
        const double loaded_mb = resident_mb();
        if (session.failed() || doc.draw_order().empty()) {
            const auto m = session.take_messages();
            return gis::make_error(
                gis::ErrorCode::NotGis,
                m.empty() ? gis::i18n::format(_("{0}: nothing to draw"), o.data) : m.front());
        }
        const auto t_up = Clock::now();
        std::vector<gis::Error> errors;
        (*scene)->sync(doc, &errors);
        glFinish();
        const double upload_s = ms_since(t_up) / 1000;
        const double uploaded_mb = resident_mb();
        for (const auto& e : errors)
            std::fprintf(stderr, "nbhd: %s\n", gis::terminal_text(e.message).c_str());

        auto fb = render::Framebuffer::create(1920, 1080, render::interactive_samples());
        if (!fb) return fb.error();
        std::size_t features = 0;
        for (int id : doc.draw_order()) features += doc.layer(id)->data.features.size();
        const GeoReference geo(doc.source()->display_crs);
        Camera full(1920, 1080);
        full.fit(home_extent(doc), 16);
        // A streamed city: the band of its overview the full extent shows.
        session.settle(full.visible_bbox(), full.metres_per_pixel());
        (*scene)->sync(doc, &errors);
        const double ready_s = ms_since(launch) / 1000;
        const Timing tf = time_view(**scene, doc, full, *fb, o.frames, geo.north_angle(full.center()));
        Camera zoom(1920, 1080);
        const gis::Point c = full.center();
        zoom.fit({c.x - 250, c.y - 150, c.x + 250, c.y + 150});
        // ...and the tiles the zoomed view needs, read and prepared on the streamer's workers.
        const auto t_tiles = Clock::now();
        session.settle(zoom.visible_bbox(), zoom.metres_per_pixel());
        (*scene)->sync(doc, &errors);
        const double tiles_s = ms_since(t_tiles) / 1000;
        const Timing tz = time_view(**scene, doc, zoom, *fb, o.frames, geo.north_angle(zoom.center()));

        std::printf("data set        %s\n", gis::terminal_text(o.data).c_str());
        std::printf("renderer        %s (%d sample%s per pixel, as the viewer; NBHD_MSAA=N to change)\n",
                    gpu.c_str(), std::max(1, fb->samples()), fb->samples() > 1 ? "s" : "");
        std::printf("features        %zu in %zu layers\n", features, doc.draw_order().size());
        std::printf("load            %.3f s (read, reproject, triangulate; worker threads)\n", load_s);
        std::printf("GPU upload      %.3f s (%.1f MB)\n", upload_s,
                    static_cast<double>((*scene)->renderer().gpu_bytes()) / 1e6);
        std::printf("ready           %.3f s after start\n", ready_s);
        struct rusage ru {};
        getrusage(RUSAGE_SELF, &ru);
        std::printf("first picture   %.3f s after start (ready, then the first full-extent frame)\n",
                    ready_s + tf.first / 1000);
        std::printf(
            "peak memory     %.0f MB resident (the whole process; %.0f MB once loaded, %.0f MB once "
            "uploaded)\n",
            static_cast<double>(ru.ru_maxrss) / 1024.0, loaded_mb, uploaded_mb);
        if (const auto* st = session.streamer()) {
            const auto ss = st->stats();
            std::printf(
                "streamed        overview from %.2f m/px (%d bands); zoomed view's %zu tiles read and "
                "prepared in %.3f s; %.0f MB of tiles cached\n",
                doc.source()->stream->threshold_mpp, doc.source()->stream->bands, ss.shown_tiles, tiles_s,
                static_cast<double>(ss.cached_bytes) / 1e6);
        }
        std::printf(
            "full extent     median %.2f ms, first %.2f ms (%s, scale %s; labels %.2f ms, %zu glyphs)\n",
            tf.median, tf.first, tf.stats.overview ? "overview tiles" : "vector",
            scale_text(full.scale_denominator()).c_str(), tf.stats.labels_ms, tf.stats.glyphs);
        std::printf(
            "500x300 m view  median %.2f ms, first %.2f ms (%s, %zu draw calls, %zu triangles; labels %.2f "
            "ms)\n",
            tz.median, tz.first, tz.stats.overview ? "overview tiles" : "vector", tz.stats.vector.draw_calls,
            tz.stats.vector.triangles, tz.stats.labels_ms);
        std::printf(
            "bench render: load %.2f s, upload %.2f s, full extent %.1f ms, 500x300 m %.1f ms median of %d "
            "frames at 1920x1080 (%s)\n",
            load_s, upload_s, tf.median, tz.median, o.frames, gpu.c_str());
    }
    scene->reset();
    return {};
}

}  // namespace app::view
