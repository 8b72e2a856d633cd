// nbhd: the command line and (with `nbhd view`) the map viewer. This is the only place that connects the
// command groups; each group lives in its own file under app/cli/ or app/view/.

#include "app/cli/app.hpp"

#ifdef NBHD_WITH_VIEWER
#include "app/view/commands.hpp"
#endif

int main(int argc, char** argv) {
#ifdef NBHD_WITH_VIEWER
    return app::cli::run(argc, argv, {&app::view::register_commands});
#else
    return app::cli::run(argc, argv);
#endif
}
