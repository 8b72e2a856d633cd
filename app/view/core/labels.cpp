#include "app/view/core/labels.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "gis/core/strings.hpp"

namespace app::view {

bool is_cjk_text(const std::vector<char32_t>& text) {
    return std::any_of(text.begin(), text.end(), [](char32_t c) {
        return (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xffef);
    });
}

namespace {

/// Boxes already taken, bucketed on a coarse screen grid.
class CollisionGrid {
  public:
    explicit CollisionGrid(double cell = 48) : cell_(cell) {}
    bool free(const gis::BBox& b) const {
        bool ok = true;
        visit(b, [&](long key) {
            auto it = cells_.find(key);
            if (it == cells_.end()) return;
            for (const auto& o : it->second)
                if (o.intersects(b)) ok = false;
        });
        return ok;
    }
    void insert(const gis::BBox& b) {
        visit(b, [&](long key) { cells_[key].push_back(b); });
    }

  private:
    template <class F>
    void visit(const gis::BBox& b, F&& f) const {
        const long x0 = static_cast<long>(std::floor(b.minx / cell_)),
                   x1 = static_cast<long>(std::floor(b.maxx / cell_));
        const long y0 = static_cast<long>(std::floor(b.miny / cell_)),
                   y1 = static_cast<long>(std::floor(b.maxy / cell_));
        for (long y = y0; y <= y1; ++y)
            for (long x = x0; x <= x1; ++x) f(y * 100003L + x);
    }
    double cell_;
    std::unordered_map<long, std::vector<gis::BBox>> cells_;
};

struct Candidate {
    const LabelCandidate* label;
    const LabelStyle* style;
    int layer_rank;
};

gis::BBox padded(const gis::BBox& b, double p) { return {b.minx - p, b.miny - p, b.maxx + p, b.maxy + p}; }

struct Placer {
    const Camera& cam;
    const GlyphMetrics& metrics;
    const LabelOptions& opt;
    CollisionGrid grid;
    std::vector<PlacedGlyph> out;
    gis::BBox screen;

    float size_of(const LabelStyle& s) const { return s.size_px * opt.pixel_ratio; }

    // A one-line run of glyphs with its top-left at (x, y).
    bool try_run(const std::vector<char32_t>& text, const LabelStyle& s, double x, double y, float width) {
        const float size = size_of(s);
        const gis::BBox box{x, y, x + width, y + size};
        if (!inside(box) || !grid.free(padded(box, opt.padding_px))) return false;
        grid.insert(box);
        float cx = static_cast<float>(x);
        for (char32_t cp : text) {
            out.push_back({cp, cx, static_cast<float>(y), size, s.colour, s.halo});
            cx += metrics.advance(cp, size);
        }
        return true;
    }

    bool inside(const gis::BBox& b) const {
        return b.minx >= screen.minx && b.miny >= screen.miny && b.maxx <= screen.maxx &&
               b.maxy <= screen.maxy;
    }

    float run_width(const std::vector<char32_t>& text, float size) const {
        float w = 0;
        for (char32_t cp : text) w += metrics.advance(cp, size);
        return w;
    }

    void place_point(const Candidate& c, const std::vector<char32_t>& text) {
        const LabelStyle& s = *c.style;
        const float size = size_of(s), w = run_width(text, size);
        const gis::Point p = cam.world_to_screen(c.label->anchor);
        const double off = s.offset_px * opt.pixel_ratio;
        if (off <= 0) {
            try_run(text, s, p.x - w / 2, p.y - size / 2, w);
            return;
        }
        if (!try_run(text, s, p.x + off, p.y - size / 2, w))
            try_run(text, s, p.x - off - w, p.y - size / 2, w);
    }

    void place_area(const Candidate& c, const std::vector<char32_t>& text) {
        const LabelStyle& s = *c.style;
        const float size = size_of(s), w = run_width(text, size);
        const double box_w = c.label->feature_box.width() / cam.metres_per_pixel();
        const double box_h = c.label->feature_box.height() / cam.metres_per_pixel();
        // The label must fit its feature: a number inside its building, a name inside its block.
        if (w > std::max(box_w, box_h) * 1.15 + 2 || size > std::max(box_w, box_h) + 2) return;
        const gis::Point p = cam.world_to_screen(c.label->anchor);
        try_run(text, s, p.x - w / 2, p.y - size / 2, w);
    }

