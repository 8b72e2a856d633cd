#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <thread>

#include "gis/crs/crs.hpp"

namespace gis::crs {
namespace {

const char* kGk111 = "+proj=tmerc +lat_0=0 +lon_0=111 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs";

const char* kWgs84Wkt1 =
    R"(GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],)"
    R"(UNIT["degree",0.0174532925199433]])";

TEST(CrsDescribe, EpsgProjectedMetres) {
    auto info = describe("EPSG:4546");
    ASSERT_TRUE(info.ok()) << info.error().message;
    EXPECT_EQ(info->authority, "EPSG:4546");
    EXPECT_NE(info->name.find("CGCS2000"), std::string::npos) << info->name;
    EXPECT_NE(info->name.find("111E"), std::string::npos) << info->name;
    EXPECT_TRUE(info->projected);
    EXPECT_FALSE(info->geographic);
    EXPECT_EQ(info->unit, "metre");
    EXPECT_EQ(info->unit_to_metre, 1.0);
}

TEST(CrsDescribe, EpsgGeographic) {
    auto info = describe("EPSG:4326");
    ASSERT_TRUE(info.ok()) << info.error().message;
    EXPECT_EQ(info->authority, "EPSG:4326");
    EXPECT_EQ(info->name, "WGS 84");
    EXPECT_TRUE(info->geographic);
    EXPECT_FALSE(info->projected);
    EXPECT_EQ(info->unit, "degree");
    EXPECT_EQ(info->unit_to_metre, 0.0);  // not a length unit
}

TEST(CrsDescribe, ProjString) {
    auto info = describe(kGk111);
    ASSERT_TRUE(info.ok()) << info.error().message;
    EXPECT_TRUE(info->projected);
    EXPECT_EQ(info->unit, "metre");
    EXPECT_EQ(info->unit_to_metre, 1.0);

    auto feet = describe("+proj=tmerc +lon_0=-120 +x_0=600000 +ellps=GRS80 +units=us-ft");
    ASSERT_TRUE(feet.ok()) << feet.error().message;
    EXPECT_TRUE(feet->projected);
    EXPECT_NEAR(feet->unit_to_metre, 1200.0 / 3937.0, 1e-12);
}

TEST(CrsDescribe, WktWithoutIdIsIdentified) {
    auto info = describe(kWgs84Wkt1);
    ASSERT_TRUE(info.ok()) << info.error().message;
    EXPECT_TRUE(info->geographic);
    EXPECT_EQ(info->authority, "EPSG:4326");
}

TEST(CrsDescribe, CompoundTakesHorizontalPart) {
    auto info = describe("EPSG:4546+5737");
    ASSERT_TRUE(info.ok()) << info.error().message;
    EXPECT_TRUE(info->projected);
    EXPECT_EQ(info->unit_to_metre, 1.0);
    EXPECT_NE(info->name.find("CGCS2000"), std::string::npos) << info->name;
}

TEST(CrsDescribe, BoundCrsTakesSource) {
    auto info = describe("+proj=tmerc +lon_0=111 +x_0=500000 +ellps=GRS80 +towgs84=0,0,0 +units=m");
    ASSERT_TRUE(info.ok()) << info.error().message;
    EXPECT_TRUE(info->projected);
    EXPECT_EQ(info->unit_to_metre, 1.0);
}

TEST(CrsDescribe, UnknownCodeAndJunkAreWrongCrs) {
    for (const std::string& text :
         {std::string("EPSG:999999"), std::string("this is not a CRS"), std::string(""), std::string("   "),
          std::string("+proj=nonsense"), std::string("EPSG:"), std::string("GEOGCS[\"broken\""),
          std::string(100000, 'x'), std::string("EPSG:4326\0junk", 14)}) {
        SCOPED_TRACE(text.substr(0, 40));
        auto info = describe(text);
        ASSERT_FALSE(info.ok());
        EXPECT_EQ(info.error().code, ErrorCode::WrongCrs);
        EXPECT_FALSE(info.error().message.empty());
        EXPECT_LT(info.error().message.size(), 600u);
    }
    auto r = describe("EPSG:999999");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("EPSG:999999"), std::string::npos) << r.error().message;
}

TEST(CrsRequireMetric, ProjectedMetresIsOk) {
    auto info = require_metric("EPSG:4546", "roads.gpkg");
    ASSERT_TRUE(info.ok()) << info.error().message;
    EXPECT_EQ(info->authority, "EPSG:4546");
    EXPECT_TRUE(require_metric(kGk111, "x").ok());
}

TEST(CrsRequireMetric, GeographicIsRefusedWithAdvice) {
    auto r = require_metric("EPSG:4326", "roads.gpkg");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::WrongCrs);
    const std::string& m = r.error().message;
    EXPECT_EQ(m.rfind("roads.gpkg: ", 0), 0u) << m;
    EXPECT_NE(m.find("EPSG:4326 (WGS 84)"), std::string::npos) << m;
    EXPECT_NE(m.find("geographic"), std::string::npos) << m;
    EXPECT_NE(m.find("EPSG:4546"), std::string::npos) << m;
    EXPECT_NE(m.find("ogr2ogr -t_srs EPSG:4546"), std::string::npos) << m;
}

