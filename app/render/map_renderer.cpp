#include "app/render/map_renderer.hpp"

#include "gis/geom/ops.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace app::render {

namespace {

void set_map_state() {
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_STENCIL_TEST);
    glDisable(GL_CULL_FACE);
    glDisable(GL_SCISSOR_TEST);
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
}

/// Ranges of a layer's arrays to draw, merged where tiles follow each other.
struct Ranges {
    std::vector<GLsizei> fill_counts;
    std::vector<const void*> fill_offsets;
    std::vector<GLint> seg_first, point_first;
    std::vector<GLsizei> seg_counts, point_counts;

    static void add(std::vector<GLint>& firsts, std::vector<GLsizei>& counts, std::uint32_t first,
                    std::uint32_t count) {
        if (count == 0) return;
        const auto f = static_cast<GLint>(first) * 6, c = static_cast<GLsizei>(count) * 6;
        if (!firsts.empty() && firsts.back() + counts.back() == f) {
            counts.back() += c;
            return;
        }
        firsts.push_back(f);
        counts.push_back(c);
    }
    void add_fill(std::uint32_t first, std::uint32_t count) {
        if (count == 0) return;
        const auto* off =
            reinterpret_cast<const void*>(static_cast<std::uintptr_t>(first) * sizeof(std::uint32_t));
        if (!fill_offsets.empty() && reinterpret_cast<std::uintptr_t>(fill_offsets.back()) +
                                             fill_counts.back() * sizeof(std::uint32_t) ==
                                         reinterpret_cast<std::uintptr_t>(off)) {
            fill_counts.back() += static_cast<GLsizei>(count);
            return;
        }
        fill_offsets.push_back(off);
        fill_counts.push_back(static_cast<GLsizei>(count));
    }
};

Ranges visible_ranges(const view::PreparedLayer& d, const view::Camera& camera) {
    Ranges r;
    const double mpp = camera.metres_per_pixel();
    gis::BBox view = camera.visible_bbox();
    const double margin = 24 * mpp + 40;  // symbols and wide lines reach beyond their tile's bounds
    view = {view.minx - margin, view.miny - margin, view.maxx + margin, view.maxy + margin};
    for (const auto& run : d.tiles) {
        if (run.count == 0 || !run.bounds.intersects(view)) continue;
        // Features of a tile are sorted coarsest first: those still visible at this scale are a prefix.
        const auto begin = d.lod.begin() + run.first;
        const auto k = static_cast<std::uint32_t>(
            std::partition_point(begin, begin + run.count, [mpp](float lod) { return lod >= mpp; }) - begin);
        if (k == 0) continue;
        const auto& a = d.spans[run.first];
        const auto& b = d.spans[run.first + k - 1];
        r.add_fill(a.fill_first, b.fill_first + b.fill_count - a.fill_first);
        Ranges::add(r.seg_first, r.seg_counts, a.seg_first, b.seg_first + b.seg_count - a.seg_first);
        Ranges::add(r.point_first, r.point_counts, a.point_first,
                    b.point_first + b.point_count - a.point_first);
    }
    return r;
}

}  // namespace

gis::Result<std::unique_ptr<MapRenderer>> MapRenderer::create() {
    std::unique_ptr<MapRenderer> r(new MapRenderer());
    auto fill = Program::from_files("fill.vert.glsl", "fill.frag.glsl");
    if (!fill) return fill.error();
    auto stroke = Program::from_files("stroke.vert.glsl", "stroke.frag.glsl");
    if (!stroke) return stroke.error();
    auto point = Program::from_files("point.vert.glsl", "point.frag.glsl");
    if (!point) return point.error();
    r->fill_ = std::move(*fill);
    r->stroke_ = std::move(*stroke);
    r->point_ = std::move(*point);
    r->empty_vao_ = VertexArray::create();
    return r;
}

