#include "gis/network/gas_region.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "gis/core/strings.hpp"
#include "gis/district/loader.hpp"
#include "gis/district/schema.hpp"
#include "gis/core/i18n.hpp"

namespace gis::network {
namespace {

/// True when the trace over the part read is the trace over the whole network (see the file comment).
bool certain(const district::District& d, const IsolationTrace& t, const BBox& box, double tolerance) {
    std::unordered_map<std::int64_t, const district::GasPipe*> pipes;
    for (const auto& p : d.gas_pipes) pipes[p.fid] = &p;
    // A pipe within this of the box's edge could meet one that was not read.
    const double margin = 2 * tolerance + 1.0;
    const BBox core = box.grown(-margin);
    auto all_inside = [&](const std::vector<std::int64_t>& ids) {
        for (auto id : ids) {
            auto it = pipes.find(id);
            if (it == pipes.end() || !core.contains(bbox_of(it->second->line))) return false;
        }
        return true;
    };
    if (!all_inside(t.zone_pipes) || !all_inside(t.pipes_without_supply)) return false;
    // Supplied before: the whole zone loses supply, so a station was reached inside the box.
    std::vector<std::int64_t> lost = t.pipes_without_supply;
    std::sort(lost.begin(), lost.end());
    for (auto id : t.zone_pipes)
        if (!std::binary_search(lost.begin(), lost.end(), id)) return false;
    return true;
}

}  // namespace

Result<RegionalIsolation> isolate_in_region(const std::string& path, const IsolationRequest& request) {
    if (request.segment.has_value() == request.at.has_value())
        return make_error(ErrorCode::BadInput, _("give either a pipe segment or a point"));
    BBox target;
    if (request.segment) {
        auto b = district::feature_bbox(path, district::layers::kGasPipes, *request.segment);
        if (!b) {
            if (b.error().code == ErrorCode::NotFound)
                return make_error(
                    ErrorCode::NotFound,
                    gis::i18n::format(_("no gas pipe segment {0} in the data set"), std::to_string(*request.segment)));
            return b.error();
        }
        target = *b;
    } else {
        target = {request.at->x, request.at->y, request.at->x, request.at->y};
    }
    auto extent = district::layer_extent(path, district::layers::kGasPipes);
    if (!extent) return extent.error();
    if (request.at && std::abs(request.at->x) <= 180 && std::abs(request.at->y) <= 90 && !extent->empty() &&
        (std::abs(extent->minx) > 180 || std::abs(extent->miny) > 90))
        return make_error(ErrorCode::WrongCrs,
                          gis::i18n::format(_("--at {0},{1} looks like longitude/latitude; give metres in the data "
                                              "set's CRS (its pipes span x {2}..{3}, y {4}..{5})"),
                                            fmt_fixed(request.at->x, 6), fmt_fixed(request.at->y, 6),
                                            fmt_fixed(extent->minx, 0), fmt_fixed(extent->maxx, 0),
                                            fmt_fixed(extent->miny, 0), fmt_fixed(extent->maxy, 0)));
    // The nearest pipe must be among those read: the box reaches past max_distance.
    double r = std::max(request.first_box_m, request.at ? request.max_distance + 1.0 : 0.0);
    for (int reads = 1;; ++reads, r *= 2) {
        const BBox box = target.grown(r);
        district::LoadOptions o;
        o.region = district::Region{};
        o.region->box = box;
        o.region->map_layers = true;
        auto d = district::load(path, o);
        if (!d) return d.error();
        const bool everything = box.contains(*extent);
        auto gas = DistrictGas::build(*d, request.snap_tolerance);
        std::int64_t segment = request.segment.value_or(-1);
        if (request.at) {
            auto near = gas.network.nearest_pipe(*request.at, request.max_distance);
            if (!near)
                return make_error(ErrorCode::NotFound,
                                  gis::i18n::format(_("no gas pipe within {0} m of ({1}, {2}) (see --max-distance)"),
                                                    fmt_fixed(request.max_distance, 1), fmt_fixed(request.at->x, 1),
                                                    fmt_fixed(request.at->y, 1)));
            segment = *near;
        }
        auto trace = gas.network.isolate(segment);
        if (!trace) return trace.error();
        if (everything || certain(*d, *trace, box, request.snap_tolerance)) {
            RegionalIsolation out;
            out.impact = gas.impact.impact(*trace);
            out.trace = std::move(trace).value();
            out.segment = segment;
            out.reads = reads;
            out.box = box;
            out.district = std::move(d).value();
            out.district.partial = !everything;
            return out;
        }
    }
}

}  // namespace gis::network
