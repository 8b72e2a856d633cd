// The audit log's hash chain: SHA-256 itself, records chained as they are written, and every change
// another program can make with plain SQL found at the record where it happened.

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "gis/io/editor.hpp"
#include "gis/privacy/privacy.hpp"
#include "gis/privacy/sha256.hpp"

using namespace gis::privacy;
using Break = AuditVerification::Break;

namespace {

std::string repeated(char c, std::size_t n) { return std::string(n, c); }

/// Runs SQL on the file as another program would (sqlite3, ogrinfo -sql).
void sql(const std::string& path, const std::string& statement) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &error);
    EXPECT_EQ(rc, SQLITE_OK) << statement << ": " << (error ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
}

AuditVerification verified(const std::string& path) {
    auto v = verify_audit(path);
    EXPECT_TRUE(v.ok()) << (v.ok() ? "" : v.error().message);
    return v.ok() ? v.value() : AuditVerification{};
}

/// Each test works on copies of the shipped data set in a folder of its own, removed afterwards.
class AuditChain : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("nbhd-audit-chain-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::string data_copy(const std::string& name) const {
        auto path = (dir_ / (name + ".gpkg")).string();
        std::filesystem::copy_file(NBHD_ASSET_FILE, path);
        return path;
    }
    /// A data set with `n` audit records (ids 1..n).
    std::string with_records(const std::string& name, int n) const {
        auto path = data_copy(name);
        for (int i = 1; i <= n; ++i)
            EXPECT_TRUE(append_audit(path, "reveal",
                                     "nbhd household find 12-2-30" + std::to_string(i) + " --reveal",
                                     {"CH-000" + std::to_string(i)})
                            .ok());
        return path;
    }

  private:
    std::filesystem::path dir_;
};

}  // namespace

