#include "gis/plan/overlap.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "gis/core/i18n.hpp"
#include "gis/core/numbers.hpp"
#include "gis/core/strings.hpp"
#include "gis/geom/ops.hpp"
#include "gis/plan/params.hpp"

namespace gis::plan {
namespace {

constexpr double kSliver = 0.01;  // m² or m: what a difference leaves from rounding, not work

Measure measure_of(const std::string& kind) {
    const ItemKind* k = find_kind(kind);
    return k ? k->measure : Measure::Fixed;
}

Geometry polygons_of(const Geometry& g) {
    Geometry out;
    out.polygons = g.polygons;
    out.type = out.polygons.size() == 1 ? Geometry::Type::Polygon : Geometry::Type::MultiPolygon;
    return out;
}

Geometry lines_of(const Geometry& g) {
    Geometry out;
    out.lines = g.lines;
    out.type = out.lines.size() == 1 ? Geometry::Type::LineString : Geometry::Type::MultiLineString;
    return out;
}

/// The strip along stored lines within which a new line counts as the same work.
Geometry strip_of(const Geometry& g) { return geom::buffer(lines_of(g), kLineTolerance); }

std::optional<double> pipe_of(const PlanItem& it) {
    auto p = param_number(it.params, "pipe_id");
    if (p && *p >= 0) return p;
    return std::nullopt;
}

std::optional<std::string> campaign_of(const PlanItem& it) {
    if (it.kind != "cleanup") return std::nullopt;
    auto c = param_string(it.params, "campaign");
    if (c && !c->empty()) return c;
    return std::nullopt;
}

/// The stored items of `overlap` (by id).
std::vector<const PlanItem*> overlapped(const std::vector<PlanItem>& stored, const Overlap& overlap) {
    std::vector<const PlanItem*> out;
    for (const auto& w : overlap.with)
        for (const auto& s : stored)
            if (s.id == w.id) out.push_back(&s);
    return out;
}

std::string quantity(double v, const char* unit) { return format_decimal(v, 1) + " " + unit; }

}  // namespace

std::vector<std::int64_t> Overlap::ids() const {
    std::vector<std::int64_t> out;
    for (const auto& w : with) out.push_back(w.id);
    return out;
}

bool Overlap::same_work() const {
    return std::any_of(with.begin(), with.end(),
                       [](const OverlapWith& w) { return w.same_pipe || w.same_campaign; });
}

Overlap find_overlap(const std::vector<PlanItem>& stored, const PlanItem& item) {
    Overlap o;
    o.project = item.project;
    if (item.project.empty()) return o;
    const Measure measure = measure_of(item.kind);
    const bool areas = measure == Measure::Area && !item.geometry.polygons.empty();
    const bool lines = measure == Measure::Length && !item.geometry.lines.empty();
    const auto pipe = pipe_of(item);
    const auto campaign = campaign_of(item);
    const BBox box = item.geometry.bbox().grown(kLineTolerance);
    std::vector<Geometry> covering, strips;
    for (const auto& old : stored) {
        if (old.id == item.id || old.project != item.project || old.kind != item.kind) continue;
        OverlapWith w;
        w.id = old.id;
        w.kind = old.kind;
        const auto old_pipe = pipe_of(old);
        w.same_pipe = pipe && old_pipe && *pipe == *old_pipe;
        w.same_campaign = campaign && campaign == campaign_of(old);
        const bool near = !box.empty() && box.intersects(old.geometry.bbox());
        if (near && areas && !old.geometry.polygons.empty())
            w.area_m2 = geom::overlap_area(polygons_of(item.geometry), polygons_of(old.geometry));
        Geometry strip;
        if (near && lines && !old.geometry.lines.empty()) {
            strip = strip_of(old.geometry);
            w.length_m = geom::length(geom::intersection(lines_of(item.geometry), strip));
        }
        if (!(w.same_pipe || w.same_campaign || w.area_m2 > kOverlapMinArea ||
              w.length_m > kOverlapMinLength))
            continue;
        if (w.area_m2 > 0) covering.push_back(polygons_of(old.geometry));
        if (w.length_m > 0) strips.push_back(std::move(strip));
        o.with.push_back(std::move(w));
    }
    if (covering.size() == 1)
        o.area_m2 = geom::overlap_area(polygons_of(item.geometry), covering.front());
    else if (!covering.empty())
        o.area_m2 = geom::overlap_area(polygons_of(item.geometry), geom::unite(covering));
    if (!strips.empty())
        o.length_m = geom::length(geom::intersection(lines_of(item.geometry), geom::unite(strips)));
    std::sort(o.with.begin(), o.with.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return o;
}

Overlap find_overlap(const std::vector<PlanItem>& stored, const std::vector<PlanItem>& items) {
    Overlap o;
    if (!items.empty()) o.project = items.front().project;
    std::map<std::int64_t, OverlapWith> by_id;
    for (const auto& it : items) {
        const Overlap one = find_overlap(stored, it);
        if (one.empty()) continue;
        o.area_m2 += one.area_m2;
        o.length_m += one.length_m;
        for (const auto& w : one.with) {
            auto [pos, fresh] = by_id.try_emplace(w.id, w);
            if (fresh) continue;
            pos->second.area_m2 += w.area_m2;
            pos->second.length_m += w.length_m;
            pos->second.same_pipe = pos->second.same_pipe || w.same_pipe;
            pos->second.same_campaign = pos->second.same_campaign || w.same_campaign;
        }
    }
    for (auto& [id, w] : by_id) o.with.push_back(std::move(w));
    return o;
}

Result<Geometry> trim_overlap(const std::vector<PlanItem>& stored, const PlanItem& item,
                              const Overlap& overlap) {
    if (overlap.empty()) return item.geometry;
    auto ids = [&overlap] {
        std::string list;
        for (auto id : overlap.ids()) list += (list.empty() ? "" : ", ") + std::to_string(id);
        return list;
    };
    if (overlap.same_work())
        return make_error(
            ErrorCode::BadInput,
            gis::i18n::format(campaign_of(item)
                                  ? _("project {0} already has {1} item(s) {2} for the same campaign: "
                                      "there is no part of it to trim, so nothing was saved. Use "
                                      "--append to keep both, or cancel")
                                  : _("project {0} already has {1} item(s) {2} for the same pipe: "
                                      "there is no part of it to trim, so nothing was saved. Use "
                                      "--append to keep both, or cancel"),
                              overlap.project, kind_in_messages(item.kind), ids()));
    const auto olds = overlapped(stored, overlap);
    Geometry out;
    if (!item.geometry.polygons.empty() && overlap.area_m2 > 0) {
        std::vector<Geometry> covering;
        for (const auto* s : olds)
            if (!s->geometry.polygons.empty()) covering.push_back(polygons_of(s->geometry));
        const Geometry rest = geom::difference(polygons_of(item.geometry), geom::unite(covering));
        for (const auto& p : rest.polygons)
            if (geom::area(Geometry::from(p)) >= kSliver) out.polygons.push_back(p);
        out.type = out.polygons.size() == 1 ? Geometry::Type::Polygon : Geometry::Type::MultiPolygon;
        const double left = geom::area(out);
        if (out.polygons.empty() || left < kOverlapMinArea)
            return make_error(
                ErrorCode::BadInput,
                gis::i18n::format(_("the whole item is already planned: project {0}'s {1} item(s) {2} "
                                    "cover it ({3} would remain), so nothing was saved"),
                                  overlap.project, kind_in_messages(item.kind), ids(), quantity(left, "m²")));
        return out;
    }
    if (!item.geometry.lines.empty() && overlap.length_m > 0) {
        std::vector<Geometry> strips;
        for (const auto* s : olds)
            if (!s->geometry.lines.empty()) strips.push_back(strip_of(s->geometry));
        const Geometry rest =
            geom::merge_lines(geom::difference(lines_of(item.geometry), geom::unite(strips)));
        for (const auto& l : rest.lines)
            if (length_of(l) >= kSliver) out.lines.push_back(l);
        out.type = out.lines.size() == 1 ? Geometry::Type::LineString : Geometry::Type::MultiLineString;
        const double left = geom::length(out);
        if (out.lines.empty() || left < kOverlapMinLength)
            return make_error(
                ErrorCode::BadInput,
                gis::i18n::format(_("the whole item is already planned: project {0}'s {1} item(s) {2} "
                                    "run along it ({3} would remain), so nothing was saved"),
                                  overlap.project, kind_in_messages(item.kind), ids(), quantity(left, "m")));
        return out;
    }
    return item.geometry;
}

Error overlap_error(const Overlap& o, std::size_t items) {
    const std::string kind = o.with.empty() ? std::string("plan") : kind_in_messages(o.with.front().kind);
    std::string list;
    for (std::size_t i = 0; i < o.with.size() && i < 12; ++i) {
        const auto& w = o.with[i];
        std::string what;
        if (w.same_pipe) what = _("the same pipe");
        if (w.same_campaign) what = _("the same campaign");
        if (w.area_m2 > 0)
            what += (what.empty() ? "" : ", ") + quantity(w.area_m2, "m²");
        else if (w.length_m > 0)
            what += (what.empty() ? "" : ", ") + quantity(w.length_m, "m");
        list += (i ? ", " : "") + std::to_string(w.id) + (what.empty() ? "" : " (" + what + ")");
    }
    if (o.with.size() > 12) list += gis::i18n::format(_(", … ({0} in all)"), std::to_string(o.with.size()));
    const std::string of = items == 1 ? std::string(_("this item"))
                                      : gis::i18n::format(_("these {0} items"), std::to_string(items));
    std::string covering;
    if (o.area_m2 > 0)
        covering = gis::i18n::format(_("covering {0} of {1}"), quantity(o.area_m2, "m²"), of);
    else if (o.length_m > 0)
        covering = gis::i18n::format(_("along {0} of {1}"), quantity(o.length_m, "m"), of);
    else
        covering = gis::i18n::format(_("for the same work as {0}"), of);
    const std::string head =
        gis::i18n::format(o.with.size() == 1 ? _("project {0} already has {1} item {2}")
                                             : _("project {0} already has {1} items {2}"),
                          o.project, kind, list);
    return make_error(
        ErrorCode::BadInput,
        gis::i18n::format(_("{0} {1}: saving would count them twice, so nothing was saved. {2}"), head,
                          covering,
                          o.same_work() ? _("Use --append to keep both, or cancel")
                                        : _("Use --trim to save only the part not yet planned, "
                                            "--append to keep both, or cancel")));
}

}  // namespace gis::plan
