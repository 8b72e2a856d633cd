#pragma once
/// @file
/// The viewer's file dialog (File → Open, Add data, the exports' "Browse…"): a folder list to walk,
/// the file's name or a whole path to type, and OK/Cancel. What it lists and accepts is FileBrowser's.

#include <optional>
#include <string>
#include <vector>

#include "app/view/core/file_browser.hpp"

namespace app::view {

class FileDialog {
  public:
    /// Opens the dialog titled by the translation key `title_key`.
    void open(std::string title_key, FileBrowser::Mode mode, const std::string& folder,
              std::vector<std::string> extensions, const std::string& name = {});
    bool is_open() const { return open_; }
    /// Draws it while open; the chosen absolute path, once, when the user confirms.
    std::optional<std::string> draw();

  private:
    void take(std::optional<std::string>& chosen, const std::string& name);

    FileBrowser browser_;
    bool open_ = false, appearing_ = false;
    std::string title_key_, error_;
    char folder_[1024] = "";
    char name_[512] = "";
};

}  // namespace app::view
