// A save killed (SIGKILL) at varied moments leaves a valid file holding whole saves only: either the
// state before a save or the state after it, never part of one.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <map>
#include <thread>

#include "gis/plan/params.hpp"
#include "gis/plan/session.hpp"
#include "plan_test_util.hpp"

using namespace gis;
using namespace gis::plan;

namespace {

constexpr int kBatch = 25;  // items per save

/// A batch of items tagged with their batch number; a save writes all of them or none.
std::vector<PlanItem> batch(int tag) {
    std::vector<PlanItem> items;
    for (int k = 0; k < kBatch; ++k) {
        PlanItem it;
        it.kind = "hardening";
        it.project = "xingzheng-south";
        it.name = "batch " + std::to_string(tag) + " item " + std::to_string(k);
        it.params = with_param("{}", "batch", static_cast<double>(tag));
        // A many-sided polygon, so that a save writes a fair amount.
        Ring ring;
        for (int i = 0; i < 64; ++i) {
            double t = 6.283185307179586 * i / 64;
            ring.push_back({530100 + 3 * k + 1.0 * std::cos(t), 3400100 + 3 * tag % 200 + 1.0 * std::sin(t)});
        }
        ring.push_back(ring.front());
        it.geometry = Geometry::from(Polygon{ring, {}});
        items.push_back(std::move(it));
    }
    return items;
}

/// In a child process: saves batches one after another until killed. Writes one byte to `ready` first.
[[noreturn]] void save_until_killed(const std::string& path, int ready, int first_tag) {
    auto s = PlanSession::open(path);
    char c = s.ok() ? 'r' : 'e';
    if (::write(ready, &c, 1) != 1) ::_exit(3);
    if (!s.ok()) ::_exit(2);
    for (int tag = first_tag;; ++tag)
        // Batches 67 apart lie over each other; this test is about whole saves, so both are kept.
        if (!s->add_items(batch(tag), "batch", OverlapPolicy::Keep).ok()) ::_exit(4);
}

}  // namespace

TEST(PlanCrash, KilledDuringSavesLeavesWholeSavesOnly) {
    auto path = plan_test::fresh_copy("crash");
    std::size_t items_before = 0;
    int next_tag = 0;
    int runs_with_new_items = 0;
    for (int run = 0; run < 20; ++run) {
        int pipefd[2];
        ASSERT_EQ(::pipe(pipefd), 0);
        pid_t pid = ::fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            ::close(pipefd[0]);
            save_until_killed(path, pipefd[1], next_tag);
        }
        ::close(pipefd[1]);
        char c = 0;
        ASSERT_EQ(::read(pipefd[0], &c, 1), 1);
        ::close(pipefd[0]);
        ASSERT_EQ(c, 'r') << "the child could not open the data set";
        // Varied moments: from at once to about a dozen saves in.
        std::this_thread::sleep_for(std::chrono::microseconds(run * 7919 % 120000));
        ASSERT_EQ(::kill(pid, SIGKILL), 0);
        int status = 0;
        ASSERT_EQ(::waitpid(pid, &status, 0), pid);
        ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the child stopped by itself";

        // The file opens, passes SQLite's integrity check and every layer reads through.
        auto ok = check_integrity(path);
        ASSERT_TRUE(ok.ok()) << "run " << run << ": " << ok.error().message;
        auto plan = read_plan(path);
        ASSERT_TRUE(plan.ok()) << plan.error().message;
        const auto& items = plan->items;
        // Old state plus whole saves: never fewer items, and every batch complete.
        ASSERT_GE(items.size(), items_before);
        ASSERT_EQ(items.size() % kBatch, 0u) << "run " << run << ": a partial save is visible";
        std::map<int, int> per_batch;
        for (const auto& it : items) {
            auto tag = param_number(it.params, "batch");
            ASSERT_TRUE(tag.has_value()) << "item " << it.id << " lacks its parameters";
            ++per_batch[static_cast<int>(*tag)];
            EXPECT_FALSE(it.geometry.empty()) << "item " << it.id;
            EXPECT_GT(it.cost_cny, 0) << "item " << it.id;
            EXPECT_EQ(it.name.rfind("batch ", 0), 0u) << "item " << it.id;
        }
        for (const auto& [tag, n] : per_batch) ASSERT_EQ(n, kBatch) << "run " << run << " batch " << tag;
        if (items.size() > items_before) ++runs_with_new_items;
        next_tag = per_batch.empty() ? next_tag : per_batch.rbegin()->first + 1;
        items_before = items.size();
    }
    // The later runs lasted long enough to complete saves: the test exercised real saves.
    EXPECT_GT(runs_with_new_items, 0);
}
