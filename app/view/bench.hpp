#pragma once
/// @file
/// `nbhd bench render`: load time, GPU upload time, and median frame times at 1920x1080 for the whole
/// data set and for a 500 m x 300 m view at its centre. A benchmark, not a test: it prints figures.

#include <string>

#include "gis/core/result.hpp"

namespace app::view {

struct BenchOptions {
    std::string data;
    int frames = 30;
};

gis::Result<void> run_render_bench(const BenchOptions& options);

/// Resident memory of this process now, MB (0 where /proc is missing).
double resident_mb();

}  // namespace app::view
