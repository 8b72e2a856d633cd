// Parse rules of import manifests (every rule with good and bad input and the exact value or message),
// CASS building notes, household-register addresses, and encoding detection of text and of a shapefile's
// .dbf (GBK made with ICU, a dBASE III file written by hand).

#include <gtest/gtest.h>
#include <unicode/ucnv.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>

#include "gis/ingest/encoding.hpp"
#include "gis/ingest/rules.hpp"

using namespace gis::ingest;
using gis::ErrorCode;
using gis::io::FieldValue;
using gis::occupancy::AddressQuery;

namespace {

namespace fs = std::filesystem;

FieldValue I(std::int64_t v) { return FieldValue{v}; }
FieldValue S(const char* s) { return FieldValue{std::string(s)}; }
FieldValue R(double v) { return FieldValue{v}; }

std::string show(const FieldValue& v) {
    switch (v.index()) {
        case 0:
            return "(empty)";
        case 1:
            return "int " + std::to_string(std::get<1>(v));
        case 2:
            return "real " + std::to_string(std::get<2>(v));
        default:
            return "text \"" + std::get<3>(v) + "\"";
    }
}

/// UTF-8 text as GBK bytes, by ICU.
std::string to_gbk(const std::string& utf8) {
    UErrorCode status = U_ZERO_ERROR;
    std::string out(utf8.size() * 2 + 4, '\0');
    int32_t n = ucnv_convert("GBK", "UTF-8", out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                             static_cast<int32_t>(utf8.size()), &status);
    EXPECT_TRUE(U_SUCCESS(status)) << u_errorName(status);
    out.resize(U_SUCCESS(status) ? n : 0);
    return out;
}

}  // namespace

// ---- rules: good input ---------------------------------------------------------------------------------

struct GoodCase {
    const char* rule;
    const char* text;
    FieldValue expected;
};
void PrintTo(const GoodCase& c, std::ostream* os) { *os << c.rule << "(\"" << c.text << "\")"; }

class IngestRuleGood : public ::testing::TestWithParam<GoodCase> {};

