#include "gis/district/overview.hpp"

#include <ogr_geometry.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>

#include "gis/core/i18n.hpp"
#include "gis/district/schema.hpp"
#include "gis/geom/ops.hpp"
#include "gis/io/ogr_geometry.hpp"
#include "gis/io/sqlite_db.hpp"

namespace gis::district {
namespace {

using io::sqlite::Db;
using io::sqlite::has_table;
using io::sqlite::quoted;
using io::sqlite::Stmt;

constexpr const char* kTable = "nbhd_overview";
constexpr const char* kState = "nbhd_overview_state";
constexpr int kMaxBands = 8;

std::string trigger_name(const std::string& layer, const char* what) {
    return "nbhd_overview_stale_" + layer + "_" + what;
}

/// Every trigger that keeps the state row honest exists (replacing a layer drops its triggers).
bool triggers_present(const Db& db, const std::vector<std::string>& layers) {
    for (const auto& l : layers)
        for (const char* w : {"insert", "delete", "update"}) {
            Stmt s(db, "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?");
            s.bind(1, trigger_name(l, w));
            if (!s.ok() || !s.step()) return false;
        }
    return true;
}

nlohmann::json look_json(const io::Feature& f, const std::vector<int>& fields) {
    auto a = nlohmann::json::array();
    for (int i : fields) {
        const io::FieldValue& v = i < 0 ? io::FieldValue{} : f.values[static_cast<std::size_t>(i)];
        if (auto* n = std::get_if<std::int64_t>(&v))
            a.push_back(*n);
        else if (auto* d = std::get_if<double>(&v))
            a.push_back(*d);
        else if (auto* s = std::get_if<std::string>(&v))
            a.push_back(*s);
        else
            a.push_back(nullptr);
    }
    return a;
}

bool first_vertex(const Geometry& g, Point& p) {
    if (!g.polygons.empty() && !g.polygons.front().outer.empty())
        return p = g.polygons.front().outer.front(), true;
    if (!g.lines.empty() && !g.lines.front().empty()) return p = g.lines.front().front(), true;
    if (!g.points.empty()) return p = g.points.front(), true;
    return false;
}

/// One band's generalisation of one group's parts (see the header).
Geometry generalise(Geometry parts, bool polygons, double pixel) {
    if (polygons) {
        if (parts.polygons.empty()) return {};
        parts.type = Geometry::Type::MultiPolygon;
        geom::BufferStyle mitre;
        mitre.join = geom::JoinStyle::Mitre;
        mitre.quadrant_segments = 1;
        Geometry merged = geom::buffer(geom::buffer(parts, pixel, mitre), -pixel, mitre);
        Geometry simple = geom::simplify(merged, pixel / 2);
        Geometry out;
        out.type = Geometry::Type::MultiPolygon;
        for (auto& p : simple.polygons)
            if (geom::area(Geometry::from(p)) >= pixel * pixel) out.polygons.push_back(std::move(p));
        return out;
    }
    if (parts.lines.empty()) return {};
    parts.type = Geometry::Type::MultiLineString;
    Geometry simple = geom::simplify(geom::merge_lines(parts), pixel / 2);
    Geometry out;
    out.type = Geometry::Type::MultiLineString;
    for (auto& l : simple.lines)
        if (l.size() >= 2) out.lines.push_back(std::move(l));
    return out;
}

std::vector<unsigned char> wkb_of(const Geometry& g) {
    auto o = io::detail::to_ogr(g);
    std::vector<unsigned char> out(o ? o->WkbSize() : 0);
    if (o) o->exportToWkb(wkbNDR, out.data(), wkbVariantIso);
    return out;
}

struct Row {
    int band;
    std::string layer;
    std::int64_t cell;
    std::string look;
    std::int64_t features;
    std::vector<unsigned char> wkb;
    std::vector<unsigned char> tris;
};

/// Triangles as stored: vertex count, vertices (x, y doubles), index count, indices (uint32), native order.
std::vector<unsigned char> tris_blob(const Geometry& g) {
    std::vector<unsigned char> out;
    if (g.polygons.empty()) return out;
    const geom::Triangles t = geom::triangulate(g);
    auto put = [&](const void* p, std::size_t n) {
        const auto* b = static_cast<const unsigned char*>(p);
        out.insert(out.end(), b, b + n);
    };
    const auto nv = static_cast<std::uint32_t>(t.vertices.size());
    const auto ni = static_cast<std::uint32_t>(t.indices.size());
    put(&nv, 4);
    for (const auto& v : t.vertices) {
        put(&v.x, 8);
        put(&v.y, 8);
    }
    put(&ni, 4);
    put(t.indices.data(), ni * 4u);
    return out;
}

geom::Triangles tris_of(const unsigned char* b, std::size_t size) {
    geom::Triangles t;
    std::uint32_t nv = 0, ni = 0;
    if (size < 8) return t;
    std::memcpy(&nv, b, 4);
    if (size < 8 + nv * 16u) return t;
    t.vertices.resize(nv);
    for (std::uint32_t i = 0; i < nv; ++i) {
        std::memcpy(&t.vertices[i].x, b + 4 + i * 16u, 8);
        std::memcpy(&t.vertices[i].y, b + 12 + i * 16u, 8);
    }
    std::memcpy(&ni, b + 4 + nv * 16u, 4);
    if (size < 8 + nv * 16u + ni * 4u) return {};
    t.indices.resize(ni);
    std::memcpy(t.indices.data(), b + 8 + nv * 16u, ni * 4u);
    for (auto i : t.indices)
        if (i >= nv) return {};
    return t;
}

}  // namespace

bool OverviewStatus::streams(const std::string& layer) const {
    return std::find(layers.begin(), layers.end(), layer) != layers.end();
}

double OverviewStatus::band_pixel(int band) const { return threshold_mpp * std::pow(2.0, band); }

int OverviewStatus::band_for(double mpp) const {
    if (bands <= 0 || threshold_mpp <= 0 || mpp <= threshold_mpp) return 0;
    const int b = static_cast<int>(std::floor(std::log2(mpp / threshold_mpp)));
    return std::clamp(b, 0, bands - 1);
}

std::string OverviewStatus::advice() const {
    if (!present || current) return "";
    return gis::i18n::format(
        _("the map overview no longer matches the data (features were added, changed or "
          "deleted since it was built); maps of it read the data whole until it is rebuilt: "
          "{0}"),
        io::sqlite::rebuild_command(path));
}

Result<OverviewStatus> overview_status(const std::string& path) {
    auto db = Db::open(path, false);
    if (!db) return db.error();
    OverviewStatus st;
    st.path = path;
    auto probe = db->probe();
    if (!probe) return probe.error();
    if (!*probe || !has_table(*db, "gpkg_contents")) return st;
    st.geopackage = true;
    if (!has_table(*db, kState) || !has_table(*db, kTable)) return st;
    Stmt s(*db, std::string("SELECT threshold_mpp, bands, layers, built_at, current FROM ") + kState);
    if (!s.ok() || !s.step()) return st;
    st.present = true;
    st.threshold_mpp = s.real(0);
    st.bands = static_cast<int>(s.num(1));
    try {
        for (const auto& l : nlohmann::json::parse(s.text(2))) st.layers.push_back(l.get<std::string>());
    } catch (const std::exception&) {
        return make_error(
            ErrorCode::Io,
            gis::i18n::format(_("{0}: the map overview's state row is damaged; rebuild it: nbhd "
                                "index build {0}"),
                              path));
    }
    st.built_at = s.text(3);
    st.current = s.num(4) == 1 && triggers_present(*db, st.layers);
    Stmt n(*db, std::string("SELECT count(*) FROM ") + kTable);
    if (n.ok() && n.step()) st.rows = n.num(0);
    return st;
}

Result<OverviewReport> build_overview(const std::string& path, const OverviewOptions& options) {
    const auto t0 = std::chrono::steady_clock::now();
    OverviewReport report;
    std::vector<Row> rows;
    {
        auto ds = io::Dataset::open(path);
        if (!ds) return ds.error();
        if (ds->driver() != "GPKG")
            return make_error(
                ErrorCode::NotGis,
                gis::i18n::format(_("{0}: a map overview is stored only in a GeoPackage"), path));
        std::vector<io::LayerInfo> infos;
        std::int64_t total = 0;
        BBox extent;
        std::string crs;
        for (auto& info : ds->layers()) {
            if (info.geometry_type == "None" || info.name == layers::kHouseholds) continue;
            total += std::max<std::int64_t>(0, info.feature_count);
            extent.expand(info.extent);
            if (crs.empty()) crs = info.crs;
            infos.push_back(std::move(info));
        }
        std::vector<const io::LayerInfo*> streamed;
        for (const auto& i : infos)
            if (i.feature_count > options.min_features && i.crs == crs) streamed.push_back(&i);
        if (!streamed.empty() && !extent.empty() && total > 0) {
            const double area = std::max(1.0, extent.width() * extent.height());
            // A power of two, as the viewer's tile levels are: a scale limit of a style (gas pipes up to 8 m
            // a pixel) then falls on the same level whether a layer is streamed or read whole.
            const double raw = std::sqrt(kViewFeatures * area / (static_cast<double>(total) * kViewPixels));
            report.threshold_mpp = std::max(0.25, std::pow(2.0, std::floor(std::log2(raw))));
            const double span = std::max(extent.width(), extent.height());
            report.bands = 1;
            while (report.bands < kMaxBands &&
                   report.threshold_mpp * std::pow(2.0, report.bands - 1) * 2 * 1920 < span)
                ++report.bands;
        }
        for (const auto* info : streamed) {
            report.layers.push_back(info->name);
            report.features += info->feature_count;
            const bool polygons = info->geometry_type.find("Polygon") != std::string::npos;
            const bool lines = info->geometry_type.find("Line") != std::string::npos;
            if (!polygons && !lines) continue;  // point symbols: drawn from the stream threshold down
            auto layer = ds->read_layer(info->name);
            if (!layer) return layer.error();
            std::vector<int> look;
            for (const auto& f : look_fields(info->name)) look.push_back(info->field_index(f));
            std::vector<std::string> keys(layer->features.size());
            for (std::size_t i = 0; i < keys.size(); ++i)
                keys[i] = look_json(layer->features[i], look).dump();
            for (int b = 0; b < report.bands; ++b) {
                const double pixel = report.threshold_mpp * std::pow(2.0, b);
                const double cell = pixel * kOverviewCellPixels;
                const auto cols = static_cast<std::int64_t>(std::ceil(extent.width() / cell)) + 1;
                std::map<std::pair<std::int64_t, std::string>, std::pair<Geometry, std::int64_t>> groups;
                for (std::size_t i = 0; i < keys.size(); ++i) {
                    const Geometry& g = layer->features[i].geometry;
                    Point p;
                    if (!first_vertex(g, p)) continue;
                    const auto c = static_cast<std::int64_t>(std::floor((p.y - extent.miny) / cell)) * cols +
                                   static_cast<std::int64_t>(std::floor((p.x - extent.minx) / cell));
                    auto& [parts, n] = groups[{c, keys[i]}];
                    parts.polygons.insert(parts.polygons.end(), g.polygons.begin(), g.polygons.end());
                    parts.lines.insert(parts.lines.end(), g.lines.begin(), g.lines.end());
                    ++n;
                }
                for (auto& [key, group] : groups) {
                    Geometry g = generalise(std::move(group.first), polygons, pixel);
                    if (g.empty()) continue;
                    rows.push_back(
                        {b, info->name, key.first, key.second, group.second, wkb_of(g), tris_blob(g)});
                }
            }
        }
    }

    auto db = Db::open(path, true);
    if (!db) return db.error();
    if (auto r = db->exec("BEGIN IMMEDIATE"); !r) return r.error();
    auto fail = [&](Error e) -> Result<OverviewReport> {
        (void)db->exec("ROLLBACK");
        return e;
    };
    {
        Stmt old(
            *db,
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'nbhd_overview_stale_%'");
        std::vector<std::string> names;
        while (old.ok() && old.step()) names.push_back(old.text(0));
        for (const auto& n : names)
            if (auto r = db->exec("DROP TRIGGER IF EXISTS " + quoted(n)); !r) return fail(r.error());
    }
    for (const char* t : {kTable, kState})
        if (auto r = db->exec(std::string("DROP TABLE IF EXISTS ") + t); !r) return fail(r.error());
    if (!report.layers.empty()) {
        const std::string create =
            std::string("CREATE TABLE ") + kTable +
            " (id INTEGER PRIMARY KEY, band INTEGER NOT NULL, layer TEXT NOT NULL, cell INTEGER NOT NULL, "
            "look TEXT NOT NULL, features INTEGER NOT NULL, geom BLOB NOT NULL, triangles BLOB); CREATE "
            "INDEX "
            "nbhd_overview_band ON " +
            kTable + " (layer, band); CREATE TABLE " + kState +
            " (threshold_mpp REAL NOT NULL, bands INTEGER NOT NULL, layers TEXT NOT NULL, built_at TEXT NOT "
            "NULL, "
            "current INTEGER NOT NULL)";
        if (auto r = db->exec(create); !r) return fail(r.error());
        Stmt ins(*db,
                 std::string("INSERT INTO ") + kTable +
                     " (band, layer, cell, look, features, geom, triangles) VALUES (?, ?, ?, ?, ?, ?, ?)");
        if (!ins.ok()) return fail(db->failure(sqlite3_errcode(db->get()), ins.error()));
        for (const auto& r : rows) {
            ins.bind(1, static_cast<std::int64_t>(r.band));
            ins.bind(2, r.layer);
            ins.bind(3, r.cell);
            ins.bind(4, r.look);
            ins.bind(5, r.features);
            ins.bind_blob(6, r.wkb.data(), r.wkb.size());
            if (r.tris.empty())
                sqlite3_bind_null(ins.get(), 7);
            else
                ins.bind_blob(7, r.tris.data(), r.tris.size());
            if (const int rc = ins.run(); rc != SQLITE_DONE)
                return fail(db->failure(rc, sqlite3_errmsg(db->get())));
        }
        Stmt st(*db, std::string("INSERT INTO ") + kState + " VALUES (?, ?, ?, ?, 1)");
        st.bind(1, report.threshold_mpp);
        st.bind(2, static_cast<std::int64_t>(report.bands));
        st.bind(3, nlohmann::json(report.layers).dump());
        st.bind(4, io::sqlite::now_utc());
        if (const int rc = st.run(); rc != SQLITE_DONE)
            return fail(db->failure(rc, sqlite3_errmsg(db->get())));
        for (const auto& l : report.layers)
            for (const char* w : {"insert", "delete", "update"}) {
                const std::string sql = "CREATE TRIGGER " + quoted(trigger_name(l, w)) + " AFTER " +
                                        (std::string(w) == "insert"   ? "INSERT"
                                         : std::string(w) == "delete" ? "DELETE"
                                                                      : "UPDATE") +
                                        " ON " + quoted(l) + " BEGIN UPDATE " + kState +
                                        " SET current = 0; END";
                if (auto r = db->exec(sql); !r) return fail(r.error());
            }
    }
    if (auto r = db->exec("COMMIT"); !r) return fail(r.error());
    report.rows = static_cast<std::int64_t>(rows.size());
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return report;
}

Result<io::Layer> read_overview(const std::string& path, const std::string& layer, int band,
                                std::vector<geom::Triangles>* triangles) {
    if (triangles) triangles->clear();
    io::Layer out;
    {
        auto ds = io::Dataset::open(path);
        if (!ds) return ds.error();
        auto info = ds->layer_info(layer);
        if (!info) return info.error();
        out.info = *info;
    }
    const std::vector<io::FieldDef> all = std::move(out.info.fields);
    out.info.fields.clear();
    for (const auto& f : look_fields(layer)) {
        const auto it =
            std::find_if(all.begin(), all.end(), [&](const io::FieldDef& d) { return d.name == f; });
        out.info.fields.push_back(it == all.end() ? io::FieldDef{f, io::FieldType::String} : *it);
    }
    auto db = Db::open(path, false);
    if (!db) return db.error();
    if (!has_table(*db, kTable))
        return make_error(ErrorCode::MissingLayer,
                          gis::i18n::format(_("{0}: no map overview; build it: {1}"), path,
                                            io::sqlite::rebuild_command(path)));
    Stmt s(*db, std::string("SELECT id, look, geom, triangles FROM ") + kTable +
                    " WHERE layer = ? AND band = ? ORDER BY id");
    if (!s.ok()) return db->failure(sqlite3_errcode(db->get()), s.error());
    s.bind(1, layer);
    s.bind(2, static_cast<std::int64_t>(band));
    int rc;
    while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
        io::Feature f;
        f.fid = s.num(0);
        nlohmann::json look = nlohmann::json::parse(s.text(1), nullptr, false);
        f.values.resize(out.info.fields.size());
        for (std::size_t i = 0; i < f.values.size() && look.is_array() && i < look.size(); ++i) {
            const auto& v = look[i];
            if (v.is_number_integer())
                f.values[i] = v.get<std::int64_t>();
            else if (v.is_number())
                f.values[i] = v.get<double>();
            else if (v.is_string())
                f.values[i] = v.get<std::string>();
        }
        const auto* blob = static_cast<const unsigned char*>(sqlite3_column_blob(s.get(), 2));
        const int size = sqlite3_column_bytes(s.get(), 2);
        OGRGeometry* g = nullptr;
        if (blob && OGRGeometryFactory::createFromWkb(blob, nullptr, &g, size) == OGRERR_NONE && g) {
            f.geometry = io::detail::from_ogr(g);
            OGRGeometryFactory::destroyGeometry(g);
        }
        if (triangles) {
            const auto* tb = static_cast<const unsigned char*>(sqlite3_column_blob(s.get(), 3));
            triangles->push_back(tb ? tris_of(tb, static_cast<std::size_t>(sqlite3_column_bytes(s.get(), 3)))
                                    : geom::Triangles{});
        }
        out.features.push_back(std::move(f));
    }
    if (rc != SQLITE_DONE) return db->failure(rc, sqlite3_errmsg(db->get()));
    return out;
}

}  // namespace gis::district
