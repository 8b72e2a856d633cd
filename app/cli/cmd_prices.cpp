// nbhd prices [--json] | prices set KEY CNY [--source TEXT] [--date YYYY-MM-DD] [--note TEXT]: the one price
// table every cost is computed with (gis::plan::read_prices); setting a price re-prices the open items.

#include <cctype>
#include <iostream>

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
        out.push_back({p.key, what, p.unit, yuan_cents(p.cny),
                       p.stored ? p.source : std::string(tr("prices.default")), p.date});
    }
    print_text_table(out);
}

struct SetArgs {
    gis::plan::Price price;
};

void run_set(Context& ctx, const SetArgs& a) {
    auto path = ctx.dataset_path();
    if (!path) return ctx.fail(path.error());
    if (auto w = gis::io::check_writable(path.value()); !w) return ctx.fail(w.error());
    auto s = gis::plan::PlanSession::open(path.value());
    if (!s) return ctx.fail(s.error());
    double before = 0;
    for (const auto& b : gis::plan::project_budgets({s->projects(), s->items(), s->campaigns(), s->phases()}))
        before += b.cost_cny;
    auto changed = s->set_price(a.price);
    if (!changed) return ctx.fail(changed.error());
    double after = 0;
    for (const auto& b : gis::plan::project_budgets({s->projects(), s->items(), s->campaigns(), s->phases()}))
        after += b.cost_cny;
    std::cout << tr("prices.set") << ": " << a.price.key << " = " << yuan_cents(a.price.cny) << '\n';
    std::cout << tr("prices.repriced") << ": " << changed->size();
    if (!changed->empty()) std::cout << "  " << yuan(before) << " → " << yuan(after);
    std::cout << '\n';
}

}  // namespace

void register_prices(CLI::App& root, Context& ctx) {
    static bool list_json = false;
    auto* prices = root.add_subcommand(
        "prices", "The unit prices every cost is computed with: nbhd's defaults and the data set's own");
    prices->add_flag("--json", list_json, "Print JSON");
    prices->callback([&ctx, prices] {
        if (prices->get_subcommands().empty()) run_list(ctx, list_json);
    });
    static SetArgs a;
    auto* set = prices->add_subcommand("set",
                                       "Store a unit price in the data set and re-price the open items "
                                       "(proposed and approved)");
    set->add_option("key", a.price.key,
                    "Price key, e.g. paving.concrete, fence, pipe.pe.110 (see nbhd prices)")
        ->required();
    set->add_option("cny", a.price.cny, "Unit price in CNY")->required()->check(finite_in(0, 1e7));
    set->add_option("--source", a.price.source, "Where the price comes from (a quote, a rate book)");
    set->add_option("--date", a.price.date, "Date of the source, YYYY-MM-DD");
    set->add_option("--note", a.price.note, "Note");
    set->callback([&ctx] { run_set(ctx, a); });
}

NBHD_REGISTER_COMMAND(53, register_prices);

}  // namespace app::cli
