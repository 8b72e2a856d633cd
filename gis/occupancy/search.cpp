// Ranked search over the occupancy index. A query gives groups of matches, best kind first; a page is
// cut from their concatenation without materialising the large ones (a common surname matches hundreds
// of thousands of households in a city): group sizes come from prefix sums, and only the page's
// households are read.

#include <algorithm>

#include "gis/core/i18n.hpp"
#include "gis/occupancy/detail/index_impl.hpp"
#include "gis/occupancy/index.hpp"

namespace gis::occupancy {

namespace {

struct Group {
    enum Type { List, Names, Phone, Flats } type = List;
    MatchKind kind = MatchKind::Address;
    std::vector<HouseholdId> own;
    const std::vector<HouseholdId>* borrowed = nullptr;  // ascending
    std::vector<detail::NameRange> ranges;
    bool pinyin = false;
    std::size_t lo = 0, hi = 0;  // Phone: positions in the phone arrays
    std::uint64_t key_lo = 0, key_hi = 0;
    std::vector<FlatRef> flats_own;
    const std::vector<FlatRef>* flats = nullptr;

    const std::vector<HouseholdId>& list() const { return borrowed ? *borrowed : own; }
};

}  // namespace

struct SearchRun {
    const OccupancyIndex::Impl& m;
    const OccupancyIndex& ix;
    std::vector<Group> groups;
    std::string note;
    bool no_such_address = false;  ///< `note` says the address does not exist

    std::size_t size(const Group& g) const {
        switch (g.type) {
            case Group::List:
                return g.list().size();
            case Group::Names: {
                std::size_t n = 0;
                for (const auto& r : g.ranges) n += m.names.count(r, g.pinyin);
                return n;
            }
            case Group::Phone:
                return g.hi - g.lo;
            case Group::Flats:
                return g.flats ? g.flats->size() : g.flats_own.size();
        }
        return 0;
    }
    bool contains(const Group& g, HouseholdId h) const {
        switch (g.type) {
            case Group::List:
                return std::binary_search(g.list().begin(), g.list().end(), h);
            case Group::Names:
                return m.names.contains(g.ranges, g.pinyin, h);
            case Group::Phone: {
                auto k = detail::phone_key(m.hh(h).phone);
                return k && *k >= g.key_lo && *k < g.key_hi;
            }
            case Group::Flats:
                return false;
        }
        return false;
    }
    /// Appends up to `take` hits of group g after skipping `skip`.
    void take(const Group& g, std::size_t skip, std::size_t take, std::vector<Hit>& out) const {
        auto push = [&](HouseholdId id) { out.push_back({g.kind, id, ix.flat_of(id)}); };
        switch (g.type) {
            case Group::List:
                for (std::size_t i = skip; i < g.list().size() && take > 0; ++i, --take) push(g.list()[i]);
                return;
            case Group::Phone:
                for (std::size_t i = g.lo + skip; i < g.hi && take > 0; ++i, --take) push(m.phone_ids[i]);
                return;
            case Group::Flats: {
                const auto& f = g.flats ? *g.flats : g.flats_own;
                for (std::size_t i = skip; i < f.size() && take > 0; ++i, --take)
                    out.push_back({g.kind, kNoHousehold, f[i]});
                return;
            }
            case Group::Names: {
                std::vector<HouseholdId> ids;
                for (const auto& r : g.ranges) {
                    if (take == 0) break;
                    std::size_t n = m.names.count(r, g.pinyin);
                    if (skip >= n) {
                        skip -= n;
                        continue;
                    }
                    ids.clear();
                    m.names.collect(r, g.pinyin, skip, take, ids);
                    skip = 0;
                    take -= ids.size();
                    for (HouseholdId id : ids) push(id);
                }
                return;
            }
        }
    }

    void add_list(MatchKind kind, std::vector<HouseholdId> ids) {
        if (ids.empty()) return;
        std::sort(ids.begin(), ids.end());
        Group g;
        g.kind = kind;
        g.own = std::move(ids);
        groups.push_back(std::move(g));
    }

