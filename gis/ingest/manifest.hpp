#pragma once
/// @file
/// The district manifest: how a community's own files become a district data set. One TOML file, one
/// table per district layer (`[buildings]`, `[gas_pipes]`, `[households]`, ...), each naming its source
/// file, layer, CRS and encoding, and a `fields` table that maps every district field to a source field
/// (optionally through a parse rule or a table of coded values), a constant, or a derivation.
/// `nbhd district scan` writes one with comments; a person edits it; `nbhd district import` runs it; the
/// imported data set keeps it (metadata key `manifest`), so next year's files go in the same way.
///
/// ```toml
/// [district]
/// name = "幸福里社区"
/// crs = "EPSG:4546"
///
/// [buildings]
/// source = "规划局/建筑物.shp"
/// layer = "建筑物"
/// crs = "EPSG:4546"
/// encoding = "CP936"
/// [buildings.fields]
/// number = "楼号"                                    # a source field, read as the district field's type
/// floors = { field = "Text", rule = "floors_from_note" }
/// kind = { field = "类型", values = { "住宅" = "residential", "商业" = "shop_row" } }
/// flats_per_floor = { value = 2 }                   # a constant
/// entrances = { derive = "slab_length" }            # a derivation (see derivations())
/// ```

#include <map>
#include <string>
#include <vector>

#include "gis/core/result.hpp"
#include "gis/io/dataset.hpp"

namespace gis::ingest {

/// How one district field gets its value.
struct FieldMapping {
    enum class Kind { Field, Constant, Derive };
    Kind kind = Kind::Field;
    std::string field;  ///< Field: the source field ("@text": texts joined to a DXF outline)
    std::string rule;   ///< Field: a parse rule (rules.hpp); empty reads the text as the target type
    std::map<std::string, std::string> values;  ///< Field: coded values, source text -> district value
    io::FieldValue constant;                    ///< Constant
    std::string derive;                         ///< Derive: a derivation's name
    std::string comment;                        ///< why (scan's reasoning); written as a TOML comment
};

/// One district layer and where it comes from.
struct LayerMapping {
    std::string target;    ///< district layer ("buildings")
    std::string source;    ///< file, relative to the manifest's folder, or a connection string
    std::string layer;     ///< layer in the source (a shapefile's name, a sheet, a DXF's "entities")
    std::string crs;       ///< CRS of the coordinates ("EPSG:4546", "EPSG:4326"); empty: the file's own
    std::string datum;     ///< lon/lat points from phone map apps: "gcj02" or "bd09"; empty: WGS84/CGCS2000
    std::string encoding;  ///< "UTF-8", "CP936" (GBK); empty: the file's own
    std::string where;     ///< attribute filter in OGR SQL, e.g. "Layer = 'JMD'" for a CASS drawing
    std::string x_field, y_field;  ///< tables of points: the columns holding x/lon and y/lat
    std::string
        text_where;  ///< DXF: filter for the texts joined to outlines as field "@text" ("Layer = 'JMD'")
    bool close_lines = false;  ///< closed line strings become polygons (CAD outlines)
    int header_row = 0;        ///< tables: the row of headers (1-based; a title row above makes it 2)
    std::map<std::string, FieldMapping> fields;  ///< district field -> mapping
    std::vector<std::string> comments;           ///< written above the table
    /// [buildings.overrides]: per building number (楼号), district fields set by hand where a source or a
    /// derivation is wrong for that building ("12" = { entrances = 3, entrance_side = "S" }).
    std::map<std::string, std::map<std::string, io::FieldValue>> overrides;
};

struct Manifest {
    std::string path;  ///< the file it was read from; sources are relative to its folder
    std::string name, name_en, subdistrict;
    std::string crs;                                ///< the district's metric CRS
    std::map<std::string, io::FieldValue> options;  ///< [derive] settings, e.g. forecourt_depth_m = 6
    std::vector<LayerMapping> layers;
    std::vector<std::string> undecided;  ///< scan's open questions, written at the top

    const LayerMapping* find(const std::string& target) const;
    /// A source path resolved against the manifest's folder.
    std::string resolve(const std::string& source) const;
};

/// Reads and checks a manifest: known layers and fields, one mapping form per field, a metric district
/// CRS. Errors: NotFound, BadInput (with the TOML line, the table and the key; a device, pipe or folder,
/// refused before anything is read; a file over 16 MiB).
Result<Manifest> read_manifest(const std::string& path);
/// Parses manifest text; `path` is for messages and relative sources.
Result<Manifest> parse_manifest(const std::string& text, const std::string& path);
/// The manifest as TOML text with its comments (what scan writes, what a person edits).
std::string to_toml(const Manifest& m);
/// Writes to_toml(m) to `path` through a temporary file renamed into place (a manifest is never left half
/// written). BadInput when `path` exists and !overwrite; Io when it cannot be written.
Result<void> write_manifest(const Manifest& m, const std::string& path, bool overwrite);

/// The district's CRS must be projected in metres. The error names the usual choice: the CGCS2000
/// 3-degree Gauss-Kruger zone of the community's longitude (EPSG:4534 + (longitude − 75) / 3).
Result<void> require_district_crs(const std::string& crs, const std::string& what);

/// Derivations a field may name, with what they compute.
struct DerivationInfo {
    const char* layer;
    const char* field;
    const char* name;
    const char* description;
};
const std::vector<DerivationInfo>& derivations();

}  // namespace gis::ingest
