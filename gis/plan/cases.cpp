#include "gis/plan/cases.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "gis/core/i18n.hpp"
#include "gis/district/schema.hpp"
#include "gis/io/dataset.hpp"
#include "gis/plan/store.hpp"

namespace gis::plan {
namespace layers = district::layers;

const char* to_string(CaseStatus s) {
    switch (s) {
        case CaseStatus::Reported:
            return "reported";
        case CaseStatus::Verified:
            return "verified";
        case CaseStatus::Scheduled:
            return "scheduled";
        case CaseStatus::Cleared:
            return "cleared";
    }
    return "reported";
}

namespace {
/// A status as messages name it: its code in English (as typed on the command line), its term in Chinese.
std::string status_word(CaseStatus st) {
    const std::string code = to_string(st);
    if (i18n::language() == i18n::Lang::En) return code;
    const std::string context = "value.status." + code;
    return i18n::translate(context.c_str(), code.c_str(), i18n::Lang::Zh);
}
}  // namespace

Result<CaseStatus> case_status_from(const std::string& s) {
    for (auto st : {CaseStatus::Reported, CaseStatus::Verified, CaseStatus::Scheduled, CaseStatus::Cleared}) {
        const std::string code = to_string(st);
        // The code, or its Chinese as the output shows it (已清理): the catalogue's term for the status.
        const std::string context = "value.status." + code;
        if (s == code || s == i18n::translate(context.c_str(), code.c_str(), i18n::Lang::Zh)) return st;
    }
    return make_error(
        ErrorCode::BadInput,
        gis::i18n::format(_("unknown case status '{0}' (use {1}, {2}, {3} or {4})"), s,
                          status_word(CaseStatus::Reported), status_word(CaseStatus::Verified),
                          status_word(CaseStatus::Scheduled), status_word(CaseStatus::Cleared)));
}

const char* case_layer(CaseKind k) {
    return k == CaseKind::Graffiti ? layers::kGraffiti : layers::kIllegalStructures;
}

std::string to_string(const CaseRef& r) {
    return (r.kind == CaseKind::Graffiti ? "G" : "S") + std::to_string(r.fid);
}

Result<CaseRef> parse_case_ref(const std::string& text) {
    std::string s;
    for (char c : text) s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    CaseRef r;
    std::string digits;
    if (s.rfind("structure:", 0) == 0) {
        digits = s.substr(10);
    } else if (s.rfind("graffiti:", 0) == 0) {
        r.kind = CaseKind::Graffiti;
        digits = s.substr(9);
    } else if (!s.empty() && (s[0] == 's' || s[0] == 'g')) {
        r.kind = s[0] == 'g' ? CaseKind::Graffiti : CaseKind::Structure;
        digits = s.substr(1);
    }
    bool ok = !digits.empty() && digits.size() < 16 &&
              std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!ok)
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("'{0}' is not a case id: write S12 for illegal structure 12 "
                                              "or G7 for graffiti site 7 (see nbhd case list)"),
                                            text));
    r.fid = std::stoll(digits);
    return r;
}

Point Case::site() const {
    if (!geometry.points.empty()) return geometry.points.front();
    if (geometry.polygons.empty() || geometry.polygons.front().outer.empty()) return {};
    const Ring& r = geometry.polygons.front().outer;
    double a = 0, cx = 0, cy = 0;
    for (std::size_t i = 0; i + 1 < r.size(); ++i) {
        double k = r[i].x * r[i + 1].y - r[i + 1].x * r[i].y;
        a += k;
        cx += (r[i].x + r[i + 1].x) * k;
        cy += (r[i].y + r[i + 1].y) * k;
    }
    if (std::abs(a) < 1e-12) return r.front();
    return {cx / (3 * a), cy / (3 * a)};
}

std::vector<CaseStatus> allowed_next(CaseStatus from) {
    switch (from) {
        case CaseStatus::Reported:
            return {CaseStatus::Verified};
        case CaseStatus::Verified:
            return {CaseStatus::Scheduled};
        case CaseStatus::Scheduled:
            return {CaseStatus::Scheduled, CaseStatus::Cleared};
        case CaseStatus::Cleared:
            return {};
    }
    return {};
}

bool valid_date(const std::string& s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
        if (s[i] < '0' || s[i] > '9') return false;
    int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
    if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap ? 1 : 0);
}

Result<void> check_transition(const Case& c, const CaseTransition& t) {
    const std::string id = to_string(c.ref);
    auto next = allowed_next(c.status);
    if (std::find(next.begin(), next.end(), t.to) == next.end()) {
        std::string allowed;
        for (auto s : next)
            allowed = allowed.empty() ? status_word(s)
                                      : gis::i18n::format(_("{0} or {1}"), allowed, status_word(s));
        return make_error(
            ErrorCode::BadInput,
            allowed.empty()
                ? gis::i18n::format(_("case {0} is {1} and cannot become {2} (cleared is final)"), id,
                                    status_word(c.status), status_word(t.to))
                : gis::i18n::format(_("case {0} is {1} and cannot become {2} (it can become {3})"), id,
                                    status_word(c.status), status_word(t.to), allowed));
    }
    if (!t.date.empty() && !valid_date(t.date))
        return make_error(
            ErrorCode::BadInput,
            gis::i18n::format(_("case {0}: '{1}' is not a date (write YYYY-MM-DD)"), id, t.date));
    if (t.to == CaseStatus::Scheduled) {
        if (t.campaign.empty())
            return make_error(
                ErrorCode::BadInput,
                gis::i18n::format(_("case {0}: scheduling needs a campaign (--campaign NAME)"), id));
        if (t.date.empty())
            return make_error(
                ErrorCode::BadInput,
                gis::i18n::format(_("case {0}: scheduling needs a date (--date YYYY-MM-DD)"), id));
    }
    if (t.to == CaseStatus::Cleared) {
        if (t.date.empty())
            return make_error(
                ErrorCode::BadInput,
                gis::i18n::format(_("case {0}: clearing needs the date it was cleared (--date)"), id));
        if (const std::string today = now_utc().substr(0, 10); t.date > today)
            return make_error(
                ErrorCode::BadInput,
                gis::i18n::format(_("case {0}: cleared on {1}, which is in the future (today is {2})"), id,
                                  t.date, today));
        if (!c.scheduled.empty() && t.date < c.scheduled)
            return make_error(ErrorCode::BadInput,
                              gis::i18n::format(_("case {0}: cleared on {1}, before it was scheduled ({2})"),
                                                id, t.date, c.scheduled));
    }
    return {};
}

