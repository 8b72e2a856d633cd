// District import: the household register, streamed row by row into flats.

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "gis/ingest/detail/importer.hpp"
#include "gis/occupancy/address.hpp"
#include "gis/occupancy/import.hpp"

namespace gis::ingest::detail {

/// Every register row in an existing flat of a residential building, one household a flat; numbers for
/// rows without one; phone and ID numbers checked as the household import checks them. Holds only what
/// the rows already seen must be checked against (flats and numbers taken, as 64-bit keys).
class Importer::HouseholdPlacer {
  public:
    HouseholdPlacer(const Importer& im) : im_(im), hl_(im.layers_.at(L::kHouseholds)) {
        for (const auto& b : im.buildings_)
            if (b.number > 0 && b.kind == district::BuildingKind::Residential) by_number_[b.number] = &b;
        if (auto it = im.m_.options.find("household_prefix"); it != im.m_.options.end())
            if (const auto* s = std::get_if<std::string>(&it->second)) prefix_ = *s;
        number_series_ = !im.mapping(L::kHouseholds, "household_no");
        size_assumed_ = !im.mapping(L::kHouseholds, "size");
        names_mapped_ = im.mapping(L::kHouseholds, "head_name") != nullptr;
    }

    /// Checks and completes one mapped household; false (with the reasons in `why`) when it fits nowhere.
    bool place(io::Feature& f, std::vector<std::string>& why) {
        const auto& o = im_.o_;
        const int bn = static_cast<int>(hl_.num(f, "building_number"));
        const int en = static_cast<int>(hl_.num(f, "entrance"));
        int fl = static_cast<int>(hl_.num(f, "floor"));
        int fn = static_cast<int>(hl_.num(f, "flat"));
        // A door number (房号 502: floor 5, flat 2), as registers and nbhd's own exports write it.
        if (fn >= 100) {
            if (auto ff = occupancy::floor_and_flat(fn, fl)) {
                fl = ff->first;
                fn = ff->second;
                hl_.set(f, "floor", std::int64_t{fl});
                hl_.set(f, "flat", std::int64_t{fn});
            } else {
                why.push_back(ff.error().message);
                return false;
            }
        }
        auto b = by_number_.find(bn);
        if (b == by_number_.end()) {
            why.push_back(tr(o, "没有居民楼 " + std::to_string(bn),  // as households import says it
                             "no residential building " + std::to_string(bn)));
        } else {
            const district::Building& bb = *b->second;
            if (en < 1 || en > bb.entrances)
                why.push_back(tr(o,
                                 std::to_string(bn) + " 号楼只有 " + std::to_string(bb.entrances) + " 个单元",
                                 "building " + std::to_string(bn) + " has " + std::to_string(bb.entrances) +
                                     " entrances"));
            if (fl < bb.first_residential_floor() || fl > bb.floors)
                why.push_back(tr(
                    o,
                    std::to_string(bn) + " 号楼住宅楼层为 " + std::to_string(bb.first_residential_floor()) +
                        "–" + std::to_string(bb.floors) + " 层",
                    "building " + std::to_string(bn) + " has flats on floors " +
                        std::to_string(bb.first_residential_floor()) + ".." + std::to_string(bb.floors)));
            if (fn < 1 || fn > bb.flats_per_floor)
                why.push_back(tr(o,
                                 "房号 " + std::to_string(fn) + "：每层每单元只有 " +
                                     std::to_string(bb.flats_per_floor) + " 户",
                                 "flat " + std::to_string(fn) + ": " + std::to_string(bb.flats_per_floor) +
                                     " flats a floor per entrance"));
        }
        const std::uint64_t flat = (std::uint64_t(std::uint32_t(bn)) << 32) |
                                   (std::uint64_t(en & 0xFF) << 24) | (std::uint64_t(fl & 0xFFF) << 12) |
                                   std::uint64_t(fn & 0xFFF);
        if (why.empty() && !taken_.insert(flat).second)
            why.push_back(tr(o, "该户已在前面的行登记", "the flat is already taken by an earlier row"));
        const std::string phone = hl_.str(f, "phone");
        if (!phone.empty()) {
            if (auto p = occupancy::phone_number(phone))
                hl_.set(f, "phone", *p);
            else
                why.push_back(tr(
                    o, "电话号码无法拨打（手机 11 位，座机带区号）",
                    "the phone number cannot be dialled (mobile: 11 digits; landline with its area code)"));
        }
        const std::string id = hl_.str(f, "id_number");
        if (!id.empty()) {
            if (auto p = occupancy::id_number(id))
                hl_.set(f, "id_number", *p);
            else
                why.push_back(tr(o, "身份证号码格式或校验位不对",
                                 "the ID number is malformed or fails its check digit"));
        }
        if (names_mapped_ && hl_.str(f, "head_name").empty())
            why.push_back(tr(o, "户主姓名为空", "the head of household is empty"));
        if (size_assumed_)
            hl_.set(f, "size", std::int64_t(1));
        else if (hl_.num(f, "size") < 1 || hl_.num(f, "size") > 30)
            why.push_back(tr(o, "家庭人口应为 1–30", "household size must be 1..30"));
        // No numbers in the register, or a row without one: the next of the series (as households
        // import numbers a row without 户号).
        if (number_series_ || hl_.str(f, "household_no").empty()) {
            char buf[48];
            std::snprintf(buf, sizeof buf, "%s-%04lld", prefix_.c_str(), static_cast<long long>(++series_));
            hl_.set(f, "household_no", std::string(buf));
            if (!number_series_) ++numbered_blank_;
        }
        const std::string no = hl_.str(f, "household_no");
        if (!numbers_.insert(std::hash<std::string>{}(no)).second)
            why.push_back(tr(o, "户号重复", "the household number is listed twice"));
        if (!why.empty()) return false;
        hl_.set(f, "address", district::format_address(bn, en, fl, fn));
        return true;
    }

