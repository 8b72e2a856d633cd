#include "gis/occupancy/import.hpp"
#include "gis/occupancy/stored_index.hpp"

#include <cpl_conv.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>

#include "gis/core/i18n.hpp"
#include "gis/core/input_file.hpp"
#include "gis/core/strings.hpp"
#include "gis/district/schema.hpp"
#include "gis/io/dataset.hpp"
#include "gis/io/editor.hpp"
#include "gis/occupancy/detail/columns.hpp"

namespace gis::occupancy {
namespace {

bool chinese() { return gis::i18n::language() == gis::i18n::Lang::Zh; }

using detail::Col;

/// Text from the file as UTF-8: kept when valid, else read as GB18030; trimmed.
std::string as_utf8(const std::string& raw) {
    std::string s = raw;
    if (!utf8_valid(s)) {
        icu::UnicodeString u(s.data(), static_cast<int32_t>(s.size()), "GB18030");
        s.clear();
        u.toUTF8String(s);
    }
    if (s.rfind("\xEF\xBB\xBF", 0) == 0) s.erase(0, 3);
    auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return "";
    auto e = s.find_last_not_of(" \t\r\n");
    s = s.substr(b, e - b + 1);
    // A CSV export protects cells starting with = + - @ with an apostrophe; take it off again.
    if (s.size() >= 2 && s[0] == '\'' && (s[1] == '=' || s[1] == '+' || s[1] == '-' || s[1] == '@'))
        s.erase(0, 1);
    return s;
}

std::optional<int> whole_number(std::string s, int max) {
    // 12, 12栋, 2单元, 3层, 301室, 12.0 (spreadsheet numbers); full-width digits (１２) as the address
    // search reads them (NFKC).
    s = fold_width(s);
    static const char* kUnits[] = {"号楼", "单元", "栋", "幢", "号", "楼", "单", "门", "层", "室", "房"};
    for (bool cut = true; cut;) {
        cut = false;
        for (const char* u : kUnits) {
            std::string w(u);
            if (s.size() > w.size() && s.compare(s.size() - w.size(), w.size(), w) == 0) {
                s.erase(s.size() - w.size());
                cut = true;
            }
        }
    }
    if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.erase(s.size() - 2);
    if (s.empty() || s.size() > 9) return std::nullopt;
    for (char c : s)
        if (c < '0' || c > '9') return std::nullopt;
    int v = std::stoi(s);
    if (v < 0 || v > max) return std::nullopt;
    return v;
}

std::optional<bool> yes_no(const std::string& s) {
    static const char* kYes[] = {"1",   "是",   "有",   "y",    "Y", "yes", "Yes",
                                 "YES", "true", "True", "TRUE", "✓", "√",   "1.0"};
    static const char* kNo[] = {"",   "0",  "否",    "无",    "n",     "N",  "no",
                                "No", "NO", "false", "False", "FALSE", "0.0"};
    for (const char* y : kYes)
        if (s == y) return true;
    for (const char* n : kNo)
        if (s == n) return false;
    return std::nullopt;
}

/// A household list as rows of raw cells (no encoding applied), each with the row a person sees.
struct Table {
    struct Row {
        int row = 0;  ///< the spreadsheet row: the header is row 1; a CSV row is the line it starts on
        std::vector<std::string> cells;
        std::string problem;  ///< the row could not be read whole: rejected with this reason
    };
    std::vector<std::string> headers;  ///< UTF-8
    std::vector<Row> rows;
};

/// A CSV list, read row by row within the limits of a row and a cell (a row over them is rejected
/// with its line number, and the rows after it are read).
Result<Table> read_csv_table(const std::string& file) {
    auto reader = input::CsvReader::open(file);
    if (!reader) return reader.error();
    // Say what is wrong with a file that is no CSV text, rather than list garbage as its columns.
    if (reader->looks_blank())
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("{0}: the file is empty; its first row must hold the headers "
                                              "(户号, 楼号, 单元, 楼层, 房号, 户主, 电话, ...)"),
                                            file));
    if (reader->looks_binary())
        return make_error(
            ErrorCode::BadInput,
            gis::i18n::format(_("{0}: not a text file, so not a CSV list (is it a spreadsheet or "
                                "another file saved under a .csv name?)"),
                              file));
    Table t;
    input::CsvRecord r;
    bool header = true;
    while (reader->next(r)) {
        if (header) {
            if (r.blank()) continue;
            if (!r.problem.empty())
                return make_error(ErrorCode::BadInput,
                                  gis::i18n::format(_("{0}: the header row (line {1}) cannot be read: {2}"),
                                                    file, std::to_string(r.line), r.problem.text(chinese())));
            for (const auto& h : r.cells) t.headers.push_back(as_utf8(h));
            header = false;
            continue;
        }
        t.rows.push_back({r.line, std::move(r.cells), r.problem.text(chinese())});
    }
    if (header)
        return make_error(
            ErrorCode::BadInput,
            gis::i18n::format(_("{0}: the file is empty; its first row must hold the headers"), file));
    return t;
}

