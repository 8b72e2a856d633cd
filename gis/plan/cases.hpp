#pragma once
/// @file
/// Clean-up cases: illegal structures (polygons) and graffiti sites (points), each with a lifecycle
/// reported -> verified -> scheduled (campaign, date) -> cleared (date). Every transition is kept in the
/// case_history table. The rules are pure functions here; PlanSession writes them.

#include <cstdint>
#include <string>
#include <vector>

#include "gis/core/geometry.hpp"
#include "gis/core/result.hpp"
#include "gis/plan/edit_history.hpp"

namespace gis::plan {

enum class CaseKind { Structure, Graffiti };
enum class CaseStatus { Reported, Verified, Scheduled, Cleared };

const char* to_string(CaseStatus s);
Result<CaseStatus> case_status_from(const std::string& s);
/// Layer of a case kind: "illegal_structures" or "graffiti".
const char* case_layer(CaseKind k);

/// A case by kind and feature id. Written "S12" (illegal structure fid 12) or "G7" (graffiti fid 7).
struct CaseRef {
    CaseKind kind = CaseKind::Structure;
    std::int64_t fid = -1;
    friend bool operator==(const CaseRef&, const CaseRef&) = default;
};
std::string to_string(const CaseRef& r);
/// Parses "S12", "g7", "structure:12", "graffiti:7". BadInput otherwise.
Result<CaseRef> parse_case_ref(const std::string& text);

struct Case {
    CaseRef ref;
    CaseStatus status = CaseStatus::Reported;
    std::string what;  ///< structure type or graffiti wall
    std::string zone;  ///< "south" / "north"
    std::string reported, campaign, scheduled, cleared, note;
    double area_m2 = 0;
    int building_number = 0;
    Geometry geometry;  ///< polygon (structure) or point (graffiti)
    /// Where a crew goes: the point itself, or the polygon's centroid.
    Point site() const;
};

/// A requested change of status. `campaign` and `date` are needed for scheduled; `date` for cleared.
struct CaseTransition {
    CaseStatus to = CaseStatus::Verified;
    std::string campaign;
    std::string date;  ///< YYYY-MM-DD
    std::string note;
};

/// The statuses a case may move to from `from`: reported -> verified; verified -> scheduled;
/// scheduled -> scheduled (another campaign or date) or cleared. Cleared is final.
std::vector<CaseStatus> allowed_next(CaseStatus from);
/// BadInput naming the case, the two statuses and what is allowed; or a missing campaign or date, or a
/// date that is not a real YYYY-MM-DD day, or a clearing dated before the scheduled day.
Result<void> check_transition(const Case& c, const CaseTransition& t);
/// The case after `t` (call check_transition first).
Case apply_transition(Case c, const CaseTransition& t);
/// True for a real calendar day written YYYY-MM-DD.
bool valid_date(const std::string& s);

/// The stored lifecycle fields of a case (status, campaign, scheduled, cleared, note), for undoable edits.
Record case_record(const Case& c);

/// One row of case_history.
struct CaseHistoryEntry {
    std::int64_t fid = -1;
    CaseRef ref;
    std::string from_status, to_status, campaign, date, note, recorded;
};
/// The case_history row recording `t` on `c` (the row is written by an insert edit).
Record history_record(const Case& c, const CaseTransition& t, const std::string& recorded);

/// Every case of the data set at `path` (both layers; an absent layer reads as none).
Result<std::vector<Case>> read_cases(const std::string& path);
/// History of one case (or of all when `ref.fid` is -1), oldest first.
Result<std::vector<CaseHistoryEntry>> read_case_history(const std::string& path, const CaseRef& ref);

}  // namespace gis::plan
