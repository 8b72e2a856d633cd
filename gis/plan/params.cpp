#include "gis/plan/params.hpp"

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>
#include "gis/core/i18n.hpp"

namespace gis::plan {
namespace {

nlohmann::json parse(std::string_view text) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return nlohmann::json::object();
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return nlohmann::json::object();
    return j;
}

}  // namespace

bool params_valid(std::string_view json) {
    if (json.find_first_not_of(" \t\r\n") == std::string_view::npos) return true;
    auto j = nlohmann::json::parse(json, nullptr, false);
    return !j.is_discarded() && j.is_object();
}

std::optional<double> param_number(std::string_view json, const std::string& key) {
    auto j = parse(json);
    auto it = j.find(key);
    if (it == j.end() || !it->is_number()) return std::nullopt;
    return it->get<double>();
}

std::optional<std::string> param_string(std::string_view json, const std::string& key) {
    auto j = parse(json);
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
}

std::string with_param(std::string_view json, const std::string& key, double value) {
    auto j = parse(json);
    j[key] = value;
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string with_param(std::string_view json, const std::string& key, const std::string& value) {
    auto j = parse(json);
    j[key] = value;
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool param_flag(std::string_view json, const std::string& key) {
    auto j = parse(json);
    auto it = j.find(key);
    if (it == j.end()) return false;
    if (it->is_boolean()) return it->get<bool>();
    if (it->is_number()) return it->get<double>() != 0;
    if (it->is_string()) return it->get<std::string>() == "true" || it->get<std::string>() == "1";
    return false;
}

std::string without_param(std::string_view json, const std::string& key) {
    auto j = parse(json);
    j.erase(key);
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

const std::vector<ParamRange>& param_ranges() {
    static const std::vector<ParamRange> r = {{"thickness_m", 0.02, 1.0}, {"unit_price_cny", 0, 1e7},
                                              {"cost_cny", 0, 1e12},      {"diameter_mm", 1, 2000},
                                              {"depth_m", 0, 10},         {"height_m", 0, 20}};
    return r;
}

const std::vector<std::string>& known_params() {
    static const std::vector<std::string> k = {
        "material", "thickness_m", "diameter_mm", "depth_m",        "height_m",      "unit_price_cny",
        "cost_cny", "funding",     "pressure",    "pipe_id",        "renewal_phase", "trench_width_m",
        "route_m",  "campaign",    "structures",  "graffiti_sites", "stall",         "desk",
        "side",     "part",        "ref",         "gate_type",      "price_key",     "price_fixed",
        "date",     "note"};
    return k;
}

const ParamRange* param_range(const std::string& key) {
    for (const auto& r : param_ranges())
        if (key == r.key) return &r;
    return nullptr;
}

namespace {

std::string range_text(const ParamRange& r) {
    std::ostringstream s;
    s << r.min << ".." << r.max;
    return s.str();
}

}  // namespace

Result<void> check_param(const std::string& key, double value) {
    const ParamRange* r = param_range(key);
    if (!r || (std::isfinite(value) && value >= r->min && value <= r->max)) return {};
    std::ostringstream v;
    v << value;
    return make_error(ErrorCode::BadInput,
                      gis::i18n::format(_("{0} must be a number in {1}, got {2}"), key, range_text(*r), v.str()));
}

Result<void> check_params(std::string_view json) {
    const auto j = parse(json);
    for (const auto& r : param_ranges()) {
        auto it = j.find(r.key);
        if (it == j.end()) continue;
        if (!it->is_number())
            return make_error(ErrorCode::BadInput, gis::i18n::format(_("{0} must be a number in {1}, got {2}"),
                                                                     r.key, range_text(r), it->dump()));
        if (auto c = check_param(r.key, it->get<double>()); !c) return c;
    }
    return {};
}

}  // namespace gis::plan
