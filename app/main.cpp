// nbhd: the command line and (with `nbhd view`) the map viewer. Command groups register themselves
// (NBHD_REGISTER_COMMAND in app/cli/cmd_*.cpp and app/view/).

#include "app/cli/app.hpp"

int main(int argc, char** argv) { return app::cli::run(argc, argv); }
