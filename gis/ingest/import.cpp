#include "gis/ingest/import.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "gis/core/strings.hpp"
#include "gis/district/model.hpp"
#include "gis/district/schema.hpp"
#include "gis/generate/writer.hpp"
#include "gis/geom/ops.hpp"
#include "gis/index/spatial_index.hpp"
#include "gis/ingest/derive.hpp"
#include "gis/ingest/rules.hpp"
#include "gis/ingest/source.hpp"
#include "gis/occupancy/import.hpp"

namespace gis::ingest {
namespace {

using district::LayerSchema;
namespace L = district::layers;

std::string tr(const ImportOptions& o, const std::string& zh, const std::string& en) {
    return o.lang == "en" ? en : zh;
}

int field_at(const LayerSchema& s, const std::string& name) {
    for (std::size_t i = 0; i < s.fields.size(); ++i)
        if (s.fields[i].name == name) return static_cast<int>(i);
    return -1;
}

/// Features of one district layer, addressed by field name.
struct Layer {
    const LayerSchema* schema = nullptr;
    std::vector<io::Feature> features;

    io::Feature& add(Geometry g = {}) {
        io::Feature f;
        f.fid = static_cast<std::int64_t>(features.size()) + 1;
        f.geometry = std::move(g);
        f.values.resize(schema->fields.size());
        features.push_back(std::move(f));
        return features.back();
    }
    void set(io::Feature& f, const char* field, io::FieldValue v) const {
        const int k = field_at(*schema, field);
        assert(k >= 0);
        f.values[static_cast<std::size_t>(k)] = std::move(v);
    }
    const io::FieldValue& get(const io::Feature& f, const char* field) const {
        static const io::FieldValue none;
        const int k = field_at(*schema, field);
        return k < 0 ? none : f.values[static_cast<std::size_t>(k)];
    }
    std::int64_t num(const io::Feature& f, const char* field) const {
        const auto& v = get(f, field);
        if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
        if (const auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(std::llround(*d));
        return 0;
    }
    double real(const io::Feature& f, const char* field) const {
        const auto& v = get(f, field);
        if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
        if (const auto* d = std::get_if<double>(&v)) return *d;
        return 0;
    }
    std::string str(const io::Feature& f, const char* field) const {
        const auto& v = get(f, field);
        if (const auto* s = std::get_if<std::string>(&v)) return *s;
        return std::holds_alternative<std::monostate>(v) ? "" : io::to_display(v);
    }
    bool is_set(const io::Feature& f, const char* field) const {
        return !std::holds_alternative<std::monostate>(get(f, field));
    }
};

const char* default_rule(io::FieldType t) {
    switch (t) {
        case io::FieldType::Integer:
            return "int";
        case io::FieldType::Real:
            return "real";
        default:
            return "text";
    }
}

/// A rule's value in the district field's type.
Result<io::FieldValue> coerce(io::FieldValue v, io::FieldType t, const std::string& what) {
    if (std::holds_alternative<std::monostate>(v)) return v;
    if (t == io::FieldType::Integer) {
        if (std::holds_alternative<std::int64_t>(v)) return v;
        if (const auto* d = std::get_if<double>(&v)) {
            if (std::abs(*d - std::round(*d)) < 1e-9)
                return io::FieldValue(static_cast<std::int64_t>(std::llround(*d)));
            return make_error(ErrorCode::BadInput,
                              what + ": " + io::to_display(v) + " is not a whole number");
        }
        if (const auto* s = std::get_if<std::string>(&v)) return apply_rule("int", *s);
    }
    if (t == io::FieldType::Real) {
        if (const auto* i = std::get_if<std::int64_t>(&v)) return io::FieldValue(static_cast<double>(*i));
        if (std::holds_alternative<double>(v)) return v;
        if (const auto* s = std::get_if<std::string>(&v)) return apply_rule("real", *s);
    }
    if (t == io::FieldType::String && !std::holds_alternative<std::string>(v))
        return io::FieldValue(io::to_display(v));
    return v;
}

bool geometry_fits(const LayerSchema& s, Geometry& g) {
    const std::string want = s.geometry;
    if (want == "None" || want == "Geometry") return true;
    if (want == "Polygon") return !g.polygons.empty();
    if (want == "LineString") {
        // A polygon given for a line layer is not a line; a multi-line is kept as its parts' first.
        return !g.lines.empty();
    }
    if (want == "Point") {
        if (!g.points.empty()) return true;
        if (!g.polygons.empty()) {  // OSM and surveys often draw a shop or a gate as an area
            g = Geometry::from(geom::nearest_point(Geometry::from(g.polygons.front()),
                                                   Geometry::from(g.polygons.front()).bbox().center()));
            return true;
        }
    }
    return false;
}

std::string geometry_word(const LayerSchema& s, const ImportOptions& o) {
    const std::string want = s.geometry;
    if (want == "Polygon") return tr(o, "面（闭合轮廓）", "an area (a closed outline)");
    if (want == "LineString") return tr(o, "线", "a line");
    return tr(o, "点", "a point");
}

/// A value from the CASS notes joined inside one outline ("3栋 混6").
Result<io::FieldValue> note_value(const std::string& rule, const std::string& text, const ImportOptions& o) {
    std::vector<BuildingNote> notes;
    std::string word;
    auto flush = [&] {
        if (auto n = parse_building_note(word)) notes.push_back(*n);
        word.clear();
    };
    for (char c : text + " ") {
        if (c == ' ')
            flush();
        else
            word += c;
    }
    const BuildingNote n = merge_notes(notes);
    if (rule == "number_from_note")
        return n.number > 0 ? io::FieldValue(std::int64_t(n.number)) : io::FieldValue{};
    if (rule == "structure_from_note")
        return n.structure.empty() ? io::FieldValue{} : io::FieldValue(n.structure);
    if (n.floors > 0) return io::FieldValue(std::int64_t(n.floors));
    return make_error(
        ErrorCode::BadInput,
        (text.empty() ? tr(o, "轮廓内没有注记", "no note inside the outline")
                      : quote_for_message(text, 30) +
                            tr(o, " 中没有层数注记（如 混6）", " holds no floors note (such as 混6)")));
}

std::string today() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

/// The work of one import, kept together so each step reads as one function.
class Importer {
  public:
    Importer(const Manifest& m, const ImportOptions& o) : m_(m), o_(o) {
        for (const auto& s : district::layer_schemas()) layers_[s.name].schema = &s;
    }

    Result<void> run();
    ImportReport report;
    std::map<std::string, Layer> layers_;
    generate::GpkgWriter* writer = nullptr;  ///< where the layers go (none on a dry run)

