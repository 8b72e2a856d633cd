#pragma once
/// @file
/// What front ends show of a household: text fields already masked (张*伟, 138****5678, last four of
/// the ID number) unless the caller revealed them. Low-income status is personal data too: the
/// "low_income" flag appears only in revealed views.

#include <string>
#include <vector>

#include "gis/district/model.hpp"
#include "gis/occupancy/index.hpp"

namespace gis::occupancy {

enum class Disclosure {
    Masked,    ///< the default for every output
    Revealed,  ///< only after an audit record was written (see session.hpp)
};

/// One household, or one vacant flat (`id` empty, `vacant` true), ready to print.
struct HouseholdView {
    std::string id;  ///< household number (户号); empty for a vacant flat
    std::string address;
    int building = 0;
    int entrance = 0;
    int floor = 0;
    int flat = 0;
    std::string name;       ///< head of household, masked unless revealed
    std::string phone;      ///< masked unless revealed
    std::string id_number;  ///< masked unless revealed (never more than the last 4 otherwise)
    int size = 0;
    /// "migrant", "tenant", "elderly_alone", and "low_income" only when revealed.
    std::vector<std::string> flags;
    MatchKind match = MatchKind::Address;
    bool vacant = false;
    bool revealed = false;
};

HouseholdView view_of(const district::Household& h, Disclosure disclosure);
HouseholdView vacant_view(const FlatRef& flat);
/// The view of a search hit.
HouseholdView view_of(const OccupancyIndex& index, const Hit& hit, Disclosure disclosure);
/// Views of every hit of a page, in order.
std::vector<HouseholdView> views_of(const OccupancyIndex& index, const std::vector<Hit>& hits,
                                    Disclosure disclosure);

/// A 楼盘表 ready to print: each cell's view (vacant flats as vacant_view).
struct GridRowView {
    int floor = 0;
    bool shops = false;
    std::vector<HouseholdView> cells;  ///< by entrance, then flat; two households in a flat give two cells
};
struct GridView {
    district::Building building;
    std::vector<GridRowView> rows;  ///< top floor first
    std::vector<HouseholdView> outside;
    int households = 0;
    int residents = 0;
    int vacant = 0;
};
GridView view_of(const OccupancyIndex& index, const BuildingGrid& grid, Disclosure disclosure);

/// Household numbers of the households a set of views shows (for the audit record).
std::vector<std::string> household_numbers(const std::vector<HouseholdView>& views);

}  // namespace gis::occupancy