Case apply_transition(Case c, const CaseTransition& t) {
    c.status = t.to;
    if (t.to == CaseStatus::Scheduled) {
        c.campaign = t.campaign;
        c.scheduled = t.date;
    }
    if (t.to == CaseStatus::Cleared) c.cleared = t.date;
    if (!t.note.empty()) c.note = c.note.empty() ? t.note : c.note + "; " + t.note;
    return c;
}

Record case_record(const Case& c) {
    auto opt = [](const std::string& s) -> io::FieldValue {
        if (s.empty()) return std::monostate{};
        return s;
    };
    return Record{std::nullopt,
                  {{"status", std::string(to_string(c.status))},
                   {"campaign", opt(c.campaign)},
                   {"scheduled", opt(c.scheduled)},
                   {"cleared", opt(c.cleared)},
                   {"note", opt(c.note)}}};
}

Record history_record(const Case& c, const CaseTransition& t, const std::string& recorded) {
    return Record{std::nullopt,
                  {{"case_layer", std::string(case_layer(c.ref.kind))},
                   {"case_fid", c.ref.fid},
                   {"from_status", std::string(to_string(c.status))},
                   {"to_status", std::string(to_string(t.to))},
                   {"campaign", t.campaign},
                   {"date", t.date},
                   {"note", t.note},
                   {"recorded", recorded}}};
}

namespace {

std::string field(const io::Layer& l, const io::Feature& f, const char* name) {
    int i = l.info.field_index(name);
    if (i < 0) return "";
    return io::to_display(f.values[static_cast<std::size_t>(i)]);
}
double real(const io::Layer& l, const io::Feature& f, const char* name) {
    int i = l.info.field_index(name);
    if (i < 0) return 0;
    const auto& v = f.values[static_cast<std::size_t>(i)];
    if (const auto* d = std::get_if<double>(&v)) return *d;
    if (const auto* n = std::get_if<std::int64_t>(&v)) return static_cast<double>(*n);
    return 0;
}

}  // namespace

Result<std::vector<Case>> read_cases(const std::string& path) {
    auto ds = open_for_reading(path);
    if (!ds) return ds.error();
    std::vector<Case> out;
    for (CaseKind k : {CaseKind::Structure, CaseKind::Graffiti}) {
        if (!ds->has_layer(case_layer(k))) continue;
        auto l = ds->read_layer(case_layer(k));
        if (!l) return l.error();
        for (const auto& f : l->features) {
            Case c;
            c.ref = {k, f.fid};
            auto st = case_status_from(field(*l, f, "status"));
            c.status = st ? st.value() : CaseStatus::Reported;
            c.what = field(*l, f, k == CaseKind::Graffiti ? "wall" : "type");
            c.zone = field(*l, f, "zone");
            c.reported = field(*l, f, "reported");
            c.campaign = field(*l, f, "campaign");
            c.scheduled = field(*l, f, "scheduled");
            c.cleared = field(*l, f, "cleared");
            c.note = field(*l, f, "note");
            c.area_m2 = real(*l, f, "area_m2");
            c.building_number = static_cast<int>(real(*l, f, "building_number"));
            c.geometry = f.geometry;
            out.push_back(std::move(c));
        }
    }
    return out;
}

Result<std::vector<CaseHistoryEntry>> read_case_history(const std::string& path, const CaseRef& ref) {
    auto ds = open_for_reading(path);
    if (!ds) return ds.error();
    std::vector<CaseHistoryEntry> out;
    if (!ds->has_layer(layers::kCaseHistory)) return out;
    auto l = ds->read_layer(layers::kCaseHistory);
    if (!l) return l.error();
    for (const auto& f : l->features) {
        CaseHistoryEntry e;
        e.fid = f.fid;
        e.ref.kind =
            field(*l, f, "case_layer") == layers::kGraffiti ? CaseKind::Graffiti : CaseKind::Structure;
        e.ref.fid = static_cast<std::int64_t>(real(*l, f, "case_fid"));
        if (ref.fid != -1 && !(e.ref == ref)) continue;
        e.from_status = field(*l, f, "from_status");
        e.to_status = field(*l, f, "to_status");
        e.campaign = field(*l, f, "campaign");
        e.date = field(*l, f, "date");
        e.note = field(*l, f, "note");
        e.recorded = field(*l, f, "recorded");
        out.push_back(std::move(e));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.fid < b.fid; });
    return out;
}

}  // namespace gis::plan
