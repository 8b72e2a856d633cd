// Gas pipe themes: class boundaries, the default look, and the class of every pipe of the shipped
// district against a plain read of its attributes.

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "app/i18n/i18n.hpp"
#include "app/view/core/gas_theme.hpp"
#include "gis/io/dataset.hpp"

using namespace app::view;

namespace {

const std::string kAsset = std::string(NBHD_ASSET_DIR) + "/chonghua.gpkg";

gis::io::Layer shipped_pipes() {
    auto ds = gis::io::Dataset::open(kAsset);
    EXPECT_TRUE(ds.ok()) << (ds ? "" : ds.error().message);
    auto l = ds->read_layer("gas_pipes");
    EXPECT_TRUE(l.ok());
    return std::move(l.value());
}

/// Counts per class as the themed style assigns them.
std::vector<int> counts_by_style(GasTheme t, const gis::io::Layer& pipes) {
    const LayerStyle style = gas_pipe_style(t);
    const BoundRules rules = style.bind(pipes.info);
    std::vector<int> n(style.styles.size(), 0);
    for (const auto& f : pipes.features) {
        const int c = rules.style_of(f);
        EXPECT_GE(c, 0);
        EXPECT_LT(c, static_cast<int>(n.size()));
        ++n[static_cast<std::size_t>(c)];
    }
    return n;
}

std::string text_of(const gis::io::Feature& f, int i) {
    const auto* s = std::get_if<std::string>(&f.values.at(static_cast<std::size_t>(i)));
    return s ? *s : std::string();
}

std::int64_t int_of(const gis::io::Feature& f, int i) {
    const auto* v = std::get_if<std::int64_t>(&f.values.at(static_cast<std::size_t>(i)));
    return v ? *v : 0;
}

}  // namespace

TEST(GasTheme, NamesRoundTrip) {
    for (GasTheme t : gas_themes()) {
        ASSERT_TRUE(gas_theme_from(gas_theme_name(t)).has_value());
        EXPECT_EQ(*gas_theme_from(gas_theme_name(t)), t);
    }
    EXPECT_EQ(gas_themes().size(), 6u);
    EXPECT_EQ(gas_theme_from("default"), GasTheme::Network);
    EXPECT_FALSE(gas_theme_from("colour").has_value());
    EXPECT_FALSE(gas_theme_from("").has_value());
}

TEST(GasTheme, ClassBoundaries) {
    GasPipeAttributes p;
    auto age = [&](int year) {
        p.year = year;
        return gas_theme_class(GasTheme::Age, p);
    };
    EXPECT_EQ(age(1986), 0);
    EXPECT_EQ(age(1989), 0);
    EXPECT_EQ(age(1990), 1);
    EXPECT_EQ(age(1999), 1);
    EXPECT_EQ(age(2000), 2);
    EXPECT_EQ(age(2009), 2);
    EXPECT_EQ(age(2010), 3);
    EXPECT_EQ(age(2024), 3);
    EXPECT_EQ(age(0), 4);
    auto dn = [&](int d) {
        p.diameter_mm = d;
        return gas_theme_class(GasTheme::Diameter, p);
    };
    EXPECT_EQ(dn(32), 0);
    EXPECT_EQ(dn(50), 0);
    EXPECT_EQ(dn(51), 1);
    EXPECT_EQ(dn(80), 1);
    EXPECT_EQ(dn(81), 2);
    EXPECT_EQ(dn(125), 2);
    EXPECT_EQ(dn(126), 3);
    EXPECT_EQ(dn(0), 4);
    p.pressure = "medium-a";
    EXPECT_EQ(gas_theme_class(GasTheme::Pressure, p), 2);
    EXPECT_EQ(gas_theme_class(GasTheme::Network, p), 1);
    p.pressure = "medium-b";
    EXPECT_EQ(gas_theme_class(GasTheme::Pressure, p), 1);
    p.pressure = "";
    EXPECT_EQ(gas_theme_class(GasTheme::Pressure, p), 3);
    p.material = "cast_iron";
    EXPECT_EQ(gas_theme_class(GasTheme::Material, p), 2);
    p.material = "copper";
    EXPECT_EQ(gas_theme_class(GasTheme::Material, p), 3);
    p.status = "renewal";
    EXPECT_EQ(gas_theme_class(GasTheme::Renewal, p), 1);
    EXPECT_EQ(gas_theme_class(GasTheme::Network, p), 3);  // renewal wins over the pressure class
    p.status = "in_service";
    p.kind = "service";
    EXPECT_EQ(gas_theme_class(GasTheme::Renewal, p), 0);
    EXPECT_EQ(gas_theme_class(GasTheme::Network, p), 2);
}

TEST(GasTheme, EveryClassHasADistinctColourAndATranslatedLegend) {
    for (GasTheme t : gas_themes()) {
        const LayerStyle s = gas_pipe_style(t);
        EXPECT_EQ(s.title_key, "view.layer.gas_pipes");
        for (std::size_t i = 0; i < s.styles.size(); ++i) {
            const std::string key = s.styles[i].legend;
            for (auto lang : {app::i18n::Lang::Zh, app::i18n::Lang::En})
                EXPECT_NE(std::string(app::i18n::tr(key, lang)), key) << gas_theme_name(t);
            for (std::size_t j = 0; j < i; ++j)
                EXPECT_FALSE(s.styles[i].stroke == s.styles[j].stroke) << gas_theme_name(t) << ' ' << i << ' ' << j;
        }
        EXPECT_NE(std::string(app::i18n::tr(gas_theme_title_key(t), app::i18n::Lang::Zh)),
                  gas_theme_title_key(t));
    }
}

