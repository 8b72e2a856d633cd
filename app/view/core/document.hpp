#pragma once
/// @file
/// The viewer's document model: the loaded layers (in draw order, with visibility and opacity), the
/// selection and hover, named highlight sets, overlay layers and camera requests. Panels read and change
/// the map only through this class; the renderer draws what it holds. GL-free.
///
/// Hooks for later panels (household search, 楼盘表, planning sketches, gas isolation traces, presentation):
///  - highlight(set, layer, fids, colour): outline and tint features of a layer; clear_highlight(set).
///  - set_overlay(name, layer, colour) / remove_overlay(name): extra geometry drawn above the data.
///  - fly_to(bbox): the map flies there on the next frame.
///  - select(ref) / selection(): what the inspector shows.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/view/core/loader.hpp"
#include "app/view/core/prepared_layer.hpp"
#include "app/view/core/style.hpp"

namespace app::view {

/// A feature of a layer: the layer's id and the feature's position in it.
struct FeatureRef {
    int layer = -1;
    std::uint32_t index = 0;
    friend bool operator==(const FeatureRef&, const FeatureRef&) = default;
};

struct MapLayer {
    int id = -1;
    PreparedLayer data;
    bool visible = true;
    float opacity = 1.0f;
    bool overlay = false;
    std::uint64_t data_revision = 0;   ///< changes when the geometry changes (re-upload)
    std::uint64_t style_revision = 0;  ///< changes when a style changes (legend toggles)

    const std::string& name() const { return data.name; }
    /// Features of the layer in its data set (a streamed layer holds only those around the view, or the
    /// overview's generalised groups).
    std::int64_t feature_total() const {
        return data.info.feature_count > 0 ? data.info.feature_count
                                           : static_cast<std::int64_t>(data.features.size());
    }
    /// Title in the current UI language.
    std::string title() const;
};

struct Highlight {
    std::string layer;
    std::vector<std::int64_t> fids;
    Colour colour;
};

class Document {
  public:
    // Data sets -------------------------------------------------------------------------------------
    /// The primary data set (sets the display CRS, origin and grid used by everything added later).
    void set_source(SourceInfo source);
    const std::optional<SourceInfo>& source() const { return source_; }
    bool is_district() const { return source_ && source_->district; }
    /// Adds a prepared layer at its place in the draw order; returns its id.
    int add_layer(PreparedLayer layer);
    /// Replaces the data of the (non-overlay) layer named `data.name` after an edit, keeping its id, place
    /// in the draw order, visibility, opacity and legend toggles; adds it when absent. The renderer uploads
    /// it once (new data revision). A selection or hover on it is cleared (feature positions change).
    int replace_layer(PreparedLayer data);
    /// Extent of everything loaded (falls back to the source's estimate while loading).
    gis::BBox extent() const;

    // Layers ----------------------------------------------------------------------------------------
    /// Layer ids in draw order (bottom first); overlays come last.
    const std::vector<int>& draw_order() const { return order_; }
    MapLayer* layer(int id);
    const MapLayer* layer(int id) const;
    const MapLayer* find(const std::string& name) const;
    MapLayer* find(const std::string& name);
    void set_visible(int id, bool visible);
    void set_opacity(int id, float opacity);
    void set_style_visible(int id, int style, bool visible);
    /// Moves a layer up (+1, drawn later) or down (-1) in the draw order.
    void move_layer(int id, int delta);

    // Selection and hover ---------------------------------------------------------------------------
    void select(std::optional<FeatureRef> ref);
    const std::optional<FeatureRef>& selection() const { return selection_; }
    void set_hover(std::optional<FeatureRef> ref);
    const std::optional<FeatureRef>& hover() const { return hover_; }
    const gis::io::Feature* feature(const FeatureRef& ref) const;
    /// Finds a feature by layer name and id: for buildings the residential number (楼号), else the fid.
    std::optional<FeatureRef> find_feature(const std::string& layer, std::int64_t id) const;

    // Hooks for panels ------------------------------------------------------------------------------
    void highlight(const std::string& set, const std::string& layer, std::vector<std::int64_t> fids,
                   const Colour& colour);
    void clear_highlight(const std::string& set);
    const std::map<std::string, Highlight>& highlights() const { return highlights_; }

    /// Adds or replaces an overlay: features (with geometry in the display CRS and any attributes) drawn
    /// above all layers in one colour, listed in the layer panel, pickable like any layer.
    void set_overlay(const std::string& name, gis::io::Layer features, const Colour& colour);
    void remove_overlay(const std::string& name);

    void fly_to(const gis::BBox& box);
    /// The pending fly-to request, once.
    std::optional<gis::BBox> take_fly_to();

    // Modes -----------------------------------------------------------------------------------------
    /// Presentation mode: no personal data anywhere (household panels, names in tooltips, search,
    /// personal-data exports). Panels check it before showing anything about residents. Turning it on
    /// clears the selection and hover; the map draws no highlight set while it lasts (a gas isolation,
    /// a search hit, a 低保 tint), and they come back when it ends.
    void set_presentation(bool on);
    bool presentation() const { return presentation_; }
    /// The map tool that owns left clicks on the map (a panel id such as "sketch"), or empty: clicks
    /// select. While a tool is active the map still pans by dragging, unless the tool grabs the drag.
    void set_map_tool(std::string owner) { map_tool_ = std::move(owner); }
    const std::string& map_tool() const { return map_tool_; }
    /// Set by the active tool while the left button drags something of its own (a vertex): no panning.
    void set_tool_grab(bool grab) { tool_grab_ = grab; }
    bool tool_grab() const { return tool_grab_; }

    // Change tracking -------------------------------------------------------------------------------
    /// Increases whenever anything that affects the drawn map changes.
    std::uint64_t revision() const { return revision_; }
    /// Increases when another program changed the data set and the viewer read it again (live data):
    /// a panel holding results computed from the file computes them again when it moves on.
    std::uint64_t data_generation() const { return data_generation_; }
    void note_data_changed() {
        ++data_generation_;
        touch();
    }
    void touch() { ++revision_; }

  private:
    std::optional<SourceInfo> source_;
    std::vector<std::unique_ptr<MapLayer>> layers_;  // by id; removed overlays leave null
    std::vector<int> order_;
    std::optional<FeatureRef> selection_, hover_;
    std::map<std::string, Highlight> highlights_;
    std::optional<gis::BBox> fly_to_;
    std::uint64_t revision_ = 1, data_generation_ = 0;
    bool presentation_ = false, tool_grab_ = false;
    std::string map_tool_;
};

}  // namespace app::view
