#include "gis/io/dataset.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <mutex>

#include "gis/core/i18n.hpp"
#include "gis/core/input_file.hpp"
#include "gis/core/strings.hpp"
#include "gis/io/integrity.hpp"
#include "gis/io/ogr_geometry.hpp"
#include "gis/io/ogr_read.hpp"
#include "gis/io/pg.hpp"

namespace fs = std::filesystem;

namespace gis::io {

namespace {
/// Quiet, as GDAL's own quiet handler is (errors come back as values), but a message that says the
/// database is damaged is remembered, so that no command reports a figure read past it.
void CPL_STDCALL error_handler(CPLErr level, CPLErrorNum, const char* message) {
    if ((level == CE_Failure || level == CE_Fatal) && message && is_damage_message(message))
        note_damage({}, message);
}
}  // namespace

void init_gdal() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        CPLSetConfigOption("OGR_GPKG_FOREIGN_KEY_CHECK", "NO");
        // A server's masked households view has no primary key for GDAL to find: its feature ids are the
        // register's `fid` column (as in every table nbhd writes), not row numbers.
        if (!CPLGetConfigOption("PGSQL_OGR_FID", nullptr)) CPLSetConfigOption("PGSQL_OGR_FID", "fid");
        // Wait up to 2 s for another program's write to finish, then report the file as locked.
        if (!CPLGetConfigOption("OGR_SQLITE_PRAGMA", nullptr))
            CPLSetConfigOption("OGR_SQLITE_PRAGMA", "busy_timeout=2000");
        CPLSetErrorHandler(error_handler);
    });
}

namespace {

bool is_connection_string(const std::string& path) {
    return path.rfind("PG:", 0) == 0 || path.rfind("/vsi", 0) == 0 || path.find("://") != std::string::npos;
}

FieldType to_field_type(OGRFieldType t) {
    switch (t) {
        case OFTInteger:
        case OFTInteger64:
            return FieldType::Integer;
        case OFTReal:
            return FieldType::Real;
        case OFTString:
            return FieldType::String;
        case OFTDate:
        case OFTDateTime:
            return FieldType::Date;
        default:
            return FieldType::Other;
    }
}

void fill_crs(LayerInfo& info, const OGRSpatialReference* srs) {
    if (!srs) return;
    info.projected = srs->IsProjected();
    info.geographic = srs->IsGeographic();
    info.crs_name = srs->GetName() ? srs->GetName() : "";
    const char* auth = srs->GetAuthorityName(nullptr);
    const char* code = srs->GetAuthorityCode(nullptr);
    if (auth && code) {
        info.crs = std::string(auth) + ":" + code;
    } else {
        char* wkt = nullptr;
        const char* opts[] = {"FORMAT=WKT2_2019", nullptr};
        if (srs->exportToWkt(&wkt, opts) == OGRERR_NONE && wkt) info.crs = wkt;
        CPLFree(wkt);
    }
}

LayerInfo describe_layer(OGRLayer* layer, bool counted = true) {
    LayerInfo info;
    info.name = layer->GetName();
    const auto gt = layer->GetGeomType();
    info.geometry_type = gt == wkbNone ? "None" : OGRGeometryTypeToName(wkbFlatten(gt));
    fill_crs(info, layer->GetSpatialRef());
    OGREnvelope env;
    if (counted) {
        info.feature_count = layer->GetFeatureCount(TRUE);
        if (gt != wkbNone && layer->GetExtent(&env, TRUE) == OGRERR_NONE)
            info.extent = BBox{env.MinX, env.MinY, env.MaxX, env.MaxY};
    }
    auto* defn = layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        auto* fd = defn->GetFieldDefn(i);
        info.fields.push_back({fd->GetNameRef(), to_field_type(fd->GetType())});
    }
    return info;
}

}  // namespace

std::string to_display(const FieldValue& v) {
    if (std::holds_alternative<std::monostate>(v)) return "";
    if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    if (const auto* d = std::get_if<double>(&v)) {
        std::string s = fmt_fixed(*d, 3);
        while (!s.empty() && s.back() == '0') s.pop_back();
        if (!s.empty() && s.back() == '.') s.pop_back();
        return s;
    }
    return std::get<std::string>(v);
}

