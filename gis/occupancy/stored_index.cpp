#include "gis/occupancy/stored_index.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>

#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/district/schema.hpp"
#include "gis/io/pg.hpp"
#include "gis/io/sqlite_db.hpp"
#include "gis/occupancy/index.hpp"
#include "gis/occupancy/pinyin.hpp"
#include "gis/occupancy/server_search.hpp"

namespace gis::occupancy {
namespace {

constexpr const char* kNames = "nbhd_search_names";
constexpr const char* kPhones = "nbhd_search_phones";
constexpr const char* kState = "nbhd_search_state";
/// The triggers that keep the state row honest. Replacing the households table drops them: the search
/// tables then count as out of date.
constexpr const char* kTriggers[] = {"nbhd_search_stale_insert", "nbhd_search_stale_delete",
                                     "nbhd_search_stale_update"};
/// Phone tails are keyed by their last four digits (a query of three digits or fewer is a building).
constexpr std::size_t kTailDigits = 4;

using io::sqlite::Db;
using io::sqlite::has_column;
using io::sqlite::has_index;
using io::sqlite::has_table;
using io::sqlite::now_utc;
using io::sqlite::quoted;
using io::sqlite::Stmt;

std::string utf8_of(char32_t c) { return utf8_encode(c); }

/// The last kTailDigits digits of a phone, in order ("138 1234 5678" -> "5678"); empty when fewer.
std::string phone_tail(std::string_view phone) {
    std::string digits;
    for (auto it = phone.rbegin(); it != phone.rend() && digits.size() < kTailDigits; ++it)
        if (*it >= '0' && *it <= '9') digits.insert(digits.begin(), *it);
    return digits.size() == kTailDigits ? digits : std::string();
}

/// The names among `candidates` that the query's name or pinyin part matches, decided by the occupancy
/// index's own matcher (one household per distinct name), so that only their households are read.
Result<std::vector<std::string>> matching_names(std::vector<std::string> candidates, const Query& q) {
    if (candidates.empty()) return candidates;
    auto d = std::make_shared<district::District>();
    d->partial = true;
    d->households.resize(candidates.size());
    for (std::size_t i = 0; i < candidates.size(); ++i) d->households[i].head_name = candidates[i];
    auto ix = OccupancyIndex::build(d, {!q.letters.empty()});
    if (!ix) return ix.error();
    Query names_only;
    names_only.text = q.text;
    names_only.han = q.han;
    names_only.letters = q.letters;
    names_only.breaks = q.breaks;
    auto page = ix->search(names_only, {candidates.size() + 1, 0, false});
    if (!page) return page.error();
    std::vector<std::string> out;
    for (const auto& h : page->hits)
        if (h.household != kNoHousehold) out.push_back(ix->household(h.household).head_name);
    return out;
}

}  // namespace

const std::vector<AttributeIndexDef>& attribute_indexes() {
    namespace L = district::layers;
    static const std::vector<AttributeIndexDef> defs = {
        {L::kBuildings, "number", "nbhd_buildings_number"},
        {L::kEntrances, "building_number", "nbhd_entrances_building_number"},
        {L::kHouseholds, "building_number", "nbhd_households_building_number"},
        {L::kHouseholds, "household_no", "nbhd_households_household_no"},
        {L::kHouseholds, "head_name", "nbhd_households_head_name"},
    };
    return defs;
}

std::string StoredIndexStatus::advice() const {
    if (!geopackage || ready()) return "";
    if (!households_table) return _("the GeoPackage has no households table: it is not a district data set");
    return gis::i18n::format(
        missing_indexes.empty() && search_tables
            ? _("the data set's search indexes are out of date, so the whole households table "
                "is read: run `{0}` once to answer from the indexes")
            : _("the data set's search indexes are missing, so the whole households table is "
                "read: run `{0}` once to answer from the indexes"),
        io::sqlite::rebuild_command(path));
}

namespace {

/// A file that can hold stored indexes, opened for reading; nullopt for a server or a folder.
Result<std::optional<Db>> open_for_status(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return std::optional<Db>{};
    auto db = Db::open(path, false);
    if (!db) return db.error();
    return std::optional<Db>(std::move(db).value());
}

Result<StoredIndexStatus> status_of(const Db* db) {
    StoredIndexStatus st;
    if (!db) return st;  // a server, a folder: no stored indexes
    auto sqlite = db->probe();
    if (!sqlite) return sqlite.error();
    if (!*sqlite) return st;  // not an SQLite database: GeoJSON, a shapefile, ...
    if (!has_table(*db, "gpkg_contents")) return st;
    st.geopackage = true;
    st.households_table = has_table(*db, district::layers::kHouseholds);
    if (!st.households_table) return st;
    for (const auto& d : attribute_indexes())
        if (has_table(*db, d.layer) && !has_index(*db, d.name))
            st.missing_indexes.push_back(std::string(d.layer) + "(" + d.column + ")");
    st.search_tables = has_table(*db, kNames) && has_table(*db, kPhones) && has_table(*db, kState);
    if (st.search_tables) {
        bool triggers = true;
        for (const char* t : kTriggers) {
            Stmt q(*db,
                   "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ? AND tbl_name = "
                   "'households'");
            q.bind(1, std::string(t));
            triggers = triggers && q.ok() && q.step();
        }
        Stmt s(*db, std::string("SELECT households, built_at FROM ") + kState);
        if (triggers && s.ok() && s.step()) {
            st.search_current = true;
            st.households = s.num(0);
            st.built_at = s.text(1);
        }
    }
    return st;
}

}  // namespace

Result<StoredIndexStatus> stored_index_status(const std::string& path) {
    auto db = open_for_status(path);
    if (!db) return db.error();
    auto st = status_of(*db ? &**db : nullptr);
    if (st) st->path = path;
    return st;
}

Result<BuildReport> build_stored_index(const std::string& path) {
    const auto t0 = std::chrono::steady_clock::now();
    auto db = Db::open(path, true);
    if (!db) return db.error();
    namespace L = district::layers;
    auto sqlite = db->probe();
    if (!sqlite) return sqlite.error();
    if (!*sqlite || !has_table(*db, "gpkg_contents"))
        return make_error(
            ErrorCode::NotGis,
            gis::i18n::format(_("{0}: not a GeoPackage (only GeoPackages keep search indexes)"), path));
    for (const char* c : {"household_no", "head_name", "phone"})
        if (!has_column(*db, L::kHouseholds, c))
            return make_error(
                ErrorCode::MissingLayer,
                gis::i18n::format(_("{0}: no households table with a '{1}' column to index"), path, c));
    auto tr = PinyinTranscriber::create();
    if (!tr) return tr.error();
    if (auto r = db->exec("BEGIN IMMEDIATE"); !r) return r.error();
    auto fail = [&](const Error& e) -> Result<BuildReport> {
        (void)db->exec("ROLLBACK");
        return e;
    };
    for (const auto& d : attribute_indexes()) {
        if (!has_table(*db, d.layer) || !has_column(*db, d.layer, d.column)) continue;
        const std::string collate = std::string(d.column) == "household_no" ? " COLLATE NOCASE" : "";
        if (auto r = db->exec("CREATE INDEX IF NOT EXISTS " + quoted(d.name) + " ON " + quoted(d.layer) +
                              "(" + quoted(d.column) + collate + ")");
            !r)
            return fail(r.error());
    }
    for (const char* t : kTriggers)
        if (auto r = db->exec(std::string("DROP TRIGGER IF EXISTS ") + t); !r) return fail(r.error());
    for (const char* t : {kNames, kPhones, kState})
        if (auto r = db->exec(std::string("DROP TABLE IF EXISTS ") + t); !r) return fail(r.error());
    for (const char* sql :
         {"CREATE TABLE nbhd_search_names (key TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (key, name)) "
          "WITHOUT ROWID",
          "CREATE TABLE nbhd_search_phones (tail TEXT NOT NULL, fid INTEGER NOT NULL, PRIMARY KEY (tail, "
          "fid)) WITHOUT ROWID",
          "CREATE TABLE nbhd_search_state (households INTEGER NOT NULL, built_at TEXT NOT NULL, "
          "longest_syllable INTEGER NOT NULL)"})
        if (auto r = db->exec(sql); !r) return fail(r.error());

    BuildReport rep;
    std::set<std::string> names;
    std::vector<std::pair<std::string, std::int64_t>> tails;
    {
        Stmt s(*db, "SELECT fid, head_name, phone FROM households");
        if (!s.ok()) return fail(make_error(ErrorCode::Io, path + ": " + s.error()));
        while (s.step()) {
            ++rep.households;
            std::string name = s.text(1);
            if (!name.empty()) names.insert(std::move(name));
            if (auto t = phone_tail(s.text(2)); !t.empty()) tails.emplace_back(std::move(t), s.num(0));
        }
    }
    rep.names = static_cast<std::int64_t>(names.size());
    std::size_t longest = 0;
    {
        Stmt ins(*db, "INSERT OR IGNORE INTO nbhd_search_names (key, name) VALUES (?, ?)");
        if (!ins.ok()) return fail(make_error(ErrorCode::Io, ins.error()));
        std::set<std::string> keys;
        for (const auto& name : names) {
            keys.clear();
            auto cps = utf8_decode(name);
            for (std::size_t i = 0; i < cps.size(); ++i) {
                keys.insert("h" + utf8_of(cps[i]));
                if (i + 1 < cps.size()) keys.insert("h" + utf8_of(cps[i]) + utf8_of(cps[i + 1]));
            }
            auto syl = tr->syllables(name);
            for (const auto& x : syl) longest = std::max(longest, x.size());
            if (!syl.empty() && !syl[0].empty()) {
                keys.insert(std::string("p") + syl[0][0]);
                if (syl.size() > 1 && !syl[1].empty()) keys.insert(std::string("p") + syl[0][0] + syl[1][0]);
            }
            for (const auto& k : keys) {
                ins.bind(1, k);
                ins.bind(2, name);
                if (ins.run() != SQLITE_DONE)
                    return fail(db->failure(sqlite3_errcode(db->get()), sqlite3_errmsg(db->get())));
                ++rep.keys;
            }
        }
    }
    {
        Stmt ins(*db, "INSERT OR IGNORE INTO nbhd_search_phones (tail, fid) VALUES (?, ?)");
        if (!ins.ok()) return fail(make_error(ErrorCode::Io, ins.error()));
        for (const auto& [tail, fid] : tails) {
            ins.bind(1, tail);
            ins.bind(2, fid);
            if (ins.run() != SQLITE_DONE)
                return fail(db->failure(sqlite3_errcode(db->get()), sqlite3_errmsg(db->get())));
        }
    }
    {
        Stmt ins(*db,
                 "INSERT INTO nbhd_search_state (households, built_at, longest_syllable) VALUES (?, ?, ?)");
        ins.bind(1, rep.households);
        ins.bind(2, now_utc());
        ins.bind(3, static_cast<std::int64_t>(longest));
        if (ins.run() != SQLITE_DONE)
            return fail(db->failure(sqlite3_errcode(db->get()), sqlite3_errmsg(db->get())));
    }
    // Any change to the households the search tables describe empties the state row: the tables are then
    // out of date and not used until rebuilt.
    for (
        const char* sql :
        {"CREATE TRIGGER IF NOT EXISTS nbhd_search_stale_insert AFTER INSERT ON households BEGIN DELETE FROM "
         "nbhd_search_state; END",
         "CREATE TRIGGER IF NOT EXISTS nbhd_search_stale_delete AFTER DELETE ON households BEGIN DELETE FROM "
         "nbhd_search_state; END",
         "CREATE TRIGGER IF NOT EXISTS nbhd_search_stale_update AFTER UPDATE OF fid, head_name, phone ON "
         "households BEGIN DELETE FROM nbhd_search_state; END"})
        if (auto r = db->exec(sql); !r) return fail(r.error());
    if (auto r = db->exec("COMMIT"); !r) return fail(r.error());
    rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return rep;
}

Result<std::int64_t> middle_household_fid(const std::string& path) {
    auto db = Db::open(path, false);
    if (!db) return db.error();
    Stmt s(*db, "SELECT fid FROM households LIMIT 1 OFFSET (SELECT count(*) / 2 FROM households)");
    if (!s.ok() || !s.step())
        return make_error(ErrorCode::MissingLayer,
                          gis::i18n::format(_("{0}: no households to pick a question from"), path));
    return s.num(0);
}

Result<std::optional<district::Region>> region_for_query(const std::string& path, const Query& q,
                                                         std::string* why) {
    if (q.flag == Flag::Vacant) return std::optional<district::Region>{};
    if (io::pg::is_pg(path)) return server_region_for_query(path, q, why);
    auto opened = open_for_status(path);  // one connection for the status and the look-ups
    if (!opened) return opened.error();
    auto st = status_of(*opened ? &**opened : nullptr);
    if (!st) return st.error();
    st->path = path;
    // No households table: no question about households has an answer (one error, not a warning first).
    if (st->geopackage && !st->households_table)
        return make_error(ErrorCode::MissingLayer, path + ": " + st->advice());
    if (!st->ready()) {
        if (why) *why = st->advice();
        return std::optional<district::Region>{};
    }
    const Db* db = &**opened;
    district::Region r;
    if (!q.number_key.empty()) r.household_numbers.push_back(q.number_key);
    if (q.address) r.buildings.push_back(q.address->building);
    // A flag's identifier is its households column (low_income, migrant, elderly_alone, tenant).
    if (q.flag) r.household_where = std::string(to_string(*q.flag)) + " = 1";
    if (!q.digits.empty()) {
        if (q.digits.size() <= 3) {
            r.buildings.push_back(std::stoi(q.digits));
        } else {
            if (q.digits.size() <= 9) r.buildings.push_back(std::stoi(q.digits));  // a city's building
            Stmt s(*db, "SELECT fid FROM nbhd_search_phones WHERE tail = ?");
            s.bind(1, q.digits.substr(q.digits.size() - kTailDigits));
            while (s.step()) r.household_fids.push_back(s.num(0));
        }
    }
    auto names_for = [&](const std::vector<std::string>& keys) {
        std::string sql = "SELECT DISTINCT name FROM nbhd_search_names WHERE key IN (";
        for (std::size_t i = 0; i < keys.size(); ++i) sql += i ? ",?" : "?";
        Stmt s(*db, sql + ")");
        for (std::size_t i = 0; i < keys.size(); ++i) s.bind(static_cast<int>(i + 1), keys[i]);
        while (s.step()) r.household_names.push_back(s.text(0));
    };
    if (!q.han.empty()) {
        // Every matching name contains each gram of the query: the rarest one gives the fewest candidates.
        auto cps = utf8_decode(q.han);
        std::vector<std::string> grams;
        if (cps.size() == 1) grams.push_back("h" + utf8_of(cps[0]));
        for (std::size_t i = 0; i + 1 < cps.size(); ++i)
            grams.push_back("h" + utf8_of(cps[i]) + utf8_of(cps[i + 1]));
        std::string best;
        std::int64_t fewest = -1;
        Stmt count(*db, "SELECT count(*) FROM nbhd_search_names WHERE key = ?");
        for (const auto& g : grams) {
            count.bind(1, g);
            std::int64_t n = count.step() ? count.num(0) : 0;
            sqlite3_reset(count.get());
            if (fewest < 0 || n < fewest) {
                fewest = n;
                best = g;
            }
        }
        if (fewest > 0) names_for({best});
    }
    if (!q.letters.empty()) {
        // A name matches when its syllables, each typed in full or by a prefix, spell the query from its
        // first letter. The first syllable is typed by q.letters[0 .. l) for some l up to the longest
        // syllable (and up to a typed break); the second then starts with letters[l]. When the first
        // syllable may take the whole query, any name with that first initial is a candidate.
        const std::string& L = q.letters;
        std::size_t limit = L.size();
        for (std::size_t j = 1; j < L.size(); ++j)
            if (j < q.breaks.size() && q.breaks[j]) {
                limit = j;
                break;
            }
        Stmt s(*db, "SELECT longest_syllable FROM nbhd_search_state");
        const std::size_t longest = s.step() ? static_cast<std::size_t>(s.num(0)) : L.size();
        std::vector<std::string> keys;
        if (limit == L.size() && L.size() <= longest) {
            keys.push_back(std::string("p") + L[0]);
        } else {
            for (std::size_t l = 1; l <= std::min(limit, longest) && l < L.size(); ++l)
                keys.push_back(std::string("p") + L[0] + L[l]);
        }
        if (!keys.empty()) names_for(keys);
    }
    std::sort(r.household_names.begin(), r.household_names.end());
    r.household_names.erase(std::unique(r.household_names.begin(), r.household_names.end()),
                            r.household_names.end());
    auto exact = matching_names(std::move(r.household_names), q);
    if (!exact) return exact.error();
    r.household_names = std::move(exact).value();
    return std::optional<district::Region>(std::move(r));
}

}  // namespace gis::occupancy
