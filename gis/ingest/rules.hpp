#pragma once
/// @file
/// Parse rules of an import manifest: named conversions from the text a community's own files hold
/// (survey annotations, 中压B, DN100, 待改造, 是/否, a register's 标准地址) to the coded values of the
/// district schema. Each rule reads the forms people type; anything else is an error the user can act on,
/// never a silent default.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gis/core/result.hpp"
#include "gis/io/dataset.hpp"
#include "gis/occupancy/address.hpp"

namespace gis::ingest {

/// A CASS survey annotation inside a building outline: structure and floors ("砖5", "混6", "钢混11", "砼3",
/// "钢3", "简1"; "混6-1" is 6 floors above ground and 1 basement: floors = 6) and/or the building number
/// ("3栋", "3号楼", "3幢", "3#", "#3", "3号"). One text may hold both, in either order ("3栋 混6", "混6 3栋",
/// "3栋混6"). Also read: 砖混 (mixed), 钢砼 and 框架 (rc), a trailing 层 ("混6层").
struct BuildingNote {
    std::string structure;  ///< "brick", "mixed", "rc", "steel", "simple" or "" when not given
    int floors = 0;         ///< floors above ground; 0 when not given
    int number = 0;         ///< building number (楼号); 0 when not given
    friend bool operator==(const BuildingNote&, const BuildingNote&) = default;
};

/// Reads one annotation; nullopt when the text is neither a structure note nor a building number (a plain
/// "3" is neither: on a survey drawing it may be anything).
std::optional<BuildingNote> parse_building_note(std::string_view text);

/// Merges the notes of several texts found in one outline: the first non-empty value of each part wins.
BuildingNote merge_notes(const std::vector<BuildingNote>& notes);

/// Turns source text into a value of the target field by the named rule:
///  - "floors_from_note"    -> int floors from a CASS note ("混6", "砖5-1"; also "6", "6层")
///  - "number_from_note"    -> int building number ("3栋", "3号楼", "3#"; also plain "3")
///  - "structure_from_note" -> "brick"|"mixed"|"rc"|"steel"|"simple" ("砖5"; also "砖混", "钢混", the codes)
///  - "diameter_dn"         -> int mm from "DN100", "dn 100", "Φ100", "φ108×4" (outside diameter), "De110"
///                             (PE outside diameter: 110), "100", "100mm", "100.0"
///  - "pressure"            -> "low"|"medium-b"|"medium-a" (低压, 中压B/中压b/中压乙, 中压A/中压甲, the
///  codes)
///  - "pipe_status"         -> "in_service"|"renewal" (运行/在用/正常/使用中, 待改造/待更换/改造/更换/老化)
///  - "pipe_kind"           -> "main"|"service" (干管/主管/中压干管/支管, 户线/引入管/入户管/庭院管)
///  - "material"            -> "cast_iron"|"steel"|"galvanized_steel"|"pe" (铸铁/灰口铸铁/球墨铸铁,
///                             钢/钢管/无缝钢管, 镀锌钢/镀锌管, PE/聚乙烯)
///  - "valve_state"         -> "open"|"closed" (开/开启/常开, 关/关闭/常闭)
///  - "yes_no"              -> 1|0 (是/否, 有/无, Y/N, yes/no, true/false, 1/0, √/×)
///  - "year"                -> int from "1987", "1987年", "1987-05-01", "1987.5", "1987/5"; two-digit
///                             years ("87年") are rejected as ambiguous; 1900..2100
///  - "side"                -> "N"|"S"|"E"|"W" (北/南/东/西, 朝北, 北侧, N, north, ...)
///  - "building_kind"       -> "residential"|"unit"|"school"|"shop_row"|"ancillary"|"other" (住宅/居民楼/
///                             宿舍, 单位/办公/机关, 学校/小学, 商业/商铺/门面, 附属/车库/锅炉房/配电房,
///                             其他); text naming none of them is an error, not "other"
///  - "migrant"             -> 1 for 流动人口/外来/暂住, 0 for 户籍人口/常住/本地 (and the yes_no forms)
///  - "tenant"              -> 1 for 租住/租户/租赁, 0 for 自有/自住/产权 (and the yes_no forms)
///  - "phone"               -> digits with the spaces and dashes inside removed, except the dash after an
///                             area code ("0710-5551234"); "+86" kept; full-width digits folded
///  - "text"                -> trimmed text (occupancy::normalize_text)
///  - "int", "real"         -> numbers, full-width digits folded; "12.0" is an int, "12.5" is not
/// Keyword matching ignores case, full-width forms and spaces. Empty (or blank) input gives std::monostate:
/// the caller decides whether that is allowed. Errors are BadInput with the message
/// `"<text>" is not a <what>: expected <examples>`, showing at most 40 characters of the input (the caller
/// adds the row and field). An unknown rule name is BadInput listing the rule names.
Result<io::FieldValue> apply_rule(std::string_view rule, std::string_view text);

struct RuleInfo {
    const char* name;
    const char* description_en;
    const char* description_zh;
    const char* example;  ///< an input the rule accepts
};

/// Every rule apply_rule knows, in the order above.
const std::vector<RuleInfo>& rule_infos();

/// The free-text 标准地址 of a household register, e.g. "湖北省宜昌市西陵区人民路街道重华社区幸福里小区
/// 3栋2单元402室". The administrative prefix (省, 市, 区/县, 街道, 社区, the 小区/苑/园/里 name, an estate
/// phase such as 幸福里2期, a road and its 号 before the building: "人民路8号3栋2单元402") is skipped and the
/// rest is parsed with occupancy::parse_address. Also reads "3号楼2单元402", "3-2-402", "3栋2单元4楼402" and
/// "3栋2单元4层2号" (floor 4, flat 2), and full-width digits. The result names a flat (floor > 0); an address
/// that names only a building or an entrance, whose floor and room disagree ("5楼402"), or that has trailing
/// words ("402室（租）") is BadInput. Ambiguity kept: a house number directly before a room ("人民路8号302")
/// reads as building 8, room 302.
Result<occupancy::AddressQuery> parse_register_address(std::string_view text);

}  // namespace gis::ingest
