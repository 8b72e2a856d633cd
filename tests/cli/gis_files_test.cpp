// Files other tools read: every layer of a generated district holds its declared geometry type and passes
// GDAL's GeoPackage validator; unmasked CSV exports keep 18-digit ID numbers as text; XLSX exports freeze
// and filter their header row.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "gis/io/dataset.hpp"
#include "household_fixture.hpp"
#include "run_command.hpp"

using hh_test::nbhd;

namespace {

/// The geometry type code of a GeoPackage geometry blob (ISO WKB, dimensions folded away), or -1.
int blob_type(const unsigned char* b, int n) {
    if (n < 8 || b[0] != 'G' || b[1] != 'P') return -1;
    static const int envelope_bytes[] = {0, 32, 48, 48, 64};
    const int indicator = (b[3] >> 1) & 7;
    if (indicator > 4) return -1;
    const int at = 8 + envelope_bytes[indicator];
    if (n < at + 5) return -1;
    std::uint32_t type = 0;
    if (b[at] == 1)
        type =
            b[at + 1] | (b[at + 2] << 8) | (b[at + 3] << 16) | (static_cast<std::uint32_t>(b[at + 4]) << 24);
    else
        type = (b[at + 1] << 24) | (b[at + 2] << 16) | (b[at + 3] << 8) | b[at + 4];
    return static_cast<int>(type % 1000);
}

int declared_code(const std::string& declared) {
    static const std::map<std::string, int> codes = {{"POINT", 1},           {"LINESTRING", 2},
                                                     {"POLYGON", 3},         {"MULTIPOINT", 4},
                                                     {"MULTILINESTRING", 5}, {"MULTIPOLYGON", 6}};
    auto it = codes.find(declared);
    return it == codes.end() ? 0 : it->second;  // 0: GEOMETRY, any type
}

/// For every spatial layer: the geometry types stored that its gpkg_geometry_columns entry does not allow.
std::map<std::string, std::set<int>> geometry_type_mismatches(const std::string& path,
                                                              std::map<std::string, std::string>* declared) {
    std::map<std::string, std::set<int>> bad;
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* cols = nullptr;
    sqlite3_prepare_v2(db, "SELECT table_name, column_name, geometry_type_name FROM gpkg_geometry_columns",
                       -1, &cols, nullptr);
    while (sqlite3_step(cols) == SQLITE_ROW) {
        const std::string table = reinterpret_cast<const char*>(sqlite3_column_text(cols, 0));
        const std::string column = reinterpret_cast<const char*>(sqlite3_column_text(cols, 1));
        const std::string type = reinterpret_cast<const char*>(sqlite3_column_text(cols, 2));
        (*declared)[table] = type;
        const int want = declared_code(type);
        sqlite3_stmt* rows = nullptr;
        const std::string sql =
            "SELECT \"" + column + "\" FROM \"" + table + "\" WHERE \"" + column + "\" IS NOT NULL";
        sqlite3_prepare_v2(db, sql.c_str(), -1, &rows, nullptr);
        while (sqlite3_step(rows) == SQLITE_ROW) {
            const int got = blob_type(static_cast<const unsigned char*>(sqlite3_column_blob(rows, 0)),
                                      sqlite3_column_bytes(rows, 0));
            if (got < 0 || (want != 0 && got != want)) bad[table].insert(got);
        }
        sqlite3_finalize(rows);
    }
    sqlite3_finalize(cols);
    sqlite3_close(db);
    return bad;
}

/// GDAL's GeoPackage validator (python3-gdal's sample), when the system Python has GDAL's bindings.
bool have_validator(std::string* script) {
    for (const char* s : {"/usr/share/doc/python3-gdal/examples/validate_gpkg.py",
                          "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py"}) {
        if (std::filesystem::exists(s) &&
            std::system("/usr/bin/python3 -c 'import osgeo.gdal' 2>/dev/null") == 0) {
            *script = s;
            return true;
        }
    }
    return false;
}

void expect_one_type_per_layer(const std::string& path) {
    std::map<std::string, std::string> declared;
    for (const auto& [table, types] : geometry_type_mismatches(path, &declared)) {
        std::string list;
        for (int t : types) list += std::to_string(t) + " ";
        ADD_FAILURE() << path << ": layer " << table << " declared " << declared[table]
                      << " holds type codes " << list;
    }
    EXPECT_EQ(declared["plan_items"], "GEOMETRY") << "plan items hold areas, routes and points";
    EXPECT_EQ(declared["buildings"], "POLYGON");
    EXPECT_EQ(declared["streets"], "LINESTRING");
    EXPECT_EQ(declared["pois"], "POINT");
    std::string validator;
    if (!have_validator(&validator)) {
        std::fprintf(stderr,
                     "GDAL's validate_gpkg.py (python3-gdal) not usable: the validator run is skipped\n");
        return;
    }
    const std::string out =
        nbhd_test::capture("/usr/bin/python3 " + validator + " '" + path + "' 2>&1; echo \"rc=$?\"");
    EXPECT_NE(out.find("rc=0"), std::string::npos) << out;
}

}  // namespace

