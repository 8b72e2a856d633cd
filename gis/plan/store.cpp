#include "gis/plan/store.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <chrono>
#include <ctime>

#include "gis/district/schema.hpp"
#include "gis/io/integrity.hpp"
#include "gis/core/i18n.hpp"

namespace gis::plan {
namespace layers = district::layers;

namespace {

/// Field access by name on a read layer.
class Row {
  public:
    Row(const io::LayerInfo& info, const io::Feature& f) : info_(info), f_(f) {}
    std::string str(const char* name) const {
        const auto* v = at(name);
        if (!v) return "";
        if (const auto* s = std::get_if<std::string>(v)) return *s;
        return io::to_display(*v);
    }
    double real(const char* name, double def = 0) const {
        const auto* v = at(name);
        if (!v) return def;
        if (const auto* d = std::get_if<double>(v)) return *d;
        if (const auto* i = std::get_if<std::int64_t>(v)) return static_cast<double>(*i);
        return def;
    }
    std::int64_t num(const char* name, std::int64_t def = 0) const {
        const auto* v = at(name);
        if (!v) return def;
        if (const auto* i = std::get_if<std::int64_t>(v)) return *i;
        if (const auto* d = std::get_if<double>(v)) return static_cast<std::int64_t>(*d);
        return def;
    }

