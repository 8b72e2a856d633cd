// The low-pressure gas network: a regulator station on Chonghua Lane feeds a trunk along the lane; the
// compound's 1986 cast-iron trunk and row branches (the trunk and the first row's branches and service
// pipes are due for renewal), the north-west and east estates' steel and PE branches, and a service pipe to
// every entrance. Valves sit on pipe joints: one at the head of every branch, a normally-closed valve on a
// loop inside the compound and one seized (inoperable) valve. Pipes are split at every tee and valve, so
// each feature is one network edge. A main ends at its last tee (where it is capped), so no pipe end is
// left joined to nothing.

#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>

#include "gis/generate/detail/plan.hpp"

namespace gis::generate::detail {
namespace {

using district::BuildingKind;

struct PipeAttrs {
    const char* kind = "main";
    int diameter = 100;
    const char* material = "steel";
    int year = 2001;
    bool renewal = false;
    std::int64_t building_fid = -1;
    int building_number = 0;
    int entrance = 0;
};

struct Run {
    Point a, b;
    PipeAttrs attrs;
    std::vector<double> cuts;  // positions along the run (metres from a) where it is split
    double last_tee = 0;       // the farthest point along the run where another run branches off
};

struct Valve {
    Point p;
    const char* state;
    bool operable;
    int diameter;
    const char* note;
};

class Network {
  public:
    std::size_t run(Point a, Point b, PipeAttrs attrs) {
        runs_.push_back({a, b, attrs, {}});
        return runs_.size() - 1;
    }
    /// Splits run `r` at point `p` (which lies on it).
    void cut(std::size_t r, Point p) {
        const auto& run = runs_[r];
        double d = std::hypot(p.x - run.a.x, p.y - run.a.y);
        runs_[r].cuts.push_back(d);
        runs_[r].last_tee = std::max(runs_[r].last_tee, d);
    }
    /// A branch from a point on run `parent` to `to`, with a valve `valve_at` metres along it (0 = none).
    std::size_t branch(std::size_t parent, Point from, Point to, PipeAttrs attrs, double valve_at = 0,
                       const char* state = "open", bool operable = true, const char* note = "") {
        cut(parent, from);
        auto r = run(from, to, attrs);
        if (valve_at > 0) valve(r, valve_at, state, operable, note);
        return r;
    }
    void valve(std::size_t r, double at, const char* state = "open", bool operable = true,
               const char* note = "") {
        const auto& run = runs_[r];
        double len = std::hypot(run.b.x - run.a.x, run.b.y - run.a.y);
        Point p{run.a.x + (run.b.x - run.a.x) * at / len, run.a.y + (run.b.y - run.a.y) * at / len};
        runs_[r].cuts.push_back(at);
        valves_.push_back({p, state, operable, run.attrs.diameter, note});
    }
    const std::vector<Run>& runs() const { return runs_; }
    const std::vector<Valve>& valves() const { return valves_; }