TEST_P(IngestRuleGood, GivesTheCodedValue) {
    const auto& c = GetParam();
    auto v = apply_rule(c.rule, c.text);
    ASSERT_TRUE(v.ok()) << c.rule << "(" << c.text << "): " << v.error().message;
    EXPECT_EQ(*v, c.expected) << c.rule << "(" << c.text << ") gave " << show(*v) << ", expected "
                              << show(c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    IngestRules, IngestRuleGood,
    ::testing::Values(
        GoodCase{"floors_from_note", "混6", I(6)}, GoodCase{"floors_from_note", "砖5", I(5)},
        GoodCase{"floors_from_note", "钢混11", I(11)}, GoodCase{"floors_from_note", "砼3", I(3)},
        GoodCase{"floors_from_note", "混6-1", I(6)}, GoodCase{"floors_from_note", "3栋 混6", I(6)},
        GoodCase{"floors_from_note", "６", I(6)}, GoodCase{"floors_from_note", "6层", I(6)},
        GoodCase{"number_from_note", "3栋", I(3)}, GoodCase{"number_from_note", "3号楼", I(3)},
        GoodCase{"number_from_note", "3幢", I(3)}, GoodCase{"number_from_note", "3#", I(3)},
        GoodCase{"number_from_note", "3号", I(3)}, GoodCase{"number_from_note", "3", I(3)},
        GoodCase{"number_from_note", "混6 12栋", I(12)}, GoodCase{"number_from_note", "１２＃", I(12)},
        GoodCase{"number_from_note", "3.0", I(3)}, GoodCase{"structure_from_note", "砖5", S("brick")},
        GoodCase{"structure_from_note", "混6", S("mixed")},
        GoodCase{"structure_from_note", "钢混11", S("rc")}, GoodCase{"structure_from_note", "砼3", S("rc")},
        GoodCase{"structure_from_note", "钢3", S("steel")},
        GoodCase{"structure_from_note", "简1", S("simple")},
        GoodCase{"structure_from_note", "砖混", S("mixed")}, GoodCase{"structure_from_note", "RC", S("rc")},
        GoodCase{"diameter_dn", "DN100", I(100)}, GoodCase{"diameter_dn", "dn 100", I(100)},
        GoodCase{"diameter_dn", "Φ100", I(100)}, GoodCase{"diameter_dn", "φ100", I(100)},
        GoodCase{"diameter_dn", "De110", I(110)}, GoodCase{"diameter_dn", "100", I(100)},
        GoodCase{"diameter_dn", "100mm", I(100)}, GoodCase{"diameter_dn", "100.0", I(100)},
        GoodCase{"diameter_dn", "φ108×4", I(108)}, GoodCase{"diameter_dn", "ＤＮ１００", I(100)},
        GoodCase{"pressure", "低压", S("low")}, GoodCase{"pressure", "中压B", S("medium-b")},
        GoodCase{"pressure", "中压b", S("medium-b")}, GoodCase{"pressure", "中压乙", S("medium-b")},
        GoodCase{"pressure", "中压A", S("medium-a")}, GoodCase{"pressure", "中压甲", S("medium-a")},
        GoodCase{"pressure", "medium-b", S("medium-b")}, GoodCase{"pressure", "LOW", S("low")},
        GoodCase{"pressure", "中压Ｂ", S("medium-b")}, GoodCase{"pipe_status", "运行", S("in_service")},
        GoodCase{"pipe_status", "在用", S("in_service")}, GoodCase{"pipe_status", "正常", S("in_service")},
        GoodCase{"pipe_status", "使用中", S("in_service")}, GoodCase{"pipe_status", "待改造", S("renewal")},
        GoodCase{"pipe_status", "待更换", S("renewal")}, GoodCase{"pipe_status", "改造", S("renewal")},
        GoodCase{"pipe_status", "更换", S("renewal")}, GoodCase{"pipe_status", "老化", S("renewal")},
        GoodCase{"pipe_status", "in_service", S("in_service")},
        GoodCase{"pipe_status", "renewal", S("renewal")}, GoodCase{"pipe_kind", "干管", S("main")},
        GoodCase{"pipe_kind", "主管", S("main")}, GoodCase{"pipe_kind", "中压干管", S("main")},
        GoodCase{"pipe_kind", "支管", S("main")}, GoodCase{"pipe_kind", "户线", S("service")},
        GoodCase{"pipe_kind", "引入管", S("service")}, GoodCase{"pipe_kind", "入户管", S("service")},
        GoodCase{"pipe_kind", "庭院管", S("service")}, GoodCase{"pipe_kind", "Main", S("main")},
        GoodCase{"material", "铸铁", S("cast_iron")}, GoodCase{"material", "灰口铸铁", S("cast_iron")},
        GoodCase{"material", "球墨铸铁", S("cast_iron")}, GoodCase{"material", "钢", S("steel")},
        GoodCase{"material", "钢管", S("steel")}, GoodCase{"material", "无缝钢管", S("steel")},
        GoodCase{"material", "镀锌钢", S("galvanized_steel")},
        GoodCase{"material", "镀锌管", S("galvanized_steel")}, GoodCase{"material", "PE", S("pe")},
        GoodCase{"material", "pe", S("pe")}, GoodCase{"material", "ＰＥ", S("pe")},
        GoodCase{"material", "聚乙烯", S("pe")}, GoodCase{"material", "cast_iron", S("cast_iron")},
        GoodCase{"valve_state", "开", S("open")}, GoodCase{"valve_state", "开启", S("open")},
        GoodCase{"valve_state", "常开", S("open")}, GoodCase{"valve_state", "关", S("closed")},
        GoodCase{"valve_state", "关闭", S("closed")}, GoodCase{"valve_state", "常闭", S("closed")},
        GoodCase{"valve_state", "Closed", S("closed")}, GoodCase{"yes_no", "是", I(1)},
        GoodCase{"yes_no", "否", I(0)}, GoodCase{"yes_no", "有", I(1)}, GoodCase{"yes_no", "无", I(0)},
        GoodCase{"yes_no", "Y", I(1)}, GoodCase{"yes_no", "n", I(0)}, GoodCase{"yes_no", "Yes", I(1)},
        GoodCase{"yes_no", "no", I(0)}, GoodCase{"yes_no", "TRUE", I(1)}, GoodCase{"yes_no", "false", I(0)},
        GoodCase{"yes_no", "1", I(1)}, GoodCase{"yes_no", "0", I(0)}, GoodCase{"yes_no", "√", I(1)},
        GoodCase{"yes_no", "×", I(0)}, GoodCase{"yes_no", "１", I(1)}, GoodCase{"year", "1987", I(1987)},
        GoodCase{"year", "1987年", I(1987)}, GoodCase{"year", "1987-05-01", I(1987)},
        GoodCase{"year", "1987.5", I(1987)}, GoodCase{"year", "1987/5/1", I(1987)},
        GoodCase{"year", "1987年5月", I(1987)}, GoodCase{"year", "1987-05-01 00:00:00", I(1987)},
        GoodCase{"year", "19870501", I(1987)}, GoodCase{"year", "１９８７", I(1987)},
        GoodCase{"side", "北", S("N")}, GoodCase{"side", "南", S("S")}, GoodCase{"side", "东", S("E")},
        GoodCase{"side", "西", S("W")}, GoodCase{"side", "朝北", S("N")}, GoodCase{"side", "朝南", S("S")},
        GoodCase{"side", "n", S("N")}, GoodCase{"side", "W", S("W")}, GoodCase{"side", "North", S("N")},
        GoodCase{"side", "east", S("E")}, GoodCase{"building_kind", "住宅", S("residential")},
        GoodCase{"street_class", "tertiary", S("local")}, GoodCase{"street_class", "service", S("lane")},
        GoodCase{"street_class", "trunk", S("primary")}, GoodCase{"street_class", "次干路", S("secondary")},
        GoodCase{"street_class", "巷道", S("lane")}, GoodCase{"number_in_name", "1号楼", I(1)},
        GoodCase{"number_in_name", "幸福里12栋", I(12)}, GoodCase{"number_in_name", "幸福小学", FieldValue{}},
        GoodCase{"osm_building", "apartments", S("residential")},
        GoodCase{"osm_building", "school", S("school")}, GoodCase{"osm_building", "yes", S("other")},
        GoodCase{"osm_building", "garages", S("ancillary")},
        GoodCase{"building_kind", "居民楼", S("residential")},
        GoodCase{"building_kind", "宿舍", S("residential")}, GoodCase{"building_kind", "单位", S("unit")},
        GoodCase{"building_kind", "办公", S("unit")}, GoodCase{"building_kind", "机关", S("unit")},
        GoodCase{"building_kind", "学校", S("school")}, GoodCase{"building_kind", "重华小学", S("school")},
        GoodCase{"building_kind", "商业", S("shop_row")}, GoodCase{"building_kind", "商铺", S("shop_row")},
        GoodCase{"building_kind", "门面", S("shop_row")}, GoodCase{"building_kind", "附属", S("ancillary")},
        GoodCase{"building_kind", "车库", S("ancillary")},
        GoodCase{"building_kind", "锅炉房", S("ancillary")},
        GoodCase{"building_kind", "配电房", S("ancillary")},
        GoodCase{"building_kind", "办公楼附属车库", S("ancillary")},
        GoodCase{"building_kind", "其他", S("other")}, GoodCase{"building_kind", "shop_row", S("shop_row")},
        GoodCase{"migrant", "流动人口", I(1)}, GoodCase{"migrant", "外来", I(1)},
        GoodCase{"migrant", "暂住", I(1)}, GoodCase{"migrant", "户籍人口", I(0)},
        GoodCase{"migrant", "常住", I(0)}, GoodCase{"migrant", "本地", I(0)}, GoodCase{"migrant", "是", I(1)},
        GoodCase{"tenant", "租住", I(1)}, GoodCase{"tenant", "租户", I(1)}, GoodCase{"tenant", "租赁", I(1)},
        GoodCase{"tenant", "自有", I(0)}, GoodCase{"tenant", "自住", I(0)}, GoodCase{"tenant", "产权", I(0)},
        GoodCase{"tenant", "否", I(0)}, GoodCase{"phone", "13800138000", S("13800138000")},
        GoodCase{"phone", "138 0013 8000", S("13800138000")},
        GoodCase{"phone", "138-0013-8000", S("13800138000")},
        GoodCase{"phone", "0710-5551234", S("0710-5551234")},
        GoodCase{"phone", "0710-555-1234", S("0710-5551234")},
        GoodCase{"phone", "0710 5551234", S("0710-5551234")},
        GoodCase{"phone", "(0710)5551234", S("0710-5551234")},
        GoodCase{"phone", "010-12345678", S("010-12345678")},
        GoodCase{"phone", "07105551234", S("07105551234")},
        GoodCase{"phone", "+86 138 0013 8000", S("+8613800138000")},
        GoodCase{"phone", "１３８００１３８０００", S("13800138000")},
        GoodCase{"phone", "０７１０－５５５１２３４", S("0710-5551234")},
        GoodCase{"phone", "13800138000.0", S("13800138000")}, GoodCase{"text", "  重华社区 ", S("重华社区")},
        GoodCase{"text", "Ａ栋　东", S("A栋 东")}, GoodCase{"int", "12", I(12)},
        GoodCase{"int", "12.0", I(12)}, GoodCase{"int", "-3", I(-3)}, GoodCase{"int", "+7", I(7)},
        GoodCase{"int", "１２", I(12)}, GoodCase{"int", " 12 ", I(12)}, GoodCase{"real", "12.5", R(12.5)},
        GoodCase{"real", "12", R(12.0)}, GoodCase{"real", "-0.25", R(-0.25)},
        GoodCase{"real", "１２．５", R(12.5)}, GoodCase{"real", "1e3", R(1000.0)}));

// ---- rules: bad input ----------------------------------------------------------------------------------

struct BadCase {
    const char* rule;
    const char* text;
    const char* what;  ///< the noun phrase the message names
};
void PrintTo(const BadCase& c, std::ostream* os) { *os << c.rule << "(\"" << c.text << "\")"; }

class IngestRuleBad : public ::testing::TestWithParam<BadCase> {};

TEST_P(IngestRuleBad, IsBadInputNamingTheTextAndTheExpectedForm) {
    const auto& c = GetParam();
    auto v = apply_rule(c.rule, c.text);
    ASSERT_FALSE(v.ok()) << c.rule << "(" << c.text << ") gave " << show(*v);
    EXPECT_EQ(v.error().code, ErrorCode::BadInput);
    std::string prefix = "\"" + std::string(c.text) + "\" is not " + c.what + ": expected ";
    EXPECT_EQ(v.error().message.rfind(prefix, 0), 0u) << v.error().message;
    EXPECT_GT(v.error().message.size(), prefix.size()) << "names examples";
}

INSTANTIATE_TEST_SUITE_P(
    IngestRules, IngestRuleBad,
    ::testing::Values(
        BadCase{"floors_from_note", "3栋", "a floor count"},
        BadCase{"floors_from_note", "混", "a floor count"}, BadCase{"floors_from_note", "0", "a floor count"},
        BadCase{"floors_from_note", "六层", "a floor count"},
        BadCase{"number_from_note", "混6", "a building number"},
        BadCase{"number_from_note", "A栋", "a building number"},
        BadCase{"number_from_note", "0", "a building number"},
        BadCase{"structure_from_note", "3栋", "a building structure"},
        BadCase{"structure_from_note", "木", "a building structure"},
        BadCase{"diameter_dn", "DN", "a pipe diameter"}, BadCase{"diameter_dn", "大", "a pipe diameter"},
        BadCase{"diameter_dn", "100.5", "a pipe diameter"},
        BadCase{"diameter_dn", "DN100cm", "a pipe diameter"}, BadCase{"diameter_dn", "0", "a pipe diameter"},
        BadCase{"pressure", "中压", "a gas pressure class"},
        BadCase{"pressure", "高压", "a gas pressure class"}, BadCase{"pipe_status", "报废", "a pipe status"},
        BadCase{"pipe_kind", "管", "a pipe kind"}, BadCase{"material", "铜", "a pipe material"},
        BadCase{"material", "PVC", "a pipe material"}, BadCase{"valve_state", "半开", "a valve state"},
        BadCase{"yes_no", "也许", "a yes/no value"}, BadCase{"yes_no", "2", "a yes/no value"},
        BadCase{"year", "87年", "a year"}, BadCase{"year", "87", "a year"},
        BadCase{"year", "1987年春", "a year"}, BadCase{"year", "1850", "a year"},
        BadCase{"year", "198", "a year"}, BadCase{"year", "19871301", "a year"},
        BadCase{"side", "东北", "a side"}, BadCase{"side", "x", "a side"},
        BadCase{"building_kind", "大楼", "a building kind"},
        BadCase{"street_class", "motorwayish", "a street class"},
        BadCase{"migrant", "未知", "a migrant flag"}, BadCase{"tenant", "借住", "a tenant flag"},
        BadCase{"phone", "138-0013-800x", "a phone number"}, BadCase{"phone", "1234", "a phone number"},
        BadCase{"phone", "13800138000转12", "a phone number"},
        BadCase{"phone", "13800138000/13900139000", "a phone number"}, BadCase{"int", "12.5", "an integer"},
        BadCase{"int", "twelve", "an integer"}, BadCase{"int", "12 5", "an integer"},
        BadCase{"int", "inf", "an integer"}, BadCase{"real", "1,5", "a number"},
        BadCase{"real", "nan", "a number"}, BadCase{"real", "12m", "a number"},
        BadCase{"real", "0x10", "a number"}));

TEST(IngestRules, EmptyInputIsNoValueForEveryRule) {
    for (const auto& info : rule_infos()) {
        for (const char* blank : {"", "   ", "　", "\t"}) {
            auto v = apply_rule(info.name, blank);
            ASSERT_TRUE(v.ok()) << info.name << ": " << v.error().message;
            EXPECT_TRUE(std::holds_alternative<std::monostate>(*v)) << info.name << " gave " << show(*v);
        }
    }
}

TEST(IngestRules, EveryRuleIsListedWithAWorkingExample) {
    const char* expected[] = {"floors_from_note",
                              "number_from_note",
                              "structure_from_note",
                              "diameter_dn",
                              "pressure",
                              "pipe_status",
                              "pipe_kind",
                              "material",
                              "valve_state",
                              "yes_no",
                              "year",
                              "side",
                              "building_kind",
                              "migrant",
                              "tenant",
                              "phone",
                              "text",
                              "int",
                              "real",
                              "street_class",
                              "number_in_name",
                              "osm_building"};
    std::set<std::string> names;
    for (const auto& info : rule_infos()) {
        names.insert(info.name);
        EXPECT_NE(std::string(info.description_en), "") << info.name;
        EXPECT_NE(std::string(info.description_zh), "") << info.name;
        auto v = apply_rule(info.name, info.example);
        ASSERT_TRUE(v.ok()) << info.name << "(" << info.example << "): " << v.error().message;
        EXPECT_FALSE(std::holds_alternative<std::monostate>(*v)) << info.name;
    }
    EXPECT_EQ(names.size(), rule_infos().size()) << "names are unique";
    EXPECT_EQ(names, std::set<std::string>(std::begin(expected), std::end(expected)));
}

TEST(IngestRules, UnknownRuleListsTheRules) {
    auto v = apply_rule("diameter", "DN100");
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().code, ErrorCode::BadInput);
    EXPECT_EQ(v.error().message.rfind("\"diameter\" is not a parse rule: expected one of ", 0), 0u)
        << v.error().message;
    for (const auto& info : rule_infos())
        EXPECT_NE(v.error().message.find(info.name), std::string::npos) << info.name;
    EXPECT_FALSE(apply_rule("nope", "").ok()) << "a misspelt rule is caught even on an empty cell";
}

