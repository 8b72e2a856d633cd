#pragma once
/// @file
/// CLI11's own messages (a missing option, an unexpected argument, a value out of range) in the output
/// language: CLI11 writes them in English, this puts each of its sentence patterns through the catalogue.

#include <CLI/CLI.hpp>
#include <string>

namespace app::cli {

/// `message` (a CLI11 error's what()) in the current language; unchanged in English or when it matches
/// none of CLI11's patterns (nbhd's own validators translate themselves).
std::string translate_parse_error(const std::string& message);

/// What `nbhd` prints for a command-line error: the message and where to read more.
std::string failure_message(const CLI::App* app, const CLI::Error& e);

}  // namespace app::cli
