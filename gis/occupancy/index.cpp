#include "gis/occupancy/index.hpp"

#include <algorithm>
#include <chrono>
#include <future>
#include <numeric>

#include "gis/occupancy/detail/index_impl.hpp"
#include "gis/core/i18n.hpp"

namespace gis::occupancy {

namespace detail {

std::optional<std::uint64_t> phone_key(std::string_view phone) {
    char digits[kPhoneDigits];
    int n = 0;
    for (auto it = phone.rbegin(); it != phone.rend() && n < kPhoneDigits; ++it)
        if (*it >= '0' && *it <= '9') digits[n++] = *it;
    if (n == 0) return std::nullopt;
    std::uint64_t key = 0;
    for (int i = 0; i < kPhoneDigits; ++i)
        key = key * 11 + (i < n ? static_cast<std::uint64_t>(digits[i] - '0' + 1) : 0);
    return key;
}

std::pair<std::uint64_t, std::uint64_t> phone_tail_range(std::string_view tail) {
    if (tail.size() > static_cast<std::size_t>(kPhoneDigits)) tail = tail.substr(tail.size() - kPhoneDigits);
    std::uint64_t lo = *phone_key(tail), span = 1;
    for (std::size_t i = tail.size(); i < static_cast<std::size_t>(kPhoneDigits); ++i) span *= 11;
    return {lo, lo + span};
}

std::string upper_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

}  // namespace detail

const char* to_string(MatchKind k) {
    switch (k) {
        case MatchKind::HouseholdNumber:
            return "household_number";
        case MatchKind::Address:
            return "address";
        case MatchKind::Name:
            return "name";
        case MatchKind::NamePrefix:
            return "name_prefix";
        case MatchKind::NamePart:
            return "name_part";
        case MatchKind::Pinyin:
            return "pinyin";
        case MatchKind::PinyinPrefix:
            return "pinyin_prefix";
        case MatchKind::PhoneTail:
            return "phone_tail";
        case MatchKind::Flag:
            return "flag";
        case MatchKind::Vacant:
            return "vacant";
    }
    return "";
}

const std::optional<Error>& OccupancyIndex::Impl::ensure_pinyin() const {
    std::call_once(pinyin_once, [this] {
        auto t0 = std::chrono::steady_clock::now();
        if (auto r = names.build_pinyin(); !r) pinyin_error = r.error();
        pinyin_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    });
    return pinyin_error;
}

OccupancyIndex::OccupancyIndex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
OccupancyIndex::OccupancyIndex(OccupancyIndex&&) noexcept = default;
OccupancyIndex& OccupancyIndex::operator=(OccupancyIndex&&) noexcept = default;
OccupancyIndex::~OccupancyIndex() = default;

Result<OccupancyIndex> OccupancyIndex::build(std::shared_ptr<const district::District> district,
                                             const BuildOptions& options) {
    try {
        return build_unchecked(std::move(district), options);
    } catch (const std::bad_alloc&) {
        return make_error(ErrorCode::Internal, _("not enough memory to index the households"));
    } catch (const std::exception& e) {
        return make_error(ErrorCode::Internal, gis::i18n::format(_("indexing the households failed: {0}"), e.what()));
    }
}

Result<OccupancyIndex> OccupancyIndex::build_unchecked(std::shared_ptr<const district::District> district,
                                                       const BuildOptions& options) {
    using detail::pack_address;
    auto t0 = std::chrono::steady_clock::now();
    if (!district) return make_error(ErrorCode::Internal, _("occupancy index: no district given"));
    const auto& hs = district->households;
    if (hs.size() >= kNoHousehold)
        return make_error(ErrorCode::Internal,
                          gis::i18n::format(_("occupancy index: too many households ({0})"),
                                            std::to_string(hs.size())));
    auto impl = std::make_unique<Impl>();
    Impl& m = *impl;
    m.district = district;
    const std::size_t n = hs.size();

    // Address order: the id of a household is its rank by (building, entrance, floor, flat, record).
    {
        std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed(n);
        for (std::size_t i = 0; i < n; ++i)
            keyed[i] = {pack_address(hs[i].building_number, hs[i].entrance, hs[i].floor, hs[i].flat),
                        static_cast<std::uint32_t>(i)};
        std::sort(keyed.begin(), keyed.end());
        m.record.resize(n);
        m.addr_key.resize(n);
        for (std::size_t id = 0; id < n; ++id) {
            m.addr_key[id] = keyed[id].first;
            m.record[id] = keyed[id].second;
        }
    }
    // The passes below read the records in storage order (sequential memory) and scatter into id order.
    std::vector<HouseholdId> id_of(n);
    for (HouseholdId id = 0; id < n; ++id) id_of[m.record[id]] = id;
    // Independent parts are built side by side; each task writes only its own members.
    auto numbers = std::async(std::launch::async, [&] {
        m.by_number.reset(n);
        for (std::size_t i = 0; i < n; ++i)
            m.by_number.insert(detail::hash_bytes(detail::upper_ascii(hs[i].household_no)), id_of[i]);
    });
    auto names = std::async(std::launch::async, [&] {
        std::vector<std::string_view> views(n);
        for (std::size_t i = 0; i < n; ++i) views[i] = hs[i].head_name;
        m.names.build(views, id_of);
    });
    auto phones = std::async(std::launch::async, [&] {
        std::vector<std::pair<std::uint64_t, HouseholdId>> keyed;
        keyed.reserve(n);
        for (std::size_t i = 0; i < n; ++i)
            if (auto k = detail::phone_key(hs[i].phone)) keyed.push_back({*k, id_of[i]});
        std::sort(keyed.begin(), keyed.end());
        m.phone_keys.resize(keyed.size());
        m.phone_ids.resize(keyed.size());
        for (std::size_t i = 0; i < keyed.size(); ++i) {
            m.phone_keys[i] = keyed[i].first;
            m.phone_ids[i] = keyed[i].second;
        }
    });
    m.by_address.reset(n);
    for (HouseholdId id = 0; id < n; ++id) m.by_address.insert(detail::mix64(m.addr_key[id]), id);
    for (std::size_t i = 0; i < n; ++i) {
        const auto& h = hs[i];
        if (h.low_income) m.flags[0].push_back(id_of[i]);
        if (h.migrant) m.flags[1].push_back(id_of[i]);
        if (h.elderly_alone) m.flags[2].push_back(id_of[i]);
        if (h.tenant) m.flags[3].push_back(id_of[i]);
    }
    for (auto& f : m.flags) std::sort(f.begin(), f.end());

    // Vacant flats: walk each residential building's grid beside its households (both in address order).
    std::vector<const district::Building*> residential;
    for (const auto& b : district->buildings)
        if (b.kind == district::BuildingKind::Residential && b.number > 0) residential.push_back(&b);
    std::sort(residential.begin(), residential.end(),
              [](const auto* a, const auto* b) { return a->number < b->number; });
    for (const auto* b : residential) {
        auto [first, last] =
            m.key_range(pack_address(b->number, 0, 0, 0), pack_address(b->number + 1, 0, 0, 0));
        HouseholdId at = first;
        for (int e = 1; e <= b->entrances; ++e)
            for (int f = b->first_residential_floor(); f <= b->floors; ++f)
                for (int k = 1; k <= b->flats_per_floor; ++k) {
                    std::uint64_t key = pack_address(b->number, e, f, k);
                    while (at < last && m.addr_key[at] < key) ++at;
                    if (at >= last || m.addr_key[at] != key) m.vacant.push_back({b->number, e, f, k});
                }
    }

    numbers.get();
    names.get();
    phones.get();
    m.stats.households = n;
    m.stats.distinct_names = m.names.distinct_names();
    OccupancyIndex index(std::move(impl));
    if (options.pinyin)
        if (const auto& e = index.impl_->ensure_pinyin()) return *e;
    index.impl_->stats.build_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return index;
}

const district::District& OccupancyIndex::district() const { return *impl_->district; }
std::size_t OccupancyIndex::size() const { return impl_->record.size(); }
const district::Household& OccupancyIndex::household(HouseholdId id) const { return impl_->hh(id); }

FlatRef OccupancyIndex::flat_of(HouseholdId id) const {
    const auto& h = impl_->hh(id);
    return {h.building_number, h.entrance, h.floor, h.flat};
}

IndexStats OccupancyIndex::stats() const {
    const Impl& m = *impl_;
    IndexStats s = m.stats;
    s.pinyin_seconds = m.pinyin_seconds;
    auto v = [](const auto& x) { return x.capacity() * sizeof(x[0]); };
    s.memory_bytes = v(m.record) + v(m.addr_key) + m.by_number.memory_bytes() + m.by_address.memory_bytes() +
                     m.names.memory_bytes() + v(m.phone_keys) + v(m.phone_ids) + v(m.vacant);
    for (const auto& f : m.flags) s.memory_bytes += v(f);
    return s;
}

std::optional<HouseholdId> OccupancyIndex::find_number(std::string_view number) const {
    const Impl& m = *impl_;
    std::string key = detail::upper_ascii(number);
    return m.by_number.find(detail::hash_bytes(key), [&](HouseholdId id) {
        const std::string& no = m.hh(id).household_no;
        if (no.size() != key.size()) return false;
        for (std::size_t i = 0; i < no.size(); ++i) {
            char c = no[i] >= 'a' && no[i] <= 'z' ? static_cast<char>(no[i] - 'a' + 'A') : no[i];
            if (c != key[i]) return false;
        }
        return true;
    });
}

std::vector<HouseholdId> OccupancyIndex::at(const FlatRef& flat) const {
    const Impl& m = *impl_;
    std::vector<HouseholdId> out;
    std::uint64_t key = detail::pack_address(flat.building, flat.entrance, flat.floor, flat.flat);
    m.by_address.for_each(
        detail::mix64(key),
        [&](HouseholdId id) {
            const auto& h = m.hh(id);
            return m.addr_key[id] == key && h.building_number == flat.building &&
                   h.entrance == flat.entrance && h.floor == flat.floor && h.flat == flat.flat;
        },
        [&](HouseholdId id) { out.push_back(id); });
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<HouseholdId> OccupancyIndex::in_building(int building, int entrance) const {
    using detail::pack_address;
    auto [first, last] =
        entrance > 0 ? impl_->key_range(pack_address(building, entrance, 0, 0),
                                        pack_address(building, entrance + 1, 0, 0))
                     : impl_->key_range(pack_address(building, 0, 0, 0), pack_address(building + 1, 0, 0, 0));
    std::vector<HouseholdId> out(last - first);
    std::iota(out.begin(), out.end(), first);
    return out;
}

const std::vector<FlatRef>& OccupancyIndex::vacant_flats() const { return impl_->vacant; }

const std::vector<HouseholdId>& OccupancyIndex::with_flag(Flag flag) const {
    static const std::vector<HouseholdId> none;
    auto i = static_cast<std::size_t>(flag);
    return i < impl_->flags.size() ? impl_->flags[i] : none;
}

Result<BuildingGrid> OccupancyIndex::grid(int building) const {
    const Impl& m = *impl_;
    const district::Building* b = m.district->building_by_number(building);
    if (!b)
        return make_error(ErrorCode::NotFound,
                          gis::i18n::format(_("there is no residential building {0}"), std::to_string(building)));
    BuildingGrid g;
    g.building = *b;
    std::vector<HouseholdId> all = in_building(building);
    std::vector<bool> placed(all.size(), false);
    for (int f = b->floors; f >= 1; --f) {
        GridRow row;
        row.floor = f;
        row.shops = f < b->first_residential_floor();
        if (!row.shops)
            for (int e = 1; e <= b->entrances; ++e)
                for (int k = 1; k <= b->flats_per_floor; ++k) {
                    GridCell cell{{building, e, f, k}, {}};
                    std::uint64_t key = detail::pack_address(building, e, f, k);
                    auto lo =
                        std::lower_bound(all.begin(), all.end(), key,
                                         [&](HouseholdId id, std::uint64_t v) { return m.addr_key[id] < v; });
                    for (auto it = lo; it != all.end() && m.addr_key[*it] == key; ++it) {
                        cell.households.push_back(*it);
                        placed[it - all.begin()] = true;
                    }
                    if (cell.households.empty()) ++g.vacant;
                    row.cells.push_back(std::move(cell));
                }
        g.rows.push_back(std::move(row));
    }
    for (std::size_t i = 0; i < all.size(); ++i)
        if (!placed[i]) g.outside.push_back(all[i]);
    g.households = static_cast<int>(all.size());
    for (HouseholdId id : all) g.residents += m.hh(id).size;
    return g;
}

SpatialSelection OccupancyIndex::households_near(const Geometry& area, double distance) const {
    const Impl& m = *impl_;
    std::call_once(m.spatial_once, [&m] {
        std::vector<Geometry> footprints;
        for (const auto& b : m.district->buildings)
            if (b.kind == district::BuildingKind::Residential && b.number > 0 && !b.footprint.outer.empty()) {
                footprints.push_back(Geometry::from(b.footprint));
                m.spatial_numbers.push_back(b.number);
            }
        m.spatial = std::make_unique<index::SpatialIndex>(std::move(footprints));
    });
    SpatialSelection out;
    if (area.empty()) return out;
    auto items = distance > 0 ? m.spatial->within_distance(area, distance) : m.spatial->intersecting(area);
    for (std::size_t i : items) out.buildings.push_back(m.spatial_numbers[i]);
    std::sort(out.buildings.begin(), out.buildings.end());
    out.buildings.erase(std::unique(out.buildings.begin(), out.buildings.end()), out.buildings.end());
    for (int number : out.buildings)
        for (HouseholdId id : in_building(number)) {
            out.households.push_back(id);
            out.residents += m.hh(id).size;
        }
    return out;
}

}  // namespace gis::occupancy
