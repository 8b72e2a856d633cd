#pragma once
/// @file
/// The price table: every unit price nbhd computes cost with (paving base and layers, greening, fences,
/// gates, market canopy, gas pipes by material and diameter, demolition, graffiti), each with its unit,
/// source and date. nbhd's defaults (2020s city-district rates) until the data set's own table (layer
/// `prices`) says otherwise; every computation (plans, the brief, a saved item's cost) reads it through
/// read_prices. Changing a price re-prices the open items (PlanSession::set_price).

#include <string>
#include <vector>

#include "gis/core/result.hpp"
#include "gis/io/dataset.hpp"
#include "gis/plan/project.hpp"

namespace gis::plan {

struct Price {
    std::string key;   ///< paving.base, paving.concrete, ..., pipe.pe.110
    std::string unit;  ///< m², m³, m, each
    double cny = 0;
    std::string source;  ///< where the price comes from (a quote, a rate book); empty: nbhd's default
    std::string date;    ///< YYYY-MM-DD of the source; may be empty
    std::string note;
    bool stored = false;    ///< from the data set's table (else nbhd's default)
    std::int64_t fid = -1;  ///< its row in the table, when stored
};

struct PriceTable {
    std::vector<Price> rows;  ///< every known key, defaults first in a fixed order, then stored pipe sizes
    /// The prices as the computations take them.
    UnitPrices unit_prices() const;
    const Price* find(const std::string& key) const;
};

/// nbhd's defaults, one row per key.
PriceTable default_prices();
/// The defaults overlaid with the data set's `prices` layer (absent: the defaults). A stored row with an
/// unknown key or a bad value is BadInput naming it.
Result<PriceTable> read_prices(const io::Dataset& ds);
Result<PriceTable> read_prices(const std::string& path);

/// Checks a price before it is stored: a known key (or pipe.MATERIAL.DIAMETER), 0 < cny <= 10,000,000,
/// a date YYYY-MM-DD when given. Fills in the unit. BadInput otherwise.
Result<Price> check_price(Price p);

/// Whether a change of prices re-prices `item`: open (proposed or approved) and not fixed by the user
/// (params price_fixed).
bool repriced(const PlanItem& item);
/// `item` priced again from `prices`: hardening and gas pipes take their unit price from the table again.
PlanItem repriced_item(const PlanItem& item, const UnitPrices& prices);

}  // namespace gis::plan
