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

}  // namespace
}  // namespace gis::crs
