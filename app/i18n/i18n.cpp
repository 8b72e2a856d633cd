#include "app/i18n/i18n.hpp"

#include <algorithm>
#include <string>

namespace app::i18n {
struct Entry {
    const char* key;
    const char* en;  ///< the source text; Chinese is the catalogue's (msgctxt = key)
};
}  // namespace app::i18n

// One file per module, so that modules add strings without touching each other's.
#include "app/i18n/strings_core.inc"
#include "app/i18n/strings_district.inc"
#include "app/i18n/strings_district_view.inc"
#include "app/i18n/strings_fields.inc"
#include "app/i18n/strings_gas.inc"
#include "app/i18n/strings_gating.inc"
#include "app/i18n/strings_market.inc"
#include "app/i18n/strings_occupancy.inc"
#include "app/i18n/strings_plan.inc"
#include "app/i18n/strings_present.inc"
#include "app/i18n/strings_reliability.inc"
#include "app/i18n/strings_server.inc"
#include "app/i18n/strings_view.inc"

namespace app::i18n {
namespace {
struct Table {
    const Entry* begin;
    std::size_t size;
};
template <std::size_t N>
constexpr Table table(const Entry (&a)[N]) {
    return {a, N};
}
constexpr Table kTables[] = {
    table(kCoreStrings),  table(kViewStrings),     table(kOccupancyStrings),    table(kPlanStrings),
    table(kGasStrings),   table(kPresentStrings),  table(kReliabilityStrings),  table(kServerStrings),
    table(kFieldStrings), table(kDistrictStrings), table(kDistrictViewStrings), table(kGatingStrings),
    table(kMarketStrings)};

const Entry* find(std::string_view key) {
    for (const auto& t : kTables)
        for (std::size_t i = 0; i < t.size; ++i)
            if (key == t.begin[i].key) return &t.begin[i];
    return nullptr;
}
}  // namespace

const char* tr(std::string_view key, Lang lang) {
    const Entry* e = find(key);
    if (!e) return key.data();
    return gis::i18n::translate(e->key, e->en, lang);
}

const char* tr(std::string_view key) { return tr(key, language()); }

const char* find_text(std::string_view key) {
    const Entry* e = find(key);
    if (!e) return nullptr;
    return gis::i18n::translate(e->key, e->en, language());
}

std::string term(std::string_view field, const std::string& value) {
    const char* t = find_text("value." + std::string(field) + "." + value);
    return t ? t : value;
}

std::string budget_label(std::string_view key, const std::string& detail) {
    if (key == "budget.kind") return term("kind", detail);
    if (key == "budget.phase") return std::string(tr("plan.phase")) + " " + detail;
    if (key == "budget.funding") return std::string(tr("budget.funding")) + " · " + term("funding", detail);
    if (key == "budget.contingency") return std::string(tr("budget.contingency")) + " (" + detail + ")";
    return tr(key);
}

std::size_t table_size() {
    std::size_t n = 0;
    for (const auto& t : kTables) n += t.size;
    return n;
}

std::string_view key_at(std::size_t i) {
    for (const auto& t : kTables) {
        if (i < t.size) return t.begin[i].key;
        i -= t.size;
    }
    return {};
}

}  // namespace app::i18n
