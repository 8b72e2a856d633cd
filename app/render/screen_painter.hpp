#pragma once
/// @file
/// Screen-space drawing in pixels (origin top-left): label glyphs with a halo, the scale bar and north
/// arrow, and textured quads (overview tiles). Vertices are collected, then drawn in one call per
/// texture.

#include <memory>
#include <vector>

#include "app/render/fonts.hpp"
#include "app/render/gl_objects.hpp"
#include "app/view/core/labels.hpp"

namespace app::render {

struct ScreenVertex {
    float x, y, u, v;
    float r, g, b, a;
};

class ScreenPainter {
  public:
    static gis::Result<std::unique_ptr<ScreenPainter>> create();

    /// Starts a batch for a target of this size.
    void begin(float width, float height);
    void rect(float x0, float y0, float x1, float y1, const view::Colour& c, ImVec2 white_uv);
    void triangle(ImVec2 a, ImVec2 b, ImVec2 c, const view::Colour& colour, ImVec2 white_uv);
    /// Label glyphs: every halo first (one quad each from the font's halo atlas, drawn at once), then the
    /// text (left for the caller's flush with the font's texture).
    void glyphs(const std::vector<view::PlacedGlyph>& glyphs, const LabelFont& font);
    /// A run of text with its top-left at (x, y).
    float text(const std::string& utf8, float x, float y, float size_px, const view::Colour& colour,
               const view::Colour& halo, const LabelFont& font);
    /// Draws and empties the batch with `texture` (alpha_texture: a glyph atlas); `blend` false for
    /// opaque images (overview tiles).
    void flush(GLuint texture, bool alpha_texture, bool blend = true);
    /// Draws one textured quad now (an overview tile), without blending.
    void image(float x0, float y0, float x1, float y1, GLuint texture, float u0, float v0, float u1,
               float v1);

  private:
    ScreenPainter() = default;
    void glyph_quad(const ImFontGlyph& g, float x, float y, float scale, const view::Colour& c);
    Program program_;
    VertexArray vao_;
    Buffer vbo_;
    std::vector<ScreenVertex> vertices_;
    float width_ = 1, height_ = 1;
};

}  // namespace app::render
