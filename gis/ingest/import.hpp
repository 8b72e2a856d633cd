#pragma once
/// @file
/// Runs a district manifest: reads every source, maps its fields, derives what the sources are silent
/// about (entrances, forecourts, street surfaces, the boundary, the gas network's junctions), places the
/// household register's rows in flats, and writes one complete district GeoPackage in one go (a temporary
/// file renamed into place: nothing is written on failure).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "gis/core/result.hpp"
#include "gis/ingest/manifest.hpp"

namespace gis::ingest {

struct ImportOptions {
    bool dry_run = false;  ///< read, map and check; write nothing
    bool skip_bad =
        false;  ///< import the good rows and list the rejected ones (default: any rejected row fails)
    bool overwrite = false;   ///< replace an existing output file
    std::string lang = "zh";  ///< language of the rejection reasons: "zh" or "en"
    /// Called as the work goes: stage ("buildings"), rows done, rows in the stage (0 when unknown).
    std::function<void(const std::string& stage, std::int64_t done, std::int64_t total)> progress;
};

/// What became of one district layer.
struct LayerTally {
    std::string layer;
    std::string source;              ///< the file, or "derived"
    std::int64_t read = 0;           ///< features or rows read from the source
    std::int64_t imported = 0;       ///< written to the district
    std::int64_t rejected = 0;       ///< left out, each listed with its reason
    std::int64_t skipped = 0;        ///< left out by the reader (an unclosed CAD outline, an empty geometry)
    std::vector<std::string> notes;  ///< encoding, CRS transform, derivations, assumed defaults
};

struct RejectedFeature {
    std::string layer;
    std::string source;
    int row = 0;  ///< spreadsheet row or feature id, as the source file shows it
    std::string reason;
};

struct ImportReport {
    std::vector<LayerTally> layers;
    std::vector<RejectedFeature> rejected;
    bool written = false;
    std::string out;
};

/// Imports the district described by `manifest` into a new GeoPackage at `out`. Errors: those of reading
/// the sources (NotFound, NotGis, MissingLayer, WrongCrs, BadInput), MissingLayer when a required district
/// field is not mapped (the message names it and lists the source's fields), CheckFailed when rows were
/// rejected and skip_bad is off (the report is in the message's companion: call with dry_run to list
/// them), BadInput when `out` exists and !overwrite. The report comes back with the error as well through
/// `last_report` so a front end can list the rejected rows.
Result<ImportReport> import_district(const Manifest& manifest, const std::string& out,
                                     const ImportOptions& options, ImportReport* last_report = nullptr);

}  // namespace gis::ingest
