#include "gis/plan/scope.hpp"

#include <cmath>

#include "gis/core/strings.hpp"
#include "gis/geom/ops.hpp"
#include "gis/index/spatial_index.hpp"
#include "gis/core/i18n.hpp"

namespace gis::plan {

struct Scope::Impl {
    std::string name;
    index::SpatialIndex index;
    BBox bbox;
};

Scope::Scope(std::vector<Geometry> areas, std::string name) {
    BBox box;
    std::vector<Geometry> polygonal;
    for (auto& a : areas)
        if (!a.polygons.empty()) {
            box.expand(a.bbox());
            polygonal.push_back(std::move(a));
        }
    impl_ = std::make_unique<Impl>(Impl{std::move(name), index::SpatialIndex(std::move(polygonal)), box});
}
Scope::Scope(Scope&&) noexcept = default;
Scope& Scope::operator=(Scope&&) noexcept = default;
Scope::~Scope() = default;

const std::string& Scope::name() const { return impl_->name; }
bool Scope::empty() const { return impl_->index.size() == 0; }
BBox Scope::bbox() const { return impl_->bbox; }

bool Scope::intersects(const Geometry& g) const { return !impl_->index.intersecting(g).empty(); }

Geometry Scope::clip(const Geometry& g) const {
    auto hits = impl_->index.intersecting(g);
    if (hits.empty()) return {};
    for (auto i : hits)
        if (geom::contains(impl_->index.item(i), g)) return g;
    std::vector<Geometry> pieces;
    for (auto i : hits) {
        Geometry piece = geom::intersection(g, impl_->index.item(i));
        if (!piece.polygons.empty()) pieces.push_back(std::move(piece));
    }
    if (pieces.size() == 1) return pieces.front();
    return geom::unite(pieces);
}

Geometry Scope::geometry() const {
    std::vector<Geometry> all;
    for (std::size_t i = 0; i < impl_->index.size(); ++i) all.push_back(impl_->index.item(i));
    return all.size() == 1 ? all.front() : geom::unite(all);
}

Scope district_scope(const district::District& d) {
    std::vector<Geometry> areas;
    for (const auto& b : d.boundaries) areas.push_back(Geometry::from(b.polygon));
    return Scope(std::move(areas), "district");
}

Result<Scope> compound_scope(const district::District& d) {
    if (d.compounds.empty())
        return make_error(ErrorCode::NotFound,
                          gis::i18n::format(_("{0}: the data set has no compound (layer 'compound' is empty)"),
                                            d.source_path));
    std::vector<Geometry> areas;
    for (const auto& c : d.compounds) areas.push_back(Geometry::from(c.polygon));
    for (const auto& s : d.street_surfaces)
        if (s.in_compound) areas.push_back(Geometry::from(s.polygon));
    for (const auto& f : d.forecourts)
        if (f.in_compound) areas.push_back(Geometry::from(f.polygon));
    return Scope(std::move(areas), "compound");
}

Result<Scope> wkt_scope(const district::District& d, const std::string& wkt) {
    auto g = geom::from_wkt(wkt);
    if (!g) return g.error();
    if (g->polygons.empty() || !g->points.empty() || !g->lines.empty())
        return make_error(
            ErrorCode::BadInput,
            gis::i18n::format(_("the scope must be a POLYGON or MULTIPOLYGON, got {0}"), to_string(g->type)));
    auto v = geom::check_validity(g.value());
    if (!v.valid)
        return make_error(ErrorCode::InvalidGeometry,
                          gis::i18n::format(_("the scope polygon is invalid: {0} (draw it without crossing edges)"),
                                            v.reason));
    if (geom::area(g.value()) <= 0) return make_error(ErrorCode::BadInput, _("the scope polygon has no area"));
    Scope district = district_scope(d);
    Geometry inside = district.clip(g.value());
    if (geom::area(inside) < 0.01) {
        BBox b = district.bbox();
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("the scope lies outside the district (the district spans x {0}..{1}, "
                                              "y {2}..{3} in {4})"),
                                            fmt_fixed(b.minx, 0), fmt_fixed(b.maxx, 0), fmt_fixed(b.miny, 0),
                                            fmt_fixed(b.maxy, 0), d.crs.empty() ? std::string(_("metres")) : d.crs));
    }
    return Scope({std::move(inside)}, "polygon");
}

