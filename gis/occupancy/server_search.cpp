#include "gis/occupancy/server_search.hpp"

#include "gis/io/pg.hpp"
#include "gis/core/i18n.hpp"

namespace gis::occupancy {

namespace {

/// `text` inside a LIKE pattern, in single quotes (', %, _ and \ escaped).
std::string like_literal(const std::string& before, const std::string& text, const std::string& after) {
    std::string out = "'" + before;
    for (char c : text) {
        if (c == '\'')
            out += "''";
        else if (c == '%' || c == '_' || c == '\\')
            out += std::string("\\") + c;
        else
            out += c;
    }
    return out + after + "' ESCAPE '\\'";
}

}  // namespace

Result<std::optional<district::Region>> server_region_for_query(const std::string& path, const Query& q,
                                                                std::string* why) {
    auto t = io::pg::parse(path);
    if (!t) return t.error();
    auto conn = io::pg::Connection::open(t.value());
    if (!conn) return conn.error();
    std::string schema = t->schema;
    if (schema.empty()) {
        auto picked = io::pg::pick_district(conn.value());
        if (!picked) return picked.error();
        schema = picked.value();
    }
    auto access = io::pg::household_access(conn.value(), schema, false);
    if (!access) return access.error();
    const bool secured = access->secured;
    district::Region r;
    if (!q.number_key.empty()) r.household_numbers.push_back(q.number_key);
    if (q.address) r.buildings.push_back(q.address->building);
    std::vector<std::string> where;
    if (q.flag) {
        if (secured && *q.flag == Flag::LowIncome)
            return make_error(
                ErrorCode::ReadOnly,
                _("on this server the 低保 flag is kept by the server and shown to no login, so no "
                  "search can use it; the district's counts are in nbhd info"));
        where.push_back(std::string(to_string(*q.flag)) + " = 1");
    }
    std::string tail;
    if (!q.digits.empty()) {
        if (q.digits.size() <= 9) r.buildings.push_back(std::stoi(q.digits));
        if (q.digits.size() >= 4) tail = q.digits.substr(q.digits.size() - 4);
    }
    if (!q.letters.empty()) {
        if (secured)
            return make_error(
                ErrorCode::ReadOnly,
                _("on this server names are kept by the server: a pinyin search cannot be compared "
                  "with them; type the name in Chinese (the district's office staff may search "
                  "by name)"));
        if (why) *why = _("a pinyin search on a server reads every household (the server has no pinyin keys)");
        return std::optional<district::Region>{};
    }
    // A household's number typed: that answers it (no name is compared with it).
    bool is_number = false;
    if (secured && !q.number_key.empty() && q.digits.empty()) {
        auto n = conn->scalar(
            "SELECT count(*) FROM " + io::pg::ident(schema) + ".households WHERE household_no = $1",
            {q.number_key});
        is_number = n && n.value() != "0";
    }
    if (secured && !is_number && (!q.han.empty() || !tail.empty())) {
        auto rows =
            conn->exec("SELECT fid, kind FROM nbhd.find_households($1, $2, $3)", {schema, q.han, tail});
        bool answered_otherwise = q.address.has_value();
        if (!rows && !answered_otherwise && !q.number_key.empty()) {
            auto n = conn->scalar(
                "SELECT count(*) FROM " + io::pg::ident(schema) + ".households WHERE household_no = $1",
                {q.number_key});
            answered_otherwise = n && n.value() != "0";
        }
        if (!rows && rows.error().code == ErrorCode::ReadOnly && answered_otherwise) {
            // Not the district's staff, but the query names a household or an address: that answers it.
        } else if (!rows)
            return make_error(rows.error().code,
                              rows.error().code == ErrorCode::ReadOnly
                                  ? gis::i18n::format(_("only the district's office staff (nbhd_staff_{0}) may "
                                                        "search households by name or phone on this server"),
                                                      schema)
                                  : rows.error().message);
        else {
            std::vector<std::pair<std::int64_t, std::string>> matches;
            for (const auto& row : rows->values) matches.emplace_back(std::stoll(row[0]), row[1]);
            r.server_matches = std::move(matches);
        }
    } else if (!secured) {
        if (!q.han.empty()) where.push_back("head_name LIKE " + like_literal("%", q.han, "%"));
        if (!tail.empty()) where.push_back("phone LIKE " + like_literal("%", tail, ""));
    }
    for (const auto& w : where)
        r.household_where += (r.household_where.empty() ? "" : " OR ") + ("(" + w + ")");
    return std::optional<district::Region>(std::move(r));
}

}  // namespace gis::occupancy
