#include "gis/ingest/source.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>

#include "gis/core/strings.hpp"
#include "gis/crs/china_offsets.hpp"
#include "gis/geom/ops.hpp"
#include "gis/index/spatial_index.hpp"
#include "gis/ingest/encoding.hpp"
#include "gis/io/dataset.hpp"
#include "gis/io/ogr_geometry.hpp"

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

/// An open source. A CSV table with a title line above its headers is read through an in-memory copy
/// without the title (GDAL's CSV driver takes no file whose first line has no separator); nothing is
/// written to disk, since such tables hold personal data.
struct OpenedSource {
    DatasetPtr ds;
    int title_lines = 0;  ///< lines dropped above the table
    std::string mem_path;
    OpenedSource() = default;
    OpenedSource(OpenedSource&&) = default;
    OpenedSource& operator=(OpenedSource&&) = default;
    ~OpenedSource() {
        ds.reset();
        if (!mem_path.empty()) VSIUnlink(mem_path.c_str());
    }
    GDALDataset* get() const { return ds.get(); }
};

Result<OpenedSource> open_source(const std::string& path, const std::string& encoding, bool table) {
    io::init_gdal();
    std::error_code ec;
    if (path.rfind("PG:", 0) != 0 && !fs::exists(fs::u8path(path), ec))
        return make_error(ErrorCode::NotFound, path + ": no such file");
    std::vector<std::string> oo;
    const std::string ext = lower_ext(path);
    if (ext == ".shp" || ext == ".dbf") {
        if (!encoding.empty()) oo.push_back("ENCODING=" + encoding);
    }
    if (ext == ".csv" && table) oo.push_back("HEADERS=NO");
    std::vector<const char*> opts;
    for (const auto& o : oo) opts.push_back(o.c_str());
    opts.push_back(nullptr);
    XlsxAsText text_cells;
    OpenedSource out;
    out.ds.reset(static_cast<GDALDataset*>(
        GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, opts.data(), nullptr)));
    if (!out.ds && ext == ".csv") {
        std::ifstream in(fs::u8path(path), std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::size_t at = 0;
        while (at < text.size() && out.title_lines < 10) {
            const std::size_t end = text.find('\n', at);
            const std::string line = text.substr(at, end == std::string::npos ? std::string::npos : end - at);
            if (line.find_first_of(",;\t") != std::string::npos) break;
            ++out.title_lines;
            at = end == std::string::npos ? text.size() : end + 1;
        }
        if (out.title_lines > 0 && at < text.size()) {
            static std::atomic<int> serial{0};
            out.mem_path = "/vsimem/nbhd_table_" + std::to_string(serial++) + ".csv";
            const std::string body = text.substr(at);
            VSILFILE* f = VSIFOpenL(out.mem_path.c_str(), "wb");
            if (f) {
                VSIFWriteL(body.data(), 1, body.size(), f);
                VSIFCloseL(f);
                out.ds.reset(static_cast<GDALDataset*>(GDALOpenEx(
                    out.mem_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, opts.data(), nullptr)));
            }
        }
    }
    if (!out.ds) {
        std::string why = CPLGetLastErrorMsg();
        static const std::set<std::string> known = {".shp",  ".dbf", ".dxf", ".geojson", ".json",
                                                    ".kml",  ".gpx", ".osm", ".pbf",     ".csv",
                                                    ".xlsx", ".ods", ".gpkg"};
        if (known.count(ext))
            return make_error(ErrorCode::NotGis,
                              path +
                                  ": the file cannot be read: it is damaged (cut short?) or not really a " +
                                  ext.substr(1) + " file" +
                                  (why.empty() ? "" : " (" + shorten_for_display(why, 120) + ")") +
                                  "; get a fresh copy from whoever made it");
        return make_error(ErrorCode::NotGis,
                          path + ": no GIS driver can read it" + (why.empty() ? "" : " (" + why + ")") +
                              "; supported: shapefile, DXF, GeoJSON, KML, GPX, OSM, CSV, XLSX, "
                              "GeoPackage, PostGIS");
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
    auto opened = open_source(out.path, m.encoding, table);
    if (!opened) return opened.error();
    GDALDataset* ds = opened->get();
    const std::string at = "[" + m.target + "] " + m.source;
    const bool shapefile =
        ds->GetDriver() && std::string(ds->GetDriver()->GetDescription()) == "ESRI Shapefile";
    OGRLayer* layer = find_layer(ds, m.layer);
    if (!layer)
        return make_error(ErrorCode::MissingLayer,
                          at + ": no layer '" + m.layer + "' (the file has: " + layer_list(ds) + ")");
    if (!m.encoding.empty() && (ext == ".shp" || ext == ".dbf"))
        out.notes.push_back("encoding " + m.encoding);
    if (!m.where.empty() && layer->SetAttributeFilter(m.where.c_str()) != OGRERR_NONE)
        return make_error(ErrorCode::BadInput,
                          at + ": where " + quote_for_message(m.where) + " is not a valid filter");

    // The coordinates' CRS: the manifest's word first, else the file's own.
    OGRSpatialReference src;
    src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const bool points_from_columns = !m.x_field.empty() || !m.y_field.empty();
    if (!m.crs.empty()) {
        if (src.SetFromUserInput(m.crs.c_str()) != OGRERR_NONE)
            return make_error(ErrorCode::WrongCrs, at + ": crs " + quote_for_message(m.crs) +
                                                       " is not a CRS GDAL knows (use EPSG:N)");
    } else if (const OGRSpatialReference* own = layer->GetSpatialRef(); own && !points_from_columns) {
        src = *own;
        src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    } else if (points_from_columns) {
        src.SetFromUserInput("EPSG:4326");
    } else if (layer->GetGeomType() != wkbNone) {
        return make_error(
            ErrorCode::WrongCrs,
            at + ": the file does not say its CRS (CAD drawings never do): add crs = \"EPSG:N\" to [" +
                m.target + "], e.g. the survey's CGCS2000 Gauss-Kruger zone, EPSG:4546 for CM 111E");
    }
    // Longitudes and latitudes in a table come from a phone app or a GPS: which one is never assumed.
    if (points_from_columns && m.datum.empty() && src.IsGeographic())
        return make_error(
            ErrorCode::BadInput,
            at + ": say which datum the longitude/latitude columns are in: datum = \"gcj02\" (AMap, "
                 "Tencent), \"bd09\" (Baidu) or \"wgs84\" (GPS); they differ by hundreds of metres");
    if (!m.datum.empty() && !points_from_columns && !src.IsGeographic())
        return make_error(
            ErrorCode::BadInput,
            at + ": datum = \"" + m.datum + "\" applies to longitude/latitude, but the CRS is projected");
    std::optional<crs::GeoDatum> datum;
    if (!m.datum.empty()) {
        auto d = crs::parse_geo_datum(m.datum);
        if (!d) return make_error(ErrorCode::BadInput, at + ": " + d.error().message);
        if (*d != crs::GeoDatum::Wgs84) {
            datum = *d;
            out.notes.push_back(m.datum + " -> WGS84 (published transform)");
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
                              at + ": no transformation from " + srs_text(&src) + " to " + district_crs);
        out.notes.push_back(srs_text(&src) + " -> " + district_crs);
    }

    // Tables read without headers: find the header row, then the records below it.
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    const int tags = table ? -1 : defn->GetFieldIndex("other_tags");
    int header_row = 0;
    std::vector<std::vector<std::string>> head;
    layer->ResetReading();
    if (table) {
        std::vector<std::unique_ptr<OGRFeature>> first;
        for (int i = 0; i < 10; ++i) {
            OGRFeature* f = layer->GetNextFeature();
            if (!f) break;
            first.emplace_back(f);
            head.push_back(row_cells(*f));
        }
        header_row =
            m.header_row > 0 ? std::max(1, m.header_row - opened->title_lines) : guess_header_row(head);
        if (header_row > static_cast<int>(head.size()))
            return make_error(ErrorCode::BadInput, at + ": header_row " + std::to_string(header_row) +
                                                       " is past the end of the table");
        for (auto& h : head[header_row - 1]) out.fields.push_back(h);
        if (header_row + opened->title_lines > 1)
            out.notes.push_back("headers on row " + std::to_string(header_row + opened->title_lines));
        layer->ResetReading();
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
            return make_error(ErrorCode::BadInput, at + ": coordinate column " +
                                                       quote_for_message(xi < 0 ? m.x_field : m.y_field) +
                                                       " is not in the table (columns: " + have + ")");
        }
    }

    int counter = 0;
    BBox raw_extent;
    while (OGRFeature* raw = layer->GetNextFeature()) {
        std::unique_ptr<OGRFeature> f(raw);
        ++counter;
        // A spreadsheet's row number is what a person looks for; other sources number their features.
        // Shapefiles number their records from 0; people (and QGIS's attribute table) count from 1.
        const int row = table ? (ext == ".csv" ? counter : static_cast<int>(f->GetFID()))
                              : static_cast<int>(f->GetFID()) + (shapefile ? 1 : 0);
        if (table && counter <= header_row) continue;
        SourceRow r;
        r.row = table && ext == ".csv" ? counter + opened->title_lines : row;
        r.values = row_cells(*f, tags);
        r.values.resize(out.fields.size());
        if (table &&
            std::all_of(r.values.begin(), r.values.end(), [](const std::string& s) { return s.empty(); }))
            continue;
        if (points_from_columns) {
            auto x = coordinate(r.values[xi], m.x_field);
            auto y = coordinate(r.values[yi], m.y_field);
            if (!x || !y) {
                return make_error(ErrorCode::BadInput, at + ", row " + std::to_string(r.row) + ": " +
                                                           (!x ? x.error() : y.error()).message);
            }
            crs::LonLat p{*x, *y};
            if (datum) p = crs::to_wgs84(p, *datum);
            raw_extent.expand(Point{p.lon, p.lat});
            OGRPoint pt(p.lon, p.lat);
            if (ct) pt.transform(ct.get());
            r.geometry = Geometry::from(Point{pt.getX(), pt.getY()});
        } else if (OGRGeometry* g = f->GetGeometryRef()) {
            OGREnvelope e;
            g->getEnvelope(&e);
            raw_extent.expand(Point{e.MinX, e.MinY});
            raw_extent.expand(Point{e.MaxX, e.MaxY});
            if (ct && g->transform(ct.get()) != OGRERR_NONE)
                return make_error(ErrorCode::WrongCrs, at + ", feature " + std::to_string(row) +
                                                           ": cannot be transformed to " + district_crs);
            r.geometry = io::detail::from_ogr(g);
        }
        if (m.close_lines && !r.geometry.points.empty())
            continue;  // a CAD text: joined below, not an outline
        if (m.close_lines && !close_outline(r.geometry)) {
            ++out.skipped;
            continue;
        }
        if (sink && m.text_where.empty()) {
            if (auto k = sink(out, std::move(r)); !k) return k.error();
            continue;
        }
        out.rows.push_back(std::move(r));
    }
    if (!raw_extent.empty()) {
        const bool degrees = looks_like_degrees(raw_extent);
        const bool geographic = !src.IsEmpty() && src.IsGeographic();
        if (!src.IsEmpty() && !geographic && degrees)
            return make_error(ErrorCode::WrongCrs,
                              at + ": the coordinates look like longitude/latitude in degrees, but the CRS " +
                                  srs_text(&src) +
                                  " is in metres: set crs = \"EPSG:4326\" (or the CRS the file really uses)");
        if (geographic && !degrees)
            return make_error(ErrorCode::WrongCrs,
                              at + ": the CRS " + srs_text(&src) +
                                  " is in degrees, but the coordinates are not longitudes and "
                                  "latitudes: set crs to the projected CRS in metres");
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
                              at + ": text_where is set, but the layer has no Text field (only CAD "
                                   "drawings carry texts)");
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
        out.notes.push_back("texts joined to the outlines that contain them");
    }
    return out;
}

Result<std::vector<SourceLayerInfo>> inspect_source(const std::string& path) {
    const std::string ext = lower_ext(path);
    const bool table = is_table_file(ext);
    std::string encoding;
    if (ext == ".shp" || ext == ".dbf") {
        auto e = detect_shapefile_encoding(path);
        if (e && *e == TextEncoding::Gbk) encoding = "CP936";
        if (e && *e == TextEncoding::Utf8) encoding = "UTF-8";
    }
    auto opened = open_source(path, encoding, table);
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
            info.header_row = header + opened->title_lines;
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