TEST(CrsRequireMetric, FeetAreRefused) {
    auto r = require_metric("EPSG:2227", "parcels.shp");  // NAD83 / California zone 3 (ftUS)
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::WrongCrs);
    EXPECT_NE(r.error().message.find("foot"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("metres"), std::string::npos) << r.error().message;
}

TEST(CrsRequireMetric, UnknownAndGeocentricAreRefused) {
    auto unknown = require_metric("EPSG:999999", "a.gpkg");
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, ErrorCode::WrongCrs);
    EXPECT_NE(unknown.error().message.find("a.gpkg: "), std::string::npos);
    EXPECT_NE(unknown.error().message.find("EPSG:4546"), std::string::npos);
    auto geocentric = require_metric("EPSG:4978", "b.gpkg");
    ASSERT_FALSE(geocentric.ok());
    EXPECT_NE(geocentric.error().message.find("not a projected CRS"), std::string::npos)
        << geocentric.error().message;
    auto none = require_metric("", "c.gpkg");
    ASSERT_FALSE(none.ok());
    EXPECT_NE(none.error().message.find("no CRS"), std::string::npos) << none.error().message;
}

TEST(CrsTransformer, GaussKrugerToLonLat) {
    auto t = Transformer::to_lonlat("EPSG:4546");
    ASSERT_TRUE(t.ok()) << t.error().message;
    const Point ll = t->forward({500000, 3400000});
    EXPECT_NEAR(ll.x, 111.0, 1e-9);  // on the central meridian
    EXPECT_GT(ll.y, 30.70);
    EXPECT_LT(ll.y, 30.75);
    const Point east = t->forward({600000, 3400000});
    EXPECT_GT(east.x, 112.0);  // east of the meridian: axis order is (east, north)
    EXPECT_LT(east.x, 112.1);
}

TEST(CrsTransformer, RoundTrips) {
    auto t = Transformer::to_lonlat("EPSG:4546");
    ASSERT_TRUE(t.ok()) << t.error().message;
    for (const Point p :
         {Point{500000, 3400000}, Point{412345.678, 3312345.678}, Point{587654.321, 3456789.012}}) {
        const Point back = t->inverse(t->forward(p));
        EXPECT_NEAR(back.x, p.x, 1e-6);
        EXPECT_NEAR(back.y, p.y, 1e-6);
    }
    for (const Point ll : {Point{111.0, 30.7}, Point{110.2, 29.9}, Point{111.9, 31.4}}) {
        const Point back = t->forward(t->inverse(ll));
        EXPECT_NEAR(back.x, ll.x, 1e-6);
        EXPECT_NEAR(back.y, ll.y, 1e-6);
    }
}

