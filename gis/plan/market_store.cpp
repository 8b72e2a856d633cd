#include "gis/plan/market_store.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "gis/core/strings.hpp"
#include "gis/district/schema.hpp"
#include "gis/ingest/manifest.hpp"
#include "gis/ingest/source.hpp"
#include "gis/io/editor.hpp"
#include "gis/core/i18n.hpp"

namespace gis::plan::market {
namespace {

namespace L = district::layers;

/// The columns an applicants file has, with the names a Chinese form uses for them.
struct Column {
    const char* field;
    std::vector<std::string> names;
    bool required;
};
const std::vector<Column>& columns() {
    static const std::vector<Column> c = {{"name", {"name", "姓名", "申请人"}, true},
                                          {"phone", {"phone", "电话", "联系电话", "手机"}, true},
                                          {"id_number", {"id_number", "身份证号", "身份证号码"}, true},
                                          {"household_no", {"household_no", "户号"}, true},
                                          {"trade", {"trade", "经营品种", "行业"}, false}};
    return c;
}

std::vector<io::FieldDef> fields_of(const char* layer) {
    const auto* s = district::find_schema(layer);
    return s ? s->fields : std::vector<io::FieldDef>{};
}

std::string text(const io::Layer& l, const io::Feature& f, const char* name) {
    const int i = l.info.field_index(name);
    if (i < 0) return {};
    return io::to_display(f.values[static_cast<std::size_t>(i)]);
}

std::int64_t integer(const io::Layer& l, const io::Feature& f, const char* name) {
    const int i = l.info.field_index(name);
    if (i < 0) return 0;
    const auto& v = f.values[static_cast<std::size_t>(i)];
    if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
    if (const auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
    if (const auto* s = std::get_if<std::string>(&v)) return std::strtoll(s->c_str(), nullptr, 10);
    return 0;
}

Result<void> require_fields(const io::Layer& l, const char* layer, std::initializer_list<const char*> names) {
    for (const char* n : names)
        if (l.info.field_index(n) < 0)
            return make_error(ErrorCode::MissingLayer,
                              gis::i18n::format(_("layer {0} has no field '{1}'"), layer, n));
    return {};
}

}  // namespace

Result<std::vector<ApplicantRow>> read_applicant_file(const std::string& file) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(fs::u8path(file), ec)) return make_error(ErrorCode::NotFound, gis::i18n::format(_("{0}: no such file"), file));
    ingest::Manifest m;
    m.path = (fs::absolute(fs::u8path(file), ec).parent_path() / "applicants.toml").string();
    m.crs = district::kDistrictCrs;
    ingest::LayerMapping lm;
    lm.target = L::kMarketApplicants;
    lm.source = fs::absolute(fs::u8path(file), ec).string();
    auto table = ingest::read_source(m, lm, m.crs);
    if (!table) return table.error();
    std::vector<int> index;
    for (const auto& c : columns()) {
        int i = -1;
        for (const auto& n : c.names)
            if (i < 0) i = table->field_index(n);
        if (i < 0 && c.required) {
            std::string have;
            for (const auto& f : table->fields) have += (have.empty() ? "" : ", ") + f;
            return make_error(ErrorCode::MissingLayer,
                              gis::i18n::format(_("{0}: no column '{1}' (the file has: {2}); an applicants file "
                                                  "has columns name, phone, id_number, household_no (empty for "
                                                  "traders from outside the community) and trade"),
                                                file, c.field, have));
        }
        index.push_back(i);
    }
    std::vector<ApplicantRow> rows;
    for (auto& r : table->rows) {
        if (!r.problem.empty())
            return make_error(ErrorCode::BadInput,
                              gis::i18n::format(_("{0}, row {1}: {2}"), file, std::to_string(r.row),
                                                r.problem.text(gis::i18n::language() == gis::i18n::Lang::Zh)));
        auto cell = [&](std::size_t c) -> std::string {
            const int i = index[c];
            return i < 0 || static_cast<std::size_t>(i) >= r.values.size()
                       ? std::string()
                       : r.values[static_cast<std::size_t>(i)];
        };
        bool blank = true;
        for (std::size_t c = 0; c < index.size(); ++c)
            if (cell(c).find_first_not_of(" \t\r\n") != std::string::npos) blank = false;
        if (blank) continue;
        rows.push_back({r.row, cell(0), cell(1), cell(2), cell(3), cell(4)});
    }
    if (rows.empty()) return make_error(ErrorCode::BadInput, gis::i18n::format(_("{0}: no applicants in the file"), file));
    return rows;
}

Result<void> write_applicants(const std::string& dataset_path, const std::vector<Applicant>& applicants) {
    auto ed = io::Editor::open(dataset_path);
    if (!ed) return ed.error();
    for (const char* layer : {L::kMarketApplicants, L::kMarketAllocation}) {
        if (auto e = ed->ensure_layer(layer, "None", fields_of(layer)); !e) return e;
        auto old = ed->read(layer);
        if (!old) return old.error();
        for (const auto& f : old->features)
            if (auto r = ed->remove(layer, f.fid); !r) return r;
    }
    for (const auto& a : applicants) {
        io::Values v = {{"applicant_no", a.no},
                        {"name", a.name},
                        {"phone", a.phone},
                        {"id_number", a.id_number},
                        {"household_no", a.household_no},
                        {"trade", a.trade},
                        {"class", std::string(to_string(a.cls))}};
        if (auto r = ed->insert(L::kMarketApplicants, Geometry{}, v); !r) return r.error();
    }
    return ed->commit();
}

