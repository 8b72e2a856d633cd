#include "gis/occupancy/view.hpp"

#include "gis/privacy/privacy.hpp"

namespace gis::occupancy {

HouseholdView view_of(const district::Household& h, Disclosure disclosure) {
    const bool reveal = disclosure == Disclosure::Revealed;
    HouseholdView v;
    v.id = h.household_no;
    v.building = h.building_number;
    v.entrance = h.entrance;
    v.floor = h.floor;
    v.flat = h.flat;
    v.address =
        h.address.empty() ? FlatRef{h.building_number, h.entrance, h.floor, h.flat}.address() : h.address;
    v.name = reveal ? h.head_name : privacy::mask_name(h.head_name);
    v.phone = reveal ? h.phone : privacy::mask_phone(h.phone);
    v.id_number = reveal ? h.id_number : privacy::mask_id_number(h.id_number);
    v.size = h.size;
    if (reveal && h.low_income) v.flags.push_back(to_string(Flag::LowIncome));
    if (h.migrant) v.flags.push_back(to_string(Flag::Migrant));
    if (h.tenant) v.flags.push_back(to_string(Flag::Tenant));
    if (h.elderly_alone) v.flags.push_back(to_string(Flag::ElderlyAlone));
    v.revealed = reveal;
    return v;
}

HouseholdView vacant_view(const FlatRef& flat) {
    HouseholdView v;
    v.address = flat.address();
    v.building = flat.building;
    v.entrance = flat.entrance;
    v.floor = flat.floor;
    v.flat = flat.flat;
    v.flags.push_back(to_string(Flag::Vacant));
    v.match = MatchKind::Vacant;
    v.vacant = true;
    return v;
}

HouseholdView view_of(const OccupancyIndex& index, const Hit& hit, Disclosure disclosure) {
    HouseholdView v = hit.household == kNoHousehold ? vacant_view(hit.flat)
                                                    : view_of(index.household(hit.household), disclosure);
    v.match = hit.kind;
    return v;
}

std::vector<HouseholdView> views_of(const OccupancyIndex& index, const std::vector<Hit>& hits,
                                    Disclosure disclosure) {
    std::vector<HouseholdView> out;
    out.reserve(hits.size());
    for (const Hit& h : hits) out.push_back(view_of(index, h, disclosure));
    return out;
}

GridView view_of(const OccupancyIndex& index, const BuildingGrid& grid, Disclosure disclosure) {
    GridView g;
    g.building = grid.building;
    g.households = grid.households;
    g.residents = grid.residents;
    g.vacant = grid.vacant;
    for (const GridRow& row : grid.rows) {
        GridRowView r;
        r.floor = row.floor;
        r.shops = row.shops;
        for (const GridCell& cell : row.cells) {
            if (cell.households.empty()) r.cells.push_back(vacant_view(cell.flat));
            for (HouseholdId id : cell.households)
                r.cells.push_back(view_of(index.household(id), disclosure));
        }
        g.rows.push_back(std::move(r));
    }
    for (HouseholdId id : grid.outside) g.outside.push_back(view_of(index.household(id), disclosure));
    return g;
}

std::vector<std::string> household_numbers(const std::vector<HouseholdView>& views) {
    std::vector<std::string> out;
    for (const auto& v : views)
        if (!v.id.empty()) out.push_back(v.id);
    return out;
}

}  // namespace gis::occupancy
