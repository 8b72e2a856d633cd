#include "gis/occupancy/detail/name_index.hpp"

#include <algorithm>
#include <numeric>

#include "gis/core/strings.hpp"
#include "gis/occupancy/detail/id_table.hpp"
#include "gis/occupancy/pinyin.hpp"

namespace gis::occupancy::detail {
namespace {

constexpr std::uint64_t kUnigram = 0xFFFFFFFFu;
std::uint64_t gram(char32_t a, std::uint64_t b) { return (static_cast<std::uint64_t>(a) << 32) | b; }

void push_range(std::vector<NameRange>& v, std::uint32_t lo, std::uint32_t hi) {
    if (lo >= hi) return;
    if (!v.empty() && v.back().hi == lo)
        v.back().hi = hi;
    else
        v.push_back({lo, hi});
}

/// Sorts and merges ranges into disjoint ones.
std::vector<NameRange> normalized(std::vector<NameRange> v) {
    std::sort(v.begin(), v.end(), [](const NameRange& a, const NameRange& b) { return a.lo < b.lo; });
    std::vector<NameRange> out;
    for (const auto& r : v) {
        if (!out.empty() && r.lo <= out.back().hi)
            out.back().hi = std::max(out.back().hi, r.hi);
        else
            out.push_back(r);
    }
    return out;
}

/// a minus b, both sorted and disjoint.
std::vector<NameRange> subtract(const std::vector<NameRange>& a, const std::vector<NameRange>& b) {
    std::vector<NameRange> out;
    std::size_t j = 0;
    for (NameRange r : a) {
        while (j < b.size() && b[j].hi <= r.lo) ++j;
        std::size_t k = j;
        while (k < b.size() && b[k].lo < r.hi) {
            if (b[k].lo > r.lo) out.push_back({r.lo, b[k].lo});
            r.lo = std::max(r.lo, b[k].hi);
            ++k;
        }
        if (r.lo < r.hi) out.push_back(r);
    }
    return out;
}

}  // namespace

void NameIndex::build(const std::vector<std::string_view>& names,
                      const std::vector<std::uint32_t>& household_of) {
    // Intern: first-seen ids through a hash table, then renumbered in byte order.
    IdTable table;
    table.reset(names.size() / 4 + 16);
    std::vector<std::string_view> distinct;
    std::vector<std::uint32_t> first_id(names.size());
    std::size_t grow_at = (names.size() / 4 + 16);
    for (std::size_t h = 0; h < names.size(); ++h) {
        std::string_view n = names[h];
        std::uint64_t hash = hash_bytes(n);
        auto id = table.find(hash, [&](std::uint32_t k) { return distinct[k] == n; });
        if (!id) {
            if (distinct.size() + 1 > grow_at) {  // rehash at twice the size
                grow_at *= 2;
                table.reset(grow_at);
                for (std::uint32_t k = 0; k < distinct.size(); ++k) table.insert(hash_bytes(distinct[k]), k);
            }
            id = static_cast<std::uint32_t>(distinct.size());
            distinct.push_back(n);
            table.insert(hash, *id);
        }
        first_id[h] = *id;
    }
    std::vector<std::uint32_t> by_bytes(distinct.size());
    std::iota(by_bytes.begin(), by_bytes.end(), 0u);
    std::sort(by_bytes.begin(), by_bytes.end(),
              [&](std::uint32_t a, std::uint32_t b) { return distinct[a] < distinct[b]; });
    std::vector<std::uint32_t> renumber(distinct.size());
    names_.resize(distinct.size());
    for (std::uint32_t i = 0; i < by_bytes.size(); ++i) {
        renumber[by_bytes[i]] = i;
        names_[i] = distinct[by_bytes[i]];
    }
    name_of_.resize(names.size());
    offsets_.assign(names_.size() + 1, 0);
    for (std::size_t i = 0; i < names.size(); ++i) {
        name_of_[household_of[i]] = renumber[first_id[i]];
        ++offsets_[renumber[first_id[i]] + 1];
    }
    for (std::size_t i = 1; i < offsets_.size(); ++i) offsets_[i] += offsets_[i - 1];
    households_.resize(names.size());
    std::vector<std::uint32_t> fill(offsets_.begin(), offsets_.end() - 1);
    for (std::size_t h = 0; h < names.size(); ++h)
        households_[fill[name_of_[h]]++] = static_cast<std::uint32_t>(h);

    // Unigram and bigram posting lists over the distinct names.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> pairs;
    std::vector<std::uint64_t> mine;
    for (std::uint32_t id = 0; id < names_.size(); ++id) {
        auto cps = utf8_decode(names_[id]);
        mine.clear();
        for (std::size_t i = 0; i < cps.size(); ++i) {
            mine.push_back(gram(cps[i], kUnigram));
            if (i + 1 < cps.size()) mine.push_back(gram(cps[i], cps[i + 1]));
        }
        std::sort(mine.begin(), mine.end());
        mine.erase(std::unique(mine.begin(), mine.end()), mine.end());
        for (auto g : mine) pairs.push_back({g, id});
    }
    std::sort(pairs.begin(), pairs.end());
    grams_.clear();
    gram_names_.resize(pairs.size());
    for (std::size_t i = 0; i < pairs.size();) {
        std::size_t j = i;
        while (j < pairs.size() && pairs[j].first == pairs[i].first) {
            gram_names_[j] = pairs[j].second;
            ++j;
        }
        grams_[pairs[i].first] = {static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j)};
        i = j;
    }
}

