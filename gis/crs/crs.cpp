#include "gis/crs/crs.hpp"
#include "gis/core/i18n.hpp"

#include <proj.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string_view>
#include <utility>

namespace gis::crs {

namespace {

/// A PROJ context that keeps PROJ's last error message instead of printing it to stderr.
class ProjContext {
  public:
    ProjContext() : ctx_(proj_context_create()) {
        proj_log_func(ctx_, this, &ProjContext::on_log);
        proj_log_level(ctx_, PJ_LOG_ERROR);
    }
    ~ProjContext() { proj_context_destroy(ctx_); }
    ProjContext(const ProjContext&) = delete;
    ProjContext& operator=(const ProjContext&) = delete;

    PJ_CONTEXT* get() const { return ctx_; }

    /// PROJ's last message, or the text for the context's error number; clears both.
    std::string take_error() {
        std::string m = std::move(last_);
        last_.clear();
        if (m.empty()) {
            const int e = proj_context_errno(ctx_);
            if (e != 0) {
                const char* s = proj_context_errno_string(ctx_, e);
                m = s ? s : "";
            }
        }
        return m;
    }
    void clear() { take_error(); }

  private:
    static void on_log(void* self, int /*level*/, const char* message) {
        try {
            std::string_view m = message ? message : "";
            // PROJ prefixes the function name ("proj_create: crs not found"): users need only the reason.
            if (m.starts_with("proj_") && m.find(": ") != std::string_view::npos)
                m.remove_prefix(m.find(": ") + 2);
            static_cast<ProjContext*>(self)->last_ = m;
        } catch (...) {
        }
    }

