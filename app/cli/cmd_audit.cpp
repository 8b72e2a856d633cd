// nbhd audit: every reveal and unmasked export of personal data, oldest first.

#include <algorithm>
#include <iostream>

#include "app/cli/app.hpp"
#include "app/cli/output.hpp"
#include "app/i18n/i18n.hpp"
#include "gis/privacy/privacy.hpp"

namespace app::cli {
namespace {

void list(Context& ctx, bool json, const std::string& household) {
    auto path = ctx.dataset_path();
    if (!path) return ctx.fail(path.error());
    auto records = gis::privacy::read_audit(path.value());
    if (!records) return ctx.fail(records.error());
    if (!household.empty())  // who has seen this household's record?
        records->erase(std::remove_if(records->begin(), records->end(),
                                      [&](const auto& r) {
                                          return !gis::privacy::list_includes(r.households, household);
                                      }),
                       records->end());
    if (json) {
        auto a = nlohmann::json::array();
        for (const auto& r : *records)
            a.push_back({{"id", r.id},
                         {"time", r.time},
                         {"user", r.user},
                         {"action", r.action},
                         {"query", r.query},
                         {"households", r.households},
                         {"count", r.count}});
        return print_json(a);
    }
    using i18n::tr;
    if (records->empty()) {
        std::cout << tr("occ.audit.empty") << '\n';
        return;
    }
    std::cout << tr("occ.audit.title") << " — " << path.value() << '\n';
    std::vector<std::vector<std::string>> rows{{"#", tr("occ.audit.time"), tr("occ.audit.user"),
                                                tr("occ.audit.action"), tr("occ.audit.count"),
                                                tr("occ.audit.query")}};
    for (const auto& r : *records)
        rows.push_back({std::to_string(r.id), r.time, r.user, r.action, std::to_string(r.count), r.query});
    std::vector<std::size_t> width(rows.front().size(), 0);
    for (const auto& r : rows)
        for (std::size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], display_width(r[c]));
    for (const auto& r : rows) {
        std::string line = " ";
        for (std::size_t c = 0; c < r.size(); ++c)
            line += " " + (c + 1 < r.size() ? pad(r[c], width[c]) : r[c]);
        std::cout << line << '\n';
    }
}

}  // namespace

void register_audit(CLI::App& root, Context& ctx) {
    static bool json = false;
    static std::string household;
    auto* cmd =
        root.add_subcommand("audit", "List the audit log: every reveal and unmasked export of personal data");
    cmd->add_flag("--json", json, "Print JSON: an array of records");
    cmd->add_option("--household", household,
                    "Only the records that concern this household (its number, e.g. CH-0999)")
        ->type_name("NO");
    cmd->callback([&ctx] { list(ctx, json, household); });
}

NBHD_REGISTER_COMMAND(90, register_audit);

}  // namespace app::cli
