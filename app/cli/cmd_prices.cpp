// nbhd prices [--json] | prices set KEY CNY [--source TEXT] [--date YYYY-MM-DD] [--note TEXT]: the one price
// table every cost is computed with (gis::plan::read_prices); setting a price re-prices the open items.

#include <cctype>
#include <iostream>
#include <map>

#include "app/cli/app.hpp"
#include "app/cli/output.hpp"
#include "app/cli/plan_common.hpp"
#include "app/i18n/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/plan/budget.hpp"
#include "gis/plan/prices.hpp"

namespace app::cli {
namespace {

using i18n::tr;
using nlohmann::json;

void run_list(Context& ctx, bool as_json) {
    auto path = ctx.dataset_path();
    if (!path) return ctx.fail(path.error());
    auto table = gis::plan::read_prices(path.value());
    if (!table) return ctx.fail(table.error());
    if (as_json) {
        json rows = json::array();
        for (const auto& p : table->rows)
            rows.push_back({{"key", p.key},
                            {"unit", p.unit},
                            {"unit_price_cny", p.cny},
                            {"source", p.source},
                            {"date", p.date},
                            {"note", p.note},
                            {"stored", p.stored}});
        return print_json(rows);
    }
    std::vector<std::vector<std::string>> out = {{tr("prices.key"), tr("prices.what"), tr("prices.unit"),
                                                  tr("prices.price"), tr("prices.source"),
                                                  tr("prices.date")}};
    for (const auto& p : table->rows) {
        const char* known = i18n::find_text("prices.key." + p.key);
        std::string what = known ? known : "";
        if (p.key.rfind("pipe.", 0) == 0) {  // pipe.pe.110 -> 燃气管 PE DN110
            const auto dot = p.key.find('.', 5);
            std::string material = p.key.substr(5, dot - 5);
            for (auto& c : material) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            what = std::string(tr("prices.pipe")) + " " + material + " DN" + p.key.substr(dot + 1);
        }
        out.push_back({p.key, what, i18n::term("unit", p.unit), yuan_cents(p.cny),
                       p.stored ? p.source : std::string(tr("prices.default")), p.date});
    }
    print_text_table(out);
    std::cout << tr("prices.pipe_rule") << '\n';
}

struct SetArgs {
    gis::plan::Price price;
};

void print_repriced(const gis::plan::PlanSession& s, const std::map<std::int64_t, double>& before,
                    const std::vector<std::int64_t>& changed) {
    double was = 0, now = 0;  // the items whose price changed, before and after
    for (auto id : changed) {
        was += before.at(id);
        if (const auto* it = s.item(id)) now += it->cost_cny;
    }
    std::cout << tr("prices.repriced") << ": " << changed.size();
    if (!changed.empty()) std::cout << "  " << yuan(was) << " → " << yuan(now);
    std::cout << '\n';
}

void run_reset(Context& ctx, const std::string& key) {
    auto s = open_for_edit(ctx);
    if (!s) return ctx.fail(s.error());
    std::map<std::int64_t, double> before;
    for (const auto& it : s->items()) before[it.id] = it.cost_cny;
    auto changed = s->reset_price(key);
    if (!changed) return ctx.fail(changed.error());
    std::cout << tr("prices.reset") << ": " << key << '\n';
    print_repriced(s.value(), before, changed.value());
}

void run_set(Context& ctx, const SetArgs& a) {
    auto s = open_for_edit(ctx);
    if (!s) return ctx.fail(s.error());
    std::map<std::int64_t, double> before;
    for (const auto& it : s->items()) before[it.id] = it.cost_cny;
    auto changed = s->set_price(a.price);
    if (!changed) return ctx.fail(changed.error());
    std::cout << tr("prices.set") << ": " << a.price.key << " = " << yuan_cents(a.price.cny) << '\n';
    print_repriced(s.value(), before, changed.value());
}

}  // namespace

void register_prices(CLI::App& root, Context& ctx) {
    static bool list_json = false;
    auto* prices = root.add_subcommand(
        "prices", _("The unit prices every cost is computed with: nbhd's defaults and the data set's own"));
    prices->add_flag("--json", list_json, _("Print JSON"));
    prices->callback([&ctx, prices] {
        if (prices->get_subcommands().empty()) run_list(ctx, list_json);
    });
    static SetArgs a;
    auto* set =
        prices->add_subcommand("set", _("Store a unit price in the data set and re-price the open items "
                                        "(proposed and approved)"));
    set->add_option("key", a.price.key,
                    _("Price key, e.g. paving.concrete, fence, pipe.pe.110 (see nbhd prices)"))
        ->required();
    set->add_option("cny", a.price.cny, _("Unit price in CNY"))->required()->check(finite_in(0, 1e7));
    set->add_option("--source", a.price.source, _("Where the price comes from (a quote, a rate book)"));
    set->add_option("--date", a.price.date, _("Date of the source, YYYY-MM-DD"));
    set->add_option("--note", a.price.note, _("Note"));
    set->callback([&ctx] { run_set(ctx, a); });
    static std::string reset_key;
    auto* reset =
        prices->add_subcommand("reset", _("Remove the data set's own price (back to nbhd's default) and "
                                          "re-price the open items"));
    reset->add_option("key", reset_key, _("Price key"))->required();
    reset->callback([&ctx] { run_reset(ctx, reset_key); });
}

NBHD_REGISTER_COMMAND(53, register_prices);

}  // namespace app::cli
