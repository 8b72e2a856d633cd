#include "app/view/core/document.hpp"

#include <algorithm>

#include "app/i18n/i18n.hpp"
#include "gis/district/schema.hpp"

namespace app::view {

std::string MapLayer::title() const {
    if (!data.style.title_key.empty()) return i18n::tr(data.style.title_key);
    return data.style.title.empty() ? data.name : data.style.title;
}

void Document::set_source(SourceInfo source) {
    source_ = std::move(source);
    touch();
}

namespace {
int rank_in(const std::vector<std::string>& order, const std::string& name) {
    auto it = std::find(order.begin(), order.end(), name);
    return it == order.end() ? static_cast<int>(order.size()) : static_cast<int>(it - order.begin());
}
}  // namespace

int Document::add_layer(PreparedLayer data) {
    auto l = std::make_unique<MapLayer>();
    l->id = static_cast<int>(layers_.size());
    l->visible = data.style.visible;
    l->opacity = data.style.opacity;
    l->data = std::move(data);
    l->data_revision = 1;
    const int id = l->id;
    const std::string name = l->data.name;
    layers_.push_back(std::move(l));
    // Keep the source's draw order among the layers loaded so far; overlays stay on top.
    const std::vector<std::string> empty;
    const auto& wanted = source_ ? source_->layers : empty;
    const int rank = rank_in(wanted, name);
    auto pos = std::find_if(order_.begin(), order_.end(), [&](int other) {
        const MapLayer* o = layer(other);
        return o->overlay || rank_in(wanted, o->name()) > rank;
    });
    order_.insert(pos, id);
    touch();
    return id;
}

int Document::replace_layer(PreparedLayer data) {
    MapLayer* l = nullptr;
    for (auto& x : layers_)
        if (x && !x->overlay && x->name() == data.name) l = x.get();
    if (!l) return add_layer(std::move(data));
    const auto& old_styles = l->data.style.styles;
    for (std::size_t i = 0; i < data.style.styles.size() && i < old_styles.size(); ++i)
        data.style.styles[i].visible = old_styles[i].visible;
    // A selection or hover on the layer follows its feature by id (a streamed layer is replaced as the view
    // moves); it is cleared when the feature is no longer there.
    auto follow = [&](std::optional<FeatureRef>& ref) {
        if (!ref || ref->layer != l->id) return;
        std::optional<std::uint32_t> pos;
        if (ref->index < l->data.features.size() && !l->data.generalised && !data.generalised)
            pos = data.find_fid(l->data.features[ref->index].fid);
        if (pos)
            ref->index = *pos;
        else
            ref.reset();
    };
    std::optional<FeatureRef> sel = selection_, hov = hover_;
    follow(sel);
    follow(hov);
    l->data = std::move(data);
    ++l->data_revision;
    ++l->style_revision;
    selection_ = sel;
    hover_ = hov;
    touch();
    return l->id;
}

gis::BBox Document::extent() const {
    gis::BBox box;
    for (const auto& l : layers_)
        if (l && !l->overlay) box.expand(l->data.extent);
    if (box.empty() && source_) return source_->extent;
    return box;
}

MapLayer* Document::layer(int id) {
    if (id < 0 || static_cast<std::size_t>(id) >= layers_.size()) return nullptr;
    return layers_[static_cast<std::size_t>(id)].get();
}

const MapLayer* Document::layer(int id) const { return const_cast<Document*>(this)->layer(id); }

MapLayer* Document::find(const std::string& name) {
    for (int id : order_)
        if (layers_[static_cast<std::size_t>(id)]->name() == name)
            return layers_[static_cast<std::size_t>(id)].get();
    return nullptr;
}

const MapLayer* Document::find(const std::string& name) const {
    return const_cast<Document*>(this)->find(name);
}

void Document::set_visible(int id, bool visible) {
    if (auto* l = layer(id); l && l->visible != visible) {
        l->visible = visible;
        touch();
    }
}

void Document::set_opacity(int id, float opacity) {
    if (auto* l = layer(id)) {
        l->opacity = std::clamp(opacity, 0.0f, 1.0f);
        touch();
    }
}

void Document::set_style_visible(int id, int style, bool visible) {
    auto* l = layer(id);
    if (!l || style < 0 || static_cast<std::size_t>(style) >= l->data.style.styles.size()) return;
    l->data.style.styles[static_cast<std::size_t>(style)].visible = visible;
    ++l->style_revision;
    touch();
}

void Document::move_layer(int id, int delta) {
    auto it = std::find(order_.begin(), order_.end(), id);
    if (it == order_.end()) return;
    const auto pos = it - order_.begin();
    const auto to =
        std::clamp<std::ptrdiff_t>(pos + delta, 0, static_cast<std::ptrdiff_t>(order_.size()) - 1);
    if (to == pos) return;
    order_.erase(it);
    order_.insert(order_.begin() + to, id);
    touch();
}

void Document::select(std::optional<FeatureRef> ref) {
    if (ref && !feature(*ref)) ref.reset();
    if (selection_ != ref) {
        selection_ = ref;
        touch();
    }
}

void Document::set_hover(std::optional<FeatureRef> ref) {
    if (hover_ != ref) {
        hover_ = ref;
        touch();
    }
}

const gis::io::Feature* Document::feature(const FeatureRef& ref) const {
    const MapLayer* l = layer(ref.layer);
    if (!l || ref.index >= l->data.features.size()) return nullptr;
    return &l->data.features[ref.index];
}

std::optional<FeatureRef> Document::find_feature(const std::string& name, std::int64_t id) const {
    const MapLayer* l = find(name);
    if (!l) return std::nullopt;
    if (name == gis::district::layers::kBuildings) {
        const int number = l->data.info.field_index("number");
        if (number >= 0) {
            for (std::uint32_t i = 0; i < l->data.features.size(); ++i)
                if (field_int(l->data.features[i], number, -1) == id) return FeatureRef{l->id, i};
            return std::nullopt;
        }
    }
    if (auto pos = l->data.find_fid(id)) return FeatureRef{l->id, *pos};
    return std::nullopt;
}

void Document::highlight(const std::string& set, const std::string& layer_name,
                         std::vector<std::int64_t> fids, const Colour& colour) {
    highlights_[set] = Highlight{layer_name, std::move(fids), colour};
    touch();
}

void Document::clear_highlight(const std::string& set) {
    if (highlights_.erase(set)) touch();
}

void Document::set_overlay(const std::string& name, gis::io::Layer features, const Colour& colour) {
    remove_overlay(name);
    features.info.name = name;
    if (features.info.geometry_type.empty()) features.info.geometry_type = "Geometry";
    const gis::Point origin = source_ ? source_->origin : gis::Point{};
    const TileGrid grid = source_ ? source_->grid : TileGrid{};
    auto l = std::make_unique<MapLayer>();
    l->id = static_cast<int>(layers_.size());
    l->overlay = true;
    l->data = prepare_layer(std::move(features), overlay_style(name, colour), origin, grid);
    // Its title in the layer panel: "overlay.NAME" in the catalogue when there (a tool's marks).
    if (l->data.style.title_key.empty() && i18n::find_text("overlay." + name))
        l->data.style.title_key = "overlay." + name;
    l->data_revision = 1;
    order_.push_back(l->id);
    layers_.push_back(std::move(l));
    touch();
}

void Document::remove_overlay(const std::string& name) {
    for (auto& l : layers_)
        if (l && l->overlay && l->name() == name) {
            const int id = l->id;
            order_.erase(std::remove(order_.begin(), order_.end(), id), order_.end());
            if (selection_ && selection_->layer == id) selection_.reset();
            if (hover_ && hover_->layer == id) hover_.reset();
            l.reset();
            touch();
        }
}

void Document::fly_to(const gis::BBox& box) {
    if (box.empty()) return;
    fly_to_ = box;
    touch();
}

std::optional<gis::BBox> Document::take_fly_to() {
    auto out = fly_to_;
    fly_to_.reset();
    return out;
}

void Document::set_presentation(bool on) {
    if (presentation_ == on) return;
    presentation_ = on;
    if (on) {  // the audience sees the plan, not what the planner had picked
        set_hover(std::nullopt);
        select(std::nullopt);
    }
    touch();
}

}  // namespace app::view