/// An XLSX list through GDAL, read whole (the file's size and what it unpacks to are checked first); a
/// cell over the limit rejects its row.
Result<Table> read_xlsx_table(const std::string& file) {
    if (auto z = input::check_zip_unpacked_size(file); !z) return z.error();
    // The first row is always the header and every cell is read as text (phone numbers and ID numbers
    // must not become floating-point numbers).
    CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", "FORCE");
    CPLSetThreadLocalConfigOption("OGR_XLSX_FIELD_TYPES", "STRING");
    auto ds = io::Dataset::open(file);
    Result<io::Layer> layer =
        make_error(ErrorCode::BadInput, gis::i18n::format(_("{0}: the file has no sheet or table"), file));
    if (ds) {
        auto layers = ds->layers();
        if (!layers.empty()) layer = ds->read_layer(layers.front().name);
    }
    CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", nullptr);
    CPLSetThreadLocalConfigOption("OGR_XLSX_FIELD_TYPES", nullptr);
    if (!ds)
        return make_error(
            ErrorCode::BadInput,
            gis::i18n::format(_("{0}: cannot read the household list ({1})"), file, ds.error().message));
    if (!layer) return layer.error();
    Table t;
    for (const auto& f : layer->info.fields) t.headers.push_back(as_utf8(f.name));
    for (const auto& feature : layer->features) {
        Table::Row row{static_cast<int>(feature.fid), {}, {}};
        for (std::size_t i = 0; i < feature.values.size(); ++i) {
            std::string v = io::to_display(feature.values[i]);
            if (v.size() > input::kCellBytes && row.problem.empty())
                row.problem = input::cell_too_long(i, v.size()).text(chinese());
            row.cells.push_back(std::move(v));
        }
        if (!row.problem.empty()) row.cells.clear();
        t.rows.push_back(std::move(row));
    }
    return t;
}

bool plain_text(const std::string& s) {
    if (!utf8_valid(s)) return false;
    for (char32_t c : utf8_decode(s))
        if (c < 0x20 || c == 0x7F) return false;
    return true;
}

/// The next household numbers of the data set's series: the prefix of its first number, counting on
/// from the highest number with that prefix, zero-padded to the same width.
class NumberSeries {
  public:
    explicit NumberSeries(const OccupancyIndex& index) {
        std::string first;
        for (const auto& h : index.district().households)
            if (first.empty() || h.household_no < first) first = h.household_no;
        auto dash = first.rfind('-');
        prefix_ = first.empty() ? "H-" : first.substr(0, dash == std::string::npos ? 0 : dash + 1);
        width_ = first.empty() ? 4 : static_cast<int>(first.size() - prefix_.size());
        for (const auto& h : index.district().households)
            if (h.household_no.rfind(prefix_, 0) == 0)
                if (auto v = whole_number(h.household_no.substr(prefix_.size()), 999'999'999))
                    next_ = std::max(next_, *v + 1);
    }
    std::string next(const std::function<bool(const std::string&)>& taken) {
        for (;;) {
            std::string digits = std::to_string(next_++);
            if (static_cast<int>(digits.size()) < width_) digits.insert(0, width_ - digits.size(), '0');
            if (!taken(prefix_ + digits)) return prefix_ + digits;
        }
    }

  private:
    std::string prefix_;
    int width_ = 4;
    int next_ = 1;
};

}  // namespace

/// Mobile (11 digits, 13x..19x, optionally +86) or landline with its area code (0 + area code + 7 or
/// 8 digits: 10 to 12 digits in all); spaces and dashes allowed, full-width digits too. A number
/// without its area code cannot be dialled from a mobile, so it is refused. Returns the digits, or
/// nothing when malformed.
std::optional<std::string> phone_number(std::string_view s) {
    std::string digits;
    bool plus = false;
    for (char32_t c : utf8_decode(fold_width(s))) {  // NFKC: full-width digits, plus and space as ASCII
        if (c >= U'0' && c <= U'9')
            digits += static_cast<char>(c);
        else if (c == U'+' && digits.empty() && !plus)
            plus = true;
        else if (c != U' ' && c != U'-' && !(c >= 0x2010 && c <= 0x2015))
            return std::nullopt;
    }
    if (digits.empty()) return std::nullopt;
    if (plus || (digits.size() == 13 && digits.rfind("86", 0) == 0)) {
        if (digits.rfind("86", 0) != 0) return std::nullopt;
        digits.erase(0, 2);
    }
    if (digits.size() == 11 && digits[0] == '1' && digits[1] >= '3') return digits;
    if (digits.size() >= 10 && digits.size() <= 12 && digits[0] == '0' && digits[1] != '0') return digits;
    return std::nullopt;
}

