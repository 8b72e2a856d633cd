// Planning scopes read through the spatial index: the hardening plan of a named area or a drawn polygon,
// computed from the part read, equals the one computed from the whole generated city.

#include <gtest/gtest.h>

#include <map>

#include <sstream>

#include "gis/district/loader.hpp"
#include "gis/network/street_graph.hpp"
#include "gis/plan/hardening.hpp"
#include "gis/plan/route.hpp"
#include "gis/plan/scope.hpp"
#include "gis/plan/scope_read.hpp"
#include "occupancy_fixture.hpp"

namespace {

using namespace gis;

const std::string& city() { return occ_test::generated_city(900); }

/// Every figure of a plan as text, parts and served buildings included (geometry by its area).
std::string figures(const plan::HardeningPlan& p) {
    std::ostringstream o;
    o.precision(10);
    o << "area " << p.area_m2 << " street " << p.street_m2 << " forecourt " << p.forecourt_m2 << " cost "
      << p.cost_cny << " households " << p.served.households << "\n";
    for (const auto& part : p.parts)
        o << to_string(part.kind) << ' ' << part.name << ' ' << part.ref << ' ' << part.area_m2 << '\n';
    for (int b : p.served.buildings) o << b << ' ';
    o << '\n';
    for (const auto& [n, m2] : p.by_street) o << n << ' ' << m2 << '\n';
    for (const auto& v : p.valves_covered) o << "valve " << v.valve_id << ' ' << v.distance_m << '\n';
    return o.str();
}

TEST(ScopeRead, HardeningOfAnAreaOrPolygonEqualsTheWholeCitysAndReadsLess) {
    auto whole = district::load(city());
    ASSERT_TRUE(whole.ok());
    std::vector<std::pair<std::string, std::string>> scopes;  // (scope, wkt)
    for (const auto* areas : {&whole->compounds, &whole->service_areas, &whole->markets})
        for (std::size_t i = 0; i < areas->size() && i < 3; ++i)
            scopes.push_back({"area:" + (*areas)[i].name + "#" + std::to_string((*areas)[i].fid), ""});
    const Point c = whole->extent().center();
    for (double r : {60.0, 250.0}) {
        std::ostringstream w;
        w.precision(12);
        w << "POLYGON((" << c.x - r << ' ' << c.y - r << ',' << c.x + r << ' ' << c.y - r << ',' << c.x + r
          << ' ' << c.y + r << ',' << c.x - r << ' ' << c.y + r << ',' << c.x - r << ' ' << c.y - r << "))";
        scopes.push_back({"", w.str()});
    }
    plan::HardeningOptions opt;
    int nonzero = 0;
    for (const auto& [name, wkt] : scopes) {
        SCOPED_TRACE(name + wkt);
        auto part = plan::load_for_scope(city(), name, wkt, 60.0, true);
        ASSERT_TRUE(part.ok()) << part.error().message;
        EXPECT_TRUE(part->partial);
        EXPECT_LT(part->buildings.size(), whole->buildings.size() / 2);
        auto sw = plan::resolve_scope(*whole, name, wkt);
        auto sp = plan::resolve_scope(*part, name, wkt);
        ASSERT_TRUE(sw.ok() && sp.ok());
        const auto a = plan::plan_hardening(*whole, *sw, opt), b = plan::plan_hardening(*part, *sp, opt);
        EXPECT_EQ(figures(b), figures(a));
        if (a.area_m2 > 0) ++nonzero;
    }
    EXPECT_GE(nonzero, 4);
}

TEST(ScopeRead, ACrewRouteOverTheStreetsReadAroundItsSitesIsTheWholeNetworksRoute) {
    auto whole = district::load(city(), district::LoadOptions(false));
    ASSERT_TRUE(whole.ok());
    const auto graph = network::StreetGraph::build(*whole);
    ASSERT_GT(whole->graffiti.size(), 40u);
    // Campaigns of graffiti sites: neighbours in the table (one district), and sites far apart.
    std::vector<std::vector<Point>> campaigns;
    for (std::size_t start : {std::size_t{0}, whole->graffiti.size() / 2}) {
        std::vector<Point> near;
        for (std::size_t i = start; i < start + 12 && i < whole->graffiti.size(); ++i)
            near.push_back(whole->graffiti[i].location);
        campaigns.push_back(near);
    }
    std::vector<Point> far;
    for (std::size_t i = 0; i < whole->graffiti.size(); i += whole->graffiti.size() / 6)
        far.push_back(whole->graffiti[i].location);
    campaigns.push_back(far);
    for (const auto& sites : campaigns) {
        const auto want = plan::crew_route(graph, sites);
        auto got = plan::crew_route_from_file(city(), sites);
        ASSERT_TRUE(got.ok()) << got.error().message;
        EXPECT_EQ(got->order, want.order);
        EXPECT_NEAR(got->length_m, want.length_m, 1e-6);
        EXPECT_EQ(got->connected, want.connected);
        EXPECT_GT(want.length_m, 0);
    }
}

TEST(ScopeRead, DistrictAndUnknownScopesAreReadWhole) {
    auto d = plan::load_for_scope(city(), "district", "", 60.0, false);
    ASSERT_TRUE(d.ok());
    EXPECT_FALSE(d->partial);
    // A name several areas bear is not a silent pick of one of them: the error names each by its id.
    auto whole = district::load(city());
    ASSERT_TRUE(whole.ok());
    std::map<std::string, int> names;
    for (const auto& a : whole->service_areas) ++names[a.name];
    int shared = 0;
    for (const auto& [name, n] : names)
        if (n > 1 && shared++ == 0) {
            auto several = plan::load_for_scope(city(), "area:" + name, "", 60.0, false);
            ASSERT_FALSE(several.ok());
            EXPECT_EQ(several.error().code, ErrorCode::BadInput);
            EXPECT_NE(several.error().message.find(name + "#"), std::string::npos) << several.error().message;
            EXPECT_FALSE(plan::resolve_scope(*whole, "area:" + name, "").ok());
        }
    EXPECT_GT(shared, 0);  // the generated city repeats its service areas' names (its compounds' are its own)
    auto unknown = plan::load_for_scope(city(), "area:无此片区", "", 60.0, false);
    ASSERT_TRUE(unknown.ok());
    EXPECT_FALSE(unknown->partial);  // so that the error can list the data set's areas
    EXPECT_FALSE(plan::resolve_scope(*unknown, "area:无此片区", "").ok());
}

}  // namespace
