#include "app/view/core/streamer.hpp"

#include <algorithm>
#include <chrono>

#include "gis/io/dataset.hpp"

namespace app::view {

namespace {

std::size_t bytes_of(const PreparedLayer& l) {
    std::size_t b = l.features.size() * (sizeof(gis::io::Feature) + sizeof(FeatureSpan) + 16) +
                    l.fill_vertices.size() * sizeof(FillVertex) + l.fill_indices.size() * 4 +
                    l.segments.size() * sizeof(Segment) + l.points.size() * sizeof(PointSymbol) +
                    l.labels.size() * sizeof(LabelCandidate);
    for (const auto& f : l.features) {
        for (const auto& p : f.geometry.polygons) {
            b += p.outer.size() * sizeof(gis::Point) + sizeof(gis::Polygon);
            for (const auto& h : p.holes) b += h.size() * sizeof(gis::Point);
        }
        for (const auto& ln : f.geometry.lines) b += ln.size() * sizeof(gis::Point) + sizeof(gis::LineString);
        b += f.geometry.points.size() * sizeof(gis::Point);
        b += f.values.size() * sizeof(gis::io::FieldValue);
        for (const auto& v : f.values)
            if (const auto* s = std::get_if<std::string>(&v)) b += s->capacity();
    }
    return b;
}

void append_unique(std::vector<char32_t>& to, const std::vector<char32_t>& from) {
    to.insert(to.end(), from.begin(), from.end());
}

}  // namespace

PreparedLayer merge_tiles(const std::vector<std::pair<int, const PreparedLayer*>>& pieces,
                          const TileGrid& grid) {
    PreparedLayer out;
    std::size_t nf = 0, nv = 0, ni = 0, ns = 0, np = 0, nl = 0;
    for (const auto& [t, p] : pieces) {
        nf += p->features.size();
        nv += p->fill_vertices.size();
        ni += p->fill_indices.size();
        ns += p->segments.size();
        np += p->points.size();
        nl += p->labels.size();
    }
    if (!pieces.empty()) {
        const PreparedLayer& first = *pieces.front().second;
        out.name = first.name;
        out.info = first.info;
        out.style = first.style;
    }
    out.features.reserve(nf);
    out.style_index.reserve(nf);
    out.lod.reserve(nf);
    out.spans.reserve(nf);
    out.by_fid.reserve(nf);
    out.fill_vertices.reserve(nv);
    out.fill_indices.reserve(ni);
    out.segments.reserve(ns);
    out.points.reserve(np);
    out.labels.reserve(nl);
    out.tiles.assign(static_cast<std::size_t>(grid.count()), {});
    out.label_tile_first.assign(static_cast<std::size_t>(grid.count()) + 1, 0);
    int next_tile = 0;
    for (const auto& [t, p] : pieces) {
        for (; next_tile <= t; ++next_tile)
            out.label_tile_first[static_cast<std::size_t>(next_tile)] =
                static_cast<std::uint32_t>(out.labels.size());
        const auto f0 = static_cast<std::uint32_t>(out.features.size());
        const auto v0 = static_cast<std::uint32_t>(out.fill_vertices.size());
        const auto i0 = static_cast<std::uint32_t>(out.fill_indices.size());
        const auto s0 = static_cast<std::uint32_t>(out.segments.size());
        const auto p0 = static_cast<std::uint32_t>(out.points.size());
        out.extent.expand(p->extent);
        TileRun& run = out.tiles[static_cast<std::size_t>(t)];
        run.first = f0;
        run.count = static_cast<std::uint32_t>(p->features.size());
        for (const auto& r : p->tiles) run.bounds.expand(r.bounds);
        out.features.insert(out.features.end(), p->features.begin(), p->features.end());
        out.style_index.insert(out.style_index.end(), p->style_index.begin(), p->style_index.end());
        out.lod.insert(out.lod.end(), p->lod.begin(), p->lod.end());
        for (FeatureSpan s : p->spans) {
            s.fill_first += i0;
            s.seg_first += s0;
            s.point_first += p0;
            out.spans.push_back(s);
        }
        for (const auto& [fid, pos] : p->by_fid) out.by_fid.emplace_back(fid, pos + f0);
        out.fill_vertices.insert(out.fill_vertices.end(), p->fill_vertices.begin(), p->fill_vertices.end());
        for (std::uint32_t i : p->fill_indices) out.fill_indices.push_back(i + v0);
        out.segments.insert(out.segments.end(), p->segments.begin(), p->segments.end());
        out.points.insert(out.points.end(), p->points.begin(), p->points.end());
        for (LabelCandidate c : p->labels) {
            c.feature += f0;
            out.labels.push_back(std::move(c));
        }
        append_unique(out.code_points, p->code_points);
        append_unique(out.label_code_points, p->label_code_points);
    }
    for (; next_tile <= grid.count(); ++next_tile)
        out.label_tile_first[static_cast<std::size_t>(next_tile)] =
            static_cast<std::uint32_t>(out.labels.size());
    std::sort(out.by_fid.begin(), out.by_fid.end());
    for (auto* v : {&out.code_points, &out.label_code_points}) {
        std::sort(v->begin(), v->end());
        v->erase(std::unique(v->begin(), v->end()), v->end());
    }
    return out;
}

gis::Result<PreparedLayer> prepare_band(const SourceInfo& source, const std::string& layer, int band,
                                        const LayerStyle& style, gis::io::LayerInfo info) {
    const double pixel = source.stream->band_pixel(band);
    const bool drawn = std::any_of(style.styles.begin(), style.styles.end(),
                                   [&](const FeatureStyle& f) { return f.max_mpp >= pixel; });
    gis::io::Layer data;
    data.info = std::move(info);
    std::vector<gis::geom::Triangles> triangles;
    if (drawn) {
        auto read = gis::district::read_overview(source.path, layer, band, &triangles);
        if (!read) return read.error();
        data = std::move(*read);
    }
    data.info.name = layer;
    PreparedLayer out = prepare_layer(std::move(data), style, source.origin, source.grid, &triangles);
    out.make_generalised(pixel);
    out.source_key = layer_source_key(source.file_state, layer, band);
    return out;
}

Streamer::Streamer(Document& doc, SourceInfo source, int threads)
    : doc_(doc), src_(std::move(source)), threads_(std::max(1, threads)) {
    if (src_.stream) layers_ = src_.stream->layers;
    worker_ = std::thread([this] { work(); });
}

Streamer::~Streamer() {
    stop_ = true;
    wake_.notify_all();
    if (worker_.joinable()) worker_.join();
}

void Streamer::add_band(const std::string& layer, int band, PreparedLayer data) {
    if (!data.generalised) data.make_generalised(src_.stream->band_pixel(band));  // the loader's are already
    {
        std::lock_guard lock(mutex_);
        if (!infos_.count(layer) && data.info.feature_count > 0) infos_[layer] = data.info;
    }
    bands_[layer][band] = std::move(data);
    if (std::all_of(layers_.begin(), layers_.end(), [&](const std::string& l) {
            const auto it = bands_.find(l);
            return it != bands_.end() && it->second.count(band);
        }))
        loaded_bands_.insert(band);
}

bool Streamer::streams(const std::string& layer) const { return src_.stream && src_.stream->streams(layer); }

void Streamer::restyle(const std::string& layer, LayerStyle style) {
    if (!streams(layer)) return;
    restyled_[layer] = std::move(style);
    // Every band of the layer is prepared again with the new style; so are the tiles (a job's styles
    // differ from the cached tiles').
    bands_.erase(layer);
    loaded_bands_.clear();  // no band is held for every layer now
    {
        std::lock_guard lock(mutex_);
        requested_.clear();
        band_asked_.reset();
        band_job_.reset();
        ++generation_;
    }
    shown_band_ = -2;
    shown_tiles_.clear();
}

std::vector<LayerStyle> Streamer::current_styles() const {
    std::vector<LayerStyle> out;
    for (const auto& name : layers_) {
        if (auto r = restyled_.find(name); r != restyled_.end()) {
            out.push_back(r->second);
        } else if (const MapLayer* l = doc_.find(name)) {
            out.push_back(l->data.style);
        } else {
            auto s = district_layer_style(name);
            out.push_back(s ? *s : LayerStyle{});
        }
    }
    return out;
}

void Streamer::request_band(int band) {
    std::lock_guard lock(mutex_);
    if (band_asked_ == band || (band_job_ && band_job_->first == band)) return;
    band_job_ = std::pair{band, current_styles()};
    wake_.notify_all();
}

PreparedLayer Streamer::read_band(std::size_t layer, int band, const LayerStyle& style) {
    gis::io::LayerInfo info;
    {
        std::lock_guard lock(mutex_);
        if (auto it = infos_.find(layers_[layer]); it != infos_.end()) info = it->second;
    }
    auto out = prepare_band(src_, layers_[layer], band, style, info);
    if (out) return std::move(*out);
    {
        std::lock_guard lock(mutex_);
        messages_.push_back(out.error().message);
    }
    // Nothing of the band then, in the layer's own style.
    gis::io::Layer empty;
    empty.info = std::move(info);
    empty.info.name = layers_[layer];
    PreparedLayer none = prepare_layer(std::move(empty), style, src_.origin, src_.grid);
    none.make_generalised(src_.stream->band_pixel(band));
    return none;
}

std::vector<int> Streamer::tiles_for(const gis::BBox& box) const {
    std::vector<int> out;
    const gis::BBox e = src_.extent;
    if (box.empty() || e.empty() || !box.intersects(e)) return out;
    const TileGrid& g = src_.grid;
    const int c0 = g.col_of(std::max(box.minx, e.minx)), c1 = g.col_of(std::min(box.maxx, e.maxx));
    const int r0 = g.row_of(std::max(box.miny, e.miny)), r1 = g.row_of(std::min(box.maxy, e.maxy));
    for (int r = r0; r <= r1; ++r)
        for (int c = c0; c <= c1; ++c) out.push_back(r * g.cols + c);
    return out;
}

void Streamer::show_band(int band) {
    for (const auto& name : layers_) {
        const auto l = bands_.find(name);
        if (l == bands_.end() || !l->second.count(band)) continue;
        PreparedLayer copy = l->second.at(band);
        if (restyled_.count(name))
            restyled_.erase(name);  // prepared with the new style: it is the layer's from now on
        else if (const MapLayer* now = doc_.find(name))
            copy.style = now->data.style;  // the legend's toggles
        doc_.replace_layer(std::move(copy));
    }
    shown_band_ = band;
    shown_tiles_.clear();
    // Tiles asked for earlier are no longer on their way to the screen: zoomed in again, they are asked
    // for again (from the cache, mostly).
    std::lock_guard lock(mutex_);
    requested_.clear();
    ++generation_;
}

void Streamer::request(std::vector<int> tiles) {
    Job job;
    job.tiles = std::move(tiles);
    job.styles = current_styles();
    std::lock_guard lock(mutex_);
    job.generation = ++generation_;
    requested_ = job.tiles;
    job_ = std::move(job);
    wake_.notify_all();
}

bool Streamer::update(const gis::BBox& view, double mpp) {
    if (layers_.empty() || !src_.stream) return false;
    bool changed = false;
    // A finished request for the newest tiles goes in first.
    std::optional<Done> done;
    std::vector<std::pair<int, std::vector<PreparedLayer>>> bands;
    {
        std::lock_guard lock(mutex_);
        if (done_ && done_->generation == generation_) done = std::move(done_);
        done_.reset();
        bands.swap(bands_done_);
    }
    for (auto& [band, layers] : bands)
        for (std::size_t i = 0; i < layers.size() && i < layers_.size(); ++i)
            add_band(layers_[i], band, std::move(layers[i]));
    const double threshold = src_.stream->threshold_mpp;
    if (mpp > threshold) {
        const int band = src_.stream->band_for(mpp);
        if (shown_band_ != band) {
            if (loaded_bands_.count(band)) {
                show_band(band);
                changed = true;
            } else {
                request_band(band);
            }
        }
        return changed;
    }
    if (done) {
        for (std::size_t i = 0; i < layers_.size() && i < done->layers.size(); ++i) {
            if (restyled_.count(layers_[i]))
                restyled_.erase(layers_[i]);
            else if (const MapLayer* now = doc_.find(layers_[i]))
                done->layers[i].style = now->data.style;
            doc_.replace_layer(std::move(done->layers[i]));
        }
        shown_band_ = -1;
        shown_tiles_ = std::move(done->tiles);
        changed = true;
    }
    const std::vector<int> needed = tiles_for(view);
    auto covers = [&](const std::vector<int>& have) {
        return std::includes(have.begin(), have.end(), needed.begin(), needed.end());
    };
    if (shown_band_ == -1 && covers(shown_tiles_)) return changed;
    bool asked;
    {
        std::lock_guard lock(mutex_);
        asked = covers(requested_) && generation_ > 0;
    }
    if (!asked) {
        gis::BBox around = view;
        const double gx = view.width() * 0.25, gy = view.height() * 0.25;
        around = {view.minx - gx, view.miny - gy, view.maxx + gx, view.maxy + gy};
        request(tiles_for(around));
    }
    return changed;
}

bool Streamer::pending() const {
    std::lock_guard lock(mutex_);
    return job_.has_value() || busy_ || done_.has_value() || band_job_.has_value() ||
           band_asked_.has_value() || !bands_done_.empty();
}

void Streamer::settle(const gis::BBox& view, double mpp) {
    if (layers_.empty() || !src_.stream) return;
    for (;;) {
        update(view, mpp);
        {
            std::lock_guard lock(mutex_);
            if (mpp > src_.stream->threshold_mpp) {
                if (shown_band_ == src_.stream->band_for(mpp)) return;
                if (!band_job_ && !band_asked_ && bands_done_.empty() && !messages_.empty()) return;
            } else {
                const auto needed = tiles_for(view);
                if (shown_band_ == -1 &&
                    std::includes(shown_tiles_.begin(), shown_tiles_.end(), needed.begin(), needed.end()))
                    return;
                if (!job_ && !busy_ && !done_ && !messages_.empty())
                    return;  // a read failed: nothing more comes
            }
        }
        std::unique_lock lock(mutex_);
        done_cv_.wait_for(lock, std::chrono::milliseconds(20));
    }
}

std::vector<std::string> Streamer::take_messages() {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    out.swap(messages_);
    return out;
}

Streamer::Stats Streamer::stats() const {
    std::lock_guard lock(mutex_);
    Stats s;
    s.band = shown_band_ < 0 ? -1 : shown_band_;
    s.shown_tiles = shown_tiles_.size();
    s.cached_tiles = cache_.size();
    s.cached_bytes = cache_bytes_;
    s.tiles_read = tiles_read_;
    return s;
}

std::shared_ptr<const Streamer::Piece> Streamer::read_tile(int tile, const std::vector<LayerStyle>& styles,
                                                           void* dataset) {
    auto& ds = *static_cast<gis::io::Dataset*>(dataset);
    auto piece = std::make_shared<Piece>();
    TileGrid one;
    one.size = src_.grid.size;
    const gis::BBox b = src_.grid.bounds(tile);
    one.origin = {b.minx, b.miny};
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        gis::io::ReadOptions ro;
        ro.target_crs = src_.display_crs;
        ro.bbox = b;
        auto layer = ds.read_layer(layers_[i], ro);
        if (!layer) {
            std::lock_guard lock(mutex_);
            messages_.push_back(layer.error().message);
            return nullptr;
        }
        auto& fs = layer->features;
        fs.erase(
            std::remove_if(fs.begin(), fs.end(),
                           [&](const gis::io::Feature& f) { return src_.grid.tile_of(f.geometry) != tile; }),
            fs.end());
        piece->layers.push_back(prepare_layer(std::move(*layer), styles[i], src_.origin, one));
        piece->bytes += bytes_of(piece->layers.back());
    }
    return piece;
}

