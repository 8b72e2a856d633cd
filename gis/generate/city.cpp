#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include "gis/core/i18n.hpp"
#include "gis/district/schema.hpp"
#include "gis/generate/district_generator.hpp"
#include "gis/generate/writer.hpp"

namespace gis::generate {

Result<void> write_district(const std::string& out, const DistrictParams& params, bool overwrite) {
    auto writer = GpkgWriter::create(out, overwrite);
    if (!writer) return writer.error();
    for (const auto& layer : generate_district(params))
        if (auto r = writer->append(layer); !r) return r;
    return writer->commit();
}

Result<void> generate_city(const std::string& out, int buildings, bool overwrite, const Progress& progress) {
    constexpr int kPerDistrict = 53;
    if (buildings < 1 || buildings > 10'000'000)
        return make_error(
            ErrorCode::BadInput,
            gis::i18n::format(_("--buildings must be between 1 and 10000000 (got {0})"), buildings));
    const int districts = (buildings + kPerDistrict - 1) / kPerDistrict;
    const int cols = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(districts))));
    // Districts are laid on a grid with room between their bounding streets.
    const double dx = 800, dy = 660;
    auto writer = GpkgWriter::create(out, overwrite);
    if (!writer) return writer.error();
    // Districts are generated on a worker thread while this thread writes the previous ones.
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<std::vector<GeneratedLayer>> ready;
    bool stop = false;
    std::thread producer([&] {
        for (int d = 0; d < districts; ++d) {
            DistrictParams p;
            p.seed = 1000003ull + static_cast<std::uint64_t>(d);
            p.origin = {500000.0 + (d % cols) * dx, 3380000.0 + (d / cols) * dy};
            p.building_number_offset = d * 100;
            char prefix[16];
            std::snprintf(prefix, sizeof prefix, "D%05d", d + 1);
            p.household_prefix = prefix;
            p.name = "城区第" + std::to_string(d + 1) + "片";
            p.name_en = "City district " + std::to_string(d + 1);
            p.compound_name = p.compound_name + "（" + p.name + "）";
            p.compound_name_en = p.compound_name_en + " (" + p.name_en + ")";
            p.with_tables = d == 0;
            auto layers = generate_district(p);
            std::unique_lock lock(mutex);
            changed.wait(lock, [&] { return ready.size() < 4 || stop; });
            if (stop) return;
            ready.push_back(std::move(layers));
            changed.notify_all();
        }
    });
    auto finish = [&] {
        {
            std::lock_guard lock(mutex);
            stop = true;
        }
        changed.notify_all();
        producer.join();
    };
    std::map<std::string, std::int64_t> offsets;
    const char* fid_refs[] = {"building_fid"};
    for (int d = 0; d < districts; ++d) {
        std::vector<GeneratedLayer> layers;
        {
            std::unique_lock lock(mutex);
            changed.wait(lock, [&] { return !ready.empty(); });
            layers = std::move(ready.front());
            ready.pop_front();
            changed.notify_all();
        }
        const std::int64_t building_offset = offsets[district::layers::kBuildings];
        for (auto& layer : layers) {
            auto& off = offsets[layer.name];
            const auto* schema = district::find_schema(layer.name);
            std::vector<int> ref_fields;
            for (std::size_t k = 0; k < schema->fields.size(); ++k)
                for (const char* r : fid_refs)
                    if (schema->fields[k].name == r) ref_fields.push_back(static_cast<int>(k));
            for (auto& f : layer.features) {
                f.fid += off;
                for (int k : ref_fields)
                    if (auto* v = std::get_if<std::int64_t>(&f.values[k]); v && *v > 0) *v += building_offset;
            }
            if (auto r = writer->append(layer); !r) {
                finish();
                return r;
            }
            off += static_cast<std::int64_t>(layer.features.size());
        }
        if (progress) progress(static_cast<double>(d + 1) / districts, "districts");
    }
    finish();
    if (progress) progress(1.0, "indexing");
    return writer->commit();
}

}  // namespace gis::generate
