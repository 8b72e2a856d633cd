#include "app/view/core/schedule_model.hpp"

#include "gis/core/i18n.hpp"
#include "gis/district/loader.hpp"
#include "gis/geom/ops.hpp"

namespace app::view {

gis::Result<ScheduleView> load_schedule_view(const std::string& path, const std::string& project) {
    auto d = gis::district::load(path);
    if (!d) return d.error();
    return load_schedule_view(d.value(), path, project);
}

gis::Result<ScheduleView> load_schedule_view(const gis::district::District& district, const std::string& path,
                                             const std::string& project) {
    auto plan = gis::plan::read_plan(path);
    if (!plan) return plan.error();
    if (plan->projects.empty())
        return gis::make_error(gis::ErrorCode::NotFound,
                               _("the data set has no project (nbhd project add KEY --budget CNY)"));
    ScheduleView v;
    for (const auto& p : plan->projects) v.projects.emplace_back(p.key, p.name);
    const std::string key = project.empty() ? plan->projects.front().key : project;
    auto schedule = gis::plan::project_schedule(plan.value(), key);
    if (!schedule) return schedule.error();
    v.schedule = std::move(schedule.value());
    v.conflicts = gis::plan::find_conflicts(district, plan.value(), key);
    return v;
}

float timeline_x(std::int64_t day, std::int64_t first, std::int64_t last, float x0, float x1) {
    const double span = static_cast<double>(last - first + 1);
    if (span <= 0) return x0;
    return x0 + static_cast<float>(static_cast<double>(day - first) / span) * (x1 - x0);
}

gis::io::Layer conflict_layer(const gis::plan::ConflictReport& r) {
    gis::io::Layer layer;
    layer.info.geometry_type = "Polygon";
    layer.info.fields.push_back({"kind", gis::io::FieldType::String});
    std::int64_t fid = 0;
    for (const auto& c : r.conflicts) {
        gis::io::Feature f;
        f.fid = ++fid;
        // Points (a shop, a gate) and thin trench strips get a 3 m mark so they show at any scale.
        f.geometry = c.where.polygons.empty() || c.area_m2 < 50 ? gis::geom::buffer(c.where, 3.0) : c.where;
        f.values.emplace_back(c.kind);
        layer.features.push_back(std::move(f));
    }
    return layer;
}

}  // namespace app::view
