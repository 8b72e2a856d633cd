#pragma once
/// @file
/// A second writer waits; it does not fail. SQLite lets one program write a file at a time: every
/// writer of nbhd (GDAL edits and its own tables) waits for the other to finish, tells the user once
/// it has waited 2 s, and gives up with a clear error only after the limit.

#include <functional>
#include <string>

#include "gis/core/result.hpp"

namespace gis::io {

/// How long a writer waits for another one: $NBHD_WRITE_WAIT seconds (0–3600), else 60.
double write_wait_limit_s();
/// $NBHD_WRITE_WAIT as given: BadInput when it is set but not a number of seconds from 0 to 3600 (the
/// command line refuses to start then, rather than wait some other time than the user asked for).
Result<double> write_wait_setting();

/// After this long a waiting writer says so (once).
inline constexpr double kWaitNoticeAfterS = 2.0;

/// What a waiting writer says: the front end installs one (the command line prints a line on stderr).
using WaitReporter = std::function<void(const std::string& path, double limit_s)>;
void set_wait_reporter(WaitReporter reporter);

/// Calls the reporter (once per path per process).
void report_waiting(const std::string& path);

}  // namespace gis::io