void Streamer::evict_locked(const std::vector<int>& keep) {
    while (cache_bytes_ > kCacheBytes) {
        auto victim = cache_.end();
        for (auto it = cache_.begin(); it != cache_.end(); ++it)
            if (!std::binary_search(keep.begin(), keep.end(), it->first) &&
                (victim == cache_.end() || it->second->used < victim->second->used))
                victim = it;
        if (victim == cache_.end()) return;
        cache_bytes_ -= victim->second->bytes;
        cache_.erase(victim);
    }
}

void Streamer::work() {
    std::vector<std::unique_ptr<gis::io::Dataset>> datasets;
    std::vector<LayerStyle> cached_styles;  // the styles the cached tiles were prepared with
    while (!stop_) {
        Job job;
        std::optional<std::pair<int, std::vector<LayerStyle>>> band_job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stop_ || job_.has_value() || band_job_.has_value(); });
            if (stop_) return;
            if (band_job_) {
                band_job = std::move(band_job_);
                band_job_.reset();
                band_asked_ = band_job->first;
            }
        }
        if (band_job) {
            std::vector<PreparedLayer> layers;
            for (std::size_t i = 0; i < layers_.size(); ++i)
                layers.push_back(read_band(i, band_job->first, band_job->second[i]));
            {
                std::lock_guard lock(mutex_);
                bands_done_.emplace_back(band_job->first, std::move(layers));
                band_asked_.reset();
            }
            done_cv_.notify_all();
            continue;
        }
        {
            std::unique_lock lock(mutex_);
            if (!job_) continue;
            job = std::move(*job_);
            job_.reset();
            busy_ = true;
        }
        // A changed style (a map theme) makes every cached tile stale.
        bool same = cached_styles.size() == job.styles.size();
        for (std::size_t i = 0; same && i < job.styles.size(); ++i)
            same =
                job.styles[i].title_key == cached_styles[i].title_key &&
                job.styles[i].styles.size() == cached_styles[i].styles.size() &&
                std::equal(job.styles[i].styles.begin(), job.styles[i].styles.end(),
                           cached_styles[i].styles.begin(),
                           [](const FeatureStyle& a, const FeatureStyle& b) { return a.legend == b.legend; });
        std::vector<int> missing;
        {
            std::lock_guard lock(mutex_);
            if (!same) {
                cache_.clear();
                cache_bytes_ = 0;
            }
            for (int t : job.tiles)
                if (!cache_.count(t)) missing.push_back(t);
        }
        cached_styles = job.styles;
        // Missing tiles on up to `threads_` threads, each with its own handle on the data set.
        const std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(threads_), missing.size());
        while (datasets.size() < n) {
            auto ds = gis::io::Dataset::open(src_.path);
            if (!ds) {
                std::lock_guard lock(mutex_);
                messages_.push_back(ds.error().message);
                break;
            }
            datasets.push_back(std::make_unique<gis::io::Dataset>(std::move(*ds)));
        }
        std::atomic<std::size_t> next{0};
        bool failed = false;
        auto run = [&](std::size_t w) {
            while (!stop_) {
                const std::size_t k = next++;
                if (k >= missing.size()) return;
                {
                    std::lock_guard lock(mutex_);
                    if (generation_ != job.generation) return;  // the view moved on: a newer request
                }
                auto piece = read_tile(missing[k], job.styles, datasets[w].get());
                std::lock_guard lock(mutex_);
                if (!piece) {
                    failed = true;
                    return;
                }
                cache_bytes_ += piece->bytes;
                cache_[missing[k]] = std::move(piece);
                ++tiles_read_;
            }
        };
        if (!datasets.empty()) {
            std::vector<std::thread> pool;
            for (std::size_t w = 1; w < std::min(n, datasets.size()); ++w) pool.emplace_back(run, w);
            run(0);
            for (auto& t : pool) t.join();
        }
        std::vector<std::shared_ptr<const Piece>> pieces;
        bool complete = !failed;
        {
            std::lock_guard lock(mutex_);
            if (generation_ == job.generation && complete) {
                for (int t : job.tiles) {
                    auto it = cache_.find(t);
                    if (it == cache_.end()) {
                        complete = false;
                        break;
                    }
                    const_cast<Piece&>(*it->second).used = ++clock_;
                    pieces.push_back(it->second);
                }
            } else {
                complete = false;
            }
        }
        if (complete) {
            Done done;
            done.generation = job.generation;
            done.tiles = job.tiles;
            for (std::size_t i = 0; i < layers_.size(); ++i) {
                std::vector<std::pair<int, const PreparedLayer*>> parts;
                for (std::size_t k = 0; k < pieces.size(); ++k)
                    parts.emplace_back(job.tiles[k], &pieces[k]->layers[i]);
                PreparedLayer merged = merge_tiles(parts, src_.grid);
                if (parts.empty()) {
                    merged.name = layers_[i];
                    merged.style = job.styles[i];
                    std::lock_guard lock(mutex_);
                    if (auto it = infos_.find(layers_[i]); it != infos_.end()) merged.info = it->second;
                }
                done.layers.push_back(std::move(merged));
            }
            std::lock_guard lock(mutex_);
            evict_locked(job.tiles);
            if (generation_ == job.generation) done_ = std::move(done);
        }
        {
            std::lock_guard lock(mutex_);
            busy_ = false;
        }
        done_cv_.notify_all();
    }
}

}  // namespace app::view
