// Gas pipe themes. Colours follow utility practice: amber to red for rising pressure, a sequential
// ramp for diameter, old-to-new from red to green for age, the pipe's own colour for material (yellow
// PE, steel blue, cast-iron brown), and magenta with dashes for pipes due for renewal.

#include "app/view/core/gas_theme.hpp"

#include <algorithm>
#include <cmath>

namespace app::view {
namespace {

using C = Colour;

FeatureStyle pipe(const char* legend, std::uint32_t colour, double max_mpp = 8, bool dashed = false) {
    FeatureStyle s;
    s.legend = legend;
    s.stroke = C::hex(colour);
    s.stroke_width = 2;
    s.stroke_unit = Unit::Pixels;
    s.min_stroke_px = 1;
    s.casing = C::hex(0xffffff, 0.85f);
    s.casing_px = 0.8f;
    s.max_mpp = max_mpp;
    if (dashed) {
        s.dash_px = 7;
        s.gap_px = 3;
    }
    return s;
}

constexpr std::uint32_t kUnknown = 0x9e9e9e;

std::vector<FeatureStyle> theme_styles(GasTheme t) {
    switch (t) {
        case GasTheme::Network: {
            // The rules as data (for the styles stored in a GeoPackage), as gas_theme_class decides.
            std::vector<FeatureStyle> s = {pipe("view.legend.gas_low", 0xe08a00),
                                           pipe("view.legend.gas_medium", 0xd2491b),
                                           pipe("view.legend.gas_service", 0xe9a23b, 1.0),
                                           pipe("view.legend.gas_renewal", 0xc2185b, 8, true)};
            s[0].otherwise = true;
            s[1].when = {field_not_in("status", {"renewal"}), field_not_in("kind", {"service"}),
                         field_test("pressure", FieldTest::Op::StartsWith, {"medium"})};
            s[2].when = {field_not_in("status", {"renewal"}), field_in("kind", {"service"})};
            s[3].when = {field_in("status", {"renewal"})};
            return s;
        }
        case GasTheme::Pressure:
            return {pipe("view.legend.gas_theme.pressure_low", 0xf0a30a),
                    pipe("view.legend.gas_theme.pressure_medium_b", 0xd2491b),
                    pipe("view.legend.gas_theme.pressure_medium_a", 0x8e1b0e),
                    pipe("view.legend.gas_theme.unknown", kUnknown)};
        case GasTheme::Diameter:
            return {pipe("view.legend.gas_theme.dn_small", 0xf9c23c),
                    pipe("view.legend.gas_theme.dn_medium", 0xf07b22),
                    pipe("view.legend.gas_theme.dn_large", 0xcc2a1e),
                    pipe("view.legend.gas_theme.dn_trunk", 0x6e0f2e),
                    pipe("view.legend.gas_theme.unknown", kUnknown)};
        case GasTheme::Age:
            return {pipe("view.legend.gas_theme.age_pre1990", 0xc0392b),
                    pipe("view.legend.gas_theme.age_1990s", 0xf39c12),
                    pipe("view.legend.gas_theme.age_2000s", 0x3b82c4),
                    pipe("view.legend.gas_theme.age_2010s", 0x2e9e5b),
                    pipe("view.legend.gas_theme.unknown", kUnknown)};
        case GasTheme::Material:
            return {pipe("view.legend.gas_theme.material_pe", 0xf2b705),
                    pipe("view.legend.gas_theme.material_steel", 0x3f6fa0),
                    pipe("view.legend.gas_theme.material_cast_iron", 0x6d3a1f),
                    pipe("view.legend.gas_theme.unknown", kUnknown)};
        case GasTheme::Renewal:
            return {pipe("view.legend.gas_theme.in_service", 0x7b8d99),
                    pipe("view.legend.gas_theme.renewal", 0xc2185b, 8, true)};
    }
    return {};
}

int field(const gis::io::LayerInfo& info, const char* name) { return info.field_index(name); }

std::string text(const gis::io::Feature& f, int i) { return field_text(f, i); }

}  // namespace

const std::vector<GasTheme>& gas_themes() {
    static const std::vector<GasTheme> all = {GasTheme::Network, GasTheme::Pressure, GasTheme::Diameter,
                                              GasTheme::Age,     GasTheme::Material, GasTheme::Renewal};
    return all;
}

const char* gas_theme_name(GasTheme t) {
    switch (t) {
        case GasTheme::Network:
            return "network";
        case GasTheme::Pressure:
            return "pressure";
        case GasTheme::Diameter:
            return "diameter";
        case GasTheme::Age:
            return "age";
        case GasTheme::Material:
            return "material";
        case GasTheme::Renewal:
            return "renewal";
    }
    return "network";
}

std::optional<GasTheme> gas_theme_from(const std::string& name) {
    for (GasTheme t : gas_themes())
        if (name == gas_theme_name(t)) return t;
    if (name == "default") return GasTheme::Network;
    return std::nullopt;
}

const char* gas_theme_title_key(GasTheme t) {
    switch (t) {
        case GasTheme::Network:
            return "gas.view.theme.network";
        case GasTheme::Pressure:
            return "gas.view.theme.pressure";
        case GasTheme::Diameter:
            return "gas.view.theme.diameter";
        case GasTheme::Age:
            return "gas.view.theme.age";
        case GasTheme::Material:
            return "gas.view.theme.material";
        case GasTheme::Renewal:
            return "gas.view.theme.renewal";
    }
    return "gas.view.theme.network";
}

int gas_theme_class(GasTheme t, const GasPipeAttributes& p) {
    switch (t) {
        case GasTheme::Network:
            if (p.status == "renewal") return 3;
            if (p.kind == "service") return 2;
            return p.pressure.rfind("medium", 0) == 0 ? 1 : 0;
        case GasTheme::Pressure:
            if (p.pressure == "low") return 0;
            if (p.pressure == "medium-b") return 1;
            if (p.pressure == "medium-a") return 2;
            return 3;
        case GasTheme::Diameter:
            if (p.diameter_mm <= 0) return 4;
            if (p.diameter_mm <= 50) return 0;
            if (p.diameter_mm <= 80) return 1;
            if (p.diameter_mm <= 125) return 2;
            return 3;
        case GasTheme::Age:
            if (p.year <= 0) return 4;
            if (p.year < 1990) return 0;
            if (p.year < 2000) return 1;
            if (p.year < 2010) return 2;
            return 3;
        case GasTheme::Material:
            if (p.material == "pe") return 0;
            if (p.material == "steel") return 1;
            if (p.material == "cast_iron") return 2;
            return 3;
        case GasTheme::Renewal:
            return p.status == "renewal" ? 1 : 0;
    }
    return 0;
}

float gas_pipe_width_px(double diameter_mm) {
    return static_cast<float>(std::clamp(0.6 + diameter_mm / 45.0, 1.0, 4.5));
}

LayerStyle gas_pipe_style(GasTheme t) {
    LayerStyle ls;
    ls.title_key = "view.layer.gas_pipes";
    ls.styles = theme_styles(t);
    ls.bind = [t](const gis::io::LayerInfo& li) {
        const int kind = field(li, "kind"), pressure = field(li, "pressure"),
                  material = field(li, "material"), status = field(li, "status"),
                  dia = field(li, "diameter_mm"), year = field(li, "year");
        BoundRules r;
        r.style_of = [=](const gis::io::Feature& f) {
            GasPipeAttributes p;
            p.kind = text(f, kind);
            p.pressure = text(f, pressure);
            p.material = text(f, material);
            p.status = text(f, status);
            p.diameter_mm = static_cast<int>(field_int(f, dia, 0));
            p.year = static_cast<int>(field_int(f, year, 0));
            return gas_theme_class(t, p);
        };
        r.width_of = [dia](const gis::io::Feature& f) { return gas_pipe_width_px(field_real(f, dia, 50)); };
        r.label_of = [](const gis::io::Feature&) { return std::optional<LabelSpec>{}; };
        return r;
    };
    return ls;
}

}  // namespace app::view
