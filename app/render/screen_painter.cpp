#include "app/render/screen_painter.hpp"

#include <cmath>

#include "gis/core/strings.hpp"

namespace app::render {

gis::Result<std::unique_ptr<ScreenPainter>> ScreenPainter::create() {
    std::unique_ptr<ScreenPainter> p(new ScreenPainter());
    auto prog = Program::from_files("screen.vert.glsl", "screen.frag.glsl");
    if (!prog) return prog.error();
    p->program_ = std::move(*prog);
    p->vao_ = VertexArray::create();
    p->vbo_ = Buffer::create();
    p->vao_.bind();
    glBindBuffer(GL_ARRAY_BUFFER, p->vbo_.id());
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(ScreenVertex), nullptr);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(ScreenVertex),
                          reinterpret_cast<const void*>(2 * sizeof(float)));
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 4, GL_FLOAT, GL_FALSE, sizeof(ScreenVertex),
                          reinterpret_cast<const void*>(4 * sizeof(float)));
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
    return p;
}

void ScreenPainter::begin(float width, float height) {
    width_ = width;
    height_ = height;
    vertices_.clear();
}

void ScreenPainter::rect(float x0, float y0, float x1, float y1, const view::Colour& c, ImVec2 w) {
    const ScreenVertex a{x0, y0, w.x, w.y, c.r, c.g, c.b, c.a}, b{x1, y0, w.x, w.y, c.r, c.g, c.b, c.a},
        d{x1, y1, w.x, w.y, c.r, c.g, c.b, c.a}, e{x0, y1, w.x, w.y, c.r, c.g, c.b, c.a};
    vertices_.insert(vertices_.end(), {a, b, d, a, d, e});
}

void ScreenPainter::triangle(ImVec2 a, ImVec2 b, ImVec2 c, const view::Colour& k, ImVec2 w) {
    vertices_.push_back({a.x, a.y, w.x, w.y, k.r, k.g, k.b, k.a});
    vertices_.push_back({b.x, b.y, w.x, w.y, k.r, k.g, k.b, k.a});
    vertices_.push_back({c.x, c.y, w.x, w.y, k.r, k.g, k.b, k.a});
}

void ScreenPainter::glyph_quad(const ImFontGlyph& g, float x, float y, float s, const view::Colour& c) {
    if (!g.Visible) return;
    const float x0 = x + g.X0 * s, y0 = y + g.Y0 * s, x1 = x + g.X1 * s, y1 = y + g.Y1 * s;
    const ScreenVertex a{x0, y0, g.U0, g.V0, c.r, c.g, c.b, c.a}, b{x1, y0, g.U1, g.V0, c.r, c.g, c.b, c.a},
        d{x1, y1, g.U1, g.V1, c.r, c.g, c.b, c.a}, e{x0, y1, g.U0, g.V1, c.r, c.g, c.b, c.a};
    vertices_.insert(vertices_.end(), {a, b, d, a, d, e});
}

void ScreenPainter::glyphs(const std::vector<view::PlacedGlyph>& glyphs, const LabelFont& font) {
    // What was queued before (drawn from the font's texture, as the caller flushes) goes first.
    if (!vertices_.empty()) flush(font.texture(), true);
    const auto& m = font.halo_margin();
    for (int pass = 0; pass < 2; ++pass) {
        for (const auto& pg : glyphs) {
            if (pass == 0 && !pg.halo.visible()) continue;
            float scale = 1;
            const ImFont* f = font.font_for(pg.size_px, scale);
            const ImFontGlyph* g = f->FindGlyph(static_cast<ImWchar>(pg.cp < 0x10000 ? pg.cp : 0xfffd));
            if (!g || !g->Visible) continue;
            // Snap to whole pixels: the atlas was rasterised at this size.
            const float x = std::round(pg.x), y = std::round(pg.y);
            if (pass == 1) {
                glyph_quad(*g, x, y, scale, pg.colour);
                continue;
            }
            ImFontGlyph halo = *g;
            halo.X0 -= m.x, halo.X1 += m.x, halo.Y0 -= m.y, halo.Y1 += m.y;
            halo.U0 -= m.u, halo.U1 += m.u, halo.V0 -= m.v, halo.V1 += m.v;
            glyph_quad(halo, x, y, scale, pg.halo);
        }
        if (pass == 0) flush(font.halo_texture(), true);
    }
}

float ScreenPainter::text(const std::string& utf8, float x, float y, float size_px,
                          const view::Colour& colour, const view::Colour& halo, const LabelFont& font) {
    std::vector<view::PlacedGlyph> run;
    float cx = x;
    for (char32_t cp : gis::utf8_decode(utf8)) {
        run.push_back({cp, cx, y, size_px, colour, halo});
        cx += font.advance(cp, size_px);
    }
    glyphs(run, font);
    return cx - x;
}

void ScreenPainter::flush(GLuint texture, bool alpha_texture, bool blend) {
    if (vertices_.empty()) return;
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_STENCIL_TEST);
    glDisable(GL_CULL_FACE);
    glDisable(GL_SCISSOR_TEST);
    if (blend)
        glEnable(GL_BLEND);
    else
        glDisable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    program_.use();
    glUniform2f(program_.uniform("u_viewport"), width_, height_);
    glUniform1i(program_.uniform("u_texture"), 0);
    glUniform1i(program_.uniform("u_alpha_texture"), alpha_texture ? 1 : 0);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, texture);
    vao_.bind();
    vbo_.upload(GL_ARRAY_BUFFER, vertices_.data(), vertices_.size() * sizeof(ScreenVertex), GL_STREAM_DRAW);
    glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(vertices_.size()));
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
    vertices_.clear();
}

void ScreenPainter::image(float x0, float y0, float x1, float y1, GLuint texture, float u0, float v0,
                          float u1, float v1) {
    std::vector<ScreenVertex> keep;
    keep.swap(vertices_);
    const ScreenVertex a{x0, y0, u0, v0, 1, 1, 1, 1}, b{x1, y0, u1, v0, 1, 1, 1, 1},
        d{x1, y1, u1, v1, 1, 1, 1, 1}, e{x0, y1, u0, v1, 1, 1, 1, 1};
    vertices_ = {a, b, d, a, d, e};
    flush(texture, false, false);  // an overview tile is opaque: nothing under it to blend with
    glDisable(GL_BLEND);
    vertices_.swap(keep);
}

}  // namespace app::render
