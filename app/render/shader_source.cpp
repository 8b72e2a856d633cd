#include "app/render/shader_source.hpp"

#include <fstream>
#include <sstream>

#include "app/render/embedded_shaders.hpp"
#include "gis/core/i18n.hpp"

namespace app::render {

gis::Result<std::string> shader_source(const std::string& file) {
#ifdef NBHD_SHADER_SOURCE_DIR
    const std::string path = std::string(NBHD_SHADER_SOURCE_DIR) + "/" + file;
    std::ifstream in(path, std::ios::binary);
    if (in) {
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }
#endif
    for (const auto& s : detail::kEmbeddedShaders)
        if (file == s.name) return std::string(s.source);
    return gis::make_error(gis::ErrorCode::NotFound, gis::i18n::format(_("no shader named {0}"), file));
}

}  // namespace app::render
