#include "app/cli/occupancy_output.hpp"

#include <algorithm>
#include <iostream>

#include "app/cli/output.hpp"
#include "app/i18n/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/occupancy/stored_index.hpp"

namespace app::cli {

using gis::occupancy::HouseholdView;
using i18n::tr;

std::optional<OccupancyData> load_occupancy(Context& ctx, bool pinyin,
                                            std::optional<gis::district::Region> region) {
    auto path = ctx.dataset_path();
    if (!path) {
        ctx.fail(path.error());
        return std::nullopt;
    }
    gis::district::LoadOptions options;
    options.region = std::move(region);
    auto d = ctx.load_district(options);
    if (!d) return std::nullopt;
    auto index = gis::occupancy::OccupancyIndex::build(
        std::make_shared<const gis::district::District>(std::move(d).value()), {pinyin});
    if (!index) {
        ctx.fail(index.error());
        return std::nullopt;
    }
    return OccupancyData{path.value(),
                         std::make_shared<const gis::occupancy::OccupancyIndex>(std::move(index).value())};
}

std::optional<OccupancyData> load_for_query(Context& ctx, const gis::occupancy::Query& query) {
    auto path = ctx.dataset_path();
    if (!path) {
        ctx.fail(path.error());
        return std::nullopt;
    }
    std::string why;
    auto region = gis::occupancy::region_for_query(*path, query, &why);
    if (!region) {
        ctx.fail(region.error());
        return std::nullopt;
    }
    if (!why.empty()) std::cerr << "nbhd: " << why << '\n';
    return load_occupancy(ctx, !query.letters.empty(), std::move(region).value());
}

nlohmann::json household_json(const HouseholdView& v) {
    nlohmann::json j;
    j["id"] = v.vacant ? nlohmann::json(nullptr) : nlohmann::json(v.id);
    j["address"] = v.address;
    j["building"] = v.building;
    j["entrance"] = v.entrance;
    j["floor"] = v.floor;
    j["flat"] = v.flat;
    j["name"] = v.vacant ? nlohmann::json(nullptr) : nlohmann::json(v.name);
    j["phone"] = v.vacant ? nlohmann::json(nullptr) : nlohmann::json(v.phone);
    j["id_number"] = v.vacant ? nlohmann::json(nullptr) : nlohmann::json(v.id_number);
    j["size"] = v.size;
    j["flags"] = v.flags;
    j["match"] = gis::occupancy::to_string(v.match);
    j["revealed"] = v.revealed;
    return j;
}

nlohmann::json households_json(const std::vector<HouseholdView>& views) {
    auto a = nlohmann::json::array();
    for (const auto& v : views) a.push_back(household_json(v));
    return a;
}

std::string flags_text(const std::vector<std::string>& flags) {
    std::string out;
    for (const auto& f : flags) out += (out.empty() ? "" : ",") + std::string(tr("occ.flag." + f));
    return out;
}

void print_households(const std::vector<HouseholdView>& views, bool with_match) {
    std::vector<std::vector<std::string>> rows;
    rows.push_back({tr("occ.col.id"), tr("occ.col.address"), tr("occ.col.name"), tr("occ.col.phone"),
                    tr("occ.col.size"), tr("occ.col.flags")});
    if (with_match) rows.back().push_back(tr("occ.col.match"));
    for (const auto& v : views) {
        rows.push_back({v.vacant ? "—" : v.id, v.address, v.vacant ? "" : v.name, v.vacant ? "" : v.phone,
                        v.vacant ? "" : std::to_string(v.size), flags_text(v.flags)});
        if (with_match)
            rows.back().push_back(tr(std::string("occ.match.") + gis::occupancy::to_string(v.match)));
    }
    std::vector<std::size_t> width(rows.front().size(), 0);
    for (const auto& r : rows)
        for (std::size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], display_width(r[c]));
    for (const auto& r : rows) {
        std::string line = " ";
        for (std::size_t c = 0; c < r.size(); ++c)
            line += " " + (c + 1 < r.size() ? pad(r[c], width[c]) : r[c]);
        while (!line.empty() && line.back() == ' ') line.pop_back();
        std::cout << line << '\n';
    }
}

void print_privacy_note(bool revealed, const gis::district::District& d) {
    const bool none = !revealed && d.personal == gis::district::District::PersonalValues::Withheld;
    std::cout << (revealed ? tr("occ.revealed") : none ? tr("occ.withheld") : tr("occ.masked")) << '\n';
}

}  // namespace app::cli
