#pragma once
/// @file
/// For the io module's own readers and the district loader (GDAL types): every pass over an OGR layer
/// ends with one verdict, so that a read that stopped on an error or read a damaged table is an error,
/// never a shorter list of features.

#include <ogrsf_frmts.h>

#include <cstdint>
#include <string>

#include "gis/core/result.hpp"

namespace gis::io::detail {

/// What to compare after a pass over `layer`: call `begin()` before the first GetNextFeature (it clears
/// GDAL's last error and notes the layer's stored count), `finish()` after the last.
class ReadCheck {
  public:
    /// `whole`: no spatial or attribute filter, so every row should be read.
    ReadCheck(GDALDataset* ds, OGRLayer* layer, std::string path, bool whole);
    void begin();
    /// Ok, or Damaged (the read stopped on a damage error, or a GeoPackage's stored count disagrees with
    /// its rows), or Io (another read error; the message says after how many features).
    Result<void> finish(std::int64_t rows_read) const;

  private:
    GDALDataset* ds_;
    OGRLayer* layer_;
    std::string path_;
    bool whole_;
    bool gpkg_;
    std::int64_t counted_ = -1;
};

}  // namespace gis::io::detail
