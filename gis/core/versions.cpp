// The one place outside the adapters that includes every library's header: each is asked only for
// its version.

#include "gis/core/versions.hpp"

#include <cairo.h>
#include <gdal.h>
#include <geos_c.h>
#include <libpq-fe.h>
#include <nettle/version.h>
#include <proj.h>
#include <sqlite3.h>
#include <unicode/uversion.h>

namespace gis {

std::vector<std::pair<std::string, std::string>> library_versions() {
    UVersionInfo icu;
    u_getVersion(icu);
    char icu_text[U_MAX_VERSION_STRING_LENGTH] = {};
    u_versionToString(icu, icu_text);
    const int pq = PQlibVersion();  // e.g. 150005 for 15.5
    return {
        {"GDAL", GDALVersionInfo("RELEASE_NAME")},
        {"GEOS", GEOSversion()},
        {"PROJ", proj_info().version},
        {"ICU", icu_text},
        {"cairo", cairo_version_string()},
        {"SQLite", sqlite3_libversion()},
        {"libpq", std::to_string(pq / 10000) + "." + std::to_string(pq % 10000)},
        {"nettle", std::to_string(nettle_version_major()) + "." + std::to_string(nettle_version_minor())},
    };
}

}  // namespace gis