TEST(IngestRules, MessagesShowAtMost40CharactersOfTheInput) {
    std::string long_text(100, '7');
    long_text += "x";
    auto v = apply_rule("int", long_text);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().message.rfind("\"" + std::string(40, '7') + "…\" is not an integer", 0), 0u)
        << v.error().message;
    EXPECT_EQ(v.error().message.find(std::string(41, '7')), std::string::npos);
    auto c = apply_rule("side", "北\n南");  // control characters are not echoed
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error().message.find('\n'), std::string::npos);
}

// ---- building notes ------------------------------------------------------------------------------------

struct NoteCase {
    const char* text;
    std::optional<BuildingNote> expected;
};
void PrintTo(const NoteCase& c, std::ostream* os) { *os << "\"" << c.text << "\""; }

class IngestBuildingNote : public ::testing::TestWithParam<NoteCase> {};

TEST_P(IngestBuildingNote, ReadsStructureFloorsAndNumber) {
    const auto& c = GetParam();
    auto note = parse_building_note(c.text);
    ASSERT_EQ(note.has_value(), c.expected.has_value()) << c.text;
    if (!note) return;
    EXPECT_EQ(note->structure, c.expected->structure) << c.text;
    EXPECT_EQ(note->floors, c.expected->floors) << c.text;
    EXPECT_EQ(note->number, c.expected->number) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    IngestNotes, IngestBuildingNote,
    ::testing::Values(
        NoteCase{"砖5", BuildingNote{"brick", 5, 0}}, NoteCase{"混6", BuildingNote{"mixed", 6, 0}},
        NoteCase{"钢混11", BuildingNote{"rc", 11, 0}}, NoteCase{"砼3", BuildingNote{"rc", 3, 0}},
        NoteCase{"钢3", BuildingNote{"steel", 3, 0}}, NoteCase{"简1", BuildingNote{"simple", 1, 0}},
        NoteCase{"混6-1", BuildingNote{"mixed", 6, 0}}, NoteCase{"砖混7", BuildingNote{"mixed", 7, 0}},
        NoteCase{"混6层", BuildingNote{"mixed", 6, 0}}, NoteCase{"３栋", BuildingNote{"", 0, 3}},
        NoteCase{"3栋", BuildingNote{"", 0, 3}}, NoteCase{"3号楼", BuildingNote{"", 0, 3}},
        NoteCase{"3幢", BuildingNote{"", 0, 3}}, NoteCase{"3#", BuildingNote{"", 0, 3}},
        NoteCase{"#3", BuildingNote{"", 0, 3}}, NoteCase{"3号", BuildingNote{"", 0, 3}},
        NoteCase{"3栋 混6", BuildingNote{"mixed", 6, 3}}, NoteCase{"混6 3栋", BuildingNote{"mixed", 6, 3}},
        NoteCase{"3栋混6", BuildingNote{"mixed", 6, 3}},
        NoteCase{"12号楼，钢混18-2", BuildingNote{"rc", 18, 12}},
        NoteCase{" 混6 ", BuildingNote{"mixed", 6, 0}}, NoteCase{"3", std::nullopt},
        NoteCase{"混", std::nullopt}, NoteCase{"幸福里", std::nullopt}, NoteCase{"混6 花园", std::nullopt},
        NoteCase{"", std::nullopt}, NoteCase{"混0", std::nullopt}, NoteCase{"0栋", std::nullopt}));

