#include "run_command.hpp"

#include "../scratch.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace nbhd_test {

std::string temp_dir() { return scratch_dir("nbhd-test"); }

std::string capture(const std::string& command) {
    std::string out;
    if (FILE* p = ::popen(command.c_str(), "r")) {
        char buf[4096];
        while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
        ::pclose(p);
    }
    return out;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

namespace {

void exec_nbhd(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
               const std::string& out_path, const std::string& err_path) {
    int o = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int e = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(o, 1);
    ::dup2(e, 2);
    int devnull = ::open("/dev/null", O_RDONLY);
    ::dup2(devnull, 0);
    for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> argv;
    std::string exe = NBHD_EXE;
    argv.push_back(exe.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(exe.c_str(), argv.data());
    ::_exit(127);
}

}  // namespace

int spawn_nbhd(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
               const std::string& log_dir) {
    std::map<std::string, std::string> full_env = env;
    if (!full_env.count("XDG_DATA_HOME")) full_env["XDG_DATA_HOME"] = log_dir + "/data";
    if (!full_env.count("NBHD_TILE_CACHE")) full_env["NBHD_TILE_CACHE"] = log_dir + "/tiles";
    pid_t pid = ::fork();
    if (pid == 0) exec_nbhd(args, full_env, log_dir + "/stdout", log_dir + "/stderr");
    return pid;
}

int spawn_shell(const std::string& script, const std::map<std::string, std::string>& env,
                const std::string& log_dir) {
    std::filesystem::create_directories(log_dir);
    pid_t pid = ::fork();
    if (pid == 0) {
        int o = ::open((log_dir + "/stdout").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int e = ::open((log_dir + "/stderr").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        ::dup2(o, 1);
        ::dup2(e, 2);
        ::setenv("NBHD", NBHD_EXE, 1);
        for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
        ::execl("/bin/sh", "sh", "-c", script.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    return pid;
}

int wait_nbhd(int pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

namespace {

CommandResult run_once(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
    std::string dir = temp_dir();
    std::string out_path = dir + "/stdout", err_path = dir + "/stderr";
    std::map<std::string, std::string> full_env = env;
    if (!full_env.count("XDG_DATA_HOME")) full_env["XDG_DATA_HOME"] = dir + "/data";
    if (!full_env.count("NBHD_TILE_CACHE")) full_env["NBHD_TILE_CACHE"] = dir + "/tiles";
    pid_t pid = ::fork();
    if (pid == 0) exec_nbhd(args, full_env, out_path, err_path);
    CommandResult r;
    r.exit_code = wait_nbhd(pid);
    r.out = slurp(out_path);
    r.err = slurp(err_path);
    std::filesystem::remove_all(dir);
    return r;
}

}  // namespace

CommandResult run_nbhd(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
    CommandResult r = run_once(args, env);
    // The X server of a test run (Xvfb) can refuse a connection for a moment, e.g. while it resets after
    // another test's window closed. A run that could not even open the display changed nothing: it is run
    // again, twice at most. A display that stays unreachable still fails the test.
    const auto d = env.find("DISPLAY");
    const char* inherited = std::getenv("DISPLAY");
    const bool display = d != env.end() ? !d->second.empty() : inherited && *inherited;
    for (int again = 0; again < 2 && display && r.exit_code == 10 &&
                        r.err.find("Failed to open display") != std::string::npos;
         ++again) {
        ::usleep(300'000);
        r = run_once(args, env);
    }
    return r;
}

}  // namespace nbhd_test