double MapRenderer::sync(view::Document& doc, std::vector<gis::Error>* errors) {
    const auto t0 = std::chrono::steady_clock::now();
    for (auto it = layers_.begin(); it != layers_.end();)
        it = doc.layer(it->first) ? std::next(it) : layers_.erase(it);
    for (int id : doc.draw_order()) {
        const view::MapLayer* l = doc.layer(id);
        if (!l || failed_.count(id)) continue;
        auto it = layers_.find(id);
        if (it == layers_.end() || it->second.data_revision != l->data_revision) {
            auto g = GpuLayer::upload(l->data);
            if (!g) {
                failed_[id] = true;
                if (errors) errors->push_back(g.error());
                continue;
            }
            g->data_revision = l->data_revision;
            g->style_revision = l->style_revision;
            layers_.insert_or_assign(id, std::move(*g));
            // On the GPU now: the CPU copy of the arrays is not needed again (new data comes as a new
            // revision with its own arrays).
            doc.layer(id)->data.release_gpu_arrays();
        } else if (it->second.style_revision != l->style_revision) {
            it->second.update_styles(l->data.style);
            it->second.style_revision = l->style_revision;
        }
    }
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::size_t MapRenderer::primitive_count(const view::Document& doc) const {
    std::size_t n = 0;
    for (int id : doc.draw_order())
        if (const auto* l = doc.layer(id); l && !l->overlay)
            n += l->data.primitive_count() + l->data.features.size();
    return n;
}

std::size_t MapRenderer::gpu_bytes() const {
    std::size_t n = 0;
    for (const auto& [id, g] : layers_) n += g.bytes();
    return n;
}

void MapRenderer::draw_layer(const view::PreparedLayer& data, const GpuLayer& gpu, const view::Camera& camera,
                             float pixel_ratio, float opacity, DrawStats& stats, int parts) {
    const Ranges r = visible_ranges(data, camera);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, gpu.style_texture());
    if ((parts & kFill) && gpu.has_fill() && !r.fill_counts.empty()) {
        fill_.use();
        glUniform1f(fill_.uniform("u_opacity"), opacity);
        gpu.fill_vao().bind();
        // An opaque fill replaces what is under it: blending would read every pixel for nothing (on a
        // software rasteriser a large share of a zoomed frame).
        if (parts & kOpaqueFill) glDisable(GL_BLEND);
        glMultiDrawElements(GL_TRIANGLES, r.fill_counts.data(), GL_UNSIGNED_INT, r.fill_offsets.data(),
                            static_cast<GLsizei>(r.fill_counts.size()));
        if (parts & kOpaqueFill) glEnable(GL_BLEND);
        ++stats.draw_calls;
        for (auto n : r.fill_counts) stats.triangles += static_cast<std::size_t>(n) / 3;
    }
    if (!r.seg_counts.empty() || !r.point_counts.empty()) empty_vao_.bind();
    if ((parts & kStrokes) && gpu.has_segments() && !r.seg_counts.empty()) {
        stroke_.use();
        glUniform1f(stroke_.uniform("u_opacity"), opacity);
        glUniform1f(stroke_.uniform("u_pixel_ratio"), pixel_ratio);
        glActiveTexture(GL_TEXTURE1);
        glBindTexture(GL_TEXTURE_BUFFER, gpu.segment_texture());
        const bool casing =
            std::any_of(data.style.styles.begin(), data.style.styles.end(),
                        [](const view::FeatureStyle& s) { return s.casing_px > 0 && s.casing.visible(); });
        for (int pass = casing ? 0 : 1; pass <= 1; ++pass) {
            glUniform1i(stroke_.uniform("u_pass"), pass);
            glMultiDrawArrays(GL_TRIANGLES, r.seg_first.data(), r.seg_counts.data(),
                              static_cast<GLsizei>(r.seg_counts.size()));
            ++stats.draw_calls;
            for (auto n : r.seg_counts) stats.triangles += static_cast<std::size_t>(n) / 3;
        }
    }
    if ((parts & kPoints) && gpu.has_points() && !r.point_counts.empty()) {
        point_.use();
        glUniform1f(point_.uniform("u_opacity"), opacity);
        glUniform1f(point_.uniform("u_pixel_ratio"), pixel_ratio);
        glUniform1i(point_.uniform("u_pass"), 1);
        glActiveTexture(GL_TEXTURE1);
        glBindTexture(GL_TEXTURE_BUFFER, gpu.point_texture());
        glMultiDrawArrays(GL_TRIANGLES, r.point_first.data(), r.point_counts.data(),
                          static_cast<GLsizei>(r.point_counts.size()));
        ++stats.draw_calls;
        for (auto n : r.point_counts) stats.triangles += static_cast<std::size_t>(n) / 3;
    }
    glActiveTexture(GL_TEXTURE0);
    ++stats.layers;
}

