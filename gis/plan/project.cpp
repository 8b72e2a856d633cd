#include "gis/plan/project.hpp"

#include <algorithm>
#include <cmath>

#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/geom/ops.hpp"
#include "gis/plan/params.hpp"

namespace gis::plan {

const std::vector<ItemKind>& item_kinds() {
    static const std::vector<ItemKind> kinds = {
        {"hardening", Measure::Area, N_("Hardening (paving)")},
        {"greening", Measure::Area, N_("Greening")},
        {"market", Measure::Area, N_("Market works")},
        {"fence", Measure::Length, N_("Fence or wall (gating)")},
        {"gas_pipe", Measure::Length, N_("Gas pipe renewal")},
        {"gate", Measure::Count, N_("Gate")},
        {"cleanup", Measure::Fixed, N_("Clean-up campaign")},
        {"other", Measure::Fixed, N_("Other work")},
    };
    return kinds;
}

std::string kind_in_messages(const std::string& name) {
    if (i18n::language() == i18n::Lang::En) return name;
    const ItemKind* k = find_kind(name);
    return k ? i18n::translate(k->title_en) : name;
}

const ItemKind* find_kind(const std::string& name) {
    for (const auto& k : item_kinds())
        if (name == k.name) return &k;
    return nullptr;
}

const std::vector<std::string>& item_statuses() {
    static const std::vector<std::string> s = {"proposed", "approved", "in_progress", "done"};
    return s;
}

const char* to_string(Material m) { return m == Material::Asphalt ? "asphalt" : "concrete"; }

Result<Material> material_from(const std::string& s) {
    if (s == "concrete") return Material::Concrete;
    if (s == "asphalt") return Material::Asphalt;
    return make_error(ErrorCode::BadInput,
                      gis::i18n::format(_("unknown material '{0}' (use concrete or asphalt)"), s));
}

double default_thickness(Material m) { return m == Material::Asphalt ? 0.06 : 0.20; }

double paving_price_per_m2(Material m, double thickness_m, const UnitPrices& prices) {
    double per_m3 = m == Material::Asphalt ? prices.asphalt_cny_m3 : prices.concrete_cny_m3;
    return prices.base_cny_m2 + thickness_m * per_m3;
}

namespace {

double default_unit_price(const std::string& kind, const std::string& params, const UnitPrices& prices) {
    if (kind == "hardening") {
        auto m = material_from(param_string(params, "material").value_or("concrete"));
        Material mat = m ? m.value() : Material::Concrete;
        double t = param_number(params, "thickness_m").value_or(default_thickness(mat));
        return paving_price_per_m2(mat, t, prices);
    }
    if (kind == "greening") return prices.greening_cny_m2;
    if (kind == "market") return prices.market_cny_m2;
    if (kind == "fence") return prices.fence_cny_m;
    if (kind == "gas_pipe") {
        const auto material = param_string(params, "material");
        const auto dn = param_number(params, "diameter_mm");
        if (material && dn)
            if (auto per_m = prices.pipes.per_metre(*material, static_cast<int>(*dn))) return per_m.value();
        return prices.gas_pipe_cny_m;
    }
    if (kind == "gate") return prices.gate_cny;
    return 0;
}

double rounded(double v, double unit) { return std::round(v / unit) * unit; }

}  // namespace

void recompute_quantities(PlanItem& item, const UnitPrices& prices) {
    const Geometry& g = item.geometry;
    const bool polygonal = !g.polygons.empty();
    const bool linear = !g.lines.empty();
    item.area_m2 = polygonal ? geom::area(g) : 0;
    item.length_m = linear ? geom::length(g) : 0;
    item.volume_m3 = 0;
    const ItemKind* kind = find_kind(item.kind);
    item.unit_price_cny = param_number(item.params, "unit_price_cny")
                              .value_or(default_unit_price(item.kind, item.params, prices));
    if (item.kind == "hardening") {
        auto m = material_from(param_string(item.params, "material").value_or("concrete"));
        double t = param_number(item.params, "thickness_m")
                       .value_or(default_thickness(m ? m.value() : Material::Concrete));
        item.volume_m3 = item.area_m2 * t;
    }
    if (!kind || kind->measure == Measure::Fixed) {
        item.cost_cny = param_number(item.params, "cost_cny").value_or(0);
        return;
    }
    switch (kind->measure) {
        case Measure::Area:
            item.cost_cny = item.area_m2 * item.unit_price_cny;
            break;
        case Measure::Length:
            item.cost_cny = item.length_m * item.unit_price_cny;
            break;
        case Measure::Count:
            item.cost_cny =
                static_cast<double>(std::max<std::size_t>(1, g.points.size())) * item.unit_price_cny;
            break;
        case Measure::Fixed:
            break;
    }
    item.cost_cny = rounded(item.cost_cny, 0.01);
}

Result<void> validate_project(const Project& p) {
    if (p.key.empty()) return make_error(ErrorCode::BadInput, _("a project needs a key"));
    for (char c : p.key)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
              c == '_'))
            return make_error(ErrorCode::BadInput,
                              _("a project key is short ASCII (letters, digits, - and _), such as "
                                "north-gate; give the Chinese name with --name"));
    if (!p.area.empty() && p.area != "district" && p.area != "compound" && p.area != "market" &&
        p.area.rfind("area:", 0) != 0)
        return make_error(
            ErrorCode::BadInput,
            gis::i18n::format(_("a project's area is district, compound, market or area:NAME (a "
                                "named compound, service area or market), not {0}"),
                              quote_for_message(p.area)));
    if (!std::isfinite(p.budget_cny) || p.budget_cny < 0 || p.budget_cny > 1e12)
        return make_error(ErrorCode::BadInput, _("a budget is 0..1,000,000,000,000 CNY"));
    if (p.phases < 1 || p.phases > 20)
        return make_error(ErrorCode::BadInput, _("a project has 1..20 phases"));
    if (!std::isfinite(p.contingency_pct) || p.contingency_pct < 0 || p.contingency_pct > 50)
        // xgettext:no-c-format
        return make_error(ErrorCode::BadInput, _("a contingency is 0..50 % of the items' cost"));
    return {};
}

