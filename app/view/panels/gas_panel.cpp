// The gas network panel: pipe themes (pressure, diameter, age, material, renewal) with their legend, and
// the valve isolation trace of a clicked pipe segment: the valves to close, what loses gas, and the
// household count per building. Counts only; the notification list it exports is masked.

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>

#include "app/i18n/i18n.hpp"
#include "app/view/core/file_browser.hpp"
#include "app/view/core/gas_theme.hpp"
#include "app/view/core/gas_trace_model.hpp"
#include "app/view/map_session.hpp"
#include "app/view/panel.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/district/loader.hpp"
#include "gis/district/schema.hpp"
#include "gis/network/notices.hpp"

namespace app::view {
namespace {

namespace L = gis::district::layers;
using gis::with_commas;
using i18n::tr;

ImU32 to_u32(const Colour& c) { return ImGui::ColorConvertFloat4ToU32({c.r, c.g, c.b, c.a}); }
ImVec4 to_v4(const Colour& c) { return {c.r, c.g, c.b, c.a}; }

template <class T>
bool ready(const std::future<T>& f) {
    return f.valid() && f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

std::string count(std::size_t n) { return with_commas(static_cast<std::int64_t>(n)); }

/// Per class of a theme: how many pipes and how many metres.
struct ClassStats {
    std::vector<std::size_t> count;
    std::vector<double> length_m;
};

/// A theme applied off the main thread: the restyled pipe layer (when the layer is to be replaced) and
/// the legend's figures.
struct ThemeJob {
    GasTheme theme = GasTheme::Network;
    std::optional<PreparedLayer> layer;
    ClassStats stats;
};

ThemeJob run_theme(GasTheme theme, gis::io::Layer pipes, bool restyle, gis::Point origin, TileGrid grid) {
    ThemeJob job;
    job.theme = theme;
    LayerStyle style = gas_pipe_style(theme);
    const BoundRules rules = style.bind(pipes.info);
    job.stats.count.assign(style.styles.size(), 0);
    job.stats.length_m.assign(style.styles.size(), 0.0);
    for (const auto& f : pipes.features) {
        const int c = rules.style_of(f);
        if (c < 0 || static_cast<std::size_t>(c) >= style.styles.size()) continue;
        ++job.stats.count[static_cast<std::size_t>(c)];
        for (const auto& line : f.geometry.lines)
            job.stats.length_m[static_cast<std::size_t>(c)] += gis::length_of(line);
    }
    if (restyle) job.layer = prepare_layer(std::move(pipes), std::move(style), origin, grid);
    return job;
}

/// A line swatch like the map draws the class (casing, width, dashes).
void line_swatch(const FeatureStyle& s) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float w = 30, h = ImGui::GetTextLineHeight();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float y = p.y + h / 2;
    const float t = 3.0f;
    dl->AddLine({p.x + 1, y}, {p.x + w - 1, y}, to_u32(Colour::hex(0xb0aba2)), t + 2.5f);
    if (s.dash_px > 0) {
        for (float x = p.x + 1; x < p.x + w - 1; x += 9)
            dl->AddLine({x, y}, {std::min(x + 6, p.x + w - 1), y}, to_u32(s.stroke), t);
    } else {
        dl->AddLine({p.x + 1, y}, {p.x + w - 1, y}, to_u32(s.stroke), t);
    }
    ImGui::Dummy({w, h});
}

/// A ring like the map's highlight of a valve.
void ring_swatch(const Colour& c) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = ImGui::GetTextLineHeight();
    ImGui::GetWindowDrawList()->AddCircle({p.x + h / 2, p.y + h / 2}, h / 2 - 1.5f, to_u32(c), 16, 2.0f);
    ImGui::Dummy({h, h});
}

class GasPanel : public Panel {
  public:
    const char* id() const override { return "gas"; }
    std::string title() const override { return tr("gas.view.panel"); }
    bool district_only() const override { return true; }
    // A tool for the gas network: opened from the View menu, so the map starts uncovered.
    bool open_by_default() const override { return false; }

