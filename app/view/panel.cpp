#include "app/view/panel.hpp"

namespace app::view {

std::vector<std::pair<int, PanelFactory>>& panel_registry() {
    static std::vector<std::pair<int, PanelFactory>> r;
    return r;
}

}  // namespace app::view
