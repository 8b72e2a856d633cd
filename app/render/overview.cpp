#include "app/render/overview.hpp"

#include <chrono>
#include <cmath>
#include <optional>
#include <vector>

#include "app/view/core/style.hpp"
#include "gis/core/hash.hpp"
#include "gis/core/paths.hpp"

namespace app::render {

namespace {
void mix_colour(gis::Fnv1a& f, const view::Colour& c) {
    for (float v : {c.r, c.g, c.b, c.a}) f.value(v);
}

/// The program's build and the GL renderer: a new build may draw differently.
std::uint64_t build_key() {
    static const std::uint64_t key = [] {
        gis::Fnv1a f;
        f.value(gis::file_state_key(gis::executable_path()));
        const auto* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
        f.text(renderer ? renderer : "");
        return f.h;
    }();
    return key;
}

void style_key(gis::Fnv1a& f, const view::LayerStyle& style) {
    f.value(style.outline_on_top);
    f.value(style.styles.size());
    for (const auto& s : style.styles) {
        f.text(s.legend);
        for (const auto* c : {&s.fill, &s.stroke, &s.casing, &s.symbol_fill, &s.symbol_stroke})
            mix_colour(f, *c);
        for (float v : {s.stroke_width, s.min_stroke_px, s.casing_px, s.dash_px, s.gap_px, s.symbol_px})
            f.value(v);
        f.value(s.stroke_unit);
        f.value(s.shape);
        f.value(s.max_mpp);
        f.value(s.outline_max_mpp);
        f.value(s.visible);
        f.value(s.otherwise);
        f.value(s.when.size());
        for (const auto& t : s.when) {
            f.text(t.field);
            f.value(t.op);
            f.value(t.numeric);
            f.text(t.missing);
            for (const auto& v : t.values) f.text(v);
        }
    }
}
}  // namespace

std::uint64_t content_key(const view::Document& doc, float pixel_ratio, int samples) {
    gis::Fnv1a f;
    f.value(static_cast<std::uint64_t>(pixel_ratio * 1000));
    f.value(samples);
    for (int id : doc.draw_order()) {
        const view::MapLayer* l = doc.layer(id);
        if (!l || l->overlay) continue;
        f.value(id);
        f.value(l->visible);
        f.value(static_cast<std::uint64_t>(l->opacity * 1000));
        f.value(l->style_revision);
        f.value(l->data_revision);
    }
    return f.h;
}

std::uint64_t disk_key(const view::Document& doc, float pixel_ratio, int samples) {
    gis::Fnv1a f;
    f.value(build_key());
    f.value(pixel_ratio);
    f.value(samples);
    f.value(Overview::kTilePx);
    mix_colour(f, view::map_background());
    for (int id : doc.draw_order()) {
        const view::MapLayer* l = doc.layer(id);
        if (!l || l->overlay) continue;
        f.text(l->name());
        f.value(l->visible);
        if (!l->visible || l->opacity <= 0) continue;
        if (l->data.source_key == 0) return 0;
        f.value(l->data.source_key);
        f.value(l->opacity);
        style_key(f, l->data.style);
    }
    return f.key();
}

void Overview::configure(std::size_t primitives, const gis::BBox& extent, double view_pixels,
                         double min_mpp) {
    const double area = extent.width() * extent.height();
    if (primitives <= kVectorBudget || !(area > 0)) {
        threshold_ = 0;
        return;
    }
    // Visible primitives at m metres per pixel, spread evenly: primitives * view_pixels * m^2 / area.
    const double t = std::sqrt(kVectorBudget * area / (static_cast<double>(primitives) * view_pixels));
    threshold_ = std::max({0.25, std::pow(2.0, std::floor(std::log2(t))), min_mpp});
    tiles_.clear();
}

double Overview::level_mpp(int level) const { return threshold_ * std::pow(2.0, level); }

void Overview::evict() {
    while (tiles_.size() > kMaxTiles) {
        auto oldest = tiles_.begin();
        for (auto it = tiles_.begin(); it != tiles_.end(); ++it)
            if (it->second.used < oldest->second.used) oldest = it;
        tiles_.erase(oldest);
    }
}

namespace {
void make_tile_texture(Texture& texture) {
    if (texture) return;
    texture = Texture::create();
    glBindTexture(GL_TEXTURE_2D, texture.id());
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, Overview::kTilePx, Overview::kTilePx, 0, GL_RGBA,
                 GL_UNSIGNED_BYTE, nullptr);
    // A tile is drawn at one to two texels a pixel (a coarser level's tile stands in magnified): its
    // one level, filtered, is the sharpest picture; no mipmaps, which would cost a third more memory
    // and their making, and blur it.
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}
}  // namespace

