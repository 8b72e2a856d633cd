#pragma once
/// @file
/// Internal to gis/: GEOS reentrant C API plumbing shared by gis/geom and gis/index. Include only from
/// .cpp files of the `gis` library (it pulls in <geos_c.h>, which must not leak into public headers).
///
/// Each thread has its own GEOS context (`context()`), created on first use and finished when the
/// thread exits, unless something that outlives the thread still holds it through
/// `shared_context()`. GEOS errors are captured per context; `take_error()` reads and clears the last
/// one. Geometries are owned by `GeomPtr`, whose deleter is bound to the context that created them.

#ifndef GEOS_USE_ONLY_R_API
#define GEOS_USE_ONLY_R_API
#endif
#include <geos_c.h>

#include <memory>
#include <string>

#include "gis/core/geometry.hpp"

namespace gis::geom::detail {

/// A GEOS context handle with handlers that remember the last error and notice.
class GeosContext {
  public:
    GeosContext();
    ~GeosContext();
    GeosContext(const GeosContext&) = delete;
    GeosContext& operator=(const GeosContext&) = delete;

    GEOSContextHandle_t handle() const { return handle_; }
    /// Returns the last error message (or notice, when there was no error) and clears both.
    std::string take_error();
    void clear_error() {
        error_.clear();
        notice_.clear();
    }

  private:
    static void on_error(const char* message, void* self) noexcept;
    static void on_notice(const char* message, void* self) noexcept;

    GEOSContextHandle_t handle_ = nullptr;
    std::string error_;
    std::string notice_;
};

/// This thread's context, shared so that long-lived GEOS objects (an index built on a worker thread)
/// can keep it alive after the thread ends.
const std::shared_ptr<GeosContext>& shared_context();
/// This thread's context handle.
inline GEOSContextHandle_t handle() { return shared_context()->handle(); }
/// Last GEOS error message on this thread (cleared by reading it).
inline std::string take_error() { return shared_context()->take_error(); }

struct GeomDeleter {
    GEOSContextHandle_t ctx = nullptr;
    void operator()(GEOSGeometry* g) const noexcept {
        if (g) GEOSGeom_destroy_r(ctx, g);
    }
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

struct PreparedDeleter {
    GEOSContextHandle_t ctx = nullptr;
    void operator()(const GEOSPreparedGeometry* g) const noexcept {
        if (g) GEOSPreparedGeom_destroy_r(ctx, g);
    }
};
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

struct CoordSeqDeleter {
    GEOSContextHandle_t ctx = nullptr;
    void operator()(GEOSCoordSequence* s) const noexcept {
        if (s) GEOSCoordSeq_destroy_r(ctx, s);
    }
};
using CoordSeqPtr = std::unique_ptr<GEOSCoordSequence, CoordSeqDeleter>;

/// Takes ownership of `g` (may be null), bound to this thread's context.
inline GeomPtr own(GEOSGeometry* g) { return GeomPtr(g, GeomDeleter{handle()}); }
/// Prepares `g` (which must outlive the result) in this thread's context; null on failure.
inline PreparedPtr prepare(const GEOSGeometry* g) {
    const auto h = handle();
    return PreparedPtr(GEOSPrepare_r(h, g), PreparedDeleter{h});
}

/// Converts a project geometry to GEOS. Unclosed rings are closed; rings with fewer than four points and
/// lines with fewer than two are dropped (GEOS cannot represent them). Type::None gives an empty
/// collection. Null only when GEOS itself fails (see take_error()).
GeomPtr to_geos(const Geometry& g);
GeomPtr to_geos(const Point& p);
GeomPtr to_geos(const LineString& l);
GeomPtr to_geos(const Polygon& p);

/// Converts a GEOS geometry to a project geometry. Collections are flattened: only parts of the highest
/// dimension are kept (polygons over lines over points), so a polygon overlay that also yields stray
/// lines gives a (Multi)Polygon. Empty or null input gives Type::None.
Geometry from_geos(const GEOSGeometry* g);

}  // namespace gis::geom::detail
