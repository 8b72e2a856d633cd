#include "gis/plan/prices.hpp"

#include <chrono>
#include <cmath>
#include <cstdlib>

#include "gis/core/strings.hpp"
#include "gis/district/schema.hpp"
#include "gis/plan/params.hpp"
#include "gis/plan/schedule.hpp"
#include "gis/plan/store.hpp"
#include "gis/core/i18n.hpp"

namespace gis::plan {
namespace {

/// The fixed keys and where each lives in UnitPrices.
struct Field {
    const char* key;
    const char* unit;
    double UnitPrices::*member;
};
const std::vector<Field>& fields() {
    static const std::vector<Field> f = {{"paving.base", "m²", &UnitPrices::base_cny_m2},
                                         {"paving.concrete", "m³", &UnitPrices::concrete_cny_m3},
                                         {"paving.asphalt", "m³", &UnitPrices::asphalt_cny_m3},
                                         {"greening", "m²", &UnitPrices::greening_cny_m2},
                                         {"fence", "m", &UnitPrices::fence_cny_m},
                                         {"gate", "each", &UnitPrices::gate_cny},
                                         {"market", "m²", &UnitPrices::market_cny_m2},
                                         {"market.desk", "each", &UnitPrices::market_desk_cny},
                                         {"gas_pipe", "m", &UnitPrices::gas_pipe_cny_m},
                                         {"demolition", "m²", &UnitPrices::demolition_cny_m2},
                                         {"graffiti", "m²", &UnitPrices::graffiti_cny_m2}};
    return f;
}

/// pipe.MATERIAL.DIAMETER -> (material, diameter); false for anything else.
bool pipe_key(const std::string& key, std::string& material, int& diameter) {
    if (key.rfind("pipe.", 0) != 0) return false;
    const auto dot = key.find('.', 5);
    if (dot == std::string::npos || dot == 5) return false;
    material = key.substr(5, dot - 5);
    const std::string dn = key.substr(dot + 1);
    char* end = nullptr;
    const long d = std::strtol(dn.c_str(), &end, 10);
    if (dn.empty() || *end || d <= 0 || d > 5000) return false;
    for (char c : material)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    diameter = static_cast<int>(d);
    return true;
}

std::string pipe_key(const std::string& material, int diameter) {
    return "pipe." + material + "." + std::to_string(diameter);
}

}  // namespace

PriceTable default_prices() {
    PriceTable t;
    const UnitPrices u;
    for (const auto& f : fields()) t.rows.push_back({f.key, f.unit, u.*f.member, "", "", "", false});
    for (const auto& e : u.pipes.entries())
        t.rows.push_back({pipe_key(e.material, e.diameter_mm), "m", e.cny_per_m, "", "", "", false});
    return t;
}

const Price* PriceTable::find(const std::string& key) const {
    for (const auto& r : rows)
        if (r.key == key) return &r;
    return nullptr;
}

UnitPrices PriceTable::unit_prices() const {
    UnitPrices u;
    for (const auto& r : rows) {
        std::string material;
        int dn = 0;
        if (pipe_key(r.key, material, dn)) {
            u.pipes.set(material, dn, r.cny);
            continue;
        }
        for (const auto& f : fields())
            if (r.key == f.key) u.*f.member = r.cny;
    }
    return u;
}

Result<Price> check_price(Price p) {
    std::string material;
    int dn = 0;
    if (pipe_key(p.key, material, dn)) {
        p.unit = "m";
    } else {
        const Field* field = nullptr;
        for (const auto& f : fields())
            if (p.key == f.key) field = &f;
        if (!field) {
            std::string keys;
            for (const auto& f : fields()) keys += std::string(keys.empty() ? "" : ", ") + f.key;
            return make_error(ErrorCode::BadInput,
                              gis::i18n::format(_("no price {0} (prices: {1}, pipe.MATERIAL.DIAMETER such as "
                                                  "pipe.pe.110)"),
                                                quote_for_message(p.key), keys));
        }
        p.unit = field->unit;
    }
    if (!std::isfinite(p.cny) || p.cny <= 0 || p.cny > 1e7)
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("price {0}: a unit price is more than 0 and at most 10,000,000 CNY"),
                                            p.key));
    if (!p.date.empty()) {
        auto d = parse_date(p.date);
        if (!d) return d.error();
        const auto today = std::chrono::duration_cast<std::chrono::hours>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count() /
                           24;
        if (d.value() > today + 1)
            return make_error(ErrorCode::BadInput,
                              gis::i18n::format(_("price {0}: its source's date {1} is in the future"), p.key,
                                                p.date));
    }
    return p;
}

Result<PriceTable> read_prices(const io::Dataset& ds) {
    PriceTable t = default_prices();
    if (!ds.has_layer(district::layers::kPrices)) return t;
    auto l = ds.read_layer(district::layers::kPrices);
    if (!l) return l.error();
    const auto& info = l->info;
    auto text = [&](const io::Feature& f, const char* name) -> std::string {
        const int i = info.field_index(name);
        if (i < 0) return {};
        const auto& v = f.values[static_cast<std::size_t>(i)];
        if (const auto* s = std::get_if<std::string>(&v)) return *s;
        return {};
    };
    for (const auto& f : l->features) {
        Price p;
        p.key = text(f, "key");
        const int i = info.field_index("unit_price_cny");
        if (i >= 0) {
            const auto& v = f.values[static_cast<std::size_t>(i)];
            if (const auto* d = std::get_if<double>(&v)) p.cny = *d;
            if (const auto* n = std::get_if<std::int64_t>(&v)) p.cny = static_cast<double>(*n);
        }
        p.source = text(f, "source");
        p.date = text(f, "date");
        p.note = text(f, "note");
        p.stored = true;
        p.fid = f.fid;
        auto checked = check_price(p);
        if (!checked)
            return make_error(ErrorCode::BadInput,
                              gis::i18n::format(_("the data set's price table, row {0}: {1} (fix it with nbhd "
                                                  "prices set KEY CNY)"),
                                                std::to_string(f.fid), checked.error().message));
        bool replaced = false;
        for (auto& r : t.rows)
            if (r.key == checked->key) {
                r = checked.value();
                replaced = true;
            }
        if (!replaced) t.rows.push_back(checked.value());
    }
    return t;
}

Result<PriceTable> read_prices(const std::string& path) {
    auto ds = open_for_reading(path);
    if (!ds) return ds.error();
    return read_prices(ds.value());
}

bool repriced(const PlanItem& item) {
    if (item.status != "proposed" && item.status != "approved") return false;
    return !param_flag(item.params, "price_fixed");
}

PlanItem repriced_item(const PlanItem& item, const UnitPrices& prices) {
    PlanItem out = item;
    // Hardening and pipe items carry the unit price they were planned at; it comes from the table again.
    if ((item.kind == "hardening" || item.kind == "gas_pipe") &&
        param_number(item.params, "unit_price_cny")) {
        // default_unit_price is what recompute_quantities falls back to without the param.
        PlanItem probe = item;
        probe.params = without_param(item.params, "unit_price_cny");
        recompute_quantities(probe, prices);
        out.params = with_param(item.params, "unit_price_cny", probe.unit_price_cny);
    }
    // Fixed-cost items priced from the table (the market's desks) carry their key.
    if (param_string(item.params, "price_key") == std::optional<std::string>("market.desk"))
        out.params = with_param(out.params, "cost_cny", prices.market_desk_cny);
    recompute_quantities(out, prices);
    return out;
}

}  // namespace gis::plan
