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

struct Context;

/// Applies "key=value" parameters to a JSON params object: numbers stay numbers, the rest strings.
gis::Result<std::string> apply_params(std::string params, const std::vector<std::string>& assignments);

/// The project a save goes to: --project when given, else the project whose area is the scope's name
/// ("compound"), else an error that lists the projects.
gis::Result<const gis::plan::Project*> project_for_save(const gis::plan::PlanSession& s,
                                                        const std::string& project, const std::string& scope);

/// What a save does about work the project already has: --trim saves only the part not yet planned,
/// --append keeps both, neither refuses (the flags exclude each other on the command line).
gis::plan::OverlapPolicy overlap_policy(bool trim, bool append);

/// Saves `items` to `project` as one step (`label`) under the rule against counting work twice
/// (gis/plan/overlap.hpp): items of the same kind that overlap stored ones by more than 1 m² (areas) or
/// 1 m (lines within 0.5 m), or renew the same pipe, are refused (nothing written; the error names the
/// stored items and the m² or m), trimmed or kept, as `policy` says. `found` receives the overlap met.
gis::Result<std::vector<std::int64_t>> save_items(gis::plan::PlanSession& s, const std::string& project,
                                                  std::vector<gis::plan::PlanItem> items,
                                                  gis::plan::OverlapPolicy policy, const std::string& label,
                                                  gis::plan::Overlap* found = nullptr);

/// An overlap met by a save, for --json: the stored items with their m² or m, the totals, and what the
/// save did ("trimmed" or "kept").
nlohmann::json overlap_json(const gis::plan::Overlap& o, gis::plan::OverlapPolicy policy);
/// The same for text output, one line ("" when there was none): "Trimmed the part already planned:
/// 412.5 m² (items 3, 7)".
std::string overlap_line(const gis::plan::Overlap& o, gis::plan::OverlapPolicy policy);

nlohmann::json item_json(const gis::plan::PlanItem& it, bool with_geometry = false);
nlohmann::json budget_json(const gis::plan::ProjectBudget& b);
nlohmann::json case_json(const gis::plan::Case& c);

/// A money amount for text output: "¥1,234,567".
std::string yuan(double v);
/// ¥ with two decimals when the amount has cents (unit prices): ¥62.40, ¥25,000.
std::string yuan_cents(double v);
/// Area or length for text output, one decimal.
std::string metric(double v, const char* unit);
/// The data set's plans opened for an edit: a file that cannot be written is refused before anything is
/// read (ReadOnly, exit 8).
gis::Result<gis::plan::PlanSession> open_for_edit(Context& ctx);
/// A conflict's suggestion (gis::plan::Conflict::suggestion) in the output language.
std::string conflict_suggestion(const gis::plan::Conflict& c);

}  // namespace app::cli
