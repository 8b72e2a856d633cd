#include "app/view/panel.hpp"

#include "gis/core/strings.hpp"

namespace app::view {

std::vector<std::pair<int, PanelFactory>>& panel_registry() {
    static std::vector<std::pair<int, PanelFactory>> r;
    return r;
}

void want_glyphs(ViewContext& ctx, std::set<char32_t>& sent, const std::string& text) {
    if (!ctx.glyphs) return;
    for (char32_t c : gis::utf8_decode(text))
        if (c >= 0x80 && sent.insert(c).second) ctx.glyphs->push_back(c);
}

}  // namespace app::view