int LayerInfo::field_index(const std::string& field) const {
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (fields[i].name == field) return static_cast<int>(i);
    return -1;
}

struct Dataset::Impl {
    std::string path;
    std::unique_ptr<GDALDataset> ds;
};

Dataset::Dataset(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Dataset::Dataset(Dataset&&) noexcept = default;
Dataset& Dataset::operator=(Dataset&&) noexcept = default;
Dataset::~Dataset() = default;

namespace {
bool ends_with_ci(const std::string& s, const std::string& suffix) {
    if (s.size() < suffix.size()) return false;
    for (std::size_t i = 0; i < suffix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i])
            return false;
    return true;
}
}  // namespace

namespace {

/// GDAL's connection string for a PG: data set, after libpq has reached the server and found the district.
Result<std::string> open_server(const std::string& given) {
    auto target = pg::parse(given);
    if (!target) return target.error();
    auto conn = pg::Connection::open(target.value());
    if (!conn) return conn.error();
    if (target->schema.empty()) {
        auto picked = pg::pick_district(conn.value());
        if (!picked) return picked.error();
        target->schema = picked.value();
    } else {
        auto found = conn->exec("SELECT 1 FROM pg_namespace WHERE nspname = $1", {target->schema});
        if (!found) return found.error();
        if (found->size() == 0)
            return make_error(ErrorCode::NotFound,
                              gis::i18n::format(_("{0}: the server has no district '{1}' (nbhd district list "
                                                  "--data PG:... names those it has)"),
                                                pg::redact_secrets(given), target->schema));
    }
    if (!target->schema.empty()) {
        auto usage = conn->scalar("SELECT has_schema_privilege($1, 'USAGE')", {target->schema});
        if (!usage) return usage.error();
        if (usage.value() != "t")
            return make_error(ErrorCode::ReadOnly,
                              gis::i18n::format(_("{0}: permission denied: this login may not read district "
                                                  "'{1}' (ask the server's administrator for nbhd_presenter, "
                                                  "nbhd_planner or the district's nbhd_staff_{1})"),
                                                pg::redact_secrets(given), target->schema));
    }
    return pg::gdal_path(target.value());
}

/// A PG: data set that libpq reached but GDAL could not open.
Error server_error(const std::string& given, const std::string& why, OpenMode mode) {
    const std::string shown = pg::redact_secrets(given);
    if (why.find("permission denied") != std::string::npos)
        return make_error(ErrorCode::ReadOnly, gis::i18n::format(_("{0}: permission denied ({1})"), shown, why));
    if (mode == OpenMode::Update && why.find("read-only") != std::string::npos)
        return make_error(ErrorCode::ReadOnly, gis::i18n::format(_("{0}: the server is read-only ({1})"), shown, why));
    return make_error(ErrorCode::Io, why.empty() ? gis::i18n::format(_("{0}: cannot open the database"), shown)
                                                 : gis::i18n::format(_("{0}: cannot open the database: {1}"), shown,
                                                                     why));
}

}  // namespace

