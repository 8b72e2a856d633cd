// Turns a layer read from a data set into arrays ready for the GPU (see prepared_layer.hpp).

#include <algorithm>
#include <cmath>
#include <numeric>

#include "app/view/core/prepared_layer.hpp"
#include "gis/core/strings.hpp"
#include "gis/geom/triangulate.hpp"

namespace app::view {

std::optional<std::uint32_t> PreparedLayer::find_fid(std::int64_t fid) const {
    auto it = std::lower_bound(by_fid.begin(), by_fid.end(), std::pair<std::int64_t, std::uint32_t>{fid, 0});
    if (it == by_fid.end() || it->first != fid) return std::nullopt;
    return it->second;
}

void PreparedLayer::release_gpu_arrays() {
    if (!released_primitives) released_primitives = primitive_count();
    std::vector<FillVertex>().swap(fill_vertices);
    std::vector<std::uint32_t>().swap(fill_indices);
    std::vector<Segment>().swap(segments);
    std::vector<PointSymbol>().swap(points);
}

void PreparedLayer::make_generalised(double min_mpp) {
    generalised = true;
    std::vector<std::pair<std::int64_t, std::uint32_t>>().swap(by_fid);
    const bool polygons = std::any_of(features.begin(), features.end(),
                                      [](const gis::io::Feature& f) { return !f.geometry.polygons.empty(); });
    const bool outlines = std::any_of(style.styles.begin(), style.styles.end(),
                                      [&](const FeatureStyle& s) { return s.outline_max_mpp >= min_mpp; });
    if (polygons && !outlines) {
        std::vector<Segment>().swap(segments);
        for (auto& s : spans) s.seg_first = s.seg_count = 0;
    }
    for (auto& f : features) f.geometry = {};
}

bool is_convex_ring(const gis::Ring& ring) {
    const std::size_t n = ring.size() >= 2 && ring.front() == ring.back() ? ring.size() - 1 : ring.size();
    if (n < 3) return false;
    int sign = 0, x_flips = 0, y_flips = 0;
    double last_dx = 0, last_dy = 0;
    for (std::size_t i = 0; i < n + 1; ++i) {
        const gis::Point& a = ring[i % n];
        const gis::Point& b = ring[(i + 1) % n];
        const gis::Point& c = ring[(i + 2) % n];
        const double dx = b.x - a.x, dy = b.y - a.y;
        const double cross = dx * (c.y - b.y) - dy * (c.x - b.x);
        if (!std::isfinite(cross)) return false;
        if (cross != 0) {
            const int s = cross > 0 ? 1 : -1;
            if (sign != 0 && s != sign) return false;
            sign = s;
        }
        // A simple convex ring changes direction along each axis exactly twice.
        if (i < n) {
            if (dx != 0) {
                if (last_dx != 0 && (dx > 0) != (last_dx > 0)) ++x_flips;
                last_dx = dx;
            }
            if (dy != 0) {
                if (last_dy != 0 && (dy > 0) != (last_dy > 0)) ++y_flips;
                last_dy = dy;
            }
        }
    }
    return sign != 0 && x_flips <= 2 && y_flips <= 2;
}

void triangulate_polygon(const gis::Polygon& poly, const gis::Point& origin, float style,
                         std::vector<FillVertex>& vertices, std::vector<std::uint32_t>& indices) {
    auto base = static_cast<std::uint32_t>(vertices.size());
    if (poly.holes.empty() && is_convex_ring(poly.outer)) {
        const std::size_t n =
            poly.outer.front() == poly.outer.back() ? poly.outer.size() - 1 : poly.outer.size();
        for (std::size_t i = 0; i < n; ++i)
            vertices.push_back({static_cast<float>(poly.outer[i].x - origin.x),
                                static_cast<float>(poly.outer[i].y - origin.y), style});
        for (std::size_t i = 1; i + 1 < n; ++i) {
            indices.push_back(base);
            indices.push_back(base + static_cast<std::uint32_t>(i));
            indices.push_back(base + static_cast<std::uint32_t>(i + 1));
        }
        return;
    }
    gis::geom::Triangles t;
    gis::geom::triangulate(poly, t);
    for (const auto& p : t.vertices)
        vertices.push_back({static_cast<float>(p.x - origin.x), static_cast<float>(p.y - origin.y), style});
    for (auto i : t.indices) indices.push_back(base + i);
}

namespace {

bool point_in_ring(const gis::Ring& r, const gis::Point& p) {
    bool in = false;
    for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
        if ((r[i].y > p.y) != (r[j].y > p.y) &&
            p.x < (r[j].x - r[i].x) * (p.y - r[i].y) / (r[j].y - r[i].y) + r[i].x)
            in = !in;
    }
    return in;
}

bool point_in_polygon(const gis::Polygon& poly, const gis::Point& p) {
    if (poly.outer.size() < 3 || !point_in_ring(poly.outer, p)) return false;
    for (const auto& h : poly.holes)
        if (h.size() >= 3 && point_in_ring(h, p)) return false;
    return true;
}

}  // namespace

