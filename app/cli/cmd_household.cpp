// nbhd household find: who lives where, by address, household number, name, pinyin, phone tail or flag.

#include <iostream>

#include "app/cli/app.hpp"
#include "app/cli/occupancy_output.hpp"
#include "app/cli/output.hpp"
#include "app/i18n/i18n.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/occupancy/query.hpp"
#include "gis/occupancy/session.hpp"

namespace app::cli {
namespace {

struct FindOptions {
    std::string query;
    std::size_t limit = 20;
    std::size_t offset = 0;
    bool reveal = false;
    bool json = false;
};

void find(Context& ctx, const FindOptions& o) {
    using namespace gis::occupancy;
    // The query is checked before anything is loaded: a malformed address or a huge paste fails at once.
    auto query = parse_query(o.query);
    if (!query) return ctx.fail(query.error());
    if (query->flag == Flag::LowIncome && !o.reveal)
        return ctx.fail(
            gis::make_error(gis::ErrorCode::BadInput,
                            _("searching by 低保 shows who receives the minimum living guarantee, which is "
                              "personal data: add --reveal (the look-up is recorded in the audit log)")));
    // Only the households the query can match are read, through the data set's stored indexes.
    auto data = load_for_query(ctx, *query);
    if (!data) return;
    SearchSession session(data->index, data->path);
    SearchResults results;
    if (o.reveal) {
        auto shown = session.search_revealed(o.query, o.limit, o.offset, ctx.command_line);
        if (!shown) return ctx.fail(shown.error());
        results = std::move(shown).value();
    } else {
        results = session.search(o.query, o.limit, o.offset);
        if (results.error) return ctx.fail(gis::make_error(gis::ErrorCode::BadInput, results.message));
    }

    // An address the data does not have is a question it cannot answer (exit 3), never an empty list.
    if (results.total == 0 && results.no_such_address)
        return ctx.fail(gis::make_error(gis::ErrorCode::NotFound, results.message));
    if (o.json) {
        print_json(households_json(results.items));
        return;
    }
    if (results.items.empty() && results.total > 0) {  // matches, but the page starts after the last
        std::cout << i18n::tr("occ.found") << ": "
                  << gis::with_commas(static_cast<std::int64_t>(results.total)) << "; "
                  << i18n::tr("occ.offset_past_end") << " (--offset " << results.offset << ")\n";
        return;
    }
    if (results.items.empty()) {
        std::cout << i18n::tr("occ.none");
        if (!results.message.empty()) std::cout << ": " << results.message;
        std::cout << '\n';
        return;
    }
    std::cout << i18n::tr("occ.found") << ": " << gis::with_commas(static_cast<std::int64_t>(results.total))
              << "  (" << i18n::tr("occ.showing") << ' ' << results.offset + 1 << "–"
              << results.offset + results.items.size() << ")\n";
    print_households(results.items, true);
    print_privacy_note(o.reveal, data->index->district());
}

}  // namespace

void register_household(CLI::App& root, Context& ctx) {
    auto* group = subcommand_group(root, "household", _("Look up households (who lives where)"));
    static FindOptions o;
    auto* cmd = group->add_subcommand(
        "find",
        _("Find households by address (12-2-301, 12栋2单元301), household number (CH-0001), name (张伟, 伟), "
          "pinyin (zhangwei, zw, zhang w), phone tail (5678) or flag (外来, 独居, 空置; 低保 with --reveal). "
          "Names, phones and ID numbers are masked unless --reveal is given"));
    cmd->add_option("query", o.query, _("What to look for"))->required()->check(not_blank());
    cmd->add_option("--limit", o.limit, _("Results to show"))->check(CLI::Range(1, 100000));
    cmd->add_option("--offset", o.offset, _("Results to skip (for the next page)"))
        ->check(CLI::Range(0, 100000000));
    cmd->add_flag("--reveal", o.reveal,
                  _("Show names, phones and ID numbers (recorded in the audit log first)"));
    cmd->add_flag("--json", o.json, _("Print JSON: an array of households"));
    cmd->callback([&ctx] { find(ctx, o); });
}

NBHD_REGISTER_COMMAND(40, register_household);

}  // namespace app::cli
