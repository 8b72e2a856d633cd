#pragma once
/// @file
/// Household lists from the community office: CSV or XLSX files (read with GDAL's CSV and XLSX drivers)
/// with Chinese headers 户号 楼号 单元 楼层 房号 户主 电话 身份证号 人数 低保 外来 独居 (租户, 地址 too) or
/// the households table's English field names. Every row is matched to a building, entrance, floor and flat
/// of the district; rows that do not fit are listed with their row number and the reason. The import is all
/// or nothing in one transaction unless bad rows are to be skipped.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gis/core/progress.hpp"
#include "gis/core/result.hpp"
#include "gis/occupancy/index.hpp"

namespace gis::occupancy {

struct ImportOptions {
    bool skip_bad =
        false;  ///< write the good rows and list the bad ones (default: write nothing if any is bad)
    bool dry_run = false;  ///< check only
    ProgressFn progress;   ///< rows checked, households written, indexes rebuilt
};

struct RejectedRow {
    int row = 0;         ///< spreadsheet row: the header is row 1, the first household row 2
    std::string reason;  ///< every problem of the row, "; "-separated; never echoes names, phones or IDs
    friend bool operator==(const RejectedRow&, const RejectedRow&) = default;
};

struct ImportReport {
    std::size_t rows = 0;      ///< household rows read (blank rows are ignored): good + rejected, always
    std::size_t good = 0;      ///< rows that fit every check (written only when `written`)
    std::size_t imported = 0;  ///< rows written
    std::vector<RejectedRow> rejected;
    bool written = false;                        ///< false: the data set was not changed
    std::vector<std::string> household_numbers;  ///< of the rows written, numbers assigned included
    /// Set when the households were written but the search indexes could not be rebuilt (look-ups then
    /// read the whole table until `nbhd index build` succeeds).
    std::string index_note;
};

/// A phone number as a register holds it: a mobile (11 digits, 13x..19x, `+86` allowed) or a landline
/// with its area code (10 to 12 digits from 0); spaces, dashes and full-width digits allowed. Returns the
/// digits, or nothing when it cannot be dialled.
std::optional<std::string> phone_number(std::string_view s);
/// A citizen ID number (GB 11643): 17 digits and a check character, or the old 15 digits. Returns it
/// with a capital X, or nothing when malformed.
std::optional<std::string> id_number(std::string_view s);

/// Reads `file` (.csv or .xlsx), checks every row against `index` (its district's buildings and the flats
/// already occupied) and, unless a row is bad and skip_bad is off, appends the households to the data
/// set at `dataset_path` in one transaction. A row without 户号 gets the next number of the data set's
/// series (CH-1038 after CH-1037). Text that is not UTF-8 is read as GB18030 (Excel's Chinese CSV).
/// A CSV list is read row by row within gis::input's limits (64 KiB a cell, 1 MiB a row, a quote closed
/// within 100 lines): a row over them is rejected with its line number and the reason, and the rows after
/// it are read as usual. An XLSX list is read whole, so it may be at most 256 MiB (1 GiB unpacked); a cell
/// over 64 KiB rejects its row.
/// Errors: NotFound (no file), BadInput (not .csv/.xlsx; a device, pipe or folder, refused before
/// anything is read; an XLSX over its size limit; unreadable; or missing columns: the message names
/// them and lists the expected headers), ReadOnly or Io (the data set cannot be written; nothing was
/// changed).
Result<ImportReport> import_households(const std::string& file, const std::string& dataset_path,
                                       const OccupancyIndex& index, const ImportOptions& options = {});

}  // namespace gis::occupancy
