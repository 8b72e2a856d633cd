#include "app/cli/parse_errors.hpp"

#include <regex>

#include "gis/core/i18n.hpp"

namespace app::cli {
namespace {

struct Rule {
    std::regex pattern;
    const char* text;  // a catalogue pattern: {0}, {1}, ... are the pattern's groups
};

/// CLI11 2.1's English sentences (CLI/Error.hpp, CLI/Validators.hpp).
const std::vector<Rule>& rules() {
    static const std::vector<Rule> r = [] {
        std::vector<Rule> v;
        auto add = [&](const char* re, const char* text) { v.push_back({std::regex(re), text}); };
        add("^The following arguments? (?:was|were) not expected: (.*)$", N_("unexpected argument: {0}"));
        add("^A subcommand is required$", N_("a subcommand is required (see --help)"));
        add("^Requires at least (\\d+) subcommands$", N_("at least {0} subcommands are required"));
        add("^(.*) is required$", N_("{0} is required"));
        add("^Expected exactly (\\d+) arguments to (.*), got (\\d+)$",
            N_("{1} takes exactly {0} value(s), got {2}"));
        add("^Expected at least (\\d+) arguments to (.*), got (\\d+)$",
            N_("{1} takes at least {0} value(s), got {2}"));
        add("^(.*): (\\d+) required (.*) missing$", N_("{0}: {1} value(s) ({2}) missing"));
        add("^(.*) requires (.*)$", N_("{0} needs {1} as well"));
        add("^(.*) excludes (.*)$", N_("{0} cannot be given with {1}"));
        add("^The value (.*) is not an allowed value for (.*)$", N_("{0} is not an allowed value for {1}"));
        add("^Could not convert: (.*) = (.*)$", N_("{0}: cannot read the value {1}"));
        add("^Value (.*) not in range (.*) to (.*)$", N_("value {0} is not in the range {1} to {2}"));
        add("^Value (.*) could not be converted(?: to .*)?$", N_("value {0} is not a number"));
        add("^Failed parsing (.*) as a (.*)$", N_("cannot read {0} as {1}"));
        add("^(.*) not in \\{(.*)\\}$", N_("{0} is not one of {1}"));
        add("^File does not exist: (.*)$", N_("no such file: {0}"));
        add("^(.*) not found$", N_("{0} not found"));
        return v;
    }();
    return r;
}

std::string apply(const std::string& message) {
    std::smatch m;
    for (const auto& rule : rules()) {
        if (!std::regex_match(message, m, rule.pattern)) continue;
        std::string groups[4];
        for (std::size_t i = 1; i < m.size() && i <= 4; ++i) groups[i - 1] = m[i].str();
        return gis::i18n::format(_(rule.text), groups[0], groups[1], groups[2], groups[3]);
    }
    return message;
}

}  // namespace

std::string translate_parse_error(const std::string& message) {
    if (gis::i18n::language() == gis::i18n::Lang::En) return message;
    std::string out = apply(message);
    if (out != message) return out;
    // A validator's message comes as "OPTION: message".
    if (auto colon = message.find(": "); colon != std::string::npos)
        return message.substr(0, colon + 2) + apply(message.substr(colon + 2));
    return message;
}

std::string failure_message(const CLI::App* app, const CLI::Error& e) {
    // A mistyped command ("nbhd infoo") reaches CLI11 as a missing subcommand: name the word and the
    // commands it could have been.
    const CLI::App* deepest = app;
    for (bool deeper = true; deeper && deepest;) {
        deeper = false;
        for (const CLI::App* sub : deepest->get_subcommands())
            if (sub->parsed()) {
                deepest = sub;
                deeper = true;
                break;
            }
    }
    if (deepest && std::string(e.what()) == "A subcommand is required") {
        auto left = deepest->remaining();
        if (left.empty()) left = app->remaining(true);  // words a subcommand passed back up (fallthrough)
        const auto subs = deepest->get_subcommands([](const CLI::App*) { return true; });
        if (!left.empty() && !subs.empty() && left.front().rfind("-", 0) != 0) {
            std::string names, command = deepest->get_name();
            for (const CLI::App* p = deepest->get_parent(); p; p = p->get_parent())
                command = p->get_name() + " " + command;
            for (const CLI::App* sub : subs) names += (names.empty() ? "" : ", ") + sub->get_name();
            return gis::i18n::format(_("{0}: there is no command {1}; the commands are: {2}"), command,
                                     left.front(), names) +
                   "\n" + _("Run with --help for more information.") + "\n";
        }
    }
    return translate_parse_error(e.what()) + "\n" + _("Run with --help for more information.") + "\n";
}

}  // namespace app::cli
