// nbhd district scan / import as an office would use them: the shipped district exported by a script that
// is not nbhd (GDAL's Python bindings and openpyxl) to the files a real community holds (a CASS survey
// drawing, GBK shapefiles without .cpg, GeoJSON in lon/lat, GCJ-02 points from a phone app, an 一标三实
// register with a title row), scanned, imported and compared with the original.

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <tuple>

#include "run_command.hpp"

using nbhd_test::run_nbhd;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

/// The office's files, made from the shipped district by tests/data/office/make_office_files.py.
std::string office_files() {
    const std::string dir = nbhd_test::temp_dir() + "/office";
    if (!fs::exists(dir)) {
        const std::string cmd = "/usr/bin/python3 '" NBHD_TEST_DATA_DIR
                                "/office/make_office_files.py' '" NBHD_ASSET_FILE "' '" +
                                dir + "' >/dev/null";
        EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    }
    return dir;
}

std::string scan(const std::vector<std::string>& inputs, const std::string& manifest) {
    std::vector<std::string> args = {"district", "scan"};
    args.insert(args.end(), inputs.begin(), inputs.end());
    for (const char* a :
         {"--name", "重华社区", "--name-en", "Chonghua Community", "--crs", "EPSG:4546", "--force", "--out"})
        args.push_back(a);
    args.push_back(manifest);
    auto r = run_nbhd(args);
    EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
    return nbhd_test::slurp(manifest);
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

/// The round trip, done once per test process: files -> manifest -> district.
struct RoundTrip {
    std::string dir, manifest, out;
    nbhd_test::CommandResult import;
};
const RoundTrip& round_trip() {
    static RoundTrip rt = [] {
        RoundTrip t;
        t.dir = office_files();
        t.manifest = t.dir + "/../district.toml";
        scan({t.dir}, t.manifest);
        t.out = t.dir + "/../imported.gpkg";
        t.import = run_nbhd({"district", "import", t.manifest, "--out", t.out, "--force"});
        return t;
    }();
    return rt;
}

json info(const std::string& data) {
    auto r = run_nbhd({"--data", data, "info", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out);
}

struct Gdal {
    std::unique_ptr<GDALDataset> ds;
    explicit Gdal(const std::string& path, bool update = false) {
        GDALAllRegister();
        ds.reset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | (update ? GDAL_OF_UPDATE : 0)));
        EXPECT_TRUE(ds) << path;
    }
};

}  // namespace

/// The round trip's manifest with its [households] section reading `register_csv` (beside the manifest),
/// its fields mapped as a register with 户号, 标准地址, 户主姓名, 家庭人口 (`extra`: more settings of the
/// section, e.g. its header row), written to `manifest`.
void write_register_manifest(const RoundTrip& rt, const std::string& register_csv,
                             const std::string& manifest, const std::string& extra = "") {
    std::string m = nbhd_test::slurp(rt.manifest);
    const auto a = m.find("[households]");
    const auto b = m.find("\n[", m.find("[households.fields]") + 1);
    m.replace(a, b - a,
              "[households]\nsource = '" + register_csv + "'\n" + extra +
                  "[households.fields]\nhousehold_no = '户号'\n"
                  "address = { field = '标准地址', rule = 'address' }\nhead_name = '户主姓名'\nsize = "
                  "'家庭人口'\n");
    write_file(manifest, m);
}

TEST(DistrictImport, RoundTripOfTheOfficeFilesReproducesEveryFigureOfInfo) {
    const RoundTrip& rt = round_trip();
    ASSERT_EQ(rt.import.exit_code, 0) << rt.import.err << rt.import.out;
    json a = info(NBHD_ASSET_FILE);
    json b = info(rt.out);
    for (auto& [key, value] : a.items()) {
        if (key == "data_set") continue;
        if (key == "extent") {
            for (int i = 0; i < 4; ++i)
                EXPECT_NEAR(b[key][i].get<double>(), value[i].get<double>(), 0.01) << key;
        } else if (value.is_number_float()) {
            EXPECT_NEAR(b[key].get<double>(), value.get<double>(),
                        1e-4 * std::max(1.0, std::abs(value.get<double>())))
                << key;
        } else {
            EXPECT_EQ(b[key], value) << key;
        }
    }
    auto check = run_nbhd({"--data", rt.out, "check"});
    EXPECT_EQ(check.exit_code, 0) << check.out;
}

TEST(DistrictImport, EveryHouseholdLandsInTheSameFlatWithItsPersonalDataIntact) {
    const RoundTrip& rt = round_trip();
    ASSERT_EQ(rt.import.exit_code, 0) << rt.import.err;
    using Record = std::tuple<int, int, int, int, std::string, std::string, std::string, int>;
    auto read = [](const std::string& path) {
        std::map<std::string, Record> m;
        Gdal g(path);
        OGRLayer* l = g.ds->GetLayerByName("households");
        for (auto& f : *l)
            m[f->GetFieldAsString("household_no")] = {
                f->GetFieldAsInteger("building_number"), f->GetFieldAsInteger("entrance"),
                f->GetFieldAsInteger("floor"),           f->GetFieldAsInteger("flat"),
                f->GetFieldAsString("head_name"),        f->GetFieldAsString("phone"),
                f->GetFieldAsString("id_number"),        f->GetFieldAsInteger("size")};
        return m;
    };
    auto a = read(NBHD_ASSET_FILE);
    auto b = read(rt.out);
    ASSERT_EQ(a.size(), 1037u);
    EXPECT_EQ(a, b);
}