/// GB 11643: 17 digits and a check character (ISO 7064 MOD 11-2), or the old 15 digits.
std::optional<std::string> id_number(std::string_view text) {
    std::string s(text);
    if (!s.empty() && s.back() == 'x') s.back() = 'X';
    if (s.size() == 15 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return s;
    if (s.size() != 18) return std::nullopt;
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; ++i) {
        if (s[i] < '0' || s[i] > '9') return std::nullopt;
        sum += (s[i] - '0') * w[i];
    }
    return s[17] == "10X98765432"[sum % 11] ? std::optional(s) : std::nullopt;
}

Result<ImportReport> import_households(const std::string& file, const std::string& dataset_path,
                                       const OccupancyIndex& index, const ImportOptions& options) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(file, ec))
        return make_error(ErrorCode::NotFound, gis::i18n::format(_("{0}: no such file"), file));
    std::string ext = fs::path(file).extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext != ".csv" && ext != ".xlsx")
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("{0}: household lists must be .csv or .xlsx files"), file));
    // Nothing is read from a device, a pipe or a folder (/dev/zero never ends); a spreadsheet is read
    // whole, so it has a size limit; a CSV file is read row by row within the limits of a row and a cell.
    if (auto c = input::check_file(file, ext == ".xlsx" ? input::kSpreadsheetBytes : 0,
                                   _("save the sheet as CSV (UTF-8), which is read row by row"));
        !c)
        return c.error();
    auto table = ext == ".csv" ? read_csv_table(file) : read_xlsx_table(file);
    if (!table) return table.error();

    auto columns = detail::map_columns(table->headers);
    if (!columns)
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("{0}: {1}"), file, columns.error().message));
    const auto& at = columns.value();
    const district::District& d = index.district();

    struct Good {
        int row;
        std::string number;
        FlatRef flat;
        std::string name, phone, id;
        int size;
        bool low_income, migrant, elderly, tenant;
    };
    std::vector<Good> good;
    ImportReport report;
    std::map<std::string, int> numbers_in_file;
    std::map<FlatRef, int> flats_in_file;
    const auto total_rows = static_cast<std::int64_t>(table->rows.size());
    std::int64_t checked = 0;
    for (const auto& raw : table->rows) {
        report_progress(options.progress, "progress.checking", ++checked, total_rows, 4096);
        // An empty row is no row (a spreadsheet's blank lines); any other counts, read or rejected.
        if (raw.problem.empty() && std::all_of(raw.cells.begin(), raw.cells.end(), [](const std::string& c) {
                return c.find_first_not_of(" \t\r\n") == std::string::npos;
            }))
            continue;
        ++report.rows;
        const int row = raw.row;
        if (!raw.problem.empty()) {
            report.rejected.push_back({row, raw.problem});
            continue;
        }
        std::vector<std::string> cell(static_cast<std::size_t>(Col::Count));
        for (int c = 0; c < static_cast<int>(Col::Count); ++c) {
            const int i = at[c];
            if (i >= 0 && static_cast<std::size_t>(i) < raw.cells.size()) cell[c] = as_utf8(raw.cells[i]);
        }
        auto get = [&](Col c) -> const std::string& { return cell[static_cast<int>(c)]; };
        std::vector<std::string> why;
        auto label = [](Col c) { return std::string(detail::column_label(c)); };

        Good g{row, get(Col::Number), {}, get(Col::Name), {}, {}, 1, false, false, false, false};
        if (g.name.empty())
            why.push_back(gis::i18n::format(_("{0} is empty"), label(Col::Name)));
        else if (!plain_text(g.name))
            why.push_back(
                gis::i18n::format(_("{0} is not plain text (invalid characters)"), label(Col::Name)));
        else if (utf8_length(g.name) > 50)
            why.push_back(gis::i18n::format(_("{0} is longer than 50 characters"), label(Col::Name)));
        else if (g.name.find('*') != std::string::npos)
            why.push_back(gis::i18n::format(
                _("{0} is masked (has *): import a list exported with --include-personal-data"),
                label(Col::Name)));

        // Where: 地址, or 楼号 单元 楼层 房号 (房号 either the flat on the floor, 1, or the room number,
        // 301).
        bool located = true;
        const bool by_address = at[static_cast<int>(Col::Building)] < 0 ||
                                (!get(Col::Address).empty() && get(Col::Building).empty());
        if (by_address) {
            auto a = parse_address(get(Col::Address));
            if (get(Col::Address).empty()) {
                why.push_back(gis::i18n::format(_("{0} is empty"), label(Col::Address)));
                located = false;
            } else if (!a || !a->names_flat() || a->entrance == 0) {
                why.push_back(gis::i18n::format(_("{0} {1} is not a flat address like 12-2-301"),
                                                label(Col::Address),
                                                quote_for_message(get(Col::Address), 20)));
                located = false;
            } else {
                g.flat = {a->building, a->entrance, a->floor, a->flat};
            }
        } else {
            auto num = [&](Col c, int max) -> int {
                auto v = whole_number(get(c), max);
                if (!v || *v == 0) {
                    why.push_back(get(c).empty() ? gis::i18n::format(_("{0} is empty"), label(c))
                                                 : gis::i18n::format(_("{0} {1} is not a number"), label(c),
                                                                     quote_for_message(get(c), 12)));
                    located = false;
                    return 0;
                }
                return *v;
            };
            g.flat.building = num(Col::Building, 99'999'999);
            g.flat.entrance = num(Col::Entrance, 99);
            int room = num(Col::Flat, 999'999);
            int floor = 0;  // 0: not given
            if (!get(Col::Floor).empty()) {
                auto f = whole_number(get(Col::Floor), 999);
                if (!f || *f == 0) {
                    why.push_back(gis::i18n::format(_("{0} {1} is not a number"), label(Col::Floor),
                                                    quote_for_message(get(Col::Floor), 12)));
                    located = false;
                } else {
                    floor = *f;
                }
            }
            if (located && room >= 100) {
                g.flat.floor = room / 100;
                g.flat.flat = room % 100;
                if (!floor_and_flat(room, floor)) {
                    why.push_back(gis::i18n::format(_("{0} {1} is not on {2} {3}"), label(Col::Flat),
                                                    std::to_string(room), label(Col::Floor),
                                                    std::to_string(floor)));
                    located = false;
                }
            } else if (located) {
                if (floor == 0) {
                    why.push_back(gis::i18n::format(_("{0} is empty"), label(Col::Floor)));
                    located = false;
                }
                g.flat.floor = floor;
                g.flat.flat = room;
            }
        }
        if (located) {
            std::string b = std::to_string(g.flat.building);
            const district::Building* bl = d.building_by_number(g.flat.building);
            if (!bl) {
                why.push_back(gis::i18n::format(_("there is no residential building {0}"), b));
            } else if (g.flat.entrance > bl->entrances) {
                why.push_back(gis::i18n::format(_("entrance {0} does not exist (building {1} has {2})"),
                                                std::to_string(g.flat.entrance), b,
                                                std::to_string(bl->entrances)));
            } else if (g.flat.floor > bl->floors) {
                why.push_back(gis::i18n::format(_("floor {0} is above the top floor ({1}) of building {2}"),
                                                std::to_string(g.flat.floor), std::to_string(bl->floors), b));
            } else if (g.flat.floor < bl->first_residential_floor()) {
                why.push_back(gis::i18n::format(_("floor {0} of building {1} is street-front shops"),
                                                std::to_string(g.flat.floor), b));
            } else if (g.flat.flat < 1 || g.flat.flat > bl->flats_per_floor) {
                why.push_back(gis::i18n::format(
                    _("flat {0} does not exist (building {1} has {2} per floor in each entrance)"),
                    std::to_string(g.flat.flat), b, std::to_string(bl->flats_per_floor)));
            } else if (auto there = index.at(g.flat); !there.empty()) {
                why.push_back(gis::i18n::format(_("{0} is already occupied ({1})"), g.flat.address(),
                                                index.household(there.front()).household_no));
            } else if (auto [it, fresh] = flats_in_file.try_emplace(g.flat, row); !fresh) {
                why.push_back(gis::i18n::format(_("{0} is also given in row {1}"), g.flat.address(),
                                                std::to_string(it->second)));
            }
        }
        if (!g.number.empty()) {
            bool shape = g.number.size() <= 32 && std::all_of(g.number.begin(), g.number.end(), [](char c) {
                             return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
                         });
            if (!shape)
                why.push_back(gis::i18n::format(
                    _("{0} may only have letters, digits, '-' and '_' (at most 32)"), label(Col::Number)));
            else if (index.find_number(g.number))
                why.push_back(gis::i18n::format(_("household number {0} already exists"), g.number));
            else if (auto [it, fresh] = numbers_in_file.try_emplace(g.number, row); !fresh)
                why.push_back(gis::i18n::format(_("household number {0} is also given in row {1}"), g.number,
                                                std::to_string(it->second)));
        }
        if (!get(Col::Phone).empty()) {
            if (auto p = phone_number(get(Col::Phone)))
                g.phone = *p;
            else
                why.push_back(gis::i18n::format(
                    _("{0} is not a phone number (mobile: 11 digits from 1; landline: area code and number)"),
                    label(Col::Phone)));
        }
        if (!get(Col::IdNumber).empty()) {
            if (auto id = id_number(get(Col::IdNumber)))
                g.id = *id;
            else
                why.push_back(gis::i18n::format(
                    _("{0} is not a valid ID number (18 characters with a correct check digit)"),
                    label(Col::IdNumber)));
        }
        if (!get(Col::Size).empty()) {
            auto v = whole_number(get(Col::Size), 20);
            if (!v || *v < 1)
                why.push_back(
                    gis::i18n::format(_("{0} must be a whole number from 1 to 20"), label(Col::Size)));
            else
                g.size = *v;
        }
        auto flag = [&](Col c, bool& out) {
            if (auto v = yes_no(get(c)))
                out = *v;
            else
                why.push_back(gis::i18n::format(_("{0} must be 是 or 否 (or 1 or 0)"), label(c)));
        };
        flag(Col::LowIncome, g.low_income);
        flag(Col::Migrant, g.migrant);
        flag(Col::ElderlyAlone, g.elderly);
        flag(Col::Tenant, g.tenant);

        if (why.empty()) {
            good.push_back(std::move(g));
            continue;
        }
        std::string reason;
        for (const auto& w : why) reason = reason.empty() ? w : gis::i18n::format(_("{0}; {1}"), reason, w);
        report.rejected.push_back({row, reason});
    }

    report.good = good.size();
    if (good.empty() || options.dry_run || (!report.rejected.empty() && !options.skip_bad)) return report;

    NumberSeries series(index);
    auto editor = io::Editor::open(dataset_path);
    if (!editor) return editor.error();
    std::int64_t written = 0;
    for (auto& g : good) {
        report_progress(options.progress, "progress.writing", ++written,
                        static_cast<std::int64_t>(good.size()), 4096);
        if (g.number.empty())
            g.number = series.next(
                [&](const std::string& n) { return index.find_number(n) || numbers_in_file.count(n); });
        auto fid = editor->insert(district::layers::kHouseholds, {},
                                  {{"household_no", g.number},
                                   {"building_number", std::int64_t{g.flat.building}},
                                   {"entrance", std::int64_t{g.flat.entrance}},
                                   {"floor", std::int64_t{g.flat.floor}},
                                   {"flat", std::int64_t{g.flat.flat}},
                                   {"address", g.flat.address()},
                                   {"head_name", g.name},
                                   {"phone", g.phone},
                                   {"id_number", g.id},
                                   {"size", std::int64_t{g.size}},
                                   {"low_income", std::int64_t{g.low_income}},
                                   {"migrant", std::int64_t{g.migrant}},
                                   {"tenant", std::int64_t{g.tenant}},
                                   {"elderly_alone", std::int64_t{g.elderly}},
                                   {"party_members", std::int64_t{0}}});
        if (!fid) return fid.error();  // the editor rolls back: nothing is written
        report.household_numbers.push_back(g.number);
    }
    if (auto c = editor->commit(); !c) return c.error();
    report.imported = good.size();
    report.written = true;
    // The new households changed what the search tables describe (their triggers marked them out of
    // date); rebuilt here so look-ups keep reading through them. Should that fail, look-ups read the
    // whole table and say how to rebuild: never a wrong answer.
    if (auto st = stored_index_status(dataset_path); st && st->geopackage) {
        report_progress(options.progress, "progress.indexing", 0, 1);
        if (auto ix = build_stored_index(dataset_path); !ix) report.index_note = ix.error().message;
        report_progress(options.progress, "progress.indexing", 1, 1);
    }
    return report;
}

}  // namespace gis::occupancy
