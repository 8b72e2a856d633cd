#pragma once
/// @file
/// Clean-up campaigns: the cases in a scope (optionally one zone, one kind), their totals (structures
/// and m² to demolish, graffiti sites and m² to clean), cost, and the lifecycle steps that schedule them
/// for a campaign.

#include <string>
#include <vector>

#include "gis/plan/cases.hpp"
#include "gis/plan/project.hpp"
#include "gis/plan/scope.hpp"
#include "gis/plan/session.hpp"

namespace gis::plan {

struct CleanupFilter {
    std::string zone;  ///< "south", "north" or empty for all
    bool structures = true;
    bool graffiti = true;
    bool include_cleared = false;
};

struct CleanupSelection {
    std::vector<Case> cases;  ///< structures first, then graffiti; by fid
    std::int64_t structures = 0;
    double structures_m2 = 0;
    std::int64_t graffiti_sites = 0;
    double graffiti_m2 = 0;
    std::int64_t cleared = 0;  ///< already cleared (counted only with include_cleared)
    double cost_cny = 0;       ///< demolition plus graffiti materials at the unit prices
};

/// The cases in `scope` matching `filter`, with their totals. BadInput for an unknown zone.
Result<CleanupSelection> select_cases(const std::vector<Case>& cases, const Scope& scope,
                                      const CleanupFilter& filter, const UnitPrices& prices = {});

struct SchedulePlan {
    std::vector<CaseChange> changes;
    std::vector<CaseRef> unverified;  ///< reported cases left out (schedule them with verify)
    std::vector<CaseRef> elsewhere;   ///< already scheduled in another campaign, left out
    std::vector<CaseRef> already;     ///< already in this campaign (scheduled for that date, or cleared)
};

/// The steps that put the selected cases into `campaign` on `date`: verified cases are scheduled;
/// reported cases are verified first only when `verify_reported` (otherwise left out).
SchedulePlan schedule_steps(const CleanupSelection& sel, const std::string& campaign, const std::string& date,
                            bool verify_reported);

/// The part of `sel` that the campaign takes (its changes and the cases already in it), with totals.
CleanupSelection restrict_to(const CleanupSelection& sel, const SchedulePlan& plan,
                             const UnitPrices& prices = {});

}  // namespace gis::plan
