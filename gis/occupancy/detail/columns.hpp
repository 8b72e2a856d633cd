#pragma once
/// @file
/// Internal to gis/occupancy: the columns of household lists (import and export), with their Chinese
/// headers, the households table's field names and other accepted spellings.

#include <array>
#include <string>
#include <vector>

#include "gis/core/result.hpp"

namespace gis::occupancy::detail {

enum class Col {
    Number,
    Address,
    Building,
    Entrance,
    Floor,
    Flat,
    Name,
    Phone,
    IdNumber,
    Size,
    LowIncome,
    Migrant,
    ElderlyAlone,
    Tenant,
    Count
};
inline constexpr int kColumns = static_cast<int>(Col::Count);

/// Chinese header: 户号, 地址, 楼号, ...
const char* column_label(Col c);
/// English field name of the households table: household_no, address, building_number, ...
const char* column_field(Col c);

/// Position of each column among `headers` (-1 when absent). Headers match in Chinese or English, in any
/// case, with spaces ignored. Error (BadInput) naming the missing required columns (户主, and 楼号 单元
/// 房号 unless 地址 is given), or a column given twice, with the headers expected.
Result<std::array<int, kColumns>> map_columns(const std::vector<std::string>& headers);

}  // namespace gis::occupancy::detail