Result<Dataset> Dataset::open(const std::string& given_path, OpenMode mode) {
    init_gdal();
    if (given_path.empty()) return make_error(ErrorCode::BadInput, _("no data set given (empty path)"));
    std::error_code ec;
    // A zipped shapefile (or any zipped vector files) opens in place, read-only, through GDAL's /vsizip/.
    const bool zipped = !is_connection_string(given_path) &&
                        (ends_with_ci(given_path, ".zip") || ends_with_ci(given_path, ".shz"));
    if (zipped && mode == OpenMode::Update)
        return make_error(ErrorCode::ReadOnly,
                          gis::i18n::format(_("{0}: a zipped data set is read-only; unzip it to edit"), given_path));
    if (zipped && !fs::is_regular_file(given_path, ec))
        return make_error(ErrorCode::NotFound, gis::i18n::format(_("{0}: no such file"), given_path));
    std::string path = zipped ? "/vsizip/" + given_path : given_path;
    if (pg::is_pg(given_path)) {
        // A server is reached (and its failure told apart: no server, no login, no district) by libpq
        // before GDAL opens it with the district's schema.
        auto server = open_server(given_path);
        if (!server) return server.error();
        path = server.value();
    }
    if (!is_connection_string(path)) {
        if (!fs::exists(path, ec))
            return make_error(ErrorCode::NotFound, gis::i18n::format(_("{0}: no such file"), path));
        // A device (/dev/zero), a named pipe or a socket may never end: refused before anything reads it.
        // A folder is fine: GDAL reads a folder of shapefiles as one data set.
        if (!fs::is_directory(path, ec))
            if (auto file = input::check_file(path); !file) return file.error();
        if (fs::is_regular_file(path, ec) && ::access(path.c_str(), R_OK) != 0)
            return make_error(ErrorCode::ReadOnly,
                              gis::i18n::format(_("{0}: permission denied (cannot read the file)"), path));
        if (mode == OpenMode::Update && ::access(path.c_str(), W_OK) != 0)
            return make_error(ErrorCode::ReadOnly,
                              gis::i18n::format(_("{0}: the file is read-only; copy it or change its "
                                                  "permissions before editing"),
                                                path));
        // A GeoPackage is checked by SQLite before anything is read from it (when that is cheap).
        if (fs::is_regular_file(path, ec))
            if (auto sound = check_sqlite_integrity(path, open_check_depth(fs::file_size(path, ec))); !sound)
                return sound.error();
    }
    unsigned flags = GDAL_OF_VECTOR | (mode == OpenMode::Update ? GDAL_OF_UPDATE : GDAL_OF_READONLY);
    CPLErrorReset();
    GDALDataset* raw = GDALDataset::Open(path.c_str(), flags, nullptr, nullptr, nullptr);
    if (!raw && mode == OpenMode::ReadOnly && has_hot_journal(path)) {
        // An edit was interrupted (a crash or kill during a save) and left its rollback journal. SQLite
        // rolls it back on the first access with write permission; a read-only connection cannot.
        struct stat st {};
        if (::access(path.c_str(), W_OK) != 0 || ::stat(path.c_str(), &st) != 0 || (st.st_mode & 0222) == 0)
            return make_error(ErrorCode::ReadOnly,
                              gis::i18n::format(_("{0}: an interrupted edit left {0}-journal; open the file "
                                                  "once with write permission to roll the unfinished edit back"),
                                                path));
        CPLErrorReset();
        if (GDALDataset* recover =
                GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr)) {
            recover->GetLayerCount();
            GDALClose(recover);
        }
        CPLErrorReset();
        raw = GDALDataset::Open(path.c_str(), flags, nullptr, nullptr, nullptr);
    }
    if (!raw) {
        std::string why = CPLGetLastErrorMsg();
        if (mode == OpenMode::Update &&
            (why.find("locked") != std::string::npos || why.find("read-only") != std::string::npos))
            return make_error(ErrorCode::ReadOnly, gis::i18n::format(_("{0}: cannot open for writing: {1}"), path, why));
        // Another program holds an exclusive lock (it is writing): not a broken file, a busy one.
        if (why.find("database is locked") != std::string::npos)
            return make_error(ErrorCode::ReadOnly,
                              gis::i18n::format(_("{0}: locked by another program that is writing to it; try "
                                                  "again when it has finished ({1})"),
                                                path, why));
        if (is_damage_message(why)) return damaged_file(path, why);
        if (is_sqlite_file(path))  // opens as SQLite but not as vector data: damaged, or another kind
            if (auto sound = check_sqlite_integrity(path, IntegrityDepth::Quick); !sound)
                return sound.error();
        if (!is_sqlite_file(path) && looks_like_sqlite_header(path))
            return damaged_file(path, _("the first bytes of its SQLite header are overwritten"));
        if (pg::is_pg(given_path)) return server_error(given_path, why, mode);
        if (is_connection_string(path) && !zipped)
            return make_error(ErrorCode::NotGis,
                              why.empty() ? gis::i18n::format(_("{0}: cannot connect or open"), path)
                                          : gis::i18n::format(_("{0}: cannot connect or open: {1}"), path, why));
        return make_error(ErrorCode::NotGis,
                          why.empty() ? gis::i18n::format(_("{0}: not a vector GIS file that GDAL can read "
                                                            "(GeoPackage, GeoJSON, Shapefile, KML, ...)"),
                                                          path)
                                      : gis::i18n::format(_("{0}: not a vector GIS file that GDAL can read "
                                                            "(GeoPackage, GeoJSON, Shapefile, KML, ...) — {1}"),
                                                          path, why));
    }
    auto impl = std::make_unique<Impl>();
    impl->path = given_path;
    impl->ds.reset(raw);
    if (impl->ds->GetLayerCount() == 0)
        return make_error(ErrorCode::NotGis,
                          pg::is_pg(given_path)
                              ? gis::i18n::format(_("{0}: the database has no vector layers (put a district "
                                                    "on it with nbhd district push)"),
                                                  pg::redact_secrets(given_path))
                              : gis::i18n::format(_("{0}: the file has no vector layers"), path));
    return Dataset(std::move(impl));
}

