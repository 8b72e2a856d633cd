#include "gis/plan/schedule.hpp"

#include <algorithm>
#include <cstdio>

#include "gis/core/strings.hpp"
#include "gis/core/i18n.hpp"

namespace gis::plan {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

}  // namespace

Result<std::int64_t> parse_date(const std::string& text) {
    auto bad = [&] {
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("not a date: {0} (give YYYY-MM-DD, e.g. 2027-04-01)"),
                                            quote_for_message(text)));
    };
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
        if (text[i] < '0' || text[i] > '9') return bad();
    const int y = std::stoi(text.substr(0, 4)), m = std::stoi(text.substr(5, 2)),
              d = std::stoi(text.substr(8, 2));
    if (y < 1900 || m < 1 || m > 12 || d < 1) return bad();
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > kDays[m - 1] + (m == 2 && leap ? 1 : 0)) return bad();
    return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

std::string format_date(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(y), m, d);
    return buf;
}

Result<void> validate_phase(const Project& project, const PhaseDates& p) {
    if (p.phase < 1 || p.phase > project.phases)
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("project {0} has phases 1..{1}, not {2}"), project.key,
                                            std::to_string(project.phases), std::to_string(p.phase)));
    if (auto d = parse_date(p.start); !d) return d.error();
    if (p.days < 1 || p.days > 3650)
        return make_error(ErrorCode::BadInput, gis::i18n::format(_("a phase lasts 1..3650 days, not {0}"), std::to_string(p.days)));
    return {};
}

std::optional<std::pair<std::int64_t, std::int64_t>> phase_days(const PlanData& data,
                                                                const std::string& project, int phase) {
    for (const auto& p : data.phases)
        if (p.project == project && p.phase == phase && p.days > 0)
            if (auto s = parse_date(p.start)) return std::make_pair(s.value(), s.value() + p.days - 1);
    return std::nullopt;
}

Result<Schedule> project_schedule(const PlanData& data, const std::string& key) {
    auto budget = project_budget(data, key);
    if (!budget) return budget.error();
    Schedule s;
    s.project = budget->project;
    for (const auto& [n, t] : budget->phases) {
        ScheduledPhase ph;
        ph.phase = n;
        ph.items = t;
        for (const auto& p : data.phases)
            if (p.project == key && p.phase == n) ph.name = p.name;
        if (auto days = phase_days(data, key, n)) {
            ph.start = days->first;
            ph.end = days->second;
            ph.days = static_cast<int>(days->second - days->first + 1);
            s.start = s.start ? std::min(*s.start, days->first) : days->first;
            s.end = s.end ? std::max(*s.end, days->second) : days->second;
        } else if (t.items > 0) {
            s.undated.push_back(n);
        }
        s.phases.push_back(std::move(ph));
    }
    for (auto& a : s.phases)
        for (const auto& b : s.phases)
            if (a.phase != b.phase && a.start && b.start && *a.start <= *b.end && *b.start <= *a.end)
                a.concurrent.push_back(b.phase);
    return s;
}

}  // namespace gis::plan