    void place_line(const Candidate& c, const std::vector<char32_t>& text) {
        const LabelStyle& s = *c.style;
        const float size = size_of(s);
        if (!is_cjk_text(text)) {
            // Latin names stay horizontal, centred on the line's middle.
            const float w = run_width(text, size);
            const gis::Point p = cam.world_to_screen(c.label->anchor);
            try_run(text, s, p.x - w / 2, p.y - size / 2, w);
            return;
        }
        std::vector<gis::Point> pts;
        pts.reserve(c.label->path.size());
        for (const auto& w : c.label->path) pts.push_back(cam.world_to_screen(w));
        if (pts.size() < 2) return;
        // Read left to right, or top to bottom on steep streets.
        const gis::Point d{pts.back().x - pts.front().x, pts.back().y - pts.front().y};
        const bool steep = std::abs(d.y) > std::abs(d.x);
        if ((steep && d.y < 0) || (!steep && d.x < 0)) std::reverse(pts.begin(), pts.end());
        std::vector<double> cum(pts.size(), 0);
        for (std::size_t i = 1; i < pts.size(); ++i)
            cum[i] = cum[i - 1] + std::hypot(pts[i].x - pts[i - 1].x, pts[i].y - pts[i - 1].y);
        const double length = cum.back();
        const double step = size * (1 + s.letter_spacing * 2);
        const double label_len = step * static_cast<double>(text.size() - 1) + size;
        if (label_len > length * 0.9) return;
        auto at = [&](double t) {
            auto it = std::upper_bound(cum.begin(), cum.end(), t);
            std::size_t i =
                std::clamp<std::size_t>(static_cast<std::size_t>(it - cum.begin()), 1, pts.size() - 1);
            const double seg = cum[i] - cum[i - 1];
            const double u = seg > 0 ? (t - cum[i - 1]) / seg : 0;
            return gis::Point{pts[i - 1].x + (pts[i].x - pts[i - 1].x) * u,
                              pts[i - 1].y + (pts[i].y - pts[i - 1].y) * u};
        };
        // Repeat along long streets; try the visible stretch first.
        const double repeat = label_len + 360 * opt.pixel_ratio;
        const int copies = std::max(1, static_cast<int>(length / repeat));
        for (int k = 0; k < copies; ++k) {
            const double centre = length * (k + 0.5) / copies;
            for (double shift : {0.0, -0.2, 0.2, -0.35, 0.35}) {
                const double start = centre + shift * (length / copies) - label_len / 2;
                if (start < 0 || start + label_len > length) continue;
                std::vector<gis::BBox> boxes;
                std::vector<gis::Point> centres;
                bool ok = true;
                for (std::size_t g = 0; g < text.size() && ok; ++g) {
                    const gis::Point p = at(start + size / 2 + step * static_cast<double>(g));
                    const float adv = metrics.advance(text[g], size);
                    const gis::BBox b{p.x - adv / 2, p.y - size / 2, p.x + adv / 2, p.y + size / 2};
                    ok = inside(b) && grid.free(padded(b, opt.padding_px * 0.5));
                    boxes.push_back(b);
                    centres.push_back(p);
                }
                if (!ok) continue;
                for (std::size_t g = 0; g < text.size(); ++g) {
                    grid.insert(boxes[g]);
                    out.push_back({text[g], static_cast<float>(boxes[g].minx),
                                   static_cast<float>(boxes[g].miny), size, s.colour, s.halo});
                }
                break;
            }
        }
    }
};

}  // namespace

std::vector<PlacedGlyph> place_labels(const Document& doc, const Camera& camera, const GlyphMetrics& metrics,
                                      const LabelOptions& options) {
    const double mpp = camera.metres_per_pixel();
    const gis::BBox view = camera.visible_bbox();
    const auto& source = doc.source();
    std::vector<Candidate> cands;
    int rank = 0;
    for (int id : doc.draw_order()) {
        ++rank;
        const MapLayer* l = doc.layer(id);
        if (!l || !l->visible || l->opacity <= 0.05f || l->data.labels.empty()) continue;
        const auto& data = l->data;
        // A layer none of whose label classes shows at this scale is skipped without visiting its
        // labels (a city's building numbers at 1:180,000).
        bool any_style = false;
        for (const LabelStyle& s : data.style.label_styles)
            any_style = any_style || (mpp <= s.max_mpp && mpp >= s.min_mpp);
        if (!any_style) continue;
        const auto tiles = static_cast<int>(data.tiles.size());
        for (int t = 0; t < tiles; ++t) {
            const TileRun& run = data.tiles[static_cast<std::size_t>(t)];
            if (run.count == 0 || !run.bounds.intersects(view)) continue;
            if (static_cast<std::size_t>(t + 1) >= data.label_tile_first.size()) break;
            for (auto i = data.label_tile_first[static_cast<std::size_t>(t)];
                 i < data.label_tile_first[static_cast<std::size_t>(t) + 1]; ++i) {
                const LabelCandidate& c = data.labels[i];
                const LabelStyle& s = data.style.label_styles[static_cast<std::size_t>(c.style)];
                if (mpp > s.max_mpp || mpp < s.min_mpp) continue;
                if (data.lod[c.feature] < mpp) continue;
                if (!data.style.styles[data.style_index[c.feature]].visible) continue;
                if (!c.feature_box.intersects(view)) continue;
                cands.push_back({&c, &s, rank});
            }
        }
    }
    (void)source;
    std::stable_sort(cands.begin(), cands.end(), [](const Candidate& a, const Candidate& b) {
        if (a.style->priority != b.style->priority) return a.style->priority > b.style->priority;
        return a.layer_rank > b.layer_rank;
    });

    Placer placer{camera,          metrics, options,
                  CollisionGrid{}, {},      {4, 4, camera.width() - 4, camera.height() - 4}};
    for (const auto& r : options.reserved) placer.grid.insert(r);
    // Point symbols that carry labels are obstacles for other labels.
    for (const auto& c : cands)
        if (c.style->placement == LabelPlacement::Point && c.style->offset_px > 0) {
            const gis::Point p = camera.world_to_screen(c.label->anchor);
            const double r = c.style->offset_px * options.pixel_ratio * 0.6;
            placer.grid.insert({p.x - r, p.y - r, p.x + r, p.y + r});
        }
    for (const auto& c : cands) {
        const auto text = gis::utf8_decode(c.label->text);
        if (text.empty()) continue;
        switch (c.style->placement) {
            case LabelPlacement::Point:
                placer.place_point(c, text);
                break;
            case LabelPlacement::Area:
                placer.place_area(c, text);
                break;
            case LabelPlacement::Line:
                placer.place_line(c, text);
                break;
        }
    }
    return std::move(placer.out);
}

}  // namespace app::view
