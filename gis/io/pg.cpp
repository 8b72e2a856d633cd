#include "gis/io/pg.hpp"
#include "gis/core/i18n.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <regex>

namespace gis::io::pg {

namespace {

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[i])) !=
            std::tolower(static_cast<unsigned char>(prefix[i])))
            return false;
    return true;
}

bool is_uri(std::string_view s) {
    return starts_with_ci(s, "postgresql://") || starts_with_ci(s, "postgres://");
}

/// One `key=value` word of a libpq connection string, as written (value unquoted).
struct Word {
    std::string key, value;
};

/// Splits libpq's `key = value` words (values may be single-quoted with backslash escapes). False when
/// the text is not such a list.
bool split_words(std::string_view s, std::vector<Word>& out) {
    std::size_t i = 0;
    auto skip = [&] {
        while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    };
    while (true) {
        skip();
        if (i >= s.size()) return true;
        Word w;
        while (i < s.size() && s[i] != '=' && !std::isspace(static_cast<unsigned char>(s[i])))
            w.key += s[i++];
        skip();
        if (i >= s.size() || s[i] != '=' || w.key.empty()) return false;
        ++i;
        skip();
        if (i < s.size() && s[i] == '\'') {
            ++i;
            bool closed = false;
            while (i < s.size()) {
                if (s[i] == '\\' && i + 1 < s.size()) {
                    w.value += s[i + 1];
                    i += 2;
                } else if (s[i] == '\'') {
                    ++i;
                    closed = true;
                    break;
                } else {
                    w.value += s[i++];
                }
            }
            if (!closed) return false;
        } else {
            while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) {
                if (s[i] == '\\' && i + 1 < s.size()) ++i;
                w.value += s[i++];
            }
        }
        out.push_back(std::move(w));
    }
}

std::string quote_word(const std::string& v) {
    if (!v.empty() && v.find_first_of(" \t\n'\\") == std::string::npos) return v;
    std::string out = "'";
    for (char c : v) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

/// GDAL's own words in a PG: string, which libpq does not know.
bool gdal_word(const std::string& key) {
    return key == "schemas" || key == "active_schema" || key == "tables" || key == "list_all_tables";
}

std::string words_of(const PQconninfoOption* opts) {
    std::string out;
    for (const auto* o = opts; o && o->keyword; ++o) {
        if (!o->val) continue;
        if (!out.empty()) out += ' ';
        out += std::string(o->keyword) + "=" + quote_word(o->val);
    }
    return out;
}

Error bad_connection(const std::string& why) {
    return make_error(ErrorCode::BadInput,
                      gis::i18n::format(_("not a PostgreSQL connection string ({0}); write it as "
                                          "PG:\"host=HOST port=PORT dbname=DB user=USER\" or PG:service=NAME, "
                                          "with ?schema=DISTRICT to pick a district"),
                                        redact_secrets(why)));
}

std::string trim(std::string s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    std::size_t b = 0;
    while (b < s.size() && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    return s.substr(b);
}

}  // namespace

bool is_pg(std::string_view path) { return starts_with_ci(path, "PG:"); }

bool valid_identifier(std::string_view name) {
    if (name.empty() || name.size() > 63) return false;
    if (std::isdigit(static_cast<unsigned char>(name[0]))) return false;
    return std::all_of(name.begin(), name.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

Result<Target> parse(const std::string& path) {
    if (!is_pg(path)) return make_error(ErrorCode::BadInput, _("not a PG: connection string"));
    std::string rest = trim(path.substr(3));
    Target t;
    // "?schema=NAME" at the end picks the district (for a URI it is one of its query parameters).
    static const std::regex schema_param(R"(([?&])schema=([^&\s]*)(&?))");
    std::smatch m;
    if (std::regex_search(rest, m, schema_param)) {
        t.schema = m[2].str();
        const std::string before = m.prefix().str(), after = m.suffix().str();
        // "?schema=x&y=1" keeps "?y=1"; "&schema=x" drops itself; "?schema=x" at the end drops itself.
        std::string glue = m[1].str() == "?" && !m[3].str().empty() ? "?" : "";
        rest = trim(before + glue + after);
    }
    if (rest.empty()) return bad_connection(_("nothing after PG:"));
    if (!is_uri(rest)) {
        std::vector<Word> words;
        if (!split_words(rest, words)) return bad_connection(_("expected key=value words"));
        std::string kept;
        for (const auto& w : words) {
            if (gdal_word(w.key)) {
                if ((w.key == "schemas" || w.key == "active_schema") && t.schema.empty()) t.schema = w.value;
                continue;
            }
            if (!kept.empty()) kept += ' ';
            kept += w.key + "=" + quote_word(w.value);
        }
        rest = kept;
    }
    char* err = nullptr;
    PQconninfoOption* opts = PQconninfoParse(rest.c_str(), &err);
    if (!opts) {
        std::string why = err ? trim(err) : std::string(_("cannot be parsed"));
        PQfreemem(err);
        return bad_connection(why);
    }
    t.conninfo = words_of(opts);
    PQconninfoFree(opts);
    if (!t.schema.empty() && !valid_identifier(t.schema))
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("district schema {0}: use a plain lower-case name (a-z, 0-9 "
                                              "and _, not starting with a digit, at most 63 characters)"),
                                            t.schema));
    return t;
}

Result<std::string> with_schema(const std::string& path, const std::string& schema) {
    auto t = parse(path);
    if (!t) return t.error();
    if (!valid_identifier(schema))
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("district {0}: use a plain lower-case name (a-z, 0-9 and _, "
                                              "not starting with a digit)"),
                                            schema));
    return "PG:" + t->conninfo + "?schema=" + schema;
}

