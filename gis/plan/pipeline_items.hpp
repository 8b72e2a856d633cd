#pragma once
/// @file
/// A gas pipe renewal as plan items: one `gas_pipe` item per pipe replaced (or per new route), so that
/// the project's budget counts the renewal at its priced cost (by diameter and material).

#include <string>
#include <vector>

#include "gis/network/renewal.hpp"
#include "gis/plan/store.hpp"

namespace gis::plan {

/// Items for `plan`'s pieces: geometry the piece's line; parameters pipe_id (-1 for a new route),
/// diameter_mm, material, pressure, renewal_phase and unit_price_cny (the piece's cost per metre), so
/// that each item's cost equals its piece's cost and the items together cost what the plan costs.
std::vector<PlanItem> to_items(const network::RenewalPlan& plan, const std::string& project, int phase);

}  // namespace gis::plan
