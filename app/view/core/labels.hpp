#pragma once
/// @file
/// Label placement: which labels show at the current view and where each glyph goes, avoiding
/// collisions (higher priority first) and honouring each label style's scale range. Street names follow
/// their street with upright characters, spaced along it as Chinese maps do; building numbers sit inside
/// their building; point labels to the right of their symbol (else to the left). GL-free: glyph sizes
/// come through GlyphMetrics.

#include <cstdint>
#include <vector>

#include "app/view/core/camera.hpp"
#include "app/view/core/document.hpp"

namespace app::view {

/// Glyph measurements of the label font.
class GlyphMetrics {
  public:
    virtual ~GlyphMetrics() = default;
    /// Horizontal advance of a character at a font size, pixels.
    virtual float advance(char32_t cp, float size_px) const = 0;
};

/// One glyph to draw: its cell's top-left corner in screen pixels (the cell is size_px high).
struct PlacedGlyph {
    char32_t cp = 0;
    float x = 0, y = 0;
    float size_px = 13;
    Colour colour, halo;
};

struct LabelOptions {
    float pixel_ratio = 1;  ///< sizes and spacings scale with it (exports at 2x)
    float padding_px = 3;   ///< empty space kept around each label
    /// Screen rectangles labels must avoid (the scale bar, panels), as (x0, y0, x1, y1).
    std::vector<gis::BBox> reserved;
};

/// Places the labels of every visible layer for this view.
std::vector<PlacedGlyph> place_labels(const Document& doc, const Camera& camera, const GlyphMetrics& metrics,
                                      const LabelOptions& options = {});

/// True when the text has CJK characters (laid out upright along lines).
bool is_cjk_text(const std::vector<char32_t>& text);

}  // namespace app::view
