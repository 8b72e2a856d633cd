#include "gis/index/spatial_index.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <type_traits>
#include <utility>

#include "gis/geom/geos_handle.hpp"

namespace gis::index {

namespace {

using geom::detail::GeomPtr;
using geom::detail::GeosContext;

constexpr std::size_t kNodeCapacity = 10;
constexpr std::size_t kQueryTag = std::numeric_limits<std::size_t>::max();

// Older GEOS versions compute envelopes lazily and cache them in the geometry, which would be a data race
// between concurrent queries: compute them all now, for every component.
void warm_envelopes(GEOSContextHandle_t h, const GEOSGeometry* g) {
    double v = 0;
    GEOSGeom_getXMin_r(h, g, &v);
    switch (GEOSGeomTypeId_r(h, g)) {
        case GEOS_POLYGON: {
            if (const GEOSGeometry* r = GEOSGetExteriorRing_r(h, g)) GEOSGeom_getXMin_r(h, r, &v);
            const int n = GEOSGetNumInteriorRings_r(h, g);
            for (int i = 0; i < n; ++i)
                if (const GEOSGeometry* r = GEOSGetInteriorRingN_r(h, g, i)) GEOSGeom_getXMin_r(h, r, &v);
            break;
        }
        case GEOS_MULTIPOINT:
        case GEOS_MULTILINESTRING:
        case GEOS_MULTIPOLYGON:
        case GEOS_GEOMETRYCOLLECTION: {
            const int n = GEOSGetNumGeometries_r(h, g);
            for (int i = 0; i < n; ++i)
                if (const GEOSGeometry* part = GEOSGetGeometryN_r(h, g, i)) warm_envelopes(h, part);
            break;
        }
        default:
            break;
    }
}

}  // namespace

struct SpatialIndex::Impl {
    std::vector<Geometry> items;
    // The context the GEOS objects below were created in; shared so they can be destroyed after the
    // building thread has ended.
    std::shared_ptr<GeosContext> context;
    std::vector<GeomPtr> geoms;    // per item; null for empty items (not in the tree)
    std::vector<std::size_t> ids;  // ids[i] == i: stable addresses used as tree items
    GEOSSTRtree* tree = nullptr;
    std::size_t indexed = 0;

    ~Impl() {
        if (tree) GEOSSTRtree_destroy_r(context->handle(), tree);
        geoms.clear();  // before `context` goes
    }

