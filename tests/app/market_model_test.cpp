// The market panel's model: the saved layout's counts and the one budget, and the saved draw as counts.

#include <gtest/gtest.h>

#include <filesystem>

#include "app/view/core/market_model.hpp"
#include "gis/district/loader.hpp"
#include "gis/plan/market.hpp"
#include "gis/plan/market_store.hpp"
#include "gis/plan/prices.hpp"
#include "gis/plan/session.hpp"
#include "view_test_util.hpp"

using namespace app::view;
namespace mk = gis::plan::market;

TEST(MarketModel, LayoutBudgetAndDrawAsCounts) {
    const std::string data = view_test::temp_dir() + "/d.gpkg";
    std::filesystem::copy_file(std::string(NBHD_ASSET_DIR) + "/chonghua.gpkg", data);
    auto before = load_market_view(data);
    ASSERT_TRUE(before.ok()) << before.error().message;
    EXPECT_EQ(before->stalls, 0);
    EXPECT_FALSE(before->drawn);
    {
        auto d = gis::district::load(data);
        ASSERT_TRUE(d.ok() && !d->markets.empty());
        auto layout = mk::layout_stalls(d->markets.front().polygon);
        ASSERT_TRUE(layout.ok());
        auto s = gis::plan::PlanSession::open(data);
        ASSERT_TRUE(s.ok());
        const auto prices = gis::plan::read_prices(data)->unit_prices();
        ASSERT_TRUE(s->add_items(mk::layout_items(layout.value(), "guohuai-market", prices), "layout").ok());
    }
    auto v = load_market_view(data);
    ASSERT_TRUE(v.ok()) << v.error().message;
    EXPECT_EQ(v->stalls, 136);  // 2 rows of 68 stalls of 2.5 × 2.0 m
    EXPECT_NEAR(v->stall_m2, 680, 0.01);
    EXPECT_EQ(v->desks, 3);
    EXPECT_NEAR(v->budget.total_cny, 111000, 0.5);  // 680 m² × ¥150 + 3 × ¥3,000
    EXPECT_TRUE(v->budget.over_budget);
}
