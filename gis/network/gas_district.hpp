#pragma once
/// @file
/// The gas network of a loaded district: the network built from its layers, and who is affected by an
/// isolation (buildings, entrances, households, shops). The viewer and the command line both use this.

#include <cstdint>
#include <string>
#include <vector>

#include "gis/district/model.hpp"
#include "gis/network/gas_network.hpp"

namespace gis::network {

/// Network input from a district: every pipe, valve (state "closed" = normally closed, operable flag),
/// station and entrance; residential buildings, units and the school need service.
GasNetworkSpec gas_spec(const district::District& d, double snap_tolerance = 0.5);

/// The data set has a gas network to check or trace: MissingLayer naming the layer when it has no
/// gas_pipes layer at all (an empty network is not a sound one).
Result<void> require_gas_network(const district::District& d);

/// Who loses gas in an isolation. Ids are fids of the district's layers; lists sorted ascending.
struct GasImpact {
    std::vector<std::int64_t> buildings;
    std::vector<std::int64_t> entrances;
    std::vector<std::int64_t> households;  ///< households of the entrances that lose gas
    std::vector<std::int64_t> shops;       ///< shops in buildings that lose gas (via building_fid)
};

/// Look-ups from entrances to households and from buildings to shops, built once per district.
class GasImpactIndex {
  public:
    explicit GasImpactIndex(const district::District& d);
    GasImpact impact(const IsolationTrace& trace) const;

  private:
    std::vector<std::pair<std::int64_t, std::int64_t>> entrance_households_;  // (entrance fid, household)
    std::vector<std::pair<std::int64_t, std::int64_t>> building_shops_;       // (building fid, shop fid)
};

/// The gas network of a district together with its impact index.
struct DistrictGas {
    GasNetwork network;
    GasImpactIndex impact;
    static DistrictGas build(const district::District& d, double snap_tolerance = 0.5);
};

/// Pipes with status "renewal" in a named scope: "district" (all of them), "compound" (those inside a
/// compound), "area:NAME" (those meeting a named compound, service area or market). BadInput for an
/// unknown scope (the message lists the known ones); NotFound when no pipe there is due for renewal.
Result<std::vector<std::int64_t>> scope_pipes(const district::District& d, const std::string& scope);

}  // namespace gis::network
