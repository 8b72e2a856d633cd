#include "app/view/file_dialog.hpp"

#include <imgui.h>

#include <cstdio>

#include "app/i18n/i18n.hpp"
#include "gis/core/strings.hpp"

namespace app::view {

using i18n::tr;

void FileDialog::open(std::string title_key, FileBrowser::Mode mode, const std::string& folder,
                      std::vector<std::string> extensions, const std::string& name) {
    title_key_ = std::move(title_key);
    error_.clear();
    if (auto r = browser_.start(mode, folder, std::move(extensions), name); !r) error_ = r.error().message;
    std::snprintf(folder_, sizeof folder_, "%s", browser_.folder().c_str());
    std::snprintf(name_, sizeof name_, "%s", name.c_str());
    open_ = appearing_ = true;
}

void FileDialog::take(std::optional<std::string>& chosen, const std::string& name) {
    auto path = browser_.choose(name);
    if (!path) {
        error_ = path.error().message;
        return;
    }
    chosen = std::move(path.value());
    open_ = false;
}

std::optional<std::string> FileDialog::draw() {
    std::optional<std::string> chosen;
    if (!open_) return chosen;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos({vp->WorkPos.x + vp->WorkSize.x / 2, vp->WorkPos.y + vp->WorkSize.y / 2},
                            ImGuiCond_Appearing, {0.5f, 0.5f});
    ImGui::SetNextWindowSize({640, 480}, ImGuiCond_Appearing);
    if (appearing_) ImGui::SetNextWindowFocus();
    appearing_ = false;
    const std::string title = std::string(tr(title_key_)) + "###file_dialog";
    if (!ImGui::Begin(title.c_str(), &open_,
                      ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse)) {
        ImGui::End();
        return chosen;
    }
    auto refresh = [&] { std::snprintf(folder_, sizeof folder_, "%s", browser_.folder().c_str()); };
    if (ImGui::Button("..")) {
        if (auto r = browser_.enter(".."); !r) error_ = r.error().message;
        refresh();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("view.file.up"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputText("##folder", folder_, sizeof folder_, ImGuiInputTextFlags_EnterReturnsTrue)) {
        if (auto r = browser_.go(folder_); !r) error_ = r.error().message;
        refresh();
    }
    const float footer = ImGui::GetFrameHeightWithSpacing() * 2 + ImGui::GetTextLineHeightWithSpacing() * 2;
    if (ImGui::BeginChild("##entries", {0, -footer}, true)) {
        const auto entries = browser_.entries();  // a copy: entering a folder lists another
        if (entries.empty()) ImGui::TextDisabled("%s", tr("view.file.empty"));
        for (const auto& e : entries) {
            const std::string label = (e.folder ? "[" + e.name + "]" : e.name) + "##" + e.name;
            const bool picked = name_ == e.name;
            if (ImGui::Selectable(label.c_str(), picked, ImGuiSelectableFlags_AllowDoubleClick)) {
                if (!e.folder) std::snprintf(name_, sizeof name_, "%s", e.name.c_str());
                if (ImGui::IsMouseDoubleClicked(0)) {
                    if (e.folder) {
                        if (auto r = browser_.enter(e.name); !r) error_ = r.error().message;
                        refresh();
                    } else {
                        take(chosen, e.name);
                    }
                }
            }
            if (!e.folder) {
                ImGui::SameLine(ImGui::GetWindowWidth() - 110);
                ImGui::TextDisabled("%s",
                                    gis::with_commas(static_cast<std::int64_t>(e.bytes / 1024 + 1)).c_str());
                ImGui::SameLine();
                ImGui::TextDisabled("KB");
            }
        }
    }
    ImGui::EndChild();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("view.file.name"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-170);
    const bool enter = ImGui::InputText("##name", name_, sizeof name_, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if (ImGui::Button(tr(browser_.mode() == FileBrowser::Mode::Save ? "view.file.save" : "view.file.open"),
                      {76, 0}) ||
        enter)
        take(chosen, name_);
    ImGui::SameLine();
    if (ImGui::Button(tr("view.file.cancel"), {76, 0})) open_ = false;
    if (!error_.empty())
        ImGui::TextColored({0.7f, 0.1f, 0.1f, 1}, "%s", error_.c_str());
    else
        ImGui::TextDisabled("%s", browser_.folder().c_str());
    ImGui::End();
    return chosen;
}

}  // namespace app::view
