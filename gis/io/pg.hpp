#pragma once
/// @file
/// PostgreSQL/PostGIS data sets: how nbhd names one, reaches the server and tells its failures apart.
///
/// A data set on a server is written `PG:CONNINFO` (libpq's `key=value` words, or a
/// `postgresql://` URI), with the district's schema picked by `?schema=NAME` at the end, by GDAL's own
/// `schemas=NAME` / `active_schema=NAME` words, or by the command line's `--district NAME`. Passwords
/// belong in `PGPASSFILE` (~/.pgpass) or a `PGSERVICE` entry (`PG:service=office`); one written in the
/// string works, but nbhd never prints, logs or stores it (redact_secrets).
///
/// Reads and plan edits go through GDAL's PostgreSQL driver (gis::io::Dataset, gis::io::Editor); what
/// GDAL cannot do in one transaction (a district pushed to its own schema, the server's roles, views,
/// functions and policies, the audited reveal) goes through libpq here. Failures map to the same exit
/// codes as a GeoPackage's: no server answering or no such database or district is NotFound (a missing
/// file); a refused login, a missing privilege or a read-only server is ReadOnly (a file one may not
/// read or write).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gis/core/result.hpp"
#include "gis/io/dataset.hpp"

namespace gis::io::pg {

/// Whether `path` names a PostgreSQL data set ("PG:..." as GDAL takes it).
bool is_pg(std::string_view path);

/// A data set on a server: libpq's connection words (without GDAL's schema words) and the schema.
struct Target {
    std::string conninfo;  ///< for libpq, e.g. "host=127.0.0.1 port=5432 dbname=office"
    std::string schema;    ///< the district's schema; empty when none was named
};

/// Reads "PG:CONNINFO[?schema=NAME]". BadInput for an empty connection or a schema name that is not a
/// plain lower-case SQL identifier (a-z, 0-9, _; at most 63 bytes, not starting with a digit).
Result<Target> parse(const std::string& path);
/// "PG:CONNINFO?schema=NAME" (NAME replacing any schema `path` names). BadInput as for parse().
Result<std::string> with_schema(const std::string& path, const std::string& schema);
/// The connection string GDAL's driver takes for `target` (its schema as `schemas=`/`active_schema=`,
/// and a 10 s connect timeout unless one is given).
std::string gdal_path(const Target& target);
/// Whether `name` is a plain lower-case SQL identifier (see parse()).
bool valid_identifier(std::string_view name);

/// `text` with every password a connection string may carry replaced by "***": libpq's `password=`
/// word (quoted or not) and the `user:password@` of a URI. Everything nbhd prints, logs or stores about
/// a data set passes through it.
std::string redact_secrets(std::string_view text);

/// When `path` is a PG: data set whose string carries a password, takes the password out of it and
/// into this process's environment (PGPASSWORD, which libpq and GDAL's driver read), so that nothing
/// nbhd prints, logs or stores can carry it. True when it did (the caller may warn that a password on
/// a command line is visible to other users of the computer).
bool move_password_to_environment(std::string& path);

/// The channel a district's tables notify when a statement changed them (payload "schema.table"): the
/// triggers nbhd puts on every table of a district it pushes or prepares (live data in the viewer).
inline constexpr const char* kChangeChannel = "nbhd_changes";

/// One libpq connection. Statements run one at a time; begin()/commit() make a transaction that the
/// destructor rolls back when it was not committed.
class Connection {
  public:
    /// Connects (10 s timeout unless the string gives one) and sets the search path to the target's
    /// schema (then `public`). Errors: NotFound (no server answers, no such database), ReadOnly (login
    /// refused: password, pg_hba.conf, no such role), BadInput (a malformed connection string).
    static Result<Connection> open(const Target& target);

    Connection(Connection&&) noexcept;
    Connection& operator=(Connection&&) noexcept;
    ~Connection();

