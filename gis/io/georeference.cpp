#include "gis/io/georeference.hpp"
#include "gis/core/i18n.hpp"

#include <cpl_string.h>
#include <ogr_spatialref.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace gis::io {
namespace {

Result<void> write_text(const std::string& path, const std::string& text) {
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << text;
        if (!out.flush())
            return make_error(ErrorCode::Io,
                              gis::i18n::format(_("{0}: cannot write the file (disk full or no permission?)"), path));
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        return make_error(ErrorCode::Io, gis::i18n::format(_("{0}: cannot write the file"), path));
    }
    return {};
}

std::string number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10f", v);
    return buf;
}

}  // namespace

std::string world_file_path(const std::string& image) {
    const std::filesystem::path p(image);
    const std::string ext = p.extension().string();
    if (ext.size() == 4) {
        std::string w = ext.substr(0, 2) + ext.substr(3, 1) + "w";  // ".png" -> ".pgw"
        return std::filesystem::path(image).replace_extension(w).string();
    }
    return image + "w";
}

Result<void> write_image_georeference(const std::string& image, const BBox& extent, int width, int height,
                                      const std::string& crs) {
    if (width <= 0 || height <= 0 || extent.empty())
        return make_error(ErrorCode::Internal, gis::i18n::format(_("{0}: no extent to georeference"), image));
    const double px = extent.width() / width, py = extent.height() / height;
    // World file: x size, rotation terms, y size (negative: rows run south), then the centre of the
    // top-left pixel.
    const std::string world = number(px) + "\n0.0000000000\n0.0000000000\n" + number(-py) + "\n" +
                              number(extent.minx + px / 2) + "\n" + number(extent.maxy - py / 2) + "\n";
    if (auto r = write_text(world_file_path(image), world); !r) return r;

    // GDAL's geotransform names the top-left corner of the top-left pixel.
    std::string pam = "<PAMDataset>\n";
    if (!crs.empty()) {
        OGRSpatialReference srs;
        if (srs.SetFromUserInput(crs.c_str()) != OGRERR_NONE)
            return make_error(ErrorCode::WrongCrs, gis::i18n::format(_("{0}: unknown CRS '{1}'"), image, crs));
        char* wkt = nullptr;
        srs.exportToWkt(&wkt);
        char* escaped = CPLEscapeString(wkt ? wkt : "", -1, CPLES_XML);
        // Easting first, northing second, as the world file and the geotransform give them.
        pam += "  <SRS dataAxisToSRSAxisMapping=\"" +
               std::string(srs.EPSGTreatsAsNorthingEasting() || srs.EPSGTreatsAsLatLong() ? "2,1" : "1,2") +
               "\">" + escaped + "</SRS>\n";
        CPLFree(escaped);
        CPLFree(wkt);
    }
    pam += "  <GeoTransform> " + number(extent.minx) + ", " + number(px) + ", 0.0, " + number(extent.maxy) +
           ", 0.0, " + number(-py) + "</GeoTransform>\n</PAMDataset>\n";
    return write_text(image + ".aux.xml", pam);
}

}  // namespace gis::io
