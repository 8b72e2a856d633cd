#include "gis/plan/overlap.hpp"

#include <algorithm>

#include "gis/geom/ops.hpp"
#include "gis/index/spatial_index.hpp"
#include "gis/plan/params.hpp"

namespace gis::plan {

std::vector<std::int64_t> double_counted(const std::vector<PlanItem>& stored, const std::string& project,
                                         const std::vector<PlanItem>& items) {
    std::vector<const PlanItem*> saved;
    std::vector<Geometry> shapes;
    for (const auto& it : stored)
        if (it.project == project) {
            saved.push_back(&it);
            shapes.push_back(it.geometry);
        }
    std::vector<std::int64_t> out;
    if (saved.empty()) return out;
    const index::SpatialIndex index(std::move(shapes));
    for (const auto& n : items) {
        const auto pipe = param_number(n.params, "pipe_id");
        for (auto k : index.intersecting(n.geometry)) {
            const PlanItem& old = *saved[k];
            if (old.kind != n.kind) continue;
            const auto old_pipe = param_number(old.params, "pipe_id");
            const bool same_pipe = pipe && old_pipe && *pipe >= 0 && *pipe == *old_pipe;
            const bool same_area = !n.geometry.polygons.empty() && !old.geometry.polygons.empty() &&
                                   geom::overlap_area(n.geometry, old.geometry) > 1.0;
            if (same_pipe || same_area) out.push_back(old.id);
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

Error double_count_error(const std::string& project, const std::vector<std::int64_t>& ids) {
    std::string list;
    for (std::size_t i = 0; i < ids.size() && i < 12; ++i) list += (i ? "," : "") + std::to_string(ids[i]);
    if (ids.size() > 12) list += ",…";
    return make_error(ErrorCode::BadInput,
                      "project " + project + " already has " + std::to_string(ids.size()) +
                          " saved items for the same work (ids " + list +
                          "): saving again would count them twice, so nothing was saved. Remove them first "
                          "(nbhd plan remove ID ...) or add --append to save anyway");
}

}  // namespace gis::plan
