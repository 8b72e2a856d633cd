#pragma once
/// @file
/// Planning records: projects and their plan items (a sketched or proposed piece of work with its
/// geometry, kind, phase, status, parameters and computed quantities), the kinds of item the tool knows,
/// and the unit prices that turn quantities into cost.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gis/core/geometry.hpp"
#include "gis/core/result.hpp"
#include "gis/network/renewal.hpp"

namespace gis::plan {

/// A planning project with a budget, e.g. the Xingzheng South compound renovation.
struct Project {
    std::int64_t fid = -1;
    std::string key;      ///< short ASCII id used on the command line ("xingzheng-south")
    std::string name;     ///< Chinese name
    std::string name_en;  ///< English name
    double budget_cny = 0;
    int phases = 1;
    std::string area;  ///< the scope it belongs to ("compound", "market", or empty)
    std::string note;
    double contingency_pct = 0;  ///< reserve for the unforeseen, % of the items' cost (0..50)
    friend bool operator==(const Project&, const Project&) = default;
};

/// One item of a plan. `id` is stable across edits, undo and redo (the storage row may change).
struct PlanItem {
    std::int64_t id = -1;
    std::string project;  ///< Project::key
    std::string kind;     ///< see item_kinds()
    std::string name;
    int phase = 1;
    std::string status = "proposed";  ///< proposed, approved, in_progress, done
    std::string params = "{}";        ///< JSON object: material, thickness_m, part, ref, ...
    Geometry geometry;
    // Quantities, recomputed from geometry and params by recompute_quantities().
    double area_m2 = 0;
    double length_m = 0;
    double volume_m3 = 0;
    double unit_price_cny = 0;
    double cost_cny = 0;
    std::string created, updated;  ///< ISO 8601 UTC times, set by the store
    friend bool operator==(const PlanItem&, const PlanItem&) = default;
};

/// What is measured for a kind of item, and how its cost is found.
enum class Measure {
    Area,    ///< m² of a polygonal geometry
    Length,  ///< m of a line (fences, pipes, routes)
    Count,   ///< one per point or per item (gates)
    Fixed,   ///< cost given in params "cost_cny" (clean-up campaigns, other work)
};

struct ItemKind {
    const char* name;  ///< "hardening", "fence", ...
    Measure measure;
    const char* title_en;
};

/// Every item kind: hardening (paving), greening, fence (gating walls), gate, market, gas_pipe, cleanup,
/// other.
const std::vector<ItemKind>& item_kinds();
const ItemKind* find_kind(const std::string& name);
/// A kind as messages name it: its code in English ("hardening", as typed on the command line), its
/// title in Chinese (硬化（铺装）).
std::string kind_in_messages(const std::string& name);
/// Item statuses, in lifecycle order.
const std::vector<std::string>& item_statuses();

/// Unit prices (CNY, 2020s city-district rates; override any of them per run).
struct UnitPrices {
    double base_cny_m2 = 20;        ///< subgrade preparation and 15 cm graded-stone base, per m² of paving
    double concrete_cny_m3 = 360;   ///< C25 pavement concrete, supplied, placed, jointed and cured, per m³
    double asphalt_cny_m3 = 1300;   ///< AC-13 asphalt concrete, laid and rolled, per m³
    double greening_cny_m2 = 60;    ///< turf and shrubs, per m²
    double fence_cny_m = 380;       ///< 2.2 m steel railing on a brick plinth, per m
    double gate_cny = 25000;        ///< gate with access control, each
    double market_cny_m2 = 150;     ///< stall canopy and floor, per m²
    double market_desk_cny = 3000;  ///< market desk (re-weighing, supervision, complaints board), each
    double gas_pipe_cny_m = 300;    ///< PE gas pipe renewal incl. trench and reinstatement, per m
    double demolition_cny_m2 = 60;  ///< demolition and haulage of an illegal structure, per m²
    double graffiti_cny_m2 = 12;    ///< paint and materials for volunteer cleaning, per m²
    /// Gas pipe renewal per m by material and diameter (a gas_pipe item with params material and
    /// diameter_mm is priced from it; gas_pipe_cny_m prices the others).
    network::UnitPrices pipes = network::UnitPrices::defaults();
};

/// Paving materials. Default thickness: concrete 0.20 m, asphalt 0.06 m.
enum class Material { Concrete, Asphalt };
const char* to_string(Material m);
Result<Material> material_from(const std::string& s);
double default_thickness(Material m);
/// Cost of one m² of paving: base course plus the layer's volume at the material's price.
double paving_price_per_m2(Material m, double thickness_m, const UnitPrices& prices = {});

/// Recomputes area, length, volume, unit price and cost of `item` from its geometry, kind and params
/// (params may carry "material", "thickness_m", "unit_price_cny", "cost_cny"). Unknown kinds measure
/// nothing and cost params "cost_cny".
void recompute_quantities(PlanItem& item, const UnitPrices& prices = {});

/// `params` with what an item of `kind` needs and was not given: a gas pipe's material (pe) and diameter
/// (de 110 for pe, DN 100 for steel, as a new renewal route gets), a paving's material (concrete) and
/// its default thickness. What was given is kept.
std::string with_default_params(const std::string& kind, const std::string& params);

/// Checks an item before it is stored: known kind, geometry type suits the kind's measure, valid
/// geometry, phase >= 1, known status, params a JSON object whose ranged numbers are in range
/// (check_params). BadInput / InvalidGeometry otherwise.
Result<void> validate_item(const PlanItem& item);

/// Checks a project before it is stored: a key, budget 0..1e12, 1..20 phases, contingency 0..50 %.
/// BadInput naming the value otherwise.
Result<void> validate_project(const Project& p);

}  // namespace gis::plan