  private:
    Result<void> check_mapping(const LayerMapping& lm, const SourceTable& t);
    /// One district field of a layer mapping, resolved once per source (not once per row).
    struct Column {
        std::size_t at = 0;  ///< position in the district layer's fields
        io::FieldType type = io::FieldType::String;
        const FieldMapping* mapping = nullptr;
        int source = -1;  ///< position in the source's fields (Field mappings)
    };
    Result<std::vector<Column>> plan_columns(const LayerMapping& lm, const SourceTable& t) const;
    /// The mapping checked against a source's fields, then its column plan.
    Result<std::vector<Column>> prepare_columns(const LayerMapping& lm, const SourceTable& t) {
        if (auto c = check_mapping(lm, t); !c) return c.error();
        return plan_columns(lm, t);
    }
    /// Maps one source row; reasons to reject it go to `why`.
    Result<void> map_row(const LayerMapping& lm, const std::vector<Column>& cols, const SourceTable& t,
                         const SourceRow& r, io::Feature& f, std::vector<std::string>& why);
    Result<void> map_layer(const LayerMapping& lm, const SourceTable& t, LayerTally& tally);
    Result<void> stream_households(const LayerMapping& lm);
    /// Reads a source and maps its rows as they come (a CAD drawing, whose notes are joined to the
    /// outlines after reading, is read whole first).
    Result<void> read_and_map(const LayerMapping& lm, LayerTally& tl);
    /// Hands the layers that are final to the writer and frees them (a city is not held twice); on a dry
    /// run they are only freed. `keep`: layers still to be derived or changed.
    Result<void> write_layers(std::initializer_list<const char*> keep = {});
    /// Every layer lies where the buildings are: a table in another CRS than its crs says lands
    /// kilometres away (a survey drawing given the wrong Gauss-Kruger zone lands 290 km off).
    Result<void> check_sources_meet() const;
    Result<void> map_household(const LayerMapping& lm, const SourceTable& t, const SourceRow& r,
                               io::Feature& f, std::vector<std::string>& why);
    Result<void> derive_buildings();
    void derive_layers();
    void derive_boundary_layer();
    void derive_gas();
    class HouseholdPlacer;
    void link_points();
    void write_metadata();
    LayerTally& tally(const std::string& layer, const std::string& source) {
        report.layers.push_back({layer, source, 0, 0, 0, 0, {}});
        return report.layers.back();
    }
    /// A layer no file gave, made by a derivation: its count and the rule, in the report.
    void note_derived(const char* layer, std::int64_t n, std::string note) {
        LayerTally& t = tally(layer, "derived");
        t.imported = n;
        t.notes.push_back(std::move(note));
    }
    LayerTally* find_tally(const std::string& layer) {
        for (auto& t : report.layers)
            if (t.layer == layer) return &t;
        return nullptr;
    }
    void progress(const std::string& stage, std::int64_t done, std::int64_t total) {
        if (o_.progress) o_.progress(stage, done, total);
    }
    const FieldMapping* mapping(const std::string& layer, const std::string& field) const {
        const LayerMapping* lm = m_.find(layer);
        if (!lm) return nullptr;
        auto it = lm->fields.find(field);
        return it == lm->fields.end() ? nullptr : &it->second;
    }
    /// A text setting of the manifest's [derive] table; empty when not given.
    std::string option_text(const char* key) const {
        auto it = m_.options.find(key);
        if (it == m_.options.end()) return "";
        const auto* s = std::get_if<std::string>(&it->second);
        return s ? *s : io::to_display(it->second);
    }
    bool derives(const std::string& layer, const std::string& field, const char* name) const {
        const FieldMapping* fm = mapping(layer, field);
        return fm && fm->kind == FieldMapping::Kind::Derive && fm->derive == name;
    }

