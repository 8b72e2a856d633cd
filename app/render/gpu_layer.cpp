#include "app/render/gpu_layer.hpp"

#include <cmath>
#include <vector>

#include "gis/core/i18n.hpp"

namespace app::render {

namespace {
constexpr float kHuge = 1e30f;
float finite_or_huge(double v) { return std::isfinite(v) ? static_cast<float>(v) : kHuge; }
void put(std::vector<float>& out, const view::Colour& c) { out.insert(out.end(), {c.r, c.g, c.b, c.a}); }
}  // namespace

gis::Result<GpuLayer> GpuLayer::upload(const view::PreparedLayer& layer) {
    GLint max_texels = 0;
    glGetIntegerv(GL_MAX_TEXTURE_BUFFER_SIZE, &max_texels);
    const auto limit = static_cast<std::size_t>(std::max(max_texels, 0));
    if (layer.segments.size() * 2 > limit || layer.points.size() > limit)
        return gis::make_error(
            gis::ErrorCode::BadInput,
            gis::i18n::format(_("layer '{0}' has more line segments or points than this GPU "
                                "can hold ({1} texels per buffer)"),
                              layer.name, limit));
    GpuLayer g;
    if (!layer.fill_indices.empty()) {
        g.fill_vao_ = VertexArray::create();
        g.fill_vao_.bind();
        g.fill_vbo_ = Buffer::create();
        g.fill_vbo_.upload(GL_ARRAY_BUFFER, layer.fill_vertices.data(),
                           layer.fill_vertices.size() * sizeof(view::FillVertex));
        g.fill_ibo_ = Buffer::create();
        g.fill_ibo_.upload(GL_ELEMENT_ARRAY_BUFFER, layer.fill_indices.data(),
                           layer.fill_indices.size() * sizeof(std::uint32_t));
        glEnableVertexAttribArray(0);
        glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(view::FillVertex), nullptr);
        glEnableVertexAttribArray(1);
        glVertexAttribPointer(1, 1, GL_FLOAT, GL_FALSE, sizeof(view::FillVertex),
                              reinterpret_cast<const void*>(offsetof(view::FillVertex, style)));
        glBindVertexArray(0);
        g.fill_index_count_ = layer.fill_indices.size();
        g.bytes_ += g.fill_vbo_.size() + g.fill_ibo_.size();
    }
    if (!layer.segments.empty()) {
        g.seg_buf_ = Buffer::create();
        g.seg_buf_.upload(GL_TEXTURE_BUFFER, layer.segments.data(),
                          layer.segments.size() * sizeof(view::Segment));
        g.seg_tex_ = Texture::for_buffer(g.seg_buf_, GL_RGBA32F);
        g.segment_count_ = layer.segments.size();
        g.bytes_ += g.seg_buf_.size();
    }
    if (!layer.points.empty()) {
        g.point_buf_ = Buffer::create();
        g.point_buf_.upload(GL_TEXTURE_BUFFER, layer.points.data(),
                            layer.points.size() * sizeof(view::PointSymbol));
        g.point_tex_ = Texture::for_buffer(g.point_buf_, GL_RGBA32F);
        g.point_count_ = layer.points.size();
        g.bytes_ += g.point_buf_.size();
    }
    glBindBuffer(GL_TEXTURE_BUFFER, 0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
    g.style_tex_ = Texture::create();
    g.update_styles(layer.style);
    return g;
}

void GpuLayer::update_styles(const view::LayerStyle& style) {
    std::vector<float> t;
    t.reserve(style.styles.size() * kStyleTexels * 4);
    for (const auto& s : style.styles) {
        put(t, s.fill);
        put(t, s.stroke);
        put(t, s.casing);
        put(t, s.symbol_fill);
        put(t, s.symbol_stroke);
        t.insert(t.end(), {s.stroke_width, s.stroke_unit == view::Unit::Metres ? 1.0f : 0.0f, s.casing_px,
                           s.min_stroke_px});
        t.insert(t.end(), {s.dash_px, s.gap_px, static_cast<float>(s.shape), s.symbol_px});
        t.insert(t.end(), {s.visible ? 1.0f : 0.0f, finite_or_huge(s.max_mpp),
                           finite_or_huge(s.outline_max_mpp), 0.0f});
    }
    glBindTexture(GL_TEXTURE_2D, style_tex_.id());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA32F, kStyleTexels, static_cast<GLsizei>(style.styles.size()), 0,
                 GL_RGBA, GL_FLOAT, t.data());
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glBindTexture(GL_TEXTURE_2D, 0);
}

}  // namespace app::render
