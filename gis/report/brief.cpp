#include "gis/report/brief.hpp"

#include <algorithm>

namespace gis::report {
namespace {

constexpr Rgb kInk{0.12, 0.14, 0.18};
constexpr Rgb kAccent{0.20, 0.33, 0.47};
constexpr Rgb kMutedInk{0.40, 0.42, 0.46};

/// Wraps text into lines no wider than `width` points (by code point, so Chinese wraps anywhere).
void cover(PdfDocument& pdf, const district::District& d, const BriefContent& c) {
    pdf.new_page("");
    const double W = PdfDocument::kWidth, H = PdfDocument::kHeight, M = PdfDocument::kMargin;
    pdf.rect(0, 0, W, 150, kAccent);
    pdf.text(M, 70, c.title, 26, {1, 1, 1}, true);
    pdf.text(M, 102, c.subtitle, 14, {0.9, 0.93, 0.97});
    pdf.text(M, 128, c.date, 11, {0.8, 0.85, 0.9});
    // A small overview map and the key figures.
    MapFrame frame{M, 175, 380, H - 175 - 60, d.extent()};
    MapOptions opts;
    opts.labels = true;
    paint_map(pdf.cairo(), d, frame, opts);
    double y = 190;
    for (const auto& f : c.cover_figures) {
        pdf.text(M + 410, y, f.label, 11, kMutedInk);
        pdf.text(W - M - pdf.text_width(f.value, 15, true), y, f.value, 15, kInk, true);
        pdf.rect(M + 410, y + 7, W - 2 * M - 410, 0.5, {0.85, 0.86, 0.88});
        y += 27;
    }
    double ny = H - 40;
    for (auto it = c.source_note.size() ? pdf.wrap(c.source_note, 8, W - 2 * M) : std::vector<std::string>{};
         const auto& line : it) {
        pdf.text(M, ny, line, 8, kMutedInk);
        ny += 10;
    }
}

void page(PdfDocument& pdf, const district::District& d, const BriefContent& c, const BriefPage& p) {
    pdf.new_page(c.header);
    const double W = PdfDocument::kWidth, H = PdfDocument::kHeight, M = PdfDocument::kMargin;
    pdf.text(M, M + 24, p.title, 18, kAccent, true);
    if (!p.subtitle.empty()) pdf.text(M, M + 42, p.subtitle, 10, kMutedInk);
    double top = M + 56;
    double table_x = M, table_w = W - 2 * M;
    if (p.map) {
        double map_w = 470;
        MapFrame frame{M, top, map_w, H - top - 40, p.extent.empty() ? d.extent() : p.extent};
        paint_map(pdf.cairo(), d, frame, p.map_options);
        table_x = M + map_w + 18;
        table_w = W - M - table_x;
    }
    std::vector<double> widths = p.column_widths;
    std::size_t cols = std::max<std::size_t>(1, p.table_header.size());
    if (widths.empty()) {
        widths.assign(cols, table_w / cols);
        if (cols >= 2) {
            widths[0] = table_w * 0.5;
            for (std::size_t i = 1; i < cols; ++i) widths[i] = table_w * 0.5 / (cols - 1);
        }
    }
    double y = top;
    if (!p.table_header.empty()) y = pdf.table(table_x, y, widths, p.table_header, p.table, 9);
    y += 10;
    for (const auto& note : p.notes) {
        for (const auto& line : pdf.wrap(note, 8.5, table_w)) {
            if (y > H - 40) break;
            pdf.text(table_x, y, line, 8.5, kInk);
            y += 12;
        }
        y += 4;
    }
}

}  // namespace

Result<void> write_brief(const std::string& out, const district::District& d, const BriefContent& content,
                         const BriefProgress& progress) {
    auto pdf = PdfDocument::create(out, content.title);
    if (!pdf) return pdf.error();
    const int total = 1 + static_cast<int>(content.pages.size());
    if (progress) progress(0, total, content.title);
    cover(pdf.value(), d, content);
    int done = 1;
    if (progress) progress(done, total, content.title);
    for (const auto& p : content.pages) {
        page(pdf.value(), d, content, p);
        if (progress) progress(++done, total, p.title);
    }
    return pdf->finish();
}

}  // namespace gis::report
