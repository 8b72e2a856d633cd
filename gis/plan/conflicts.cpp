#include "gis/plan/conflicts.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "gis/geom/ops.hpp"
#include "gis/index/spatial_index.hpp"
#include "gis/network/gas_district.hpp"
#include "gis/plan/params.hpp"
#include "gis/plan/schedule.hpp"

namespace gis::plan {
namespace {

struct Window {
    std::optional<std::int64_t> first, last;  ///< dated
    int phase = 1;
    std::string project;
};

Window window_of(const PlanData& plan, const PlanItem& it) {
    Window w;
    w.phase = it.phase;
    w.project = it.project;
    if (auto days = phase_days(plan, it.project, it.phase)) {
        w.first = days->first;
        w.last = days->second;
    }
    return w;
}

/// Whether two windows share a day (dated), or are the same phase of one project (undated).
bool same_time(const Window& a, const Window& b) {
    if (a.first && b.first) return *a.first <= *b.last && *b.first <= *a.last;
    return a.project == b.project && a.phase == b.phase;
}

int days_of(const Window& w) { return w.first ? static_cast<int>(*w.last - *w.first + 1) : 0; }

bool is_works(const std::string& kind) { return kind != "cleanup" && kind != "greening"; }

/// The ground a works item occupies: a pipe's trench (its working width), a polygon itself, a line or
/// point with a 1 m reach.
Geometry footprint(const PlanItem& it, const ConflictOptions& o) {
    if (it.kind == "gas_pipe") {
        const double width = param_number(it.params, "trench_width_m").value_or(o.trench_width_m);
        return geom::buffer(it.geometry, std::max(0.1, width / 2), {8, geom::CapStyle::Flat});
    }
    if (!it.geometry.polygons.empty()) return it.geometry;
    return geom::buffer(it.geometry, 1.0);
}

}  // namespace

bool in_school_term(std::int64_t day) {
    const std::string s = format_date(day);
    const int md = std::stoi(s.substr(5, 2)) * 100 + std::stoi(s.substr(8, 2));
    return (md >= 301 && md <= 710) || md >= 901 || md <= 120;
}

ConflictReport find_conflicts(const district::District& d, const PlanData& plan, const std::string& project,
                              const ConflictOptions& o) {
    ConflictReport report;
    std::vector<const PlanItem*> works;
    for (const auto& it : plan.items)
        if (!it.project.empty() && is_works(it.kind)) works.push_back(&it);
    auto mine = [&](const PlanItem& it) { return project.empty() || it.project == project; };
    std::vector<Window> when;
    std::vector<Geometry> ground;
    for (const auto* it : works) {
        when.push_back(window_of(plan, *it));
        ground.push_back(footprint(*it, o));
    }
    std::set<std::pair<std::string, int>> undated;
    for (std::size_t i = 0; i < works.size(); ++i)
        if (mine(*works[i]) && !when[i].first) undated.insert({works[i]->project, works[i]->phase});
    report.undated.assign(undated.begin(), undated.end());
    const index::SpatialIndex index(ground);

    // Paving laid over trenches before they are refilled: per paving item, every early trench under it.
    {
        std::map<std::size_t, std::vector<std::size_t>> under;  // paving index -> pipe indexes
        for (std::size_t i = 0; i < works.size(); ++i) {
            if (works[i]->kind != "gas_pipe") continue;
            for (auto k : index.intersecting(ground[i])) {
                const PlanItem& pave = *works[k];
                if (pave.kind != "hardening" || !(mine(*works[i]) || mine(pave))) continue;
                const Window &tp = when[i], &pv = when[k];
                bool early;  // the paving does not wait for the refilled trench
                if (tp.first && pv.first)
                    early = *pv.first <= *tp.last;
                else if (tp.project == pv.project)
                    early = pv.phase <= tp.phase;
                else
                    continue;  // other projects without dates: no order to compare
                if (early) under[k].push_back(i);
            }
        }
        for (const auto& [k, pipes] : under) {
            const PlanItem& pave = *works[k];
            std::vector<Geometry> parts;
            std::set<std::int64_t> ids = {pave.id};
            std::optional<std::int64_t> refilled;
            int last_phase = 0;
            for (auto i : pipes) {
                Geometry over = geom::intersection(ground[i], pave.geometry);
                if (geom::area(over) < 1.0) continue;
                parts.push_back(std::move(over));
                ids.insert(works[i]->id);
                if (when[i].first) refilled = refilled ? std::max(*refilled, *when[i].last) : *when[i].last;
                last_phase = std::max(last_phase, when[i].phase);
            }
            if (parts.empty()) continue;
            Conflict c;
            c.kind = "trench_under_paving";
            c.items.assign(ids.begin(), ids.end());
            c.project = pave.project;
            c.where = geom::unite(parts);
            c.area_m2 = geom::area(c.where);
            if (refilled && when[k].first) {
                c.first_day = when[k].first;
                c.last_day = std::min(*when[k].last, *refilled);
                c.suggestion = "pipe_first_after";
                c.after_day = *refilled + 1;
            } else {
                c.suggestion = "pipe_first_phase";
            }
            // A phase of the paving's project that comes after the trenches: with dates, the earliest
            // that starts after the last one is refilled; without, the next phase by number when it has
            // no dates either. None: no move is suggested (only the date, or the order).
            const Project* p = nullptr;
            for (const auto& x : plan.projects)
                if (x.key == pave.project) p = &x;
            std::optional<std::int64_t> best_start;
            for (int q = 1; p && q <= p->phases; ++q) {
                if (q == pave.phase) continue;
                const auto days = phase_days(plan, pave.project, q);
                if (refilled) {
                    if (days && days->first > *refilled && (!best_start || days->first < *best_start)) {
                        best_start = days->first;
                        c.to_phase = q;
                    }
                } else if (q == last_phase + 1 && !days) {
                    c.to_phase = q;
                }
            }
            if (c.to_phase > 0) c.move_items = {pave.id};
            report.conflicts.push_back(std::move(c));
        }
    }

    // Shop fronts: per shop, the works in front of it and how many days they last together.
    {
        std::map<std::int64_t, std::pair<std::set<std::int64_t>, std::set<std::int64_t>>>
            per_shop;  // items, days
        std::map<std::int64_t, bool> undated_shop;
        for (const auto& shop : d.shops) {
            const Geometry at = Geometry::from(shop.location);
            for (auto k : index.within_distance(at, o.shop_distance_m)) {
                if (!mine(*works[k])) continue;
                auto& e = per_shop[shop.fid];
                e.first.insert(works[k]->id);
                if (when[k].first)
                    for (auto day = *when[k].first; day <= *when[k].last; ++day) e.second.insert(day);
                else
                    undated_shop[shop.fid] = true;
            }
        }
        // One conflict per group of shops sharing the same items (a street's row of shops).
        std::map<std::set<std::int64_t>, Conflict> groups;
        for (const auto& shop : d.shops) {
            auto it = per_shop.find(shop.fid);
            if (it == per_shop.end()) continue;
            auto& c = groups[it->second.first];
            c.kind = "shop_fronts";
            c.items.assign(it->second.first.begin(), it->second.first.end());
            c.names.push_back(shop.name);
            c.days = std::max(c.days, static_cast<int>(it->second.second.size()));
            if (!it->second.second.empty()) {
                c.first_day = c.first_day ? std::min(*c.first_day, *it->second.second.begin())
                                          : *it->second.second.begin();
                c.last_day = c.last_day ? std::max(*c.last_day, *it->second.second.rbegin())
                                        : *it->second.second.rbegin();
            }
            c.where = c.where.empty() ? Geometry::from(shop.location)
                                      : geom::unite(c.where, Geometry::from(shop.location));
        }
        for (auto& [items, c] : groups) {
            for (auto id : items)
                for (const auto* w : works)
                    if (w->id == id && c.project.empty()) c.project = w->project;
            c.suggestion = "tell_shops";
            report.conflicts.push_back(std::move(c));
        }
    }

    // A school's gate in term time.
    {
        std::vector<std::pair<std::string, Point>> gates;
        for (const auto& poi : d.pois)
            if (poi.kind == "school") gates.emplace_back(poi.name, poi.location);
        for (const auto& b : d.buildings)
            if (b.kind == district::BuildingKind::School)
                for (const auto& e : d.entrances)
                    if (e.building_fid == b.fid) gates.emplace_back(b.name, e.location);
        std::map<std::string, std::pair<std::set<std::int64_t>, std::set<std::int64_t>>> per_school;
        std::map<std::string, Point> where;
        for (const auto& [name, at] : gates)
            for (auto k : index.within_distance(Geometry::from(at), o.school_distance_m)) {
                if (!mine(*works[k]) || !when[k].first) continue;
                std::set<std::int64_t> term;
                for (auto day = *when[k].first; day <= *when[k].last; ++day)
                    if (in_school_term(day)) term.insert(day);
                if (term.empty()) continue;
                auto& e = per_school[name];
                e.first.insert(works[k]->id);
                e.second.insert(term.begin(), term.end());
                where.emplace(name, at);
            }
        for (auto& [name, e] : per_school) {
            Conflict c;
            c.kind = "school_gate";
            c.items.assign(e.first.begin(), e.first.end());
            c.names = {name};
            c.days = static_cast<int>(e.second.size());
            c.first_day = *e.second.begin();
            c.last_day = *e.second.rbegin();
            c.where = Geometry::from(where[name]);
            for (const auto* w : works)
                if (w->id == c.items.front()) c.project = w->project;
            c.suggestion = "school_holidays";
            report.conflicts.push_back(std::move(c));
        }
    }

    // A trench across every entrance of a building.
    {
        std::map<int, std::int64_t> households;
        for (const auto& h : d.households) ++households[h.building_number];
        for (const auto& b : d.buildings) {
            std::vector<const district::Entrance*> doors;
            for (const auto& e : d.entrances)
                if (e.building_fid == b.fid) doors.push_back(&e);
            if (doors.empty()) continue;
            std::set<std::int64_t> cut_by;
            bool all = true;
            for (const auto* e : doors) {
                bool cut = false;
                for (auto k : index.within_distance(Geometry::from(e->location), o.entrance_margin_m))
                    if (works[k]->kind == "gas_pipe" && mine(*works[k])) {
                        cut = true;
                        cut_by.insert(works[k]->id);
                    }
                all = all && cut;
            }
            if (!all) continue;
            Conflict c;
            c.kind = "only_entrance";
            c.items.assign(cut_by.begin(), cut_by.end());
            c.names = {b.number ? std::to_string(b.number) : b.name};
            c.households = households[b.number];
            c.where = Geometry::from(doors.front()->location);
            for (const auto* w : works)
                if (w->id == c.items.front()) {
                    c.project = w->project;
                    const Window win = window_of(plan, *w);
                    c.first_day = win.first;
                    c.last_day = win.last;
                    c.days = days_of(win);
                }
            c.suggestion = "steel_plates";
            report.conflicts.push_back(std::move(c));
        }
    }

    // Two gas shutdowns at the same time in the same zone. A shutdown is the renewal of one phase of a
    // project: its pipes isolated together (the valve-bounded zone and every pipe left without supply).
    // Two dated shutdowns whose days meet and whose zones share a pipe cut the same households' gas
    // twice over, or keep it off longer; new routes (no pipe_id) are compared by distance instead.
    {
        struct Shutdown {
            std::vector<std::size_t> works;   // indexes of its gas_pipe items
            std::vector<std::int64_t> pipes;  // existing pipes it renews
            std::set<std::int64_t> zone;      // pipes without gas while it lasts
            std::vector<std::int64_t> households;
        };
        std::map<std::pair<std::string, int>, Shutdown> shutdowns;
        for (std::size_t i = 0; i < works.size(); ++i) {
            if (works[i]->kind != "gas_pipe" || !when[i].first) continue;
            auto& sd = shutdowns[{works[i]->project, works[i]->phase}];
            sd.works.push_back(i);
            if (auto id = param_number(works[i]->params, "pipe_id"); id && *id >= 0)
                sd.pipes.push_back(static_cast<std::int64_t>(*id));
        }
        std::optional<network::DistrictGas> gas;
        if (shutdowns.size() > 1 && !d.gas_pipes.empty()) {
            gas.emplace(network::DistrictGas::build(d));
            for (auto& [key, sd] : shutdowns) {
                if (sd.pipes.empty()) continue;
                auto trace = gas->network.isolate(sd.pipes);
                if (!trace) continue;  // a pipe the network does not know: compared by distance below
                sd.zone.insert(trace->zone_pipes.begin(), trace->zone_pipes.end());
                sd.zone.insert(trace->pipes_without_supply.begin(), trace->pipes_without_supply.end());
                sd.households = gas->impact.impact(trace.value()).households;
            }
        }
        for (auto a = shutdowns.begin(); a != shutdowns.end(); ++a)
            for (auto b = std::next(a); b != shutdowns.end(); ++b) {
                const Window& wa = when[a->second.works.front()];
                const Window& wb = when[b->second.works.front()];
                if (!same_time(wa, wb)) continue;
                bool mine_either = false;
                for (auto i : a->second.works) mine_either = mine_either || mine(*works[i]);
                for (auto i : b->second.works) mine_either = mine_either || mine(*works[i]);
                if (!mine_either) continue;
                bool shared = false;
                for (auto p : a->second.zone) shared = shared || b->second.zone.count(p) > 0;
                if (!shared) {  // new routes: within reach of each other
                    for (auto i : a->second.works)
                        for (auto k : b->second.works)
                            shared = shared || geom::distance(works[i]->geometry, works[k]->geometry) <=
                                                   o.shutdown_distance_m;
                    if (!a->second.zone.empty() && !b->second.zone.empty()) shared = false;
                }
                if (!shared) continue;
                Conflict c;
                c.kind = "concurrent_shutdowns";
                std::set<std::int64_t> ids;
                std::vector<Geometry> lines;
                for (const auto* sd : {&a->second, &b->second})
                    for (auto i : sd->works) {
                        ids.insert(works[i]->id);
                        lines.push_back(works[i]->geometry);
                    }
                c.items.assign(ids.begin(), ids.end());
                c.project = a->first.first;
                c.first_day = std::max(*wa.first, *wb.first);
                c.last_day = std::min(*wa.last, *wb.last);
                c.days = static_cast<int>(*c.last_day - *c.first_day + 1);
                std::vector<std::int64_t> both;
                std::set_intersection(a->second.households.begin(), a->second.households.end(),
                                      b->second.households.begin(), b->second.households.end(),
                                      std::back_inserter(both));
                c.households = static_cast<std::int64_t>(both.size());
                c.where = geom::unite(lines);
                c.suggestion = "one_shutdown";
                report.conflicts.push_back(std::move(c));
            }
    }

    std::stable_sort(report.conflicts.begin(), report.conflicts.end(),
                     [](const Conflict& a, const Conflict& b) {
                         return std::tie(a.kind, a.items) < std::tie(b.kind, b.items);
                     });
    return report;
}

}  // namespace gis::plan
