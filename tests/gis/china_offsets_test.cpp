#include "gis/crs/china_offsets.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <ostream>
#include <string>

namespace gis::crs {
namespace {

// Metres a degree of latitude spans (WGS 84 semi-major axis); enough for centimetre-level comparisons.
constexpr double kMetresPerDegree = 6378137.0 * std::numbers::pi / 180.0;

/// Ground distance between two nearby points, in metres (equirectangular: exact enough below a km).
double metres_between(LonLat a, LonLat b) {
    const double mean_lat = (a.lat + b.lat) / 2.0 * std::numbers::pi / 180.0;
    return std::hypot((a.lat - b.lat) * kMetresPerDegree,
                      (a.lon - b.lon) * kMetresPerDegree * std::cos(mean_lat));
}

/// A conversion published by another library's tests, with where it comes from.
struct ReferencePoint {
    const char* name;
    LonLat from;
    LonLat to;
};

std::ostream& operator<<(std::ostream& os, const ReferencePoint& p) { return os << p.name; }

std::string point_name(const testing::TestParamInfo<ReferencePoint>& info) { return info.param.name; }

// WGS 84 -> GCJ-02.
const ReferencePoint kWgsToGcj[] = {
    // googollee/eviltransform, python/test.py (TESTS, the same points are in its C, Go, JS and PHP tests).
    {"EviltransformShanghai", {121.5272106, 31.1774276}, {121.531541859215, 31.17530398364597}},
    {"EviltransformShenzhen", {113.912316, 22.543847}, {113.9171764808363, 22.540796131694766}},
    {"EviltransformBeijing", {116.377817, 39.911954}, {116.38404722455657, 39.91334545536069}},
    // wandergis/coordtransform, test/app.js (wgs84togcj02(116.404, 39.915)).
    {"CoordtransformTiananmen", {116.404, 39.915}, {116.41024449916938, 39.91640428150164}},
    // hujiulong/gcoord, test/unit/crs/WGS84.spec.ts ("WGS84 to GCJ02", [123, 45]).
    {"GcoordLiaoning", {123.0, 45.0}, {123.00607541, 45.00197815}},
};

// GCJ-02 -> BD-09.
const ReferencePoint kGcjToBd[] = {
    // wandergis/coordtransform, test/app.js (gcj02tobd09(116.404, 39.915)).
    {"CoordtransformTiananmen", {116.404, 39.915}, {116.41036949371029, 39.92133699351021}},
    // hujiulong/gcoord, test/unit/crs/GCJ02.spec.ts ("GCJ02 to BD09", [123, 45]).
    {"GcoordLiaoning", {123.0, 45.0}, {123.00636499, 45.00636899}},
    // hujiulong/gcoord, test/fixtures/china-cities.json (GCJ02 and BD09 of 驻马店市 and 沈阳市).
    {"GcoordZhumadian", {114.022306, 33.0115324}, {114.0287781, 33.0176697}},
    {"GcoordShenyang", {123.4314787, 41.8057023}, {123.438095, 41.8114013}},
};

// BD-09 -> GCJ-02 as computed by the published one-step formula, which is off by up to ~1e-6 degrees.
const ReferencePoint kBdToGcjOneStep[] = {
    // wandergis/coordtransform, test/app.js (bd09togcj02(116.404, 39.915)).
    {"CoordtransformTiananmen", {116.404, 39.915}, {116.39762729119315, 39.90865673957631}},
    // hujiulong/gcoord, test/unit/crs/BD09.spec.ts ("BD09 to GCJ02", [123, 45]).
    {"GcoordLiaoning", {123.0, 45.0}, {122.99363304, 44.99365430}},
};

class ChinaOffsetsWgsToGcj : public testing::TestWithParam<ReferencePoint> {};
class ChinaOffsetsGcjToBd : public testing::TestWithParam<ReferencePoint> {};
class ChinaOffsetsBdToGcj : public testing::TestWithParam<ReferencePoint> {};

TEST_P(ChinaOffsetsWgsToGcj, MatchesPublishedPointWithinMicrodegree) {
    const ReferencePoint& p = GetParam();
    const LonLat gcj = wgs84_to_gcj02(p.from);
    EXPECT_NEAR(gcj.lon, p.to.lon, 1e-6);
    EXPECT_NEAR(gcj.lat, p.to.lat, 1e-6);
}

TEST_P(ChinaOffsetsWgsToGcj, InverseRecoversPublishedWgs84Point) {
    const ReferencePoint& p = GetParam();
    const LonLat wgs = gcj02_to_wgs84(p.to);
    // The published GCJ-02 values carry 8 to 15 decimals; the inverse must land within that rounding.
    EXPECT_NEAR(wgs.lon, p.from.lon, 1e-7);
    EXPECT_NEAR(wgs.lat, p.from.lat, 1e-7);
    EXPECT_LT(metres_between(wgs, p.from), 0.01);
}

TEST_P(ChinaOffsetsGcjToBd, MatchesPublishedPointWithinMicrodegree) {
    const ReferencePoint& p = GetParam();
    const LonLat bd = gcj02_to_bd09(p.from);
    EXPECT_NEAR(bd.lon, p.to.lon, 1e-6);
    EXPECT_NEAR(bd.lat, p.to.lat, 1e-6);
}

TEST_P(ChinaOffsetsBdToGcj, StaysNearPublishedOneStepAndIsExactInverse) {
    const ReferencePoint& p = GetParam();
    const LonLat gcj = bd09_to_gcj02(p.from);
    EXPECT_NEAR(gcj.lon, p.to.lon, 1e-6);
    EXPECT_NEAR(gcj.lat, p.to.lat, 1e-6);
    const LonLat back = gcj02_to_bd09(gcj);
    EXPECT_NEAR(back.lon, p.from.lon, 1e-8);
    EXPECT_NEAR(back.lat, p.from.lat, 1e-8);
}

INSTANTIATE_TEST_SUITE_P(ChinaOffsetsPublished, ChinaOffsetsWgsToGcj, testing::ValuesIn(kWgsToGcj),
                         point_name);
INSTANTIATE_TEST_SUITE_P(ChinaOffsetsPublished, ChinaOffsetsGcjToBd, testing::ValuesIn(kGcjToBd), point_name);
INSTANTIATE_TEST_SUITE_P(ChinaOffsetsPublished, ChinaOffsetsBdToGcj, testing::ValuesIn(kBdToGcjOneStep),
                         point_name);

/// Calls `check(point)` for every whole degree 74..134 E, 19..53 N.
template <class Check>
void for_each_grid_point_in_china(Check check) {
    for (int lon = 74; lon <= 134; ++lon)
        for (int lat = 19; lat <= 53; ++lat)
            check(LonLat{static_cast<double>(lon), static_cast<double>(lat)});
}

TEST(ChinaOffsets, WgsToGcjAndBackIsWithinACentimetreAcrossChina) {
    double worst = 0;
    for_each_grid_point_in_china([&](LonLat wgs) {
        const LonLat back = gcj02_to_wgs84(wgs84_to_gcj02(wgs));
        const double m = metres_between(wgs, back);
        worst = std::max(worst, m);
        EXPECT_LT(m, 0.01) << "at " << wgs.lon << " E " << wgs.lat << " N";
    });
    EXPECT_LT(worst, 0.01);
}

TEST(ChinaOffsets, GcjToWgsAndBackIsWithinACentimetreAcrossChina) {
    for_each_grid_point_in_china([&](LonLat gcj) {
        const LonLat back = wgs84_to_gcj02(gcj02_to_wgs84(gcj));
        EXPECT_LT(metres_between(gcj, back), 0.01) << "at " << gcj.lon << " E " << gcj.lat << " N";
    });
}

TEST(ChinaOffsets, GcjToBdAndBackIsWithinACentimetreAcrossChina) {
    for_each_grid_point_in_china([&](LonLat gcj) {
        const LonLat back = bd09_to_gcj02(gcj02_to_bd09(gcj));
        EXPECT_LT(metres_between(gcj, back), 0.01) << "at " << gcj.lon << " E " << gcj.lat << " N";
    });
}

TEST(ChinaOffsets, BdToWgsAndBackIsWithinACentimetreAcrossChina) {
    for_each_grid_point_in_china([&](LonLat wgs) {
        const LonLat bd = gcj02_to_bd09(wgs84_to_gcj02(wgs));
        EXPECT_LT(metres_between(wgs, to_wgs84(bd, GeoDatum::Bd09)), 0.01)
            << "at " << wgs.lon << " E " << wgs.lat << " N";
    });
}

TEST(ChinaOffsets, OffsetNearBeijingAndWuhanIsHundredsOfMetres) {
    const LonLat beijing{116.3975, 39.9087};
    const LonLat wuhan{114.3055, 30.5928};
    for (LonLat p : {beijing, wuhan}) {
        const double gcj_shift = metres_between(p, wgs84_to_gcj02(p));
        EXPECT_GT(gcj_shift, 100.0) << p.lon << " E " << p.lat << " N";
        EXPECT_LT(gcj_shift, 1000.0) << p.lon << " E " << p.lat << " N";
        // Baidu adds roughly another 700 to 800 m on top.
        const double bd_shift = metres_between(p, gcj02_to_bd09(wgs84_to_gcj02(p)));
        EXPECT_GT(bd_shift, gcj_shift + 300.0) << p.lon << " E " << p.lat << " N";
        EXPECT_LT(bd_shift, 2000.0) << p.lon << " E " << p.lat << " N";
    }
}

TEST(ChinaOffsets, OutsideChinaGcjIsTheIdentity) {
    // Berlin, New York, Sydney, Tokyo (east of the box), the sea at 0.5 N (south of it), just west of it.
    for (LonLat p : {LonLat{13.405, 52.52}, LonLat{-74.006, 40.7128}, LonLat{151.2093, -33.8688},
                     LonLat{139.6917, 35.6895}, LonLat{103.8198, 0.5}, LonLat{72.0, 30.0}}) {
        EXPECT_FALSE(in_china(p)) << p.lon << " E " << p.lat << " N";
        const LonLat gcj = wgs84_to_gcj02(p);
        EXPECT_EQ(gcj.lon, p.lon);
        EXPECT_EQ(gcj.lat, p.lat);
        const LonLat wgs = gcj02_to_wgs84(p);
        EXPECT_EQ(wgs.lon, p.lon);
        EXPECT_EQ(wgs.lat, p.lat);
        const LonLat back = to_wgs84(p, GeoDatum::Gcj02);
        EXPECT_EQ(back.lon, p.lon);
        EXPECT_EQ(back.lat, p.lat);
    }
}

TEST(ChinaOffsets, InChinaCoversTheMainlandCities) {
    for (LonLat p : {LonLat{116.3975, 39.9087}, LonLat{121.4737, 31.2304}, LonLat{87.6168, 43.8256},
                     LonLat{91.1322, 29.6604}, LonLat{126.6424, 45.7567}, LonLat{110.3312, 20.0310}})
        EXPECT_TRUE(in_china(p)) << p.lon << " E " << p.lat << " N";
}

TEST(ChinaOffsets, ToWgs84DispatchesOnTheDatum) {
    const LonLat wgs{114.3055, 30.5928};
    const LonLat gcj = wgs84_to_gcj02(wgs);
    const LonLat bd = gcj02_to_bd09(gcj);
    const LonLat same = to_wgs84(wgs, GeoDatum::Wgs84);
    EXPECT_EQ(same.lon, wgs.lon);
    EXPECT_EQ(same.lat, wgs.lat);
    EXPECT_LT(metres_between(to_wgs84(gcj, GeoDatum::Gcj02), wgs), 0.01);
    EXPECT_LT(metres_between(to_wgs84(bd, GeoDatum::Bd09), wgs), 0.01);
}

TEST(ChinaOffsets, ParseGeoDatumAcceptsTheUsualSpellings) {
    struct Case {
        const char* text;
        GeoDatum want;
    };
    for (const Case& c :
         {Case{"wgs84", GeoDatum::Wgs84}, Case{"WGS84", GeoDatum::Wgs84}, Case{"EPSG:4326", GeoDatum::Wgs84},
          Case{"epsg:4326", GeoDatum::Wgs84}, Case{"gcj02", GeoDatum::Gcj02}, Case{"GCJ-02", GeoDatum::Gcj02},
          Case{"gcj-02", GeoDatum::Gcj02}, Case{"GCJ02", GeoDatum::Gcj02}, Case{"bd09", GeoDatum::Bd09},
          Case{"BD-09", GeoDatum::Bd09}, Case{"BD09", GeoDatum::Bd09}}) {
        auto r = parse_geo_datum(c.text);
        ASSERT_TRUE(r.ok()) << c.text << ": " << r.error().message;
        EXPECT_EQ(*r, c.want) << c.text;
    }
}

TEST(ChinaOffsets, ParseGeoDatumRejectsUnknownNameListingAcceptedOnes) {
    for (const char* bad : {"wgs85", "", "gcj", "bd-10", "EPSG:4490"}) {
        auto r = parse_geo_datum(bad);
        ASSERT_FALSE(r.ok()) << bad;
        EXPECT_EQ(r.error().code, ErrorCode::BadInput) << bad;
        const std::string& m = r.error().message;
        EXPECT_NE(m.find(std::string("\"") + bad + "\""), std::string::npos) << m;
        for (const char* accepted : {"wgs84", "EPSG:4326", "gcj02", "GCJ-02", "bd09", "BD-09"})
            EXPECT_NE(m.find(accepted), std::string::npos) << "message lacks " << accepted << ": " << m;
    }
}

}  // namespace
}  // namespace gis::crs
