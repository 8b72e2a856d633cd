#pragma once
/// @file
/// Shader sources by file name ("fill.vert.glsl"): embedded at build time from shaders/, or read from
/// the source tree when built with NBHD_SHADERS_FROM_SOURCE=ON (edit a shader, restart, see it).

#include <string>

#include "gis/core/result.hpp"

namespace app::render {

gis::Result<std::string> shader_source(const std::string& file);

}  // namespace app::render
