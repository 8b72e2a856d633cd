#pragma once
/// @file
/// The sketch panel's cues on the map, drawn with ImGui's background draw list (behind the windows,
/// above the map): the drawing with its fill and rubber band, the selected item's corner and midpoint
/// handles and the dragged outline, the snapping marks, the live checks' conflicts, and the measures
/// beside the pointer.

#include <imgui.h>

#include <cstdint>
#include <vector>

#include "app/view/core/prepared_layer.hpp"
#include "app/view/panel.hpp"
#include "app/view/panels/sketch_tools.hpp"

namespace app::view::sketch {

class SketchCues {
  public:
    void draw(const ViewContext& ctx, const SketchTools& t);

  private:
    /// The drawing's fill, triangulated again only when its outline changes.
    void fill_preview(ImDrawList* dl, const ViewContext& ctx, const std::vector<gis::Point>& pts);

    std::vector<gis::Point> fill_points_;
    gis::Point fill_origin_;
    std::vector<FillVertex> fill_vertices_;
    std::vector<std::uint32_t> fill_indices_;
};

}  // namespace app::view::sketch
