#pragma once
// Small layers built in code for the view tests.

#include <unistd.h>
#include <atomic>
#include <filesystem>
#include <string>
#include "../scratch.hpp"

#include "gis/io/dataset.hpp"

namespace view_test {

inline gis::io::Feature feature(std::int64_t fid, gis::Geometry g,
                                std::vector<gis::io::FieldValue> values = {}) {
    gis::io::Feature f;
    f.fid = fid;
    f.geometry = std::move(g);
    f.values = std::move(values);
    return f;
}

inline gis::io::Layer layer(const std::string& name, const std::string& geometry,
                            std::vector<gis::io::FieldDef> fields = {}) {
    gis::io::Layer l;
    l.info.name = name;
    l.info.geometry_type = geometry;
    l.info.fields = std::move(fields);
    return l;
}

inline gis::Geometry square(double x, double y, double size) {
    return gis::Geometry::from(gis::rect(x, y, x + size, y + size));
}

/// A fresh folder for this test process.
inline std::string temp_dir() { return nbhd_test::scratch_dir("nbhd-view-test"); }

}  // namespace view_test