TEST(GasTheme, TheDistrictStyleIsTheNetworkTheme) {
    const auto district = district_layer_style("gas_pipes");
    ASSERT_TRUE(district.has_value());
    const LayerStyle network = gas_pipe_style(GasTheme::Network);
    ASSERT_EQ(district->styles.size(), network.styles.size());
    for (std::size_t i = 0; i < network.styles.size(); ++i) {
        EXPECT_EQ(district->styles[i].legend, network.styles[i].legend);
        EXPECT_TRUE(district->styles[i].stroke == network.styles[i].stroke);
    }
    // The default look, as it has always been: amber mains, magenta dashed renewal, services from 1 m/px.
    EXPECT_TRUE(network.styles[0].stroke == Colour::hex(0xe08a00));
    EXPECT_TRUE(network.styles[3].stroke == Colour::hex(0xc2185b));
    EXPECT_GT(network.styles[3].dash_px, 0);
    EXPECT_EQ(network.styles[2].max_mpp, 1.0);
    const gis::io::Layer pipes = shipped_pipes();
    const BoundRules a = district->bind(pipes.info), b = network.bind(pipes.info);
    for (const auto& f : pipes.features) {
        EXPECT_EQ(a.style_of(f), b.style_of(f)) << f.fid;
        EXPECT_EQ(a.width_of(f), b.width_of(f)) << f.fid;
    }
}

TEST(GasTheme, ClassCountsOnTheShippedDistrict) {
    const gis::io::Layer pipes = shipped_pipes();
    ASSERT_EQ(pipes.features.size(), 256u);
    // A plain read of the attributes, class by class.
    const int kind = pipes.info.field_index("kind"), pressure = pipes.info.field_index("pressure"),
              material = pipes.info.field_index("material"), status = pipes.info.field_index("status"),
              dia = pipes.info.field_index("diameter_mm"), year = pipes.info.field_index("year");
    ASSERT_GE(std::min({kind, pressure, material, status, dia, year}), 0);
    std::map<GasTheme, std::vector<int>> brute;
    brute[GasTheme::Network] = {0, 0, 0, 0};
    brute[GasTheme::Pressure] = {0, 0, 0, 0};
    brute[GasTheme::Diameter] = {0, 0, 0, 0, 0};
    brute[GasTheme::Age] = {0, 0, 0, 0, 0};
    brute[GasTheme::Material] = {0, 0, 0, 0};
    brute[GasTheme::Renewal] = {0, 0};
    for (const auto& f : pipes.features) {
        const std::string k = text_of(f, kind), pr = text_of(f, pressure), m = text_of(f, material),
                          st = text_of(f, status);
        const auto d = int_of(f, dia), y = int_of(f, year);
        ++brute[GasTheme::Network][st == "renewal" ? 3 : k == "service" ? 2 : pr.rfind("medium", 0) == 0 ? 1 : 0];
        ++brute[GasTheme::Pressure][pr == "low" ? 0 : pr == "medium-b" ? 1 : pr == "medium-a" ? 2 : 3];
        ++brute[GasTheme::Diameter][d == 0 ? 4 : d <= 50 ? 0 : d <= 80 ? 1 : d <= 125 ? 2 : 3];
        ++brute[GasTheme::Age][y == 0 ? 4 : y < 1990 ? 0 : y < 2000 ? 1 : y < 2010 ? 2 : 3];
        ++brute[GasTheme::Material][m == "pe" ? 0 : m == "steel" ? 1 : m == "cast_iron" ? 2 : 3];
        ++brute[GasTheme::Renewal][st == "renewal" ? 1 : 0];
    }
    for (GasTheme t : gas_themes()) EXPECT_EQ(counts_by_style(t, pipes), brute[t]) << gas_theme_name(t);

    // The figures of the shipped network (all low pressure; the compound's cast iron due for renewal).
    EXPECT_EQ(counts_by_style(GasTheme::Network, pipes), (std::vector<int>{142, 0, 92, 22}));
    EXPECT_EQ(counts_by_style(GasTheme::Pressure, pipes), (std::vector<int>{256, 0, 0, 0}));
    EXPECT_EQ(counts_by_style(GasTheme::Diameter, pipes), (std::vector<int>{99, 128, 25, 4, 0}));
    EXPECT_EQ(counts_by_style(GasTheme::Age, pipes), (std::vector<int>{90, 98, 68, 0, 0}));
    EXPECT_EQ(counts_by_style(GasTheme::Material, pipes), (std::vector<int>{92, 97, 67, 0}));
    EXPECT_EQ(counts_by_style(GasTheme::Renewal, pipes), (std::vector<int>{234, 22}));
}

TEST(GasTheme, WidthFollowsTheDiameterInEveryTheme) {
    EXPECT_FLOAT_EQ(gas_pipe_width_px(32), static_cast<float>(0.6 + 32 / 45.0));
    EXPECT_FLOAT_EQ(gas_pipe_width_px(0), 1.0f);
    EXPECT_FLOAT_EQ(gas_pipe_width_px(400), 4.5f);
    const gis::io::Layer pipes = shipped_pipes();
    const int dia = pipes.info.field_index("diameter_mm");
    for (GasTheme t : gas_themes()) {
        const BoundRules r = gas_pipe_style(t).bind(pipes.info);
        for (const auto& f : pipes.features)
            EXPECT_FLOAT_EQ(r.width_of(f), gas_pipe_width_px(static_cast<double>(int_of(f, dia))));
    }
}
