// Clean-up cases: the lifecycle rules, their history, campaign selection and totals on the shipped data.

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "gis/district/loader.hpp"
#include "gis/plan/cleanup.hpp"
#include "gis/plan/session.hpp"
#include "plan_test_util.hpp"

using namespace gis;
using namespace gis::plan;

namespace {

const CaseStatus kAll[] = {CaseStatus::Reported, CaseStatus::Verified, CaseStatus::Scheduled,
                           CaseStatus::Cleared};

Case make_case(CaseStatus s) {
    Case c;
    c.ref = {CaseKind::Graffiti, 3};
    c.status = s;
    if (s == CaseStatus::Scheduled || s == CaseStatus::Cleared) {
        c.campaign = "c";
        c.scheduled = "2025-04-12";
    }
    return c;
}

}  // namespace

TEST(CaseLifecycle, OnlyTheDocumentedTransitionsAreAllowed) {
    const std::set<std::pair<CaseStatus, CaseStatus>> allowed = {
        {CaseStatus::Reported, CaseStatus::Verified},
        {CaseStatus::Verified, CaseStatus::Scheduled},
        {CaseStatus::Scheduled, CaseStatus::Scheduled},
        {CaseStatus::Scheduled, CaseStatus::Cleared},
    };
    for (auto from : kAll)
        for (auto to : kAll) {
            auto r = check_transition(make_case(from), {to, "campaign", "2025-05-01", ""});
            EXPECT_EQ(r.ok(), allowed.count({from, to}) == 1) << to_string(from) << " -> " << to_string(to);
            if (!r.ok()) {
                EXPECT_EQ(r.error().code, ErrorCode::BadInput);
                EXPECT_NE(r.error().message.find("G3"), std::string::npos) << r.error().message;
            }
        }
}

TEST(CaseLifecycle, SchedulingAndClearingNeedTheirDetails) {
    auto verified = make_case(CaseStatus::Verified);
    EXPECT_FALSE(check_transition(verified, {CaseStatus::Scheduled, "", "2025-05-01", ""}).ok());
    EXPECT_FALSE(check_transition(verified, {CaseStatus::Scheduled, "c", "", ""}).ok());
    EXPECT_FALSE(check_transition(verified, {CaseStatus::Scheduled, "c", "2025-02-30", ""}).ok());
    EXPECT_FALSE(check_transition(verified, {CaseStatus::Scheduled, "c", "12 May", ""}).ok());
    EXPECT_TRUE(check_transition(verified, {CaseStatus::Scheduled, "c", "2024-02-29", ""}).ok());
    auto scheduled = make_case(CaseStatus::Scheduled);
    EXPECT_FALSE(check_transition(scheduled, {CaseStatus::Cleared, "", "", ""}).ok());
    EXPECT_FALSE(check_transition(scheduled, {CaseStatus::Cleared, "", "2025-04-11", ""}).ok());  // before
    EXPECT_TRUE(check_transition(scheduled, {CaseStatus::Cleared, "", "2025-04-12", ""}).ok());
    // Cleared is a record of what happened: never on a day still to come (scheduling may be).
    auto future = check_transition(scheduled, {CaseStatus::Cleared, "", "2999-01-01", ""});
    ASSERT_FALSE(future.ok());
    EXPECT_NE(future.error().message.find("in the future"), std::string::npos) << future.error().message;
    EXPECT_TRUE(check_transition(verified, {CaseStatus::Scheduled, "c", "2999-01-01", ""}).ok());
    Case done = apply_transition(scheduled, {CaseStatus::Cleared, "", "2025-04-13", "painted over"});
    EXPECT_EQ(done.status, CaseStatus::Cleared);
    EXPECT_EQ(done.cleared, "2025-04-13");
    EXPECT_EQ(done.campaign, "c");
    EXPECT_EQ(done.note, "painted over");
}

TEST(CaseLifecycle, CaseIdsParse) {
    EXPECT_EQ(parse_case_ref("S12").value(), (CaseRef{CaseKind::Structure, 12}));
    EXPECT_EQ(parse_case_ref("g7").value(), (CaseRef{CaseKind::Graffiti, 7}));
    EXPECT_EQ(parse_case_ref("graffiti:7").value(), (CaseRef{CaseKind::Graffiti, 7}));
    for (const char* bad : {"", "S", "X12", "S-1", "S1.5", "S99999999999999999999"})
        EXPECT_FALSE(parse_case_ref(bad).ok()) << bad;
}

