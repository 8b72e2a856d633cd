#include "app/view/core/loader.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "app/view/core/streamer.hpp"
#include "gis/core/hash.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/paths.hpp"
#include "gis/crs/crs.hpp"
#include "gis/district/loader.hpp"
#include "gis/district/schema.hpp"
#include "gis/io/dataset.hpp"

namespace app::view {

double LoadProgress::fraction() const {
    const auto total = features_total.load();
    if (total <= 0) return finished ? 1.0 : 0.0;
    return std::clamp(static_cast<double>(features_done.load()) / static_cast<double>(total), 0.0, 1.0);
}

std::string choose_display_crs(const gis::Point& ll) {
    gis::BBox b;
    b.expand(ll);
    return gis::crs::choose_map_crs(b).crs;
}

Loader::Loader(LoadRequest request) : request_(std::move(request)) {
    thread_ = std::thread([this] { run(); });
}

Loader::~Loader() {
    cancel_ = true;
    if (thread_.joinable()) thread_.join();
}

void Loader::wait() {
    if (thread_.joinable()) thread_.join();
}

std::optional<SourceInfo> Loader::source() const {
    std::lock_guard lock(mutex_);
    return source_;
}

std::vector<PreparedLayer> Loader::take_layers() {
    std::lock_guard lock(mutex_);
    std::vector<PreparedLayer> out(std::make_move_iterator(ready_.begin()),
                                   std::make_move_iterator(ready_.end()));
    ready_.clear();
    return out;
}

std::vector<std::tuple<std::string, int, PreparedLayer>> Loader::take_bands() {
    std::lock_guard lock(mutex_);
    std::vector<std::tuple<std::string, int, PreparedLayer>> out;
    out.swap(bands_);
    return out;
}

std::vector<gis::Error> Loader::errors() const {
    std::lock_guard lock(mutex_);
    return errors_;
}

void Loader::fail(gis::Error e) {
    std::lock_guard lock(mutex_);
    errors_.push_back(std::move(e));
}

namespace {

/// The CRS a layer's coordinates are read in: its own, or WGS 84 when the data set says none but looks
/// like longitude/latitude.
std::string layer_crs(const gis::io::LayerInfo& info, const SourceInfo& src) {
    return info.crs.empty() && src.assumed_lonlat ? std::string("EPSG:4326") : info.crs;
}

// The extent of a layer in the display CRS (its own extent when no transformation is needed).
gis::BBox display_extent(const gis::io::LayerInfo& info, const SourceInfo& src) {
    const std::string& display_crs = src.display_crs;
    const std::string from = layer_crs(info, src);
    if (display_crs.empty() || from.empty() || from == display_crs || info.extent.empty()) return info.extent;
    auto t = gis::crs::Transformer::create(from, display_crs);
    if (!t) return {};
    gis::BBox out;
    const auto& e = info.extent;
    for (int i = 0; i <= 4; ++i)
        for (int j = 0; j <= 4; ++j) {
            const gis::Point p = t->forward({e.minx + e.width() * i / 4, e.miny + e.height() * j / 4});
            if (std::isfinite(p.x) && std::isfinite(p.y)) out.expand(p);
        }
    return out;
}

}  // namespace

std::uint64_t layer_source_key(std::uint64_t file_state, const std::string& layer, int band) {
    if (file_state == 0) return 0;
    gis::Fnv1a f;
    f.value(file_state);
    f.text(layer);
    f.value(band);
    return f.key();
}

void Loader::run() {
    const auto start = std::chrono::steady_clock::now();
    auto finish = [&] {
        progress_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        progress_.finished = true;
    };
    // The file's state before anything is read: a change while reading gives a key never seen again,
    // never old pictures under the new state's key.
    const std::uint64_t file_state = gis::file_state_key(request_.path);
    auto opened = gis::io::Dataset::open(request_.path);
    if (!opened) {
        fail(opened.error());
        return finish();
    }
    SourceInfo src;
    src.path = request_.path;
    src.file_state = file_state;
    std::vector<gis::io::LayerInfo> infos;
    for (auto& info : opened->layers())
        if (info.geometry_type != "None" && info.name != gis::district::layers::kHouseholds)
            infos.push_back(info);
    if (infos.empty()) {
        fail(gis::make_error(
            gis::ErrorCode::MissingLayer,
            gis::i18n::format(_("{0}: the data set has no layers with geometry to draw"), request_.path)));
        return finish();
    }
    src.district = gis::district::has_district_schema(request_.path);

    // A data set that names no CRS but whose coordinates all look like longitude/latitude is WGS 84.
    gis::BBox raw;
    bool any_crs = false;
    for (const auto& i : infos) {
        any_crs = any_crs || !i.crs.empty();
        raw.expand(i.extent);
    }
    src.assumed_lonlat = !any_crs && gis::crs::looks_like_lonlat(raw);
    // Display CRS: as asked; else the first projected layer's; else one chosen for the extent of the
    // lon/lat data (gis::crs::choose_map_crs: a zone for a district, an equal-area projection for a
    // country or the world).
    src.display_crs = request_.display_crs;
    if (src.display_crs.empty()) {
        for (const auto& i : infos)
            if (i.projected && !i.crs.empty()) {
                src.display_crs = i.crs;
                break;
            }
    }
    if (src.display_crs.empty()) {
        gis::BBox lonlat;
        for (const auto& i : infos)
            if ((i.geographic || (src.assumed_lonlat && i.crs.empty())) && !i.extent.empty())
                lonlat.expand(i.extent);
        const gis::crs::MapProjection chosen = gis::crs::choose_map_crs(lonlat);
        src.display_crs = chosen.crs;
        if (!chosen.crs.empty())
            src.crs_note = gis::i18n::format(
                src.assumed_lonlat ? _("{0}: no CRS in the file; coordinates look like longitude/latitude, "
                                       "read as WGS 84 (EPSG:4326) and drawn in {1}")
                                   : _("{0}: longitude/latitude drawn in {1}"),
                request_.path, chosen.why);
    }
    std::int64_t total = 0;
    for (const auto& i : infos) {
        src.extent.expand(display_extent(i, src));
        total += std::max<std::int64_t>(0, i.feature_count);
    }
    if (request_.origin) {
        src.origin = *request_.origin;
    } else if (!src.extent.empty()) {
        const gis::Point c = src.extent.center();
        src.origin = {std::round(c.x / 1000) * 1000, std::round(c.y / 1000) * 1000};
    }
    src.grid = request_.grid ? *request_.grid : TileGrid::over(src.extent);

    // Draw order: the district's cartographic order, else polygons, lines, points as listed.
    if (src.district) {
        for (const auto& name : district_draw_order())
            if (std::any_of(infos.begin(), infos.end(), [&](const auto& i) { return i.name == name; }))
                src.layers.push_back(name);
    }
    for (const char* kind : {"Polygon", "Line", "Point", ""})
        for (const auto& i : infos)
            if (std::find(src.layers.begin(), src.layers.end(), i.name) == src.layers.end() &&
                i.geometry_type.find(kind) != std::string::npos)
                src.layers.push_back(i.name);

    // A city with a current stored overview: its large layers are streamed, not read (Streamer).
    if (request_.stream && !request_.box && opened->driver() == "GPKG") {
        auto st = gis::district::overview_status(request_.path);
        if (!st) {
            fail(st.error());
        } else if (st->ready()) {
            bool usable = true;
            for (const auto& name : st->layers) {  // each in the data set, in the display CRS
                const auto it =
                    std::find_if(infos.begin(), infos.end(), [&](const auto& i) { return i.name == name; });
                if (it == infos.end() || (!src.display_crs.empty() && it->crs != src.display_crs))
                    usable = false;
            }
            if (usable) {
                src.stream = *st;
                for (const auto& i : infos)
                    if (st->streams(i.name)) total -= std::max<std::int64_t>(0, i.feature_count);
                total += st->rows;
            }
        } else if (!st->advice().empty()) {
            fail(gis::make_error(gis::ErrorCode::CheckFailed, request_.path + ": " + st->advice()));
        }
    }

    // Largest layers first, so that the workers finish together.
    std::sort(infos.begin(), infos.end(),
              [](const auto& a, const auto& b) { return a.feature_count > b.feature_count; });
    for (const auto& i : infos) tasks_.push_back(i.name);
    progress_.layers_total = static_cast<int>(tasks_.size());
    progress_.features_total = total;
    {
        std::lock_guard lock(mutex_);
        source_ = src;
    }
    opened = gis::Error{};  // close: each worker opens its own handle
    const std::size_t workers =
        std::clamp<std::size_t>(static_cast<std::size_t>(std::max(1, request_.threads)), 1, tasks_.size());
    std::vector<std::thread> pool;
    for (std::size_t w = 1; w < workers; ++w) pool.emplace_back([this, w] { work(w); });
    work(0);
    for (auto& t : pool) t.join();
    // Nothing drawn and no reason given: a readable data set without features (a part may be empty: an
    // empty picture). Never "not a GIS file": the file was read.
    if (progress_.features_done == 0 && !cancel_ && !request_.box && errors().empty())
        fail(gis::make_error(
            gis::ErrorCode::BadInput,
            gis::i18n::format(_("{0}: the data set has no features to draw"), request_.path)));
    finish();
}

void Loader::work(std::size_t /*worker*/) {
    auto ds = gis::io::Dataset::open(request_.path);
    if (!ds) {
        fail(ds.error());
        return;
    }
    SourceInfo src = *source();
    int generic_index = 0;
    while (!cancel_) {
        const std::size_t t = next_task_++;
        if (t >= tasks_.size()) break;
        const std::string& name = tasks_[t];
        auto style_for = [&](const gis::io::LayerInfo& info) {
            std::optional<LayerStyle> style;
            if (src.district) style = district_layer_style(name);
            if (!style) {
                const auto pos = std::find(src.layers.begin(), src.layers.end(), name) - src.layers.begin();
                style = generic_layer_style(info, static_cast<int>(pos) + generic_index);
            }
            return std::move(*style);
        };
        if (src.stream && src.stream->streams(name)) {
            // A streamed layer: its overview's coarsest band (the Streamer reads the others when needed).
            const int b = src.stream->bands - 1;
            auto info = ds->layer_info(name);
            if (!info) {
                fail(info.error());
                ++progress_.layers_done;
                continue;
            }
            const auto t0 = std::chrono::steady_clock::now();
            auto prepared = prepare_band(src, name, b, style_for(*info), *info);
            if (!prepared) {
                fail(prepared.error());
                ++progress_.layers_done;
                continue;
            }
            const auto count = static_cast<std::int64_t>(prepared->features.size());
            if (std::getenv("NBHD_LOAD_TRACE"))
                std::fprintf(stderr, "%-20s %8lld overview band %d read and prepared %.2f s\n", name.c_str(),
                             static_cast<long long>(count), b,
                             std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
            progress_.features_done += count;
            std::lock_guard lock(mutex_);
            ready_.push_back(*prepared);
            bands_.emplace_back(name, b, std::move(*prepared));
            ++progress_.layers_done;
            continue;
        }
        gis::io::ReadOptions options;
        options.target_crs = src.display_crs;
        if (src.assumed_lonlat) options.assumed_crs = "EPSG:4326";  // no CRS in the file: read as lon/lat
        if (request_.box) {
            const auto info = ds->layer_info(name);
            if (info && (info->crs == src.display_crs || src.display_crs.empty()))
                options.bbox = request_.box;
        }
        const auto t0 = std::chrono::steady_clock::now();
        auto layer = ds->read_layer(name, options);
        const auto t1 = std::chrono::steady_clock::now();
        if (!layer) {
            fail(layer.error());  // a CRS problem says what to do (Dataset::read_layer)
            ++progress_.layers_done;
            continue;
        }
        const auto count = static_cast<std::int64_t>(layer->features.size());
        LayerStyle style = style_for(layer->info);
        PreparedLayer prepared =
            prepare_layer(std::move(layer.value()), std::move(style), src.origin, src.grid);
        if (!request_.box) prepared.source_key = layer_source_key(src.file_state, name, -1);
        if (std::getenv("NBHD_LOAD_TRACE"))
            std::fprintf(stderr, "%-20s %8lld read %.2f s prepare %.2f s\n", name.c_str(),
                         static_cast<long long>(count), std::chrono::duration<double>(t1 - t0).count(),
                         std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count());
        progress_.features_done += count;
        ++progress_.layers_done;
        std::lock_guard lock(mutex_);
        ready_.push_back(std::move(prepared));
    }
}

}  // namespace app::view
