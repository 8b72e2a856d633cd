#include "gis/geom/ops.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <new>
#include <utility>

#include "gis/core/i18n.hpp"
#include "gis/geom/geos_handle.hpp"

namespace gis::geom {

namespace detail {

GeosContext::GeosContext() {
    handle_ = GEOS_init_r();
    GEOSContext_setErrorMessageHandler_r(handle_, &GeosContext::on_error, this);
    GEOSContext_setNoticeMessageHandler_r(handle_, &GeosContext::on_notice, this);
}

GeosContext::~GeosContext() {
    if (handle_) GEOS_finish_r(handle_);
}

std::string GeosContext::take_error() {
    std::string m = error_.empty() ? std::move(notice_) : std::move(error_);
    clear_error();
    return m;
}

void GeosContext::on_error(const char* message, void* self) noexcept {
    try {
        static_cast<GeosContext*>(self)->error_ = message ? message : "";
    } catch (...) {  // out of memory while copying the message: keep the old one
    }
}

void GeosContext::on_notice(const char* message, void* self) noexcept {
    try {
        static_cast<GeosContext*>(self)->notice_ = message ? message : "";
    } catch (...) {
    }
}

const std::shared_ptr<GeosContext>& shared_context() {
    thread_local const std::shared_ptr<GeosContext> ctx = std::make_shared<GeosContext>();
    return ctx;
}

namespace {

CoordSeqPtr make_seq(GEOSContextHandle_t h, const std::vector<Point>& pts, bool close) {
    const bool add_closing = close && !pts.empty() && !(pts.front() == pts.back());
    std::vector<double> buf;
    buf.reserve(2 * (pts.size() + 1));
    for (const auto& p : pts) {
        buf.push_back(p.x);
        buf.push_back(p.y);
    }
    if (add_closing) {
        buf.push_back(pts.front().x);
        buf.push_back(pts.front().y);
    }
    return CoordSeqPtr(
        GEOSCoordSeq_copyFromBuffer_r(h, buf.data(), static_cast<unsigned>(buf.size() / 2), 0, 0),
        CoordSeqDeleter{h});
}

std::size_t closed_size(const Ring& r) {
    return r.size() + ((!r.empty() && !(r.front() == r.back())) ? 1 : 0);
}

// Ownership of the parts passes to the collection, also on failure.
GeomPtr make_collection(GEOSContextHandle_t h, int type, std::vector<GeomPtr>& parts) {
    if (parts.empty()) return GeomPtr(GEOSGeom_createEmptyCollection_r(h, type), GeomDeleter{h});
    std::vector<GEOSGeometry*> raw;
    raw.reserve(parts.size());
    for (auto& p : parts) raw.push_back(p.release());
    parts.clear();
    GEOSGeometry* c = GEOSGeom_createCollection_r(h, type, raw.data(), static_cast<unsigned>(raw.size()));
    return GeomPtr(c, GeomDeleter{h});
}

std::vector<Point> read_seq(GEOSContextHandle_t h, const GEOSCoordSequence* s) {
    std::vector<Point> out;
    unsigned n = 0;
    if (!s || !GEOSCoordSeq_getSize_r(h, s, &n) || n == 0) return out;
    std::vector<double> buf(2 * static_cast<std::size_t>(n));
    if (!GEOSCoordSeq_copyToBuffer_r(h, s, buf.data(), 0, 0)) return out;
    out.resize(n);
    for (unsigned i = 0; i < n; ++i) out[i] = Point{buf[2 * i], buf[2 * i + 1]};
    return out;
}

std::vector<Point> read_coords(GEOSContextHandle_t h, const GEOSGeometry* g) {
    return read_seq(h, GEOSGeom_getCoordSeq_r(h, g));
}

struct Parts {
    std::vector<Point> points;
    std::vector<LineString> lines;
    std::vector<Polygon> polygons;
};

void collect(GEOSContextHandle_t h, const GEOSGeometry* g, Parts& out) {
    if (!g || GEOSisEmpty_r(h, g) != 0) return;
    switch (GEOSGeomTypeId_r(h, g)) {
        case GEOS_POINT: {
            auto pts = read_coords(h, g);
            if (!pts.empty()) out.points.push_back(pts.front());
            break;
        }
        case GEOS_LINESTRING:
        case GEOS_LINEARRING: {
            auto pts = read_coords(h, g);
            if (!pts.empty()) out.lines.push_back(std::move(pts));
            break;
        }
        case GEOS_POLYGON: {
            Polygon poly;
            poly.outer = read_coords(h, GEOSGetExteriorRing_r(h, g));
            const int holes = GEOSGetNumInteriorRings_r(h, g);
            for (int i = 0; i < holes; ++i) {
                auto ring = read_coords(h, GEOSGetInteriorRingN_r(h, g, i));
                if (!ring.empty()) poly.holes.push_back(std::move(ring));
            }
            if (!poly.outer.empty()) out.polygons.push_back(std::move(poly));
            break;
        }
        case GEOS_MULTIPOINT:
        case GEOS_MULTILINESTRING:
        case GEOS_MULTIPOLYGON:
        case GEOS_GEOMETRYCOLLECTION: {
            const int n = GEOSGetNumGeometries_r(h, g);
            for (int i = 0; i < n; ++i) collect(h, GEOSGetGeometryN_r(h, g, i), out);
            break;
        }
        default:
            break;
    }
}

}  // namespace

GeomPtr to_geos(const Point& p) {
    const auto h = handle();
    return GeomPtr(GEOSGeom_createPointFromXY_r(h, p.x, p.y), GeomDeleter{h});
}

GeomPtr to_geos(const LineString& l) {
    const auto h = handle();
    if (l.size() < 2) return GeomPtr(GEOSGeom_createEmptyLineString_r(h), GeomDeleter{h});
    CoordSeqPtr seq = make_seq(h, l, false);
    if (!seq) return GeomPtr(nullptr, GeomDeleter{h});
    return GeomPtr(GEOSGeom_createLineString_r(h, seq.release()), GeomDeleter{h});
}

GeomPtr to_geos(const Polygon& p) {
    const auto h = handle();
    if (closed_size(p.outer) < 4) return GeomPtr(GEOSGeom_createEmptyPolygon_r(h), GeomDeleter{h});
    auto make_ring = [h](const Ring& r) -> GeomPtr {
        CoordSeqPtr seq = make_seq(h, r, true);
        if (!seq) return GeomPtr(nullptr, GeomDeleter{h});
        return GeomPtr(GEOSGeom_createLinearRing_r(h, seq.release()), GeomDeleter{h});
    };
    GeomPtr shell = make_ring(p.outer);
    if (!shell) return shell;
    std::vector<GeomPtr> holes;
    holes.reserve(p.holes.size());
    for (const auto& hole : p.holes) {
        if (closed_size(hole) < 4) continue;
        GeomPtr r = make_ring(hole);
        if (!r) return r;
        holes.push_back(std::move(r));
    }
    std::vector<GEOSGeometry*> raw;
    raw.reserve(holes.size());
    for (auto& r : holes) raw.push_back(r.release());
    return GeomPtr(
        GEOSGeom_createPolygon_r(h, shell.release(), raw.data(), static_cast<unsigned>(raw.size())),
        GeomDeleter{h});
}

GeomPtr to_geos(const Geometry& g) {
    const auto h = handle();
    using T = Geometry::Type;
    std::vector<GeomPtr> parts;
    auto convert_all = [&parts](const auto& items) -> bool {
        parts.reserve(items.size());
        for (const auto& item : items) {
            GeomPtr p = to_geos(item);
            if (!p) return false;
            parts.push_back(std::move(p));
        }
        return true;
    };
    switch (g.type) {
        case T::None:
            return GeomPtr(GEOSGeom_createEmptyCollection_r(h, GEOS_GEOMETRYCOLLECTION), GeomDeleter{h});
        case T::Point:
            if (g.points.empty()) return GeomPtr(GEOSGeom_createEmptyPoint_r(h), GeomDeleter{h});
            if (g.points.size() == 1) return to_geos(g.points.front());
            [[fallthrough]];
        case T::MultiPoint:
            if (!convert_all(g.points)) return GeomPtr(nullptr, GeomDeleter{h});
            return make_collection(h, GEOS_MULTIPOINT, parts);
        case T::LineString:
            if (g.lines.empty()) return GeomPtr(GEOSGeom_createEmptyLineString_r(h), GeomDeleter{h});
            if (g.lines.size() == 1) return to_geos(g.lines.front());
            [[fallthrough]];
        case T::MultiLineString:
            if (!convert_all(g.lines)) return GeomPtr(nullptr, GeomDeleter{h});
            return make_collection(h, GEOS_MULTILINESTRING, parts);
        case T::Polygon:
            if (g.polygons.empty()) return GeomPtr(GEOSGeom_createEmptyPolygon_r(h), GeomDeleter{h});
            if (g.polygons.size() == 1) return to_geos(g.polygons.front());
            [[fallthrough]];
        case T::MultiPolygon:
            if (!convert_all(g.polygons)) return GeomPtr(nullptr, GeomDeleter{h});
            return make_collection(h, GEOS_MULTIPOLYGON, parts);
    }
    return GeomPtr(nullptr, GeomDeleter{h});
}

Geometry from_geos(const GEOSGeometry* g) {
    Geometry out;
    if (!g) return out;
    const auto h = handle();
    Parts parts;
    collect(h, g, parts);
    const int type = GEOSGeomTypeId_r(h, g);
    const bool single_source = type == GEOS_POINT || type == GEOS_LINESTRING || type == GEOS_LINEARRING ||
                               type == GEOS_POLYGON || type == GEOS_GEOMETRYCOLLECTION;
    using T = Geometry::Type;
    if (!parts.polygons.empty()) {
        const bool single = single_source && parts.polygons.size() == 1;
        out.type = single ? T::Polygon : T::MultiPolygon;
        out.polygons = std::move(parts.polygons);
    } else if (!parts.lines.empty()) {
        const bool single = single_source && parts.lines.size() == 1;
        out.type = single ? T::LineString : T::MultiLineString;
        out.lines = std::move(parts.lines);
    } else if (!parts.points.empty()) {
        const bool single = single_source && parts.points.size() == 1;
        out.type = single ? T::Point : T::MultiPoint;
        out.points = std::move(parts.points);
    }
    return out;
}

}  // namespace detail

namespace {

using detail::from_geos;
using detail::GeomPtr;
using detail::handle;
using detail::own;
using detail::to_geos;

Geometry take(GEOSGeometry* g) { return from_geos(own(g).get()); }

std::string format_coord(double v) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    return r.ec == std::errc{} ? std::string(buf, r.ptr) : std::string("?");
}

// The point where a component has too few points or is not closed, checked before GEOS sees it
// (to_geos would otherwise repair or drop such parts silently).
bool structural_problem(const Geometry& g, Validity& v) {
    auto fail = [&v](const char* reason, const std::vector<Point>& pts) {
        v.valid = false;
        v.location = pts.empty() ? Point{} : pts.front();
        v.reason = reason;
        if (!pts.empty())
            v.reason += "[" + format_coord(v.location.x) + " " + format_coord(v.location.y) + "]";
        return true;
    };
    auto ring_problem = [&](const Ring& r) {
        if (r.size() < 4) return fail("Too few points in geometry component", r);
        if (!(r.front() == r.back())) return fail("Ring is not closed", r);
        return false;
    };
    using T = Geometry::Type;
    if (g.type == T::LineString || g.type == T::MultiLineString) {
        for (const auto& l : g.lines)
            if (l.size() < 2) return fail("Too few points in geometry component", l);
    }
    if (g.type == T::Polygon || g.type == T::MultiPolygon) {
        for (const auto& p : g.polygons) {
            if (ring_problem(p.outer)) return true;
            for (const auto& hole : p.holes)
                if (ring_problem(hole)) return true;
        }
    }
    return false;
}

// Overlay on invalid polygons gives silently wrong answers (a bow-tie has zero signed area and
// vanishes from a union), so invalid inputs are repaired first, as a user would expect.
GeomPtr valid_input(const Geometry& g) {
    const auto h = handle();
    GeomPtr gg = to_geos(g);
    if (!gg || GEOSisValid_r(h, gg.get()) == 1) return gg;
    if (GeomPtr fixed = own(GEOSMakeValid_r(h, gg.get()))) return fixed;
    return gg;
}

template <class Op>
Geometry overlay(const Geometry& a, const Geometry& b, Op op) {
    GeomPtr ga = valid_input(a);
    GeomPtr gb = valid_input(b);
    if (!ga || !gb) return {};
    return take(op(handle(), ga.get(), gb.get()));
}

std::string printable(std::string_view s, std::size_t max_chars) {
    std::string out;
    const std::size_t n = std::min(s.size(), max_chars);
    out.reserve(n + 8);
    static const char* hex = "0123456789abcdef";
    for (std::size_t i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    if (s.size() > max_chars) out += "...";
    return out;
}

Error bad_wkt(std::string_view wkt, const std::string& reason) {
    return make_error(ErrorCode::BadInput,
                      gis::i18n::format(_("malformed WKT \"{0}\": {1}"), printable(wkt, 80), reason));
}

// Deeper nesting than any simple-feature WKT needs; GEOS parses collections recursively, so hostile
// input such as a megabyte of "GEOMETRYCOLLECTION(" must be refused before it reaches GEOS.
constexpr int kMaxWktNesting = 32;

// Checks what GEOS 3.11's reader lets through or cannot survive: unbalanced or too deeply nested
// parentheses and text after the end of the geometry ("POINT (1 2) junk" parses as POINT (1 2)).
const char* structure_problem(std::string_view wkt) {
    int depth = 0;
    std::size_t end = std::string_view::npos;  // just past the parenthesis that closes the geometry
    for (std::size_t i = 0; i < wkt.size(); ++i) {
        const char c = wkt[i];
        if (c == '(') {
            if (end != std::string_view::npos) return N_("unexpected text after the end of the geometry");
            if (++depth > kMaxWktNesting) return N_("parentheses nested too deeply");
        } else if (c == ')') {
            if (--depth < 0) return N_("unbalanced parentheses");
            if (depth == 0) end = i + 1;
        } else if (end != std::string_view::npos && !std::isspace(static_cast<unsigned char>(c))) {
            return N_("unexpected text after the end of the geometry");
        }
    }
    if (depth != 0) return N_("unbalanced parentheses (the text ends inside the geometry)");
    if (end == std::string_view::npos) {
        // Without parentheses only "<TYPE> [Z|M|ZM] EMPTY" is well-formed.
        std::size_t last = wkt.find_last_not_of(" \t\r\n");
        std::size_t first = wkt.find_last_of(" \t\r\n", last);
        first = first == std::string_view::npos ? 0 : first + 1;
        std::string word(wkt.substr(first, last + 1 - first));
        for (auto& ch : word) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        if (word != "EMPTY" || first == 0) return N_("expected coordinates in parentheses or EMPTY");
    }
    return nullptr;
}

bool all_finite(const Geometry& g) {
    auto finite = [](const std::vector<Point>& pts) {
        return std::all_of(pts.begin(), pts.end(),
                           [](const Point& p) { return std::isfinite(p.x) && std::isfinite(p.y); });
    };
    if (!finite(g.points)) return false;
    for (const auto& l : g.lines)
        if (!finite(l)) return false;
    for (const auto& p : g.polygons) {
        if (!finite(p.outer)) return false;
        for (const auto& h : p.holes)
            if (!finite(h)) return false;
    }
    return true;
}

}  // namespace

Validity check_validity(const Geometry& g) {
    Validity v;
    if (structural_problem(g, v)) return v;
    const auto h = handle();
    GeomPtr gg = to_geos(g);
    if (!gg) {
        v.valid = false;
        v.reason = detail::take_error();
        return v;
    }
    char* reason = nullptr;
    GEOSGeometry* location = nullptr;
    const char r = GEOSisValidDetail_r(h, gg.get(), 0, &reason, &location);
    GeomPtr loc = own(location);
    if (r == 1) {
        if (reason) GEOSFree_r(h, reason);
        return v;
    }
    v.valid = false;
    if (r == 0) {
        v.reason = reason ? reason : _("invalid geometry");
        if (loc) {
            double x = 0, y = 0;
            if (GEOSGeomGetX_r(h, loc.get(), &x) && GEOSGeomGetY_r(h, loc.get(), &y)) {
                v.location = Point{x, y};
                v.reason += "[" + format_coord(x) + " " + format_coord(y) + "]";
            }
        }
    } else {
        v.reason = gis::i18n::format(_("validity check failed: {0}"), detail::take_error());
    }
    if (reason) GEOSFree_r(h, reason);
    return v;
}

double area(const Geometry& g) {
    const auto h = handle();
    GeomPtr gg = to_geos(g);
    double a = 0;
    if (!gg || !GEOSArea_r(h, gg.get(), &a)) return std::numeric_limits<double>::quiet_NaN();
    return a;
}

double length(const Geometry& g) {
    const auto h = handle();
    GeomPtr gg = to_geos(g);
    double l = 0;
    if (!gg || !GEOSLength_r(h, gg.get(), &l)) return std::numeric_limits<double>::quiet_NaN();
    return l;
}

double distance(const Geometry& a, const Geometry& b) {
    const auto h = handle();
    GeomPtr ga = to_geos(a);
    GeomPtr gb = to_geos(b);
    if (!ga || !gb) return std::numeric_limits<double>::quiet_NaN();
    // Nothing is near an empty geometry (GEOS would say 0).
    if (GEOSisEmpty_r(h, ga.get()) || GEOSisEmpty_r(h, gb.get()))
        return std::numeric_limits<double>::infinity();
    double d = 0;
    if (!GEOSDistance_r(h, ga.get(), gb.get(), &d)) return std::numeric_limits<double>::quiet_NaN();
    return d;
}

bool intersects(const Geometry& a, const Geometry& b) {
    const auto h = handle();
    GeomPtr ga = to_geos(a);
    GeomPtr gb = to_geos(b);
    return ga && gb && GEOSIntersects_r(h, ga.get(), gb.get()) == 1;
}

bool contains(const Geometry& a, const Geometry& b) {
    const auto h = handle();
    GeomPtr ga = to_geos(a);
    GeomPtr gb = to_geos(b);
    return ga && gb && GEOSContains_r(h, ga.get(), gb.get()) == 1;
}

double overlap_area(const Geometry& a, const Geometry& b) {
    if (!a.bbox().intersects(b.bbox())) return 0;
    return area(intersection(a, b));
}

Geometry buffer(const Geometry& g, double distance, const BufferStyle& style) {
    const auto h = handle();
    GeomPtr gg = to_geos(g);
    if (!gg) return {};
    GEOSBufferParams* params = GEOSBufferParams_create_r(h);
    if (!params) return {};
    GEOSBufferParams_setEndCapStyle_r(h, params, static_cast<int>(style.cap));
    GEOSBufferParams_setJoinStyle_r(h, params, static_cast<int>(style.join));
    GEOSBufferParams_setMitreLimit_r(h, params, style.mitre_limit);
    GEOSBufferParams_setQuadrantSegments_r(h, params, style.quadrant_segments);
    Geometry out = take(GEOSBufferWithParams_r(h, gg.get(), params, distance));
    GEOSBufferParams_destroy_r(h, params);
    return out;
}

Geometry simplify(const Geometry& g, double tolerance) {
    GeomPtr gg = to_geos(g);
    if (!gg) return {};
    return take(GEOSSimplify_r(handle(), gg.get(), tolerance));
}

Geometry merge_lines(const Geometry& g) {
    GeomPtr gg = to_geos(g);
    if (!gg) return {};
    return take(GEOSLineMerge_r(handle(), gg.get()));
}

Geometry single_sided_buffer(const LineString& line, double distance) {
    const auto h = handle();
    GeomPtr gg = to_geos(line);
    if (!gg) return {};
    GEOSBufferParams* params = GEOSBufferParams_create_r(h);
    if (!params) return {};
    GEOSBufferParams_setEndCapStyle_r(h, params, GEOSBUF_CAP_FLAT);
    GEOSBufferParams_setJoinStyle_r(h, params, GEOSBUF_JOIN_MITRE);
    GEOSBufferParams_setMitreLimit_r(h, params, 5.0);
    GEOSBufferParams_setSingleSided_r(h, params, 1);
    Geometry out = take(GEOSBufferWithParams_r(h, gg.get(), params, distance));
    GEOSBufferParams_destroy_r(h, params);
    return out;
}

LineString offset_line(const LineString& line, double distance) {
    const auto h = handle();
    GeomPtr gg = to_geos(line);
    if (!gg || GEOSisEmpty_r(h, gg.get())) return {};
    Geometry g = take(GEOSOffsetCurve_r(h, gg.get(), distance, 8, GEOSBUF_JOIN_MITRE, 5.0));
    if (g.lines.empty()) return {};
    // A self-overlapping offset can split into several parts: keep the main (longest) one.
    LineString out = std::move(*std::max_element(
        g.lines.begin(), g.lines.end(),
        [](const LineString& x, const LineString& y) { return length_of(x) < length_of(y); }));
    // Keep the direction of the input line whatever the GEOS version does.
    auto d2 = [](const Point& p, const Point& q) { return std::hypot(p.x - q.x, p.y - q.y); };
    if (out.size() >= 2 && d2(out.front(), line.front()) + d2(out.back(), line.back()) >
                               d2(out.front(), line.back()) + d2(out.back(), line.front()))
        std::reverse(out.begin(), out.end());
    return out;
}

Geometry unite(const Geometry& a, const Geometry& b) { return overlay(a, b, GEOSUnion_r); }

Geometry unite(const std::vector<Geometry>& parts) {
    const auto h = handle();
    std::vector<GeomPtr> geoms;
    geoms.reserve(parts.size());
    for (const auto& p : parts) {
        if (p.empty()) continue;
        GeomPtr g = valid_input(p);
        if (!g) return {};
        geoms.push_back(std::move(g));
    }
    if (geoms.empty()) return {};
    std::vector<GEOSGeometry*> raw;
    raw.reserve(geoms.size());
    for (auto& g : geoms) raw.push_back(g.release());
    GeomPtr coll = own(GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, raw.data(),
                                                   static_cast<unsigned>(raw.size())));
    if (!coll) return {};
    return take(GEOSUnaryUnion_r(h, coll.get()));
}

