// Presentation mode, GL-free: panels and tooltips without personal data, the before/after sides of the
// plan, the legend of what is drawn, slides and the title block.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "app/i18n/i18n.hpp"
#include "app/view/core/present_state.hpp"
#include "gis/district/loader.hpp"
#include "gis/plan/hardening.hpp"
#include "gis/plan/session.hpp"
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

/// A layer whose features take class `kind` (field 0) of two legend classes "legend.a", "legend.b".
LayerStyle two_classes() {
    LayerStyle ls;
    ls.title = "two";
    FeatureStyle a, b;
    a.legend = "legend.a";
    a.fill = Colour::hex(0xff0000);
    b.legend = "legend.b";
    b.fill = Colour::hex(0x00ff00);
    ls.styles = {a, b};
    ls.bind = [](const gis::io::LayerInfo&) {
        BoundRules r;
        r.style_of = [](const gis::io::Feature& f) { return static_cast<int>(field_int(f, 0)); };
        r.width_of = [](const gis::io::Feature&) { return std::nanf(""); };
        r.label_of = [](const gis::io::Feature&) { return std::optional<LabelSpec>{}; };
        return r;
    };
    return ls;
}

PreparedLayer prepared(const std::string& name, std::vector<gis::io::Feature> features,
                       std::vector<gis::io::FieldDef> fields = {}, std::optional<LayerStyle> style = {}) {
    auto l = layer(name, "Polygon", std::move(fields));
    l.features = std::move(features);
    const LayerStyle st = style ? *style : generic_layer_style(l.info, 0);
    return prepare_layer(std::move(l), st, {0, 0}, TileGrid::over({0, 0, 1000, 1000}, 250));
}

struct Plan {
    Document doc;
    int buildings = -1, plan_items = -1, structures = -1, graffiti = -1, paving = -1, renewal = -1;
    Plan() {
        doc.set_source(source({"buildings", "illegal_structures", "graffiti", "plan_items"}));
        buildings = doc.add_layer(prepared("buildings", {feature(1, square(0, 0, 10))}));
        structures = doc.add_layer(prepared("illegal_structures", {feature(1, square(20, 0, 5))}));
        graffiti = doc.add_layer(prepared("graffiti", {feature(1, square(30, 0, 1))}));
        plan_items = doc.add_layer(prepared("plan_items", {feature(1, square(40, 0, 5))}));
        auto paving = layer("plan.paving", "Polygon");
        paving.features = {feature(1, square(50, 0, 5))};
        doc.set_overlay("plan.paving", paving, Colour::hex(0x1e6fd9));
        auto renewal = layer("plan.renewal", "LineString");
        renewal.features = {feature(1, gis::Geometry::from(gis::LineString{{60, 0}, {70, 0}}))};
        doc.set_overlay("plan.renewal", renewal, Colour::hex(0x00897b));
        this->paving = doc.find("plan.paving")->id;
        this->renewal = doc.find("plan.renewal")->id;
        doc.set_visible(this->paving, false);  // the viewer keeps them hidden outside the plan view
        doc.set_visible(this->renewal, false);
    }
    std::map<int, bool> drawn(Side side, std::vector<int> phases = {}) {
        VisibilityOverride v(doc, side_visibility(doc, side, phases));
        std::map<int, bool> out;
        for (int id : doc.draw_order()) out[id] = doc.layer(id)->visible;
        return out;
    }
};

}  // namespace

TEST(Presentation, OnlyPresentationPanelsAreDrawnWhilePresenting) {
    // (shows personal data, made for presentations, presenting)
    EXPECT_TRUE(panel_allowed(false, false, false));
    EXPECT_TRUE(panel_allowed(true, false, false));
    EXPECT_TRUE(panel_allowed(false, true, false));
    EXPECT_FALSE(panel_allowed(false, false, true));  // tool windows wait until the presentation ends
    EXPECT_FALSE(panel_allowed(true, false, true));
    EXPECT_TRUE(panel_allowed(false, true, true));  // the figures card
    EXPECT_FALSE(panel_allowed(true, true, true));  // never personal data, whatever a panel claims
}

