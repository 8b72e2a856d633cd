// plan::find_conflicts on the shipped district with hand-placed items whose answers are known: paving over
// a trench laid before it is refilled (exact overlap), a shop front, the school gate in and out of term, a
// building's only entrance, two shutdowns at once; the reorder suggestion; dates and phases compared.

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <set>

#include "gis/district/loader.hpp"
#include "gis/geom/ops.hpp"
#include "gis/network/gas_district.hpp"
#include "gis/plan/conflicts.hpp"
#include "gis/plan/schedule.hpp"

using namespace gis;
using namespace gis::plan;

namespace {

const district::District& sample() {
    static const auto d = district::load(NBHD_ASSET_FILE);
    return d.value();
}

PlanItem item(std::int64_t id, const std::string& kind, Geometry g, int phase,
              const std::string& project = "p") {
    PlanItem it;
    it.id = id;
    it.project = project;
    it.kind = kind;
    it.phase = phase;
    it.geometry = std::move(g);
    return it;
}

Geometry line(double x0, double y0, double x1, double y1) {
    return Geometry::from(LineString{{{x0, y0}, {x1, y1}}});
}

Geometry square(double x, double y, double size) { return Geometry::from(rect(x, y, x + size, y + size)); }

PlanData plan_with(std::vector<PlanItem> items, std::vector<PhaseDates> phases = {}) {
    PlanData p;
    Project a;
    a.key = "p";
    a.phases = 3;
    Project b;
    b.key = "q";
    b.phases = 2;
    p.projects = {a, b};
    p.items = std::move(items);
    p.phases = std::move(phases);
    return p;
}

std::vector<Conflict> of_kind(const ConflictReport& r, const std::string& kind) {
    std::vector<Conflict> out;
    for (const auto& c : r.conflicts)
        if (c.kind == kind) out.push_back(c);
    return out;
}

// An empty corner of the district, away from shops, the school and entrances.
constexpr double kX = 530300, kY = 3400400;

}  // namespace

TEST(PlanConflicts, PavingBeforeTheTrenchIsRefilled) {
    // A 20 m pipe through the middle of a 10 m square of paving: a 1 m trench under 10 m of it.
    auto pipe = item(1, "gas_pipe", line(kX - 5, kY + 5, kX + 15, kY + 5), 2);
    auto pave = item(2, "hardening", square(kX, kY, 10), 1);
    auto r = find_conflicts(sample(), plan_with({pipe, pave}));
    auto c = of_kind(r, "trench_under_paving");
    ASSERT_EQ(c.size(), 1u);
    EXPECT_NEAR(c[0].area_m2, 10.0, 1e-6);
    EXPECT_EQ(c[0].items, (std::vector<std::int64_t>{1, 2}));
    EXPECT_EQ(c[0].suggestion, "pipe_first_phase");
    EXPECT_EQ(c[0].move_items, std::vector<std::int64_t>{2});
    EXPECT_EQ(c[0].to_phase, 3);
    EXPECT_EQ(r.undated.size(), 2u);
    // A wider working width widens the overlap.
    pipe.params = R"({"trench_width_m":2})";
    EXPECT_NEAR(of_kind(find_conflicts(sample(), plan_with({pipe, pave})), "trench_under_paving")[0].area_m2,
                20.0, 1e-6);
    // Paving after the pipe: no conflict.
    pave.phase = 3;
    EXPECT_TRUE(of_kind(find_conflicts(sample(), plan_with({pipe, pave})), "trench_under_paving").empty());
    // With dates, the dates decide whatever the phase numbers: paving that starts the day the trench is
    // refilled is a conflict, the day after is not.
    std::vector<PhaseDates> dates = {{-1, "p", 2, "", "2027-03-01", 30}, {-1, "p", 3, "", "2027-03-30", 10}};
    auto dated = find_conflicts(sample(), plan_with({pipe, pave}, dates));
    auto d = of_kind(dated, "trench_under_paving");
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].suggestion, "pipe_first_after");
    EXPECT_EQ(format_date(*d[0].after_day), "2027-03-31");
    EXPECT_EQ(format_date(*d[0].first_day), "2027-03-30");
    EXPECT_TRUE(dated.undated.empty());
    dates[1].start = "2027-03-31";
    EXPECT_TRUE(
        of_kind(find_conflicts(sample(), plan_with({pipe, pave}, dates)), "trench_under_paving").empty());
    // Another kind of item over the trench, or a pipe away from the paving: nothing.
    auto fence = item(3, "fence", line(kX, kY + 5, kX + 10, kY + 5), 1);
    auto far = item(4, "gas_pipe", line(kX + 50, kY, kX + 60, kY), 2);
    EXPECT_TRUE(of_kind(find_conflicts(sample(),
                                       plan_with({fence, far, item(2, "hardening", square(kX, kY, 10), 1)})),
                        "trench_under_paving")
                    .empty());
}