std::string gdal_path(const Target& target) {
    std::string s = "PG:" + target.conninfo;
    if (target.conninfo.find("connect_timeout=") == std::string::npos) s += " connect_timeout=10";
    if (!target.schema.empty()) s += " schemas=" + target.schema + " active_schema=" + target.schema;
    return s;
}

std::string redact_secrets(std::string_view text) {
    // A value ends at a space, a quote or the "?schema=" that follows the connection words.
    static const std::regex word(R"((password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s'"?]+))", std::regex::icase);
    static const std::regex uri(R"((postgres(?:ql)?://[^:/@\s]*):[^@\s]*@)", std::regex::icase);
    std::string s(text);
    s = std::regex_replace(s, word, "$1***");
    s = std::regex_replace(s, uri, "$1:***@");
    return s;
}

bool move_password_to_environment(std::string& path) {
    if (!is_pg(path)) return false;
    auto t = parse(path);
    if (!t) return false;
    char* err = nullptr;
    PQconninfoOption* opts = PQconninfoParse(t->conninfo.c_str(), &err);
    PQfreemem(err);
    if (!opts) return false;
    std::string password;
    for (auto* o = opts; o->keyword; ++o)
        if (std::string(o->keyword) == "password" && o->val) {
            password = o->val;
            PQfreemem(o->val);
            o->val = nullptr;
        }
    const std::string rest = words_of(opts);
    PQconninfoFree(opts);
    if (password.empty()) return false;
    ::setenv("PGPASSWORD", password.c_str(), 1);
    path = "PG:" + rest + (t->schema.empty() ? "" : "?schema=" + t->schema);
    return true;
}

