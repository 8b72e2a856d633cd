#pragma once
/// @file
/// The viewer's gating panel, GL-free: the compound's fence and gates (gis::plan::propose_gating), the
/// access check with the gates the user shut (gis::plan::check_gating) and its cost from the data set's
/// price table, as `nbhd plan gating --check` computes them; with the fence, the gates and the walks
/// after fencing as map overlays.

#include <string>
#include <vector>

#include "gis/core/result.hpp"
#include "gis/district/model.hpp"
#include "gis/io/dataset.hpp"
#include "gis/plan/gating.hpp"

namespace app::view {

struct GatingView {
    gis::plan::GatingProposal proposal;
    gis::plan::GatingCheck check;
    gis::plan::GatingCost cost;
};

/// Reads the data set at `path` and computes the proposal for its first compound with the gates named in
/// `closed` shut. Errors: NotFound when it has no compound or no such gate; those of reading.
gis::Result<GatingView> load_gating_view(const std::string& path, const std::vector<std::string>& closed);
/// As above with the district already read (the viewer's one copy); `path` for the price table.
gis::Result<GatingView> load_gating_view(const gis::district::District& district, const std::string& path,
                                         const std::vector<std::string>& closed);

/// Overlay layers: the fence pieces, the gates (field "open": 1 or 0) and the walks after fencing.
gis::io::Layer gating_fence_layer(const GatingView& v);
gis::io::Layer gating_gate_layer(const GatingView& v);
gis::io::Layer gating_route_layer(const GatingView& v);

}  // namespace app::view