TEST(Sha256, KnownDigests) {
    // FIPS 180-4 examples and block-boundary lengths (checked with sha256sum): the binding to nettle.
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(
        sha256_hex(
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopq"
            "rsmnopqrstnopqrstu"),
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    EXPECT_EQ(sha256_hex(repeated('x', 55)),
              "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072");
    EXPECT_EQ(sha256_hex(repeated('x', 56)),
              "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e");
    EXPECT_EQ(sha256_hex(repeated('x', 63)),
              "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2");
    EXPECT_EQ(sha256_hex(repeated('x', 64)),
              "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c");
    EXPECT_EQ(sha256_hex(repeated('x', 65)),
              "9537c5fdf120482f7d58d25e9ed583f52c02b4e304ea814db1633ad565aed7e9");
    EXPECT_EQ(sha256_hex(repeated('x', 119)),
              "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c");
    EXPECT_EQ(sha256_hex(repeated('x', 120)),
              "13f05a0b594787f5ecd315edc96141bd3243203d1b7d4f0836f37308b276ba98");
    EXPECT_EQ(sha256_hex(repeated('a', 1000000)),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_F(AuditChain, EachRecordIsChainedToTheOneBefore) {
    auto path = with_records("chained", 3);
    auto records = read_audit(path);
    ASSERT_TRUE(records.ok());
    ASSERT_EQ(records->size(), 3u);
    std::string previous = kAuditGenesis;
    for (std::size_t i = 0; i < 3; ++i) {
        const auto& r = (*records)[i];
        EXPECT_EQ(r.seq, static_cast<std::int64_t>(i + 1));
        EXPECT_EQ(r.hash.size(), 64u);
        EXPECT_EQ(r.hash, audit_chain_hash(previous, r));
        previous = r.hash;
    }
    auto v = verified(path);
    EXPECT_TRUE(v.intact());
    EXPECT_EQ(v.records, 3);
    EXPECT_EQ(v.unchained, 0);
    // The hash covers every field: changing any one changes it.
    AuditRecord r = (*records)[1];
    const std::string h = audit_chain_hash((*records)[0].hash, r);
    for (auto change : std::vector<void (*)(AuditRecord&)>{
             [](AuditRecord& x) { x.id += 1; }, [](AuditRecord& x) { x.seq += 1; },
             [](AuditRecord& x) { x.time += " "; }, [](AuditRecord& x) { x.user += "x"; },
             [](AuditRecord& x) { x.action = "export"; }, [](AuditRecord& x) { x.query += "!"; },
             [](AuditRecord& x) { x.households = ""; }, [](AuditRecord& x) { x.count = 0; }}) {
        AuditRecord changed = r;
        change(changed);
        EXPECT_NE(audit_chain_hash((*records)[0].hash, changed), h);
    }
    // Fields are length-prefixed: moving text from one field to the next changes the hash.
    AuditRecord a = r, b = r;
    a.user = "ab";
    a.action = "c";
    b.user = "a";
    b.action = "bc";
    EXPECT_NE(audit_chain_hash(kAuditGenesis, a), audit_chain_hash(kAuditGenesis, b));
}

TEST_F(AuditChain, EmptyOrAbsentLogIsIntact) {
    auto path = data_copy("absent");
    auto v = verified(path);
    EXPECT_TRUE(v.intact());
    EXPECT_EQ(v.records, 0);
}

TEST_F(AuditChain, DeletedRecordIsFoundAtTheRecordAfterIt) {
    auto path = with_records("deleted", 5);
    sql(path, "DELETE FROM audit WHERE fid = 3");
    auto v = verified(path);
    EXPECT_EQ(v.problem, Break::Missing);
    EXPECT_EQ(v.record, 4);
    EXPECT_EQ(v.previous, 2);
    EXPECT_EQ(v.records, 4);
}

TEST_F(AuditChain, DeletedFirstRecordIsFound) {
    auto path = with_records("deleted-first", 3);
    sql(path, "DELETE FROM audit WHERE fid = 1");
    auto v = verified(path);
    EXPECT_EQ(v.problem, Break::Missing);
    EXPECT_EQ(v.record, 2);
    EXPECT_EQ(v.previous, -1);
}

TEST_F(AuditChain, EditedFieldIsFoundAtThatRecord) {
    auto path = with_records("edited", 5);
    sql(path, "UPDATE audit SET query = 'nbhd household find 1-1-101' WHERE fid = 2");
    auto v = verified(path);
    EXPECT_EQ(v.problem, Break::Edited);
    EXPECT_EQ(v.record, 2);

    auto other = with_records("edited-user", 4);
    sql(other, "UPDATE audit SET user = 'someone_else', households = 'CH-0001' WHERE fid = 4");
    v = verified(other);
    EXPECT_EQ(v.problem, Break::Edited);
    EXPECT_EQ(v.record, 4);
}

TEST_F(AuditChain, ReorderedRecordsAreFound) {
    // Swap records 2 and 3 whole (every column, hashes included).
    auto path = with_records("reordered", 4);
    sql(path,
        "UPDATE audit SET fid = -2 WHERE fid = 2; UPDATE audit SET fid = 2 WHERE fid = 3; "
        "UPDATE audit SET fid = 3 WHERE fid = -2");
    auto v = verified(path);
    EXPECT_EQ(v.problem, Break::Missing);
    EXPECT_EQ(v.record, 2);
    EXPECT_EQ(v.previous, 1);

    // A record given another id, kept in its place, no longer matches its hash.
    auto moved = with_records("renumbered", 3);
    sql(moved, "UPDATE audit SET fid = 10 WHERE fid = 3");
    v = verified(moved);
    EXPECT_EQ(v.problem, Break::Edited);
    EXPECT_EQ(v.record, 10);
}

TEST_F(AuditChain, DeletedLastRecordsAreFoundThroughTheHead) {
    auto path = with_records("deleted-last", 4);
    sql(path, "DELETE FROM audit WHERE fid = 4");
    auto v = verified(path);
    EXPECT_EQ(v.problem, Break::TailMissing);
    EXPECT_EQ(v.record, 4);
    EXPECT_EQ(v.previous, 3);

    auto all = with_records("deleted-all", 2);
    sql(all, "DELETE FROM audit");
    v = verified(all);
    EXPECT_EQ(v.problem, Break::TailMissing);
    EXPECT_EQ(v.record, 2);
    EXPECT_EQ(v.previous, -1);
}

TEST_F(AuditChain, RecordAddedByAnotherProgramIsFound) {
    auto path = with_records("added", 2);
    sql(path,
        "INSERT INTO audit (time, user, action, query, households, count) "
        "VALUES ('2026-01-01T00:00:00Z', 'x', 'reveal', 'q', 'CH-0001', 1)");
    auto v = verified(path);
    EXPECT_EQ(v.problem, Break::Unchained);
    EXPECT_EQ(v.record, 3);

    // With a made-up hash, it is a record whose fields do not match.
    auto forged = with_records("forged", 2);
    sql(forged,
        "INSERT INTO audit (time, user, action, query, households, count, seq, hash) "
        "VALUES ('2026-01-01T00:00:00Z', 'x', 'reveal', 'q', 'CH-0001', 1, 3, '" +
            repeated('a', 64) + "')");
    v = verified(forged);
    EXPECT_EQ(v.problem, Break::Edited);
    EXPECT_EQ(v.record, 3);
}

TEST_F(AuditChain, RemovedOrChangedHeadIsFound) {
    auto path = with_records("head-removed", 2);
    sql(path, "DELETE FROM audit_head");
    auto v = verified(path);
    EXPECT_EQ(v.problem, Break::HeadMissing);
    EXPECT_EQ(v.record, 2);

    auto changed = with_records("head-changed", 2);
    sql(changed, "UPDATE audit_head SET hash = '" + repeated('0', 64) + "'");
    v = verified(changed);
    EXPECT_EQ(v.problem, Break::HeadMismatch);
}

TEST_F(AuditChain, OldTableGetsTheColumnsAndItsRecordsAreReportedUnchained) {
    // An audit table as nbhd wrote it before the chain: no seq, no hash, no head.
    auto path = data_copy("old");
    {
        auto ed = gis::io::Editor::open(path);
        ASSERT_TRUE(ed.ok());
        const std::vector<gis::io::FieldDef> old_fields = {
            {"time", gis::io::FieldType::String},       {"user", gis::io::FieldType::String},
            {"action", gis::io::FieldType::String},     {"query", gis::io::FieldType::String},
            {"households", gis::io::FieldType::String}, {"count", gis::io::FieldType::Integer}};
        ASSERT_TRUE(ed->ensure_layer(kAuditLayer, "None", old_fields).ok());
        for (int i = 0; i < 2; ++i)
            ASSERT_TRUE(ed->insert(kAuditLayer, {},
                                   {{"time", std::string("2026-11-25T09:30:00Z")},
                                    {"user", std::string("clerk")},
                                    {"action", std::string("reveal")},
                                    {"query", std::string("nbhd household find 张")},
                                    {"households", std::string("CH-0001")},
                                    {"count", std::int64_t{1}}})
                            .ok());
        ASSERT_TRUE(ed->commit().ok());
    }
    auto v = verified(path);
    EXPECT_TRUE(v.intact());
    EXPECT_EQ(v.records, 2);
    EXPECT_EQ(v.unchained, 2);

    ASSERT_TRUE(append_audit(path, "reveal", "nbhd household find 李", {"CH-0002"}).ok());
    ASSERT_TRUE(append_audit(path, "export", "nbhd households export", {"CH-0003"}).ok());
    auto records = read_audit(path);
    ASSERT_TRUE(records.ok());
    ASSERT_EQ(records->size(), 4u);
    EXPECT_FALSE((*records)[1].chained());
    EXPECT_EQ((*records)[2].seq, 1);
    EXPECT_EQ((*records)[2].query, "nbhd household find 李");
    v = verified(path);
    EXPECT_TRUE(v.intact());
    EXPECT_EQ(v.records, 4);
    EXPECT_EQ(v.unchained, 2);

    // A change to an unchained record cannot be seen; one to a chained record can.
    sql(path, "UPDATE audit SET query = 'x' WHERE fid = 1");
    EXPECT_TRUE(verified(path).intact());
    sql(path, "UPDATE audit SET query = 'x' WHERE fid = 4");
    v = verified(path);
    EXPECT_EQ(v.problem, Break::Edited);
    EXPECT_EQ(v.record, 4);
}

TEST_F(AuditChain, StoredTextReadsBackAsHashed) {
    // Control characters are stored as typed; bytes that are not UTF-8 are kept as \xNN, and a long query
    // is cut between characters, so what is read back is what was hashed.
    auto path = data_copy("stored-text");
    const std::string hostile = "nbhd household find '\x1b[1A\x1b[2K' \u202e \xff --reveal";
    ASSERT_TRUE(append_audit(path, "reveal", hostile, {"CH-0001"}).ok());
    std::string long_query;
    for (int i = 0; i < 700; ++i) long_query += "张";  // 2,100 bytes
    ASSERT_TRUE(append_audit(path, "reveal", long_query, {"CH-0002"}).ok());
    auto records = read_audit(path);
    ASSERT_TRUE(records.ok());
    ASSERT_EQ(records->size(), 2u);
    EXPECT_EQ((*records)[0].query, "nbhd household find '\x1b[1A\x1b[2K' \u202e \\xff --reveal");
    std::string cut;
    for (int i = 0; i < 666; ++i) cut += "张";  // 1,998 bytes: the next character would pass 2,000
    EXPECT_EQ((*records)[1].query, cut + "…");
    EXPECT_TRUE(verified(path).intact());
}
