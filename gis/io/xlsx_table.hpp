#pragma once
/// @file
/// Finishing touches GDAL's XLSX writer leaves out, for a table a person reads in a spreadsheet: the
/// header row frozen (it stays on screen while scrolling) and an autofilter on it (a drop-down per
/// column).

#include <cstddef>
#include <string>

#include "gis/core/result.hpp"

namespace gis::io {

/// Rewrites the XLSX file at `path` (as GDAL wrote it: one sheet, the header in row 1, `rows` data rows
/// below it, `columns` columns) with a frozen first row and an autofilter over the table.
[[nodiscard]] Result<void> freeze_and_filter_header(const std::string& path, int columns, std::size_t rows);

/// The spreadsheet name of a column: 0 is "A", 25 "Z", 26 "AA".
std::string column_letters(int index);

}  // namespace gis::io
