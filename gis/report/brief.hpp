#pragma once
/// @file
/// The PDF brief for district leadership: a cover, the district overview map, a page per plan part with
/// its map and figures table, and a budget summary. The content (texts already translated, figures,
/// overlays) is assembled by the caller; this module lays it out. It never draws personal data.

#include <functional>
#include <string>
#include <vector>

#include "gis/core/result.hpp"
#include "gis/district/model.hpp"
#include "gis/report/map_painter.hpp"
#include "gis/report/pdf_document.hpp"

namespace gis::report {

struct BriefFigure {
    std::string label;
    std::string value;
};

/// One page: a map on the left (unless `map` is false) and a figures table on the right.
struct BriefPage {
    std::string title;
    std::string subtitle;
    bool map = true;
    BBox extent;  ///< world box of the map; empty = the whole district
    MapOptions map_options;
    TableRow table_header;
    std::vector<TableRow> table;
    std::vector<double> column_widths;  ///< empty = even split of the table's width
    std::vector<std::string> notes;     ///< short paragraphs under the table
};

struct BriefContent {
    std::string title;     ///< cover title
    std::string subtitle;  ///< e.g. the project name and budget
    std::string date;
    std::string header;  ///< running header on every page after the cover
    std::string source_note;
    std::vector<BriefFigure> cover_figures;
    std::vector<BriefPage> pages;  ///< after the cover, in order
};

using BriefProgress = std::function<void(int done, int total, const std::string& page)>;

/// Writes the brief to `out` (atomically: a temporary file renamed into place when complete).
Result<void> write_brief(const std::string& out, const district::District& d, const BriefContent& content,
                         const BriefProgress& progress = {});

}  // namespace gis::report
