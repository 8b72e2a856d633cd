// nbhd on a shared PostgreSQL + PostGIS server: districts pushed and listed, every read command giving
// the file's answers, concurrent planners (exact counts, no duplicate ids, the double-count race refused),
// each role's rights enforced by the server itself (psql as each login), the audit written by the server,
// passwords never shown, and the same exit codes as a GeoPackage's.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "gis/io/pg.hpp"
#include "run_command.hpp"

namespace fs = std::filesystem;
using nbhd_test::capture;
using nbhd_test::run_nbhd;

namespace {

/// The test cluster's connection words (host, port, user postgres, database nbhd).
std::string cluster() {
    std::ifstream in(std::string(NBHD_PG_STATE) + "/conninfo");
    std::string words;
    std::getline(in, words);
    return words;
}

std::string with_db(std::string words, const std::string& db) {
    return std::regex_replace(words, std::regex("dbname=\\S+"), "dbname=" + db);
}
std::string with_user(std::string words, const std::string& user) {
    return std::regex_replace(words, std::regex("user=\\S+"), "user=" + user);
}

/// psql's output (-At: unaligned, tuples only) of `sql` run as `words`, with its error text.
std::string psql(const std::string& words, const std::string& sql) {
    static int n = 0;
    const std::string file = nbhd_test::temp_dir() + "/q" + std::to_string(++n) + ".sql";
    std::ofstream(file) << sql << ";\n";
    std::string out =
        capture("PGOPTIONS='-c client_min_messages=warning' psql -X -At -q -v ON_ERROR_STOP=1 '" + words +
                "' -f " + file + " 2>&1");
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

/// Each test works in a database of its own (PostGIS installed), dropped at the end.
class Server : public ::testing::Test {
  protected:
    void SetUp() override {
        base_ = cluster();
        ASSERT_FALSE(base_.empty())
            << "no test PostgreSQL cluster: the pg tests need the pg_cluster_start fixture (ctest -L pg), "
               "and Debian's postgresql-15 and postgresql-15-postgis-3 (scripts/setup installs them)";
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        db_ = "t_" + std::string(info->name());
        for (auto& c : db_) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const std::string admin = with_db(base_, "postgres");
        psql(admin, "DROP DATABASE IF EXISTS " + db_ + " WITH (FORCE)");
        ASSERT_EQ(psql(admin, "CREATE DATABASE " + db_ + " TEMPLATE nbhd"), "");
        conn_ = with_db(base_, db_);
        pg_ = "PG:" + conn_;
        dir_ = nbhd_test::temp_dir();
    }
    void TearDown() override {
        psql(with_db(base_, "postgres"), "DROP DATABASE IF EXISTS " + db_ + " WITH (FORCE)");
    }

    /// Pushes the sample district to `schema`; returns the push's exit code.
    int push(const std::string& schema = "chonghua", const std::string& source = NBHD_ASSET_FILE) {
        auto r = run_nbhd({"district", "push", source, "--to", pg_, "--schema", schema});
        EXPECT_EQ(r.err, "");
        return r.exit_code;
    }
    std::string district(const std::string& schema = "chonghua") const { return pg_ + "?schema=" + schema; }

    std::string base_, db_, conn_, pg_, dir_;
};

/// `json` text with the data set's name taken out (the file's and the server's differ).
nlohmann::json without_source(const std::string& text) {
    auto j = nlohmann::json::parse(text);
    if (j.is_object()) j.erase("data_set");
    return j;
}

TEST_F(Server, PushWritesEveryLayerAsTypedTablesWithKeysAndIndexes) {
    auto r = run_nbhd({"district", "push", NBHD_ASSET_FILE, "--to", pg_, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["schema"], "chonghua");  // from the file's name
    std::map<std::string, std::int64_t> rows;
    for (const auto& l : j["layers"]) rows[l["layer"]] = l["rows"];
    EXPECT_EQ(rows["buildings"], 88);
    EXPECT_EQ(rows["households"], 1037);
    EXPECT_EQ(rows["gas_pipes"], 256);
    EXPECT_EQ(psql(conn_, "SELECT count(*) FROM chonghua.households"), "1037");
    // Typed columns, an identity key, the geometry type and SRID, GiST and look-up indexes, the keys.
    EXPECT_EQ(psql(conn_,
                   "SELECT data_type FROM information_schema.columns WHERE table_schema = 'chonghua' AND "
                   "table_name = 'buildings' AND column_name = 'floors'"),
              "bigint");
    EXPECT_EQ(psql(conn_,
                   "SELECT is_identity FROM information_schema.columns WHERE table_schema = 'chonghua' AND "
                   "table_name = 'buildings' AND column_name = 'fid'"),
              "YES");
    EXPECT_EQ(psql(conn_,
                   "SELECT type || ' ' || srid FROM geometry_columns WHERE f_table_schema = 'chonghua' "
                   "AND f_table_name = 'buildings'"),
              "POLYGON 4546");
    EXPECT_EQ(
        psql(conn_,
             "SELECT count(*) FROM pg_indexes WHERE schemaname = 'chonghua' AND indexdef LIKE '%gist%'"),
        "19");  // 18 map layers and plan_items
    EXPECT_EQ(psql(conn_,
                   "SELECT count(*) FROM pg_indexes WHERE schemaname = 'chonghua' AND indexname IN "
                   "('nbhd_households_household_no', 'nbhd_households_head_name', 'buildings_number_key')"),
              "3");
    EXPECT_EQ(
        psql(conn_,
             "SELECT confrelid::regclass FROM pg_constraint WHERE conname = 'households_building_fkey'"),
        "chonghua.buildings");
    // The server refuses a household in a building that does not exist.
    EXPECT_NE(
        psql(conn_, "UPDATE chonghua.households SET building_number = 999 WHERE household_no = 'CH-0001'")
            .find("violates foreign key"),
        std::string::npos);
    // New rows get ids from the server after the pushed ones.
    EXPECT_EQ(psql(conn_, "INSERT INTO chonghua.projects (key) VALUES ('x') RETURNING fid"), "3");

    // Listed; a second push of the same name is refused and changes nothing; --replace replaces it.
    auto list = run_nbhd({"--data", pg_, "district", "list", "--json"});
    ASSERT_EQ(list.exit_code, 0) << list.err;
    const auto l = nlohmann::json::parse(list.out)["districts"];
    ASSERT_EQ(l.size(), 1u);
    EXPECT_EQ(l[0]["schema"], "chonghua");
    EXPECT_EQ(l[0]["households"], 1037);
    EXPECT_EQ(l[0]["name"], "重华社区");
    auto again = run_nbhd({"district", "push", NBHD_ASSET_FILE, "--to", pg_});
    EXPECT_EQ(again.exit_code, 2);
    EXPECT_NE(again.err.find("already has a district 'chonghua'"), std::string::npos) << again.err;
    EXPECT_EQ(psql(conn_, "SELECT count(*) FROM chonghua.projects"), "3");
    // --replace takes the map and register from the file and keeps what was done on the server.
    ASSERT_EQ(run_nbhd({"--data", district(), "household", "find", "CH-0001", "--reveal"}).exit_code, 0);
    ASSERT_EQ(
        run_nbhd({"--data", district(), "plan", "add", "gate", "--wkt", "POINT(530300 3400250)"}).exit_code,
        0);
    auto replaced = run_nbhd({"district", "push", NBHD_ASSET_FILE, "--to", pg_, "--replace", "--json"});
    ASSERT_EQ(replaced.exit_code, 0) << replaced.err;
    const auto report = nlohmann::json::parse(replaced.out);
    std::map<std::string, std::int64_t> kept;
    for (const auto& k : report["kept"]) kept[k["layer"]] = k["rows"];
    EXPECT_EQ(kept["projects"], 3);
    EXPECT_EQ(kept["plan_items"], 1);
    EXPECT_EQ(kept["audit"], 1);
    EXPECT_EQ(psql(conn_, "SELECT count(*) FROM chonghua.projects"), "3");
    EXPECT_EQ(psql(conn_, "SELECT count(*) FROM chonghua.audit"), "1");
    EXPECT_EQ(psql(conn_, "SELECT count(*) FROM chonghua.households"), "1037");
    EXPECT_EQ(psql(conn_, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'nbhd_replaced%'"), "0");
    EXPECT_EQ(run_nbhd({"--data", district(), "audit", "--verify"}).exit_code, 0);
}

TEST_F(Server, ReadCommandsGiveTheFilesAnswers) {
    ASSERT_EQ(push(), 0);
    const std::vector<std::vector<std::string>> questions = {
        {"info", "--json"},
        {"household", "find", "张", "--json"},
        {"household", "find", "3-2-402", "--json"},
        {"building", "show", "12", "--json"},
        {"households", "within", "--wkt",
         "POLYGON((530200 3400200,530400 3400200,530400 3400400,530200 3400400,530200 3400200))", "--json"},
        {"project", "show", "xingzheng-south", "--json"},
        {"plan", "hardening", "--scope", "compound", "--json"},
    };
    for (const auto& q : questions) {
        std::vector<std::string> on_file = {"--data", NBHD_ASSET_FILE}, on_server = {"--data", district()};
        on_file.insert(on_file.end(), q.begin(), q.end());
        on_server.insert(on_server.end(), q.begin(), q.end());
        const auto f = run_nbhd(on_file), s = run_nbhd(on_server);
        ASSERT_EQ(f.exit_code, 0) << q[0] << ": " << f.err;
        ASSERT_EQ(s.exit_code, 0) << q[0] << ": " << s.err;
        EXPECT_EQ(without_source(s.out), without_source(f.out)) << q[0] << " " << q[1];
    }
}

TEST_F(Server, DistrictIsPickedBySchemaOrByTheOnlyOne) {
    ASSERT_EQ(push("alpha"), 0);
    EXPECT_EQ(run_nbhd({"--data", pg_, "info"}).exit_code, 0);  // the only district
    // A point question over every district finds the point's district.
    auto by_point =
        run_nbhd({"--data", pg_, "--district", "all", "gas", "isolate", "--at", "530300,3400250", "--json"});
    auto in_alpha = run_nbhd(
        {"--data", pg_, "--district", "alpha", "gas", "isolate", "--at", "530300,3400250", "--json"});
    ASSERT_EQ(by_point.exit_code, 0) << by_point.err;
    EXPECT_EQ(nlohmann::json::parse(by_point.out), nlohmann::json::parse(in_alpha.out));
    ASSERT_EQ(push("beta"), 0);
    // Two districts' pipes within reach of the point: asked, not guessed.
    auto border = run_nbhd({"--data", pg_, "--district", "all", "gas", "isolate", "--at", "530300,3400250"});
    EXPECT_EQ(border.exit_code, 2);
    EXPECT_NE(border.err.find("pipes of 2 districts"), std::string::npos) << border.err;
    auto both = run_nbhd({"--data", pg_, "info"});
    EXPECT_EQ(both.exit_code, 3);
    EXPECT_NE(both.err.find("2 districts (alpha, beta)"), std::string::npos) << both.err;
    EXPECT_EQ(run_nbhd({"--data", pg_, "--district", "beta", "info"}).exit_code, 0);
    EXPECT_EQ(run_nbhd({"--data", pg_ + "?schema=alpha", "info"}).exit_code, 0);
    EXPECT_EQ(run_nbhd({"--data", pg_ + " schemas=alpha", "info"}).exit_code, 0);  // GDAL's own word
    auto none = run_nbhd({"--data", pg_, "--district", "gamma", "info"});
    EXPECT_EQ(none.exit_code, 3);
    EXPECT_NE(none.err.find("no district 'gamma'"), std::string::npos) << none.err;
    EXPECT_EQ(run_nbhd({"--data", pg_, "--district", "Bad-Name", "info"}).exit_code, 1);  // usage
    EXPECT_EQ(run_nbhd({"--district", "alpha", "info"}).exit_code, 1);                    // not a server
}

TEST_F(Server, AnAreaQuestionSpansTheDistrictsItMeets) {
    ASSERT_EQ(push("alpha"), 0);
    ASSERT_EQ(push("beta"), 0);
    const std::string area =
        "POLYGON((530200 3400200,530400 3400200,530400 3400400,530200 3400400,530200 3400200))";
    auto one = run_nbhd({"--data", NBHD_ASSET_FILE, "households", "within", "--wkt", area, "--json"});
    ASSERT_EQ(one.exit_code, 0) << one.err;
    const auto expected = nlohmann::json::parse(one.out);
    auto all =
        run_nbhd({"--data", pg_, "--district", "all", "households", "within", "--wkt", area, "--json"});
    ASSERT_EQ(all.exit_code, 0) << all.err;
    const auto j = nlohmann::json::parse(all.out);
    ASSERT_EQ(j["districts"].size(), 2u);
    EXPECT_EQ(j["districts"][0]["district"], "alpha");
    EXPECT_EQ(j["districts"][1]["district"], "beta");
    for (const auto& d : j["districts"]) {
        EXPECT_EQ(d["household_count"], expected["household_count"]);
        EXPECT_EQ(d["households"], expected["households"]);
    }
    EXPECT_EQ(j["household_count"], 2 * expected["household_count"].get<int>());
    auto outside =
        run_nbhd({"--data", pg_, "--district", "all", "households", "within", "--wkt",
                  "POLYGON((100000 100000,100010 100000,100010 100010,100000 100010,100000 100000))"});
    EXPECT_EQ(outside.exit_code, 3);
    EXPECT_NE(outside.err.find("outside every district"), std::string::npos) << outside.err;
    EXPECT_EQ(run_nbhd({"--data", pg_, "--district", "all", "info"}).exit_code, 2);
}

TEST_F(Server, EmptyServerAndOtherToolsLayout) {
    auto list = run_nbhd({"--data", pg_, "district", "list"});
    EXPECT_EQ(list.exit_code, 3);
    EXPECT_NE(list.err.find("no districts yet"), std::string::npos) << list.err;
    EXPECT_EQ(run_nbhd({"--data", pg_, "info"}).exit_code, 4);  // no layers at all
    // A district loaded by GDAL's own ogr2ogr into public reads too.
    ASSERT_EQ(
        std::system(
            ("ogr2ogr -f PostgreSQL 'PG:" + conn_ + "' " + NBHD_ASSET_FILE + " >/dev/null 2>&1").c_str()),
        0);
    auto f = run_nbhd({"--data", NBHD_ASSET_FILE, "info", "--json"});
    auto s = run_nbhd({"--data", pg_, "info", "--json"});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    EXPECT_EQ(without_source(s.out), without_source(f.out));
}

TEST_F(Server, PushRefusesDataTheServerWouldNotHold) {
    const std::string copy = dir_ + "/dup.gpkg";
    fs::copy_file(NBHD_ASSET_FILE, copy);
    capture("ogrinfo -q " + copy + " -sql \"UPDATE buildings SET number = 1 WHERE number = 2\" 2>&1");
    auto r = run_nbhd({"district", "push", copy, "--to", pg_});
    EXPECT_EQ(r.exit_code, 9);
    EXPECT_NE(r.err.find("building number 1 is used by 2 buildings"), std::string::npos) << r.err;
    EXPECT_EQ(psql(conn_, "SELECT count(*) FROM pg_namespace WHERE nspname = 'dup'"), "0");  // nothing at all
    const std::string orphan = dir_ + "/orphan.gpkg";
    fs::copy_file(NBHD_ASSET_FILE, orphan);
    capture("ogrinfo -q " + orphan +
            " -sql \"UPDATE households SET building_number = 999 WHERE household_no = 'CH-0001'\" 2>&1");
    auto o = run_nbhd({"district", "push", orphan, "--to", pg_});
    EXPECT_EQ(o.exit_code, 9);
    EXPECT_NE(o.err.find("household CH-0001 lives in building 999, which the district does not have"),
              std::string::npos)
        << o.err;
    EXPECT_NE(o.err.find("999"), std::string::npos) << o.err;
    EXPECT_EQ(psql(conn_, "SELECT count(*) FROM pg_namespace WHERE nspname = 'orphan'"), "0");
    auto notgis = run_nbhd({"district", "push", copy, "--to", "/tmp/x.gpkg"});
    EXPECT_EQ(notgis.exit_code, 2);
}

/// Runs `n` shells at once, each running `script` (with $NBHD set); their exit codes.
std::vector<int> race(int n, const std::function<std::string(int)>& script) {
    std::vector<pid_t> pids;
    for (int i = 0; i < n; ++i) {
        const std::string s = script(i);
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::setenv("NBHD", NBHD_EXE, 1);
            ::execl("/bin/sh", "sh", "-c", s.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        pids.push_back(pid);
    }
    std::vector<int> codes;
    for (pid_t p : pids) {
        int status = 0;
        ::waitpid(p, &status, 0);
        codes.push_back(WIFEXITED(status) ? WEXITSTATUS(status) : 128);
    }
    return codes;
}

TEST_F(Server, TwoAndFourSimultaneousSavesCountTheWorkOnce) {
    ASSERT_EQ(push(), 0);
    const std::string data = district();
    auto once = run_nbhd({"--data", NBHD_ASSET_FILE, "plan", "hardening", "--scope", "compound", "--json"});
    ASSERT_EQ(once.exit_code, 0);
    const std::size_t items = nlohmann::json::parse(once.out)["parts"].size();
    ASSERT_GT(items, 10u);
    for (int writers : {2, 4}) {
        psql(conn_, "DELETE FROM chonghua.plan_items");
        auto codes = race(writers, [&](int) {
            return "\"$NBHD\" --data '" + data + "' plan hardening --scope compound --save >/dev/null 2>&1";
        });
        EXPECT_EQ(std::count(codes.begin(), codes.end(), 0), 1) << writers << " writers";
        EXPECT_EQ(std::count(codes.begin(), codes.end(), 2), writers - 1) << writers << " writers";
        EXPECT_EQ(psql(conn_, "SELECT count(*) FROM chonghua.plan_items"), std::to_string(items));
    }
    // The refused planner is told which items are already there.
    auto late = run_nbhd({"--data", data, "plan", "hardening", "--scope", "compound", "--save"});
    EXPECT_EQ(late.exit_code, 2);
    EXPECT_NE(late.err.find("already has hardening items "), std::string::npos) << late.err;
    EXPECT_NE(late.err.find("count them twice"), std::string::npos) << late.err;
}

TEST_F(Server, ConcurrentAddsGetDistinctIds) {
    ASSERT_EQ(push(), 0);
    const std::string data = district();
    auto codes = race(4, [&](int w) {
        std::string s;
        for (int i = 0; i < 6; ++i)
            s += "\"$NBHD\" --data '" + data +
                 "' plan add other --cost 100 --project xingzheng-south --wkt 'POINT(" +
                 std::to_string(530300 + w * 10) + " " + std::to_string(3400250 + i * 5) +
                 ")' >/dev/null || exit 1\n";
        return s;
    });
    for (int c : codes) EXPECT_EQ(c, 0);
    EXPECT_EQ(psql(conn_,
                   "SELECT count(*) || ' ' || count(DISTINCT item_id) || ' ' || max(item_id) FROM "
                   "chonghua.plan_items"),
              "24 24 24");
    // plan remove of one id removes exactly one item.
    EXPECT_EQ(run_nbhd({"--data", data, "plan", "remove", "7"}).exit_code, 0);
    EXPECT_EQ(psql(conn_, "SELECT count(*) FROM chonghua.plan_items WHERE item_id = 7"), "0");
    EXPECT_EQ(psql(conn_, "SELECT count(*) FROM chonghua.plan_items"), "23");
}

TEST_F(Server, ErrorsHaveTheFilesExitCodes) {
    ASSERT_EQ(push(), 0);
    // No server answering: not found, like a missing file.
    auto nobody = run_nbhd({"--data", "PG:host=127.0.0.1 port=1 dbname=nbhd user=postgres", "info"});
    EXPECT_EQ(nobody.exit_code, 3);
    EXPECT_NE(nobody.err.find("no PostgreSQL server answers"), std::string::npos) << nobody.err;
    EXPECT_EQ(run_nbhd({"--data", with_db(pg_, "no_such_db"), "info"}).exit_code, 3);
    // A login the server refuses, and a write the login may not make: like a file one may not open.
    auto refused = run_nbhd({"--data", with_user(pg_, "no_such_role"), "info"});
    EXPECT_EQ(refused.exit_code, 8);
    EXPECT_NE(refused.err.find("refused the login"), std::string::npos) << refused.err;
    psql(conn_,
         "DROP ROLE IF EXISTS t_reader; CREATE ROLE t_reader LOGIN; GRANT USAGE ON SCHEMA chonghua TO "
         "t_reader; "
         "GRANT SELECT ON ALL TABLES IN SCHEMA chonghua TO t_reader");
    const std::string reader = with_user(district(), "t_reader");
    EXPECT_EQ(run_nbhd({"--data", reader, "info"}).exit_code, 0);
    auto write = run_nbhd({"--data", reader, "plan", "add", "gate", "--wkt", "POINT(530300 3400250)"});
    EXPECT_EQ(write.exit_code, 8);
    EXPECT_NE(write.err.find("permission denied"), std::string::npos) << write.err;
    // A read-only server: the same.
    psql(with_db(base_, "postgres"), "ALTER DATABASE " + db_ + " SET default_transaction_read_only = on");
    auto ro = run_nbhd({"--data", district(), "plan", "add", "gate", "--wkt", "POINT(530300 3400250)"});
    EXPECT_EQ(ro.exit_code, 8) << ro.err;
    psql(with_db(base_, "postgres"), "ALTER DATABASE " + db_ + " RESET default_transaction_read_only");
    psql(conn_, "DROP OWNED BY t_reader; DROP ROLE t_reader");
}

TEST_F(Server, PasswordsAreNeverShownOrStored) {
    ASSERT_EQ(push(), 0);
    const std::string secret = "Sekret-4711";
    const std::string data = pg_ + " password=" + secret + "?schema=chonghua";
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"--data", data, "info"},
             {"--data", data, "household", "find", "张", "--reveal"},
             {"--data", pg_ + " port=1 password=" + secret, "info"},
             {"--data", "PG:postgresql://postgres:" + secret + "@127.0.0.1:1/nbhd", "info"}}) {
        auto r = run_nbhd(args);
        EXPECT_EQ(r.out.find(secret), std::string::npos) << r.out;
        EXPECT_EQ(r.err.find(secret), std::string::npos) << r.err;
    }
    auto audit = psql(conn_, "SELECT query FROM chonghua.audit");
    EXPECT_NE(audit.find("password=***?schema=chonghua"), std::string::npos) << audit;
    EXPECT_EQ(audit.find(secret), std::string::npos) << audit;
    // The audit names the database login and takes the server's clock.
    EXPECT_EQ(psql(conn_, "SELECT \"user\" FROM chonghua.audit"), "postgres");
    EXPECT_EQ(psql(conn_,
                   "SELECT abs(extract(epoch FROM now() - \"time\"::timestamptz)) < 120 FROM chonghua.audit"),
              "t");
}

TEST_F(Server, GenerateAndImportWriteOntoTheServer) {
    auto r = run_nbhd({"generate", "district", "--out", pg_ + "?schema=generated"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto f = run_nbhd({"--data", NBHD_ASSET_FILE, "info", "--json"});
    auto s = run_nbhd({"--data", pg_, "--district", "generated", "info", "--json"});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    EXPECT_EQ(without_source(s.out), without_source(f.out));
    EXPECT_FALSE(fs::exists("PG:" + conn_ + "?schema=generated"));  // no file of that name
    auto noschema = run_nbhd({"generate", "district", "--out", pg_});
    EXPECT_EQ(noschema.exit_code, 2);
}

TEST_F(Server, EachRoleReadsOnlyWhatTheServerAllows) {
    ASSERT_EQ(push("chonghua"), 0);
    ASSERT_EQ(push("other"), 0);
    auto init = run_nbhd({"server", "init", pg_});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    EXPECT_NE(init.out.find("chonghua, other"), std::string::npos) << init.out;
    EXPECT_EQ(run_nbhd({"server", "init", pg_}).exit_code, 0);  // again: harmless
    const std::string setup =
        "DROP ROLE IF EXISTS t_presenter; DROP ROLE IF EXISTS t_planner; DROP ROLE IF EXISTS t_staff; "
        "DROP ROLE IF EXISTS t_other_staff; DROP ROLE IF EXISTS t_admin; "
        "CREATE ROLE t_presenter LOGIN IN ROLE nbhd_presenter; CREATE ROLE t_planner LOGIN IN ROLE "
        "nbhd_planner; "
        "CREATE ROLE t_staff LOGIN IN ROLE nbhd_staff_chonghua; CREATE ROLE t_other_staff LOGIN IN ROLE "
        "nbhd_staff_other; CREATE ROLE t_admin LOGIN IN ROLE nbhd_admin";
    ASSERT_EQ(psql(conn_, setup), "");
    auto as = [&](const std::string& role) { return with_user(conn_, role); };
    const std::string row =
        "SELECT head_name || '|' || phone || '|' || coalesce(low_income::text, 'null') FROM "
        "chonghua.households WHERE household_no = 'CH-0001'";
    const std::string full = psql(as("t_admin"),
                                  "SELECT head_name FROM chonghua.household_records WHERE "
                                  "household_no = 'CH-0001'");
    ASSERT_EQ(full.size(), 9u) << full;  // three Chinese characters
    // Presenters: no personal values at all; planners and staff: masked; the register table: admin only.
    EXPECT_EQ(psql(as("t_presenter"),
                   "SELECT coalesce(head_name, 'null') || coalesce(phone, 'null') FROM "
                   "chonghua.households WHERE household_no = 'CH-0001'"),
              "nullnull");
    const std::string masked = psql(as("t_planner"), row);
    EXPECT_NE(masked.find("*"), std::string::npos) << masked;
    EXPECT_NE(masked.find("|null"), std::string::npos) << masked;  // low-income withheld
    EXPECT_EQ(psql(as("t_staff"), row), masked);
    for (const char* role : {"t_presenter", "t_planner", "t_staff"})
        EXPECT_NE(psql(as(role), "SELECT count(*) FROM chonghua.household_records").find("permission denied"),
                  std::string::npos)
            << role;
    // Row-level security: staff see their own district's households only.
    EXPECT_EQ(psql(as("t_staff"), "SELECT count(*) FROM other.households"), "0");
    EXPECT_EQ(psql(as("t_other_staff"), "SELECT count(*) FROM other.households"), "1037");
    EXPECT_EQ(psql(as("t_planner"), "SELECT count(*) FROM other.households"), "1037");
    // Counts stay right for everyone.
    EXPECT_EQ(psql(as("t_presenter"),
                   "SELECT low_income_households || '/' || low_income_people FROM "
                   "chonghua.household_totals"),
              "19/54");
    // The reveal: staff of the district, and admin; written to the audit by the server.
    const std::string reveal =
        "SELECT head_name FROM nbhd.reveal('chonghua', 'reveal', 'psql', ARRAY['CH-0001'])";
    EXPECT_NE(psql(as("t_planner"), reveal).find("permission denied"), std::string::npos);
    EXPECT_NE(psql(as("t_presenter"), reveal).find("permission denied"), std::string::npos);
    EXPECT_NE(psql(as("t_other_staff"), reveal).find("may not reveal households of district chonghua"),
              std::string::npos);
    EXPECT_EQ(psql(as("t_staff"), reveal), full);
    EXPECT_EQ(psql(conn_,
                   "SELECT \"user\" || ' ' || action || ' ' || households || ' ' || query FROM "
                   "chonghua.audit ORDER BY fid"),
              "t_staff reveal CH-0001 psql");
    EXPECT_EQ(psql(conn_, "SELECT seq > 0 AND length(hash) = 64 FROM chonghua.audit ORDER BY fid"), "t");
    // Nobody but admin reads or changes the log.
    EXPECT_NE(psql(as("t_staff"), "DELETE FROM chonghua.audit").find("permission denied"), std::string::npos);
    EXPECT_NE(
        psql(as("t_staff"), "INSERT INTO chonghua.audit (\"user\") VALUES ('x')").find("permission denied"),
        std::string::npos);
    EXPECT_NE(psql(as("t_planner"), "SELECT count(*) FROM chonghua.audit").find("permission denied"),
              std::string::npos);

    // Through nbhd: the same rights. Planners plan; presenters may not; staff reveal, audited by the server.
    const std::string planner = "PG:" + as("t_planner") + "?schema=chonghua";
    const std::string presenter = "PG:" + as("t_presenter") + "?schema=chonghua";
    const std::string staff = "PG:" + as("t_staff") + "?schema=chonghua";
    auto info = run_nbhd({"--data", planner, "info", "--json"});
    ASSERT_EQ(info.exit_code, 0) << info.err;
    auto file_info = run_nbhd({"--data", NBHD_ASSET_FILE, "info", "--json"});
    EXPECT_EQ(without_source(info.out), without_source(file_info.out));
    EXPECT_EQ(
        run_nbhd({"--data", planner, "plan", "add", "gate", "--wkt", "POINT(530300 3400250)"}).exit_code, 0);
    EXPECT_EQ(
        run_nbhd({"--data", presenter, "plan", "add", "gate", "--wkt", "POINT(530300 3400250)"}).exit_code,
        8);
    EXPECT_EQ(run_nbhd({"--data", planner, "household", "find", "CH-0001", "--reveal"}).exit_code, 8);
    auto shown = run_nbhd({"--data", staff, "household", "find", "CH-0001", "--reveal", "--json"});
    ASSERT_EQ(shown.exit_code, 0) << shown.err;
    EXPECT_NE(shown.out.find(full), std::string::npos) << shown.out;
    EXPECT_EQ(psql(conn_, "SELECT \"user\" FROM chonghua.audit ORDER BY fid DESC LIMIT 1"), "t_staff");
    // Staff search by name and phone tail: the server compares with what it keeps, and the answer is the
    // file's (masked). Planners may not search by name; pinyin and 低保 cannot be asked of such a server.
    for (const char* q : {"杨宝林", "1214", "杨", "CH-0001", "3-2-402"}) {
        auto on_server = run_nbhd({"--data", staff, "household", "find", q, "--json"});
        auto on_file = run_nbhd({"--data", NBHD_ASSET_FILE, "household", "find", q, "--json"});
        ASSERT_EQ(on_server.exit_code, 0) << q << ": " << on_server.err;
        EXPECT_EQ(nlohmann::json::parse(on_server.out), nlohmann::json::parse(on_file.out)) << q;
    }
    auto by_name = run_nbhd({"--data", planner, "household", "find", "杨宝林"});
    EXPECT_EQ(by_name.exit_code, 8);
    EXPECT_NE(by_name.err.find("only the district's office staff (nbhd_staff_chonghua)"), std::string::npos)
        << by_name.err;
    EXPECT_EQ(run_nbhd({"--data", staff, "household", "find", "ybl"}).exit_code, 8);
    EXPECT_EQ(run_nbhd({"--data", staff, "household", "find", "低保", "--reveal"}).exit_code, 8);
    // Staff reveal, not plan; another district's staff read none of this district's households, and
    // are told so rather than given zeros; a login without an nbhd role is refused the district.
    EXPECT_EQ(run_nbhd({"--data", staff, "plan", "add", "gate", "--wkt", "POINT(530300 3400250)"}).exit_code,
              8);
    const std::string other_staff = "PG:" + as("t_other_staff") + "?schema=chonghua";
    auto zeros = run_nbhd({"--data", other_staff, "info"});
    EXPECT_EQ(zeros.exit_code, 8);
    EXPECT_NE(zeros.err.find("office staff of another district"), std::string::npos) << zeros.err;
    psql(conn_, "DROP ROLE IF EXISTS t_nobody; CREATE ROLE t_nobody LOGIN");
    auto nobody = run_nbhd({"--data", "PG:" + as("t_nobody") + "?schema=chonghua", "info"});
    EXPECT_EQ(nobody.exit_code, 8);
    EXPECT_NE(nobody.err.find("may not read district 'chonghua'"), std::string::npos) << nobody.err;
    psql(conn_, "DROP ROLE t_nobody");
    // A reveal that finds no household (a vacant flat) reveals nothing and succeeds, as on a file.
    EXPECT_EQ(run_nbhd({"--data", staff, "household", "find", "1-1-101", "--reveal"}).exit_code, 0);
    // Only admin reads the audit log; the records the server wrote keep the hash chain.
    auto audit_by_staff = run_nbhd({"--data", staff, "audit"});
    EXPECT_EQ(audit_by_staff.exit_code, 8);
    EXPECT_NE(audit_by_staff.err.find("only nbhd_admin reads the audit log"), std::string::npos)
        << audit_by_staff.err;
    auto verified = run_nbhd({"--data", "PG:" + as("t_admin") + "?schema=chonghua", "audit", "--verify"});
    EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
    EXPECT_NE(verified.out.find("intact"), std::string::npos) << verified.out;
    psql(conn_, "UPDATE chonghua.audit SET households = 'CH-0002' WHERE fid = 1");
    EXPECT_EQ(run_nbhd({"--data", "PG:" + as("t_admin") + "?schema=chonghua", "audit", "--verify"}).exit_code,
              9);
    psql(conn_, "UPDATE chonghua.audit SET households = 'CH-0001' WHERE fid = 1");
    auto presented = run_nbhd({"--data", presenter, "household", "find", "CH-0001"});
    EXPECT_NE(presented.out.find("No personal data (names, phones, ID numbers) is shown to this login"),
              std::string::npos)
        << presented.out;
    auto hidden = run_nbhd({"--data", presenter, "household", "find", "CH-0001", "--json"});
    ASSERT_EQ(hidden.exit_code, 0) << hidden.err;
    EXPECT_EQ(hidden.out.find(full), std::string::npos);
    // An export with personal data by staff: the server's values, 0600, audited.
    const std::string out = dir_ + "/list.csv";
    auto exported =
        run_nbhd({"--data", staff, "households", "export", "--out", out, "--include-personal-data"});
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    EXPECT_NE(nbhd_test::slurp(out).find(full), std::string::npos);
    EXPECT_EQ(fs::status(out).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
    EXPECT_EQ(psql(conn_, "SELECT action || ' ' || count FROM chonghua.audit ORDER BY fid DESC LIMIT 1"),
              "export 1037");
    psql(conn_,
         "DROP OWNED BY t_presenter, t_planner, t_staff, t_other_staff, t_admin; DROP ROLE t_presenter, "
         "t_planner, t_staff, t_other_staff, t_admin");
}

}  // namespace

TEST_F(Server, AColleaguesSaveIsNoticedByWhoeverListens) {
    ASSERT_EQ(push(), 0);
    // Every table of the pushed district notifies the change channel after each statement.
    EXPECT_EQ(psql(conn_,
                   "SELECT count(*) > 10 AND bool_and(t.tgname IS NOT NULL) FROM pg_class c "
                   "JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'chonghua' "
                   "LEFT JOIN pg_trigger t ON t.tgrelid = c.oid AND t.tgname = 'nbhd_notify_change' "
                   "WHERE c.relkind = 'r'"),
              "t");
    auto target = gis::io::pg::parse(district());
    ASSERT_TRUE(target);
    auto listener = gis::io::pg::Connection::open(target.value());
    ASSERT_TRUE(listener) << listener.error().message;
    ASSERT_TRUE(listener->exec(std::string("LISTEN ") + gis::io::pg::kChangeChannel));
    auto none = listener->take_notifications();
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty());
    auto add = run_nbhd({"--data", district(), "plan", "add", "other", "--cost", "100", "--project",
                         "xingzheng-south", "--wkt", "POINT(530300 3400250)"});
    ASSERT_EQ(add.exit_code, 0) << add.err;
    std::set<std::string> seen;
    for (int i = 0; i < 50 && !seen.count("chonghua.plan_items"); ++i) {
        auto notes = listener->take_notifications();
        ASSERT_TRUE(notes) << notes.error().message;
        seen.insert(notes->begin(), notes->end());
        if (!seen.count("chonghua.plan_items")) usleep(20000);
    }
    EXPECT_TRUE(seen.count("chonghua.plan_items")) << "notices seen: " << seen.size();

    // The viewer on the server shows the next save without a restart.
    const char* display = std::getenv("DISPLAY");
    if (!display || !*display) return;
    std::string out;
    auto viewer = std::async(std::launch::async, [&] {
        return run_nbhd({"--data", district(), "view", "--size", "800x600", "--panels", "none", "--timing",
                         "--wait-for-change", "30", "--screenshot", dir_ + "/live.png", "--frames", "3"});
    });
    for (int i = 0; i < 2; ++i) {
        if (viewer.wait_for(std::chrono::seconds(i == 0 ? 3 : 6)) == std::future_status::ready) break;
        ASSERT_EQ(run_nbhd({"--data", district(), "plan", "add", "other", "--cost", "100", "--project",
                            "xingzheng-south", "--wkt", "POINT(530310 3400260)", "--append"})
                      .exit_code,
                  0);
    }
    auto v = viewer.get();
    EXPECT_EQ(v.exit_code, 0) << v.err;
    EXPECT_NE(v.out.find("read again after"), std::string::npos) << v.out;
}