    PJ_CONTEXT* ctx_;
    std::string last_;
};

ProjContext& thread_context() {
    thread_local ProjContext ctx;
    return ctx;
}

struct PjDeleter {
    void operator()(PJ* p) const noexcept {
        if (p) proj_destroy(p);
    }
};
using PjPtr = std::unique_ptr<PJ, PjDeleter>;

struct ObjListDeleter {
    void operator()(PJ_OBJ_LIST* l) const noexcept {
        if (l) proj_list_destroy(l);
    }
};

std::string printable(std::string_view s, std::size_t max_chars = 80) {
    std::string out;
    const std::size_t n = std::min(s.size(), max_chars);
    for (std::size_t i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        out += (c >= 0x20 && c != 0x7f) ? static_cast<char>(c) : ' ';
    }
    if (s.size() > max_chars) out += "...";
    return out;
}

std::string_view trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

const char* kReproject =
    N_("distances and areas need a projected CRS in metres such as EPSG:4546 — reproject the data (e.g. "
       "ogr2ogr -t_srs EPSG:4546)");

/// Creates a CRS object from "EPSG:nnnn", WKT or a PROJ string.
Result<PjPtr> create_crs(ProjContext& ctx, const std::string& definition) {
    const std::string_view def = trim(definition);
    if (def.empty()) return make_error(ErrorCode::WrongCrs, _("no CRS is defined"));
    if (def.find('\0') != std::string_view::npos)
        return make_error(ErrorCode::WrongCrs,
                          gis::i18n::format(_("CRS text \"{0}\" contains a NUL byte"), printable(def)));
    std::string text(def);
    // A bare PROJ string ("+proj=utm +zone=49") describes an operation; ask for the CRS it implies.
    if (text.front() == '+' && text.find("type=crs") == std::string::npos) text += " +type=crs";
    ctx.clear();
    PjPtr obj(proj_create(ctx.get(), text.c_str()));
    if (!obj) {
        std::string reason = ctx.take_error();
        return make_error(ErrorCode::WrongCrs,
                          reason.empty()
                              ? gis::i18n::format(_("unknown CRS \"{0}\""), printable(def))
                              : gis::i18n::format(_("unknown CRS \"{0}\" (PROJ: {1})"), printable(def),
                                                  printable(reason, 200)));
    }
    if (!proj_is_crs(obj.get()))
        return make_error(ErrorCode::WrongCrs,
                          gis::i18n::format(_("\"{0}\" is not a coordinate reference system (PROJ: {1})"),
                                            printable(def),
                                            proj_get_name(obj.get()) ? proj_get_name(obj.get()) : "?"));
    return obj;
}

/// The horizontal part of a CRS: the source CRS of a bound CRS, the first component of a compound one.
PjPtr horizontal_crs(PJ_CONTEXT* ctx, const PJ* crs) {
    PjPtr cur(proj_clone(ctx, crs));
    for (int depth = 0; cur && depth < 4; ++depth) {
        const PJ_TYPE t = proj_get_type(cur.get());
        if (t == PJ_TYPE_BOUND_CRS)
            cur.reset(proj_get_source_crs(ctx, cur.get()));
        else if (t == PJ_TYPE_COMPOUND_CRS)
            cur.reset(proj_crs_get_sub_crs(ctx, cur.get(), 0));
        else
            break;
    }
    return cur;
}

std::string authority_of(const PJ* obj) {
    const char* auth = proj_get_id_auth_name(obj, 0);
    const char* code = proj_get_id_code(obj, 0);
    if (!auth || !code) return {};
    return std::string(auth) + ":" + code;
}

/// EPSG code of a CRS given without one (e.g. ESRI WKT from a .prj file) when PROJ finds an exact match.
std::string identify_epsg(PJ_CONTEXT* ctx, const PJ* crs) {
    int* confidence = nullptr;
    std::unique_ptr<PJ_OBJ_LIST, ObjListDeleter> list(proj_identify(ctx, crs, "EPSG", nullptr, &confidence));
    std::string out;
    if (list && confidence && proj_list_get_count(list.get()) >= 1 && confidence[0] == 100 &&
        (proj_list_get_count(list.get()) == 1 || confidence[1] < 100)) {
        PjPtr match(proj_list_get(ctx, list.get(), 0));
        if (match) out = authority_of(match.get());
    }
    proj_int_list_destroy(confidence);
    return out;
}

Result<CrsInfo> describe_in(ProjContext& ctx, const std::string& definition) {
    auto created = create_crs(ctx, definition);
    if (!created) return created.error();
    const PJ* obj = created->get();
    PJ_CONTEXT* c = ctx.get();

    CrsInfo info;
    if (const char* name = proj_get_name(obj)) info.name = name;
    PjPtr horiz = horizontal_crs(c, obj);
    if (!horiz)
        return make_error(ErrorCode::WrongCrs,
                          gis::i18n::format(_("CRS \"{0}\" has no horizontal part"), printable(definition)));
    if (info.name.empty())
        if (const char* name = proj_get_name(horiz.get())) info.name = name;
    info.authority = authority_of(obj);
    if (info.authority.empty()) info.authority = authority_of(horiz.get());
    if (info.authority.empty()) info.authority = identify_epsg(c, horiz.get());
    ctx.clear();  // identification failures are not errors

    const PJ_TYPE type = proj_get_type(horiz.get());
    info.projected = type == PJ_TYPE_PROJECTED_CRS;
    info.geographic = type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS;

    PjPtr cs(proj_crs_get_coordinate_system(c, horiz.get()));
    const char* unit_name = nullptr;
    double factor = 0;
    if (cs && proj_cs_get_axis_info(c, cs.get(), 0, nullptr, nullptr, nullptr, &factor, &unit_name, nullptr,
                                    nullptr)) {
        info.unit = unit_name ? unit_name : "";
        // The factor converts to metres for linear units but to radians for angular ones.
        info.unit_to_metre = info.geographic ? 0.0 : factor;
    } else {
        info.unit.clear();
        info.unit_to_metre = 0.0;
    }
    ctx.clear();
    return info;
}

std::string label(const CrsInfo& info) {
    if (info.authority.empty()) return gis::i18n::format(_("CRS \"{0}\""), info.name);
    return gis::i18n::format(_("CRS {0} ({1})"), info.authority, info.name);
}

/// "12.5°", "170°"
std::string fmt_degrees(double v) {
    char buf[32];
    // A small extent in minutes (a district spans 0.01°: "0.6′", not "0°").
    if (std::abs(v) < 1) {
        std::snprintf(buf, sizeof buf, "%.1f\u2032", v * 60);
        return buf;
    }
    std::snprintf(buf, sizeof buf, std::abs(v - std::round(v)) < 0.05 ? "%.0f\u00b0" : "%.1f\u00b0", v);
    return buf;
}

std::string format_number(double v) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    return r.ec == std::errc{} ? std::string(buf, r.ptr) : std::string("?");
}

}  // namespace

