#include "app/render/map_scene.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iterator>
#include <string>

#include "app/view/core/labels.hpp"

namespace app::render {

namespace {
/// Primitives a feature of a streamed layer is counted as, as MapRenderer::primitive_count counts it read
/// whole: a polygon (a rectangle's two triangles, four outline segments, the feature); a line (a pipe or
/// street segment between two nodes) or a point (one segment or symbol, the feature).
std::size_t primitives_per_feature(const std::string& geometry_type) {
    return geometry_type.find("Polygon") != std::string::npos ? 7 : 2;
}
}  // namespace

gis::Result<std::unique_ptr<MapScene>> MapScene::create() {
    std::unique_ptr<MapScene> s(new MapScene());
    auto r = MapRenderer::create();
    if (!r) return r.error();
    auto p = ScreenPainter::create();
    if (!p) return p.error();
    s->renderer_ = std::move(*r);
    s->painter_ = std::move(*p);
    return s;
}

double MapScene::sync(view::Document& doc, std::vector<gis::Error>* errors) {
    const double seconds = renderer_->sync(doc, errors);
    std::size_t primitives = renderer_->primitive_count(doc);
    double min_mpp = 0;
    if (const auto& src = doc.source(); src && src->stream) {
        // A streamed data set holds generalised bands or the tiles in view: the size of the data decides,
        // as it would for the data read whole, so that both draw alike.
        primitives = 0;
        for (int id : doc.draw_order()) {
            const view::MapLayer* l = doc.layer(id);
            if (!l || l->overlay) continue;
            const bool streamed = src->stream->streams(l->name());
            primitives += streamed ? static_cast<std::size_t>(l->feature_total()) *
                                         primitives_per_feature(l->data.info.geometry_type)
                                   : l->data.primitive_count() + l->data.features.size();
        }
        min_mpp = src->stream->threshold_mpp;
    }
    if (primitives != configured_primitives_) {
        configured_primitives_ = primitives;
        overview_.configure(primitives, doc.extent(), 1920.0 * 1080.0, min_mpp);
    }
    return seconds;
}

namespace {
std::size_t layer_count(const view::Document& doc) {
    std::size_t layers = 0;
    for (int id : doc.draw_order())
        if (doc.layer(id)) ++layers;
    return layers;
}
}  // namespace

namespace {
std::uint64_t data_key(const view::Document& doc) {
    std::uint64_t k = 0;
    for (int id : doc.draw_order())
        if (const auto* l = doc.layer(id)) k += l->data_revision * 1000003u + static_cast<std::uint64_t>(id);
    return k;
}
}  // namespace

void MapScene::set_label_font(std::unique_ptr<LabelFont> font, const view::Document& doc, float pixel_ratio) {
    font->upload();
    font_ = std::move(font);
    font_layers_ = layer_count(doc);
    font_ratio_ = pixel_ratio;
    font_data_ = data_key(doc);
    std::vector<float> sizes;
    label_font_needs(doc, pixel_ratio, sizes, font_cps_);
    std::sort(font_cps_.begin(), font_cps_.end());
}

void MapScene::ensure_font(const view::Document& doc, float pixel_ratio) {
    const std::size_t layers = layer_count(doc);
    const std::uint64_t data = data_key(doc);
    if (font_ && layers == font_layers_ && pixel_ratio == font_ratio_ && data == font_data_) return;
    std::vector<float> sizes;
    std::vector<char32_t> cps;
    label_font_needs(doc, pixel_ratio, sizes, cps);
    std::sort(cps.begin(), cps.end());
    // New data (a streamed city's tiles) may bring characters the font lacks: rebuilt with them (and
    // every character it had, so that panning back does not rebuild it again).
    const bool same_shape = font_ && layers == font_layers_ && pixel_ratio == font_ratio_;
    font_data_ = data;
    if (same_shape && std::includes(font_cps_.begin(), font_cps_.end(), cps.begin(), cps.end())) return;
    if (same_shape) {
        std::vector<char32_t> all;
        std::set_union(font_cps_.begin(), font_cps_.end(), cps.begin(), cps.end(), std::back_inserter(all));
        cps.swap(all);
    }
    font_ = LabelFont::build(std::move(sizes), cps);
    font_cps_ = std::move(cps);
    font_layers_ = layers;
    font_ratio_ = pixel_ratio;
}

FrameStats MapScene::render(const view::Document& doc, const view::Camera& camera, const FrameOptions& o) {
    FrameStats stats;
    // The overview's tiles cover the view: no base fill then.
    const double screen_mpp = camera.metres_per_pixel() * o.pixel_ratio;
    const bool from_overview = overview_.covers(screen_mpp);
    // NBHD_BASE_FILL=off draws every layer as it is (to compare pictures and frame times).
    static const bool base_fill_off = [] {
        const char* e = std::getenv("NBHD_BASE_FILL");
        return e && std::string(e) == "off";
    }();
    const auto base = from_overview || base_fill_off ? std::nullopt : renderer_->base_fill(doc, camera);
    const view::Colour bg = base ? base->colour : view::map_background();
    glDisable(GL_SCISSOR_TEST);
    glClearColor(bg.r, bg.g, bg.b, 1);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
    ensure_font(doc, o.pixel_ratio);
    const auto w = static_cast<float>(camera.width()), h = static_cast<float>(camera.height());
    painter_->begin(w, h);

    // The overview's scale is for a pixel ratio of one: an export at 2x shows what the screen shows.
    if (from_overview) {
        stats.overview = true;
        stats.tiles = overview_.draw(*renderer_, *painter_, doc, camera, o.pixel_ratio, o.overview_budget_ms,
                                     content_key(doc, o.pixel_ratio, o.overview_samples), o.overview_samples);
    } else {
        stats.vector = renderer_->draw_layers(doc, camera, o.pixel_ratio, false, base);
    }
    const DrawStats overlays = renderer_->draw_layers(doc, camera, o.pixel_ratio, true);
    stats.vector.draw_calls += overlays.draw_calls;
    stats.vector.triangles += overlays.triangles;
    renderer_->draw_highlights(doc, camera, o.pixel_ratio);

    DecorationOptions d;
    d.pixel_ratio = o.pixel_ratio;
    d.bottom_margin_px = o.bottom_margin_px;
    d.left_margin_px = o.left_margin_px;
    d.north_angle_rad = o.north_angle_rad;
    if (o.labels && font_) {
        view::LabelOptions lo;
        lo.pixel_ratio = o.pixel_ratio;
        lo.reserved = o.reserved;
        if (o.decorations) {
            const auto boxes = decoration_boxes(camera, d);
            lo.reserved.insert(lo.reserved.end(), boxes.begin(), boxes.end());
        }
        const auto t0 = std::chrono::steady_clock::now();
        const auto glyphs = view::place_labels(doc, camera, *font_, lo);
        stats.labels_ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        stats.glyphs = glyphs.size();
        painter_->begin(w, h);
        painter_->glyphs(glyphs, *font_);
        painter_->flush(font_->texture(), true);
    }
    if (o.decorations && font_) {
        painter_->begin(w, h);
        draw_decorations(*painter_, *font_, camera, d);
    }
    glBindVertexArray(0);
    glUseProgram(0);
    return stats;
}

}  // namespace app::render
