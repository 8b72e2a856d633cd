// District import: what the sources are silent about, derived (entrances, forecourts, street surfaces, the
// boundary, the gas network's junctions and doors, compound membership).

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "gis/core/i18n.hpp"
#include "gis/geom/ops.hpp"
#include "gis/index/spatial_index.hpp"
#include "gis/ingest/derive.hpp"
#include "gis/ingest/detail/importer.hpp"

namespace gis::ingest::detail {

/// Model records from the buildings layer (for the derivations), derived fields filled in on both.
Result<void> Importer::derive_buildings() {
    Layer& bl = layers_[L::kBuildings];
    LayerTally* tl = find_tally(L::kBuildings);
    const bool numbered = derives(L::kBuildings, "kind", "numbered");
    const bool by_length = derives(L::kBuildings, "entrances", "slab_length");
    const bool by_orientation = derives(L::kBuildings, "entrance_side", "orientation");
    const bool by_floors = derives(L::kBuildings, "height_m", "floors");
    std::int64_t n_kind = 0, n_ent = 0, n_side = 0, n_height = 0, n_overridden = 0;
    const auto* overrides = m_.find(L::kBuildings) ? &m_.find(L::kBuildings)->overrides : nullptr;
    if (overrides && overrides->empty()) overrides = nullptr;
    const std::map<std::string, std::map<std::string, io::FieldValue>>::const_iterator overrides_end =
        overrides ? overrides->end()
                  : std::map<std::string, std::map<std::string, io::FieldValue>>::const_iterator{};
    std::set<std::string> seen_overrides;
    if (overrides)  // each value in its field's type (and a kind or a side among the codes) before any is
                    // applied
        for (const auto& [number, fields] : *overrides)
            for (const auto& [field, v] : fields) {
                const std::string at = number + "." + field;
                const int k = field_at(*bl.schema, field);
                auto c = coerce(v, bl.schema->fields[static_cast<std::size_t>(k)].type, field);
                if (c && (field == "kind" || field == "entrance_side")) {
                    const auto* text = std::get_if<std::string>(&v);
                    auto code = apply_rule(field == "kind" ? "building_kind" : "side", text ? *text : "");
                    if (!code || !text || io::to_display(*code) != *text)
                        c = make_error(ErrorCode::BadInput,
                                       field == "kind"
                                           ? _("use residential, unit, school, shop_row, ancillary or other")
                                           : _("use N, S, E or W"));
                }
                if (!c)
                    return make_error(ErrorCode::BadInput,
                                      gis::i18n::format(_("{0}: [buildings.overrides] {1}: {2}"), m_.path, at,
                                                        c.error().message));
            }
    // Streets first: the entrance side looks for the nearer street.
    Layer& sl = layers_[L::kStreets];
    std::int64_t widths = 0;
    for (auto& f : sl.features) {
        if (!(sl.real(f, "width_m") > 0)) {
            // No width (derive = "class", or an empty cell): the class's typical width (primary 30-40 m
            // with sidewalks, secondary 20-24 m, local 12-16 m, lanes 4-7 m).
            const std::string c = sl.str(f, "class");
            sl.set(f, "width_m", c == "primary" ? 30.0 : c == "secondary" ? 20.0 : c == "local" ? 12.0 : 5.0);
            ++widths;
        }
        district::Street s;
        s.fid = f.fid;
        s.name = sl.str(f, "name");
        s.street_class = sl.str(f, "class");
        s.width_m = sl.real(f, "width_m");
        s.in_compound = sl.num(f, "in_compound") != 0;
        if (!f.geometry.lines.empty()) s.centreline = f.geometry.lines.front();
        streets_.push_back(std::move(s));
    }
    // Only the streets near a slab can decide its entrance side: found through an index, not a scan.
    std::vector<Geometry> centrelines;
    if (by_orientation)
        for (const auto& s : streets_) centrelines.push_back(Geometry::from(s.centreline));
    const index::SpatialIndex street_index(std::move(centrelines));
    std::vector<district::Street> near;
    for (auto& f : bl.features) {
        if (numbered) {
            bl.set(f, "kind", std::string(bl.num(f, "number") > 0 ? "residential" : "other"));
            n_kind += bl.num(f, "number") > 0;
        }
        const auto over = overrides ? overrides->find(std::to_string(bl.num(f, "number"))) : overrides_end;
        const bool overridden = overrides && bl.num(f, "number") > 0 && over != overrides_end;
        // By hand, before the derivations that read them (kind, floors) and again after (entrances, side).
        auto apply_overrides = [&] {
            if (!overridden) return;
            for (const auto& [field, v] : over->second) {
                const int k = field_at(*bl.schema, field);
                f.values[static_cast<std::size_t>(k)] =
                    coerce(v, bl.schema->fields[static_cast<std::size_t>(k)].type, field).value();
            }
        };
        apply_overrides();
        district::Building b;
        b.fid = f.fid;
        b.number = static_cast<int>(bl.num(f, "number"));
        b.kind = district::building_kind_from(bl.str(f, "kind"));
        b.floors = static_cast<int>(bl.num(f, "floors"));
        b.flats_per_floor = static_cast<int>(bl.num(f, "flats_per_floor"));
        b.shop_ground_floor = bl.num(f, "shop_ground_floor") != 0;
        b.in_compound = bl.num(f, "in_compound") != 0;
        b.footprint = f.geometry.polygons.front();
        const bool residential = b.kind == district::BuildingKind::Residential;
        if (by_length) {
            bl.set(f, "entrances",
                   std::int64_t(residential ? entrances_from_length(slab_shape(b.footprint).length_m) : 0));
            n_ent += residential;
        }
        if (by_orientation) {
            near.clear();
            for (std::size_t k : street_index.within_distance(Geometry::from(b.footprint), 60.0))
                near.push_back(streets_[k]);
            bl.set(f, "entrance_side", std::string(1, entrance_side(b.footprint, near)));
            n_side += residential;
        }
        if (by_floors) {
            bl.set(f, "height_m", 3.0 * b.floors);
            ++n_height;
        }
        apply_overrides();
        if (overridden) {
            ++n_overridden;
            seen_overrides.insert(over->first);
            b.floors = static_cast<int>(bl.num(f, "floors"));
            b.flats_per_floor = static_cast<int>(bl.num(f, "flats_per_floor"));
            b.shop_ground_floor = bl.num(f, "shop_ground_floor") != 0;
            b.in_compound = bl.num(f, "in_compound") != 0;
        }
        if (!residential) {
            // Flats are counted only in residential buildings; a shop row's "entrances" are not 单元.
            if (!bl.is_set(f, "flats_per_floor")) bl.set(f, "flats_per_floor", std::int64_t(0));
        }
        b.entrances = static_cast<int>(bl.num(f, "entrances"));
        const std::string side = bl.str(f, "entrance_side");
        b.entrance_side = side.empty() ? 'N' : side[0];
        if (side.empty() && residential) bl.set(f, "entrance_side", std::string("N"));
        buildings_.push_back(std::move(b));
    }
    if (overrides)
        for (const auto& [number, fields] : *overrides)
            if (!seen_overrides.count(number))
                return make_error(
                    ErrorCode::BadInput,
                    gis::i18n::format(_("{0}: [buildings.overrides] {1}: no residential building has "
                                        "this number"),
                                      m_.path, number));
    if (LayerTally* st = find_tally(L::kStreets); st && widths)
        st->notes.push_back(tr(o_, "路宽：无宽度的道路按等级取典型宽度（",
                               "width: streets without one took their class's typical width (") +
                            std::to_string(widths) + ")");
    if (tl) {
        if (n_kind)
            tl->notes.push_back(tr(o_, "类型：有楼号者为住宅（", "kind: residential when numbered (") +
                                std::to_string(n_kind) + ")");
        if (n_ent)
            tl->notes.push_back(tr(o_, "单元数：按楼长推算（", "entrances: from slab length (") +
                                std::to_string(n_ent) + ")");
        if (n_side)
            tl->notes.push_back(
                tr(o_, "入口朝向：按楼向与临街推算（", "entrance side: from orientation and streets (") +
                std::to_string(n_side) + ")");
        if (n_height)
            tl->notes.push_back(tr(o_, "高度：每层 3 米（", "height: 3 m a floor (") +
                                std::to_string(n_height) + ")");
        if (n_overridden)
            tl->notes.push_back(
                tr(o_, "手工设定：[buildings.overrides] 中的 ", "set by hand in [buildings.overrides]: ") +
                std::to_string(n_overridden) + tr(o_, " 栋", " buildings"));
    }
    return {};
}

/// Layers the sources did not give, derived from those they did.
void Importer::derive_layers() {
    progress(_("deriving entrances"), 0, 0);
    // Entrances on the entrance side of every residential slab.
    Layer& el = layers_[L::kEntrances];
    if (!m_.find(L::kEntrances)) {
        for (const auto& b : buildings_) {
            if (b.entrances <= 0) continue;  // units and schools have doors too (and gas service to them)
            for (auto e : derive_entrances(b)) {
                // Features are made once the gas network has placed the doors (write_entrances).
                e.fid = static_cast<std::int64_t>(entrances_.size()) + 1;
                entrances_.push_back(e);
            }
        }
        note_derived(L::kEntrances, static_cast<std::int64_t>(entrances_.size()),
                     tr(o_, "入口：沿入口一侧均匀分布", "entrances: evenly along the entrance side"));
    } else {
        for (const auto& f : el.features) {
            district::Entrance e;
            e.fid = f.fid;
            e.building_number = static_cast<int>(el.num(f, "building_number"));
            e.number = static_cast<int>(el.num(f, "entrance"));
            if (!f.geometry.points.empty()) e.location = f.geometry.points.front();
            if (const auto* b = [&]() -> const district::Building* {
                    for (const auto& x : buildings_)
                        if (x.number == e.building_number && x.number > 0) return &x;
                    return nullptr;
                }())
                el.set(const_cast<io::Feature&>(f), "building_fid", b->fid);
            entrances_.push_back(e);
        }
    }
    if (!m_.find(L::kForecourts)) {
        double depth = 6.0;
        if (auto it = m_.options.find("forecourt_depth_m"); it != m_.options.end()) {
            if (const auto* d = std::get_if<double>(&it->second)) depth = *d;
            if (const auto* i = std::get_if<std::int64_t>(&it->second)) depth = static_cast<double>(*i);
        }
        Layer& fl = layers_[L::kForecourts];
        progress(_("deriving forecourts"), 0, 0);
        const std::string surface = option_text("forecourt_surface");
        for (const auto& fc : derive_forecourts(buildings_, depth, surface)) {
            io::Feature& f = fl.add(Geometry::from(fc.polygon));
            fl.set(f, "building_number", std::int64_t(fc.building_number));
            fl.set(f, "side", std::string(1, fc.side));
            fl.set(f, "depth_m", fc.depth_m);
            fl.set(f, "surface", fc.surface.empty() ? std::string("unpaved") : fc.surface);
            fl.set(f, "in_compound", std::int64_t(fc.in_compound ? 1 : 0));
        }
        note_derived(
            L::kForecourts, static_cast<std::int64_t>(fl.features.size()),
            tr(o_, "楼前场地：入口一侧，进深 ", "forecourts: on the entrance side, ") + fmt_fixed(depth, 1) +
                tr(o_, " 米（[derive] forecourt_depth_m）", " m deep ([derive] forecourt_depth_m)") +
                (surface.empty()
                     ? tr(o_, "；地面按惯例假定（小区内未硬化，小区外混凝土；[derive] forecourt_surface）",
                          "; surface assumed (unpaved in a compound, concrete elsewhere; [derive] "
                          "forecourt_surface)")
                     : tr(o_, "；地面 ", "; surface ") + surface));
    }
    if (!m_.find(L::kStreetSurfaces) && !streets_.empty()) {
        Layer& ss = layers_[L::kStreetSurfaces];
        progress(_("deriving street surfaces"), 0, 0);
        const std::string lane = option_text("lane_surface"), street = option_text("street_surface");
        for (const auto& s : derive_street_surfaces(streets_)) {
            io::Feature& f = ss.add(Geometry::from(s.polygon));
            ss.set(f, "street_id", s.street_id);
            ss.set(f, "name", s.name);
            ss.set(f, "class", s.street_class);
            const std::string& given = s.street_class == "lane" ? lane : street;
            ss.set(f, "surface", given.empty() ? s.surface : given);
            ss.set(f, "in_compound", std::int64_t(s.in_compound ? 1 : 0));
        }
        note_derived(
            L::kStreetSurfaces, static_cast<std::int64_t>(ss.features.size()),
            tr(o_, "路面：中心线 × 路宽", "street surfaces: centreline × width") +
                ((lane.empty() || street.empty())
                     ? tr(o_,
                          "；面层按惯例假定（道路沥青，巷道小区内未硬化、小区外混凝土；[derive] "
                          "lane_surface / street_surface）",
                          "; surface assumed (asphalt streets; lanes unpaved in a compound, concrete "
                          "elsewhere; "
                          "[derive] lane_surface / street_surface)")
                     : tr(o_, "；巷道 ", "; lanes ") + lane + tr(o_, "，道路 ", ", streets ") + street));
    }
}

/// The boundary when no file gives one: the streets around the buildings, else a hull.
void Importer::derive_boundary_layer() {
    Layer& bd = layers_[L::kBoundary];
    if (!m_.find(L::kBoundary)) {
        progress(_("deriving the boundary"), 0, 0);
        auto b = derive_boundary(buildings_, streets_);
        io::Feature& f = bd.add(Geometry::from(b.polygon));
        bd.set(f, "name", m_.name);
        bd.set(f, "name_en", m_.name_en);
        bd.set(f, "subdistrict", m_.subdistrict);
        note_derived(
            L::kBoundary, 1,
            b.rule == "streets"
                ? tr(o_, "边界：四周道路中心线围合", "boundary: the streets around the buildings")
                : tr(o_, "边界：全部要素的外包范围外扩 10 米", "boundary: the hull of everything, 10 m out"));
    }
    for (auto& f : bd.features) {
        if (!bd.is_set(f, "area_m2") && !f.geometry.polygons.empty())
            bd.set(f, "area_m2", geom::area(Geometry::from(f.geometry.polygons.front())));
        if (bd.str(f, "name").empty()) bd.set(f, "name", m_.name);
    }
}

/// The gas network as the utility drew it: junctions where a pipe ends on another's side, valves on
/// pipes, service pipes to the doors they serve.
void Importer::derive_gas() {
    Layer& gp = layers_[L::kGasPipes];
    if (!gp.features.empty()) {
        // The lines move into the noder's records and back (a city's pipes are not held twice).
        std::vector<district::GasPipe> pipes;
        pipes.reserve(gp.features.size());
        for (auto& f : gp.features) {
            district::GasPipe p;
            p.fid = f.fid;
            // Pieces of a split pipe copy its record: the feature's index rides along in building_fid.
            p.building_fid = static_cast<std::int64_t>(pipes.size());
            if (!f.geometry.lines.empty()) p.line = std::move(f.geometry.lines.front());
            f.geometry = {};
            pipes.push_back(std::move(p));
        }
        std::vector<io::Feature> before = std::move(gp.features);
        progress(_("joining gas pipes"), 0, 0);
        const int splits = node_gas_pipes(pipes);
        if (splits > 0) {
            // Each piece keeps the attributes of the pipe it was cut from (fid still names that pipe).
            gp.features.clear();
            for (const auto& p : pipes) {
                io::Feature f = before[static_cast<std::size_t>(p.building_fid)];
                f.geometry = Geometry::from(p.line);
                f.fid = static_cast<std::int64_t>(gp.features.size()) + 1;
                gp.features.push_back(std::move(f));
            }
            if (auto* t = find_tally(L::kGasPipes))
                t->notes.push_back(tr(o_, "管网节点：在支管接入处打断 ",
                                      "network: split where a pipe meets another's side, ") +
                                   std::to_string(splits) + tr(o_, " 处", " times"));
        } else {
            gp.features = std::move(before);
            for (std::size_t i = 0; i < pipes.size(); ++i)
                if (!pipes[i].line.empty())
                    gp.features[i].geometry = Geometry::from(std::move(pipes[i].line));
        }
        // A city's pipes are held once at a time: the copies made for noding go before the next step.
        std::vector<io::Feature>().swap(before);
        std::vector<district::GasPipe>().swap(pipes);
        if (derives(L::kGasPipes, "kind", "ends")) {
            // A pipe with an end at a building's wall (within 3 m) is its service pipe; the rest are mains.
            std::vector<Geometry> walls;
            for (const auto& b : buildings_) walls.push_back(Geometry::from(b.footprint));
            const index::SpatialIndex near_wall(std::move(walls));
            std::int64_t services = 0;
            for (auto& f : gp.features) {
                if (f.geometry.lines.empty()) continue;
                const LineString& l = f.geometry.lines.front();
                const bool service = !near_wall.within_distance(Geometry::from(l.front()), 3.0).empty() ||
                                     !near_wall.within_distance(Geometry::from(l.back()), 3.0).empty();
                gp.set(f, "kind", std::string(service ? "service" : "main"));
                services += service;
            }
            if (auto* t = find_tally(L::kGasPipes))
                t->notes.push_back(tr(o_, "类型：一端在楼旁 3 米内的为户线（",
                                      "kind: service where an end is within 3 m of a building (") +
                                   std::to_string(services) +
                                   tr(o_, " 条），其余为干管", "), the rest mains"));
        }
        std::unordered_map<int, std::int64_t> fid_by_number;
        for (const auto& b : buildings_)
            if (b.number > 0) fid_by_number[b.number] = b.fid;
        // Service pipes: the building and door they serve (by number where the source says, else the
        // nearest door), and their end carried on to that door so the network reaches its households.
        std::vector<district::GasPipe> service;
        std::vector<io::Feature*> refs;
        for (auto& f : gp.features) {
            if (gp.str(f, "kind") != "service" || f.geometry.lines.empty()) {
                gp.set(f, "building_fid", std::int64_t(-1));
                continue;
            }
            district::GasPipe p;
            p.kind = "service";
            p.building_number = static_cast<int>(gp.num(f, "building_number"));
            p.entrance = static_cast<int>(gp.num(f, "entrance"));
            auto it = fid_by_number.find(p.building_number);
            p.building_fid = p.building_number > 0 && it != fid_by_number.end() ? it->second : -1;
            if (p.building_fid < 0) p.building_number = p.entrance = 0;
            p.line = f.geometry.lines.front();
            service.push_back(std::move(p));
            refs.push_back(&f);
        }
        progress(_("linking gas service pipes"), 0, 0);
        const bool doors_derived = !m_.find(L::kEntrances);
        const ServiceJoin join = connect_service_pipes(service, entrances_, doors_derived);
        for (std::size_t i = 0; i < service.size(); ++i) {
            gp.set(*refs[i], "building_fid", service[i].building_fid);
            gp.set(*refs[i], "building_number", std::int64_t(service[i].building_number));
            gp.set(*refs[i], "entrance", std::int64_t(service[i].entrance));
            refs[i]->geometry = Geometry::from(service[i].line);
        }
        if (auto* t = find_tally(L::kGasPipes);
            t && (join.linked || join.moved || join.extended || join.unreached))
            t->notes.push_back(
                tr(o_, "户线：按最近的单元入口关联 ", "service pipes linked to the nearest door: ") +
                std::to_string(join.linked) +
                tr(o_, "，推算的入口移到户线端点 ", ", derived doors moved to their pipe's end: ") +
                std::to_string(join.moved) + tr(o_, "，接到单元入口 ", ", pipes carried on to their door: ") +
                std::to_string(join.extended) +
                tr(o_, "，距入口超过 15 米 ", ", farther than 15 m from it: ") +
                std::to_string(join.unreached));
        std::vector<district::GasPipe>().swap(service);
        Layer& gv = layers_[L::kGasValves];
        std::vector<district::GasValve> valves;
        for (const auto& f : gv.features) {
            district::GasValve v;
            v.fid = f.fid;
            if (!f.geometry.points.empty()) v.location = f.geometry.points.front();
            valves.push_back(v);
        }
        std::vector<district::GasPipe> lines;
        for (const auto& f : gp.features) {
            district::GasPipe p;
            if (!f.geometry.lines.empty()) p.line = f.geometry.lines.front();
            lines.push_back(std::move(p));
        }
        progress(_("placing gas valves"), 0, 0);
        const SnapReport snap = snap_valves(valves, lines);
        for (std::size_t i = 0; i < valves.size(); ++i)
            gv.features[i].geometry = Geometry::from(valves[i].location);
        if (auto* t = find_tally(L::kGasValves); t && (snap.snapped || snap.off_network))
            t->notes.push_back(tr(o_, "阀门：吸附到管线 ", "valves snapped onto pipes: ") +
                               std::to_string(snap.snapped) + tr(o_, "，离网 ", ", off every pipe: ") +
                               std::to_string(snap.off_network));
    }
}

/// Buildings that shops and points of interest stand in or against; compound membership by geometry
/// where the sources do not say.
void Importer::link_points() {
    // The footprints' index only when there are points to place (a city's is hundreds of megabytes).
    const bool points = !layers_[L::kShops].features.empty() || !layers_[L::kPois].features.empty();
    std::vector<Geometry> footprints;
    if (points)
        for (const auto& b : buildings_) footprints.push_back(Geometry::from(b.footprint));
    const index::SpatialIndex idx(std::move(footprints));
    for (const char* name : {L::kShops, L::kPois}) {
        Layer& l = layers_[name];
        if (mapping(name, "building_fid") || l.features.empty()) continue;
        for (auto& f : l.features) {
            std::int64_t fid = -1;
            if (!f.geometry.points.empty())
                if (auto k = idx.nearest(f.geometry.points.front(), 3.0)) fid = buildings_[*k].fid;
            l.set(f, "building_fid", fid);
        }
    }
    const Layer& cl = layers_[L::kCompound];
    if (cl.features.empty()) return;
    std::vector<Geometry> compounds;
    for (const auto& f : cl.features)
        if (!f.geometry.polygons.empty()) compounds.push_back(Geometry::from(f.geometry.polygons.front()));
    index::SpatialIndex cidx(compounds);
    auto inside = [&](const Geometry& g) {
        if (g.polygons.empty() && g.lines.empty() && g.points.empty()) return false;
        const Point c = g.bbox().center();
        return !cidx.containing(c).empty();
    };
    for (const char* name :
         {L::kBuildings, L::kStreets, L::kSurfaces, L::kGasPipes, L::kForecourts, L::kStreetSurfaces}) {
        if (mapping(name, "in_compound")) continue;
        Layer& l = layers_[name];
        std::int64_t n = 0;
        for (auto& f : l.features) {
            const bool in = inside(f.geometry);
            l.set(f, "in_compound", std::int64_t(in ? 1 : 0));
            n += in;
        }
        if (std::string(name) == L::kBuildings && l.features.size() == buildings_.size())
            for (std::size_t i = 0; i < buildings_.size(); ++i)
                buildings_[i].in_compound = l.num(l.features[i], "in_compound") != 0;
    }
}

}  // namespace gis::ingest::detail
