#pragma once
/// @file
/// A planning scope: the area a plan covers (the compound, the whole district, or a drawn polygon), as
/// a set of polygons with a spatial index, so that clipping and tests against it stay O(log n) per
/// feature even for a city of many districts.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gis/core/geometry.hpp"
#include "gis/core/result.hpp"
#include "gis/district/model.hpp"

namespace gis::plan {

class Scope {
  public:
    /// The union of `areas` (polygonal geometries; they may overlap). `name` is for messages.
    Scope(std::vector<Geometry> areas, std::string name);
    Scope(Scope&&) noexcept;
    Scope& operator=(Scope&&) noexcept;
    ~Scope();

    const std::string& name() const;
    bool empty() const;
    BBox bbox() const;
    /// True when `g` meets the scope (touching its edge counts).
    bool intersects(const Geometry& g) const;
    /// `g` ∩ scope (polygonal input; empty when they do not overlap).
    Geometry clip(const Geometry& g) const;
    /// The scope as one geometry (dissolved).
    Geometry geometry() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// The whole district: the union of its boundary polygons.
Scope district_scope(const district::District& d);
/// Every compound of the district (in the sample, the Xingzheng South compound): the walled areas plus the
/// compound's own streets (street surfaces flagged in_compound, such as gate lanes that reach the public
/// road) and forecourts. NotFound when the data set has no compound.
Result<Scope> compound_scope(const district::District& d);
/// A polygon given as WKT (EPSG:4546 metres). BadInput when malformed or not a polygon, InvalidGeometry
/// when it crosses itself, BadInput when it lies outside the district.
Result<Scope> wkt_scope(const district::District& d, const std::string& wkt);
/// Points a user gives (route ends, a pipe's path) must lie in the district, within `margin` metres of
/// it, in metres of its CRS: a point that reads as longitude/latitude is WrongCrs, naming the CRS to use;
/// any other point far away is BadInput with the district's extent. Each point comes with what it is
/// ("--from").
Result<void> check_in_district(const district::District& d,
                               const std::vector<std::pair<std::string, Point>>& given, double margin = 100);
/// An area or line a user gives must reach the district: every vertex in longitude/latitude is WrongCrs,
/// a geometry whose extent is nowhere near the district is BadInput (never an empty answer).
Result<void> check_in_district(const district::District& d, const Geometry& g, const std::string& what,
                               double margin = 100);

/// Scope names of one named area: "area:" and the name of a compound, service area or market.
inline constexpr const char* kAreaPrefix = "area:";
/// A named compound (with its own lanes and forecourts), service area or market, by its Chinese or
/// English name. NotFound lists the areas the data set has.
Result<Scope> named_area_scope(const district::District& d, const std::string& area);
/// "district", "compound", "area:NAME" or a WKT polygon (exactly one of `name` and `wkt` non-empty).
Result<Scope> resolve_scope(const district::District& d, const std::string& name, const std::string& wkt);

}  // namespace gis::plan
