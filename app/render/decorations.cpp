#include "app/render/decorations.hpp"

#include <cmath>

#include "app/view/core/map_options.hpp"

namespace app::render {

namespace {
constexpr float kMargin = 14;
constexpr float kBarMaxPx = 160;
const view::Colour kInk = view::Colour::hex(0x2f2b27);
const view::Colour kPaper = view::Colour::hex(0xffffff);
const view::Colour kPanel = view::Colour::hex(0xffffff, 0.82f);
const view::Colour kNoHalo{};

struct Layout {
    float x0, y0, x1, y1;  // scale bar panel
    float ax, ay, ar;      // north arrow centre and radius
};

Layout layout(const view::Camera& camera, const DecorationOptions& o) {
    const float r = o.pixel_ratio;
    Layout l{};
    l.x0 = (kMargin + o.left_margin_px) * r;
    l.y1 = static_cast<float>(camera.height()) - (kMargin + o.bottom_margin_px) * r;
    l.x1 = l.x0 + (kBarMaxPx + 96) * r;
    l.y0 = l.y1 - 40 * r;
    // The north arrow right of the scale bar: the bottom-left corner is the one no panel, title block,
    // legend or caption takes, in the viewer, in presentations and in exports alike.
    l.ar = 20 * r;
    l.ax = l.x1 + (12 + 20) * r;
    l.ay = l.y1 - 22 * r;
    return l;
}
}  // namespace

std::vector<gis::BBox> decoration_boxes(const view::Camera& camera, const DecorationOptions& o) {
    const Layout l = layout(camera, o);
    return {{l.x0, l.y0, l.x1, l.y1},
            {l.ax - l.ar - 4, l.ay - l.ar - 22 * o.pixel_ratio, l.ax + l.ar + 4, l.ay + l.ar + 4}};
}

void draw_decorations(ScreenPainter& p, const LabelFont& font, const view::Camera& camera,
                      const DecorationOptions& o) {
    const float r = o.pixel_ratio;
    const Layout l = layout(camera, o);
    const ImVec2 w = font.white_uv();
    // The picture's own scale: its camera's metres per pixel (an export's, not the window's).
    const view::MapScale ms = view::map_scale(camera, r, kBarMaxPx);
    const view::ScaleBar& bar = ms.bar;
    const std::string& scale = ms.text;

    // Scale bar: a light panel, four alternating segments, "0" and the length, the scale beside.
    const float text_px = 12 * r;
    const float bx = l.x0 + 10 * r, by = l.y1 - 12 * r, bh = 6 * r;
    const auto bw = static_cast<float>(bar.pixels);
    auto width_of = [&](const std::string& t) {
        float x = 0;
        for (char c : t) x += font.advance(static_cast<unsigned char>(c), text_px);
        return x;
    };
    const float lw = width_of(bar.label), sw = width_of(scale);
    const float scale_x = bx + bw + lw / 2 + 12 * r;
    p.rect(l.x0, l.y0, scale_x + sw + 10 * r, l.y1, kPanel, w);
    p.rect(bx - r, by - r, bx + bw + r, by + bh + r, kInk, w);
    for (int i = 0; i < 4; ++i)
        p.rect(bx + bw * i / 4, by, bx + bw * (i + 1) / 4, by + bh, i % 2 == 0 ? kInk : kPaper, w);
    p.flush(font.texture(), true);
    const float ty = by - text_px - 5 * r;
    p.text("0", bx - font.advance('0', text_px) / 2, ty, text_px, kInk, kNoHalo, font);
    p.text(bar.label, bx + bw - lw / 2, ty, text_px, kInk, kNoHalo, font);
    p.text(scale, scale_x, by + bh / 2 - text_px / 2 - 1 * r, text_px, kInk, kNoHalo, font);
    p.flush(font.texture(), true);

    // North arrow: a split arrowhead turned to true north, "N" above it.
    const auto a = static_cast<float>(o.north_angle_rad);
    auto rot = [&](float x, float y) {
        const float c = std::cos(a), s = std::sin(a);
        return ImVec2{l.ax + x * c + y * s, l.ay - (-x * s + y * c)};
    };
    const float R = l.ar;
    p.triangle(rot(0, R), rot(-0.45f * R, -0.8f * R), rot(0, -0.45f * R), kInk, w);
    p.triangle(rot(0, R), rot(0, -0.45f * R), rot(0.45f * R, -0.8f * R), view::Colour::hex(0xb9b3aa), w);
    p.flush(font.texture(), true);
    const float n_px = 14 * r;
    const ImVec2 tip = rot(0, R + 10 * r);
    p.text("N", tip.x - font.advance('N', n_px) / 2, tip.y - n_px / 2 - 4 * r, n_px, kInk,
           view::Colour::hex(0xffffff, 0.9f), font);
    p.flush(font.texture(), true);
}

}  // namespace app::render
