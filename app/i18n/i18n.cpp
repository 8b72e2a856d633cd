#include "app/i18n/i18n.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <string>

#include "app/i18n/strings.inc"

namespace app::i18n {
namespace {
std::atomic<Lang> g_lang{Lang::En};
std::atomic<bool> g_set{false};

const Entry* find(std::string_view key) {
    for (const auto& e : kStrings)
        if (key == e.key) return &e;
    return nullptr;
}
}  // namespace

Lang detect_from_environment() {
    for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        const char* v = std::getenv(var);
        if (v && *v) return std::string_view(v).rfind("zh", 0) == 0 ? Lang::Zh : Lang::En;
    }
    return Lang::En;
}

void set_language(Lang lang) {
    g_lang = lang;
    g_set = true;
}

Lang language() {
    if (!g_set) set_language(detect_from_environment());
    return g_lang;
}

bool parse_language(std::string_view text, Lang& out) {
    if (text == "zh" || text == "zh_CN" || text == "cn") {
        out = Lang::Zh;
        return true;
    }
    if (text == "en" || text == "en_US") {
        out = Lang::En;
        return true;
    }
    return false;
}

const char* tr(std::string_view key, Lang lang) {
    const Entry* e = find(key);
    if (!e) return key.data();
    return lang == Lang::Zh ? e->zh : e->en;
}

const char* tr(std::string_view key) { return tr(key, language()); }

std::size_t table_size() { return sizeof(kStrings) / sizeof(kStrings[0]); }
std::string_view key_at(std::size_t i) { return kStrings[i].key; }

}  // namespace app::i18n
