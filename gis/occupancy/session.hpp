#pragma once
/// @file
/// The search session: what a front end calls as the user types. Everything it returns is masked; the
/// reveal functions first append an audit record (time, OS user, query, households) to the data set's
/// audit table and return nothing unmasked if that record cannot be written. GL-free: the viewer's
/// panels and the command line both use it.
///
///     auto index = std::make_shared<const OccupancyIndex>(std::move(OccupancyIndex::build(d).value()));
///     SearchSession session(index, dataset_path);
///     auto page = session.search("zhang w");              // masked, never throws
///     auto grid = session.grid(12);                        // 楼盘表, masked
///     auto shown = session.reveal({page.items[0].id}, "viewer: 张");  // audited first

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gis/core/result.hpp"
#include "gis/occupancy/index.hpp"
#include "gis/occupancy/view.hpp"

namespace gis::occupancy {

/// One page of results, ready to show.
struct SearchResults {
    std::size_t total = 0;  ///< matches in all
    std::size_t offset = 0;
    std::vector<HouseholdView> items;
    /// Empty, or why nothing was found, or (when `error`) what is wrong with the query.
    std::string message;
    bool error = false;
    bool no_such_address = false;  ///< nothing found: the query names an address the data does not have
};

class SearchSession {
  public:
    /// `dataset_path`: the data set the district was loaded from; audit records are written there.
    SearchSession(std::shared_ptr<const OccupancyIndex> index, std::string dataset_path);

    const OccupancyIndex& index() const { return *index_; }
    const std::string& dataset_path() const { return path_; }

    /// Masked results of a query. Bad input (a malformed address, a 1 MB paste, invalid UTF-8, a 低保
    /// search) comes back as `error` with a message, never as an exception.
    SearchResults search(std::string_view text, std::size_t limit = 50, std::size_t offset = 0) const;
    /// The 楼盘表 of a building, masked. NotFound when there is no such residential building.
    Result<GridView> grid(int building) const;

    /// Unmasked results of a query, after recording `audit_query` (default "search: TEXT") with the
    /// households shown. A 低保 search is allowed here. Errors: the query's, or the audit's (then nothing
    /// is returned).
    Result<SearchResults> search_revealed(std::string_view text, std::size_t limit = 50,
                                          std::size_t offset = 0, const std::string& audit_query = {}) const;
    /// The unmasked 楼盘表, after recording the building's households in the audit table.
    Result<GridView> grid_revealed(int building, const std::string& audit_query = {}) const;
    /// Unmasked views of the given households (by number; unknown numbers are NotFound), after
    /// recording them with `audit_query`.
    Result<std::vector<HouseholdView>> reveal(const std::vector<std::string>& household_numbers,
                                              const std::string& audit_query) const;

  private:
    std::shared_ptr<const OccupancyIndex> index_;
    std::string path_;
};

/// Appends the audit record for a reveal: action "reveal", `query`, the households' numbers. The
/// caller shows the unmasked data only when this succeeded.
Result<void> audit_reveal(const std::string& dataset_path, const std::string& query,
                          const std::vector<std::string>& household_numbers);

}  // namespace gis::occupancy
