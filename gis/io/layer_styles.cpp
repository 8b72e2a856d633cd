#include "gis/io/layer_styles.hpp"

#include "gis/core/i18n.hpp"
#include "gis/io/sqlite_db.hpp"

namespace gis::io {
namespace {

DistrictStyles& provider() {
    static DistrictStyles p;
    return p;
}

// The table as QGIS creates it in a GeoPackage.
const char* kCreate = R"SQL(
CREATE TABLE IF NOT EXISTS layer_styles (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    f_table_catalog TEXT(256), f_table_schema TEXT(256), f_table_name TEXT(256),
    f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT, styleSLD TEXT,
    useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30),
    update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change)
    SELECT 'layer_styles', 'attributes', 'layer_styles', 'Map styles (QGIS QML, OGC SLD)',
           strftime('%Y-%m-%dT%H:%M:%fZ','now')
    WHERE NOT EXISTS (SELECT 1 FROM gpkg_contents WHERE table_name = 'layer_styles');
)SQL";

}  // namespace

void set_district_styles(DistrictStyles p) { provider() = std::move(p); }
const DistrictStyles& district_styles() { return provider(); }

Result<void> write_layer_styles(const std::string& gpkg, const std::vector<StoredStyle>& styles) {
    auto db = sqlite::Db::open(gpkg, true);
    if (!db) return db.error();
    if (auto r = db->exec("BEGIN IMMEDIATE"); !r) return r;
    auto fail = [&](const Error& e) {
        (void)db->exec("ROLLBACK");
        return e;
    };
    if (auto r = db->exec(kCreate); !r) return fail(r.error());
    sqlite::Stmt del(*db, "DELETE FROM layer_styles WHERE f_table_name = ?1 AND styleName = ?2");
    sqlite::Stmt undefault(*db, "UPDATE layer_styles SET useAsDefault = 0 WHERE f_table_name = ?1");
    sqlite::Stmt ins(
        *db,
        "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, "
        "f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, owner, ui) "
        "VALUES ('', '', ?1, ?2, ?3, ?4, ?5, ?6, ?7, 'nbhd', NULL)");
    if (!del.ok() || !undefault.ok() || !ins.ok())
        return fail(make_error(ErrorCode::Io, gis::i18n::format(_("{0}: cannot write the map styles: {1}"), gpkg,
                                                                del.error() + undefault.error() + ins.error())));
    for (const auto& s : styles) {
        del.bind(1, s.table);
        del.bind(2, s.name);
        del.run();
        if (s.use_as_default) {
            undefault.bind(1, s.table);
            undefault.run();
        }
        ins.bind(1, s.table);
        ins.bind(2, s.geometry_column);
        ins.bind(3, s.name);
        ins.bind(4, s.qml);
        ins.bind(5, s.sld);
        ins.bind(6, std::int64_t{s.use_as_default ? 1 : 0});
        ins.bind(7, s.description);
        if (ins.run() != SQLITE_DONE)
            return fail(make_error(ErrorCode::Io,
                                   gis::i18n::format(_("{0}: cannot write the map style of {1}"), gpkg, s.table)));
    }
    if (auto r = db->exec("COMMIT"); !r) return fail(r.error());
    return {};
}

Result<std::vector<StoredStyle>> read_layer_styles(const std::string& gpkg) {
    auto db = sqlite::Db::open(gpkg, false);
    if (!db) return db.error();
    std::vector<StoredStyle> out;
    sqlite::Stmt has(*db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'layer_styles'");
    if (!has.ok() || !has.step()) return out;
    sqlite::Stmt q(*db,
                   "SELECT f_table_name, f_geometry_column, styleName, styleQML, styleSLD, description, "
                   "useAsDefault FROM layer_styles ORDER BY id");
    if (!q.ok()) return make_error(ErrorCode::Io,
                                        gis::i18n::format(_("{0}: cannot read the map styles: {1}"), gpkg, q.error()));
    while (q.step()) {
        StoredStyle s;
        s.table = q.text(0);
        s.geometry_column = q.text(1);
        s.name = q.text(2);
        s.qml = q.text(3);
        s.sld = q.text(4);
        s.description = q.text(5);
        s.use_as_default = q.num(6) != 0;
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace gis::io
