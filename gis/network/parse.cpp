#include "gis/network/parse.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

#include "gis/core/strings.hpp"
#include "gis/core/i18n.hpp"

namespace gis::network {
namespace {

bool parse_number(std::string_view part, double& out) {
    std::string s(part);
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos) return false;
    const auto last = s.find_last_not_of(" \t");
    s = s.substr(first, last - first + 1);
    errno = 0;
    char* end = nullptr;
    out = std::strtod(s.c_str(), &end);
    return end == s.c_str() + s.size() && errno == 0 && std::isfinite(out);
}

}  // namespace

Result<Point> parse_point(std::string_view text) {
    const auto comma = text.find(',');
    if (comma == std::string_view::npos || text.find(',', comma + 1) != std::string_view::npos)
        return make_error(
            ErrorCode::BadInput,
            gis::i18n::format(_("expected a point as X,Y (two numbers separated by one comma), got {0}"),
                              quote_for_message(text)));
    Point p;
    if (!parse_number(text.substr(0, comma), p.x) || !parse_number(text.substr(comma + 1), p.y))
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("X,Y must be two finite numbers in metres, got {0}"),
                                            quote_for_message(text)));
    return p;
}

}  // namespace gis::network
