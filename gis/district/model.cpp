#include "gis/district/model.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"

namespace gis::district {

const char* to_string(BuildingKind k) {
    switch (k) {
        case BuildingKind::Residential:
            return "residential";
        case BuildingKind::Unit:
            return "unit";
        case BuildingKind::School:
            return "school";
        case BuildingKind::ShopRow:
            return "shop_row";
        case BuildingKind::Ancillary:
            return "ancillary";
        case BuildingKind::Other:
            return "other";
    }
    return "other";
}

BuildingKind building_kind_from(const std::string& s) {
    if (s == "residential") return BuildingKind::Residential;
    if (s == "unit") return BuildingKind::Unit;
    if (s == "school") return BuildingKind::School;
    if (s == "shop_row") return BuildingKind::ShopRow;
    if (s == "ancillary") return BuildingKind::Ancillary;
    return BuildingKind::Other;
}

std::string format_address(int building, int entrance, int floor, int flat) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%d-%d-%d%02d", building, entrance, floor, flat);
    return buf;
}

const Building* District::building_by_number(int number) const {
    auto it = by_number_.find(number);
    return it == by_number_.end() ? nullptr : &buildings[it->second];
}

const Building* District::building_by_fid(std::int64_t fid) const {
    auto it = by_fid_.find(fid);
    return it == by_fid_.end() ? nullptr : &buildings[it->second];
}

BBox District::extent() const {
    BBox b = bbox_of(boundary.polygon);
    for (const auto& s : streets)
        for (const auto& p : s.centreline) b.expand(p);
    for (const auto& bl : buildings) b.expand(bbox_of(bl.footprint));
    return b;
}

void District::reindex() {
    by_number_.clear();
    by_fid_.clear();
    by_number_.reserve(buildings.size());
    by_fid_.reserve(buildings.size());
    for (std::size_t i = 0; i < buildings.size(); ++i) {
        if (buildings[i].kind == BuildingKind::Residential && buildings[i].number > 0)
            by_number_[buildings[i].number] = i;
        by_fid_[buildings[i].fid] = i;
    }
}

std::string District::area_base_name(const std::string& name) {
    const auto hash = name.rfind('#');
    return hash == std::string::npos ? name : name.substr(0, hash);
}

Result<const NamedArea*> District::find_named_area(const std::string& text) const {
    const std::string name = area_base_name(text);
    std::optional<std::int64_t> fid;
    if (name.size() != text.size()) {
        const std::string digits = text.substr(name.size() + 1);
        char* end = nullptr;
        const long long v = std::strtoll(digits.c_str(), &end, 10);
        if (digits.empty() || *end)
            return make_error(ErrorCode::BadInput,
                              gis::i18n::format(_("area {0}: after # comes the area's feature id, e.g. "
                                                  "行政南小区#17"),
                                                quote_for_message(text)));
        fid = v;
    }
    std::vector<const NamedArea*> found;
    for (const auto* areas : {&compounds, &service_areas, &markets})
        for (const auto& a : *areas)
            if (!name.empty() && (a.name == name || a.name_en == name) && (!fid || a.fid == *fid))
                found.push_back(&a);
    if (found.empty()) {
        const std::string known = area_names();
        return make_error(ErrorCode::NotFound,
                          gis::i18n::format(_("no area named {0} in the data set (areas: {1})"),
                                            quote_for_message(text), known.empty() ? std::string(_("none")) : known));
    }
    if (found.size() > 1) {
        std::string ids;
        for (std::size_t i = 0; i < found.size() && i < 8; ++i)
            ids += (i ? ", " : "") + name + "#" + std::to_string(found[i]->fid);
        if (found.size() > 8) ids += ", …";
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("{0} areas are named {1}: name one by its feature id ({2}) or draw "
                                              "it with --wkt"),
                                            found.size(), quote_for_message(name), ids));
    }
    return found.front();
}

std::string District::area_names() const {
    // Each name once, with how many areas share it (a city's districts repeat their areas' names).
    std::vector<std::pair<std::string, int>> names;
    for (const auto* areas : {&compounds, &service_areas, &markets})
        for (const auto& a : *areas) {
            if (a.name.empty()) continue;
            auto it =
                std::find_if(names.begin(), names.end(), [&](const auto& n) { return n.first == a.name; });
            if (it == names.end())
                names.push_back({a.name, 1});
            else
                ++it->second;
        }
    std::string out;
    for (const auto& [name, n] : names)
        out += (out.empty() ? "" : ", ") + (n > 1 ? gis::i18n::format(_("{0} ({1}×, the first is used)"), name, n) : name);
    return out;
}

}  // namespace gis::district
