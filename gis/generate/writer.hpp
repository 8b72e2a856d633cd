#pragma once
/// @file
/// Writes district-schema layers to a new GeoPackage through GDAL, in transactions, to a temporary
/// file that is renamed into place only when everything is written.

#include <memory>
#include <string>
#include <vector>

#include "gis/core/result.hpp"
#include "gis/district/schema.hpp"
#include "gis/generate/district_generator.hpp"

namespace gis::generate {

class GpkgWriter {
  public:
    /// Starts a new GeoPackage for `out` whose layers are in `crs`. Fails when `out` exists and !overwrite,
    /// or when its folder cannot be written. Temporary files left beside `out` by writers that were killed
    /// are removed first.
    static Result<GpkgWriter> create(const std::string& out, bool overwrite,
                                     const std::string& crs = district::kDistrictCrs);
    GpkgWriter(GpkgWriter&&) noexcept;
    GpkgWriter& operator=(GpkgWriter&&) noexcept;
    ~GpkgWriter();  ///< removes the temporary file unless commit() succeeded

    /// Appends features to a schema layer (created on first use). Feature ids are taken from the
    /// features. Called inside one big transaction; cheap per call.
    Result<void> append(const GeneratedLayer& layer);
    /// Creates every schema layer not yet written (so even empty layers exist), commits and renames.
    Result<void> commit();

  private:
    struct Impl;
    explicit GpkgWriter(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace gis::generate