    gis::Result<void> configure(ViewContext& ctx, const std::string& key, const std::string& value) override {
        if (key == "theme") {
            auto t = gas_theme_from(value);
            if (!t) {
                std::string known;
                for (GasTheme x : gas_themes())
                    known += std::string(known.empty() ? "" : ", ") + gas_theme_name(x);
                return gis::make_error(
                    gis::ErrorCode::BadInput,
                    gis::i18n::format(_("gas.theme: unknown theme '{0}' (known: {1})"), value, known));
            }
            if (!ctx.doc.find(L::kGasPipes))
                return gis::make_error(gis::ErrorCode::MissingLayer,
                                       _("gas.theme: the data set has no gas_pipes layer"));
            start_theme(ctx, *t);
            finish_theme(ctx, true);
            return {};
        }
        if (key == "trace") {
            if (value == "on" || value == "1" || value == "true")
                trace_on_ = true;
            else if (value == "off" || value == "0" || value == "false")
                trace_on_ = false;
            else
                return gis::make_error(gis::ErrorCode::BadInput,
                                       gis::i18n::format(_("gas.trace: expected on or off, not {0}"), value));
            return {};
        }
        if (key == "segment") {
            std::int64_t id = -1;
            try {
                std::size_t used = 0;
                id = std::stoll(value, &used);
                if (used != value.size()) throw std::invalid_argument(value);
            } catch (...) {
                return gis::make_error(
                    gis::ErrorCode::BadInput,
                    gis::i18n::format(_("gas.segment: expected a pipe id, not {0}"), value));
            }
            start_model(ctx);
            poll_model(true);
            if (!model_)
                return gis::make_error(
                    gis::ErrorCode::NotFound,
                    "gas.segment: " + (model_error_.empty()
                                           ? std::string(_("the data set has no gas network"))
                                           : model_error_));
            trace_on_ = true;
            if (auto r = run_trace(ctx, id); !r)
                return gis::make_error(r.error().code, "gas.segment: " + r.error().message);
            return {};
        }
        return Panel::configure(ctx, key, value);
    }

    void draw(ViewContext& ctx, bool* open) override {
        if (redraw_after_frame_ >= 0 && ImGui::GetFrameCount() > redraw_after_frame_) {
            redraw_after_frame_ = -1;
            ctx.doc.touch();
        }
        start_model(ctx);
        poll_model(false);
        finish_theme(ctx, false);
        if (!legend_ && !theme_job_.valid() && ctx.doc.find(L::kGasPipes) && !ctx.session.loading())
            start_theme(ctx, theme_, false);
        watch_selection(ctx);

        if (!begin_panel(ctx, title() + "###gas", open)) return end_panel(ctx);
        if (!ctx.doc.find(L::kGasPipes) && !ctx.session.loading()) {
            ImGui::TextDisabled("%s", tr("gas.view.no_network"));
            return end_panel(ctx);
        }
        draw_themes(ctx);
        ImGui::Spacing();
        draw_trace(ctx);
        end_panel(ctx);
    }

  private:
    // Model ------------------------------------------------------------------------------------------
    void start_model(ViewContext& ctx) {
        if (model_started_ || !ctx.doc.source() || ctx.session.loading() || !ctx.doc.is_district()) return;
        model_started_ = true;
        model_future_ = std::async(std::launch::async, [district = district_of(ctx)]() -> ModelOrError {
            auto d = district.get();
            if (!d) return {nullptr, d.error().message};
            if (d.value()->gas_pipes.empty()) return {nullptr, tr("gas.view.no_network")};
            return {GasTraceModel::build(gis::district::District(*d.value())),
                    {}};  // the model keeps its own
        });
    }

    void poll_model(bool wait) {
        if (!model_future_.valid()) return;
        if (wait) model_future_.wait();
        if (!ready(model_future_)) return;
        auto m = model_future_.get();
        model_ = std::move(m.model);
        model_error_ = std::move(m.error);
    }

