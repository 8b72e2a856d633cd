#include "gis/occupancy/export.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "gis/core/i18n.hpp"
#include "gis/core/staging.hpp"
#include "gis/core/terminal_text.hpp"
#include "gis/io/xlsx_table.hpp"
#include "gis/occupancy/detail/columns.hpp"
#include "gis/privacy/privacy.hpp"
#include "gis/server/server.hpp"

namespace gis::occupancy {
namespace {

namespace fs = std::filesystem;
using detail::Col;

struct Column {
    Col col;
    bool integer;
};

const std::vector<Column>& columns(bool personal) {
    static const std::vector<Column> masked = {
        {Col::Number, false},   {Col::Address, false}, {Col::Building, true}, {Col::Entrance, true},
        {Col::Floor, true},     {Col::Flat, true},     {Col::Name, false},    {Col::Phone, false},
        {Col::IdNumber, false}, {Col::Size, true},     {Col::Migrant, false}, {Col::ElderlyAlone, false},
        {Col::Tenant, false}};
    static const std::vector<Column> full = [] {
        auto v = masked;
        v.insert(v.begin() + 10, {Col::LowIncome, false});
        return v;
    }();
    return personal ? full : masked;
}

/// A CSV cell a spreadsheet would read as a number and spoil: an ID number's 18 digits (Excel and
/// LibreOffice keep 15 significant digits, so 110101199001011237 comes back as 110101199001011000), or a
/// phone number's leading 0. Both programs convert a quoted field too ("110101199001011237" is still a
/// number to them), and an apostrophe stays visible in the cell when a CSV is opened. A leading tab
/// keeps the field text in both (a tab-led field is not a number) while showing nothing; the field is
/// quoted because of the tab (GDAL quotes fields holding one), so the tab is plainly part of the value,
/// and `households import` trims it off again. ="..." would keep the digits in Excel only, and is a
/// formula, which the export refuses to write.
std::string spreadsheet_text(std::string cell) {
    const bool id_like =
        cell.size() >= 12 &&
        std::all_of(cell.begin(), cell.end() - 1, [](char c) { return c >= '0' && c <= '9'; }) &&
        ((cell.back() >= '0' && cell.back() <= '9') || cell.back() == 'X' || cell.back() == 'x');
    const bool leading_zero =
        cell.size() >= 2 && cell[0] == '0' &&
        std::all_of(cell.begin(), cell.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (id_like || leading_zero) cell.insert(0, 1, '\t');
    return cell;
}

struct DatasetCloser {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};

}  // namespace

Result<std::size_t> export_households(const OccupancyIndex& index, const std::vector<HouseholdId>& ids,
                                      const std::string& out_path, const ExportOptions& options) {
    std::error_code ec;
    fs::path out(out_path);
    std::string ext = out.extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext != ".csv" && ext != ".xlsx")
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("{0}: export to a .csv or .xlsx file"), out_path));
    if (fs::exists(out, ec) && !options.overwrite)
        return make_error(  // as brief --out and district scan --out: a choice for the user, not an I/O
                            // failure
            ErrorCode::BadInput,
            gis::i18n::format(_("{0} already exists; nothing was written (use --force to replace it)"),
                              out_path));
    fs::path dir = out.has_parent_path() ? out.parent_path() : fs::path(".");
    if (!fs::is_directory(dir, ec))
        return make_error(ErrorCode::NotFound,
                          gis::i18n::format(_("{0}: the folder {1} does not exist"), out_path, dir.string()));
    server::Disclosed disclosed;
    if (options.include_personal_data) {
        if (options.audit_dataset.empty())
            return make_error(ErrorCode::BadInput,
                              _("an export with personal data must be recorded in a data set's audit table"));
        std::vector<std::string> numbers;
        numbers.reserve(ids.size());
        for (HouseholdId id : ids) numbers.push_back(index.household(id).household_no);
        auto audited = server::disclose(options.audit_dataset, "export", options.audit_query, numbers);
        if (!audited)
            return make_error(audited.error().code, gis::i18n::format(_("the export was not written: {0}"),
                                                                      audited.error().message));
        disclosed = std::move(audited.value());
    }

    GDALAllRegister();
    const bool csv = ext == ".csv";
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(csv ? "CSV" : "XLSX");
    if (!driver)
        return make_error(ErrorCode::Internal,
                          gis::i18n::format(_("GDAL has no {0} driver"), csv ? "CSV" : "XLSX"));
    // Written in the private staging folder beside the destination (mode 0700; the file 0600 when it
    // holds personal data) and renamed into place whole; a killed export leaves nothing readable behind.
    auto staged = StagedFile::create(out_path, ext, options.include_personal_data);
    if (!staged) return staged.error();
    const fs::path tmp = staged->path();
    auto fail = [&](const char* what) {
        staged->discard();
        return make_error(ErrorCode::Io, gis::i18n::format(_("{0}: {1} ({2}); nothing was written"), out_path,
                                                           _(what), CPLGetLastErrorMsg()));
    };
    CPLErrorReset();
    std::unique_ptr<GDALDataset, DatasetCloser> ds(
        driver->Create(tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) return fail(N_("cannot create the file"));
    const char* csv_options[] = {"WRITE_BOM=YES", "STRING_QUOTING=IF_NEEDED", nullptr};
    OGRLayer* layer =
        ds->CreateLayer("households", nullptr, wkbNone, csv ? const_cast<char**>(csv_options) : nullptr);
    if (!layer) return fail(N_("cannot create the table"));
    staged->restrict_access();
    const auto& cols = columns(options.include_personal_data);
    for (const auto& c : cols) {
        OGRFieldDefn field(detail::column_label(c.col), c.integer ? OFTInteger : OFTString);
        if (layer->CreateField(&field) != OGRERR_NONE) return fail(N_("cannot add a column"));
    }
    const bool reveal = options.include_personal_data;
    const auto total = static_cast<std::int64_t>(ids.size());
    std::int64_t written = 0;
    for (HouseholdId id : ids) {
        report_progress(options.progress, "progress.writing", written++, total, 2000);
        district::Household h = index.household(id);
        server::apply_disclosed(h, disclosed);
        OGRFeature f(layer->GetLayerDefn());
        for (int i = 0; i < static_cast<int>(cols.size()); ++i) {
            std::string text;
            int number = 0;
            switch (cols[i].col) {
                case Col::Number:
                    text = h.household_no;
                    break;
                case Col::Address:
                    text = h.address;
                    break;
                case Col::Building:
                    number = h.building_number;
                    break;
                case Col::Entrance:
                    number = h.entrance;
                    break;
                case Col::Floor:
                    number = h.floor;
                    break;
                case Col::Flat:
                    number = h.floor * 100 + h.flat;
                    break;
                case Col::Name:
                    text = reveal ? h.head_name : privacy::mask_name(h.head_name);
                    break;
                case Col::Phone:
                    text = reveal ? h.phone : privacy::mask_phone(h.phone);
                    break;
                case Col::IdNumber:
                    text = reveal ? h.id_number : privacy::mask_id_number(h.id_number);
                    break;
                case Col::Size:
                    number = h.size;
                    break;
                case Col::LowIncome:
                    text = h.low_income ? "是" : "否";
                    break;
                case Col::Migrant:
                    text = h.migrant ? "是" : "否";
                    break;
                case Col::ElderlyAlone:
                    text = h.elderly_alone ? "是" : "否";
                    break;
                case Col::Tenant:
                    text = h.tenant ? "是" : "否";
                    break;
                default:
                    break;
            }
            if (cols[i].integer)
                f.SetField(i, number);
            else if (csv && reveal && (cols[i].col == Col::IdNumber || cols[i].col == Col::Phone))
                f.SetField(i, spreadsheet_text(table_cell(text, csv)).c_str());
            else
                f.SetField(i, table_cell(text, csv).c_str());
        }
        if (layer->CreateFeature(&f) != OGRERR_NONE) return fail(N_("cannot write a row"));
    }
    report_progress(options.progress, "progress.writing", total, total);
    // GDAL writes an XLSX whole when it is closed: a stage of its own, of unknown length.
    report_progress(options.progress, "progress.saving", 0, 0);
    CPLErrorReset();
    ds.reset();  // closing writes the file
    if (CPLGetLastErrorType() >= CE_Failure || !fs::exists(tmp, ec))
        return fail(N_("cannot finish the file"));
    if (!csv) {
        if (auto r = io::freeze_and_filter_header(tmp.string(), static_cast<int>(cols.size()), ids.size());
            !r) {
            staged->discard();
            return r.error();
        }
    }
    if (auto r = staged->commit(); !r) return r.error();
    return ids.size();
}

}  // namespace gis::occupancy