    const Manifest& m_;
    const ImportOptions& o_;
    std::vector<district::Building>
        buildings_;  ///< model view of the buildings layer, parallel to its features
    std::vector<district::Street> streets_;
    std::vector<district::Entrance> entrances_;
    std::map<std::string, BBox> extents_;  ///< of each layer read, for check_sources_meet
};

Result<void> Importer::check_mapping(const LayerMapping& lm, const SourceTable& t) {
    const LayerSchema& s = *layers_[lm.target].schema;
    std::string have;
    for (const auto& f : t.fields) have += (have.empty() ? "" : ", ") + f;
    for (const auto& [field, fm] : lm.fields) {
        if (fm.kind == FieldMapping::Kind::Field && t.field_index(fm.field) < 0)
            return make_error(ErrorCode::MissingLayer,
                              m_.path + ": [" + lm.target + ".fields] " + field + " names the source field " +
                                  quote_for_message(fm.field) + ", which " + lm.source +
                                  " does not have (it has: " + have + ")");
        if (fm.kind == FieldMapping::Kind::Field && !fm.rule.empty()) {
            bool known = fm.rule == "address";
            for (const auto& r : rule_infos()) known = known || fm.rule == r.name;
            if (!known) {
                std::string rules;
                for (const auto& r : rule_infos()) rules += std::string(rules.empty() ? "" : ", ") + r.name;
                return make_error(ErrorCode::BadInput, m_.path + ": [" + lm.target + ".fields] " + field +
                                                           ": unknown rule " + quote_for_message(fm.rule) +
                                                           " (rules: " + rules + ", address)");
            }
        }
        if (fm.kind == FieldMapping::Kind::Derive) {
            bool known = false;
            for (const auto& d : derivations())
                known = known || (lm.target == d.layer && field == d.field && fm.derive == d.name);
            if (!known) {
                std::string list;
                for (const auto& d : derivations())
                    list += std::string(list.empty() ? "" : ", ") + d.layer + "." + d.field + " = " + d.name;
                return make_error(ErrorCode::BadInput, m_.path + ": [" + lm.target + ".fields] " + field +
                                                           ": no derivation " + quote_for_message(fm.derive) +
                                                           " for this field (derivations: " + list + ")");
            }
        }
    }
    // Every field the district cannot do without is mapped (households place themselves by address).
    const bool by_address = lm.target == L::kHouseholds && lm.fields.count("address") &&
                            lm.fields.at("address").rule == "address";
    for (const char* req : s.required) {
        if (lm.fields.count(req)) continue;
        const std::string r = req;
        if (by_address && (r == "building_number" || r == "entrance" || r == "floor" || r == "flat"))
            continue;
        if (lm.target == L::kHouseholds && (r == "household_no" || r == "size"))
            continue;  // series / 1 person
        return make_error(ErrorCode::MissingLayer,
                          m_.path + ": [" + lm.target + ".fields] " + r +
                              " is not mapped: nbhd cannot do without it "
                              "(map it to one of " +
                              lm.source + "'s fields: " + have +
                              "; or give { value = ... } or a derivation, see `nbhd district rules`)");
    }
    return {};
}

Result<void> Importer::map_household(const LayerMapping& lm, const SourceTable& t, const SourceRow& r,
                                     io::Feature& f, std::vector<std::string>& why) {
    Layer& h = layers_[L::kHouseholds];
    auto it = lm.fields.find("address");
    if (it == lm.fields.end() || it->second.rule != "address") return {};
    const std::string& text = r.values[static_cast<std::size_t>(t.field_index(it->second.field))];
    auto a = parse_register_address(text);
    if (!a) {
        why.push_back(it->second.field + " " + quote_for_message(text, 30) + ": " +
                      tr(o_, "不是具体到户的地址（如 3栋2单元402室 或 3-2-402）",
                         "not a flat address (such as 3栋2单元402室 or 3-2-402)"));
        return {};
    }
    h.set(f, "building_number", std::int64_t(a->building));
    h.set(f, "entrance", std::int64_t(a->entrance));
    h.set(f, "floor", std::int64_t(a->floor));
    h.set(f, "flat", std::int64_t(a->flat));
    return {};
}

Result<std::vector<Importer::Column>> Importer::plan_columns(const LayerMapping& lm,
                                                             const SourceTable& t) const {
    const LayerSchema& s = *layers_.at(lm.target).schema;
    std::vector<Column> cols;
    for (const auto& [field, fm] : lm.fields) {
        Column c;
        c.at = static_cast<std::size_t>(field_at(s, field));
        c.type = s.fields[c.at].type;
        c.mapping = &fm;
        if (fm.kind == FieldMapping::Kind::Field) c.source = t.field_index(fm.field);
        if (fm.kind == FieldMapping::Kind::Constant) {
            auto v = coerce(fm.constant, c.type, field);
            if (!v)
                return make_error(ErrorCode::BadInput,
                                  m_.path + ": [" + lm.target + ".fields] " + v.error().message);
        }
        cols.push_back(c);
    }
    return cols;
}

Result<void> Importer::map_row(const LayerMapping& lm, const std::vector<Column>& cols, const SourceTable& t,
                               const SourceRow& r, io::Feature& f, std::vector<std::string>& why) {
    const LayerSchema& s = *layers_[lm.target].schema;
    f.geometry = r.geometry;
    const bool no_geometry =
        f.geometry.points.empty() && f.geometry.lines.empty() && f.geometry.polygons.empty();
    if (no_geometry && std::string(s.geometry) != "None" && std::string(s.geometry) != "Geometry")
        why.push_back(
            tr(o_, "没有几何（文件可能被截断或损坏）", "no geometry (the file may be cut short or damaged)"));
    else if (!geometry_fits(s, f.geometry))
        why.push_back(tr(o_, "几何不符：需要", "wrong geometry: needs ") + geometry_word(s, o_));
    f.values.assign(s.fields.size(), io::FieldValue{});
    for (const Column& c : cols) {
        const FieldMapping& fm = *c.mapping;
        if (fm.kind == FieldMapping::Kind::Constant) {
            f.values[c.at] = coerce(fm.constant, c.type, "").value();  // checked by plan_columns
            continue;
        }
        if (fm.kind != FieldMapping::Kind::Field || fm.rule == "address") continue;  // derived; map_household
        std::string text = r.values[static_cast<std::size_t>(c.source)];
        if (!fm.values.empty() && !text.empty()) {
            auto v = fm.values.find(text);
            if (v == fm.values.end()) {
                why.push_back(fm.field + " " + quote_for_message(text, 30) +
                              tr(o_, " 不在清单 values 中", " is not in its values table"));
                continue;
            }
            text = v->second;
        }
        Result<io::FieldValue> v = io::FieldValue{};
        if (fm.field == "@text" && fm.rule.size() > 10 && fm.rule.ends_with("_from_note")) {
            // The texts inside a CAD outline, all at once: a building without a number note is no
            // error (a shed, a shop row), a building without a floors note is.
            v = note_value(fm.rule, text, o_);
        } else {
            v = apply_rule(fm.rule.empty() ? default_rule(c.type) : fm.rule, text);
        }
        if (v) v = coerce(*v, c.type, fm.field);
        if (!v) {
            why.push_back(fm.field + ": " + v.error().message);
            continue;
        }
        f.values[c.at] = std::move(*v);
    }
    if (lm.target == L::kHouseholds) return map_household(lm, t, r, f, why);
    return {};
}

void reject(ImportReport& report, LayerTally& tl, const LayerMapping& lm, int row,
            const std::vector<std::string>& why) {
    std::string reason;
    for (const auto& w : why) reason += (reason.empty() ? "" : "; ") + w;
    report.rejected.push_back({lm.target, lm.source, row, reason});
    ++tl.rejected;
}

Result<void> Importer::map_layer(const LayerMapping& lm, const SourceTable& t, LayerTally& tl) {
    Layer& out = layers_[lm.target];
    tl.read = static_cast<std::int64_t>(t.rows.size()) + t.skipped;
    tl.skipped = t.skipped;
    tl.notes = t.notes;
    auto cols = plan_columns(lm, t);
    if (!cols) return cols.error();
    std::int64_t done = 0;
    for (const SourceRow& r : t.rows) {
        if (++done % 20000 == 0) progress(lm.target, done, static_cast<std::int64_t>(t.rows.size()));
        io::Feature f;
        f.fid = static_cast<std::int64_t>(out.features.size()) + 1;
        std::vector<std::string> why;
        if (auto m = map_row(lm, *cols, t, r, f, why); !m) return m.error();
        if (!why.empty()) {
            reject(report, tl, lm, r.row, why);
            continue;
        }
        out.features.push_back(std::move(f));
    }
    tl.imported = static_cast<std::int64_t>(out.features.size());
    return {};
}

Result<void> Importer::read_and_map(const LayerMapping& lm, LayerTally& tl) {
    if (!lm.text_where.empty()) {
        auto table = read_source(m_, lm, m_.crs);
        if (!table) return table.error();
        if (auto c = check_mapping(lm, *table); !c) return c.error();
        return map_layer(lm, *table, tl);
    }
    Layer& out = layers_[lm.target];
    std::optional<std::vector<Column>> cols;  // made from the source's header when the first row comes
    auto table = read_source(m_, lm, m_.crs, [&](const SourceTable& t, SourceRow&& r) -> Result<void> {
        if (!cols) {
            auto p = prepare_columns(lm, t);
            if (!p) return p.error();
            cols = std::move(*p);
        }
        if (++tl.read % 50000 == 0) progress(lm.target, tl.read, 0);
        io::Feature f;
        f.fid = static_cast<std::int64_t>(out.features.size()) + 1;
        std::vector<std::string> why;
        if (auto m = map_row(lm, *cols, t, r, f, why); !m) return m.error();
        if (!why.empty()) {
            reject(report, tl, lm, r.row, why);
            return {};
        }
        out.features.push_back(std::move(f));
        return {};
    });
    if (!table) return table.error();
    if (!cols)  // an empty source: its mapping is still checked
        if (auto c = check_mapping(lm, *table); !c) return c.error();
    tl.read += table->skipped;
    tl.skipped = table->skipped;
    tl.notes = table->notes;
    tl.imported = static_cast<std::int64_t>(out.features.size());
    return {};
}

/// Model records from the buildings layer (for the derivations), derived fields filled in on both.
Result<void> Importer::derive_buildings() {
    Layer& bl = layers_[L::kBuildings];
    LayerTally* tl = find_tally(L::kBuildings);
    const bool numbered = derives(L::kBuildings, "kind", "numbered");
    const bool by_length = derives(L::kBuildings, "entrances", "slab_length");
    const bool by_orientation = derives(L::kBuildings, "entrance_side", "orientation");
    const bool by_floors = derives(L::kBuildings, "height_m", "floors");
    std::int64_t n_kind = 0, n_ent = 0, n_side = 0, n_height = 0, n_overridden = 0;
    const auto* overrides = m_.find(L::kBuildings) ? &m_.find(L::kBuildings)->overrides : nullptr;
    if (overrides && overrides->empty()) overrides = nullptr;
    const std::map<std::string, std::map<std::string, io::FieldValue>>::const_iterator overrides_end =
        overrides ? overrides->end()
                  : std::map<std::string, std::map<std::string, io::FieldValue>>::const_iterator{};
    std::set<std::string> seen_overrides;
    if (overrides)  // each value in its field's type (and a kind or a side among the codes) before any is
                    // applied
        for (const auto& [number, fields] : *overrides)
            for (const auto& [field, v] : fields) {
                const std::string at = m_.path + ": [buildings.overrides] " + number + "." + field;
                const int k = field_at(*bl.schema, field);
                auto c = coerce(v, bl.schema->fields[static_cast<std::size_t>(k)].type, field);
                if (c && (field == "kind" || field == "entrance_side")) {
                    const auto* text = std::get_if<std::string>(&v);
                    auto code = apply_rule(field == "kind" ? "building_kind" : "side", text ? *text : "");
                    if (!code || !text || io::to_display(*code) != *text)
                        c = make_error(ErrorCode::BadInput,
                                       field == "kind"
                                           ? "use residential, unit, school, shop_row, ancillary or other"
                                           : "use N, S, E or W");
                }
                if (!c) return make_error(ErrorCode::BadInput, at + ": " + c.error().message);
            }
    // Streets first: the entrance side looks for the nearer street.
    Layer& sl = layers_[L::kStreets];
    std::int64_t widths = 0;
    for (auto& f : sl.features) {
        if (!(sl.real(f, "width_m") > 0)) {
            // No width (derive = "class", or an empty cell): the class's typical width (primary 30-40 m
            // with sidewalks, secondary 20-24 m, local 12-16 m, lanes 4-7 m).
            const std::string c = sl.str(f, "class");
            sl.set(f, "width_m", c == "primary" ? 30.0 : c == "secondary" ? 20.0 : c == "local" ? 12.0 : 5.0);
            ++widths;
        }
        district::Street s;
        s.fid = f.fid;
        s.name = sl.str(f, "name");
        s.street_class = sl.str(f, "class");
        s.width_m = sl.real(f, "width_m");
        s.in_compound = sl.num(f, "in_compound") != 0;
        if (!f.geometry.lines.empty()) s.centreline = f.geometry.lines.front();
        streets_.push_back(std::move(s));
    }
    // Only the streets near a slab can decide its entrance side: found through an index, not a scan.
    std::vector<Geometry> centrelines;
    if (by_orientation)
        for (const auto& s : streets_) centrelines.push_back(Geometry::from(s.centreline));
    const index::SpatialIndex street_index(std::move(centrelines));
    std::vector<district::Street> near;
    for (auto& f : bl.features) {
        if (numbered) {
            bl.set(f, "kind", std::string(bl.num(f, "number") > 0 ? "residential" : "other"));
            n_kind += bl.num(f, "number") > 0;
        }
        const auto over = overrides ? overrides->find(std::to_string(bl.num(f, "number"))) : overrides_end;
        const bool overridden = overrides && bl.num(f, "number") > 0 && over != overrides_end;
        // By hand, before the derivations that read them (kind, floors) and again after (entrances, side).
        auto apply_overrides = [&] {
            if (!overridden) return;
            for (const auto& [field, v] : over->second) {
                const int k = field_at(*bl.schema, field);
                f.values[static_cast<std::size_t>(k)] =
                    coerce(v, bl.schema->fields[static_cast<std::size_t>(k)].type, field).value();
            }
        };
        apply_overrides();
        district::Building b;
        b.fid = f.fid;
        b.number = static_cast<int>(bl.num(f, "number"));
        b.kind = district::building_kind_from(bl.str(f, "kind"));
        b.floors = static_cast<int>(bl.num(f, "floors"));
        b.flats_per_floor = static_cast<int>(bl.num(f, "flats_per_floor"));
        b.shop_ground_floor = bl.num(f, "shop_ground_floor") != 0;
        b.in_compound = bl.num(f, "in_compound") != 0;
        b.footprint = f.geometry.polygons.front();
        const bool residential = b.kind == district::BuildingKind::Residential;
        if (by_length) {
            bl.set(f, "entrances",
                   std::int64_t(residential ? entrances_from_length(slab_shape(b.footprint).length_m) : 0));
            n_ent += residential;
        }
        if (by_orientation) {
            near.clear();
            for (std::size_t k : street_index.within_distance(Geometry::from(b.footprint), 60.0))
                near.push_back(streets_[k]);
            bl.set(f, "entrance_side", std::string(1, entrance_side(b.footprint, near)));
            n_side += residential;
        }
        if (by_floors) {
            bl.set(f, "height_m", 3.0 * b.floors);
            ++n_height;
        }
        apply_overrides();
        if (overridden) {
            ++n_overridden;
            seen_overrides.insert(over->first);
            b.floors = static_cast<int>(bl.num(f, "floors"));
            b.flats_per_floor = static_cast<int>(bl.num(f, "flats_per_floor"));
            b.shop_ground_floor = bl.num(f, "shop_ground_floor") != 0;
            b.in_compound = bl.num(f, "in_compound") != 0;
        }
        if (!residential) {
            // Flats are counted only in residential buildings; a shop row's "entrances" are not 单元.
            if (!bl.is_set(f, "flats_per_floor")) bl.set(f, "flats_per_floor", std::int64_t(0));
        }
        b.entrances = static_cast<int>(bl.num(f, "entrances"));
        const std::string side = bl.str(f, "entrance_side");
        b.entrance_side = side.empty() ? 'N' : side[0];
        if (side.empty() && residential) bl.set(f, "entrance_side", std::string("N"));
        buildings_.push_back(std::move(b));
    }
    if (overrides)
        for (const auto& [number, fields] : *overrides)
            if (!seen_overrides.count(number))
                return make_error(ErrorCode::BadInput, m_.path + ": [buildings.overrides] " + number +
                                                           ": no residential building has this number");
    if (LayerTally* st = find_tally(L::kStreets); st && widths)
        st->notes.push_back(tr(o_, "路宽：无宽度的道路按等级取典型宽度（",
                               "width: streets without one took their class's typical width (") +
                            std::to_string(widths) + ")");
    if (tl) {
        if (n_kind)
            tl->notes.push_back(tr(o_, "类型：有楼号者为住宅（", "kind: residential when numbered (") +
                                std::to_string(n_kind) + ")");
        if (n_ent)
            tl->notes.push_back(tr(o_, "单元数：按楼长推算（", "entrances: from slab length (") +
                                std::to_string(n_ent) + ")");
        if (n_side)
            tl->notes.push_back(
                tr(o_, "入口朝向：按楼向与临街推算（", "entrance side: from orientation and streets (") +
                std::to_string(n_side) + ")");
        if (n_height)
            tl->notes.push_back(tr(o_, "高度：每层 3 米（", "height: 3 m a floor (") +
                                std::to_string(n_height) + ")");
        if (n_overridden)
            tl->notes.push_back(
                tr(o_, "手工设定：[buildings.overrides] 中的 ", "set by hand in [buildings.overrides]: ") +
                std::to_string(n_overridden) + tr(o_, " 栋", " buildings"));
    }
    return {};
}

/// Layers the sources did not give, derived from those they did.
void Importer::derive_layers() {
    progress("derive entrances", 0, 0);
    // Entrances on the entrance side of every residential slab.
    Layer& el = layers_[L::kEntrances];
    if (!m_.find(L::kEntrances)) {
        for (const auto& b : buildings_) {
            if (b.entrances <= 0) continue;  // units and schools have doors too (and gas service to them)
            for (auto e : derive_entrances(b)) {
                // Features are made once the gas network has placed the doors (write_entrances).
                e.fid = static_cast<std::int64_t>(entrances_.size()) + 1;
                entrances_.push_back(e);
            }
        }
        note_derived(L::kEntrances, static_cast<std::int64_t>(entrances_.size()),
                     tr(o_, "入口：沿入口一侧均匀分布", "entrances: evenly along the entrance side"));
    } else {
        for (const auto& f : el.features) {
            district::Entrance e;
            e.fid = f.fid;
            e.building_number = static_cast<int>(el.num(f, "building_number"));
            e.number = static_cast<int>(el.num(f, "entrance"));
            if (!f.geometry.points.empty()) e.location = f.geometry.points.front();
            if (const auto* b = [&]() -> const district::Building* {
                    for (const auto& x : buildings_)
                        if (x.number == e.building_number && x.number > 0) return &x;
                    return nullptr;
                }())
                el.set(const_cast<io::Feature&>(f), "building_fid", b->fid);
            entrances_.push_back(e);
        }
    }
    if (!m_.find(L::kForecourts)) {
        double depth = 6.0;
        if (auto it = m_.options.find("forecourt_depth_m"); it != m_.options.end()) {
            if (const auto* d = std::get_if<double>(&it->second)) depth = *d;
            if (const auto* i = std::get_if<std::int64_t>(&it->second)) depth = static_cast<double>(*i);
        }
        Layer& fl = layers_[L::kForecourts];
        progress("derive forecourts", 0, 0);
        const std::string surface = option_text("forecourt_surface");
        for (const auto& fc : derive_forecourts(buildings_, depth, surface)) {
            io::Feature& f = fl.add(Geometry::from(fc.polygon));
            fl.set(f, "building_number", std::int64_t(fc.building_number));
            fl.set(f, "side", std::string(1, fc.side));
            fl.set(f, "depth_m", fc.depth_m);
            fl.set(f, "surface", fc.surface.empty() ? std::string("unpaved") : fc.surface);
            fl.set(f, "in_compound", std::int64_t(fc.in_compound ? 1 : 0));
        }
        note_derived(
            L::kForecourts, static_cast<std::int64_t>(fl.features.size()),
            tr(o_, "楼前场地：入口一侧，进深 ", "forecourts: on the entrance side, ") + fmt_fixed(depth, 1) +
                tr(o_, " 米（[derive] forecourt_depth_m）", " m deep ([derive] forecourt_depth_m)") +
                (surface.empty()
                     ? tr(o_, "；地面按惯例假定（小区内未硬化，小区外混凝土；[derive] forecourt_surface）",
                          "; surface assumed (unpaved in a compound, concrete elsewhere; [derive] "
                          "forecourt_surface)")
                     : tr(o_, "；地面 ", "; surface ") + surface));
    }
    if (!m_.find(L::kStreetSurfaces) && !streets_.empty()) {
        Layer& ss = layers_[L::kStreetSurfaces];
        progress("derive street surfaces", 0, 0);
        const std::string lane = option_text("lane_surface"), street = option_text("street_surface");
        for (const auto& s : derive_street_surfaces(streets_)) {
            io::Feature& f = ss.add(Geometry::from(s.polygon));
            ss.set(f, "street_id", s.street_id);
            ss.set(f, "name", s.name);
            ss.set(f, "class", s.street_class);
            const std::string& given = s.street_class == "lane" ? lane : street;
            ss.set(f, "surface", given.empty() ? s.surface : given);
            ss.set(f, "in_compound", std::int64_t(s.in_compound ? 1 : 0));
        }
        note_derived(
            L::kStreetSurfaces, static_cast<std::int64_t>(ss.features.size()),
            tr(o_, "路面：中心线 × 路宽", "street surfaces: centreline × width") +
                ((lane.empty() || street.empty())
                     ? tr(o_,
                          "；面层按惯例假定（道路沥青，巷道小区内未硬化、小区外混凝土；[derive] "
                          "lane_surface / street_surface）",
                          "; surface assumed (asphalt streets; lanes unpaved in a compound, concrete "
                          "elsewhere; "
                          "[derive] lane_surface / street_surface)")
                     : tr(o_, "；巷道 ", "; lanes ") + lane + tr(o_, "，道路 ", ", streets ") + street));
    }
}

/// The boundary when no file gives one: the streets around the buildings, else a hull.
void Importer::derive_boundary_layer() {
    Layer& bd = layers_[L::kBoundary];
    if (!m_.find(L::kBoundary)) {
        progress("derive boundary", 0, 0);
        auto b = derive_boundary(buildings_, streets_);
        io::Feature& f = bd.add(Geometry::from(b.polygon));
        bd.set(f, "name", m_.name);
        bd.set(f, "name_en", m_.name_en);
        bd.set(f, "subdistrict", m_.subdistrict);
        note_derived(
            L::kBoundary, 1,
            b.rule == "streets"
                ? tr(o_, "边界：四周道路中心线围合", "boundary: the streets around the buildings")
                : tr(o_, "边界：全部要素的外包范围外扩 10 米", "boundary: the hull of everything, 10 m out"));
    }
    for (auto& f : bd.features) {
        if (!bd.is_set(f, "area_m2") && !f.geometry.polygons.empty())
            bd.set(f, "area_m2", geom::area(Geometry::from(f.geometry.polygons.front())));
        if (bd.str(f, "name").empty()) bd.set(f, "name", m_.name);
    }
}

/// The gas network as the utility drew it: junctions where a pipe ends on another's side, valves on
/// pipes, service pipes to the doors they serve.
void Importer::derive_gas() {
    Layer& gp = layers_[L::kGasPipes];
    if (!gp.features.empty()) {
        // The lines move into the noder's records and back (a city's pipes are not held twice).
        std::vector<district::GasPipe> pipes;
        pipes.reserve(gp.features.size());
        for (auto& f : gp.features) {
            district::GasPipe p;
            p.fid = f.fid;
            // Pieces of a split pipe copy its record: the feature's index rides along in building_fid.
            p.building_fid = static_cast<std::int64_t>(pipes.size());
            if (!f.geometry.lines.empty()) p.line = std::move(f.geometry.lines.front());
            f.geometry = {};
            pipes.push_back(std::move(p));
        }
        std::vector<io::Feature> before = std::move(gp.features);
        progress("gas junctions", 0, 0);
        const int splits = node_gas_pipes(pipes);
        if (splits > 0) {
            // Each piece keeps the attributes of the pipe it was cut from (fid still names that pipe).
            gp.features.clear();
            for (const auto& p : pipes) {
                io::Feature f = before[static_cast<std::size_t>(p.building_fid)];
                f.geometry = Geometry::from(p.line);
                f.fid = static_cast<std::int64_t>(gp.features.size()) + 1;
                gp.features.push_back(std::move(f));
            }
            if (auto* t = find_tally(L::kGasPipes))
                t->notes.push_back(tr(o_, "管网节点：在支管接入处打断 ",
                                      "network: split where a pipe meets another's side, ") +
                                   std::to_string(splits) + tr(o_, " 处", " times"));
        } else {
            gp.features = std::move(before);
            for (std::size_t i = 0; i < pipes.size(); ++i)
                if (!pipes[i].line.empty())
                    gp.features[i].geometry = Geometry::from(std::move(pipes[i].line));
        }
        // A city's pipes are held once at a time: the copies made for noding go before the next step.
        std::vector<io::Feature>().swap(before);
        std::vector<district::GasPipe>().swap(pipes);
        if (derives(L::kGasPipes, "kind", "ends")) {
            // A pipe with an end at a building's wall (within 3 m) is its service pipe; the rest are mains.
            std::vector<Geometry> walls;
            for (const auto& b : buildings_) walls.push_back(Geometry::from(b.footprint));
            const index::SpatialIndex near_wall(std::move(walls));
            std::int64_t services = 0;
            for (auto& f : gp.features) {
                if (f.geometry.lines.empty()) continue;
                const LineString& l = f.geometry.lines.front();
                const bool service = !near_wall.within_distance(Geometry::from(l.front()), 3.0).empty() ||
                                     !near_wall.within_distance(Geometry::from(l.back()), 3.0).empty();
                gp.set(f, "kind", std::string(service ? "service" : "main"));
                services += service;
            }
            if (auto* t = find_tally(L::kGasPipes))
                t->notes.push_back(tr(o_, "类型：一端在楼旁 3 米内的为户线（",
                                      "kind: service where an end is within 3 m of a building (") +
                                   std::to_string(services) +
                                   tr(o_, " 条），其余为干管", "), the rest mains"));
        }
        std::unordered_map<int, std::int64_t> fid_by_number;
        for (const auto& b : buildings_)
            if (b.number > 0) fid_by_number[b.number] = b.fid;
        // Service pipes: the building and door they serve (by number where the source says, else the
        // nearest door), and their end carried on to that door so the network reaches its households.
        std::vector<district::GasPipe> service;
        std::vector<io::Feature*> refs;
        for (auto& f : gp.features) {
            if (gp.str(f, "kind") != "service" || f.geometry.lines.empty()) {
                gp.set(f, "building_fid", std::int64_t(-1));
                continue;
            }
            district::GasPipe p;
            p.kind = "service";
            p.building_number = static_cast<int>(gp.num(f, "building_number"));
            p.entrance = static_cast<int>(gp.num(f, "entrance"));
            auto it = fid_by_number.find(p.building_number);
            p.building_fid = p.building_number > 0 && it != fid_by_number.end() ? it->second : -1;
            if (p.building_fid < 0) p.building_number = p.entrance = 0;
            p.line = f.geometry.lines.front();
            service.push_back(std::move(p));
            refs.push_back(&f);
        }
        progress("gas service links", 0, 0);
        const bool doors_derived = !m_.find(L::kEntrances);
        const ServiceJoin join = connect_service_pipes(service, entrances_, doors_derived);
        for (std::size_t i = 0; i < service.size(); ++i) {
            gp.set(*refs[i], "building_fid", service[i].building_fid);
            gp.set(*refs[i], "building_number", std::int64_t(service[i].building_number));
            gp.set(*refs[i], "entrance", std::int64_t(service[i].entrance));
            refs[i]->geometry = Geometry::from(service[i].line);
        }
        if (auto* t = find_tally(L::kGasPipes);
            t && (join.linked || join.moved || join.extended || join.unreached))
            t->notes.push_back(
                tr(o_, "户线：按最近的单元入口关联 ", "service pipes linked to the nearest door: ") +
                std::to_string(join.linked) +
                tr(o_, "，推算的入口移到户线端点 ", ", derived doors moved to their pipe's end: ") +
                std::to_string(join.moved) + tr(o_, "，接到单元入口 ", ", pipes carried on to their door: ") +
                std::to_string(join.extended) +
                tr(o_, "，距入口超过 15 米 ", ", farther than 15 m from it: ") +
                std::to_string(join.unreached));
        std::vector<district::GasPipe>().swap(service);
        Layer& gv = layers_[L::kGasValves];
        std::vector<district::GasValve> valves;
        for (const auto& f : gv.features) {
            district::GasValve v;
            v.fid = f.fid;
            if (!f.geometry.points.empty()) v.location = f.geometry.points.front();
            valves.push_back(v);
        }
        std::vector<district::GasPipe> lines;
        for (const auto& f : gp.features) {
            district::GasPipe p;
            if (!f.geometry.lines.empty()) p.line = f.geometry.lines.front();
            lines.push_back(std::move(p));
        }
        progress("gas valves", 0, 0);
        const SnapReport snap = snap_valves(valves, lines);
        for (std::size_t i = 0; i < valves.size(); ++i)
            gv.features[i].geometry = Geometry::from(valves[i].location);
        if (auto* t = find_tally(L::kGasValves); t && (snap.snapped || snap.off_network))
            t->notes.push_back(tr(o_, "阀门：吸附到管线 ", "valves snapped onto pipes: ") +
                               std::to_string(snap.snapped) + tr(o_, "，离网 ", ", off every pipe: ") +
                               std::to_string(snap.off_network));
    }
}

/// Buildings that shops and points of interest stand in or against; compound membership by geometry
/// where the sources do not say.
void Importer::link_points() {
    // The footprints' index only when there are points to place (a city's is hundreds of megabytes).
    const bool points = !layers_[L::kShops].features.empty() || !layers_[L::kPois].features.empty();
    std::vector<Geometry> footprints;
    if (points)
        for (const auto& b : buildings_) footprints.push_back(Geometry::from(b.footprint));
    const index::SpatialIndex idx(std::move(footprints));
    for (const char* name : {L::kShops, L::kPois}) {
        Layer& l = layers_[name];
        if (mapping(name, "building_fid") || l.features.empty()) continue;
        for (auto& f : l.features) {
            std::int64_t fid = -1;
            if (!f.geometry.points.empty())
                if (auto k = idx.nearest(f.geometry.points.front(), 3.0)) fid = buildings_[*k].fid;
            l.set(f, "building_fid", fid);
        }
    }
    const Layer& cl = layers_[L::kCompound];
    if (cl.features.empty()) return;
    std::vector<Geometry> compounds;
    for (const auto& f : cl.features)
        if (!f.geometry.polygons.empty()) compounds.push_back(Geometry::from(f.geometry.polygons.front()));
    index::SpatialIndex cidx(compounds);
    auto inside = [&](const Geometry& g) {
        if (g.polygons.empty() && g.lines.empty() && g.points.empty()) return false;
        const Point c = g.bbox().center();
        return !cidx.containing(c).empty();
    };
    for (const char* name :
         {L::kBuildings, L::kStreets, L::kSurfaces, L::kGasPipes, L::kForecourts, L::kStreetSurfaces}) {
        if (mapping(name, "in_compound")) continue;
        Layer& l = layers_[name];
        std::int64_t n = 0;
        for (auto& f : l.features) {
            const bool in = inside(f.geometry);
            l.set(f, "in_compound", std::int64_t(in ? 1 : 0));
            n += in;
        }
        if (std::string(name) == L::kBuildings && l.features.size() == buildings_.size())
            for (std::size_t i = 0; i < buildings_.size(); ++i)
                buildings_[i].in_compound = l.num(l.features[i], "in_compound") != 0;
    }
}

/// Every register row in an existing flat of a residential building, one household a flat; numbers for
/// rows without one; phone and ID numbers checked as the household import checks them. Holds only what
/// the rows already seen must be checked against (flats and numbers taken, as 64-bit keys).
class Importer::HouseholdPlacer {
  public:
    HouseholdPlacer(const Importer& im) : im_(im), hl_(im.layers_.at(L::kHouseholds)) {
        for (const auto& b : im.buildings_)
            if (b.number > 0 && b.kind == district::BuildingKind::Residential) by_number_[b.number] = &b;
        if (auto it = im.m_.options.find("household_prefix"); it != im.m_.options.end())
            if (const auto* s = std::get_if<std::string>(&it->second)) prefix_ = *s;
        number_series_ = !im.mapping(L::kHouseholds, "household_no");
        size_assumed_ = !im.mapping(L::kHouseholds, "size");
        names_mapped_ = im.mapping(L::kHouseholds, "head_name") != nullptr;
    }