    // Themes -----------------------------------------------------------------------------------------
    void start_theme(ViewContext& ctx, GasTheme t, bool restyle = true) {
        const MapLayer* l = ctx.doc.find(L::kGasPipes);
        if (!l || !ctx.doc.source()) return;
        if (theme_job_.valid()) theme_job_.wait();  // one at a time; the newest wins
        if (ctx.session.streams(L::kGasPipes)) {
            // A streamed city holds only the pipes around the view: the legend's figures come from the
            // whole layer, read in the background, and the streamer prepares the map in the new theme.
            if (restyle) ctx.session.restyle_streamed(L::kGasPipes, gas_pipe_style(t));
            theme_job_ = std::async(std::launch::async, [t, path = ctx.doc.source()->path]() {
                auto ds = gis::io::Dataset::open(path);
                auto pipes = ds ? ds->read_layer(L::kGasPipes) : gis::Result<gis::io::Layer>(ds.error());
                return run_theme(t, pipes ? std::move(*pipes) : gis::io::Layer{}, false, {}, {});
            });
        } else {
            gis::io::Layer pipes{l->data.info, l->data.features};
            theme_job_ = std::async(std::launch::async, run_theme, t, std::move(pipes), restyle,
                                    ctx.doc.source()->origin, ctx.doc.source()->grid);
        }
        wanted_ = t;
    }

    void finish_theme(ViewContext& ctx, bool wait) {
        if (!theme_job_.valid()) return;
        if (wait) theme_job_.wait();
        if (!ready(theme_job_)) return;
        ThemeJob job = theme_job_.get();
        if (job.layer) install(ctx.doc, std::move(*job.layer));
        theme_ = job.theme;
        legend_ = std::move(job.stats);
    }

    /// Replaces the pipe layer's drawing data with the restyled one; the selection follows its feature.
    void install(Document& doc, PreparedLayer prepared) {
        const MapLayer* l = doc.find(L::kGasPipes);
        if (!l) return;
        std::optional<std::int64_t> selected;
        if (const auto& s = doc.selection(); s && s->layer == l->id)
            if (const auto* f = doc.feature(*s)) selected = f->fid;
        const int id = doc.replace_layer(std::move(prepared));
        // A new theme starts with every class shown (the old theme's toggles meant other classes).
        if (const MapLayer* now = doc.layer(id))
            for (std::size_t i = 0; i < now->data.style.styles.size(); ++i)
                if (!now->data.style.styles[i].visible) doc.set_style_visible(id, static_cast<int>(i), true);
        if (selected)
            if (const MapLayer* now = doc.layer(id))
                if (auto pos = now->data.find_fid(*selected)) doc.select(FeatureRef{id, *pos});
        // The viewer uploads changed layers at the start of a frame, before the panels run: the map is
        // drawn again on the next frame, once the new layer is on the GPU.
        redraw_after_frame_ = ImGui::GetFrameCount();
    }

    void draw_themes(ViewContext& ctx) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(tr("gas.view.theme"));
        ImGui::SameLine(90);
        ImGui::SetNextItemWidth(-1);
        const GasTheme shown = theme_job_.valid() ? wanted_ : theme_;
        if (ImGui::BeginCombo("##theme", tr(gas_theme_title_key(shown)))) {
            for (GasTheme t : gas_themes()) {
                const bool is = t == shown;
                if (ImGui::Selectable(tr(gas_theme_title_key(t)), is) && !is) start_theme(ctx, t);
                if (is) ImGui::SetItemDefaultFocus();
            }
            ImGui::EndCombo();
        }
        if (theme_job_.valid()) {
            ImGui::TextDisabled("%s", tr("gas.view.theme.applying"));
            return;
        }
        if (!legend_) return;
        const LayerStyle style = gas_pipe_style(theme_);
        const ImGuiTableFlags flags =
            ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
        if (!ImGui::BeginTable("##legend", 4, flags)) return;
        ImGui::TableSetupColumn("##swatch", ImGuiTableColumnFlags_WidthFixed, 34);
        ImGui::TableSetupColumn(tr("gas.view.legend.class"), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn(tr("gas.view.legend.count"), ImGuiTableColumnFlags_WidthFixed, 58);
        ImGui::TableSetupColumn(tr("gas.view.legend.length"), ImGuiTableColumnFlags_WidthFixed, 78);
        ImGui::TableHeadersRow();
        std::size_t total = 0;
        double total_m = 0;
        for (std::size_t i = 0; i < style.styles.size(); ++i) {
            if (legend_->count[i] == 0) continue;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            line_swatch(style.styles[i]);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(tr(style.styles[i].legend));
            ImGui::TableNextColumn();
            right_aligned(count(legend_->count[i]));
            ImGui::TableNextColumn();
            right_aligned(with_commas(static_cast<std::int64_t>(legend_->length_m[i] + 0.5)));
            total += legend_->count[i];
            total_m += legend_->length_m[i];
        }
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TableNextColumn();
        ImGui::TextDisabled("%s", tr("gas.view.legend.total"));
        ImGui::TableNextColumn();
        right_aligned(count(total));
        ImGui::TableNextColumn();
        right_aligned(with_commas(static_cast<std::int64_t>(total_m + 0.5)));
        ImGui::EndTable();
    }

