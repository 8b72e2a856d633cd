#include "app/view/core/occupancy_model.hpp"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <unordered_set>

#include "app/view/core/document.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/district/loader.hpp"
#include "gis/district/model.hpp"
#include "gis/district/schema.hpp"

namespace app::view {

namespace occ = gis::occupancy;

std::vector<char32_t> name_code_points(const gis::district::District& district) {
    std::vector<bool> seen(0x10000, false);
    auto add = [&](const std::string& text) {
        for (char32_t c : gis::utf8_decode(text))
            if (c >= 0x80 && c < 0x10000) seen[c] = true;
    };
    for (const auto& h : district.households) add(h.head_name);
    for (const auto& b : district.buildings) add(b.name);
    std::vector<char32_t> out;
    for (char32_t c = 0x80; c < 0x10000; ++c)
        if (seen[c]) out.push_back(c);
    return out;
}

const char* to_string(OccupancyFilter f) {
    switch (f) {
        case OccupancyFilter::None:
            return "none";
        case OccupancyFilter::LowIncome:
            return "low_income";
        case OccupancyFilter::Migrant:
            return "migrant";
        case OccupancyFilter::ElderlyAlone:
            return "elderly_alone";
    }
    return "none";
}

std::optional<OccupancyFilter> parse_occupancy_filter(std::string_view t) {
    if (t.empty() || t == "none" || t == "off") return OccupancyFilter::None;
    if (t == "low_income" || t == "low-income" || t == "低保") return OccupancyFilter::LowIncome;
    if (t == "migrant" || t == "外来" || t == "外来人口") return OccupancyFilter::Migrant;
    if (t == "elderly_alone" || t == "elderly-alone" || t == "elderly" || t == "独居" || t == "独居老人")
        return OccupancyFilter::ElderlyAlone;
    return std::nullopt;
}

namespace {

std::optional<occ::Flag> flag_of(OccupancyFilter f) {
    switch (f) {
        case OccupancyFilter::LowIncome:
            return occ::Flag::LowIncome;
        case OccupancyFilter::Migrant:
            return occ::Flag::Migrant;
        case OccupancyFilter::ElderlyAlone:
            return occ::Flag::ElderlyAlone;
        case OccupancyFilter::None:
            break;
    }
    return std::nullopt;
}

// Sequential ramps, light to dark (ColorBrewer Reds, Oranges, Purples).
constexpr std::uint32_t kLowIncomeRamp[] = {0xfb6a4a, 0xef3b2c, 0xcb181d, 0x99000d};
constexpr std::uint32_t kMigrantRamp[] = {0xfdae6b, 0xfd8d3c, 0xe6550d, 0xa63603};
constexpr std::uint32_t kElderlyRamp[] = {0x9e9ac8, 0x807dba, 0x6a51a3, 0x4a1486};

}  // namespace

std::vector<std::pair<int, int>> flag_counts(const occ::OccupancyIndex& index, occ::Flag flag) {
    std::unordered_map<int, int> counts;
    for (occ::HouseholdId id : index.with_flag(flag)) ++counts[index.household(id).building_number];
    std::vector<std::pair<int, int>> out(counts.begin(), counts.end());
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<TintClass> classify_counts(const std::vector<std::pair<int, int>>& counts,
                                       OccupancyFilter filter) {
    std::vector<TintClass> out;
    int max = 0;
    for (const auto& [b, n] : counts) max = std::max(max, n);
    if (max <= 0 || filter == OccupancyFilter::None) return out;
    const int classes = std::min(4, max);
    const int width = (max + classes - 1) / classes;
    const std::uint32_t* ramp = filter == OccupancyFilter::LowIncome ? kLowIncomeRamp
                                : filter == OccupancyFilter::Migrant ? kMigrantRamp
                                                                     : kElderlyRamp;
    for (int lo = 1; lo <= max; lo += width) {
        TintClass c;
        c.min = lo;
        c.max = std::min(max, lo + width - 1);
        out.push_back(std::move(c));
    }
    // Fewer classes take the darker end of the ramp, so the top class always reads as "most".
    const std::size_t skip = 4 - out.size();
    for (std::size_t k = 0; k < out.size(); ++k) out[k].colour = Colour::hex(ramp[k + skip]);
    for (const auto& [b, n] : counts) {
        if (n <= 0) continue;
        out[static_cast<std::size_t>((n - 1) / width)].buildings.push_back(b);
    }
    return out;
}

Colour occupancy_found_colour() { return Colour::hex(0xd6336c); }

std::string filter_highlight(std::size_t class_index) {
    return "occupancy.filter." + std::to_string(class_index + 1);
}

std::shared_ptr<OccupancyModel> OccupancyModel::shared() {
    static std::mutex m;
    static std::weak_ptr<OccupancyModel> model;
    std::lock_guard lock(m);
    auto p = model.lock();
    if (!p) {
        p = std::make_shared<OccupancyModel>();
        model = p;
    }
    return p;
}

OccupancyModel::~OccupancyModel() {
    if (worker_.valid()) worker_.wait();
}

void OccupancyModel::start(const std::string& dataset_path, DistrictFuture district,
                           std::uint64_t generation) {
    if (dataset_path.empty() || (dataset_path == path_ && generation == generation_ && state_ != State::Idle))
        return;
    generation_ = generation;
    if (worker_.valid()) worker_.wait();
    session_.reset();
    index_.reset();
    building_pos_.clear();
    results_ = {};
    query_.clear();
    ran_query_ = false;
    selected_ = -1;
    grid_.reset();
    marked_flat_.clear();
    revealed_ = false;
    filter_ = OccupancyFilter::None;
    tint_.clear();
    tint_households_ = tint_buildings_ = 0;
    ++map_revision_;
    path_ = dataset_path;
    error_.clear();
    state_ = State::Indexing;
    worker_ = std::async(std::launch::async, [path = dataset_path, district]() -> gis::Result<Indexed> {
        SharedDistrict shared;
        if (district.valid()) {
            auto d = district.get();
            if (!d) return d.error();
            shared = d.value();
        } else {
            auto d = gis::district::load(path);
            if (!d) return d.error();
            shared = std::make_shared<const gis::district::District>(std::move(d).value());
        }
        auto index = occ::OccupancyIndex::build(std::move(shared));
        if (!index) return index.error();
        Indexed out{std::make_shared<const occ::OccupancyIndex>(std::move(index).value()), {}};
        out.code_points = name_code_points(out.index->district());
        return out;
    });
}

void OccupancyModel::adopt(std::shared_ptr<const occ::OccupancyIndex> index,
                           const std::string& dataset_path) {
    if (worker_.valid()) worker_.wait();
    worker_ = {};
    path_ = dataset_path;
    error_.clear();
    auto cps = name_code_points(index->district());
    adopt_session({std::move(index), std::move(cps)});
}

void OccupancyModel::adopt_session(Indexed indexed) {
    index_ = indexed.index;
    session_ = std::make_unique<occ::SearchSession>(std::move(indexed.index), path_);
    building_pos_.clear();
    const auto& buildings = session_->index().district().buildings;
    for (std::size_t i = 0; i < buildings.size(); ++i)
        if (buildings[i].number > 0 && buildings[i].kind == gis::district::BuildingKind::Residential)
            building_pos_.emplace(buildings[i].number, i);
    code_points_ = std::move(indexed.code_points);
    glyphs_sent = false;
    state_ = State::Ready;
    // A query typed while indexing runs now.
    if (!query_.empty()) {
        const std::string q = query_;
        query_.clear();
        ran_query_ = false;
        set_query(q);
    }
    ++map_revision_;
}

bool OccupancyModel::poll() {
    if (!worker_.valid() || worker_.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
        return false;
    auto r = worker_.get();
    if (!r) {
        state_ = State::Failed;
        error_ = r.error().message;
        return true;
    }
    adopt_session(std::move(r).value());
    return true;
}

void OccupancyModel::wait() {
    if (worker_.valid()) worker_.wait();
    poll();
}

const gis::district::Building* OccupancyModel::building(int number) const {
    auto it = building_pos_.find(number);
    if (!session_ || it == building_pos_.end()) return nullptr;
    return &session_->index().district().buildings[it->second];
}

// Search ---------------------------------------------------------------------------------------------

bool OccupancyModel::set_query(std::string_view text) {
    if (ran_query_ && text == query_) return false;
    query_.assign(text);
    if (!session_) {
        ran_query_ = false;
        return false;
    }
    ran_query_ = true;
    results_ = query_.empty() ? occ::SearchResults{} : session_->search(query_, 50);
    selected_ = results_.items.empty() ? -1 : 0;
    // New results are masked; so is the grid, which a reveal covered together with the old results.
    if (revealed_) {
        revealed_ = false;
        if (grid_) (void)open_grid(grid_building());
    }
    return true;
}

void OccupancyModel::set_selected(int i) {
    if (results_.items.empty()) {
        selected_ = -1;
        return;
    }
    selected_ = std::clamp(i, 0, static_cast<int>(results_.items.size()) - 1);
}

void OccupancyModel::move_selection(int delta) { set_selected(selected_ < 0 ? 0 : selected_ + delta); }

std::optional<OccupancyChoice> OccupancyModel::choose(int i) {
    if (i < 0) i = selected_;
    if (i < 0 || static_cast<std::size_t>(i) >= results_.items.size()) return std::nullopt;
    selected_ = i;
    const occ::HouseholdView v = results_.items[static_cast<std::size_t>(i)];
    OccupancyChoice c;
    c.building = v.building;
    if (v.floor > 0) c.flat = v.address;
    if (grid_building() != v.building || !grid_) {
        if (auto g = open_grid(v.building); !g) return std::nullopt;
    }
    marked_flat_ = c.flat;
    want_grid_open = true;
    return c;
}

// The 楼盘表 ------------------------------------------------------------------------------------------

gis::Result<void> OccupancyModel::open_grid(int number) {
    if (!session_)
        return gis::make_error(gis::ErrorCode::BadInput, _("the occupancy index is not ready yet"));
    auto g = session_->grid(number);
    if (!g) return g.error();
    const bool same = grid_ && grid_->building.number == number;
    if (!same) {
        marked_flat_.clear();
        // Another building: personal data is masked again (the results too: one reveal covered both).
        if (revealed_) {
            revealed_ = false;
            if (!query_.empty()) results_ = session_->search(query_, 50);
        }
        ++map_revision_;
    }
    grid_ = std::move(g).value();
    return {};
}

void OccupancyModel::close_grid() {
    if (!grid_) return;
    grid_.reset();
    marked_flat_.clear();
    ++map_revision_;
}

// Personal data --------------------------------------------------------------------------------------

gis::Result<std::size_t> OccupancyModel::reveal(const std::string& context) {
    if (!session_)
        return gis::make_error(gis::ErrorCode::BadInput, _("the occupancy index is not ready yet"));
    std::vector<std::string> numbers;
    std::unordered_set<std::string> seen;
    auto add = [&](const occ::HouseholdView& v) {
        if (!v.vacant && !v.id.empty() && seen.insert(v.id).second) numbers.push_back(v.id);
    };
    for (const auto& v : results_.items) add(v);
    if (grid_) {
        for (const auto& row : grid_->rows)
            for (const auto& v : row.cells) add(v);
        for (const auto& v : grid_->outside) add(v);
    }
    if (numbers.empty()) {
        revealed_ = true;
        return std::size_t{0};
    }
    std::string what = context;
    if (!query_.empty()) what += ": search " + query_;
    if (grid_)
        what += (query_.empty() ? ": " : "; ") + std::string("building ") + std::to_string(grid_building());
    auto shown = session_->reveal(numbers, what);
    if (!shown) return shown.error();
    std::unordered_map<std::string, const occ::HouseholdView*> by_id;
    for (const auto& v : *shown) by_id.emplace(v.id, &v);
    auto replace = [&](occ::HouseholdView& v) {
        if (v.vacant) return;
        if (auto it = by_id.find(v.id); it != by_id.end()) {
            const auto match = v.match;
            v = *it->second;
            v.match = match;
        }
    };
    for (auto& v : results_.items) replace(v);
    if (grid_) {
        for (auto& row : grid_->rows)
            for (auto& v : row.cells) replace(v);
        for (auto& v : grid_->outside) replace(v);
    }
    revealed_ = true;
    return numbers.size();
}

void OccupancyModel::mask() {
    if (filter_ == OccupancyFilter::LowIncome) (void)set_filter(OccupancyFilter::None);
    if (!revealed_ || !session_) {
        revealed_ = false;
        return;
    }
    revealed_ = false;
    if (!query_.empty()) {
        const int sel = selected_;
        results_ = session_->search(query_, 50);
        set_selected(sel);
    }
    if (grid_) {
        if (auto g = session_->grid(grid_->building.number)) grid_ = std::move(g).value();
    }
}

// Filters --------------------------------------------------------------------------------------------

gis::Result<void> OccupancyModel::set_filter(OccupancyFilter filter, bool confirmed) {
    if (filter == filter_) return {};
    const auto flag = flag_of(filter);
    if (flag && !session_)
        return gis::make_error(gis::ErrorCode::BadInput, _("the occupancy index is not ready yet"));
    std::vector<std::pair<int, int>> counts;
    if (flag) counts = flag_counts(session_->index(), *flag);
    if (filter == OccupancyFilter::LowIncome) {
        if (!confirmed)
            return gis::make_error(
                gis::ErrorCode::BadInput,
                _("the 低保 filter shows who receives the minimum living guarantee, which is "
                  "personal data: confirm showing personal data first (the look-up is "
                  "recorded in the audit log)"));
        std::vector<std::string> numbers;
        for (occ::HouseholdId id : session_->index().with_flag(occ::Flag::LowIncome))
            numbers.push_back(session_->index().household(id).household_no);
        if (auto r = occ::audit_reveal(path_, "viewer: filter 低保 (low_income)", numbers); !r)
            return r.error();
    }
    filter_ = filter;
    tint_ = classify_counts(counts, filter);
    tint_households_ = 0;
    tint_buildings_ = static_cast<int>(counts.size());
    for (const auto& [b, n] : counts) tint_households_ += n;
    ++map_revision_;
    return {};
}

// The map --------------------------------------------------------------------------------------------

void OccupancyModel::sync_map(Document& doc) {
    if (synced_revision_ == map_revision_) return;
    synced_revision_ = map_revision_;
    const std::string layer = gis::district::layers::kBuildings;
    if (const auto* b = grid_ ? building(grid_->building.number) : nullptr)
        doc.highlight(kFoundHighlight, layer, {b->fid}, occupancy_found_colour());
    else
        doc.clear_highlight(kFoundHighlight);
    for (std::size_t k = 0; k < std::max<std::size_t>(synced_classes_, 4); ++k)
        doc.clear_highlight(filter_highlight(k));
    for (std::size_t k = 0; k < tint_.size(); ++k) {
        std::vector<std::int64_t> fids;
        fids.reserve(tint_[k].buildings.size());
        for (int n : tint_[k].buildings)
            if (const auto* b = building(n)) fids.push_back(b->fid);
        doc.highlight(filter_highlight(k), layer, std::move(fids), tint_[k].colour);
    }
    synced_classes_ = tint_.size();
}

void OccupancyModel::clear_map(Document& doc) {
    doc.clear_highlight(kFoundHighlight);
    for (std::size_t k = 0; k < 4; ++k) doc.clear_highlight(filter_highlight(k));
    synced_revision_ = 0;
}

std::optional<gis::BBox> OccupancyModel::building_view_box(int number) const {
    const auto* b = building(number);
    if (!b) return std::nullopt;
    return occupancy_view_box(gis::bbox_of(b->footprint));
}

gis::BBox occupancy_view_box(const gis::BBox& box) {
    // Enough of the surroundings to see where the building stands (its neighbours, the street).
    const double pad = std::max(60.0, 2.0 * std::max(box.width(), box.height()));
    return gis::BBox{box.minx - pad, box.miny - pad, box.maxx + pad, box.maxy + pad};
}

std::optional<int> residential_number(const MapLayer& layer, const gis::io::Feature& f) {
    if (layer.name() != gis::district::layers::kBuildings) return std::nullopt;
    const auto& info = layer.data.info;
    const int number = info.field_index("number");
    if (number < 0) return std::nullopt;
    const int kind = info.field_index("kind");
    if (kind >= 0 && field_text(f, kind) != "residential") return std::nullopt;
    const auto n = field_int(f, number, 0);
    if (n <= 0 || n > 100'000'000) return std::nullopt;
    return static_cast<int>(n);
}

}  // namespace app::view
