#pragma once
/// @file
/// Cartography as data: how each layer and class of feature is drawn and labelled. GL-free; the renderer
/// turns a LayerStyle into GPU style tables, the label placer reads its label styles.

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "gis/io/dataset.hpp"

namespace app::view {

/// sRGB colour with straight alpha, components 0..1.
struct Colour {
    float r = 0, g = 0, b = 0, a = 0;
    /// From 0xRRGGBB.
    static constexpr Colour hex(std::uint32_t rgb, float alpha = 1.0f) {
        return {((rgb >> 16) & 0xff) / 255.0f, ((rgb >> 8) & 0xff) / 255.0f, (rgb & 0xff) / 255.0f, alpha};
    }
    constexpr Colour with_alpha(float alpha) const { return {r, g, b, alpha}; }
    constexpr bool visible() const { return a > 0; }
    /// Mixes towards `o` by t (0: this, 1: o).
    Colour mix(const Colour& o, float t) const;
    friend bool operator==(const Colour&, const Colour&) = default;
};

enum class Unit : std::uint8_t { Pixels, Metres };
/// Point symbols, drawn by the point shader (the numbers are its shape codes).
enum class Shape : std::uint8_t {
    None = 0,
    Circle = 1,
    Square = 2,
    Diamond = 3,
    Triangle = 4,
    Valve = 5,
    Star = 6,
    Cross = 7
};

constexpr double kAlways = std::numeric_limits<double>::infinity();

/// A test on one field, as data: how other tools (QGIS rules, SLD filters) pick a class's features.
/// Values compare as the map reads them: a missing value reads as `missing`.
struct FieldTest {
    enum class Op : std::uint8_t { Equal, NotEqual, In, NotIn, StartsWith, NotStartsWith };
    std::string field;
    Op op = Op::Equal;
    std::vector<std::string> values;
    bool numeric = false;  ///< compared as whole numbers
    std::string missing;   ///< what a missing value reads as ("" for text, "0" for numbers unless said)
};

/// Shorthands for the rules of a style table.
inline FieldTest field_test(const char* field, FieldTest::Op op, std::vector<std::string> values) {
    FieldTest t;
    t.field = field;
    t.op = op;
    t.values = std::move(values);
    return t;
}
inline FieldTest field_in(const char* field, std::vector<std::string> values) {
    return field_test(field, FieldTest::Op::In, std::move(values));
}
inline FieldTest field_not_in(const char* field, std::vector<std::string> values) {
    return field_test(field, FieldTest::Op::NotIn, std::move(values));
}
inline FieldTest number_is(const char* field, std::int64_t v, std::int64_t missing = 0, bool equal = true) {
    return {field,
            equal ? FieldTest::Op::Equal : FieldTest::Op::NotEqual,
            {std::to_string(v)},
            true,
            std::to_string(missing)};
}

/// How one class of feature is drawn.
struct FeatureStyle {
    std::string legend;      ///< translation key of the legend entry (view.legend.*), or literal text
    Colour fill;             ///< polygon fill; transparent for none
    Colour stroke;           ///< line colour, polygon outline colour
    float stroke_width = 1;  ///< in stroke_unit; lines whose feature carries a width use that instead
    Unit stroke_unit = Unit::Pixels;
    float min_stroke_px = 1;  ///< metre widths never drawn thinner than this
    Colour casing;            ///< drawn under the line, casing_px wider on each side
    float casing_px = 0;
    float dash_px = 0, gap_px = 0;  ///< dashed when dash_px > 0
    Shape shape = Shape::None;      ///< point symbol
    float symbol_px = 8;
    Colour symbol_fill, symbol_stroke;
    double max_mpp = kAlways;          ///< not drawn when a pixel covers more metres than this
    double outline_max_mpp = kAlways;  ///< polygon outlines only up to this scale
    bool visible = true;               ///< legend toggle
    /// The features of this class as data (every test holds), for the styles written into a GeoPackage;
    /// the layer's classifier (BoundRules::style_of) agrees with them (tests/app/layer_styles_test.cpp).
    std::vector<FieldTest> when;
    bool otherwise = false;  ///< the class of the features no other class of the layer takes
};

enum class LabelPlacement : std::uint8_t { Point, Line, Area };

/// How one class of label looks and when it shows.
struct LabelStyle {
    float size_px = 13;
    Colour colour = Colour::hex(0x333333);
    Colour halo = Colour::hex(0xffffff, 0.9f);
    int priority = 0;  ///< higher wins a collision
    double min_mpp = 0;
    double max_mpp = kAlways;
    LabelPlacement placement = LabelPlacement::Point;
    float letter_spacing = 0.1f;  ///< extra space between glyphs, in em (line labels spread further)
    float offset_px = 0;          ///< point labels: distance right of the symbol
};

struct LabelSpec {
    std::string text;
    int style = 0;  ///< index into LayerStyle::label_styles
};

/// Per-feature rules of a layer, bound to the layer's field positions.
struct BoundRules {
    std::function<int(const gis::io::Feature&)> style_of;    ///< index into styles
    std::function<float(const gis::io::Feature&)> width_of;  ///< line width (style unit); NaN: style's
    std::function<std::optional<LabelSpec>(const gis::io::Feature&)> label_of;
};

/// The cartography of one layer.
struct LayerStyle {
    std::string title;      ///< shown in the layer panel (already translated or a layer name)
    std::string title_key;  ///< translation key when the title follows the UI language
    std::vector<FeatureStyle> styles;
    std::vector<LabelStyle> label_styles;
    bool visible = true;
    float opacity = 1.0f;
    /// Outlines drawn above every layer (boundaries that run along street centrelines stay visible).
    bool outline_on_top = false;
    /// Picked by the outline only (a boundary around everything should not answer every click inside).
    bool pick_by_outline = false;
    std::function<BoundRules(const gis::io::LayerInfo&)> bind;
    /// The field labels show when they show a field's text as it is (empty: none, or labels made by
    /// rules other tools cannot follow).
    std::string label_field;
};

/// True when the feature passes every test (missing fields read as the tests say).
bool passes(const std::vector<FieldTest>& tests, const gis::io::LayerInfo& info, const gis::io::Feature& f);
/// The class the style's data rules give a feature: the first class whose `when` holds (classes with
/// tests), else the `otherwise` class, else 0. -1 when none applies.
int rule_class(const LayerStyle& style, const gis::io::LayerInfo& info, const gis::io::Feature& f);

/// Background of the map.
Colour map_background();
/// Selection and hover highlight colours.
Colour selection_colour();
Colour hover_colour();

/// Field helpers for rules: position of a field (or -1) and typed reads that tolerate missing values.
int field_of(const gis::io::LayerInfo& info, std::initializer_list<const char*> names);
std::string field_text(const gis::io::Feature& f, int field);
std::int64_t field_int(const gis::io::Feature& f, int field, std::int64_t fallback = 0);
double field_real(const gis::io::Feature& f, int field, double fallback = 0);

/// Fields that hold personal data (names, phones, ID numbers, household numbers): never shown by the map.
bool is_personal_field(const std::string& field);

/// Style of a layer of the district schema (nullopt for layers the schema does not know).
std::optional<LayerStyle> district_layer_style(const std::string& layer);
/// Draw order of the district's layers (surfaces, streets, buildings, pipes, points).
const std::vector<std::string>& district_draw_order();
/// Default style for a layer of any other data set: `index` varies the colour.
LayerStyle generic_layer_style(const gis::io::LayerInfo& info, int index);
/// Style for an overlay (trace, plan items) in one colour.
LayerStyle overlay_style(const std::string& title, const Colour& colour);

}  // namespace app::view