Result<CrsInfo> describe(const std::string& definition) {
    try {
        return describe_in(thread_context(), definition);
    } catch (const std::exception& e) {
        return make_error(ErrorCode::Internal, gis::i18n::format(_("describing a CRS failed: {0}"), e.what()));
    }
}

Result<CrsInfo> require_metric(const std::string& definition, const std::string& what) {
    const std::string prefix = what.empty() ? std::string() : gis::i18n::format(_("{0}: "), what);
    const std::string reproject = _(kReproject);
    auto info = describe(definition);
    if (!info)
        return make_error(ErrorCode::WrongCrs,
                          gis::i18n::format(_("{0}{1}; {2}"), prefix, info.error().message, reproject));
    if (info->projected && info->unit_to_metre == 1.0) return info;
    std::string message;
    if (info->geographic)
        message = info->unit.empty()
                      ? gis::i18n::format(_("{0}{1} is geographic (degrees); {2}"), prefix, label(*info), reproject)
                      : gis::i18n::format(_("{0}{1} is geographic ({2}s); {3}"), prefix, label(*info), info->unit,
                                          reproject);
    else if (info->projected)
        message = info->unit.empty()
                      ? gis::i18n::format(_("{0}{1} is in an unknown unit (1 unit = {2} m), not metres; {3}"),
                                          prefix, label(*info), format_number(info->unit_to_metre), reproject)
                      : gis::i18n::format(_("{0}{1} is in {2} (1 unit = {3} m), not metres; {4}"), prefix,
                                          label(*info), info->unit, format_number(info->unit_to_metre), reproject);
    else
        message = gis::i18n::format(_("{0}{1} is not a projected CRS; {2}"), prefix, label(*info), reproject);
    return make_error(ErrorCode::WrongCrs, message);
}

bool looks_like_lonlat(const BBox& b) {
    return !b.empty() && b.minx >= -180 && b.maxx <= 180 && b.miny >= -90 && b.maxy <= 90;
}

MapProjection choose_map_crs(const BBox& ll) {
    if (ll.empty()) return {};
    const Point c = ll.center();
    const double width = ll.maxx - ll.minx, height = ll.maxy - ll.miny;
    const std::string span = fmt_degrees(width) + " x " + fmt_degrees(height);
    if (c.x >= 73.5 && c.x < 136.5 && c.y >= 3 && c.y <= 54 && width <= 6) {
        const int cm = std::clamp(static_cast<int>(std::lround(c.x / 3.0)) * 3, 75, 135);
        return {"EPSG:" + std::to_string(4534 + (cm - 75) / 3), "gauss-kruger",
                gis::i18n::format(_("CGCS2000 3-degree Gauss-Kruger zone, central meridian {0}E (the data "
                                    "spans {1})"),
                                  cm, span)};
    }
    auto zone_of = [](double lon) {
        return std::clamp(static_cast<int>(std::floor((lon + 180) / 6)) + 1, 1, 60);
    };
    if (zone_of(ll.maxx) - zone_of(ll.minx) <= 1 && ll.miny >= -80 && ll.maxy <= 84) {
        const int zone = zone_of(c.x);
        return {"EPSG:" + std::to_string((c.y >= 0 ? 32600 : 32700) + zone), "utm",
                gis::i18n::format(_("WGS 84 / UTM zone {0}{1} (the data spans {2})"), zone, c.y >= 0 ? "N" : "S",
                                  span)};
    }
    if (width <= 150 && height <= 100) {
        char def[160];
        std::snprintf(
            def, sizeof def,
            "+proj=laea +lat_0=%.4f +lon_0=%.4f +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs +type=crs", c.y,
            c.x);
        return {def, "laea",
                gis::i18n::format(_("Lambert azimuthal equal-area centred on {0}, {1} (the data spans {2}, too "
                                    "wide for one UTM zone)"),
                                  fmt_degrees(c.x), fmt_degrees(c.y), span)};
    }
    return {"EPSG:8857", "equal-earth",
            gis::i18n::format(_("Equal Earth, an equal-area world projection (the data spans {0})"), span)};
}

