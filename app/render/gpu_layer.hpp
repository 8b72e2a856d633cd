#pragma once
/// @file
/// One layer's geometry on the GPU, uploaded once: fill triangles (vertex + index buffers), segments and
/// point symbols (buffer textures read by vertex-attribute-free shaders), and a small style table
/// texture (8 RGBA32F texels per style) that legend toggles rewrite without touching the geometry.

#include <cstdint>

#include "app/render/gl_objects.hpp"
#include "app/view/core/prepared_layer.hpp"

namespace app::render {

/// Texels per style row of the style table (see shaders/fill.vert.glsl).
inline constexpr int kStyleTexels = 8;

class GpuLayer {
  public:
    /// Uploads the layer's arrays. Errors when a buffer exceeds what the driver can address.
    static gis::Result<GpuLayer> upload(const view::PreparedLayer& layer);

    /// Rewrites the style table from the layer's styles.
    void update_styles(const view::LayerStyle& style);

    const VertexArray& fill_vao() const { return fill_vao_; }
    GLuint segment_texture() const { return seg_tex_.id(); }
    GLuint point_texture() const { return point_tex_.id(); }
    GLuint style_texture() const { return style_tex_.id(); }
    bool has_fill() const { return fill_index_count_ > 0; }
    bool has_segments() const { return segment_count_ > 0; }
    bool has_points() const { return point_count_ > 0; }
    std::size_t bytes() const { return bytes_; }

    std::uint64_t data_revision = 0;
    std::uint64_t style_revision = 0;

  private:
    VertexArray fill_vao_;
    Buffer fill_vbo_, fill_ibo_, seg_buf_, point_buf_;
    Texture seg_tex_, point_tex_, style_tex_;
    std::size_t fill_index_count_ = 0, segment_count_ = 0, point_count_ = 0, bytes_ = 0;
};

}  // namespace app::render
