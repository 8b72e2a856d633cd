#pragma once
/// @file
/// The viewer's small per-user files (the workspace layout, the recent data sets): where they live and
/// how they are written (a temporary file renamed over the old one: never half a file). GL-free.

#include <string>

#include "gis/core/result.hpp"

namespace app::view {

/// $XDG_CONFIG_HOME/nbhd, else ~/.config/nbhd (the temporary folder when there is no home).
std::string user_config_dir();
/// Writes `text` to `path` whole or not at all, creating its folder. `cannot_write` is the error when
/// it cannot be written, translated, with {0} for the path (_("{0}: cannot write the viewer layout")).
gis::Result<void> write_config_file(const std::string& path, const std::string& text,
                                    const char* cannot_write);

}  // namespace app::view