TEST(Presentation, TooltipShowsNoNameOrAttributesWhilePresenting) {
    app::i18n::set_language(app::i18n::Lang::En);
    Document doc;
    doc.set_source(source({"buildings", "households"}));
    using FD = gis::io::FieldDef;
    const std::vector<FD> building_fields = {{"name", gis::io::FieldType::String},
                                             {"floors", gis::io::FieldType::Integer}};
    doc.add_layer(prepared("buildings",
                           {feature(7, square(0, 0, 10), {std::string("12号楼"), std::int64_t{6}})},
                           building_fields));
    const std::vector<FD> household_fields = {{"address", gis::io::FieldType::String},
                                              {"head_name", gis::io::FieldType::String},
                                              {"phone", gis::io::FieldType::String}};
    doc.add_layer(
        prepared("households",
                 {feature(3, square(20, 0, 10),
                          {std::string("12-2-301"), std::string("张伟"), std::string("13912345678")})},
                 household_fields));
    const MapLayer& b = *doc.find("buildings");
    const MapLayer& h = *doc.find("households");

    const auto normal = tooltip_lines(b, b.data.features[0], false);
    ASSERT_EQ(normal.size(), 3u);
    EXPECT_EQ(normal[1], "12号楼");
    EXPECT_EQ(normal[2], "Floors: 6");
    const auto presenting = tooltip_lines(b, b.data.features[0], true);
    EXPECT_EQ(presenting, (std::vector<std::string>{b.title(), "12号楼"}));

    // A layer of residents: its attributes never include names or phones, and while presenting it has
    // no tooltip at all.
    for (const auto& line : tooltip_lines(h, h.data.features[0], false)) {
        EXPECT_EQ(line.find("张伟"), std::string::npos) << line;
        EXPECT_EQ(line.find("13912345678"), std::string::npos) << line;
    }
    EXPECT_TRUE(tooltip_lines(h, h.data.features[0], true).empty());
    EXPECT_TRUE(layer_has_personal_fields(h));
    EXPECT_FALSE(layer_has_personal_fields(b));
}

TEST(Presentation, SlidesFitRightOfTheFiguresCardAndAboveTheCaption) {
    const gis::BBox a = presentation_free_area(1600, 1000, 340, 1);
    EXPECT_DOUBLE_EQ(a.minx, 352);
    EXPECT_DOUBLE_EQ(a.maxx, 1600);
    EXPECT_DOUBLE_EQ(a.miny, 0);
    EXPECT_DOUBLE_EQ(a.maxy, 920);
    // Framebuffer pixels: twice the window units on a high-density screen.
    const gis::BBox hi = presentation_free_area(3200, 2000, 340, 2);
    EXPECT_DOUBLE_EQ(hi.minx, 704);
    EXPECT_DOUBLE_EQ(hi.maxy, 1840);
    // No card: the whole width. A card over most of a small window: the whole window.
    EXPECT_DOUBLE_EQ(presentation_free_area(1600, 1000, 0, 1).minx, 0);
    const gis::BBox small = presentation_free_area(500, 400, 340, 1);
    EXPECT_DOUBLE_EQ(small.minx, 0);
    EXPECT_DOUBLE_EQ(small.maxy, 400);
}

TEST(Presentation, DistrictFieldsAndCodesAreShownInTheUiLanguage) {
    using FD = gis::io::FieldDef;
    Document doc;
    doc.set_source(source({"gas_pipes", "survey"}));
    const std::vector<FD> fields = {{"status", gis::io::FieldType::String},
                                    {"in_compound", gis::io::FieldType::Integer},
                                    {"diameter_mm", gis::io::FieldType::Integer},
                                    {"material", gis::io::FieldType::String}};
    const std::vector<gis::io::FieldValue> values = {std::string("renewal"), std::int64_t{1},
                                                     std::int64_t{100}, std::string("unobtainium")};
    doc.add_layer(prepared("gas_pipes", {feature(4, square(0, 0, 10), values)}, fields));
    doc.add_layer(prepared("survey", {feature(5, square(20, 0, 10), values)}, fields));
    const MapLayer& pipes = *doc.find("gas_pipes");
    const MapLayer& other = *doc.find("survey");

    app::i18n::set_language(app::i18n::Lang::Zh);
    using Pairs = std::vector<std::pair<std::string, std::string>>;
    EXPECT_EQ(display_attributes(pipes, pipes.data.features[0]),
              (Pairs{{"状态", "待更换"}, {"在小区内", "是"}, {"管径 (mm)", "100"}, {"材质", "unobtainium"}}));
    app::i18n::set_language(app::i18n::Lang::En);
    EXPECT_EQ(display_attributes(pipes, pipes.data.features[0]), (Pairs{{"Status", "due for renewal"},
                                                                        {"In the compound", "yes"},
                                                                        {"Diameter (mm)", "100"},
                                                                        {"Material", "unobtainium"}}));
    // A layer of another data set keeps its own field names and values.
    EXPECT_EQ(display_attributes(other, other.data.features[0]), (Pairs{{"status", "renewal"},
                                                                        {"in_compound", "1"},
                                                                        {"diameter_mm", "100"},
                                                                        {"material", "unobtainium"}}));
    const auto lines = tooltip_lines(pipes, pipes.data.features[0], false);
    ASSERT_EQ(lines.size(), 6u);
    EXPECT_EQ(lines[1], "DN100 unobtainium #4");  // no name: what it is, then its id
    EXPECT_EQ(lines[2], "Status: due for renewal");
}