namespace {
/// True when every fill the layer draws is fully opaque (hidden classes and empty fills draw nothing).
bool opaque_fill(const view::MapLayer& l) {
    if (l.opacity < 1) return false;
    return std::all_of(
        l.data.style.styles.begin(), l.data.style.styles.end(),
        [](const view::FeatureStyle& s) { return !s.fill.visible() || !s.visible || s.fill.a >= 1; });
}

void set_camera_uniforms(const Program& p, const view::Camera& camera, const gis::Point& origin) {
    p.use();
    const double mpp = camera.metres_per_pixel();
    glUniform2f(p.uniform("u_center"), static_cast<float>(camera.center().x - origin.x),
                static_cast<float>(camera.center().y - origin.y));
    glUniform2f(p.uniform("u_scale"), static_cast<float>(2.0 / (camera.width() * mpp)),
                static_cast<float>(2.0 / (camera.height() * mpp)));
    glUniform2f(p.uniform("u_viewport"), static_cast<float>(camera.width()),
                static_cast<float>(camera.height()));
    glUniform1f(p.uniform("u_mpp"), static_cast<float>(mpp));
    glUniform4f(p.uniform("u_override"), 0, 0, 0, 0);
    glUniform1f(p.uniform("u_extra_px"), 0);
    glUniform1i(p.uniform("u_styles"), 0);
    glUniform1i(p.uniform("u_segments"), 1);
    glUniform1i(p.uniform("u_points"), 1);
}
}  // namespace

namespace {
/// Layers with more features are not searched for one that fills the view (the search runs per view).
constexpr std::size_t kBaseFillMaxFeatures = 4000;

/// The opaque fill colour of the one feature of `d` that meets `view` and contains it, drawn at `mpp`.
std::optional<view::Colour> covering_fill(const view::PreparedLayer& d, const gis::BBox& view, double mpp) {
    if (d.generalised || d.features.size() > kBaseFillMaxFeatures || d.lod.size() != d.features.size() ||
        d.style_index.size() != d.features.size())
        return std::nullopt;
    std::optional<std::size_t> found;
    for (std::size_t i = 0; i < d.features.size(); ++i) {
        if (d.lod[i] < mpp || d.style_index[i] >= d.style.styles.size()) continue;  // not drawn here
        const auto& g = d.features[i].geometry;
        if (g.type != gis::Geometry::Type::Polygon && g.type != gis::Geometry::Type::MultiPolygon) continue;
        if (!g.bbox().intersects(view)) continue;
        if (found) return std::nullopt;  // two features meet the view: their order would matter
        found = i;
    }
    if (!found) return std::nullopt;
    const auto& style = d.style.styles[d.style_index[*found]];
    if (!style.visible || style.fill.a < 1 || style.max_mpp < mpp) return std::nullopt;
    const auto& g = d.features[*found].geometry;
    if (!g.bbox().contains(view)) return std::nullopt;
    if (!gis::geom::contains(g, gis::Geometry::from(gis::rect(view.minx, view.miny, view.maxx, view.maxy))))
        return std::nullopt;
    return style.fill;
}
}  // namespace

std::optional<MapRenderer::BaseFill> MapRenderer::base_fill(const view::Document& doc,
                                                            const view::Camera& camera) {
    if (base_cache_ && base_cache_->camera == camera && base_cache_->revision == doc.revision())
        return base_cache_->base;
    std::optional<BaseFill> base;
    const gis::BBox view = camera.visible_bbox();
    const double mpp = camera.metres_per_pixel();
    for (int id : doc.draw_order()) {
        const view::MapLayer* l = doc.layer(id);
        if (!l || l->overlay || !l->visible || l->opacity < 1 || !layers_.count(id)) continue;
        if (auto c = covering_fill(l->data, view, mpp)) base = BaseFill{id, *c};
    }
    base_cache_ = BaseFillCache{camera, doc.revision(), base};
    return base;
}

DrawStats MapRenderer::draw_layers(const view::Document& doc, const view::Camera& camera, float pixel_ratio,
                                   bool overlays, const std::optional<BaseFill>& base) {
    DrawStats stats;
    set_map_state();
    const gis::Point origin = doc.source() ? doc.source()->origin : gis::Point{};
    for (const Program* p : {&fill_, &stroke_, &point_}) set_camera_uniforms(*p, camera, origin);
    bool under_base = base.has_value() && !overlays;  // layers the base fill hides
    for (int id : doc.draw_order()) {
        const view::MapLayer* l = doc.layer(id);
        if (under_base && id != base->layer) continue;
        const bool is_base = under_base && id == base->layer;
        under_base = false;
        if (!l || !l->visible || l->overlay != overlays || l->opacity <= 0) continue;
        auto it = layers_.find(id);
        if (it == layers_.end()) continue;
        const bool later = l->data.style.outline_on_top;
        int parts = (later ? kFill | kPoints : kAll) | (opaque_fill(*l) ? kOpaqueFill : 0);
        if (is_base) parts &= ~kFill;  // the clear drew it
        draw_layer(l->data, it->second, camera, pixel_ratio, l->opacity, stats, parts);
    }
    for (int id : doc.draw_order()) {
        const view::MapLayer* l = doc.layer(id);
        if (!l || !l->visible || l->overlay != overlays || l->opacity <= 0 || !l->data.style.outline_on_top)
            continue;
        if (auto it = layers_.find(id); it != layers_.end())
            draw_layer(l->data, it->second, camera, pixel_ratio, l->opacity, stats, kStrokes);
    }
    glBindVertexArray(0);
    return stats;
}

