#include "gis/privacy/privacy.hpp"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <optional>

#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/core/terminal_text.hpp"
#include "gis/io/editor.hpp"
#include "gis/io/integrity.hpp"
#include "gis/io/pg.hpp"
#include "gis/io/sqlite_db.hpp"
#include "gis/privacy/sha256.hpp"

namespace gis::privacy {

std::string mask_name(std::string_view name) {
    auto cps = utf8_decode(name);
    if (cps.empty()) return "";
    if (cps.size() == 1) return utf8_encode(cps[0]) + "*";
    std::string out = utf8_encode(cps[0]);
    if (cps.size() == 2) return out + "*";
    for (std::size_t i = 1; i + 1 < cps.size(); ++i) out += "*";
    return out + utf8_encode(cps.back());
}

std::string mask_phone(std::string_view phone) {
    std::string p(phone);
    if (p.size() >= 11) return p.substr(0, 3) + "****" + p.substr(p.size() - 4);
    if (p.size() <= 2) return std::string(p.size(), '*');
    return std::string(p.size() - 2, '*') + p.substr(p.size() - 2);
}

std::string mask_id_number(std::string_view id) {
    if (id.size() <= 4) return std::string(id.size(), '*');
    return std::string(id.size() - 4, '*') + std::string(id.substr(id.size() - 4));
}

std::string current_user() {
    if (const passwd* pw = ::getpwuid(::geteuid()); pw && pw->pw_name) return pw->pw_name;
    if (const char* u = std::getenv("USER"); u && *u) return u;
    return "uid " + std::to_string(::geteuid());
}

std::string now_iso8601() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

namespace {
const std::vector<io::FieldDef> kAuditFields = {
    {"time", io::FieldType::String},       {"user", io::FieldType::String},
    {"action", io::FieldType::String},     {"query", io::FieldType::String},
    {"households", io::FieldType::String}, {"count", io::FieldType::Integer},
    {"seq", io::FieldType::Integer},       {"hash", io::FieldType::String},
};
const std::vector<io::FieldDef> kHeadFields = {
    {"seq", io::FieldType::Integer},
    {"record", io::FieldType::Integer},
    {"hash", io::FieldType::String},
};

}  // namespace

const std::vector<io::FieldDef>& audit_fields() { return kAuditFields; }
const std::vector<io::FieldDef>& audit_head_fields() { return kHeadFields; }

namespace {

/// Text as it is stored in a record: valid UTF-8 (a byte that is not is kept as \xNN), so that the
/// stored bytes, which the hash covers, read back the same; at most `max_bytes`, cut between characters.
std::string record_text(const std::string& s, std::size_t max_bytes) {
    std::string out = valid_utf8_text(s);
    if (out.size() <= max_bytes) return out;
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    return out.substr(0, cut) + "…";
}

std::string field_text(const io::Layer& layer, const io::Feature& f, const char* name) {
    const int i = layer.info.field_index(name);
    return i < 0 ? std::string() : io::to_display(f.values[static_cast<std::size_t>(i)]);
}

std::int64_t field_int(const io::Layer& layer, const io::Feature& f, const char* name) {
    const int i = layer.info.field_index(name);
    if (i < 0) return 0;
    const auto& v = f.values[static_cast<std::size_t>(i)];
    if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
    if (const auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
    if (const auto* t = std::get_if<std::string>(&v)) return std::atoll(t->c_str());
    return 0;
}

struct Head {
    std::int64_t seq = 0;
    std::int64_t record = -1;
    std::string hash;
};

/// The chain head: the row with the highest fid (there is one unless another program added rows).
std::optional<Head> head_of(const io::Layer& layer) {
    const io::Feature* last = nullptr;
    for (const auto& f : layer.features)
        if (!last || f.fid > last->fid) last = &f;
    if (!last) return std::nullopt;
    return Head{field_int(layer, *last, "seq"), field_int(layer, *last, "record"),
                field_text(layer, *last, "hash")};
}

}  // namespace

std::string audit_chain_hash(const std::string& previous_hash, const AuditRecord& r) {
    std::string text = "nbhd audit 1\n" + previous_hash + "\n";
    auto add = [&](const char* name, const std::string& value) {
        text += name;
        text += ' ';
        text += std::to_string(value.size());
        text += ':';
        text += value;
        text += '\n';
    };
    add("seq", std::to_string(r.seq));
    add("id", std::to_string(r.id));
    add("time", r.time);
    add("user", r.user);
    add("action", r.action);
    add("query", r.query);
    add("households", r.households);
    add("count", std::to_string(r.count));
    return sha256_hex(text);
}

namespace {

/// "CH-0042" -> ("CH-", 42, width 4); no trailing digits: nullopt.
struct Numbered {
    std::string prefix;
    std::uint64_t n = 0;
    std::size_t width = 0;
};
std::optional<Numbered> split_number(std::string_view s) {
    std::size_t i = s.size();
    while (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9') --i;
    const std::size_t width = s.size() - i;
    if (width == 0 || width > 18) return std::nullopt;
    Numbered out{std::string(s.substr(0, i)), 0, width};
    for (std::size_t k = i; k < s.size(); ++k) out.n = out.n * 10 + static_cast<std::uint64_t>(s[k] - '0');
    return out;
}

}  // namespace

std::string compress_household_numbers(std::vector<std::string> numbers) {
    std::sort(numbers.begin(), numbers.end());
    numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
    std::string out;
    auto emit = [&](const std::string& s) {
        if (!out.empty()) out += ',';
        out += s;
    };
    std::size_t i = 0;
    while (i < numbers.size()) {
        const auto first = split_number(numbers[i]);
        std::size_t j = i + 1;
        // Equal widths sort numerically within a prefix, so a run is a stretch of n, n+1, n+2, ...
        if (first)
            while (j < numbers.size()) {
                const auto next = split_number(numbers[j]);
                if (!next || next->prefix != first->prefix || next->width != first->width ||
                    next->n != first->n + (j - i))
                    break;
                ++j;
            }
        if (j - i >= 3) {
            emit(numbers[i] + ".." + numbers[j - 1]);
        } else {
            for (std::size_t k = i; k < j; ++k) emit(numbers[k]);
        }
        i = j;
    }
    return out;
}

bool list_includes(std::string_view list, std::string_view household_no) {
    const auto want = split_number(household_no);
    std::size_t start = 0;
    while (start <= list.size()) {
        const auto end = std::min(list.find(',', start), list.size());
        const std::string_view item = list.substr(start, end - start);
        if (item == household_no) return true;
        const auto dots = item.find("..");
        if (dots != std::string_view::npos && want) {
            const auto a = split_number(item.substr(0, dots)), b = split_number(item.substr(dots + 2));
            if (a && b && a->prefix == want->prefix && a->width == want->width && a->n <= want->n &&
                want->n <= b->n)
                return true;
        }
        start = end + 1;
    }
    return false;
}

Result<void> append_audit(const std::string& dataset_path, const std::string& action,
                          const std::string& query, const std::vector<std::string>& household_numbers) {
    auto ed = io::Editor::open(dataset_path);
    if (!ed)
        return make_error(ed.error().code,
                          gis::i18n::format(_("cannot record the audit entry, so nothing is revealed: {0}"),
                                            ed.error().message));
    if (auto r = ed->ensure_layer(kAuditLayer, "None", kAuditFields); !r) return r;
    if (auto r = ed->ensure_layer(kAuditHeadLayer, "None", kHeadFields); !r) return r;
    auto head_layer = ed->read(kAuditHeadLayer);
    if (!head_layer) return head_layer.error();
    const auto head = head_of(head_layer.value());

    AuditRecord rec;
    rec.time = now_iso8601();
    rec.user = record_text(current_user(), 200);
    if (io::pg::is_pg(dataset_path)) {
        // On a server the record names the database login and takes the server's clock, not this
        // computer's user and clock.
        auto t = io::pg::parse(dataset_path);
        if (!t) return t.error();
        auto conn = io::pg::Connection::open(t.value());
        if (!conn) return conn.error();
        auto who = conn->exec(
            "SELECT session_user, to_char(now() AT TIME ZONE 'UTC', "
            "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')");
        if (!who) return who.error();
        rec.user = record_text(who->values.at(0).at(0), 200);
        rec.time = who->values.at(0).at(1);
    }
    rec.action = record_text(action, 200);
    rec.query = record_text(query, 2000);
    rec.households = compress_household_numbers(household_numbers);
    rec.count = static_cast<std::int64_t>(household_numbers.size());
    rec.seq = head ? head->seq + 1 : 1;
    auto fid = ed->insert(kAuditLayer, {},
                          {{"time", rec.time},
                           {"user", rec.user},
                           {"action", rec.action},
                           {"query", rec.query},
                           {"households", rec.households},
                           {"count", rec.count}});
    if (!fid) return fid.error();
    rec.id = fid.value();
    // The record's id is part of what the hash covers, and is known once it is inserted.
    rec.hash = audit_chain_hash(head ? head->hash : std::string(kAuditGenesis), rec);
    if (auto r = ed->update(kAuditLayer, rec.id, nullptr, {{"seq", rec.seq}, {"hash", rec.hash}}); !r)
        return r;
    const io::Values head_values{{"seq", rec.seq}, {"record", rec.id}, {"hash", rec.hash}};
    std::int64_t head_fid = -1;
    for (const auto& f : head_layer->features) head_fid = std::max(head_fid, f.fid);
    if (head_fid >= 0) {
        if (auto r = ed->update(kAuditHeadLayer, head_fid, nullptr, head_values); !r) return r;
    } else if (auto r = ed->insert(kAuditHeadLayer, {}, head_values); !r) {
        return r.error();
    }
    return ed->commit();
}

namespace {
/// On a server: whether this login may read the audit log (only nbhd_admin may, once nbhd server init ran).
Result<void> may_read_audit(const std::string& dataset_path) {
    if (!io::pg::is_pg(dataset_path)) return {};
    auto t = io::pg::parse(dataset_path);
    if (!t) return t.error();
    auto conn = io::pg::Connection::open(t.value());
    if (!conn) return conn.error();
    auto ok = conn->scalar("SELECT to_regclass('audit') IS NULL OR has_table_privilege('audit', 'SELECT')");
    if (!ok) return ok.error();
    if (ok.value() != "t")
        return make_error(ErrorCode::ReadOnly,
                          gis::i18n::format(_("{0}: permission denied: on this server only nbhd_admin reads "
                                              "the audit log"),
                                            io::pg::redact_secrets(dataset_path)));
    return {};
}
}  // namespace

Result<std::vector<AuditRecord>> read_audit(const std::string& dataset_path) {
    if (auto r = may_read_audit(dataset_path); !r) return r.error();
    auto ds = io::Dataset::open(dataset_path);
    if (!ds) return ds.error();
    std::vector<AuditRecord> out;
    if (!ds->has_layer(kAuditLayer)) return out;
    auto layer = ds->read_layer(kAuditLayer);
    if (!layer) return layer.error();
    for (const auto& f : layer->features) {
        AuditRecord r;
        r.id = f.fid;
        r.time = field_text(*layer, f, "time");
        r.user = field_text(*layer, f, "user");
        r.action = field_text(*layer, f, "action");
        r.query = field_text(*layer, f, "query");
        r.households = field_text(*layer, f, "households");
        r.count = field_int(*layer, f, "count");
        r.seq = field_int(*layer, f, "seq");
        r.hash = field_text(*layer, f, "hash");
        out.push_back(std::move(r));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return out;
}

Result<AuditVerification> verify_audit(const std::string& dataset_path) {
    auto records = read_audit(dataset_path);
    if (!records) return records.error();
    std::optional<Head> head;
    {
        auto ds = io::Dataset::open(dataset_path);
        if (!ds) return ds.error();
        if (ds->has_layer(kAuditHeadLayer)) {
            auto layer = ds->read_layer(kAuditHeadLayer);
            if (!layer) return layer.error();
            head = head_of(layer.value());
        }
    }
    using Break = AuditVerification::Break;
    AuditVerification v;
    v.records = static_cast<std::int64_t>(records->size());
    std::string previous_hash = kAuditGenesis;
    std::int64_t previous_seq = 0;
    auto broken = [&](Break why, std::int64_t at) {
        v.problem = why;
        v.record = at;
        return v;
    };
    for (const auto& r : *records) {
        if (!r.chained()) {
            if (previous_seq == 0) {  // written before the chain existed
                ++v.unchained;
                continue;
            }
            return broken(Break::Unchained, r.id);
        }
        if (r.seq != previous_seq + 1) return broken(Break::Missing, r.id);
        if (audit_chain_hash(previous_hash, r) != r.hash) return broken(Break::Edited, r.id);
        previous_hash = r.hash;
        previous_seq = r.seq;
        v.previous = r.id;
    }
    // SQLite remembers the highest record number the table ever had (sqlite_sequence, for its
    // AUTOINCREMENT key): a log emptied or cut from the end together with its head still shows there.
    std::int64_t last_id = records->empty() ? 0 : records->back().id;
    for (const auto& r : *records) last_id = std::max(last_id, r.id);
    if (!head && io::is_sqlite_file(dataset_path))
        if (auto db = io::sqlite::Db::open(dataset_path, false)) {
            io::sqlite::Stmt q(*db, "SELECT seq FROM sqlite_sequence WHERE name = ?");
            q.bind(1, std::string(kAuditLayer));
            if (q.ok() && q.step() && q.num(0) > last_id) return broken(Break::TailMissing, last_id + 1);
        }
    if (!head) return previous_seq == 0 ? v : broken(Break::HeadMissing, v.previous);
    if (head->seq > previous_seq) return broken(Break::TailMissing, head->record);
    if (head->seq != previous_seq || head->hash != previous_hash)
        return broken(Break::HeadMismatch, v.previous);
    return v;
}

}  // namespace gis::privacy
