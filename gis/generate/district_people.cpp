// Households (invented people with realistic surname frequencies, valid ID check digits), street-front
// shops, and the market stalls' allocation. Figures the profile fixes are met exactly: 1,037 households,
// 19 on the minimum living guarantee with 54 people, 300+ migrants, 4,000+ residents, 286 shops,
// 11 Party members (6 local, 5 migrant).

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <set>

#include "gis/generate/detail/plan.hpp"

namespace gis::generate::detail {
namespace {

using district::BuildingKind;

constexpr int kHouseholds = 1037;
constexpr int kLowIncomeHouseholds = 19;
constexpr int kLowIncomePeople = 54;
constexpr int kMinResidents = 4000;
constexpr int kMinMigrants = 300;
constexpr int kShops = 286;

// Surnames with their approximate share of the population (per cent, national statistics).
const std::vector<std::pair<const char*, double>> kSurnames = {
    {"王", 7.1},    {"李", 7.0}, {"张", 6.8}, {"刘", 5.4}, {"陈", 4.6}, {"杨", 3.1},    {"黄", 2.2},
    {"赵", 2.0},    {"吴", 1.9}, {"周", 1.9}, {"徐", 1.5}, {"孙", 1.5}, {"马", 1.4},    {"朱", 1.3},
    {"胡", 1.3},    {"郭", 1.2}, {"何", 1.2}, {"高", 1.1}, {"林", 1.1}, {"罗", 1.0},    {"郑", 1.0},
    {"梁", 0.9},    {"谢", 0.8}, {"宋", 0.8}, {"唐", 0.8}, {"许", 0.7}, {"韩", 0.7},    {"冯", 0.7},
    {"邓", 0.7},    {"曹", 0.7}, {"彭", 0.6}, {"曾", 0.6}, {"肖", 0.6}, {"田", 0.6},    {"董", 0.5},
    {"袁", 0.5},    {"潘", 0.5}, {"于", 0.5}, {"蒋", 0.5}, {"蔡", 0.5}, {"余", 0.5},    {"杜", 0.5},
    {"叶", 0.4},    {"程", 0.4}, {"苏", 0.4}, {"魏", 0.4}, {"吕", 0.4}, {"丁", 0.4},    {"任", 0.4},
    {"沈", 0.4},    {"姚", 0.4}, {"卢", 0.4}, {"姜", 0.4}, {"崔", 0.3}, {"钟", 0.3},    {"谭", 0.3},
    {"陆", 0.3},    {"汪", 0.3}, {"范", 0.3}, {"金", 0.3}, {"石", 0.3}, {"廖", 0.3},    {"贾", 0.3},
    {"夏", 0.3},    {"韦", 0.3}, {"付", 0.3}, {"方", 0.3}, {"白", 0.3}, {"邹", 0.3},    {"孟", 0.3},
    {"熊", 0.3},    {"秦", 0.3}, {"邱", 0.3}, {"江", 0.3}, {"尹", 0.3}, {"薛", 0.2},    {"闫", 0.2},
    {"段", 0.2},    {"雷", 0.2}, {"侯", 0.2}, {"龙", 0.2}, {"史", 0.2}, {"陶", 0.2},    {"黎", 0.2},
    {"贺", 0.2},    {"顾", 0.2}, {"毛", 0.2}, {"郝", 0.2}, {"龚", 0.2}, {"邵", 0.2},    {"万", 0.2},
    {"钱", 0.2},    {"严", 0.2}, {"覃", 0.2}, {"武", 0.2}, {"戴", 0.2}, {"欧阳", 0.05}, {"司马", 0.02},
    {"诸葛", 0.01},
};
// Given names by generation: older residents (born before 1965) and younger ones.
const std::vector<const char*> kMaleOld = {"建国", "国庆", "卫东", "建华", "国强", "志强",
                                           "德明", "振华", "文革", "长春", "桂林", "红旗",
                                           "保国", "永贵", "学军", "建军", "福生", "宝林"};
const std::vector<const char*> kFemaleOld = {"秀英", "桂英", "玉兰", "淑珍", "秀兰", "桂兰", "凤英", "玉珍",
                                             "素芬", "翠花", "金凤", "春梅", "淑华", "秀珍", "美兰"};
const std::vector<const char*> kMale = {"伟", "强",   "磊",   "军",   "勇",   "杰",   "涛",  "明", "超",
                                        "刚", "平",   "辉",   "鹏",   "华",   "飞",   "斌",  "波", "宇",
                                        "浩", "凯",   "健",   "俊",   "帆",   "旭",   "宁",  "龙", "林",
                                        "洋", "志明", "海涛", "晓东", "建平", "小兵", "文斌"};
const std::vector<const char*> kFemale = {"芳", "娜",   "敏",   "静",   "丽",   "艳",   "娟",   "霞",  "红",
                                          "玲", "燕",   "萍",   "丹",   "婷",   "雪",   "琳",   "晶",  "慧",
                                          "颖", "丽娟", "晓燕", "海燕", "春燕", "小红", "婷婷", "雪梅"};

std::string invent_name(Rng& rng, bool male, bool old) {
    static std::vector<double> weights = [] {
        std::vector<double> w;
        for (const auto& s : kSurnames) w.push_back(s.second);
        return w;
    }();
    std::string name = kSurnames[rng.weighted(weights)].first;
    const auto& pool = old ? (male ? kMaleOld : kFemaleOld) : (male ? kMale : kFemale);
    name += rng.pick(pool);
    return name;
}

/// GB 11643 citizen identity number with a valid ISO 7064 MOD 11-2 check digit.
std::string invent_id_number(Rng& rng, const char* region, int birth_year, bool male) {
    char body[18];
    int seq = rng.range(0, 99) * 10 + rng.range(0, 4) * 2 + (male ? 1 : 0);
    std::snprintf(body, sizeof body, "%s%04d%02d%02d%03d", region, birth_year, rng.range(1, 12),
                  rng.range(1, 28), seq % 1000);
    static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; ++i) sum += (body[i] - '0') * weights[i];
    static const char checks[] = "10X98765432";
    return std::string(body) + checks[sum % 11];
}

std::string invent_phone(Rng& rng, std::set<std::string>& used) {
    static const char* prefixes[] = {"130", "131", "132", "133", "135", "136", "137", "138", "139",
                                     "150", "151", "152", "153", "155", "156", "157", "158", "159",
                                     "177", "180", "181", "186", "187", "188", "189", "199"};
    for (;;) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%s%04d%04d", prefixes[rng.range(0, 25)], rng.range(0, 9999),
                      rng.range(0, 9999));
        if (used.insert(buf).second) return buf;
    }
}

