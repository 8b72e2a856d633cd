#pragma once
/// @file
/// Presentation mode, GL-free: which panels may draw, what a tooltip may say, the before/after view of
/// the plan (which layers each side shows), slides (saved views) and the presentation's chrome (title
/// block, legend, caption). The viewer owns one PresentState; panels that take part implement
/// PresentAware and are attached to it.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/view/core/camera.hpp"
#include "app/view/core/document.hpp"
#include "gis/present/project_figures.hpp"
#include "gis/present/slides.hpp"

namespace app::view {

using gis::present::PlanView;
using gis::present::Slide;

// Panels and tooltips -------------------------------------------------------------------------------

/// Whether a panel may be drawn: any outside presentation mode; while presenting only the panels made
/// for it, and never one that shows personal data.
bool panel_allowed(bool shows_personal_data, bool shows_in_presentation, bool presentation);

/// A field's label in the UI language for the district schema's layers ("floors" -> 层数), else its name.
std::string field_label(const MapLayer& layer, const std::string& field);
/// A value as the UI shows it: yes/no for the district's 0/1 flags and its coded values translated
/// ("renewal" -> 待更换); anything else as it is.
std::string value_label(const MapLayer& layer, const std::string& field, const std::string& value);
/// Attribute lines of a feature for display: (label, value), personal fields left out.
std::vector<std::pair<std::string, std::string>> display_attributes(const MapLayer& layer,
                                                                    const gis::io::Feature& f);
/// A short name for a feature: its name, number or fid (never a personal field).
std::string feature_caption(const MapLayer& layer, const gis::io::Feature& f);
/// Whether a layer holds personal data (any personal field, e.g. households added as a layer).
bool layer_has_personal_fields(const MapLayer& layer);
/// The hover tooltip's lines: layer title, caption, then up to five attributes. In presentation mode
/// only the layer title and caption, and nothing at all for a layer with personal fields.
std::vector<std::string> tooltip_lines(const MapLayer& layer, const gis::io::Feature& f, bool presentation);

/// Where slides are fitted while presenting (framebuffer pixels): right of the figures card (its right
/// edge `card_right` in window units, 0 when there is none) and above the caption band; the whole
/// window when that would leave too little.
gis::BBox presentation_free_area(int width, int height, float card_right, float pixel_scale);

// The figures card ------------------------------------------------------------------------------------

/// Money as the figures card shows it: 万元 with one decimal in Chinese, CNY with separators in English.
std::string card_money(double cny);
/// The figures card's rows (label, value): the saved plan's quantities (paved m², pipe m, fence m,
/// gates, clean-up), the households the area's hardening serves, then total, budget and what remains,
/// all from ProjectFigures::budget (gis::plan::project_budget, as `project show` and the brief).
std::vector<std::pair<std::string, std::string>> figures_card_rows(const gis::present::ProjectFigures& f);

// Before and after -----------------------------------------------------------------------------------

/// Overlay layers the presentation adds for a project's plan, with the plan phase each belongs to.
struct PlanOverlay {
    const char* name;       ///< overlay layer name ("plan.paving")
    const char* title_key;  ///< translation key of its title and legend
    int phase;
    std::uint32_t colour;  ///< 0xRRGGBB
};
const std::vector<PlanOverlay>& plan_overlays();
/// Phase of the clean-up (illegal structures and graffiti disappear on the plan side).
inline constexpr int kCleanupPhase = 4;

/// Which side of a before/after comparison is drawn.
enum class Side { Before, After };

/// The visibility changes that draw `side`: plan items only after; the plan overlays (kept hidden
/// otherwise) shown after for the phases listed (empty: all); what the clean-up removes (illegal
/// structures, graffiti) only before. Other layers the user has hidden stay hidden. (layer id, visible).
std::vector<std::pair<int, bool>> side_visibility(const Document& doc, Side side,
                                                  const std::vector<int>& phases);

/// Applies visibility changes for one drawing and restores the previous state when destroyed. The
/// document's revision counts these changes; `touches` (when given) adds up how many, so that callers
/// can tell a real change from a temporary one (PresentState::revision).
class VisibilityOverride {
  public:
    VisibilityOverride(Document& doc, const std::vector<std::pair<int, bool>>& changes,
                       std::uint64_t* touches = nullptr);
    ~VisibilityOverride();
    VisibilityOverride(const VisibilityOverride&) = delete;
    VisibilityOverride& operator=(const VisibilityOverride&) = delete;