std::string with_default_params(const std::string& kind, const std::string& params) {
    if (!params_valid(params)) return params;  // refused as it is by validate_item, never replaced
    std::string p = params;
    if (kind == "gas_pipe") {
        if (!param_string(p, "material")) p = with_param(p, "material", std::string("pe"));
        if (!param_number(p, "diameter_mm"))
            p = with_param(p, "diameter_mm", param_string(p, "material") == "pe" ? 110.0 : 100.0);
    }
    if (kind == "hardening") {
        if (!param_string(p, "material")) p = with_param(p, "material", std::string("concrete"));
        if (!param_number(p, "thickness_m")) {
            auto m = material_from(*param_string(p, "material"));
            if (m) p = with_param(p, "thickness_m", default_thickness(m.value()));
        }
    }
    return p;
}

Result<void> validate_item(const PlanItem& item) {
    const ItemKind* kind = find_kind(item.kind);
    if (!kind) {
        std::string known;
        for (const auto& k : item_kinds()) known += (known.empty() ? "" : ", ") + std::string(k.name);
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("unknown item kind '{0}' (known: {1})"), item.kind, known));
    }
    if (item.phase < 1)
        return make_error(ErrorCode::BadInput, gis::i18n::format(_("phase must be 1 or more, got {0}"),
                                                                 std::to_string(item.phase)));
    if (item.geometry.empty() && kind->measure != Measure::Fixed)  // a campaign's cost needs no place
        return make_error(ErrorCode::BadInput,
                          _("the geometry is empty: give a point, line or polygon with coordinates"));
    const auto& st = item_statuses();
    if (std::find(st.begin(), st.end(), item.status) == st.end())
        return make_error(
            ErrorCode::BadInput,
            gis::i18n::format(_("unknown status '{0}' (use proposed, approved, in_progress, done)"),
                              item.status));
    if (!params_valid(item.params))
        return make_error(
            ErrorCode::BadInput,
            gis::i18n::format(_("item parameters must be a JSON object, got: {0}"), item.params));
    if (auto p = check_params(item.params); !p) return p;
    const Geometry& g = item.geometry;
    using T = Geometry::Type;
    bool ok = true;
    switch (kind->measure) {
        case Measure::Area:
            ok = g.type == T::Polygon || g.type == T::MultiPolygon;
            break;
        case Measure::Length:
            ok = g.type == T::LineString || g.type == T::MultiLineString;
            break;
        case Measure::Count:
            ok = g.type == T::Point || g.type == T::MultiPoint;
            break;
        case Measure::Fixed:
            ok = true;
            break;
    }
    if (!ok)
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(kind->measure == Measure::Area
                                                ? _("a '{0}' item needs a polygon geometry, got {1}")
                                            : kind->measure == Measure::Length
                                                ? _("a '{0}' item needs a line geometry, got {1}")
                                                : _("a '{0}' item needs a point geometry, got {1}"),
                                            item.kind, to_string(g.type)));
    if (!g.empty()) {
        auto v = geom::check_validity(g);
        if (!v.valid)
            return make_error(
                ErrorCode::InvalidGeometry,
                gis::i18n::format(_("the geometry of item '{0}' is invalid: {1}"), item.name, v.reason));
    }
    return {};
}

}  // namespace gis::plan