    // Trace ------------------------------------------------------------------------------------------
    void watch_selection(ViewContext& ctx) {
        std::optional<std::pair<int, std::int64_t>> now;
        if (const auto& s = ctx.doc.selection())
            if (const auto* f = ctx.doc.feature(*s)) now = std::pair{s->layer, f->fid};
        if (now == seen_) return;
        seen_ = now;
        const MapLayer* pipes = ctx.doc.find(L::kGasPipes);
        if (!trace_on_ || !now || !pipes || now->first != pipes->id) return;
        if (!model_) {
            pending_ = now->second;
            return;
        }
        if (auto r = run_trace(ctx, now->second); !r && ctx.messages)
            ctx.messages->push_back(r.error().message);
    }

    gis::Result<void> run_trace(ViewContext& ctx, std::int64_t pipe) {
        pending_.reset();
        auto r = model_->trace(pipe);
        if (!r) return r.error();
        result_ = std::move(r.value());
        // Beside the data set (or in the home folder), never the working folder.
        const std::string name = "gas_notice_" + std::to_string(result_->segment) + ".csv";
        const std::string path =
            (std::filesystem::path(export_folder(ctx.doc.source() ? ctx.doc.source()->path : "")) / name)
                .string();
        std::snprintf(export_path_, sizeof export_path_, "%s", path.c_str());
        show(ctx.doc);
        return {};
    }

    void show(Document& doc) const {
        const auto& r = *result_;
        doc.highlight(kGasTraceBuildingsSet, L::kBuildings, r.impact.buildings, gas_trace_building_colour());
        doc.highlight(kGasTracePipesSet, L::kGasPipes, r.trace.pipes_without_supply, gas_trace_pipe_colour());
        doc.highlight(kGasTraceTargetSet, L::kGasPipes, {r.segment}, gas_trace_target_colour());
        doc.highlight(kGasTraceValvesSet, L::kGasValves, r.trace.valves_to_close, gas_trace_valve_colour());
        doc.highlight(kGasTraceSkippedSet, L::kGasValves, r.trace.valves_skipped, gas_trace_skipped_colour());
    }

    void clear(Document& doc) {
        result_.reset();
        pending_.reset();
        for (const char* s : {kGasTraceBuildingsSet, kGasTracePipesSet, kGasTraceTargetSet,
                              kGasTraceValvesSet, kGasTraceSkippedSet})
            doc.clear_highlight(s);
    }

    void draw_trace(ViewContext& ctx) {
        if (!ImGui::CollapsingHeader(tr("gas.view.trace"), ImGuiTreeNodeFlags_DefaultOpen)) return;
        ImGui::Checkbox(tr("gas.view.trace.on"), &trace_on_);
        if (result_) {
            const ImGuiStyle& st = ImGui::GetStyle();
            const float buttons = ImGui::CalcTextSize(tr("gas.view.trace.zoom")).x +
                                  ImGui::CalcTextSize(tr("gas.view.trace.clear")).x + st.FramePadding.x * 4 +
                                  st.ItemSpacing.x;
            ImGui::SameLine(ImGui::GetContentRegionMax().x - buttons);
            if (ImGui::Button(tr("gas.view.trace.zoom"))) {
                const gis::BBox& b = result_->extent;
                const double pad = std::max(25.0, 0.12 * std::max(b.width(), b.height()));
                ctx.doc.fly_to({b.minx - pad, b.miny - pad, b.maxx + pad, b.maxy + pad});
            }
            ImGui::SameLine();
            if (ImGui::Button(tr("gas.view.trace.clear"))) clear(ctx.doc);
        }
        if (pending_ && model_) {
            const auto id = *pending_;
            if (auto r = run_trace(ctx, id); !r && ctx.messages) ctx.messages->push_back(r.error().message);
        }
        if (!model_) {
            ImGui::TextDisabled("%s", model_error_.empty()
                                          ? (pending_ ? tr("gas.view.trace.waiting") : tr("gas.view.loading"))
                                          : model_error_.c_str());
            return;
        }
        if (!result_) {
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            ImGui::TextWrapped("%s", tr("gas.view.trace.hint"));
            ImGui::PopStyleColor();
            return;
        }
        const auto& r = *result_;
        draw_segment(r);
        draw_summary(r);
        draw_valves(ctx, r);
        draw_buildings(ctx, r);
        draw_export(ctx, r);
    }

