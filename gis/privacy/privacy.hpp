#pragma once
/// @file
/// Personal data (names, phones, ID numbers, low-income status) is masked by default in every output.
/// Showing it unmasked is an explicit act that is recorded in the data set's audit table.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gis/core/result.hpp"

namespace gis::privacy {

/// 张伟 -> 张*, 张小伟 -> 张*伟, 欧阳小明 -> 欧**明; Latin names keep the first letter.
std::string mask_name(std::string_view name);
/// 13812345678 -> 138****5678; shorter numbers keep only the last 2 digits.
std::string mask_phone(std::string_view phone);
/// Only the last 4 characters: ************1234.
std::string mask_id_number(std::string_view id);

/// The audit table's layer name and schema.
inline constexpr const char* kAuditLayer = "audit";

struct AuditRecord {
    std::int64_t id = -1;
    std::string time;        ///< ISO 8601 UTC, e.g. 2026-11-25T09:30:00Z
    std::string user;        ///< OS user name
    std::string action;      ///< reveal, export, ...
    std::string query;       ///< the command line or query that led to it
    std::string households;  ///< every household number concerned (see compress_household_numbers)
    std::int64_t count = 0;  ///< number of households concerned
};

/// Household numbers as one complete, compact list: comma-separated, runs of three or more consecutive
/// numbers of one series written as a range ("CH-0001..CH-0500,CH-0502"). Order and duplicates do not
/// matter; nothing is ever cut.
std::string compress_household_numbers(std::vector<std::string> numbers);
/// Whether a list written by compress_household_numbers includes `household_no` (ranges expanded).
bool list_includes(std::string_view list, std::string_view household_no);

/// The OS user running this process (getpwuid, else $USER, else "uid N").
std::string current_user();
/// The current UTC time as ISO 8601.
std::string now_iso8601();

/// Appends one audit record in its own transaction. Fails (and the caller must then not reveal
/// anything) when the data set cannot be written.
Result<void> append_audit(const std::string& dataset_path, const std::string& action,
                          const std::string& query, const std::vector<std::string>& household_numbers);
/// Every audit record, oldest first (empty when the table does not exist yet).
Result<std::vector<AuditRecord>> read_audit(const std::string& dataset_path);

}  // namespace gis::privacy
