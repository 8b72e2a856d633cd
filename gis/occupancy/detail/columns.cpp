#include "gis/occupancy/detail/columns.hpp"

#include <initializer_list>
#include "gis/core/i18n.hpp"

namespace gis::occupancy::detail {
namespace {

struct Spec {
    const char* label;
    const char* field;
    std::initializer_list<const char*> other;
};

const Spec& spec(Col c) {
    static const Spec kSpecs[kColumns] = {
        {"户号", "household_no", {"户编号", "household", "household_number", "id"}},
        {"地址", "address", {"住址", "门牌"}},
        {"楼号", "building_number", {"楼栋", "栋号", "楼栋号", "building"}},
        {"单元", "entrance", {"单元号"}},
        {"楼层", "floor", {"层", "层数"}},
        {"房号", "flat", {"房间号", "室号", "门牌号", "room"}},
        {"户主", "head_name", {"户主姓名", "姓名", "name"}},
        {"电话", "phone", {"联系电话", "手机", "手机号", "电话号码"}},
        {"身份证号", "id_number", {"身份证", "身份证号码", "公民身份号码"}},
        {"人数", "size", {"户人数", "人口", "家庭人数"}},
        {"低保", "low_income", {"低保户"}},
        {"外来", "migrant", {"外来人口", "流动人口"}},
        {"独居", "elderly_alone", {"独居老人"}},
        {"租户", "tenant", {"租住", "租房"}},
    };
    return kSpecs[static_cast<int>(c)];
}

std::string folded(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == ' ' || c == '\t') continue;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

std::string expected_headers() {
    std::string zh, en;
    for (int c = 0; c < kColumns; ++c) {
        if (static_cast<Col>(c) == Col::Address || static_cast<Col>(c) == Col::Tenant) continue;
        zh += (zh.empty() ? "" : ", ") + std::string(spec(static_cast<Col>(c)).label);
        en += (en.empty() ? "" : ", ") + std::string(spec(static_cast<Col>(c)).field);
    }
    return gis::i18n::format(_("{0} (or {1})"), zh, en);
}

}  // namespace

const char* column_label(Col c) { return spec(c).label; }
const char* column_field(Col c) { return spec(c).field; }

Result<std::array<int, kColumns>> map_columns(const std::vector<std::string>& headers) {
    std::array<int, kColumns> at;
    at.fill(-1);
    for (std::size_t i = 0; i < headers.size(); ++i) {
        std::string h = folded(headers[i]);
        for (int c = 0; c < kColumns; ++c) {
            const Spec& s = spec(static_cast<Col>(c));
            bool match = h == s.label || h == s.field;
            for (const char* o : s.other) match = match || h == o;
            if (!match) continue;
            if (at[c] >= 0)
                return make_error(ErrorCode::BadInput,
                                  gis::i18n::format(_("two columns give {0}: \"{1}\" and \"{2}\""), s.label,
                                                    headers[at[c]], headers[i]));
            at[c] = static_cast<int>(i);
        }
    }
    std::vector<Col> missing;
    const bool by_address = at[static_cast<int>(Col::Address)] >= 0;
    for (Col c : {Col::Building, Col::Entrance, Col::Flat, Col::Name})
        if (at[static_cast<int>(c)] < 0 && (c == Col::Name || !by_address)) missing.push_back(c);
    if (missing.empty()) return at;
    std::string list;
    for (std::size_t k = 0; k < missing.size(); ++k)
        list += (k ? ", " : "") + std::string(spec(missing[k]).label) + " (" + spec(missing[k]).field + ")";
    std::string have;
    for (const auto& h : headers) have += (have.empty() ? "" : ", ") + h;
    return make_error(ErrorCode::BadInput,
                      gis::i18n::format(missing.size() > 1 ? _("missing columns: {0}; the file has: {1}; expected: {2}")
                                                           : _("missing column: {0}; the file has: {1}; expected: {2}"),
                                        list, have.empty() ? std::string(_("no headers")) : have,
                                        expected_headers()));
}

}  // namespace gis::occupancy::detail
