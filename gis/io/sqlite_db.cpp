#include "gis/io/sqlite_db.hpp"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <thread>

#include "gis/core/i18n.hpp"
#include "gis/io/integrity.hpp"
#include "gis/io/write_wait.hpp"

namespace gis::io::sqlite {

namespace {
/// SQLite's busy handler for a writer: wait in short steps, say so after 2 s, give up at the limit.
int wait_for_lock(void* arg, int count) {
    auto* w = static_cast<Db::Wait*>(arg);
    if (count == 0) w->started = std::chrono::steady_clock::now();
    const double waited =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - w->started).count();
    if (waited >= w->limit_s) return 0;
    if (waited >= kWaitNoticeAfterS) report_waiting(w->path);
    std::this_thread::sleep_for(std::chrono::milliseconds(count < 10 ? 10 : 50));
    return 1;
}
}  // namespace

Result<Db> Db::open(const std::string& path, bool write) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        return make_error(ErrorCode::NotFound, gis::i18n::format(_("{0}: no such file"), path));
    sqlite3* db = nullptr;
    int rc =
        sqlite3_open_v2(path.c_str(), &db, write ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY, nullptr);
    Db out(db);
    if (rc != SQLITE_OK)
        return make_error(ErrorCode::Io,
                          gis::i18n::format(_("{0}: cannot open as SQLite: {1}"), path, sqlite3_errstr(rc)));
    if (write) {
        out.wait_ = std::make_unique<Wait>(Wait{path, write_wait_limit_s(), {}});
        sqlite3_busy_handler(db, wait_for_lock, out.wait_.get());
    } else {
        sqlite3_busy_timeout(db, 2'000);
    }
    return out;
}

Db::~Db() {
    if (db_) sqlite3_close(db_);
}

Result<void> Db::exec(const std::string& sql) const {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string m = err ? err : sqlite3_errmsg(db_);
        sqlite3_free(err);
        return failure(sqlite3_errcode(db_), gis::i18n::format(_("{0} (in: {1})"), m, sql.substr(0, 80)));
    }
    return {};
}

Error Db::failure(int rc, const std::string& detail) const {
    const std::string file = sqlite3_db_filename(db_, "main") ? sqlite3_db_filename(db_, "main") : "";
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        return make_error(
            ErrorCode::ReadOnly,
            gis::i18n::format(_("{0}: locked by another program that is writing to it; try again when it has "
                                "finished"),
                              file));
    if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB) return damaged_file(file, detail);
    if (rc == SQLITE_READONLY || rc == SQLITE_PERM || rc == SQLITE_CANTOPEN)
        return make_error(ErrorCode::ReadOnly,
                          gis::i18n::format(_("{0}: the file is read-only; nothing was changed (make it "
                                              "writable, e.g. chmod u+w, or work on a copy)"),
                                            file));
    return make_error(ErrorCode::Io, file + ": " + detail);
}

Result<bool> Db::probe() const {
    sqlite3_stmt* s = nullptr;
    int rc = sqlite3_prepare_v2(db_, "SELECT count(*) FROM sqlite_master", -1, &s, nullptr);
    if (rc == SQLITE_OK) rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) return failure(rc, "");
    return false;
}

Stmt::Stmt(const Db& db, const std::string& sql) {
    if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &s_, nullptr) != SQLITE_OK) {
        error_ = sqlite3_errmsg(db.get());
        s_ = nullptr;
    }
}

int Stmt::checked(int rc) const {
    if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB) {
        sqlite3* db = sqlite3_db_handle(s_);
        const char* file = sqlite3_db_filename(db, "main");
        note_damage(file ? file : "", sqlite3_errmsg(db));
    }
    return rc;
}

bool has_table(const Db& db, const std::string& name) {
    Stmt s(db, "SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND name = ?");
    s.bind(1, name);
    return s.ok() && s.step();
}

bool has_index(const Db& db, const std::string& name) {
    Stmt s(db, "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?");
    s.bind(1, name);
    return s.ok() && s.step();
}

bool has_column(const Db& db, const std::string& table, const std::string& column) {
    Stmt s(db, "SELECT 1 FROM pragma_table_info(?) WHERE name = ?");
    s.bind(1, table);
    s.bind(2, column);
    return s.ok() && s.step();
}

namespace {
std::string in_quotes(const std::string& s, char q) {
    std::string out(1, q);
    for (char c : s) {
        out += c;
        if (c == q) out += q;
    }
    return out + q;
}
}  // namespace

std::string quoted(const std::string& id) { return in_quotes(id, '"'); }
std::string literal(const std::string& text) { return in_quotes(text, '\''); }

std::string rebuild_command(const std::string& path) {
    const bool plain = path.find_first_of(" '\"$`\\") == std::string::npos;
    return "nbhd --data " + (plain ? path : "'" + path + "'") + " index build";
}

bool writer_active(const std::string& path) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return false;
    }
    sqlite3_busy_timeout(db, 0);
    const int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
}

bool wait_for_writer(const std::string& path, double seconds) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (writer_active(path)) {
        if (std::chrono::steady_clock::now() >= until) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return true;
}

std::string now_utc() {
    std::time_t t = std::time(nullptr);
    char buf[32];
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace gis::io::sqlite
