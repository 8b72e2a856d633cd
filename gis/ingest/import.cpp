#include "gis/ingest/import.hpp"

#include <algorithm>
#include <filesystem>
#include <unordered_map>
#include <unordered_set>

#include "gis/core/i18n.hpp"
#include "gis/ingest/detail/importer.hpp"

namespace gis::ingest {
namespace detail {

Result<void> Importer::check_mapping(const LayerMapping& lm, const SourceTable& t) {
    const LayerSchema& s = *layers_[lm.target].schema;
    std::string have;
    for (const auto& f : t.fields) have += (have.empty() ? "" : ", ") + f;
    for (const auto& [field, fm] : lm.fields) {
        if (fm.kind == FieldMapping::Kind::Field && t.field_index(fm.field) < 0)
            return make_error(
                ErrorCode::MissingLayer,
                gis::i18n::format(_("{0}: [{1}.fields] {2} names the source field {3}, which {4} "
                                    "does not have (it has: {5})"),
                                  m_.path, lm.target, field, quote_for_message(fm.field), lm.source, have));
        if (fm.kind == FieldMapping::Kind::Field && !fm.rule.empty()) {
            bool known = fm.rule == "address";
            for (const auto& r : rule_infos()) known = known || fm.rule == r.name;
            if (!known) {
                std::string rules;
                for (const auto& r : rule_infos()) rules += std::string(rules.empty() ? "" : ", ") + r.name;
                return make_error(
                    ErrorCode::BadInput,
                    gis::i18n::format(_("{0}: [{1}.fields] {2}: unknown rule {3} (rules: {4}, address)"),
                                      m_.path, lm.target, field, quote_for_message(fm.rule), rules));
            }
        }
        if (fm.kind == FieldMapping::Kind::Derive) {
            bool known = false;
            for (const auto& d : derivations())
                known = known || (lm.target == d.layer && field == d.field && fm.derive == d.name);
            if (!known) {
                std::string list;
                for (const auto& d : derivations())
                    list += std::string(list.empty() ? "" : ", ") + d.layer + "." + d.field + " = " + d.name;
                return make_error(
                    ErrorCode::BadInput,
                    gis::i18n::format(_("{0}: [{1}.fields] {2}: no derivation {3} for this field "
                                        "(derivations: {4})"),
                                      m_.path, lm.target, field, quote_for_message(fm.derive), list));
            }
        }
    }
    // Every field the district cannot do without is mapped (households place themselves by address).
    const bool by_address = lm.target == L::kHouseholds && lm.fields.count("address") &&
                            lm.fields.at("address").rule == "address";
    for (const char* req : s.required) {
        if (lm.fields.count(req)) continue;
        const std::string r = req;
        if (by_address && (r == "building_number" || r == "entrance" || r == "floor" || r == "flat"))
            continue;
        if (lm.target == L::kHouseholds && (r == "household_no" || r == "size"))
            continue;  // series / 1 person
        return make_error(
            ErrorCode::MissingLayer,
            gis::i18n::format(_("{0}: [{1}.fields] {2} is not mapped: nbhd cannot do without it "
                                "(map it to one of {3}'s fields: {4}; or give { value = ... } or a "
                                "derivation, see `nbhd district rules`)"),
                              m_.path, lm.target, r, lm.source, have));
    }
    return {};
}

Result<void> Importer::map_household(const LayerMapping& lm, const SourceTable& t, const SourceRow& r,
                                     io::Feature& f, std::vector<std::string>& why) {
    Layer& h = layers_[L::kHouseholds];
    auto it = lm.fields.find("address");
    if (it == lm.fields.end() || it->second.rule != "address") return {};
    const std::string& text = r.values[static_cast<std::size_t>(t.field_index(it->second.field))];
    auto a = parse_register_address(text);
    if (!a) {
        why.push_back(it->second.field + " " + quote_for_message(text, 30) + ": " +
                      tr(o_, "不是具体到户的地址（如 3栋2单元402室 或 3-2-402）",
                         "not a flat address (such as 3栋2单元402室 or 3-2-402)"));
        return {};
    }
    h.set(f, "building_number", std::int64_t(a->building));
    h.set(f, "entrance", std::int64_t(a->entrance));
    h.set(f, "floor", std::int64_t(a->floor));
    h.set(f, "flat", std::int64_t(a->flat));
    return {};
}

Result<std::vector<Importer::Column>> Importer::plan_columns(const LayerMapping& lm,
                                                             const SourceTable& t) const {
    const LayerSchema& s = *layers_.at(lm.target).schema;
    std::vector<Column> cols;
    for (const auto& [field, fm] : lm.fields) {
        Column c;
        c.at = static_cast<std::size_t>(field_at(s, field));
        c.type = s.fields[c.at].type;
        c.mapping = &fm;
        if (fm.kind == FieldMapping::Kind::Field) c.source = t.field_index(fm.field);
        if (fm.kind == FieldMapping::Kind::Constant) {
            auto v = coerce(fm.constant, c.type, field);
            if (!v)
                return make_error(ErrorCode::BadInput, gis::i18n::format(_("{0}: [{1}.fields] {2}"), m_.path,
                                                                         lm.target, v.error().message));
        }
        cols.push_back(c);
    }
    return cols;
}

Result<void> Importer::map_row(const LayerMapping& lm, const std::vector<Column>& cols, const SourceTable& t,
                               const SourceRow& r, io::Feature& f, std::vector<std::string>& why) {
    const LayerSchema& s = *layers_[lm.target].schema;
    f.geometry = r.geometry;
    const bool no_geometry =
        f.geometry.points.empty() && f.geometry.lines.empty() && f.geometry.polygons.empty();
    if (no_geometry && std::string(s.geometry) != "None" && std::string(s.geometry) != "Geometry")
        why.push_back(
            tr(o_, "没有几何（文件可能被截断或损坏）", "no geometry (the file may be cut short or damaged)"));
    else if (!geometry_fits(s, f.geometry))
        why.push_back(tr(o_, "几何不符：需要", "wrong geometry: needs ") + geometry_word(s, o_));
    f.values.assign(s.fields.size(), io::FieldValue{});
    for (const Column& c : cols) {
        const FieldMapping& fm = *c.mapping;
        if (fm.kind == FieldMapping::Kind::Constant) {
            f.values[c.at] = coerce(fm.constant, c.type, "").value();  // checked by plan_columns
            continue;
        }
        if (fm.kind != FieldMapping::Kind::Field || fm.rule == "address") continue;  // derived; map_household
        std::string text = r.values[static_cast<std::size_t>(c.source)];
        if (!fm.values.empty() && !text.empty()) {
            auto v = fm.values.find(text);
            if (v == fm.values.end()) {
                why.push_back(fm.field + " " + quote_for_message(text, 30) +
                              tr(o_, " 不在清单 values 中", " is not in its values table"));
                continue;
            }
            text = v->second;
        }
        Result<io::FieldValue> v = io::FieldValue{};
        if (fm.field == "@text" && fm.rule.size() > 10 && fm.rule.ends_with("_from_note")) {
            // The texts inside a CAD outline, all at once: a building without a number note is no
            // error (a shed, a shop row), a building without a floors note is.
            v = note_value(fm.rule, text, o_);
        } else {
            v = apply_rule(fm.rule.empty() ? default_rule(c.type) : fm.rule, text);
        }
        if (v) v = coerce(*v, c.type, fm.field);
        if (!v) {
            why.push_back(fm.field + ": " + v.error().message);
            continue;
        }
        f.values[c.at] = std::move(*v);
    }
    if (lm.target == L::kHouseholds) return map_household(lm, t, r, f, why);
    return {};
}

void reject(ImportReport& report, LayerTally& tl, const LayerMapping& lm, int row,
            const std::vector<std::string>& why) {
    std::string reason;
    for (const auto& w : why) reason += (reason.empty() ? "" : "; ") + w;
    report.rejected.push_back({lm.target, lm.source, row, reason});
    ++tl.rejected;
}

Result<void> Importer::add_row(const LayerMapping& lm, const std::vector<Column>& cols, const SourceTable& t,
                               const SourceRow& r, LayerTally& tl) {
    Layer& out = layers_[lm.target];
    if (!r.problem.empty()) {  // not read whole: rejected by its row, the rows after it read as usual
        reject(report, tl, lm, r.row, {r.problem.text(o_.lang != "en")});
        return {};
    }
    io::Feature f;
    f.fid = static_cast<std::int64_t>(out.features.size()) + 1;
    std::vector<std::string> why;
    if (auto m = map_row(lm, cols, t, r, f, why); !m) return m.error();
    if (!why.empty())
        reject(report, tl, lm, r.row, why);
    else
        out.features.push_back(std::move(f));
    return {};
}

Result<void> Importer::map_layer(const LayerMapping& lm, const SourceTable& t, LayerTally& tl) {
    Layer& out = layers_[lm.target];
    tl.read = static_cast<std::int64_t>(t.rows.size()) + t.skipped;
    tl.skipped = t.skipped;
    tl.notes = t.notes;
    auto cols = plan_columns(lm, t);
    if (!cols) return cols.error();
    std::int64_t done = 0;
    for (const SourceRow& r : t.rows) {
        if (++done % 20000 == 0) progress(lm.target, done, static_cast<std::int64_t>(t.rows.size()));
        if (auto m = add_row(lm, *cols, t, r, tl); !m) return m.error();
    }
    tl.imported = static_cast<std::int64_t>(out.features.size());
    return {};
}

Result<void> Importer::read_and_map(const LayerMapping& lm, LayerTally& tl) {
    if (!lm.text_where.empty()) {
        auto table = read_source(m_, lm, m_.crs);
        if (!table) return table.error();
        if (auto c = check_mapping(lm, *table); !c) return c.error();
        return map_layer(lm, *table, tl);
    }
    Layer& out = layers_[lm.target];
    std::optional<std::vector<Column>> cols;  // made from the source's header when the first row comes
    auto table = read_source(m_, lm, m_.crs, [&](const SourceTable& t, SourceRow&& r) -> Result<void> {
        if (!cols) {
            auto p = prepare_columns(lm, t);
            if (!p) return p.error();
            cols = std::move(*p);
        }
        if (++tl.read % 50000 == 0) progress(lm.target, tl.read, 0);
        return add_row(lm, *cols, t, r, tl);
    });
    if (!table) return table.error();
    if (!cols)  // an empty source: its mapping is still checked
        if (auto c = check_mapping(lm, *table); !c) return c.error();
    tl.read += table->skipped;
    tl.skipped = table->skipped;
    tl.notes = table->notes;
    tl.imported = static_cast<std::int64_t>(out.features.size());
    return {};
}
void Importer::write_metadata() {
    Layer& md = layers_[L::kMetadata];
    std::string sources;
    for (const auto& l : m_.layers) sources += (sources.empty() ? "" : "; ") + l.target + " <- " + l.source;
    const std::pair<const char*, std::string> meta[] = {
        {"name", m_.name},
        {"name_en", m_.name_en},
        {"subdistrict", m_.subdistrict},
        {"crs", m_.crs},
        {"source", "由 nbhd district import 于 " + today() +
                       " 从本社区文件导入 / imported from the community's own files: " + sources},
        {"imported", today()},
        {"manifest", to_toml(m_)},
    };
    for (const auto& [k, v] : meta) {
        io::Feature& f = md.add();
        md.set(f, "key", std::string(k));
        md.set(f, "value", v);
    }
}

Result<void> Importer::check_sources_meet() const {
    const auto b0 = extents_.find(L::kBuildings);
    if (b0 == extents_.end() || b0->second.empty()) return {};
    const BBox& buildings = b0->second;
    constexpr double kSlack = 2000;  // a community's layers overlap; 2 km apart is another place
    for (const auto& [target, b] : extents_) {
        if (target == L::kBuildings || b.empty()) continue;
        const double dx = std::max({0.0, b.minx - buildings.maxx, buildings.minx - b.maxx});
        const double dy = std::max({0.0, b.miny - buildings.maxy, buildings.miny - b.maxy});
        const double gap = std::hypot(dx, dy);
        if (gap > kSlack)
            return make_error(
                ErrorCode::WrongCrs,
                gis::i18n::format(
                    _("[{0}] {1} lies {2} km from [buildings] {3}: one of them is not in the CRS "
                      "its crs says (a survey drawing takes the CRS given to scan with --crs: the "
                      "Gauss-Kruger zone of its central meridian)"),
                    target, m_.find(target)->source, fmt_fixed(gap / 1000, 1),
                    m_.find(L::kBuildings)->source));
    }
    return {};
}

Result<void> Importer::write_layers(std::initializer_list<const char*> keep) {
    for (const auto& sc : district::layer_schemas()) {
        if (std::find_if(keep.begin(), keep.end(),
                         [&](const char* k) { return std::string(k) == sc.name; }) != keep.end())
            continue;
        Layer& l = layers_[sc.name];
        if (l.features.empty()) continue;
        if (writer) {
            progress(gis::i18n::format(_("writing {0}"), sc.name), 0, 0);
            if (auto a = writer->append({sc.name, std::move(l.features)}); !a) return a.error();
        }
        std::vector<io::Feature>().swap(l.features);
    }
    return {};
}

Result<void> Importer::run() {
    // Buildings and streets first: the rest is placed against them. The gas network is read once the
    // rest is written, so a city's buildings and its pipes are never held at once; the household
    // register comes last, streamed.
    auto gas = [](const std::string& t) {
        return t == L::kGasPipes || t == L::kGasValves || t == L::kGasStations;
    };
    std::vector<const LayerMapping*> first, later;
    for (const char* t : {L::kBuildings, L::kStreets})
        if (const auto* lm = m_.find(t)) first.push_back(lm);
    for (const auto& lm : m_.layers) {
        if (lm.target == L::kBuildings || lm.target == L::kStreets || lm.target == L::kHouseholds) continue;
        (gas(lm.target) ? later : first).push_back(&lm);
    }
    auto read = [&](const std::vector<const LayerMapping*>& mappings) -> Result<void> {
        for (const LayerMapping* lm : mappings) {
            progress(lm->target, 0, 0);
            LayerTally& tl = tally(lm->target, lm->source);
            if (auto r = read_and_map(*lm, tl); !r) return r.error();
            BBox& box = extents_[lm->target];
            for (const auto& f : layers_[lm->target].features) box.expand(f.geometry.bbox());
            progress(lm->target, tl.read, tl.read);
        }
        return check_sources_meet();
    };
    if (auto r = read(first); !r) return r.error();
    if (layers_[L::kBuildings].features.empty())
        return make_error(
            ErrorCode::CheckFailed,
            gis::i18n::format(
                _("{0}: [buildings] {1}: no buildings found (check layer, where and close_lines: a "
                  "CAD drawing's outlines are closed polylines on layer JMD)"),
                m_.path, m_.find(L::kBuildings)->source));
    progress(_("deriving buildings"), 0, 0);
    if (auto b = derive_buildings(); !b) return b.error();
    progress(_("linking points to their buildings"), 0, 0);
    link_points();  // compound membership first: the derived forecourts and lanes take their surface from it
    derive_layers();
    derive_boundary_layer();
    write_metadata();
    // What is final goes to the file now; the doors wait for the gas network, which may move them, and the
    // compounds for the pipes inside them.
    if (auto w = write_layers({L::kEntrances, L::kCompound}); !w) return w.error();
    if (auto r = read(later); !r) return r.error();
    link_points();  // the pipes' compound membership
    derive_gas();
    if (!m_.find(L::kEntrances)) {  // derived doors, where the gas network left them
        Layer& el = layers_[L::kEntrances];
        for (const auto& e : entrances_) {
            io::Feature& f = el.add(Geometry::from(e.location));
            el.set(f, "building_fid", e.building_fid);
            el.set(f, "building_number", std::int64_t(e.building_number));
            el.set(f, "entrance", std::int64_t(e.number));
            el.set(f, "side", std::string(1, e.side));
        }
    }
    if (auto w = write_layers(); !w) return w.error();
    if (const LayerMapping* hl = m_.find(L::kHouseholds))
        if (auto h = stream_households(*hl); !h) return h.error();
    return {};
}

}  // namespace detail

using detail::Importer;

Result<ImportReport> import_district(const Manifest& manifest, const std::string& out,
                                     const ImportOptions& options, ImportReport* last_report) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!options.dry_run && !options.overwrite && fs::exists(out, ec))
        return make_error(ErrorCode::BadInput,
                          gis::i18n::format(_("{0}: the file exists; give --force to replace it"), out));
    // Written into a temporary file as the sources are read; renamed into place only on success, else
    // removed with the writer.
    std::optional<generate::GpkgWriter> writer;
    if (!options.dry_run) {
        auto w = generate::GpkgWriter::create(out, options.overwrite, manifest.crs);
        if (!w) return w.error();
        writer.emplace(std::move(*w));
    }
    Importer im(manifest, options);
    im.writer = writer ? &*writer : nullptr;
    auto r = im.run();
    im.report.out = out;
    if (last_report) *last_report = im.report;
    if (!r) return r.error();
    // A dry run fails where the import would: a script can use it as the check.
    if (!im.report.rejected.empty() && !options.skip_bad)
        return make_error(
            ErrorCode::CheckFailed,
            gis::i18n::format(
                options.dry_run
                    ? _("{0} rows or features were rejected (listed above); the import would write "
                        "nothing. Fix them in the sources or the manifest, or give --skip-bad to "
                        "import the rest")
                    : _("{0} rows or features were rejected (listed above); nothing was written. Fix "
                        "them in the sources or the manifest, or give --skip-bad to import the rest"),
                std::to_string(im.report.rejected.size())));
    if (options.dry_run) return im.report;
    if (options.progress) options.progress(_("committing"), 0, 0);
    if (auto c = writer->commit(); !c) return c.error();
    im.report.written = true;
    if (last_report) *last_report = im.report;
    return im.report;
}

}  // namespace gis::ingest
