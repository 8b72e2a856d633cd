// The district's cartography: a light municipal planning map. Land-use conventions guide the building
// colours (residential yellow, commercial red, education pink, administration blue); streets are drawn
// with their real widths in metres, surfaces by material, the gas network in amber with renewal in
// magenta, and the clean-up items in red and purple.

#include <cmath>
#include <map>

#include "app/view/core/gas_theme.hpp"
#include "app/view/core/style.hpp"
#include "gis/district/schema.hpp"

namespace app::view {
namespace {

namespace L = gis::district::layers;
using C = Colour;

FeatureStyle area(const char* legend, std::uint32_t fill, std::uint32_t stroke, float stroke_px = 0.8f,
                  double outline_max_mpp = 1.5, float fill_alpha = 1.0f) {
    FeatureStyle s;
    s.legend = legend;
    s.fill = C::hex(fill, fill_alpha);
    s.stroke = C::hex(stroke);
    s.stroke_width = stroke_px;
    s.min_stroke_px = 0.5f;
    s.outline_max_mpp = outline_max_mpp;
    return s;
}

FeatureStyle line(const char* legend, std::uint32_t colour, float width, Unit unit, float min_px = 1) {
    FeatureStyle s;
    s.legend = legend;
    s.stroke = C::hex(colour);
    s.stroke_width = width;
    s.stroke_unit = unit;
    s.min_stroke_px = min_px;
    return s;
}

FeatureStyle symbol(const char* legend, Shape shape, float px, std::uint32_t fill, std::uint32_t stroke,
                    double max_mpp) {
    FeatureStyle s;
    s.legend = legend;
    s.shape = shape;
    s.symbol_px = px;
    s.symbol_fill = C::hex(fill);
    s.symbol_stroke = C::hex(stroke);
    s.max_mpp = max_mpp;
    return s;
}

LabelStyle label(float px, std::uint32_t colour, int priority, double max_mpp, LabelPlacement placement,
                 float offset_px = 0, double min_mpp = 0) {
    LabelStyle l;
    l.size_px = px;
    l.colour = C::hex(colour);
    l.priority = priority;
    l.max_mpp = max_mpp;
    l.min_mpp = min_mpp;
    l.placement = placement;
    l.offset_px = offset_px;
    l.letter_spacing = placement == LabelPlacement::Line ? 0.6f : 0.05f;
    return l;
}

FeatureStyle where(FeatureStyle s, std::vector<FieldTest> tests) {
    s.when = std::move(tests);
    return s;
}

FeatureStyle otherwise(FeatureStyle s) {
    s.otherwise = true;
    return s;
}

/// Labels that show the feature's name as it is.
LayerStyle named(LayerStyle ls) {
    ls.label_field = "name";
    return ls;
}

using Classifier = std::function<int(const gis::io::Feature&)>;
using Labeller = std::function<std::optional<LabelSpec>(const gis::io::Feature&)>;

/// Binds rules given as functions of the layer's fields.
LayerStyle make(const char* title_key, std::vector<FeatureStyle> styles, std::vector<LabelStyle> labels,
                std::function<BoundRules(const gis::io::LayerInfo&)> bind) {
    LayerStyle ls;
    ls.title_key = title_key;
    ls.styles = std::move(styles);
    ls.label_styles = std::move(labels);
    ls.bind = std::move(bind);
    return ls;
}

BoundRules rules(Classifier style_of, Labeller label_of = {},
                 std::function<float(const gis::io::Feature&)> width_of = {}) {
    BoundRules r;
    r.style_of = std::move(style_of);
    r.label_of =
        label_of ? std::move(label_of) : [](const gis::io::Feature&) { return std::optional<LabelSpec>{}; };
    r.width_of = width_of ? std::move(width_of) : [](const gis::io::Feature&) { return std::nanf(""); };
    return r;
}

Labeller text_label(int field, int style) {
    return [field, style](const gis::io::Feature& f) -> std::optional<LabelSpec> {
        std::string t = field_text(f, field);
        if (t.empty()) return std::nullopt;
        return LabelSpec{std::move(t), style};
    };
}

int index_in(const std::string& v, std::initializer_list<const char*> values, int fallback) {
    int i = 0;
    for (const char* x : values) {
        if (v == x) return i;
        ++i;
    }
    return fallback;
}

LayerStyle boundary() {
    FeatureStyle s = area("view.legend.boundary", 0xfbfaf6, 0x8a63b8, 2.5f, kAlways);
    s.dash_px = 12;
    s.gap_px = 5;
    LayerStyle ls = named(
        make("view.layer.boundary", {s}, {label(18, 0x6a4a94, 95, kAlways, LabelPlacement::Area, 0, 1.6)},
             [](const gis::io::LayerInfo& li) {
                 return rules([](const auto&) { return 0; }, text_label(field_of(li, {"name"}), 0));
             }));
    ls.outline_on_top = true;
    ls.pick_by_outline = true;
    return ls;
}

LayerStyle service_areas() {
    FeatureStyle s = area("view.legend.service_area", 0, 0x9c7fc0, 1.5f, kAlways, 0.0f);
    s.dash_px = 5;
    s.gap_px = 4;
    LayerStyle ls =
        named(make("view.layer.service_areas", {s}, {label(14, 0x7e5ba6, 30, 3, LabelPlacement::Area)},
                   [](const gis::io::LayerInfo& li) {
                       return rules([](const auto&) { return 0; }, text_label(field_of(li, {"name"}), 0));
                   }));
    ls.visible = false;
    ls.outline_on_top = true;
    ls.pick_by_outline = true;
    return ls;
}

LayerStyle compound() {
    return named(make("view.layer.compound",
                      {area("view.legend.compound", 0xefe6d6, 0x8c6d5a, 2.2f, kAlways)},
                      {label(15, 0x7a5c48, 90, 2.5, LabelPlacement::Area)}, [](const gis::io::LayerInfo& li) {
                          return rules([](const auto&) { return 0; }, text_label(field_of(li, {"name"}), 0));
                      }));
}

LayerStyle surfaces() {
    return make(
        "view.layer.surfaces",
        {where(area("view.legend.green", 0xcde3bd, 0xafcf98, 0.6f),
               {field_in("kind", {"green"}), field_not_in("material", {"grass pitch"})}),
         otherwise(area("view.legend.paved", 0xe4e1da, 0xc9c4ba, 0.6f)),
         where(area("view.legend.unpaved", 0xe9dcc0, 0xc8b186, 0.6f), {field_in("kind", {"unpaved"})}),
         where(area("view.legend.sports", 0xd99e86, 0xb9775f, 0.8f), {field_in("kind", {"sports"})}),
         where(area("view.legend.pitch", 0xb4d89b, 0x8fbd72, 0.6f),
               {field_in("kind", {"green"}), field_in("material", {"grass pitch"})})},
        {}, [](const gis::io::LayerInfo& li) {
            const int kind = field_of(li, {"kind"}), material = field_of(li, {"material"});
            return rules([kind, material](const gis::io::Feature& f) {
                const std::string k = field_text(f, kind);
                if (k == "green" && field_text(f, material) == "grass pitch") return 4;
                return index_in(k, {"green", "paved", "unpaved", "sports"}, 1);
            });
        });
}

LayerStyle forecourts() {
    FeatureStyle unpaved = where(area("view.legend.forecourt_unpaved", 0xeadbbd, 0xbfa276, 0.8f, 1.0),
                                 {field_in("surface", {"unpaved", "earth", "gravel"})});
    unpaved.dash_px = 3;
    unpaved.gap_px = 2;
    return make("view.layer.forecourts",
                {otherwise(area("view.legend.forecourt_paved", 0xe7e5e0, 0xcdc8bf, 0.6f, 1.0)), unpaved}, {},
                [](const gis::io::LayerInfo& li) {
                    const int surface = field_of(li, {"surface"});
                    return rules([surface](const gis::io::Feature& f) {
                        const std::string s = field_text(f, surface);
                        return s == "unpaved" || s == "earth" || s == "gravel" ? 1 : 0;
                    });
                });
}

// Street fills by class, shared by the centrelines (drawn at their width in metres, with a casing) and by
// the asphalt street surfaces that lie on them.
constexpr std::uint32_t kPrimary = 0xf7d398, kSecondary = 0xfbeab4, kLocal = 0xffffff, kConcrete = 0xe9e8e3,
                        kUnpaved = 0xe6d2aa, kCasing = 0x9a9184;

LayerStyle streets() {
    auto street = [](const char* legend, std::uint32_t fill, float casing, float min_px) {
        FeatureStyle s = line(legend, fill, 10, Unit::Metres, min_px);
        s.casing = C::hex(kCasing);
        s.casing_px = casing;
        return s;
    };
    return named(make(
        "view.layer.streets",
        {where(street("view.legend.street_primary", kPrimary, 1.6f, 4), {field_in("class", {"primary"})}),
         where(street("view.legend.street_secondary", kSecondary, 1.4f, 3),
               {field_in("class", {"secondary"})}),
         otherwise(street("view.legend.street_local", kLocal, 1.2f, 2)),
         where(street("view.legend.street_lane", kLocal, 1.0f, 1), {field_in("class", {"lane"})})},
        {label(16, 0x4a3b2a, 100, 4, LabelPlacement::Line), label(15, 0x4a3b2a, 98, 3, LabelPlacement::Line),
         label(14, 0x4f4235, 96, 1.5, LabelPlacement::Line),
         label(12, 0x6b6055, 40, 0.45, LabelPlacement::Line)},
        [](const gis::io::LayerInfo& li) {
            const int cls = field_of(li, {"class"}), width = field_of(li, {"width_m"}),
                      name = field_of(li, {"name"});
            auto klass = [cls](const gis::io::Feature& f) {
                return index_in(field_text(f, cls), {"primary", "secondary", "local", "lane"}, 2);
            };
            return rules(
                klass,
                [klass, name](const gis::io::Feature& f) -> std::optional<LabelSpec> {
                    std::string t = field_text(f, name);
                    if (t.empty()) return std::nullopt;
                    return LabelSpec{std::move(t), klass(f)};
                },
                [width, klass](const gis::io::Feature& f) {
                    static constexpr float kDefault[] = {36, 22, 14, 5};
                    const double w = field_real(f, width, 0);
                    return w > 0 ? static_cast<float>(w) : kDefault[klass(f)];
                });
        }));
}

LayerStyle street_surfaces() {
    return make(
        "view.layer.street_surfaces",
        {where(area("view.legend.asphalt_primary", kPrimary, kPrimary, 0, 0),
               {field_in("class", {"primary"}), field_not_in("surface", {"concrete", "unpaved"})}),
         where(area("view.legend.asphalt_secondary", kSecondary, kSecondary, 0, 0),
               {field_in("class", {"secondary"}), field_not_in("surface", {"concrete", "unpaved"})}),
         otherwise(area("view.legend.asphalt", kLocal, kLocal, 0, 0)),
         where(area("view.legend.concrete", kConcrete, kConcrete, 0, 0), {field_in("surface", {"concrete"})}),
         where(area("view.legend.unpaved_street", kUnpaved, kUnpaved, 0, 0),
               {field_in("surface", {"unpaved"})})},
        {}, [](const gis::io::LayerInfo& li) {
            const int cls = field_of(li, {"class"}), surface = field_of(li, {"surface"});
            return rules([cls, surface](const gis::io::Feature& f) {
                const std::string s = field_text(f, surface);
                if (s == "concrete") return 3;
                if (s == "unpaved") return 4;
                return std::min(2, index_in(field_text(f, cls), {"primary", "secondary"}, 2));
            });
        });
}

LayerStyle market() {
    return named(make("view.layer.market",
                      {area("view.legend.market", 0xf6d7a4, 0xd08a35, 1.4f, kAlways, 0.6f)},
                      {label(13, 0x8a4f10, 70, 1.2, LabelPlacement::Area)}, [](const gis::io::LayerInfo& li) {
                          return rules([](const auto&) { return 0; }, text_label(field_of(li, {"name"}), 0));
                      }));
}

LayerStyle market_stalls() {
    auto stall = [](const char* legend, std::uint32_t fill) {
        FeatureStyle s = area(legend, fill, 0xb9792f, 0.6f, 0.5);
        s.max_mpp = 3;
        return s;
    };
    return make(
        "view.layer.market_stalls",
        {where(stall("view.legend.stall_resident", 0xf4c282), {field_in("allocation", {"resident"})}),
         where(stall("view.legend.stall_low_income", 0xe99a5c), {field_in("allocation", {"low_income"})}),
         otherwise(stall("view.legend.stall_trader", 0xf9dfb3))},
        {}, [](const gis::io::LayerInfo& li) {
            const int alloc = field_of(li, {"allocation"});
            return rules([alloc](const gis::io::Feature& f) {
                return index_in(field_text(f, alloc), {"resident", "low_income", "trader"}, 2);
            });
        });
}

LayerStyle buildings() {
    // Residential: the kind says so, or says nothing.
    const FieldTest residential = field_in("kind", {"residential", ""});
    FeatureStyle shop_floor =
        where(area("view.legend.residential_shops", 0xf2dc9a, 0xc8594a, 1.6f, 2.0),
              {residential, number_is("in_compound", 0), number_is("shop_ground_floor", 0, 0, false)});
    return make(
        "view.layer.buildings",
        {where(area("view.legend.residential", 0xf2dc9a, 0xb39a5a, 0.9f, 2.0),
               {residential, number_is("in_compound", 0), number_is("shop_ground_floor", 0)}),
         where(area("view.legend.residential_compound", 0xe8c370, 0xa07f3c, 0.9f, 2.0),
               {residential, number_is("in_compound", 0, 0, false)}),
         where(area("view.legend.unit", 0xbccbe6, 0x6f86b3, 1.0f, 2.0), {field_in("kind", {"unit"})}),
         where(area("view.legend.school", 0xecbcd6, 0xa8668d, 1.0f, 2.0), {field_in("kind", {"school"})}),
         where(area("view.legend.shop_row", 0xf1b4a6, 0xb9675a, 0.9f, 2.0), {field_in("kind", {"shop_row"})}),
         otherwise(area("view.legend.building_other", 0xd9d5cd, 0x9c968b, 0.8f, 1.0)), shop_floor},
        {label(13, 0x4f3d22, 60, 1.0, LabelPlacement::Area),
         label(12, 0x3f4660, 55, 0.7, LabelPlacement::Area),
         label(11, 0x5f5a52, 15, 0.3, LabelPlacement::Area)},
        [](const gis::io::LayerInfo& li) {
            const int kind = field_of(li, {"kind"}), comp = field_of(li, {"in_compound"}),
                      shops = field_of(li, {"shop_ground_floor"}), number = field_of(li, {"number"}),
                      name = field_of(li, {"name"});
            auto klass = [=](const gis::io::Feature& f) {
                const std::string k = field_text(f, kind);
                if (k == "residential" || k.empty()) {
                    if (field_int(f, comp) != 0) return 1;
                    return field_int(f, shops) != 0 ? 6 : 0;
                }
                return index_in(k, {"", "", "unit", "school", "shop_row", "other"}, 5);
            };
            return rules(klass, [=](const gis::io::Feature& f) -> std::optional<LabelSpec> {
                const int c = klass(f);
                if (c == 0 || c == 1 || c == 6) {
                    const auto n = field_int(f, number);
                    if (n > 0) return LabelSpec{std::to_string(n), 0};
                    return std::nullopt;
                }
                std::string t = field_text(f, name);
                if (t.empty()) return std::nullopt;
                return LabelSpec{std::move(t), c == 5 ? 2 : 1};
            });
        });
}

LayerStyle illegal_structures() {
    FeatureStyle s = area("view.legend.illegal", 0xe5533d, 0xb3261e, 1.4f, kAlways, 0.6f);
    s.dash_px = 4;
    s.gap_px = 2;
    return make("view.layer.illegal_structures", {s}, {},
                [](const gis::io::LayerInfo&) { return rules([](const auto&) { return 0; }); });
}

// The pipes' default look (mains by pressure, service pipes, renewal) is the "network" theme; the gas
// panel switches to the others.
LayerStyle gas_pipes() { return gas_pipe_style(GasTheme::Network); }

LayerStyle gas_valves() {
    return make("view.layer.gas_valves",
                {otherwise(symbol("view.legend.valve_open", Shape::Valve, 11, 0xf0a020, 0x5d3a00, 2.0)),
                 where(symbol("view.legend.valve_closed", Shape::Valve, 11, 0xffffff, 0xb71c1c, 2.0),
                       {field_in("state", {"closed"}), number_is("operable", 0, 1, false)}),
                 where(symbol("view.legend.valve_inoperable", Shape::Valve, 11, 0xb71c1c, 0x3e0000, 2.0),
                       {number_is("operable", 0, 1)})},
                {}, [](const gis::io::LayerInfo& li) {
                    const int state = field_of(li, {"state"}), operable = field_of(li, {"operable"});
                    return rules([=](const gis::io::Feature& f) {
                        if (field_int(f, operable, 1) == 0) return 2;
                        return field_text(f, state) == "closed" ? 1 : 0;
                    });
                });
}

LayerStyle point_layer(const char* title_key, FeatureStyle s, std::optional<LabelStyle> l = {}) {
    std::vector<LabelStyle> labels;
    if (l) labels.push_back(*l);
    const bool labelled = l.has_value();
    LayerStyle ls =
        make(title_key, {std::move(s)}, std::move(labels), [labelled](const gis::io::LayerInfo& li) {
            return rules([](const auto&) { return 0; },
                         labelled ? text_label(field_of(li, {"name"}), 0) : Labeller{});
        });
    return labelled ? named(std::move(ls)) : ls;
}

LayerStyle pois() {
    return named(
        make("view.layer.pois",
             {where(symbol("view.legend.poi_unit", Shape::Square, 12, 0x3f6fb5, 0xffffff, 3),
                    {field_in("kind", {"unit"})}),
              where(symbol("view.legend.poi_school", Shape::Star, 15, 0xad1457, 0xffffff, 3),
                    {field_in("kind", {"school"})}),
              where(symbol("view.legend.poi_liaison", Shape::Star, 15, 0xd32f2f, 0xffffff, 3),
                    {field_in("kind", {"liaison_station"})}),
              where(symbol("view.legend.poi_gate", Shape::Diamond, 10, 0x6d4c41, 0xffffff, 1.5),
                    {field_in("kind", {"gate"})}),
              where(symbol("view.legend.poi_market_desk", Shape::Circle, 10, 0xef6c00, 0xffffff, 1.5),
                    {field_in("kind", {"market_desk"})}),
              where(symbol("view.legend.poi_office", Shape::Square, 13, 0xc62828, 0xffffff, 3),
                    {field_in("kind", {"community_office"})}),
              otherwise(symbol("view.legend.poi_other", Shape::Circle, 10, 0x546e7a, 0xffffff, 1.5))},
             {label(13, 0x2b2b2b, 80, 1.5, LabelPlacement::Point, 9),
              label(11, 0x4e3b30, 45, 0.5, LabelPlacement::Point, 7)},
             [](const gis::io::LayerInfo& li) {
                 const int kind = field_of(li, {"kind"}), name = field_of(li, {"name"});
                 auto klass = [kind](const gis::io::Feature& f) {
                     return index_in(
                         field_text(f, kind),
                         {"unit", "school", "liaison_station", "gate", "market_desk", "community_office"}, 6);
                 };
                 return rules(klass, [=](const gis::io::Feature& f) -> std::optional<LabelSpec> {
                     std::string t = field_text(f, name);
                     if (t.empty()) return std::nullopt;
                     const int c = klass(f);
                     return LabelSpec{std::move(t), c == 3 || c == 4 ? 1 : 0};
                 });
             }));
}

// Plan items (paving scopes, pipe routes, clearance items) sit above the data, in a violet no base
// layer uses, by kind: areas, routes and points.
LayerStyle plan_items() {
    FeatureStyle s = area("view.legend.plan_item", 0x7e57c2, 0x5e35b1, 2.2f, kAlways, 0.3f);
    s.dash_px = 8;
    s.gap_px = 4;
    s.shape = Shape::Circle;
    s.symbol_px = 11;
    s.symbol_fill = C::hex(0x7e57c2);
    s.symbol_stroke = C::hex(0xffffff);
    s.casing = C::hex(0xffffff, 0.8f);
    s.casing_px = 1.0f;
    return named(make("view.layer.plan_items", {s}, {label(12, 0x4527a0, 85, 1.5, LabelPlacement::Area)},
                      [](const gis::io::LayerInfo& li) {
                          return rules([](const auto&) { return 0; }, text_label(field_of(li, {"name"}), 0));
                      }));
}

const std::map<std::string, LayerStyle (*)()>& styles() {
    static const std::map<std::string, LayerStyle (*)()> m = {
        {L::kBoundary, boundary},
        {L::kServiceAreas, service_areas},
        {L::kCompound, compound},
        {L::kSurfaces, surfaces},
        {L::kForecourts, forecourts},
        {L::kStreets, streets},
        {L::kStreetSurfaces, street_surfaces},
        {L::kMarket, market},
        {L::kMarketStalls, market_stalls},
        {L::kBuildings, buildings},
        {L::kIllegalStructures, illegal_structures},
        {L::kGasPipes, gas_pipes},
        {L::kGasValves, gas_valves},
        {L::kGasStations,
         [] {
             return point_layer("view.layer.gas_stations",
                                symbol("view.legend.gas_station", Shape::Square, 14, 0xd2491b, 0xffffff, 4),
                                label(12, 0x8a2c0c, 75, 1.5, LabelPlacement::Point, 10));
         }},
        {L::kEntrances,
         [] {
             return point_layer("view.layer.entrances",
                                symbol("view.legend.entrance", Shape::Triangle, 7, 0x7a6a5a, 0xffffff, 0.5));
         }},
        {L::kShops,
         [] {
             return point_layer("view.layer.shops",
                                symbol("view.legend.shop", Shape::Circle, 6, 0xd9604f, 0xffffff, 0.6),
                                label(11, 0x8c3a2e, 10, 0.12, LabelPlacement::Point, 6));
         }},
        {L::kPois, pois},
        {"plan_items", plan_items},
        {L::kGraffiti,
         [] {
             return point_layer("view.layer.graffiti",
                                symbol("view.legend.graffiti", Shape::Cross, 9, 0x7b1fa2, 0xffffff, 1.2));
         }},
    };
    return m;
}

}  // namespace

std::optional<LayerStyle> district_layer_style(const std::string& layer) {
    auto it = styles().find(layer);
    if (it == styles().end()) return std::nullopt;
    return it->second();
}

const std::vector<std::string>& district_draw_order() {
    static const std::vector<std::string> order = {
        L::kBoundary,     L::kServiceAreas, L::kCompound,          L::kSurfaces,
        L::kForecourts,   L::kStreets,      L::kStreetSurfaces,    L::kMarket,
        L::kMarketStalls, L::kBuildings,    L::kIllegalStructures, L::kGasPipes,
        L::kGasStations,  L::kGasValves,    L::kEntrances,         L::kShops,
        L::kGraffiti,     L::kPois,         "plan_items"};
    return order;
}

}  // namespace app::view
