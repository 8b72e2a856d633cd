#pragma once
/// @file
/// Vector data access through GDAL/OGR. Any OGR source opens: a GeoPackage file (the default), GeoJSON,
/// Shapefile, KML, or a PostGIS connection string ("PG:dbname=..."). Nothing here exposes GDAL types.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "gis/core/geometry.hpp"
#include "gis/core/result.hpp"

namespace gis::io {

enum class FieldType { Integer, Real, String, Date, Other };
struct FieldDef {
    std::string name;
    FieldType type = FieldType::String;
};

using FieldValue = std::variant<std::monostate, std::int64_t, double, std::string>;

std::string to_display(const FieldValue& v);

struct Feature {
    std::int64_t fid = -1;
    Geometry geometry;
    std::vector<FieldValue> values;  ///< parallel to LayerInfo::fields
};

struct LayerInfo {
    std::string name;
    std::string geometry_type;  ///< "Polygon", "LineString", "Point", "None" (attribute table), ...
    std::string crs;            ///< "EPSG:4546" when it has an authority code, else WKT; empty when none
    std::string crs_name;
    bool projected = false;
    bool geographic = false;
    std::int64_t feature_count = 0;
    BBox extent;
    std::vector<FieldDef> fields;

    int field_index(const std::string& field) const;  ///< -1 when absent
};

struct Layer {
    LayerInfo info;
    std::vector<Feature> features;
};

struct ReadOptions {
    /// Reproject geometries to this CRS ("EPSG:4546"); empty keeps the layer's CRS.
    std::string target_crs;
    /// The CRS a layer that declares none is taken to be in ("EPSG:4326" for coordinates that look like
    /// longitude/latitude), so that it is reprojected to `target_crs` like any other; empty: such a layer
    /// is read as it is.
    std::string assumed_crs;
    /// Only features whose geometry intersects this box (in the layer's own CRS).
    std::optional<BBox> bbox;
};

enum class OpenMode { ReadOnly, Update };

/// An open OGR data source. Move-only; closes on destruction.
class Dataset {
  public:
    /// Opens `path` (file path or connection string). Errors: NotFound (no such file), NotGis (no vector
    /// driver recognises it), ReadOnly (Update asked on a read-only or locked file).
    static Result<Dataset> open(const std::string& path, OpenMode mode = OpenMode::ReadOnly);

    Dataset(Dataset&&) noexcept;
    Dataset& operator=(Dataset&&) noexcept;
    ~Dataset();

    const std::string& path() const;
    std::string driver() const;
    std::vector<LayerInfo> layers() const;
    bool has_layer(const std::string& name) const;
    /// Error MissingLayer names the data set and lists the layers it has.
    Result<LayerInfo> layer_info(const std::string& name) const;
    /// The layer's name, geometry type, CRS and fields, without its feature count and extent (which a
    /// server computes by reading the whole table). Errors as layer_info.
    Result<LayerInfo> layer_schema(const std::string& name) const;
    Result<Layer> read_layer(const std::string& name, const ReadOptions& options = {}) const;

    /// Internal handle for the io module's own readers/writers (GDALDataset*).
    void* handle() const;

  private:
    struct Impl;
    explicit Dataset(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// Registers GDAL's drivers and sets the project's GDAL options once (quiet error handler, SQLite busy
/// timeout of 2 s). Safe to call from any thread, any number of times.
void init_gdal();

/// Verifies that `path` can be written to (exists, writable, not locked by another writer). Used before
/// any edit so that a failed edit changes nothing.
Result<void> check_writable(const std::string& path);

}  // namespace gis::io
