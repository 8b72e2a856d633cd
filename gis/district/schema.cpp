#include "gis/district/schema.hpp"

#include <map>

namespace gis::district {

using io::FieldType;
namespace {
io::FieldDef I(const char* n) { return {n, FieldType::Integer}; }
io::FieldDef R(const char* n) { return {n, FieldType::Real}; }
io::FieldDef S(const char* n) { return {n, FieldType::String}; }
}  // namespace

const std::vector<LayerSchema>& layer_schemas() {
    static const std::vector<LayerSchema> schemas = {
        {layers::kMetadata, "None", "元数据", "Metadata", {S("key"), S("value")}},
        {layers::kBoundary,
         "Polygon",
         "社区边界",
         "Community boundary",
         {S("name"), S("name_en"), S("subdistrict"), R("area_m2")}},
        {layers::kServiceAreas,
         "Polygon",
         "网格片区",
         "Service areas",
         {S("name"), S("patrol_group"), S("mediation_group")}},
        {layers::kSurfaces,
         "Polygon",
         "地面",
         "Ground surfaces",
         {S("kind"), S("material"), I("in_compound"), S("note")}},
        {layers::kStreetSurfaces,
         "Polygon",
         "路面",
         "Street surfaces",
         {I("street_id"), S("name"), S("class"), S("surface"), I("in_compound")}},
        {layers::kCompound,
         "Polygon",
         "封闭小区",
         "Walled compound",
         {S("name"), S("name_en"), I("gated"), S("note")}},
        {layers::kForecourts,
         "Polygon",
         "楼前场地",
         "Building forecourts",
         {I("building_number"), S("side"), R("depth_m"), S("surface"), I("in_compound")}},
        {layers::kMarket,
         "Polygon",
         "集贸市场",
         "Market",
         {S("name"), S("street"), I("opened_year"), I("rebuild_cost_cny"), I("rebuild_days"),
          S("complaints_phone")}},
        {layers::kMarketStalls,
         "Polygon",
         "摊位",
         "Market stalls",
         {I("number"), S("side"), S("allocation"), S("trade"), S("household_no")}},
        {layers::kStreets,
         "LineString",
         "道路中心线",
         "Street centrelines",
         {S("name"), S("name_en"), S("class"), R("width_m"), I("in_compound")},
         {"name", "class", "width_m"}},
        {layers::kBuildings,
         "Polygon",
         "建筑",
         "Buildings",
         {I("number"), S("name"), S("kind"), I("floors"), I("entrances"), I("flats_per_floor"),
          S("entrance_side"), I("year_built"), I("in_compound"), I("shop_ground_floor"), R("height_m")},
         {"number", "kind", "floors", "entrances", "flats_per_floor"}},
        {layers::kIllegalStructures,
         "Polygon",
         "违章建筑",
         "Illegal structures",
         {S("type"), R("area_m2"), I("building_number"), S("status"), S("reported"), S("zone"), S("campaign"),
          S("scheduled"), S("cleared"), S("note")}},
        {layers::kGasPipes,
         "LineString",
         "燃气管道",
         "Gas pipes",
         {S("kind"), I("diameter_mm"), S("material"), S("pressure"), I("year"), S("status"), I("in_compound"),
          I("building_fid"), I("building_number"), I("entrance")},
         {"kind", "diameter_mm", "material", "pressure", "status"}},
        {layers::kGasValves,
         "Point",
         "阀门",
         "Gas valves",
         {S("state"), I("operable"), I("diameter_mm"), S("note")},
         {},
         {"state", "operable"}},
        {layers::kGasStations,
         "Point",
         "调压站",
         "Gas regulator stations",
         {S("name"), S("inlet_pressure"), S("outlet_pressure")}},
        {layers::kEntrances,
         "Point",
         "单元入口",
         "Entrances",
         {I("building_fid"), I("building_number"), I("entrance"), S("side")}},
        {layers::kShops,
         "Point",
         "临街商铺",
         "Street-front shops",
         {S("name"), S("trade"), S("street"), S("address"), I("building_fid")}},
        {layers::kPois,
         "Point",
         "设施",
         "Points of interest",
         {S("name"), S("kind"), I("building_fid"), S("note")}},
        {layers::kGraffiti,
         "Point",
         "乱涂乱画",
         "Graffiti sites",
         {S("wall"), R("area_m2"), I("building_number"), S("status"), S("zone"), S("campaign"),
          S("scheduled"), S("cleared"), S("note")}},
        {layers::kHouseholds,
         "None",
         "住户",
         "Households",
         {S("household_no"), I("building_number"), I("entrance"), I("floor"), I("flat"), S("address"),
          S("head_name"), S("phone"), S("id_number"), I("size"), I("low_income"), I("migrant"), I("tenant"),
          I("elderly_alone"), I("party_members"), I("moved_in")},
         {"household_no", "building_number", "entrance", "floor", "flat", "size"},
         {"address", "head_name", "phone", "id_number", "low_income", "migrant", "tenant", "elderly_alone",
          "party_members", "moved_in"},
         {"head_name", "phone", "id_number", "low_income"}},
        // The market's stall applicants (nbhd market applicants import) and the lottery's result (nbhd
        // market allocate --save): class dibao (低保 household of the community), resident or trader.
        {layers::kMarketApplicants,
         "None",
         "摊位申请人",
         "Market stall applicants",
         {I("applicant_no"), S("name"), S("phone"), S("id_number"), S("household_no"), S("trade"),
          S("class")},
         {"applicant_no", "name", "household_no", "trade", "class"},
         {},
         {"name", "phone", "id_number"}},
        {layers::kMarketAllocation,
         "None",
         "摊位分配",
         "Market stall allocation",
         {I("applicant_no"), S("class"), I("stall_number"), I("waiting_place"), I("draw_place"), I("seed"),
          S("drawn")},
         {"applicant_no", "class", "stall_number", "waiting_place", "seed"}},
        {layers::kMediations,
         "None",
         "矛盾纠纷调解",
         "Mediated disputes",
         {S("date"), S("service_area"), S("category"), S("outcome")}},
        // Plans (gis/plan): projects, their items (any geometry type), clean-up campaigns and case history.
        {layers::kProjects,
         "None",
         "项目",
         "Projects",
         {S("key"), S("name"), S("name_en"), R("budget_cny"), I("phases"), S("area"), S("note"),
          R("contingency_pct")}},
        {layers::kPlanItems,
         "Geometry",
         "规划项",
         "Plan items",
         {I("item_id"), S("project"), S("kind"), S("name"), I("phase"), S("status"), S("params"),
          R("area_m2"), R("length_m"), R("volume_m3"), R("unit_price_cny"), R("cost_cny"), S("created"),
          S("updated")}},
        {layers::kProjectPhases,
         "None",
         "项目阶段",
         "Project phases",
         {S("project"), I("phase"), S("name"), S("start"), I("days")}},
        {layers::kPrices,
         "None",
         "单价表",
         "Unit prices",
         {S("key"), S("unit"), R("unit_price_cny"), S("source"), S("date"), S("note")}},
        {layers::kCampaigns,
         "None",
         "清理行动",
         "Clean-up campaigns",
         {S("name"), S("project"), S("cases"), S("zone"), S("date"), R("route_m"), S("note")}},
        {layers::kCaseHistory,
         "None",
         "案件记录",
         "Case history",
         {S("case_layer"), I("case_fid"), S("from_status"), S("to_status"), S("campaign"), S("date"),
          S("note"), S("recorded")}},
        {layers::kSlides,
         "None",
         "演示页",
         "Slides",
         {I("slide_no"), S("caption"), S("caption_en"), R("minx"), R("miny"), R("maxx"), R("maxy"),
          S("layers"), S("phases"), S("view"), R("split")}},
    };
    return schemas;
}

const std::vector<const char*>& required_layers() {
    static const std::vector<const char*> names = {layers::kBoundary, layers::kBuildings, layers::kStreets,
                                                   layers::kHouseholds};
    return names;
}

const std::vector<const char*>& plan_layers() {
    static const std::vector<const char*> names = {
        layers::kProjects, layers::kPlanItems,   layers::kCampaigns, layers::kProjectPhases,
        layers::kPrices,   layers::kCaseHistory, layers::kSlides};
    return names;
}

const std::vector<std::string>& look_fields(const std::string& layer) {
    static const std::map<std::string, std::vector<std::string>> fields = {
        {layers::kSurfaces, {"kind", "material"}},
        {layers::kForecourts, {"surface"}},
        {layers::kStreets, {"class", "width_m"}},
        {layers::kStreetSurfaces, {"class", "surface"}},
        {layers::kMarketStalls, {"allocation"}},
        {layers::kBuildings, {"kind", "in_compound", "shop_ground_floor"}},
        {layers::kGasPipes, {"kind", "pressure", "material", "status", "diameter_mm", "year"}},
        {layers::kGasValves, {"state", "operable"}},
    };
    static const std::vector<std::string> none;
    const auto it = fields.find(layer);
    return it == fields.end() ? none : it->second;
}

const LayerSchema* find_schema(const std::string& layer) {
    for (const auto& s : layer_schemas())
        if (layer == s.name) return &s;
    return nullptr;
}

}  // namespace gis::district
