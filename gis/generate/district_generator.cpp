#include "gis/generate/district_generator.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "gis/generate/detail/plan.hpp"

namespace gis::generate {
namespace detail {

LayerSet::LayerSet() {
    for (const auto& s : district::layer_schemas()) {
        layers_.push_back({s.name, {}});
        schemas_.push_back(&s);
    }
}

std::size_t LayerSet::index_of(const char* layer) const {
    for (std::size_t i = 0; i < layers_.size(); ++i)
        if (layers_[i].name == layer) return i;
    return layers_.size();
}

LayerSet::Row LayerSet::add(const char* layer, Geometry geometry) {
    auto i = index_of(layer);
    auto& l = layers_.at(i);
    io::Feature f;
    f.fid = static_cast<std::int64_t>(l.features.size()) + 1;
    f.geometry = std::move(geometry);
    f.values.resize(schemas_[i]->fields.size());
    l.features.push_back(std::move(f));
    return Row{&l.features.back(), schemas_[i]};
}

std::int64_t LayerSet::count(const char* layer) const {
    return static_cast<std::int64_t>(layers_.at(index_of(layer)).features.size());
}

LayerSet::Row& LayerSet::Row::set(const char* field, io::FieldValue v) {
    for (std::size_t k = 0; k < schema->fields.size(); ++k) {
        if (schema->fields[k].name == field) {
            feature->values[k] = std::move(v);
            return *this;
        }
    }
    // A field not in the schema is a programming error in the generator.
    std::fprintf(stderr, "internal: layer %s has no field %s\n", schema->name, field);
    std::abort();
}

const BuildingRec* Plan::residential(int local_number) const {
    for (const auto& b : buildings)
        if (b.kind == district::BuildingKind::Residential &&
            b.number == params.building_number_offset + local_number)
            return &b;
    return nullptr;
}

void build_tables(Plan& plan) {
    if (!plan.params.with_tables) return;
    const std::pair<const char*, std::string> meta[] = {
        {"name", plan.params.name},
        {"name_en", plan.params.name_en},
        {"subdistrict", "人民路街道办事处"},
        {"crs", district::kDistrictCrs},
        {"source",
         "Synthetic data set: the streets, buildings, people and pipes are invented; every figure reproduces "
         "the "
         "community's published profile. 合成数据：figures per the community's published profile, not a "
         "survey."},
        {"generator_seed", std::to_string(plan.params.seed)},
        {"party_members_note",
         "11 Party members in the community branch: 6 in the residents' committee, 5 migrant"},
    };
    for (const auto& [k, v] : meta) plan.out.add(district::layers::kMetadata).set("key", k).set("value", v);
    // The two projects the community carried out here (DISTRICT.md), with their budgets; their plan items
    // are made with the planning commands.
    plan.out.add(district::layers::kProjects)
        .set("key", "xingzheng-south")
        .set("name", "行政南小区综合整治")
        .set("name_en", "Xingzheng South compound renovation")
        .set("budget_cny", 2000000.0)
        .set("phases", 4)
        .set("area", "compound")
        .set("note", "封闭、硬化（小区道路和楼前）、天然气管网改造（500 m 以上）、清理违建和乱涂乱画（两次志愿行动）");
    plan.out.add(district::layers::kProjects)
        .set("key", "guohuai-market")
        .set("name", "国槐街集贸市场改造")
        .set("name_en", "Guohuai Street market rebuild")
        .set("budget_cny", 100000.0)
        .set("phases", 1)
        .set("area", "market")
        .set("note", "半个月建成；摊位先分配给社区居民和低保户，设复称台、市场监督台和投诉电话");
    // The presentation of the compound renovation: saved views in show order (extents in local metres
    // from the Zhenxing/Jianshe crossing; phases: 2 hardening, 3 gas pipeline, 4 clean-up).
    struct SlideRec {
        const char* caption;
        const char* caption_en;
        double minx, miny, maxx, maxy;
        const char* phases;
        const char* view;
    };
    static const SlideRec slides[] = {
        {"重华社区全貌", "Chonghua community at a glance", -45, -45, 745, 616, "", "after"},
        {"行政南小区现状：老旧小区，道路与楼前场地未硬化", "Xingzheng South compound today: unpaved lanes and forecourts",
         15, 15, 425, 315, "", "before"},
        {"硬化方案：小区道路与楼前场地", "Hardening: compound lanes and forecourts", 15, 15, 425, 315, "2", "after"},
        {"天然气管网改造：更换老旧铸铁管", "Gas pipeline renewal: old cast-iron pipe replaced", 60, 35, 375, 320, "3",
         "after"},
        {"清理违建与乱涂乱画", "Clean-up: illegal structures and graffiti", 15, 15, 425, 315, "4", "after"},
        {"改造前后对比", "Before and after", 15, 15, 425, 315, "", "split"},
        {"国槐街集贸市场", "Guohuai Street market", 370, 280, 490, 520, "", "after"},
    };
    for (std::size_t i = 0; i < std::size(slides); ++i) {
        const SlideRec& s = slides[i];
        const Point o = plan.params.origin;
        plan.out.add(district::layers::kSlides)
            .set("slide_no", static_cast<int>(i + 1))
            .set("caption", s.caption)
            .set("caption_en", s.caption_en)
            .set("minx", o.x + s.minx)
            .set("miny", o.y + s.miny)
            .set("maxx", o.x + s.maxx)
            .set("maxy", o.y + s.maxy)
            .set("layers", "")
            .set("phases", s.phases)
            .set("view", s.view)
            .set("split", 0.5);
    }
    static const char* categories[] = {"邻里纠纷", "家庭矛盾", "物业纠纷", "噪音扰民",
                                       "停车纠纷", "房屋漏水", "租赁纠纷"};
    static const char* areas[] = {"行政南片", "重华北片", "校园片", "国槐街东片"};
    int n = 30 + plan.rng.range(2, 8);
    for (int k = 0; k < n; ++k) {
        char date[32];
        std::snprintf(date, sizeof date, "2025-%02d-%02d", 1 + k * 12 / n, plan.rng.range(1, 28));
        plan.out.add(district::layers::kMediations)
            .set("date", date)
            .set("service_area", areas[plan.rng.range(0, 3)])
            .set("category", categories[plan.rng.range(0, 6)])
            .set("outcome", plan.rng.chance(0.9) ? "调解成功" : "转交司法所");
    }
}

namespace {
void translate(Geometry& g, Point o) {
    auto move = [&](Point& p) {
        p.x = std::round((p.x + o.x) * 1000) / 1000;
        p.y = std::round((p.y + o.y) * 1000) / 1000;
    };
    for (auto& p : g.points) move(p);
    for (auto& l : g.lines)
        for (auto& p : l) move(p);
    for (auto& poly : g.polygons) {
        for (auto& p : poly.outer) move(p);
        for (auto& h : poly.holes)
            for (auto& p : h) move(p);
    }
}
}  // namespace

}  // namespace detail

std::vector<GeneratedLayer> generate_district(const DistrictParams& params) {
    detail::Plan plan(params);
    detail::build_layout(plan);
    detail::build_people(plan);
    detail::build_gas(plan);
    detail::build_tables(plan);
    auto layers = plan.out.take();
    for (auto& layer : layers)
        for (auto& f : layer.features) detail::translate(f.geometry, params.origin);
    return layers;
}

}  // namespace gis::generate
