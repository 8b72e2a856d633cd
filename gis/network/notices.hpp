#pragma once
/// @file
/// The notification list for a gas interruption: the households and shops that lose gas, exported as
/// CSV or XLSX. Names and phone numbers are masked unless personal data is asked for explicitly, and
/// then the export is recorded in the data set's audit table before anything is written.

#include <cstdint>
#include <string>
#include <vector>

#include "gis/core/result.hpp"
#include "gis/district/model.hpp"
#include "gis/network/gas_district.hpp"

namespace gis::network {

struct NoticeRow {
    std::string kind;  ///< "household" or "shop"
    std::string household_no;
    std::string address;  ///< "12-2-301" for a household, the street address for a shop
    int building = 0, entrance = 0, floor = 0, flat = 0;
    std::string name;   ///< household head (masked unless revealed) or shop name
    std::string phone;  ///< masked unless revealed; empty for shops
};

/// One row per household of `impact` (ordered by address), then one per shop.
std::vector<NoticeRow> notice_rows(const district::District& d, const GasImpact& impact, bool masked);

struct NoticeExportOptions {
    bool include_personal_data = false;  ///< unmasked names and phones (audited)
    std::string dataset_path;            ///< where the audit record goes
    std::string query;                   ///< recorded with the audit entry (e.g. the command line)
};

/// Writes the list to `out_path` (".csv" or ".xlsx", through GDAL), into a temporary file in the same
/// folder that is renamed over `out_path` only when complete. BadInput for another extension; NotFound
/// when the folder does not exist; the audit's error when personal data is asked for and the audit
/// record cannot be written (then nothing is written).
Result<void> export_notices(const std::string& out_path, const district::District& d, const GasImpact& impact,
                            const NoticeExportOptions& options);

}  // namespace gis::network
