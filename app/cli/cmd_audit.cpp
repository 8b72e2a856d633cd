// nbhd audit: every reveal and unmasked export of personal data, oldest first; --verify checks the
// log's hash chain.

#include <algorithm>
#include <initializer_list>
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
                         {"count", r.count},
                         {"hash", r.chained() ? nlohmann::json(r.hash) : nlohmann::json(nullptr)}});
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
        rows.push_back({std::to_string(r.id), r.time, r.user, i18n::term("audit_action", r.action),
                        std::to_string(r.count), r.query});
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

/// A catalogue text with each %s replaced by the next value.
std::string fill(const char* text, std::initializer_list<std::string> values) {
    std::string out = text;
    std::size_t at = 0;
    for (const auto& v : values) {
        at = out.find("%s", at);
        if (at == std::string::npos) break;
        out.replace(at, 2, v);
        at += v.size();
    }
    return out;
}

const char* problem_name(gis::privacy::AuditVerification::Break b) {
    using Break = gis::privacy::AuditVerification::Break;
    switch (b) {
        case Break::None:
            return "none";
        case Break::Edited:
            return "edited";
        case Break::Missing:
            return "missing";
        case Break::Unchained:
            return "unchained";
        case Break::TailMissing:
            return "tail_missing";
        case Break::HeadMissing:
            return "head_missing";
        case Break::HeadMismatch:
            return "head_mismatch";
    }
    return "none";
}

std::string problem_text(const gis::privacy::AuditVerification& v) {
    using Break = gis::privacy::AuditVerification::Break;
    using i18n::tr;
    const std::string previous = std::to_string(v.previous);
    switch (v.problem) {
        case Break::None:
            return "";
        case Break::Edited:
            return tr("occ.audit.break.edited");
        case Break::Missing:
            return v.previous < 0 ? tr("occ.audit.break.missing_first")
                                  : fill(tr("occ.audit.break.missing"), {previous});
        case Break::Unchained:
            return tr("occ.audit.break.unchained");
        case Break::TailMissing:
            return v.previous < 0 ? tr("occ.audit.break.tail")
                                  : std::string(tr("occ.audit.break.tail")) + " (" +
                                        fill(tr("occ.audit.break.tail_after"), {previous}) + ")";
        case Break::HeadMissing:
            return tr("occ.audit.break.head_missing");
        case Break::HeadMismatch:
            return tr("occ.audit.break.head_mismatch");
    }
    return "";
}

/// nbhd audit --verify: "audit log intact: N records", or the first record where the chain breaks (exit 9).
void verify(Context& ctx, bool json) {
    auto path = ctx.dataset_path();
    if (!path) return ctx.fail(path.error());
    auto v = gis::privacy::verify_audit(path.value());
    if (!v) return ctx.fail(v.error());
    if (!v->intact()) ctx.exit_code = gis::exit_code(gis::ErrorCode::CheckFailed);
    if (json) {
        auto id = [](std::int64_t n) { return n < 0 ? nlohmann::json(nullptr) : nlohmann::json(n); };
        return print_json({{"intact", v->intact()},
                           {"records", v->records},
                           {"unchained", v->unchained},
                           {"problem", problem_name(v->problem)},
                           {"broken_at", v->intact() ? nlohmann::json(nullptr) : id(v->record)},
                           {"message", problem_text(*v)}});
    }
    using i18n::tr;
    if (v->intact()) {
        std::cout << (v->records == 1 ? std::string(tr("occ.audit.intact_one"))
                                      : fill(tr("occ.audit.intact"), {std::to_string(v->records)}));
        if (v->unchained > 0)
            std::cout << " (" << fill(tr("occ.audit.unchained"), {std::to_string(v->unchained)}) << ")";
        std::cout << '\n';
        return;
    }
    const bool zh = i18n::language() == i18n::Lang::Zh;
    std::cout << fill(tr("occ.audit.broken"), {std::to_string(v->record)}) << (zh ? "：" : ": ")
              << problem_text(*v) << '\n';
}

}  // namespace

void register_audit(CLI::App& root, Context& ctx) {
    static bool json = false;
    static bool check = false;
    static std::string household;
    auto* cmd = root.add_subcommand(
        "audit", _("List the audit log: every reveal and unmasked export of personal data"));
    cmd->add_flag("--json", json, _("Print JSON: an array of records"));
    auto* only = cmd->add_option("--household", household,
                                 _("Only the records that concern this household (its number, e.g. CH-0999)"))
                     ->type_name("NO");
    cmd->add_flag(
           "--verify", check,
           _("Check the log's hash chain: exit 0 when intact, 9 naming the first record where it breaks "
             "(a record deleted, changed or moved)"))
        ->excludes(only);
    cmd->callback([&ctx] {
        if (check) return verify(ctx, json);
        list(ctx, json, household);
    });
}

NBHD_REGISTER_COMMAND(90, register_audit);

}  // namespace app::cli