struct Flat {
    const BuildingRec* building;
    int entrance, floor, flat;
};

struct Person {
    Flat flat;
    int size = 0;
    bool low_income = false, migrant = false, elderly_alone = false, male = true;
    int birth_year = 1970;
    int party = 0;
};

}  // namespace

void build_people(Plan& plan) {
    Rng& rng = plan.rng;
    // Every flat of every residential building, in address order.
    std::vector<Flat> flats;
    for (const auto& b : plan.buildings) {
        if (b.kind != BuildingKind::Residential) continue;
        int first = b.shops ? 2 : 1;
        for (int e = 1; e <= b.entrances; ++e)
            for (int f = first; f <= b.floors; ++f)
                for (int k = 1; k <= b.flats_per_floor; ++k) flats.push_back({&b, e, f, k});
    }
    // Vacant flats: upper floors of old walk-ups are the likeliest to stand empty.
    std::vector<double> vacancy_weight;
    for (const auto& f : flats) vacancy_weight.push_back(f.floor >= 5 && f.building->year < 1995 ? 3.0 : 1.0);
    std::vector<bool> vacant(flats.size(), false);
    int to_leave = static_cast<int>(flats.size()) - kHouseholds;
    while (to_leave > 0) {
        auto i = rng.weighted(vacancy_weight);
        if (vacant[i]) continue;
        vacant[i] = true;
        vacancy_weight[i] = 0;
        --to_leave;
    }
    std::vector<Person> people;
    for (std::size_t i = 0; i < flats.size(); ++i)
        if (!vacant[i]) people.push_back({flats[i]});

    // Choose who is who: indices in a shuffled order so flags spread over the district.
    std::vector<std::size_t> order(people.size());
    std::iota(order.begin(), order.end(), 0);
    rng.shuffle(order);
    std::size_t next = 0;
    // Low-income households: 19 households, 54 people.
    const int low_sizes[kLowIncomeHouseholds] = {1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4};
    for (int k = 0; k < kLowIncomeHouseholds; ++k) {
        auto& p = people[order[next++]];
        p.low_income = true;
        p.size = low_sizes[k];
    }
    // Elderly living alone: about 3 in 100 households.
    for (int k = 0; k < 34; ++k) {
        auto& p = people[order[next++]];
        p.elderly_alone = true;
        p.size = 1;
        p.birth_year = rng.range(1933, 1954);
    }
    // Migrant tenants (traders and workers), more often in the later buildings and the street fronts.
    int migrants = 0;
    int migrant_target = kMinMigrants + rng.range(5, 25);
    while (migrants < migrant_target) {
        auto& p = people[order[next++]];
        p.migrant = true;
        p.size = std::min(rng.range(1, 5), migrant_target - migrants);
        p.birth_year = rng.range(1968, 2000);
        migrants += p.size;
    }
    // Everyone else: families of two to six (three generations are common in the old compound).
    const std::vector<double> size_weights = {0, 0, 8, 22, 30, 25, 15};
    for (; next < order.size(); ++next) {
        auto& p = people[order[next]];
        p.size = static_cast<int>(rng.weighted(size_weights));
        p.birth_year = rng.range(1940, 1992);
    }
    // Residents: 4,000 and more; add family members to ordinary households until reached.
    int residents = 0;
    for (const auto& p : people) residents += p.size;
    int resident_target = kMinResidents + rng.range(20, 80);
    while (residents < resident_target) {
        auto& p = people[rng.range(0, static_cast<int>(people.size()) - 1)];
        if (p.low_income || p.migrant || p.elderly_alone || p.size >= 7) continue;
        ++p.size;
        ++residents;
    }
    // Party members: six local households and five migrant ones.
    int local_party = 0, migrant_party = 0;
    for (std::size_t k = 0; k < order.size() && (local_party < 6 || migrant_party < 5); ++k) {
        auto& p = people[order[order.size() - 1 - k]];
        if (p.migrant && migrant_party < 5) {
            p.party = 1;
            ++migrant_party;
        } else if (!p.migrant && !p.elderly_alone && local_party < 6) {
            p.party = 1;
            ++local_party;
        }
    }

    std::set<std::string> phones;
    static const char* local_regions[] = {"420502", "420503", "420504", "420505", "420506"};
    static const char* other_regions[] = {"422801", "420683", "500101", "430723",
                                          "411323", "421003", "510129"};
    int hh = 0;
    for (auto& p : people) {
        p.male = rng.chance(p.elderly_alone ? 0.35 : 0.62);
        bool old = p.birth_year < 1962;
        char number[48];
        std::snprintf(number, sizeof number, "%s-%04d", plan.params.household_prefix.c_str(), ++hh);
        const char* region = p.migrant ? other_regions[rng.range(0, 6)] : local_regions[rng.range(0, 4)];
        int moved_in = p.migrant ? rng.range(2012, 2025)
                                 : std::max(p.flat.building->year, rng.range(p.flat.building->year, 2020));
        const auto& b = *p.flat.building;
        plan.out.add(district::layers::kHouseholds)
            .set("household_no", std::string(number))
            .set("building_number", b.number)
            .set("entrance", p.flat.entrance)
            .set("floor", p.flat.floor)
            .set("flat", p.flat.flat)
            .set("address", district::format_address(b.number, p.flat.entrance, p.flat.floor, p.flat.flat))
            .set("head_name", invent_name(rng, p.male, old))
            .set("phone", invent_phone(rng, phones))
            .set("id_number", invent_id_number(rng, region, p.birth_year, p.male))
            .set("size", p.size)
            .set("low_income", p.low_income)
            .set("migrant", p.migrant)
            .set("tenant", p.migrant)
            .set("elderly_alone", p.elderly_alone)
            .set("party_members", p.party)
            .set("moved_in", moved_in);
        if (p.low_income)
            plan.low_income_households.emplace_back(number);
        else if (!p.migrant)
            plan.resident_households.emplace_back(number);
    }

    // Street-front shops: exactly 286, spread over the frontages in proportion to their length.
    std::vector<double> lengths;
    double total = 0;
    for (const auto& f : plan.frontages) {
        lengths.push_back(std::hypot(f.b.x - f.a.x, f.b.y - f.a.y));
        total += lengths.back();
    }
    std::vector<int> counts;
    int assigned = 0;
    for (double len : lengths) {
        counts.push_back(static_cast<int>(std::floor(kShops * len / total)));
        assigned += counts.back();
    }
    for (std::size_t i = 0; assigned < kShops; i = (i + 1) % counts.size(), ++assigned) ++counts[i];
    struct Trade {
        const char* trade;
        std::vector<const char*> kinds;
    };
    static const std::vector<Trade> trades = {
        {"零售", {"便利店", "超市", "烟酒店", "水果店", "文具店", "五金店", "茶叶店", "日杂店"}},
        {"餐饮", {"面馆", "早餐店", "包子铺", "小吃店", "饺子馆", "热干面", "烧烤店", "饭店"}},
        {"生活服务", {"理发店", "干洗店", "裁缝铺", "快递驿站", "彩票站", "照相馆", "开锁店"}},
        {"医药", {"大药房", "诊所", "眼镜店"}},
        {"维修", {"手机维修", "家电维修", "自行车修理", "电动车维修"}},
    };
    static const std::vector<const char*> brands = {"重华", "老王", "惠民", "鑫源", "福满", "诚信", "好邻居",
                                                    "阿香", "兴旺", "永康", "便民", "金牛", "顺发", "长江",
                                                    "小李", "红梅", "四季", "百姓", "宏达", "平安"};
    std::set<std::string> names;
    for (std::size_t i = 0; i < plan.frontages.size(); ++i) {
        const auto& f = plan.frontages[i];
        for (int k = 0; k < counts[i]; ++k) {
            double t = (k + 0.5) / counts[i];
            Point p{std::round((f.a.x + (f.b.x - f.a.x) * t) * 100) / 100,
                    std::round((f.a.y + (f.b.y - f.a.y) * t) * 100) / 100};
            const auto& tr = trades[rng.weighted({40, 30, 15, 8, 7})];
            std::string name;
            do {
                name = std::string(rng.pick(brands)) + rng.pick(tr.kinds);
                if (names.count(name))
                    name += "（" + std::to_string(f.first_house_number + k * f.house_number_step) + "号）";
            } while (names.count(name));
            names.insert(name);
            plan.out.add(district::layers::kShops, Geometry::from(p))
                .set("name", name)
                .set("trade", tr.trade)
                .set("street", f.street)
                .set("address",
                     f.street + std::to_string(f.first_house_number + k * f.house_number_step) + "号")
                .set("building_fid", f.building_fid);
        }
    }

    // Market stalls: first to community residents and low-income households, then to new traders.
    auto& stalls = plan.out.all();
    for (auto& layer : stalls) {
        if (layer.name != district::layers::kMarketStalls) continue;
        const auto* schema = district::find_schema(layer.name);
        int alloc_i = -1, hh_i = -1;
        for (std::size_t k = 0; k < schema->fields.size(); ++k) {
            if (schema->fields[k].name == "allocation") alloc_i = static_cast<int>(k);
            if (schema->fields[k].name == "household_no") hh_i = static_cast<int>(k);
        }
        for (std::size_t s = 0; s < layer.features.size(); ++s) {
            auto& f = layer.features[s];
            if (s < 8 && s < plan.low_income_households.size()) {
                f.values[alloc_i] = std::string("low_income");
                f.values[hh_i] = plan.low_income_households[s];
            } else if (s < 44) {
                f.values[alloc_i] = std::string("resident");
                f.values[hh_i] = plan.resident_households[(s * 17) % plan.resident_households.size()];
            } else {
                f.values[alloc_i] = std::string("trader");
            }
        }
    }
}

}  // namespace gis::generate::detail