gis::Point label_point(const gis::Polygon& poly) {
    const gis::Ring& r = poly.outer;
    if (r.empty()) return {};
    double a2 = 0, cx = 0, cy = 0;
    const gis::Point o = r.front();  // relative coordinates keep the sums precise
    for (std::size_t i = 0; i + 1 < r.size(); ++i) {
        const double x0 = r[i].x - o.x, y0 = r[i].y - o.y, x1 = r[i + 1].x - o.x, y1 = r[i + 1].y - o.y;
        const double c = x0 * y1 - x1 * y0;
        a2 += c;
        cx += (x0 + x1) * c;
        cy += (y0 + y1) * c;
    }
    gis::Point c = gis::bbox_of(r).center();
    if (a2 != 0) c = {o.x + cx / (3 * a2), o.y + cy / (3 * a2)};
    if (point_in_polygon(poly, c)) return c;
    // Concave or holed: the middle of the widest run of a horizontal line through the centre.
    std::vector<double> xs;
    auto cut = [&](const gis::Ring& ring) {
        for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
            const auto& p = ring[i];
            const auto& q = ring[i + 1];
            if ((p.y > c.y) != (q.y > c.y)) xs.push_back(p.x + (c.y - p.y) * (q.x - p.x) / (q.y - p.y));
        }
    };
    cut(r);
    for (const auto& h : poly.holes) cut(h);
    std::sort(xs.begin(), xs.end());
    double best = -1;
    gis::Point out = c;
    for (std::size_t i = 0; i + 1 < xs.size(); i += 2)
        if (xs[i + 1] - xs[i] > best) {
            best = xs[i + 1] - xs[i];
            out = {(xs[i] + xs[i + 1]) / 2, c.y};
        }
    return out;
}

namespace {

struct Builder {
    PreparedLayer& out;
    const gis::Point origin;

    float fx(double x) const { return static_cast<float>(x - origin.x); }
    float fy(double y) const { return static_cast<float>(y - origin.y); }

    void add_line(const std::vector<gis::Point>& pts, float style, float width, bool closed) {
        std::size_t n = pts.size();
        if (closed && n >= 2 && pts.front() == pts.back()) --n;
        if (n < 2) return;
        const std::size_t segs = closed ? n : n - 1;
        double dist = 0;
        const auto first = out.segments.size();
        for (std::size_t i = 0; i < segs; ++i) {
            const gis::Point& a = pts[i];
            const gis::Point& b = pts[(i + 1) % n];
            const double len = std::hypot(b.x - a.x, b.y - a.y);
            if (!(len > 0)) continue;
            out.segments.push_back(
                {fx(a.x), fy(a.y), fx(b.x), fy(b.y), style, 0, width, static_cast<float>(dist)});
            dist += len;
        }
        if (!closed && out.segments.size() > first) {
            out.segments[first].flags += kSegmentStartsLine;
            out.segments.back().flags += kSegmentEndsLine;
        }
    }
};

/// Marks the characters of the Basic Multilingual Plane beyond ASCII that `s` uses (decoded in place:
/// this runs for every string value of every feature).
void collect_code_points(const std::string& s, std::vector<bool>& seen) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const auto* end = p + s.size();
    while (p < end) {
        const unsigned char c = *p;
        if (c < 0x80) {
            ++p;
        } else if ((c & 0xE0) == 0xC0 && end - p >= 2) {
            seen[((c & 0x1Fu) << 6) | (p[1] & 0x3Fu)] = true;
            p += 2;
        } else if ((c & 0xF0) == 0xE0 && end - p >= 3) {
            seen[((c & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu)] = true;
            p += 3;
        } else {
            ++p;  // beyond the BMP (no glyphs for it in the UI font) or not UTF-8
        }
    }
}

}  // namespace