const std::string& Dataset::path() const { return impl_->path; }
std::string Dataset::driver() const {
    auto* d = impl_->ds->GetDriver();
    return d ? d->GetDescription() : "";
}
void* Dataset::handle() const { return impl_->ds.get(); }

std::vector<LayerInfo> Dataset::layers() const {
    std::vector<LayerInfo> out;
    for (int i = 0; i < impl_->ds->GetLayerCount(); ++i)
        out.push_back(describe_layer(impl_->ds->GetLayer(i)));
    return out;
}

bool Dataset::has_layer(const std::string& name) const {
    return impl_->ds->GetLayerByName(name.c_str()) != nullptr;
}

Result<LayerInfo> Dataset::layer_info(const std::string& name) const {
    auto* layer = impl_->ds->GetLayerByName(name.c_str());
    if (!layer) {
        std::string have;
        for (int i = 0; i < impl_->ds->GetLayerCount(); ++i)
            have += (i ? ", " : "") + std::string(impl_->ds->GetLayer(i)->GetName());
        return make_error(ErrorCode::MissingLayer,
                          gis::i18n::format(_("{0}: layer '{1}' is missing (the file has: {2})"), impl_->path,
                                            name, have));
    }
    return describe_layer(layer);
}

Result<LayerInfo> Dataset::layer_schema(const std::string& name) const {
    auto* layer = impl_->ds->GetLayerByName(name.c_str());
    if (!layer) return layer_info(name).error();
    return describe_layer(layer, false);
}