const GpuLayer* MapRenderer::highlight_layer(const std::string& key, const view::Document& doc,
                                             const view::Highlight& h, std::uint64_t revision, bool fill) {
    HighlightEntry& e = highlights_[key];
    if (e.gpu && e.revision == revision) return e.gpu.get();
    const view::MapLayer* l = doc.find(h.layer);
    gis::io::Layer features;
    features.info.name = key;
    if (l) {
        for (auto fid : h.fids)
            if (auto pos = l->data.find_fid(fid)) {
                gis::io::Feature f;
                f.fid = fid;
                f.geometry = l->data.features[*pos].geometry;
                features.features.push_back(std::move(f));
            }
    }
    view::LayerStyle style = view::overlay_style(key, h.colour);
    auto& s = style.styles.front();
    s.fill = fill ? h.colour.with_alpha(0.3f) : view::Colour{};
    s.stroke_width = fill ? 3.0f : 2.5f;
    s.casing_px = 1.2f;
    s.symbol_px = 22;
    s.symbol_fill = h.colour.with_alpha(0.0f);
    s.symbol_stroke = h.colour;
    s.shape = view::Shape::Circle;
    const gis::Point origin = doc.source() ? doc.source()->origin : gis::Point{};
    const view::TileGrid grid = doc.source() ? doc.source()->grid : view::TileGrid{};
    e.data = view::prepare_layer(std::move(features), std::move(style), origin, grid);
    for (auto& lod : e.data.lod) lod = std::numeric_limits<float>::infinity();  // a highlight always shows
    auto g = GpuLayer::upload(e.data);
    e.revision = revision;
    e.gpu = g ? std::make_unique<GpuLayer>(std::move(*g)) : nullptr;
    return e.gpu.get();
}

DrawStats MapRenderer::draw_highlights(const view::Document& doc, const view::Camera& camera,
                                       float pixel_ratio) {
    DrawStats stats;
    if (doc.presentation()) return stats;  // no tool's highlight, selection or hover before an audience
    set_map_state();
    const gis::Point origin = doc.source() ? doc.source()->origin : gis::Point{};
    for (const Program* p : {&fill_, &stroke_, &point_}) set_camera_uniforms(*p, camera, origin);
    auto draw = [&](const std::string& key, const view::Highlight& h, std::uint64_t revision, bool fill) {
        if (const GpuLayer* g = highlight_layer(key, doc, h, revision, fill))
            draw_layer(highlights_[key].data, *g, camera, pixel_ratio, 1.0f, stats);
    };
    std::uint64_t n = 0;
    for (const auto& [name, h] : doc.highlights()) {
        // The set's content decides whether its cached geometry is still right.
        std::uint64_t rev = std::hash<std::string>{}(h.layer) ^ (h.fids.size() * 0x9e3779b97f4a7c15ULL);
        for (auto f : h.fids) rev = rev * 31 + static_cast<std::uint64_t>(f);
        rev ^= static_cast<std::uint64_t>(h.colour.r * 255) << 8 ^
               static_cast<std::uint64_t>(h.colour.g * 255) << 16 ^
               static_cast<std::uint64_t>(h.colour.b * 255) << 24;
        draw("set:" + name, h, rev, true);
        ++n;
    }
    auto one = [&](const std::optional<view::FeatureRef>& ref, const char* key, const view::Colour& colour,
                   bool fill) {
        if (!ref) return;
        const view::MapLayer* l = doc.layer(ref->layer);
        const gis::io::Feature* f = doc.feature(*ref);
        if (!l || !f || !l->visible) return;
        view::Highlight h{l->name(), {f->fid}, colour};
        draw(key, h, (static_cast<std::uint64_t>(ref->layer) << 32) ^ ref->index ^ (l->data_revision << 48),
             fill);
    };
    one(doc.hover(), "hover", view::hover_colour(), false);
    one(doc.selection(), "selection", view::selection_colour(), true);
    glBindVertexArray(0);
    return stats;
}

}  // namespace app::render
