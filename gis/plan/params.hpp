#pragma once
/// @file
/// Plan item parameters: a flat JSON object as text ({"material":"concrete","thickness_m":0.2}).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gis/core/result.hpp"

namespace gis::plan {

/// True when `json` is a JSON object (the empty string counts as {}).
bool params_valid(std::string_view json);
/// A number parameter, or nullopt when absent or not a number.
std::optional<double> param_number(std::string_view json, const std::string& key);
/// A string parameter, or nullopt when absent or not a string.
std::optional<std::string> param_string(std::string_view json, const std::string& key);
/// `json` with `key` set (numbers and strings); invalid input is treated as {}.
std::string with_param(std::string_view json, const std::string& key, double value);
std::string with_param(std::string_view json, const std::string& key, const std::string& value);
/// A yes/no parameter: true, 1 or "true"; false when absent or anything else.
bool param_flag(std::string_view json, const std::string& key);
/// `json` without `key`.
std::string without_param(std::string_view json, const std::string& key);

/// A number parameter that quantities and cost are computed from, with the values it accepts: the one
/// rule for the command line's --param, the viewer's sketch form and every save of a plan item.
struct ParamRange {
    const char* key;
    double min, max;
};
const std::vector<ParamRange>& param_ranges();
/// The range of `key`; nullptr for a parameter without one (material, funding, names).
const ParamRange* param_range(const std::string& key);
/// BadInput "KEY must be a number in MIN..MAX, got VALUE" when `value` is outside the key's range.
Result<void> check_param(const std::string& key, double value);
/// The parameters a plan item may carry: those its quantities, cost, funding and links are read from
/// (material, thickness_m, diameter_mm, unit_price_cny, funding, pressure, pipe_id, ...), and `note`. A
/// key outside it is a typing mistake that would leave a default in its place (thicknes_m=5 paving at
/// 0.2 m): the command line refuses it, naming these.
const std::vector<std::string>& known_params();
/// Every ranged parameter in `json` is a number in its range (BadInput naming the first that is not).
Result<void> check_params(std::string_view json);

}  // namespace gis::plan
