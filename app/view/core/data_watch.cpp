#include "app/view/core/data_watch.hpp"

#include <algorithm>
#include <fstream>
#include <optional>

#include "gis/core/hash.hpp"
#include "gis/io/pg.hpp"
#include "gis/io/sqlite_db.hpp"

namespace app::view {

namespace sq = gis::io::sqlite;

struct DataWatch::Impl {
    std::optional<sq::Db> db;                   // a GeoPackage
    std::optional<gis::io::pg::Connection> pg;  // a district on a server: LISTENs to its tables' notices
    std::string schema;
};

DataWatch::DataWatch(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DataWatch::~DataWatch() = default;

std::unique_ptr<DataWatch> DataWatch::open(const std::string& path) {
    if (gis::io::pg::is_pg(path)) {
        // A server: the district's tables notify a channel after each change (nbhd's triggers).
        auto target = gis::io::pg::parse(path);
        if (!target) return nullptr;
        auto conn = gis::io::pg::Connection::open(target.value());
        if (!conn) return nullptr;
        std::string schema = target->schema;
        if (schema.empty()) {
            auto picked = gis::io::pg::pick_district(conn.value());
            schema = picked ? picked.value() : std::string();
        }
        if (!conn->exec(std::string("LISTEN ") + gis::io::pg::kChangeChannel)) return nullptr;
        auto impl = std::make_unique<Impl>();
        impl->pg.emplace(std::move(conn.value()));
        impl->schema = schema.empty() ? "public" : schema;
        return std::unique_ptr<DataWatch>(new DataWatch(std::move(impl)));
    }
    // An SQLite file begins with its 16-byte magic; anything else (a shapefile) is not watched.
    {
        std::ifstream in(path, std::ios::binary);
        char magic[16] = {};
        if (!in.read(magic, sizeof magic) || std::string(magic, 15) != "SQLite format 3") return nullptr;
    }
    auto db = sq::Db::open(path, false);
    if (!db) return nullptr;
    auto impl = std::make_unique<Impl>();
    impl->db.emplace(std::move(*db));
    auto w = std::unique_ptr<DataWatch>(new DataWatch(std::move(impl)));
    w->version_ = w->data_version();
    if (w->version_ < 0) return nullptr;
    return w;
}

std::int64_t DataWatch::data_version() const {
    sq::Stmt s(*impl_->db, "PRAGMA data_version");
    return s.ok() && s.step() ? s.num(0) : -1;
}

DataWatch::Signature DataWatch::signature(const std::string& table) const {
    Signature sig;
    std::string quoted = "\"";
    for (char c : table) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    quoted += '"';
    {
        sq::Stmt s(*impl_->db, "SELECT count(*), coalesce(max(rowid), 0) FROM " + quoted);
        if (s.ok() && s.step()) {
            sig.rows = s.num(0);
            sig.last_id = s.num(1);
        }
    }
    // A small table: a hash of every row's bytes too (an edit in place keeps its count and last id).
    if (sig.rows >= 0 && sig.rows < kSmallTable) {
        sq::Stmt s(*impl_->db, "SELECT * FROM " + quoted);
        gis::Fnv1a h;
        while (s.ok() && s.step()) {
            const int n = sqlite3_column_count(s.get());
            for (int c = 0; c < n; ++c) {
                const void* b = sqlite3_column_blob(s.get(), c);
                // Each column with its length: the columns stay apart.
                const int len = b ? sqlite3_column_bytes(s.get(), c) : 0;
                h.value(len);
                if (b) h.bytes(b, static_cast<std::size_t>(len));
            }
        }
        sig.content = h.h;
    }
    if (sq::has_table(*impl_->db, "gpkg_contents")) {
        sq::Stmt s(*impl_->db, "SELECT last_change FROM gpkg_contents WHERE table_name = ?");
        if (s.ok()) {
            s.bind(1, table);
            if (s.step()) sig.last_change = s.text(0);
        }
    }
    return sig;
}

void DataWatch::watch(const std::vector<std::string>& tables) {
    if (impl_->pg) {
        tables_.clear();
        for (const auto& t : tables) tables_[t] = Signature{};
        (void)impl_->pg->take_notifications();  // what came before the baseline is seen
        return;
    }
    version_ = data_version();
    tables_.clear();
    for (const auto& t : tables) tables_[t] = signature(t);
}

std::vector<std::string> DataWatch::changed(std::chrono::milliseconds interval) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_look_ < interval) return {};
    last_look_ = now;
    if (impl_->pg) {
        auto notes = impl_->pg->take_notifications();
        if (!notes) return {};
        std::vector<std::string> out;
        for (const auto& payload : notes.value()) {
            const auto dot = payload.find('.');
            if (dot == std::string::npos || payload.substr(0, dot) != impl_->schema) continue;
            const std::string table = payload.substr(dot + 1);
            if (tables_.count(table) && std::find(out.begin(), out.end(), table) == out.end())
                out.push_back(table);
        }
        return out;
    }
    const std::int64_t v = data_version();
    if (v < 0 || v == version_) return {};
    version_ = v;
    std::vector<std::string> out;
    for (auto& [table, old] : tables_) {
        Signature now_sig = signature(table);
        if (!(now_sig == old)) out.push_back(table);
        old = std::move(now_sig);
    }
    return out;
}

}  // namespace app::view
