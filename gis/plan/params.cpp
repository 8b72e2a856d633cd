#include "gis/plan/params.hpp"

#include <nlohmann/json.hpp>

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

}  // namespace gis::plan