void NameIndex::find_han(std::string_view text, NameHits& out) const {
    out.pinyin_order = false;
    for (auto& r : out.ranks) r.clear();
    auto cps = utf8_decode(text);
    if (cps.empty()) return;
    // The rarest gram of the query gives the fewest candidates; each is then checked whole.
    std::pair<std::uint32_t, std::uint32_t> best{0, 0};
    bool found = false;
    auto consider = [&](std::uint64_t g) {
        auto it = grams_.find(g);
        if (it == grams_.end()) return false;
        if (!found || it->second.second - it->second.first < best.second - best.first) best = it->second;
        found = true;
        return true;
    };
    if (cps.size() == 1) {
        if (!consider(gram(cps[0], kUnigram))) return;
    } else {
        for (std::size_t i = 0; i + 1 < cps.size(); ++i)
            if (!consider(gram(cps[i], cps[i + 1]))) return;
    }
    for (std::uint32_t k = best.first; k < best.second; ++k) {
        std::uint32_t id = gram_names_[k];
        std::string_view n = names_[id];
        std::size_t at = n.find(text);
        if (at == std::string_view::npos) continue;
        int rank = n.size() == text.size() ? 0 : at == 0 ? 1 : 2;
        push_range(out.ranks[rank], id, id + 1);
    }
}

std::uint32_t NameIndex::count(const NameRange& r, bool pinyin_order) const {
    return pinyin_order ? pinyin_cum_[r.hi] - pinyin_cum_[r.lo] : offsets_[r.hi] - offsets_[r.lo];
}

void NameIndex::collect(const NameRange& r, bool pinyin_order, std::uint64_t skip, std::size_t take,
                        std::vector<std::uint32_t>& out) const {
    if (!pinyin_order) {
        std::uint64_t from = offsets_[r.lo] + skip;
        for (std::uint64_t k = from; k < offsets_[r.hi] && take > 0; ++k, --take)
            out.push_back(households_[k]);
        return;
    }
    // First position whose households reach past `skip`.
    std::uint64_t target = pinyin_cum_[r.lo] + skip;
    auto first = std::upper_bound(pinyin_cum_.begin() + r.lo, pinyin_cum_.begin() + r.hi + 1, target);
    std::uint32_t pos = static_cast<std::uint32_t>(first - pinyin_cum_.begin()) - 1;
    for (; pos < r.hi && take > 0; ++pos) {
        std::uint32_t id = pinyin_order_[pos];
        std::uint64_t k = offsets_[id];
        if (pinyin_cum_[pos] < target) k += target - pinyin_cum_[pos];
        for (; k < offsets_[id + 1] && take > 0; ++k, --take) out.push_back(households_[k]);
    }
}

