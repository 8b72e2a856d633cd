#pragma once
/// @file
/// The shape being drawn with the sketch tools (polygon, line or point), its live length and area, and
/// the vertex handles of a saved shape (corners to drag, edge midpoints to insert a corner). GL-free.

#include <optional>
#include <string>
#include <vector>

#include "app/view/core/camera.hpp"
#include "gis/core/geometry.hpp"
#include "gis/core/result.hpp"
#include "gis/plan/vertex_edit.hpp"

namespace app::view {

enum class SketchShape { Polygon, Line, Point };

/// The shape a kind of plan item is drawn as (hardening: polygon, gas_pipe: line, gate: point); kinds
/// measured by a fixed cost accept any shape and default to a polygon.
SketchShape shape_for_kind(const std::string& kind);
/// Whether a kind accepts a shape.
bool kind_accepts(const std::string& kind, SketchShape shape);

/// Live measures of a sketch.
struct SketchMeasures {
    double length_m = 0;   ///< line: its length; polygon: its perimeter (closed)
    double area_m2 = 0;    ///< polygon only
    double segment_m = 0;  ///< the segment being drawn (last vertex to the pointer)
};

class SketchDraft {
  public:
    /// Starts a new empty sketch of `shape`.
    void start(SketchShape shape);
    SketchShape shape() const { return shape_; }
    const std::vector<gis::Point>& points() const { return points_; }
    bool empty() const { return points_.empty(); }

    /// Adds a vertex; a repeat of the last vertex (the second click of a double-click) is ignored.
    /// Returns whether it was added.
    bool add(const gis::Point& p);
    /// Removes the last vertex (Backspace); false when there is none.
    bool remove_last();
    /// Drops every vertex (Esc).
    void cancel() { points_.clear(); }

    /// Measures with `pointer` as the next vertex when given (the rubber band).
    SketchMeasures measure(std::optional<gis::Point> pointer = std::nullopt) const;

    /// The finished shape. BadInput when a polygon has under 3 corners or a line under 2 points (or none
    /// for a point); InvalidGeometry when the outline crosses itself (the message says where).
    gis::Result<gis::Geometry> geometry() const;

  private:
    SketchShape shape_ = SketchShape::Polygon;
    std::vector<gis::Point> points_;
};

/// A handle on a saved shape: a corner (drag to move, right-click to delete) or an edge midpoint (click
/// or drag to insert a corner there; `ref` is then the insert position).
struct VertexHandle {
    gis::plan::VertexRef ref;
    gis::Point at;
    bool midpoint = false;
};

/// Every corner handle of `g`, then every edge midpoint handle. Points have corner handles only.
std::vector<VertexHandle> vertex_handles(const gis::Geometry& g);
/// The handle nearest to `screen` (pixels) within `radius_px`; corners win over midpoints.
std::optional<VertexHandle> hit_handle(const std::vector<VertexHandle>& handles, const Camera& camera,
                                       const gis::Point& screen, double radius_px);
/// `g` with the corner `ref` moved to `to`, or with a corner inserted at `to` (for a midpoint handle),
/// without validity checks: the preview while dragging.
gis::Geometry preview_edit(const gis::Geometry& g, const VertexHandle& h, const gis::Point& to);

/// "12.3 m", "1,234 m", "1.23 km"; "56.7 m²", "12,345 m²", "1.23 ha" (no translation needed).
std::string format_length(double m);
std::string format_area(double m2);

}  // namespace app::view
