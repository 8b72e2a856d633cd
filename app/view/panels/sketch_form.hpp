#pragma once
/// @file
/// The sketch panel's window content: the tool buttons, the prompt for a save that overlaps planned
/// work, the new item's template (kind, project, phase, material or pressure) with the drawing's measures,
/// the selected item's form (name, project, phase, status, parameters, quantities and cost) and the list
/// of plan items.

#include <cstdint>
#include <map>
#include <string>

#include "app/view/panel.hpp"
#include "app/view/panels/sketch_tools.hpp"

namespace app::view::sketch {

class SketchForm {
  public:
    /// Draws the content of the open window; `open_error` says why the data set cannot be edited.
    void draw(ViewContext& ctx, SketchTools& t, const std::string& open_error);

  private:
    void toolbar(ViewContext& ctx, SketchTools& t);
    void overlap_prompt(ViewContext& ctx, SketchTools& t);
    void new_item_form(ViewContext& ctx, SketchTools& t);
    void draft_summary(ViewContext& ctx, SketchTools& t);
    void item_form(ViewContext& ctx, SketchTools& t);
    void items_list(ViewContext& ctx, SketchTools& t);
    /// The selected item's values in the fields, read again when it changed.
    void load_form(const SketchTools& t, const gis::plan::PlanItem& it);

    std::int64_t form_id_ = -1;
    std::uint64_t form_revision_ = 0;
    char name_[256] = "";
    std::map<std::string, double> numbers_;
};

}  // namespace app::view::sketch