  private:
    Document& doc_;
    std::vector<std::pair<int, bool>> previous_;
    std::uint64_t* touches_ = nullptr;
    std::uint64_t start_ = 0;
};

/// B: after -> before -> split -> after.
PlanView next_plan_view(PlanView v);

// Legend and chrome ----------------------------------------------------------------------------------

struct LegendEntry {
    std::string text;
    FeatureStyle style;
    enum class Kind { Area, Line, Symbol } kind = Kind::Area;
};

/// Legend of what is drawn: the visible layers and, of each, the classes that are switched on, occur in
/// the data and are drawn at `metres_per_pixel`; duplicates merged. The plan overlays come first, then
/// areas and lines (top of the drawing first), then point symbols, up to `max_entries`.
/// Occurrences are cached per layer data revision, so a call costs O(layers × classes).
class LegendBuilder {
  public:
    std::vector<LegendEntry> build(const Document& doc, double metres_per_pixel,
                                   std::size_t max_entries = 20);

  private:
    std::map<int, std::pair<std::uint64_t, std::vector<bool>>> used_;  // layer id -> (revision, class used)
};

/// The title block: project, district, date.
struct TitleBlock {
    std::string title;     ///< project name (else the district's)
    std::string subtitle;  ///< district and subdistrict
    std::string date;      ///< today, in the UI language
};
TitleBlock title_block(const Document& doc, const gis::present::ProjectFigures* project,
                       std::int64_t unix_time);

// Slides ---------------------------------------------------------------------------------------------

/// A slide of the current view: the camera's extent, the visible non-overlay layers, the plan view.
Slide capture_slide(const Document& doc, const Camera& camera, PlanView view, double split,
                    std::string caption);
/// The caption in the UI language.
std::string slide_caption(const Slide& s);

/// Steps through slides; Left/Right, PageUp/PageDown.
class SlideDeck {
  public:
    void set(std::vector<Slide> slides);
    const std::vector<Slide>& slides() const { return slides_; }
    std::vector<Slide>& edit() {
        dirty_ = true;
        return slides_;
    }
    bool dirty() const { return dirty_; }
    void mark_saved() { dirty_ = false; }
    int current() const { return current_; }
    /// Moves to slide i (clamped); true when a slide is now current (and changed).
    bool go(int i);
    bool next() { return go(current_ + 1); }
    bool previous() { return go(current_ < 0 ? 0 : current_ - 1); }
    const Slide* current_slide() const;
    /// Edits that keep the current slide pointing at the same slide.
    void move(int i, int delta);
    void remove(int i);
    void add(Slide s);

  private:
    std::vector<Slide> slides_;
    int current_ = -1;
    bool dirty_ = false;
};

/// Applies a slide to the document: the listed layers visible and the others hidden (when it lists
/// any), then a flight to its extent.
void apply_slide(Document& doc, const Slide& slide);

// The shared state -----------------------------------------------------------------------------------

struct PresentState {
    bool active = false;  ///< presentation mode (full screen, larger type, no personal data)
    PlanView view = PlanView::After;
    double split = 0.5;  ///< divider, fraction of the window width
    /// Right edge of the figures card while presenting (ImGui pixels; 0: no card): slides fit right of it.
    float card_right = 0;
    std::vector<int> phases;  ///< plan phases shown (empty: all)
    SlideDeck deck;
    std::string data_path;  ///< where slides are saved
    /// The active project's figures, computed once off the main thread.
    std::optional<gis::present::ProjectFigures> figures;
    std::string figures_error;
    bool figures_busy = false;
    std::string project;  ///< requested project key (empty: the first)
    /// The plan view is in use (presentation mode, B pressed, a slide shown): the map is drawn through
    /// side_visibility; otherwise the layers are drawn as the layer panel sets them.
    bool plan_shown = false;
    bool want_figures = false;  ///< the figures panel is open: compute them even without the plan view

    /// Revisions spent by temporary visibility changes (drawing one side of the plan).
    std::uint64_t override_touches = 0;
    /// The document's revision without those: changes only when something real changed.
    std::uint64_t revision(const Document& doc) const { return doc.revision() - override_touches; }
    /// The visibility changes that draw `side` under the current phases.
    std::vector<std::pair<int, bool>> changes(const Document& doc, Side side) const {
        return side_visibility(doc, side, phases);
    }

    /// Applies the current slide's view, split and phases and flies there.
    void show_current(Document& doc);
};

/// Panels that take part in presentation mode (slides, figures) get the viewer's state.
class PresentAware {
  public:
    virtual ~PresentAware() = default;
    virtual void attach(PresentState* state) = 0;
};

/// Parses "WxH" split positions etc.: a fraction 0.05..0.95 from "0.4" or "40%".
std::optional<double> parse_fraction(const std::string& text);

}  // namespace app::view
