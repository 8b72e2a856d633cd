#include "app/view/offscreen.hpp"

#include <stb_image_write.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>

#include "app/i18n/i18n.hpp"
#include "app/view/core/geo_reference.hpp"
#include "app/view/gl_context.hpp"
#include "app/view/map_session.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/core/terminal_text.hpp"
#include "gis/district/schema.hpp"
#include "gis/io/georeference.hpp"

namespace app::view {

namespace fs = std::filesystem;

gis::Result<void> write_png(const std::string& path, int width, int height,
                            const std::vector<unsigned char>& rgba) {
    const fs::path target(path);
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        return gis::make_error(
            gis::ErrorCode::NotFound,
            gis::i18n::format(_("{0}: the folder {1} does not exist"), path, dir.string()));
    std::vector<unsigned char> rgb(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
    for (std::size_t i = 0, n = rgb.size() / 3; i < n; ++i)
        for (int c = 0; c < 3; ++c)
            rgb[i * 3 + static_cast<std::size_t>(c)] = rgba[i * 4 + static_cast<std::size_t>(c)];
    // Written beside the target and renamed into place: a failed write leaves no partial file.
    const std::string tmp = path + ".tmp-" + std::to_string(::getpid()) + ".png";
    stbi_flip_vertically_on_write(1);
    const int ok = stbi_write_png(tmp.c_str(), width, height, 3, rgb.data(), width * 3);
    stbi_flip_vertically_on_write(0);
    if (!ok) {
        fs::remove(tmp, ec);
        return gis::make_error(
            gis::ErrorCode::Io,
            gis::i18n::format(_("{0}: cannot write the PNG (disk full or no permission?)"), path));
    }
    fs::rename(tmp, target, ec);
    if (ec) {
        fs::remove(tmp, ec);
        return gis::make_error(gis::ErrorCode::Io,
                               gis::i18n::format(_("{0}: cannot write the PNG ({1})"), path, ec.message()));
    }
    return {};
}

gis::BBox home_extent(const Document& doc) {
    if (doc.is_district()) {
        if (const MapLayer* b = doc.find(gis::district::layers::kBoundary); b && !b->data.extent.empty()) {
            gis::BBox e = b->data.extent;
            const double pad = std::max(45.0, 0.05 * std::max(e.width(), e.height()));
            return {e.minx - pad, e.miny - pad, e.maxx + pad, e.maxy + pad};
        }
    }
    return doc.extent();
}

gis::Result<void> apply_layer_filter(Document& doc, const std::vector<std::string>& layers) {
    if (layers.empty()) return {};
    std::string known;
    for (int id : doc.draw_order()) known += (known.empty() ? "" : ", ") + doc.layer(id)->name();
    for (const auto& name : layers)
        if (!doc.find(name))
            return gis::make_error(gis::ErrorCode::MissingLayer,
                                   gis::i18n::format(_("--layers: no layer {0} to draw; layers: {1}"),
                                                     gis::quote_for_message(name), known));
    for (int id : doc.draw_order())
        doc.set_visible(id, std::find(layers.begin(), layers.end(), doc.layer(id)->name()) != layers.end());
    return {};
}

gis::Result<void> apply_selection(Document& doc, const Selection& s) {
    const MapLayer* l = doc.find(s.layer);
    if (!l)
        return gis::make_error(
            gis::ErrorCode::MissingLayer,
            gis::i18n::format(_("--select: no layer {0}"), gis::quote_for_message(s.layer)));
    auto ref = doc.find_feature(s.layer, s.id);
    if (!ref) {
        const char* pattern = s.layer == gis::district::layers::kBuildings
                                  ? _("--select: layer '{0}' has no building number {1}")
                                  : _("--select: layer '{0}' has no feature id {1}");
        std::string why = gis::i18n::format(pattern, s.layer, s.id);
        // A streamed layer holds only the features of the part shown (and none above its stream scale).
        if (const auto& src = doc.source(); src && src->stream && src->stream->streams(s.layer))
            why = gis::i18n::format(_("{0} in the part of the data read for this view: a large data set is "
                                      "read only where it is shown; give --bbox around it"),
                                    why);
        return gis::make_error(gis::ErrorCode::NotFound, why);
    }
    doc.select(*ref);
    return {};
}

gis::Result<void> export_png(render::MapScene& scene, const Document& doc, const Camera& camera,
                             PixelSize size, const std::string& path, double north_angle_rad) {
    auto fb = render::Framebuffer::create(size.width, size.height, 4);
    if (!fb) return fb.error();
    // Same view, more pixels: a pixel ratio keeps labels and lines the same size relative to the map.
    const Camera cam = export_camera(camera, size);
    GLint previous = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &previous);
    fb->bind();
    render::FrameOptions o;
    o.pixel_ratio = export_pixel_ratio(camera, size);
    o.north_angle_rad = north_angle_rad;
    scene.render(doc, cam, o);
    fb->resolve();
    const auto px = fb->read_rgba();
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previous));
    return write_georeferenced_png(path, cam, doc, px);
}