TEST(Presentation, ColumnsAServerKeepsForItselfAreNotShown) {
    using FD = gis::io::FieldDef;
    Document doc;
    doc.set_source(source({"buildings"}));
    const std::vector<FD> fields = {{"number", gis::io::FieldType::Integer},
                                    {"number_key", gis::io::FieldType::Integer},
                                    {"head_name_masked", gis::io::FieldType::String}};
    doc.add_layer(prepared(
        "buildings",
        {feature(12, square(0, 0, 10), {std::int64_t{12}, std::int64_t{12}, std::string("张*")})}, fields));
    const MapLayer& b = *doc.find("buildings");
    app::i18n::set_language(app::i18n::Lang::En);
    const auto shown = display_attributes(b, b.data.features[0]);
    ASSERT_EQ(shown.size(), 1u);
    EXPECT_EQ(shown[0].second, "12");
}

TEST(Presentation, BeforeShowsTheStatusQuoAndAfterThePlan) {
    Plan p;
    auto before = p.drawn(Side::Before);
    EXPECT_TRUE(before[p.buildings]);
    EXPECT_TRUE(before[p.structures]);
    EXPECT_TRUE(before[p.graffiti]);
    EXPECT_FALSE(before[p.plan_items]);
    EXPECT_FALSE(before[p.paving]);
    EXPECT_FALSE(before[p.renewal]);

    auto after = p.drawn(Side::After);
    EXPECT_TRUE(after[p.buildings]);
    EXPECT_FALSE(after[p.structures]);  // removed by the clean-up
    EXPECT_FALSE(after[p.graffiti]);
    EXPECT_TRUE(after[p.plan_items]);
    EXPECT_TRUE(after[p.paving]);
    EXPECT_TRUE(after[p.renewal]);

    // Only phase 2 (hardening): no pipe renewal, structures still standing.
    auto phase2 = p.drawn(Side::After, {2});
    EXPECT_TRUE(phase2[p.paving]);
    EXPECT_FALSE(phase2[p.renewal]);
    EXPECT_TRUE(phase2[p.structures]);

    // A layer the user hid stays hidden on both sides.
    p.doc.set_visible(p.plan_items, false);
    EXPECT_FALSE(p.drawn(Side::After)[p.plan_items]);
}

TEST(Presentation, OverrideRestoresVisibilityAndCountsItsRevisions) {
    Plan p;
    const auto revision = p.doc.revision();
    std::uint64_t touches = 0;
    {
        VisibilityOverride v(p.doc, side_visibility(p.doc, Side::After, {}), &touches);
        EXPECT_TRUE(p.doc.layer(p.paving)->visible);
        EXPECT_FALSE(p.doc.layer(p.structures)->visible);
    }
    EXPECT_FALSE(p.doc.layer(p.paving)->visible);
    EXPECT_TRUE(p.doc.layer(p.structures)->visible);
    EXPECT_GT(p.doc.revision(), revision);
    EXPECT_EQ(p.doc.revision() - touches, revision);  // nothing really changed
}

TEST(Presentation, PlanViewCyclesAfterBeforeSplit) {
    EXPECT_EQ(next_plan_view(PlanView::After), PlanView::Before);
    EXPECT_EQ(next_plan_view(PlanView::Before), PlanView::Split);
    EXPECT_EQ(next_plan_view(PlanView::Split), PlanView::After);
}

