// nbhd bench queries: each kind of look-up run as the user meets it (a whole `nbhd` process: wall time
// and peak memory), side by side with GDAL's own `ogrinfo -sql` answering the same question from the
// same file, in one run.

#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>
#include <algorithm>
#include <chrono>
#include <iostream>

#include "app/cli/app.hpp"
#include "app/cli/output.hpp"
#include "gis/core/strings.hpp"
#include "gis/district/loader.hpp"
#include "gis/occupancy/stored_index.hpp"
#include "gis/core/i18n.hpp"

extern char** environ;

namespace app::cli {
namespace {

struct Run {
    double seconds = 0;
    double peak_mb = 0;
    int exit_code = -1;
};

/// Runs a program with its output thrown away; its wall time and peak resident memory.
Run run_process(const std::vector<std::string>& argv) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    Run r;
    const auto t0 = std::chrono::steady_clock::now();
    pid_t pid = 0;
    if (posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ) != 0) {
        posix_spawn_file_actions_destroy(&fa);
        return r;
    }
    int status = 0;
    struct rusage ru {};
    wait4(pid, &status, 0, &ru);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    posix_spawn_file_actions_destroy(&fa);
    r.peak_mb = static_cast<double>(ru.ru_maxrss) / 1024.0;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

Run median(std::vector<Run> runs) {
    std::sort(runs.begin(), runs.end(), [](const Run& a, const Run& b) { return a.seconds < b.seconds; });
    return runs[runs.size() / 2];
}

struct Question {
    std::string kind;
    std::vector<std::string> nbhd;  ///< arguments after `nbhd --data FILE`
    std::string sql;                ///< the same question for ogrinfo -sql
};

std::string num(double v) { return gis::fmt_fixed(v, 1); }

/// An envelope test against the GeoPackage's R-tree of buildings, as SQL.
std::string rtree_buildings(double x1, double y1, double x2, double y2) {
    return "SELECT b.number FROM buildings b JOIN rtree_buildings_geom r ON b.fid = r.id WHERE r.maxx >= " +
           num(x1) + " AND r.minx <= " + num(x2) + " AND r.maxy >= " + num(y1) + " AND r.miny <= " + num(y2);
}

void bench_queries(Context& ctx, int runs, bool json) {
    auto path = ctx.dataset_path();
    if (!path) return ctx.fail(path.error());
    auto st = gis::occupancy::stored_index_status(*path);
    if (!st) return ctx.fail(st.error());
    if (!st->geopackage)
        return ctx.fail(
            gis::make_error(gis::ErrorCode::BadInput,
                            gis::i18n::format(_("{0}: the query benchmark compares with ogrinfo -sql on a "
                                                "GeoPackage"),
                                              *path)));
    // The questions come from the data: the household in the middle of the table, its building.
    auto fid = gis::occupancy::middle_household_fid(*path);
    if (!fid) return ctx.fail(fid.error());
    gis::district::LoadOptions lo;
    lo.region = gis::district::Region{};
    lo.region->household_fids = {*fid};
    auto d = gis::district::load(*path, lo);
    if (!d) return ctx.fail(d.error());
    if (d->households.empty() || !d->building_by_number(d->households.front().building_number))
        return ctx.fail(
            gis::make_error(gis::ErrorCode::MissingLayer,
                            gis::i18n::format(_("{0}: the middle household has no residential building to "
                                                "ask about"),
                                              *path)));
    const auto& h = d->households.front();
    const auto* b = d->building_by_number(h.building_number);
    const gis::Point c = gis::bbox_of(b->footprint).center();
    const std::string bn = std::to_string(b->number);
    const std::string addr =
        bn + "-" + std::to_string(h.entrance) + "-" + std::to_string(h.floor * 100 + h.flat);
    auto box = [&](double r) {
        return "POLYGON((" + num(c.x - r) + " " + num(c.y - r) + "," + num(c.x + r) + " " + num(c.y - r) +
               "," + num(c.x + r) + " " + num(c.y + r) + "," + num(c.x - r) + " " + num(c.y + r) + "," +
               num(c.x - r) + " " + num(c.y - r) + "))";
    };
    const std::string line = "LINESTRING(" + num(c.x - 150) + " " + num(c.y + 20) + "," + num(c.x + 150) +
                             " " + num(c.y + 20) + ")";
    std::string phone_tail;
    for (char ch : h.phone)
        if (ch >= '0' && ch <= '9') phone_tail += ch;
    if (phone_tail.size() > 4) phone_tail = phone_tail.substr(phone_tail.size() - 4);
    const std::vector<Question> questions = {
        {"pick: building " + bn,
         {"building", "show", bn, "--json"},
         "SELECT h.* FROM households h JOIN buildings b ON b.number = h.building_number WHERE b.number = " +
             bn},
        {"box 200 m",
         {"households", "within", "--wkt", box(100), "--json"},
         "SELECT * FROM households WHERE building_number IN (" +
             rtree_buildings(c.x - 100, c.y - 100, c.x + 100, c.y + 100) + ")"},
        {"household " + addr + " + building",
         {"household", "find", addr, "--json"},
         "SELECT h.*, b.floors, b.entrances FROM households h JOIN buildings b ON b.number = "
         "h.building_number "
         "WHERE h.building_number = " +
             bn + " AND h.entrance = " + std::to_string(h.entrance) +
             " AND h.floor = " + std::to_string(h.floor) + " AND h.flat = " + std::to_string(h.flat)},
        {"households 50 m from a pipe",
         {"households", "within", "--near-line", line, "--distance", "50", "--json"},
         "SELECT * FROM households WHERE building_number IN (" +
             rtree_buildings(c.x - 200, c.y - 30, c.x + 200, c.y + 70) + ")"},
        {"name " + h.head_name,
         {"household", "find", h.head_name, "--json"},
         "SELECT * FROM households WHERE head_name LIKE '%" + h.head_name + "%'"},
        {"phone tail " + phone_tail,
         {"household", "find", phone_tail, "--json"},
         "SELECT * FROM households WHERE phone LIKE '%" + phone_tail + "'"},
    };
    const std::string self = "/proc/self/exe";
    char exe[4096];
    ssize_t n = readlink(self.c_str(), exe, sizeof exe - 1);
    if (n <= 0) return ctx.fail(gis::make_error(gis::ErrorCode::Io, _("cannot find the nbhd executable")));
    exe[n] = 0;
    nlohmann::json rows = nlohmann::json::array();
    if (!json) {
        std::cout << (runs == 1
                          ? gis::i18n::format(_("nbhd bench queries: {0}  (whole processes: wall time and "
                                                "peak memory; 1 run)"),
                                              *path)
                          : gis::i18n::format(_("nbhd bench queries: {0}  (whole processes: wall time and "
                                                "peak memory; median of {1} runs)"),
                                              *path, runs))
                  << '\n';
        std::cout << "  "
                  << gis::i18n::format(_("indexes: {0}"),
                                       st->ready() ? std::string(_("ready")) : st->advice())
                  << "\n\n";
    }
    for (const auto& q : questions) {
        std::vector<std::string> nb = {exe, "--data", *path};
        nb.insert(nb.end(), q.nbhd.begin(), q.nbhd.end());
        const std::vector<std::string> og = {"ogrinfo", "-ro", "-q", *path, "-sql", q.sql};
        std::vector<Run> a, g;
        for (int i = 0; i < runs; ++i) {  // interleaved, so both meet the same cache
            a.push_back(run_process(nb));
            g.push_back(run_process(og));
        }
        const Run ma = median(a), mg = median(g);
        if (ma.exit_code != 0)
            return ctx.fail(gis::make_error(gis::ErrorCode::Internal,
                                            gis::i18n::format(_("nbhd {0} {1} failed (exit {2}) on: {3}"),
                                                              q.nbhd[0], q.nbhd[1], ma.exit_code, q.kind)));
        if (mg.exit_code != 0)
            return ctx.fail(gis::make_error(gis::ErrorCode::Internal,
                                            gis::i18n::format(_("ogrinfo failed (exit {0}): is gdal-bin "
                                                                "installed? question: {1}"),
                                                              mg.exit_code, q.kind)));
        const double ratio = ma.seconds > 0 ? mg.seconds / ma.seconds : 0;
        if (json) {
            rows.push_back({{"question", q.kind},
                            {"nbhd_seconds", ma.seconds},
                            {"nbhd_peak_mb", ma.peak_mb},
                            {"ogrinfo_seconds", mg.seconds},
                            {"ogrinfo_peak_mb", mg.peak_mb},
                            {"ogrinfo_over_nbhd", ratio}});
        } else {
            std::cout << "  " << q.kind << '\n'
                      << "    nbhd    " << gis::fmt_fixed(ma.seconds, 3) << " s  "
                      << gis::fmt_fixed(ma.peak_mb, 0) << " MB\n"
                      << "    ogrinfo " << gis::fmt_fixed(mg.seconds, 3) << " s  "
                      << gis::fmt_fixed(mg.peak_mb, 0) << " MB   ("
                      << (ratio >= 1 ? gis::i18n::format(_("nbhd {0}x faster"), gis::fmt_fixed(ratio, 1))
                                     : gis::i18n::format(_("nbhd {0}x slower"),
                                                         gis::fmt_fixed(ratio > 0 ? 1 / ratio : 0, 1)))
                      << ")\n";
        }
    }
    if (json)
        print_json(
            {{"data_set", *path}, {"runs", runs}, {"indexes_ready", st->ready()}, {"questions", rows}});
}

}  // namespace

void register_bench_queries(CLI::App& root, Context& ctx) {
    auto* bench = subcommand_group(root, "bench", _("Benchmarks (timings on this machine)"));
    static int runs = 3;
    static bool json = false;
    auto* q = bench->add_subcommand(
        "queries",
        _("Time each kind of look-up (building, box, address, near a line, name, phone tail) as whole "
        "nbhd processes, and ogrinfo -sql answering the same question from the same file"));
    q->add_option("--runs", runs, _("Runs of each (the median is shown)"))->check(CLI::Range(1, 50));
    q->add_flag("--json", json, _("Print JSON"));
    q->callback([&ctx] { bench_queries(ctx, runs, json); });
}

NBHD_REGISTER_COMMAND(95, register_bench_queries);

}  // namespace app::cli
