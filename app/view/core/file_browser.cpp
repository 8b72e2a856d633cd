#include "app/view/core/file_browser.hpp"

#include "app/view/core/user_config.hpp"
#include "gis/core/i18n.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace app::view {

namespace fs = std::filesystem;
using gis::ErrorCode;
using gis::make_error;

namespace {

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool ends_with_any(const std::string& name, const std::vector<std::string>& extensions) {
    if (extensions.empty()) return true;
    const std::string n = lower(name);
    for (const auto& e : extensions)
        if (n.size() >= e.size() && n.compare(n.size() - e.size(), e.size(), lower(e)) == 0) return true;
    return false;
}

bool is_server(const std::string& path) { return path.rfind("PG:", 0) == 0 || path.rfind("pg:", 0) == 0; }

}  // namespace

std::string absolute_path(const std::string& path) {
    std::error_code ec;
    const fs::path p = fs::absolute(fs::u8path(path), ec);
    return ec ? path : p.lexically_normal().string();
}

gis::Result<void> FileBrowser::start(Mode mode, const std::string& folder,
                                     std::vector<std::string> extensions, std::string name) {
    mode_ = mode;
    extensions_ = std::move(extensions);
    name_ = std::move(name);
    std::error_code ec;
    std::string start = folder.empty() ? fs::current_path(ec).string() : folder;
    if (!fs::is_directory(start, ec)) start = fs::path(start).parent_path().string();
    if (start.empty() || !fs::is_directory(start, ec)) {
        const char* home = std::getenv("HOME");
        start = home && *home ? home : "/";
    }
    return list(start);
}

gis::Result<void> FileBrowser::list(const std::string& folder) {
    std::error_code ec;
    fs::directory_iterator it(fs::u8path(folder), fs::directory_options::skip_permission_denied, ec);
    if (ec) return make_error(ErrorCode::NotFound, folder + ": " + ec.message());
    std::vector<FileEntry> out;
    for (const auto& e : it) {
        const std::string n = e.path().filename().string();
        if (n.empty() || n[0] == '.') continue;  // hidden files and nbhd's own staging folders
        std::error_code e2;
        const bool dir = e.is_directory(e2);
        if (!dir && !ends_with_any(n, extensions_)) continue;
        FileEntry f{n, dir, 0};
        if (!dir) f.bytes = e.file_size(e2);
        out.push_back(std::move(f));
    }
    std::sort(out.begin(), out.end(), [](const FileEntry& a, const FileEntry& b) {
        if (a.folder != b.folder) return a.folder;
        return lower(a.name) < lower(b.name);
    });
    folder_ = absolute_path(folder);
    entries_ = std::move(out);
    return {};
}

gis::Result<void> FileBrowser::enter(const std::string& entry) {
    if (entry == "..") {
        const fs::path parent = fs::path(folder_).parent_path();
        return list(parent.empty() ? folder_ : parent.string());
    }
    return list((fs::path(folder_) / fs::u8path(entry)).string());
}

gis::Result<void> FileBrowser::go(const std::string& folder) {
    std::error_code ec;
    if (!fs::is_directory(fs::u8path(folder), ec))
        return make_error(ErrorCode::NotFound, gis::i18n::format(_("{0}: no such folder"), folder));
    return list(folder);
}

gis::Result<std::string> FileBrowser::choose(const std::string& name) const {
    if (name.empty()) return make_error(ErrorCode::BadInput, _("choose a file, or type its name"));
    fs::path p = fs::u8path(name);
    if (p.is_relative()) p = fs::path(folder_) / p;
    std::error_code ec;
    if (mode_ == Mode::Open) {
        if (!fs::exists(p, ec))
            return make_error(ErrorCode::NotFound, gis::i18n::format(_("{0}: no such file"), p.string()));
        return absolute_path(p.string());
    }
    if (!extensions_.empty() && !ends_with_any(p.filename().string(), extensions_)) p += extensions_.front();
    const fs::path dir = p.parent_path();
    if (!fs::is_directory(dir, ec))
        return make_error(ErrorCode::NotFound, gis::i18n::format(_("{0}: no such folder"), dir.string()));
    if (::access(dir.c_str(), W_OK) != 0)
        return make_error(
            ErrorCode::ReadOnly,
            gis::i18n::format(_("{0}: this folder cannot be written to; choose another"), dir.string()));
    if (fs::is_directory(p, ec))
        return make_error(ErrorCode::BadInput, gis::i18n::format(_("{0} is a folder"), p.string()));
    return absolute_path(p.string());
}

std::string RecentFiles::user_path() { return user_config_dir() + "/recent.json"; }

RecentFiles RecentFiles::load(const std::string& path) {
    RecentFiles r;
    std::ifstream in(path);
    if (!in) return r;
    std::stringstream text;
    text << in.rdbuf();
    const auto j = nlohmann::json::parse(text.str(), nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("files") || !j["files"].is_array()) return r;
    std::error_code ec;
    for (const auto& f : j["files"])
        if (f.is_string() && fs::exists(fs::u8path(f.get<std::string>()), ec) && r.files_.size() < kMax)
            r.files_.push_back(f.get<std::string>());
    return r;
}

void RecentFiles::add(const std::string& file) {
    if (file.empty() || is_server(file)) return;  // a connection string may hold a password
    const std::string a = absolute_path(file);
    files_.erase(std::remove(files_.begin(), files_.end(), a), files_.end());
    files_.insert(files_.begin(), a);
    if (files_.size() > kMax) files_.resize(kMax);
}

gis::Result<void> RecentFiles::save(const std::string& path) const {
    return write_config_file(path, nlohmann::json{{"files", files_}}.dump(2) + "\n",
                             _("{0}: cannot write the recent files"));
}

std::string export_folder(const std::string& dataset_path) {
    std::error_code ec;
    if (!dataset_path.empty() && !is_server(dataset_path)) {
        const fs::path dir = fs::absolute(fs::u8path(dataset_path), ec).parent_path();
        if (!ec && fs::is_directory(dir, ec) && ::access(dir.c_str(), W_OK) == 0) return dir.string();
    }
    const char* home = std::getenv("HOME");
    if (home && *home && ::access(home, W_OK) == 0) return home;
    return fs::temp_directory_path().string();
}

}  // namespace app::view
