#include "gis/generate/writer.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <optional>

#include "gis/core/i18n.hpp"
#include "gis/core/staging.hpp"
#include "gis/district/overview.hpp"
#include "gis/district/schema.hpp"
#include "gis/io/dataset.hpp"
#include "gis/io/layer_styles.hpp"
#include "gis/io/ogr_geometry.hpp"
#include "gis/occupancy/stored_index.hpp"

namespace fs = std::filesystem;

namespace gis::generate {

struct GpkgWriter::Impl {
    std::string out, tmp;
    std::optional<StagedFile> staged;  ///< tmp: the file being written, in the private staging folder
    std::unique_ptr<GDALDataset> ds;
    OGRSpatialReference srs;
    std::map<std::string, OGRLayer*> layers;
    bool committed = false;

    ~Impl() {
        ds.reset();  // closed before the staged file is discarded
        staged.reset();
    }

    Result<OGRLayer*> layer(const std::string& name) {
        if (auto it = layers.find(name); it != layers.end()) return it->second;
        const auto* schema = district::find_schema(name);
        if (!schema) return make_error(ErrorCode::Internal, gis::i18n::format(_("no schema for layer {0}"), name));
        const std::string gt = schema->geometry;
        OGRwkbGeometryType type = gt == "Polygon"      ? wkbPolygon
                                  : gt == "LineString" ? wkbLineString
                                  : gt == "Point"      ? wkbPoint
                                  : gt == "Geometry"   ? wkbUnknown
                                                       : wkbNone;
        const char* opts[] = {"FID=fid", "GEOMETRY_NAME=geom", "SPATIAL_INDEX=YES", nullptr};
        OGRLayer* l =
            ds->CreateLayer(name.c_str(), type == wkbNone ? nullptr : &srs, type, const_cast<char**>(opts));
        if (!l)
            return make_error(ErrorCode::Io,
                              gis::i18n::format(_("{0}: cannot create layer {1}: {2}"), tmp, name,
                                                CPLGetLastErrorMsg()));
        for (const auto& f : schema->fields) {
            OGRFieldType t = f.type == io::FieldType::Integer ? OFTInteger64
                             : f.type == io::FieldType::Real  ? OFTReal
                                                              : OFTString;
            OGRFieldDefn defn(f.name.c_str(), t);
            if (l->CreateField(&defn) != OGRERR_NONE)
                return make_error(ErrorCode::Io,
                                  gis::i18n::format(_("{0}: cannot create field {1}.{2}"), tmp, name, f.name));
        }
        layers[name] = l;
        return l;
    }
};

GpkgWriter::GpkgWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
GpkgWriter::GpkgWriter(GpkgWriter&&) noexcept = default;
GpkgWriter& GpkgWriter::operator=(GpkgWriter&&) noexcept = default;
GpkgWriter::~GpkgWriter() = default;

Result<GpkgWriter> GpkgWriter::create(const std::string& out, bool overwrite, const std::string& crs) {
    io::init_gdal();
    std::error_code ec;
    if (out.empty()) return make_error(ErrorCode::BadInput, _("no output file given"));
    if (fs::exists(out, ec) && !overwrite)
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("{0}: the file exists; pass --force to replace it"), out));
    auto parent = fs::path(out).parent_path();
    if (parent.empty()) parent = ".";
    if (!fs::is_directory(parent, ec))
        return make_error(ErrorCode::NotFound, gis::i18n::format(_("{0}: no such folder"), parent.string()));
    if (::access(parent.c_str(), W_OK) != 0)
        return make_error(ErrorCode::ReadOnly, gis::i18n::format(_("{0}: the folder is not writable"), parent.string()));
    auto staged = StagedFile::create(out, ".gpkg");  // a district holds personal data: mode 0600
    if (!staged) return staged.error();
    auto impl = std::make_unique<Impl>();
    impl->out = out;
    impl->tmp = staged->path();
    impl->staged.emplace(std::move(staged.value()));
    auto* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!driver) return make_error(ErrorCode::Internal, _("GDAL has no GPKG driver"));
    // The temporary file is renamed into place only when complete, so it needs no journal or syncs while
    // it is written; a bigger page cache speeds up large cities.
    CPLSetThreadLocalConfigOption("OGR_SQLITE_PRAGMA", "synchronous=OFF,journal_mode=OFF");
    CPLSetThreadLocalConfigOption("OGR_SQLITE_CACHE", "512");
    impl->ds.reset(driver->Create(impl->tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    CPLSetThreadLocalConfigOption("OGR_SQLITE_PRAGMA", nullptr);
    CPLSetThreadLocalConfigOption("OGR_SQLITE_CACHE", nullptr);
    if (!impl->ds) return make_error(ErrorCode::Io,
                                        gis::i18n::format(_("{0}: cannot create: {1}"), impl->tmp, CPLGetLastErrorMsg()));
    impl->staged->restrict_access();
    if (impl->srs.SetFromUserInput(crs.c_str()) != OGRERR_NONE)
        return make_error(ErrorCode::WrongCrs, gis::i18n::format(_("{0}: not a CRS GDAL knows (use EPSG:N)"), crs));
    impl->srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (impl->ds->StartTransaction(TRUE) != OGRERR_NONE)
        return make_error(ErrorCode::Io, gis::i18n::format(_("{0}: cannot start a transaction"), impl->tmp));
    return GpkgWriter(std::move(impl));
}

Result<void> GpkgWriter::append(const GeneratedLayer& layer) {
    auto l = impl_->layer(layer.name);
    if (!l) return l.error();
    OGRLayer* ogr = l.value();
    const auto* schema = district::find_schema(layer.name);
    for (const auto& f : layer.features) {
        OGRFeature feat(ogr->GetLayerDefn());
        feat.SetFID(f.fid);
        for (std::size_t i = 0; i < f.values.size(); ++i) {
            const auto& v = f.values[i];
            int idx = static_cast<int>(i);
            if (const auto* iv = std::get_if<std::int64_t>(&v))
                feat.SetField(idx, static_cast<GIntBig>(*iv));
            else if (const auto* dv = std::get_if<double>(&v))
                feat.SetField(idx, *dv);
            else if (const auto* sv = std::get_if<std::string>(&v))
                feat.SetField(idx, sv->c_str());
            else
                feat.SetFieldNull(idx);
        }
        if (std::string(schema->geometry) != "None") {
            // One geometry type a layer: a one-part multi-geometry (a shapefile's or OSM's) is stored as
            // its part, so readers that trust gpkg_geometry_columns (QGIS) see what the layer declares.
            auto g = io::detail::to_ogr(conform_to(f.geometry, schema->geometry));
            if (g) feat.SetGeometryDirectly(g.release());
        }
        if (ogr->CreateFeature(&feat) != OGRERR_NONE)
            return make_error(ErrorCode::Io, gis::i18n::format(_("{0}: cannot write {1} feature {2}: {3}"), impl_->tmp,
                                                               layer.name, f.fid, CPLGetLastErrorMsg()));
    }
    return {};
}

Result<void> GpkgWriter::commit() {
    for (const auto& s : district::layer_schemas()) {
        auto l = impl_->layer(s.name);
        if (!l) return l.error();
    }
    if (impl_->ds->CommitTransaction() != OGRERR_NONE)
        return make_error(ErrorCode::Io,
                          gis::i18n::format(_("{0}: commit failed: {1}"), impl_->tmp, CPLGetLastErrorMsg()));
    impl_->ds.reset();  // closes and flushes
    // The query indexes go in before the file takes its name: a district is never seen without them.
    if (auto ix = occupancy::build_stored_index(impl_->tmp); !ix) return ix.error();
    if (auto ov = district::build_overview(impl_->tmp); !ov) return ov.error();
    // The map's cartography, for QGIS and other tools (when the program has a style table).
    if (const auto& styles = io::district_styles())
        if (auto st = io::write_layer_styles(impl_->tmp, styles()); !st) return st.error();
    if (auto r = impl_->staged->commit(); !r) return r;
    impl_->committed = true;
    return {};
}

}  // namespace gis::generate