TEST(Presentation, LegendListsOnlyVisibleLayersAndClassesThatOccur) {
    Document doc;
    doc.set_source(source({"zones", "other"}));
    using FD = gis::io::FieldDef;
    const std::vector<FD> fields = {{"kind", gis::io::FieldType::Integer}};
    const int zones = doc.add_layer(prepared(
        "zones",
        {feature(1, square(0, 0, 10), {std::int64_t{0}}), feature(2, square(20, 0, 10), {std::int64_t{0}})},
        fields, two_classes()));
    LegendBuilder legend;
    auto entries = legend.build(doc, 1.0);
    ASSERT_EQ(entries.size(), 1u);  // class b has no feature
    EXPECT_EQ(entries[0].text, "legend.a");
    EXPECT_EQ(entries[0].kind, LegendEntry::Kind::Area);

    doc.set_style_visible(zones, 0, false);
    EXPECT_TRUE(legend.build(doc, 1.0).empty());
    doc.set_style_visible(zones, 0, true);
    doc.set_visible(zones, false);
    EXPECT_TRUE(legend.build(doc, 1.0).empty());
    doc.set_visible(zones, true);

    // Classes not drawn at the scale are left out; the count is capped.
    doc.find("zones")->data.style.styles[0].max_mpp = 0.5;
    EXPECT_TRUE(legend.build(doc, 1.0).empty());
    EXPECT_EQ(legend.build(doc, 0.25).size(), 1u);
    EXPECT_TRUE(legend.build(doc, 0.25, 0).empty());
}

TEST(Presentation, SlideDeckStepsAndKeepsItsPlaceThroughEdits) {
    SlideDeck deck;
    EXPECT_FALSE(deck.next());
    std::vector<Slide> slides(3);
    for (int i = 0; i < 3; ++i) {
        slides[static_cast<std::size_t>(i)].caption = "s" + std::to_string(i);
        slides[static_cast<std::size_t>(i)].extent = {0, 0, 10.0 + i, 10};
    }
    deck.set(slides);
    EXPECT_EQ(deck.current(), -1);
    EXPECT_TRUE(deck.next());
    EXPECT_EQ(deck.current(), 0);
    EXPECT_TRUE(deck.next());
    EXPECT_TRUE(deck.next());
    EXPECT_FALSE(deck.next());  // stays on the last
    EXPECT_EQ(deck.current(), 2);
    EXPECT_TRUE(deck.previous());
    EXPECT_EQ(deck.current_slide()->caption, "s1");
    EXPECT_FALSE(deck.dirty());
    deck.move(1, -1);
    EXPECT_EQ(deck.current(), 0);
    EXPECT_EQ(deck.current_slide()->caption, "s1");
    EXPECT_TRUE(deck.dirty());
    deck.remove(0);
    EXPECT_EQ(deck.slides().size(), 2u);
    EXPECT_EQ(deck.slides()[0].caption, "s0");
    deck.mark_saved();
    EXPECT_FALSE(deck.dirty());
}

TEST(Presentation, CapturedSlideHoldsTheViewAndAppliesBack) {
    Plan p;
    Camera cam(800, 600);
    cam.fit({0, 0, 400, 300}, 0);
    p.doc.set_visible(p.graffiti, false);
    Slide s = capture_slide(p.doc, cam, PlanView::Split, 0.3, "对比");
    EXPECT_EQ(s.caption, "对比");
    EXPECT_EQ(s.view, PlanView::Split);
    EXPECT_DOUBLE_EQ(s.split, 0.3);
    const auto box = cam.visible_bbox();
    EXPECT_NEAR(s.extent.minx, box.minx, 0.01);
    EXPECT_NEAR(s.extent.maxy, box.maxy, 0.01);
    EXPECT_EQ(s.layers, (std::vector<std::string>{"buildings", "illegal_structures", "plan_items"}));
    EXPECT_TRUE(gis::present::validate(s, 1).ok());

    p.doc.set_visible(p.graffiti, true);
    p.doc.set_visible(p.buildings, false);
    apply_slide(p.doc, s);
    EXPECT_TRUE(p.doc.layer(p.buildings)->visible);
    EXPECT_FALSE(p.doc.layer(p.graffiti)->visible);
    EXPECT_EQ(p.doc.take_fly_to(), std::optional<gis::BBox>(s.extent));
}

