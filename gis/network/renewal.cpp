#include "gis/network/renewal.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>
#include <numeric>
#include <unordered_map>

#include "gis/core/strings.hpp"
#include "gis/geom/ops.hpp"
#include "gis/core/i18n.hpp"

namespace gis::network {
namespace {

/// Cuts `line` into consecutive pieces of at most `max_len` metres.
std::vector<LineString> cut_by_length(const LineString& line, double max_len) {
    const double total = length_of(line);
    if (!(max_len > 0) || total <= max_len) return {line};
    const int n = static_cast<int>(std::ceil(total / max_len - 1e-9));
    const double step = total / n;
    std::vector<LineString> out;
    LineString cur{line.front()};
    double walked = 0, next_cut = step;
    for (std::size_t i = 0; i + 1 < line.size(); ++i) {
        const Point a = line[i], b = line[i + 1];
        const double seg = std::hypot(b.x - a.x, b.y - a.y);
        while (seg > 0 && walked + seg > next_cut + 1e-9 && static_cast<int>(out.size()) + 1 < n) {
            const double t = (next_cut - walked) / seg;
            const Point p{a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
            cur.push_back(p);
            out.push_back(cur);
            cur = {p};
            next_cut += step;
        }
        cur.push_back(b);
        walked += seg;
    }
    out.push_back(cur);
    return out;
}

/// Fills totals, clearance violations and covered valves from the plan's pieces.
void summarise(RenewalPlan& plan, const GasNetwork& network, const ClearanceChecker& clearance,
               const RenewalOptions& opt) {
    std::map<std::pair<std::string, int>, DiameterTotal> totals;
    std::unordered_map<std::int64_t, ClearanceViolation> worst;
    std::unordered_map<std::int64_t, CoveredValve> covered;
    for (const auto& p : plan.pieces) {
        plan.length_m += p.length_m;
        plan.cost_cny += p.cost_cny;
        auto& t = totals[{p.material, p.diameter_mm}];
        t.material = p.material;
        t.diameter_mm = p.diameter_mm;
        t.length_m += p.length_m;
        t.cost_cny += p.cost_cny;
        std::vector<std::int64_t> exempt;
        if (p.pipe_id >= 0)
            if (const auto* spec = network.pipe(p.pipe_id); spec && spec->building_id >= 0)
                exempt.push_back(spec->building_id);
        for (const auto& v : clearance.check(p.line, opt.clearance.required(p.pressure), exempt)) {
            auto [it, fresh] = worst.try_emplace(v.building_id, v);
            if (!fresh && v.distance_m < it->second.distance_m) it->second = v;
        }
        for (const auto& v : network.valves_covered(Geometry::from(p.line), opt.valve_margin_m)) {
            auto [it, fresh] = covered.try_emplace(v.id, v);
            if (!fresh && v.distance_m < it->second.distance_m) it->second = v;
        }
    }
    for (auto& [key, t] : totals) plan.by_diameter.push_back(t);
    for (auto& [id, v] : worst) plan.clearance_violations.push_back(v);
    std::sort(plan.clearance_violations.begin(), plan.clearance_violations.end(),
              [](const ClearanceViolation& a, const ClearanceViolation& b) {
                  return a.distance_m != b.distance_m ? a.distance_m < b.distance_m
                                                      : a.building_id < b.building_id;
              });
    for (auto& [id, v] : covered) plan.valves_covered.push_back(v);
    std::sort(plan.valves_covered.begin(), plan.valves_covered.end(),
              [](const CoveredValve& a, const CoveredValve& b) {
                  return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.id < b.id;
              });
}

Result<void> check_material(const RenewalOptions& opt) {
    for (const auto& e : opt.prices.entries())
        if (e.material == opt.material) return {};
    return make_error(ErrorCode::BadInput,
                      gis::i18n::format(_("unknown pipe material {0} (use pe or steel, or give it unit prices)"),
                                        quote_for_message(opt.material)));
}

}  // namespace

UnitPrices UnitPrices::defaults() {
    UnitPrices p;
    for (auto [d, c] : {std::pair{32, 160.0},
                        {63, 240.0},
                        {75, 280.0},
                        {90, 320.0},
                        {110, 380.0},
                        {160, 520.0},
                        {200, 650.0},
                        {250, 800.0}})
        p.set("pe", d, c);
    for (auto [d, c] : {std::pair{32, 260.0},
                        {50, 320.0},
                        {80, 420.0},
                        {100, 520.0},
                        {150, 720.0},
                        {200, 900.0},
                        {250, 1100.0}})
        p.set("steel", d, c);
    return p;
}

void UnitPrices::set(const std::string& material, int diameter_mm, double cny_per_m) {
    auto it = std::find_if(entries_.begin(), entries_.end(), [&](const UnitPrice& e) {
        return e.material == material && e.diameter_mm == diameter_mm;
    });
    if (it != entries_.end()) {
        it->cny_per_m = cny_per_m;
        return;
    }
    entries_.push_back({material, diameter_mm, cny_per_m});
    std::sort(entries_.begin(), entries_.end(), [](const UnitPrice& a, const UnitPrice& b) {
        return a.material != b.material ? a.material < b.material : a.diameter_mm < b.diameter_mm;
    });
}

Result<void> UnitPrices::set(std::string_view text) {
    const auto colon = text.find(':'), eq = text.find('=');
    auto bad = [&] {
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("unit price must look like MATERIAL:DIAMETER=CNY (e.g. pe:110=420), "
                                              "got {0}"),
                                            quote_for_message(text)));
    };
    if (colon == std::string_view::npos || eq == std::string_view::npos || eq < colon || colon == 0)
        return bad();
    const std::string material(text.substr(0, colon));
    const std::string dn(text.substr(colon + 1, eq - colon - 1)), cny(text.substr(eq + 1));
    char* end = nullptr;
    errno = 0;
    const long d = std::strtol(dn.c_str(), &end, 10);
    if (dn.empty() || *end || errno || d <= 0 || d > 5000) return bad();
    const double c = std::strtod(cny.c_str(), &end);
    if (cny.empty() || *end || !std::isfinite(c) || c <= 0) return bad();
    set(material, static_cast<int>(d), c);
    return {};
}

