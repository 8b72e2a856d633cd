#include "gis/crs/china_offsets.hpp"

#include <cctype>
#include <cmath>
#include <numbers>
#include <string>

#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"

namespace gis::crs {

namespace {

constexpr double kPi = std::numbers::pi;
// Krasovsky 1940, as in the published GCJ-02 algorithm (semi-major axis, first eccentricity squared).
constexpr double kKrasovskyA = 6378245.0;
constexpr double kKrasovskyEe = 0.00669342162296594323;
// Baidu's constant: pi * 3000 / 180.
constexpr double kBdXPi = kPi * 3000.0 / 180.0;
constexpr double kBdLonShift = 0.0065;
constexpr double kBdLatShift = 0.006;

// Both inverses are fixed-point iterations whose error shrinks by a factor of a hundred or more a step;
// 1e-9 degrees is about 0.1 mm, well under the 1e-7 promised, and is reached in three or four steps.
constexpr double kInverseTolerance = 1e-9;
constexpr int kMaxInverseSteps = 30;

// The published polynomial-and-sine series; x, y are degrees from (105 E, 35 N).
double offset_lat_series(double x, double y) {
    double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::abs(x));
    r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
    r += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
    r += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
    return r;
}

double offset_lon_series(double x, double y) {
    double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::abs(x));
    r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
    r += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
    r += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
    return r;
}

/// GCJ-02 minus WGS 84 at WGS 84 point `p`, in degrees, without the in-China test (the inverse needs
/// the offset function to be the same on both sides of the box edge it may step across).
LonLat gcj_offset(LonLat p) {
    const double x = p.lon - 105.0;
    const double y = p.lat - 35.0;
    const double rad_lat = p.lat / 180.0 * kPi;
    const double s = std::sin(rad_lat);
    const double magic = 1.0 - kKrasovskyEe * s * s;
    const double sqrt_magic = std::sqrt(magic);
    // Series values are metres-like; divide by the meridian and parallel radii of curvature.
    const double dlat =
        offset_lat_series(x, y) * 180.0 / ((kKrasovskyA * (1.0 - kKrasovskyEe)) / (magic * sqrt_magic) * kPi);
    const double dlon =
        offset_lon_series(x, y) * 180.0 / (kKrasovskyA / sqrt_magic * std::cos(rad_lat) * kPi);
    return {dlon, dlat};
}

LonLat add_gcj_offset(LonLat p) {
    const LonLat d = gcj_offset(p);
    return {p.lon + d.lon, p.lat + d.lat};
}

/// The point x with forward(x) == target, starting from `start`: x -= forward(x) - target until the step
/// is below tolerance. Converges because both forward transforms are the identity plus a slowly varying
/// shift.
template <class Forward>
LonLat invert(LonLat target, LonLat start, Forward forward) {
    LonLat x = start;
    for (int i = 0; i < kMaxInverseSteps; ++i) {
        const LonLat f = forward(x);
        const double dlon = f.lon - target.lon;
        const double dlat = f.lat - target.lat;
        x.lon -= dlon;
        x.lat -= dlat;
        if (std::abs(dlon) < kInverseTolerance && std::abs(dlat) < kInverseTolerance) break;
    }
    return x;
}

std::string lower_without_dashes(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '-' || c == '_' || std::isspace(static_cast<unsigned char>(c))) continue;
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

}  // namespace

Result<GeoDatum> parse_geo_datum(std::string_view text) {
    const std::string key = lower_without_dashes(text);
    if (key == "wgs84" || key == "epsg:4326") return GeoDatum::Wgs84;
    if (key == "gcj02") return GeoDatum::Gcj02;
    if (key == "bd09") return GeoDatum::Bd09;
    return make_error(ErrorCode::BadInput,
                      gis::i18n::format(_("unknown coordinate system {0}: expected wgs84 (or EPSG:4326), gcj02 "
                                          "(GCJ-02, AMap/Tencent) or bd09 (BD-09, Baidu)"),
                                        quote_for_message(text)));
}

bool in_china(LonLat p) {
    return p.lon >= 72.004 && p.lon <= 137.8347 && p.lat >= 0.8293 && p.lat <= 55.8271;
}

LonLat wgs84_to_gcj02(LonLat p) {
    if (!in_china(p)) return p;
    return add_gcj_offset(p);
}

LonLat gcj02_to_wgs84(LonLat p) {
    if (!in_china(p)) return p;
    // Starting from p minus the offset at p (the usual one-step answer) leaves metres to iterate away.
    const LonLat d = gcj_offset(p);
    return invert(p, LonLat{p.lon - d.lon, p.lat - d.lat}, add_gcj_offset);
}

LonLat gcj02_to_bd09(LonLat p) {
    const double x = p.lon;
    const double y = p.lat;
    const double z = std::sqrt(x * x + y * y) + 0.00002 * std::sin(y * kBdXPi);
    const double theta = std::atan2(y, x) + 0.000003 * std::cos(x * kBdXPi);
    return {z * std::cos(theta) + kBdLonShift, z * std::sin(theta) + kBdLatShift};
}

LonLat bd09_to_gcj02(LonLat p) {
    const double x = p.lon - kBdLonShift;
    const double y = p.lat - kBdLatShift;
    const double z = std::sqrt(x * x + y * y) - 0.00002 * std::sin(y * kBdXPi);
    const double theta = std::atan2(y, x) - 0.000003 * std::cos(x * kBdXPi);
    const LonLat published{z * std::cos(theta), z * std::sin(theta)};
    return invert(p, published, gcj02_to_bd09);
}

LonLat to_wgs84(LonLat p, GeoDatum from) {
    switch (from) {
        case GeoDatum::Wgs84:
            return p;
        case GeoDatum::Gcj02:
            return gcj02_to_wgs84(p);
        case GeoDatum::Bd09:
            return gcj02_to_wgs84(bd09_to_gcj02(p));
    }
    return p;
}

}  // namespace gis::crs