    /// Why an address cannot be in the data, or "": no such building; an entrance, floor or flat beyond
    /// the building's; a floor of shops. A part not given (0) is not checked.
    static std::string impossible(const district::Building* b, const std::string& bname, const FlatRef& f) {
        if (!b) return gis::i18n::format(_("there is no residential building {0}"), bname);
        if (f.entrance > b->entrances)
            return gis::i18n::format(_("building {0} has {1} entrance(s)"), bname,
                                     std::to_string(b->entrances));
        if (f.floor > b->floors)
            return gis::i18n::format(_("building {0} has {1} floors"), bname, std::to_string(b->floors));
        if (f.floor > 0 && f.floor < b->first_residential_floor())
            return gis::i18n::format(_("floor {0} of building {1} is street-front shops"),
                                     std::to_string(f.floor), bname);
        if (f.flat > b->flats_per_floor)
            return gis::i18n::format(_("building {0} has {1} flat(s) per floor in each entrance"), bname,
                                     std::to_string(b->flats_per_floor));
        return {};
    }

    void add_address(const AddressQuery& a) {
        const district::Building* b = m.district->building_by_number(a.building);
        std::string bname = std::to_string(a.building);
        auto no_such = [this](std::string why) {
            note = std::move(why);
            no_such_address = !note.empty();
        };
        if (!a.names_flat()) {
            add_list(MatchKind::Address, ix.in_building(a.building, a.entrance));
            no_such(impossible(b, bname, {a.building, a.entrance, 0, 0}));
            return;
        }
        FlatRef flat{a.building, a.entrance, a.floor, a.flat};
        if (flat.entrance == 0) {
            if (b && b->entrances == 1) {
                flat.entrance = 1;
            } else {
                note = b ? gis::i18n::format(_("building {0} has {1} entrances: give the entrance too, like "
                                               "{0}-1-{2}"),
                                             bname, std::to_string(b->entrances),
                                             std::to_string(a.floor * 100 + a.flat))
                         : impossible(b, bname, flat);
                return;
            }
        }
        auto ids = ix.at(flat);
        if (!ids.empty()) return add_list(MatchKind::Address, std::move(ids));
        if (auto why = impossible(b, bname, flat); !why.empty()) return no_such(std::move(why));
        Group g;
        g.type = Group::Flats;
        g.kind = MatchKind::Vacant;
        g.flats_own.push_back(flat);
        groups.push_back(std::move(g));
    }

    void add_names(const detail::NameHits& hits, const MatchKind (&kinds)[3]) {
        for (int r = 0; r < 3; ++r) {
            if (hits.ranks[r].empty()) continue;
            Group g;
            g.type = Group::Names;
            g.kind = kinds[r];
            g.ranges = hits.ranks[r];
            g.pinyin = hits.pinyin_order;
            groups.push_back(std::move(g));
        }
    }

    void add_phone_tail(const std::string& digits) {
        auto [klo, khi] = detail::phone_tail_range(digits);
        Group g;
        g.type = Group::Phone;
        g.kind = MatchKind::PhoneTail;
        g.key_lo = klo;
        g.key_hi = khi;
        g.lo = std::lower_bound(m.phone_keys.begin(), m.phone_keys.end(), klo) - m.phone_keys.begin();
        g.hi = std::lower_bound(m.phone_keys.begin(), m.phone_keys.end(), khi) - m.phone_keys.begin();
        if (g.hi > g.lo) groups.push_back(std::move(g));
    }