    /// Checks and completes one mapped household; false (with the reasons in `why`) when it fits nowhere.
    bool place(io::Feature& f, std::vector<std::string>& why) {
        const auto& o = im_.o_;
        const int bn = static_cast<int>(hl_.num(f, "building_number"));
        const int en = static_cast<int>(hl_.num(f, "entrance"));
        const int fl = static_cast<int>(hl_.num(f, "floor"));
        const int fn = static_cast<int>(hl_.num(f, "flat"));
        auto b = by_number_.find(bn);
        if (b == by_number_.end()) {
            why.push_back(tr(o, "没有 " + std::to_string(bn) + " 号住宅楼",
                             "no residential building " + std::to_string(bn)));
        } else {
            const district::Building& bb = *b->second;
            if (en < 1 || en > bb.entrances)
                why.push_back(tr(o,
                                 std::to_string(bn) + " 号楼只有 " + std::to_string(bb.entrances) + " 个单元",
                                 "building " + std::to_string(bn) + " has " + std::to_string(bb.entrances) +
                                     " entrances"));
            if (fl < bb.first_residential_floor() || fl > bb.floors)
                why.push_back(tr(
                    o,
                    std::to_string(bn) + " 号楼住宅楼层为 " + std::to_string(bb.first_residential_floor()) +
                        "–" + std::to_string(bb.floors) + " 层",
                    "building " + std::to_string(bn) + " has flats on floors " +
                        std::to_string(bb.first_residential_floor()) + ".." + std::to_string(bb.floors)));
            if (fn < 1 || fn > bb.flats_per_floor)
                why.push_back(tr(o, "每层每单元只有 " + std::to_string(bb.flats_per_floor) + " 户",
                                 std::to_string(bb.flats_per_floor) + " flats a floor per entrance"));
        }
        const std::uint64_t flat = (std::uint64_t(std::uint32_t(bn)) << 32) |
                                   (std::uint64_t(en & 0xFF) << 24) | (std::uint64_t(fl & 0xFFF) << 12) |
                                   std::uint64_t(fn & 0xFFF);
        if (why.empty() && !taken_.insert(flat).second)
            why.push_back(tr(o, "该户已在前面的行登记", "the flat is already taken by an earlier row"));
        const std::string phone = hl_.str(f, "phone");
        if (!phone.empty()) {
            if (auto p = occupancy::phone_number(phone))
                hl_.set(f, "phone", *p);
            else
                why.push_back(tr(
                    o, "电话号码无法拨打（手机 11 位，座机带区号）",
                    "the phone number cannot be dialled (mobile: 11 digits; landline with its area code)"));
        }
        const std::string id = hl_.str(f, "id_number");
        if (!id.empty()) {
            if (auto p = occupancy::id_number(id))
                hl_.set(f, "id_number", *p);
            else
                why.push_back(tr(o, "身份证号码格式或校验位不对",
                                 "the ID number is malformed or fails its check digit"));
        }
        if (names_mapped_ && hl_.str(f, "head_name").empty())
            why.push_back(tr(o, "户主姓名为空", "the head of household is empty"));
        if (size_assumed_)
            hl_.set(f, "size", std::int64_t(1));
        else if (hl_.num(f, "size") < 1 || hl_.num(f, "size") > 30)
            why.push_back(tr(o, "家庭人口应为 1–30", "household size must be 1..30"));
        if (number_series_) {
            char buf[48];
            std::snprintf(buf, sizeof buf, "%s-%04lld", prefix_.c_str(), static_cast<long long>(++series_));
            hl_.set(f, "household_no", std::string(buf));
        }
        const std::string no = hl_.str(f, "household_no");
        if (no.empty())
            why.push_back(tr(o, "户号为空", "the household number is empty"));
        else if (!numbers_.insert(std::hash<std::string>{}(no)).second)
            why.push_back(tr(o, "户号重复", "the household number is listed twice"));
        if (!why.empty()) return false;
        hl_.set(f, "address", district::format_address(bn, en, fl, fn));
        return true;
    }

