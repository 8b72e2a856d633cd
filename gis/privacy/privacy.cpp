#include "gis/privacy/privacy.hpp"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <optional>

#include "gis/core/strings.hpp"
#include "gis/io/editor.hpp"

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
};
}  // namespace

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
                          "cannot record the audit entry, so nothing is revealed: " + ed.error().message);
    if (auto r = ed->ensure_layer(kAuditLayer, "None", kAuditFields); !r) return r;
    const std::string list = compress_household_numbers(household_numbers);
    std::string q = query.size() > 2000 ? query.substr(0, 2000) + "…" : query;
    auto fid = ed->insert(kAuditLayer, {},
                          {{"time", now_iso8601()},
                           {"user", current_user()},
                           {"action", action},
                           {"query", q},
                           {"households", list},
                           {"count", static_cast<std::int64_t>(household_numbers.size())}});
    if (!fid) return fid.error();
    return ed->commit();
}

Result<std::vector<AuditRecord>> read_audit(const std::string& dataset_path) {
    auto ds = io::Dataset::open(dataset_path);
    if (!ds) return ds.error();
    std::vector<AuditRecord> out;
    if (!ds->has_layer(kAuditLayer)) return out;
    auto layer = ds->read_layer(kAuditLayer);
    if (!layer) return layer.error();
    auto str = [&](const io::Feature& f, const char* name) {
        int i = layer->info.field_index(name);
        return i < 0 ? std::string() : io::to_display(f.values[i]);
    };
    for (const auto& f : layer->features) {
        AuditRecord r;
        r.id = f.fid;
        r.time = str(f, "time");
        r.user = str(f, "user");
        r.action = str(f, "action");
        r.query = str(f, "query");
        r.households = str(f, "households");
        int ci = layer->info.field_index("count");
        if (ci >= 0)
            if (auto* v = std::get_if<std::int64_t>(&f.values[ci])) r.count = *v;
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace gis::privacy
