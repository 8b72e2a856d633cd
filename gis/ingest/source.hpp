#pragma once
/// @file
/// Reads one source of a manifest (any OGR source: shapefile, DXF, GeoJSON, KML, GPX, OSM, CSV, XLSX,
/// GeoPackage, PostGIS) into rows of text values with geometries in the district's CRS: the encoding
/// applied, a title row above a table's headers skipped, points built from coordinate columns (GCJ-02
/// and BD-09 taken back to WGS84), CAD outlines closed into polygons and the texts inside them joined.

#include <functional>
#include <string>
#include <vector>

#include "gis/core/geometry.hpp"
#include "gis/core/input_file.hpp"
#include "gis/core/result.hpp"
#include "gis/ingest/manifest.hpp"

namespace gis::ingest {

struct SourceRow {
    int row = 0;  ///< the record's number as its file shows it (a spreadsheet row; a feature id)
    Geometry geometry;
    std::vector<std::string> values;  ///< parallel to SourceTable::fields, UTF-8
    /// Set when the row could not be read (a cell over 64 KiB, a row over 1 MiB, a quote never closed,
    /// coordinates that are no numbers): the import rejects it with this reason; its values are empty.
    input::RowProblem problem;
};

struct SourceTable {
    std::string path;                 ///< the file (resolved)
    std::vector<std::string> fields;  ///< "@text" last when texts were joined
    std::vector<SourceRow> rows;
    std::int64_t skipped = 0;        ///< features left out (an unclosed CAD outline, an empty geometry)
    std::vector<std::string> notes;  ///< what was done: "GBK decoded", "GCJ-02 -> WGS84", "title row skipped"

    int field_index(const std::string& name) const;  ///< -1 when absent
};

/// Receives a source's rows one at a time (a city's household register is not held in memory).
using RowSink = std::function<Result<void>(const SourceTable& table, SourceRow&& row)>;

/// Reads `mapping`'s source and reprojects its geometries to `district_crs`. With a `sink`, each row goes
/// to it as it is read and `rows` stays empty (not for CAD sources whose texts are joined afterwards).
/// Every record read becomes a row (a table's empty rows aside), one that cannot be read with its
/// `problem`: nothing is dropped without a word. A CSV table is read by gis::input (64 KiB a cell, 1 MiB a
/// row, quotes closed within 100 lines), not GDAL, whose reader stops at a line over its limit.
/// Errors: NotFound (no file), BadInput (a device, pipe or folder, refused before anything is read; a
/// spreadsheet over 256 MiB or 1 GiB unpacked; coordinate columns missing), NotGis (unreadable),
/// MissingLayer (no such layer: the message lists the layers), WrongCrs (no CRS in the file and none in
/// the manifest; coordinates in degrees under a metric CRS or the reverse).
Result<SourceTable> read_source(const Manifest& manifest, const LayerMapping& mapping,
                                const std::string& district_crs, const RowSink& sink = {});

/// Opens a source for a look (scan): the layers with their geometry type, CRS, fields and a few values.
struct SourceLayerInfo {
    std::string name;
    std::string driver;
    std::string geometry;  ///< "Polygon", "LineString", "Point", "None", "Mixed"
    std::string crs;       ///< authority code or WKT; empty when the file has none
    bool geographic = false;
    std::int64_t features = 0;
    std::vector<std::string> fields;
    std::vector<std::vector<std::string>> samples;  ///< per field, up to 5 distinct non-empty values
    std::string encoding;                           ///< "CP936" when a shapefile was detected as GBK
    int header_row = 0;                             ///< tables: the row the headers were found on
    std::vector<std::string> dxf_layers;            ///< DXF: the drawing's layers ("JMD", "DLSS", ...)
    BBox extent;
};
Result<std::vector<SourceLayerInfo>> inspect_source(const std::string& path);

/// The GIS files inside a zip archive (as the gas company sends its shapefiles), named as if the
/// archive were a folder: "gas.zip/pipes.shp". Such a name is read in place (GDAL's /vsizip/), by
/// inspect_source and read_source alike; nothing is unpacked. Empty for a file that is no zip.
std::vector<std::string> archive_members(const std::string& zip_path);

}  // namespace gis::ingest
