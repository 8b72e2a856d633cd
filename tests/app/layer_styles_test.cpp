// The map's cartography written for other tools: the data rules of every class agree with the classifier
// the map draws with (on the shipped district and on variants of its features), the QML and SLD are
// well-formed XML with one rule per class in the viewer's colours, and the rows land in the GeoPackage's
// layer_styles table, which GDAL's validator accepts.

#include <gtest/gtest.h>

#include <cpl_minixml.h>

#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "app/view/core/gas_theme.hpp"
#include "app/view/core/style.hpp"
#include "app/view/core/style_documents.hpp"
#include "gis/district/schema.hpp"
#include "gis/io/dataset.hpp"
#include "gis/io/layer_styles.hpp"

using namespace app::view;

namespace {

const std::string kAsset = std::string(NBHD_ASSET_DIR) + "/chonghua.gpkg";

struct Xml {
    CPLXMLNode* root = nullptr;
    explicit Xml(const std::string& text) : root(CPLParseXMLString(text.c_str())) {}
    ~Xml() { CPLDestroyXMLNode(root); }
    Xml(const Xml&) = delete;
    Xml& operator=(const Xml&) = delete;
};

/// Every element named `name` (namespace prefix included) below `n`.
void collect(const CPLXMLNode* n, const std::string& name, std::vector<const CPLXMLNode*>& out) {
    for (; n; n = n->psNext) {
        if (n->eType == CXT_Element) {
            if (name == n->pszValue) out.push_back(n);
            collect(n->psChild, name, out);
        }
    }
}

std::vector<const CPLXMLNode*> all(const Xml& x, const std::string& name) {
    std::vector<const CPLXMLNode*> out;
    collect(x.root, name, out);
    return out;
}

/// "r,g,b,a" from the viewer's colour, computed here rather than by the writer.
std::string rgba(const Colour& c) {
    auto b = [](float v) { return std::to_string(static_cast<int>(std::lround(v * 255))); };
    return b(c.r) + "," + b(c.g) + "," + b(c.b) + "," + b(c.a);
}

std::string option_value(const CPLXMLNode* layer, const std::string& name) {
    std::vector<const CPLXMLNode*> options;
    collect(layer->psChild, "Option", options);
    for (const auto* o : options)
        if (name == CPLGetXMLValue(o, "name", "")) return CPLGetXMLValue(o, "value", "");
    return "";
}

std::vector<std::string> spatial_layers() {
    std::vector<std::string> out;
    for (const auto& name : district_draw_order()) {
        const auto* s = gis::district::find_schema(name);
        if (s && std::string(s->geometry) != "None" && district_layer_style(name)) out.push_back(name);
    }
    return out;
}

}  // namespace

// The rules as data are the classifier: on every feature of the shipped district, and on copies of each
// with one rule field set to each value the rules name, to an unknown value, to empty and to missing.
TEST(LayerStyles, DataRulesAgreeWithTheMapsClassifier) {
    auto ds = gis::io::Dataset::open(kAsset);
    ASSERT_TRUE(ds.ok());
    int layers_with_rules = 0;
    for (const auto& name : spatial_layers()) {
        const LayerStyle style = *district_layer_style(name);
        if (style.styles.size() < 2) continue;
        ++layers_with_rules;
        auto layer = ds->read_layer(name);
        ASSERT_TRUE(layer.ok()) << name;
        const BoundRules bound = style.bind(layer->info);
        std::map<std::string, std::set<std::string>> probes;
        for (const auto& s : style.styles)
            for (const auto& t : s.when)
                for (const auto& v : t.values) probes[t.field].insert(v);
        for (auto& [field, values] : probes) {
            values.insert("");
            values.insert("something-else");
            values.insert("1");
            values.insert("0");
        }
        int checked = 0;
        for (const auto& f : layer->features) {
            ASSERT_EQ(rule_class(style, layer->info, f), bound.style_of(f)) << name << " feature " << f.fid;
            for (const auto& [field, values] : probes) {
                const int i = layer->info.field_index(field);
                ASSERT_GE(i, 0) << name << "." << field;
                for (const auto& v : values) {
                    gis::io::Feature g = f;
                    const bool integer =
                        layer->info.fields[static_cast<std::size_t>(i)].type == gis::io::FieldType::Integer;
                    if (integer) {
                        char* end = nullptr;
                        const long long n = std::strtoll(v.c_str(), &end, 10);
                        if (v.empty() || *end) continue;
                        g.values[static_cast<std::size_t>(i)] = static_cast<std::int64_t>(n);
                    } else {
                        g.values[static_cast<std::size_t>(i)] = v;
                    }
                    EXPECT_EQ(rule_class(style, layer->info, g), bound.style_of(g))
                        << name << " feature " << f.fid << " with " << field << "='" << v << "'";
                    g.values[static_cast<std::size_t>(i)] = std::monostate{};
                    EXPECT_EQ(rule_class(style, layer->info, g), bound.style_of(g))
                        << name << " feature " << f.fid << " without " << field;
                    ++checked;
                }
            }
            if (checked > 20000) break;
        }
    }
    EXPECT_GE(layers_with_rules,
              8);  // surfaces, forecourts, streets, street surfaces, stalls, buildings, ...
}

