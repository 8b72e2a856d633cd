#pragma once
/// @file
/// The market rebuild (国槐街集贸市场): a stall layout drawn from the market's outline (two rows of stalls
/// facing each other across an aisle along the outline's long axis, a fire-access gap every N stalls, the
/// re-weighing desk 复称台, the supervision desk 市场监督台 and the complaints board 投诉公示栏 at the
/// ends), the stall applicants and their classes, and the open lottery that allocates the stalls: 低保
/// households of the community first, then community residents, then new traders.
///
/// The lottery is reproducible on every platform: std::mt19937_64 (its output sequence is fixed by the
/// C++ standard) seeded with the published seed, a bounded draw by rejection (not
/// std::uniform_int_distribution, whose algorithm each library chooses) and a Fisher–Yates shuffle of
/// each class's applicants sorted by a stable key (ID number, then name, then applicant number).

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "gis/core/geometry.hpp"
#include "gis/core/result.hpp"
#include "gis/district/model.hpp"
#include "gis/plan/project.hpp"

namespace gis::plan::market {

/// Layout parameters (metres; `every` stalls between fire-access gaps).
struct LayoutParams {
    double stall_width = 2.5;  ///< along the street
    double stall_depth = 2.0;  ///< across it
    double aisle = 3.0;        ///< between the two rows (the one row and the outline's far side)
    double fire_gap = 4.0;     ///< fire-access gap across a row
    int every = 10;            ///< stalls between two gaps
    double desk_length = 2.0;  ///< each desk's length along the street (its depth is the stall depth)
};

/// BadInput naming the parameter: widths 0.5..20 m, aisle 1..30 m, gap 1..30 m, every 1..200.
Result<void> check(const LayoutParams& p);

struct LayoutStall {
    int number = 0;    ///< 1.. along the first row, then back along the second
    std::string side;  ///< "A" (first row) or "B" (second row)
    Polygon polygon;
};

struct LayoutDesk {
    std::string kind;  ///< reweigh (复称台), supervision (市场监督台), complaints (投诉公示栏)
    std::string name;  ///< the Chinese name
    Polygon polygon;
};

struct Layout {
    LayoutParams params;
    std::vector<LayoutStall> stalls;
    std::vector<LayoutDesk> desks;
    int rows = 0;              ///< 1 or 2
    double axis_deg = 0;       ///< direction of the long axis, degrees counter-clockwise from east
    double length_m = 0;       ///< outline's extent along the axis
    double width_m = 0;        ///< and across it
    double stall_area_m2 = 0;  ///< all stalls
    int fire_gaps = 0;         ///< gaps per row
};

/// Lays out the stalls in `outline`. Every stall and desk lies inside it; stalls do not overlap; the
/// aisle and the gaps are exactly as wide as asked. BadInput when the outline is too narrow for one row
/// and its aisle, or too short for a stall between the desks.
Result<Layout> layout_stalls(const Polygon& outline, const LayoutParams& p = {});

/// The layout as plan items of `project`: one "market" item per stall (priced per m² by the table) and
/// one "other" item per desk (params cost_cny = the table's market.desk price, price_key market.desk).
std::vector<PlanItem> layout_items(const Layout& layout, const std::string& project,
                                   const UnitPrices& prices);

/// The stall number of a saved stall item (params "stall"), 0 when it is none.
int stall_number(const PlanItem& item);
/// The project whose area is the market. NotFound saying how to add one.
Result<const Project*> market_project(const std::vector<Project>& projects);

// --- applicants and the lottery -----------------------------------------------------------------------

enum class ApplicantClass { Dibao, Resident, Trader };
const char* to_string(ApplicantClass c);  ///< dibao, resident, trader
Result<ApplicantClass> class_from(const std::string& s);

struct Applicant {
    std::int64_t no = 0;  ///< applicant number (1.. in the order of the file)
    int row = 0;          ///< the row of the file it came from
    std::string name, phone, id_number, household_no, trade;
    ApplicantClass cls = ApplicantClass::Trader;
};

/// An applicant as read from a file, before its class is known.
struct ApplicantRow {
    int row = 0;
    std::string name, phone, id_number, household_no, trade;
};

/// Classes from the household register: household_no of a 低保 household -> Dibao, of another household
/// -> Resident, empty -> Trader. An unknown household_no is a BadInput naming the row (never a silent
/// "trader"); so is a row without a name, and the same ID number twice.
Result<std::vector<Applicant>> classify(const std::vector<ApplicantRow>& rows,
                                        const std::vector<district::Household>& households);

/// The draw: a uniform integer in [0, n) from `gen` by rejection (the same on every platform).
std::uint64_t bounded(std::uint64_t n, std::mt19937_64& gen);

struct Award {
    int stall = 0;  ///< stall number, 0 on the waiting list
    std::int64_t applicant = 0;
    ApplicantClass cls = ApplicantClass::Trader;
    int draw_place = 0;     ///< place in the whole draw (1..)
    int waiting_place = 0;  ///< 1.. on the waiting list, 0 with a stall
};

struct Allocation {
    std::uint64_t seed = 0;
    std::vector<Award> awards;  ///< every applicant, in draw order (stalls first, then the waiting list)
    int stalls = 0;             ///< stalls offered
    int count(ApplicantClass c, bool with_stall) const;
};

/// Allocates `stall_numbers` (one each) to the applicants: 低保 first, then residents, then traders,
/// each class in its drawn order; which stall each winner gets is drawn after the classes (so stall
/// numbers say nothing of a class); the rest wait in draw order.
Allocation allocate(const std::vector<Applicant>& applicants, std::vector<int> stall_numbers,
                    std::uint64_t seed);

/// One line of the notice-board list (公示名单): the stall (0 on the waiting list), the waiting place, the
/// class, the name (masked, 张*, unless revealed) and the trade. Never an ID number or a phone.
struct NoticeRow {
    int stall = 0;
    int waiting_place = 0;
    ApplicantClass cls = ApplicantClass::Trader;
    std::string name, trade;
};
/// The allocation's lines in notice order (stalls by number, then the waiting list). BadInput when the
/// allocation names an applicant that is not among `applicants` (imported again since the draw).
Result<std::vector<NoticeRow>> notice_rows(const Allocation& a, const std::vector<Applicant>& applicants,
                                           bool reveal);

}  // namespace gis::plan::market
