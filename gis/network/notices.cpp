#include "gis/network/notices.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "gis/core/staging.hpp"
#include "gis/core/terminal_text.hpp"
#include "gis/privacy/privacy.hpp"
#include "gis/server/server.hpp"
#include "gis/core/i18n.hpp"

namespace fs = std::filesystem;

namespace gis::network {
namespace {

std::string lower_extension(const fs::path& p) {
    std::string e = p.extension().string();
    std::transform(e.begin(), e.end(), e.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return e;
}

/// Spreadsheet programs run cells that start with = + - @ as formulas: quote them as text.
std::string cell(const std::string& text, bool csv) { return table_cell(text, csv); }

struct GdalCloser {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};

Result<void> write_table(const StagedFile& staged, const std::string& driver_name,
                         const std::vector<NoticeRow>& rows) {
    const std::string& tmp = staged.path();
    static std::once_flag once;
    std::call_once(once, [] {
        if (GetGDALDriverManager()->GetDriverCount() == 0) GDALAllRegister();
    });
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name.c_str());
    if (!driver) return make_error(ErrorCode::Internal, gis::i18n::format(_("GDAL has no {0} driver"), driver_name));
    std::unique_ptr<GDALDataset, GdalCloser> ds(driver->Create(tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) return make_error(ErrorCode::Io, gis::i18n::format(_("cannot create {0}: {1}"), tmp, CPLGetLastErrorMsg()));
    char** options = nullptr;
    if (driver_name == "CSV") options = CSLSetNameValue(options, "WRITE_BOM", "YES");  // Excel reads UTF-8
    OGRLayer* layer = ds->CreateLayer("notices", nullptr, wkbNone, options);
    staged.restrict_access();
    CSLDestroy(options);
    if (!layer) return make_error(ErrorCode::Io, gis::i18n::format(_("cannot create the table in {0}"), tmp));
    const std::vector<std::pair<const char*, OGRFieldType>> fields = {
        {"kind", OFTString},      {"household_no", OFTString}, {"address", OFTString},
        {"building", OFTInteger}, {"entrance", OFTInteger},    {"floor", OFTInteger},
        {"flat", OFTInteger},     {"name", OFTString},         {"phone", OFTString}};
    for (const auto& [name, type] : fields) {
        OGRFieldDefn def(name, type);
        if (layer->CreateField(&def) != OGRERR_NONE)
            return make_error(ErrorCode::Io, gis::i18n::format(_("cannot create field {0} in {1}"), name, tmp));
    }
    const bool csv = driver_name == "CSV";
    for (const auto& r : rows) {
        OGRFeature f(layer->GetLayerDefn());
        f.SetField("kind", r.kind.c_str());
        f.SetField("household_no", cell(r.household_no, csv).c_str());
        f.SetField("address", cell(r.address, csv).c_str());
        if (r.building) f.SetField("building", r.building);
        if (r.entrance) f.SetField("entrance", r.entrance);
        if (r.floor) f.SetField("floor", r.floor);
        if (r.flat) f.SetField("flat", r.flat);
        f.SetField("name", cell(r.name, csv).c_str());
        f.SetField("phone", cell(r.phone, csv).c_str());
        if (layer->CreateFeature(&f) != OGRERR_NONE)
            return make_error(ErrorCode::Io, gis::i18n::format(_("cannot write a row to {0}: {1}"), tmp, CPLGetLastErrorMsg()));
    }
    CPLErrorReset();
    ds.reset();  // closing writes the file
    if (CPLGetLastErrorType() >= CE_Failure || !fs::exists(tmp))
        return make_error(ErrorCode::Io, gis::i18n::format(_("cannot finish {0}: {1}"), tmp, CPLGetLastErrorMsg()));
    return {};
}

}  // namespace

std::vector<NoticeRow> notice_rows(const district::District& d, const GasImpact& impact, bool masked) {
    std::unordered_set<std::int64_t> wanted(impact.households.begin(), impact.households.end());
    std::vector<NoticeRow> rows;
    for (const auto& h : d.households) {
        if (!wanted.count(h.fid)) continue;
        NoticeRow r;
        r.kind = "household";
        r.household_no = h.household_no;
        r.address = h.address;
        r.building = h.building_number;
        r.entrance = h.entrance;
        r.floor = h.floor;
        r.flat = h.flat;
        r.name = masked ? privacy::mask_name(h.head_name) : h.head_name;
        r.phone = masked ? privacy::mask_phone(h.phone) : h.phone;
        rows.push_back(std::move(r));
    }
    std::sort(rows.begin(), rows.end(), [](const NoticeRow& a, const NoticeRow& b) {
        return std::tie(a.building, a.entrance, a.floor, a.flat, a.household_no) <
               std::tie(b.building, b.entrance, b.floor, b.flat, b.household_no);
    });
    std::unordered_set<std::int64_t> shops(impact.shops.begin(), impact.shops.end());
    std::unordered_map<std::int64_t, int> number_of;
    for (const auto& b : d.buildings) number_of[b.fid] = b.number;
    for (const auto& s : d.shops) {
        if (!shops.count(s.fid)) continue;
        NoticeRow r;
        r.kind = "shop";
        r.address = s.address;
        r.building = number_of.count(s.building_fid) ? number_of[s.building_fid] : 0;
        r.name = s.name;
        rows.push_back(std::move(r));
    }
    return rows;
}

Result<void> export_notices(const std::string& out_path, const district::District& d, const GasImpact& impact,
                            const NoticeExportOptions& options) {
    const fs::path out(out_path);
    const std::string ext = lower_extension(out);
    if (ext != ".csv" && ext != ".xlsx")
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("the notification list must be a .csv or .xlsx file, got '{0}'"),
                                            out_path));
    std::error_code ec;
    const fs::path dir = out.has_parent_path() ? out.parent_path() : fs::path(".");
    if (!fs::is_directory(dir, ec))
        return make_error(ErrorCode::NotFound, gis::i18n::format(_("folder {0} does not exist"), dir.string()));
    if (fs::is_directory(out, ec)) return make_error(ErrorCode::BadInput, gis::i18n::format(_("{0} is a folder"), out_path));

    auto rows = notice_rows(d, impact, !options.include_personal_data);
    if (options.include_personal_data) {
        std::vector<std::string> numbers;
        for (const auto& r : rows)
            if (r.kind == "household") numbers.push_back(r.household_no);
        auto audit = server::disclose(options.dataset_path, "export", options.query, numbers);
        if (!audit) return audit.error();
        // On a secured server the district read was masked: the names and phones are the server's.
        if (audit.value())
            for (auto& r : rows)
                if (auto it = audit.value()->find(r.household_no);
                    r.kind == "household" && it != audit.value()->end()) {
                    r.name = it->second.head_name;
                    r.phone = it->second.phone;
                }
    }
    // Written in the private staging folder beside the destination and renamed into place whole (the
    // staged name has no second archive extension: GDAL's zip paths would split there).
    auto staged = StagedFile::create(out_path, ext, options.include_personal_data);
    if (!staged) return staged.error();
    auto written = write_table(*staged, ext == ".csv" ? "CSV" : "XLSX", rows);
    if (!written) return written;
    return staged->commit();
}

}  // namespace gis::network
