#include <gtest/gtest.h>

#include <cmath>

#include "app/view/core/style.hpp"
#include "gis/district/schema.hpp"
#include "view_test_util.hpp"

using namespace app::view;
namespace L = gis::district::layers;

namespace {
gis::io::LayerInfo info_of(const char* layer) {
    gis::io::LayerInfo info;
    info.name = layer;
    info.fields = gis::district::find_schema(layer)->fields;
    return info;
}
gis::io::Feature with(const gis::io::LayerInfo& info,
                      std::initializer_list<std::pair<const char*, gis::io::FieldValue>> v) {
    gis::io::Feature f;
    f.values.resize(info.fields.size());
    for (const auto& [k, x] : v) f.values[static_cast<std::size_t>(info.field_index(k))] = x;
    return f;
}
}  // namespace

TEST(DistrictStyle, EveryMapLayerHasAStyleAndAPlaceInTheOrder) {
    for (const char* name :
         {L::kBoundary, L::kServiceAreas, L::kSurfaces, L::kStreetSurfaces, L::kCompound, L::kForecourts,
          L::kMarket, L::kMarketStalls, L::kStreets, L::kBuildings, L::kIllegalStructures, L::kGasPipes,
          L::kGasValves, L::kGasStations, L::kEntrances, L::kShops, L::kPois, L::kGraffiti, "plan_items"}) {
        EXPECT_TRUE(district_layer_style(name).has_value()) << name;
        const auto& order = district_draw_order();
        EXPECT_NE(std::find(order.begin(), order.end(), name), order.end()) << name;
    }
    // Attribute tables, personal data above all, are never map layers.
    EXPECT_FALSE(district_layer_style(L::kHouseholds).has_value());
}

TEST(DistrictStyle, DrawOrderIsSurfacesStreetsBuildingsPipesPoints) {
    const auto& o = district_draw_order();
    auto pos = [&](const char* n) { return std::find(o.begin(), o.end(), n) - o.begin(); };
    EXPECT_LT(pos(L::kSurfaces), pos(L::kStreets));
    EXPECT_LT(pos(L::kStreets), pos(L::kBuildings));
    EXPECT_LT(pos(L::kBuildings), pos(L::kGasPipes));
    EXPECT_LT(pos(L::kGasPipes), pos(L::kGasValves));
    EXPECT_LT(pos(L::kGasPipes), pos(L::kPois));
}

TEST(DistrictStyle, BuildingsByKindAndCompound) {
    const auto style = *district_layer_style(L::kBuildings);
    const auto info = info_of(L::kBuildings);
    const BoundRules r = style.bind(info);
    const int plain =
        r.style_of(with(info, {{"kind", std::string("residential")}, {"in_compound", std::int64_t{0}}}));
    const int compound =
        r.style_of(with(info, {{"kind", std::string("residential")}, {"in_compound", std::int64_t{1}}}));
    const int school = r.style_of(with(info, {{"kind", std::string("school")}}));
    const int shops = r.style_of(with(info, {{"kind", std::string("shop_row")}}));
    const int unit = r.style_of(with(info, {{"kind", std::string("unit")}}));
    EXPECT_EQ(std::set<int>({plain, compound, school, shops, unit}).size(), 5u);
    EXPECT_NE(style.styles[plain].fill, style.styles[compound].fill);
    // Residential buildings are labelled with their number.
    auto label = r.label_of(with(info, {{"kind", std::string("residential")}, {"number", std::int64_t{12}}}));
    ASSERT_TRUE(label.has_value());
    EXPECT_EQ(label->text, "12");
}

TEST(DistrictStyle, StreetsAreAsWideAsTheDataSays) {
    const auto style = *district_layer_style(L::kStreets);
    const auto info = info_of(L::kStreets);
    const BoundRules r = style.bind(info);
    const auto f =
        with(info, {{"class", std::string("primary")}, {"width_m", 36.0}, {"name", std::string("人民路")}});
    EXPECT_FLOAT_EQ(r.width_of(f), 36.0f);
    EXPECT_EQ(style.styles[r.style_of(f)].stroke_unit, Unit::Metres);
    const auto lane = with(info, {{"class", std::string("lane")}});
    EXPECT_FLOAT_EQ(r.width_of(lane), 5.0f);  // the class's width when the data has none
    EXPECT_EQ(r.label_of(f)->text, "人民路");
    EXPECT_EQ(style.label_styles[r.label_of(f)->style].placement, LabelPlacement::Line);
}

TEST(DistrictStyle, GasPipesByStatusPressureAndDiameter) {
    const auto style = *district_layer_style(L::kGasPipes);
    const auto info = info_of(L::kGasPipes);
    const BoundRules r = style.bind(info);
    const auto renewal = with(info, {{"kind", std::string("main")},
                                     {"status", std::string("renewal")},
                                     {"diameter_mm", std::int64_t{100}}});
    const auto low = with(
        info,
        {{"kind", std::string("main")}, {"pressure", std::string("low")}, {"diameter_mm", std::int64_t{63}}});
    const auto medium = with(info, {{"kind", std::string("main")},
                                    {"pressure", std::string("medium-b")},
                                    {"diameter_mm", std::int64_t{150}}});
    EXPECT_GT(style.styles[r.style_of(renewal)].dash_px, 0);
    EXPECT_NE(r.style_of(low), r.style_of(medium));
    EXPECT_GT(r.width_of(medium), r.width_of(low));
}

TEST(Style, PersonalFieldsAreKnown) {
    for (const char* f : {"head_name", "phone", "id_number", "household_no", "low_income"})
        EXPECT_TRUE(is_personal_field(f)) << f;
    for (const char* f : {"name", "number", "complaints_phone_line", "kind"})
        EXPECT_FALSE(is_personal_field(f)) << f;
}

TEST(Style, GenericLayersLabelTheirNameField) {
    gis::io::LayerInfo info;
    info.name = "parks";
    info.geometry_type = "Polygon";
    info.fields = {{"NAME", gis::io::FieldType::String}};
    const LayerStyle s = generic_layer_style(info, 3);
    const BoundRules r = s.bind(info);
    gis::io::Feature f;
    f.values = {std::string("人民公园")};
    EXPECT_EQ(r.label_of(f)->text, "人民公园");
    EXPECT_TRUE(s.styles[0].fill.visible());
    EXPECT_NE(generic_layer_style(info, 0).styles[0].fill, s.styles[0].fill);
}
