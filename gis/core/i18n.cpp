#include "gis/core/i18n.hpp"

#include <atomic>
#include <boost/locale/gnu_gettext.hpp>
#include <boost/locale/message.hpp>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <filesystem>
#include <locale>
#include <mutex>

#include "gis/core/paths.hpp"

namespace fs = std::filesystem;

namespace gis::i18n {
namespace {

constexpr const char* kDomain = "nbhd";

std::atomic<Lang> g_lang{Lang::En};
std::atomic<bool> g_set{false};

/// The Chinese catalogue, read once on first use and kept for the process.
struct Catalogue {
    std::locale holder;  // owns the facet (facets are deleted by the last locale holding them)
    const boost::locale::message_format<char>* messages = nullptr;
    int domain = -1;
    CatalogueStatus status;
};

const Catalogue& chinese() {
    static const Catalogue c = [] {
        Catalogue out;
        const std::string dir = locale_dir();
        out.status.path = dir + "/zh_CN/LC_MESSAGES/" + kDomain + ".mo";
        std::error_code ec;
        if (!fs::is_regular_file(out.status.path, ec)) {
            out.status.problem =
                "the translation catalogue " + out.status.path +
                " is missing (reinstall nbhd, or set NBHD_LOCALE_DIR); output stays in English";
            return out;
        }
        boost::locale::gnu_gettext::messages_info info;
        info.language = "zh";
        info.country = "CN";
        info.encoding = "UTF-8";
        info.paths.push_back(dir);
        info.domains.emplace_back(kDomain);
        try {
            auto* facet = boost::locale::gnu_gettext::create_messages_facet<char>(info);
            out.holder = std::locale(std::locale::classic(), facet);
            out.messages = &std::use_facet<boost::locale::message_format<char>>(out.holder);
            out.domain = out.messages->domain(kDomain);
            out.status.loaded = true;
        } catch (const std::exception& e) {
            out.status.problem = "the translation catalogue " + out.status.path + " cannot be read (" +
                                 e.what() + "); output stays in English";
        }
        return out;
    }();
    return c;
}

bool starts_with_zh(const char* value) { return std::string_view(value).rfind("zh", 0) == 0; }

}  // namespace

Lang detect_from_environment() {
    // LANGUAGE is a list ("zh_CN:en"); its first entry decides.
    for (const char* var : {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}) {
        const char* v = std::getenv(var);
        if (!v || !*v) continue;
        // GNU gettext ignores LANGUAGE when the locale is C; here LANGUAGE alone is enough.
        return starts_with_zh(v) ? Lang::Zh : Lang::En;
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

const char* translate(const char* context, const char* msgid, Lang lang) {
    if (lang == Lang::En || !msgid || !*msgid) return msgid;
    const auto& c = chinese();
    if (!c.messages) return msgid;
    const char* t = c.messages->get(c.domain, context, msgid);
    return t && *t ? t : msgid;
}

const char* translate(const char* msgid, Lang lang) { return translate(nullptr, msgid, lang); }

const char* translate(const char* msgid) { return translate(nullptr, msgid, language()); }

CatalogueStatus catalogue_status() { return chinese().status; }

std::string all_chinese_text() {
    // GNU .mo layout: magic, revision, N, offset of the originals' table, offset of the translations'
    // table; each table entry is (length, offset) of a string. Only the translations are read.
    const auto& status = chinese().status;
    if (!status.loaded) return {};
    std::ifstream in(status.path, std::ios::binary);
    const std::string mo((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto word = [&](std::size_t at) -> std::uint32_t {
        if (at + 4 > mo.size()) return 0;
        std::uint32_t v;
        std::memcpy(&v, mo.data() + at, 4);
        return v;
    };
    if (word(0) != 0x950412deu) return {};  // written by this machine's msgfmt: native byte order
    const std::uint32_t n = word(8), translations = word(16);
    std::string out;
    for (std::uint32_t i = 0; i < n; ++i) {
        const std::uint32_t length = word(translations + 8 * i), offset = word(translations + 8 * i + 4);
        if (std::size_t(offset) + length <= mo.size()) out.append(mo, offset, length).push_back('\n');
    }
    return out;
}

std::string locale_dir() {
    if (const char* dir = std::getenv("NBHD_LOCALE_DIR"); dir && *dir) return dir;
    if (auto exe = executable_path(); !exe.empty()) {
        std::error_code ec;
        auto installed = (fs::path(exe).parent_path() / NBHD_LOCALE_FROM_BINDIR).lexically_normal();
        if (fs::exists(installed / "zh_CN/LC_MESSAGES/nbhd.mo", ec)) return installed.string();
    }
    return NBHD_BUILD_LOCALE_DIR;
}

namespace detail {
std::string substitute(std::string_view pattern, const std::string* args, std::size_t n) {
    std::string out;
    out.reserve(pattern.size() + 16);
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 1] >= '0' && pattern[i + 1] <= '9' &&
            pattern[i + 2] == '}') {
            const std::size_t k = static_cast<std::size_t>(pattern[i + 1] - '0');
            if (k < n) {
                out += args[k];
                i += 2;
                continue;
            }
        }
        out += pattern[i];
    }
    return out;
}
}  // namespace detail

}  // namespace gis::i18n
