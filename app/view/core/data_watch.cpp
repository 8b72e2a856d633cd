#include "app/view/core/data_watch.hpp"

#include <fstream>

#include "gis/io/sqlite_db.hpp"

namespace app::view {

namespace sq = gis::io::sqlite;

struct DataWatch::Impl {
    sq::Db db;
};

DataWatch::DataWatch(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DataWatch::~DataWatch() = default;

std::unique_ptr<DataWatch> DataWatch::open(const std::string& path) {
    // An SQLite file begins with its 16-byte magic; anything else (a server, a shapefile) is not watched.
    {
        std::ifstream in(path, std::ios::binary);
        char magic[16] = {};
        if (!in.read(magic, sizeof magic) || std::string(magic, 15) != "SQLite format 3") return nullptr;
    }
    auto db = sq::Db::open(path, false);
    if (!db) return nullptr;
    auto w = std::unique_ptr<DataWatch>(new DataWatch(std::make_unique<Impl>(Impl{std::move(*db)})));
    w->version_ = w->data_version();
    if (w->version_ < 0) return nullptr;
    return w;
}

std::int64_t DataWatch::data_version() const {
    sq::Stmt s(impl_->db, "PRAGMA data_version");
    return s.ok() && s.step() ? s.num(0) : -1;
}

DataWatch::Signature DataWatch::signature(const std::string& table) const {
    Signature sig;
    std::string quoted = "\"";
    for (char c : table) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    quoted += '"';
    {
        sq::Stmt s(impl_->db, "SELECT count(*), coalesce(max(rowid), 0) FROM " + quoted);
        if (s.ok() && s.step()) {
            sig.rows = s.num(0);
            sig.last_id = s.num(1);
        }
    }
    // A small table: a hash of every row's bytes too (an edit in place keeps its count and last id).
    if (sig.rows >= 0 && sig.rows < kSmallTable) {
        sq::Stmt s(impl_->db, "SELECT * FROM " + quoted);
        std::uint64_t h = 1469598103934665603ULL;
        auto mix = [&](const unsigned char* p, int n) {
            for (int i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ULL;
            h = (h ^ 0xff) * 1099511628211ULL;  // column separator
        };
        while (s.ok() && s.step()) {
            const int n = sqlite3_column_count(s.get());
            for (int c = 0; c < n; ++c) {
                const void* b = sqlite3_column_blob(s.get(), c);
                mix(static_cast<const unsigned char*>(b), b ? sqlite3_column_bytes(s.get(), c) : 0);
            }
        }
        sig.content = h;
    }
    if (sq::has_table(impl_->db, "gpkg_contents")) {
        sq::Stmt s(impl_->db, "SELECT last_change FROM gpkg_contents WHERE table_name = ?");
        if (s.ok()) {
            s.bind(1, table);
            if (s.step()) sig.last_change = s.text(0);
        }
    }
    return sig;
}

void DataWatch::watch(const std::vector<std::string>& tables) {
    version_ = data_version();
    tables_.clear();
    for (const auto& t : tables) tables_[t] = signature(t);
}

std::vector<std::string> DataWatch::changed(std::chrono::milliseconds interval) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_look_ < interval) return {};
    last_look_ = now;
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
