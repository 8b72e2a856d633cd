#pragma once
// Helpers of the GL tests: images from PNG files, the data set's features, expected colours.

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <stb_image.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "app/view/core/camera.hpp"
#include "app/view/core/style.hpp"
#include "gis/io/dataset.hpp"
#include "run_command.hpp"

namespace gl_test {

inline bool have_display() {
    const char* d = std::getenv("DISPLAY");
    return d && *d;
}

#define NBHD_REQUIRE_DISPLAY() \
    if (!gl_test::have_display()) GTEST_SKIP() << "no display: run under xvfb-run (scripts/test does)"

struct Rgb {
    int r = 0, g = 0, b = 0;
};

struct Image {
    int width = 0, height = 0;
    std::shared_ptr<unsigned char> pixels;
    bool ok() const { return pixels != nullptr; }
    Rgb at(double x, double y) const {
        const int xi = static_cast<int>(x), yi = static_cast<int>(y);
        const unsigned char* p =
            pixels.get() +
            (static_cast<std::size_t>(yi) * static_cast<std::size_t>(width) + static_cast<std::size_t>(xi)) *
                3;
        return {p[0], p[1], p[2]};
    }
};

inline Image load_png(const std::string& path) {
    Image img;
    int n = 0;
    unsigned char* data = stbi_load(path.c_str(), &img.width, &img.height, &n, 3);
    if (data) img.pixels.reset(data, [](unsigned char* p) { stbi_image_free(p); });
    return img;
}

inline Rgb rgb(const app::view::Colour& c) {
    return {static_cast<int>(c.r * 255 + 0.5f), static_cast<int>(c.g * 255 + 0.5f),
            static_cast<int>(c.b * 255 + 0.5f)};
}

/// The colour `c` with alpha composited over `under`.
inline Rgb over(const app::view::Colour& c, const Rgb& under) {
    auto mix = [&](float a, int b) { return static_cast<int>(a * 255 * c.a + b * (1 - c.a) + 0.5f); };
    return {mix(c.r, under.r), mix(c.g, under.g), mix(c.b, under.b)};
}

inline int distance(const Rgb& a, const Rgb& b) {
    return std::max({std::abs(a.r - b.r), std::abs(a.g - b.g), std::abs(a.b - b.b)});
}

inline std::string str(const Rgb& c) {
    return "(" + std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) + ")";
}

/// A copy of the shipped district in a fresh folder (tests run in parallel processes).
/// Runs one SQL statement on a data set through GDAL, as another program edits it; false when the data
/// set cannot be opened for writing.
inline bool edit_with_gdal(const std::string& path, const std::string& sql) {
    gis::io::init_gdal();
    GDALDataset* ds = static_cast<GDALDataset*>(
        GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
    if (!ds) return false;
    ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
    GDALClose(ds);
    return true;
}

inline std::string district_copy(const std::string& dir) {
    const std::string path = dir + "/district.gpkg";
    std::filesystem::copy_file(NBHD_ASSET_FILE, path, std::filesystem::copy_options::overwrite_existing);
    return path;
}

/// The first feature of `layer` whose `field` equals `value` (text comparison).
inline std::optional<std::pair<gis::io::LayerInfo, gis::io::Feature>> find(const std::string& data,
                                                                           const std::string& layer,
                                                                           const std::string& field,
                                                                           const std::string& value) {
    auto ds = gis::io::Dataset::open(data);
    if (!ds) return std::nullopt;
    auto l = ds->read_layer(layer);
    if (!l) return std::nullopt;
    const int i = l->info.field_index(field);
    for (auto& f : l->features)
        if (i >= 0 && gis::io::to_display(f.values[static_cast<std::size_t>(i)]) == value)
            return std::make_pair(l->info, f);
    return std::nullopt;
}

}  // namespace gl_test
