#include "gis/ingest/source.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "gis/core/input_file.hpp"
#include "gis/core/strings.hpp"
#include "gis/crs/china_offsets.hpp"
#include "gis/geom/ops.hpp"
#include "gis/index/spatial_index.hpp"
#include "gis/ingest/encoding.hpp"
#include "gis/io/dataset.hpp"
#include "gis/io/integrity.hpp"
#include "gis/io/ogr_geometry.hpp"
#include "gis/core/i18n.hpp"

namespace gis::ingest {
namespace {

namespace fs = std::filesystem;

struct GdalClose {
    void operator()(GDALDataset* d) const { GDALClose(d); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, GdalClose>;
struct CtDelete {
    void operator()(OGRCoordinateTransformation* c) const { OGRCoordinateTransformation::DestroyCT(c); }
};

std::string lower_ext(const std::string& path) {
    std::string e = fs::path(path).extension().string();
    for (char& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return e;
}

std::string trim(std::string_view s) {
    const char* ws = " \t\r\n";
    const auto a = s.find_first_not_of(ws);
    if (a == std::string_view::npos) return "";
    return std::string(s.substr(a, s.find_last_not_of(ws) - a + 1));
}

bool is_table_file(const std::string& ext) {
    return ext == ".csv" || ext == ".xlsx" || ext == ".xls" || ext == ".ods";
}

/// Text as UTF-8: a cell that is not valid UTF-8 is GBK (Excel's and Chinese GIS tools' encoding); a
/// byte-order mark is dropped.
std::string as_utf8(std::string s) {
    if (s.rfind("\xEF\xBB\xBF", 0) == 0) s.erase(0, 3);
    if (!utf8_valid(s)) s = gbk_to_utf8(s);
    return s;
}

/// RAII for the XLSX driver's thread-local options: every cell as text (phone and ID numbers stay
/// digits), headers read by us (a title row may sit above them).
class XlsxAsText {
  public:
    XlsxAsText() {
        CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", "DISABLE");
        CPLSetThreadLocalConfigOption("OGR_XLSX_FIELD_TYPES", "STRING");
        CPLSetThreadLocalConfigOption("OGR_ODS_HEADERS", "DISABLE");
        CPLSetThreadLocalConfigOption("OGR_ODS_FIELD_TYPES", "STRING");
    }
    ~XlsxAsText() {
        for (const char* k :
             {"OGR_XLSX_HEADERS", "OGR_XLSX_FIELD_TYPES", "OGR_ODS_HEADERS", "OGR_ODS_FIELD_TYPES"})
            CPLSetThreadLocalConfigOption(k, nullptr);
    }
    XlsxAsText(const XlsxAsText&) = delete;
    XlsxAsText& operator=(const XlsxAsText&) = delete;
};

/// An open OGR source (CSV tables are read by gis::input, not through GDAL: see RecordReader).
struct OpenedSource {
    DatasetPtr ds;
    GDALDataset* get() const { return ds.get(); }
};

/// A file inside a zip archive, "gas.zip/pipes.shp": the archive's path, and the member's; nullopt for
/// any other path.
std::optional<std::pair<std::string, std::string>> in_archive(const std::string& path) {
    std::string folded = path;
    for (char& c : folded) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (auto at = folded.find(".zip/"); at != std::string::npos; at = folded.find(".zip/", at + 1)) {
        const std::string archive = path.substr(0, at + 4);
        std::error_code ec;
        if (fs::is_regular_file(fs::u8path(archive), ec)) return std::make_pair(archive, path.substr(at + 5));
    }
    return std::nullopt;
}

/// The path GDAL opens: a member of a zip archive through /vsizip/.
std::string gdal_path(const std::string& path) {
    if (auto a = in_archive(path)) return "/vsizip/" + a->first + "/" + a->second;
    return path;
}

/// Checks a user's file before GDAL reads it: a device, a pipe or a folder is refused (/dev/zero under
/// a .csv name never ends), and a spreadsheet, which GDAL reads whole, has a size limit. A member of a
/// zip archive is judged by the archive.
Result<void> check_source_file(const std::string& path) {
    if (path.rfind("PG:", 0) == 0) return {};
    if (auto a = in_archive(path)) {
        if (auto c = input::check_file(a->first); !c) return c.error();
        return {};
    }
    const std::string ext = lower_ext(path);
    const bool spreadsheet = ext == ".xlsx" || ext == ".ods";
    if (auto c = input::check_file(path, spreadsheet ? input::kSpreadsheetBytes : 0,
                                   _("save the sheet as CSV (UTF-8), which is read row by row"));
        !c)
        return c.error();
    if (spreadsheet)
        if (auto z = input::check_zip_unpacked_size(path); !z) return z.error();
    return {};
}

Result<OpenedSource> open_source(const std::string& path, const std::string& encoding) {
    io::init_gdal();
    if (auto c = check_source_file(path); !c) return c.error();
    std::vector<std::string> oo;
    const std::string ext = lower_ext(path);
    if (ext == ".shp" || ext == ".dbf") {
        if (!encoding.empty()) oo.push_back("ENCODING=" + encoding);
    }
    std::vector<const char*> opts;
    for (const auto& o : oo) opts.push_back(o.c_str());
    opts.push_back(nullptr);
    XlsxAsText text_cells;
    OpenedSource out;
    CPLErrorReset();
    out.ds.reset(static_cast<GDALDataset*>(GDALOpenEx(
        gdal_path(path).c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, opts.data(), nullptr)));
    if (!out.ds) {
        std::string why = CPLGetLastErrorMsg();
        static const std::set<std::string> known = {".shp", ".dbf", ".dxf", ".geojson", ".json", ".kml",
                                                    ".gpx", ".osm", ".pbf", ".xlsx",    ".ods",  ".gpkg"};
        if (known.count(ext))
            return make_error(
                ErrorCode::NotGis,
                why.empty() ? gis::i18n::format(_("{0}: the file cannot be read: it is damaged (cut short?) or not "
                                                  "really a {1} file; get a fresh copy from whoever made it"),
                                                path, ext.substr(1))
                            : gis::i18n::format(_("{0}: the file cannot be read: it is damaged (cut short?) or not "
                                                  "really a {1} file ({2}); get a fresh copy from whoever made it"),
                                                path, ext.substr(1), shorten_for_display(why, 120)));
        return make_error(ErrorCode::NotGis,
                          why.empty() ? gis::i18n::format(_("{0}: no GIS driver can read it; supported: shapefile, "
                                                            "DXF, GeoJSON, KML, GPX, OSM, CSV, XLSX, GeoPackage, "
                                                            "PostGIS"),
                                                          path)
                                      : gis::i18n::format(_("{0}: no GIS driver can read it ({1}); supported: "
                                                            "shapefile, DXF, GeoJSON, KML, GPX, OSM, CSV, XLSX, "
                                                            "GeoPackage, PostGIS"),
                                                          path, why));
    }
    return out;
}

OGRLayer* find_layer(GDALDataset* ds, const std::string& name) {
    if (name.empty()) return ds->GetLayerCount() > 0 ? ds->GetLayer(0) : nullptr;
    return ds->GetLayerByName(name.c_str());
}

std::string layer_list(GDALDataset* ds) {
    std::string s;
    for (int i = 0; i < ds->GetLayerCount(); ++i)
        s += std::string(i ? ", " : "") + ds->GetLayer(i)->GetName();
    return s.empty() ? "none" : s;
}

std::string srs_text(const OGRSpatialReference* srs) {
    if (!srs) return "";
    const char* auth = srs->GetAuthorityName(nullptr);
    const char* code = srs->GetAuthorityCode(nullptr);
    if (auth && code) return std::string(auth) + ":" + code;
    char* wkt = nullptr;
    srs->exportToWkt(&wkt);
    std::string s = wkt ? wkt : "";
    CPLFree(wkt);
    return s;
}

bool looks_like_degrees(const BBox& b) {
    return !b.empty() && b.minx >= -180 && b.maxx <= 180 && b.miny >= -90 && b.maxy <= 90;
}

/// Finds the header row of a table read without headers: the first of the top rows that fills most of
/// the columns (a title row above it fills one).
int guess_header_row(const std::vector<std::vector<std::string>>& top) {
    std::size_t best = 0;
    for (const auto& r : top) {
        std::size_t n = std::count_if(r.begin(), r.end(), [](const std::string& s) { return !s.empty(); });
        best = std::max(best, n);
    }
    for (std::size_t i = 0; i < top.size(); ++i) {
        std::size_t n =
            std::count_if(top[i].begin(), top[i].end(), [](const std::string& s) { return !s.empty(); });
        if (best > 0 && n * 10 >= best * 7) return static_cast<int>(i) + 1;
    }
    return 1;
}

/// OSM tags that GDAL's OSM driver leaves in its other_tags field but a district needs: read out as
/// fields of their own ("building:levels" for floors, "width" for streets, ...).
const std::vector<std::string>& osm_keys() {
    static const std::vector<std::string> keys = {
        "building:levels", "height",           "width",     "surface", "lanes", "name:en",
        "addr:street",     "addr:housenumber", "start_date"};
    return keys;
}

/// The value of `key` in an hstore text ("building:levels"=>"6","width"=>"12"), or "".
std::string hstore_value(const std::string& tags, const std::string& key) {
    const std::string quoted = "\"" + key + "\"=>\"";
    const auto at = tags.find(quoted);
    if (at == std::string::npos) return "";
    std::string v;
    for (std::size_t i = at + quoted.size(); i < tags.size() && tags[i] != '"'; ++i) {
        if (tags[i] == '\\' && i + 1 < tags.size()) ++i;
        v += tags[i];
    }
    return v;
}

/// A feature's fields as text; with `tags` (the other_tags field's index) the OSM keys follow.
std::vector<std::string> row_cells(OGRFeature& f, int tags = -1) {
    std::vector<std::string> cells;
    for (int i = 0; i < f.GetFieldCount(); ++i)
        cells.push_back(f.IsFieldSetAndNotNull(i) ? as_utf8(trim(f.GetFieldAsString(i))) : "");
    if (tags >= 0) {
        const std::string t = f.IsFieldSetAndNotNull(tags) ? f.GetFieldAsString(tags) : "";
        for (const auto& k : osm_keys()) cells.push_back(as_utf8(hstore_value(t, k)));
    }
    return cells;
}

Result<double> coordinate(const std::string& text, const std::string& what) {
    std::string t = trim(text);
    char* end = nullptr;
    double v = std::strtod(t.c_str(), &end);
    if (t.empty() || end != t.c_str() + t.size() || !std::isfinite(v))
        return make_error(ErrorCode::BadInput, what + " " + quote_for_message(t, 20) + " is not a number");
    return v;
}

/// CAD outlines: a closed line string (first point equals the last) becomes a polygon.
bool close_outline(Geometry& g) {
    if (!g.polygons.empty()) return true;
    if (g.lines.size() != 1) return false;
    const LineString& l = g.lines.front();
    if (l.size() < 4) return false;
    const Point a = l.front(), b = l.back();
    if (std::hypot(a.x - b.x, a.y - b.y) > 1e-6) return false;
    Polygon p;
    p.outer = l;
    g = Geometry::from(p);
    return true;
}

/// Why a record's cells cannot be taken (one over the cell limit), or none.
input::RowProblem cell_problem(const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i)
        if (cells[i].size() > input::kCellBytes) return input::cell_too_long(i, cells[i].size());
    return {};
}

/// One record of a source: a table's row or a layer's feature, its cells as UTF-8 text.
struct Record {
    int row = 0;  ///< as the file shows it: a CSV row's line, a spreadsheet row, a feature id
    std::vector<std::string> cells;
    input::RowProblem problem;            ///< over a limit: rejected with this reason
    std::unique_ptr<OGRFeature> feature;  ///< none for a CSV row
};

/// A source's records: a CSV file through gis::input (within its limits, so that a runaway row costs
/// only itself), any other file through its OGR layer.
class RecordReader {
  public:
    explicit RecordReader(input::CsvReader csv) : csv_(std::move(csv)) {}
    RecordReader(OGRLayer* layer, bool shapefile, int tags)
        : layer_(layer), shapefile_(shapefile), tags_(tags) {}

    bool next(Record& r) {
        r.cells.clear();
        r.problem = {};
        r.feature.reset();
        if (csv_) {
            input::CsvRecord c;
            do {
                if (!csv_->next(c)) return false;
            } while (c.blank());
            r.row = c.line;
            r.problem = std::move(c.problem);
            for (const auto& x : c.cells) r.cells.push_back(as_utf8(trim(x)));
            return true;
        }
        if (!started_) CPLErrorReset();
        started_ = true;
        OGRFeature* f = layer_->GetNextFeature();
        if (!f) {
            // The end, or a read error: then the rows read are not the file's rows.
            if (CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal)
                failure_ = CPLGetLastErrorMsg();
            return false;
        }
        r.feature.reset(f);
        // A spreadsheet's feature id is its row. Shapefiles number their records from 0; people (and
        // QGIS's attribute table) count from 1.
        r.row = static_cast<int>(f->GetFID()) + (shapefile_ ? 1 : 0);
        r.cells = row_cells(*f, tags_);
        r.problem = cell_problem(r.cells);
        if (!r.problem.empty()) r.cells.clear();
        return true;
    }

    /// Why reading stopped before the end (GDAL's message); nullopt at a true end.
    const std::optional<std::string>& failure() const { return failure_; }

  private:
    std::optional<input::CsvReader> csv_;
    std::optional<std::string> failure_;
    bool started_ = false;
    OGRLayer* layer_ = nullptr;
    bool shapefile_ = false;
    int tags_ = -1;
};

}  // namespace

int SourceTable::field_index(const std::string& name) const {
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (fields[i] == name) return static_cast<int>(i);
    return -1;
}

Result<SourceTable> read_source(const Manifest& manifest, const LayerMapping& m,
                                const std::string& district_crs, const RowSink& sink) {
    SourceTable out;
    out.path = manifest.resolve(m.source);
    const std::string ext = lower_ext(out.path);
    const bool table = is_table_file(ext);
    const bool csv = ext == ".csv";
    const std::string at = "[" + m.target + "] " + m.source;
    std::optional<OpenedSource> opened;
    std::optional<RecordReader> records;
    OGRLayer* layer = nullptr;
    bool shapefile = false;
    if (csv) {
        // Read by gis::input, not GDAL: GDAL's CSV reader stops at a line over its limit and drops the
        // rows after it without a word.
        const std::string stem = fs::u8path(out.path).stem().string();
        if (!m.layer.empty() && m.layer != stem)
            return make_error(ErrorCode::MissingLayer,
                              gis::i18n::format(_("{0}: no layer '{1}' (the file has: {2})"), at, m.layer, stem));
        if (!m.where.empty())
            return make_error(
                ErrorCode::BadInput,
                gis::i18n::format(_("{0}: where {1} filters GIS layers; a CSV table has none (leave the rows out "
                                    "of the file)"),
                                  at, quote_for_message(m.where)));
        if (!m.text_where.empty() || m.close_lines)
            return make_error(ErrorCode::BadInput,
                              gis::i18n::format(_("{0}: text_where and close_lines apply to CAD drawings, not to a "
                                                  "CSV table"),
                                                at));
        auto reader = input::CsvReader::open(out.path);
        if (!reader) return reader.error();
        records.emplace(std::move(*reader));
    } else {
        auto o = open_source(out.path, m.encoding);
        if (!o) return o.error();
        opened.emplace(std::move(*o));
        GDALDataset* ds = opened->get();
        shapefile = ds->GetDriver() && std::string(ds->GetDriver()->GetDescription()) == "ESRI Shapefile";
        layer = find_layer(ds, m.layer);
        if (!layer)
            return make_error(ErrorCode::MissingLayer,
                              gis::i18n::format(_("{0}: no layer '{1}' (the file has: {2})"), at, m.layer,
                                                layer_list(ds)));
        if (!m.encoding.empty() && (ext == ".shp" || ext == ".dbf"))
            out.notes.push_back(gis::i18n::format(_("encoding {0}"), m.encoding));
        if (!m.where.empty() && layer->SetAttributeFilter(m.where.c_str()) != OGRERR_NONE)
            return make_error(ErrorCode::BadInput,
                              gis::i18n::format(_("{0}: where {1} is not a valid filter"), at,
                                                quote_for_message(m.where)));
    }

    // The coordinates' CRS: the manifest's word first, else the file's own.
    OGRSpatialReference src;
    src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const bool points_from_columns = !m.x_field.empty() || !m.y_field.empty();
    const OGRSpatialReference* own = layer ? layer->GetSpatialRef() : nullptr;
    if (!m.crs.empty()) {
        if (src.SetFromUserInput(m.crs.c_str()) != OGRERR_NONE)
            return make_error(ErrorCode::WrongCrs,
                              gis::i18n::format(_("{0}: crs {1} is not a CRS GDAL knows (use EPSG:N)"), at,
                                                quote_for_message(m.crs)));
    } else if (own && !points_from_columns) {
        src = *own;
        src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    } else if (points_from_columns) {
        src.SetFromUserInput("EPSG:4326");
    } else if (layer && layer->GetGeomType() != wkbNone) {
        return make_error(
            ErrorCode::WrongCrs,
            gis::i18n::format(_("{0}: the file does not say its CRS (CAD drawings never do): add crs = \"EPSG:N\" "
                                "to [{1}], e.g. the survey's CGCS2000 Gauss-Kruger zone, EPSG:4546 for CM 111E"),
                              at, m.target));
    }
    // Longitudes and latitudes in a table come from a phone app or a GPS: which one is never assumed.
    if (points_from_columns && m.datum.empty() && src.IsGeographic())
        return make_error(
            ErrorCode::BadInput,
            gis::i18n::format(_("{0}: say which datum the longitude/latitude columns are in: datum = \"gcj02\" "
                                "(AMap, Tencent), \"bd09\" (Baidu) or \"wgs84\" (GPS); they differ by hundreds of "
                                "metres"),
                              at));
    if (!m.datum.empty() && !points_from_columns && !src.IsGeographic())
        return make_error(
            ErrorCode::BadInput,
            gis::i18n::format(_("{0}: datum = \"{1}\" applies to longitude/latitude, but the CRS is projected"), at,
                              m.datum));
    std::optional<crs::GeoDatum> datum;
    if (!m.datum.empty()) {
        auto d = crs::parse_geo_datum(m.datum);
        if (!d) return make_error(ErrorCode::BadInput, gis::i18n::format(_("{0}: {1}"), at, d.error().message));
        if (*d != crs::GeoDatum::Wgs84) {
            datum = *d;
            out.notes.push_back(gis::i18n::format(_("{0} -> WGS84 (published transform)"), m.datum));
        }
    }
    OGRSpatialReference dst;
    dst.SetFromUserInput(district_crs.c_str());
    dst.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation, CtDelete> ct;
    if (!src.IsEmpty() && !src.IsSame(&dst)) {
        ct.reset(OGRCreateCoordinateTransformation(&src, &dst));
        if (!ct)
            return make_error(ErrorCode::WrongCrs,
                              gis::i18n::format(_("{0}: no transformation from {1} to {2}"), at, srs_text(&src),
                                                district_crs));
        out.notes.push_back(srs_text(&src) + " -> " + district_crs);
    }

    // Tables read without headers: find the header row among the first records, then the records below.
    OGRFeatureDefn* defn = layer ? layer->GetLayerDefn() : nullptr;
    const int tags = table || !defn ? -1 : defn->GetFieldIndex("other_tags");
    if (layer) {
        layer->ResetReading();
        records.emplace(layer, shapefile, tags);
    }
    std::deque<Record> pending;  // records read to find the header, not yet taken
    if (table) {
        std::vector<std::vector<std::string>> head;
        for (int i = 0; i < 10; ++i) {
            Record r;
            if (!records->next(r)) break;
            head.push_back(r.cells);
            pending.push_back(std::move(r));
        }
        // header_row is the row a person sees: a CSV file's line, a spreadsheet's row.
        std::size_t header = 0;
        if (m.header_row > 0 && csv) {
            header = pending.size();
            for (std::size_t i = 0; i < pending.size() && header == pending.size(); ++i)
                if (pending[i].row >= m.header_row) header = i;
        } else {
            header = static_cast<std::size_t>(m.header_row > 0 ? m.header_row : guess_header_row(head)) - 1;
        }
        if (header >= pending.size())
            return make_error(ErrorCode::BadInput,
                              gis::i18n::format(_("{0}: header_row {1} is past the end of the table (or not among "
                                                  "its first 10 rows)"),
                                                at, std::to_string(m.header_row > 0 ? m.header_row : 1)));
        const Record& h = pending[header];
        if (!h.problem.empty())
            return make_error(ErrorCode::BadInput,
                              gis::i18n::format(_("{0}: the header row (row {1}) cannot be read: {2}"), at,
                                                std::to_string(h.row),
                                                h.problem.text(gis::i18n::language() == gis::i18n::Lang::Zh)));
        out.fields = h.cells;
        const int header_line = csv ? h.row : static_cast<int>(header) + 1;
        if (header_line > 1)
            out.notes.push_back(gis::i18n::format(_("headers on row {0}"), std::to_string(header_line)));
        pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(header) + 1);
    } else {
        for (int i = 0; i < defn->GetFieldCount(); ++i)
            out.fields.push_back(as_utf8(defn->GetFieldDefn(i)->GetNameRef()));
        if (tags >= 0) out.fields.insert(out.fields.end(), osm_keys().begin(), osm_keys().end());
    }
    int xi = -1, yi = -1;
    if (points_from_columns) {
        xi = out.field_index(m.x_field);
        yi = out.field_index(m.y_field);
        if (xi < 0 || yi < 0) {
            std::string have;
            for (const auto& f : out.fields) have += (have.empty() ? "" : ", ") + f;
            return make_error(ErrorCode::BadInput,
                              gis::i18n::format(_("{0}: coordinate column {1} is not in the table (columns: {2})"),
                                                at, quote_for_message(xi < 0 ? m.x_field : m.y_field), have));
        }
    }