TEST(LayerStyles, QmlHasOneRulePerClassInTheViewersColours) {
    for (const auto& name : spatial_layers()) {
        const LayerStyle style = *district_layer_style(name);
        const std::string geometry = gis::district::find_schema(name)->geometry;
        const std::string qml = style_qml(style, geometry);
        Xml x(qml);
        ASSERT_NE(x.root, nullptr) << name << ": not well-formed:\n" << qml;
        const auto renderers = all(x, "renderer-v2");
        ASSERT_EQ(renderers.size(), 1u) << name;
        const std::string type = CPLGetXMLValue(renderers[0], "type", "");
        const auto rules = all(x, "rule");
        const auto symbols = all(x, "symbol");
        const std::size_t per_geometry = geometry == "Geometry" ? 3 : 1;
        if (style.styles.size() == 1 && geometry != "Geometry") {
            EXPECT_EQ(type, "singleSymbol") << name;
            EXPECT_EQ(symbols.size(), 1u) << name;
        } else {
            EXPECT_EQ(type, "RuleRenderer") << name;
            EXPECT_EQ(rules.size(), style.styles.size() * per_geometry) << name;
            std::size_t elses = 0;
            for (const auto* r : rules) elses += std::string(CPLGetXMLValue(r, "filter", "")) == "ELSE";
            std::size_t otherwise = 0;
            for (const auto& s : style.styles) otherwise += s.otherwise;
            EXPECT_EQ(elses, otherwise * per_geometry) << name;
        }
        // Colours: symbol i draws class i (of the geometry's kind) in the viewer's colours.
        for (std::size_t i = 0; i < symbols.size(); ++i) {
            const FeatureStyle& s = style.styles[i % style.styles.size()];
            const std::string kind = CPLGetXMLValue(symbols[i], "type", "");
            std::vector<const CPLXMLNode*> layers;
            collect(symbols[i]->psChild, "layer", layers);
            ASSERT_FALSE(layers.empty()) << name;
            const CPLXMLNode* top = layers.back();
            if (kind == "fill") {
                EXPECT_EQ(option_value(top, "color"), rgba(s.fill)) << name << " class " << i;
                EXPECT_EQ(option_value(top, "outline_color"), rgba(s.stroke)) << name << " class " << i;
            } else if (kind == "line") {
                EXPECT_EQ(option_value(top, "line_color"), rgba(s.stroke)) << name << " class " << i;
            } else {
                EXPECT_EQ(kind, "marker") << name;
                EXPECT_EQ(option_value(top, "color"), rgba(s.symbol_fill)) << name << " class " << i;
            }
        }
    }
    // Buildings by kind, gas pipes by pressure, plan items by geometry: rule-based.
    const std::string buildings = style_qml(*district_layer_style("buildings"), "Polygon");
    EXPECT_NE(buildings.find("coalesce(&quot;kind&quot;, &apos;&apos;) = &apos;school&apos;"),
              std::string::npos)
        << buildings;
    const std::string pipes = style_qml(*district_layer_style("gas_pipes"), "LineString");
    EXPECT_NE(pipes.find("&apos;medium&apos;"), std::string::npos);
    const std::string plan = style_qml(*district_layer_style("plan_items"), "Geometry");
    EXPECT_NE(plan.find("geometry_type($geometry) = &apos;Line&apos;"), std::string::npos);
}

