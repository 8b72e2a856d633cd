#pragma once
/// @file
/// The sketch panel's live checks on screen (the logic is app/view/core/sketch_checks.hpp): the checks,
/// built on a worker from the map's buildings and valves; this frame's conflicts of the draft or the
/// selected plan item; their rows in the panel's form and their cues on the map.

#include <imgui.h>

#include <functional>
#include <future>
#include <memory>
#include <string>

#include "app/view/core/document.hpp"
#include "app/view/core/sketch_checks.hpp"
#include "gis/network/clearance.hpp"

namespace app::view {

class SketchCheckView {
  public:
    /// Starts building the checks from the document's layers.
    void start(const Document& doc) { future_ = build_sketch_checks(doc); }
    /// Takes the built checks once they are ready (`wait`: blocks until then).
    void poll(bool wait);
    /// This frame's conflicts of an item of `kind` with `params` (its pressure class) and `shape`; none
    /// for kinds without checks or while the checks are being built.
    void update(const std::string& kind, const std::string& params, const gis::Geometry& shape);
    void clear() { conflicts_ = {}; }
    /// The checks' rows (clearance for pipes, covered valves) in the current two-column form table.
    void rows(const std::string& kind) const;
    /// Red rings with the distance where a pipe is too close to a building, amber diamonds on the valves
    /// the works would cover; `to_ui` maps world points to window units.
    void cues(ImDrawList* dl, const std::function<ImVec2(const gis::Point&)>& to_ui) const;

    /// The pressure class in an item's params ("pressure"), low when absent.
    static gis::network::PressureClass pressure_of(const std::string& params);

  private:
    std::future<std::shared_ptr<const SketchChecks>> future_;
    std::shared_ptr<const SketchChecks> checks_;
    SketchConflicts conflicts_;
};

}  // namespace app::view
