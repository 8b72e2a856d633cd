#include "gis/report/pdf_document.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <unistd.h>

#include <unicode/brkiter.h>
#include <unicode/unistr.h>

#include <filesystem>
#include <memory>
#include <optional>

#include "gis/core/cjk_font.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/staging.hpp"

#include "gis/core/terminal_text.hpp"

namespace fs = std::filesystem;

namespace gis::report {

struct PdfDocument::Impl {
    std::string path, tmp;
    std::optional<StagedFile> staged;  ///< tmp: the PDF being written, in the private staging folder
    cairo_surface_t* surface = nullptr;
    cairo_t* cr = nullptr;
    int page = 0;
    bool finished = false;

    ~Impl() {
        if (cr) cairo_destroy(cr);
        if (surface) cairo_surface_destroy(surface);
        staged.reset();  // discarded unless finished
    }
    void font(double size, bool bold) {
        cairo_select_font_face(cr, cjk_font_family().c_str(), CAIRO_FONT_SLANT_NORMAL,
                               bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
        cairo_set_font_size(cr, size);
    }
};

PdfDocument::PdfDocument(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PdfDocument::PdfDocument(PdfDocument&&) noexcept = default;
PdfDocument& PdfDocument::operator=(PdfDocument&&) noexcept = default;
PdfDocument::~PdfDocument() = default;

Result<PdfDocument> PdfDocument::create(const std::string& path, const std::string& title) {
    if (path.empty()) return make_error(ErrorCode::BadInput, _("no output file given (--out)"));
    auto parent = fs::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty() && !fs::is_directory(parent, ec))
        return make_error(ErrorCode::NotFound, gis::i18n::format(_("{0}: no such folder"), parent.string()));
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    auto staged = StagedFile::create(path, ".pdf", false);
    if (!staged) return staged.error();
    impl->tmp = staged->path();
    impl->staged.emplace(std::move(staged.value()));
    impl->surface = cairo_pdf_surface_create(impl->tmp.c_str(), kWidth, kHeight);
    if (cairo_surface_status(impl->surface) != CAIRO_STATUS_SUCCESS)
        return make_error(ErrorCode::Io,
                          gis::i18n::format(_("{0}: cannot write: {1}"), path,
                                            cairo_status_to_string(cairo_surface_status(impl->surface))));
    cairo_pdf_surface_set_metadata(impl->surface, CAIRO_PDF_METADATA_TITLE, terminal_text(title).c_str());
    cairo_pdf_surface_set_metadata(impl->surface, CAIRO_PDF_METADATA_CREATOR, "nbhd");
    impl->cr = cairo_create(impl->surface);
    return PdfDocument(std::move(impl));
}

void PdfDocument::new_page(const std::string& header) {
    auto& d = *impl_;
    if (d.page > 0) cairo_show_page(d.cr);
    ++d.page;
    cairo_identity_matrix(d.cr);
    rect(0, 0, kWidth, kHeight, {1, 1, 1});
    if (!header.empty()) {
        text(kMargin, kMargin - 8, header, 9, {0.35, 0.35, 0.38});
        std::string n = std::to_string(d.page);
        text(kWidth - kMargin - text_width(n, 9), kHeight - 16, n, 9, {0.35, 0.35, 0.38});
        Rgb line{0.8, 0.8, 0.82};
        rect(kMargin, kMargin - 3, kWidth - 2 * kMargin, 0.6, line);
    }
}

int PdfDocument::page_number() const { return impl_->page; }

void PdfDocument::text(double x, double y, const std::string& s, double size, const Rgb& colour, bool bold) {
    auto& d = *impl_;
    d.font(size, bold);
    cairo_set_source_rgb(d.cr, colour.r, colour.g, colour.b);
    cairo_move_to(d.cr, x, y);
    // Text from data may hold bytes that are not UTF-8, which would stop cairo drawing anything more,
    // and control characters: both are shown as escapes.
    cairo_show_text(d.cr, terminal_text(s).c_str());
}

double PdfDocument::text_width(const std::string& s, double size, bool bold) {
    auto& d = *impl_;
    d.font(size, bold);
    cairo_text_extents_t ext;
    cairo_text_extents(d.cr, terminal_text(s).c_str(), &ext);
    return ext.x_advance;
}

void PdfDocument::rect(double x, double y, double w, double h, const Rgb& fill, const Rgb* stroke) {
    auto* cr = impl_->cr;
    cairo_rectangle(cr, x, y, w, h);
    cairo_set_source_rgb(cr, fill.r, fill.g, fill.b);
    if (stroke) {
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, stroke->r, stroke->g, stroke->b);
        cairo_set_line_width(cr, 0.6);
        cairo_stroke(cr);
    } else {
        cairo_fill(cr);
    }
}

std::vector<std::string> PdfDocument::wrap(const std::string& s, double size, double width, bool bold) {
    std::vector<std::string> lines;
    if (text_width(s, size, bold) <= width) return {s};
    const icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> breaks(icu::BreakIterator::createLineInstance(
        icu::Locale(i18n::language() == i18n::Lang::Zh ? "zh" : "en"), status));
    std::vector<std::string> pieces;  // what may not be broken further (a word and its trailing space)
    if (U_SUCCESS(status)) {
        breaks->setText(u);
        for (std::int32_t a = breaks->first(), b = breaks->next(); b != icu::BreakIterator::DONE;
             a = b, b = breaks->next()) {
            std::string piece;
            u.tempSubStringBetween(a, b).toUTF8String(piece);
            pieces.push_back(std::move(piece));
        }
    } else {
        pieces.push_back(s);
    }
    std::string line;
    auto flush = [&] {
        while (!line.empty() && line.back() == ' ') line.pop_back();
        if (!line.empty()) lines.push_back(line);
        line.clear();
    };
    for (const auto& piece : pieces) {
        std::string trimmed = line + piece;
        while (!trimmed.empty() && trimmed.back() == ' ') trimmed.pop_back();
        if (text_width(trimmed, size, bold) <= width) {
            line += piece;
            continue;
        }
        flush();
        if (text_width(piece, size, bold) <= width) {
            line = piece;
            continue;
        }
        // A word wider than the line: between characters.
        const icu::UnicodeString w = icu::UnicodeString::fromUTF8(piece);
        for (std::int32_t i = 0; i < w.length();) {
            const std::int32_t n = U16_IS_LEAD(w.charAt(i)) && i + 1 < w.length() ? 2 : 1;
            std::string c;
            w.tempSubString(i, n).toUTF8String(c);
            if (!line.empty() && text_width(line + c, size, bold) > width) flush();
            line += c;
            i += n;
        }
    }
    flush();
    return lines;
}

double PdfDocument::table(double x, double y, const std::vector<double>& widths, const TableRow& header,
                          const std::vector<TableRow>& rows, double size) {
    const double row_h = size * 1.9, line_h = size * 1.25;
    double total = 0;
    for (double w : widths) total += w;
    auto draw_row = [&](const TableRow& row, double top, bool head, bool shade) {
        struct Cell {
            double left, right;
            std::vector<std::string> lines;
        };
        std::vector<Cell> cells;
        std::size_t most = 1;
        double cx = x;
        for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
            double span = widths[i];
            if (i > 0)  // a right-aligned cell runs on over the empty cells to its right
                for (std::size_t j = i + 1; j < row.size() && j < widths.size() && row[j].empty(); ++j)
                    span += widths[j];
            Cell c{cx + 6, cx + span - 6, {}};
            if (!row[i].empty()) c.lines = wrap(row[i], size, c.right - c.left, head);
            most = std::max(most, c.lines.size());
            cells.push_back(std::move(c));
            cx += widths[i];
        }
        const double h = row_h + static_cast<double>(most - 1) * line_h;
        if (head)
            rect(x, top, total, h, {0.20, 0.33, 0.47});
        else if (shade)
            rect(x, top, total, h, {0.95, 0.96, 0.97});
        const Rgb colour = head ? Rgb{1, 1, 1} : Rgb{0.1, 0.1, 0.12};
        for (std::size_t i = 0; i < cells.size(); ++i)
            for (std::size_t k = 0; k < cells[i].lines.size(); ++k) {
                const auto& line = cells[i].lines[k];
                const double tx = i == 0 ? cells[i].left : cells[i].right - text_width(line, size, head);
                text(tx, top + row_h * 0.68 + static_cast<double>(k) * line_h, line, size, colour, head);
            }
        return h;
    };
    y += draw_row(header, y, true, false);
    for (std::size_t r = 0; r < rows.size(); ++r) y += draw_row(rows[r], y, false, r % 2 == 1);
    Rgb line{0.75, 0.77, 0.8};
    rect(x, y, total, 0.6, line);
    return y + 6;
}

void* PdfDocument::cairo() { return impl_->cr; }

Result<void> PdfDocument::finish() {
    auto& d = *impl_;
    // A drawing error leaves the surface well but every later page blank: never a PDF that looks finished.
    const auto drawing = cairo_status(d.cr);
    cairo_destroy(d.cr);
    d.cr = nullptr;
    cairo_surface_finish(d.surface);
    auto status = drawing != CAIRO_STATUS_SUCCESS ? drawing : cairo_surface_status(d.surface);
    cairo_surface_destroy(d.surface);
    d.surface = nullptr;
    if (status != CAIRO_STATUS_SUCCESS)
        return make_error(ErrorCode::Io, gis::i18n::format(_("{0}: cannot write the PDF: {1}"), d.path,
                                                           cairo_status_to_string(status)));
    if (auto r = d.staged->commit(); !r) return r;
    d.finished = true;
    return {};
}

}  // namespace gis::report
