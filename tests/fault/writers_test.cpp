// Writers that wait, and writers killed at random moments. Two and four processes saving plan items to
// one GeoPackage all succeed (a second writer waits; it does not fail), and every save is there. Four
// first reveals race to create the audit table and all succeed. A writing command killed (SIGKILL) at a
// fixed-seed random moment leaves the data set whole (SQLite's check passes; the old or the new state)
// and no file with personal data beside the destination; the next nbhd removes what the kill left.

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "gis/core/staging.hpp"
#include "run_command.hpp"

namespace fs = std::filesystem;
using nbhd_test::run_nbhd;

namespace {

std::string data_copy(const std::string& dir) {
    const std::string path = dir + "/chonghua.gpkg";
    fs::copy_file(NBHD_ASSET_FILE, path);
    return path;
}

std::size_t plan_items(const std::string& data) {
    const auto r = run_nbhd({"--data", data, "plan", "items", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? nlohmann::json::parse(r.out).size() : 0;
}

/// `processes` processes, each adding `saves` gates one after another, all at once.
void race_plan_saves(int processes, int saves) {
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = data_copy(dir);
    std::vector<int> pids;
    std::vector<std::string> logs;
    for (int p = 0; p < processes; ++p) {
        // One shell loop per process: its saves follow each other as a user's would, the processes race.
        std::string script;
        for (int i = 0; i < saves; ++i) {
            const std::string wkt =
                "POINT(" + std::to_string(530100 + p * 40) + " " + std::to_string(3400100 + i * 10) + ")";
            script += "\"$NBHD\" --data \"$DATA\" plan add gate --wkt '" + wkt + "' || echo FAILED $?\n";
        }
        logs.push_back(dir + "/p" + std::to_string(p));
        fs::create_directories(logs.back());
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::setenv("NBHD", NBHD_EXE, 1);
            ::setenv("DATA", data.c_str(), 1);
            ::setenv("XDG_DATA_HOME", (logs.back() + "/xdg").c_str(), 1);
            const std::string out = logs.back() + "/out";
            std::freopen(out.c_str(), "w", stdout);
            std::freopen((logs.back() + "/err").c_str(), "w", stderr);
            ::execl("/bin/sh", "sh", "-c", script.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        pids.push_back(pid);
    }
    for (int pid : pids) EXPECT_EQ(nbhd_test::wait_nbhd(pid), 0);
    for (const auto& log : logs) {
        const std::string out = nbhd_test::slurp(log + "/out"), err = nbhd_test::slurp(log + "/err");
        EXPECT_EQ(out.find("FAILED"), std::string::npos) << log << "\n" << out << err;
        EXPECT_EQ(err.find("locked"), std::string::npos) << err;
    }
    EXPECT_EQ(plan_items(data), static_cast<std::size_t>(processes * saves));
    const auto check = run_nbhd({"--data", data, "check"});
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

}  // namespace

TEST(ConcurrentWriters, TwoProcessesSavingLoseNothing) { race_plan_saves(2, 12); }

TEST(ConcurrentWriters, FourProcessesSavingLoseNothing) { race_plan_saves(4, 8); }

TEST(ConcurrentWriters, FirstRevealsRaceToCreateTheAuditTable) {
    // The shipped file has no audit table yet: four reveals at once each create it, or wait and use it.
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = data_copy(dir);
    std::vector<int> pids;
    for (int p = 0; p < 4; ++p) {
        const std::string log = dir + "/r" + std::to_string(p);
        fs::create_directories(log);
        pids.push_back(
            nbhd_test::spawn_nbhd({"--data", data, "household", "find", "12-2-301", "--reveal"}, {}, log));
    }
    for (std::size_t p = 0; p < pids.size(); ++p)
        EXPECT_EQ(nbhd_test::wait_nbhd(pids[p]), 0)
            << nbhd_test::slurp(dir + "/r" + std::to_string(p) + "/stderr");
    const auto audit = run_nbhd({"--data", data, "audit", "--json"});
    ASSERT_EQ(audit.exit_code, 0) << audit.err;
    EXPECT_EQ(nlohmann::json::parse(audit.out).size(), 4u);
}

TEST(ConcurrentWriters, ASecondWriterSaysItIsWaitingAndGivesUpAtTheLimit) {
    // A program holds the write lock for 4 s; nbhd waits, says so after 2 s, and with a 3 s limit gives
    // up clearly (exit 8) having changed nothing; with the default limit it waits and saves.
    const std::string dir = nbhd_test::temp_dir();
    const std::string data = data_copy(dir);
    // The lock is held by this test process through SQLite itself, released by a thread after `seconds`.
    auto hold_lock = [&](int seconds) {
        sqlite3* db = nullptr;
        EXPECT_EQ(sqlite3_open(data.c_str(), &db), SQLITE_OK);
        EXPECT_EQ(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
        return std::thread([db, seconds] {
            std::this_thread::sleep_for(std::chrono::seconds(seconds));
            sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
            sqlite3_close(db);
        });
    };
    std::thread holder = hold_lock(4);
    auto gave_up =
        run_nbhd({"--data", data, "--lang", "en", "plan", "add", "gate", "--wkt", "POINT(530220 3400300)"},
                 {{"NBHD_WRITE_WAIT", "3"}});
    holder.join();
    EXPECT_EQ(gave_up.exit_code, 8) << gave_up.err;
    EXPECT_NE(gave_up.err.find("another program is writing to"), std::string::npos) << gave_up.err;
    EXPECT_NE(gave_up.err.find("nothing was changed"), std::string::npos) << gave_up.err;
    EXPECT_EQ(plan_items(data), 0u);

    holder = hold_lock(3);
    auto waited =
        run_nbhd({"--data", data, "--lang", "en", "plan", "add", "gate", "--wkt", "POINT(530220 3400300)"});
    holder.join();
    EXPECT_EQ(waited.exit_code, 0) << waited.err;
    EXPECT_NE(waited.err.find("another program is writing to"), std::string::npos) << waited.err;
    EXPECT_EQ(plan_items(data), 1u);
}

namespace {

/// Every file under `dir` (recursively) but the data set itself and its SQLite journal.
std::set<std::string> files_under(const std::string& dir) {
    std::set<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) out.insert(fs::relative(e.path(), dir).string());
    return out;
}

struct Killed {
    std::string name;
    std::vector<std::string> args;  ///< after --data FILE; "{dir}" is the test's folder
    std::string out;                ///< the file the command writes ("" for edits of the data set)
};

}  // namespace

TEST(KilledWriters, LeaveTheDataWholeAndNoPersonalDataBehind) {
    const std::vector<Killed> commands = {
        {"plan add", {"plan", "add", "gate", "--wkt", "POINT(530220 3400300)"}, ""},
        {"plan hardening --save", {"plan", "hardening", "--scope", "compound", "--save"}, ""},
        {"households export",
         {"households", "export", "--out", "{dir}/out/list.csv", "--include-personal-data", "--force"},
         "out/list.csv"},
        {"households export xlsx",
         {"households", "export", "--out", "{dir}/out/list.xlsx", "--include-personal-data", "--force"},
         "out/list.xlsx"},
        {"brief", {"brief", "--out", "{dir}/out/brief.pdf"}, "out/brief.pdf"},
        {"generate district",
         {"generate", "district", "--out", "{dir}/out/new.gpkg", "--force"},
         "out/new.gpkg"},
        {"households import",
         {"households", "import", std::string(NBHD_TEST_DATA_DIR) + "/occupancy/good.csv"},
         ""},
        {"case set",
         {"case", "set", "S12", "--status", "scheduled", "--campaign", "C1", "--date", "2027-01-10"},
         ""},
        {"gas notices",
         {"gas", "isolate", "--segment", "10", "--out", "{dir}/out/notices.csv", "--include-personal-data",
          "--force"},
         "out/notices.csv"},
        {"index build", {"index", "build"}, ""},
    };
    std::mt19937 rng(17);
    for (const auto& c : commands) {
        // The command's whole time, once, sets the range of the kill moments.
        const std::string dir0 = nbhd_test::temp_dir();
        const std::string data0 = data_copy(dir0);
        fs::create_directories(dir0 + "/out");
        auto with_dir = [](std::vector<std::string> args, const std::string& dir) {
            for (auto& a : args)
                if (auto at = a.find("{dir}"); at != std::string::npos) a.replace(at, 5, dir);
            return args;
        };
        std::vector<std::string> args0{"--data", data0};
        for (const auto& a : with_dir(c.args, dir0)) args0.push_back(a);
        const auto t0 = std::chrono::steady_clock::now();
        const auto whole = run_nbhd(args0);
        const double full_ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        ASSERT_EQ(whole.exit_code, 0) << c.name << ": " << whole.err;

        for (int k = 0; k < 6; ++k) {
            const std::string dir = nbhd_test::temp_dir();
            const std::string data = data_copy(dir);
            fs::create_directories(dir + "/out");
            fs::create_directories(dir + "/log");
            std::vector<std::string> args{"--data", data};
            for (const auto& a : with_dir(c.args, dir)) args.push_back(a);
            const std::map<std::string, std::string> env{{"XDG_DATA_HOME", dir + "/xdg"}};
            const int delay_ms = static_cast<int>(rng() % static_cast<unsigned>(std::max(2.0, full_ms)));
            const int pid = nbhd_test::spawn_nbhd(args, env, dir + "/log");
            std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
            ::kill(pid, SIGKILL);
            const int status = nbhd_test::wait_nbhd(pid);
            SCOPED_TRACE(c.name + " killed after " + std::to_string(delay_ms) + " ms (exit " +
                         std::to_string(status) + ")");

            // Beside the destination: nothing, or the whole file; anything else only in the private folder.
            for (const auto& f : files_under(dir + "/out")) {
                if (f.rfind(gis::kStagingFolder, 0) == 0) {
                    EXPECT_EQ(fs::status(dir + "/out/" + gis::kStagingFolder).permissions() & fs::perms::all,
                              fs::perms::owner_all);
                    continue;
                }
                EXPECT_EQ(f, fs::path(c.out).filename().string()) << "a stray file: " << f;
            }
            if (!c.out.empty() && fs::exists(dir + "/" + c.out)) {
                const auto reread = run_nbhd({"--data", data, "info"});  // any command; also sweeps
                EXPECT_EQ(reread.exit_code, 0);
                if (c.out.ends_with(".gpkg")) {
                    const auto check = run_nbhd({"--data", dir + "/" + c.out, "check"});
                    EXPECT_EQ(check.exit_code, 0) << check.err;
                }
                if (c.out.ends_with(".csv")) {
                    EXPECT_EQ(nbhd_test::slurp(dir + "/" + c.out), nbhd_test::slurp(dir0 + "/" + c.out));
                }
                if (c.out.ends_with(".pdf")) {
                    EXPECT_NE(nbhd_test::slurp(dir + "/" + c.out).find("%%EOF"), std::string::npos);
                }
            }
            // The data set: whole (SQLite's check and nbhd's) in the old or the new state.
            const auto check = run_nbhd({"--data", data, "check"}, env);
            EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
            if (c.name == "plan add") {
                EXPECT_LE(plan_items(data), 1u);
            }
            if (c.name == "households import") {  // none or all five of the file's households
                const auto info = run_nbhd({"--data", data, "info", "--json"});
                ASSERT_EQ(info.exit_code, 0) << info.err;
                const auto n = nlohmann::json::parse(info.out)["households"].get<int>();
                EXPECT_TRUE(n == 1037 || n == 1042) << n;
            }
            // The next nbhd started removed what the kill left in the private folder.
            EXPECT_FALSE(fs::exists(dir + "/out/" + gis::kStagingFolder))
                << "staging left after the next start";
        }
    }
}

// Every nbhd sweeps dead writers' leftovers when it starts, and removes staging folders left empty. A
// writer between creating its staging folder and writing its file must never lose it to such a sweep.
TEST(StagingFolders, OtherProgramsSweepingNeverBreakAWriter) {
    const std::string dir = nbhd_test::temp_dir();
    const std::string home = dir + "/home";  // one registry of staging folders for every process
    fs::create_directories(home);
    std::vector<int> pids;
    for (int w = 0; w < 3; ++w) {
        std::string script;
        for (int i = 0; i < 6; ++i)
            script += "\"$NBHD\" generate district --out '" + dir + "/w" + std::to_string(w) + "-" +
                      std::to_string(i) + ".gpkg' >/dev/null 2>&1 || echo FAILED\n";
        pids.push_back(
            nbhd_test::spawn_shell(script, {{"XDG_DATA_HOME", home}}, dir + "/w" + std::to_string(w)));
    }
    for (int k = 0; k < 2; ++k)
        pids.push_back(nbhd_test::spawn_shell("for i in $(seq 1 60); do \"$NBHD\" --version >/dev/null; done",
                                              {{"XDG_DATA_HOME", home}}, dir + "/s" + std::to_string(k)));
    for (int pid : pids) EXPECT_EQ(nbhd_test::wait_nbhd(pid), 0);
    for (int w = 0; w < 3; ++w) {
        EXPECT_EQ(nbhd_test::slurp(dir + "/w" + std::to_string(w) + "/stdout"), "") << "writer " << w;
        for (int i = 0; i < 6; ++i)
            EXPECT_TRUE(fs::exists(dir + "/w" + std::to_string(w) + "-" + std::to_string(i) + ".gpkg"));
    }
    EXPECT_FALSE(fs::exists(dir + "/.nbhd-staging"));  // nothing left behind once all are done
}

TEST(ConcurrentWriters, AWaitLimitThatIsNoNumberIsRefused) {
    for (const char* bad : {"abc", "-5", "99999", "3s"}) {
        const auto r =
            run_nbhd({"--data", NBHD_ASSET_FILE, "--lang", "en", "info"}, {{"NBHD_WRITE_WAIT", bad}});
        EXPECT_EQ(r.exit_code, 2) << bad;
        EXPECT_NE(r.err.find("NBHD_WRITE_WAIT"), std::string::npos) << r.err;
    }
}
