#pragma once
/// @file
/// A thin SQLite connection for the tables nbhd keeps inside a GeoPackage beside GDAL's (the stored query
/// indexes, the map overview): opening with a writer's or a reader's patience, statements, and SQLite
/// failures turned into nbhd's errors (a lock or a read-only file is ReadOnly, exit 8).

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "gis/core/result.hpp"

namespace gis::io::sqlite {

/// One connection, closed on scope exit.
class Db {
  public:
    /// A writer waits for another writer up to io::write_wait_limit_s() (saying so after 2 s); a reader,
    /// as GDAL's reads do, 2 s.
    static Result<Db> open(const std::string& path, bool write);
    Db(Db&& o) noexcept : db_(std::exchange(o.db_, nullptr)), wait_(std::move(o.wait_)) {}
    Db& operator=(Db&&) = delete;
    ~Db();
    sqlite3* get() const { return db_; }

    Result<void> exec(const std::string& sql) const;
    /// An SQLite failure as nbhd's error: a lock or a read-only file is ReadOnly and says so.
    Error failure(int rc, const std::string& detail) const;
    /// Reads the schema once: an error for a lock, false when the file is not an SQLite database.
    Result<bool> probe() const;

    /// A writer's patience: its busy handler's state.
    struct Wait {
        std::string path;
        double limit_s = 0;
        std::chrono::steady_clock::time_point started;
    };

  private:
    explicit Db(sqlite3* db) : db_(db) {}
    sqlite3* db_;
    std::unique_ptr<Wait> wait_;
};

/// A prepared statement, finalized on scope exit.
class Stmt {
  public:
    Stmt(const Db& db, const std::string& sql);
    ~Stmt() { sqlite3_finalize(s_); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    bool ok() const { return s_ != nullptr; }
    const std::string& error() const { return error_; }
    sqlite3_stmt* get() const { return s_; }
    void bind(int i, const std::string& v) {
        sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    }
    void bind(int i, std::int64_t v) { sqlite3_bind_int64(s_, i, v); }
    void bind(int i, double v) { sqlite3_bind_double(s_, i, v); }
    void bind_blob(int i, const void* data, std::size_t size) {
        sqlite3_bind_blob(s_, i, data, static_cast<int>(size), SQLITE_TRANSIENT);
    }
    /// Next row; false at the end or on an error (a damaged page is remembered: see io::damage_seen).
    bool step() { return checked(sqlite3_step(s_)) == SQLITE_ROW; }
    /// Runs a statement that returns no rows and makes it ready for the next bindings.
    int run() {
        int rc = checked(sqlite3_step(s_));
        sqlite3_reset(s_);
        sqlite3_clear_bindings(s_);
        return rc;
    }
    std::string text(int c) const {
        auto* t = sqlite3_column_text(s_, c);
        return t ? reinterpret_cast<const char*>(t) : "";
    }
    std::int64_t num(int c) const { return sqlite3_column_int64(s_, c); }
    double real(int c) const { return sqlite3_column_double(s_, c); }

  private:
    int checked(int rc) const;
    sqlite3_stmt* s_ = nullptr;
    std::string error_;
};

bool has_table(const Db& db, const std::string& name);
bool has_index(const Db& db, const std::string& name);
bool has_column(const Db& db, const std::string& table, const std::string& column);
/// An SQL identifier in double quotes (a quote inside doubled).
std::string quoted(const std::string& id);
/// An SQL string literal in single quotes (a quote inside doubled).
std::string literal(const std::string& text);
/// The command that (re)builds a data set's stored indexes and overview, as a user types it.
std::string rebuild_command(const std::string& path);
/// True when a writer holds the file now (a write would wait for it).
bool writer_active(const std::string& path);
/// Waits until no writer holds the file, or `seconds` have passed; true when it is free.
bool wait_for_writer(const std::string& path, double seconds);
/// The current UTC time, ISO 8601 ("2026-12-04T18:00:00Z").
std::string now_utc();

}  // namespace gis::io::sqlite
