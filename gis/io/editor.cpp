#include "gis/io/editor.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "gis/core/i18n.hpp"
#include "gis/io/ogr_geometry.hpp"
#include "gis/io/pg.hpp"
#include "gis/io/write_wait.hpp"

namespace gis::io {
namespace {

bool looks_locked(const std::string& msg) {
    return msg.find("locked") != std::string::npos || msg.find("busy") != std::string::npos ||
           msg.find("readonly") != std::string::npos || msg.find("read-only") != std::string::npos;
}
bool denied(const std::string& msg) { return msg.find("permission denied") != std::string::npos; }

Error write_error(const std::string& given, const std::string& what) {
    const std::string path = pg::redact_secrets(given);
    std::string msg = CPLGetLastErrorMsg();
    if (denied(msg)) {
        // GDAL's message carries the whole statement; the server's line says what was refused.
        std::string line = msg.substr(msg.find("permission denied"));
        line = line.substr(0, line.find('\n'));
        return make_error(ErrorCode::ReadOnly,
                          gis::i18n::format(_("{0}: {1}: {2} (this login may not change it; ask the server's "
                                              "administrator for nbhd_planner); nothing was changed"),
                                            path, what, line));
    }
    if (msg.find("read-only transaction") != std::string::npos)
        return make_error(
            ErrorCode::ReadOnly,
            gis::i18n::format(_("{0}: {1}: the server is read-only for this session; nothing was changed"), path,
                              what));
    if (looks_locked(msg))
        return make_error(ErrorCode::ReadOnly,
                          gis::i18n::format(_("{0}: {1}: the file is locked by another program or read-only "
                                              "({2}); nothing was changed"),
                                            path, what, msg));
    return make_error(ErrorCode::Io,
                      msg.empty() ? gis::i18n::format(_("{0}: {1}; nothing was changed"), path, what)
                                  : gis::i18n::format(_("{0}: {1}: {2}; nothing was changed"), path, what, msg));
}

OGRFieldType ogr_type(FieldType t) {
    switch (t) {
        case FieldType::Integer:
            return OFTInteger64;
        case FieldType::Real:
            return OFTReal;
        default:
            return OFTString;
    }
}

}  // namespace

struct Editor::Impl {
    Dataset dataset;
    std::string path;
    bool in_transaction = false;
    GDALDataset* ds() const { return static_cast<GDALDataset*>(dataset.handle()); }

