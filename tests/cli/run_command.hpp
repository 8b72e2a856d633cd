#pragma once
// Runs the nbhd executable as a user would and captures its output and exit code.

#include <map>
#include <string>
#include <vector>

namespace nbhd_test {

struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

/// Runs NBHD_EXE with `args`. XDG_DATA_HOME points at a fresh temporary folder unless `env` sets it,
/// so tests never touch the user's data.
CommandResult run_nbhd(const std::vector<std::string>& args,
                       const std::map<std::string, std::string>& env = {});

/// A fresh temporary folder unique to this test process.
std::string temp_dir();

/// Reads a whole file.
std::string slurp(const std::string& path);

}  // namespace nbhd_test