gis::Result<void> write_georeferenced_png(const std::string& path, const Camera& camera, const Document& doc,
                                          const std::vector<unsigned char>& rgba) {
    const int w = static_cast<int>(std::lround(camera.width())),
              h = static_cast<int>(std::lround(camera.height()));
    if (auto r = write_png(path, w, h, rgba); !r) return r;
    return gis::io::write_image_georeference(path, camera.visible_bbox(), w, h,
                                             doc.source() ? doc.source()->display_crs : std::string());
}

gis::BBox picture_read_box(const gis::BBox& b, PixelSize size) {
    double w = std::max(b.width(), 1.0), h = std::max(b.height(), 1.0);
    const double aspect = static_cast<double>(size.width) / std::max(1, size.height);
    if (w / h < aspect)
        w = h * aspect;
    else
        h = w / aspect;
    const gis::Point c = b.center();
    const double hw = w * 0.75, hh = h * 0.75;  // half the picture, plus a quarter of it
    return {c.x - hw, c.y - hh, c.x + hw, c.y + hh};
}

gis::Result<void> render_png(const RenderRequest& r) {
    GlWindow::Options wo;
    wo.width = 64;
    wo.height = 64;
    wo.visible = false;
    auto window = GlWindow::create(wo, "render --out " + (r.out.empty() ? std::string("map.png") : r.out));
    if (!window) return window.error();
    gis::Result<void> result;
    {
        auto scene = render::MapScene::create();
        if (!scene) return scene.error();
        (*scene)->set_tile_cache(render::TileDiskCache::open_default());
        Document doc;
        MapSession session(doc);
        // A picture of a part reads that part through the layers' spatial indexes, not the city.
        session.open(r.data,
                     r.bbox && !r.read_all ? std::optional(picture_read_box(*r.bbox, r.size)) : std::nullopt,
                     !r.read_all);
        for (const auto& a : r.add) session.add(a);
        session.finish();
        const auto messages = session.take_messages();
        std::size_t features = 0;
        for (int id : doc.draw_order()) features += doc.layer(id)->data.features.size();
        // A box that misses the data is an error, never an empty picture with exit 0 (degrees given
        // where the data is in metres, or a place elsewhere).
        if (r.bbox && doc.source() && !doc.source()->extent.empty() &&
            !r.bbox->intersects(doc.source()->extent)) {
            const gis::BBox& e = doc.source()->extent;
            const gis::BBox& b = *r.bbox;
            const bool degrees = std::abs(b.minx) <= 180 && std::abs(b.maxx) <= 180 &&
                                 std::abs(b.miny) <= 90 && std::abs(b.maxy) <= 90 &&
                                 (std::abs(e.minx) > 180 || std::abs(e.miny) > 90);
            const std::string x0 = gis::fmt_fixed(e.minx, 0), x1 = gis::fmt_fixed(e.maxx, 0),
                              y0 = gis::fmt_fixed(e.miny, 0), y1 = gis::fmt_fixed(e.maxy, 0);
            return gis::make_error(
                degrees ? gis::ErrorCode::WrongCrs : gis::ErrorCode::BadInput,
                degrees ? gis::i18n::format(
                              _("--bbox looks like longitude/latitude; give metres in {0} (the data "
                                "spans x {1}..{2}, y {3}..{4})"),
                              doc.source()->display_crs, x0, x1, y0, y1)
                        : gis::i18n::format(
                              _("--bbox lies outside the data set (it spans x {0}..{1}, y {2}..{3})"), x0, x1,
                              y0, y1));
        }
        if (auto why = session.failure()) return *why;
        // A damaged file gives no picture: a map with layers or features missing would pass for the data.
        if (auto damage = session.first_error_of(gis::ErrorCode::Damaged)) return *damage;
        // Nothing drawn: the loader's reason with its own code (a layer that cannot be reprojected is a
        // CRS problem, exit 6), never "not a GIS file" for a file that was read.
        if (session.failed() || (features == 0 && !r.bbox)) {
            if (auto why = session.first_error()) return *why;
            return gis::make_error(gis::ErrorCode::BadInput,
                                   gis::i18n::format(_("{0}: nothing to draw"), r.data));
        }
        for (const auto& m : messages)
            std::fprintf(stderr, "nbhd: %s: %s\n", i18n::tr("view.warning"), gis::terminal_text(m).c_str());
        if (auto f = apply_layer_filter(doc, r.layers); !f) return f.error();
        Camera cam(r.size.width, r.size.height);
        cam.fit(r.bbox ? *r.bbox : home_extent(doc), r.bbox ? 0 : 16);
        // A streamed city: the overview band or the tiles this picture shows.
        session.settle(cam.visible_bbox(), cam.metres_per_pixel());
        for (const auto& m : session.take_messages())
            std::fprintf(stderr, "nbhd: %s: %s\n", i18n::tr("view.warning"), gis::terminal_text(m).c_str());
        if (r.select)  // once the features of the picture are read
            if (auto s = apply_selection(doc, *r.select); !s) return s.error();
        std::vector<gis::Error> upload_errors;
        (*scene)->sync(doc, &upload_errors);
        for (const auto& e : upload_errors)
            std::fprintf(stderr, "nbhd: %s: %s\n", i18n::tr("view.warning"),
                         gis::terminal_text(e.message).c_str());
        const GeoReference geo(doc.source()->display_crs);
        result = export_png(**scene, doc, cam, r.size, r.out, geo.north_angle(cam.center()));
    }
    return result;
}

}  // namespace app::view
