#pragma once
/// @file
/// Internal to gis/ingest: the work of one district import, kept together so each step reads as one
/// function. import.cpp reads and maps the sources, import_derive.cpp derives what they are silent
/// about, import_households.cpp places the register's rows; nothing outside the module includes this.

#include <chrono>
#include <cmath>
#include <ctime>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gis/core/strings.hpp"
#include "gis/district/model.hpp"
#include "gis/district/schema.hpp"
#include "gis/generate/writer.hpp"
#include "gis/geom/ops.hpp"
#include "gis/ingest/import.hpp"
#include "gis/ingest/rules.hpp"
#include "gis/ingest/source.hpp"

namespace gis::ingest::detail {

using district::LayerSchema;
namespace L = district::layers;

inline std::string tr(const ImportOptions& o, const std::string& zh, const std::string& en) {
    return o.lang == "en" ? en : zh;
}

inline int field_at(const LayerSchema& s, const std::string& name) {
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

inline const char* default_rule(io::FieldType t) {
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
inline Result<io::FieldValue> coerce(io::FieldValue v, io::FieldType t, const std::string& what) {
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

inline bool geometry_fits(const LayerSchema& s, Geometry& g) {
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

inline std::string geometry_word(const LayerSchema& s, const ImportOptions& o) {
    const std::string want = s.geometry;
    if (want == "Polygon") return tr(o, "面（闭合轮廓）", "an area (a closed outline)");
    if (want == "LineString") return tr(o, "线", "a line");
    return tr(o, "点", "a point");
}

/// A value from the CASS notes joined inside one outline ("3栋 混6").
inline Result<io::FieldValue> note_value(const std::string& rule, const std::string& text,
                                         const ImportOptions& o) {
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

inline std::string today() {
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
    /// Maps one row and keeps it as a feature of its layer, or lists it as rejected.
    Result<void> add_row(const LayerMapping& lm, const std::vector<Column>& cols, const SourceTable& t,
                         const SourceRow& r, LayerTally& tl);
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

/// Lists a rejected row with its reasons.
void reject(ImportReport& report, LayerTally& tl, const LayerMapping& lm, int row,
            const std::vector<std::string>& why);

}  // namespace gis::ingest::detail