bool NameIndex::contains(const std::vector<NameRange>& ranges, bool pinyin_order, std::uint32_t h) const {
    std::uint32_t p = pinyin_order ? pinyin_pos_[name_of_[h]] : name_of_[h];
    auto it = std::upper_bound(ranges.begin(), ranges.end(), p,
                               [](std::uint32_t v, const NameRange& r) { return v < r.lo; });
    return it != ranges.begin() && p < std::prev(it)->hi;
}

std::size_t NameIndex::memory_bytes() const {
    auto v = [](const auto& x) { return x.capacity() * sizeof(x[0]); };
    std::size_t n = v(names_) + v(name_of_) + v(offsets_) + v(households_) + v(gram_names_) +
                    grams_.size() * 48 + v(syl_offsets_) + v(syl_ids_) + v(pinyin_order_) + v(pinyin_pos_) +
                    v(pinyin_cum_);
    for (const auto& s : syllables_) n += sizeof(s) + s.capacity();
    return n;
}

// ---- pinyin -------------------------------------------------------------------------------------------

Result<void> NameIndex::build_pinyin() {
    if (pinyin_ready_) return {};
    auto tr = PinyinTranscriber::create();
    if (!tr) return tr.error();
    std::unordered_map<std::string, std::uint32_t> interned;
    std::vector<std::string> provisional;
    std::vector<std::uint32_t> offsets{0}, ids;
    offsets.reserve(names_.size() + 1);
    for (std::string_view n : names_) {
        for (auto& s : tr->syllables(n)) {
            auto [it, added] = interned.try_emplace(s, static_cast<std::uint32_t>(provisional.size()));
            if (added) provisional.push_back(s);
            ids.push_back(it->second);
        }
        offsets.push_back(static_cast<std::uint32_t>(ids.size()));
    }
    // Syllable ids in alphabetical order, so that the syllables sharing a prefix have adjacent ids.
    std::vector<std::uint32_t> order(provisional.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return provisional[a] < provisional[b]; });
    std::vector<std::uint32_t> renumber(order.size());
    syllables_.resize(order.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) {
        renumber[order[i]] = i;
        syllables_[i] = provisional[order[i]];
    }
    for (auto& id : ids) id = renumber[id];
    syl_offsets_ = std::move(offsets);
    syl_ids_ = std::move(ids);
    for (int c = 0; c < 26; ++c) {
        auto lo = std::lower_bound(syllables_.begin(), syllables_.end(),
                                   std::string(1, static_cast<char>('a' + c)));
        auto hi = std::lower_bound(syllables_.begin(), syllables_.end(),
                                   std::string(1, static_cast<char>('a' + c + 1)));
        by_letter_[c] = {static_cast<std::uint32_t>(lo - syllables_.begin()),
                         static_cast<std::uint32_t>(hi - syllables_.begin())};
    }
    pinyin_order_.resize(names_.size());
    std::iota(pinyin_order_.begin(), pinyin_order_.end(), 0u);
    std::sort(pinyin_order_.begin(), pinyin_order_.end(), [&](std::uint32_t a, std::uint32_t b) {
        auto ab = syl_ids_.begin() + syl_offsets_[a], ae = syl_ids_.begin() + syl_offsets_[a + 1];
        auto bb = syl_ids_.begin() + syl_offsets_[b], be = syl_ids_.begin() + syl_offsets_[b + 1];
        if (std::lexicographical_compare(ab, ae, bb, be)) return true;
        if (std::lexicographical_compare(bb, be, ab, ae)) return false;
        return a < b;
    });
    pinyin_pos_.resize(names_.size());
    pinyin_cum_.assign(names_.size() + 1, 0);
    for (std::uint32_t p = 0; p < pinyin_order_.size(); ++p) {
        std::uint32_t id = pinyin_order_[p];
        pinyin_pos_[id] = p;
        pinyin_cum_[p + 1] = pinyin_cum_[p] + (offsets_[id + 1] - offsets_[id]);
    }
    pinyin_ready_ = true;
    return {};
}

