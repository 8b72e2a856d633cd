#include <gtest/gtest.h>

#include "app/view/core/labels.hpp"
#include "view_test_util.hpp"

using namespace app::view;
using view_test::feature;
using view_test::layer;

namespace {
/// Every glyph is as wide as the font is high.
class SquareGlyphs : public GlyphMetrics {
  public:
    float advance(char32_t, float size_px) const override { return size_px; }
};

gis::BBox glyph_box(const PlacedGlyph& g) { return {g.x, g.y, g.x + g.size_px, g.y + g.size_px}; }

LayerStyle labelled(LabelPlacement placement, int priority, float offset = 0) {
    gis::io::LayerInfo info;
    info.geometry_type = placement == LabelPlacement::Line   ? "LineString"
                         : placement == LabelPlacement::Area ? "Polygon"
                                                             : "Point";
    LayerStyle s = generic_layer_style(info, 0);
    s.label_styles[0].placement = placement;
    s.label_styles[0].priority = priority;
    s.label_styles[0].offset_px = offset;
    s.label_styles[0].size_px = 10;
    s.label_styles[0].letter_spacing = 0.5f;
    return s;
}

int add(Document& doc, const std::string& name, std::vector<gis::io::Feature> features, LayerStyle style) {
    auto l = layer(name, style.label_styles[0].placement == LabelPlacement::Line ? "LineString" : "Point",
                   {{"name", gis::io::FieldType::String}});
    l.features = std::move(features);
    return doc.add_layer(
        prepare_layer(std::move(l), std::move(style), {0, 0}, TileGrid::over({0, 0, 1000, 1000}, 250)));
}

gis::io::Feature named(std::int64_t fid, gis::Geometry g, const char* name) {
    return feature(fid, std::move(g), {std::string(name)});
}
}  // namespace

TEST(Labels, NoTwoLabelsOverlapAndTheHigherPriorityWins) {
    Document doc;
    SourceInfo src;
    src.layers = {"low", "high"};
    doc.set_source(src);
    add(doc, "low", {named(1, gis::Geometry::from(gis::Point{500, 500}), "LOWLOW")},
        labelled(LabelPlacement::Point, 1));
    add(doc, "high", {named(2, gis::Geometry::from(gis::Point{502, 500}), "HIGH")},
        labelled(LabelPlacement::Point, 9));
    Camera cam(400, 400);
    cam.set_center({500, 500});
    cam.set_metres_per_pixel(1);
    SquareGlyphs m;
    const auto glyphs = place_labels(doc, cam, m);
    std::string placed;
    for (const auto& g : glyphs) placed += static_cast<char>(g.cp);
    EXPECT_EQ(placed, "HIGH");
    for (std::size_t i = 0; i < glyphs.size(); ++i)
        for (std::size_t j = i + 1; j < glyphs.size(); ++j) {
            const auto a = glyph_box(glyphs[i]), b = glyph_box(glyphs[j]);
            EXPECT_FALSE(a.minx < b.maxx - 0.01 && b.minx < a.maxx - 0.01 && a.miny < b.maxy - 0.01 &&
                         b.miny < a.maxy - 0.01);
        }
}

TEST(Labels, PointLabelsSitRightOfTheirSymbol) {
    Document doc;
    doc.set_source(SourceInfo{});
    add(doc, "pois", {named(1, gis::Geometry::from(gis::Point{500, 500}), "AB")},
        labelled(LabelPlacement::Point, 1, 8));
    Camera cam(400, 400);
    cam.set_center({500, 500});
    SquareGlyphs m;
    const auto glyphs = place_labels(doc, cam, m);
    ASSERT_EQ(glyphs.size(), 2u);
    EXPECT_FLOAT_EQ(glyphs[0].x, 208);  // 200 + offset 8
    EXPECT_FLOAT_EQ(glyphs[1].x, 218);
    EXPECT_FLOAT_EQ(glyphs[0].y, 195);  // vertically centred
}

TEST(Labels, ChineseStreetNamesFollowTheStreetUpright) {
    Document doc;
    doc.set_source(SourceInfo{});
    // A north-south street: the name reads top to bottom, one character under the other.
    add(doc, "streets", {named(1, gis::Geometry::from(gis::LineString{{500, 300}, {500, 700}}), "振兴路")},
        labelled(LabelPlacement::Line, 5));
    Camera cam(600, 600);
    cam.set_center({500, 500});
    SquareGlyphs m;
    const auto glyphs = place_labels(doc, cam, m);
    ASSERT_EQ(glyphs.size(), 3u);
    EXPECT_EQ(glyphs[0].cp, U'振');
    EXPECT_EQ(glyphs[2].cp, U'路');
    for (const auto& g : glyphs) EXPECT_NEAR(g.x + g.size_px / 2, 300, 0.01);  // centred on the street
    EXPECT_LT(glyphs[0].y, glyphs[1].y);
    EXPECT_LT(glyphs[1].y, glyphs[2].y);
    EXPECT_NEAR(glyphs[1].y - glyphs[0].y, 10 * (1 + 2 * 0.5f), 0.01);  // spaced along the street
}

TEST(Labels, LabelsOutsideTheirScaleRangeOrHiddenLayersDoNotShow) {
    Document doc;
    doc.set_source(SourceInfo{});
    LayerStyle s = labelled(LabelPlacement::Point, 1);
    s.label_styles[0].max_mpp = 2;
    const int id = add(doc, "pois", {named(1, gis::Geometry::from(gis::Point{500, 500}), "X")}, s);
    Camera cam(400, 400);
    cam.set_center({500, 500});
    SquareGlyphs m;
    cam.set_metres_per_pixel(1);
    EXPECT_EQ(place_labels(doc, cam, m).size(), 1u);
    cam.set_metres_per_pixel(3);
    EXPECT_TRUE(place_labels(doc, cam, m).empty());
    cam.set_metres_per_pixel(1);
    doc.set_visible(id, false);
    EXPECT_TRUE(place_labels(doc, cam, m).empty());
}

TEST(Labels, StayClearOfReservedAreas) {
    Document doc;
    doc.set_source(SourceInfo{});
    add(doc, "pois", {named(1, gis::Geometry::from(gis::Point{500, 500}), "X")},
        labelled(LabelPlacement::Point, 1));
    Camera cam(400, 400);
    cam.set_center({500, 500});
    SquareGlyphs m;
    LabelOptions o;
    o.reserved.push_back({150, 150, 250, 250});
    EXPECT_TRUE(place_labels(doc, cam, m, o).empty());
}

TEST(Labels, CjkDetection) {
    EXPECT_TRUE(is_cjk_text({U'人', U'民'}));
    EXPECT_FALSE(is_cjk_text({U'A', U'1'}));
}