    Result<void> set_values(OGRLayer* layer, OGRFeature& f, const Values& values) {
        auto* defn = layer->GetLayerDefn();
        for (const auto& [name, v] : values) {
            int i = defn->GetFieldIndex(name.c_str());
            if (i < 0)
                return make_error(ErrorCode::BadInput,
                                  gis::i18n::format(_("{0}: layer '{1}' has no field '{2}'"), path,
                                                    layer->GetName(), name));
            if (const auto* iv = std::get_if<std::int64_t>(&v))
                f.SetField(i, static_cast<GIntBig>(*iv));
            else if (const auto* dv = std::get_if<double>(&v))
                f.SetField(i, *dv);
            else if (const auto* sv = std::get_if<std::string>(&v))
                f.SetField(i, sv->c_str());
            else
                f.SetFieldNull(i);
        }
        return {};
    }
    Result<OGRLayer*> layer(const std::string& name) const {
        OGRLayer* l = ds()->GetLayerByName(name.c_str());
        if (!l) return make_error(ErrorCode::MissingLayer,
                                  gis::i18n::format(_("{0}: layer '{1}' is missing"), path, name));
        return l;
    }
};

Editor::Editor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Editor::Editor(Editor&&) noexcept = default;
Editor& Editor::operator=(Editor&&) noexcept = default;
Editor::~Editor() { rollback(); }

namespace {

/// Runs a statement on GDAL's connection; the error message, empty when it ran.
std::string run_sql(GDALDataset* ds, const char* sql) {
    CPLErrorReset();
    if (OGRLayer* res = ds->ExecuteSQL(sql, nullptr, nullptr)) ds->ReleaseResultSet(res);
    return CPLGetLastErrorType() == CE_None ? std::string() : std::string(CPLGetLastErrorMsg());
}

std::int64_t sql_count(GDALDataset* ds, const char* sql) {
    std::int64_t n = -1;
    if (OGRLayer* res = ds->ExecuteSQL(sql, nullptr, nullptr)) {
        if (OGRFeature* f = res->GetNextFeature()) {
            n = f->GetFieldAsInteger64(0);
            OGRFeature::DestroyFeature(f);
        }
        ds->ReleaseResultSet(res);
    }
    return n;
}

}  // namespace

Result<Editor> Editor::open(const std::string& path) {
    if (auto w = check_writable(path); !w) return w.error();
    const auto started = std::chrono::steady_clock::now();
    const double limit = write_wait_limit_s();
    auto waited = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    };
    auto still_locked = [&] {
        return make_error(ErrorCode::ReadOnly,
                          gis::i18n::format(_("{0}: locked: another program has been writing to it for {1} s; "
                                              "nothing was changed. Try again when it has finished "
                                              "(NBHD_WRITE_WAIT sets how many seconds to wait)"),
                                            path, static_cast<int>(limit)));
    };
    for (int attempt = 0;; ++attempt) {
        if (attempt > 0) {
            if (waited() >= limit) return still_locked();
            if (waited() >= kWaitNoticeAfterS) report_waiting(path);
            std::this_thread::sleep_for(std::chrono::milliseconds(std::min(50 * attempt, 250)));
        }
        auto ds = Dataset::open(path, OpenMode::Update);
        if (!ds) {
            if (ds.error().code == ErrorCode::ReadOnly && looks_locked(ds.error().message)) continue;
            return ds.error();
        }
        auto impl = std::make_unique<Impl>(Impl{std::move(ds.value()), path});
        CPLErrorReset();
        if (impl->ds()->StartTransaction(FALSE) != OGRERR_NONE) {
            if (looks_locked(CPLGetLastErrorMsg())) continue;
            return write_error(path, _("cannot start a transaction"));
        }
        impl->in_transaction = true;
        if (std::string(impl->dataset.driver()) == "PostgreSQL") {
            // One writer per district at a time, as SQLite has one per file: a transaction-scoped advisory
            // lock on the district's schema, taken before anything is read, so that a check that reads (no
            // double counting, the next item id) and the write that follows see the same rows. A second
            // writer waits for it, saying so after 2 s, up to the limit.
            const std::int64_t got =
                sql_count(impl->ds(),
                          "SELECT CASE WHEN pg_try_advisory_xact_lock(hashtext('nbhd write ' || "
                          "current_schema())) THEN 1 ELSE 0 END");
            if (got == 1) return Editor(std::move(impl));
            impl->ds()->RollbackTransaction();
            impl->in_transaction = false;
            if (got == 0) continue;
            return write_error(path, _("cannot take the district's write lock"));
        }
        if (std::string(impl->dataset.driver()) != "GPKG") return Editor(std::move(impl));
        // GDAL begins a deferred transaction: it takes SQLite's write lock only at its first write, and
        // a transaction that has read by then cannot wait for another writer: SQLite fails it at once
        // ("database is locked"). A first statement that writes nothing takes the lock now, waiting as
        // BEGIN IMMEDIATE does (2 s at a time, then the loop says so and tries again up to the limit).
        const int step_ms = static_cast<int>(1000 * std::clamp(limit - waited(), 0.0, kWaitNoticeAfterS));
        run_sql(impl->ds(), ("PRAGMA busy_timeout = " + std::to_string(std::max(step_ms, 1))).c_str());
        const std::string why =
            run_sql(impl->ds(), "UPDATE gpkg_contents SET table_name = table_name WHERE 0");
        if (!why.empty()) {
            impl->ds()->RollbackTransaction();
            impl->in_transaction = false;
            if (looks_locked(why)) continue;
            return write_error(path, _("cannot start a transaction"));
        }
        // GDAL listed the layers when it opened the file, before the lock: another writer may have added
        // one since (both would then create it). Counted again under the lock; a new list if it changed.
        const std::int64_t listed = sql_count(
            impl->ds(), "SELECT COUNT(*) FROM gpkg_contents WHERE data_type IN ('features', 'attributes')");
        if (listed >= 0 && listed != impl->ds()->GetLayerCount() && attempt < 3) {
            impl->ds()->RollbackTransaction();
            impl->in_transaction = false;
            continue;
        }
        // The commit waits for readers to finish (up to the limit) instead of failing after 2 s.
        const std::string timeout = "PRAGMA busy_timeout = " + std::to_string(static_cast<int>(limit * 1000));
        run_sql(impl->ds(), timeout.c_str());
        return Editor(std::move(impl));
    }
}

Result<void> Editor::ensure_layer(const std::string& name, const std::string& geometry,
                                  const std::vector<FieldDef>& fields, const std::string& crs) {
    OGRLayer* l = impl_->ds()->GetLayerByName(name.c_str());
    if (!l) {
        OGRwkbGeometryType type = geometry == "Polygon"      ? wkbPolygon
                                  : geometry == "LineString" ? wkbLineString
                                  : geometry == "Point"      ? wkbPoint
                                  : geometry == "None"       ? wkbNone
                                                             : wkbUnknown;
        OGRSpatialReference srs;
        if (type != wkbNone) {
            if (srs.SetFromUserInput(crs.c_str()) != OGRERR_NONE)
                return make_error(ErrorCode::WrongCrs, gis::i18n::format(_("unknown CRS '{0}'"), crs));
            srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        }
        const char* opts[] = {"FID=fid", "GEOMETRY_NAME=geom", nullptr};
        CPLErrorReset();
        l = impl_->ds()->CreateLayer(name.c_str(), type == wkbNone ? nullptr : &srs, type,
                                     const_cast<char**>(opts));
        if (!l) return write_error(impl_->path, gis::i18n::format(_("cannot create layer '{0}'"), name));
    }
    for (const auto& f : fields) {
        if (l->GetLayerDefn()->GetFieldIndex(f.name.c_str()) >= 0) continue;
        OGRFieldDefn defn(f.name.c_str(), ogr_type(f.type));
        CPLErrorReset();
        if (l->CreateField(&defn) != OGRERR_NONE)
            return write_error(impl_->path, gis::i18n::format(_("cannot add field {0}.{1}"), name, f.name));
    }
    return {};
}

