// Damaged GeoPackages: pages flipped, zeroed or cut off, made by the test from the shipped data with a
// fixed seed. Whatever SQLite's own check finds damaged, no command answers from: `check`, `info` and a
// household look-up each fail with exit 11 and say to restore the file, never exit 0 with half a file's
// figures. Messages carry no raw bytes of the damaged file.

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "run_command.hpp"

namespace fs = std::filesystem;
using nbhd_test::run_nbhd;

namespace {

constexpr int kDamaged = 11;
constexpr std::size_t kPage = 4096;

std::string read_bytes(const std::string& path) { return nbhd_test::slurp(path); }

void write_bytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// SQLite's own verdict on the file: "ok", or the first problem.
std::string sqlite_verdict(const std::string& path) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return "cannot open";
    }
    sqlite3_stmt* s = nullptr;
    std::string verdict = "cannot check";
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check(1)", -1, &s, nullptr) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        verdict = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(db);
    return verdict;
}

/// Text a terminal can show safely: valid UTF-8 with no control characters but newline and tab.
bool printable_text(const std::string& s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) return false;
            ++i;
            continue;
        }
        const int n = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (int k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
        i += n;
    }
    return true;
}

struct Damage {
    std::string name;
    std::string bytes;
};

/// Fixed-seed damage of the shipped file: bytes flipped or zeroed in one page, or the file cut short.
std::vector<Damage> damaged_copies(int n) {
    const std::string original = read_bytes(NBHD_ASSET_FILE);
    const std::size_t pages = original.size() / kPage;
    std::mt19937 rng(13);
    std::vector<Damage> out;
    for (int i = 0; i < n; ++i) {
        std::string b = original;
        const int kind = static_cast<int>(rng() % 4);  // 0, 1 flip; 2 zero; 3 cut
        if (kind == 3) {
            b.resize((1 + rng() % (pages - 1)) * kPage);
        } else {
            const std::size_t page = 1 + rng() % (pages - 1);
            const int bytes = std::vector<int>{1, 4, 16, 64}[rng() % 4];
            for (int k = 0; k < bytes; ++k) {
                const std::size_t at = page * kPage + rng() % kPage;
                b[at] = kind == 2 ? '\0' : static_cast<char>(rng() % 256);
            }
        }
        out.push_back({"d" + std::to_string(i) + (kind == 3 ? "-cut" : kind == 2 ? "-zero" : "-flip"), b});
    }
    return out;
}

}  // namespace

TEST(DamagedFile, NoCommandAnswersFromAFileSqliteFindsDamaged) {
    const std::string dir = nbhd_test::temp_dir();
    int damaged = 0;
    for (const auto& d : damaged_copies(48)) {
        const std::string path = dir + "/" + d.name + ".gpkg";
        write_bytes(path, d.bytes);
        const std::string verdict = sqlite_verdict(path);
        if (verdict == "ok") continue;  // damage SQLite cannot see (free pages, record contents)
        ++damaged;
        for (const std::vector<std::string>& cmd :
             {std::vector<std::string>{"check"}, {"info"}, {"household", "find", "12-2-301"}}) {
            write_bytes(path, d.bytes);  // a failed open may roll a journal back: start from the same bytes
            std::vector<std::string> args{"--data", path, "--lang", "en"};
            args.insert(args.end(), cmd.begin(), cmd.end());
            const auto r = run_nbhd(args);
            SCOPED_TRACE(d.name + " " + cmd.front() + " (SQLite: " + verdict + ")\n" + r.out + r.err);
            EXPECT_EQ(r.exit_code, kDamaged);
            EXPECT_NE(r.err.find("the file is damaged"), std::string::npos);
            EXPECT_NE(r.err.find("Restore it from a backup"), std::string::npos);
            EXPECT_TRUE(printable_text(r.err));
            EXPECT_EQ(r.out.find("Check passed"), std::string::npos);
        }
    }
    EXPECT_GE(damaged, 20);  // the seed damages most copies; the cases above really ran
}

TEST(DamagedFile, CutShortOrHeaderLostIsDamagedNotAnotherKindOfFile) {
    const std::string dir = nbhd_test::temp_dir();
    const std::string original = read_bytes(NBHD_ASSET_FILE);
    const std::string cut = dir + "/cut.gpkg", header = dir + "/header.gpkg";
    write_bytes(cut, original.substr(0, original.size() / 2));
    std::string no_header = original;
    std::fill(no_header.begin(), no_header.begin() + 16, '\0');  // "SQLite format 3" gone
    write_bytes(header, no_header);
    for (const auto& path : {cut, header}) {
        const auto r = run_nbhd({"--data", path, "--lang", "en", "info"});
        SCOPED_TRACE(path + "\n" + r.err);
        EXPECT_EQ(r.exit_code, kDamaged);
        EXPECT_NE(r.err.find("the file is damaged"), std::string::npos);
        EXPECT_EQ(r.err.find("not a vector GIS file"), std::string::npos);
    }
}

TEST(DamagedFile, ACountThatDisagreesWithTheRowsIsDamage) {
    // gpkg_ogr_contents says more households than the table holds: a whole read notices.
    const std::string dir = nbhd_test::temp_dir();
    const std::string path = dir + "/count.gpkg";
    fs::copy_file(NBHD_ASSET_FILE, path);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "UPDATE gpkg_ogr_contents SET feature_count = feature_count + 5 "
                           "WHERE table_name = 'households'",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
    const auto r = run_nbhd({"--data", path, "--lang", "en", "info"});
    EXPECT_EQ(r.exit_code, kDamaged) << r.out << r.err;
    EXPECT_NE(r.err.find("layer 'households' counts 1042 features, 1037 could be read"), std::string::npos)
        << r.err;
}