    void draw_segment(const GasTraceResult& r) {
        ImGui::Separator();
        std::string line = std::string(tr("gas.view.trace.segment")) + "  #" + std::to_string(r.segment);
        if (const auto* p = r.pipe) {
            line += "   DN" + std::to_string(p->diameter_mm);
            const std::string material = "view.legend.gas_theme.material_" + p->material;
            if (!p->material.empty()) line += std::string("  ") + tr(material);
            if (p->year > 0) {
                char year[64];
                std::snprintf(year, sizeof year, tr("gas.view.trace.year"), p->year);
                line += std::string("  ") + year;
            }
        }
        ImGui::TextWrapped("%s", line.c_str());
        map_key();
    }

    /// What the trace's colours on the map mean.
    static void map_key() {
        auto line = [](const Colour& c, const char* key) {
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const float h = ImGui::GetTextLineHeight();
            ImDrawList* dl = ImGui::GetWindowDrawList();
            dl->AddLine({p.x, p.y + h / 2}, {p.x + 18, p.y + h / 2}, to_u32(Colour::hex(0xffffff)), 5.0f);
            dl->AddLine({p.x, p.y + h / 2}, {p.x + 18, p.y + h / 2}, to_u32(c), 3.0f);
            ImGui::Dummy({20, h});
            ImGui::SameLine(0, 4);
            ImGui::TextDisabled("%s", tr(key));
        };
        auto area = [](const Colour& c, const char* key) {
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const float h = ImGui::GetTextLineHeight();
            ImDrawList* dl = ImGui::GetWindowDrawList();
            dl->AddRectFilled({p.x + 2, p.y + 3}, {p.x + 18, p.y + h - 2}, to_u32(c.with_alpha(0.3f)));
            dl->AddRect({p.x + 2, p.y + 3}, {p.x + 18, p.y + h - 2}, to_u32(c), 0, 0, 2.0f);
            ImGui::Dummy({20, h});
            ImGui::SameLine(0, 4);
            ImGui::TextDisabled("%s", tr(key));
        };
        auto ring = [](const Colour& c, const char* key) {
            ring_swatch(c);
            ImGui::SameLine(0, 4);
            ImGui::TextDisabled("%s", tr(key));
        };
        line(gas_trace_target_colour(), "gas.view.key.target");
        ImGui::SameLine(0, 14);
        line(gas_trace_pipe_colour(), "gas.view.key.cut_off");
        ImGui::SameLine(0, 14);
        area(gas_trace_building_colour(), "gas.view.key.buildings");
        ring(gas_trace_valve_colour(), "gas.view.key.close");
        ImGui::SameLine(0, 14);
        ring(gas_trace_skipped_colour(), "gas.view.key.skipped");
    }

    static void summary_row(const char* key, const std::string& value, const Colour* colour = nullptr) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(tr(key));
        ImGui::TableNextColumn();
        if (colour) ImGui::PushStyleColor(ImGuiCol_Text, to_v4(*colour));
        right_aligned(value);
        if (colour) ImGui::PopStyleColor();
    }

