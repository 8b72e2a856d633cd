#include "app/render/fonts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <mutex>

#include "app/i18n/i18n.hpp"
#include "gis/core/cjk_font.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"

namespace app::render {

std::string cjk_font_path() {
    if (auto f = gis::find_cjk_font()) return f->path;
    return gis::cjk_font_candidates().front().path;
}

namespace {
struct LoadedFont {
    std::vector<unsigned char> data;
    int face = 0;
};

const LoadedFont& loaded_cjk_font() {
    static std::once_flag once;
    static LoadedFont font;
    std::call_once(once, [] {
        if (auto f = gis::find_cjk_font()) {
            std::ifstream in(f->path, std::ios::binary);
            if (in) font.data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
            font.face = f->face;
        }
        // Said once, on stderr, for every front end (view, render, bench): labels and UI text would
        // otherwise turn into "?" boxes without a word.
        if (font.data.empty())
            std::cerr << "nbhd: " << gis::i18n::format(_("warning: {0}"), gis::missing_cjk_font_message())
                      << '\n';
    });
    return font;
}
}  // namespace

const std::vector<unsigned char>* cjk_font_data() {
    const auto& f = loaded_cjk_font();
    return f.data.empty() ? nullptr : &f.data;
}

int cjk_font_face() { return loaded_cjk_font().face; }

void build_ui_glyph_ranges(const std::vector<char32_t>& extra, ImVector<ImWchar>& out) {
    ImFontGlyphRangesBuilder b;
    ImFontAtlas probe;  // only for its static range tables
    b.AddRanges(probe.GetGlyphRangesDefault());
    b.AddRanges(probe.GetGlyphRangesChineseSimplifiedCommon());
    static constexpr ImWchar kPunctuation[] = {0x2000, 0x206f, 0x3000, 0x30ff, 0xff00, 0xffef, 0x2190,
                                               0x21ff, 0x00b0, 0x00ff, 0x25a0, 0x25ff, 0};
    b.AddRanges(kPunctuation);
    // Every Chinese text of the catalogue (the keyed tables and every translated message); English is
    // within the default range.
    const std::string chinese = gis::i18n::all_chinese_text();
    b.AddText(chinese.c_str(), chinese.c_str() + chinese.size());
    for (char32_t cp : extra)
        if (cp < 0x10000) b.AddChar(static_cast<ImWchar>(cp));
    b.BuildRanges(&out);
}

bool add_ui_font(ImFontAtlas& atlas, float size_px, const ImVector<ImWchar>& ranges) {
    const auto* data = cjk_font_data();
    if (!data) {
        ImFontConfig cfg;
        cfg.SizePixels = size_px;
        atlas.AddFontDefault(&cfg);
        return false;
    }
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;
    cfg.FontNo = cjk_font_face();
    cfg.OversampleH = 1;  // CJK glyphs are many: keep the atlas small
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    atlas.AddFontFromMemoryTTF(const_cast<unsigned char*>(data->data()), static_cast<int>(data->size()),
                               size_px, &cfg, ranges.Data);
    return true;
}

void label_font_needs(const view::Document& doc, float pixel_ratio, std::vector<float>& sizes,
                      std::vector<char32_t>& cps) {
    sizes = {12 * pixel_ratio, 14 * pixel_ratio};  // the scale bar and north arrow
    cps.clear();
    for (int id : doc.draw_order()) {
        const view::MapLayer* l = doc.layer(id);
        if (!l) continue;
        for (const auto& s : l->data.style.label_styles) sizes.push_back(s.size_px * pixel_ratio);
        cps.insert(cps.end(), l->data.label_code_points.begin(), l->data.label_code_points.end());
    }
    std::sort(cps.begin(), cps.end());
    cps.erase(std::unique(cps.begin(), cps.end()), cps.end());
}

std::unique_ptr<LabelFont> LabelFont::build(std::vector<float> sizes,
                                            const std::vector<char32_t>& code_points) {
    auto f = rasterise(std::move(sizes), code_points);
    f->upload();
    return f;
}

std::unique_ptr<LabelFont> LabelFont::rasterise(std::vector<float> sizes,
                                                const std::vector<char32_t>& code_points) {
    std::unique_ptr<LabelFont> f(new LabelFont());
    for (auto& s : sizes) s = std::max(6.0f, std::round(s));
    std::sort(sizes.begin(), sizes.end());
    sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
    if (sizes.empty()) sizes.push_back(13);
    f->sizes_ = sizes;
    f->atlas_ = std::make_unique<ImFontAtlas>();
    f->atlas_->Flags |= ImFontAtlasFlags_NoMouseCursors;
    // Room around each glyph for its halo (kHaloRadius atlas pixels across, see below) and for linear
    // filtering: one glyph's halo never reaches into its neighbour's.
    f->atlas_->TexGlyphPadding = 4;
    ImFontGlyphRangesBuilder b;
    b.AddRanges(f->atlas_->GetGlyphRangesDefault());
    for (const char* fixed : {"北", "米", "千", "·", "—"}) b.AddText(fixed);
    for (char32_t cp : code_points)
        if (cp < 0x10000) b.AddChar(static_cast<ImWchar>(cp));
    b.BuildRanges(&f->ranges_);
    const auto* data = cjk_font_data();
    f->cjk_ = data != nullptr;
    for (float s : sizes) {
        ImFontConfig cfg;
        cfg.SizePixels = s;
        if (data) {
            cfg.FontDataOwnedByAtlas = false;
            cfg.FontNo = cjk_font_face();
            cfg.OversampleH = 2;
            cfg.OversampleV = 1;
            f->fonts_.push_back(f->atlas_->AddFontFromMemoryTTF(const_cast<unsigned char*>(data->data()),
                                                                static_cast<int>(data->size()), s, &cfg,
                                                                f->ranges_.Data));
        } else {
            f->fonts_.push_back(f->atlas_->AddFontDefault(&cfg));
        }
    }
    f->atlas_->GetTexDataAsAlpha8(&f->pixels_, &f->width_, &f->height_);
    // The halo atlas: each texel the brightest within a screen pixel around it (the CJK font is
    // rasterised at twice the width, so two texels across, one down), doubled so that the halo's edge is as
    // firm as the union of offset copies it replaces.
    const int oversample_h = data ? 2 : 1, rx = oversample_h, ry = 1;
    const int w = f->width_, h = f->height_;
    std::vector<unsigned char> across(static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
    f->halo_pixels_.assign(across.size(), 0);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            unsigned char m = 0;
            for (int k = std::max(0, x - rx); k <= std::min(w - 1, x + rx); ++k)
                m = std::max(m, f->pixels_[static_cast<std::size_t>(y) * w + k]);
            across[static_cast<std::size_t>(y) * w + x] = m;
        }
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            int m = 0;
            for (int k = std::max(0, y - ry); k <= std::min(h - 1, y + ry); ++k)
                m = std::max<int>(m, across[static_cast<std::size_t>(k) * w + x]);
            f->halo_pixels_[static_cast<std::size_t>(y) * w + x] =
                static_cast<unsigned char>(std::min(255, 2 * m));
        }
    f->halo_margin_ = {static_cast<float>(rx) / static_cast<float>(oversample_h), static_cast<float>(ry),
                       static_cast<float>(rx) / static_cast<float>(std::max(1, w)),
                       static_cast<float>(ry) / static_cast<float>(std::max(1, h))};
    return f;
}

