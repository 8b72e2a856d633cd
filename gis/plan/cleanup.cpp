#include "gis/plan/cleanup.hpp"

#include <algorithm>
#include "gis/core/i18n.hpp"

namespace gis::plan {

Result<CleanupSelection> select_cases(const std::vector<Case>& cases, const Scope& scope,
                                      const CleanupFilter& filter, const UnitPrices& prices) {
    if (!filter.zone.empty() && filter.zone != "south" && filter.zone != "north")
        return make_error(ErrorCode::BadInput, gis::i18n::format(_("unknown zone '{0}' (use south or north)"), filter.zone));
    CleanupSelection sel;
    const BBox box = scope.bbox();
    for (int pass = 0; pass < 2; ++pass) {
        const CaseKind kind = pass == 0 ? CaseKind::Structure : CaseKind::Graffiti;
        if ((kind == CaseKind::Structure && !filter.structures) ||
            (kind == CaseKind::Graffiti && !filter.graffiti))
            continue;
        for (const auto& c : cases) {
            if (c.ref.kind != kind) continue;
            if (!filter.zone.empty() && c.zone != filter.zone) continue;
            if (c.status == CaseStatus::Cleared && !filter.include_cleared) continue;
            if (c.geometry.empty() || !c.geometry.bbox().intersects(box) || !scope.intersects(c.geometry))
                continue;
            if (c.status == CaseStatus::Cleared) ++sel.cleared;
            if (kind == CaseKind::Structure) {
                ++sel.structures;
                sel.structures_m2 += c.area_m2;
            } else {
                ++sel.graffiti_sites;
                sel.graffiti_m2 += c.area_m2;
            }
            sel.cases.push_back(c);
        }
    }
    sel.cost_cny = sel.structures_m2 * prices.demolition_cny_m2 + sel.graffiti_m2 * prices.graffiti_cny_m2;
    return sel;
}

SchedulePlan schedule_steps(const CleanupSelection& sel, const std::string& campaign, const std::string& date,
                            bool verify_reported) {
    SchedulePlan out;
    const CaseTransition schedule{CaseStatus::Scheduled, campaign, date, "campaign " + campaign};
    for (const auto& c : sel.cases) {
        switch (c.status) {
            case CaseStatus::Reported:
                if (verify_reported)
                    out.changes.push_back(
                        {c.ref,
                         {{CaseStatus::Verified, "", date, "verified for campaign " + campaign}, schedule}});
                else
                    out.unverified.push_back(c.ref);
                break;
            case CaseStatus::Verified:
                out.changes.push_back({c.ref, {schedule}});
                break;
            case CaseStatus::Scheduled:
                if (c.campaign == campaign && c.scheduled == date)
                    out.already.push_back(c.ref);
                else if (c.campaign == campaign)
                    out.changes.push_back({c.ref, {schedule}});
                else
                    out.elsewhere.push_back(c.ref);
                break;
            case CaseStatus::Cleared:
                if (c.campaign == campaign) out.already.push_back(c.ref);
                break;
        }
    }
    return out;
}

CleanupSelection restrict_to(const CleanupSelection& sel, const SchedulePlan& plan,
                             const UnitPrices& prices) {
    std::vector<CaseRef> keep;
    for (const auto& ch : plan.changes) keep.push_back(ch.ref);
    keep.insert(keep.end(), plan.already.begin(), plan.already.end());
    CleanupSelection out;
    for (const auto& c : sel.cases) {
        if (std::find(keep.begin(), keep.end(), c.ref) == keep.end()) continue;
        if (c.ref.kind == CaseKind::Structure) {
            ++out.structures;
            out.structures_m2 += c.area_m2;
        } else {
            ++out.graffiti_sites;
            out.graffiti_m2 += c.area_m2;
        }
        if (c.status == CaseStatus::Cleared) ++out.cleared;
        out.cases.push_back(c);
    }
    out.cost_cny = out.structures_m2 * prices.demolition_cny_m2 + out.graffiti_m2 * prices.graffiti_cny_m2;
    return out;
}

}  // namespace gis::plan