Geometry intersection(const Geometry& a, const Geometry& b) { return overlay(a, b, GEOSIntersection_r); }

Geometry difference(const Geometry& a, const Geometry& b) { return overlay(a, b, GEOSDifference_r); }

Geometry make_valid(const Geometry& g) {
    const auto h = handle();
    GeomPtr gg = to_geos(g);
    if (!gg) return {};
    return take(GEOSMakeValid_r(h, gg.get()));
}

Point nearest_point(const Geometry& g, const Point& p) {
    const auto h = handle();
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    GeomPtr gg = to_geos(g);
    GeomPtr gp = to_geos(p);
    if (!gg || !gp || GEOSisEmpty_r(h, gg.get())) return {nan, nan};
    detail::CoordSeqPtr seq(GEOSNearestPoints_r(h, gg.get(), gp.get()), detail::CoordSeqDeleter{h});
    double x = nan, y = nan;
    if (!seq || !GEOSCoordSeq_getXY_r(h, seq.get(), 0, &x, &y)) return {nan, nan};
    return {x, y};
}

Result<Geometry> from_wkt(std::string_view wkt) {
    try {
        if (wkt.find('\0') != std::string_view::npos) return bad_wkt(wkt, _("contains a NUL byte"));
        if (wkt.find_first_not_of(" \t\r\n") == std::string_view::npos) return bad_wkt(wkt, _("empty text"));
        if (const char* problem = structure_problem(wkt)) return bad_wkt(wkt, _(problem));
        const auto h = handle();
        detail::take_error();
        GEOSWKTReader* reader = GEOSWKTReader_create_r(h);
        if (!reader)
            return make_error(ErrorCode::Internal,
                              gis::i18n::format(_("cannot create a WKT reader: {0}"), detail::take_error()));
        const std::string text(wkt);  // GEOS needs a NUL-terminated string
        GeomPtr g = own(GEOSWKTReader_read_r(h, reader, text.c_str()));
        GEOSWKTReader_destroy_r(h, reader);
        if (!g) {
            std::string reason = detail::take_error();
            while (!reason.empty() && std::isspace(static_cast<unsigned char>(reason.back())))
                reason.pop_back();
            return bad_wkt(wkt, reason.empty() ? std::string(_("GEOS could not parse it")) : printable(reason, 200));
        }
        Geometry out = from_geos(g.get());
        if (!all_finite(out)) return bad_wkt(wkt, _("coordinates must be finite numbers"));
        return out;
    } catch (const std::bad_alloc&) {
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("WKT too large to parse ({0} bytes)"), wkt.size()));
    }
}

}  // namespace gis::geom
