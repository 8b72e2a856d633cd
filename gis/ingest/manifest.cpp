#include "gis/ingest/manifest.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

// toml++ (Debian's libtomlplusplus-dev, header-only): the project's manifests are TOML because people edit
// them by hand and TOML keeps comments, dates and Chinese keys readable.
#define TOML_EXCEPTIONS 0
#include <toml++/toml.h>

#include "gis/core/i18n.hpp"
#include "gis/core/input_file.hpp"
#include "gis/crs/crs.hpp"
#include "gis/district/schema.hpp"

namespace gis::ingest {
namespace {

const std::set<std::string>& layer_keys() {
    static const std::set<std::string> keys = {
        "source",  "layer",      "crs",         "datum",      "encoding", "where",    "x_field",
        "y_field", "text_where", "close_lines", "header_row", "fields",   "overrides"};
    return keys;
}

std::string where_in(const std::string& path, const toml::source_region& r) {
    return path + ":" + std::to_string(r.begin.line);
}

/// A TOML key as TOML writes it: bare when it can be, else quoted.
std::string key(const std::string& k) {
    bool bare = !k.empty();
    for (unsigned char c : k)
        if (!(std::isalnum(c) || c == '_' || c == '-')) bare = false;
    if (bare) return k;
    std::ostringstream o;
    o << toml::value<std::string>(k);
    return o.str();
}

std::string quoted(const std::string& s) {
    std::ostringstream o;
    o << toml::value<std::string>(s);
    return o.str();
}

std::string value_text(const io::FieldValue& v) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    if (const auto* d = std::get_if<double>(&v)) {
        std::ostringstream o;
        o << toml::value<double>(*d);
        return o.str();
    }
    if (const auto* s = std::get_if<std::string>(&v)) return quoted(*s);
    return "\"\"";
}

Result<io::FieldValue> to_value(const toml::node& n, const std::string& at) {
    if (auto i = n.value<std::int64_t>(); i && n.is_integer()) return io::FieldValue(*i);
    if (auto d = n.value<double>(); d && n.is_floating_point()) return io::FieldValue(*d);
    if (auto b = n.value<bool>(); b && n.is_boolean()) return io::FieldValue(std::int64_t(*b ? 1 : 0));
    if (auto s = n.value<std::string>()) return io::FieldValue(*s);
    return make_error(ErrorCode::BadInput,
                      gis::i18n::format(_("{0}: a value must be a number, true/false or text"), at));
}

Result<FieldMapping> to_field(const toml::node& n, const std::string& at) {
    FieldMapping m;
    if (auto s = n.value<std::string>(); s && n.is_string()) {
        m.field = *s;
        return m;
    }
    const toml::table* t = n.as_table();
    if (!t)
        return make_error(
            ErrorCode::BadInput,
            gis::i18n::format(_("{0}: expected a source field name (\"楼号\") or a table such as "
                                "{ field = \"管径\", rule = \"diameter_dn\" }, { value = 2 } or "
                                "{ derive = \"slab_length\" }"),
                              at));
    int forms = 0;
    for (auto&& [k, v] : *t) {
        std::string name(k.str());
        if (name == "field") {
            ++forms;
            m.kind = FieldMapping::Kind::Field;
            m.field = v.value<std::string>().value_or("");
        } else if (name == "rule") {
            m.rule = v.value<std::string>().value_or("");
        } else if (name == "values") {
            const toml::table* vt = v.as_table();
            if (!vt)
                return make_error(
                    ErrorCode::BadInput,
                    gis::i18n::format(_("{0}: values must be a table { \"住宅\" = \"residential\" }"), at));
            for (auto&& [vk, vv] : *vt) {
                auto text = vv.value<std::string>();
                if (!text) {
                    if (auto num = vv.value<std::int64_t>())
                        text = std::to_string(*num);
                    else
                        return make_error(
                            ErrorCode::BadInput,
                            gis::i18n::format(_("{0}: values.{1} must be text or a whole number"), at,
                                              std::string(vk.str())));
                }
                m.values[std::string(vk.str())] = *text;
            }
        } else if (name == "value") {
            ++forms;
            m.kind = FieldMapping::Kind::Constant;
            auto c = to_value(v, at + ".value");
            if (!c) return c.error();
            m.constant = *c;
        } else if (name == "derive") {
            ++forms;
            m.kind = FieldMapping::Kind::Derive;
            m.derive = v.value<std::string>().value_or("");
        } else {
            return make_error(
                ErrorCode::BadInput,
                gis::i18n::format(_("{0}: unknown key '{1}' (expected field, rule, values, value or "
                                    "derive)"),
                                  at, name));
        }
    }
    if (forms != 1)
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("{0}: give exactly one of field, value or derive"), at));
    if (m.kind == FieldMapping::Kind::Field && m.field.empty())
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("{0}: field must name a source field"), at));
    return m;
}

