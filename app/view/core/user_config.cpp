#include "app/view/core/user_config.hpp"
#include "gis/core/i18n.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace app::view {

namespace fs = std::filesystem;

std::string user_config_dir() {
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) return std::string(xdg) + "/nbhd";
    if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.config/nbhd";
    return fs::temp_directory_path().string() + "/nbhd";
}

gis::Result<void> write_config_file(const std::string& path, const std::string& text,
                                    const char* cannot_write) {
    const fs::path dst(path);
    std::error_code ec;
    if (dst.has_parent_path()) fs::create_directories(dst.parent_path(), ec);
    if (ec) return gis::make_error(gis::ErrorCode::Io, dst.parent_path().string() + ": " + ec.message());
    const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << text;
        if (!out.flush()) {
            fs::remove(tmp, ec);
            return gis::make_error(gis::ErrorCode::Io, gis::i18n::format(cannot_write, path));
        }
    }
    fs::rename(tmp, dst, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(tmp, ignored);
        return gis::make_error(gis::ErrorCode::Io, path + ": " + ec.message());
    }
    return {};
}

}  // namespace app::view