    void notes(LayerTally& tl) const {
        const auto& o = im_.o_;
        if (number_series_)
            tl.notes.push_back(tr(o, "户号：按登记顺序编为 ", "household numbers: a series ") + prefix_ +
                               "-0001…");
        if (size_assumed_)
            tl.notes.push_back(tr(o, "家庭人口：未给出，按 1 人", "household size: not given, 1 assumed"));
    }

  private:
    const Importer& im_;
    const Layer& hl_;
    std::unordered_map<int, const district::Building*> by_number_;
    std::string prefix_ = "HH";
    bool number_series_ = false, size_assumed_ = false, names_mapped_ = false;
    std::unordered_set<std::uint64_t> taken_, numbers_;
    std::int64_t series_ = 0;
};

/// The household register, row by row: mapped, placed, and written in batches, so that a city's register
/// is never held in memory.
Result<void> Importer::stream_households(const LayerMapping& lm) {
    LayerTally& tl = tally(lm.target, lm.source);
    HouseholdPlacer placer(*this);
    std::optional<std::vector<Column>> cols;  // made from the source's header when the first row comes
    std::vector<io::Feature> batch;
    std::int64_t kept = 0;
    auto flush = [&]() -> Result<void> {
        if (batch.empty()) return {};
        if (writer) {
            if (auto a = writer->append({L::kHouseholds, std::move(batch)}); !a) return a.error();
        }
        batch.clear();
        return {};
    };
    auto table = read_source(m_, lm, m_.crs, [&](const SourceTable& t, SourceRow&& r) -> Result<void> {
        if (!cols) {
            auto p = prepare_columns(lm, t);
            if (!p) return p.error();
            cols = std::move(*p);
        }
        ++tl.read;
        io::Feature f;
        std::vector<std::string> why;
        if (auto m = map_row(lm, *cols, t, r, f, why); !m) return m.error();
        if (why.empty()) placer.place(f, why);
        if (!why.empty()) {
            reject(report, tl, lm, r.row, why);
            return {};
        }
        f.fid = ++kept;
        batch.push_back(std::move(f));
        if (batch.size() >= 50000) {
            progress(lm.target, tl.read, 0);
            return flush();
        }
        return {};
    });
    if (!table) return table.error();
    if (!cols)  // an empty register: its mapping is still checked
        if (auto c = check_mapping(lm, *table); !c) return c.error();
    if (auto f = flush(); !f) return f.error();
    tl.notes.insert(tl.notes.begin(), table->notes.begin(), table->notes.end());
    tl.imported = kept;
    placer.notes(tl);
    progress(lm.target, tl.read, tl.read);
    return {};
}

void Importer::write_metadata() {
    Layer& md = layers_[L::kMetadata];
    std::string sources;
    for (const auto& l : m_.layers) sources += (sources.empty() ? "" : "; ") + l.target + " <- " + l.source;
    const std::pair<const char*, std::string> meta[] = {
        {"name", m_.name},
        {"name_en", m_.name_en},
        {"subdistrict", m_.subdistrict},
        {"crs", m_.crs},
        {"source", "由 nbhd district import 于 " + today() +
                       " 从本社区文件导入 / imported from the community's own files: " + sources},
        {"imported", today()},
        {"manifest", to_toml(m_)},
    };
    for (const auto& [k, v] : meta) {
        io::Feature& f = md.add();
        md.set(f, "key", std::string(k));
        md.set(f, "value", v);
    }
}

Result<void> Importer::check_sources_meet() const {
    const auto b0 = extents_.find(L::kBuildings);
    if (b0 == extents_.end() || b0->second.empty()) return {};
    const BBox& buildings = b0->second;
    constexpr double kSlack = 2000;  // a community's layers overlap; 2 km apart is another place
    for (const auto& [target, b] : extents_) {
        if (target == L::kBuildings || b.empty()) continue;
        const double dx = std::max({0.0, b.minx - buildings.maxx, buildings.minx - b.maxx});
        const double dy = std::max({0.0, b.miny - buildings.maxy, buildings.miny - b.maxy});
        const double gap = std::hypot(dx, dy);
        if (gap > kSlack)
            return make_error(
                ErrorCode::WrongCrs,
                "[" + target + "] " + m_.find(target)->source + " lies " + fmt_fixed(gap / 1000, 1) +
                    " km from [buildings] " + m_.find(L::kBuildings)->source +
                    ": one of them is not in the CRS its crs says (a survey drawing takes the CRS "
                    "given to scan with --crs: the Gauss-Kruger zone of its central meridian)");
    }
    return {};
}

Result<void> Importer::write_layers(std::initializer_list<const char*> keep) {
    for (const auto& sc : district::layer_schemas()) {
        if (std::find_if(keep.begin(), keep.end(),
                         [&](const char* k) { return std::string(k) == sc.name; }) != keep.end())
            continue;
        Layer& l = layers_[sc.name];
        if (l.features.empty()) continue;
        if (writer) {
            progress("write " + std::string(sc.name), 0, 0);
            if (auto a = writer->append({sc.name, std::move(l.features)}); !a) return a.error();
        }
        std::vector<io::Feature>().swap(l.features);
    }
    return {};
}

Result<void> Importer::run() {
    // Buildings and streets first: the rest is placed against them. The gas network is read once the
    // rest is written, so a city's buildings and its pipes are never held at once; the household
    // register comes last, streamed.
    auto gas = [](const std::string& t) {
        return t == L::kGasPipes || t == L::kGasValves || t == L::kGasStations;
    };
    std::vector<const LayerMapping*> first, later;
    for (const char* t : {L::kBuildings, L::kStreets})
        if (const auto* lm = m_.find(t)) first.push_back(lm);
    for (const auto& lm : m_.layers) {
        if (lm.target == L::kBuildings || lm.target == L::kStreets || lm.target == L::kHouseholds) continue;
        (gas(lm.target) ? later : first).push_back(&lm);
    }
    auto read = [&](const std::vector<const LayerMapping*>& mappings) -> Result<void> {
        for (const LayerMapping* lm : mappings) {
            progress(lm->target, 0, 0);
            LayerTally& tl = tally(lm->target, lm->source);
            if (auto r = read_and_map(*lm, tl); !r) return r.error();
            BBox& box = extents_[lm->target];
            for (const auto& f : layers_[lm->target].features) box.expand(f.geometry.bbox());
            progress(lm->target, tl.read, tl.read);
        }
        return check_sources_meet();
    };
    if (auto r = read(first); !r) return r.error();
    if (layers_[L::kBuildings].features.empty())
        return make_error(
            ErrorCode::CheckFailed,
            m_.path + ": [buildings] " + m_.find(L::kBuildings)->source +
                ": no buildings found (check layer, where and close_lines: a CAD drawing's outlines "
                "are closed polylines on layer JMD)");
    progress("derive buildings", 0, 0);
    if (auto b = derive_buildings(); !b) return b.error();
    progress("link points", 0, 0);
    link_points();  // compound membership first: the derived forecourts and lanes take their surface from it
    derive_layers();
    derive_boundary_layer();
    write_metadata();
    // What is final goes to the file now; the doors wait for the gas network, which may move them, and the
    // compounds for the pipes inside them.
    if (auto w = write_layers({L::kEntrances, L::kCompound}); !w) return w.error();
    if (auto r = read(later); !r) return r.error();
    link_points();  // the pipes' compound membership
    derive_gas();
    if (!m_.find(L::kEntrances)) {  // derived doors, where the gas network left them
        Layer& el = layers_[L::kEntrances];
        for (const auto& e : entrances_) {
            io::Feature& f = el.add(Geometry::from(e.location));
            el.set(f, "building_fid", e.building_fid);
            el.set(f, "building_number", std::int64_t(e.building_number));
            el.set(f, "entrance", std::int64_t(e.number));
            el.set(f, "side", std::string(1, e.side));
        }
    }
    if (auto w = write_layers(); !w) return w.error();
    if (const LayerMapping* hl = m_.find(L::kHouseholds))
        if (auto h = stream_households(*hl); !h) return h.error();
    return {};
}

}  // namespace

Result<ImportReport> import_district(const Manifest& manifest, const std::string& out,
                                     const ImportOptions& options, ImportReport* last_report) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!options.dry_run && !options.overwrite && fs::exists(out, ec))
        return make_error(ErrorCode::BadInput, out + ": the file exists; give --force to replace it");
    // Written into a temporary file as the sources are read; renamed into place only on success, else
    // removed with the writer.
    std::optional<generate::GpkgWriter> writer;
    if (!options.dry_run) {
        auto w = generate::GpkgWriter::create(out, options.overwrite, manifest.crs);
        if (!w) return w.error();
        writer.emplace(std::move(*w));
    }
    Importer im(manifest, options);
    im.writer = writer ? &*writer : nullptr;
    auto r = im.run();
    im.report.out = out;
    if (last_report) *last_report = im.report;
    if (!r) return r.error();
    // A dry run fails where the import would: a script can use it as the check.
    if (!im.report.rejected.empty() && !options.skip_bad)
        return make_error(
            ErrorCode::CheckFailed,
            std::to_string(im.report.rejected.size()) + " rows or features were rejected (listed above); " +
                (options.dry_run ? "the import would write nothing. " : "nothing was written. ") +
                "Fix them in the sources or the manifest, or give --skip-bad to import the rest");
    if (options.dry_run) return im.report;
    if (options.progress) options.progress("commit", 0, 0);
    if (auto c = writer->commit(); !c) return c.error();
    im.report.written = true;
    if (last_report) *last_report = im.report;
    return im.report;
}

}  // namespace gis::ingest