/// The [derive] settings and the values each takes.
Result<void> check_option(const std::string& key, const io::FieldValue& v, const std::string& at) {
    const auto* text = std::get_if<std::string>(&v);
    if (key == "lane_surface" || key == "street_surface" || key == "forecourt_surface") {
        if (text && (*text == "asphalt" || *text == "concrete" || *text == "unpaved")) return {};
        return make_error(
            ErrorCode::BadInput,
            gis::i18n::format(_("{0}.{1} must be \"asphalt\", \"concrete\" or \"unpaved\""), at, key));
    }
    if (key == "forecourt_depth_m") {
        const double d = std::holds_alternative<double>(v) ? std::get<double>(v)
                         : std::holds_alternative<std::int64_t>(v)
                             ? static_cast<double>(std::get<std::int64_t>(v))
                             : -1;
        if (d >= 1 && d <= 30) return {};
        return make_error(
            ErrorCode::BadInput,
            gis::i18n::format(_("{0}.forecourt_depth_m must be a number of metres, 1 to 30"), at));
    }
    if (key == "household_prefix") {
        if (text && !text->empty() && text->size() <= 16) return {};
        return make_error(
            ErrorCode::BadInput,
            gis::i18n::format(_("{0}.household_prefix must be short text, such as \"XFL\""), at));
    }
    return make_error(ErrorCode::BadInput,
                      gis::i18n::format(_("{0}: unknown setting '{1}' (forecourt_depth_m, forecourt_surface, "
                                          "lane_surface, street_surface, household_prefix)"),
                                        at, key));
}

}  // namespace

Result<void> require_district_crs(const std::string& crs, const std::string& what) {
    auto info = crs::describe(crs);
    if (info && info->projected && info->unit_to_metre == 1.0) return {};
    return make_error(
        ErrorCode::WrongCrs,
        gis::i18n::format(
            info && info->geographic
                ? _("{0} {1} is in degrees: name the district's projected CRS in metres, usually the "
                    "CGCS2000 3-degree Gauss-Kruger zone of its longitude (EPSG:4546 for "
                    "109.5-112.5E, EPSG:4547 for 112.5-115.5E, EPSG:4548 for 115.5-118.5E, ...)")
                : _("{0} {1} is not a projected CRS in metres: name the district's projected CRS in "
                    "metres, usually the CGCS2000 3-degree Gauss-Kruger zone of its longitude "
                    "(EPSG:4546 for 109.5-112.5E, EPSG:4547 for 112.5-115.5E, EPSG:4548 for "
                    "115.5-118.5E, ...)"),
            what, crs));
}

const std::vector<DerivationInfo>& derivations() {
    static const std::vector<DerivationInfo> d = {
        {"buildings", "entrances", "slab_length",
         N_("单元 from the slab's length: about 12 m a stair unit plus 13 m for the end flats (1 to 4)")},
        {"buildings", "entrance_side", "orientation",
         N_("north for east-west slabs (south-facing rows); south for a street-front block with a primary or "
            "secondary road within 30 m in front of it (east/west likewise for north-south slabs)")},
        {"buildings", "kind", "numbered",
         N_("residential when the building has a number (楼号), else other")},
        {"buildings", "height_m", "floors", N_("3 m a floor")},
        {"gas_pipes", "kind", "ends", N_("service where an end lies within 3 m of a building, else main")},
        {"streets", "width_m", "class",
         N_("by class where the source has no width: primary 30 m, secondary 20 m, local 12 m, lane 5 m")},
        {"households", "household_no", "series", N_("HH-0001, HH-0002, ... in register order")},
        {"households", "building_number", "address", N_("from the address field's parse (field address)")},
    };
    return d;
}

const LayerMapping* Manifest::find(const std::string& target) const {
    for (const auto& l : layers)
        if (l.target == target) return &l;
    return nullptr;
}

std::string Manifest::resolve(const std::string& source) const {
    namespace fs = std::filesystem;
    if (source.rfind("PG:", 0) == 0 || fs::path(source).is_absolute()) return source;
    return (fs::path(path).parent_path() / fs::u8path(source)).string();
}

