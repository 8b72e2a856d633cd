// The price table: defaults, the data set's own rows, checks on what is stored, and a changed price
// re-pricing the open items (proposed, approved) in one undo step, never the ones under way or done or
// fixed by the planner.

#include <gtest/gtest.h>

#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

#include "gis/plan/prices.hpp"
#include "gis/plan/session.hpp"
#include "plan_test_util.hpp"

using namespace gis;
using namespace gis::plan;

namespace {

std::string copy_of_sample() { return plan_test::fresh_copy("prices"); }

/// A 10 m square (100 m²), the n-th of a row 20 m apart (apart, so no item counts another's work twice).
PlanItem square_item(const std::string& kind, const std::string& status, const std::string& params, int n) {
    PlanItem it;
    it.project = "xingzheng-south";
    it.kind = kind;
    it.status = status;
    it.params = params;
    it.geometry = Geometry::from(rect(530300 + 20 * n, 3400400, 530310 + 20 * n, 3400410));
    return it;
}

}  // namespace

TEST(PlanPrices, DefaultsCoverEveryComputation) {
    const auto t = default_prices();
    const UnitPrices defaults;
    const auto u = t.unit_prices();
    EXPECT_EQ(u.concrete_cny_m3, defaults.concrete_cny_m3);
    EXPECT_EQ(u.gate_cny, defaults.gate_cny);
    ASSERT_NE(t.find("pipe.pe.110"), nullptr);
    EXPECT_EQ(t.find("pipe.pe.110")->cny, 380);
    EXPECT_EQ(u.pipes.per_metre("pe", 110).value(), 380);
    EXPECT_EQ(t.find("paving.concrete")->unit, "m³");
    EXPECT_FALSE(t.find("paving.concrete")->stored);
}

TEST(PlanPrices, BadPricesAreRefused) {
    for (const auto& [key, cny, date] :
         std::vector<std::tuple<std::string, double, std::string>>{{"paving.granite", 10, ""},
                                                                   {"pipe.pe.x", 10, ""},
                                                                   {"fence", 0, ""},
                                                                   {"fence", -5, ""},
                                                                   {"fence", 2e7, ""},
                                                                   {"fence", 400, "2026-13-01"}}) {
        Price p;
        p.key = key;
        p.cny = cny;
        p.date = date;
        EXPECT_FALSE(check_price(p).ok()) << key << " " << cny << " " << date;
    }
    Price ok;
    ok.key = "pipe.pe.125";  // a new pipe size
    ok.cny = 450;
    auto c = check_price(ok);
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->unit, "m");
}

TEST(PlanPrices, ASetPriceRepricesOpenItemsOnlyAndUndoes) {
    const std::string path = copy_of_sample();
    auto s = PlanSession::open(path);
    ASSERT_TRUE(s.ok());
    // 100 m² of concrete paving, 0.20 m: (20 + 0.2 × 360) = ¥92 per m².
    auto proposed = s->add_item(square_item("hardening", "proposed", R"({"material":"concrete"})", 0));
    auto building = s->add_item(square_item("hardening", "in_progress", R"({"material":"concrete"})", 1));
    auto fixed =
        s->add_item(square_item("hardening", "approved", R"({"material":"concrete","price_fixed":true})", 2));
    ASSERT_TRUE(proposed.ok() && building.ok() && fixed.ok());
    EXPECT_NEAR(s->item(*proposed)->cost_cny, 9200, 0.01);
    Price p;
    p.key = "paving.concrete";
    p.cny = 400;
    p.source = "市造价站信息价";
    p.date = "2026-09-30";
    auto changed = s->set_price(p);
    ASSERT_TRUE(changed.ok()) << changed.error().message;
    EXPECT_EQ(changed.value(), std::vector<std::int64_t>{*proposed});
    EXPECT_NEAR(s->item(*proposed)->cost_cny, 10000, 0.01);  // (20 + 80) × 100
    EXPECT_NEAR(s->item(*building)->cost_cny, 9200, 0.01);
    EXPECT_NEAR(s->item(*fixed)->cost_cny, 9200, 0.01);
    // The table is in the file; a new session prices new items with it.
    auto table = read_prices(path);
    ASSERT_TRUE(table.ok());
    EXPECT_TRUE(table->find("paving.concrete")->stored);
    EXPECT_EQ(table->find("paving.concrete")->source, "市造价站信息价");
    auto again = PlanSession::open(path);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->prices().concrete_cny_m3, 400);
    auto fresh = again->add_item(square_item("hardening", "proposed", R"({"material":"concrete"})", 3));
    EXPECT_NEAR(again->item(*fresh)->cost_cny, 10000, 0.01);
    // Setting it again replaces the row; undo restores the price and the items' cost.
    p.cny = 500;
    ASSERT_TRUE(again->set_price(p).ok());
    EXPECT_NEAR(again->item(*fresh)->cost_cny, 12000, 0.01);  // (20 + 0.2 × 500) × 100
    ASSERT_TRUE(again->undo().ok());
    EXPECT_NEAR(again->item(*fresh)->cost_cny, 10000, 0.01);
    EXPECT_EQ(read_prices(path)->find("paving.concrete")->cny, 400);
    EXPECT_EQ(again->prices().concrete_cny_m3, 400);  // new items after the undo: the table's price again
    // A gas pipe is priced from its material and diameter.
    PlanItem pipe;
    pipe.project = "xingzheng-south";
    pipe.kind = "gas_pipe";
    pipe.params = R"({"material":"pe","diameter_mm":110})";
    pipe.geometry = Geometry::from(LineString{{{530300, 3400400}, {530310, 3400400}}});
    auto pid = again->add_item(pipe);
    ASSERT_TRUE(pid.ok());
    EXPECT_NEAR(again->item(*pid)->cost_cny, 3800, 0.01);
    Price pe;
    pe.key = "pipe.pe.110";
    pe.cny = 420;
    ASSERT_TRUE(again->set_price(pe).ok());
    EXPECT_NEAR(again->item(*pid)->cost_cny, 4200, 0.01);
}

TEST(PlanPrices, ADamagedRowInTheTableIsAnError) {
    const std::string path = copy_of_sample();
    {
        auto s = PlanSession::open(path);
        Price p;
        p.key = "fence";
        p.cny = 400;
        ASSERT_TRUE(s->set_price(p).ok());
    }
    sqlite3* db = nullptr;  // another program damages the row
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "UPDATE prices SET key = 'fense'", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    auto t = read_prices(path);
    ASSERT_FALSE(t.ok());
    EXPECT_NE(t.error().message.find("fense"), std::string::npos) << t.error().message;
    EXPECT_FALSE(PlanSession::open(path).ok());
}