    // Calls f(i) for every indexed item whose envelope intersects `query`'s envelope.
    template <class F>
    void candidates(const GEOSGeometry* query, F&& f) const {
        if (indexed == 0 || !query) return;
        using Fn = std::remove_reference_t<F>;
        auto callback = [](void* item, void* user) {
            (*static_cast<Fn*>(user))(*static_cast<const std::size_t*>(item));
        };
        GEOSSTRtree_query_r(geom::detail::handle(), tree, query, callback,
                            const_cast<void*>(static_cast<const void*>(&f)));
    }
};

SpatialIndex::SpatialIndex(std::vector<Geometry> items) : impl_(std::make_unique<Impl>()) {
    Impl& m = *impl_;
    m.items = std::move(items);
    m.context = geom::detail::shared_context();
    const auto h = m.context->handle();
    m.geoms.resize(m.items.size());
    m.ids.resize(m.items.size());
    m.tree = GEOSSTRtree_create_r(h, kNodeCapacity);
    for (std::size_t i = 0; i < m.items.size(); ++i) {
        m.ids[i] = i;
        if (m.items[i].empty()) continue;
        GeomPtr g = geom::detail::to_geos(m.items[i]);
        if (!g || GEOSisEmpty_r(h, g.get())) continue;
        warm_envelopes(h, g.get());
        GEOSSTRtree_insert_r(h, m.tree, g.get(), &m.ids[i]);
        m.geoms[i] = std::move(g);
        ++m.indexed;
    }
    // GEOS builds the tree on the first query; do it now so that later (concurrent) queries only read it.
    if (m.indexed > 0) {
        GeomPtr probe = geom::detail::to_geos(Point{0, 0});
        m.candidates(probe.get(), [](std::size_t) {});
    }
}

SpatialIndex::SpatialIndex(SpatialIndex&&) noexcept = default;
SpatialIndex& SpatialIndex::operator=(SpatialIndex&&) noexcept = default;
SpatialIndex::~SpatialIndex() = default;

std::size_t SpatialIndex::size() const { return impl_ ? impl_->items.size() : 0; }

const Geometry& SpatialIndex::item(std::size_t i) const {
    assert(impl_ && i < impl_->items.size());
    return impl_->items[i];
}

std::vector<std::size_t> SpatialIndex::query_bbox(const BBox& box) const {
    std::vector<std::size_t> out;
    if (!impl_ || box.empty()) return out;
    // A two-point line has exactly `box` as its envelope, also when the box is flat.
    GeomPtr probe = geom::detail::to_geos(LineString{{box.minx, box.miny}, {box.maxx, box.maxy}});
    if (box.minx == box.maxx && box.miny == box.maxy)
        probe = geom::detail::to_geos(Point{box.minx, box.miny});
    impl_->candidates(probe.get(), [&out](std::size_t i) { out.push_back(i); });
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::size_t> SpatialIndex::intersecting(const Geometry& g) const {
    std::vector<std::size_t> out;
    if (!impl_ || g.empty()) return out;
    const auto h = geom::detail::handle();
    GeomPtr query = geom::detail::to_geos(g);
    if (!query || GEOSisEmpty_r(h, query.get())) return out;
    // Prepare the query, not the items: a prepared geometry caches its indexes lazily and must not be
    // shared between threads, while the query lives only in this call.
    auto prepared = geom::detail::prepare(query.get());
    if (!prepared) return out;
    const Impl& m = *impl_;
    m.candidates(query.get(), [&](std::size_t i) {
        if (GEOSPreparedIntersects_r(h, prepared.get(), m.geoms[i].get()) == 1) out.push_back(i);
    });
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::size_t> SpatialIndex::containing(const Point& p) const {
    return intersecting(Geometry::from(p));
}

std::vector<std::size_t> SpatialIndex::within_distance(const Geometry& g, double distance) const {
    std::vector<std::size_t> out;
    if (!impl_ || g.empty() || !(distance >= 0)) return out;
    const auto h = geom::detail::handle();
    GeomPtr query = geom::detail::to_geos(g);
    if (!query || GEOSisEmpty_r(h, query.get())) return out;
    BBox box = g.bbox();
    box.minx -= distance;
    box.miny -= distance;
    box.maxx += distance;
    box.maxy += distance;
    GeomPtr probe = geom::detail::to_geos(LineString{{box.minx, box.miny}, {box.maxx, box.maxy}});
    auto prepared = geom::detail::prepare(query.get());
    if (!prepared) return out;
    const Impl& m = *impl_;
    m.candidates(probe.get(), [&](std::size_t i) {
        if (GEOSPreparedDistanceWithin_r(h, prepared.get(), m.geoms[i].get(), distance) == 1)
            out.push_back(i);
    });
    std::sort(out.begin(), out.end());
    return out;
}

std::optional<std::size_t> SpatialIndex::nearest(const Point& p, double max_distance) const {
    if (!impl_ || impl_->indexed == 0 || !std::isfinite(p.x) || !std::isfinite(p.y)) return std::nullopt;
    const Impl& m = *impl_;
    const auto h = geom::detail::handle();
    GeomPtr query = geom::detail::to_geos(p);
    if (!query) return std::nullopt;

    struct Search {
        const Impl* m;
        GEOSContextHandle_t h;
        const GEOSGeometry* query;
        const GEOSGeometry* geometry(const void* item) const {
            const std::size_t id = *static_cast<const std::size_t*>(item);
            return id == kQueryTag ? query : m->geoms[id].get();
        }
    } search{&m, h, query.get()};
    auto distance = [](const void* a, const void* b, double* d, void* user) -> int {
        const auto* s = static_cast<const Search*>(user);
        return GEOSDistance_r(s->h, s->geometry(a), s->geometry(b), d);  // 1 on success
    };
    const std::size_t tag = kQueryTag;
    const void* found = GEOSSTRtree_nearest_generic_r(h, m.tree, &tag, query.get(), distance, &search);
    if (!found) return std::nullopt;
    std::size_t best = *static_cast<const std::size_t*>(found);
    double best_d = 0;
    if (!GEOSDistance_r(h, m.geoms[best].get(), query.get(), &best_d) || !(best_d <= max_distance))
        return std::nullopt;
    // Several items may be equally near (a point inside overlapping polygons): answer the lowest index, so
    // results do not depend on the tree's layout.
    GeomPtr probe =
        geom::detail::to_geos(LineString{{p.x - best_d, p.y - best_d}, {p.x + best_d, p.y + best_d}});
    m.candidates(probe.get(), [&](std::size_t i) {
        if (i >= best) return;
        double d = 0;
        if (GEOSDistance_r(h, m.geoms[i].get(), query.get(), &d) && d <= best_d) {
            best = i;
            best_d = d;
        }
    });
    return best;
}

}  // namespace gis::index