void LabelFont::upload() {
    if (!pixels_) return;
    auto make = [&](const unsigned char* pixels) {
        Texture t = Texture::create();
        glBindTexture(GL_TEXTURE_2D, t.id());
        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, width_, height_, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glBindTexture(GL_TEXTURE_2D, 0);
        return t;
    };
    texture_ = make(pixels_);
    halo_texture_ = make(halo_pixels_.data());
    atlas_->ClearTexData();
    pixels_ = nullptr;
    std::vector<unsigned char>().swap(halo_pixels_);
}

LabelFont::~LabelFont() = default;

const ImFont* LabelFont::font_for(float size_px, float& scale) const {
    std::size_t best = 0;
    for (std::size_t i = 1; i < sizes_.size(); ++i)
        if (std::abs(sizes_[i] - size_px) < std::abs(sizes_[best] - size_px)) best = i;
    scale = size_px / sizes_[best];
    return fonts_[best];
}

float LabelFont::advance(char32_t cp, float size_px) const {
    float scale = 1;
    const ImFont* f = font_for(size_px, scale);
    return f->GetCharAdvance(static_cast<ImWchar>(cp < 0x10000 ? cp : 0xfffd)) * scale;
}

ImVec2 LabelFont::white_uv() const { return atlas_->TexUvWhitePixel; }

}  // namespace app::render
