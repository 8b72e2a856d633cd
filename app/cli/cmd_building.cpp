// nbhd building show: a residential building and its flats (楼盘表), who lives in each, vacant flats.

#include <iostream>

#include "app/cli/app.hpp"
#include "app/cli/occupancy_output.hpp"
#include "app/cli/output.hpp"
#include "app/i18n/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/occupancy/session.hpp"

namespace app::cli {
namespace {

using gis::occupancy::GridView;
using gis::occupancy::HouseholdView;
using i18n::tr;

struct ShowOptions {
    int number = 0;
    bool grid = false;
    bool reveal = false;
    bool json = false;
};

nlohmann::json grid_json(const GridView& g) {
    const auto& b = g.building;
    nlohmann::json j;
    j["number"] = b.number;
    j["name"] = b.name;
    j["floors"] = b.floors;
    j["entrances"] = b.entrances;
    j["flats_per_floor"] = b.flats_per_floor;
    j["first_residential_floor"] = b.first_residential_floor();
    auto shops = nlohmann::json::array();
    for (int f = 1; f < b.first_residential_floor(); ++f) shops.push_back(f);
    j["shop_floors"] = shops;
    j["entrance_side"] = std::string(1, b.entrance_side);
    j["year_built"] = b.year_built;
    j["in_compound"] = b.in_compound;
    j["households"] = g.households;
    j["residents"] = g.residents;
    j["vacant"] = g.vacant;
    std::vector<HouseholdView> flats;
    for (auto it = g.rows.rbegin(); it != g.rows.rend(); ++it)
        flats.insert(flats.end(), it->cells.begin(), it->cells.end());
    std::stable_sort(flats.begin(), flats.end(), [](const HouseholdView& a, const HouseholdView& b) {
        return std::tie(a.entrance, a.floor, a.flat) < std::tie(b.entrance, b.floor, b.flat);
    });
    j["flats"] = households_json(flats);
    j["outside"] = households_json(g.outside);
    return j;
}

std::string side_text(char side) { return tr(std::string("occ.side.") + side); }

void print_summary(const GridView& g) {
    const auto& b = g.building;
    std::cout << tr("occ.building") << ' ' << b.number << (b.name.empty() ? "" : "  " + b.name) << '\n';
    print_row(tr("occ.floors"), std::to_string(b.floors));
    print_row(tr("occ.entrances"), std::to_string(b.entrances));
    print_row(tr("occ.flats_per_floor"), std::to_string(b.flats_per_floor));
    print_row(tr("occ.first_residential_floor"),
              std::to_string(b.first_residential_floor()) +
                  (b.first_residential_floor() > 1
                       ? "  (1 " + std::string(tr("occ.floor")) + ": " + tr("occ.shops") + ")"
                       : ""));
    print_row(tr("occ.entrance_side"), side_text(b.entrance_side));
    if (b.year_built) print_row(tr("occ.year_built"), std::to_string(b.year_built));
    print_row(tr("occ.in_compound"), b.in_compound ? tr("occ.yes") : tr("occ.no"));
    print_row(tr("occ.households"), gis::with_commas(g.households));
    print_row(tr("occ.residents"), gis::with_commas(g.residents));
    print_row(tr("occ.vacant_flats"), gis::with_commas(g.vacant));
}

/// "2单元" / "Entrance 2" (the translation's %d).
std::string fmt_entrance(int e) {
    char buf[64];
    std::snprintf(buf, sizeof buf, tr("occ.view.entrance_n"), e);
    return buf;
}

/// The 楼盘表: one line per floor, top first; one column per entrance and flat.
void print_grid(const GridView& g) {
    const auto& b = g.building;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> head{tr("occ.floor")};
    for (int e = 1; e <= b.entrances; ++e)
        for (int k = 1; k <= b.flats_per_floor; ++k)
            head.push_back(fmt_entrance(e) + " " + (k < 10 ? "0" : "") + std::to_string(k));
    rows.push_back(head);
    for (const auto& r : g.rows) {
        std::vector<std::string> line{std::to_string(r.floor)};
        if (r.shops) {
            line.push_back(tr("occ.shops"));
        } else {
            std::string prev;
            for (const auto& c : r.cells) {
                std::string text = c.vacant ? std::string(tr("occ.flag.vacant"))
                                            : c.name + "(" + std::to_string(c.size) + ")" +
                                                  (c.flags.empty() ? "" : " " + flags_text(c.flags));
                if (!line.empty() && c.address == prev)  // two households in one flat share the cell
                    line.back() += " / " + text;
                else
                    line.push_back(std::to_string(c.floor * 100 + c.flat) + " " + text);
                prev = c.address;
            }
        }
        rows.push_back(line);
    }
    std::vector<std::size_t> width(head.size(), 0);
    for (const auto& r : rows)
        for (std::size_t c = 0; c < r.size() && c < width.size(); ++c)
            width[c] = std::max(width[c], display_width(r[c]));
    std::cout << tr("occ.grid") << '\n';
    for (const auto& r : rows) {
        std::string line = " ";
        for (std::size_t c = 0; c < r.size(); ++c)
            line += " " + (c + 1 < r.size() && c < width.size() ? pad(r[c], width[c]) : r[c]);
        while (!line.empty() && line.back() == ' ') line.pop_back();
        std::cout << line << '\n';
    }
}

void show(Context& ctx, const ShowOptions& o) {
    gis::district::Region region;  // the building and its households, through the attribute indexes
    region.buildings = {o.number};
    auto data = load_occupancy(ctx, false, std::move(region));
    if (!data) return;
    gis::occupancy::SearchSession session(data->index, data->path);
    auto grid = o.reveal ? session.grid_revealed(o.number, ctx.command_line) : session.grid(o.number);
    if (!grid) return ctx.fail(grid.error());
    if (o.json) return print_json(grid_json(*grid));
    print_summary(*grid);
    std::cout << '\n';
    if (o.grid) {
        print_grid(*grid);
    } else {
        std::vector<HouseholdView> flats;
        for (auto it = grid->rows.rbegin(); it != grid->rows.rend(); ++it)
            flats.insert(flats.end(), it->cells.begin(), it->cells.end());
        std::stable_sort(flats.begin(), flats.end(), [](const HouseholdView& a, const HouseholdView& b) {
            return std::tie(a.entrance, a.floor, a.flat) < std::tie(b.entrance, b.floor, b.flat);
        });
        print_households(flats, false);
    }
    if (!grid->outside.empty()) {
        std::cout << '\n' << tr("occ.outside") << '\n';
        print_households(grid->outside, false);
    }
    print_privacy_note(o.reveal, data->index->district());
}

}  // namespace

void register_building(CLI::App& root, Context& ctx) {
    auto* group = subcommand_group(root, "building", _("Residential buildings and their flats"));
    static ShowOptions o;
    auto* cmd = group->add_subcommand(
        "show",
        _("Show a residential building: its attributes and every flat with its household (vacant flats "
        "too); --grid prints the 楼盘表 (floors by entrance). Personal data masked unless --reveal"));
    cmd->add_option("number", o.number, _("Building number (楼号)"))->required()->check(CLI::Range(1, 99999999));
    cmd->add_flag("--grid", o.grid, _("Print the flats as a floor-by-entrance grid (楼盘表)"));
    cmd->add_flag("--reveal", o.reveal,
                  _("Show names, phones and ID numbers (recorded in the audit log first)"));
    cmd->add_flag("--json", o.json,
                  _("Print JSON: the building with `flats`, one object per flat (vacant: id null)"));
    cmd->callback([&ctx] { show(ctx, o); });
}

NBHD_REGISTER_COMMAND(42, register_building);

}  // namespace app::cli
