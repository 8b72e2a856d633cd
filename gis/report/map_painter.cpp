#include "gis/report/map_painter.hpp"

#include <cairo.h>

#include <algorithm>
#include <cmath>

#include "gis/core/cjk_font.hpp"
#include "gis/core/terminal_text.hpp"

namespace gis::report {
namespace {

struct Transform {
    double scale = 1, ox = 0, oy = 0;  // page = (world - origin) * scale, y flipped
    double wx0 = 0, wy1 = 0;
    Point page(const Point& p) const { return {ox + (p.x - wx0) * scale, oy + (wy1 - p.y) * scale}; }
};

Transform fit(const MapFrame& f) {
    Transform t;
    double sx = f.w / std::max(f.world.width(), 1e-9), sy = f.h / std::max(f.world.height(), 1e-9);
    t.scale = std::min(sx, sy);
    Point c = f.world.center();
    t.wx0 = c.x - f.w / 2 / t.scale;
    t.wy1 = c.y + f.h / 2 / t.scale;
    t.ox = f.x;
    t.oy = f.y;
    return t;
}

void path_ring(cairo_t* cr, const Transform& t, const Ring& r) {
    for (std::size_t i = 0; i < r.size(); ++i) {
        Point p = t.page(r[i]);
        if (i == 0)
            cairo_move_to(cr, p.x, p.y);
        else
            cairo_line_to(cr, p.x, p.y);
    }
    cairo_close_path(cr);
}

void path_polygon(cairo_t* cr, const Transform& t, const Polygon& poly) {
    path_ring(cr, t, poly.outer);
    for (const auto& h : poly.holes) path_ring(cr, t, h);
}

void path_line(cairo_t* cr, const Transform& t, const LineString& l) {
    for (std::size_t i = 0; i < l.size(); ++i) {
        Point p = t.page(l[i]);
        if (i == 0)
            cairo_move_to(cr, p.x, p.y);
        else
            cairo_line_to(cr, p.x, p.y);
    }
}

void set(cairo_t* cr, const Rgb& c, double alpha = 1.0) { cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha); }

Rgb mute(const Rgb& c, bool muted) {
    if (!muted) return c;
    double g = 0.3 * c.r + 0.59 * c.g + 0.11 * c.b;
    return {0.55 * g + 0.45, 0.55 * g + 0.45, 0.55 * g + 0.45};
}

void fill_polygon(cairo_t* cr, const Transform& t, const Polygon& p, const Rgb& fill,
                  const Rgb* stroke = nullptr, double width = 0.4, double alpha = 1.0) {
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    path_polygon(cr, t, p);
    set(cr, fill, alpha);
    if (stroke) {
        cairo_fill_preserve(cr);
        set(cr, *stroke);
        cairo_set_line_width(cr, width);
        cairo_stroke(cr);
    } else {
        cairo_fill(cr);
    }
}

Rgb surface_colour(const std::string& kind) {
    if (kind == "green") return {0.78, 0.88, 0.74};
    if (kind == "sports") return {0.80, 0.45, 0.38};
    if (kind == "unpaved") return {0.90, 0.84, 0.70};
    return {0.89, 0.88, 0.86};
}

Rgb street_colour(const district::StreetSurface& s) {
    if (s.surface == "unpaved") return {0.86, 0.76, 0.58};
    if (s.street_class == "lane") return {0.93, 0.93, 0.92};
    return {1, 1, 1};
}

Rgb building_colour(const district::Building& b) {
    using K = district::BuildingKind;
    switch (b.kind) {
        case K::Residential:
            return b.in_compound ? Rgb{0.80, 0.55, 0.48} : Rgb{0.86, 0.70, 0.60};
        case K::Unit:
            return {0.62, 0.66, 0.80};
        case K::School:
            return {0.93, 0.80, 0.45};
        case K::ShopRow:
            return {0.78, 0.64, 0.80};
        default:
            return {0.74, 0.73, 0.72};
    }
}

/// Page rectangles taken by the labels placed so far: a label that would overlap one is moved or left out.
class LabelSpace {
  public:
    bool free(const BBox& b) const {
        for (const auto& o : taken_)
            if (o.intersects(b)) return false;
        return true;
    }
    void take(const BBox& b) { taken_.push_back(b); }

