// QML and SLD from the map's style table. Widths in pixels stay pixels (QGIS's "Pixel" unit, SLD's
// default); widths in metres become map units. A class's data rules (FeatureStyle::when) become QGIS
// filter expressions and OGC filters; the `otherwise` class becomes QGIS's ELSE rule and SLD's
// ElseFilter. Scale limits (metres per pixel) become scale denominators at 96 dpi, as the viewer's.

#include "app/view/core/style_documents.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/i18n/i18n.hpp"
#include "gis/district/schema.hpp"

namespace app::view {
namespace {

std::string xml(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&apos;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

int byte(float v) { return static_cast<int>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255)); }

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

/// Scale denominator of a metres-per-pixel limit at 96 dpi (Camera::scale_denominator).
double denominator(double mpp) { return mpp / (0.0254 / 96.0); }

std::string legend_text(const FeatureStyle& s) {
    const char* t = i18n::find_text(s.legend);
    return t ? t : s.legend;
}

std::string quoted(const std::string& v) {
    std::string out = "'";
    for (char c : v) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

/// A QGIS expression for one test: coalesce() reads a missing value as the map does.
std::string expression(const FieldTest& t) {
    const std::string field = "coalesce(\"" + t.field + "\", " +
                              (t.numeric ? (t.missing.empty() ? "0" : t.missing) : quoted(t.missing)) + ")";
    auto value = [&](const std::string& v) { return t.numeric ? v : quoted(v); };
    std::string list;
    for (const auto& v : t.values) list += (list.empty() ? "" : ", ") + value(v);
    switch (t.op) {
        case FieldTest::Op::Equal:
            return field + " = " + value(t.values.front());
        case FieldTest::Op::NotEqual:
            return field + " <> " + value(t.values.front());
        case FieldTest::Op::In:
            return t.values.size() == 1 ? field + " = " + list : field + " IN (" + list + ")";
        case FieldTest::Op::NotIn:
            return t.values.size() == 1 ? field + " <> " + list : field + " NOT IN (" + list + ")";
        case FieldTest::Op::StartsWith:
        case FieldTest::Op::NotStartsWith: {
            std::string any;
            for (const auto& v : t.values)
                any += (any.empty() ? "" : " OR ") +
                       ("left(" + field + ", " + std::to_string(v.size()) + ") = " + quoted(v));
            return t.op == FieldTest::Op::StartsWith ? "(" + any + ")" : "NOT (" + any + ")";
        }
    }
    return "TRUE";
}

std::string expression(const std::vector<FieldTest>& tests) {
    std::string out;
    for (const auto& t : tests) out += (out.empty() ? "" : " AND ") + expression(t);
    return out;
}

// --- QML ---------------------------------------------------------------------------------------------

std::string option(const char* name, const std::string& value) {
    return "<Option type=\"QString\" name=\"" + std::string(name) + "\" value=\"" + xml(value) + "\"/>";
}

std::string unit_of(Unit u) { return u == Unit::Metres ? "MapUnit" : "Pixel"; }

std::string qml_line_layer(const Colour& colour, double width, Unit unit, const FeatureStyle& s) {
    std::string o = "<layer class=\"SimpleLine\" enabled=\"1\" pass=\"0\" locked=\"0\"><Option type=\"Map\">";
    o += option("line_color", qgis_colour(colour));
    o += option("line_width", num(width));
    o += option("line_width_unit", unit_of(unit));
    o += option("line_style", "solid");
    o += option("capstyle", "round");
    o += option("joinstyle", "round");
    if (s.dash_px > 0) {
        o += option("use_custom_dash", "1");
        o += option("customdash", num(s.dash_px) + ";" + num(s.gap_px));
        o += option("customdash_unit", "Pixel");
    }
    return o + "</Option></layer>";
}

std::string marker_name(Shape s) {
    switch (s) {
        case Shape::Square:
            return "square";
        case Shape::Diamond:
            return "diamond";
        case Shape::Triangle:
            return "triangle";
        case Shape::Valve:
            return "diamond";
        case Shape::Star:
            return "star";
        case Shape::Cross:
            return "cross2";
        default:
            return "circle";
    }
}

/// One symbol of the kind the geometry takes.
std::string qml_symbol(const FeatureStyle& s, const std::string& geometry, const std::string& name) {
    if (geometry == "Point") {
        std::string o =
            "<symbol type=\"marker\" name=\"" + name + "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">";
        o += "<layer class=\"SimpleMarker\" enabled=\"1\" pass=\"0\" locked=\"0\"><Option type=\"Map\">";
        o += option("name", marker_name(s.shape));
        o += option("color", qgis_colour(s.symbol_fill));
        o += option("outline_color", qgis_colour(s.symbol_stroke));
        o += option("outline_width", "1");
        o += option("outline_width_unit", "Pixel");
        o += option("size", num(s.symbol_px));
        o += option("size_unit", "Pixel");
        return o + "</Option></layer></symbol>";
    }
    if (geometry == "LineString") {
        std::string o =
            "<symbol type=\"line\" name=\"" + name + "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">";
        if (s.casing.visible() && s.casing_px > 0) {
            // The casing: the line's width plus casing_px on each side, under it.
            const double w =
                s.stroke_unit == Unit::Pixels ? s.stroke_width + 2 * s.casing_px : s.stroke_width;
            FeatureStyle solid = s;
            solid.dash_px = 0;
            o += qml_line_layer(s.casing, w, s.stroke_unit, solid);
        }
        o += qml_line_layer(s.stroke, s.stroke_width, s.stroke_unit, s);
        return o + "</symbol>";
    }
    std::string o =
        "<symbol type=\"fill\" name=\"" + name + "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">";
    o += "<layer class=\"SimpleFill\" enabled=\"1\" pass=\"0\" locked=\"0\"><Option type=\"Map\">";
    o += option("color", qgis_colour(s.fill));
    o += option("style", s.fill.visible() ? "solid" : "no");
    o += option("outline_color", qgis_colour(s.stroke));
    o += option("outline_width", num(s.stroke_width));
    o += option("outline_width_unit", unit_of(s.stroke_unit));
    o += option("outline_style",
                s.stroke_width > 0 && s.stroke.visible() ? (s.dash_px > 0 ? "dash" : "solid") : "no");
    return o + "</Option></layer></symbol>";
}

struct Rule {
    std::string label, filter, geometry;
    const FeatureStyle* style;
};

/// One rule per class (and, on a mixed layer, per geometry type).
std::vector<Rule> rules_of(const LayerStyle& ls, const std::string& geometry) {
    std::vector<Rule> out;
    const std::vector<std::string> geometries =
        geometry == "Geometry" ? std::vector<std::string>{"Polygon", "LineString", "Point"}
                               : std::vector<std::string>{geometry};
    for (const auto& g : geometries) {
        for (const auto& s : ls.styles) {
            Rule r{legend_text(s), s.otherwise ? "ELSE" : expression(s.when), g, &s};
            if (geometry == "Geometry") {
                const std::string type = g == "Polygon" ? "Polygon" : g == "LineString" ? "Line" : "Point";
                r.filter = "geometry_type($geometry) = '" + type + "'" +
                           (r.filter.empty() ? "" : " AND " + r.filter);
                r.label += " (" +
                           std::string(i18n::tr(g == "Polygon"      ? "view.styles.areas"
                                                : g == "LineString" ? "view.styles.lines"
                                                                    : "view.styles.points")) +
                           ")";
            }
            out.push_back(std::move(r));
        }
    }
    return out;
}

std::string qml_labeling(const LayerStyle& ls) {
    if (ls.label_field.empty() || ls.label_styles.empty()) return "";
    const LabelStyle& l = ls.label_styles.front();
    std::string o = "<labeling type=\"simple\"><settings calloutType=\"simple\">";
    o += "<text-style fieldName=\"" + xml(ls.label_field) + "\" isExpression=\"0\" fontSize=\"" +
         num(l.size_px) + "\" fontSizeUnit=\"Pixel\" textColor=\"" + qgis_colour(l.colour) +
         "\" textOpacity=\"1\">";
    o += "<text-buffer bufferDraw=\"1\" bufferSize=\"1.5\" bufferSizeUnits=\"Pixel\" bufferColor=\"" +
         qgis_colour(l.halo) + "\" bufferOpacity=\"1\"/></text-style>";
    // QGIS placements: 0 around the point, 3 curved along the line, 1 over the point (an area's centre).
    const char* placement = l.placement == LabelPlacement::Line    ? "3"
                            : l.placement == LabelPlacement::Point ? "0"
                                                                   : "1";
    o += "<placement placement=\"" + std::string(placement) + "\" dist=\"" + num(l.offset_px) +
         "\" distUnits=\"Pixel\"/>";
    if (std::isfinite(l.max_mpp) || l.min_mpp > 0) {
        o += "<rendering scaleVisibility=\"1\" scaleMin=\"" + num(denominator(l.min_mpp)) + "\" scaleMax=\"" +
             (std::isfinite(l.max_mpp) ? num(denominator(l.max_mpp)) : std::string("0")) + "\" priority=\"" +
             std::to_string(std::clamp(l.priority / 10, 0, 10)) + "\"/>";
    }
    return o + "</settings></labeling>";
}

// --- SLD ---------------------------------------------------------------------------------------------

std::string sld_test(const FieldTest& t) {
    auto compare = [&](const char* op, const std::string& v) {
        return std::string("<ogc:") + op + "><ogc:PropertyName>" + xml(t.field) +
               "</ogc:PropertyName><ogc:Literal>" + xml(v) + "</ogc:Literal></ogc:" + op + ">";
    };
    auto like = [&](const std::string& v) {
        return "<ogc:PropertyIsLike wildCard=\"%\" singleChar=\"_\" escapeChar=\"\\\"><ogc:PropertyName>" +
               xml(t.field) + "</ogc:PropertyName><ogc:Literal>" + xml(v) +
               "%</ogc:Literal></ogc:PropertyIsLike>";
    };
    auto any = [&](bool prefix) {
        std::string o;
        for (const auto& v : t.values) o += prefix ? like(v) : compare("PropertyIsEqualTo", v);
        return t.values.size() > 1 ? "<ogc:Or>" + o + "</ogc:Or>" : o;
    };
    switch (t.op) {
        case FieldTest::Op::Equal:
        case FieldTest::Op::In:
            return any(false);
        case FieldTest::Op::NotEqual:
        case FieldTest::Op::NotIn:
            return t.values.size() == 1 ? compare("PropertyIsNotEqualTo", t.values.front())
                                        : "<ogc:Not>" + any(false) + "</ogc:Not>";
        case FieldTest::Op::StartsWith:
            return any(true);
        case FieldTest::Op::NotStartsWith:
            return "<ogc:Not>" + any(true) + "</ogc:Not>";
    }
    return "";
}

std::string svg(const char* name, const std::string& value) {
    return "<se:SvgParameter name=\"" + std::string(name) + "\">" + xml(value) + "</se:SvgParameter>";
}

std::string sld_stroke(const Colour& c, double width, const FeatureStyle& s) {
    std::string o = "<se:Stroke>" + svg("stroke", sld_colour(c)) + svg("stroke-opacity", num(c.a)) +
                    svg("stroke-width", num(width)) + svg("stroke-linejoin", "round") +
                    svg("stroke-linecap", "round");
    if (s.dash_px > 0) o += svg("stroke-dasharray", num(s.dash_px) + " " + num(s.gap_px));
    return o + "</se:Stroke>";
}

std::string sld_symbolizer(const FeatureStyle& s, const std::string& geometry) {
    const std::string uom =
        s.stroke_unit == Unit::Metres ? " uom=\"http://www.opengeospatial.org/se/units/metre\"" : "";
    if (geometry == "Point") {
        const char* name = s.shape == Shape::Square || s.shape == Shape::Diamond ? "square"
                           : s.shape == Shape::Triangle                          ? "triangle"
                           : s.shape == Shape::Star                              ? "star"
                           : s.shape == Shape::Cross                             ? "x"
                                                                                 : "circle";
        return "<se:PointSymbolizer><se:Graphic><se:Mark><se:WellKnownName>" + std::string(name) +
               "</se:WellKnownName><se:Fill>" + svg("fill", sld_colour(s.symbol_fill)) + "</se:Fill>" +
               sld_stroke(s.symbol_stroke, 1, FeatureStyle{}) + "</se:Mark><se:Size>" + num(s.symbol_px) +
               "</se:Size></se:Graphic></se:PointSymbolizer>";
    }
    if (geometry == "LineString") {
        std::string o;
        if (s.casing.visible() && s.casing_px > 0 && s.stroke_unit == Unit::Pixels)
            o += "<se:LineSymbolizer>" +
                 sld_stroke(s.casing, s.stroke_width + 2 * s.casing_px, FeatureStyle{}) +
                 "</se:LineSymbolizer>";
        return o + "<se:LineSymbolizer" + uom + ">" + sld_stroke(s.stroke, s.stroke_width, s) +
               "</se:LineSymbolizer>";
    }
    std::string o = "<se:PolygonSymbolizer" + uom + ">";
    if (s.fill.visible())
        o +=
            "<se:Fill>" + svg("fill", sld_colour(s.fill)) + svg("fill-opacity", num(s.fill.a)) + "</se:Fill>";
    if (s.stroke_width > 0 && s.stroke.visible()) o += sld_stroke(s.stroke, s.stroke_width, s);
    return o + "</se:PolygonSymbolizer>";
}

}  // namespace

std::string qgis_colour(const Colour& c) {
    return std::to_string(byte(c.r)) + "," + std::to_string(byte(c.g)) + "," + std::to_string(byte(c.b)) +
           "," + std::to_string(byte(c.a));
}

std::string sld_colour(const Colour& c) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", byte(c.r), byte(c.g), byte(c.b));
    return buf;
}

