#pragma once
/// @file
/// Chinese text: the CJK font (wqy-microhei, or another of gis/core/cjk_font.hpp's list), glyph ranges built
/// from the common Chinese range plus every UI string and every character of the loaded data (the common
/// range lacks some, e.g. 吕), and the label font atlas the map's labels are drawn from.

#include <memory>
#include <vector>

#include <imgui.h>

#include "app/render/gl_objects.hpp"
#include "app/view/core/labels.hpp"

namespace app::render {

/// Path of the CJK font: the first installed of gis::cjk_font_candidates() ($NBHD_FONT first), else
/// the first candidate (what the "no font" message names).
std::string cjk_font_path();
/// The CJK font file's bytes, read once; null when no candidate exists (a warning naming the Debian
/// package to install goes to stderr once).
const std::vector<unsigned char>* cjk_font_data();
/// The face of cjk_font_data() to use (a font collection: Noto Sans CJK's Simplified Chinese is 2).
int cjk_font_face();

/// Ranges for the UI font: Latin, the common Chinese range, every translated UI string (both
/// languages) and `extra` (characters of the data: labels, attribute values).
void build_ui_glyph_ranges(const std::vector<char32_t>& extra, ImVector<ImWchar>& out);
/// Sizes and characters the labels of a document need (for LabelFont::build).
void label_font_needs(const view::Document& doc, float pixel_ratio, std::vector<float>& sizes,
                      std::vector<char32_t>& code_points);

/// Adds the UI font at `size_px` to an atlas (ImGui's io.Fonts) with ranges that must outlive the
/// atlas build. False when the CJK font is missing (ImGui's own Latin font is used instead).
bool add_ui_font(ImFontAtlas& atlas, float size_px, const ImVector<ImWchar>& ranges);

/// The labels' fonts: one per label size, holding only the characters labels use; its atlas is a
/// single-channel GL texture, with a second one of the same layout holding each glyph's halo (the glyph
/// dilated by about a screen pixel), so that a halo is one quad, not eight offset copies of the glyph.
class LabelFont : public view::GlyphMetrics {
  public:
    /// `sizes` in pixels; `code_points` beyond ASCII to include. Builds the atlas and uploads it.
    static std::unique_ptr<LabelFont> build(std::vector<float> sizes,
                                            const std::vector<char32_t>& code_points);
    /// The CPU half of build(): rasterises the atlas (any thread). upload() finishes it on the GL thread.
    static std::unique_ptr<LabelFont> rasterise(std::vector<float> sizes,
                                                const std::vector<char32_t>& code_points);
    void upload();
    ~LabelFont() override;

    float advance(char32_t cp, float size_px) const override;
    /// The font nearest in size, and the scale to apply to it.
    const ImFont* font_for(float size_px, float& scale) const;
    GLuint texture() const { return texture_.id(); }
    GLuint halo_texture() const { return halo_texture_.id(); }
    /// How far a glyph's halo reaches beyond its quad: in the font's pixels (x, y) and in texture
    /// coordinates (u, v).
    struct HaloMargin {
        float x = 1, y = 1, u = 0, v = 0;
    };
    const HaloMargin& halo_margin() const { return halo_margin_; }
    ImVec2 white_uv() const;
    bool has_cjk() const { return cjk_; }
    const std::vector<float>& sizes() const { return sizes_; }

  private:
    LabelFont() = default;
    std::unique_ptr<ImFontAtlas> atlas_;
    ImVector<ImWchar> ranges_;
    std::vector<float> sizes_;
    std::vector<ImFont*> fonts_;
    Texture texture_;
    Texture halo_texture_;
    HaloMargin halo_margin_;
    std::vector<unsigned char> halo_pixels_;
    bool cjk_ = false;
    unsigned char* pixels_ = nullptr;
    int width_ = 0, height_ = 0;
};

}  // namespace app::render