Result<std::string> pick_district(Connection& conn) {
    const std::string shown = "PG:" + redact_secrets(conn.target().conninfo);
    auto in_public = conn.scalar(
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relname = 'buildings'");
    if (!in_public) return in_public.error();
    if (in_public.value() != "0") return std::string();
    auto has = conn.scalar(
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'nbhd' AND c.relname = 'districts'");
    if (!has) return has.error();
    if (has.value() == "0") return std::string();
    auto rows = conn.exec("SELECT schema FROM nbhd.districts ORDER BY schema");
    if (!rows) return rows.error();
    if (rows->size() == 1) return rows->values[0][0];
    if (rows->size() == 0)
        return make_error(ErrorCode::NotFound,
                          gis::i18n::format(_("{0}: the server has no districts yet; put one there with "
                                              "nbhd district push"),
                                            shown));
    std::string names;
    for (const auto& r : rows->values) names += (names.empty() ? "" : ", ") + r[0];
    return make_error(ErrorCode::NotFound,
                      gis::i18n::format(_("{0}: the server has {1} districts ({2}); pick one with --district "
                                          "NAME or PG:...?schema=NAME"),
                                        shown, rows->size(), names));
}

Result<HouseholdAccess> household_access(const std::string& path, bool totals) {
    auto t = parse(path);
    if (!t) return t.error();
    auto conn = Connection::open(t.value());
    if (!conn) return conn.error();
    std::string schema = t->schema;
    if (schema.empty()) {
        auto picked = pick_district(conn.value());
        if (!picked) return picked.error();
        if (picked.value().empty()) return HouseholdAccess{};
        schema = picked.value();
    }
    return household_access(conn.value(), schema, totals);
}

Result<HouseholdAccess> household_access(Connection& conn, const std::string& schema, bool totals) {
    HouseholdAccess a;
    const std::string view = ident(schema) + ".household_totals";
    auto kind = conn.exec("SELECT 1 FROM pg_class c WHERE c.oid = to_regclass($1)", {view});
    if (!kind) return kind.error();
    if (kind->size() == 0) return a;
    a.secured = true;
    auto sees = conn.exec("SELECT nbhd.sees_masked_values(), nbhd.may_see_households($1)", {schema});
    if (!sees) return sees.error();
    a.masked = sees->values.at(0).at(0) == "t";
    a.readable = sees->values.at(0).at(1) == "t";
    if (!totals) return a;
    auto counted = conn.exec("SELECT low_income_households, low_income_people FROM " + view);
    if (!counted) return counted.error();
    if (counted->size()) {
        a.low_income_households = std::stoll(counted->values[0][0]);
        a.low_income_people = std::stoll(counted->values[0][1]);
    }
    return a;
}

std::string copy_text(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string ident(std::string_view name) {
    std::string out = "\"";
    for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string literal(std::string_view text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

namespace {
/// The server's message as a person reads it: its first line, without "ERROR:" and the statement.
std::string plain(const std::string& message) {
    std::string m = trim(message);
    if (m.rfind("ERROR:", 0) == 0) m = trim(m.substr(6));
    if (const auto nl = m.find('\n'); nl != std::string::npos) m = m.substr(0, nl);
    return m;
}
}  // namespace

Error error_from_state(const std::string& state, const std::string& message, const std::string& doing) {
    const std::string what = doing + ": " + plain(message);
    auto cls = state.substr(0, 2);
    if (state == "42501")
        return make_error(ErrorCode::ReadOnly,
                          gis::i18n::format(_("{0} (permission denied: this login may not do that; ask the "
                                              "server's administrator for the role it needs)"),
                                            what));
    if (state == "25006")
        return make_error(ErrorCode::ReadOnly,
                          gis::i18n::format(_("{0} (the server or this session is read-only)"), what));
    if (cls == "28") return make_error(ErrorCode::ReadOnly, gis::i18n::format(_("{0} (login refused)"), what));
    if (cls == "08" || state == "3D000" || state == "3F000") return make_error(ErrorCode::NotFound, what);
    if (state == "42P01") return make_error(ErrorCode::MissingLayer, what);
    if (cls == "22" || cls == "23") return make_error(ErrorCode::BadInput, what);
    if (state == "55P03" || state == "40P01" || state == "40001")
        return make_error(ErrorCode::ReadOnly, gis::i18n::format(_("{0} (another writer holds it; try again)"), what));
    return make_error(ErrorCode::Io, what);
}

struct Connection::Impl {
    Target target;
    PGconn* conn = nullptr;
    bool in_tx = false;
    std::string copy_buffer;
    ~Impl() {
        if (conn) PQfinish(conn);
    }
    std::string where() const {
        const char* h = PQhost(conn);
        const char* p = PQport(conn);
        const char* d = PQdb(conn);
        return gis::i18n::format(_("{0} on {1}"), d ? d : "",
                                 std::string(h && *h ? h : _("local socket")) +
                                     (p && *p ? ":" + std::string(p) : ""));
    }
    Error from_result(PGresult* res, const std::string& doing) const {
        const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
        std::string msg = res ? PQresultErrorMessage(res) : PQerrorMessage(conn);
        if (msg.empty()) msg = PQerrorMessage(conn);
        if (PQstatus(conn) == CONNECTION_BAD)
            return make_error(ErrorCode::Io,
                              gis::i18n::format(_("{0}: the connection to the server was lost ({1}); nothing "
                                                  "more was done"),
                                                doing, trim(msg)));
        return error_from_state(state ? state : "", msg, doing);
    }
};

Connection::Connection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&&) noexcept = default;
Connection::~Connection() {
    if (impl_ && impl_->in_tx) rollback();
}

Result<Connection> Connection::open(const Target& target) {
    std::string info = target.conninfo;
    if (info.find("connect_timeout=") == std::string::npos) info += " connect_timeout=10";
    if (info.find("application_name=") == std::string::npos) info += " application_name=nbhd";
    auto impl = std::make_unique<Impl>();
    impl->target = target;
    impl->conn = PQconnectdb(info.c_str());
    if (!impl->conn) return make_error(ErrorCode::Internal, _("out of memory connecting to PostgreSQL"));
    if (PQstatus(impl->conn) != CONNECTION_OK) {
        const std::string why = trim(PQerrorMessage(impl->conn));
        const std::string shown = "PG:" + redact_secrets(target.conninfo);
        auto has = [&](const char* s) { return why.find(s) != std::string::npos; };
        if (has("password authentication failed") || has("no pg_hba.conf entry") ||
            has("no password supplied") || (has("role \"") && has("does not exist")) ||
            has("authentication failed") || has("certificate"))
            return make_error(ErrorCode::ReadOnly,
                              gis::i18n::format(_("{0}: the server refused the login ({1}); check the user "
                                                  "name, and give the password in ~/.pgpass (PGPASSFILE) or a "
                                                  "service file (PGSERVICE), not on the command line"),
                                                shown, why));
        if (has("database \"") && has("does not exist"))
            return make_error(ErrorCode::NotFound, shown + ": " + why);
        if (has("invalid") && (has("option") || has("URI") || has("connection string")))
            return bad_connection(why);
        return make_error(ErrorCode::NotFound,
                          gis::i18n::format(_("{0}: no PostgreSQL server answers ({1}); check host and port, "
                                              "and that the server is running"),
                                            shown, why));
    }
    // The server's notices ("schema nbhd already exists, skipping") are not the user's business.
    PQsetNoticeProcessor(
        impl->conn, [](void*, const char*) {}, nullptr);
    Connection c(std::move(impl));
    std::string path = target.schema.empty() ? "public" : ident(target.schema) + ", public";
    if (auto r = c.exec("SET search_path TO " + path); !r) return r.error();
    return c;
}

const Target& Connection::target() const { return impl_->target; }

Result<std::vector<std::string>> Connection::take_notifications() {
    std::vector<std::string> out;
    if (!PQconsumeInput(impl_->conn))
        return make_error(ErrorCode::Io, gis::i18n::format(_("{0}: the connection to the server was lost ({1})"),
                                                           "PG:" + redact_secrets(impl_->target.conninfo),
                                                           trim(PQerrorMessage(impl_->conn))));
    while (PGnotify* n = PQnotifies(impl_->conn)) {
        out.emplace_back(n->extra ? n->extra : "");
        PQfreemem(n);
    }
    return out;
}

namespace {
Connection::Rows rows_of(PGresult* res) {
    Connection::Rows out;
    const int n = PQntuples(res), nf = PQnfields(res);
    out.values.resize(static_cast<std::size_t>(n));
    out.nulls.resize(static_cast<std::size_t>(n));
    for (int r = 0; r < n; ++r) {
        auto& row = out.values[static_cast<std::size_t>(r)];
        auto& nul = out.nulls[static_cast<std::size_t>(r)];
        row.reserve(static_cast<std::size_t>(nf));
        for (int f = 0; f < nf; ++f) {
            nul.push_back(PQgetisnull(res, r, f) != 0);
            row.emplace_back(PQgetvalue(res, r, f), static_cast<std::size_t>(PQgetlength(res, r, f)));
        }
    }
    return out;
}
std::string first_line(const std::string& sql) {
    std::string s = trim(sql.substr(0, sql.find('\n')));
    return s.size() > 80 ? s.substr(0, 77) + "..." : s;
}
}  // namespace

namespace {
/// The rows of a finished statement, or its error (with the statement for an unexpected one); frees `res`.
Result<Connection::Rows> finish(PGresult* res, const std::function<Error(PGresult*)>& error_of,
                                const std::string& sql) {
    const auto st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        auto e = error_of(res);
        if (e.code == ErrorCode::Io) e.message = gis::i18n::format(_("{0} (in: {1})"), e.message, first_line(sql));
        PQclear(res);
        return e;
    }
    auto rows = rows_of(res);
    PQclear(res);
    return rows;
}
}  // namespace

Result<Connection::Rows> Connection::exec(const std::string& sql) {
    return finish(
        PQexec(impl_->conn, sql.c_str()),
        [this](PGresult* res) { return impl_->from_result(res, impl_->where()); }, sql);
}

Result<Connection::Rows> Connection::exec(const std::string& sql, const std::vector<std::string>& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p.c_str());
    return finish(
        PQexecParams(impl_->conn, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                     nullptr, nullptr, 0),
        [this](PGresult* res) { return impl_->from_result(res, impl_->where()); }, sql);
}

Result<std::string> Connection::scalar(const std::string& sql, const std::vector<std::string>& params) {
    auto r = exec(sql, params);
    if (!r) return r.error();
    if (r->values.empty() || r->values[0].empty())
        return make_error(ErrorCode::NotFound,
                          gis::i18n::format(_("{0}: no row for {1}"), impl_->where(), first_line(sql)));
    return r->values[0][0];
}

Result<void> Connection::begin() {
    if (auto r = exec("BEGIN"); !r) return r.error();
    impl_->in_tx = true;
    return {};
}

Result<void> Connection::commit() {
    impl_->in_tx = false;
    if (auto r = exec("COMMIT"); !r) return r.error();
    return {};
}

void Connection::rollback() {
    if (!impl_->in_tx) return;
    impl_->in_tx = false;
    PQclear(PQexec(impl_->conn, "ROLLBACK"));
}

bool Connection::in_transaction() const { return impl_->in_tx; }

Result<void> Connection::copy_begin(const std::string& copy_sql) {
    PGresult* res = PQexec(impl_->conn, copy_sql.c_str());
    if (!res || PQresultStatus(res) != PGRES_COPY_IN) {
        auto e = impl_->from_result(res, impl_->where() + ": " + first_line(copy_sql));
        PQclear(res);
        return e;
    }
    PQclear(res);
    impl_->copy_buffer.clear();
    return {};
}

Result<void> Connection::copy_row(const std::string& line) {
    impl_->copy_buffer += line;
    if (impl_->copy_buffer.size() >= (1u << 20)) {
        if (PQputCopyData(impl_->conn, impl_->copy_buffer.data(),
                          static_cast<int>(impl_->copy_buffer.size())) != 1)
            return impl_->from_result(nullptr, impl_->where() + ": COPY");
        impl_->copy_buffer.clear();
    }
    return {};
}

Result<void> Connection::copy_end() {
    if (!impl_->copy_buffer.empty() && PQputCopyData(impl_->conn, impl_->copy_buffer.data(),
                                                     static_cast<int>(impl_->copy_buffer.size())) != 1)
        return impl_->from_result(nullptr, impl_->where() + ": COPY");
    impl_->copy_buffer.clear();
    if (PQputCopyEnd(impl_->conn, nullptr) != 1)
        return impl_->from_result(nullptr, impl_->where() + ": COPY");
    Result<void> out;
    while (PGresult* res = PQgetResult(impl_->conn)) {
        if (PQresultStatus(res) != PGRES_COMMAND_OK && out)
            out = impl_->from_result(res, impl_->where() + ": COPY");
        PQclear(res);
    }
    return out;
}

int Connection::server_version() const { return PQserverVersion(impl_->conn); }

std::string Connection::login_role() {
    auto r = scalar("SELECT session_user");
    return r ? r.value() : std::string();
}

}  // namespace gis::io::pg