TEST(DamagedFile, ASoundFileStillPasses) {
    const std::string dir = nbhd_test::temp_dir();
    const std::string path = dir + "/sound.gpkg";
    fs::copy_file(NBHD_ASSET_FILE, path);
    const auto check = run_nbhd({"--data", path, "--lang", "en", "check"});
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
    EXPECT_NE(check.out.find("Check passed"), std::string::npos);
    const auto find = run_nbhd({"--data", path, "--lang", "en", "household", "find", "12-2-301"});
    EXPECT_EQ(find.exit_code, 0) << find.err;
    EXPECT_NE(find.out.find("CH-0206"), std::string::npos);
}

TEST(DamagedFile, ADataSetThatIsNoFileIsRefusedBeforeAnythingReadsIt) {
    // --data naming a link to /dev/zero or a named pipe: refused at once (exit 2), never read without end.
    const std::string dir = nbhd_test::temp_dir();
    fs::create_symlink("/dev/zero", dir + "/zero.gpkg");
    ASSERT_EQ(::mkfifo((dir + "/pipe.gpkg").c_str(), 0600), 0);
    for (const char* name : {"/zero.gpkg", "/pipe.gpkg"}) {
        const auto r = run_nbhd({"--data", dir + name, "--lang", "en", "info"});
        EXPECT_EQ(r.exit_code, 2) << name << ": " << r.err;
        EXPECT_NE(r.err.find("not a file"), std::string::npos) << r.err;
    }
}

namespace {
void run_sql(const std::string& path, const char* statement) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, statement, nullptr, nullptr, nullptr), SQLITE_OK) << statement;
    sqlite3_close(db);
}
}  // namespace

TEST(DamagedFile, ATableTheGeoPackageListsButLostIsDamageNotAnEmptyLayer) {
    // Dropped by another program: read on, "no valves" would send the gas isolation to the station.
    const std::string dir = nbhd_test::temp_dir();
    const std::string path = dir + "/novalves.gpkg";
    fs::copy_file(NBHD_ASSET_FILE, path);
    run_sql(path, "DROP TABLE gas_valves");
    for (const std::vector<std::string>& cmd :
         {std::vector<std::string>{"gas", "check"}, {"gas", "isolate", "--segment", "10"}, {"check"}}) {
        std::vector<std::string> args{"--data", path, "--lang", "en"};
        args.insert(args.end(), cmd.begin(), cmd.end());
        const auto r = run_nbhd(args);
        EXPECT_EQ(r.exit_code, kDamaged) << cmd.front() << ": " << r.out << r.err;
        EXPECT_NE(r.err.find("the GeoPackage lists table 'gas_valves', which is missing"), std::string::npos)
            << r.err;
    }
}

TEST(DamagedFile, AStaleSpatialIndexIsDamageNotFewerBuildings) {
    // Two buildings gone from the R-tree: an area question would silently miss them.
    const std::string dir = nbhd_test::temp_dir();
    const std::string path = dir + "/rtree.gpkg";
    fs::copy_file(NBHD_ASSET_FILE, path);
    run_sql(
        path,
        "DELETE FROM rtree_buildings_geom WHERE id IN (SELECT fid FROM buildings WHERE number IN (1, 2))");
    const auto r =
        run_nbhd({"--data", path, "--lang", "en", "households", "within", "--wkt",
                  "POLYGON((530000 3400000,530200 3400000,530200 3400200,530000 3400200,530000 3400000))"});
    EXPECT_EQ(r.exit_code, kDamaged) << r.out << r.err;
    EXPECT_NE(r.err.find("the spatial index of 'buildings' holds 86 entries for 88 geometries"),
              std::string::npos)
        << r.err;
}

TEST(DamagedFile, AMissingFlagColumnIsRefusedNotReadAsZeros) {
    const std::string dir = nbhd_test::temp_dir();
    const std::string path = dir + "/flags.gpkg";
    fs::copy_file(NBHD_ASSET_FILE, path);
    run_sql(path, "ALTER TABLE households RENAME COLUMN low_income TO x");
    const auto r = run_nbhd({"--data", path, "--lang", "en", "info"});
    EXPECT_EQ(r.exit_code, 5) << r.out << r.err;
    EXPECT_NE(r.err.find("layer 'households' has no field 'low_income'"), std::string::npos) << r.err;
}

TEST(DamagedFile, AnAuditLogEmptiedWithItsHeadIsBroken) {
    // The log and its chain head both emptied: SQLite still remembers the highest record number.
    const std::string dir = nbhd_test::temp_dir();
    const std::string path = dir + "/audit.gpkg";
    fs::copy_file(NBHD_ASSET_FILE, path);
    ASSERT_EQ(run_nbhd({"--data", path, "household", "find", "12-2-301", "--reveal"}).exit_code, 0);
    run_sql(path, "DELETE FROM audit; DELETE FROM audit_head");
    const auto r = run_nbhd({"--data", path, "--lang", "en", "audit", "--verify"});
    EXPECT_EQ(r.exit_code, 9) << r.out << r.err;
    EXPECT_NE(r.out.find("audit log broken at record 1"), std::string::npos) << r.out;
}
