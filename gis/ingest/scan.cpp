#include "gis/ingest/scan.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "gis/core/input_file.hpp"
#include "gis/core/strings.hpp"
#include "gis/crs/crs.hpp"
#include "gis/district/loader.hpp"
#include "gis/district/schema.hpp"
#include "gis/ingest/rules.hpp"
#include "gis/ingest/source.hpp"
#include "gis/core/i18n.hpp"

namespace gis::ingest {
namespace {

namespace fs = std::filesystem;
namespace L = district::layers;

/// Lower-case ASCII; other text unchanged (Chinese has no case).
std::string fold(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool has_word(const std::string& text, const std::vector<const char*>& words) {
    const std::string t = fold(text);
    for (const char* w : words)
        if (t.find(w) != std::string::npos) return true;
    return false;
}

/// Words in a file or layer name that say which district layer it holds. Order matters where one word
/// is part of another (路面 before 路, 摊位 before 市场).
struct LayerWords {
    const char* layer;
    std::vector<const char*> words;
    std::vector<const char*> not_words;
};
const std::vector<LayerWords>& layer_words() {
    static const std::vector<LayerWords> w = {
        {L::kHouseholds, {"住户", "户籍", "一标三实", "登记", "household", "居民信息"}, {}},
        {L::kMediations, {"调解", "mediation", "纠纷"}, {}},
        {L::kGasValves, {"阀门", "valve", "阀"}, {}},
        {L::kGasStations, {"调压", "station"}, {}},
        {L::kGasPipes, {"管线", "管道", "燃气管", "gas_pipe", "pipe", "管网"}, {}},
        {L::kBoundary, {"边界", "界线", "boundary", "辖区"}, {}},
        {L::kStreetSurfaces, {"路面", "street_surface"}, {}},
        {L::kStreets, {"道路", "街道中心线", "中心线", "street", "road", "highway", "路网"}, {"路面"}},
        {L::kMarketStalls, {"摊位", "stall"}, {}},
        {L::kMarket, {"市场", "market"}, {"摊位", "stall"}},
        {L::kShops, {"商铺", "门店", "店铺", "shop"}, {}},
        {L::kPois, {"设施", "poi", "兴趣点", "服务站", "联络站", "党群", "学校", "卫生"}, {}},
        {L::kGraffiti, {"乱涂", "涂鸦", "graffiti"}, {}},
        {L::kIllegalStructures, {"违建", "违章", "乱搭", "illegal"}, {}},
        {L::kServiceAreas, {"片区", "网格", "service_area"}, {}},
        {L::kCompound, {"小区范围", "小区", "compound", "院落"}, {}},
        {L::kForecourts, {"楼前", "forecourt"}, {}},
        {L::kEntrances, {"单元入口", "入口", "entrance"}, {}},
        {L::kSurfaces, {"地面", "surface", "铺装"}, {"路面", "street"}},
        {L::kBuildings, {"建筑", "房屋", "楼栋", "building", "jmd", "bldg", "楼"}, {}},
    };
    return w;
}

/// Source field names that hold a district field, and the rules worth trying on its values (the first
/// that reads every sample wins; none: read as the field's type).
struct FieldWords {
    const char* layer;
    const char* field;
    std::vector<const char*> names;
    std::vector<const char*> rules;
};
const std::vector<FieldWords>& field_words() {
    static const std::vector<FieldWords> w = {
        {L::kBuildings,
         "number",
         {"楼号", "楼栋号", "栋号", "幢号", "number", "bldg_no", "building_no"},
         {"int", "number_from_note"}},
        {L::kBuildings, "name", {"名称", "楼名", "name"}, {}},
        {L::kBuildings, "kind", {"类型", "用途", "建筑类型", "kind", "building"}, {"building_kind"}},
        {L::kBuildings,
         "floors",
         {"层数", "楼层数", "地上层数", "floors", "building:levels", "levels"},
         {"int", "floors_from_note"}},
        {L::kBuildings, "entrances", {"单元数", "entrances"}, {}},
        {L::kBuildings, "flats_per_floor", {"每层户数", "梯户", "flats_per_floor"}, {}},
        {L::kBuildings, "entrance_side", {"入口朝向", "入口方向", "entrance_side"}, {"side"}},
        {L::kBuildings,
         "year_built",
         {"建成年代", "建成年份", "建造年代", "竣工年份", "year_built", "start_date"},
         {"year"}},
        {L::kBuildings, "in_compound", {"小区内", "in_compound"}, {"yes_no"}},
        {L::kBuildings, "shop_ground_floor", {"底商", "shop_ground_floor"}, {"yes_no"}},
        {L::kBuildings, "height_m", {"高度", "建筑高度", "height", "height_m"}, {}},
        {L::kStreets, "name", {"name", "名称", "路名", "道路名称"}, {}},
        {L::kStreets, "name_en", {"name:en", "name_en", "英文名"}, {}},
        {L::kStreets, "class", {"class", "highway", "等级", "道路等级"}, {"street_class"}},
        {L::kStreets, "width_m", {"width_m", "width", "路宽", "宽度", "道路宽度"}, {}},
        {L::kStreets, "in_compound", {"in_compound", "小区内"}, {"yes_no"}},
        {L::kGasPipes, "kind", {"类型", "管线类型", "kind"}, {"pipe_kind"}},
        {L::kGasPipes, "diameter_mm", {"管径", "口径", "diameter", "diameter_mm"}, {"diameter_dn"}},
        {L::kGasPipes, "material", {"材质", "管材", "material"}, {"material"}},
        {L::kGasPipes, "pressure", {"压力级制", "压力等级", "压力", "pressure"}, {"pressure"}},
        {L::kGasPipes, "year", {"敷设年代", "敷设年份", "建设年代", "year"}, {"year"}},
        {L::kGasPipes, "status", {"状态", "运行状态", "status"}, {"pipe_status"}},
        {L::kGasPipes, "in_compound", {"in_compound", "小区内"}, {"yes_no"}},
        {L::kGasPipes, "building_number", {"楼号", "building_number"}, {}},
        {L::kGasPipes, "entrance", {"单元", "entrance"}, {}},
        {L::kGasValves, "state", {"状态", "开关状态", "state"}, {"valve_state"}},
        {L::kGasValves, "operable", {"可操作", "是否可操作", "operable"}, {"yes_no"}},
        {L::kGasValves, "diameter_mm", {"管径", "口径", "diameter_mm"}, {"diameter_dn"}},
        {L::kGasValves, "note", {"备注", "note"}, {}},
        {L::kGasStations, "name", {"名称", "name"}, {}},
        {L::kGasStations, "inlet_pressure", {"进口压力", "inlet_pressure"}, {"pressure"}},
        {L::kGasStations, "outlet_pressure", {"出口压力", "outlet_pressure"}, {"pressure"}},
        {L::kShops, "name", {"名称", "店名", "name"}, {}},
        {L::kShops, "trade", {"业态", "经营类别", "行业", "trade", "shop"}, {}},
        {L::kShops, "street", {"街道", "所在街道", "street", "addr:street"}, {}},
        {L::kShops, "address", {"地址", "门牌", "address"}, {}},
        {L::kPois, "name", {"名称", "name"}, {}},
        {L::kPois, "kind", {"类别", "类型", "kind"}, {}},
        {L::kPois, "note", {"备注", "note"}, {}},
        {L::kBoundary, "name", {"name", "名称", "社区名称"}, {}},
        {L::kBoundary, "subdistrict", {"subdistrict", "街道", "所属街道"}, {}},
        {L::kHouseholds, "household_no", {"户号", "household_no", "户编号"}, {}},
        {L::kHouseholds, "address", {"标准地址", "地址", "住址", "现住址", "address"}, {}},
        {L::kHouseholds, "building_number", {"楼号", "building_number"}, {}},
        {L::kHouseholds, "entrance", {"单元", "entrance"}, {}},
        {L::kHouseholds, "floor", {"楼层", "floor"}, {}},
        {L::kHouseholds, "flat", {"房号", "flat"}, {}},
        {L::kHouseholds, "head_name", {"户主姓名", "户主", "姓名", "head_name"}, {}},
        {L::kHouseholds, "phone", {"联系电话", "电话", "手机", "手机号码", "phone"}, {"phone"}},
        {L::kHouseholds, "id_number", {"公民身份号码", "身份证号", "身份证号码", "id_number"}, {}},
        {L::kHouseholds, "size", {"家庭人口", "人数", "户人口", "size"}, {}},
        {L::kHouseholds, "low_income", {"是否低保", "低保", "low_income"}, {"yes_no"}},
        {L::kHouseholds, "migrant", {"人员类别", "是否外来", "外来", "migrant"}, {"yes_no", "migrant"}},
        {L::kHouseholds, "tenant", {"是否租住", "租户", "租住", "tenant"}, {"yes_no", "tenant"}},
        {L::kHouseholds,
         "elderly_alone",
         {"是否独居老人", "是否独居", "独居老人", "独居", "elderly_alone"},
         {"yes_no"}},
        {L::kHouseholds, "party_members", {"党员人数", "党员", "party_members"}, {}},
        {L::kHouseholds, "moved_in", {"入住年份", "入住时间", "moved_in"}, {"year"}},
        {L::kMediations, "date", {"日期", "调解日期", "date"}, {}},
        {L::kMediations, "service_area", {"片区", "service_area"}, {}},
        {L::kMediations, "category", {"类别", "纠纷类别", "category"}, {}},
        {L::kMediations, "outcome", {"结果", "调解结果", "outcome"}, {}},
    };
    return w;
}

bool all_parse(const char* rule, const std::vector<std::string>& samples) {
    for (const auto& s : samples)
        if (!apply_rule(rule, s)) return false;
    return true;
}

const char* type_rule(io::FieldType t) {
    return t == io::FieldType::Integer ? "int" : t == io::FieldType::Real ? "real" : "text";
}

std::string rel(const std::string& file, const std::string& manifest_path) {
    std::error_code ec;
    fs::path base = fs::absolute(fs::path(manifest_path).parent_path(), ec);
    fs::path r = fs::relative(fs::absolute(file, ec), base, ec);
    return ec || r.empty() ? file : r.generic_string();
}

/// `file` relative to the manifest's folder without following links (a link to /dev/zero stays itself).
std::string rel_as_named(const std::string& file, const std::string& manifest_path) {
    std::error_code ec;
    const fs::path base = fs::absolute(fs::path(manifest_path).parent_path(), ec).lexically_normal();
    const fs::path r = fs::absolute(file, ec).lexically_normal().lexically_relative(base);
    return ec || r.empty() ? file : r.generic_string();
}

bool is_lon(const std::string& f) {
    const std::string x = fold(f);
    return x == "经度" || x == "lng" || x == "lon" || x == "longitude" || x == "x" || x == "经度(gcj02)";
}
bool is_lat(const std::string& f) {
    const std::string x = fold(f);
    return x == "纬度" || x == "lat" || x == "latitude" || x == "y";
}

/// The geometry a source offers a district layer.
std::string offered(const SourceLayerInfo& s, std::string* x, std::string* y) {
    if (s.geometry != "None") return s.geometry;
    for (const auto& f : s.fields)
        if (is_lon(f)) *x = f;
    for (const auto& f : s.fields)
        if (is_lat(f)) *y = f;
    return !x->empty() && !y->empty() ? "Point" : "None";
}

struct Candidate {
    std::string file;
    SourceLayerInfo info;
    std::string target;
    int score = 0;
    std::string x, y;
    std::string where;  ///< features of one kind in a mixed layer (OSM's multipolygons: buildings)
};

/// OpenStreetMap extracts: buildings are the multipolygons tagged building=*, streets the lines tagged
/// highway=*. The driver's other layers hold nothing a district needs.
bool propose_osm(const std::string& file, const SourceLayerInfo& info, std::vector<Candidate>& out,
                 ScannedSource& seen) {
    if (info.driver != "OSM") return false;
    auto has = [&](const char* f) {
        return std::find(info.fields.begin(), info.fields.end(), f) != info.fields.end();
    };
    if (info.name == "multipolygons" && has("building")) {
        out.push_back({file, info, L::kBuildings, 50, "", "", "building IS NOT NULL"});
        seen.target = L::kBuildings;
        seen.why = "OSM: building=*";
    } else if (info.name == "lines" && has("highway")) {
        out.push_back({file, info, L::kStreets, 50, "", "", "highway IS NOT NULL"});
        seen.target = L::kStreets;
        seen.why = "OSM: highway=*";
    } else {
        seen.why = _("OSM layer not used");
    }
    return true;
}

/// Proposes a mapping for every district field of `target` from the source's fields and values.
void propose_fields(const Candidate& c, LayerMapping& lm, std::vector<std::string>& undecided) {
    const district::LayerSchema& schema = *district::find_schema(c.target);
    std::set<std::string> used;
    auto sample_of = [&](const std::string& field) -> const std::vector<std::string>* {
        for (std::size_t i = 0; i < c.info.fields.size(); ++i)
            if (c.info.fields[i] == field) return &c.info.samples[i];
        return nullptr;
    };
    for (const auto& f : schema.fields) {
        // The source field: the district's own name first, then the synonyms.
        std::string found;
        std::vector<const char*> rules;
        for (const auto& fw : field_words()) {
            if (c.target != fw.layer || f.name != fw.field) continue;
            rules = fw.rules;
            for (const char* n : fw.names) {
                for (const auto& sf : c.info.fields)
                    if (found.empty() && !used.count(sf) && fold(sf) == fold(n)) found = sf;
            }
        }
        if (found.empty())
            for (const auto& sf : c.info.fields)
                if (!used.count(sf) && sf == f.name) found = sf;
        // A shapefile (dBase) keeps 10 characters of a field's name: flats_per_floor is flats_per_.
        if (found.empty() && f.name.size() > 10)
            for (const auto& sf : c.info.fields)
                if (found.empty() && !used.count(sf) && sf.size() == 10 &&
                    fold(sf) == fold(f.name.substr(0, 10)))
                    found = sf;
        if (found.empty()) continue;
        used.insert(found);
        FieldMapping fm;
        fm.field = found;
        const std::vector<std::string>* samples = sample_of(found);
        const std::vector<std::string> none;
        const auto& vals = samples ? *samples : none;
        if (c.target == L::kHouseholds && f.name == "address") {
            fm.rule = "address";
            fm.comment = "标准地址 parsed into 楼号/单元/楼层/房号";
        } else if (c.target == L::kBuildings && f.name == "kind" && c.info.driver == "OSM") {
            fm.rule = "osm_building";
        } else if (c.target == L::kStreets && f.name == "class") {
            fm.rule = "street_class";
            if (!all_parse("street_class", vals))
                undecided.push_back(gis::i18n::format(
                    _("[streets.fields] class: some values of {0} are not street classes; give values = { ... } "
                      "for them"),
                    found));
        } else {
            for (const char* r : rules)
                if (all_parse(r, vals)) {
                    fm.rule = r;
                    break;
                }
            if (fm.rule.empty() && !all_parse(type_rule(f.type), vals)) {
                if (!rules.empty()) fm.rule = rules.front();
                undecided.push_back(gis::i18n::format(
                    vals.empty() ? _("[{0}.fields] {1}: the values of {2} (e.g. none) do not read as {4}")
                                 : _("[{0}.fields] {1}: the values of {2} (e.g. {3}) do not read as {4}"),
                    c.target, f.name, found, vals.empty() ? std::string() : quote_for_message(vals.front(), 20),
                    fm.rule.empty() ? std::string(type_rule(f.type)) : fm.rule));
            }
            if (fm.rule == type_rule(f.type)) fm.rule.clear();
        }
        lm.fields[f.name] = std::move(fm);
    }
    // OSM and GeoJSON buildings often carry their number only in the name (1号楼).
    if (c.target == L::kBuildings && !lm.fields.count("number") && lm.fields.count("name")) {
        FieldMapping fm;
        fm.field = lm.fields["name"].field;
        fm.rule = "number_in_name";
        fm.comment = "the number inside the name (1号楼); other names give none";
        lm.fields["number"] = fm;
    }
    // Households placed by 楼号/单元/楼层/房号 columns need no address rule; by address, they do.
    if (c.target == L::kHouseholds && lm.fields.count("building_number") && lm.fields.count("address"))
        lm.fields.erase("address");
}

/// A field no source gives, filled by a derivation (the comment says why, in the manifest).
void derive_if_unmapped(LayerMapping& l, const char* field, const char* derivation, const char* why) {
    if (l.fields.count(field)) return;
    FieldMapping d;
    d.kind = FieldMapping::Kind::Derive;
    d.derive = derivation;
    d.comment = why;
    l.fields[field] = d;
}

/// A CASS survey drawing: JMD outlines with their notes become the buildings.
bool propose_cad(const std::string& file, const SourceLayerInfo& info, const ScanOptions& o,
                 std::vector<LayerMapping>& cad, std::vector<std::string>& undecided, ScannedSource& seen) {
    if (info.driver != "DXF" && info.driver != "DWG") return false;
    const bool jmd =
        std::find(info.dxf_layers.begin(), info.dxf_layers.end(), "JMD") != info.dxf_layers.end();
    if (!jmd) {
        seen.why = _("CAD drawing without a JMD (居民地) layer");
        return true;
    }
    LayerMapping lm;
    lm.target = L::kBuildings;
    lm.source = rel(file, o.manifest_path);
    lm.layer = info.name;
    lm.crs = o.crs;
    lm.where = "Layer = 'JMD'";
    lm.text_where = "Layer = 'JMD'";
    lm.close_lines = true;
    lm.comments = {
        "Survey drawing (CASS): building outlines are closed polylines on layer JMD; the notes inside",
        "(混6, 3栋) give floors and the building number. A drawing has no CRS: crs is the survey's."};
    FieldMapping fm;
    fm.field = "@text";
    fm.rule = "number_from_note";
    lm.fields["number"] = fm;
    fm.rule = "floors_from_note";
    lm.fields["floors"] = fm;
    FieldMapping d;
    d.kind = FieldMapping::Kind::Derive;
    d.derive = "numbered";
    d.comment = "residential when numbered; give values per building in a shapefile if you have one";
    lm.fields["kind"] = d;
    d.derive = "slab_length";
    d.comment = "1 单元 per about 12 m of slab";
    lm.fields["entrances"] = d;
    d.derive = "orientation";
    d.comment = "north for south-facing rows";
    lm.fields["entrance_side"] = d;
    d.derive = "floors";
    d.comment = "3 m a floor";
    lm.fields["height_m"] = d;
    FieldMapping two;
    two.kind = FieldMapping::Kind::Constant;
    two.constant = std::int64_t(2);
    two.comment = "2 flats per floor per entrance (the common walk-up)";
    lm.fields["flats_per_floor"] = two;
    seen.target = L::kBuildings;
    seen.why = _("CAD drawing with a JMD layer (building outlines and notes)");
    if (std::find(info.dxf_layers.begin(), info.dxf_layers.end(), "DLSS") != info.dxf_layers.end())
        undecided.push_back(gis::i18n::format(_("{0}: road edges on DLSS are not used: streets come from "
                                                "centrelines (a [streets] table with name, class and width_m)"),
                                              lm.source));
    cad.push_back(std::move(lm));
    return true;
}

}  // namespace

Result<ScanResult> scan_sources(const std::vector<std::string>& inputs, const ScanOptions& o) {
    if (o.name.empty()) return make_error(ErrorCode::BadInput, _("give the community's name with --name"));
    if (!o.crs.empty())
        if (auto c = require_district_crs(o.crs, "--crs"); !c) return c.error();
    std::vector<std::string> files;
    std::vector<ScannedSource> refused;  // in a folder, named like a source but no file (a device, a pipe)
    static const std::set<std::string> exts = {".shp", ".dxf",  ".geojson", ".json", ".kml",
                                               ".gpx", ".osm",  ".pbf",     ".csv",  ".xlsx",
                                               ".ods", ".gpkg", ".tab",     ".mif",  ".zip"};
    // A zip archive (the gas company's shapefiles, zipped) is scanned as a folder, read in place.
    auto add = [](std::vector<std::string>& to, const std::string& file) {
        if (fold(fs::path(file).extension().string()) != ".zip") return to.push_back(file);
        for (auto& member : archive_members(file)) to.push_back(std::move(member));
    };
    for (const auto& in : inputs) {
        std::error_code ec;
        const fs::path p = fs::u8path(in);
        if (!fs::exists(p, ec)) return make_error(ErrorCode::NotFound, gis::i18n::format(_("{0}: no such file or folder"), in));
        if (fs::is_directory(p, ec)) {
            std::vector<std::string> found;
            for (auto it = fs::recursive_directory_iterator(p, ec); it != fs::recursive_directory_iterator();
                 it.increment(ec)) {
                std::string e = it->path().extension().string();
                e = fold(e);
                if (!exts.count(e) || it->is_directory(ec)) continue;
                if (it->is_regular_file(ec))
                    add(found, it->path().string());
                else if (auto c = input::check_file(it->path().string()); !c)
                    refused.push_back({rel_as_named(it->path().string(), o.manifest_path), "", "", "", 0, "",
                                       c.error().message});
            }
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else {
            // A file named on the command line is checked before it is read: nothing is read from a device
            // or a pipe (/dev/zero never ends).
            if (auto c = input::check_file(in); !c) return c.error();
            add(files, in);
        }
    }
    ScanResult out;
    out.sources = refused;
    Manifest& m = out.manifest;
    m.path = o.manifest_path;
    m.name = o.name;
    m.name_en = o.name_en;
    m.crs = o.crs;
    std::vector<Candidate> candidates;
    BBox lonlat;                    // where the files in longitude/latitude lie
    std::vector<LayerMapping> cad;  // survey drawings' buildings: outlines and notes, the rest derived
    for (const auto& file : files) {
        // A district data set in the folder is an earlier import's result, not one of the office's files.
        if (fold(fs::path(file).extension().string()) == ".gpkg" && district::has_district_schema(file)) {
            out.sources.push_back({rel(file, o.manifest_path), "", "GPKG", "", 0, "",
                                   _("a district data set (an import's result), not a source")});
            continue;
        }
        auto layers = inspect_source(file);
        if (!layers) {
            out.sources.push_back({rel(file, o.manifest_path), "", "", "", 0, "", layers.error().message});
            continue;
        }
        for (const auto& info : *layers) {
            ScannedSource seen{
                rel(file, o.manifest_path), info.name, info.driver, info.geometry, info.features, "", ""};
            if (m.crs.empty() && !info.crs.empty() && !info.geographic && crs::require_metric(info.crs, file))
                m.crs = info.crs;
            if (info.geographic && crs::looks_like_lonlat(info.extent)) lonlat.expand(info.extent);
            if (propose_osm(file, info, candidates, seen)) {
                out.sources.push_back(seen);
                continue;
            }
            if (propose_cad(file, info, o, cad, m.undecided, seen)) {
                out.sources.push_back(seen);
                continue;
            }
            Candidate best;
            std::string x, y;
            const std::string geometry = offered(info, &x, &y);
            const std::string names = fs::path(file).stem().string() + " " + info.name + " " +
                                      fs::path(file).parent_path().filename().string();
            for (const auto& lw : layer_words()) {
                const district::LayerSchema* schema = district::find_schema(lw.layer);
                const std::string want = schema->geometry;
                const bool fits =
                    want == geometry || (want == "None" && geometry == "None") ||
                    (want == "Point" && geometry == "Polygon" && std::string(lw.layer) != L::kBuildings);
                if (!fits) continue;
                int score = 0;
                // The file's own name says most; the folder (燃气公司, 规划局) helps less.
                if (has_word(fs::path(file).stem().string() + " " + info.name, lw.words) &&
                    !has_word(fs::path(file).stem().string() + " " + info.name, lw.not_words))
                    score += 10;
                else if (has_word(names, lw.words) && !has_word(names, lw.not_words))
                    score += 2;
                for (const auto& fw : field_words()) {
                    if (fw.layer != std::string(lw.layer)) continue;
                    for (const char* n : fw.names)
                        for (const auto& sf : info.fields)
                            if (fold(sf) == fold(n)) ++score;
                }
                for (const auto& f : schema->fields)
                    for (const auto& sf : info.fields)
                        if (sf == f.name) ++score;
                if (score > best.score) best = {file, info, lw.layer, score, x, y, ""};
            }
            if (best.score < 3) {
                seen.why = _("not recognised: name it in the manifest by hand if it holds a district layer");
                out.sources.push_back(seen);
                continue;
            }
            seen.target = best.target;
            candidates.push_back(best);
            out.sources.push_back(seen);
        }
    }
    // One source a layer: the best-scoring; the others are listed. A building layer with its attributes
    // (楼号, 层数, 单元数) says more than a survey drawing's outlines and notes, so it wins over the drawing.
    std::map<std::string, const Candidate*> chosen;
    for (const auto& c : candidates) {
        auto it = chosen.find(c.target);
        if (it == chosen.end() || c.score > it->second->score) chosen[c.target] = &c;
    }
    if (!cad.empty()) {
        auto it = chosen.find(L::kBuildings);
        if (it == chosen.end() || it->second->score < 12) {
            if (it != chosen.end()) {
                m.undecided.push_back(
                    gis::i18n::format(_("{0} also looks like buildings; the manifest takes the survey drawing {1}"),
                                      rel(it->second->file, o.manifest_path), cad.front().source));
                for (auto& s : out.sources)
                    if (s.target == L::kBuildings && s.driver != "DXF") s.target.clear();
                chosen.erase(it);
            }
            m.layers.push_back(cad.front());
            out.previews[L::kBuildings] = {{"@text"}, {{}}};  // the notes are joined at import
            for (std::size_t i = 1; i < cad.size(); ++i)
                m.undecided.push_back(gis::i18n::format(_("{0} also holds buildings; the manifest takes {1}"),
                                                        cad[i].source, cad.front().source));
        } else {
            for (const auto& c : cad)
                m.undecided.push_back(gis::i18n::format(
                    _("{0} (survey drawing) also holds buildings; the manifest takes {1}, which has their attributes"),
                    c.source, rel(it->second->file, o.manifest_path)));
            for (auto& s : out.sources)
                if (s.target == L::kBuildings && s.driver == "DXF") {
                    s.target.clear();
                    s.why = _("survey drawing: buildings taken from a file with their attributes");
                }
        }
    }
    for (auto& s : out.sources) {
        if (s.target.empty()) continue;
        auto it = chosen.find(s.target);
        if (it != chosen.end() &&
            (rel(it->second->file, o.manifest_path) != s.source || it->second->info.name != s.layer)) {
            s.why = gis::i18n::format(_("another source was taken for {0} ({1})"), s.target,
                                      rel(it->second->file, o.manifest_path));
            m.undecided.push_back(gis::i18n::format(_("{0} also looks like {1}; the manifest takes {2}"), s.source,
                                                    s.target, rel(it->second->file, o.manifest_path)));
            s.target.clear();
        } else if (s.why.empty()) {
            s.why = _("fields and name");
        }
    }
    for (const auto& lw : layer_words()) {
        auto it = chosen.find(lw.layer);
        if (it == chosen.end()) continue;
        const Candidate& c = *it->second;
        LayerMapping lm;
        lm.target = c.target;
        lm.source = rel(c.file, o.manifest_path);
        lm.layer = c.info.name;
        lm.encoding = c.info.encoding;
        lm.where = c.where;
        if (!c.x.empty()) {
            lm.x_field = c.x;
            lm.y_field = c.y;
            lm.crs = "EPSG:4326";
            // Phone map apps in China (AMap, Tencent) give GCJ-02; Baidu gives BD-09; GPS gives WGS84.
            const std::string n = fold(c.file + " " + c.info.name + " " + c.x);
            lm.datum = n.find("bd09") != std::string::npos || n.find("百度") != std::string::npos ? "bd09"
                       : n.find("wgs") != std::string::npos || n.find("gps") != std::string::npos ? "wgs84"
                                                                                                  : "gcj02";
            m.undecided.push_back(gis::i18n::format(_("{0}: longitude/latitude columns {1}/{2} taken as {3} (phone "
                                                      "map apps: gcj02 for AMap/Tencent, bd09 for Baidu; wgs84 for "
                                                      "GPS)"),
                                                    lm.source, c.x, c.y, lm.datum));
        } else if (c.info.geometry != "None") {
            lm.crs = c.info.crs;
            if (lm.crs.empty()) {
                lm.crs = o.crs;
                m.undecided.push_back(
                    o.crs.empty() ? gis::i18n::format(_("{0}: no CRS in the file; taken as (none: give --crs)"), lm.source)
                                  : gis::i18n::format(_("{0}: no CRS in the file; taken as {1}"), lm.source, o.crs));
            }
        }
        if (c.info.header_row > 1) lm.header_row = c.info.header_row;
        if (!c.info.encoding.empty() && c.info.encoding != "UTF-8")
            lm.comments.push_back("Encoding " + c.info.encoding +
                                  " detected (the file has no .cpg saying so).");
        lm.comments.push_back(std::to_string(c.info.features) + " features, " + c.info.driver);
        propose_fields(c, lm, m.undecided);
        out.previews[lm.target] = {c.info.fields, c.info.samples};
        m.layers.push_back(std::move(lm));
    }
    if (!m.find(L::kBuildings))
        return make_error(
            ErrorCode::CheckFailed,
            _("no buildings found among the files: give a survey drawing (DXF with a JMD layer), a "
              "building shapefile or GeoJSON, or name the file in a [buildings] table by hand"));
    // No projected file: the map CRS rule (gis::crs::choose_map_crs) picks the zone the lon/lat files lie
    // in; a district spread wider than two zones is no district, so a person decides.
    if (m.crs.empty() && !lonlat.empty()) {
        const crs::MapProjection chosen = crs::choose_map_crs(lonlat);
        if (chosen.kind == "gauss-kruger" || chosen.kind == "utm") {
            m.crs = chosen.crs;
            m.undecided.push_back(gis::i18n::format(_("no projected CRS among the files: the district takes {0}, "
                                                      "{1}, chosen from where the files in longitude/latitude lie; "
                                                      "give --crs EPSG:N for another"),
                                                    chosen.crs, chosen.why));
        } else {
            return make_error(
                ErrorCode::WrongCrs,
                gis::i18n::format(_("no projected CRS among the files, and the files in longitude/latitude are "
                                    "spread too wide for one zone ({0}): give the district's CRS in metres with "
                                    "--crs EPSG:N (e.g. EPSG:4546, CGCS2000 Gauss-Kruger CM 111E)"),
                                  chosen.why));
        }
    }
    if (m.crs.empty())
        return make_error(
            ErrorCode::BadInput,
            _("no projected CRS among the files: give the district's CRS in metres with --crs EPSG:N "
              "(e.g. EPSG:4546, CGCS2000 Gauss-Kruger CM 111E)"));
    // Buildings and households need the fields nbhd cannot do without; derive what a source is silent about.
    LayerMapping* bl = nullptr;
    for (auto& l : m.layers)
        if (l.target == L::kBuildings) bl = &l;
    derive_if_unmapped(*bl, "kind", "numbered", "residential when numbered");
    derive_if_unmapped(*bl, "entrances", "slab_length",
                       "no 单元数 in the source: 1 单元 per about 12 m of slab");
    derive_if_unmapped(*bl, "entrance_side", "orientation", "no entrance side in the source");
    if (!bl->fields.count("flats_per_floor")) {
        FieldMapping two;
        two.kind = FieldMapping::Kind::Constant;
        two.constant = std::int64_t(2);
        two.comment = "assumed: 2 flats per floor per entrance";
        bl->fields["flats_per_floor"] = two;
    }
    // Which lanes and forecourts are paved decides what a hardening plan paves; files rarely say.
    if (!m.find(L::kStreetSurfaces) || !m.find(L::kForecourts)) {
        m.options["street_surface"] = std::string("asphalt");
        m.options["lane_surface"] = std::string("unpaved");
        m.options["forecourt_surface"] = std::string("unpaved");
        m.undecided.push_back(
            _("no file says which streets, lanes and forecourts are paved: [derive] takes streets as "
              "asphalt, lanes and forecourts as unpaved (what a hardening plan would pave); change "
              "them to what is there (asphalt, concrete, unpaved)"));
    }
    for (auto& l : m.layers) {
        if (l.target == L::kGasPipes)
            derive_if_unmapped(l, "kind", "ends",
                               "no pipe type in the source: service pipes are those ending at a building");
        if (l.target == L::kStreets)
            derive_if_unmapped(l, "width_m", "class", "no width in the source: typical widths by class");
    }
    for (const auto& l : m.layers) {
        const district::LayerSchema* s = district::find_schema(l.target);
        for (const char* req : s->required)
            if (!l.fields.count(req) &&
                !(l.target == L::kHouseholds && l.fields.count("address") &&
                  std::set<std::string>{"building_number", "entrance", "floor", "flat", "household_no",
                                        "size"}
                      .count(req)) &&
                !(l.target == L::kHouseholds &&
                  (std::string(req) == "household_no" || std::string(req) == "size")))
                m.undecided.push_back(gis::i18n::format(_("[{0}.fields] {1} is not mapped: name the source field"),
                                                        l.target, req));
    }
    for (const char* layer : district::required_layers())
        if (!m.find(layer) && std::string(layer) != L::kBoundary)
            m.undecided.push_back(std::string(layer) == L::kHouseholds
                                      ? gis::i18n::format(_("no source for {0}: the district will have no households"),
                                                          layer)
                                      : gis::i18n::format(_("no source for {0}"), layer));
    return out;
}

}  // namespace gis::ingest
