#pragma once
/// @file
/// Internal: conversion between OGR geometries and project geometries. Include only from gis/io .cpp
/// files and other gis modules' .cpp files that already talk to GDAL.

#include <ogr_geometry.h>

#include <memory>

#include "gis/core/geometry.hpp"

namespace gis::io::detail {

struct OgrGeometryDeleter {
    void operator()(OGRGeometry* g) const { OGRGeometryFactory::destroyGeometry(g); }
};
using OgrGeometryPtr = std::unique_ptr<OGRGeometry, OgrGeometryDeleter>;

Geometry from_ogr(const OGRGeometry* g);
OgrGeometryPtr to_ogr(const Geometry& g);

}  // namespace gis::io::detail
