#pragma once
/// @file
/// The market's applicants and the lottery's result in the data set: layers market_applicants (personal
/// fields name, phone and id_number, masked in every output unless revealed and audited) and
/// market_allocation (the seed, the draw and the stall or waiting place of every applicant). Each write
/// is one transaction.

#include <optional>
#include <string>
#include <vector>

#include "gis/core/result.hpp"
#include "gis/io/dataset.hpp"
#include "gis/plan/market.hpp"

namespace gis::plan::market {

/// Reads an applicants file (CSV or XLSX, the first sheet or table): columns name, phone, id_number,
/// household_no, trade (or 姓名, 电话, 身份证号, 户号, 经营品种). Errors: NotFound (no file), MissingLayer
/// naming an absent column, BadInput naming a row that cannot be read.
Result<std::vector<ApplicantRow>> read_applicant_file(const std::string& file);

/// Replaces the stored applicants (and clears a saved allocation, which was drawn among the old ones) in
/// one transaction.
Result<void> write_applicants(const std::string& dataset_path, const std::vector<Applicant>& applicants);
/// The stored applicants; MissingLayer saying how to import them when there are none.
Result<std::vector<Applicant>> read_applicants(const io::Dataset& ds);

struct SavedAllocation {
    Allocation allocation;
    std::string drawn;  ///< ISO 8601 UTC time of the save
};
/// Replaces the stored allocation in one transaction.
Result<void> write_allocation(const std::string& dataset_path, const Allocation& a, const std::string& drawn);
/// The stored allocation; nullopt when none was saved.
Result<std::optional<SavedAllocation>> read_allocation(const io::Dataset& ds);

/// Writes the notice-board list (CSV, UTF-8 with a byte-order mark for Excel): 摊位号 stall, 候补 waiting
/// place, 类别 class, 姓名 name, 经营品种 trade. No ID numbers, no phones; names as `rows` carries them.
/// Errors: Io when the file cannot be written; BadInput for another extension than .csv.
Result<void> write_notice(const std::string& file, const std::vector<NoticeRow>& rows);

}  // namespace gis::plan::market