TEST(CrsTransformer, ProjectedToProjected) {
    auto t = Transformer::create("EPSG:4546", kGk111);
    ASSERT_TRUE(t.ok()) << t.error().message;
    const Point p = t->forward({512345.5, 3401234.25});
    EXPECT_NEAR(p.x, 512345.5, 1e-3);
    EXPECT_NEAR(p.y, 3401234.25, 1e-3);
}

TEST(CrsTransformer, BadDefinitionsAreWrongCrs) {
    auto a = Transformer::create("EPSG:999999", "EPSG:4326");
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.error().code, ErrorCode::WrongCrs);
    EXPECT_NE(a.error().message.find("source"), std::string::npos) << a.error().message;
    auto b = Transformer::create("EPSG:4546", "junk");
    ASSERT_FALSE(b.ok());
    EXPECT_EQ(b.error().code, ErrorCode::WrongCrs);
    EXPECT_NE(b.error().message.find("target"), std::string::npos) << b.error().message;
}

TEST(CrsTransformer, NonFiniteInputGivesNaN) {
    auto t = Transformer::to_lonlat("EPSG:4546");
    ASSERT_TRUE(t.ok());
    const Point p = t->forward({std::nan(""), 3400000});
    EXPECT_TRUE(std::isnan(p.x) && std::isnan(p.y));
    const Point q = t->inverse({INFINITY, 30});
    EXPECT_TRUE(std::isnan(q.x) && std::isnan(q.y));
}

TEST(CrsTransformer, MovesAndCrossesThreads) {
    auto t = Transformer::to_lonlat("EPSG:4546");
    ASSERT_TRUE(t.ok());
    Transformer moved = std::move(t).value();
    Point result;
    std::thread([&] { result = moved.forward({500000, 3400000}); }).join();
    EXPECT_NEAR(result.x, 111.0, 1e-9);
    Transformer assigned = std::move(moved);
    EXPECT_NEAR(assigned.forward({500000, 3400000}).x, 111.0, 1e-9);
}

TEST(CrsThreads, DescribeFromSeveralThreads) {
    std::vector<std::thread> threads;
    std::vector<int> failures(4, 0);
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back([i, &failures] {
            for (int k = 0; k < 20; ++k) {
                auto a = describe("EPSG:4546");
                if (!a.ok() || a->authority != "EPSG:4546") ++failures[i];
                if (describe("EPSG:999999").ok()) ++failures[i];
            }
        });
    }
    for (auto& t : threads) t.join();
    for (int f : failures) EXPECT_EQ(f, 0);
}

BBox box(double minx, double miny, double maxx, double maxy) { return {minx, miny, maxx, maxy}; }

struct MapCrsCase {
    const char* what;
    BBox lonlat;
    const char* kind;
    const char* crs;  // exact, or a prefix for the data-centred projections
};

class MapCrs : public ::testing::TestWithParam<MapCrsCase> {};

TEST_P(MapCrs, FitsTheExtent) {
    const auto& c = GetParam();
    const MapProjection p = choose_map_crs(c.lonlat);
    EXPECT_EQ(p.kind, c.kind) << c.what << ": " << p.why;
    EXPECT_EQ(p.crs.rfind(c.crs, 0), 0u) << c.what << ": " << p.crs;
    EXPECT_FALSE(p.why.empty());
    // Whatever was chosen takes every point of the extent (corners, edges, centre) to finite metres.
    auto info = describe(p.crs);
    ASSERT_TRUE(info.ok()) << p.crs << ": " << info.error().message;
    EXPECT_TRUE(info->projected);
    EXPECT_EQ(info->unit_to_metre, 1.0);
    auto t = Transformer::create("EPSG:4326", p.crs);
    ASSERT_TRUE(t.ok()) << t.error().message;
    for (int i = 0; i <= 8; ++i)
        for (int j = 0; j <= 8; ++j) {
            const Point q = t->forward(
                {c.lonlat.minx + c.lonlat.width() * i / 8, c.lonlat.miny + c.lonlat.height() * j / 8});
            EXPECT_TRUE(std::isfinite(q.x) && std::isfinite(q.y)) << c.what << " at " << i << "," << j;
        }
}

