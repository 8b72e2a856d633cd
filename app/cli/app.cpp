#include "app/cli/app.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <vector>

#include "app/cli/parse_errors.hpp"
#include "app/i18n/i18n.hpp"
#include "gis/core/cjk_font.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/paths.hpp"
#include "gis/core/staging.hpp"
#include "gis/core/strings.hpp"
#include "gis/core/terminal_text.hpp"
#include "gis/core/versions.hpp"
#include "gis/io/integrity.hpp"
#include "gis/io/pg.hpp"
#include "gis/io/write_wait.hpp"

namespace app::cli {

gis::Result<std::string> Context::dataset_path() {
    if (all_districts)
        return gis::make_error(
            gis::ErrorCode::BadInput,
            _("--district all asks an area question of every district (households within); "
              "name one district for this command (nbhd district list names them)"));
    return gis::resolve_dataset(data);
}

gis::Result<gis::district::District> Context::load_district(const gis::district::LoadOptions& options) {
    auto path = dataset_path();
    if (!path) {
        fail(path.error());
        return path.error();
    }
    auto d = gis::district::load(path.value(), options);
    if (!d) fail(d.error());
    return d;
}

void Context::fail(const gis::Error& e) {
    std::cerr << "nbhd: " << i18n::tr("common.error") << ": " << e.message << '\n';
    exit_code = gis::exit_code(e.code);
}

namespace {
std::vector<std::pair<int, Registrar>>& registry() {
    static std::vector<std::pair<int, Registrar>> r;
    return r;
}
}  // namespace

CLI::App* subcommand_group(CLI::App& parent, const std::string& name, const std::string& description) {
    for (auto* sub : parent.get_subcommands([](CLI::App*) { return true; }))
        if (sub->get_name() == name) return sub;
    auto* sub = parent.add_subcommand(name, description);
    sub->require_subcommand(1);
    return sub;
}

CommandRegistration::CommandRegistration(int order, Registrar registrar) {
    registry().push_back({order, registrar});
}

CLI::Validator finite_in(double min, double max) {
    auto text = [](double v) {
        std::ostringstream o;
        o << v;
        return o.str();
    };
    const std::string range = "[" + text(min) + ", " + text(max) + "]";
    return CLI::Validator(
        [min, max, range](std::string& s) -> std::string {
            errno = 0;
            char* end = nullptr;
            const double v = std::strtod(s.c_str(), &end);
            if (s.empty() || end != s.c_str() + s.size())
                return gis::i18n::format(_("expected a number, got {0}"), gis::quote_for_message(s));
            if (!std::isfinite(v) || errno == ERANGE)
                return gis::i18n::format(_("must be a finite number, got {0}"), gis::quote_for_message(s));
            if (v < min || v > max) return gis::i18n::format(_("must be in {0}, got {1}"), range, s);
            return {};
        },
        "NUMBER in " + range);
}

CLI::Validator not_blank() {
    return CLI::Validator(
        [](std::string& s) -> std::string {
            return s.find_first_not_of(" \t\r\n") == std::string::npos ? std::string(_("must not be empty"))
                                                                       : std::string();
        },
        "TEXT");
}

CLI::Validator scope_name() {
    return CLI::Validator(
        [](std::string& s) -> std::string {
            if (s == "district" || s == "compound" || (s.rfind("area:", 0) == 0 && s.size() > 5)) return {};
            return _("use district, compound or area:NAME (a named compound, service area or market)");
        },
        "district|compound|area:NAME");
}

namespace {
/// A word of the command line as a shell would need it typed.
std::string shell_quoted(const std::string& word) {
    if (!word.empty() && word.find_first_of(" \t\n'\"\\$`;&|<>()*?[]{}!#~") == std::string::npos) return word;
    std::string out = "'";
    for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

/// The value of --lang LANG / --lang=LANG on the command line, before CLI11 parses it.
std::string language_argument(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "--") break;
        if (a == "--lang" && i + 1 < argc) return argv[i + 1];
        if (a.rfind("--lang=", 0) == 0) return std::string(a.substr(7));
    }
    return {};
}

/// CLI11's help layout with columns measured in display width: a Chinese word (必填) takes two columns
/// a character, where CLI11 pads by bytes.
class WideFormatter : public CLI::Formatter {
  public:
    std::string make_option(const CLI::Option* opt, bool is_positional) const override {
        const std::string name = "  " + make_option_name(opt, is_positional) + make_option_opts(opt);
        const std::string desc = make_option_desc(opt);
        const std::size_t width = get_column_width(), shown = gis::display_width(name);
        std::string out = name;
        if (!desc.empty()) {
            if (shown >= width)
                out += "\n" + std::string(width, ' ');
            else
                out += std::string(width - shown, ' ');
            for (char c : desc) {
                out += c;
                if (c == '\n') out += std::string(width, ' ');
            }
        }
        return out + "\n";
    }
};

/// CLI11's own words in the help (REQUIRED, the usage line) in the output language.
void translate_help_labels(CLI::App& root) {
    root.formatter(std::make_shared<WideFormatter>());
    auto f = root.get_formatter();
    for (const char* label : {N_("Usage"), N_("Positionals"), N_("SUBCOMMAND"), N_("SUBCOMMANDS"),
                              N_("OPTIONS"), N_("REQUIRED"), N_("Excludes"), N_("Needs"), N_("Env")})
        f->label(label, _(label));
}

/// The group headings ("Options", "Subcommands", "Scripting") of every command, translated once all
/// commands are registered.
void translate_groups(CLI::App& app) {
    [[maybe_unused]] static const char* const kDefaultHeadings[] = {N_("Options"), N_("Subcommands")};
    for (auto* opt : app.get_options())
        if (!opt->get_group().empty()) opt->group(_(opt->get_group().c_str()));
    for (auto* sub : app.get_subcommands([](CLI::App*) { return true; })) {
        if (!sub->get_group().empty()) sub->group(_(sub->get_group().c_str()));
        translate_groups(*sub);
    }
}

}  // namespace