Result<std::vector<Applicant>> read_applicants(const io::Dataset& ds) {
    if (!ds.has_layer(L::kMarketApplicants))
        return make_error(ErrorCode::MissingLayer,
                          _("the data set has no market applicants: import them with nbhd market applicants "
                            "import FILE.csv|xlsx"));
    auto l = ds.read_layer(L::kMarketApplicants);
    if (!l) return l.error();
    if (auto r = require_fields(*l, L::kMarketApplicants,
                                {"applicant_no", "name", "phone", "id_number", "household_no", "class"});
        !r)
        return r.error();
    std::vector<Applicant> out;
    for (const auto& f : l->features) {
        Applicant a;
        a.no = integer(*l, f, "applicant_no");
        a.name = text(*l, f, "name");
        a.phone = text(*l, f, "phone");
        a.id_number = text(*l, f, "id_number");
        a.household_no = text(*l, f, "household_no");
        a.trade = text(*l, f, "trade");
        auto c = class_from(text(*l, f, "class"));
        if (!c)
            return make_error(ErrorCode::BadInput,
                              gis::i18n::format(_("market applicant {0}: {1} (import the applicants again)"),
                                                std::to_string(a.no), c.error().message));
        a.cls = c.value();
        out.push_back(std::move(a));
    }
    if (out.empty())
        return make_error(ErrorCode::MissingLayer,
                          _("the data set has no market applicants: import them with nbhd market applicants "
                            "import FILE.csv|xlsx"));
    return out;
}

Result<void> write_allocation(const std::string& dataset_path, const Allocation& a,
                              const std::string& drawn) {
    auto ed = io::Editor::open(dataset_path);
    if (!ed) return ed.error();
    if (auto e = ed->ensure_layer(L::kMarketAllocation, "None", fields_of(L::kMarketAllocation)); !e)
        return e;
    auto old = ed->read(L::kMarketAllocation);
    if (!old) return old.error();
    for (const auto& f : old->features)
        if (auto r = ed->remove(L::kMarketAllocation, f.fid); !r) return r;
    for (const auto& w : a.awards) {
        // Seeds are 0..2^63-1 (nbhd market allocate --seed): they fit SQLite's signed integers.
        io::Values v = {{"applicant_no", w.applicant},
                        {"class", std::string(to_string(w.cls))},
                        {"stall_number", static_cast<std::int64_t>(w.stall)},
                        {"waiting_place", static_cast<std::int64_t>(w.waiting_place)},
                        {"draw_place", static_cast<std::int64_t>(w.draw_place)},
                        {"seed", static_cast<std::int64_t>(a.seed & 0x7fffffffffffffffULL)},
                        {"drawn", drawn}};
        if (auto r = ed->insert(L::kMarketAllocation, Geometry{}, v); !r) return r.error();
    }
    return ed->commit();
}

Result<std::optional<SavedAllocation>> read_allocation(const io::Dataset& ds) {
    if (!ds.has_layer(L::kMarketAllocation)) return std::optional<SavedAllocation>{};
    auto l = ds.read_layer(L::kMarketAllocation);
    if (!l) return l.error();
    if (l->features.empty()) return std::optional<SavedAllocation>{};
    if (auto r =
            require_fields(*l, L::kMarketAllocation,
                           {"applicant_no", "class", "stall_number", "waiting_place", "draw_place", "seed"});
        !r)
        return r.error();
    SavedAllocation out;
    for (const auto& f : l->features) {
        Award w;
        w.applicant = integer(*l, f, "applicant_no");
        auto c = class_from(text(*l, f, "class"));
        if (!c) return c.error();
        w.cls = c.value();
        w.stall = static_cast<int>(integer(*l, f, "stall_number"));
        w.waiting_place = static_cast<int>(integer(*l, f, "waiting_place"));
        w.draw_place = static_cast<int>(integer(*l, f, "draw_place"));
        out.allocation.seed = static_cast<std::uint64_t>(integer(*l, f, "seed"));
        out.drawn = text(*l, f, "drawn");
        if (w.stall > 0) ++out.allocation.stalls;
        out.allocation.awards.push_back(w);
    }
    std::sort(out.allocation.awards.begin(), out.allocation.awards.end(),
              [](const Award& a, const Award& b) { return a.draw_place < b.draw_place; });
    return std::optional<SavedAllocation>(std::move(out));
}

Result<void> write_notice(const std::string& file, const std::vector<NoticeRow>& rows) {
    namespace fs = std::filesystem;
    std::string ext = fs::u8path(file).extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext != ".csv")
        return make_error(ErrorCode::BadInput, gis::i18n::format(_("{0}: the notice is written as CSV (name it .csv)"), file));
    auto quoted = [](const std::string& s) {
        if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
        std::string q = "\"";
        for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
        return q + "\"";
    };
    const char* class_zh[] = {"低保户", "社区居民", "新商户"};
    std::string out = "\xEF\xBB\xBF摊位号 stall,候补 waiting,类别 class,姓名 name,经营品种 trade\n";
    for (const auto& r : rows) {
        out += (r.stall > 0 ? std::to_string(r.stall) : std::string()) + "," +
               (r.waiting_place > 0 ? std::to_string(r.waiting_place) : std::string()) + "," +
               class_zh[static_cast<int>(r.cls)] + " " + to_string(r.cls) + "," + quoted(r.name) + "," +
               quoted(r.trade) + "\n";
    }
    std::ofstream f(fs::u8path(file), std::ios::binary | std::ios::trunc);
    if (!f) return make_error(ErrorCode::Io, gis::i18n::format(_("{0}: cannot be written (does its folder exist?)"), file));
    f << out;
    f.close();
    if (!f) return make_error(ErrorCode::Io, gis::i18n::format(_("{0}: writing failed"), file));
    return {};
}

}  // namespace gis::plan::market
