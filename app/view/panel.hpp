#pragma once
/// @file
/// Panels: small classes that draw an ImGui window from the document model. The viewer creates one of
/// each registered panel and draws the open ones every frame; a panel that needs the district schema
/// says so and appears only for district data.
///
/// Adding a panel (e.g. a household search, the 楼盘表 grid, sketch tools, a gas isolation trace,
/// presentation mode): put a file in app/view/panels/ (it is compiled into the nbhd executable), derive
/// from Panel and register it:
///
///     class TracePanel : public app::view::Panel {
///       public:
///         const char* id() const override { return "gas_trace"; }
///         std::string title() const override { return app::i18n::tr("view.panel.gas_trace"); }
///         bool district_only() const override { return true; }
///         void draw(app::view::ViewContext& ctx, bool* open) override {
///             if (!app::view::begin_panel(ctx, title() + "###gas_trace", open))
///                 return app::view::end_panel(ctx);
///             ... ctx.doc.set_overlay("trace", layer, colour); ctx.doc.fly_to(box); ...
///             app::view::end_panel(ctx);
///         }
///
/// The workspace decides where the window goes (a tab of a dock beside the map, or a floating window the
/// user tore off): a panel never positions its own window.
///     };
///     NBHD_REGISTER_PANEL(50, TracePanel);

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "app/view/core/camera.hpp"
#include "app/view/core/district_store.hpp"
#include "app/view/core/document.hpp"
#include "app/view/core/geo_reference.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/result.hpp"

namespace app::view {

class MapSession;

/// Where the workspace puts a panel's window this frame.
struct PanelPlace {
    enum class Kind {
        Floating,  ///< its own window, where the user left it
        Docked,    ///< the content area of a dock (`pos`, `size`), no title bar
        Hidden,    ///< open in a dock behind another tab: no window (the panel still updates)
    };
    Kind kind = Kind::Floating;
    float x = 0, y = 0, width = 0, height = 0;  ///< docked: the area; floating: the map's centre (x, y)
    /// Set by the floating window's title-bar menu: dock the panel again.
    bool redock = false;
};

/// What a panel may use while drawing.
struct ViewContext {
    Document& doc;
    const Camera& camera;
    MapSession& session;
    const GeoReference* geo = nullptr;             ///< null while the data set is loading
    std::optional<gis::Point> cursor;              ///< the pointer on the map, world coordinates
    std::vector<std::string>* messages = nullptr;  ///< append a line to tell the user something
    float pixel_scale = 1.0f;  ///< framebuffer pixels per ImGui window unit (camera = ImGui x scale)
    /// Characters a panel will show that the map's data may lack (names from a table that is not a map
    /// layer): append them once; the viewer adds them to the UI font before the next frame.
    std::vector<char32_t>* glyphs = nullptr;
    /// The viewer's one copy of the district (null outside the viewer: panels then read it themselves).
    DistrictStore* districts = nullptr;
    /// Where the panel being drawn goes (set by the viewer before each panel draws; null: floating).
    PanelPlace* place = nullptr;
    bool panel_began = false;  ///< begin_panel opened a window that end_panel must close
};

/// Opens the panel's window where the workspace puts it: docked (the dock's area, no title bar, no
/// close button: the dock's tab has it), floating (first shown over the map's centre; its title bar's
/// context menu docks it again) or hidden behind another tab (returns false without a window). `name`
/// is the window's title with a stable id ("图层###layers"). Always pair with end_panel().
bool begin_panel(ViewContext& ctx, const std::string& name, bool* open, int flags = 0);
void end_panel(ViewContext& ctx);

class Panel {
  public:
    virtual ~Panel() = default;
    /// Stable identifier ("layers", "inspector"), used by --panels and the View menu.
    virtual const char* id() const = 0;
    /// Window title in the current language.
    virtual std::string title() const = 0;
    virtual bool district_only() const { return false; }
    virtual bool open_by_default() const { return true; }
    /// True for panels that show residents' personal data (names, phones, 低保 status): presentation
    /// mode hides them.
    virtual bool shows_personal_data() const { return false; }
    /// True for panels that are part of a presentation (the project's figures card): presentation mode
    /// draws only these, so that the map, the title block and the legend are not hidden behind tools.
    virtual bool shows_in_presentation() const { return false; }
    /// Scripted set-up (`nbhd view --panel-set ID.KEY=VALUE`, used by tests and screenshots), applied
    /// once the data set has loaded, before the first frame with the data. Unknown keys are errors.
    virtual gis::Result<void> configure(ViewContext& ctx, const std::string& key, const std::string& value) {
        (void)ctx;
        (void)value;
        return gis::make_error(gis::ErrorCode::BadInput,
                               gis::i18n::format(_("panel {0} has no option {1}"), id(), key));
    }
    /// Called every frame before the panels draw, whether this one is open or not: a panel may open
    /// itself here (a keyboard shortcut, a feature it shows was selected) or react to being closed.
    virtual void update(ViewContext& ctx, bool& open) {
        (void)ctx;
        (void)open;
    }
    /// Draws the panel's window; `open` is the window's close button.
    virtual void draw(ViewContext& ctx, bool* open) = 0;
};

/// The district of the data set on show, as of its data generation: the viewer's one copy (loading or
/// loaded), for a panel's worker to wait for. Invalid when no data set is open.
DistrictFuture district_of(const ViewContext& ctx);

/// Asks for the characters of `text` the UI font may lack (names read from the data set): each one once,
/// `sent` remembering what this panel asked for already.
void want_glyphs(ViewContext& ctx, std::set<char32_t>& sent, const std::string& text);

using PanelFactory = std::unique_ptr<Panel> (*)();

/// Every registered panel factory with its order (menu and creation order).
std::vector<std::pair<int, PanelFactory>>& panel_registry();

struct PanelRegistration {
    PanelRegistration(int order, PanelFactory factory) { panel_registry().emplace_back(order, factory); }
};

}  // namespace app::view

/// In a panel's .cpp under app/view/panels/: NBHD_REGISTER_PANEL(20, LayerPanel);
#define NBHD_REGISTER_PANEL(order, Type)                                                        \
    static const ::app::view::PanelRegistration nbhd_panel_registration_##Type {                \
        order, []() -> std::unique_ptr<::app::view::Panel> { return std::make_unique<Type>(); } \
    }
