#include "gis/plan/market.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "gis/core/strings.hpp"
#include "gis/geom/ops.hpp"
#include "gis/plan/params.hpp"
#include "gis/privacy/privacy.hpp"
#include "gis/core/i18n.hpp"

namespace gis::plan::market {
namespace {

constexpr double kPi = 3.14159265358979323846;

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

/// A frame whose x axis runs along the outline's long axis.
struct Frame {
    Point origin;
    double c = 1, s = 0;  ///< cos and sin of the axis angle
    Point to_local(const Point& p) const {
        const double dx = p.x - origin.x, dy = p.y - origin.y;
        return {dx * c + dy * s, -dx * s + dy * c};
    }
    Point to_world(const Point& p) const {
        return {origin.x + p.x * c - p.y * s, origin.y + p.x * s + p.y * c};
    }
    Polygon rect(double x0, double y0, double x1, double y1) const {
        Ring r = {to_world({x0, y0}), to_world({x1, y0}), to_world({x1, y1}), to_world({x0, y1})};
        r.push_back(r.front());
        return Polygon{r, {}};
    }
};

/// The long axis: the direction of the outline's edge whose bounding rectangle is smallest (the minimum-
/// area rectangle's sides run along an edge of the convex hull; the outline's own edges suffice for the
/// street-shaped outlines a market has), turned so that x runs along its longer side.
Frame long_axis(const Ring& ring, BBox& local) {
    Frame best;
    double best_area = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
        const double dx = ring[i + 1].x - ring[i].x, dy = ring[i + 1].y - ring[i].y;
        const double len = std::hypot(dx, dy);
        if (len < 1e-9) continue;
        Frame f{ring.front(), dx / len, dy / len};
        BBox b;
        for (const auto& p : ring) b.expand(f.to_local(p));
        if (b.height() > b.width()) {  // x along the longer side
            f = Frame{ring.front(), -dy / len, dx / len};
            b = BBox{};
            for (const auto& p : ring) b.expand(f.to_local(p));
        }
        // Prefer the first edge of equal area (deterministic), and a direction pointing east-ish.
        if (b.width() * b.height() < best_area - 1e-6) {
            best_area = b.width() * b.height();
            best = f;
            local = b;
        }
    }
    if (best.c < -1e-12 || (std::abs(best.c) <= 1e-12 && best.s < 0)) {
        best.c = -best.c;
        best.s = -best.s;
        local = BBox{};
        for (const auto& p : ring) local.expand(best.to_local(p));
    }
    return best;
}

Result<void> in_range(const char* what, double v, double lo, double hi) {
    if (!std::isfinite(v) || v < lo || v > hi)
        return make_error(ErrorCode::BadInput, gis::i18n::format(_("{0} is {1}..{2} m (given {3})"), _(what),
                                                                 fmt_fixed(lo, 1), fmt_fixed(hi, 1), fmt_fixed(v, 2)));
    return {};
}

}  // namespace

Result<void> check(const LayoutParams& p) {
    if (auto r = in_range("--stall-width", p.stall_width, 0.5, 20); !r) return r;
    if (auto r = in_range("--stall-depth", p.stall_depth, 0.5, 20); !r) return r;
    if (auto r = in_range("--aisle", p.aisle, 1, 30); !r) return r;
    if (auto r = in_range("--fire-gap", p.fire_gap, 1, 30); !r) return r;
    if (auto r = in_range(N_("desk length"), p.desk_length, 0.5, 20); !r) return r;
    if (p.every < 1 || p.every > 200)
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("--every is 1..200 stalls between fire gaps (given {0})"),
                                            std::to_string(p.every)));
    return {};
}

