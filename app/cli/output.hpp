#pragma once
/// @file
/// Text and JSON output helpers for the command line.

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/i18n/i18n.hpp"
#include "gis/core/geometry.hpp"

namespace app::cli {

using i18n::term;  ///< coded values in the output language (kind hardening -> 硬化)

/// Display width of UTF-8 text in a terminal, as gis::terminal_text shows it (an escape counts its
/// characters): CJK and full-width characters count 2.
std::size_t display_width(std::string_view s);
/// gis::terminal_text(s) padded with spaces to `width` display columns (left-aligned), so that table
/// columns line up whatever the data holds.
std::string pad(std::string_view s, std::size_t width);
/// Prints a "label  value" line with aligned values.
void print_row(std::string_view label, std::string_view value, std::size_t label_width = 34);
/// Label / value rows printed with the labels padded to the longest one (at most 60 columns).
class Rows {
  public:
    void add(std::string_view label, std::string_view value) { rows_.emplace_back(label, value); }
    void print() const;

  private:
    std::vector<std::pair<std::string, std::string>> rows_;
};
/// Prints JSON (2-space indent, UTF-8 kept) to stdout.
void print_json(const nlohmann::json& j);

/// The first `max` items joined by ", ", then "… (N)" with the count of all when there are more: a list
/// that stays one readable line for a whole city's answer.
std::string short_list(const std::vector<std::string>& items, std::size_t max = 40);
/// Column-aligned text table (display widths, so Chinese lines up); the first row is the heading.
void print_text_table(const std::vector<std::vector<std::string>>& rows);
nlohmann::json to_json(const gis::BBox& b);

}  // namespace app::cli