struct Transformer::Impl {
    std::unique_ptr<ProjContext> ctx = std::make_unique<ProjContext>();
    PjPtr op;  // declared after ctx: destroyed first

    Point run(PJ_DIRECTION dir, const Point& p) const {
        constexpr double nan = std::numeric_limits<double>::quiet_NaN();
        if (!op || !std::isfinite(p.x) || !std::isfinite(p.y)) return {nan, nan};
        const PJ_COORD r = proj_trans(op.get(), dir, proj_coord(p.x, p.y, 0, 0));
        if (proj_errno(op.get()) != 0) proj_errno_reset(op.get());
        if (!std::isfinite(r.xy.x) || !std::isfinite(r.xy.y) || r.xy.x == HUGE_VAL || r.xy.y == HUGE_VAL)
            return {nan, nan};
        return {r.xy.x, r.xy.y};
    }
};

Result<Transformer> Transformer::create(const std::string& from, const std::string& to) {
    try {
        auto impl = std::make_unique<Impl>();
        ProjContext& ctx = *impl->ctx;
        auto src = create_crs(ctx, from);
        if (!src) return make_error(ErrorCode::WrongCrs, gis::i18n::format(_("source {0}"), src.error().message));
        auto dst = create_crs(ctx, to);
        if (!dst) return make_error(ErrorCode::WrongCrs, gis::i18n::format(_("target {0}"), dst.error().message));
        PjPtr op(proj_create_crs_to_crs_from_pj(ctx.get(), src->get(), dst->get(), nullptr, nullptr));
        if (!op) {
            std::string reason = ctx.take_error();
            return make_error(ErrorCode::WrongCrs,
                              reason.empty()
                                  ? gis::i18n::format(_("no transformation from \"{0}\" to \"{1}\""),
                                                      printable(from), printable(to))
                                  : gis::i18n::format(_("no transformation from \"{0}\" to \"{1}\" (PROJ: {2})"),
                                                      printable(from), printable(to), reason));
        }
        impl->op.reset(proj_normalize_for_visualization(ctx.get(), op.get()));
        if (!impl->op)
            return make_error(ErrorCode::WrongCrs,
                              gis::i18n::format(_("cannot normalise the axis order of the transformation from "
                                                  "\"{0}\" to \"{1}\": {2}"),
                                                printable(from), printable(to), ctx.take_error()));
        return Transformer(std::move(impl));
    } catch (const std::exception& e) {
        return make_error(ErrorCode::Internal,
                          gis::i18n::format(_("creating a CRS transformation failed: {0}"), e.what()));
    }
}

Transformer::Transformer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Transformer::Transformer(Transformer&&) noexcept = default;
Transformer& Transformer::operator=(Transformer&&) noexcept = default;
Transformer::~Transformer() = default;

Point Transformer::forward(const Point& p) const {
    if (!impl_) return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
    return impl_->run(PJ_FWD, p);
}

Point Transformer::inverse(const Point& p) const {
    if (!impl_) return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
    return impl_->run(PJ_INV, p);
}

}  // namespace gis::crs