int run(int argc, char** argv) {
    // Everything printed passes through one filter, so that no text from data (a name, an address, a
    // stored query, a file's layer name) can act on the terminal that shows it.
    gis::TerminalTextGuard out_filter(std::cout), err_filter(std::cerr), log_filter(std::clog);
    Context ctx;
    ctx.command_line = "nbhd";
    for (int i = 1; i < argc; ++i) ctx.command_line += " " + shell_quoted(argv[i]);
    // What an audit record stores and what is printed never carries a server password.
    ctx.command_line = gis::io::pg::redact_secrets(ctx.command_line);
    // The language is known before any help text is registered: --lang first, then the environment.
    if (auto lang = language_argument(argc, argv); !lang.empty()) {
        i18n::Lang l;
        if (i18n::parse_language(lang, l)) i18n::set_language(l);
    }
    if (i18n::language() == i18n::Lang::Zh) {
        if (auto catalogue = gis::i18n::catalogue_status(); !catalogue.loaded)
            std::cerr << "nbhd: " << catalogue.problem << '\n';
    }
    CLI::App root{_("nbhd — neighbourhood planning for a community office\n"
                    "Buildings, streets and gas pipeline; hardening, pipeline and clean-up plans; occupancy "
                    "look-ups.\n"
                    "Works on any community's data (nbhd district scan / import); the shipped sample is the "
                    "Chonghua community (重华社区)."),
                  "nbhd"};
    translate_help_labels(root);
    root.failure_message(failure_message);
    root.set_help_flag("-h,--help", _("Print this help message and exit"));
    root.set_version_flag(
        "--version",
        [] {
            // The libraries as loaded at run time, and where the shipped data is read from.
            std::string v = std::string("nbhd ") + NBHD_VERSION + "\n";
            for (const auto& [name, version] : gis::library_versions()) v += name + " " + version + "\n";
            const auto font = gis::find_cjk_font();
            v += "font " + (font ? font->path : std::string("none (apt install fonts-wqy-microhei)")) + "\n";
            const auto catalogue = gis::i18n::catalogue_status();
            v += "translations " +
                 (catalogue.loaded ? catalogue.path : "none (" + catalogue.path + " is missing)") + "\n";
            return v + "data " + gis::data_dir();
        },
        _("Display program version information and exit"));
    root.require_subcommand(1);
    root.fallthrough();
    root.option_defaults()->always_capture_default();
    root.add_option("--data", ctx.data,
                    _("Data set to use: a GeoPackage, any OGR source, or a PostGIS connection (PG:...). "
                      "Default: the working copy of the shipped sample district in $XDG_DATA_HOME/nbhd/"))
        ->type_name("FILE");
    root.add_option("--district", ctx.district,
                    _("On a PostgreSQL server (--data PG:...): the district to use, by its schema name "
                      "(nbhd district list names them); the same as PG:...?schema=NAME. `all`: every "
                      "district an area question meets (households within), or the district of a point "
                      "(gas isolate --at)"))
        ->type_name("NAME");
    root.add_option("--lang", ctx.lang, _("Language of the output: zh or en (default from the locale)"))
        ->type_name("LANG");
    root.add_flag("-q,--quiet", ctx.quiet,
                  _("No progress output for long steps (imports, exports, generating, the brief); results "
                    "and errors are still printed"));
    root.footer(
        _("Exit codes: 0 ok, 1 usage, 2 bad input, 3 not found, 4 not a GIS file, 5 missing layer, 6 wrong "
          "CRS,\n"
          "7 invalid geometry, 8 read-only or locked, 9 check failed, 10 I/O error, 11 damaged file."));
    root.parse_complete_callback([&] {
        if (!ctx.lang.empty()) {
            i18n::Lang l;
            if (!i18n::parse_language(ctx.lang, l))
                throw CLI::ValidationError("--lang",
                                           gis::i18n::format(_("must be zh or en, got '{0}'"), ctx.lang));
            i18n::set_language(l);
        }
        if (ctx.district == "all") {
            if (!gis::io::pg::is_pg(ctx.data))
                throw CLI::ValidationError("--district",
                                           _("all: the districts of a server; give --data PG:... as well"));
            ctx.all_districts = true;
        } else if (!ctx.district.empty()) {
            if (!gis::io::pg::is_pg(ctx.data))
                throw CLI::ValidationError("--district",
                                           _("picks a district on a server: give --data PG:... as well"));
            auto with = gis::io::pg::with_schema(ctx.data, ctx.district);
            if (!with) throw CLI::ValidationError("--district", with.error().message);
            ctx.data = with.value();
        }
        // A password written in --data goes to this process's environment and out of everything else.
        if (gis::io::pg::move_password_to_environment(ctx.data))
            std::cerr << "nbhd: " << i18n::tr("pg.password_on_command_line") << '\n';
    });

    // What killed writers left in their private staging folders goes first.
    gis::sweep_staging_leftovers();
    if (auto wait = gis::io::write_wait_setting(); !wait) {
        std::cerr << "nbhd: " << i18n::tr("common.error") << ": " << wait.error().message << '\n';
        return gis::exit_code(wait.error().code);
    }
    // A second writer waits for the first and says so after 2 s, once.
    gis::io::set_wait_reporter([](const std::string& file, double limit_s) {
        std::cerr << "nbhd: " << i18n::tr("write.waiting") << " " << file << " (" << i18n::tr("write.up_to")
                  << " " << static_cast<int>(limit_s) << " " << i18n::tr("write.seconds") << ")…\n"
                  << std::flush;
    });

    auto groups = registry();
    std::stable_sort(groups.begin(), groups.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [order, r] : groups) r(root, ctx);
    translate_groups(root);

    try {
        root.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return root.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return root.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return root.exit(e);
    } catch (const CLI::ParseError& e) {
        root.exit(e);
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "nbhd: " << gis::i18n::format(_("internal error: {0}"), e.what()) << '\n';
        return gis::exit_code(gis::ErrorCode::Internal);
    }
    // A read that met a damaged page anywhere (GDAL or SQLite said so) makes the whole command fail, even
    // where the code that read it went on: no answer computed from half a file exits 0.
    if (auto damage = gis::io::damage_seen(ctx.data); damage && ctx.exit_code != gis::exit_code(damage->code))
        ctx.fail(*damage);
    return ctx.exit_code;
}

}  // namespace app::cli