INSTANTIATE_TEST_SUITE_P(
    Extents, MapCrs,
    ::testing::Values(
        MapCrsCase{"a district in Hubei", box(111.29, 30.69, 111.30, 30.70), "gauss-kruger", "EPSG:4546"},
        MapCrsCase{"Beijing", box(116.2, 39.8, 116.6, 40.0), "gauss-kruger", "EPSG:4548"},
        MapCrsCase{"Berlin", box(13.1, 52.3, 13.7, 52.7), "utm", "EPSG:32633"},
        MapCrsCase{"Santiago de Chile", box(-70.8, -33.6, -70.5, -33.3), "utm", "EPSG:32719"},
        MapCrsCase{"two UTM zones (Bavaria)", box(9.0, 47.3, 13.8, 50.5), "utm", "EPSG:32632"},
        MapCrsCase{"China as a whole", box(73.5, 18.0, 135.0, 53.5), "laea",
                   "+proj=laea +lat_0=35.7500 +lon_0=104.2500"},
        MapCrsCase{"Europe", box(-10.0, 35.0, 40.0, 70.0), "laea",
                   "+proj=laea +lat_0=52.5000 +lon_0=15.0000"},
        MapCrsCase{"north of UTM's reach (the Arctic Ocean)", box(10.0, 84.5, 15.0, 86.0), "laea",
                   "+proj=laea"},
        MapCrsCase{"the world's countries", box(-170.0, -60.0, 170.0, 75.0), "equal-earth", "EPSG:8857"},
        MapCrsCase{"the whole globe", box(-180.0, -90.0, 180.0, 90.0), "equal-earth", "EPSG:8857"}));

TEST(MapCrs, AnEmptyExtentChoosesNothing) { EXPECT_TRUE(choose_map_crs(BBox{}).crs.empty()); }

TEST(MapCrs, TheWorldFileFitsEqualEarth) {
    // One point's UTM zone (what was chosen before) cannot hold a world: the extent's projection can.
    const MapProjection p = choose_map_crs(box(-170, -60, 170, 75));
    EXPECT_NE(p.why.find("340"), std::string::npos) << p.why;
    auto t = Transformer::create("EPSG:4326", p.crs);
    ASSERT_TRUE(t.ok());
    BBox b;
    for (const Point& p : {Point{-170, -60}, Point{170, -60}, Point{170, 75}, Point{-170, 75}}) {
        const Point q = t->forward(p);
        EXPECT_TRUE(std::isfinite(q.x) && std::isfinite(q.y));
        b.expand(q);
    }
    EXPECT_NEAR(b.width(), 24.565e6, 0.01e6);  // 340 degrees along the equator in Equal Earth, metres
    EXPECT_NEAR(b.miny, -6.924e6, 0.01e6);
    EXPECT_NEAR(b.maxy, 7.983e6, 0.01e6);
}

TEST(MapCrs, LonLatIsWithin180And90) {
    EXPECT_TRUE(looks_like_lonlat(box(-170, -60, 170, 75)));
    EXPECT_TRUE(looks_like_lonlat(box(111.2, 30.6, 111.3, 30.7)));
    EXPECT_FALSE(looks_like_lonlat(box(500000, 3390000, 500700, 3390571)));
    EXPECT_FALSE(looks_like_lonlat(box(-10, -95, 10, 0)));
    EXPECT_FALSE(looks_like_lonlat(BBox{}));
}

TEST(MapCrs, ATransformOutsideTheDomainIsReported) {
    auto t = Transformer::create("EPSG:4326", "EPSG:8857");
    ASSERT_TRUE(t.ok());
    const Point inside = t->forward({10, 20}), beyond = t->forward({10, 95});  // no latitude beyond the pole
    EXPECT_TRUE(std::isfinite(inside.x) && std::isfinite(inside.y));
    EXPECT_FALSE(std::isfinite(beyond.x) && std::isfinite(beyond.y));
}

}  // namespace
}  // namespace gis::crs
