#include "app/view/core/map_options.hpp"

#include <algorithm>

#include <charconv>
#include <cmath>

#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"

namespace app::view {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool to_int(std::string_view s, long long& out) {
    s = trim(s);
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

bool to_double(std::string_view s, double& out) {
    s = trim(s);
    if (s.empty()) return false;
    std::string copy(s);
    char* end = nullptr;
    out = std::strtod(copy.c_str(), &end);
    return end == copy.c_str() + copy.size() && std::isfinite(out);
}

/// `pattern`: "{0} {1}: expected ..." with the option ({0}) and the text given ({1}).
gis::Error bad(const char* what, std::string_view text, const char* pattern, long long n = 0) {
    return gis::make_error(gis::ErrorCode::BadInput,
                           gis::i18n::format(pattern, what, gis::quote_for_message(text), n));
}

}  // namespace

gis::Result<PixelSize> parse_size(std::string_view text) {
    const auto x = text.find_first_of("xX*");
    long long w = 0, h = 0;
    if (x == std::string_view::npos || !to_int(text.substr(0, x), w) || !to_int(text.substr(x + 1), h))
        return bad("--size", text, _("{0} {1}: expected WIDTHxHEIGHT in pixels, e.g. 1920x1080"));
    if (w < 16 || h < 16 || w > kMaxImageSide || h > kMaxImageSide)
        return bad("--size", text, _("{0} {1}: expected each side between 16 and {2} pixels"), kMaxImageSide);
    return PixelSize{static_cast<int>(w), static_cast<int>(h)};
}

gis::Result<gis::BBox> parse_bbox(std::string_view text) {
    std::vector<double> v;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = text.find(',', start);
        const auto part =
            text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        double d = 0;
        if (!to_double(part, d))
            return bad("--bbox", text, _("{0} {1}: expected four numbers minx,miny,maxx,maxy"));
        v.push_back(d);
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    if (v.size() != 4) return bad("--bbox", text, _("{0} {1}: expected four numbers minx,miny,maxx,maxy"));
    if (!(v[2] > v[0] && v[3] > v[1]))
        return bad("--bbox", text, _("{0} {1}: expected maxx > minx and maxy > miny"));
    return gis::BBox{v[0], v[1], v[2], v[3]};
}

std::vector<std::string> parse_list(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = text.find(',', start);
        const auto part = trim(
            text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        if (!part.empty()) out.emplace_back(part);
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return out;
}

gis::Result<Selection> parse_selection(std::string_view text) {
    const auto colon = text.rfind(':');
    long long id = 0;
    // Building numbers and feature ids start at 1 (a building numbered 0 is not residential: many share it).
    if (colon == std::string_view::npos || colon == 0 || !to_int(text.substr(colon + 1), id) || id < 1)
        return bad("--select", text, _("{0} {1}: expected LAYER:ID, e.g. buildings:1"));
    return Selection{std::string(trim(text.substr(0, colon))), id};
}

ScaleBar scale_bar(double mpp, double max_px) {
    ScaleBar out;
    if (!(mpp > 0) || !(max_px > 0)) return out;
    const double max_m = mpp * max_px;
    double base = std::pow(10.0, std::floor(std::log10(max_m)));
    for (double m : {5.0, 2.0, 1.0})
        if (m * base <= max_m) {
            out.metres = m * base;
            break;
        }
    if (out.metres == 0) out.metres = base;
    out.pixels = out.metres / mpp;
    if (out.metres >= 1000) {
        const double km = out.metres / 1000;
        out.label =
            (km == std::floor(km) ? std::to_string(static_cast<long long>(km)) : gis::fmt_fixed(km, 1)) +
            " km";
    } else if (out.metres >= 1) {
        out.label = std::to_string(static_cast<long long>(std::lround(out.metres))) + " m";
    } else {
        out.label = std::to_string(static_cast<long long>(std::lround(out.metres * 100))) + " cm";
    }
    return out;
}

std::string scale_text(double denominator) {
    if (!(denominator > 0) || !std::isfinite(denominator)) return "1:?";
    const double mag = std::pow(10.0, std::floor(std::log10(denominator)) - 1);
    const double rounded = std::max(1.0, std::round(denominator / mag) * mag);
    return "1:" + gis::with_commas(static_cast<std::int64_t>(std::llround(rounded)));
}

Camera export_camera(const Camera& view, PixelSize size) {
    Camera cam = view;
    cam.set_viewport(size.width, size.height);
    cam.set_metres_per_pixel(view.metres_per_pixel() * view.width() / size.width);
    return cam;
}

float export_pixel_ratio(const Camera& view, PixelSize size) {
    return std::max(0.25f, static_cast<float>(size.width / view.width()));
}

MapScale map_scale(const Camera& camera, float pixel_ratio, double bar_max_px) {
    return {scale_bar(camera.metres_per_pixel(), bar_max_px * pixel_ratio),
            scale_text(camera.scale_denominator_at_ratio(pixel_ratio))};
}

}  // namespace app::view
