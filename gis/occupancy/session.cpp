#include "gis/occupancy/session.hpp"

#include "gis/privacy/privacy.hpp"

namespace gis::occupancy {

Result<void> audit_reveal(const std::string& dataset_path, const std::string& query,
                          const std::vector<std::string>& household_numbers) {
    return privacy::append_audit(dataset_path, "reveal", query, household_numbers);
}

SearchSession::SearchSession(std::shared_ptr<const OccupancyIndex> index, std::string dataset_path)
    : index_(std::move(index)), path_(std::move(dataset_path)) {}

SearchResults SearchSession::search(std::string_view text, std::size_t limit, std::size_t offset) const {
    SearchResults out;
    out.offset = offset;
    auto page = index_->search(text, {limit, offset, false});
    if (!page) {
        out.message = page.error().message;
        out.error = true;
        return out;
    }
    out.total = page->total;
    out.message = page->note;
    out.items = views_of(*index_, page->hits, Disclosure::Masked);
    return out;
}

Result<GridView> SearchSession::grid(int building) const {
    auto g = index_->grid(building);
    if (!g) return g.error();
    return view_of(*index_, *g, Disclosure::Masked);
}

Result<SearchResults> SearchSession::search_revealed(std::string_view text, std::size_t limit,
                                                     std::size_t offset,
                                                     const std::string& audit_query) const {
    auto page = index_->search(text, {limit, offset, true});
    if (!page) return page.error();
    SearchResults out;
    out.offset = offset;
    out.total = page->total;
    out.message = page->note;
    auto masked = views_of(*index_, page->hits, Disclosure::Masked);
    auto record = audit_reveal(path_, audit_query.empty() ? "search: " + std::string(text) : audit_query,
                               household_numbers(masked));
    if (!record) return record.error();
    out.items = views_of(*index_, page->hits, Disclosure::Revealed);
    return out;
}

Result<GridView> SearchSession::grid_revealed(int building, const std::string& audit_query) const {
    auto g = index_->grid(building);
    if (!g) return g.error();
    std::vector<std::string> numbers;
    for (const auto& row : g->rows)
        for (const auto& cell : row.cells)
            for (HouseholdId id : cell.households) numbers.push_back(index_->household(id).household_no);
    for (HouseholdId id : g->outside) numbers.push_back(index_->household(id).household_no);
    auto record = audit_reveal(
        path_, audit_query.empty() ? "building grid: " + std::to_string(building) : audit_query, numbers);
    if (!record) return record.error();
    return view_of(*index_, *g, Disclosure::Revealed);
}

Result<std::vector<HouseholdView>> SearchSession::reveal(const std::vector<std::string>& household_numbers,
                                                         const std::string& audit_query) const {
    std::vector<HouseholdId> ids;
    for (const auto& n : household_numbers) {
        auto id = index_->find_number(n);
        if (!id) return make_error(ErrorCode::NotFound, "no household numbered " + n);
        ids.push_back(*id);
    }
    std::vector<std::string> numbers;
    for (HouseholdId id : ids) numbers.push_back(index_->household(id).household_no);
    if (auto record = audit_reveal(path_, audit_query, numbers); !record) return record.error();
    std::vector<HouseholdView> out;
    for (HouseholdId id : ids) out.push_back(view_of(index_->household(id), Disclosure::Revealed));
    return out;
}

}  // namespace gis::occupancy