Result<double> UnitPrices::per_metre(const std::string& material, int diameter_mm) const {
    for (const auto& e : entries_)
        if (e.material == material && e.diameter_mm >= diameter_mm) return e.cny_per_m;
    return make_error(ErrorCode::NotFound,
                      gis::i18n::format(_("no unit price for {0} of diameter {1} mm or more (add one with "
                                          "--unit-price {0}:{1}=CNY)"),
                                        material, std::to_string(diameter_mm)));
}

Result<RenewalPlan> plan_replacement(const GasNetwork& network, const ClearanceChecker& clearance,
                                     const std::vector<std::int64_t>& pipe_ids, const RenewalOptions& opt) {
    if (pipe_ids.empty()) return make_error(ErrorCode::BadInput, _("no pipe to replace"));
    if (auto r = check_material(opt); !r) return r.error();
    std::vector<std::int64_t> ids = pipe_ids;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());

    RenewalPlan plan;
    for (auto id : ids) {
        const PipeSpec* p = network.pipe(id);
        if (!p) return make_error(ErrorCode::NotFound, gis::i18n::format(_("no gas pipe with id {0}"), std::to_string(id)));
        RenewalPiece piece;
        piece.pipe_id = id;
        piece.line = p->line;
        piece.diameter_mm = opt.diameter_mm > 0 ? opt.diameter_mm : p->diameter_mm;
        piece.material = opt.material;
        if (opt.pressure) {
            piece.pressure = *opt.pressure;
        } else {
            auto pc = parse_pressure(p->pressure.empty() ? "low" : p->pressure);
            if (!pc)
                return make_error(ErrorCode::BadInput,
                                  gis::i18n::format(_("pipe {0}: {1}"), std::to_string(id), pc.error().message));
            piece.pressure = pc.value();
        }
        auto price = opt.prices.per_metre(piece.material, piece.diameter_mm);
        if (!price) return price.error();
        piece.length_m = length_of(piece.line);
        piece.cost_cny = piece.length_m * price.value();
        plan.pieces.push_back(std::move(piece));
    }

    // Phases: pipes that share a valve-bounded zone are worked on under one isolation.
    std::vector<std::size_t> parent(ids.size());
    std::iota(parent.begin(), parent.end(), std::size_t{0});
    auto root = [&](std::size_t x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    };
    // A valve-bounded zone is the same from any of its pipes, so each zone is traced once.
    std::vector<bool> zoned(ids.size(), false);
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (zoned[i]) continue;
        auto t = network.isolate(ids[i]);
        if (!t) return t.error();
        for (auto z : t->zone_pipes)
            if (auto it = std::lower_bound(ids.begin(), ids.end(), z); it != ids.end() && *it == z) {
                const auto j = static_cast<std::size_t>(it - ids.begin());
                zoned[j] = true;
                parent[root(j)] = root(i);
            }
    }
    std::map<std::size_t, int> phase_of_root;  // numbered by their lowest pipe id
    for (std::size_t i = 0; i < ids.size(); ++i) {
        auto [it, fresh] = phase_of_root.try_emplace(root(i), static_cast<int>(phase_of_root.size()) + 1);
        if (fresh) plan.phases.push_back({it->second, {}, 0, 0, {}});
        auto& ph = plan.phases[static_cast<std::size_t>(it->second - 1)];
        ph.pipe_ids.push_back(ids[i]);
        ph.length_m += plan.pieces[i].length_m;
        ph.cost_cny += plan.pieces[i].cost_cny;
        plan.pieces[i].phase = it->second;
    }
    for (auto& ph : plan.phases) {
        auto t = network.isolate(ph.pipe_ids);
        if (!t) return t.error();
        ph.interruption = std::move(t.value());
    }
    auto all = network.isolate(ids);
    if (!all) return all.error();
    plan.interruption = std::move(all.value());
    summarise(plan, network, clearance, opt);
    return plan;
}