PreparedLayer prepare_layer(gis::io::Layer layer, LayerStyle style, const gis::Point& origin,
                            const TileGrid& grid, const std::vector<gis::geom::Triangles>* triangles) {
    PreparedLayer out;
    out.name = layer.info.name;
    out.info = std::move(layer.info);
    out.style = std::move(style);
    if (out.style.styles.empty()) out.style.styles.push_back({});
    const BoundRules rules = out.style.bind ? out.style.bind(out.info) : BoundRules{};
    const auto n_styles = static_cast<int>(out.style.styles.size());

    auto& src = layer.features;
    const std::size_t n = src.size();
    std::vector<std::uint16_t> style_of(n);
    std::vector<float> lod(n), width(n);
    std::vector<int> tile(n);
    std::vector<gis::BBox> box(n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto& f = src[i];
        const int s = rules.style_of ? std::clamp(rules.style_of(f), 0, n_styles - 1) : 0;
        style_of[i] = static_cast<std::uint16_t>(s);
        width[i] = rules.width_of ? rules.width_of(f) : std::nanf("");
        box[i] = f.geometry.bbox();
        out.extent.expand(box[i]);
        tile[i] = grid.tile_of(f.geometry);
        const FeatureStyle& fs = out.style.styles[s];
        double size_lod = kAlways;
        if (f.geometry.points.empty()) {
            const double diag = std::hypot(box[i].width(), box[i].height());
            // Metre-wide lines stay as wide as they are long.
            const double w = fs.stroke_unit == Unit::Metres && std::isfinite(width[i]) ? width[i] : 0;
            size_lod = std::max(diag, w) / kMinFeaturePixels;
        }
        lod[i] = static_cast<float>(std::min(fs.max_mpp, size_lod));
    }

    std::vector<std::uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        if (tile[a] != tile[b]) return tile[a] < tile[b];
        return lod[a] > lod[b];
    });

    // The GPU arrays' sizes, counted first: growing them by doubling would touch (and zero) twice the
    // memory and copy it, which dominates the load of a city-sized layer.
    {
        std::size_t segs = 0, pts = 0, fill_v = 0, fill_i = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const auto& g = src[i].geometry;
            const FeatureStyle& fs = out.style.styles[style_of[i]];
            for (const auto& poly : g.polygons) {
                std::size_t ring_points = poly.outer.size();
                for (const auto& h : poly.holes) ring_points += h.size();
                if (fs.fill.visible()) {
                    fill_v += ring_points;
                    fill_i += 3 * (ring_points + 2 * poly.holes.size());
                }
                if (fs.stroke.visible() && fs.stroke_width > 0) segs += ring_points;
            }
            for (const auto& l : g.lines) segs += l.size();
            pts += g.points.size();
        }
        out.segments.reserve(segs);
        out.points.reserve(pts);
        out.fill_vertices.reserve(fill_v);
        out.fill_indices.reserve(fill_i);
    }

    out.tiles.assign(static_cast<std::size_t>(grid.count()), {});
    out.features.reserve(n);
    out.style_index.reserve(n);
    out.lod.reserve(n);
    out.spans.reserve(n);
    out.by_fid.reserve(n);
    std::vector<bool> seen(0x10000, false);
    Builder b{out, origin};
    std::vector<std::pair<std::uint32_t, LabelCandidate>> labels;  // (tile, candidate)
    for (std::uint32_t pos = 0; pos < n; ++pos) {
        const std::uint32_t i = order[pos];
        auto& f = src[i];
        const FeatureStyle& fs = out.style.styles[style_of[i]];
        const auto s = static_cast<float>(style_of[i]);
        FeatureSpan span;
        span.fill_first = static_cast<std::uint32_t>(out.fill_indices.size());
        span.seg_first = static_cast<std::uint32_t>(out.segments.size());
        span.point_first = static_cast<std::uint32_t>(out.points.size());
        const float w = std::isfinite(width[i]) ? width[i] : fs.stroke_width;
        const gis::geom::Triangles* stored =
            triangles && i < triangles->size() && !(*triangles)[i].indices.empty() ? &(*triangles)[i]
                                                                                   : nullptr;
        if (stored && fs.fill.visible()) {
            const auto base = static_cast<std::uint32_t>(out.fill_vertices.size());
            for (const auto& p : stored->vertices)
                out.fill_vertices.push_back(
                    {static_cast<float>(p.x - origin.x), static_cast<float>(p.y - origin.y), s});
            for (auto k : stored->indices) out.fill_indices.push_back(base + k);
        }
        for (const auto& poly : f.geometry.polygons) {
            if (fs.fill.visible() && !stored)
                triangulate_polygon(poly, origin, s, out.fill_vertices, out.fill_indices);
            if (fs.stroke.visible() && fs.stroke_width > 0) {
                b.add_line(poly.outer, s, w, true);
                for (const auto& h : poly.holes) b.add_line(h, s, w, true);
            }
        }
        for (const auto& l : f.geometry.lines) b.add_line(l, s, w, false);
        for (const auto& p : f.geometry.points) out.points.push_back({b.fx(p.x), b.fy(p.y), s, 0});
        span.fill_count = static_cast<std::uint32_t>(out.fill_indices.size()) - span.fill_first;
        span.seg_count = static_cast<std::uint32_t>(out.segments.size()) - span.seg_first;
        span.point_count = static_cast<std::uint32_t>(out.points.size()) - span.point_first;

        TileRun& run = out.tiles[static_cast<std::size_t>(tile[i])];
        if (run.count == 0) run.first = pos;
        ++run.count;
        run.bounds.expand(box[i]);

        if (rules.label_of && !out.style.label_styles.empty()) {
            if (auto spec = rules.label_of(f)) {
                LabelCandidate c;
                c.feature = pos;
                c.style = std::clamp(spec->style, 0, static_cast<int>(out.style.label_styles.size()) - 1);
                c.text = std::move(spec->text);
                c.feature_box = box[i];
                const auto& g = f.geometry;
                if (!g.points.empty()) {
                    c.anchor = g.points.front();
                } else if (!g.lines.empty()) {
                    const auto longest = std::max_element(
                        g.lines.begin(), g.lines.end(),
                        [](const auto& a, const auto& b) { return gis::length_of(a) < gis::length_of(b); });
                    c.path = *longest;
                    c.anchor = c.path[c.path.size() / 2];
                } else if (!g.polygons.empty()) {
                    const auto largest = std::max_element(
                        g.polygons.begin(), g.polygons.end(), [](const auto& a, const auto& b) {
                            return std::abs(gis::signed_area(a.outer)) < std::abs(gis::signed_area(b.outer));
                        });
                    c.anchor = label_point(*largest);
                }
                if (!g.empty()) labels.emplace_back(static_cast<std::uint32_t>(tile[i]), std::move(c));
            }
        }
        for (const auto& v : f.values)
            if (const auto* str = std::get_if<std::string>(&v)) collect_code_points(*str, seen);

        out.by_fid.emplace_back(f.fid, pos);
        out.features.push_back(std::move(f));
        out.style_index.push_back(style_of[i]);
        out.lod.push_back(lod[i]);
        out.spans.push_back(span);
    }
    std::sort(out.by_fid.begin(), out.by_fid.end());

    // Labels grouped by tile (already in tile order, as the features are).
    out.label_tile_first.assign(static_cast<std::size_t>(grid.count()) + 1, 0);
    out.labels.reserve(labels.size());
    std::size_t k = 0;
    for (int t = 0; t < grid.count(); ++t) {
        out.label_tile_first[static_cast<std::size_t>(t)] = static_cast<std::uint32_t>(out.labels.size());
        while (k < labels.size() && labels[k].first == static_cast<std::uint32_t>(t))
            out.labels.push_back(std::move(labels[k++].second));
    }
    out.label_tile_first.back() = static_cast<std::uint32_t>(out.labels.size());
    std::vector<bool> label_seen(0x10000, false);
    for (const auto& l : out.labels) collect_code_points(l.text, label_seen);
    for (char32_t cp = 0x80; cp < seen.size(); ++cp) {
        if (seen[cp] || label_seen[cp]) out.code_points.push_back(cp);
        if (label_seen[cp]) out.label_code_points.push_back(cp);
    }
    return out;
}

}  // namespace app::view
