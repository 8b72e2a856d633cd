#include <gtest/gtest.h>

#include "app/i18n/i18n.hpp"
#include "app/view/core/document.hpp"
#include "app/view/core/picker.hpp"
#include "view_test_util.hpp"

using namespace app::view;
using view_test::feature;
using view_test::layer;
using view_test::square;

namespace {
SourceInfo source(std::vector<std::string> layers) {
    SourceInfo s;
    s.layers = std::move(layers);
    s.grid = TileGrid::over({0, 0, 1000, 1000}, 250);
    return s;
}
PreparedLayer prepared(const std::string& name, std::vector<gis::io::Feature> features,
                       const std::string& geometry = "Polygon", std::vector<gis::io::FieldDef> fields = {}) {
    auto l = layer(name, geometry, std::move(fields));
    l.features = std::move(features);
    return prepare_layer(std::move(l), generic_layer_style(l.info, 0), {0, 0},
                         TileGrid::over({0, 0, 1000, 1000}, 250));
}
}  // namespace

TEST(Document, LayersTakeTheirPlaceInTheDrawOrderWhateverOrderTheyArrive) {
    Document doc;
    doc.set_source(source({"surfaces", "streets", "buildings", "pois"}));
    const int pois = doc.add_layer(prepared("pois", {}));
    const int surfaces = doc.add_layer(prepared("surfaces", {}));
    const int buildings = doc.add_layer(prepared("buildings", {}));
    const int streets = doc.add_layer(prepared("streets", {}));
    EXPECT_EQ(doc.draw_order(), (std::vector<int>{surfaces, streets, buildings, pois}));
    doc.move_layer(streets, +1);
    EXPECT_EQ(doc.draw_order(), (std::vector<int>{surfaces, buildings, streets, pois}));
    doc.move_layer(surfaces, -5);  // already at the bottom
    EXPECT_EQ(doc.draw_order().front(), surfaces);
}

TEST(Document, EveryChangeThatAffectsTheMapBumpsTheRevision) {
    Document doc;
    doc.set_source(source({"a"}));
    const int a = doc.add_layer(prepared("a", {feature(1, square(10, 10, 5))}));
    auto r = doc.revision();
    doc.set_visible(a, false);
    EXPECT_GT(doc.revision(), r);
    r = doc.revision();
    doc.set_visible(a, false);  // no change
    EXPECT_EQ(doc.revision(), r);
    doc.set_opacity(a, 0.5f);
    EXPECT_GT(doc.revision(), r);
    r = doc.revision();
    doc.select(FeatureRef{a, 0});
    EXPECT_GT(doc.revision(), r);
    r = doc.revision();
    doc.highlight("trace", "a", {1}, Colour::hex(0xff0000));
    EXPECT_GT(doc.revision(), r);
}

TEST(Document, SelectionOfAMissingFeatureIsNoSelection) {
    Document doc;
    doc.set_source(source({"a"}));
    const int a = doc.add_layer(prepared("a", {feature(1, square(10, 10, 5))}));
    doc.select(FeatureRef{a, 7});
    EXPECT_FALSE(doc.selection().has_value());
    doc.select(FeatureRef{a, 0});
    ASSERT_TRUE(doc.selection().has_value());
    EXPECT_EQ(doc.feature(*doc.selection())->fid, 1);
}

TEST(Document, BuildingsAreFoundByTheirNumberOtherLayersByFid) {
    Document doc;
    doc.set_source(source({"buildings", "pois"}));
    doc.add_layer(prepared(
        "buildings",
        {feature(5, square(0, 0, 10), {std::int64_t{12}}), feature(6, square(20, 0, 10), {std::int64_t{1}})},
        "Polygon", {{"number", gis::io::FieldType::Integer}}));
    doc.add_layer(prepared("pois", {feature(3, gis::Geometry::from(gis::Point{1, 1}))}, "Point"));
    auto b = doc.find_feature("buildings", 1);
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(doc.feature(*b)->fid, 6);
    EXPECT_FALSE(doc.find_feature("buildings", 6).has_value());
    EXPECT_EQ(doc.feature(*doc.find_feature("pois", 3))->fid, 3);
    EXPECT_FALSE(doc.find_feature("nope", 1).has_value());
}

