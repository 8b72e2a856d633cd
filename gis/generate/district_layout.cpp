// The block's streets, lanes, buildings, surfaces, market, points of interest and clean-up cases.
// Layout (local metres, origin at the Zhenxing/Jianshe centreline crossing):
//   x 0..700 between Zhenxing Road (west) and Chuiliu Street (east), y 0..571.43 between Jianshe Road
//   (south) and Renmin Road (north): 0.400 km². Guohuai Street runs north-south at x = 430.
//   South-west: the walled Xingzheng South compound (x 30..410, y 30..300), six rows of slabs.
//   North-west: an open estate of four rows; along Renmin Road, street-front blocks and the three units.
//   East of Guohuai Street: the primary school (south) and an estate of six rows (north).
//   Single-storey shop rows line Zhenxing Road, Jianshe Road and Chuiliu Street.

#include <cmath>
#include <cstdio>

#include "gis/generate/detail/plan.hpp"

namespace gis::generate::detail {
namespace {

using district::BuildingKind;

Geometry poly(double x0, double y0, double x1, double y1) { return Geometry::from(rect(x0, y0, x1, y1)); }
Geometry line(Point a, Point b) { return Geometry::from(LineString{a, b}); }
Geometry point(double x, double y) { return Geometry::from(Point{x, y}); }

/// Ring of a stadium (two semicircles joined by straights), counter-clockwise; clockwise when `hole`.
Ring stadium(Point c1, Point c2, double r, bool hole) {
    Ring ring;
    const int n = 24;
    for (int i = 0; i <= n; ++i) {  // right end: -90 .. +90 degrees around c2
        double a = -M_PI / 2 + M_PI * i / n;
        ring.push_back({std::round((c2.x + r * std::cos(a)) * 1000) / 1000,
                        std::round((c2.y + r * std::sin(a)) * 1000) / 1000});
    }
    for (int i = 0; i <= n; ++i) {  // left end: 90 .. 270 degrees around c1
        double a = M_PI / 2 + M_PI * i / n;
        ring.push_back({std::round((c1.x + r * std::cos(a)) * 1000) / 1000,
                        std::round((c1.y + r * std::sin(a)) * 1000) / 1000});
    }
    ring.push_back(ring.front());
    if (hole) std::reverse(ring.begin(), ring.end());
    return ring;
}

std::string building_name(const BuildingRec& b) {
    return std::string(b.compound ? "行政南小区" : "重华社区") + std::to_string(b.number) + "号楼";
}

double slab_length(int entrances) {
    static const double lengths[] = {0, 25, 37, 49, 60};
    return lengths[entrances];
}

struct Street {
    const char* name;
    const char* name_en;
    const char* cls;
    double width;
};

void add_street(Plan& plan, const Street& s, Point a, Point b, bool compound = false) {
    plan.out.add(district::layers::kStreets, line(a, b))
        .set("name", s.name)
        .set("name_en", s.name_en)
        .set("class", s.cls)
        .set("width_m", s.width)
        .set("in_compound", compound);
}

void add_surface_strip(Plan& plan, std::int64_t street_id, const Street& s, const char* surface, double x0,
                       double y0, double x1, double y1, bool compound = false) {
    plan.out.add(district::layers::kStreetSurfaces, poly(x0, y0, x1, y1))
        .set("street_id", street_id)
        .set("name", s.name)
        .set("class", s.cls)
        .set("surface", surface)
        .set("in_compound", compound);
}

void add_ground(Plan& plan, const char* kind, const char* material, Geometry g, bool compound,
                const std::string& note = "") {
    plan.out.add(district::layers::kSurfaces, std::move(g))
        .set("kind", kind)
        .set("material", material)
        .set("in_compound", compound)
        .set("note", note);
}

const Street kRenmin{"人民路", "Renmin Road", "primary", 36};
const Street kJianshe{"建设路", "Jianshe Road", "secondary", 22};
const Street kZhenxing{"振兴路", "Zhenxing Road", "secondary", 22};
const Street kChuiliu{"垂柳街", "Chuiliu Street", "local", 14};
const Street kGuohuai{"国槐街", "Guohuai Street", "local", 14};
const Street kCompoundMain{"行政南小区主巷", "Xingzheng South main lane", "lane", 6};
const Street kCompoundRow{"行政南小区巷道", "Xingzheng South lane", "lane", 5};
const Street kChonghuaLane{"重华巷", "Chonghua Lane", "lane", 6};
const Street kEstateLane{"重华社区巷道", "Chonghua estate lane", "lane", 5};
const Street kNorthLane{"重华北巷", "Chonghua North Lane", "lane", 6};
const Street kBackLane{"人民路后巷", "Renmin Road back lane", "lane", 5};

constexpr double kInnerMinX = 11, kInnerMaxX = 693, kInnerMinY = 11, kInnerMaxY = kHeight - 18;

void build_streets(Plan& plan) {
    const double H = kHeight, W = kWidth;
    // Bounding streets and Guohuai Street: centrelines (ids 1..5) and surfaces. Renmin and Jianshe Roads
    // own the crossings, so street surfaces never overlap one another.
    add_street(plan, kRenmin, {-40, H}, {W + 40, H});
    add_street(plan, kJianshe, {-40, 0}, {W + 40, 0});
    add_street(plan, kZhenxing, {0, -40}, {0, H + 40});
    add_street(plan, kChuiliu, {W, -40}, {W, H + 40});
    add_street(plan, kGuohuai, {kGuohuaiX, 0}, {kGuohuaiX, H});
    add_surface_strip(plan, 1, kRenmin, "asphalt", -40, H - 18, W + 40, H + 18);
    add_surface_strip(plan, 2, kJianshe, "asphalt", -40, -11, W + 40, 11);
    add_surface_strip(plan, 3, kZhenxing, "asphalt", -11, kInnerMinY, 11, kInnerMaxY);
    add_surface_strip(plan, 4, kChuiliu, "asphalt", W - 7, kInnerMinY, W + 7, kInnerMaxY);
    add_surface_strip(plan, 5, kGuohuai, "asphalt", kGuohuaiX - 7, kInnerMinY, kGuohuaiX + 7, kInnerMaxY);

    // Compound main lane, through the south and north gates; its southern part was concreted in 2008.
    add_street(plan, kCompoundMain, {220, 11}, {220, 315}, true);
    auto id = plan.out.count(district::layers::kStreets);
    add_surface_strip(plan, id, kCompoundMain, "concrete", 217, 11, 223, 100, true);
    add_surface_strip(plan, id, kCompoundMain, "unpaved", 217, 100, 223, 312, true);
    // West gate lane onto Zhenxing Road.
    add_street(plan, kCompoundRow, {11, 173.5}, {34, 173.5}, true);
    add_surface_strip(plan, plan.out.count(district::layers::kStreets), kCompoundRow, "unpaved", 11, 171, 34,
                      176, true);
    // Chonghua Lane: east-west between the compound and the north-west estate.
    add_street(plan, kChonghuaLane, {11, 315}, {423, 315});
    add_surface_strip(plan, plan.out.count(district::layers::kStreets), kChonghuaLane, "asphalt", 11, 312,
                      423, 318);
    // Chonghua North Lane: north-south through the north-west estate.
    add_street(plan, kNorthLane, {220, 315}, {220, 524});
    add_surface_strip(plan, plan.out.count(district::layers::kStreets), kNorthLane, "concrete", 217, 318, 223,
                      521.5);
    // Renmin Road back lanes serving the street-front blocks' entrances.
    add_street(plan, kBackLane, {26, 524}, {423, 524});
    add_surface_strip(plan, plan.out.count(district::layers::kStreets), kBackLane, "concrete", 26, 521.5, 423,
                      526.5);
    add_street(plan, kBackLane, {437, 524}, {676, 524});
    add_surface_strip(plan, plan.out.count(district::layers::kStreets), kBackLane, "concrete", 437, 521.5,
                      676, 526.5);
}

void add_row_lane(Plan& plan, int zone, int row, double y, double x_from, double x_to, const Street& s,
                  const char* surface, bool compound, bool split_at_main) {
    add_street(plan, s, {x_from, y}, {x_to, y}, compound);
    auto id = plan.out.count(district::layers::kStreets);
    if (split_at_main) {
        add_surface_strip(plan, id, s, surface, x_from, y - 2.5, 217, y + 2.5, compound);
        add_surface_strip(plan, id, s, surface, 223, y - 2.5, x_to, y + 2.5, compound);
    } else {
        add_surface_strip(plan, id, s, surface, x_from, y - 2.5, x_to, y + 2.5, compound);
    }
    plan.row_lanes.push_back({zone, row, y, x_from, x_to});
}

BuildingRec& add_building(Plan& plan, BuildingRec b) {
    b.fid = static_cast<std::int64_t>(plan.buildings.size()) + 1;
    if (b.kind == BuildingKind::Residential && b.name.empty()) b.name = building_name(b);
    plan.buildings.push_back(std::move(b));
    return plan.buildings.back();
}

/// Packs slabs with the given entrance counts evenly into [xa, xb] on row y0.
void pack_row(Plan& plan, int& number, int zone, int row, double y0, double xa, double xb,
              const std::vector<int>& ents, int floors, int year, bool compound) {
    double total = 0;
    for (int e : ents) total += slab_length(e);
    double gap = (xb - xa - total) / (ents.size() + 1);
    double x = xa + gap;
    for (int e : ents) {
        BuildingRec b;
        b.number = plan.params.building_number_offset + (++number);
        b.kind = BuildingKind::Residential;
        b.x0 = std::round(x * 10) / 10;
        b.x1 = b.x0 + slab_length(e);
        b.y0 = y0;
        b.y1 = y0 + 12;
        b.floors = floors;
        b.entrances = e;
        b.flats_per_floor = 2;
        b.side = 'N';
        b.year = year + plan.rng.range(0, 2);
        b.compound = compound;
        b.zone = zone;
        b.row = row;
        add_building(plan, b);
        x += slab_length(e) + gap;
    }
}

void build_buildings(Plan& plan) {
    int number = 0;
    // Xingzheng South compound: six rows, 37 m apart (spacing 25 m, 1.4-1.7 x the height), entrances north.
    const std::vector<std::vector<int>> compound_west = {{2, 2}, {1, 2}, {2, 2}, {2, 1}, {2, 2}, {2, 2}};
    const std::vector<std::vector<int>> compound_east = {{2, 1}, {2, 2}, {2, 2}, {2, 2}, {1, 2}, {2, 2}};
    for (int r = 0; r < 6; ++r) {
        double y0 = 42 + 37.0 * r;
        int floors = r < 3 ? 5 : 6;
        int year = r < 3 ? 1982 + r : 1988 + r;
        pack_row(plan, number, 0, r, y0, 38, 212, compound_west[r], floors, year, true);
        pack_row(plan, number, 0, r, y0, 228, 402, compound_east[r], floors, year, true);
        add_row_lane(plan, 0, r, y0 + 20.5, 34, 406, kCompoundRow, "unpaved", true, true);
    }
    // North-west estate (1990s): four rows of three.
    const std::vector<std::vector<int>> nw_west = {{2}, {1, 2}, {2}, {2, 1}};
    const std::vector<std::vector<int>> nw_east = {{2, 1}, {2}, {1, 2}, {2}};
    for (int r = 0; r < 4; ++r) {
        double y0 = 335 + 37.0 * r;
        int floors = r % 2 == 0 ? 6 : 5;
        pack_row(plan, number, 1, r, y0, 30, 212, nw_west[r], floors, 1992 + 2 * r, false);
        pack_row(plan, number, 1, r, y0, 228, 410, nw_east[r], floors, 1992 + 2 * r, false);
        add_row_lane(plan, 1, r, y0 + 20.5, 26, 414, kEstateLane, "concrete", false, true);
    }
    // Renmin Road street-front blocks: shops on the ground floor facing the road, entrances at the back.
    struct Front {
        double x0;
        int entrances;
        int year;
    };
    for (const Front& f : {Front{170, 2, 1998}, Front{235, 2, 1999}, Front{300, 3, 2001}, Front{520, 3, 2000},
                           Front{600, 3, 2002}}) {
        BuildingRec b;
        b.number = plan.params.building_number_offset + (++number);
        b.x0 = f.x0;
        b.x1 = f.x0 + slab_length(f.entrances);
        b.y0 = 537;
        b.y1 = 549;
        b.floors = 7;
        b.entrances = f.entrances;
        b.flats_per_floor = 2;
        b.side = 'S';
        b.year = f.year;
        b.shops = true;
        b.zone = 2;
        add_building(plan, b);
    }
    plan.row_lanes.push_back({2, 0, 524, 26, 423});
    plan.row_lanes.push_back({2, 1, 524, 437, 676});
    // East estate: five rows of 6-storey slabs and, to the north, two later towers (2003-2005).
    const std::vector<std::vector<int>> east = {{2, 1}, {2, 1}, {2, 2}, {1, 2}, {1, 2}};
    for (int r = 0; r < 5; ++r) {
        double y0 = 262 + 37.0 * r;
        pack_row(plan, number, 3, r, y0, 450, 672, east[r], 6, 1996 + r, false);
        add_row_lane(plan, 3, r, y0 + 20.5, 437, 676, kEstateLane, "concrete", false, false);
    }
    for (int t = 0; t < 2; ++t) {
        BuildingRec b;
        b.number = plan.params.building_number_offset + (++number);
        b.x0 = t == 0 ? 480 : 590;
        b.x1 = b.x0 + 26;
        b.y0 = 447;
        b.y1 = 461;
        b.floors = t == 0 ? 11 : 9;
        b.entrances = 1;
        b.flats_per_floor = 2;
        b.side = 'N';
        b.year = 2003 + 2 * t;
        b.zone = 3;
        b.row = 5;
        add_building(plan, b);
    }
    add_row_lane(plan, 3, 5, 447 + 14 + 6 + 2.5, 437, 676, kEstateLane, "concrete", false, false);

    // The three units and the primary school.
    struct Unit {
        const char* name;
        double x0, x1;
        int floors;
        int year;
    };
    for (const Unit& u :
         {Unit{"人民路街道办事处", 40, 100, 4, 1994}, Unit{"市燃气公司重华营业所", 115, 155, 3, 1997},
          Unit{"重华社区卫生服务站", 455, 500, 3, 2004}}) {
        BuildingRec b;
        b.kind = BuildingKind::Unit;
        b.name = u.name;
        b.x0 = u.x0;
        b.x1 = u.x1;
        b.y0 = 533;
        b.y1 = 549;
        b.floors = u.floors;
        b.entrances = 1;
        b.side = 'S';
        b.year = u.year;
        b.zone = 4;
        add_building(plan, b);
    }
    {
        BuildingRec b;
        b.kind = BuildingKind::School;
        b.name = "重华小学";
        b.x0 = 460;
        b.x1 = 530;
        b.y0 = 190;
        b.y1 = 205;
        b.floors = 4;
        b.entrances = 1;
        b.side = 'N';
        b.year = 1989;
        b.zone = 4;
        add_building(plan, b);
    }
    // Single-storey shop rows along the bounding streets; each is also a frontage for the shops layer.
    struct ShopRow {
        const char* name;
        const Street* street;
        double x0, y0, x1, y1;
        Point a, b;
        int first_no, step;
    };
    const ShopRow rows[] = {
        {"振兴路商铺一排", &kZhenxing, 14, 35, 22, 168, {13.5, 35}, {13.5, 168}, 1, 2},
        {"振兴路商铺二排", &kZhenxing, 14, 179, 22, 298, {13.5, 179}, {13.5, 298}, 61, 2},
        {"振兴路商铺三排", &kZhenxing, 14, 330, 22, 510, {13.5, 330}, {13.5, 510}, 121, 2},
        {"建设路商铺一排", &kJianshe, 35, 14, 214, 22, {35, 13.5}, {214, 13.5}, 2, 2},
        {"建设路商铺二排", &kJianshe, 226, 14, 405, 22, {226, 13.5}, {405, 13.5}, 82, 2},
        {"垂柳街商铺一排", &kChuiliu, 683, 250, 691, 385, {691.5, 250}, {691.5, 385}, 1, 2},
        {"垂柳街商铺二排", &kChuiliu, 683, 395, 691, 520, {691.5, 395}, {691.5, 520}, 61, 2},
    };
    for (const auto& r : rows) {
        BuildingRec b;
        b.kind = BuildingKind::ShopRow;
        b.name = r.name;
        b.x0 = r.x0;
        b.y0 = r.y0;
        b.x1 = r.x1;
        b.y1 = r.y1;
        b.floors = 1;
        b.entrances = 0;
        b.side = r.street == &kZhenxing ? 'W' : r.street == &kJianshe ? 'S' : 'E';
        b.year = 1996;
        b.zone = 4;
        auto& rec = add_building(plan, b);
        plan.frontages.push_back({r.street->name, r.a, r.b, rec.fid, r.first_no, r.step});
    }
    int renmin_no = 1;
    for (const auto& b : plan.buildings) {
        if (b.zone != 2) continue;
        plan.frontages.push_back({kRenmin.name, {b.x0, 549.5}, {b.x1, 549.5}, b.fid, 100 + renmin_no, 2});
        renmin_no += 30;
    }
}

/// Ancillary structures every such estate has: bicycle sheds between the slabs, a boiler house, refuse
/// stations, a substation, a public toilet and the community activity centre. Appended after the other
/// buildings, so the numbering of everything else stays as it is.
void build_ancillary(Plan& plan) {
    struct Anc {
        const char* name;
        double x0, y0, x1, y1;
        int floors;
        int year;
    };
    std::vector<Anc> list;
    // Bicycle sheds in the gaps between slabs of a row (where the gap is wide enough).
    std::vector<const BuildingRec*> slabs;
    for (const auto& b : plan.buildings)
        if (b.kind == BuildingKind::Residential && (b.zone == 0 || b.zone == 1)) slabs.push_back(&b);
    for (std::size_t i = 0; i + 1 < slabs.size(); ++i) {
        const auto* a = slabs[i];
        const auto* b = slabs[i + 1];
        if (a->zone != b->zone || a->y0 != b->y0) continue;
        double gap = b->x0 - a->x1;
        if (gap < 18 || (a->x1 < 220 && b->x0 > 220)) continue;
        double len = std::min(24.0, gap - 10);
        double x0 = std::round((a->x1 + (gap - len) / 2) * 10) / 10;
        list.push_back({"自行车棚", x0, a->y0 + 3, x0 + len, a->y0 + 8, 1, a->year + 2});
    }
    list.push_back({"锅炉房", 312, 262, 330, 280, 1, 1986});
    list.push_back({"自行车棚", 340, 262, 400, 268, 1, 1990});
    list.push_back({"垃圾站", 382, 280, 394, 288, 1, 2006});
    list.push_back({"重华社区活动中心", 250, 478, 300, 500, 2, 2010});
    list.push_back({"公厕", 180, 480, 190, 488, 1, 2012});
    list.push_back({"配电房", 640, 480, 655, 490, 1, 2003});
    list.push_back({"自行车棚", 520, 480, 570, 486, 1, 2004});
    list.push_back({"垃圾站", 455, 480, 467, 488, 1, 2006});
    for (const auto& a : list) {
        BuildingRec b;
        b.kind = BuildingKind::Ancillary;
        b.name = a.name;
        b.x0 = a.x0;
        b.y0 = a.y0;
        b.x1 = a.x1;
        b.y1 = a.y1;
        b.floors = a.floors;
        b.side = 'S';
        b.year = a.year;
        b.compound = a.x1 <= 410 && a.y1 <= 300;
        b.zone = 4;
        add_building(plan, b);
    }
}

void write_buildings(Plan& plan) {
    for (const auto& b : plan.buildings) {
        double height =
            b.kind == BuildingKind::ShopRow ? 4.2 : b.floors * (b.shops ? 3.0 : 2.9) + (b.shops ? 1.5 : 0);
        plan.out.add(district::layers::kBuildings, poly(b.x0, b.y0, b.x1, b.y1))
            .set("number", b.number)
            .set("name", b.name)
            .set("kind", district::to_string(b.kind))
            .set("floors", b.floors)
            .set("entrances", b.entrances)
            .set("flats_per_floor", b.flats_per_floor)
            .set("entrance_side", std::string(1, b.side))
            .set("year_built", b.year)
            .set("in_compound", b.compound)
            .set("shop_ground_floor", b.shops)
            .set("height_m", std::round(height * 10) / 10);
        for (int k = 1; k <= b.entrances; ++k) {
            Point p = b.entrance_point(k);
            plan.out.add(district::layers::kEntrances, Geometry::from(p))
                .set("building_fid", b.fid)
                .set("building_number", b.number)
                .set("entrance", k)
                .set("side", std::string(1, b.side));
        }
        if (b.kind != BuildingKind::Residential) continue;
        // Forecourt (楼前): a strip in front of the entrance side, up to the lane.
        double depth = 6;
        double fy0 = b.side == 'N' ? b.y1 : b.y0 - depth;
        double fy1 = b.side == 'N' ? b.y1 + depth : b.y0;
        plan.out.add(district::layers::kForecourts, poly(b.x0, fy0, b.x1, fy1))
            .set("building_number", b.number)
            .set("side", std::string(1, b.side))
            .set("depth_m", depth)
            .set("surface", b.compound ? "unpaved" : "concrete")
            .set("in_compound", b.compound);
    }
}

void build_ground(Plan& plan) {
    // Gardens south of each residential row (between the lane to the south and the south façades).
    for (const auto& b : plan.buildings) {
        if (b.kind != BuildingKind::Residential || b.side != 'N') continue;
        double south = b.row == 0 ? (b.zone == 0 ? 31 : b.zone == 1 ? 318 : 240) : b.y0 - 14;
        if (b.zone == 3 && b.row == 0) south = 241;
        if (b.zone == 1 && b.row == 0) south = 319;
        add_ground(plan, "green", "lawn and trees", poly(b.x0, south, b.x1, b.y0), b.compound,
                   b.name + "南侧绿地");
    }
    // Compound: the activity square (paved) and a garden beside it; green strip inside the walls.
    add_ground(plan, "paved", "concrete", poly(232, 256, 300, 296), true, "行政南小区活动广场");
    add_ground(plan, "green", "lawn and trees", poly(140, 256, 208, 296), true, "行政南小区花园");
    add_ground(plan, "unpaved", "earth", poly(34, 256, 130, 296), true, "行政南小区空地");
    // Green strips along Guohuai Street and a small square at the north-west estate.
    add_ground(plan, "green", "lawn and trees", poly(411, 11, 422.5, 311.5), false, "国槐街西侧绿化带");
    add_ground(plan, "green", "lawn and trees", poly(414.5, 318.5, 422.5, 521), false, "国槐街西侧绿化带");
    add_ground(plan, "paved", "paving stones", poly(40, 480, 160, 510), false, "重华小广场");
    // The school: yard around the building, running track (200 m) with a green infield.
    Polygon yard = rect(444, 150, 690, 240);
    yard.holes.push_back({{460, 190}, {460, 205}, {530, 205}, {530, 190}, {460, 190}});
    add_ground(plan, "paved", "concrete", Geometry::from(yard), false, "重华小学校园");
    Polygon field = rect(444, 14, 690, 150);
    field.holes.push_back(stadium({575, 85}, {625, 85}, 30, true));
    add_ground(plan, "paved", "concrete", Geometry::from(field), false, "重华小学操场");
    Polygon track{stadium({575, 85}, {625, 85}, 30, false), {stadium({575, 85}, {625, 85}, 24, true)}};
    add_ground(plan, "sports", "rubber track", Geometry::from(track), false, "重华小学跑道");
    Polygon infield{stadium({575, 85}, {625, 85}, 24, false), {}};
    add_ground(plan, "green", "grass pitch", Geometry::from(infield), false, "重华小学足球场");
}

void build_areas(Plan& plan) {
    const double H = kHeight, W = kWidth;
    Polygon boundary = rect(0, 0, W, H);
    plan.out.add(district::layers::kBoundary, Geometry::from(boundary))
        .set("name", plan.params.name)
        .set("name_en", plan.params.name_en)
        .set("subdistrict", "人民路街道办事处")
        .set("area_m2", std::abs(signed_area(boundary.outer)));
    plan.out.add(district::layers::kCompound, poly(30, 30, 410, 300))
        .set("name", plan.params.compound_name)
        .set("name_en", plan.params.compound_name_en)
        .set("gated", 1)
        .set("note", "市委、人大、政府、政协机关家属院");
    struct Area {
        const char* name;
        const char* patrol;
        const char* mediation;
        double x0, y0, x1, y1;
    };
    for (const Area& a : {Area{"行政南片", "第一巡逻组", "第一调解组", 0, 0, kGuohuaiX, 308},
                          Area{"重华北片", "第二巡逻组", "第二调解组", 0, 308, kGuohuaiX, H},
                          Area{"校园片", "第三巡逻组", "第三调解组", kGuohuaiX, 0, W, 245},
                          Area{"国槐街东片", "第四巡逻组", "第四调解组", kGuohuaiX, 245, W, H}}) {
        plan.out.add(district::layers::kServiceAreas, poly(a.x0, a.y0, a.x1, a.y1))
            .set("name", a.name)
            .set("patrol_group", a.patrol)
            .set("mediation_group", a.mediation);
    }
    plan.out.add(district::layers::kMarket, poly(kGuohuaiX - 7, 300, kGuohuaiX + 7, 500))
        .set("name", "国槐街集贸市场")
        .set("street", "国槐街")
        .set("opened_year", 1992)
        .set("rebuild_cost_cny", 100000)
        .set("rebuild_days", 15)
        .set("complaints_phone", "0717-6512315");
}

void build_pois(Plan& plan) {
    for (const auto& b : plan.buildings) {
        if (b.kind == BuildingKind::Unit || b.kind == BuildingKind::School) {
            plan.out.add(district::layers::kPois, point((b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2))
                .set("name", b.name)
                .set("kind", b.kind == BuildingKind::Unit ? "unit" : "school")
                .set("building_fid", b.fid)
                .set("note", b.kind == BuildingKind::Unit ? (b.x0 < 60    ? "行政单位"
                                                             : b.x0 < 200 ? "企业单位"
                                                                          : "事业单位")
                                                          : "");
        }
    }
    struct P {
        const char* name;
        const char* kind;
        double x, y;
        const char* note;
    };
    const P pois[] = {
        {"党员活动联络站（行政南）", "liaison_station", 266, 276, "行政南小区活动广场"},
        {"党员活动联络站（国槐街）", "liaison_station", 470, 250, "国槐街东片"},
        {"行政南小区南门", "gate", 220, 30, "主入口"},
        {"行政南小区北门", "gate", 220, 300, ""},
        {"行政南小区西门", "gate", 30, 173.5, ""},
        {"复称台", "market_desk", 418, 303, "国槐街集贸市场"},
        {"市场监管台", "market_desk", 418, 497, "国槐街集贸市场"},
        {"投诉电话 0717-6512315", "market_desk", 418, 400, "国槐街集贸市场"},
        {"重华社区居委会", "community_office", 188, 543, "便民联系卡发放点"},
    };
    for (const auto& p : pois) {
        std::int64_t fid = -1;
        if (std::string(p.kind) == "community_office")
            for (const auto& b : plan.buildings)
                if (b.zone == 2 && b.x0 <= p.x && p.x <= b.x1) fid = b.fid;
        plan.out.add(district::layers::kPois, point(p.x, p.y))
            .set("name", p.name)
            .set("kind", p.kind)
            .set("building_fid", fid)
            .set("note", p.note);
    }
}

void build_market_stalls(Plan& plan) {
    // 40 stalls each side of Guohuai Street within the market, 3.5 m wide, on the street's edges.
    static const char* trades[] = {"蔬菜", "水果",   "肉类", "水产", "粮油",
                                   "禽蛋", "豆制品", "熟食", "调料", "日杂"};
    int number = 0;
    for (int side = 0; side < 2; ++side) {
        double x0 = side == 0 ? kGuohuaiX - 6.7 : kGuohuaiX + 4.0;
        for (int k = 0; k < 40; ++k) {
            double y0 = 302 + 4.9 * k;
            plan.out.add(district::layers::kMarketStalls, poly(x0, y0, x0 + 2.7, y0 + 3.5))
                .set("number", ++number)
                .set("side", side == 0 ? "west" : "east")
                .set("trade", trades[plan.rng.range(0, 9)]);
        }
    }
}

void build_cleanup_cases(Plan& plan) {
    // Illegal structures: sheds and extensions against compound buildings' south façades, and two
    // steel sheds that take over lane ends.
    static const char* types[] = {"违章加建", "棚屋", "彩钢房", "围墙圈占"};
    int month = 1;
    for (const auto& b : plan.buildings) {
        if (!b.compound || b.kind != BuildingKind::Residential) continue;
        if ((b.number - plan.params.building_number_offset) % 3 == 0)
            continue;  // about two in three have one
        double w = plan.rng.range(4, 9);
        double d = plan.rng.range(3, 5);
        double x = b.x0 + plan.rng.range(2, static_cast<int>(b.x1 - b.x0 - w - 2));
        char date[32];
        std::snprintf(date, sizeof date, "2025-%02d-%02d", (month++ % 12) + 1, plan.rng.range(1, 28));
        plan.out.add(district::layers::kIllegalStructures, poly(x, b.y0 - d, x + w, b.y0))
            .set("type", types[plan.rng.range(0, 3)])
            .set("area_m2", w * d)
            .set("building_number", b.number)
            .set("status", "verified")
            .set("reported", date)
            .set("zone", b.row < 3 ? "south" : "north");
    }
    // Graffiti on compound walls and building walls: south half (first campaign), north half (second).
    for (const auto& b : plan.buildings) {
        if (!b.compound || b.kind != BuildingKind::Residential) continue;
        int n = plan.rng.range(1, 2);
        for (int k = 0; k < n; ++k) {
            bool gable = plan.rng.chance(0.4);
            Point p = gable ? Point{plan.rng.chance(0.5) ? b.x0 : b.x1, b.y0 + 6}
                            : Point{std::round(plan.rng.uniform(b.x0 + 2, b.x1 - 2) * 10) / 10, b.y1};
            std::string wall =
                std::to_string(b.number) + "号楼" + (gable ? (p.x == b.x0 ? "西山墙" : "东山墙") : "北墙");
            plan.out.add(district::layers::kGraffiti, Geometry::from(p))
                .set("wall", wall)
                .set("area_m2", std::round(plan.rng.uniform(0.5, 6.0) * 10) / 10)
                .set("building_number", b.number)
                .set("status", "reported")
                .set("zone", b.row < 3 ? "south" : "north");
        }
    }
    for (int k = 0; k < 6; ++k) {
        bool south = k < 3;
        Point p = south ? Point{60.0 + 60 * k, 30} : Point{60.0 + 60 * (k - 3), 300};
        plan.out.add(district::layers::kGraffiti, Geometry::from(p))
            .set("wall", south ? "小区南围墙" : "小区北围墙")
            .set("area_m2", std::round(plan.rng.uniform(2.0, 8.0) * 10) / 10)
            .set("building_number", 0)
            .set("status", "reported")
            .set("zone", south ? "south" : "north");
    }
}

}  // namespace

void build_layout(Plan& plan) {
    build_areas(plan);
    build_streets(plan);
    build_buildings(plan);
    build_ancillary(plan);
    write_buildings(plan);
    build_ground(plan);
    build_pois(plan);
    build_market_stalls(plan);
    build_cleanup_cases(plan);
}

}  // namespace gis::generate::detail
