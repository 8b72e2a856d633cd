#include "gis/occupancy/session.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "gis/core/i18n.hpp"
#include "gis/privacy/privacy.hpp"
#include "gis/server/server.hpp"

namespace gis::occupancy {

Result<void> audit_reveal(const std::string& dataset_path, const std::string& query,
                          const std::vector<std::string>& household_numbers) {
    auto d = server::disclose(dataset_path, "reveal", query, household_numbers);
    if (!d) return d.error();
    return {};
}

namespace {

/// A revealed view with the values a secured server gave (unchanged when the data set's own are them).
void apply(HouseholdView& v, const server::Disclosed& disclosed, const OccupancyIndex& index) {
    if (!disclosed || v.id.empty()) return;
    const auto id = index.find_number(v.id);
    if (!id) return;
    district::Household h = index.household(*id);
    server::apply_disclosed(h, disclosed);
    const HouseholdView fresh = view_of(h, Disclosure::Revealed);
    v.name = fresh.name;
    v.phone = fresh.phone;
    v.id_number = fresh.id_number;
    v.flags = fresh.flags;
}

void apply(GridView& g, const server::Disclosed& disclosed, const OccupancyIndex& index) {
    for (auto& row : g.rows)
        for (auto& cell : row.cells) apply(cell, disclosed, index);
    for (auto& v : g.outside) apply(v, disclosed, index);
}

/// On a secured server, a name or phone query was compared by the server (Region::server_matches): the
/// page is its matches (the names here are masked and could not be compared), with the address and
/// household-number matches of the local search. nullopt elsewhere.
std::optional<SearchPage> server_page(const OccupancyIndex& index, std::string_view text,
                                      const SearchOptions& o) {
    const auto& matches = index.district().server_matches;
    if (!matches) return std::nullopt;
    std::unordered_map<std::int64_t, HouseholdId> by_fid;
    for (HouseholdId id = 0; id < index.size(); ++id) by_fid[index.household(id).fid] = id;
    std::vector<Hit> hits;
    std::unordered_set<HouseholdId> seen;
    // The local matches by number and address come first (as in a file's search), then the server's, in
    // its order (how they matched, name, address).
    SearchOptions all = o;
    all.offset = 0;
    all.limit = index.size() + 1;
    if (auto local = index.search(text, all))
        for (const auto& h : local->hits)
            if ((h.kind == MatchKind::HouseholdNumber || h.kind == MatchKind::Address) &&
                seen.insert(h.household).second)
                hits.push_back(h);
    for (const auto& [fid, kind] : *matches) {
        const auto it = by_fid.find(fid);
        if (it == by_fid.end() || !seen.insert(it->second).second) continue;
        const MatchKind k = kind == "name"          ? MatchKind::Name
                            : kind == "name_prefix" ? MatchKind::NamePrefix
                            : kind == "phone_tail"  ? MatchKind::PhoneTail
                                                    : MatchKind::NamePart;
        hits.push_back({k, it->second, index.flat_of(it->second)});
    }
    SearchPage page;
    page.total = hits.size();
    page.offset = o.offset;
    for (std::size_t i = o.offset; i < hits.size() && page.hits.size() < o.limit; ++i)
        page.hits.push_back(hits[i]);
    return page;
}

}  // namespace

SearchSession::SearchSession(std::shared_ptr<const OccupancyIndex> index, std::string dataset_path)
    : index_(std::move(index)), path_(std::move(dataset_path)) {}

SearchResults SearchSession::search(std::string_view text, std::size_t limit, std::size_t offset) const {
    SearchResults out;
    out.offset = offset;
    Result<SearchPage> page = make_error(ErrorCode::Internal, "");
    if (auto server = server_page(*index_, text, {limit, offset, false}))
        page = std::move(*server);
    else
        page = index_->search(text, {limit, offset, false});
    if (!page) {
        out.message = page.error().message;
        out.error = true;
        return out;
    }
    out.total = page->total;
    out.message = page->note;
    out.no_such_address = page->no_such_address;
    out.items = views_of(*index_, page->hits, Disclosure::Masked);
    if (out.total == 0 && index_->district().personal != district::District::PersonalValues::Own)
        out.message = index_->district().personal == district::District::PersonalValues::Masked
                          ? _("names and phones on this server are masked for this login, so a whole name, "
                              "pinyin or phone tail cannot match here: search by address, building or "
                              "household number, or by surname")
                          : _("this login sees no personal data on this server (nbhd_presenter): search by "
                              "address, building or household number");
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
    Result<SearchPage> page = make_error(ErrorCode::Internal, "");
    if (auto server = server_page(*index_, text, {limit, offset, true}))
        page = std::move(*server);
    else
        page = index_->search(text, {limit, offset, true});
    if (!page) return page.error();
    SearchResults out;
    out.offset = offset;
    out.total = page->total;
    out.message = page->note;
    out.no_such_address = page->no_such_address;
    auto masked = views_of(*index_, page->hits, Disclosure::Masked);
    auto record =
        server::disclose(path_, "reveal", audit_query.empty() ? "search: " + std::string(text) : audit_query,
                         household_numbers(masked));
    if (!record) return record.error();
    out.items = views_of(*index_, page->hits, Disclosure::Revealed);
    for (auto& v : out.items) apply(v, record.value(), *index_);
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
    auto record = server::disclose(
        path_, "reveal", audit_query.empty() ? "building grid: " + std::to_string(building) : audit_query,
        numbers);
    if (!record) return record.error();
    auto view = view_of(*index_, *g, Disclosure::Revealed);
    apply(view, record.value(), *index_);
    return view;
}

Result<std::vector<HouseholdView>> SearchSession::reveal(const std::vector<std::string>& household_numbers,
                                                         const std::string& audit_query) const {
    std::vector<HouseholdId> ids;
    for (const auto& n : household_numbers) {
        auto id = index_->find_number(n);
        if (!id) return make_error(ErrorCode::NotFound, gis::i18n::format(_("no household numbered {0}"), n));
        ids.push_back(*id);
    }
    std::vector<std::string> numbers;
    for (HouseholdId id : ids) numbers.push_back(index_->household(id).household_no);
    auto record = server::disclose(path_, "reveal", audit_query, numbers);
    if (!record) return record.error();
    std::vector<HouseholdView> out;
    for (HouseholdId id : ids) {
        district::Household h = index_->household(id);
        server::apply_disclosed(h, record.value());
        out.push_back(view_of(h, Disclosure::Revealed));
    }
    return out;
}

}  // namespace gis::occupancy
