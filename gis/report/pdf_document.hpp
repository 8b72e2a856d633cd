#pragma once
/// @file
/// A small A4-landscape PDF writer over cairo with the CJK font embedded (GDAL's PDF driver cannot embed
/// fonts, so Chinese would be garbled there). Units are PDF points (1/72 in); origin top-left.

#include <memory>
#include <string>
#include <vector>

#include "gis/core/result.hpp"

namespace gis::report {

struct Rgb {
    double r = 0, g = 0, b = 0;
};

/// One cell row of a table: the first column left-aligned, the others right-aligned.
using TableRow = std::vector<std::string>;

class PdfDocument {
  public:
    static constexpr double kWidth = 842;  ///< A4 landscape
    static constexpr double kHeight = 595;
    static constexpr double kMargin = 36;

    /// Starts a PDF at a temporary path next to `path`; finish() renames it into place.
    static Result<PdfDocument> create(const std::string& path, const std::string& title);
    PdfDocument(PdfDocument&&) noexcept;
    PdfDocument& operator=(PdfDocument&&) noexcept;
    ~PdfDocument();  ///< removes the temporary file unless finish() succeeded

    /// Ends the current page (if any) and starts a new one with a header line and page number.
    void new_page(const std::string& header);
    int page_number() const;

    void text(double x, double y, const std::string& s, double size, const Rgb& colour = {},
              bool bold = false);
    /// Width of a string at a size, in points.
    double text_width(const std::string& s, double size, bool bold = false);
    /// `s` in lines no wider than `width` at `size`, broken where the language allows (ICU's line breaks:
    /// between words, between Chinese characters); a word wider than the line is broken between
    /// characters.
    std::vector<std::string> wrap(const std::string& s, double size, double width, bool bold = false);
    void rect(double x, double y, double w, double h, const Rgb& fill, const Rgb* stroke = nullptr);
    /// A table with a header row, column widths in points; returns the y below it. The first column is
    /// aligned left, the others right; a cell may run on over the empty cells to its right, and a text
    /// still too wide for its cell is wrapped (the row grows).
    double table(double x, double y, const std::vector<double>& widths, const TableRow& header,
                 const std::vector<TableRow>& rows, double size = 10);

    /// The cairo context (cairo_t*) for drawing maps; valid while a page is open.
    void* cairo();

    Result<void> finish();

  private:
    struct Impl;
    explicit PdfDocument(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace gis::report
