#include "app/cli/plan_common.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "app/cli/app.hpp"
#include "app/i18n/i18n.hpp"
#include "gis/core/geometry.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/geom/ops.hpp"
#include "gis/index/spatial_index.hpp"
#include "gis/plan/params.hpp"
#include "gis/plan/schedule.hpp"
#include "gis/core/numbers.hpp"

namespace app::cli {

using nlohmann::json;

gis::Result<std::string> apply_params(std::string params, const std::vector<std::string>& assignments) {
    json j = json::parse(params.empty() ? "{}" : params, nullptr, false);
    if (j.is_discarded() || !j.is_object()) j = json::object();
    for (const auto& a : assignments) {
        auto eq = a.find('=');
        if (eq == std::string::npos || eq == 0)
            return gis::make_error(
                gis::ErrorCode::BadInput,
                gis::i18n::format(_("--param {0} must be KEY=VALUE"), gis::quote_for_message(a)));
        std::string key = a.substr(0, eq), value = a.substr(eq + 1);
        const auto& known = gis::plan::known_params();
        if (std::find(known.begin(), known.end(), key) == known.end()) {
            std::string list;
            for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
            return gis::make_error(
                gis::ErrorCode::BadInput,
                gis::i18n::format(_("--param {0} is not a parameter of a plan item (known: {1})"),
                                  gis::quote_for_message(key), list));
        }
        char* end = nullptr;
        double num = std::strtod(value.c_str(), &end);
        const bool is_number = !value.empty() && end && *end == '\0' && std::isfinite(num);
        // The parameters that quantities and cost are computed from: numbers in their range (gis/plan).
        if (const auto* range = gis::plan::param_range(key);
            range && (!is_number || !gis::plan::check_param(key, num))) {
            std::ostringstream r;
            r << range->min << ".." << range->max;
            return gis::make_error(gis::ErrorCode::BadInput,
                                   gis::i18n::format(_("--param {0} must be a number in {1}, got {2}"), key,
                                                     r.str(), gis::quote_for_message(value)));
        }
        if (is_number)
            j[key] = num;
        else
            j[key] = value;
    }
    return j.dump();
}

gis::plan::OverlapPolicy overlap_policy(bool trim, bool append) {
    return trim     ? gis::plan::OverlapPolicy::Trim
           : append ? gis::plan::OverlapPolicy::Keep
                    : gis::plan::OverlapPolicy::Refuse;
}

gis::Result<std::vector<std::int64_t>> save_items(gis::plan::PlanSession& s, const std::string& project,
                                                  std::vector<gis::plan::PlanItem> items,
                                                  gis::plan::OverlapPolicy policy, const std::string& label,
                                                  gis::plan::Overlap* found) {
    for (auto& it : items) it.project = project;
    return s.add_items(std::move(items), label, policy, found);
}

json overlap_json(const gis::plan::Overlap& o, gis::plan::OverlapPolicy policy) {
    json with = json::array();
    for (const auto& w : o.with) {
        json one = {{"id", w.id}, {"kind", w.kind}, {"area_m2", w.area_m2}, {"length_m", w.length_m}};
        if (w.same_pipe) one["same_pipe"] = true;
        if (w.same_campaign) one["same_campaign"] = true;
        with.push_back(one);
    }
    return {{"project", o.project},
            {"with", with},
            {"area_m2", o.area_m2},
            {"length_m", o.length_m},
            {"saved", policy == gis::plan::OverlapPolicy::Trim ? "trimmed" : "kept"}};
}

std::string overlap_line(const gis::plan::Overlap& o, gis::plan::OverlapPolicy policy) {
    if (o.empty() || policy == gis::plan::OverlapPolicy::Refuse) return "";
    std::string ids;
    for (std::size_t i = 0; i < o.with.size() && i < 12; ++i)
        ids += (i ? ", " : "") + std::to_string(o.with[i].id);
    if (o.with.size() > 12) ids += ", … (" + std::to_string(o.with.size()) + ")";
    std::string line =
        i18n::tr(policy == gis::plan::OverlapPolicy::Trim ? "plan.overlap.trimmed" : "plan.overlap.kept");
    line += ": ";
    if (o.area_m2 > 0)
        line += metric(o.area_m2, "m²") + " ";
    else if (o.length_m > 0)
        line += metric(o.length_m, "m") + " ";
    return line + "(" + i18n::tr("plan.overlap.items") + " " + ids + ")";
}

gis::Result<const gis::plan::Project*> project_for_save(const gis::plan::PlanSession& s,
                                                        const std::string& project,
                                                        const std::string& scope) {
    if (!project.empty()) return s.require_project(project);
    for (const auto& p : s.projects())
        if (!scope.empty() && p.area == scope) return &p;
    std::string known;
    for (const auto& p : s.projects()) known += (known.empty() ? "" : ", ") + p.key;
    return gis::make_error(
        gis::ErrorCode::BadInput,
        known.empty() ? std::string(_("which project? give --project NAME (the data set has no "
                                      "projects)"))
                      : gis::i18n::format(_("which project? give --project NAME (known: {0})"), known));
}

json item_json(const gis::plan::PlanItem& it, bool with_geometry) {
    json params = json::parse(it.params, nullptr, false);
    if (params.is_discarded()) params = json::object();
    json j = {{"id", it.id},
              {"project", it.project},
              {"kind", it.kind},
              {"name", it.name},
              {"phase", it.phase},
              {"status", it.status},
              {"params", params},
              {"area_m2", it.area_m2},
              {"length_m", it.length_m},
              {"volume_m3", it.volume_m3},
              {"unit_price_cny", it.unit_price_cny},
              {"cost_cny", it.cost_cny},
              {"created", it.created},
              {"updated", it.updated}};
    if (with_geometry) j["wkt"] = gis::to_wkt(it.geometry);
    return j;
}

json budget_json(const gis::plan::ProjectBudget& b) {
    auto total = [](const gis::plan::Total& t) {
        return json{{"items", t.items},
                    {"cost_cny", t.cost_cny},
                    {"area_m2", t.area_m2},
                    {"length_m", t.length_m},
                    {"count", t.count}};
    };
    json phases = json::array();
    for (const auto& [n, t] : b.phases) {
        json j = total(t);
        j["phase"] = n;
        phases.push_back(j);
    }
    json kinds = json::object();
    for (const auto& [k, t] : b.kinds) kinds[k] = total(t);
    json funding = json::object();
    for (const auto& [k, t] : b.funding) funding[k] = total(t);
    json rows = json::array();
    for (const auto& r : gis::plan::budget_rows(b))
        rows.push_back({{"key", r.key},
                        {"detail", r.detail},
                        {"label", i18n::budget_label(r.key, r.detail)},
                        {"items", r.items},
                        {"cny", r.cny}});
    return {{"key", b.project.key},
            {"name", b.project.name},
            {"name_en", b.project.name_en},
            {"budget_cny", b.project.budget_cny},
            {"cost_cny", b.cost_cny},
            {"contingency_pct", b.project.contingency_pct},
            {"contingency_cny", b.contingency_cny},
            {"total_cny", b.total_cny},
            {"remaining_cny", b.remaining_cny},
            {"over_budget", b.over_budget},
            {"items", b.items},
            {"phases", b.project.phases},
            {"by_phase", phases},
            {"by_kind", kinds},
            {"by_funding", funding},
            {"committed", total(b.committed)},
            {"planned", total(b.planned)},
            {"area_m2", b.area_m2},
            {"length_m", b.length_m},
            {"rows", rows},
            {"note", b.project.note}};
}

json case_json(const gis::plan::Case& c) {
    gis::Point s = c.site();
    return {{"id", gis::plan::to_string(c.ref)},
            {"kind", c.ref.kind == gis::plan::CaseKind::Graffiti ? "graffiti" : "structure"},
            {"what", c.what},
            {"status", gis::plan::to_string(c.status)},
            {"zone", c.zone},
            {"area_m2", c.area_m2},
            {"building_number", c.building_number},
            {"campaign", c.campaign},
            {"scheduled", c.scheduled},
            {"cleared", c.cleared},
            {"note", c.note},
            {"x", s.x},
            {"y", s.y}};
}

std::string yuan(double v) { return gis::format_yuan(v); }

std::string yuan_cents(double v) { return gis::format_yuan(v, true); }

std::string metric(double v, const char* unit) {
    // One decimal with thousands separators: 17,407.0 m²
    const std::string s = gis::fmt_fixed(std::abs(v), 1);
    const auto dot = s.find('.');
    const std::string whole = gis::with_commas(std::stoll(s.substr(0, dot))) + s.substr(dot);
    return (v < 0 && s != "0.0" ? "-" : "") + whole + " " + unit;
}

gis::Result<gis::plan::PlanSession> open_for_edit(Context& ctx) {
    auto path = ctx.dataset_path();
    if (!path) return path.error();
    if (auto w = gis::io::check_writable(path.value()); !w) return w.error();
    return gis::plan::PlanSession::open(path.value());
}

std::string conflict_suggestion(const gis::plan::Conflict& c) {
    std::string t = i18n::tr(("conflicts.do." + c.suggestion).c_str());
    auto put = [&t](const std::string& name, const std::string& value) {
        if (auto at = t.find(name); at != std::string::npos) t.replace(at, name.size(), value);
    };
    if (c.after_day) put("{date}", gis::plan::format_date(*c.after_day));
    return t;
}

}  // namespace app::cli