TEST(GeometryTypes, EveryLayerOfAGeneratedDistrictHoldsItsDeclaredType) {
    const std::string path = nbhd_test::temp_dir() + "/district.gpkg";
    auto r = nbhd_test::run_nbhd({"generate", "district", "--out", path});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    expect_one_type_per_layer(path);
}

TEST(GeometryTypes, TheShippedDistrictAndPlanItemsOfEveryKindPassTheChecks) {
    const std::string data = hh_test::data_copy();
    // An area, a line and a point item into the one generic layer.
    for (const std::vector<std::string>& add :
         {std::vector<std::string>{"hardening",
                                   "POLYGON((530030 3400300,530060 3400300,530060 3400330,530030 "
                                   "3400330,530030 3400300))"},
          std::vector<std::string>{"fence", "LINESTRING(530030 3400300,530130 3400300)"},
          std::vector<std::string>{"gate", "POINT(530220 3400300)"}}) {
        auto r =
            nbhd(data, {"plan", "add", add[0], "--wkt", add[1], "--project", "xingzheng-south", "--append"});
        EXPECT_EQ(r.exit_code, 0) << add[0] << ": " << r.err;
    }
    expect_one_type_per_layer(data);
}

TEST(HouseholdsExport, UnmaskedCsvKeepsAllEighteenDigitsOfIdNumbersAsText) {
    const std::string data = hh_test::data_copy();
    const std::string out = nbhd_test::temp_dir() + "/all.csv";
    auto r = nbhd(data, {"households", "export", "--out", out, "--include-personal-data"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string csv = nbhd_test::slurp(out);
    int checked = 0;
    for (const auto& h : hh_test::shipped().households) {
        if (h.id_number.size() != 18) continue;
        // Quoted, led by a tab: a spreadsheet reads the cell as text, not as a 15-digit number.
        EXPECT_NE(csv.find("\"\t" + h.id_number + "\""), std::string::npos) << h.household_no;
        ++checked;
    }
    EXPECT_GT(checked, 1000);
    // Read back as text (GDAL's CSV reader, as a program reads it): the column keeps 18 characters.
    auto ds = gis::io::Dataset::open(out);
    ASSERT_TRUE(ds.ok());
    auto layer = ds->read_layer(ds->layers().front().name);
    ASSERT_TRUE(layer.ok());
    int id_col = -1;
    for (std::size_t i = 0; i < layer->info.fields.size(); ++i)
        if (layer->info.fields[i].type == gis::io::FieldType::String) {
            const auto& first = layer->features.front().values[i];
            const std::string t = gis::io::to_display(first);
            if (t.size() == 19 && t[0] == '\t') id_col = static_cast<int>(i);
        }
    ASSERT_GE(id_col, 0) << "no tab-led ID column";
    std::set<std::string> ids;
    for (const auto& h : hh_test::shipped().households) ids.insert(h.id_number);
    for (const auto& f : layer->features) {
        std::string t = gis::io::to_display(f.values[static_cast<std::size_t>(id_col)]);
        ASSERT_EQ(t.front(), '\t');
        t.erase(0, 1);
        EXPECT_TRUE(ids.count(t)) << t;
    }
}

TEST(HouseholdsExport, XlsxHasAFilteredFrozenHeaderRow) {
    const std::string data = hh_test::data_copy();
    const std::string out = nbhd_test::temp_dir() + "/list.xlsx";
    auto r = nbhd(data, {"households", "export", "--out", out});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string sheet = nbhd_test::capture("unzip -p '" + out + "' xl/worksheets/sheet1.xml");
    ASSERT_FALSE(sheet.empty());
    const std::size_t rows = hh_test::shipped().households.size();
    EXPECT_NE(sheet.find("<autoFilter ref=\"A1:M" + std::to_string(rows + 1) + "\"/>"), std::string::npos)
        << sheet.substr(0, 600);
    EXPECT_NE(sheet.find("state=\"frozen\"/>"), std::string::npos);
    EXPECT_NE(sheet.find("<pane ySplit=\"1\" topLeftCell=\"A2\""), std::string::npos);
    // sheetViews before the table, autoFilter after it (the schema's order: Excel refuses others).
    EXPECT_LT(sheet.find("<sheetViews>"), sheet.find("<sheetData>"));
    EXPECT_GT(sheet.find("<autoFilter"), sheet.find("</sheetData>"));
    // Still a workbook GDAL (and so LibreOffice's and Excel's readers) opens, every row there.
    ::setenv("OGR_XLSX_HEADERS", "FORCE", 1);
    auto ds = gis::io::Dataset::open(out);
    ASSERT_TRUE(ds.ok());
    auto layer = ds->read_layer(ds->layers().front().name);
    ASSERT_TRUE(layer.ok());
    EXPECT_EQ(layer->features.size(), rows);
}
