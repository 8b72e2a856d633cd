#pragma once
/// @file
/// Household lists written to CSV or XLSX (GDAL's drivers), masked unless personal data is asked for;
/// an unmasked export is recorded in the audit table before anything is written. Files are written to a
/// temporary name beside the destination and renamed when complete.

#include <cstddef>
#include <string>
#include <vector>

#include "gis/core/progress.hpp"
#include "gis/core/result.hpp"
#include "gis/occupancy/index.hpp"

namespace gis::occupancy {

struct ExportOptions {
    /// Names, phones, ID numbers and 低保 unmasked. Needs `audit_dataset`.
    bool include_personal_data = false;
    std::string audit_dataset;                      ///< where the audit record goes
    std::string audit_query = "households export";  ///< what the record says was done
    bool overwrite = false;
    ProgressFn progress;  ///< rows written ("progress.writing"), then the file closed ("progress.saving")
};

/// Writes households `ids` (in the order given) to `out_path`; the format follows the extension (.csv,
/// with a UTF-8 byte-order mark for Excel, or .xlsx). The columns are the import's: 户号 地址 楼号 单元 楼层
/// 房号 户主 电话 身份证号 人数 外来 独居 租户, and 低保 only with personal data, so that such an export can
/// be imported again. In CSV, cells starting with = + - @ get a leading apostrophe (so that spreadsheet
/// programs do not run them as formulas); the import removes it. Returns the number of rows written.
/// Errors: BadInput (other extension; personal data without an audit data set; exists without
/// overwrite), Io (cannot write), and the audit's errors (then nothing is written).
Result<std::size_t> export_households(const OccupancyIndex& index, const std::vector<HouseholdId>& ids,
                                      const std::string& out_path, const ExportOptions& options = {});

}  // namespace gis::occupancy
