#include "gis/district/model.hpp"

#include <algorithm>

#include <cstdio>

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

const NamedArea* District::named_area(const std::string& name) const {
    for (const auto* areas : {&compounds, &service_areas, &markets})
        for (const auto& a : *areas)
            if (!name.empty() && (a.name == name || a.name_en == name)) return &a;
    return nullptr;
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
        out += (out.empty() ? "" : ", ") + name +
               (n > 1 ? " (" + std::to_string(n) + "×, the first is used)" : "");
    return out;
}

}  // namespace gis::district