std::string style_qml(const LayerStyle& ls, const std::string& geometry) {
    std::string o =
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        "<qgis version=\"3.28.0\" styleCategories=\"Symbology|Labeling|Rendering\" "
        "hasScaleBasedVisibilityFlag=\"0\">\n";
    const auto rules = rules_of(ls, geometry);
    const bool single = rules.size() == 1 && rules.front().filter.empty();
    std::string symbols;
    if (single) {
        o += "<renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" "
             "forceraster=\"0\">\n<symbols>";
        o += qml_symbol(*rules.front().style, rules.front().geometry, "0");
        o += "</symbols>\n</renderer-v2>\n";
    } else {
        o += "<renderer-v2 type=\"RuleRenderer\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n"
             "<rules key=\"{nbhd-root}\">\n";
        for (std::size_t i = 0; i < rules.size(); ++i) {
            const auto& r = rules[i];
            o += "<rule key=\"{nbhd-" + std::to_string(i) + "}\" symbol=\"" + std::to_string(i) +
                 "\" label=\"" + xml(r.label) + "\"";
            if (!r.filter.empty()) o += " filter=\"" + xml(r.filter) + "\"";
            if (std::isfinite(r.style->max_mpp))
                o += " scalemindenom=\"0\" scalemaxdenom=\"" + num(denominator(r.style->max_mpp)) + "\"";
            o += "/>\n";
            symbols += qml_symbol(*r.style, r.geometry, std::to_string(i)) + "\n";
        }
        o += "</rules>\n<symbols>\n" + symbols + "</symbols>\n</renderer-v2>\n";
    }
    o += qml_labeling(ls);
    o += "<layerOpacity>" + num(ls.opacity) + "</layerOpacity>\n</qgis>\n";
    return o;
}