TEST(LayerStyles, SldHasOneRulePerClassInTheViewersColours) {
    for (const auto& name : spatial_layers()) {
        const LayerStyle style = *district_layer_style(name);
        const std::string geometry = gis::district::find_schema(name)->geometry;
        const std::string sld = style_sld(style, name, geometry);
        Xml x(sld);
        ASSERT_NE(x.root, nullptr) << name << ": not well-formed:\n" << sld;
        const auto rules = all(x, "se:Rule");
        ASSERT_EQ(rules.size(), style.styles.size()) << name;
        for (std::size_t i = 0; i < rules.size(); ++i) {
            const FeatureStyle& s = style.styles[i];
            std::vector<const CPLXMLNode*> params;
            collect(rules[i]->psChild, "se:SvgParameter", params);
            std::set<std::string> colours;
            for (const auto* p : params) {
                const std::string n = CPLGetXMLValue(p, "name", "");
                if (n == "fill" || n == "stroke") colours.insert(CPLGetXMLValue(p, nullptr, ""));
            }
            const Colour& main = geometry == "Point"        ? s.symbol_fill
                                 : geometry == "LineString" ? s.stroke
                                 : s.fill.visible()         ? s.fill
                                                            : s.stroke;
            EXPECT_TRUE(colours.count(sld_colour(main)))
                << name << " class " << i << ": " << sld_colour(main);
            std::vector<const CPLXMLNode*> filters, elses;
            collect(rules[i]->psChild, "ogc:Filter", filters);
            collect(rules[i]->psChild, "se:ElseFilter", elses);
            EXPECT_EQ(elses.size(), s.otherwise ? 1u : 0u) << name << " class " << i;
            EXPECT_EQ(filters.size(), !s.otherwise && !s.when.empty() ? 1u : 0u) << name << " class " << i;
        }
    }
}

TEST(LayerStyles, StoredInTheGeoPackageAndValid) {
    const auto dir = std::filesystem::temp_directory_path() / ("nbhd-styles-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "d.gpkg").string();
    std::filesystem::copy_file(kAsset, path, std::filesystem::copy_options::overwrite_existing);
    const auto rows = district_stored_styles();
    ASSERT_EQ(rows.size(), spatial_layers().size());
    ASSERT_TRUE(gis::io::write_layer_styles(path, rows).ok());
    ASSERT_TRUE(gis::io::write_layer_styles(path, rows).ok());  // again: replaced, not doubled
    auto back = gis::io::read_layer_styles(path);
    ASSERT_TRUE(back.ok());
    ASSERT_EQ(back->size(), rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ((*back)[i].table, rows[i].table);
        EXPECT_EQ((*back)[i].qml, rows[i].qml);
        EXPECT_EQ((*back)[i].sld, rows[i].sld);
        EXPECT_TRUE((*back)[i].use_as_default);
        EXPECT_EQ((*back)[i].geometry_column, "geom");
    }
    if (std::system("/usr/bin/python3 -c 'import osgeo.gdal' 2>/dev/null") == 0) {
        const std::string cmd =
            "/usr/bin/python3 /usr/share/doc/python3-gdal/examples/validate_gpkg.py '" + path + "'";
        EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    }
    std::filesystem::remove_all(dir);
}

// Where QGIS's Python API is installed (python3-qgis), QGIS itself opens the file and each layer's
// default style gives it nbhd's renderer.
TEST(LayerStyles, QgisLoadsEachLayersRenderer) {
    if (std::system("python3 -c 'import qgis.core' 2>/dev/null") != 0)
        GTEST_SKIP() << "python3-qgis is not installed: QGIS's own reading of the styles is not checked";
    const auto dir = std::filesystem::temp_directory_path() / ("nbhd-qgis-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "d.gpkg").string();
    std::filesystem::copy_file(kAsset, path, std::filesystem::copy_options::overwrite_existing);
    ASSERT_TRUE(gis::io::write_layer_styles(path, district_stored_styles()).ok());
    std::string script =
        "import sys\nfrom qgis.core import QgsApplication, QgsVectorLayer\n"
        "app = QgsApplication([], False); app.initQgis()\nbad = []\n";
    for (const auto& name : spatial_layers()) {
        const LayerStyle style = *district_layer_style(name);
        const bool single = style.styles.size() == 1 && name != "plan_items";
        script += "l = QgsVectorLayer('" + path + "|layername=" + name + "', '" + name + "', 'ogr')\n";
        script += "l.loadDefaultStyle()\n";
        script += "t = l.renderer().type() if l.renderer() else None\n";
        script += "bad += [] if t == '" + std::string(single ? "singleSymbol" : "RuleRenderer") +
                  "' else ['" + name + ": ' + str(t)]\n";
    }
    script += "print('\\n'.join(bad)); sys.exit(1 if bad else 0)\n";
    const std::string file = (dir / "check.py").string();
    { std::ofstream(file) << script; }
    EXPECT_EQ(std::system(("QT_QPA_PLATFORM=offscreen python3 " + file).c_str()), 0);
    std::filesystem::remove_all(dir);
}
