#include "gis/core/cjk_font.hpp"
#include "gis/core/i18n.hpp"

#include <cstdlib>
#include <filesystem>

namespace gis {

std::vector<CjkFont> cjk_font_candidates() {
    std::vector<CjkFont> list;
    if (const char* p = std::getenv("NBHD_FONT"); p && *p) list.push_back({p, 0, "", ""});
    list.push_back(
        {"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0, "WenQuanYi Micro Hei", "fonts-wqy-microhei"});
    list.push_back(
        {"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0, "WenQuanYi Zen Hei", "fonts-wqy-zenhei"});
    list.push_back(
        {"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2, "Noto Sans CJK SC", "fonts-noto-cjk"});
    return list;
}

std::optional<CjkFont> find_cjk_font() {
    std::error_code ec;
    for (auto& f : cjk_font_candidates())
        if (std::filesystem::is_regular_file(f.path, ec)) return f;
    return std::nullopt;
}

std::string cjk_font_family() {
    // Asked for every label of a page: looked up once.
    static const std::string family = [] {
        if (auto f = find_cjk_font(); f && !f->family.empty()) return f->family;
        return std::string("WenQuanYi Micro Hei");
    }();
    return family;
}

std::string missing_cjk_font_message() {
    std::string looked;
    for (const auto& f : cjk_font_candidates()) looked += (looked.empty() ? "" : ", ") + f.path;
    return gis::i18n::format(_("no Chinese font found (looked for {0}); Chinese text would show as boxes. Install "
                               "the Debian package fonts-wqy-microhei (apt install fonts-wqy-microhei) or "
                               "fonts-noto-cjk, or set NBHD_FONT to a font file"),
                             looked);
}

}  // namespace gis