/// Walks the names in pinyin order as a trie whose edges are syllables: each syllable may be typed in
/// full or by any prefix (zhang, zh, z), a break in the query (a space) must fall between syllables.
class NameIndex::PinyinWalk {
  public:
    PinyinWalk(const NameIndex& ix, std::string_view q, const std::vector<std::uint8_t>& breaks)
        : ix_(ix), q_(q), breaks_(breaks) {}

    void run() {
        if (!q_.empty()) walk(0, static_cast<std::uint32_t>(ix_.pinyin_order_.size()), 0, 0);
    }
    std::vector<NameRange> full, prefix;

  private:
    static constexpr std::size_t kStepBudget = 2'000'000;

    int key(std::uint32_t pos, std::uint32_t depth) const {
        std::uint32_t id = ix_.pinyin_order_[pos];
        std::uint32_t off = ix_.syl_offsets_[id], len = ix_.syl_offsets_[id + 1] - off;
        return depth < len ? static_cast<int>(ix_.syl_ids_[off + depth]) : -1;
    }
    std::uint32_t first_with(std::uint32_t lo, std::uint32_t hi, std::uint32_t depth, int at_least) const {
        while (lo < hi) {
            std::uint32_t mid = lo + (hi - lo) / 2;
            if (key(mid, depth) < at_least)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }
    void emit(std::uint32_t lo, std::uint32_t hi, std::uint32_t depth) {
        std::uint32_t split = first_with(lo, hi, depth, 0);  // names with exactly `depth` syllables first
        if (lo < split) full.push_back({lo, split});
        if (split < hi) prefix.push_back({split, hi});
    }
    void walk(std::uint32_t lo, std::uint32_t hi, std::uint32_t depth, std::size_t i) {
        if (++steps_ > kStepBudget) return;
        int letter = q_[i] - 'a';
        if (letter < 0 || letter >= 26) return;
        auto [a, b] = ix_.by_letter_[letter];
        if (a == b) return;
        std::size_t limit = q_.size() - i;
        for (std::size_t j = i + 1; j < q_.size(); ++j)
            if (breaks_[j]) {
                limit = j - i;
                break;
            }
        for (std::uint32_t p = first_with(lo, hi, depth, static_cast<int>(a)); p < hi;) {
            int s = key(p, depth);
            if (s < 0 || s >= static_cast<int>(b)) break;
            std::uint32_t e = first_with(p, hi, depth, s + 1);
            const std::string& syl = ix_.syllables_[s];
            std::size_t m = 0;
            while (m < syl.size() && m < limit && syl[m] == q_[i + m]) ++m;
            for (std::size_t l = 1; l <= m; ++l) {
                if (i + l == q_.size())
                    emit(p, e, depth + 1);
                else
                    walk(p, e, depth + 1, i + l);
            }
            p = e;
        }
    }

    const NameIndex& ix_;
    std::string_view q_;
    const std::vector<std::uint8_t>& breaks_;
    std::size_t steps_ = 0;
};

void NameIndex::find_pinyin(std::string_view letters, const std::vector<std::uint8_t>& breaks,
                            NameHits& out) const {
    out.pinyin_order = true;
    for (auto& r : out.ranks) r.clear();
    if (!pinyin_ready_ || letters.empty() || breaks.size() != letters.size()) return;
    PinyinWalk walk(*this, letters, breaks);
    walk.run();
    out.ranks[0] = normalized(std::move(walk.full));
    out.ranks[1] = subtract(normalized(std::move(walk.prefix)), out.ranks[0]);
}

}  // namespace gis::occupancy::detail