    BBox raw_extent;
    Record rec;
    while (!pending.empty() || records->next(rec)) {
        if (!pending.empty()) {
            rec = std::move(pending.front());
            pending.pop_front();
        }
        SourceRow r;
        r.row = rec.row;
        r.problem = std::move(rec.problem);
        r.values = std::move(rec.cells);
        r.values.resize(out.fields.size());
        if (table && r.problem.empty() &&
            std::all_of(r.values.begin(), r.values.end(), [](const std::string& s) { return s.empty(); }))
            continue;
        if (r.problem.empty() && points_from_columns) {
            // A row without usable coordinates is rejected with its row; the rows after it are read.
            auto x = coordinate(r.values[xi], m.x_field);
            auto y = coordinate(r.values[yi], m.y_field);
            if (!x || !y) {
                const std::string& bad = !x ? r.values[xi] : r.values[yi];
                const std::string& name = !x ? m.x_field : m.y_field;
                r.problem = {(!x ? x.error() : y.error()).message,
                             name + " " + quote_for_message(bad, 20) + " 不是数字"};
            } else {
                crs::LonLat p{*x, *y};
                if (datum) p = crs::to_wgs84(p, *datum);
                raw_extent.expand(Point{p.lon, p.lat});
                OGRPoint pt(p.lon, p.lat);
                if (ct) pt.transform(ct.get());
                r.geometry = Geometry::from(Point{pt.getX(), pt.getY()});
            }
        } else if (OGRGeometry* g =
                       r.problem.empty() && rec.feature ? rec.feature->GetGeometryRef() : nullptr) {
            OGREnvelope e;
            g->getEnvelope(&e);
            raw_extent.expand(Point{e.MinX, e.MinY});
            raw_extent.expand(Point{e.MaxX, e.MaxY});
            if (ct && g->transform(ct.get()) != OGRERR_NONE)
                return make_error(ErrorCode::WrongCrs,
                                  gis::i18n::format(_("{0}, feature {1}: cannot be transformed to {2}"), at,
                                                    std::to_string(r.row), district_crs));
            r.geometry = io::detail::from_ogr(g);
        }
        if (m.close_lines && !r.geometry.points.empty())
            continue;  // a CAD text: joined below, not an outline
        if (m.close_lines && r.problem.empty() && !close_outline(r.geometry)) {
            ++out.skipped;
            continue;
        }
        if (sink && m.text_where.empty()) {
            if (auto k = sink(out, std::move(r)); !k) return k.error();
            continue;
        }
        out.rows.push_back(std::move(r));
    }
    if (const auto& stop = records->failure())
        return io::is_damage_message(*stop)
                   ? io::damaged_file(at, *stop)
                   : make_error(ErrorCode::Io,
                                gis::i18n::format(_("{0}: reading stopped after row {1}: {2}; nothing was imported"),
                                                  at, std::to_string(rec.row), io::printable_ascii(*stop)));
    if (!raw_extent.empty()) {
        const bool degrees = looks_like_degrees(raw_extent);
        const bool geographic = !src.IsEmpty() && src.IsGeographic();
        if (!src.IsEmpty() && !geographic && degrees)
            return make_error(ErrorCode::WrongCrs,
                              gis::i18n::format(_("{0}: the coordinates look like longitude/latitude in degrees, "
                                                  "but the CRS {1} is in metres: set crs = \"EPSG:4326\" (or the "
                                                  "CRS the file really uses)"),
                                                at, srs_text(&src)));
        if (geographic && !degrees)
            return make_error(ErrorCode::WrongCrs,
                              gis::i18n::format(_("{0}: the CRS {1} is in degrees, but the coordinates are not "
                                                  "longitudes and latitudes: set crs to the projected CRS in metres"),
                                                at, srs_text(&src)));
    }

