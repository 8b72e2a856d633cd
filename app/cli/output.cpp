#include "app/cli/output.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>

#include "gis/core/strings.hpp"
#include "gis/core/terminal_text.hpp"

namespace app::cli {

std::size_t display_width(std::string_view s) {
    if (!gis::is_terminal_safe(s)) return gis::display_width(gis::terminal_text(s));
    return gis::display_width(s);
}

std::string pad(std::string_view s, std::size_t width) {
    std::string out = gis::terminal_text(s);
    for (std::size_t w = display_width(s); w < width; ++w) out += ' ';
    return out;
}

void print_row(std::string_view label, std::string_view value, std::size_t label_width) {
    std::cout << "  " << pad(label, label_width) << ' ' << gis::terminal_text(value) << '\n';
}

void Rows::print() const {
    std::size_t width = 0;
    for (const auto& [label, value] : rows_) width = std::max(width, display_width(label));
    width = std::min<std::size_t>(width, 60);
    for (const auto& [label, value] : rows_) print_row(label, value, width);
}

void print_json(const nlohmann::json& j) {
    std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

nlohmann::json to_json(const gis::BBox& b) { return nlohmann::json::array({b.minx, b.miny, b.maxx, b.maxy}); }

void print_text_table(const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> w;
    for (const auto& r : rows)
        for (std::size_t i = 0; i < r.size(); ++i) {
            if (w.size() <= i) w.push_back(0);
            w[i] = std::max(w[i], std::min<std::size_t>(display_width(r[i]), 48));
        }
    for (const auto& r : rows) {
        std::string line;
        for (std::size_t i = 0; i < r.size(); ++i) line += (i + 1 < r.size() ? pad(r[i], w[i] + 2) : r[i]);
        std::cout << line << '\n';
    }
}

std::string short_list(const std::vector<std::string>& items, std::size_t max) {
    std::string s;
    for (std::size_t i = 0; i < items.size() && i < max; ++i) s += (i ? ", " : "") + items[i];
    if (items.size() > max) s += ", … (" + gis::with_commas(static_cast<std::int64_t>(items.size())) + ")";
    return s;
}

}  // namespace app::cli