    void notes(LayerTally& tl) const {
        const auto& o = im_.o_;
        if (number_series_)
            tl.notes.push_back(tr(o, "户号：按登记顺序编为 ", "household numbers: a series ") + prefix_ +
                               "-0001…");
        else if (numbered_blank_ > 0)
            tl.notes.push_back(
                tr(o, "户号为空的行按登记顺序编为 ", "rows without a household number: a series ") + prefix_ +
                "-NNNN (" + std::to_string(numbered_blank_) + ")");
        if (size_assumed_)
            tl.notes.push_back(tr(o, "家庭人口：未给出，按 1 人", "household size: not given, 1 assumed"));
    }

  private:
    const Importer& im_;
    const Layer& hl_;
    std::unordered_map<int, const district::Building*> by_number_;
    std::string prefix_ = "HH";
    bool number_series_ = false, size_assumed_ = false, names_mapped_ = false;
    std::int64_t numbered_blank_ = 0;
    std::unordered_set<std::uint64_t> taken_, numbers_;
    std::int64_t series_ = 0;
};

/// The household register, row by row: mapped, placed, and written in batches, so that a city's register
/// is never held in memory.
Result<void> Importer::stream_households(const LayerMapping& lm) {
    LayerTally& tl = tally(lm.target, lm.source);
    HouseholdPlacer placer(*this);
    std::optional<std::vector<Column>> cols;  // made from the source's header when the first row comes
    std::vector<io::Feature> batch;
    std::int64_t kept = 0;
    auto flush = [&]() -> Result<void> {
        if (batch.empty()) return {};
        if (writer) {
            if (auto a = writer->append({L::kHouseholds, std::move(batch)}); !a) return a.error();
        }
        batch.clear();
        return {};
    };
    auto table = read_source(m_, lm, m_.crs, [&](const SourceTable& t, SourceRow&& r) -> Result<void> {
        if (!cols) {
            auto p = prepare_columns(lm, t);
            if (!p) return p.error();
            cols = std::move(*p);
        }
        ++tl.read;
        if (!r.problem.empty()) {  // not read whole: rejected by its row, the rows after it read as usual
            reject(report, tl, lm, r.row, {r.problem.text(o_.lang != "en")});
            return {};
        }
        io::Feature f;
        std::vector<std::string> why;
        if (auto m = map_row(lm, *cols, t, r, f, why); !m) return m.error();
        if (why.empty()) placer.place(f, why);
        if (!why.empty()) {
            reject(report, tl, lm, r.row, why);
            return {};
        }
        f.fid = ++kept;
        batch.push_back(std::move(f));
        if (batch.size() >= 50000) {
            progress(lm.target, tl.read, 0);
            return flush();
        }
        return {};
    });
    if (!table) return table.error();
    if (!cols)  // an empty register: its mapping is still checked
        if (auto c = check_mapping(lm, *table); !c) return c.error();
    if (auto f = flush(); !f) return f.error();
    tl.notes.insert(tl.notes.begin(), table->notes.begin(), table->notes.end());
    tl.imported = kept;
    placer.notes(tl);
    progress(lm.target, tl.read, tl.read);
    return {};
}

}  // namespace gis::ingest::detail
