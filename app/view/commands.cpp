// nbhd view, nbhd render, nbhd bench render: the map viewer's commands. Compiled into the nbhd
// executable so that their registration is linked.

#include <iostream>

#include "app/cli/app.hpp"
#include "app/i18n/i18n.hpp"
#include "app/view/bench.hpp"
#include "app/view/core/style_documents.hpp"
#include "app/view/offscreen.hpp"
#include "app/view/viewer.hpp"
#include "gis/core/i18n.hpp"

namespace app::view {
namespace {

struct MapArgs {
    std::string size = "1920x1080";
    std::string bbox, layers, select;
    std::vector<std::string> add;
};

void add_map_options(CLI::App* c, MapArgs& a, bool size_default) {
    c->add_option("--size", a.size, size_default ? _("Image size in pixels") : _("Window size in pixels"))
        ->type_name("WxH");
    c->add_option("--bbox", a.bbox, _("Area to show, in the data set's CRS: minx,miny,maxx,maxy"))
        ->type_name("BOX");
    c->add_option("--layers", a.layers, _("Only these layers, comma-separated (e.g. streets,buildings)"))
        ->type_name("LIST");
    c->add_option("--select", a.select,
                  _("Select a feature: LAYER:ID (buildings: the building number, else the feature id)"))
        ->type_name("LAYER:ID");
    c->add_option("--add", a.add, _("Another data set drawn on top (any OGR source; repeatable)"))
        ->type_name("FILE");
}

// Fills the parts of a request common to view and render; false (with the error reported) on bad input.
bool parse_common(cli::Context& ctx, const MapArgs& a, PixelSize& size, std::optional<gis::BBox>& bbox,
                  std::vector<std::string>& layers, std::optional<Selection>& select) {
    auto s = parse_size(a.size);
    if (!s) {
        ctx.fail(s.error());
        return false;
    }
    size = *s;
    if (!a.bbox.empty()) {
        auto b = parse_bbox(a.bbox);
        if (!b) {
            ctx.fail(b.error());
            return false;
        }
        bbox = *b;
    }
    layers = parse_list(a.layers);
    if (!a.select.empty()) {
        auto sel = parse_selection(a.select);
        if (!sel) {
            ctx.fail(sel.error());
            return false;
        }
        select = *sel;
    }
    return true;
}

// The options scripts and tests drive the viewer with (screenshots, panels set up, exports): listed in
// `view --help` under a heading of their own.
constexpr const char* kScripting = N_("Scripting");

void register_map_commands(CLI::App& root, cli::Context& ctx) {
    // Districts written by this program (generate, import) carry its map styles.
    gis::io::set_district_styles(district_stored_styles);

    // nbhd styles write
    auto* styles = root.add_subcommand("styles", i18n::tr("view.styles.help"));
    styles->require_subcommand(1);
    auto* write = styles->add_subcommand("write", i18n::tr("view.styles.write_help"));
    write->callback([&ctx] {
        auto path = ctx.dataset_path();
        if (!path) return ctx.fail(path.error());
        const auto rows = district_stored_styles();
        if (auto r = gis::io::write_layer_styles(*path, rows); !r) return ctx.fail(r.error());
        std::cout << i18n::tr("view.styles.written") << ": " << *path << " (" << rows.size() << ")\n";
    });

    // nbhd render
    static MapArgs render_args;
    static std::string out;
    auto* render =
        root.add_subcommand("render", _("Draw the map to a PNG file (off-screen; needs a display or Xvfb)"));
    render->add_option("--out", out, _("PNG file to write"))->required()->type_name("FILE");
    add_map_options(render, render_args, true);
    static bool read_all = false;
    render->add_flag("--read-all", read_all,
                     _("Read every feature of the data set: neither only the --bbox part nor the stored map "
                     "overview (for comparison)"));
    render->callback([&ctx] {
        RenderRequest r;
        if (!parse_common(ctx, render_args, r.size, r.bbox, r.layers, r.select)) return;
        auto path = ctx.dataset_path();
        if (!path) return ctx.fail(path.error());
        r.data = *path;
        r.add = render_args.add;
        r.out = out;
        r.read_all = read_all;
        if (auto result = render_png(r); !result) return ctx.fail(result.error());
        std::cout << i18n::tr("view.render_done") << ": " << out << " (" << r.size.width << "x"
                  << r.size.height << ")\n";
    });

    // nbhd view
    static MapArgs view_args;
    static ViewerOptions vo;
    view_args.size = "1600x1000";
    auto* view = root.add_subcommand("view", _("Open the map viewer (a window; needs a display)"));
    add_map_options(view, view_args, false);
    view->add_option("--screenshot", vo.screenshot,
                     _("Save a screenshot of the window after --frames frames, then exit"))
        ->group(kScripting)
        ->type_name("FILE");
    view->add_option("--frames", vo.frames, _("Quit after this many frames once loaded (with --screenshot)"))
        ->group(kScripting);
    view->add_option("--cursor", vo.cursor, _("Put the pointer at X,Y pixels (screenshots of hover)"))
        ->group(kScripting);
    view->add_option("--panels", vo.panels, _("Open these panels, comma-separated, or none (screenshots)"))
        ->group(kScripting);
    view->add_option("--panel-set", vo.panel_set,
                     _("Set a panel up once loaded: ID.KEY=VALUE (repeatable; screenshots and tests)"))
        ->group(kScripting)
        ->type_name("ID.KEY=VALUE");
    view->add_option("--dialog", vo.dialog, _("Open a dialog once loaded: open, add or export (screenshots)"))
        ->group(kScripting)
        ->check(CLI::IsMember({"open", "add", "export"}));
    view->add_option("--wait-for-change", vo.wait_for_change_s,
                     _("With --screenshot: keep running until another program changes the data set (at most "
                     "this many seconds; then fail), and take the screenshot once it is read again"))
        ->group(kScripting)
        ->type_name("S");
    view->add_option("--layout", vo.layout,
                     _("Workspace layout file (docks, their sizes, open panels), read at start and written "
                     "on exit; default: the user's own in $XDG_CONFIG_HOME/nbhd/"))
        ->type_name("FILE");
    view->add_flag("--timing", vo.timing, _("Print the time of each start-up stage and of the first frame"));
    view->add_flag(
        "--present", vo.present,
        _("Start in presentation mode (no personal data; slides with the arrow keys; F5 or Esc leaves)"));
    static std::string export_size = "1920x1080";
    view->add_option("--export", vo.export_path,
                     _("With --screenshot: also export the view with title block and legend to this PNG"))
        ->group(kScripting)
        ->type_name("FILE");
    view->add_option("--export-size", export_size, _("Size of the --export PNG (at most 3840x2160)"))
        ->group(kScripting)
        ->type_name("WxH");
    view->callback([&ctx] {
        ViewerOptions o = vo;
        if (!parse_common(ctx, view_args, o.size, o.bbox, o.layers, o.select)) return;
        if (!o.export_path.empty()) {
            auto es = parse_size(export_size);
            if (!es) return ctx.fail(es.error());
            if (es->width > 3840 || es->height > 2160)
                return ctx.fail(gis::make_error(
                    gis::ErrorCode::BadInput,
                    gis::i18n::format(_("--export-size {0}: at most 3840x2160"), export_size)));
            if (o.screenshot.empty())
                return ctx.fail(gis::make_error(gis::ErrorCode::BadInput, _("--export needs --screenshot")));
            o.export_size = *es;
        }
        auto path = ctx.dataset_path();
        if (!path) return ctx.fail(path.error());
        o.data = *path;
        o.add = view_args.add;
        if (auto result = run_viewer(o); !result) return ctx.fail(result.error());
    });

    // nbhd bench render
    static BenchOptions bo;
    auto* bench = cli::subcommand_group(root, "bench", _("Benchmarks (timings on this machine)"));
    auto* br = bench->add_subcommand(
        "render", _("Time loading, GPU upload and drawing at 1920x1080 (needs a display or Xvfb)"));
    br->add_option("--frames", bo.frames, _("Frames per measured view"));
    br->callback([&ctx] {
        auto path = ctx.dataset_path();
        if (!path) return ctx.fail(path.error());
        BenchOptions o = bo;
        o.data = *path;
        if (auto result = run_render_bench(o); !result) return ctx.fail(result.error());
    });
}

}  // namespace

NBHD_REGISTER_COMMAND(60, register_map_commands);

}  // namespace app::view