    // CAD texts inside outlines (CASS notes such as 混6 and 3栋) joined as the field "@text".
    if (!m.text_where.empty()) {
        std::vector<Geometry> outlines;
        outlines.reserve(out.rows.size());
        for (const auto& r : out.rows) outlines.push_back(r.geometry);
        index::SpatialIndex idx(std::move(outlines));
        std::vector<std::string> joined(out.rows.size());
        layer->SetAttributeFilter(m.text_where.c_str());
        layer->ResetReading();
        const int text_field = defn->GetFieldIndex("Text");
        if (text_field < 0)
            return make_error(ErrorCode::BadInput,
                              gis::i18n::format(_("{0}: text_where is set, but the layer has no Text field (only "
                                                  "CAD drawings carry texts)"),
                                                at));
        while (OGRFeature* raw = layer->GetNextFeature()) {
            std::unique_ptr<OGRFeature> f(raw);
            OGRGeometry* g = f->GetGeometryRef();
            if (!g || wkbFlatten(g->getGeometryType()) != wkbPoint || !f->IsFieldSetAndNotNull(text_field))
                continue;
            if (ct) g->transform(ct.get());
            auto* p = g->toPoint();
            for (std::size_t k : idx.containing({p->getX(), p->getY()})) {
                std::string& s = joined[k];
                s += (s.empty() ? "" : " ") + as_utf8(trim(f->GetFieldAsString(text_field)));
            }
        }
        out.fields.push_back("@text");
        for (std::size_t k = 0; k < out.rows.size(); ++k) out.rows[k].values.push_back(joined[k]);
        out.notes.push_back(_("texts joined to the outlines that contain them"));
    }
    return out;
}

namespace {

/// A CSV table at a look: read by gis::input (row by row, within its limits), its header found among the
/// first rows, its rows counted (a row over a limit counts: the import rejects it by its line).
Result<SourceLayerInfo> inspect_csv(const std::string& path) {
    auto reader = input::CsvReader::open(path);
    if (!reader) return reader.error();
    SourceLayerInfo info;
    info.name = fs::u8path(path).stem().string();
    info.driver = "CSV";
    info.geometry = "None";
    std::vector<std::vector<std::string>> rows;
    std::vector<int> lines;
    std::int64_t records = 0;
    input::CsvRecord r;
    while (reader->next(r)) {
        if (r.blank()) continue;
        ++records;
        if (rows.size() >= 400) continue;
        std::vector<std::string> cells;
        for (const auto& c : r.cells) cells.push_back(as_utf8(trim(c)));
        rows.push_back(std::move(cells));
        lines.push_back(r.line);
    }
    if (rows.empty()) return info;
    const std::vector<std::vector<std::string>> top(rows.begin(),
                                                    rows.begin() + std::min<std::size_t>(10, rows.size()));
    const int header = guess_header_row(top);
    info.fields = top[header - 1];
    info.header_row = lines[header - 1];
    info.features = records - header;
    info.samples.resize(info.fields.size());
    for (std::size_t k = static_cast<std::size_t>(header); k < rows.size(); ++k)
        for (std::size_t c = 0; c < info.fields.size() && c < rows[k].size(); ++c) {
            auto& s = info.samples[c];
            const std::string& v = rows[k][c];
            if (!v.empty() && s.size() < 5 && std::find(s.begin(), s.end(), v) == s.end()) s.push_back(v);
        }
    return info;
}

}  // namespace

std::vector<std::string> archive_members(const std::string& zip_path) {
    io::init_gdal();
    // GIS files GDAL reads from inside an archive; tables (CSV, spreadsheets) are read as files only.
    static const std::set<std::string> gis = {".shp", ".dxf", ".geojson", ".json", ".kml",
                                              ".gpx", ".osm", ".gpkg",    ".tab",  ".mif"};
    std::vector<std::string> out;
    if (auto c = input::check_file(zip_path); !c) return out;
    char** list = VSIReadDirRecursive(("/vsizip/" + zip_path).c_str());
    for (char** it = list; it && *it; ++it)
        if (gis.count(lower_ext(*it))) out.push_back(zip_path + "/" + *it);
    CSLDestroy(list);
    std::sort(out.begin(), out.end());
    return out;
}

Result<std::vector<SourceLayerInfo>> inspect_source(const std::string& path) {
    const std::string ext = lower_ext(path);
    if (ext == ".csv") {
        auto info = inspect_csv(path);
        if (!info) return info.error();
        return std::vector<SourceLayerInfo>{std::move(*info)};
    }
    const bool table = is_table_file(ext);
    std::string encoding;
    if (ext == ".shp" || ext == ".dbf") {
        auto e = detect_shapefile_encoding(path);
        if (e && *e == TextEncoding::Gbk) encoding = "CP936";
        if (e && *e == TextEncoding::Utf8) encoding = "UTF-8";
    }
    auto opened = open_source(path, encoding);
    if (!opened) return opened.error();
    GDALDataset* ds = opened->get();
    std::vector<SourceLayerInfo> out;
    for (int li = 0; li < ds->GetLayerCount(); ++li) {
        OGRLayer* layer = ds->GetLayer(li);
        SourceLayerInfo info;
        info.name = layer->GetName();
        info.driver = ds->GetDriver() ? ds->GetDriver()->GetDescription() : "";
        info.encoding = encoding;
        if (const OGRSpatialReference* s = layer->GetSpatialRef()) {
            info.crs = srs_text(s);
            info.geographic = s->IsGeographic();
        }
        info.features = layer->GetFeatureCount(TRUE);
        OGRFeatureDefn* defn = layer->GetLayerDefn();
        const int tags = table ? -1 : defn->GetFieldIndex("other_tags");
        std::map<std::string, int> geometry_kinds;
        std::set<std::string> dxf_layers;
        std::vector<std::vector<std::string>> rows;
        layer->ResetReading();
        int n = 0;
        const int dxf_layer_field = defn->GetFieldIndex("Layer");
        const bool dxf = info.driver == "DXF";
        while (OGRFeature* raw = layer->GetNextFeature()) {
            std::unique_ptr<OGRFeature> f(raw);
            ++n;
            if (const OGRGeometry* g = f->GetGeometryRef()) {
                std::string t = OGRGeometryTypeToName(wkbFlatten(g->getGeometryType()));
                if (t.rfind("Multi", 0) == 0) t = t.substr(5);
                if (t == "Line String") t = "LineString";
                geometry_kinds[t]++;
                OGREnvelope e;
                g->getEnvelope(&e);
                info.extent.expand(Point{e.MinX, e.MinY});
                info.extent.expand(Point{e.MaxX, e.MaxY});
            }
            if (dxf && dxf_layer_field >= 0) dxf_layers.insert(f->GetFieldAsString(dxf_layer_field));
            if (n <= 400 || dxf) rows.push_back(row_cells(*f, tags));
            if (n > 400 && !dxf && info.extent.empty() && geometry_kinds.empty()) break;
            if (n > 20000 && !dxf) break;
        }
        std::string geom = geometry_kinds.empty() ? "None" : geometry_kinds.begin()->first;
        if (geometry_kinds.size() > 1) geom = "Mixed";
        info.geometry = geom;
        info.dxf_layers.assign(dxf_layers.begin(), dxf_layers.end());
        std::size_t first_record = 0;
        if (table) {
            std::vector<std::vector<std::string>> top(rows.begin(),
                                                      rows.begin() + std::min<std::size_t>(10, rows.size()));
            const int header = top.empty() ? 1 : guess_header_row(top);
            if (!top.empty()) info.fields = top[header - 1];
            first_record = static_cast<std::size_t>(header);
            info.features = std::max<std::int64_t>(0, info.features - header);
            info.header_row = header;
        } else {
            for (int i = 0; i < defn->GetFieldCount(); ++i)
                info.fields.push_back(as_utf8(defn->GetFieldDefn(i)->GetNameRef()));
            if (tags >= 0) info.fields.insert(info.fields.end(), osm_keys().begin(), osm_keys().end());
        }
        info.samples.resize(info.fields.size());
        for (std::size_t r = first_record; r < rows.size(); ++r) {
            for (std::size_t c = 0; c < info.fields.size() && c < rows[r].size(); ++c) {
                auto& s = info.samples[c];
                const std::string& v = rows[r][c];
                if (!v.empty() && s.size() < 5 && std::find(s.begin(), s.end(), v) == s.end()) s.push_back(v);
            }
        }
        out.push_back(std::move(info));
    }
    return out;
}

}  // namespace gis::ingest