namespace {
/// The geometry as the layer declares its type (gpkg_geometry_columns): see conform_to.
Geometry as_declared(OGRLayer* layer, const Geometry& g) {
    switch (wkbFlatten(layer->GetGeomType())) {
        case wkbPolygon:
            return conform_to(g, "Polygon");
        case wkbLineString:
            return conform_to(g, "LineString");
        case wkbPoint:
            return conform_to(g, "Point");
        default:
            return g;
    }
}
}  // namespace

Result<std::int64_t> Editor::insert(const std::string& layer, const Geometry& geometry,
                                    const Values& values) {
    auto l = impl_->layer(layer);
    if (!l) return l.error();
    OGRFeature f(l.value()->GetLayerDefn());
    if (auto r = impl_->set_values(l.value(), f, values); !r) return r.error();
    if (geometry.type != Geometry::Type::None)
        f.SetGeometryDirectly(detail::to_ogr(as_declared(l.value(), geometry)).release());
    CPLErrorReset();
    if (l.value()->CreateFeature(&f) != OGRERR_NONE)
        return write_error(impl_->path, gis::i18n::format(_("cannot insert into '{0}'"), layer));
    return static_cast<std::int64_t>(f.GetFID());
}

Result<void> Editor::update(const std::string& layer, std::int64_t fid, const Geometry* geometry,
                            const Values& values) {
    auto l = impl_->layer(layer);
    if (!l) return l.error();
    std::unique_ptr<OGRFeature> f(l.value()->GetFeature(fid));
    if (!f)
        return make_error(ErrorCode::NotFound,
                          gis::i18n::format(_("{0}: layer '{1}' has no feature {2}"), impl_->path, layer, fid));
    if (auto r = impl_->set_values(l.value(), *f, values); !r) return r;
    if (geometry) {
        if (geometry->type == Geometry::Type::None)
            f->SetGeometryDirectly(nullptr);
        else
            f->SetGeometryDirectly(detail::to_ogr(as_declared(l.value(), *geometry)).release());
    }
    CPLErrorReset();
    if (l.value()->SetFeature(f.get()) != OGRERR_NONE)
        return write_error(impl_->path, gis::i18n::format(_("cannot update '{0}' feature {1}"), layer, fid));
    return {};
}

Result<void> Editor::remove(const std::string& layer, std::int64_t fid) {
    auto l = impl_->layer(layer);
    if (!l) return l.error();
    CPLErrorReset();
    OGRErr err = l.value()->DeleteFeature(fid);
    if (err == OGRERR_NON_EXISTING_FEATURE)
        return make_error(ErrorCode::NotFound,
                          gis::i18n::format(_("{0}: layer '{1}' has no feature {2}"), impl_->path, layer, fid));
    if (err != OGRERR_NONE)
        return write_error(impl_->path, gis::i18n::format(_("cannot delete '{0}' feature {1}"), layer, fid));
    return {};
}

Result<Layer> Editor::read(const std::string& layer) const { return impl_->dataset.read_layer(layer); }
bool Editor::has_layer(const std::string& layer) const { return impl_->dataset.has_layer(layer); }
const Dataset& Editor::dataset() const { return impl_->dataset; }

Result<void> Editor::commit() {
    if (!impl_ || !impl_->in_transaction) return make_error(ErrorCode::Internal, _("no transaction to commit"));
    CPLErrorReset();
    impl_->in_transaction = false;
    // GDAL keeps a GeoPackage's feature counts (and the triggers that maintain them) in memory and
    // writes them when the file closes; flushing first puts them inside this transaction, so a crash
    // between commit and close cannot leave a count that disagrees with the rows.
    impl_->ds()->FlushCache();
    if (impl_->ds()->CommitTransaction() != OGRERR_NONE) {
        auto e = write_error(impl_->path, _("cannot save"));
        impl_->ds()->RollbackTransaction();
        return e;
    }
    return {};
}

void Editor::rollback() {
    if (impl_ && impl_->in_transaction) {
        impl_->ds()->RollbackTransaction();
        impl_->in_transaction = false;
    }
}

}  // namespace gis::io