TEST(CaseLifecycle, HistoryIsKeptAndUndoRemovesTheStep) {
    auto path = plan_test::fresh_copy("cases");
    auto s = PlanSession::open(path);
    ASSERT_TRUE(s.ok());
    const CaseRef g1{CaseKind::Graffiti, 1};
    ASSERT_EQ(s->find_case(g1)->status, CaseStatus::Reported);
    // Reported cannot jump to scheduled; nothing is written.
    auto jump = s->change_cases({{g1, {{CaseStatus::Scheduled, "c", "2025-04-12", ""}}}}, "x");
    ASSERT_FALSE(jump.ok());
    EXPECT_TRUE(read_case_history(path, g1)->empty());
    ASSERT_TRUE(s->change_cases({{g1, {{CaseStatus::Verified, "", "2025-04-01", "seen"}}}}, "verify").ok());
    ASSERT_TRUE(
        s->change_cases({{g1, {{CaseStatus::Scheduled, "first", "2025-04-12", ""}}}}, "schedule").ok());
    ASSERT_TRUE(
        s->change_cases({{g1, {{CaseStatus::Cleared, "", "2025-04-12", "volunteers"}}}}, "clear").ok());
    auto h = read_case_history(path, g1);
    ASSERT_TRUE(h.ok());
    ASSERT_EQ(h->size(), 3u);
    EXPECT_EQ((*h)[0].from_status, "reported");
    EXPECT_EQ((*h)[0].to_status, "verified");
    EXPECT_EQ((*h)[1].campaign, "first");
    EXPECT_EQ((*h)[2].to_status, "cleared");
    EXPECT_EQ((*h)[2].note, "volunteers");
    auto reopened = read_cases(path);
    ASSERT_TRUE(reopened.ok());
    for (const auto& c : reopened.value())
        if (c.ref == g1) {
            EXPECT_EQ(c.status, CaseStatus::Cleared);
            EXPECT_EQ(c.campaign, "first");
            EXPECT_EQ(c.scheduled, "2025-04-12");
            EXPECT_EQ(c.cleared, "2025-04-12");
        }
    ASSERT_TRUE(s->undo().ok());
    EXPECT_EQ(read_case_history(path, g1)->size(), 2u);
    EXPECT_EQ(s->find_case(g1)->status, CaseStatus::Scheduled);
    ASSERT_TRUE(s->redo().ok());
    EXPECT_EQ(read_case_history(path, g1)->size(), 3u);
    EXPECT_EQ(s->find_case(g1)->status, CaseStatus::Cleared);
}

TEST(Cleanup, CompoundCampaignTotalsFromTheShippedData) {
    auto d = district::load(NBHD_ASSET_FILE, {false});
    ASSERT_TRUE(d.ok());
    auto cases = read_cases(NBHD_ASSET_FILE);
    ASSERT_TRUE(cases.ok());
    auto scope = compound_scope(d.value());
    ASSERT_TRUE(scope.ok());
    // Independent totals straight from the layers, by zone.
    std::map<std::string, double> graffiti_m2, structures_m2;
    std::map<std::string, int> graffiti_n, structures_n;
    for (const auto& g : d->graffiti) {
        graffiti_m2[g.zone] += g.area_m2;
        ++graffiti_n[g.zone];
    }
    for (const auto& s : d->illegal_structures) {
        structures_m2[s.zone] += s.area_m2;
        ++structures_n[s.zone];
    }
    for (std::string zone : {"south", "north"}) {
        CleanupFilter f;
        f.zone = zone;
        auto sel = select_cases(cases.value(), scope.value(), f);
        ASSERT_TRUE(sel.ok());
        EXPECT_EQ(sel->graffiti_sites, graffiti_n[zone]) << zone;
        EXPECT_NEAR(sel->graffiti_m2, graffiti_m2[zone], 1e-9) << zone;
        EXPECT_EQ(sel->structures, structures_n[zone]) << zone;
        EXPECT_NEAR(sel->structures_m2, structures_m2[zone], 1e-9) << zone;
    }
    CleanupFilter bad;
    bad.zone = "east";
    EXPECT_FALSE(select_cases(cases.value(), scope.value(), bad).ok());
    // Only reported graffiti: a campaign without verification schedules none and says why.
    CleanupFilter graffiti;
    graffiti.structures = false;
    auto sel = select_cases(cases.value(), scope.value(), graffiti);
    ASSERT_TRUE(sel.ok());
    auto steps = schedule_steps(sel.value(), "first", "2025-04-12", false);
    EXPECT_TRUE(steps.changes.empty());
    EXPECT_EQ(steps.unverified.size(), sel->cases.size());
    auto verified = schedule_steps(sel.value(), "first", "2025-04-12", true);
    ASSERT_EQ(verified.changes.size(), sel->cases.size());
    EXPECT_EQ(verified.changes.front().steps.size(), 2u);
}