TEST(DistrictImport, PipesKeepTheirLengthsAndPhonePointsComeBackFromGcj02WithinACentimetre) {
    const RoundTrip& rt = round_trip();
    ASSERT_EQ(rt.import.exit_code, 0) << rt.import.err;
    Gdal a(NBHD_ASSET_FILE), b(rt.out);
    auto lengths = [](GDALDataset* ds) {
        std::vector<double> v;
        for (auto& f : *ds->GetLayerByName("gas_pipes"))
            v.push_back(f->GetGeometryRef()->toLineString()->get_Length());
        return v;
    };
    auto la = lengths(a.ds.get()), lb = lengths(b.ds.get());
    ASSERT_EQ(la.size(), lb.size());
    for (std::size_t i = 0; i < la.size(); ++i) EXPECT_NEAR(la[i], lb[i], 0.1) << "pipe " << i + 1;
    for (const char* layer : {"shops", "pois", "graffiti"}) {
        OGRLayer* pa = a.ds->GetLayerByName(layer);
        OGRLayer* pb = b.ds->GetLayerByName(layer);
        ASSERT_EQ(pa->GetFeatureCount(), pb->GetFeatureCount()) << layer;
        pa->ResetReading();
        pb->ResetReading();
        for (int i = 0; i < pa->GetFeatureCount(); ++i) {
            std::unique_ptr<OGRFeature> fa(pa->GetNextFeature()), fb(pb->GetNextFeature());
            const OGRPoint* p = fa->GetGeometryRef()->toPoint();
            const OGRPoint* q = fb->GetGeometryRef()->toPoint();
            ASSERT_LT(std::hypot(p->getX() - q->getX(), p->getY() - q->getY()), 0.01)
                << layer << " " << i + 1;
        }
    }
}

TEST(DistrictImport, ScanReadsTheOfficeFilesAsTheyAre) {
    const RoundTrip& rt = round_trip();
    const std::string m = nbhd_test::slurp(rt.manifest);
    // The building shapefile, GBK without a .cpg, detected; its Chinese fields mapped.
    EXPECT_NE(m.find("source = 'office/规划局/建筑物.shp'"), std::string::npos) << m;
    EXPECT_NE(m.find("encoding = 'CP936'"), std::string::npos);
    EXPECT_NE(m.find("floors = '层数'"), std::string::npos);
    EXPECT_NE(m.find("diameter_mm = { field = '管径', rule = 'diameter_dn' }"), std::string::npos);
    EXPECT_NE(m.find("pressure = { field = '压力级制', rule = 'pressure' }"), std::string::npos);
    // Phone points are never taken as WGS84 silently; the register's title row is skipped.
    EXPECT_NE(m.find("datum = 'gcj02'"), std::string::npos);
    EXPECT_NE(m.find("header_row = 2"), std::string::npos);
    EXPECT_NE(m.find("address = { field = '标准地址', rule = 'address' }"), std::string::npos);
    // The survey drawing is named as the other building source.
    EXPECT_NE(m.find("地形图.dxf (survey drawing) also holds buildings"), std::string::npos);
    // The district keeps its manifest.
    Gdal g(rt.out);
    std::unique_ptr<OGRLayer, void (*)(OGRLayer*)> dummy(nullptr, [](OGRLayer*) {});
    OGRLayer* md = g.ds->GetLayerByName("metadata");
    bool kept = false;
    for (auto& f : *md)
        if (std::string(f->GetFieldAsString("key")) == "manifest")
            kept = std::string(f->GetFieldAsString("value")).find("[gas_pipes]") != std::string::npos;
    EXPECT_TRUE(kept);
}

TEST(DistrictImport, SurveyDrawingAloneGivesTheBuildingsTheirNumbersFloorsAndEntrances) {
    const std::string dir = office_files();
    const std::string manifest = dir + "/../survey.toml";
    scan({dir + "/测绘/地形图.dxf", dir + "/开放数据/streets.geojson"}, manifest);
    const std::string out = dir + "/../survey.gpkg";
    auto r = run_nbhd({"district", "import", manifest, "--out", out, "--force"});
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    EXPECT_NE(r.out.find("entrances: from slab length (53)"), std::string::npos) << r.out;
    struct B {
        int floors, entrances;
        std::string side;
    };
    auto read = [](const std::string& path) {
        std::map<int, B> m;
        Gdal g(path);
        for (auto& f : *g.ds->GetLayerByName("buildings"))
            if (f->GetFieldAsInteger("number") > 0)
                m[f->GetFieldAsInteger("number")] = {f->GetFieldAsInteger("floors"),
                                                     f->GetFieldAsInteger("entrances"),
                                                     f->GetFieldAsString("entrance_side")};
        return m;
    };
    auto a = read(NBHD_ASSET_FILE), b = read(out);
    ASSERT_EQ(b.size(), 53u);
    for (const auto& [n, x] : a) {
        ASSERT_TRUE(b.count(n)) << "building " << n;
        EXPECT_EQ(b[n].floors, x.floors) << "building " << n;
        EXPECT_EQ(b[n].entrances, x.entrances) << "building " << n;
        EXPECT_EQ(b[n].side, x.side) << "building " << n;
    }
    EXPECT_EQ(info(out)["buildings_residential"], 53);
}

