#pragma once
/// @file
/// `nbhd district scan`: looks at a community's files (folders are walked) and proposes a manifest: which
/// file holds which district layer, its encoding and CRS, and how each district field is filled (a source
/// field through the parse rule its values fit, a constant, a derivation). What it cannot decide is listed
/// at the top of the manifest, for a person to settle.

#include <map>
#include <string>
#include <vector>

#include "gis/core/result.hpp"
#include "gis/ingest/manifest.hpp"

namespace gis::ingest {

struct ScanOptions {
    std::string name;  ///< the community's name (required)
    std::string name_en;
    std::string crs;            ///< the district's metric CRS; empty: the first projected source's
    std::string manifest_path;  ///< where the manifest will be written: sources are made relative to it
};

/// One file (or layer of a file) looked at.
struct ScannedSource {
    std::string source;  ///< as written in the manifest
    std::string layer;
    std::string driver;
    std::string geometry;
    std::int64_t features = 0;
    std::string target;  ///< the district layer it was taken for; empty when none
    std::string why;     ///< the reason, or why not
};

/// What a chosen source offers, for a person to review the mapping: its fields and a few values of each.
struct SourcePreview {
    std::vector<std::string> fields;                ///< in the source's order ("@text" for CAD notes)
    std::vector<std::vector<std::string>> samples;  ///< per field, up to 5 distinct values
};

struct ScanResult {
    Manifest manifest;
    std::vector<ScannedSource> sources;
    std::map<std::string, SourcePreview> previews;  ///< per district layer of the manifest
};

/// Scans `inputs` (files or folders). Without a CRS given and no projected source, the district takes the
/// zone (gis::crs::choose_map_crs) its files in longitude/latitude lie in, and says so in `undecided`. A
/// device, pipe or folder under a source's name inside a folder is listed, not read. Errors: NotFound,
/// BadInput (no name; an input named that is a device or a pipe; no CRS given and no source to take one
/// from), WrongCrs (no CRS given and the files in longitude/latitude spread wider than two zones),
/// CheckFailed (no source could be taken for the buildings).
Result<ScanResult> scan_sources(const std::vector<std::string>& inputs, const ScanOptions& options);

}  // namespace gis::ingest
