#pragma once
/// @file
/// Slides: saved map views of a presentation (extent, visible layers, plan phases shown, before/after
/// view, caption), kept in the data set's `slides` table in show order. Written in one transaction.

#include <string>
#include <vector>

#include "gis/core/geometry.hpp"
#include "gis/core/result.hpp"

namespace gis::present {

/// How a slide shows the plan: the status quo, the plan, or both side by side.
enum class PlanView { After, Before, Split };

const char* to_string(PlanView v);
/// "after", "before", "split"; false for anything else.
bool parse_plan_view(const std::string& text, PlanView& out);

struct Slide {
    std::string caption;     ///< Chinese caption (required)
    std::string caption_en;  ///< English caption (optional: the Chinese one is shown when empty)
    BBox extent;             ///< the area shown, in the data set's CRS
    std::vector<std::string> layers;  ///< visible layers; empty: leave the visibility as it is
    std::vector<int> phases;          ///< plan phases shown; empty: every phase
    PlanView view = PlanView::After;
    double split = 0.5;  ///< divider position for PlanView::Split, 0..1 of the width
    friend bool operator==(const Slide&, const Slide&) = default;
};

/// The table's name and fields (also in the district schema).
inline constexpr const char* kSlidesLayer = "slides";

/// Checks a slide: caption present and at most 200 characters, an extent that is finite, not empty,
/// at most 200 km across; layer names of letters, digits, '_' and '.'; phases 1..99; split in 0.05..0.95.
/// Errors are BadInput with a message that names the slide (1-based).
Result<void> validate(const Slide& slide, std::size_t number);

/// Reads the slides of `path` in show order; an empty list when the data set has no slides table.
Result<std::vector<Slide>> read_slides(const std::string& path);

/// Replaces the data set's slides with `slides` in one transaction (creating the table when absent).
/// Every slide is checked first: on any error nothing is written.
Result<void> write_slides(const std::string& path, const std::vector<Slide>& slides);

/// "1,2,4" <-> {1, 2, 4}; BadInput for anything that is not a list of integers.
Result<std::vector<int>> parse_phases(const std::string& text);
std::string phases_text(const std::vector<int>& phases);

}  // namespace gis::present