TEST(Document, HooksForPanels) {
    Document doc;
    doc.set_source(source({"a"}));
    doc.add_layer(prepared("a", {feature(1, square(10, 10, 5))}));
    doc.highlight("search", "a", {1}, Colour::hex(0x00ff00));
    ASSERT_EQ(doc.highlights().count("search"), 1u);
    EXPECT_EQ(doc.highlights().at("search").fids, (std::vector<std::int64_t>{1}));
    doc.clear_highlight("search");
    EXPECT_TRUE(doc.highlights().empty());

    auto trace = layer("", "LineString");
    trace.features.push_back(feature(0, gis::Geometry::from(gis::LineString{{0, 0}, {100, 100}})));
    doc.set_overlay("trace", std::move(trace), Colour::hex(0xff00ff));
    const MapLayer* o = doc.find("trace");
    ASSERT_NE(o, nullptr);
    EXPECT_TRUE(o->overlay);
    EXPECT_EQ(doc.draw_order().back(), o->id);  // overlays are drawn last
    EXPECT_EQ(o->data.segments.size(), 1u);
    doc.set_overlay("trace", layer("", "LineString"), Colour::hex(0xff00ff));  // replaced, not added
    EXPECT_EQ(doc.draw_order().size(), 2u);
    doc.remove_overlay("trace");
    EXPECT_EQ(doc.find("trace"), nullptr);
    EXPECT_EQ(doc.draw_order().size(), 1u);

    doc.fly_to({0, 0, 10, 10});
    EXPECT_EQ(doc.take_fly_to(), (std::optional<gis::BBox>{gis::BBox{0, 0, 10, 10}}));
    EXPECT_FALSE(doc.take_fly_to().has_value());
}

TEST(Picker, PicksTheTopmostFeatureUnderThePointer) {
    Document doc;
    doc.set_source(source({"ground", "houses", "poles"}));
    const int ground = doc.add_layer(prepared("ground", {feature(1, square(0, 0, 500))}));
    const int houses = doc.add_layer(
        prepared("houses", {feature(10, square(100, 100, 20)), feature(11, square(300, 300, 20))}));
    const int poles =
        doc.add_layer(prepared("poles", {feature(20, gis::Geometry::from(gis::Point{110, 110}))}, "Point"));
    Camera cam(500, 500);
    cam.set_center({250, 250});
    cam.set_metres_per_pixel(1);
    Picker picker;
    auto at = [&](double x, double y) { return picker.pick(doc, cam, cam.world_to_screen({x, y})); };
    EXPECT_EQ(at(111, 111),
              (std::optional<FeatureRef>{FeatureRef{poles, 0}}));  // within the tolerance of the pole
    EXPECT_EQ(at(118, 104), (std::optional<FeatureRef>{FeatureRef{houses, 0}}));  // inside house 10
    EXPECT_EQ(doc.feature(*at(310, 310))->fid, 11);
    EXPECT_EQ(at(50, 50), (std::optional<FeatureRef>{FeatureRef{ground, 0}}));
    EXPECT_FALSE(at(700, 700).has_value());
    doc.set_visible(poles, false);
    EXPECT_EQ(at(111, 111)->layer, houses);
    EXPECT_GT(picker.index_count(), 0u);
}

TEST(Picker, FeaturesTooSmallToDrawAreNotPicked) {
    Document doc;
    doc.set_source(source({"stalls"}));
    doc.add_layer(prepared("stalls", {feature(1, square(100, 100, 2))}));
    Camera cam(500, 500);
    cam.set_center({250, 250});
    cam.set_metres_per_pixel(0.5);
    Picker picker;
    EXPECT_TRUE(picker.pick(doc, cam, cam.world_to_screen({101, 101})).has_value());
    cam.set_metres_per_pixel(10);  // the stall is a fraction of a pixel: not drawn, not picked
    EXPECT_FALSE(picker.pick(doc, cam, cam.world_to_screen({101, 101})).has_value());
}

TEST(Document, AToolsMarksAreNamedInTheUsersLanguage) {
    Document doc;
    doc.set_source(source({"buildings"}));
    gis::io::Layer marks = layer("x", "Polygon");
    marks.features.push_back(feature(1, square(0, 0, 10)));
    doc.set_overlay("affected", marks, Colour::hex(0xff0000));
    doc.set_overlay("someone.elses", marks, Colour::hex(0xff0000));
    const auto lang = app::i18n::language();
    app::i18n::set_language(app::i18n::Lang::Zh);
    EXPECT_EQ(doc.find("affected")->title(), "受影响范围");
    EXPECT_EQ(doc.find("someone.elses")->title(), "someone.elses");  // no entry: its name, never blank
    app::i18n::set_language(app::i18n::Lang::En);
    EXPECT_EQ(doc.find("affected")->title(), "Affected area");
    app::i18n::set_language(lang);
}