Result<Layout> layout_stalls(const Polygon& outline, const LayoutParams& p) {
    if (auto c = check(p); !c) return c.error();
    if (outline.outer.size() < 4)
        return make_error(ErrorCode::InvalidGeometry, _("the market outline has fewer than 3 corners"));
    BBox local;
    const Frame frame = long_axis(outline.outer, local);
    Layout out;
    out.params = p;
    out.axis_deg = std::atan2(frame.s, frame.c) * 180 / kPi;
    out.length_m = local.width();
    out.width_m = local.height();
    const double two_rows = 2 * p.stall_depth + p.aisle, one_row = p.stall_depth + p.aisle;
    if (out.width_m + 1e-9 < one_row)
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("the market outline is {0} m wide: one row of stalls and its aisle "
                                              "need {1} m (use a smaller --stall-depth or --aisle)"),
                                            fmt_fixed(out.width_m, 2), fmt_fixed(one_row, 2)));
    out.rows = out.width_m + 1e-9 >= two_rows ? 2 : 1;
    // Rows across the axis: two rows centred about the aisle, or one row along the first side.
    struct Band {
        double y0, y1;
        const char* side;
    };
    std::vector<Band> bands;
    if (out.rows == 2) {
        const double mid = (local.miny + local.maxy) / 2;
        bands.push_back({mid - p.aisle / 2 - p.stall_depth, mid - p.aisle / 2, "A"});
        bands.push_back({mid + p.aisle / 2, mid + p.aisle / 2 + p.stall_depth, "B"});
    } else {
        bands.push_back({local.miny, local.miny + p.stall_depth, "A"});
    }
    // Along the axis: the desks at the ends, the stalls between them in runs of `every` with a gap.
    const double start_zone = (out.rows == 2 ? 1 : 2) * p.desk_length;
    const double end_zone = p.desk_length;
    const double run_x0 = local.minx + start_zone, run_x1 = local.maxx - end_zone;
    const double avail = run_x1 - run_x0;
    auto extent = [&](int n) {
        return n * p.stall_width + static_cast<double>(std::max(0, (n - 1) / p.every)) * p.fire_gap;
    };
    int per_row = 0;
    while (extent(per_row + 1) <= avail + 1e-9) ++per_row;
    if (per_row == 0)
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("the market outline is {0} m long: no stall fits between the desks"),
                                            fmt_fixed(out.length_m, 2)));
    out.fire_gaps = (per_row - 1) / p.every;
    const double x_start = run_x0 + (avail - extent(per_row)) / 2;
    const Geometry inside = geom::buffer(Geometry::from(outline), 0.005);
    int number = 0;
    for (std::size_t b = 0; b < bands.size(); ++b) {
        for (int k = 0; k < per_row; ++k) {
            // The second row is numbered back along the aisle, so that numbers run round the market.
            const int kk = b == 0 ? k : per_row - 1 - k;
            const double x0 = x_start + kk * p.stall_width + (kk / p.every) * p.fire_gap;
            Polygon poly = frame.rect(x0, bands[b].y0, x0 + p.stall_width, bands[b].y1);
            if (!geom::contains(inside, Geometry::from(poly))) continue;  // a notch in the outline
            out.stalls.push_back({++number, bands[b].side, std::move(poly)});
            out.stall_area_m2 += p.stall_width * p.stall_depth;
        }
    }
    if (out.stalls.empty()) return make_error(ErrorCode::BadInput, _("no stall fits inside the market outline"));
    auto desk = [&](const char* kind, const char* name, double x0, const Band& band) {
        Polygon poly = frame.rect(x0, band.y0, x0 + p.desk_length, band.y1);
        if (geom::contains(inside, Geometry::from(poly))) out.desks.push_back({kind, name, std::move(poly)});
    };
    desk("reweigh", "复称台", local.minx, bands[0]);
    if (out.rows == 2)
        desk("supervision", "市场监督台", local.minx, bands[1]);
    else
        desk("supervision", "市场监督台", local.minx + p.desk_length, bands[0]);
    desk("complaints", "投诉公示栏", local.maxx - p.desk_length, bands[0]);
    return out;
}

