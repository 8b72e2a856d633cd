// The shipped data set's gas network passes the topology check (kept apart: it pins the shipped asset).

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "run_command.hpp"

using nbhd_test::run_nbhd;
using nlohmann::json;

TEST(GasCheckCommand, ShippedNetworkIsClean) {
    auto r = run_nbhd({"--data", NBHD_ASSET_FILE, "gas", "check", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto j = json::parse(r.out);
    EXPECT_EQ(j["clean"], true);
    EXPECT_TRUE(j["problems"].empty()) << j["problems"].dump(1);
    EXPECT_EQ(j["stations"], 1);
    EXPECT_EQ(j["parts"], 1);
    EXPECT_GT(j["pipes"].get<int>(), 200);
    auto text = run_nbhd({"--data", NBHD_ASSET_FILE, "--lang", "en", "gas", "check"});
    EXPECT_EQ(text.exit_code, 0);
    EXPECT_NE(text.out.find("Gas network check passed"), std::string::npos);
}