Result<Layer> Dataset::read_layer(const std::string& name, const ReadOptions& options) const {
    auto info = layer_info(name);
    if (!info) return info.error();
    auto* layer = impl_->ds->GetLayerByName(name.c_str());
    Layer out;
    out.info = std::move(info.value());

    std::unique_ptr<OGRCoordinateTransformation> ct;
    OGRSpatialReference assumed;
    const bool assuming = !layer->GetSpatialRef() && !options.assumed_crs.empty();
    if (assuming && assumed.SetFromUserInput(options.assumed_crs.c_str()) != OGRERR_NONE)
        return make_error(ErrorCode::WrongCrs, gis::i18n::format(_("unknown CRS '{0}'"), options.assumed_crs));
    const OGRSpatialReference* declared = assuming ? &assumed : layer->GetSpatialRef();
    if (!options.target_crs.empty() && declared) {
        OGRSpatialReference dst;
        if (dst.SetFromUserInput(options.target_crs.c_str()) != OGRERR_NONE)
            return make_error(ErrorCode::WrongCrs,
                                  gis::i18n::format(_("unknown target CRS '{0}'"), options.target_crs));
        dst.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        OGRSpatialReference src(*declared);
        src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        if (!src.IsSame(&dst)) {
            ct.reset(OGRCreateCoordinateTransformation(&src, &dst));
            if (!ct)
                return make_error(ErrorCode::WrongCrs,
                                  gis::i18n::format(_("{0}: layer '{1}': cannot transform from {2} to {3}"),
                                                    impl_->path, name, out.info.crs_name, options.target_crs));
        }
    }
    if (options.bbox)
        layer->SetSpatialFilterRect(options.bbox->minx, options.bbox->miny, options.bbox->maxx,
                                    options.bbox->maxy);
    else
        layer->SetSpatialFilter(nullptr);
    layer->ResetReading();
    const int nfields = static_cast<int>(out.info.fields.size());
    out.features.reserve(static_cast<std::size_t>(std::max<std::int64_t>(0, out.info.feature_count)));
    BBox transformed_extent;
    detail::ReadCheck check(impl_->ds.get(), layer, impl_->path, !options.bbox);
    check.begin();
    while (auto* raw = layer->GetNextFeature()) {
        std::unique_ptr<OGRFeature> f(raw);
        Feature feat;
        feat.fid = f->GetFID();
        if (auto* g = f->GetGeometryRef()) {
            if (ct) {
                if (g->transform(ct.get()) != OGRERR_NONE)
                    return make_error(
                        ErrorCode::WrongCrs,
                        assuming
                            ? gis::i18n::format(_("{0}: layer '{1}' feature {2}: its coordinates, taken as {3} "
                                                  "(the file has no CRS), cannot be transformed to {4}; give the "
                                                  "file its CRS (e.g. ogr2ogr -a_srs EPSG:N)"),
                                                impl_->path, name, feat.fid, options.assumed_crs, options.target_crs)
                            : gis::i18n::format(_("{0}: layer '{1}' feature {2}: coordinates cannot be transformed "
                                                  "from {3} to {4}: check the CRS the file declares (a latitude "
                                                  "beyond 90 or a longitude beyond 180 is no longitude/latitude), "
                                                  "or reproject it (ogr2ogr -t_srs EPSG:N)"),
                                                impl_->path, name, feat.fid, out.info.crs_name, options.target_crs));
            }
            feat.geometry = detail::from_ogr(g);
            if (ct) transformed_extent.expand(feat.geometry.bbox());
        }
        feat.values.resize(nfields);
        for (int i = 0; i < nfields; ++i) {
            if (!f->IsFieldSetAndNotNull(i)) continue;
            switch (out.info.fields[i].type) {
                case FieldType::Integer:
                    feat.values[i] = static_cast<std::int64_t>(f->GetFieldAsInteger64(i));
                    break;
                case FieldType::Real:
                    feat.values[i] = f->GetFieldAsDouble(i);
                    break;
                default:
                    feat.values[i] = std::string(f->GetFieldAsString(i));
                    break;
            }
        }
        out.features.push_back(std::move(feat));
    }
    layer->SetSpatialFilter(nullptr);
    if (auto verdict = check.finish(static_cast<std::int64_t>(out.features.size())); !verdict)
        return verdict.error();
    if (ct) {
        out.info.extent = transformed_extent;
        out.info.crs = options.target_crs;
    }
    return out;
}

Result<void> check_writable(const std::string& path) {
    std::error_code ec;
    if (is_connection_string(path)) return {};
    if (!fs::exists(path, ec)) return make_error(ErrorCode::NotFound, gis::i18n::format(_("{0}: no such file"), path));
    // A file marked read-only (no write bit for anyone) is refused even for root, who could write it anyway.
    auto perms = fs::status(path, ec).permissions();
    bool marked_read_only =
        (perms & (fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write)) ==
        fs::perms::none;
    if (marked_read_only || ::access(path.c_str(), W_OK) != 0)
        return make_error(ErrorCode::ReadOnly,
                          gis::i18n::format(_("{0}: the file is read-only; nothing was changed (make it "
                                              "writable, e.g. chmod u+w, or work on a copy)"),
                                            path));
    auto parent = fs::path(path).parent_path();
    if (parent.empty()) parent = ".";
    if (::access(parent.c_str(), W_OK) != 0)
        return make_error(ErrorCode::ReadOnly,
                          gis::i18n::format(_("{0}: its folder is read-only (the database journal cannot be "
                                              "written); nothing was changed"),
                                            path));
    return {};
}

}  // namespace gis::io