std::vector<PlanItem> layout_items(const Layout& layout, const std::string& project,
                                   const UnitPrices& prices) {
    std::vector<PlanItem> items;
    for (const auto& s : layout.stalls) {
        PlanItem it;
        it.project = project;
        it.kind = "market";
        it.name = "摊位 " + std::to_string(s.number);
        std::string params = "{}";
        params = with_param(params, "stall", static_cast<double>(s.number));
        params = with_param(params, "side", s.side);
        it.params = params;
        it.geometry = Geometry::from(s.polygon);
        recompute_quantities(it, prices);
        items.push_back(std::move(it));
    }
    for (const auto& d : layout.desks) {
        PlanItem it;
        it.project = project;
        it.kind = "other";
        it.name = d.name;
        std::string params = "{}";
        params = with_param(params, "desk", d.kind);
        params = with_param(params, "price_key", std::string("market.desk"));
        params = with_param(params, "cost_cny", prices.market_desk_cny);
        it.params = params;
        it.geometry = Geometry::from(d.polygon);
        recompute_quantities(it, prices);
        items.push_back(std::move(it));
    }
    return items;
}

Result<const Project*> market_project(const std::vector<Project>& projects) {
    for (const auto& p : projects)
        if (p.area == "market") return &p;
    return make_error(
        ErrorCode::NotFound,
        _("no project for the market: add one with nbhd project add KEY --budget CNY --area market"));
}

int stall_number(const PlanItem& item) {
    if (item.kind != "market") return 0;
    return static_cast<int>(param_number(item.params, "stall").value_or(0));
}

const char* to_string(ApplicantClass c) {
    switch (c) {
        case ApplicantClass::Dibao:
            return "dibao";
        case ApplicantClass::Resident:
            return "resident";
        case ApplicantClass::Trader:
            return "trader";
    }
    return "trader";
}

Result<ApplicantClass> class_from(const std::string& s) {
    for (auto c : {ApplicantClass::Dibao, ApplicantClass::Resident, ApplicantClass::Trader})
        if (s == to_string(c)) return c;
    return make_error(ErrorCode::BadInput,
                      gis::i18n::format(_("no applicant class {0} (dibao, resident, trader)"), quote_for_message(s)));
}

Result<std::vector<Applicant>> classify(const std::vector<ApplicantRow>& rows,
                                        const std::vector<district::Household>& households) {
    std::map<std::string, const district::Household*> by_no;
    for (const auto& h : households) by_no[h.household_no] = &h;
    std::set<std::string> ids;
    std::vector<Applicant> out;
    for (const auto& r : rows) {
        const std::string where = std::to_string(r.row);
        const std::string name = trim(r.name);
        if (name.empty()) return make_error(ErrorCode::BadInput, gis::i18n::format(_("row {0}: no name"), where));
        Applicant a;
        a.no = static_cast<std::int64_t>(out.size()) + 1;
        a.row = r.row;
        a.name = name;
        a.phone = trim(r.phone);
        a.id_number = trim(r.id_number);
        a.household_no = trim(r.household_no);
        a.trade = trim(r.trade);
        if (!a.id_number.empty() && !ids.insert(a.id_number).second)
            return make_error(ErrorCode::BadInput,
                              gis::i18n::format(_("row {0}: the same ID number as an earlier row (one application "
                                                  "a person)"),
                                                where));
        if (a.household_no.empty()) {
            a.cls = ApplicantClass::Trader;
        } else {
            const auto it = by_no.find(a.household_no);
            if (it == by_no.end())
                return make_error(ErrorCode::BadInput,
                                  gis::i18n::format(_("row {0}: household_no {1} is not in the household register "
                                                      "(correct it, or leave it empty for a trader from outside "
                                                      "the community)"),
                                                    where, quote_for_message(a.household_no)));
            a.cls = it->second->low_income ? ApplicantClass::Dibao : ApplicantClass::Resident;
        }
        out.push_back(std::move(a));
    }
    return out;
}

