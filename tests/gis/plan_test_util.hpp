#pragma once
// Shared by the planning tests: a private copy of the shipped data set, and the stored state to compare.

#include <unistd.h>
#include "../scratch.hpp"

#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

#include "gis/plan/cases.hpp"
#include "gis/plan/store.hpp"

namespace plan_test {

/// A fresh copy of the shipped data set in a folder unique to this process and call.
inline std::string fresh_copy(const std::string& tag) {
    const std::filesystem::path dir = nbhd_test::scratch_dir("nbhd-plan-" + tag);
    auto path = (dir / "d.gpkg").string();
    std::filesystem::copy_file(NBHD_ASSET_FILE, path);
    return path;
}

/// Everything a plan edit can change, as stored in the file.
struct Stored {
    gis::plan::PlanData plan;
    std::vector<std::string> cases;    ///< id, status, campaign, scheduled, cleared, note
    std::vector<std::string> history;  ///< rows of case_history without their fid
    bool operator==(const Stored& o) const {
        return without_fids(plan.projects) == without_fids(o.plan.projects) && plan.items == o.plan.items &&
               without_fids(plan.campaigns) == without_fids(o.plan.campaigns) && cases == o.cases &&
               history == o.history;
    }
    /// Rows re-inserted by redo get new fids; their content is what must match.
    template <class T>
    static std::vector<T> without_fids(std::vector<T> v) {
        for (auto& x : v) x.fid = -1;
        return v;
    }
};

inline Stored stored(const std::string& path) {
    Stored s;
    auto p = gis::plan::read_plan(path);
    if (p.ok()) s.plan = std::move(p.value());
    auto c = gis::plan::read_cases(path);
    if (c.ok())
        for (const auto& k : c.value())
            s.cases.push_back(gis::plan::to_string(k.ref) + "|" + gis::plan::to_string(k.status) + "|" +
                              k.campaign + "|" + k.scheduled + "|" + k.cleared + "|" + k.note);
    auto h = gis::plan::read_case_history(path, {gis::plan::CaseKind::Structure, -1});
    if (h.ok())
        for (const auto& e : h.value())
            s.history.push_back(gis::plan::to_string(e.ref) + "|" + e.from_status + "|" + e.to_status + "|" +
                                e.campaign + "|" + e.date + "|" + e.note + "|" + e.recorded);
    return s;
}

}  // namespace plan_test
