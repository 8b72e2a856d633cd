#pragma once
/// @file
/// Shared by the planning commands (plan, project, case): option parsing and JSON of plan records.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "gis/core/result.hpp"
#include "gis/plan/budget.hpp"
#include "gis/plan/cases.hpp"
#include "gis/plan/conflicts.hpp"
#include "gis/plan/params.hpp"
#include "gis/plan/project.hpp"
#include "gis/plan/session.hpp"

namespace app::cli {

/// Applies "key=value" parameters to a JSON params object: numbers stay numbers, the rest strings.
gis::Result<std::string> apply_params(std::string params, const std::vector<std::string>& assignments);

/// The project a save goes to: --project when given, else the project whose area is the scope's name
/// ("compound"), else an error that lists the projects.
gis::Result<const gis::plan::Project*> project_for_save(const gis::plan::PlanSession& s,
                                                        const std::string& project, const std::string& scope);

/// Saves `items` to `project` as one step (`label`), unless they would count saved work twice (items of
/// the same kind that overlap one of them by more than 1 m², or renew the same pipe) and `append` is
/// false: then nothing is written and the error names the items and the way out.
gis::Result<std::vector<std::int64_t>> save_items(gis::plan::PlanSession& s, const std::string& project,
                                                  std::vector<gis::plan::PlanItem> items, bool append,
                                                  const std::string& label);

nlohmann::json item_json(const gis::plan::PlanItem& it, bool with_geometry = false);
nlohmann::json budget_json(const gis::plan::ProjectBudget& b);
nlohmann::json case_json(const gis::plan::Case& c);

/// A money amount for text output: "¥1,234,567".
std::string yuan(double v);
/// ¥ with two decimals when the amount has cents (unit prices): ¥62.40, ¥25,000.
std::string yuan_cents(double v);
/// Area or length for text output, one decimal.
std::string metric(double v, const char* unit);
/// A conflict's suggestion (gis::plan::Conflict::suggestion) in the output language.
std::string conflict_suggestion(const gis::plan::Conflict& c);

}  // namespace app::cli
