#include "gis/io/xlsx_table.hpp"
#include "gis/core/i18n.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

#include <algorithm>
#include <filesystem>
#include <utility>
#include <vector>

namespace gis::io {
namespace {

std::string sheet_name_of(const std::string& workbook) {
    const auto at = workbook.find("<sheet ");
    if (at == std::string::npos) return "Sheet1";
    const auto name = workbook.find("name=\"", at);
    if (name == std::string::npos) return "Sheet1";
    const auto end = workbook.find('"', name + 6);
    return workbook.substr(name + 6, end - name - 6);
}

}  // namespace

std::string column_letters(int index) {
    std::string s;
    for (int i = index + 1; i > 0; i = (i - 1) / 26)
        s.insert(s.begin(), static_cast<char>('A' + (i - 1) % 26));
    return s;
}

Result<void> freeze_and_filter_header(const std::string& path, int columns, std::size_t rows) {
    const std::string zip = "/vsizip/" + path;
    char** listing = VSIReadDirRecursive(zip.c_str());
    std::vector<std::pair<std::string, std::string>> entries;
    for (char** p = listing; p && *p; ++p) {
        const std::string name = *p;
        VSIStatBufL st;
        if (VSIStatL((zip + "/" + name).c_str(), &st) != 0 || VSI_ISDIR(st.st_mode)) continue;
        GByte* data = nullptr;
        vsi_l_offset size = 0;
        if (!VSIIngestFile(nullptr, (zip + "/" + name).c_str(), &data, &size, 64 * 1024 * 1024)) {
            CSLDestroy(listing);
            return make_error(ErrorCode::Io, gis::i18n::format(_("{0}: cannot read {1} back"), path, name));
        }
        entries.emplace_back(name, std::string(reinterpret_cast<const char*>(data), size));
        VSIFree(data);
    }
    CSLDestroy(listing);
    auto find = [&](const std::string& name) -> std::string* {
        for (auto& e : entries)
            if (e.first == name) return &e.second;
        return nullptr;
    };
    std::string* sheet = find("xl/worksheets/sheet1.xml");
    std::string* workbook = find("xl/workbook.xml");
    if (!sheet || !workbook) return make_error(ErrorCode::Io, gis::i18n::format(_("{0}: not the XLSX file GDAL writes"), path));

    const std::string last = column_letters(std::max(1, columns) - 1);
    const std::string ref = "A1:" + last + std::to_string(rows + 1);
    // The frozen pane: rows above A2 stay; sheetViews comes before cols and sheetData (ECMA-376 order).
    const std::string views =
        "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" "
        "activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\" activeCell=\"A2\" "
        "sqref=\"A2\"/></sheetView></sheetViews>\n";
    auto before = sheet->find("<cols>");
    if (before == std::string::npos) before = sheet->find("<sheetData");
    const auto after = sheet->find("</sheetData>");
    if (before == std::string::npos || after == std::string::npos)
        return make_error(ErrorCode::Io, gis::i18n::format(_("{0}: the sheet has no table"), path));
    sheet->insert(after + 12, "\n<autoFilter ref=\"" + ref + "\"/>");
    sheet->insert(before, views);
    // Excel keeps a filter's range as the sheet's hidden name _xlnm._FilterDatabase.
    if (const auto sheets_end = workbook->find("</sheets>"); sheets_end != std::string::npos) {
        const std::string range =
            "'" + sheet_name_of(*workbook) + "'!$A$1:$" + last + "$" + std::to_string(rows + 1);
        workbook->insert(sheets_end + 9,
                         "\n<definedNames><definedName name=\"_xlnm._FilterDatabase\" "
                         "localSheetId=\"0\" hidden=\"1\">" +
                             range + "</definedName></definedNames>");
    }

    // Written beside the file and renamed over it; [Content_Types].xml first, as readers expect.
    std::stable_partition(entries.begin(), entries.end(),
                          [](const auto& e) { return e.first == "[Content_Types].xml"; });
    const std::string tmp = path + ".filter.tmp";
    void* out = CPLCreateZip(tmp.c_str(), nullptr);
    if (!out) return make_error(ErrorCode::Io, gis::i18n::format(_("{0}: cannot rewrite the file"), path));
    bool ok = true;
    for (const auto& [name, data] : entries) {
        ok = ok && CPLCreateFileInZip(out, name.c_str(), nullptr) == CE_None &&
             CPLWriteFileInZip(out, data.data(), static_cast<int>(data.size())) == CE_None &&
             CPLCloseFileInZip(out) == CE_None;
    }
    ok = CPLCloseZip(out) == CE_None && ok;
    // The rewritten file keeps the original's permissions (0600 when it holds personal data).
    std::error_code ec;
    const auto mode = std::filesystem::status(path, ec).permissions();
    if (!ec) std::filesystem::permissions(tmp, mode, ec);
    if (!ok || ec || VSIRename(tmp.c_str(), path.c_str()) != 0) {
        VSIUnlink(tmp.c_str());
        return make_error(ErrorCode::Io, gis::i18n::format(_("{0}: cannot rewrite the file"), path));
    }
    return {};
}

}  // namespace gis::io
