#include "app/view/core/gas_trace_model.hpp"

#include <algorithm>
#include <map>

namespace app::view {

Colour gas_trace_pipe_colour() { return Colour::hex(0x00a3c4); }
Colour gas_trace_target_colour() { return Colour::hex(0x0b3d59); }
Colour gas_trace_valve_colour() { return Colour::hex(0xe0161b); }
Colour gas_trace_skipped_colour() { return Colour::hex(0x37474f); }
Colour gas_trace_building_colour() { return Colour::hex(0x00a3c4); }

std::unique_ptr<GasTraceModel> GasTraceModel::build(gis::district::District district) {
    return std::unique_ptr<GasTraceModel>(new GasTraceModel(std::move(district)));
}

GasTraceModel::GasTraceModel(gis::district::District district) : district_(std::move(district)) {
    district_.reindex();
    gas_ = std::make_unique<gis::network::DistrictGas>(gis::network::DistrictGas::build(district_));
    const auto& d = district_;
    for (std::size_t i = 0; i < d.gas_pipes.size(); ++i) pipe_at_.emplace(d.gas_pipes[i].fid, i);
    for (std::size_t i = 0; i < d.gas_valves.size(); ++i) valve_at_.emplace(d.gas_valves[i].fid, i);
    for (std::size_t i = 0; i < d.entrances.size(); ++i) entrance_at_.emplace(d.entrances[i].fid, i);
    for (std::size_t i = 0; i < d.shops.size(); ++i) shop_at_.emplace(d.shops[i].fid, i);
    // Households reach their building through their entrance, as the impact index links them.
    std::map<std::pair<int, int>, std::int64_t> entrance_of;  // (building number, entrance) → building fid
    for (const auto& e : d.entrances)
        if (e.building_number > 0) entrance_of.emplace(std::pair{e.building_number, e.number}, e.building_fid);
    household_building_.reserve(d.households.size());
    for (const auto& h : d.households)
        if (auto it = entrance_of.find({h.building_number, h.entrance}); it != entrance_of.end())
            household_building_.emplace(h.fid, it->second);
}

gis::Result<GasTraceResult> GasTraceModel::trace(std::int64_t pipe_id) const {
    auto t = gas_->network.isolate(pipe_id);
    if (!t) return t.error();
    GasTraceResult r;
    r.segment = pipe_id;
    if (auto it = pipe_at_.find(pipe_id); it != pipe_at_.end()) r.pipe = &district_.gas_pipes[it->second];
    r.trace = std::move(t.value());
    r.impact = gas_->impact.impact(r.trace);

    auto add_valves = [&](const std::vector<std::int64_t>& ids, GasTraceValve::Role role) {
        for (auto id : ids) {
            GasTraceValve v;
            v.id = id;
            v.role = role;
            if (auto it = valve_at_.find(id); it != valve_at_.end()) {
                const auto& src = district_.gas_valves[it->second];
                v.location = src.location;
                v.diameter_mm = src.diameter_mm;
                v.state = src.state;
                v.operable = src.operable;
                v.note = src.note;
            }
            r.extent.expand(v.location);
            r.valves.push_back(std::move(v));
        }
    };
    add_valves(r.trace.valves_to_close, GasTraceValve::Role::Close);
    add_valves(r.trace.valves_already_closed, GasTraceValve::Role::AlreadyClosed);
    add_valves(r.trace.valves_skipped, GasTraceValve::Role::Skipped);

    for (auto id : r.trace.pipes_without_supply)
        if (const auto* p = gas_->network.pipe(id)) {
            r.length_m += gis::length_of(p->line);
            for (const auto& pt : p->line) r.extent.expand(pt);
        }

    std::unordered_map<std::int64_t, std::size_t> row_of;  // building fid → row
    auto row = [&](std::int64_t fid) -> GasTraceBuilding& {
        auto [it, fresh] = row_of.emplace(fid, r.buildings.size());
        if (fresh) {
            GasTraceBuilding b;
            b.fid = fid;
            if (const auto* src = district_.building_by_fid(fid)) {
                b.number = src->number;
                b.name = src->name;
                for (const auto& pt : src->footprint.outer) b.box.expand(pt);
                r.extent.expand(b.box);
            }
            r.buildings.push_back(std::move(b));
        }
        return r.buildings[it->second];
    };
    for (auto fid : r.impact.buildings) row(fid);
    for (auto id : r.impact.entrances)
        if (auto it = entrance_at_.find(id); it != entrance_at_.end())
            ++row(district_.entrances[it->second].building_fid).entrances;
    for (auto id : r.impact.households)
        if (auto it = household_building_.find(id); it != household_building_.end()) ++row(it->second).households;
    for (auto id : r.impact.shops)
        if (auto it = shop_at_.find(id); it != shop_at_.end()) ++row(district_.shops[it->second].building_fid).shops;
    std::sort(r.buildings.begin(), r.buildings.end(), [](const GasTraceBuilding& a, const GasTraceBuilding& b) {
        const bool ra = a.number > 0, rb = b.number > 0;
        if (ra != rb) return ra;
        if (ra) return a.number < b.number;
        if (a.name != b.name) return a.name < b.name;
        return a.fid < b.fid;
    });
    return r;
}

}  // namespace app::view
