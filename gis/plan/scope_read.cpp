#include "gis/plan/scope_read.hpp"

#include "gis/district/loader.hpp"
#include "gis/district/schema.hpp"
#include "gis/geom/ops.hpp"
#include "gis/network/street_graph.hpp"
#include "gis/plan/scope.hpp"

namespace gis::plan {
namespace {

Result<district::District> whole(const std::string& path, bool households) {
    return district::load(path, district::LoadOptions(households));
}

Result<district::District> box_read(const std::string& path, const BBox& box, const std::string& area,
                                    bool households) {
    district::LoadOptions o(households);
    o.region = district::Region{};
    o.region->box = box;
    o.region->map_layers = true;
    o.region->area_name = area;
    return district::load(path, o);
}

}  // namespace

Result<district::District> load_for_scope(const std::string& path, const std::string& scope,
                                          const std::string& wkt, double margin_m, bool households) {
    if (!wkt.empty()) {
        auto g = geom::from_wkt(wkt);
        if (!g || g->bbox().empty()) return whole(path, households);
        return box_read(path, g->bbox().grown(margin_m), "", households);
    }
    if (scope.rfind(kAreaPrefix, 0) != 0) return whole(path, households);
    const std::string name = scope.substr(std::string(kAreaPrefix).size());
    // The area itself, by its name (no box yet).
    district::LoadOptions find(false);
    find.region = district::Region{};
    find.region->area_name = district::District::area_base_name(name);
    auto named = district::load(path, find);
    if (!named) return named.error();
    auto found = named->find_named_area(name);
    if (!found && found.error().code != ErrorCode::NotFound) return found.error();  // several of that name
    const district::NamedArea* a = found ? found.value() : nullptr;
    if (!a || a->polygon.outer.empty()) return whole(path, households);
    BBox box = bbox_of(a->polygon).grown(margin_m);
    for (int i = 0; i < 8; ++i) {
        auto d = box_read(path, box, district::District::area_base_name(name), households);
        if (!d) return d.error();
        auto s = named_area_scope(*d, name);
        if (!s) return whole(path, households);
        const BBox need = s->bbox().grown(margin_m);
        if (box.contains(need)) return d;
        box.expand(need);
    }
    return whole(path, households);
}

Result<CrewRoute> crew_route_from_file(const std::string& path, const std::vector<Point>& sites,
                                       const RouteOptions& options) {
    if (sites.empty()) return CrewRoute{};
    BBox around_sites;
    for (const auto& p : sites) around_sites.expand(p);
    auto extent = district::layer_extent(path, district::layers::kStreets);
    if (!extent) return extent.error();
    double m = 300;
    for (;;) {
        const BBox box = around_sites.grown(m);
        auto d = box_read(path, box, "", false);
        if (!d) return d.error();
        CrewRoute r = crew_route(network::StreetGraph::build(*d), sites, options);
        if (box.contains(*extent) || (r.connected && r.length_m <= 2 * m)) return r;
        m = std::max(2 * m, r.connected ? r.length_m / 2 + 1 : 0.0);
    }
}

}  // namespace gis::plan
