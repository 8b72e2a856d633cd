#include "gis/io/ogr_read.hpp"

#include <gdal_priv.h>

#include "gis/core/i18n.hpp"
#include "gis/io/integrity.hpp"
#include "gis/io/sqlite_db.hpp"

namespace gis::io::detail {

ReadCheck::ReadCheck(GDALDataset* ds, OGRLayer* layer, std::string path, bool whole)
    : ds_(ds), layer_(layer), path_(std::move(path)), whole_(whole) {
    auto* driver = ds_ ? ds_->GetDriver() : nullptr;
    gpkg_ = driver && std::string(driver->GetDescription()) == "GPKG";
}

void ReadCheck::begin() {
    // A GeoPackage keeps each table's count (gpkg_ogr_contents; GDAL reads it when it opens the layer).
    if (whole_ && gpkg_) counted_ = layer_->GetFeatureCount(FALSE);
    CPLErrorReset();
}

Result<void> ReadCheck::finish(std::int64_t rows_read) const {
    const std::string name = layer_->GetName();
    if (CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal) {
        const std::string why = CPLGetLastErrorMsg();
        if (gpkg_ || is_damage_message(why)) return damaged_file(path_, gis::i18n::format(_("layer '{0}': {1}"), name, why));
        return make_error(ErrorCode::Io,
                          gis::i18n::format(_("{0}: layer '{1}': reading stopped after {2} features: {3}"), path_,
                                            name, rows_read, printable_ascii(why)));
    }
    if (!whole_ || !gpkg_ || counted_ < 0 || rows_read == counted_) return {};
    // Fewer or more rows than counted: a damaged table, unless another program's edit came between the
    // count and the read (the read itself is one statement, one consistent state). The stored count and
    // the table, read together now, agree after such an edit; in a damaged file they do not.
    const std::string sql =
        "SELECT (SELECT feature_count FROM gpkg_ogr_contents WHERE lower(table_name) = lower(" +
        sqlite::literal(name) + ")), (SELECT COUNT(*) FROM " + sqlite::quoted(name) + ")";
    std::int64_t stored = -1, rows = -1;
    CPLErrorReset();
    if (OGRLayer* res = ds_->ExecuteSQL(sql.c_str(), nullptr, nullptr)) {
        if (OGRFeature* f = res->GetNextFeature()) {
            stored = f->IsFieldSetAndNotNull(0) ? f->GetFieldAsInteger64(0) : -1;
            rows = f->IsFieldSetAndNotNull(1) ? f->GetFieldAsInteger64(1) : -1;
            OGRFeature::DestroyFeature(f);
        }
        ds_->ReleaseResultSet(res);
    }
    if (rows >= 0 && (stored < 0 || stored == rows)) return {};
    return damaged_file(path_, gis::i18n::format(_("layer '{0}' counts {1} features, {2} could be read"), name,
                                                 counted_, rows_read));
}

}  // namespace gis::io::detail
