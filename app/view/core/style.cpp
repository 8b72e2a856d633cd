#include "app/view/core/style.hpp"

#include <algorithm>

#include <cmath>
#include <string_view>

namespace app::view {

Colour Colour::mix(const Colour& o, float t) const {
    return {r + (o.r - r) * t, g + (o.g - g) * t, b + (o.b - b) * t, a + (o.a - a) * t};
}

Colour map_background() { return Colour::hex(0xf3f1ec); }
Colour selection_colour() { return Colour::hex(0x0a84d6); }
Colour hover_colour() { return Colour::hex(0xff9f1a); }

int field_of(const gis::io::LayerInfo& info, std::initializer_list<const char*> names) {
    for (const char* n : names)
        if (int i = info.field_index(n); i >= 0) return i;
    return -1;
}

std::string field_text(const gis::io::Feature& f, int field) {
    if (field < 0 || static_cast<std::size_t>(field) >= f.values.size()) return {};
    return gis::io::to_display(f.values[field]);
}

std::int64_t field_int(const gis::io::Feature& f, int field, std::int64_t fallback) {
    if (field < 0 || static_cast<std::size_t>(field) >= f.values.size()) return fallback;
    const auto& v = f.values[field];
    if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
    if (const auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
    if (const auto* s = std::get_if<std::string>(&v)) {
        char* end = nullptr;
        const long long x = std::strtoll(s->c_str(), &end, 10);
        if (end != s->c_str()) return x;
    }
    return fallback;
}

double field_real(const gis::io::Feature& f, int field, double fallback) {
    if (field < 0 || static_cast<std::size_t>(field) >= f.values.size()) return fallback;
    const auto& v = f.values[field];
    if (const auto* d = std::get_if<double>(&v)) return *d;
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    if (const auto* s = std::get_if<std::string>(&v)) {
        char* end = nullptr;
        const double x = std::strtod(s->c_str(), &end);
        if (end != s->c_str() && std::isfinite(x)) return x;
    }
    return fallback;
}

bool is_personal_field(const std::string& field) {
    // 低保 (minimum living allowance) status is personal data like a name or a phone number.
    static constexpr std::string_view kPersonal[] = {"head_name",     "phone",      "id_number",
                                                     "household_no",  "mobile",     "id_card",
                                                     "resident_name", "low_income", "dibao"};
    for (auto p : kPersonal)
        if (field == p) return true;
    return false;
}

namespace {

struct Swatch {
    std::uint32_t fill, stroke;
};
// Calm, distinguishable colours for data sets without a style of their own.
constexpr Swatch kGeneric[] = {{0xb9d3ea, 0x4f7fab}, {0xcfe3bf, 0x5f8f4a}, {0xf1d9b0, 0xb07c2c},
                               {0xe3c8e0, 0x8e5a8a}, {0xf4c7bd, 0xb0584a}, {0xd5d0c6, 0x7a7264},
                               {0xbfe0da, 0x3f8c80}, {0xf2e6a0, 0x9a8a2a}};

}  // namespace

LayerStyle generic_layer_style(const gis::io::LayerInfo& info, int index) {
    const Swatch& s = kGeneric[static_cast<std::size_t>(index) % std::size(kGeneric)];
    LayerStyle ls;
    ls.title = info.name;
    FeatureStyle f;
    f.legend = info.name;
    f.fill = Colour::hex(s.fill, 0.75f);
    f.stroke = Colour::hex(s.stroke);
    f.stroke_width = 1.2f;
    const std::string& g = info.geometry_type;
    if (g.find("Line") != std::string::npos) {
        f.fill = {};
        f.stroke_width = 2.0f;
        f.casing = Colour::hex(0xffffff, 0.8f);
        f.casing_px = 1.0f;
    }
    f.shape = Shape::Circle;
    f.symbol_px = 8;
    f.symbol_fill = Colour::hex(s.stroke);
    f.symbol_stroke = Colour::hex(0xffffff);
    ls.styles.push_back(f);
    LabelStyle label;
    label.size_px = 13;
    label.colour = Colour::hex(0x30302c);
    label.priority = 20;
    label.placement = g.find("Line") != std::string::npos      ? LabelPlacement::Line
                      : g.find("Polygon") != std::string::npos ? LabelPlacement::Area
                                                               : LabelPlacement::Point;
    label.offset_px = label.placement == LabelPlacement::Point ? 7 : 0;
    ls.label_styles.push_back(label);
    ls.bind = [](const gis::io::LayerInfo& li) {
        BoundRules r;
        r.style_of = [](const gis::io::Feature&) { return 0; };
        r.width_of = [](const gis::io::Feature&) { return std::nanf(""); };
        const int name = field_of(li, {"name", "NAME", "Name", "名称", "title", "label"});
        r.label_of = [name](const gis::io::Feature& f) -> std::optional<LabelSpec> {
            if (name < 0) return std::nullopt;
            std::string t = field_text(f, name);
            if (t.empty()) return std::nullopt;
            return LabelSpec{std::move(t), 0};
        };
        return r;
    };
    return ls;
}

LayerStyle overlay_style(const std::string& title, const Colour& colour) {
    LayerStyle ls;
    ls.title = title;
    FeatureStyle f;
    f.legend = title;
    f.fill = colour.with_alpha(0.35f * colour.a);
    f.stroke = colour;
    f.stroke_width = 3.5f;
    f.casing = Colour::hex(0xffffff, 0.9f);
    f.casing_px = 1.5f;
    f.shape = Shape::Circle;
    f.symbol_px = 11;
    f.symbol_fill = colour;
    f.symbol_stroke = Colour::hex(0xffffff);
    ls.styles.push_back(f);
    ls.bind = [](const gis::io::LayerInfo&) {
        BoundRules r;
        r.style_of = [](const gis::io::Feature&) { return 0; };
        r.width_of = [](const gis::io::Feature&) { return std::nanf(""); };
        r.label_of = [](const gis::io::Feature&) { return std::optional<LabelSpec>{}; };
        return r;
    };
    return ls;
}

bool passes(const std::vector<FieldTest>& tests, const gis::io::LayerInfo& info, const gis::io::Feature& f) {
    for (const auto& t : tests) {
        const int i = field_of(info, {t.field.c_str()});
        std::string v;
        if (t.numeric) {
            const std::int64_t fallback = t.missing.empty() ? 0 : std::stoll(t.missing);
            v = std::to_string(field_int(f, i, fallback));
        } else {
            v = field_text(f, i);
            if (v.empty()) v = t.missing;
        }
        const bool in = std::find(t.values.begin(), t.values.end(), v) != t.values.end();
        bool starts = false;
        for (const auto& x : t.values) starts = starts || v.rfind(x, 0) == 0;
        bool ok = true;
        switch (t.op) {
            case FieldTest::Op::Equal:
            case FieldTest::Op::In:
                ok = in;
                break;
            case FieldTest::Op::NotEqual:
            case FieldTest::Op::NotIn:
                ok = !in;
                break;
            case FieldTest::Op::StartsWith:
                ok = starts;
                break;
            case FieldTest::Op::NotStartsWith:
                ok = !starts;
                break;
        }
        if (!ok) return false;
    }
    return true;
}

int rule_class(const LayerStyle& style, const gis::io::LayerInfo& info, const gis::io::Feature& f) {
    int fallback = -1;
    bool any_tests = false;
    for (std::size_t i = 0; i < style.styles.size(); ++i) {
        const auto& s = style.styles[i];
        if (s.otherwise) {
            fallback = static_cast<int>(i);
            continue;
        }
        if (s.when.empty()) continue;
        any_tests = true;
        if (passes(s.when, info, f)) return static_cast<int>(i);
    }
    if (fallback >= 0) return fallback;
    return any_tests ? -1 : 0;
}

}  // namespace app::view
