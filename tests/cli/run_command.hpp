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

/// Runs NBHD_EXE with `args`. XDG_DATA_HOME and NBHD_TILE_CACHE point at a fresh temporary folder unless
/// `env` sets them, so tests never touch the user's data or find an earlier run's map tiles (the GL
/// driver's own shader cache stays where it is: a cold one makes every run slower).
CommandResult run_nbhd(const std::vector<std::string>& args,
                       const std::map<std::string, std::string>& env = {});

/// Starts NBHD_EXE with `args` and returns at once (stdout and stderr go to `log_dir`/stdout, /stderr);
/// XDG_DATA_HOME as in run_nbhd unless `env` sets it. For tests that kill or race commands.
int spawn_nbhd(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
               const std::string& log_dir);
/// Starts `/bin/sh -c script` with $NBHD set to the nbhd executable and `env` added; its stdout and
/// stderr go to `log_dir`/stdout, /stderr. Wait for it with wait_nbhd.
int spawn_shell(const std::string& script, const std::map<std::string, std::string>& env,
                const std::string& log_dir);
/// Waits for a process from spawn_nbhd: its exit code, or 128 + the signal that ended it.
int wait_nbhd(int pid);

/// Runs a shell command (pdftotext, ogrinfo, ...) and returns what it printed on stdout.
std::string capture(const std::string& command);

/// A fresh temporary folder unique to this test process.
std::string temp_dir();

/// Reads a whole file.
std::string slurp(const std::string& path);

}  // namespace nbhd_test
