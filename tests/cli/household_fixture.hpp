#pragma once
// Shared by the occupancy command tests: a private copy of the shipped data set per test, the shipped
// households' personal data (to prove it never appears masked), and audit counting.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "gis/district/loader.hpp"
#include "gis/privacy/privacy.hpp"
#include "run_command.hpp"

namespace hh_test {

inline const gis::district::District& shipped() {
    static gis::district::District d = gis::district::load(NBHD_ASSET_FILE).value();
    return d;
}

/// A copy of the shipped data set in a fresh folder.
inline std::string data_copy() {
    std::string path = nbhd_test::temp_dir() + "/chonghua.gpkg";
    std::filesystem::copy_file(NBHD_ASSET_FILE, path);
    return path;
}

inline nbhd_test::CommandResult nbhd(const std::string& data, std::vector<std::string> args) {
    args.insert(args.begin(), {"--data", data, "--lang", "en"});
    return nbhd_test::run_nbhd(args);
}

/// Fails the test when any shipped household's name (two characters or more), phone or ID number appears.
inline void expect_no_personal_data(const std::string& text, const std::string& where) {
    for (const auto& h : shipped().households) {
        EXPECT_EQ(text.find(h.phone), std::string::npos) << where << ": phone of " << h.household_no;
        EXPECT_EQ(text.find(h.id_number), std::string::npos) << where << ": ID number of " << h.household_no;
        if (h.head_name.size() > 3) {
            EXPECT_EQ(text.find(h.head_name), std::string::npos) << where << ": name of " << h.household_no;
        }
    }
}

inline std::size_t audit_rows(const std::string& data) {
    auto r = gis::privacy::read_audit(data);
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->size() : 0;
}

inline std::string bytes_of(const std::string& path) { return nbhd_test::slurp(path); }

inline const gis::district::Household& household(const std::string& number) {
    for (const auto& h : shipped().households)
        if (h.household_no == number) return h;
    ADD_FAILURE() << "no household " << number;
    return shipped().households.front();
}

}  // namespace hh_test
