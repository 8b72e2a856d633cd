#include "app/view/core/gating_model.hpp"

#include "gis/district/loader.hpp"
#include "gis/plan/prices.hpp"

namespace app::view {

gis::Result<GatingView> load_gating_view(const std::string& path, const std::vector<std::string>& closed) {
    auto d = gis::district::load(path);
    if (!d) return d.error();
    return load_gating_view(d.value(), path, closed);
}

gis::Result<GatingView> load_gating_view(const gis::district::District& district, const std::string& path,
                                         const std::vector<std::string>& closed) {
    const auto& d = district;
    auto table = gis::plan::read_prices(path);
    if (!table) return table.error();
    auto proposal = gis::plan::propose_gating(d);
    if (!proposal) return proposal.error();
    if (!closed.empty())
        if (auto r = gis::plan::close_gates(proposal.value(), closed); !r) return r.error();
    GatingView v;
    v.check = gis::plan::check_gating(d, proposal.value());
    v.cost = gis::plan::gating_cost(proposal.value(), table->unit_prices());
    v.proposal = std::move(proposal.value());
    return v;
}

gis::io::Layer gating_fence_layer(const GatingView& v) {
    gis::io::Layer l;
    l.info.geometry_type = "LineString";
    std::int64_t fid = 0;
    for (const auto& piece : v.proposal.fence) {
        gis::io::Feature f;
        f.fid = ++fid;
        f.geometry = gis::Geometry::from(piece);
        l.features.push_back(std::move(f));
    }
    return l;
}

gis::io::Layer gating_gate_layer(const GatingView& v) {
    gis::io::Layer l;
    l.info.geometry_type = "Point";
    l.info.fields.push_back({"open", gis::io::FieldType::Integer});
    std::int64_t fid = 0;
    for (const auto& g : v.proposal.gates) {
        gis::io::Feature f;
        f.fid = ++fid;
        f.geometry = gis::Geometry::from(g.location);
        f.values.emplace_back(static_cast<std::int64_t>(g.open ? 1 : 0));
        l.features.push_back(std::move(f));
    }
    return l;
}

gis::io::Layer gating_route_layer(const GatingView& v) {
    gis::io::Layer l;
    l.info.geometry_type = "LineString";
    std::int64_t fid = 0;
    for (const auto& e : v.check.entrances)
        if (e.route_after.size() >= 2) {
            gis::io::Feature f;
            f.fid = ++fid;
            f.geometry = gis::Geometry::from(e.route_after);
            l.features.push_back(std::move(f));
        }
    return l;
}

}  // namespace app::view