TEST(DistrictImport, AManifestNamingAFieldTheFileLacksIsRefusedAndWritesNothing) {
    const RoundTrip& rt = round_trip();
    std::string m = nbhd_test::slurp(rt.manifest);
    m = std::regex_replace(m, std::regex("floors = '层数'"), "floors = '楼层数'");
    const std::string bad = rt.dir + "/../bad_field.toml", out = rt.dir + "/../bad_field.gpkg";
    write_file(bad, m);
    auto r = run_nbhd({"district", "import", bad, "--out", out});
    EXPECT_EQ(r.exit_code, 5) << r.err;
    EXPECT_NE(r.err.find("楼层数"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("层数"), std::string::npos) << r.err;  // the fields it has
    EXPECT_FALSE(fs::exists(out));
}

TEST(DistrictImport, AnUnmappedRequiredFieldIsNamed) {
    const RoundTrip& rt = round_trip();
    std::string m = std::regex_replace(nbhd_test::slurp(rt.manifest), std::regex("\nfloors = '层数'"), "");
    const std::string bad = rt.dir + "/../no_floors.toml", out = rt.dir + "/../no_floors.gpkg";
    write_file(bad, m);
    auto r = run_nbhd({"district", "import", bad, "--out", out});
    EXPECT_EQ(r.exit_code, 5) << r.err;
    EXPECT_NE(r.err.find("floors is not mapped"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out));
}

TEST(DistrictImport, DegreesGivenAsMetresIsAWrongCrs) {
    const RoundTrip& rt = round_trip();
    std::string m = nbhd_test::slurp(rt.manifest);
    const auto at = m.find("[streets]");
    ASSERT_NE(at, std::string::npos);
    m.replace(m.find("crs = 'EPSG:4326'", at), 17, "crs = 'EPSG:4546'");
    const std::string bad = rt.dir + "/../degrees.toml", out = rt.dir + "/../degrees.gpkg";
    write_file(bad, m);
    auto r = run_nbhd({"district", "import", bad, "--out", out});
    EXPECT_EQ(r.exit_code, 6) << r.err;
    EXPECT_NE(r.err.find("longitude/latitude in degrees"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out));
}

TEST(DistrictImport, NoBuildingsFoundIsAnErrorNotAnEmptyDistrict) {
    const std::string dir = office_files();
    const std::string manifest = dir + "/../nobuildings.toml";
    std::string m = scan({dir + "/测绘/地形图.dxf", dir + "/开放数据/streets.geojson"}, manifest);
    m = std::regex_replace(m, std::regex("where = \"Layer = 'JMD'\""), "where = \"Layer = 'FWX'\"");
    write_file(manifest, m);
    const std::string out = dir + "/../nobuildings.gpkg";
    auto r = run_nbhd({"district", "import", manifest, "--out", out});
    EXPECT_EQ(r.exit_code, 9) << r.err;
    EXPECT_NE(r.err.find("no buildings found"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out));
}

TEST(DistrictImport, RegisterRowsThatFitNoFlatAreRejectedByRowAndNothingIsWrittenUnlessSkipped) {
    const RoundTrip& rt = round_trip();
    // A register with two bad rows: a building that does not exist and a flat listed twice.
    const std::string reg = rt.dir + "/../bad_register.csv";
    write_file(
        reg,
        "重华社区住户登记表\n户号,标准地址,户主姓名,家庭人口\nX-1,12-2-301,张三,3\nX-2,99-1-101,李四,2\n"
        "X-3,12栋2单元301室,王五,1\nX-4,12号楼1单元101,赵六,4\n");
    const std::string bad = rt.dir + "/../bad_register.toml", out = rt.dir + "/../bad_register.gpkg";
    write_register_manifest(rt, "bad_register.csv", bad, "header_row = 2\n");
    auto r = run_nbhd({"--lang", "en", "district", "import", bad, "--out", out});
    EXPECT_EQ(r.exit_code, 9) << r.err;
    EXPECT_NE(r.out.find("bad_register.csv row 4: no residential building 99"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("bad_register.csv row 5: the flat is already taken by an earlier row"),
              std::string::npos)
        << r.out;
    EXPECT_FALSE(fs::exists(out));
    auto zh = run_nbhd({"--lang", "zh", "district", "import", bad, "--dry-run"});
    EXPECT_NE(zh.out.find("没有居民楼 99"), std::string::npos) << zh.out;  // as households import says it
    auto skip = run_nbhd({"district", "import", bad, "--out", out, "--skip-bad"});
    ASSERT_EQ(skip.exit_code, 0) << skip.err;
    EXPECT_EQ(info(out)["households"], 2);
}

TEST(DistrictImport, ARegisterRowWithoutAHouseholdNumberGetsTheNextOfTheSeries) {
    const RoundTrip& rt = round_trip();
    // As households import does: a row whose 户号 is blank is numbered, not refused.
    const std::string reg = rt.dir + "/../blank_numbers.csv";
    write_file(reg, "户号,标准地址,户主姓名,家庭人口\nX-1,12-2-301,张三,3\n,12-1-101,李四,2\n");
    const std::string manifest = rt.dir + "/../blank_numbers.toml", out = rt.dir + "/../blank_numbers.gpkg";
    write_register_manifest(rt, "blank_numbers.csv", manifest);
    auto r = run_nbhd({"--lang", "en", "district", "import", manifest, "--out", out});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("rows without a household number: a series HH-NNNN (1)"), std::string::npos)
        << r.out;
    EXPECT_EQ(info(out)["households"], 2);
    auto found = run_nbhd({"--data", out, "household", "find", "12-1-101", "--json"});
    ASSERT_EQ(found.exit_code, 0) << found.err;
    EXPECT_NE(found.out.find("HH-0001"), std::string::npos) << found.out;
}

TEST(DistrictCheck, ADataSetWithItsOwnFieldNamesIsRefusedNamingTheField) {
    const std::string copy = nbhd_test::temp_dir() + "/own_names.gpkg";
    fs::copy_file(NBHD_ASSET_FILE, copy, fs::copy_options::overwrite_existing);
    {
        Gdal g(copy, true);
        g.ds->ExecuteSQL("ALTER TABLE buildings RENAME COLUMN floors TO 层数", nullptr, nullptr);
    }
    auto r = run_nbhd({"--data", copy, "check"});
    EXPECT_EQ(r.exit_code, 5) << r.out;
    EXPECT_NE(r.err.find("layer 'buildings' has no field 'floors'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("层数"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("nbhd district scan"), std::string::npos) << r.err;
    auto i = run_nbhd({"--data", copy, "info"});
    EXPECT_EQ(i.exit_code, 5);
}

TEST(DistrictCheck, NoResidentialBuildingIsAFailedCheckNotAPass) {
    const std::string copy = nbhd_test::temp_dir() + "/no_residential.gpkg";
    fs::copy_file(NBHD_ASSET_FILE, copy, fs::copy_options::overwrite_existing);
    {
        Gdal g(copy, true);
        g.ds->ExecuteSQL("UPDATE buildings SET kind = '住宅' WHERE kind = 'residential'", nullptr, nullptr);
    }
    auto r = run_nbhd({"--data", copy, "check"});
    EXPECT_EQ(r.exit_code, 9) << r.out;
    EXPECT_NE(r.out.find("none residential"), std::string::npos) << r.out;
}

TEST(DistrictCheck, AResidentialBuildingWithoutFloorsIsNamed) {
    const std::string copy = nbhd_test::temp_dir() + "/zero_floors.gpkg";
    fs::copy_file(NBHD_ASSET_FILE, copy, fs::copy_options::overwrite_existing);
    {
        Gdal g(copy, true);
        g.ds->ExecuteSQL("UPDATE buildings SET floors = 0 WHERE number = 12", nullptr, nullptr);
    }
    auto r = run_nbhd({"--data", copy, "check"});
    EXPECT_EQ(r.exit_code, 9) << r.out;
    EXPECT_NE(r.out.find("residential building with floors 0"), std::string::npos) << r.out;
}

TEST(DistrictImport, TheImportedGasNetworkChecksCleanAndRenewsTheSamePipe) {
    const RoundTrip& rt = round_trip();
    ASSERT_EQ(rt.import.exit_code, 0) << rt.import.err;
    auto g = run_nbhd({"--data", rt.out, "gas", "check"});
    EXPECT_EQ(g.exit_code, 0) << g.out;
    auto pipeline = [](const std::string& data) {
        auto r = run_nbhd({"--data", data, "plan", "pipeline", "--scope", "compound", "--json"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return json::parse(r.out);
    };
    json a = pipeline(NBHD_ASSET_FILE), b = pipeline(rt.out);
    EXPECT_NEAR(b["length_m"].get<double>(), a["length_m"].get<double>(), 0.1);
    EXPECT_EQ(b["households_interrupted"], a["households_interrupted"]);
}

TEST(PlanScope, ANamedAreaIsAScopeAndAnUnknownOneListsTheAreas) {
    auto hardening = [](const std::string& scope) {
        return run_nbhd({"--data", NBHD_ASSET_FILE, "plan", "hardening", "--scope", scope, "--json"});
    };
    auto compound = hardening("compound"), named = hardening("area:行政南小区"),
         english = hardening("area:Xingzheng South compound");
    ASSERT_EQ(compound.exit_code, 0) << compound.err;
    ASSERT_EQ(named.exit_code, 0) << named.err;
    ASSERT_EQ(english.exit_code, 0) << english.err;
    EXPECT_DOUBLE_EQ(json::parse(named.out)["area_m2"].get<double>(),
                     json::parse(compound.out)["area_m2"].get<double>());
    EXPECT_EQ(json::parse(named.out)["households_served"], json::parse(compound.out)["households_served"]);
    auto unknown = hardening("area:幸福里");
    EXPECT_EQ(unknown.exit_code, 3);
    EXPECT_NE(unknown.err.find("行政南小区"), std::string::npos) << unknown.err;
    auto bad = hardening("everywhere");
    EXPECT_EQ(bad.exit_code, 1) << bad.err;  // a usage error, named by the option's check
}

TEST(DistrictImport, ADistrictWithoutACompoundPrintsNoCompoundRowsAndItsBriefNamesItsOwnSource) {
    const std::string dir = office_files();
    const std::string manifest = dir + "/../plain.toml";
    scan({dir + "/规划局", dir + "/开放数据/streets.geojson", dir + "/燃气公司", dir + "/一标三实"},
         manifest);
    const std::string out = dir + "/../plain.gpkg";
    auto r = run_nbhd({"district", "import", manifest, "--out", out, "--force"});
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    auto i = run_nbhd({"--lang", "en", "--data", out, "info"});
    ASSERT_EQ(i.exit_code, 0) << i.err;
    EXPECT_EQ(i.out.find("compound"), std::string::npos) << i.out;
    EXPECT_EQ(i.out.find("Xingzheng"), std::string::npos) << i.out;
    EXPECT_NE(i.out.find("1,037"), std::string::npos) << i.out;
    // No project yet: the brief says how to add one; with one over the district, it is written.
    const std::string pdf = dir + "/../plain.pdf";
    auto none = run_nbhd({"--data", out, "brief", "--out", pdf});
    EXPECT_EQ(none.exit_code, 3) << none.err;
    EXPECT_NE(none.err.find("nbhd project add"), std::string::npos) << none.err;
    auto add = run_nbhd({"--data", out, "project", "add", "renewal", "--name", "燃气管网改造", "--budget",
                         "800000", "--area", "district"});
    ASSERT_EQ(add.exit_code, 0) << add.err;
    auto brief = run_nbhd({"--lang", "zh", "--data", out, "brief", "--out", pdf});
    ASSERT_EQ(brief.exit_code, 0) << brief.err;
    const std::string text_file = pdf + ".txt";
    ASSERT_EQ(std::system(("pdftotext '" + pdf + "' '" + text_file + "'").c_str()), 0);
    const std::string text = nbhd_test::slurp(text_file);
    EXPECT_NE(text.find("数据由本社区文件导入"), std::string::npos) << text.substr(0, 2000);
    EXPECT_EQ(text.find("合成数据"), std::string::npos);
    EXPECT_EQ(text.find("行政南"), std::string::npos);
}

TEST(DistrictImport, TheDistrictIsWrittenInItsOwnCrs) {
    const std::string dir = office_files();
    const std::string manifest = dir + "/../zone.toml";
    std::vector<std::string> args = {
        "district", "scan",     dir + "/规划局", dir + "/开放数据/streets.geojson",
        "--name",   "重华社区", "--crs",         "EPSG:4547",
        "--force",  "--out",    manifest};
    auto s = run_nbhd(args);
    ASSERT_EQ(s.exit_code, 0) << s.err;
    const std::string out = dir + "/../zone.gpkg";
    auto r = run_nbhd({"district", "import", manifest, "--out", out, "--force"});
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    Gdal g(out);
    for (const char* layer : {"buildings", "streets", "entrances", "boundary"}) {
        const OGRSpatialReference* srs = g.ds->GetLayerByName(layer)->GetSpatialRef();
        ASSERT_TRUE(srs) << layer;
        EXPECT_STREQ(srs->GetAuthorityCode(nullptr), "4547") << layer;
    }
    EXPECT_EQ(info(out)["crs"], "EPSG:4547");
}

TEST(DistrictImport, ASourceInTheWrongZoneIsAWrongCrsNotADistrictSpreadOver300Km) {
    const RoundTrip& rt = round_trip();
    std::string m = nbhd_test::slurp(rt.manifest);
    const auto at = m.find("[buildings]");
    ASSERT_NE(at, std::string::npos);
    m.replace(m.find("crs = 'EPSG:4546'", at), 17, "crs = 'EPSG:4547'");
    const std::string bad = rt.dir + "/../wrong_zone.toml", out = rt.dir + "/../wrong_zone.gpkg";
    write_file(bad, m);
    auto r = run_nbhd({"district", "import", bad, "--out", out});
    EXPECT_EQ(r.exit_code, 6) << r.err;
    EXPECT_NE(r.err.find("km from [buildings]"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out));
    // Nor is a district CRS in degrees accepted by scan.
    auto s = run_nbhd(
        {"district", "scan", rt.dir, "--name", "x", "--crs", "EPSG:4326", "--out", rt.dir + "/../deg.toml"});
    EXPECT_EQ(s.exit_code, 6) << s.err;
    EXPECT_NE(s.err.find("EPSG:4547 for 112.5-115.5E"), std::string::npos) << s.err;
}

TEST(DistrictImport, ADryRunFailsWhereTheImportWouldAndSettingsAreChecked) {
    const RoundTrip& rt = round_trip();
    std::string m = nbhd_test::slurp(rt.manifest);
    m = std::regex_replace(m, std::regex("lane_surface = 'unpaved'"), "lane_surface = 'gravel'");
    const std::string bad = rt.dir + "/../bad_setting.toml";
    write_file(bad, m);
    auto r = run_nbhd({"district", "import", bad, "--dry-run"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("lane_surface must be"), std::string::npos) << r.err;
    // A register row that fits nowhere fails the dry run too (exit 9), so a script can check first.
    write_file(rt.dir + "/../one_bad.csv", "户号,标准地址,户主姓名,家庭人口\nX-1,99-1-101,李四,2\n");
    write_register_manifest(rt, "one_bad.csv", rt.dir + "/../one_bad.toml");
    auto dry = run_nbhd({"district", "import", rt.dir + "/../one_bad.toml", "--dry-run"});
    EXPECT_EQ(dry.exit_code, 9) << dry.err;
    EXPECT_NE(dry.err.find("the import would write nothing"), std::string::npos) << dry.err;
}

TEST(DistrictImport, AWriterKilledEarlierLeavesNoFileBehindTheNextImport) {
    const RoundTrip& rt = round_trip();
    const std::string out = rt.dir + "/../orphan.gpkg";
    // What a writer killed with SIGKILL leaves: its temporary file, named after a process that is gone.
    const std::string orphan = out + ".tmp-999999999.gpkg";
    write_file(orphan, "half a district");
    auto r = run_nbhd({"district", "import", rt.manifest, "--out", out});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_FALSE(fs::exists(orphan));
    EXPECT_TRUE(fs::exists(out));
}

TEST(HouseholdsWithin, AnAreaInLongitudeAndLatitudeIsAWrongCrsNotZeroHouseholds) {
    auto r = run_nbhd({"--data", NBHD_ASSET_FILE, "households", "within", "--wkt",
                       "POLYGON((111.3 30.7,111.31 30.7,111.31 30.71,111.3 30.71,111.3 30.7))"});
    EXPECT_EQ(r.exit_code, 6) << r.out;
    EXPECT_NE(r.err.find("looks like longitude/latitude"), std::string::npos) << r.err;
    auto far = run_nbhd({"--data", NBHD_ASSET_FILE, "households", "within", "--wkt",
                         "POLYGON((100000 200000,100100 200000,100100 200100,100000 200100,100000 200000))"});
    EXPECT_EQ(far.exit_code, 2) << far.out;
    EXPECT_NE(far.err.find("lies outside the district"), std::string::npos) << far.err;
}

TEST(DistrictImport, AnOpenStreetMapExtractGivesBuildingsAndStreets) {
    // A hand-written extract: two numbered slabs (building:levels in other_tags), a school, two streets
    // (one with a width tag, one without), in lon/lat.
    const std::string dir = nbhd_test::temp_dir() + "/osm";
    fs::create_directories(dir);
    auto node = [](int id, double lon, double lat) {
        return "<node id=\"" + std::to_string(id) + "\" lat=\"" + std::to_string(lat) + "\" lon=\"" +
               std::to_string(lon) + "\"/>\n";
    };
    auto way = [](int id, std::vector<int> refs, const std::string& tags) {
        std::string s = "<way id=\"" + std::to_string(id) + "\">";
        for (int r : refs) s += "<nd ref=\"" + std::to_string(r) + "\"/>";
        return s + tags + "</way>\n";
    };
    // About 111.3 E, 30.7 N: 0.0001 degree is about 9.6 m east and 11.1 m north.
    std::string osm =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\" generator=\"test\">\n";
    osm += node(1, 111.3000, 30.7000) + node(2, 111.3004, 30.7000) + node(3, 111.3004, 30.7001) +
           node(4, 111.3000, 30.7001);  // 38 m x 11 m
    osm += node(5, 111.3000, 30.7004) + node(6, 111.3004, 30.7004) + node(7, 111.3004, 30.7005) +
           node(8, 111.3000, 30.7005);
    osm += node(9, 111.3010, 30.7000) + node(10, 111.3013, 30.7000) + node(11, 111.3013, 30.7003) +
           node(12, 111.3010, 30.7003);
    osm += node(20, 111.2990, 30.6995) + node(21, 111.3020, 30.6995) + node(22, 111.2990, 30.6990) +
           node(23, 111.3020, 30.6990);
    osm += way(100, {1, 2, 3, 4, 1},
               "<tag k=\"building\" v=\"apartments\"/><tag k=\"building:levels\" v=\"6\"/><tag k=\"name\" "
               "v=\"1号楼\"/>");
    osm += way(101, {5, 6, 7, 8, 5},
               "<tag k=\"building\" v=\"residential\"/><tag k=\"building:levels\" v=\"5\"/><tag k=\"name\" "
               "v=\"2号楼\"/>");
    osm += way(102, {9, 10, 11, 12, 9},
               "<tag k=\"building\" v=\"school\"/><tag k=\"building:levels\" v=\"3\"/><tag k=\"name\" "
               "v=\"幸福小学\"/>");
    osm += way(
        110, {20, 21},
        "<tag k=\"highway\" v=\"residential\"/><tag k=\"name\" v=\"幸福路\"/><tag k=\"width\" v=\"14\"/>");
    osm += way(111, {22, 23}, "<tag k=\"highway\" v=\"secondary\"/><tag k=\"name\" v=\"建设路\"/>");
    osm += "</osm>\n";
    write_file(dir + "/幸福里.osm", osm);
    const std::string manifest = dir + "/osm.toml";
    auto s =
        run_nbhd({"district", "scan", dir, "--name", "幸福里社区", "--crs", "EPSG:4546", "--out", manifest});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    const std::string m = nbhd_test::slurp(manifest);
    EXPECT_NE(m.find("where = 'building IS NOT NULL'"), std::string::npos) << m;
    EXPECT_NE(m.find("floors = 'building:levels'"), std::string::npos) << m;
    EXPECT_NE(m.find("rule = 'osm_building'"), std::string::npos) << m;
    EXPECT_NE(m.find("rule = 'number_in_name'"), std::string::npos) << m;
    const std::string out = dir + "/osm.gpkg";
    auto r = run_nbhd({"--lang", "en", "district", "import", manifest, "--out", out});
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    EXPECT_NE(r.out.find("width: streets without one took their class's typical width (1)"),
              std::string::npos)
        << r.out;
    Gdal g(out);
    std::map<int, std::pair<std::string, int>> buildings;  // number -> kind, floors
    int school_floors = 0;
    for (auto& f : *g.ds->GetLayerByName("buildings")) {
        if (std::string(f->GetFieldAsString("kind")) == "school")
            school_floors = f->GetFieldAsInteger("floors");
        else
            buildings[f->GetFieldAsInteger("number")] = {f->GetFieldAsString("kind"),
                                                         f->GetFieldAsInteger("floors")};
    }
    EXPECT_EQ(buildings[1], (std::pair<std::string, int>{"residential", 6}));
    EXPECT_EQ(buildings[2], (std::pair<std::string, int>{"residential", 5}));
    EXPECT_EQ(school_floors, 3);
    std::map<std::string, std::pair<std::string, double>> streets;
    for (auto& f : *g.ds->GetLayerByName("streets"))
        streets[f->GetFieldAsString("name")] = {f->GetFieldAsString("class"), f->GetFieldAsDouble("width_m")};
    EXPECT_EQ(streets["幸福路"], (std::pair<std::string, double>{"local", 14.0}));
    EXPECT_EQ(streets["建设路"], (std::pair<std::string, double>{"secondary", 20.0}));
    EXPECT_EQ(info(out)["buildings_residential"], 2);
}

TEST(DistrictImport, PhonePointsWithoutADatumAreRefusedNotTakenAsWgs84) {
    const RoundTrip& rt = round_trip();
    std::string m = nbhd_test::slurp(rt.manifest);
    m = std::regex_replace(m, std::regex("datum = 'gcj02'\n"), "");
    const std::string bad = rt.dir + "/../no_datum.toml";
    write_file(bad, m);
    auto r = run_nbhd({"district", "import", bad, "--dry-run"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("say which datum"), std::string::npos) << r.err;
}

TEST(DistrictImport, OneBuildingIsSetByHandInTheManifestOverTheDerivations) {
    const std::string dir = office_files();
    const std::string manifest = dir + "/../override.toml";
    std::string m = scan({dir + "/测绘/地形图.dxf", dir + "/开放数据/streets.geojson"}, manifest);
    EXPECT_NE(m.find("# [buildings.overrides]"), std::string::npos);
    write_file(manifest, m + "\n[buildings.overrides]\n\"1\" = { entrances = 3, entrance_side = \"S\" }\n");
    const std::string out = dir + "/../override.gpkg";
    auto r = run_nbhd({"--lang", "en", "district", "import", manifest, "--out", out, "--force"});
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    EXPECT_NE(r.out.find("set by hand in [buildings.overrides]: 1 buildings"), std::string::npos) << r.out;
    Gdal g(out);
    OGRLayer* b = g.ds->GetLayerByName("buildings");
    b->SetAttributeFilter("number = 1");
    std::unique_ptr<OGRFeature> one(b->GetNextFeature());
    ASSERT_TRUE(one);
    EXPECT_EQ(one->GetFieldAsInteger("entrances"), 3);
    EXPECT_STREQ(one->GetFieldAsString("entrance_side"), "S");
    OGRLayer* e = g.ds->GetLayerByName("entrances");
    e->SetAttributeFilter("building_number = 1");
    EXPECT_EQ(e->GetFeatureCount(), 3);
    // A value of the wrong kind, or a building that is not there, is refused before anything is written.
    for (const char* bad : {"\"1\" = { entrances = \"three\" }", "\"1\" = { entrance_side = \"up\" }",
                            "\"999\" = { floors = 6 }", "\"1\" = { number = 5 }"}) {
        write_file(manifest, m + "\n[buildings.overrides]\n" + bad + "\n");
        auto x = run_nbhd({"district", "import", manifest, "--out", dir + "/../override_bad.gpkg"});
        EXPECT_EQ(x.exit_code, 2) << bad << ": " << x.err;
        EXPECT_NE(x.err.find("overrides"), std::string::npos) << x.err;
        EXPECT_FALSE(fs::exists(dir + "/../override_bad.gpkg"));
    }
}

TEST(DistrictScan, WithoutACrsTheDistrictTakesTheZoneItsLonLatFilesLieIn) {
    // Buildings in longitude/latitude only (an OSM-style GeoJSON), no --crs: the map CRS rule picks the
    // CGCS2000 Gauss-Kruger zone they lie in and says so; files spread over the world are no district.
    const std::string dir = nbhd_test::temp_dir();
    auto polygon = [](double x, double y, double d) {
        auto p = [](double a, double b) { return "[" + std::to_string(a) + "," + std::to_string(b) + "]"; };
        return "[[" + p(x, y) + "," + p(x + d, y) + "," + p(x + d, y + d / 2) + "," + p(x, y + d / 2) + "," +
               p(x, y) + "]]";
    };
    auto buildings = [&](double x, double y, double d) {
        return std::string(R"({"type":"FeatureCollection","features":[)") +
               R"({"type":"Feature","properties":{"楼号":1,"层数":6},"geometry":{"type":"Polygon","coordinates":)" +
               polygon(x, y, d) + R"(}},{"type":"Feature","properties":{"楼号":2,"层数":5},"geometry":)" +
               R"({"type":"Polygon","coordinates":)" + polygon(x + 2 * d, y, d) + "}}]}";
    };
    fs::create_directories(dir + "/local");
    write_file(dir + "/local/建筑.geojson", buildings(111.30, 30.70, 0.0003));
    auto r = run_nbhd(
        {"--lang", "en", "district", "scan", dir + "/local", "--name", "测试", "--out", dir + "/local.toml"});
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    const std::string m = nbhd_test::slurp(dir + "/local.toml");
    EXPECT_NE(m.find("[district]\nname = '测试'\ncrs = 'EPSG:4546'"), std::string::npos) << m;
    EXPECT_NE(r.out.find("no projected CRS among the files: the district takes EPSG:4546, CGCS2000 3-degree "
                         "Gauss-Kruger zone, central meridian 111E"),
              std::string::npos)
        << r.out;

    fs::create_directories(dir + "/world");
    write_file(dir + "/world/建筑.geojson", buildings(-170, -50, 100));
    auto w = run_nbhd(
        {"--lang", "en", "district", "scan", dir + "/world", "--name", "测试", "--out", dir + "/world.toml"});
    EXPECT_EQ(w.exit_code, 6) << w.err;
    EXPECT_NE(w.err.find("spread too wide for one zone"), std::string::npos) << w.err;
    EXPECT_NE(w.err.find("--crs EPSG:N"), std::string::npos) << w.err;
    EXPECT_FALSE(fs::exists(dir + "/world.toml"));
}

TEST(DistrictScan, AZippedShapefileIsScannedAndReadInPlace) {
    // The gas company's shapefiles come zipped: the archive is scanned as a folder and its members are
    // read in place (nothing unpacked), by scan and by import alike.
    const std::string dir = nbhd_test::temp_dir();
    const std::string zip = dir + "/office.shp.zip";
    const std::string cmd = "ogr2ogr -f 'ESRI Shapefile' -lco ENCODING=UTF-8 '" + zip + "' '" +
                            std::string(NBHD_ASSET_FILE) + "' buildings 2>/dev/null";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    const std::string manifest = scan({zip}, dir + "/m.toml");
    EXPECT_NE(manifest.find("source = 'office.shp.zip/buildings.shp'"), std::string::npos) << manifest;
    EXPECT_NE(manifest.find("88 features, ESRI Shapefile"), std::string::npos) << manifest;
    EXPECT_TRUE(fs::exists(zip));
    for (const auto& e : fs::directory_iterator(dir))  // nothing unpacked beside it
        EXPECT_TRUE(e.path().extension() == ".zip" || e.path().extension() == ".toml") << e.path();
}

TEST(DistrictImport, ShapefilesFromOtherToolsAndNbhdsOwnRegisterImportAsTheyAre) {
    // What an office gets from ogr2ogr or ArcGIS: shapefiles, whose field names are cut to 10 characters
    // (flats_per_, diameter_m), and the register nbhd itself exports (房号 as the door number: 101).
    const std::string dir = nbhd_test::temp_dir() + "/own";
    fs::create_directories(dir + "/shp");
    const std::string cmd =
        "ogr2ogr -q -f 'ESRI Shapefile' -lco ENCODING=UTF-8 '" + dir +
        "/shp' '" NBHD_ASSET_FILE
        "' boundary buildings streets compound gas_pipes gas_valves >/dev/null 2>&1; echo $?";
    ASSERT_EQ(nbhd_test::capture(cmd), "0\n");
    // (from a copy: an unmasked export is recorded in the data set's audit log)
    const std::string copy = nbhd_test::temp_dir() + "/d.gpkg";
    fs::copy_file(NBHD_ASSET_FILE, copy);
    auto exported = run_nbhd(
        {"--data", copy, "households", "export", "--out", dir + "/住户登记.csv", "--include-personal-data"});
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    const std::string manifest = nbhd_test::temp_dir() + "/own.toml";
    auto s =
        run_nbhd({"district", "scan", dir, "--name", "试验社区", "--crs", "EPSG:4546", "--out", manifest});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    const std::string m = nbhd_test::slurp(manifest);
    EXPECT_NE(m.find("flats_per_floor = 'flats_per_'"), std::string::npos) << m;
    EXPECT_NE(m.find("field = 'diameter_m'"), std::string::npos) << m;
    EXPECT_NE(m.find("field = 'shop_groun'"), std::string::npos) << m;
    auto r =
        run_nbhd({"district", "import", manifest, "--out", nbhd_test::temp_dir() + "/own.gpkg", "--dry-run"});
    EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
    // households: 1,037 read, 1,037 imported, none rejected
    EXPECT_NE(r.out.find("1,037  1,037     0"), std::string::npos) << r.out;
}