  private:
    std::vector<Run> runs_;
    std::vector<Valve> valves_;
};

bool inside_compound(Point p) { return p.x > 30 && p.x < 410 && p.y > 30 && p.y < 300; }

}  // namespace

void build_gas(Plan& plan) {
    Network net;
    const Point station{20, 324};
    PipeAttrs trunk{"main", 150, "steel", 2001};
    auto r0 = net.run(station, {20, 316.5}, trunk);
    net.valve(r0, 4, "open", true, "调压站出口阀");
    auto lane = net.run({20, 316.5}, {416, 316.5}, trunk);

    // Compound: cast-iron trunk down the main lane and a branch along every row lane.
    PipeAttrs old_main{"main", 100, "cast_iron", 1986, true};
    auto ctrunk =
        net.branch(lane, {222, 316.5}, {222, 63.5}, old_main, 18.5, "open", true, "行政南小区北门内总阀");
    std::vector<std::pair<std::size_t, std::size_t>> compound_rows;  // west, east branch per row
    for (const auto& rl : plan.row_lanes) {
        if (rl.zone != 0) continue;
        double y = rl.y + 1;
        PipeAttrs br{"main", 75, "cast_iron", 1986, rl.row == 0};
        PipeAttrs east = br;
        bool seized = rl.row == 1;
        auto w =
            net.branch(ctrunk, {222, y}, {40, y}, br, 3, "open", !seized, seized ? "阀门锈死，无法关闭" : "");
        auto e = net.branch(ctrunk, {222, y}, {402, y}, east, 3);
        compound_rows.push_back({w, e});
    }
    // A normally-closed loop between the west ends of rows 2 and 3.
    if (compound_rows.size() >= 4) {
        double y2 = plan.row_lanes[2].y + 1, y3 = plan.row_lanes[3].y + 1;
        auto loop = net.run({40, y2}, {40, y3}, {"main", 75, "cast_iron", 1986});
        net.valve(loop, (y3 - y2) / 2, "closed", true, "常闭联络阀");
    }

    // North-west estate and the Renmin Road back lane (west).
    PipeAttrs steel{"main", 100, "steel", 1995};
    auto nw = net.branch(lane, {416, 316.5}, {416, 525}, steel, 3.5);
    std::vector<std::pair<double, std::size_t>> branch_at_y;  // lane pipe y -> run
    for (const auto& rl : plan.row_lanes) {
        if (rl.zone == 1 || (rl.zone == 2 && rl.row == 0)) {
            double y = rl.y + 1;
            PipeAttrs br{"main", 63, "steel", rl.zone == 1 ? 1995 : 1999};
            branch_at_y.push_back({y, net.branch(nw, {416, y}, {30, y}, br, 3)});
        }
    }
    // East: across Guohuai Street, then north and south along its east side.
    PipeAttrs pe{"main", 110, "pe", 2001};
    auto crossing = net.run({416, 316.5}, {444, 316.5}, pe);
    net.valve(crossing, 4, "open", true, "国槐街过街阀");
    auto east_n = net.run({444, 316.5}, {444, 525}, pe);
    net.valve(east_n, 3.5);
    auto east_s = net.run({444, 316.5}, {444, 212}, pe);
    net.valve(east_s, 3.5);
    std::vector<std::pair<double, std::size_t>> east_branch_at_y;
    for (const auto& rl : plan.row_lanes) {
        if (rl.zone == 3 || (rl.zone == 2 && rl.row == 1)) {
            double y = rl.y + 1;
            PipeAttrs br{"main", 63, "pe", 2001 + rl.row};
            auto parent = y > 316.5 ? east_n : east_s;
            east_branch_at_y.push_back({y, net.branch(parent, {444, y}, {672, y}, br, 3)});
        }
    }
    PipeAttrs school_pipe{"main", 63, "pe", 2004};
    auto school = net.run({444, 212}, {495, 212}, school_pipe);
    net.valve(school, 6);

    // Service pipes to every entrance of every building with gas (residential, units, school).
    for (const auto& b : plan.buildings) {
        if (b.kind == BuildingKind::ShopRow || b.kind == BuildingKind::Ancillary) continue;
        for (int k = 1; k <= b.entrances; ++k) {
            Point e = b.entrance_point(k);
            std::size_t parent = 0;
            double y = 0;
            if (b.kind == BuildingKind::School) {
                parent = school;
                y = 212;
                e.x = 495;
            } else if (b.zone == 0) {
                auto& rows = compound_rows[static_cast<std::size_t>(b.row)];
                parent = e.x < 222 ? rows.first : rows.second;
                y = plan.row_lanes[static_cast<std::size_t>(b.row)].y + 1;
            } else {
                bool east = b.x0 > kGuohuaiX;
                const auto& list = east ? east_branch_at_y : branch_at_y;
                // The lane pipe on the entrance side: north of the building for 'N', south for 'S'.
                double best = 1e9;
                for (const auto& [ly, run] : list) {
                    double d = b.side == 'N' ? ly - b.y1 : b.y0 - ly;
                    if (d > 0 && d < best) {
                        best = d;
                        parent = run;
                        y = ly;
                    }
                }
            }
            PipeAttrs svc{"service", 32, b.year < 1995 ? "steel" : "pe", std::max(b.year, 1986)};
            svc.building_fid = b.fid;
            svc.building_number = b.number;
            svc.entrance = k;
            // The first row's steel service pipes are renewed together with its cast-iron branches.
            svc.renewal = b.zone == 0 && b.row == 0;
            net.branch(parent, {e.x, y}, e, svc);
        }
    }

    // A main whose far end meets no other run is capped at its last tee.
    std::map<std::pair<long long, long long>, int> ends;  // run end points (mm) -> runs that have them
    auto key = [](Point p) { return std::pair{std::llround(p.x * 1000), std::llround(p.y * 1000)}; };
    for (const auto& run : net.runs()) {
        ++ends[key(run.a)];
        ++ends[key(run.b)];
    }
    auto meets_other = [&](Point p) { return ends[key(p)] > 1; };
    std::vector<double> run_length;
    for (std::size_t r = 0; r < net.runs().size(); ++r) {
        const auto& run = net.runs()[r];
        double len = std::hypot(run.b.x - run.a.x, run.b.y - run.a.y);
        double last_valve = 0;
        for (double c : run.cuts)
            if (c > run.last_tee) last_valve = std::max(last_valve, c);
        if (std::string_view(run.attrs.kind) == "main" && run.last_tee > 0 && last_valve == 0 &&
            !meets_other(run.b))
            len = run.last_tee;
        run_length.push_back(len);
    }

    // Emit pipes, split at every cut.
    double renewal_m = 0;
    for (std::size_t r = 0; r < net.runs().size(); ++r) {
        const auto& run = net.runs()[r];
        const double full = std::hypot(run.b.x - run.a.x, run.b.y - run.a.y);
        const double len = run_length[r];
        std::vector<double> cuts;
        for (double c : run.cuts)
            if (c < len - 1e-6) cuts.push_back(c);
        cuts.push_back(0);
        cuts.push_back(len);
        std::sort(cuts.begin(), cuts.end());
        cuts.erase(
            std::unique(cuts.begin(), cuts.end(), [](double a, double b) { return std::abs(a - b) < 1e-6; }),
            cuts.end());
        for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
            auto at = [&](double d) {
                return Point{std::round((run.a.x + (run.b.x - run.a.x) * d / full) * 1000) / 1000,
                             std::round((run.a.y + (run.b.y - run.a.y) * d / full) * 1000) / 1000};
            };
            Point p0 = at(cuts[i]), p1 = at(cuts[i + 1]);
            Point mid{(p0.x + p1.x) / 2, (p0.y + p1.y) / 2};
            bool compound = inside_compound(mid);
            bool renewal = run.attrs.renewal && compound;
            if (renewal) renewal_m += std::hypot(p1.x - p0.x, p1.y - p0.y);
            plan.out.add(district::layers::kGasPipes, Geometry::from(LineString{p0, p1}))
                .set("kind", run.attrs.kind)
                .set("diameter_mm", run.attrs.diameter)
                .set("material", run.attrs.material)
                .set("pressure", "low")
                .set("year", run.attrs.year)
                .set("status", renewal ? "renewal" : "in_service")
                .set("in_compound", compound)
                .set("building_fid", run.attrs.building_fid)
                .set("building_number", run.attrs.building_number)
                .set("entrance", run.attrs.entrance);
        }
    }
    for (const auto& v : net.valves()) {
        plan.out
            .add(district::layers::kGasValves,
                 Geometry::from(Point{std::round(v.p.x * 1000) / 1000, std::round(v.p.y * 1000) / 1000}))
            .set("state", v.state)
            .set("operable", v.operable)
            .set("diameter_mm", v.diameter)
            .set("note", v.note);
    }
    plan.out.add(district::layers::kGasStations, Geometry::from(station))
        .set("name", "重华调压站")
        .set("inlet_pressure", "medium-b")
        .set("outlet_pressure", "low");
    (void)renewal_m;
}

}  // namespace gis::generate::detail