Result<Manifest> read_manifest(const std::string& path) {
    // Read whole: a regular file of at most 16 MiB (a district's manifest is a few KiB).
    if (auto c =
            input::check_file(path, input::kManifestBytes, _("is it a manifest written by district scan?"));
        !c) {
        if (c.error().code == ErrorCode::NotFound)
            return make_error(ErrorCode::NotFound, gis::i18n::format(_("{0}: no such manifest file"), path));
        return c.error();
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(ErrorCode::Io, gis::i18n::format(_("{0}: the manifest cannot be read"), path));
    std::ostringstream text;
    text << in.rdbuf();
    return parse_manifest(text.str(), path);
}

Result<Manifest> parse_manifest(const std::string& text, const std::string& path) {
    toml::parse_result parsed = toml::parse(text, path);
    if (!parsed) {
        const auto& e = parsed.error();
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("{0}: not valid TOML: {1}"), where_in(path, e.source()),
                                            std::string(e.description())));
    }
    const toml::table& root = parsed.table();
    Manifest m;
    m.path = path;
    for (auto&& [k, node] : root) {
        const std::string name(k.str());
        const std::string at = where_in(path, node.source()) + ": [" + name + "]";
        const toml::table* t = node.as_table();
        if (!t) return make_error(ErrorCode::BadInput, gis::i18n::format(_("{0} must be a table"), at));
        if (name == "district") {
            for (auto&& [dk, dv] : *t) {
                std::string key(dk.str());
                auto s = dv.value<std::string>();
                if (!s)
                    return make_error(ErrorCode::BadInput,
                                      gis::i18n::format(_("{0}.{1} must be text"), at, key));
                if (key == "name")
                    m.name = *s;
                else if (key == "name_en")
                    m.name_en = *s;
                else if (key == "subdistrict")
                    m.subdistrict = *s;
                else if (key == "crs")
                    m.crs = *s;
                else
                    return make_error(
                        ErrorCode::BadInput,
                        gis::i18n::format(_("{0}: unknown key '{1}' (name, name_en, subdistrict, crs)"), at,
                                          key));
            }
            continue;
        }
        if (name == "derive") {
            for (auto&& [dk, dv] : *t) {
                const std::string key(dk.str());
                auto v = to_value(dv, at + "." + key);
                if (!v) return v.error();
                if (auto c = check_option(key, *v, at); !c) return c.error();
                m.options[key] = *v;
            }
            continue;
        }
        const district::LayerSchema* schema = district::find_schema(name);
        if (!schema) {
            std::string known;
            for (const auto& s : district::layer_schemas())
                known += std::string(known.empty() ? "" : ", ") + s.name;
            return make_error(ErrorCode::BadInput,
                              gis::i18n::format(_("{0}: not a district layer (layers: {1})"), at, known));
        }
        LayerMapping l;
        l.target = name;
        for (auto&& [lk, lv] : *t) {
            const std::string key(lk.str());
            if (!layer_keys().count(key))
                return make_error(
                    ErrorCode::BadInput,
                    gis::i18n::format(_("{0}: unknown key '{1}' (source, layer, crs, datum, encoding, "
                                        "where, x_field, y_field, text_where, close_lines, header_row, "
                                        "fields)"),
                                      at, key));
            if (key == "fields" || key == "overrides") continue;
            if (key == "close_lines") {
                l.close_lines = lv.value<bool>().value_or(false);
            } else if (key == "header_row") {
                l.header_row = static_cast<int>(lv.value<std::int64_t>().value_or(0));
                if (l.header_row < 0 || l.header_row > 50)
                    return make_error(ErrorCode::BadInput,
                                      gis::i18n::format(_("{0}.header_row must be 1..50"), at));
            } else {
                auto s = lv.value<std::string>();
                if (!s)
                    return make_error(ErrorCode::BadInput,
                                      gis::i18n::format(_("{0}.{1} must be text"), at, key));
                if (key == "source")
                    l.source = *s;
                else if (key == "layer")
                    l.layer = *s;
                else if (key == "crs")
                    l.crs = *s;
                else if (key == "datum")
                    l.datum = *s;
                else if (key == "encoding")
                    l.encoding = *s;
                else if (key == "where")
                    l.where = *s;
                else if (key == "x_field")
                    l.x_field = *s;
                else if (key == "y_field")
                    l.y_field = *s;
                else if (key == "text_where")
                    l.text_where = *s;
            }
        }
        if (l.source.empty())
            return make_error(ErrorCode::BadInput,
                              gis::i18n::format(_("{0}: source (the file) is missing"), at));
        if (const toml::table* ft = (*t)["fields"].as_table()) {
            for (auto&& [fk, fv] : *ft) {
                const std::string field(fk.str());
                const std::string fat = where_in(path, fv.source()) + ": [" + name + ".fields] " + field;
                bool known = false;
                for (const auto& f : schema->fields) known = known || f.name == field;
                if (!known) {
                    std::string list;
                    for (const auto& f : schema->fields) list += (list.empty() ? "" : ", ") + f.name;
                    return make_error(
                        ErrorCode::BadInput,
                        gis::i18n::format(_("{0}: layer '{1}' has no field '{2}' (fields: {3})"), fat, name,
                                          field, list));
                }
                auto mapped = to_field(fv, fat);
                if (!mapped) return mapped.error();
                l.fields[field] = std::move(mapped.value());
            }
        }
        if (const toml::table* ot = (*t)["overrides"].as_table()) {
            const std::string oat = where_in(path, ot->source()) + ": [" + name + ".overrides]";
            if (name != district::layers::kBuildings)
                return make_error(ErrorCode::BadInput,
                                  gis::i18n::format(_("{0}: overrides are given per building, in "
                                                      "[buildings.overrides]"),
                                                    oat));
            for (auto&& [bk, bv] : *ot) {
                const std::string number(bk.str());
                const toml::table* fields = bv.as_table();
                if (number.empty() || number.find_first_not_of("0123456789") != std::string::npos || !fields)
                    return make_error(
                        ErrorCode::BadInput,
                        gis::i18n::format(_("{0}: each entry is a building number with its fields, "
                                            "e.g. \"12\" = { entrances = 3, entrance_side = \"S\" }"),
                                          oat));
                for (auto&& [fk, fv] : *fields) {
                    const std::string field(fk.str());
                    bool known = field != "number";
                    if (known) {
                        known = false;
                        for (const auto& f : schema->fields) known = known || f.name == field;
                    }
                    if (!known)
                        return make_error(
                            ErrorCode::BadInput,
                            gis::i18n::format(_("{0} {1}: '{2}' cannot be set here (a building's "
                                                "fields but its number)"),
                                              oat, number, field));
                    auto v = to_value(fv, oat + " " + number + "." + field);
                    if (!v) return v.error();
                    l.overrides[number][field] = *v;
                }
            }
        }
        m.layers.push_back(std::move(l));
    }
    if (m.crs.empty())
        return make_error(
            ErrorCode::BadInput,
            gis::i18n::format(
                _("{0}: [district] crs is missing: name the district's projected CRS in metres, e.g. "
                  "crs = \"EPSG:4546\" (CGCS2000 / 3-degree Gauss-Kruger CM 111E)"),
                path));
    if (auto r = require_district_crs(m.crs, path + ": [district] crs"); !r) return r.error();
    if (!m.find(district::layers::kBuildings))
        return make_error(
            ErrorCode::MissingLayer,
            gis::i18n::format(
                _("{0}: no [buildings] table: a district needs its buildings (a survey drawing's "
                  "JMD layer or a building shapefile)"),
                path));
    return m;
}

