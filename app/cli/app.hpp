#pragma once
/// @file
/// The `nbhd` command line: a CLI11 application whose command groups register themselves here.

#include <CLI/CLI.hpp>

#include <string>

#include "gis/core/result.hpp"
#include "gis/district/loader.hpp"

namespace gis::server {
struct PushReport;
}

namespace app::cli {

/// State shared by all commands of one invocation.
struct Context {
    std::string data;      ///< --data FILE (empty: the working copy of the shipped district)
    std::string lang;      ///< --lang zh|en
    std::string district;  ///< --district NAME: the district's schema on a PG: server
    /// --district all: an area question (households within) over every district on the server.
    bool all_districts = false;
    /// The command line as typed ("nbhd households export --out x.csv --query 低保 ..."), shell-quoted:
    /// what an audit record says was done.
    std::string command_line;
    bool quiet = false;  ///< -q: no progress output
    int exit_code = 0;

    /// Resolves --data and loads the district; on failure prints the error and sets exit_code.
    gis::Result<gis::district::District> load_district(const gis::district::LoadOptions& options = {});
    /// Resolved data set path (creating the working copy when needed).
    gis::Result<std::string> dataset_path();
    /// Prints an error to stderr ("nbhd: error: ...") and sets the exit code from its kind.
    void fail(const gis::Error& e);
};

using Registrar = void (*)(CLI::App& root, Context& ctx);

/// A number option that must be finite and within [min, max]. (CLI11's Range and NonNegativeNumber let
/// "nan" through, since every comparison with NaN is false.)
CLI::Validator finite_in(double min, double max);
/// A text option that must not be empty or blank (an empty --wkt is a mistake, not "everything").
CLI::Validator not_blank();
/// A planning scope's name: district, compound, or area:NAME.
CLI::Validator scope_name();

/// Registers a command group; `order` sorts the groups in --help (info 10, check 20, generate 30, ...).
struct CommandRegistration {
    CommandRegistration(int order, Registrar registrar);
};

/// The subcommand `name` of `parent`, created with `description` when no group has made it yet (so two
/// files can add commands to one group, e.g. `plan hardening` and `plan pipeline`).
CLI::App* subcommand_group(CLI::App& parent, const std::string& name, const std::string& description);

/// What district push (and generate/import onto a server) prints.
void print_pushed(const gis::server::PushReport& r);

/// Runs the command line with every registered command group.
int run(int argc, char** argv);

}  // namespace app::cli

/// In a command group's .cpp: NBHD_REGISTER_COMMAND(40, register_household);
#define NBHD_REGISTER_COMMAND(order, fn) \
    static const ::app::cli::CommandRegistration nbhd_command_registration_##fn { order, &fn }

namespace app::cli {}  // namespace app::cli
