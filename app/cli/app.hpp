#pragma once
/// @file
/// The `nbhd` command line: a CLI11 application whose command groups register themselves here.

#include <CLI/CLI.hpp>

#include <string>

#include "gis/core/result.hpp"
#include "gis/district/loader.hpp"

namespace app::cli {

/// State shared by all commands of one invocation.
struct Context {
    std::string data;  ///< --data FILE (empty: the working copy of the shipped district)
    std::string lang;  ///< --lang zh|en
    int exit_code = 0;

    /// Resolves --data and loads the district; on failure prints the error and sets exit_code.
    gis::Result<gis::district::District> load_district(const gis::district::LoadOptions& options = {});
    /// Resolved data set path (creating the working copy when needed).
    gis::Result<std::string> dataset_path();
    /// Prints an error to stderr ("nbhd: error: ...") and sets the exit code from its kind.
    void fail(const gis::Error& e);
};

using Registrar = void (*)(CLI::App& root, Context& ctx);

void register_info(CLI::App& root, Context& ctx);
void register_check(CLI::App& root, Context& ctx);
void register_generate(CLI::App& root, Context& ctx);

/// Runs the command line. `extra` registrars add command groups built elsewhere (the viewer's).
int run(int argc, char** argv, std::initializer_list<Registrar> extra = {});

}  // namespace app::cli