  private:
    std::vector<BBox> taken_;  // a page holds a few hundred labels at most
};

/// The page rectangle a label centred at (x, y) with `angle` covers, with a little room around it.
BBox label_box(cairo_t* cr, double x, double y, const std::string& s, double size, double angle) {
    cairo_select_font_face(cr, cjk_font_family().c_str(), CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
    cairo_text_extents_t ext;
    cairo_text_extents(cr, terminal_text(s).c_str(), &ext);
    const double hw = ext.x_advance / 2 + size * 0.2, hh = size * 0.6;
    const double c = std::cos(angle), si = std::sin(angle);
    BBox b;
    for (const auto& [dx, dy] : {std::pair{-hw, -hh}, {hw, -hh}, {hw, hh}, {-hw, hh}})
        b.expand(Point{x + dx * c - dy * si, y + dx * si + dy * c});
    return b;
}

void label(cairo_t* cr, double x, double y, const std::string& text, double size, double angle,
           const Rgb& colour, bool halo = true) {
    const std::string s = terminal_text(text);  // a street's name from data: valid UTF-8, no controls
    cairo_select_font_face(cr, cjk_font_family().c_str(), CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
    cairo_text_extents_t ext;
    cairo_text_extents(cr, s.c_str(), &ext);
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_rotate(cr, angle);
    cairo_move_to(cr, -ext.x_advance / 2, size * 0.35);
    cairo_text_path(cr, s.c_str());
    if (halo) {
        cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
        cairo_set_line_width(cr, size * 0.25);
        cairo_stroke_preserve(cr);
    }
    set(cr, colour);
    cairo_fill(cr);
    cairo_restore(cr);
}

}  // namespace

double nice_scale_length(double max_m) {
    if (max_m <= 0) return 0;
    double p = std::pow(10.0, std::floor(std::log10(max_m)));
    for (double m : {5.0, 2.0, 1.0})
        if (m * p <= max_m) return m * p;
    return p;
}

void paint_map(void* cairo, const district::District& d, const MapFrame& frame, const MapOptions& o) {
    auto* cr = static_cast<cairo_t*>(cairo);
    Transform t = fit(frame);
    cairo_save(cr);
    cairo_rectangle(cr, frame.x, frame.y, frame.w, frame.h);
    cairo_clip(cr);
    set(cr, {0.97, 0.97, 0.95});
    cairo_paint(cr);
    const bool m = o.muted;
    for (const auto& b : d.boundaries) fill_polygon(cr, t, b.polygon, mute({0.95, 0.95, 0.93}, m));
    for (const auto& s : d.surfaces) fill_polygon(cr, t, s.polygon, mute(surface_colour(s.kind), m));
    Rgb kerb = mute({0.70, 0.70, 0.72}, m);
    for (const auto& s : d.street_surfaces)
        fill_polygon(cr, t, s.polygon, mute(street_colour(s), m), &kerb, 0.3);
    for (const auto& f : d.forecourts)
        fill_polygon(cr, t, f.polygon,
                     mute(f.surface == "unpaved" ? Rgb{0.91, 0.83, 0.66} : Rgb{0.90, 0.90, 0.88}, m));
    for (const auto& c : d.compounds) {
        path_polygon(cr, t, c.polygon);
        set(cr, mute({0.45, 0.30, 0.28}, m));
        cairo_set_line_width(cr, 1.1);
        double dash[] = {4, 2};
        cairo_set_dash(cr, dash, 2, 0);
        cairo_stroke(cr);
        cairo_set_dash(cr, nullptr, 0, 0);
    }
    for (const auto& s : d.stalls) fill_polygon(cr, t, s.polygon, mute({0.96, 0.70, 0.35}, m));
    Rgb outline = mute({0.45, 0.40, 0.38}, m);
    for (const auto& b : d.buildings)
        fill_polygon(cr, t, b.footprint, mute(building_colour(b), m), &outline, 0.35);
    if (o.gas) {
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        for (const auto& p : d.gas_pipes) {
            path_line(cr, t, p.line);
            bool renewal = p.status == "renewal";
            set(cr, renewal ? Rgb{0.85, 0.12, 0.10} : mute({0.95, 0.65, 0.10}, m));
            cairo_set_line_width(cr, renewal ? 1.8 : (p.kind == "service" ? 0.5 : 0.9));
            cairo_stroke(cr);
        }
        for (const auto& v : d.gas_valves) {
            Point p = t.page(v.location);
            cairo_arc(cr, p.x, p.y, 1.6, 0, 2 * M_PI);
            set(cr, v.state == "closed" ? Rgb{0.1, 0.1, 0.1} : Rgb{1, 1, 1});
            cairo_fill_preserve(cr);
            set(cr, {0.2, 0.2, 0.2});
            cairo_set_line_width(cr, 0.5);
            cairo_stroke(cr);
        }
        for (const auto& s : d.gas_stations) {
            Point p = t.page(s.location);
            cairo_rectangle(cr, p.x - 3, p.y - 3, 6, 6);
            set(cr, {0.85, 0.12, 0.10});
            cairo_fill(cr);
        }
    }
    for (const auto& ov : o.overlays) {
        for (const auto& g : ov.geometries) {
            for (const auto& poly : g.polygons)
                fill_polygon(cr, t, poly, ov.fill, &ov.stroke, 0.5, ov.fill_alpha);
            for (const auto& l : g.lines) {
                path_line(cr, t, l);
                set(cr, ov.stroke);
                cairo_set_line_width(cr, ov.line_width);
                cairo_stroke(cr);
            }
            for (const auto& p : g.points) {
                Point q = t.page(p);
                cairo_arc(cr, q.x, q.y, ov.point_radius, 0, 2 * M_PI);
                set(cr, ov.fill);
                cairo_fill_preserve(cr);
                set(cr, ov.stroke);
                cairo_set_line_width(cr, 0.5);
                cairo_stroke(cr);
            }
        }
    }
    if (o.labels) {
        // Street names along their centrelines (public streets only), building numbers in large enough
        // buildings.
        const BBox visible{t.wx0, t.wy1 - frame.h / t.scale, t.wx0 + frame.w / t.scale, t.wy1};
        LabelSpace space;
        for (const auto& s : d.streets) {
            if (s.street_class == "lane" || s.centreline.size() < 2) continue;
            BBox sb = bbox_of(s.centreline);
            if (!sb.intersects(visible)) continue;
            Point a = s.centreline.front(), b = s.centreline.back();
            Point mid{
                (std::clamp(a.x, visible.minx, visible.maxx) + std::clamp(b.x, visible.minx, visible.maxx)) /
                    2,
                (std::clamp(a.y, visible.miny, visible.maxy) + std::clamp(b.y, visible.miny, visible.maxy)) /
                    2};
            Point p = t.page(mid);
            double angle = std::atan2(-(b.y - a.y), b.x - a.x);
            if (angle > M_PI / 2) angle -= M_PI;
            if (angle < -M_PI / 2) angle += M_PI;
            const double size = std::clamp(s.width_m * t.scale * 0.55, 6.0, 11.0);
            BBox box = label_box(cr, p.x, p.y, s.name, size, angle);
            // A street along the frame keeps its name inside the frame.
            const double dx =
                std::max(0.0, frame.x + 2 - box.minx) - std::max(0.0, box.maxx - (frame.x + frame.w - 2));
            const double dy =
                std::max(0.0, frame.y + 2 - box.miny) - std::max(0.0, box.maxy - (frame.y + frame.h - 2));
            p = {p.x + dx, p.y + dy};
            box = {box.minx + dx, box.miny + dy, box.maxx + dx, box.maxy + dy};
            if (!space.free(box)) continue;
            space.take(box);
            label(cr, p.x, p.y, s.name, size, angle, {0.25, 0.25, 0.3});
        }
        for (const auto& b : d.buildings) {
            if (b.kind != district::BuildingKind::Residential) continue;
            BBox bb = bbox_of(b.footprint);
            if (bb.width() * t.scale < 10) continue;
            Point p = t.page(bb.center());
            const double size = std::clamp(bb.height() * t.scale * 0.6, 4.0, 9.0);
            space.take(label_box(cr, p.x, p.y, std::to_string(b.number), size, 0));  // inside its building
            label(cr, p.x, p.y, std::to_string(b.number), size, 0, {0.2, 0.15, 0.12}, false);
        }
        for (const auto& poi : d.pois) {
            if (poi.kind != "unit" && poi.kind != "school" && poi.kind != "liaison_station") continue;
            Point p = t.page(poi.location);
            if (p.x < frame.x || p.x > frame.x + frame.w || p.y < frame.y || p.y > frame.y + frame.h)
                continue;
            // Above the point, else below, right or left of it; left out where every place would cover
            // another label.
            const BBox at = label_box(cr, p.x, p.y, poi.name, 6.5, 0);
            const double half = at.width() / 2 + 5;
            for (auto [dx, dy] : {std::pair{0.0, -9.0}, {0.0, 10.0}, {half, 0.0}, {-half, 0.0}}) {
                const BBox box = label_box(cr, p.x + dx, p.y + dy, poi.name, 6.5, 0);
                if (!space.free(box) || box.minx < frame.x || box.maxx > frame.x + frame.w) continue;
                space.take(box);
                label(cr, p.x + dx, p.y + dy, poi.name, 6.5, 0, {0.15, 0.2, 0.4});
                break;
            }
        }
    }
    cairo_restore(cr);

    // Frame, north arrow, scale bar.
    cairo_rectangle(cr, frame.x, frame.y, frame.w, frame.h);
    set(cr, {0.4, 0.4, 0.42});
    cairo_set_line_width(cr, 0.8);
    cairo_stroke(cr);
    double ax = frame.x + frame.w - 22, ay = frame.y + 14;
    cairo_move_to(cr, ax, ay);
    cairo_line_to(cr, ax - 6, ay + 18);
    cairo_line_to(cr, ax, ay + 13);
    cairo_close_path(cr);
    set(cr, {0.15, 0.15, 0.15});
    cairo_fill(cr);
    cairo_move_to(cr, ax, ay);
    cairo_line_to(cr, ax + 6, ay + 18);
    cairo_line_to(cr, ax, ay + 13);
    cairo_close_path(cr);
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
    label(cr, ax, ay + 26, o.north_label, 8, 0, {0.15, 0.15, 0.15});
    double metres = nice_scale_length(frame.w * 0.25 / t.scale);
    double len = metres * t.scale, sx = frame.x + 12, sy = frame.y + frame.h - 14;
    cairo_rectangle(cr, sx - 4, sy - 14, len + 40, 22);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
    cairo_fill(cr);
    for (int i = 0; i < 4; ++i) {
        cairo_rectangle(cr, sx + len * i / 4, sy, len / 4, 3);
        set(cr, i % 2 ? Rgb{1, 1, 1} : Rgb{0.15, 0.15, 0.15});
        cairo_fill_preserve(cr);
        set(cr, {0.15, 0.15, 0.15});
        cairo_set_line_width(cr, 0.4);
        cairo_stroke(cr);
    }
    label(cr, sx, sy - 5, "0", 6.5, 0, {0.15, 0.15, 0.15}, false);
    label(cr, sx + len, sy - 5, std::to_string(static_cast<int>(metres)) + " " + o.scale_unit, 6.5, 0,
          {0.15, 0.15, 0.15}, false);

    // Legend of the overlays.
    double ly = frame.y + 12;
    for (const auto& ov : o.overlays) {
        if (ov.legend.empty()) continue;
        double lx = frame.x + 10;
        cairo_rectangle(cr, lx - 4, ly - 8, 150, 14);
        cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
        cairo_fill(cr);
        cairo_rectangle(cr, lx, ly - 5, 12, 8);
        set(cr, ov.fill, ov.fill_alpha);
        cairo_fill_preserve(cr);
        set(cr, ov.stroke);
        cairo_set_line_width(cr, 0.6);
        cairo_stroke(cr);
        cairo_select_font_face(cr, cjk_font_family().c_str(), CAIRO_FONT_SLANT_NORMAL,
                               CAIRO_FONT_WEIGHT_NORMAL);
        cairo_set_font_size(cr, 7.5);
        set(cr, {0.1, 0.1, 0.12});
        cairo_move_to(cr, lx + 17, ly + 2);
        cairo_show_text(cr, terminal_text(ov.legend).c_str());
        ly += 14;
    }
}

}  // namespace gis::report