Result<void> write_manifest(const Manifest& m, const std::string& path, bool overwrite) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!overwrite && fs::exists(fs::u8path(path), ec))
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("{0}: the file exists; give --force to replace it"), path));
    const fs::path tmp = fs::u8path(path + ".tmp-" + std::to_string(::getpid()));
    {
        std::ofstream out(tmp, std::ios::binary);
        out << to_toml(m);
        if (!out) {
            fs::remove(tmp, ec);
            return make_error(ErrorCode::Io, gis::i18n::format(_("{0}: cannot be written"), path));
        }
    }
    fs::rename(tmp, fs::u8path(path), ec);
    if (ec) {
        fs::remove(tmp, ec);
        return make_error(ErrorCode::Io,
                          gis::i18n::format(_("{0}: cannot be written ({1})"), path, ec.message()));
    }
    return {};
}

std::string to_toml(const Manifest& m) {
    std::ostringstream o;
    o << "# nbhd district manifest: how this community's files become a district data set.\n"
         "# Edit it, then run: nbhd district import THIS_FILE --out DISTRICT.gpkg [--dry-run]\n"
         "# Each table is one district layer. In [LAYER.fields], a district field takes\n"
         "#   \"源字段\"                          a source field, read as the district field's type\n"
         "#   { field = \"F\", rule = \"R\" }       a source field through a parse rule (nbhd district "
         "rules)\n"
         "#   { field = \"F\", values = { \"住宅\" = \"residential\" } }   coded values\n"
         "#   { value = 2 }                     a constant\n"
         "#   { derive = \"NAME\" }               a derivation (nbhd district rules)\n"
         "# A district field left out of [LAYER.fields] stays empty (0 or \"\"); nbhd check names the ones "
         "it "
         "needs.\n";
    if (!m.undecided.empty()) {
        o << "#\n# Not decided by the scan (check these):\n";
        for (const auto& u : m.undecided) o << "#   - " << u << "\n";
    }
    o << "\n[district]\n";
    o << "name = " << quoted(m.name) << "\n";
    if (!m.name_en.empty()) o << "name_en = " << quoted(m.name_en) << "\n";
    if (!m.subdistrict.empty()) o << "subdistrict = " << quoted(m.subdistrict) << "\n";
    o << "crs = " << quoted(m.crs) << "\n";
    if (!m.options.empty()) {
        o << "\n[derive]\n";
        for (const auto& [k, v] : m.options) o << key(k) << " = " << value_text(v) << "\n";
    }
    for (const auto& l : m.layers) {
        o << "\n";
        for (const auto& c : l.comments) o << "# " << c << "\n";
        o << "[" << l.target << "]\n";
        o << "source = " << quoted(l.source) << "\n";
        if (!l.layer.empty()) o << "layer = " << quoted(l.layer) << "\n";
        if (!l.crs.empty()) o << "crs = " << quoted(l.crs) << "\n";
        if (!l.datum.empty()) o << "datum = " << quoted(l.datum) << "\n";
        if (!l.encoding.empty()) o << "encoding = " << quoted(l.encoding) << "\n";
        if (!l.where.empty()) o << "where = " << quoted(l.where) << "\n";
        if (!l.text_where.empty()) o << "text_where = " << quoted(l.text_where) << "\n";
        if (l.close_lines) o << "close_lines = true\n";
        if (!l.x_field.empty()) o << "x_field = " << quoted(l.x_field) << "\n";
        if (!l.y_field.empty()) o << "y_field = " << quoted(l.y_field) << "\n";
        if (l.header_row > 0) o << "header_row = " << l.header_row << "\n";
        o << "[" << l.target << ".fields]\n";
        // Schema order reads better than alphabetical.
        const district::LayerSchema* schema = district::find_schema(l.target);
        for (const auto& f : schema->fields) {
            auto it = l.fields.find(f.name);
            if (it == l.fields.end()) continue;
            const FieldMapping& fm = it->second;
            std::string line = key(f.name) + " = ";
            switch (fm.kind) {
                case FieldMapping::Kind::Field:
                    if (fm.rule.empty() && fm.values.empty()) {
                        line += quoted(fm.field);
                    } else {
                        line += "{ field = " + quoted(fm.field);
                        if (!fm.rule.empty()) line += ", rule = " + quoted(fm.rule);
                        if (!fm.values.empty()) {
                            line += ", values = {";
                            bool first = true;
                            for (const auto& [vk, vv] : fm.values) {
                                line += std::string(first ? " " : ", ") + key(vk) + " = " + quoted(vv);
                                first = false;
                            }
                            line += " }";
                        }
                        line += " }";
                    }
                    break;
                case FieldMapping::Kind::Constant:
                    line += "{ value = " + value_text(fm.constant) + " }";
                    break;
                case FieldMapping::Kind::Derive:
                    line += "{ derive = " + quoted(fm.derive) + " }";
                    break;
            }
            if (!fm.comment.empty()) line += "  # " + fm.comment;
            o << line << "\n";
        }
        if (!l.overrides.empty()) {
            o << "[" << l.target << ".overrides]\n";
            for (const auto& [number, fields] : l.overrides) {
                std::string line = key(number) + " = {";
                bool first = true;
                for (const auto& [f, v] : fields) {
                    line += std::string(first ? " " : ", ") + key(f) + " = " + value_text(v);
                    first = false;
                }
                o << line << " }\n";
            }
        } else if (l.target == district::layers::kBuildings) {
            o << "# [buildings.overrides]  one building set by hand, by its number: \"12\" = { entrances = 3 "
                 "}\n";
        }
    }
    return o.str();
}

}  // namespace gis::ingest