TEST(Presentation, TitleBlockNamesProjectDistrictAndDate) {
    Document doc;
    doc.set_source(source({"boundary"}));
    using FD = gis::io::FieldDef;
    doc.add_layer(prepared("boundary",
                           {feature(1, square(0, 0, 100),
                                    {std::string("重华社区"), std::string("Chonghua Community"),
                                     std::string("人民路街道办事处")})},
                           {FD{"name"}, FD{"name_en"}, FD{"subdistrict"}}));
    gis::present::ProjectFigures f;
    f.name = "行政南小区综合整治";
    f.name_en = "Xingzheng South compound renovation";
    const std::int64_t noon = 1795608000;  // 2026-11-25 12:00 UTC
    app::i18n::set_language(app::i18n::Lang::Zh);
    auto t = title_block(doc, &f, noon);
    EXPECT_EQ(t.title, "行政南小区综合整治");
    EXPECT_EQ(t.subtitle, "人民路街道办事处 · 重华社区");
    EXPECT_EQ(t.date, "2026年11月25日");
    app::i18n::set_language(app::i18n::Lang::En);
    t = title_block(doc, &f, noon);
    EXPECT_EQ(t.title, "Xingzheng South compound renovation");
    EXPECT_EQ(t.subtitle, "Chonghua Community");
    EXPECT_EQ(t.date, "November 25, 2026");
    EXPECT_EQ(title_block(doc, nullptr, noon).title, "Chonghua Community");
}

TEST(Presentation, SplitFractionsParse) {
    EXPECT_DOUBLE_EQ(*parse_fraction("0.4"), 0.4);
    EXPECT_DOUBLE_EQ(*parse_fraction("25%"), 0.25);
    EXPECT_FALSE(parse_fraction("1.2"));
    EXPECT_FALSE(parse_fraction("0.4x"));
    EXPECT_FALSE(parse_fraction("half"));
}

// The figures card shows the one budget (gis::plan::project_budget): the same plan as the CLI test
// ProjectBudget.ShowTextJsonAndBriefAgree (compound hardening saved, an approved 100 m fence funded by
// the city in phase 2, 5 % contingency) gives the same total, ¥1,721,416, and remainder, ¥278,584.
TEST(FiguresCard, ShowsTheProjectBudget) {
    const std::string data = view_test::temp_dir() + "/d.gpkg";
    std::filesystem::copy_file(std::string(NBHD_ASSET_DIR) + "/chonghua.gpkg", data);
    auto d = gis::district::load(data);
    ASSERT_TRUE(d.ok());
    {
        auto s = gis::plan::PlanSession::open(data);
        ASSERT_TRUE(s.ok());
        auto scope = gis::plan::resolve_scope(d.value(), "compound", "");
        ASSERT_TRUE(scope.ok());
        auto items =
            gis::plan::to_items(gis::plan::plan_hardening(d.value(), scope.value()), "xingzheng-south", 1);
        ASSERT_TRUE(s->add_items(items, "hardening").ok());
        gis::plan::PlanItem fence;
        fence.project = "xingzheng-south";
        fence.kind = "fence";
        fence.phase = 2;
        fence.status = "approved";
        fence.params = R"({"funding":"city"})";
        fence.geometry = gis::Geometry::from(gis::LineString{{{530100, 3400100}, {530200, 3400100}}});
        ASSERT_TRUE(s->add_item(fence).ok());
        auto p = *s->find_project("xingzheng-south");
        p.contingency_pct = 5;
        ASSERT_TRUE(s->update_project(p).ok());
    }
    auto f = gis::present::project_figures(d.value(), data, "xingzheng-south");
    ASSERT_TRUE(f.ok()) << f.error().message;
    auto value = [](const std::vector<std::pair<std::string, std::string>>& rows, const std::string& label) {
        for (const auto& [l, v] : rows)
            if (l == label) return v;
        return std::string("(no row " + label + ")");
    };
    app::i18n::set_language(app::i18n::Lang::En);
    auto en = figures_card_rows(f.value());
    EXPECT_EQ(value(en, "Total"), "CNY 1,721,416");
    EXPECT_EQ(value(en, "Budget"), "CNY 2,000,000");
    EXPECT_EQ(value(en, "Remaining"), "CNY 278,584");
    EXPECT_EQ(value(en, "Saved plan items"), "39");
    EXPECT_EQ(value(en, "Paved"), "17,407 m²");
    EXPECT_EQ(value(en, "fence or wall"), "100.0 m");
    app::i18n::set_language(app::i18n::Lang::Zh);
    auto zh = figures_card_rows(f.value());
    EXPECT_EQ(value(zh, "合计"), "172.1 万元");
    EXPECT_EQ(value(zh, "结余"), "27.9 万元");
    app::i18n::set_language(app::i18n::Lang::En);
}