    const Target& target() const;
    /// Runs one or more statements; the rows of the last one (each value as text; NULL as empty with
    /// `null` set). Errors are classified (see error_from_state).
    struct Rows {
        std::vector<std::vector<std::string>> values;
        std::vector<std::vector<bool>> nulls;
        std::size_t size() const { return values.size(); }
    };
    Result<Rows> exec(const std::string& sql);
    /// One statement with text parameters $1, $2, ...
    Result<Rows> exec(const std::string& sql, const std::vector<std::string>& params);
    /// The first column of the first row, or NotFound.
    Result<std::string> scalar(const std::string& sql, const std::vector<std::string>& params = {});

    Result<void> begin();
    Result<void> commit();
    void rollback();
    bool in_transaction() const;

    /// COPY TABLE (COLUMNS) FROM STDIN in text format: start, send rows (each line already escaped with
    /// copy_text and ending in '\n'), end. Data is buffered and sent in large pieces.
    Result<void> copy_begin(const std::string& copy_sql);
    Result<void> copy_row(const std::string& line);
    Result<void> copy_end();

    /// The notifications this connection LISTENs to that arrived since the last call (their payloads),
    /// without waiting. Io when the connection was lost.
    Result<std::vector<std::string>> take_notifications();

    /// The server's version as a number (150018 for 15.18).
    int server_version() const;
    /// The database role this connection logged in as.
    std::string login_role();

  private:
    struct Impl;
    explicit Connection(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// A column a copied table gains, computed from each row's values (nullopt: NULL).
struct ExtraColumn {
    std::string name;
    std::function<std::optional<std::string>(const LayerInfo&, const std::vector<FieldValue>&)> value;
};

/// For a connection whose target names no schema: the schema of the server's only district (from the
/// catalogue nbhd.districts); empty when `public` holds a district's layers (loaded by other tools) or
/// the server has no catalogue. NotFound naming the districts when there are several.
Result<std::string> pick_district(Connection& conn);

/// How a login sees a district's households on a server prepared by nbhd server init.
struct HouseholdAccess {
    bool secured = false;  ///< the district's households are the server's masked view
    bool masked = false;   ///< this login reads masked names and phones (else none at all)
    bool readable = true;  ///< this login reads the district's households (staff of another do not)
    std::int64_t low_income_households = 0, low_income_people = 0;  ///< counted by the server
};
/// For a PG: data set: whether its households sit behind nbhd's masked view, and what this login sees.
/// `totals`: also count the low-income households (a read of the whole register: for whole loads only).
Result<HouseholdAccess> household_access(const std::string& path, bool totals = true);
/// The same on an open connection, for the district `schema`.
Result<HouseholdAccess> household_access(Connection& conn, const std::string& schema, bool totals);

/// What copy_layer wrote.
struct CopiedLayer {
    std::string table;
    std::string geometry;  ///< PostGIS type ("POLYGON", "GEOMETRY"), empty for an attribute table
    int srid = 0;
    std::int64_t rows = 0;
};

/// Creates SCHEMA.LAYER on the connection (inside its transaction) with the layer's fields as typed
/// columns (bigint, double precision, text), `fid` as an identity primary key keeping the source's fids,
/// a typed `geom` column with its SRID and a GiST index, then streams every feature into it with COPY
/// (never holding the layer in memory). Errors name the layer and what the server said.
Result<CopiedLayer> copy_layer(Connection& conn, const Dataset& source, const std::string& layer,
                               const std::string& schema, const std::vector<ExtraColumn>& extra = {});

/// A value as COPY's text format needs it (\\N for null is up to the caller).
std::string copy_text(std::string_view value);
/// `name` as an SQL identifier, in double quotes.
std::string ident(std::string_view name);
/// `text` as an SQL string literal, in single quotes.
std::string literal(std::string_view text);

/// The error for a failed statement or connection: SQLSTATE (may be empty), the server's message and
/// what was being done. 28xxx (login), 42501 (privilege), 25006 (read-only transaction) are ReadOnly;
/// 08xxx (connection), 3D000 (no database), 3F000 (no schema) NotFound; 42P01 (no table) MissingLayer;
/// 22xxx and 23xxx BadInput; anything else Io.
Error error_from_state(const std::string& sqlstate, const std::string& message, const std::string& doing);

}  // namespace gis::io::pg