  private:
    const io::FieldValue* at(const char* name) const {
        int i = info_.field_index(name);
        if (i < 0 || static_cast<std::size_t>(i) >= f_.values.size()) return nullptr;
        const auto& v = f_.values[static_cast<std::size_t>(i)];
        return std::holds_alternative<std::monostate>(v) ? nullptr : &v;
    }
    const io::LayerInfo& info_;
    const io::Feature& f_;
};

}  // namespace

Result<PlanData> read_plan(const io::Dataset& ds) {
    PlanData out;
    if (ds.has_layer(layers::kProjects)) {
        auto l = ds.read_layer(layers::kProjects);
        if (!l) return l.error();
        for (const auto& f : l->features) {
            Row r(l->info, f);
            out.projects.push_back({f.fid, r.str("key"), r.str("name"), r.str("name_en"),
                                    r.real("budget_cny"), static_cast<int>(r.num("phases", 1)), r.str("area"),
                                    r.str("note"), r.real("contingency_pct")});
        }
    }
    if (ds.has_layer(layers::kPlanItems)) {
        auto l = ds.read_layer(layers::kPlanItems);
        if (!l) return l.error();
        for (const auto& f : l->features) {
            Row r(l->info, f);
            PlanItem it;
            it.id = r.num("item_id", -f.fid);
            it.project = r.str("project");
            it.kind = r.str("kind");
            it.name = r.str("name");
            it.phase = static_cast<int>(r.num("phase", 1));
            it.status = r.str("status");
            it.params = r.str("params");
            if (it.params.empty()) it.params = "{}";
            it.geometry = f.geometry;
            it.area_m2 = r.real("area_m2");
            it.length_m = r.real("length_m");
            it.volume_m3 = r.real("volume_m3");
            it.unit_price_cny = r.real("unit_price_cny");
            it.cost_cny = r.real("cost_cny");
            it.created = r.str("created");
            it.updated = r.str("updated");
            out.items.push_back(std::move(it));
        }
        std::sort(out.items.begin(), out.items.end(),
                  [](const PlanItem& a, const PlanItem& b) { return a.id < b.id; });
    }
    if (ds.has_layer(layers::kCampaigns)) {
        auto l = ds.read_layer(layers::kCampaigns);
        if (!l) return l.error();
        for (const auto& f : l->features) {
            Row r(l->info, f);
            out.campaigns.push_back({f.fid, r.str("name"), r.str("project"), r.str("cases"), r.str("zone"),
                                     r.str("date"), r.real("route_m"), r.str("note")});
        }
    }
    if (ds.has_layer(layers::kProjectPhases)) {
        auto l = ds.read_layer(layers::kProjectPhases);
        if (!l) return l.error();
        for (const auto& f : l->features) {
            Row r(l->info, f);
            out.phases.push_back({f.fid, r.str("project"), static_cast<int>(r.num("phase", 1)), r.str("name"),
                                  r.str("start"), static_cast<int>(r.num("days", 0))});
        }
        std::sort(out.phases.begin(), out.phases.end(), [](const PhaseDates& a, const PhaseDates& b) {
            return std::tie(a.project, a.phase) < std::tie(b.project, b.phase);
        });
    }
    return out;
}

Result<io::Dataset> open_for_reading(const std::string& path) {
    auto ds = io::Dataset::open(path);
    if (ds || ds.error().message.find("readonly database") == std::string::npos) return ds;
    if (!io::check_writable(path)) return ds;
    {
        auto writer = io::Dataset::open(path, io::OpenMode::Update);
        if (!writer) return writer.error();
    }
    return io::Dataset::open(path);
}

Result<PlanData> read_plan(const std::string& path) {
    auto ds = open_for_reading(path);
    if (!ds) return ds.error();
    return read_plan(ds.value());
}

io::Values to_values(const Project& p) {
    return {{"key", p.key},
            {"name", p.name},
            {"name_en", p.name_en},
            {"budget_cny", p.budget_cny},
            {"phases", static_cast<std::int64_t>(p.phases)},
            {"area", p.area},
            {"note", p.note},
            {"contingency_pct", p.contingency_pct}};
}

io::Values to_values(const PlanItem& item) {
    return {{"item_id", item.id},
            {"project", item.project},
            {"kind", item.kind},
            {"name", item.name},
            {"phase", static_cast<std::int64_t>(item.phase)},
            {"status", item.status},
            {"params", item.params},
            {"area_m2", item.area_m2},
            {"length_m", item.length_m},
            {"volume_m3", item.volume_m3},
            {"unit_price_cny", item.unit_price_cny},
            {"cost_cny", item.cost_cny},
            {"created", item.created},
            {"updated", item.updated}};
}

io::Values to_values(const Campaign& c) {
    return {{"name", c.name}, {"project", c.project}, {"cases", c.cases}, {"zone", c.zone},
            {"date", c.date}, {"route_m", c.route_m}, {"note", c.note}};
}

io::Values to_values(const PhaseDates& p) {
    return {{"project", p.project},
            {"phase", static_cast<std::int64_t>(p.phase)},
            {"name", p.name},
            {"start", p.start},
            {"days", static_cast<std::int64_t>(p.days)}};
}

Record to_record(const PlanItem& item) { return Record{item.geometry, to_values(item)}; }

Result<void> ensure_plan_schema(io::Editor& editor) {
    std::vector<const char*> names;
    for (const char* n : district::plan_layers())
        if (n != std::string(layers::kSlides)) names.push_back(n);  // slides are the presentation's own
    names.push_back(layers::kIllegalStructures);
    names.push_back(layers::kGraffiti);
    for (const char* name : names) {
        const auto* s = district::find_schema(name);
        const bool case_layer =
            name == std::string(layers::kIllegalStructures) || name == std::string(layers::kGraffiti);
        // Case layers belong to the district; only their missing fields are added, never the layer.
        if (case_layer && !editor.has_layer(name)) continue;
        if (auto r = editor.ensure_layer(name, s->geometry, s->fields, district::kDistrictCrs); !r) return r;
    }
    return {};
}

Result<void> check_integrity(const std::string& path) {
    auto ds = open_for_reading(path);
    if (!ds) return ds.error();
    if (auto sound = io::check_sqlite_integrity(path, io::IntegrityDepth::Full); !sound) return sound;
    for (const auto& info : ds->layers()) {
        auto l = ds->read_layer(info.name);
        if (!l) return l.error();
        if (static_cast<std::int64_t>(l->features.size()) != info.feature_count)
            return make_error(ErrorCode::Io,
                              gis::i18n::format(_("{0}: layer '{1}' reads {2} rows but counts {3}"), path, info.name,
                                                std::to_string(l->features.size()),
                                                std::to_string(info.feature_count)));
    }
    return {};
}

std::string now_utc() {
    std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace gis::plan