    void draw_summary(const GasTraceResult& r) {
        const ImGuiTableFlags flags = ImGuiTableFlags_BordersOuter | ImGuiTableFlags_RowBg;
        if (!ImGui::BeginTable("##summary", 2, flags)) return;
        ImGui::TableSetupColumn("##what", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("##count", ImGuiTableColumnFlags_WidthFixed, 120);
        const Colour pipe = gas_trace_pipe_colour(), valve = gas_trace_valve_colour();
        summary_row("gas.view.trace.segments", count(r.segments()), &pipe);
        summary_row("gas.view.trace.length", gis::fmt_fixed(r.length_m, 1) + " m", &pipe);
        summary_row("gas.isolate.close", count(r.valves_to_close()), &valve);
        if (!r.trace.sources_to_shut.empty())
            summary_row("gas.view.trace.stations", count(r.trace.sources_to_shut.size()), &valve);
        summary_row("gas.isolate.buildings", count(r.impact.buildings.size()));
        summary_row("gas.isolate.entrances", count(r.impact.entrances.size()));
        summary_row("gas.isolate.households", count(r.impact.households.size()));
        summary_row("gas.isolate.shops", count(r.impact.shops.size()));
        ImGui::EndTable();
    }

    void draw_valves(ViewContext& ctx, const GasTraceResult& r) {
        ImGui::Spacing();
        ImGui::TextUnformatted(tr("gas.view.trace.valves"));
        if (r.valves.empty()) {
            ImGui::TextWrapped("%s", tr("gas.view.trace.no_valves"));
            return;
        }
        const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                      ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
        if (!ImGui::BeginTable("##valves", 5, flags)) return;
        ImGui::TableSetupColumn(tr("gas.view.valve.action"));
        ImGui::TableSetupColumn(tr("gas.view.valve.id"));
        ImGui::TableSetupColumn(tr("gas.view.valve.diameter"));
        ImGui::TableSetupColumn(tr("gas.view.valve.state"));
        ImGui::TableSetupColumn(tr("gas.view.valve.position"), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        for (const auto& v : r.valves) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const Colour c = v.role == GasTraceValve::Role::Close     ? gas_trace_valve_colour()
                             : v.role == GasTraceValve::Role::Skipped ? gas_trace_skipped_colour()
                                                                      : Colour::hex(0x8a8a8a);
            ring_swatch(c);
            ImGui::SameLine();
            ImGui::PushStyleColor(ImGuiCol_Text, to_v4(c));
            ImGui::TextUnformatted(tr(v.role == GasTraceValve::Role::Close ? "gas.view.valve.close"
                                      : v.role == GasTraceValve::Role::AlreadyClosed
                                          ? "gas.view.valve.already_closed"
                                          : "gas.view.valve.skipped"));
            ImGui::PopStyleColor();
            ImGui::TableNextColumn();
            const std::string id = "#" + std::to_string(v.id) + "##v" + std::to_string(v.id);
            if (ImGui::Selectable(id.c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) {
                const auto& p = v.location;
                ctx.doc.fly_to({p.x - 40, p.y - 30, p.x + 40, p.y + 30});
            }
            if (ImGui::IsItemHovered() && !v.note.empty()) ImGui::SetTooltip("%s", v.note.c_str());
            ImGui::TableNextColumn();
            if (v.diameter_mm > 0) ImGui::Text("DN%d", v.diameter_mm);
            ImGui::TableNextColumn();
            const char* state = tr(v.state == "closed" ? "gas.view.valve.closed" : "gas.view.valve.open");
            if (!v.operable)
                ImGui::TextColored(to_v4(Colour::hex(0xb71c1c)), "%s, %s", state,
                                   tr("gas.view.valve.inoperable"));
            else
                ImGui::TextUnformatted(state);
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s, %s", gis::fmt_fixed(v.location.x, 1).c_str(),
                                gis::fmt_fixed(v.location.y, 1).c_str());
        }
        ImGui::EndTable();
    }

    void draw_buildings(ViewContext& ctx, const GasTraceResult& r) {
        if (r.buildings.empty()) return;
        ImGui::Spacing();
        ImGui::TextUnformatted(tr("gas.view.buildings"));
        ImGui::SameLine();
        ImGui::TextDisabled("(?)");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("gas.view.buildings.hint"));
        const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                      ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                      ImGuiTableFlags_SizingStretchProp;
        const float rows = static_cast<float>(std::min<std::size_t>(r.buildings.size(), 10) + 1);
        const float height = rows * (ImGui::GetTextLineHeightWithSpacing() + 2) + 6;
        if (!ImGui::BeginTable("##buildings", 4, flags, {0, height})) return;
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(tr("gas.view.building"), ImGuiTableColumnFlags_WidthStretch, 2.2f);
        ImGui::TableSetupColumn(tr("gas.view.building.entrances"), ImGuiTableColumnFlags_WidthStretch, 1);
        ImGui::TableSetupColumn(tr("gas.view.building.households"), ImGuiTableColumnFlags_WidthStretch, 1);
        ImGui::TableSetupColumn(tr("gas.view.building.shops"), ImGuiTableColumnFlags_WidthStretch, 1);
        ImGui::TableHeadersRow();
        for (const auto& b : r.buildings) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            char label[160];
            if (b.number > 0)
                std::snprintf(label, sizeof label, tr("gas.view.building.number"), b.number);
            else
                std::snprintf(label, sizeof label, "%s", b.name.empty() ? "-" : b.name.c_str());
            const std::string key = std::string(label) + "##b" + std::to_string(b.fid);
            if (ImGui::Selectable(key.c_str(), false, ImGuiSelectableFlags_SpanAllColumns) &&
                !b.box.empty()) {
                const double pad = std::max(30.0, 0.6 * std::max(b.box.width(), b.box.height()));
                ctx.doc.fly_to({b.box.minx - pad, b.box.miny - pad, b.box.maxx + pad, b.box.maxy + pad});
            }
            ImGui::TableNextColumn();
            right_aligned(std::to_string(b.entrances));
            ImGui::TableNextColumn();
            right_aligned(std::to_string(b.households));
            ImGui::TableNextColumn();
            right_aligned(std::to_string(b.shops));
        }
        ImGui::EndTable();
        ImGui::TextDisabled("%s", tr("gas.view.counts_only"));
    }

    void draw_export(ViewContext& ctx, const GasTraceResult& r) {
        if (ctx.doc.presentation() || (r.impact.households.empty() && r.impact.shops.empty())) return;
        ImGui::Spacing();
        ImGui::Separator();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(tr("gas.view.export.file"));
        ImGui::SameLine();
        ImGui::SetNextItemWidth(-1);
        ImGui::InputText("##export_path", export_path_, sizeof export_path_);
        if (ImGui::Button(tr("gas.view.export"), {-1, 0})) {
            gis::network::NoticeExportOptions opt;
            opt.include_personal_data = false;
            opt.dataset_path = ctx.doc.source() ? ctx.doc.source()->path : "";
            opt.query = "nbhd view: gas trace of segment " + std::to_string(r.segment);
            const std::string path = absolute_path(export_path_);
            auto done = gis::network::export_notices(path, model_->district(), r.impact, opt);
            if (ctx.messages)
                ctx.messages->push_back(done ? std::string(tr("gas.view.export.done")) + ": " + path
                                             : done.error().message);
        }
    }

    static void right_aligned(const std::string& text) {
        const float w = ImGui::CalcTextSize(text.c_str()).x;
        const float avail = ImGui::GetContentRegionAvail().x;
        if (avail > w) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - w);
        ImGui::TextUnformatted(text.c_str());
    }

    struct ModelOrError {
        std::unique_ptr<GasTraceModel> model;
        std::string error;
    };

    bool model_started_ = false;
    std::future<ModelOrError> model_future_;
    std::unique_ptr<GasTraceModel> model_;
    std::string model_error_;

    GasTheme theme_ = GasTheme::Network, wanted_ = GasTheme::Network;
    std::future<ThemeJob> theme_job_;
    std::optional<ClassStats> legend_;
    int redraw_after_frame_ = -1;  // the ImGui frame that replaced the pipe layer

    bool trace_on_ = true;
    std::optional<std::pair<int, std::int64_t>> seen_;  // (layer, fid) of the last selection seen
    std::optional<std::int64_t> pending_;               // a pipe clicked before the model was ready
    std::optional<GasTraceResult> result_;
    char export_path_[1024] = "";
};

}  // namespace
}  // namespace app::view

using app::view::GasPanel;
NBHD_REGISTER_PANEL(40, GasPanel);