TEST(PlanConflicts, ShopFrontsWithTheirDays) {
    // 鑫源饭店 (530013.5, 3400037.22) and 红梅理发店 (530013.5, 3400041.65): paving 3 m in front of both.
    auto pave = item(1, "hardening", Geometry::from(rect(530015, 3400030, 530025, 3400045)), 1);
    auto r = find_conflicts(sample(), plan_with({pave}, {{-1, "p", 1, "", "2027-05-01", 12}}));
    auto c = of_kind(r, "shop_fronts");
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].days, 12);
    EXPECT_NE(std::find(c[0].names.begin(), c[0].names.end(), "鑫源饭店"), c[0].names.end());
    EXPECT_NE(std::find(c[0].names.begin(), c[0].names.end(), "红梅理发店"), c[0].names.end());
    // Every shop it names lies within 5 m of the paving.
    for (const auto& shop : sample().shops) {
        if (std::find(c[0].names.begin(), c[0].names.end(), shop.name) == c[0].names.end()) continue;
        EXPECT_LE(geom::distance(Geometry::from(shop.location), pave.geometry), 5.0 + 1e-9) << shop.name;
    }
    // Clean-up work blocks no shop.
    EXPECT_TRUE(
        of_kind(find_conflicts(sample(), plan_with({item(1, "cleanup", pave.geometry, 1)})), "shop_fronts")
            .empty());
}

TEST(PlanConflicts, SchoolGateInTermTimeOnly) {
    // A trench 30 m from 重华小学's gate (530495, 3400197.5).
    auto pipe = item(1, "gas_pipe", line(530465, 3400150, 530465, 3400250), 1);
    // 2027-06-25 + 30 days: 16 days in term (to 10 July), then the summer holidays.
    auto r = find_conflicts(sample(), plan_with({pipe}, {{-1, "p", 1, "", "2027-06-25", 30}}));
    auto c = of_kind(r, "school_gate");
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].days, 16);
    EXPECT_EQ(format_date(*c[0].last_day), "2027-07-10");
    EXPECT_EQ(c[0].names, std::vector<std::string>{"重华小学"});
    // In the holidays: nothing.
    EXPECT_TRUE(of_kind(find_conflicts(sample(), plan_with({pipe}, {{-1, "p", 1, "", "2027-07-11", 40}})),
                        "school_gate")
                    .empty());
    EXPECT_TRUE(in_school_term(parse_date("2027-01-20").value()));
    EXPECT_FALSE(in_school_term(parse_date("2027-01-21").value()));
    EXPECT_FALSE(in_school_term(parse_date("2027-02-28").value()));
    EXPECT_TRUE(in_school_term(parse_date("2027-03-01").value()));
}

TEST(PlanConflicts, ATrenchAcrossABuildingsOnlyEntrance) {
    // Building 5 has one entrance, at (530087.8, 3400091.0); a trench passes 1 m from it.
    auto pipe = item(1, "gas_pipe", line(530070, 3400092, 530110, 3400092), 1);
    auto r = find_conflicts(sample(), plan_with({pipe}));
    auto c = of_kind(r, "only_entrance");
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].names, std::vector<std::string>{"5"});
    std::int64_t expected = 0;
    for (const auto& h : sample().households) expected += h.building_number == 5;
    EXPECT_GT(expected, 0);
    EXPECT_EQ(c[0].households, expected);
    EXPECT_EQ(c[0].suggestion, "steel_plates");
    // 3 m away the way in stays open.
    EXPECT_TRUE(
        of_kind(find_conflicts(sample(),
                               plan_with({item(1, "gas_pipe", line(530070, 3400094, 530110, 3400094), 1)})),
                "only_entrance")
            .empty());
}

TEST(PlanConflicts, TwoShutdownsAtOnce) {
    auto a = item(1, "gas_pipe", line(kX, kY, kX + 20, kY), 1, "p");
    auto b = item(2, "gas_pipe", line(kX, kY + 100, kX + 20, kY + 100), 1, "q");
    std::vector<PhaseDates> dates = {{-1, "p", 1, "", "2027-04-01", 10}, {-1, "q", 1, "", "2027-04-08", 10}};
    auto c = of_kind(find_conflicts(sample(), plan_with({a, b}, dates)), "concurrent_shutdowns");
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].days, 3);  // 8, 9 and 10 April
    dates[1].start = "2027-04-11";
    EXPECT_TRUE(of_kind(find_conflicts(sample(), plan_with({a, b}, dates)), "concurrent_shutdowns").empty());
    // Only for the project asked about: q's own conflicts show under --project q.
    dates[1].start = "2027-04-08";
    EXPECT_EQ(of_kind(find_conflicts(sample(), plan_with({a, b}, dates), "q"), "concurrent_shutdowns").size(),
              1u);
}

