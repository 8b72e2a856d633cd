#pragma once
/// @file
/// How a long step (an import, an export, generating a district, a brief, building indexes) tells how far
/// it is: what it is doing (a stage key the user interface translates, e.g. "progress.checking"), the
/// units done and the units in all (0: not known yet). The command line shows it as a bar with rate and
/// remaining time on a terminal, as sparse lines in a log, or not at all (-q); the viewer as its
/// progress bar. An empty function is no reporting.

#include <cstdint>
#include <functional>
#include <string>

namespace gis {

using ProgressFn = std::function<void(const std::string& stage, std::int64_t done, std::int64_t total)>;

/// Calls `fn` when set; every `every` units (and at the last) for a loop over `total` items.
inline void report_progress(const ProgressFn& fn, const std::string& stage, std::int64_t done,
                            std::int64_t total, std::int64_t every = 1) {
    if (fn && (every <= 1 || done % every == 0 || done == total)) fn(stage, done, total);
}

}  // namespace gis