std::string style_sld(const LayerStyle& ls, const std::string& layer, const std::string& geometry) {
    std::string o =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<StyledLayerDescriptor version=\"1.1.0\" xmlns=\"http://www.opengis.net/sld\" "
        "xmlns:se=\"http://www.opengis.net/se\" xmlns:ogc=\"http://www.opengis.net/ogc\" "
        "xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
        "xsi:schemaLocation=\"http://www.opengis.net/sld "
        "http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd\">\n"
        "<NamedLayer><se:Name>" +
        xml(layer) + "</se:Name><UserStyle><se:Name>nbhd</se:Name><se:FeatureTypeStyle>\n";
    const std::vector<std::string> geometries =
        geometry == "Geometry" ? std::vector<std::string>{"Polygon", "LineString", "Point"}
                               : std::vector<std::string>{geometry};
    for (const auto& s : ls.styles) {
        o += "<se:Rule><se:Name>" + xml(legend_text(s)) + "</se:Name><se:Description><se:Title>" +
             xml(legend_text(s)) + "</se:Title></se:Description>";
        if (s.otherwise) {
            o += "<se:ElseFilter/>";
        } else if (!s.when.empty()) {
            std::string f;
            for (const auto& t : s.when) f += sld_test(t);
            o += "<ogc:Filter>" + (s.when.size() > 1 ? "<ogc:And>" + f + "</ogc:And>" : f) + "</ogc:Filter>";
        }
        if (std::isfinite(s.max_mpp))
            o += "<se:MaxScaleDenominator>" + num(denominator(s.max_mpp)) + "</se:MaxScaleDenominator>";
        // A mixed layer (plan items): each geometry takes the symbolizer of its kind.
        for (const auto& g : geometries) o += sld_symbolizer(s, g);
        o += "</se:Rule>\n";
    }
    return o + "</se:FeatureTypeStyle></UserStyle></NamedLayer>\n</StyledLayerDescriptor>\n";
}

std::vector<gis::io::StoredStyle> district_stored_styles() {
    std::vector<gis::io::StoredStyle> out;
    for (const auto& name : district_draw_order()) {
        const auto* schema = gis::district::find_schema(name);
        auto style = district_layer_style(name);
        if (!schema || !style) continue;
        const std::string geometry = schema->geometry;
        if (geometry == "None") continue;
        gis::io::StoredStyle s;
        s.table = name;
        s.geometry_column = "geom";
        s.name = "nbhd";
        s.qml = style_qml(*style, geometry);
        s.sld = style_sld(*style, name, geometry);
        s.description = std::string(i18n::tr(style->title_key.c_str())) + " (nbhd)";
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace app::view