TEST(PlanSchedule, DatesRoundTripAndBadOnesAreRefused) {
    for (const char* d : {"1970-01-01", "2000-02-29", "2027-12-31", "2100-03-01"})
        EXPECT_EQ(format_date(parse_date(d).value()), d);
    EXPECT_EQ(parse_date("1970-01-02").value(), 1);
    EXPECT_EQ(parse_date("2027-03-01").value() - parse_date("2027-02-28").value(), 1);
    for (const char* bad :
         {"2100-02-29", "2027-13-01", "2027-00-10", "2027-4-1", "", "abcd-ef-gh", "2027-04-31"})
        EXPECT_FALSE(parse_date(bad).ok()) << bad;
}

TEST(PlanConflicts, ShutdownsInTheSameZoneAtOnce) {
    const auto& d = sample();
    auto gas = network::DistrictGas::build(d);
    // Two pipes of one valve-bounded zone, and a pipe whose shutdown shares no pipe with theirs.
    std::int64_t a = -1, b = -1, c = -1;
    std::set<std::int64_t> zone_a;
    std::size_t smallest = SIZE_MAX;  // the smallest shutdown of two pipes or more that cuts households' gas
    for (const auto& pipe : d.gas_pipes) {
        auto t = gas.network.isolate(pipe.fid);
        if (!t || t->zone_pipes.size() < 2 || gas.impact.impact(t.value()).households.empty()) continue;
        const std::size_t size = t->zone_pipes.size() + t->pipes_without_supply.size();
        if (size >= smallest) continue;
        smallest = size;
        a = t->zone_pipes[0];
        b = t->zone_pipes[1];
        zone_a.clear();
        zone_a.insert(t->zone_pipes.begin(), t->zone_pipes.end());
        zone_a.insert(t->pipes_without_supply.begin(), t->pipes_without_supply.end());
    }
    ASSERT_GE(a, 0);
    for (const auto& pipe : d.gas_pipes) {
        auto t = gas.network.isolate(pipe.fid);
        if (!t) continue;
        bool apart = true;
        for (auto p : t->zone_pipes) apart = apart && !zone_a.count(p);
        for (auto p : t->pipes_without_supply) apart = apart && !zone_a.count(p);
        if (apart) {
            c = pipe.fid;
            break;
        }
    }
    ASSERT_GE(c, 0);
    auto pipe_item = [&](std::int64_t id, std::int64_t pipe, const std::string& project) {
        for (const auto& p : d.gas_pipes)
            if (p.fid == pipe) {
                auto it = item(id, "gas_pipe", Geometry::from(p.line), 1, project);
                it.params = R"({"pipe_id":)" + std::to_string(pipe) + "}";
                return it;
            }
        return PlanItem{};
    };
    std::vector<PhaseDates> dates = {{-1, "p", 1, "", "2027-04-01", 10}, {-1, "q", 1, "", "2027-04-05", 10}};
    auto r = find_conflicts(d, plan_with({pipe_item(1, a, "p"), pipe_item(2, b, "q")}, dates));
    auto same = of_kind(r, "concurrent_shutdowns");
    ASSERT_EQ(same.size(), 1u);
    EXPECT_EQ(same[0].days, 6);  // 5 to 10 April
    EXPECT_EQ(same[0].items, (std::vector<std::int64_t>{1, 2}));
    // The households in both shutdowns: the same zone's, counted from the isolations themselves.
    auto ta = gas.network.isolate(std::vector<std::int64_t>{a});
    auto tb = gas.network.isolate(std::vector<std::int64_t>{b});
    auto ha = gas.impact.impact(ta.value()).households, hb = gas.impact.impact(tb.value()).households;
    std::vector<std::int64_t> both;
    std::set_intersection(ha.begin(), ha.end(), hb.begin(), hb.end(), std::back_inserter(both));
    EXPECT_GT(both.size(), 0u);
    EXPECT_EQ(same[0].households, static_cast<std::int64_t>(both.size()));
    // Another zone at the same time: two separate shutdowns, no conflict.
    EXPECT_TRUE(of_kind(find_conflicts(d, plan_with({pipe_item(1, a, "p"), pipe_item(2, c, "q")}, dates)),
                        "concurrent_shutdowns")
                    .empty());
}