bool Overview::load(Tile& tile, const Key& key, std::uint64_t disk_set) {
    const auto [level, col, row] = key;
    auto rgb = disk_->load(disk_set, {level, col, row}, kTilePx);
    if (!rgb) return false;
    make_tile_texture(tile.texture);
    glBindTexture(GL_TEXTURE_2D, tile.texture.id());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, kTilePx, kTilePx, GL_RGB, GL_UNSIGNED_BYTE, rgb->data());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glBindTexture(GL_TEXTURE_2D, 0);
    return true;
}

bool Overview::build(Tile& tile, const Key& key, MapRenderer& renderer, const view::Document& doc,
                     float pixel_ratio, int samples, std::uint64_t disk_set) {
    if (!target_ || std::max(1, target_.samples()) != std::max(1, samples)) {
        auto fb = Framebuffer::create(kTilePx, kTilePx, samples);
        if (!fb) return false;
        target_ = std::move(*fb);
    }
    const auto [level, col, row] = key;
    const double mpp = level_mpp(level);
    const double size = kTilePx * mpp;
    const gis::Point origin = doc.source() ? doc.source()->grid.origin : gis::Point{};
    view::Camera cam(kTilePx, kTilePx);
    cam.set_metres_per_pixel(mpp);
    cam.set_center({origin.x + (col + 0.5) * size, origin.y + (row + 0.5) * size});

    GLint previous_fbo = 0, viewport[4];
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &previous_fbo);
    glGetIntegerv(GL_VIEWPORT, viewport);
    target_.bind();
    const view::Colour bg = view::map_background();
    glDisable(GL_SCISSOR_TEST);
    glClearColor(bg.r, bg.g, bg.b, 1);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
    renderer.draw_layers(doc, cam, pixel_ratio, false);
    target_.resolve();

    make_tile_texture(tile.texture);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, target_.resolved_fbo());
    glBindTexture(GL_TEXTURE_2D, tile.texture.id());
    glCopyTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, 0, 0, kTilePx, kTilePx);
    glBindTexture(GL_TEXTURE_2D, 0);
    if (disk_set) {
        std::vector<unsigned char> rgb(static_cast<std::size_t>(kTilePx) * kTilePx * 3);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadPixels(0, 0, kTilePx, kTilePx, GL_RGB, GL_UNSIGNED_BYTE, rgb.data());
        glPixelStorei(GL_PACK_ALIGNMENT, 4);
        disk_->store(disk_set, {level, col, row}, kTilePx, rgb);
    }
    glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previous_fbo));
    glViewport(viewport[0], viewport[1], viewport[2], viewport[3]);
    return true;
}

