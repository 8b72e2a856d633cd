#include "app/view/core/workspace_layout.hpp"

#include "app/view/core/user_config.hpp"
#include "gis/core/i18n.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace app::view {

namespace fs = std::filesystem;
using gis::ErrorCode;
using gis::make_error;

namespace {

int index_of(Dock dock) { return dock == Dock::Left ? 0 : dock == Dock::Right ? 1 : 2; }

}  // namespace

const char* to_string(Dock dock) {
    switch (dock) {
        case Dock::Left:
            return "left";
        case Dock::Right:
            return "right";
        case Dock::Bottom:
            return "bottom";
        case Dock::Floating:
            return "floating";
    }
    return "right";
}

std::optional<Dock> dock_from_string(const std::string& text) {
    for (Dock d : {Dock::Left, Dock::Right, Dock::Bottom, Dock::Floating})
        if (text == to_string(d)) return d;
    return std::nullopt;
}

Dock WorkspaceLayout::default_dock(const std::string& panel) {
    if (panel == "layers" || panel == "district") return Dock::Left;
    if (panel == "schedule" || panel == "grid") return Dock::Bottom;
    return Dock::Right;
}

Dock WorkspaceLayout::dock_of(const std::string& panel) const {
    auto it = docks_.find(panel);
    return it == docks_.end() ? default_dock(panel) : it->second;
}

void WorkspaceLayout::set_dock(const std::string& panel, Dock dock) {
    if (dock == default_dock(panel))
        docks_.erase(panel);
    else
        docks_[panel] = dock;
}

float WorkspaceLayout::size(Dock dock) const {
    return dock == Dock::Left ? left_ : dock == Dock::Right ? right_ : bottom_;
}

void WorkspaceLayout::set_size(Dock dock, float size) {
    if (!(size == size)) return;  // NaN from a damaged file
    if (dock == Dock::Left) left_ = std::clamp(size, kMinSide, 1200.0f);
    if (dock == Dock::Right) right_ = std::clamp(size, kMinSide, 1200.0f);
    if (dock == Dock::Bottom) bottom_ = std::clamp(size, kMinBottom, 900.0f);
}

bool WorkspaceLayout::collapsed(Dock dock) const {
    return dock != Dock::Floating && collapsed_[index_of(dock)];
}

void WorkspaceLayout::set_collapsed(Dock dock, bool collapsed) {
    if (dock != Dock::Floating) collapsed_[index_of(dock)] = collapsed;
}

const std::string& WorkspaceLayout::active(Dock dock) const {
    static const std::string none;
    return dock == Dock::Floating ? none : active_[index_of(dock)];
}

void WorkspaceLayout::set_active(Dock dock, const std::string& panel) {
    if (dock != Dock::Floating) active_[index_of(dock)] = panel;
}

WorkspaceAreas WorkspaceLayout::arrange(const gis::BBox& work, bool left_used, bool right_used,
                                        bool bottom_used) const {
    WorkspaceAreas a;
    const double w = std::max(0.0, work.width()), h = std::max(0.0, work.height());
    double lw = left_used ? (collapsed(Dock::Left) ? kCollapsedWidth : left_) : 0;
    double rw = right_used ? (collapsed(Dock::Right) ? kCollapsedWidth : right_) : 0;
    double bh = bottom_used ? (collapsed(Dock::Bottom) ? kCollapsedWidth : bottom_) : 0;
    // The map keeps half the width and 40 % of the height: the docks give way (in proportion).
    if (lw + rw > 0.5 * w && lw + rw > 0) {
        const double k = 0.5 * w / (lw + rw);
        lw *= k;
        rw *= k;
    }
    if (bh > 0.6 * h) bh = 0.6 * h;
    if (left_used) a.left = gis::BBox{work.minx, work.miny, work.minx + lw, work.maxy};
    if (right_used) a.right = gis::BBox{work.maxx - rw, work.miny, work.maxx, work.maxy};
    const double mid_l = work.minx + lw, mid_r = work.maxx - rw;
    if (bottom_used) a.bottom = gis::BBox{mid_l, work.maxy - bh, mid_r, work.maxy};
    a.map = gis::BBox{mid_l, work.miny, mid_r, work.maxy - bh};
    return a;
}

std::string WorkspaceLayout::to_json() const {
    nlohmann::json j;
    j["version"] = 1;
    for (Dock d : {Dock::Left, Dock::Right, Dock::Bottom}) {
        nlohmann::json dj;
        dj["size"] = size(d);
        dj["collapsed"] = collapsed(d);
        dj["active"] = active(d);
        j["docks"][to_string(d)] = dj;
    }
    j["panels"] = nlohmann::json::object();
    for (const auto& [panel, dock] : docks_) j["panels"][panel] = to_string(dock);
    if (open_) j["open"] = std::vector<std::string>(open_->begin(), open_->end());
    return j.dump(2) + "\n";
}

gis::Result<WorkspaceLayout> WorkspaceLayout::from_json(const std::string& text) {
    WorkspaceLayout l;
    try {
        const auto j = nlohmann::json::parse(text);
        if (!j.is_object() || j.value("version", 0) != 1)
            return make_error(ErrorCode::Damaged, _("not an nbhd viewer layout (version 1)"));
        if (j.contains("docks"))
            for (Dock d : {Dock::Left, Dock::Right, Dock::Bottom}) {
                if (!j["docks"].contains(to_string(d))) continue;
                const auto& dj = j["docks"][to_string(d)];
                l.set_size(d, dj.value("size", l.size(d)));
                l.set_collapsed(d, dj.value("collapsed", false));
                l.set_active(d, dj.value("active", std::string()));
            }
        if (j.contains("panels"))
            for (const auto& [panel, dock] : j["panels"].items()) {
                auto d = dock_from_string(dock.get<std::string>());
                if (!d)
                    return make_error(ErrorCode::Damaged, gis::i18n::format(_("panel {0}: unknown place {1}"),
                                                                            panel, dock.get<std::string>()));
                l.set_dock(panel, *d);
            }
        if (j.contains("open")) l.open_ = j["open"].get<std::set<std::string>>();
    } catch (const nlohmann::json::exception& e) {
        return make_error(ErrorCode::Damaged, gis::i18n::format(_("damaged viewer layout: {0}"), e.what()));
    }
    return l;
}

gis::Result<WorkspaceLayout> WorkspaceLayout::load(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) return WorkspaceLayout{};
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return make_error(ErrorCode::Io, gis::i18n::format(_("{0}: cannot read the viewer layout"), path));
    std::ostringstream text;
    text << in.rdbuf();
    auto l = from_json(text.str());
    if (!l) return make_error(l.error().code, path + ": " + l.error().message);
    return l;
}

gis::Result<void> WorkspaceLayout::save(const std::string& path) const {
    return write_config_file(path, to_json(), _("{0}: cannot write the viewer layout"));
}

std::string WorkspaceLayout::user_path() { return user_config_dir() + "/viewer-layout.json"; }

}  // namespace app::view