Result<RenewalPlan> plan_new_route(const GasNetwork& network, const ClearanceChecker& clearance,
                                   const LineString& route, const RenewalOptions& opt) {
    if (auto r = check_material(opt); !r) return r.error();
    LineString line = route;
    line.erase(std::unique(line.begin(), line.end()), line.end());
    for (const auto& p : line)
        if (!std::isfinite(p.x) || !std::isfinite(p.y))
            return make_error(ErrorCode::BadInput, _("the route has a coordinate that is not a finite number"));
    if (line.size() < 2 || length_of(line) <= 0)
        return make_error(ErrorCode::BadInput, _("a route needs at least two distinct points"));
    const int diameter = opt.diameter_mm > 0 ? opt.diameter_mm : (opt.material == "pe" ? 110 : 100);
    auto price = opt.prices.per_metre(opt.material, diameter);
    if (!price) return price.error();
    RenewalPlan plan;
    int phase = 0;
    for (auto& part : cut_by_length(line, opt.phase_length_m)) {
        RenewalPiece piece;
        piece.line = std::move(part);
        piece.diameter_mm = diameter;
        piece.material = opt.material;
        piece.pressure = opt.pressure.value_or(PressureClass::Low);
        piece.length_m = length_of(piece.line);
        piece.cost_cny = piece.length_m * price.value();
        piece.phase = ++phase;
        plan.phases.push_back({phase, {}, piece.length_m, piece.cost_cny, {}});
        plan.pieces.push_back(std::move(piece));
    }
    summarise(plan, network, clearance, opt);
    return plan;
}

Result<LineString> auto_route(const StreetGraph& streets, const Point& from, const Point& to,
                              double offset_m) {
    if (!std::isfinite(offset_m))
        return make_error(ErrorCode::BadInput, _("the route offset must be a finite number of metres"));
    auto path = streets.shortest_path(from, to);
    if (!path.found) return make_error(ErrorCode::NotFound, _("no street or lane connects the two points"));
    LineString line = path.points;
    line.erase(std::unique(line.begin(), line.end()), line.end());
    if (line.size() < 2)
        return make_error(ErrorCode::BadInput, _("the two points snap to the same place on the street network"));
    if (offset_m == 0) return line;
    LineString off = geom::offset_line(line, offset_m);
    if (off.size() < 2)
        return make_error(ErrorCode::Internal,
                          gis::i18n::format(_("offsetting the route by {0} m failed"), fmt_fixed(offset_m, 2)));
    return off;
}

Result<LineString> route_from_wkt(std::string_view wkt) {
    auto g = geom::from_wkt(wkt);
    if (!g) return g.error();
    const bool line = g->type == Geometry::Type::LineString ||
                      (g->type == Geometry::Type::MultiLineString && g->lines.size() == 1);
    if (!line || g->lines.empty())
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("a route must be a LINESTRING, got {0}"), to_string(g->type)));
    if (g->lines.front().size() < 2)
        return make_error(ErrorCode::BadInput, _("a route needs at least two points"));
    return g->lines.front();
}

}  // namespace gis::network