    SearchPage page(const SearchOptions& o) const {
        SearchPage out;
        out.offset = o.offset;
        // Households already listed by an earlier explicit list (household number, address, flag) are
        // not repeated; the name, pinyin and phone groups of one query never overlap each other.
        std::vector<HouseholdId> earlier;
        std::size_t skip = o.offset;
        for (const Group& g : groups) {
            std::vector<HouseholdId> dup;
            for (HouseholdId h : earlier)
                if (contains(g, h)) dup.push_back(h);
            std::size_t n = size(g) - dup.size();
            out.total += n;
            if (out.hits.size() < o.limit) {
                if (skip >= n) {
                    skip -= n;
                } else if (dup.empty()) {
                    take(g, skip, o.limit - out.hits.size(), out.hits);
                    skip = 0;
                } else {
                    std::vector<Hit> all;
                    take(g, 0, size(g), all);
                    for (const Hit& h : all) {
                        if (std::binary_search(dup.begin(), dup.end(), h.household)) continue;
                        if (skip > 0) {
                            --skip;
                            continue;
                        }
                        if (out.hits.size() < o.limit) out.hits.push_back(h);
                    }
                }
            }
            if (g.type == Group::List) {
                earlier.insert(earlier.end(), g.list().begin(), g.list().end());
                std::sort(earlier.begin(), earlier.end());
                earlier.erase(std::unique(earlier.begin(), earlier.end()), earlier.end());
            }
        }
        if (out.total == 0) {
            out.note = note;
            out.no_such_address = no_such_address;
        }
        return out;
    }
};

Result<SearchPage> OccupancyIndex::search(std::string_view text, const SearchOptions& options) const {
    auto q = parse_query(text);
    if (!q) return q.error();
    return search(*q, options);
}

Result<SearchPage> OccupancyIndex::search(const Query& q, const SearchOptions& options) const {
    const Impl& m = *impl_;
    if (q.empty()) return SearchPage{};
    if (q.flag == Flag::LowIncome && !options.include_low_income)
        return make_error(
            ErrorCode::BadInput,
            _("searching by 低保 (minimum living guarantee) shows who receives it, which is personal "
              "data: reveal the results (the look-up is recorded in the audit log)"));
    SearchRun run{m, *this, {}, {}};
    if (!q.number_key.empty())
        if (auto id = find_number(q.number_key)) run.add_list(MatchKind::HouseholdNumber, {*id});
    if (q.address) run.add_address(*q.address);
    if (q.flag) {
        Group g;
        g.kind = MatchKind::Flag;
        if (*q.flag == Flag::Vacant) {
            g.type = Group::Flats;
            g.kind = MatchKind::Vacant;
            g.flats = &m.vacant;
        } else {
            g.borrowed = &with_flag(*q.flag);
        }
        run.groups.push_back(std::move(g));
    }
    if (!q.digits.empty()) {
        if (q.digits.size() <= 3) {
            int b = std::stoi(q.digits);
            run.add_list(MatchKind::Address, in_building(b));
            if (run.groups.empty()) {
                run.note = gis::i18n::format(_("there is no residential building {0}"), std::to_string(b));
                run.no_such_address = true;
            }
        } else {
            // A city numbers its buildings past 999: a building with that number comes first, then the
            // phones ending in the digits.
            if (q.digits.size() <= 9) run.add_list(MatchKind::Address, in_building(std::stoi(q.digits)));
            run.add_phone_tail(q.digits);
            if (run.groups.empty()) run.note = gis::i18n::format(_("no phone number ends in {0}"), q.digits);
        }
    }
    if (!q.han.empty()) {
        detail::NameHits hits;
        m.names.find_han(q.han, hits);
        run.add_names(hits, {MatchKind::Name, MatchKind::NamePrefix, MatchKind::NamePart});
    }
    if (!q.letters.empty()) {
        if (const auto& e = m.ensure_pinyin()) return *e;
        detail::NameHits hits;
        m.names.find_pinyin(q.letters, q.breaks, hits);
        run.add_names(hits, {MatchKind::Pinyin, MatchKind::PinyinPrefix, MatchKind::PinyinPrefix});
    }
    return run.page(options);
}

}  // namespace gis::occupancy