Result<void> check_in_district(const district::District& d,
                               const std::vector<std::pair<std::string, Point>>& given, double margin) {
    const BBox district = district_scope(d).bbox();
    const BBox near{district.minx - margin, district.miny - margin, district.maxx + margin,
                    district.maxy + margin};
    for (const auto& [what, p] : given) {
        if (near.contains(p)) continue;
        if (std::abs(p.x) <= 180 && std::abs(p.y) <= 90)
            return make_error(ErrorCode::WrongCrs,
                              gis::i18n::format(_("{0}: {1},{2} looks like longitude/latitude; give metres in {3}"),
                                                what, fmt_fixed(p.x, 6), fmt_fixed(p.y, 6),
                                                d.crs.empty() ? std::string(_("the data set's CRS")) : d.crs));
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("{0}: {1},{2} lies outside the district (it spans x {3}..{4}, y "
                                              "{5}..{6})"),
                                            what, fmt_fixed(p.x, 1), fmt_fixed(p.y, 1), fmt_fixed(district.minx, 0),
                                            fmt_fixed(district.maxx, 0), fmt_fixed(district.miny, 0),
                                            fmt_fixed(district.maxy, 0)));
    }
    return {};
}

Result<void> check_in_district(const district::District& d, const Geometry& g, const std::string& what,
                               double margin) {
    const BBox district = district_scope(d).bbox();
    const BBox box = g.bbox();
    if (box.empty()) return make_error(ErrorCode::BadInput, gis::i18n::format(_("{0}: the geometry is empty"), what));
    const BBox near{district.minx - margin, district.miny - margin, district.maxx + margin,
                    district.maxy + margin};
    if (near.intersects(box)) return {};
    // Nowhere near: the first corner says why (lon/lat, or another place).
    return check_in_district(d, {{what, Point{box.minx, box.miny}}}, margin);
}

Result<Scope> named_area_scope(const district::District& d, const std::string& area) {
    auto found = d.find_named_area(area);
    if (!found) return found.error();
    const district::NamedArea* a = found.value();
    std::vector<Geometry> parts = {Geometry::from(a->polygon)};
    if (d.is_compound(a)) {
        // A compound's own lanes and forecourts belong to it where they reach past its wall.
        const Geometry wall = Geometry::from(a->polygon);
        for (const auto& s : d.street_surfaces)
            if (s.in_compound && geom::intersects(wall, Geometry::from(s.polygon)))
                parts.push_back(Geometry::from(s.polygon));
        for (const auto& f : d.forecourts)
            if (f.in_compound && geom::intersects(wall, Geometry::from(f.polygon)))
                parts.push_back(Geometry::from(f.polygon));
    }
    return Scope(std::move(parts), std::string(kAreaPrefix) + a->name);
}

Result<Scope> resolve_scope(const district::District& d, const std::string& name, const std::string& wkt) {
    if (!name.empty() && !wkt.empty())
        return make_error(ErrorCode::BadInput, _("give either --scope or --wkt, not both"));
    if (!wkt.empty()) return wkt_scope(d, wkt);
    if (name == "compound") return compound_scope(d);
    if (name == "district" || name.empty()) return district_scope(d);
    if (name.rfind(kAreaPrefix, 0) == 0)
        return named_area_scope(d, name.substr(std::string(kAreaPrefix).size()));
    return make_error(ErrorCode::BadInput,
                      gis::i18n::format(_("unknown scope '{0}' (use district, compound, area:NAME for a named "
                                          "compound, service area or market, or --wkt)"),
                                        name));
}

}  // namespace gis::plan
