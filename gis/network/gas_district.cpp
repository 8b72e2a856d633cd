#include "gis/network/gas_district.hpp"

#include <algorithm>
#include <limits>
#include <map>

#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/district/schema.hpp"
#include "gis/geom/ops.hpp"

namespace gis::network {

Result<void> require_gas_network(const district::District& d) {
    if (!d.lacks(district::layers::kGasPipes)) return {};
    return make_error(ErrorCode::MissingLayer,
                      gis::i18n::format(_("{0}: no layer {1}: the data set has no gas network"),
                                        d.source_path, district::layers::kGasPipes));
}

namespace {

template <class K, class V>
void append_matches(const std::vector<std::pair<K, V>>& sorted, const std::vector<K>& keys,
                    std::vector<V>& out) {
    for (const auto& k : keys) {
        auto lo =
            std::lower_bound(sorted.begin(), sorted.end(), std::pair<K, V>{k, std::numeric_limits<V>::min()});
        for (; lo != sorted.end() && lo->first == k; ++lo) out.push_back(lo->second);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
}

}  // namespace

GasNetworkSpec gas_spec(const district::District& d, double snap_tolerance) {
    GasNetworkSpec s;
    s.snap_tolerance = snap_tolerance;
    s.pipes.reserve(d.gas_pipes.size());
    for (const auto& p : d.gas_pipes)
        s.pipes.push_back({p.fid, p.line, p.diameter_mm, p.material, p.pressure, p.kind, p.building_fid});
    for (const auto& v : d.gas_valves)
        s.valves.push_back({v.fid, v.location, v.state == "closed", v.operable});
    for (const auto& st : d.gas_stations) s.sources.push_back({st.fid, st.location});
    s.entrances.reserve(d.entrances.size());
    for (const auto& e : d.entrances) s.entrances.push_back({e.fid, e.building_fid, e.location});
    for (const auto& b : d.buildings)
        if (b.kind == district::BuildingKind::Residential || b.kind == district::BuildingKind::Unit ||
            b.kind == district::BuildingKind::School)
            s.buildings_needing_service.push_back(b.fid);
    return s;
}

GasImpactIndex::GasImpactIndex(const district::District& d) {
    std::map<std::pair<int, int>, std::int64_t> entrance_of;  // (building number, entrance) -> fid
    for (const auto& e : d.entrances)
        if (e.building_number > 0) entrance_of.emplace(std::pair{e.building_number, e.number}, e.fid);
    entrance_households_.reserve(d.households.size());
    for (const auto& h : d.households) {
        auto it = entrance_of.find({h.building_number, h.entrance});
        if (it != entrance_of.end()) entrance_households_.push_back({it->second, h.fid});
    }
    std::sort(entrance_households_.begin(), entrance_households_.end());
    for (const auto& s : d.shops)
        if (s.building_fid >= 0) building_shops_.push_back({s.building_fid, s.fid});
    std::sort(building_shops_.begin(), building_shops_.end());
}

GasImpact GasImpactIndex::impact(const IsolationTrace& trace) const {
    GasImpact out;
    out.buildings = trace.buildings;
    out.entrances = trace.entrances;
    append_matches(entrance_households_, trace.entrances, out.households);
    append_matches(building_shops_, trace.buildings, out.shops);
    return out;
}

DistrictGas DistrictGas::build(const district::District& d, double snap_tolerance) {
    return {GasNetwork::build(gas_spec(d, snap_tolerance)), GasImpactIndex(d)};
}

Result<std::vector<std::int64_t>> scope_pipes(const district::District& d, const std::string& scope) {
    std::vector<std::int64_t> out;
    if (scope == "compound" || scope == "district") {
        for (const auto& p : d.gas_pipes)
            if (p.status == "renewal" && (scope == "district" || p.in_compound)) out.push_back(p.fid);
    } else if (scope.rfind("area:", 0) == 0) {
        auto found = d.find_named_area(scope.substr(5));
        if (!found) return found.error();
        const district::NamedArea* a = found.value();
        const Geometry area = Geometry::from(a->polygon);
        for (const auto& p : d.gas_pipes)
            if (p.status == "renewal" && geom::intersects(area, Geometry::from(p.line))) out.push_back(p.fid);
    } else {
        return make_error(
            ErrorCode::BadInput,
            gis::i18n::format(_("unknown renewal scope '{0}' (known: district, compound, area:NAME)"),
                              scope));
    }
    if (out.empty())
        return make_error(
            ErrorCode::NotFound,
            scope == "district"
                ? std::string(_("the data set has no pipe with status 'renewal' in the district (the "
                                "gas layer's status field marks pipes due for renewal)"))
                : gis::i18n::format(_("the data set has no pipe with status 'renewal' in {0} (the gas "
                                      "layer's status field marks pipes due for renewal)"),
                                    scope));
    return out;
}

}  // namespace gis::network