TEST(IngestBuildingNotes, MergeTakesTheFirstValueOfEachPart) {
    std::vector<BuildingNote> notes = {{"", 0, 3}, {"mixed", 6, 0}, {"brick", 5, 4}};
    EXPECT_EQ(merge_notes(notes), (BuildingNote{"mixed", 6, 3}));
    EXPECT_EQ(merge_notes({}), BuildingNote{});
    EXPECT_EQ(merge_notes({*parse_building_note("钢混11"), *parse_building_note("7#")}),
              (BuildingNote{"rc", 11, 7}));
}

// ---- register addresses --------------------------------------------------------------------------------

class IngestRegisterAddress : public ::testing::TestWithParam<const char*> {};

TEST_P(IngestRegisterAddress, ReadsAsBuilding3Entrance2Flat402) {
    auto q = parse_register_address(GetParam());
    ASSERT_TRUE(q.ok()) << GetParam() << ": " << q.error().message;
    EXPECT_EQ(*q, (AddressQuery{3, 2, 4, 2})) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(IngestAddresses, IngestRegisterAddress,
                         ::testing::Values("湖北省宜昌市西陵区人民路街道重华社区幸福里小区3栋2单元402室",
                                           "3号楼2单元402", "3-2-402", "3栋2单元402室", "3栋2单元4楼402",
                                           "3栋2单元4层2号", "３号楼２单元４０２", "３－２－４０２",
                                           "宜昌市西陵区重华社区幸福里2期3栋2单元402室",
                                           "西陵区人民路8号3栋2单元402室", "重华社区 3-2-402",
                                           "湖北省宜昌市西陵区人民路街道重华社区幸福苑3号楼2单元402",
                                           "幸福里小区3栋2单元4楼402室", "幸福楼3栋2单元402",
                                           "人民路8号 3-2-402"));

TEST(IngestRegisterAddresses, ASingleEntranceBuildingLeavesTheEntranceOpen) {
    auto q = parse_register_address("重华社区52栋301");
    ASSERT_TRUE(q.ok()) << q.error().message;
    EXPECT_EQ(*q, (AddressQuery{52, 0, 3, 1}));
}

TEST(IngestRegisterAddresses, AHouseNumberDirectlyBeforeARoomIsTheBuilding) {
    // Documented limitation: "8号302" reads as building 8, room 302 (which is also how people write it).
    auto q = parse_register_address("人民路8号302");
    ASSERT_TRUE(q.ok()) << q.error().message;
    EXPECT_EQ(*q, (AddressQuery{8, 0, 3, 2}));
}

TEST(IngestRegisterAddresses, AnAddressWithoutAFlatIsBadInput) {
    struct Case {
        const char* text;
        const char* says;
    };
    for (auto [text, says] : {Case{"幸福里小区3栋", "is not a flat address"},
                              Case{"幸福里小区3栋2单元", "names building 3, entrance 2 but no room"},
                              Case{"3栋2单元5楼402", "the floor and the room number disagree"},
                              Case{"湖北省宜昌市西陵区", "is not a register address"},
                              Case{"3栋2单元402室（租）", "is not a register address"},
                              Case{"3-2-300", "is not a register address"}}) {
        auto q = parse_register_address(text);
        ASSERT_FALSE(q.ok()) << text;
        EXPECT_EQ(q.error().code, ErrorCode::BadInput);
        EXPECT_NE(q.error().message.find(says), std::string::npos) << q.error().message;
        EXPECT_NE(q.error().message.find("3-2-402"), std::string::npos) << "shows the expected form";
    }
}

// ---- encoding ------------------------------------------------------------------------------------------

TEST(IngestEncoding, GbkMadeByIcuIsTheKnownBytes) {
    EXPECT_EQ(to_gbk("楼号"), "\xC2\xA5\xBA\xC5");
    EXPECT_EQ(gbk_to_utf8(to_gbk("楼号 管径 DN100")), "楼号 管径 DN100");
    EXPECT_EQ(gbk_to_utf8("abc"), "abc");
}

TEST(IngestEncoding, InvalidGbkBecomesReplacementCharacters) {
    EXPECT_EQ(gbk_to_utf8(to_gbk("楼") + "\x81"), "楼\xEF\xBF\xBD");
    EXPECT_EQ(gbk_to_utf8("a\xFF"
                          "b"),
              "a\xEF\xBF\xBD"
              "b");
}

TEST(IngestEncoding, StrictUtf8) {
    EXPECT_TRUE(is_valid_utf8("楼号 abc"));
    EXPECT_TRUE(is_valid_utf8(""));
    EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x8F\xA0"));   // 🏠
    EXPECT_FALSE(is_valid_utf8("\xC0\xA1"));          // overlong (and GBK 览's bytes)
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
    EXPECT_FALSE(is_valid_utf8("\xE6\xA5"));          // cut
    EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    EXPECT_FALSE(is_valid_utf8(to_gbk("楼号")));
}

TEST(IngestEncoding, DetectsFromSamples) {
    EXPECT_EQ(detect_encoding({"ID", "NAME", "DN100"}), TextEncoding::Ascii);
    EXPECT_EQ(detect_encoding({}), TextEncoding::Ascii);
    EXPECT_EQ(detect_encoding({"ID", "楼号", "管径"}), TextEncoding::Utf8);
    EXPECT_EQ(detect_encoding({"ID", to_gbk("楼号"), to_gbk("管径")}), TextEncoding::Gbk);
    EXPECT_EQ(detect_encoding({to_gbk("楼号")}), TextEncoding::Gbk);
    EXPECT_EQ(detect_encoding({"caf\xE9"}), TextEncoding::Unknown);  // Latin-1
    EXPECT_EQ(detect_encoding({"\xFF\xFE\xFD"}), TextEncoding::Unknown);
    EXPECT_STREQ(to_string(TextEncoding::Ascii), "ASCII");
    EXPECT_STREQ(to_string(TextEncoding::Utf8), "UTF-8");
    EXPECT_STREQ(to_string(TextEncoding::Gbk), "CP936");
    EXPECT_STREQ(to_string(TextEncoding::Unknown), "unknown");
}

// ---- shapefile .dbf ------------------------------------------------------------------------------------

namespace {

struct DbfField {
    std::string name;  ///< raw bytes, at most 10
    int width;
};

/// A dBASE III table of character fields, written byte by byte.
void write_dbf(const fs::path& path, const std::vector<DbfField>& fields,
               const std::vector<std::vector<std::string>>& records) {
    std::string out;
    auto put16 = [&](unsigned v) {
        out += static_cast<char>(v & 0xFF);
        out += static_cast<char>((v >> 8) & 0xFF);
    };
    unsigned record_size = 1;
    for (const auto& f : fields) record_size += static_cast<unsigned>(f.width);
    out += '\x03';
    out += "\x7E\x05\x01";  // 2026-05-01
    put16(static_cast<unsigned>(records.size()));
    put16(0);
    put16(static_cast<unsigned>(32 + 32 * fields.size() + 1));
    put16(record_size);
    out += std::string(20, '\0');
    for (const auto& f : fields) {
        std::string name = f.name;
        name.resize(11, '\0');
        out += name;
        out += 'C';
        out += std::string(4, '\0');
        out += static_cast<char>(f.width);
        out += '\0';
        out += std::string(14, '\0');
    }
    out += '\x0D';
    for (const auto& r : records) {
        out += ' ';
        for (std::size_t i = 0; i < fields.size(); ++i) {
            std::string v = r[i];
            v.resize(static_cast<std::size_t>(fields[i].width), ' ');
            out += v;
        }
    }
    out += '\x1A';
    std::ofstream(path, std::ios::binary) << out;
}

/// A directory of its own for one test (tests run in parallel processes).
class TempDir {
  public:
    TempDir() {
        static std::atomic<int> counter{0};
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        path_ = fs::temp_directory_path() / ("nbhd-ingest-" + std::string(info->name()) + "-" +
                                             std::to_string(::getpid()) + "-" + std::to_string(counter++));
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    fs::path operator/(const std::string& name) const { return path_ / name; }

  private:
    fs::path path_;
};

void write_text(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST(IngestShapefileEncoding, GbkFieldNameAndValuesWithoutCpgAreGbk) {
    TempDir dir;
    write_dbf(dir / "buildings.dbf", {{to_gbk("楼号"), 10}, {"NAME", 20}},
              {{"3", to_gbk("幸福里3栋")}, {"4", to_gbk("重华社区")}});
    auto e = detect_shapefile_encoding((dir / "buildings.shp").string());
    ASSERT_TRUE(e.ok()) << e.error().message;
    EXPECT_EQ(*e, TextEncoding::Gbk);
    auto by_dbf = detect_shapefile_encoding((dir / "buildings.dbf").string());
    ASSERT_TRUE(by_dbf.ok()) << by_dbf.error().message;
    EXPECT_EQ(*by_dbf, TextEncoding::Gbk);
}

TEST(IngestShapefileEncoding, ACpgFileIsHonoured) {
    TempDir dir;
    write_dbf(dir / "pipes.dbf", {{to_gbk("管径"), 10}}, {{"DN100"}, {"DN50"}});
    write_text(dir / "pipes.cpg", "UTF-8\n");
    auto e = detect_shapefile_encoding((dir / "pipes.shp").string());
    ASSERT_TRUE(e.ok()) << e.error().message;
    EXPECT_EQ(*e, TextEncoding::Utf8) << "the .cpg says so, whatever the bytes";
    for (const char* gbk : {"GBK", "CP936", "936", "GB2312", "gb18030"}) {
        write_text(dir / "pipes.cpg", gbk);
        auto g = detect_shapefile_encoding((dir / "pipes.shp").string());
        ASSERT_TRUE(g.ok()) << g.error().message;
        EXPECT_EQ(*g, TextEncoding::Gbk) << gbk;
    }
    write_text(dir / "pipes.cpg", "1252");
    EXPECT_EQ(*detect_shapefile_encoding((dir / "pipes.shp").string()), TextEncoding::Unknown);
    write_text(dir / "pipes.cpg", "");
    EXPECT_EQ(*detect_shapefile_encoding((dir / "pipes.shp").string()), TextEncoding::Gbk)
        << "an empty .cpg says nothing";
}

TEST(IngestShapefileEncoding, AsciiOnlyIsAscii) {
    TempDir dir;
    write_dbf(dir / "valves.dbf", {{"STATE", 8}, {"DN", 6}}, {{"open", "100"}, {"closed", "50"}});
    auto e = detect_shapefile_encoding((dir / "valves.shp").string());
    ASSERT_TRUE(e.ok()) << e.error().message;
    EXPECT_EQ(*e, TextEncoding::Ascii);
}

TEST(IngestShapefileEncoding, Utf8EvenWhenAValueIsCutInsideACharacter) {
    TempDir dir;
    // "幸福里小区" is 15 bytes in UTF-8; a 13-byte field cuts the last character after its first byte.
    std::string cut = std::string("幸福里小区").substr(0, 13);
    write_dbf(dir / "areas.dbf", {{"NAME", 13}}, {{"重华社区"}, {cut}});
    auto e = detect_shapefile_encoding((dir / "areas.dbf").string());
    ASSERT_TRUE(e.ok()) << e.error().message;
    EXPECT_EQ(*e, TextEncoding::Utf8);
}

TEST(IngestShapefileEncoding, GbkEvenWhenAFieldNameIsCutInsideACharacter) {
    TempDir dir;
    std::string name = to_gbk("A楼号管径里").substr(0, 10);  // 里's lead byte without its trail byte
    write_dbf(dir / "cut.dbf", {{name, 6}}, {{"1"}, {"2"}});
    auto e = detect_shapefile_encoding((dir / "cut.shp").string());
    ASSERT_TRUE(e.ok()) << e.error().message;
    EXPECT_EQ(*e, TextEncoding::Gbk);
}

TEST(IngestShapefileEncoding, OnlyTheFirstRowsAreRead) {
    TempDir dir;
    write_dbf(dir / "late.dbf", {{"NAME", 12}}, {{"a"}, {"b"}, {to_gbk("幸福里")}});
    EXPECT_EQ(*detect_shapefile_encoding((dir / "late.shp").string(), 2), TextEncoding::Ascii);
    EXPECT_EQ(*detect_shapefile_encoding((dir / "late.shp").string()), TextEncoding::Gbk);
}

TEST(IngestShapefileEncoding, MissingOrNotADbf) {
    TempDir dir;
    auto missing = detect_shapefile_encoding((dir / "nothing.shp").string());
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    EXPECT_NE(missing.error().message.find("nothing.dbf"), std::string::npos) << missing.error().message;

    write_text(dir / "notes.dbf", "this is a text file, not a table\n");
    auto text = detect_shapefile_encoding((dir / "notes.dbf").string());
    ASSERT_FALSE(text.ok());
    EXPECT_EQ(text.error().code, ErrorCode::BadInput);
    EXPECT_NE(text.error().message.find("is not a dBASE table"), std::string::npos) << text.error().message;

    write_text(dir / "short.dbf", "\x03\x7E");
    auto short_file = detect_shapefile_encoding((dir / "short.dbf").string());
    ASSERT_FALSE(short_file.ok());
    EXPECT_EQ(short_file.error().code, ErrorCode::BadInput);
}