std::uint64_t bounded(std::uint64_t n, std::mt19937_64& gen) {
    // Rejection: draws above the largest multiple of n are drawn again, so every value is equally likely.
    const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
    const std::uint64_t limit = max - max % n;
    std::uint64_t r = gen();
    while (r >= limit) r = gen();
    return r % n;
}

int Allocation::count(ApplicantClass c, bool with_stall) const {
    int n = 0;
    for (const auto& a : awards)
        if (a.cls == c && (a.stall > 0) == with_stall) ++n;
    return n;
}

Allocation allocate(const std::vector<Applicant>& applicants, std::vector<int> stall_numbers,
                    std::uint64_t seed) {
    std::sort(stall_numbers.begin(), stall_numbers.end());
    stall_numbers.erase(std::unique(stall_numbers.begin(), stall_numbers.end()), stall_numbers.end());
    Allocation out;
    out.seed = seed;
    out.stalls = static_cast<int>(stall_numbers.size());
    std::mt19937_64 gen(seed);
    std::vector<const Applicant*> order;
    for (auto c : {ApplicantClass::Dibao, ApplicantClass::Resident, ApplicantClass::Trader}) {
        std::vector<const Applicant*> cls;
        for (const auto& a : applicants)
            if (a.cls == c) cls.push_back(&a);
        std::sort(cls.begin(), cls.end(), [](const Applicant* a, const Applicant* b) {
            if (a->id_number != b->id_number) return a->id_number < b->id_number;
            if (a->name != b->name) return a->name < b->name;
            return a->no < b->no;
        });
        for (std::size_t i = cls.size(); i > 1; --i) std::swap(cls[i - 1], cls[bounded(i, gen)]);
        order.insert(order.end(), cls.begin(), cls.end());
    }
    // Which stall each winner gets is drawn too (a shuffle of the stall numbers, after the classes):
    // stalls 1..k going to the first class would tell anyone who knows the rule who is 低保.
    std::vector<int> places = stall_numbers;
    for (std::size_t i = places.size(); i > 1; --i) std::swap(places[i - 1], places[bounded(i, gen)]);
    int waiting = 0;
    for (std::size_t i = 0; i < order.size(); ++i) {
        Award a;
        a.applicant = order[i]->no;
        a.cls = order[i]->cls;
        a.draw_place = static_cast<int>(i) + 1;
        if (i < places.size())
            a.stall = places[i];
        else
            a.waiting_place = ++waiting;
        out.awards.push_back(a);
    }
    return out;
}

Result<std::vector<NoticeRow>> notice_rows(const Allocation& a, const std::vector<Applicant>& applicants,
                                           bool reveal) {
    std::map<std::int64_t, const Applicant*> by_no;
    for (const auto& x : applicants) by_no[x.no] = &x;
    std::vector<NoticeRow> rows;
    for (const auto& w : a.awards) {
        const auto it = by_no.find(w.applicant);
        if (it == by_no.end())
            return make_error(
                ErrorCode::BadInput,
                gis::i18n::format(_("the saved allocation names applicant {0}, who is not among the applicants "
                                    "(imported again since the draw: run nbhd market allocate --seed N --save again)"),
                                  std::to_string(w.applicant)));
        // Low-income status is personal data: unless revealed (audited), a 低保 household is published as a
        // community resident; the draw's order, with its seed, is published as it was.
        const ApplicantClass shown =
            !reveal && w.cls == ApplicantClass::Dibao ? ApplicantClass::Resident : w.cls;
        rows.push_back({w.stall, w.waiting_place, shown,
                        reveal ? it->second->name : privacy::mask_name(it->second->name), it->second->trade});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const NoticeRow& x, const NoticeRow& y) {
        const bool xs = x.stall > 0, ys = y.stall > 0;
        if (xs != ys) return xs;
        return xs ? x.stall < y.stall : x.waiting_place < y.waiting_place;
    });
    return rows;
}

}  // namespace gis::plan::market