Overview::Result Overview::draw(MapRenderer& renderer, ScreenPainter& painter, const view::Document& doc,
                                const view::Camera& camera, float pixel_ratio, double budget_ms,
                                std::uint64_t content_key, int samples) {
    Result result;
    ++frame_;
    const double mpp = camera.metres_per_pixel();
    const int level = std::max(0, static_cast<int>(std::floor(std::log2(mpp / threshold_) + 1e-9)));
    const double lmpp = level_mpp(level);
    const double size = kTilePx * lmpp;
    const gis::Point origin = doc.source() ? doc.source()->grid.origin : gis::Point{};
    const gis::BBox view = camera.visible_bbox();
    gis::BBox data = doc.extent();
    const int c0 = static_cast<int>(std::floor((std::max(view.minx, data.minx) - origin.x) / size));
    const int c1 = static_cast<int>(std::floor((std::min(view.maxx, data.maxx) - origin.x) / size));
    const int r0 = static_cast<int>(std::floor((std::max(view.miny, data.miny) - origin.y) / size));
    const int r1 = static_cast<int>(std::floor((std::min(view.maxy, data.maxy) - origin.y) / size));
    const auto start = std::chrono::steady_clock::now();
    auto over_budget = [&] {
        if (budget_ms < 0) return false;
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() >
               budget_ms;
    };
    // Nearest tiles to the centre first, so that a limited budget fills the middle of the view.
    std::vector<std::pair<double, Key>> wanted;
    const gis::Point c = camera.center();
    for (int row = r0; row <= r1; ++row)
        for (int col = c0; col <= c1; ++col) {
            const double dx = origin.x + (col + 0.5) * size - c.x, dy = origin.y + (row + 0.5) * size - c.y;
            wanted.push_back({dx * dx + dy * dy, Key{level, col, row}});
        }
    std::sort(wanted.begin(), wanted.end());
    // The tiles on disk for this data and look (0: none kept), worked out when a tile is first missing.
    std::optional<std::uint64_t> disk_set;
    auto disk_set_now = [&]() -> std::uint64_t {
        if (!disk_set) {
            disk_set = 0;
            if (disk_) {
                const std::uint64_t look = disk_key(doc, pixel_ratio, samples);
                if (look) {
                    gis::Fnv1a f;
                    f.value(look);
                    f.value(threshold_);
                    f.value(origin);
                    disk_set = f.key();
                }
            }
        }
        return *disk_set;
    };
    for (const auto& [d, key] : wanted) {
        Tile& t = tiles_[key];
        t.used = frame_;
        if ((!t.texture || t.content != content_key) && !over_budget()) {
            const std::uint64_t set = disk_set_now();
            if (set && load(t, key, set)) {
                t.content = content_key;
                ++result.from_disk;
            } else if (build(t, key, renderer, doc, pixel_ratio, samples, set)) {
                t.content = content_key;
                ++result.built;
            }
        }
        if (!t.texture || t.content != content_key) ++result.missing;
    }
    glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
    // Draw: each wanted tile, or the nearest coarser cached tile's part over it.
    for (const auto& [d, key] : wanted) {
        auto [lv, col, row] = key;
        double tsize = size;
        double u0 = 0, v0 = 0, u1 = 1, v1 = 1;
        const Tile* t = nullptr;
        for (int up = 0; up <= 4; ++up) {
            const int L = lv + up;
            const int f = 1 << up;
            const int pc = col >= 0 ? col / f : -((-col + f - 1) / f),
                      pr = row >= 0 ? row / f : -((-row + f - 1) / f);
            auto it = tiles_.find({L, pc, pr});
            if (it != tiles_.end() && it->second.texture) {
                t = &it->second;
                const double cs = tsize * f;
                u0 = (col * tsize - pc * cs) / cs;
                u1 = u0 + 1.0 / f;
                v0 = (row * tsize - pr * cs) / cs;
                v1 = v0 + 1.0 / f;
                it->second.used = frame_;
                break;
            }
        }
        if (!t) continue;
        const gis::Point a = camera.world_to_screen({origin.x + col * tsize, origin.y + (row + 1) * tsize});
        const gis::Point b = camera.world_to_screen({origin.x + (col + 1) * tsize, origin.y + row * tsize});
        // Texture rows run bottom-up; the screen runs top-down.
        painter.image(static_cast<float>(a.x), static_cast<float>(a.y), static_cast<float>(b.x),
                      static_cast<float>(b.y), t->texture.id(), static_cast<float>(u0),
                      static_cast<float>(v1), static_cast<float>(u1), static_cast<float>(v0));
        ++result.drawn;
    }
    evict();
    return result;
}

}  // namespace app::render
