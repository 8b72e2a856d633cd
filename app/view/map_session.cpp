#include "app/view/map_session.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "app/i18n/i18n.hpp"
#include "gis/district/schema.hpp"
#include "gis/io/dataset.hpp"

namespace app::view {

void MapSession::open(const std::string& path, std::optional<gis::BBox> box, bool stream) {
    LoadRequest r;
    r.path = path;
    r.stream = stream;
    r.threads = threads_;
    r.box = box;
    primary_ = std::make_unique<Loader>(std::move(r));
}

void MapSession::add(const std::string& path) { pending_adds_.push_back(path); }

int MapSession::pump() {
    int arrived = 0;
    if (!primary_) return 0;
    if (!source_set_) {
        if (auto s = primary_->source()) {
            doc_.set_source(*s);
            source_set_ = true;
            if (!s->crs_note.empty()) messages_.push_back(s->crs_note);  // how the map CRS was chosen
        } else if (primary_->finished()) {
            failed_ = true;
        }
    }
    if (source_set_) {
        for (const auto& p : pending_adds_) {
            LoadRequest r;
            r.path = p;
            r.threads = 1;
            r.display_crs = doc_.source()->display_crs;
            r.origin = doc_.source()->origin;
            r.grid = doc_.source()->grid;
            extra_.push_back(std::make_unique<Loader>(std::move(r)));
        }
        pending_adds_.clear();
    }
    if (source_set_ && !streamer_ && doc_.source()->stream)
        streamer_ = std::make_unique<Streamer>(doc_, *doc_.source(), threads_);
    if (streamer_)
        for (auto& [layer, band, data] : primary_->take_bands())
            streamer_->add_band(layer, band, std::move(data));
    for (auto& l : primary_->take_layers()) {
        doc_.add_layer(std::move(l));
        ++arrived;
    }
    for (auto& loader : extra_)
        for (auto& l : loader->take_layers()) {
            const std::string file =
                std::filesystem::path(loader->source() ? loader->source()->path : "").filename().string();
            l.style.title =
                file + ": " +
                (l.style.title_key.empty() ? l.style.title : std::string(i18n::tr(l.style.title_key)));
            l.style.title_key.clear();
            doc_.add_layer(std::move(l));
            ++arrived;
        }
    if (primary_->finished() && load_seconds_ == 0) {
        load_seconds_ = primary_->progress().seconds;
        if (!source_set_) failed_ = true;
    }
    if (streamer_)
        for (auto& m : streamer_->take_messages()) messages_.push_back(std::move(m));
    // Errors, each reported once.
    reported_.resize(extra_.size() + 1, 0);
    for (std::size_t i = 0; i <= extra_.size(); ++i) {
        const auto errors = (i == 0 ? primary_ : extra_[i - 1])->errors();
        for (; reported_[i] < errors.size(); ++reported_[i])
            messages_.push_back(errors[reported_[i]].message);
    }
    return arrived;
}

std::optional<gis::Error> MapSession::failure() const {
    if (!failed_ || !primary_) return std::nullopt;
    auto errors = primary_->errors();
    if (errors.empty()) return std::nullopt;
    return errors.front();
}

std::optional<gis::Error> MapSession::first_error() const {
    if (!primary_) return std::nullopt;
    auto errors = primary_->errors();
    if (errors.empty()) return std::nullopt;
    return errors.front();
}

std::optional<gis::Error> MapSession::first_error_of(gis::ErrorCode code) const {
    if (!primary_) return std::nullopt;
    for (const auto& e : primary_->errors())
        if (e.code == code) return e;
    return std::nullopt;
}

bool MapSession::loading() const {
    if (!pending_adds_.empty()) return true;
    if (primary_ && !primary_->finished()) return true;
    for (const auto& l : extra_)
        if (!l->finished()) return true;
    // Finished loaders may still hold layers for pump().
    return false;
}

double MapSession::progress() const {
    double done = 0, total = 0;
    auto add = [&](const Loader& l) {
        done += static_cast<double>(l.progress().features_done.load());
        total += static_cast<double>(l.progress().features_total.load());
    };
    if (primary_) add(*primary_);
    for (const auto& l : extra_) add(*l);
    return total > 0 ? done / total : 0.0;
}

std::vector<std::string> MapSession::take_messages() {
    std::vector<std::string> out;
    out.swap(messages_);
    return out;
}

bool MapSession::stream(const gis::BBox& view, double mpp) {
    return streamer_ && !loading() && streamer_->update(view, mpp);
}

void MapSession::settle(const gis::BBox& view, double mpp) {
    if (!streamer_) return;
    finish();
    streamer_->settle(view, mpp);
    for (auto& m : streamer_->take_messages()) messages_.push_back(std::move(m));
}

void MapSession::finish() {
    while (loading()) {
        pump();
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    pump();
}

namespace {

/// Reads `names` again from the data set, each with the style it has on the map.
std::vector<gis::Result<PreparedLayer>> read_again(const SourceInfo& src,
                                                   const std::vector<std::string>& names,
                                                   const std::vector<LayerStyle>& styles) {
    std::vector<gis::Result<PreparedLayer>> out;
    auto ds = gis::io::Dataset::open(src.path);
    if (!ds) {
        out.emplace_back(ds.error());
        return out;
    }
    for (std::size_t i = 0; i < names.size(); ++i) {
        gis::io::ReadOptions options;
        options.target_crs = src.display_crs;
        if (src.assumed_lonlat) options.assumed_crs = "EPSG:4326";
        auto layer = ds->read_layer(names[i], options);
        if (!layer) {
            out.emplace_back(layer.error());
            continue;
        }
        out.emplace_back(prepare_layer(std::move(layer.value()), styles[i], src.origin, src.grid));
    }
    return out;
}

}  // namespace

std::vector<std::string> MapSession::refresh() {
    std::vector<std::string> replaced;
    if (loading() || !doc_.source()) return replaced;
    if (!watch_tried_) {
        watch_tried_ = true;
        watch_ = DataWatch::open(doc_.source()->path);
        if (watch_) {
            std::vector<std::string> tables;
            for (int id : doc_.draw_order())
                if (const MapLayer* l = doc_.layer(id); l && !l->overlay && !streams(l->name()))
                    tables.push_back(l->name());
            // Tables without geometry that panels compute from: the household register and the plan.
            if (doc_.is_district()) {
                tables.push_back(gis::district::layers::kHouseholds);
                for (const char* t : gis::district::plan_layers()) tables.push_back(t);
            }
            std::sort(tables.begin(), tables.end());
            tables.erase(std::unique(tables.begin(), tables.end()), tables.end());
            watch_->watch(tables);
        }
    }
    if (!tables_changed_.empty()) {  // a change without a map layer to read again: say so at once
        replaced = std::move(tables_changed_);
        tables_changed_.clear();
        doc_.note_data_changed();
        return replaced;
    }
    if (reload_.valid()) {
        if (reload_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return replaced;
        for (auto& layer : reload_.get()) {
            if (!layer) {
                messages_.push_back(layer.error().message);
                continue;
            }
            PreparedLayer data = std::move(layer.value());
            const MapLayer* l = doc_.find(data.name);
            const int id = doc_.replace_layer(std::move(data));
            if (const MapLayer* now = doc_.layer(id)) replaced.push_back(l ? now->title() : now->name());
        }
        replaced.insert(replaced.end(), tables_changed_.begin(), tables_changed_.end());
        tables_changed_.clear();
        if (!replaced.empty()) doc_.note_data_changed();
        return replaced;
    }
    if (!watch_) return replaced;
    const auto changed = watch_->changed();
    if (changed.empty()) return replaced;
    std::vector<std::string> names;
    std::vector<LayerStyle> styles;
    for (const auto& name : changed)
        if (const MapLayer* l = doc_.find(name)) {
            names.push_back(name);
            styles.push_back(l->data.style);
        } else {
            const char* title = i18n::find_text("view.table." + name);
            tables_changed_.push_back(title ? title : name);
        }
    if (names.empty()) {
        replaced = std::move(tables_changed_);
        tables_changed_.clear();
        if (!replaced.empty()) doc_.note_data_changed();
        return replaced;
    }
    reload_ = std::async(std::launch::async, read_again, *doc_.source(), std::move(names), std::move(styles));
    return replaced;
}

}  // namespace app::view
