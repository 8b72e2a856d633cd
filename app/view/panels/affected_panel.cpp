// Who is affected (panel id "affected"): draw an area, or a line with a buffer, or pick buildings on the
// map, and list the households, buildings and shops inside: the query of `nbhd households within`
// (gis::plan::affected), run off the main thread. Households are masked; showing their personal data
// writes an audit record first (SearchSession::reveal) and is not offered in presentation mode. The list
// exports to CSV (masked unless shown) through the households export. Scripted set-up (nbhd view
// --panel-set):
//   affected.wkt=POLYGON((...))      the households in an area (the data set's CRS)
//   affected.line=LINESTRING(...)    ... within affected.distance of a line (give the distance first)
//   affected.distance=20             metres around the line
//   affected.buildings=12,13         residential buildings by number
//   affected.reveal=yes              shows personal data (recorded in the audit log)
//   affected.export=PATH             writes the list to a CSV file

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "app/view/core/background_result.hpp"
#include "app/view/core/file_browser.hpp"
#include "app/view/core/sketch_draft.hpp"
#include "app/view/panels/occupancy_ui.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/geom/ops.hpp"
#include "gis/occupancy/export.hpp"
#include "gis/occupancy/session.hpp"
#include "gis/occupancy/view.hpp"
#include "gis/plan/affected.hpp"

namespace app::view {
namespace {

using i18n::tr;
using namespace occupancy_ui;
namespace occ = gis::occupancy;

constexpr const char* kOwner = "affected";
constexpr const char* kMarks = "affected";  // the highlight set and the overlay
constexpr std::uint32_t kMarkColour = 0xe8590c;
constexpr double kClickSlopPx = 4;
constexpr double kFirstVertexPx = 8;

enum class Tool { None, Area, Line, Pick };

/// What was asked: an area or line (checked by gis::plan::check_affected_area) or picked buildings.
struct Question {
    Tool kind = Tool::None;
    gis::plan::AffectedRequest request;
    std::vector<std::int64_t> buildings;  ///< picked, by feature id
};

struct Answer {
    gis::plan::Affected found;
    std::vector<occ::HouseholdView> views;  ///< masked
    std::vector<std::string> numbers;       ///< household numbers, in the views' order
    gis::io::Layer outline;                 ///< the area's edge (a line's corridor too); empty for picks
};

gis::io::Layer outline_layer(const gis::plan::AffectedArea& area) {
    gis::io::Layer layer;
    layer.info.geometry_type = "LineString";
    std::int64_t fid = 0;
    auto add = [&](const gis::Geometry& g) {
        auto edge = [&](const std::vector<gis::Point>& ring) {
            gis::io::Feature f;
            f.fid = ++fid;
            f.geometry = gis::Geometry::from(gis::LineString{ring});
            layer.features.push_back(std::move(f));
        };
        for (const auto& l : g.lines) edge(l);
        for (const auto& p : g.polygons) {
            edge(p.outer);
            for (const auto& h : p.holes) edge(h);
        }
    };
    add(area.geometry);
    if (area.line && area.distance > 0) add(gis::geom::buffer(area.geometry, area.distance));
    return layer;
}

gis::Result<Answer> answer(const std::shared_ptr<const occ::OccupancyIndex>& index, const Question& q) {
    Answer a;
    if (q.kind == Tool::Pick) {
        auto found = gis::plan::affected_buildings(*index, q.buildings);
        if (!found) return found.error();
        a.found = std::move(found).value();
    } else {
        auto area = gis::plan::check_affected_area(q.request);
        if (!area) return area.error();
        auto found = gis::plan::affected(*index, *area);
        if (!found) return found.error();
        a.found = std::move(found).value();
        a.outline = outline_layer(*area);
    }
    for (occ::HouseholdId id : a.found.selection.households) {
        a.views.push_back(occ::view_of(index->household(id), occ::Disclosure::Masked));
        a.numbers.push_back(index->household(id).household_no);
    }
    return a;
}

/// An absolute path for the export, in the viewer's export folder (beside the data set, else home).
std::string default_export_path(const std::string& dataset) {
    char stamp[32];
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    std::strftime(stamp, sizeof stamp, "%Y%m%d_%H%M", &tm);
    return (std::filesystem::path(export_folder(dataset)) /
            ("affected_households_" + std::string(stamp) + ".csv"))
        .string();
}

/// "12,13, 15" as numbers.
gis::Result<std::vector<int>> parse_numbers(const std::string& text) {
    std::vector<int> out;
    std::string item;
    for (char c : text + ",") {
        if (c == ',') {
            std::string t = item;
            item.clear();
            t.erase(0, t.find_first_not_of(" \t"));
            t.erase(t.find_last_not_of(" \t") + 1);
            if (t.empty()) continue;
            char* end = nullptr;
            const long n = std::strtol(t.c_str(), &end, 10);
            if (*end != '\0' || n <= 0 || n > 100'000'000)
                return gis::make_error(
                    gis::ErrorCode::BadInput,
                    gis::i18n::format(_("affected.buildings: {0} is no building number (give "
                                        "numbers such as 12,13)"),
                                      gis::quote_for_message(t, 20)));
            out.push_back(static_cast<int>(n));
        } else {
            item += c;
        }
    }
    if (out.empty())
        return gis::make_error(gis::ErrorCode::BadInput,
                               _("affected.buildings: give building numbers (12,13)"));
    return out;
}

class AffectedPanel : public Panel {
  public:
    const char* id() const override { return "affected"; }
    std::string title() const override { return tr("occ.affected.panel"); }
    bool district_only() const override { return true; }
    bool open_by_default() const override { return false; }
    bool shows_personal_data() const override { return true; }

    gis::Result<void> configure(ViewContext& ctx, const std::string& key, const std::string& value) override {
        if (key == "distance") {
            char* end = nullptr;
            const double d = std::strtod(value.c_str(), &end);
            if (value.empty() || *end != '\0' || !std::isfinite(d))
                return gis::make_error(gis::ErrorCode::BadInput,
                                       _("affected.distance: expected metres, e.g. 20"));
            distance_ = static_cast<float>(d);
            if (asked_.kind != Tool::Line) return {};
            asked_.request.distance = d;
            return ask_and_wait(ctx, asked_);
        }
        if (key == "wkt" || key == "line" || key == "buildings") {
            if (auto r = wait_for_index(ctx); !r) return r;
            if (key == "buildings") {
                auto numbers = parse_numbers(value);
                if (!numbers) return numbers.error();
                picked_.clear();
                for (int n : *numbers) {
                    const auto* b = model_->index()->district().building_by_number(n);
                    if (!b)
                        return gis::make_error(
                            gis::ErrorCode::NotFound,
                            gis::i18n::format(_("affected.buildings: no residential building {0}"), n));
                    picked_.push_back(b->fid);
                }
                return ask_and_wait(ctx, pick_question());
            }
            return ask_and_wait(ctx, area_question(key == "line" ? Tool::Line : Tool::Area, value,
                                                   "affected." + key, "affected.distance"));
        }
        if (key == "reveal") {
            if (value != "yes" && value != "true" && value != "1")
                return gis::make_error(gis::ErrorCode::BadInput,
                                       gis::i18n::format(_("{0}: expected yes"), "affected.reveal"));
            if (ctx.doc.presentation())
                return gis::make_error(
                    gis::ErrorCode::BadInput,
                    gis::i18n::format(_("{0}: presentation mode shows no personal data"), "affected.reveal"));
            if (!job_.value())
                return gis::make_error(gis::ErrorCode::BadInput,
                                       _("affected.reveal: give affected.wkt first"));
            return reveal("viewer --panel-set affected.reveal");
        }
        if (key == "export") {
            if (!job_.value())
                return gis::make_error(gis::ErrorCode::BadInput,
                                       _("affected.export: give affected.wkt, line or buildings first"));
            std::snprintf(export_path_, sizeof export_path_, "%s", value.c_str());
            write_export(ctx);
            if (!export_error_.empty())
                return gis::make_error(gis::ErrorCode::Io, "affected.export: " + export_error_);
            return {};
        }
        return Panel::configure(ctx, key, value);
    }

    void update(ViewContext& ctx, bool& open) override {
        keep_up(ctx, *model_, open);
        if (job_.poll()) {
            shown_.reset();
            marks_wanted_ = true;
        }
        start_waiting(ctx);
        if (!open || ctx.doc.presentation()) {
            // Nothing of it stays on the map, and personal data is masked again.
            if (was_shown_) {
                release_tool(ctx);
                clear_marks(ctx);
                shown_.reset();
                was_shown_ = false;
            }
            return;
        }
        if (!was_shown_) {
            was_shown_ = true;
            marks_wanted_ = true;
            if (export_path_[0] == '\0' && ctx.doc.source())
                std::snprintf(export_path_, sizeof export_path_, "%s",
                              default_export_path(ctx.doc.source()->path).c_str());
        }
        if (marks_wanted_) show_marks(ctx);
        // Another map tool (a sketch) took the clicks.
        if (tool_ != Tool::None && owns_tool_ && ctx.doc.map_tool() != kOwner) {
            draft_.cancel();
            tool_ = Tool::None;
            owns_tool_ = false;
        }
    }

    void draw(ViewContext& ctx, bool* open) override {
        if (begin_panel(ctx, title() + "###affected", open)) content(ctx);
        end_panel(ctx);
    }

    /// Everything inside the window.
    void content(ViewContext& ctx) {
        if (!ready_or_note(ctx, *model_)) return;
        tools(ctx);
        map_tool(ctx);
        ImGui::Separator();
        result(ctx);
    }

  private:
    // --- questions ------------------------------------------------------------------------------------
    Question area_question(Tool kind, const std::string& wkt, const std::string& label,
                           const std::string& distance_label) const {
        Question q;
        q.kind = kind;
        q.request.area_label = label;
        q.request.line_label = label;
        q.request.distance_label = distance_label;
        if (kind == Tool::Line) {
            q.request.line_wkt = wkt;
            q.request.distance = distance_;
            q.request.distance_given = true;
        } else {
            q.request.area_wkt = wkt;
        }
        return q;
    }

    Question pick_question() const {
        Question q;
        q.kind = Tool::Pick;
        q.buildings = picked_;
        return q;
    }

    /// Asks on a worker; a question asked while another runs waits for it (the latest one wins).
    void ask(ViewContext& ctx, Question q) {
        waiting_ = std::move(q);
        if (!job_.running()) start_waiting(ctx);
    }

    void start_waiting(ViewContext& ctx) {
        if (!waiting_ || job_.running()) return;
        auto index = model_->shared_index();
        if (!index) return;
        asked_ = std::move(*waiting_);
        waiting_.reset();
        clear_marks(ctx);
        shown_.reset();
        export_done_.clear();
        export_error_.clear();
        job_.reset();
        job_.start([index, q = asked_] { return answer(index, q); });
    }

    gis::Result<void> ask_and_wait(ViewContext& ctx, Question q) {
        if (auto r = wait_for_index(ctx); !r) return r;
        if (job_.running()) job_.wait();  // so that this question is the one answered below
        ask(ctx, std::move(q));
        job_.wait();
        if (!job_.error().empty()) return gis::make_error(gis::ErrorCode::BadInput, job_.error());
        marks_wanted_ = true;
        return {};
    }

    gis::Result<void> wait_for_index(ViewContext& ctx) {
        if (!ctx.doc.is_district() || !ctx.doc.source())
            return gis::make_error(
                gis::ErrorCode::BadInput,
                gis::i18n::format(_("{0}: the data set has no households (not a district)"), "affected"));
        model_->start(ctx.doc.source()->path);
        model_->wait();
        if (model_->state() != OccupancyModel::State::Ready)
            return gis::make_error(gis::ErrorCode::BadInput, "affected: " + model_->error());
        return {};
    }

    // --- the tools ------------------------------------------------------------------------------------
    void tools(ViewContext& ctx) {
        auto tool_button = [&](Tool t, const char* key) {
            const bool on = tool_ == t;
            if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
            if (ImGui::Button(tr(key))) set_tool(ctx, on ? Tool::None : t);
            if (on) ImGui::PopStyleColor();
        };
        tool_button(Tool::Area, "occ.affected.tool.area");
        ImGui::SameLine();
        tool_button(Tool::Line, "occ.affected.tool.line");
        ImGui::SameLine();
        tool_button(Tool::Pick, "occ.affected.tool.pick");

        ImGui::SetNextItemWidth(120);
        ImGui::InputFloat(tr("occ.affected.distance"), &distance_, 5, 20, "%.0f");
        if (ImGui::IsItemDeactivatedAfterEdit() && asked_.kind == Tool::Line) {
            Question q = asked_;
            q.request.distance = distance_;
            ask(ctx, std::move(q));
        }
        const char* hint = tool_ == Tool::Area   ? "occ.affected.hint.area"
                           : tool_ == Tool::Line ? "occ.affected.hint.line"
                           : tool_ == Tool::Pick ? "occ.affected.hint.pick"
                                                 : "occ.affected.hint.none";
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("%s", tr(hint));
        ImGui::PopStyleColor();
        if (tool_ == Tool::Area || tool_ == Tool::Line) {
            const auto m = draft_.measure();
            if (!draft_.empty()) {
                ImGui::Text("%s %s", tr("occ.affected.length"), format_length(m.length_m).c_str());
                if (tool_ == Tool::Area) {
                    ImGui::SameLine();
                    ImGui::Text("· %s %s", tr("occ.affected.area"), format_area(m.area_m2).c_str());
                }
            }
            ImGui::BeginDisabled(draft_.points().size() < (tool_ == Tool::Area ? 3u : 2u));
            if (ImGui::Button(tr("occ.affected.finish"))) finish(ctx);
            ImGui::EndDisabled();
            ImGui::SameLine();
            ImGui::BeginDisabled(draft_.empty());
            if (ImGui::Button(tr("occ.affected.undo"))) draft_.remove_last();
            ImGui::EndDisabled();
        }
        if (tool_ == Tool::Pick) {
            const auto* building = selected_building(ctx);
            ImGui::BeginDisabled(!building);
            if (ImGui::Button(tr("occ.affected.add_selected")) && building) toggle_pick(ctx, building->fid);
            ImGui::EndDisabled();
            ImGui::SameLine();
            ImGui::BeginDisabled(picked_.empty());
            if (ImGui::Button(tr("occ.affected.clear"))) {
                picked_.clear();
                clear_result(ctx);
            }
            ImGui::EndDisabled();
        }
        if (!draw_error_.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, rgb4(0xb00020));
            ImGui::TextWrapped("%s", draw_error_.c_str());
            ImGui::PopStyleColor();
        }
    }

    void set_tool(ViewContext& ctx, Tool t) {
        draft_.cancel();
        draw_error_.clear();
        tool_ = t;
        if (t == Tool::Area) draft_.start(SketchShape::Polygon);
        if (t == Tool::Line) draft_.start(SketchShape::Line);
        if (t == Tool::Pick) {
            // Picks start from the building already selected on the map.
            picked_.clear();
            if (const auto* b = selected_building(ctx)) toggle_pick(ctx, b->fid);
        }
        if (t == Tool::None) {
            release_tool(ctx);
        } else {
            ctx.doc.set_map_tool(kOwner);
            owns_tool_ = true;
        }
    }

    void release_tool(ViewContext& ctx) {
        if (owns_tool_ && ctx.doc.map_tool() == kOwner) ctx.doc.set_map_tool("");
        owns_tool_ = false;
        tool_ = Tool::None;
        draft_.cancel();
        pressed_ = false;
    }

    void finish(ViewContext& ctx) {
        auto g = draft_.geometry();
        if (!g) {
            draw_error_ = g.error().message;
            return;
        }
        draw_error_.clear();
        const Tool kind = tool_;
        ask(ctx, area_question(kind, gis::to_wkt(*g),
                               tr(kind == Tool::Line ? "occ.affected.line_label" : "occ.affected.area_label"),
                               tr("occ.affected.distance_label")));
        draft_.start(kind == Tool::Line ? SketchShape::Line : SketchShape::Polygon);
    }

    const gis::district::Building* selected_building(const ViewContext& ctx) const {
        const auto& sel = ctx.doc.selection();
        const auto* index = model_->index();
        if (!sel || !index) return nullptr;
        const MapLayer* layer = ctx.doc.layer(sel->layer);
        const auto* f = ctx.doc.feature(*sel);
        if (!layer || !f || layer->name() != gis::district::layers::kBuildings) return nullptr;
        return index->district().building_by_fid(f->fid);
    }

    const gis::district::Building* building_at(const gis::Point& p) const {
        const auto* index = model_->index();
        if (!index) return nullptr;
        const gis::Geometry at = gis::Geometry::from(p);
        for (const auto& b : index->district().buildings)
            if (!b.footprint.outer.empty() && gis::bbox_of(b.footprint).contains(p) &&
                gis::geom::intersects(gis::Geometry::from(b.footprint), at))
                return &b;
        return nullptr;
    }

    void toggle_pick(ViewContext& ctx, std::int64_t fid) {
        auto it = std::find(picked_.begin(), picked_.end(), fid);
        if (it == picked_.end())
            picked_.push_back(fid);
        else
            picked_.erase(it);
        if (picked_.empty())
            clear_result(ctx);
        else
            ask(ctx, pick_question());
    }

    void clear_result(ViewContext& ctx) {
        waiting_.reset();
        if (job_.running()) job_.wait();
        job_.reset();
        asked_ = {};
        shown_.reset();
        clear_marks(ctx);
    }

    // --- the map: clicks, keys and the rubber band ------------------------------------------------------
    void map_tool(ViewContext& ctx) {
        if (tool_ == Tool::None) return;
        const ImGuiIO& io = ImGui::GetIO();
        const double k = ctx.pixel_scale;
        const gis::Point mouse{io.MousePos.x * k, io.MousePos.y * k};
        const bool on_map = !io.WantCaptureMouse && io.MousePos.x >= 0 && io.MousePos.y >= 0 &&
                            mouse.x < ctx.camera.width() && mouse.y < ctx.camera.height();
        const gis::Point world = ctx.camera.screen_to_world(mouse);
        if (on_map && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
            pressed_ = true;
            press_ = mouse;
            press_double_ = ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left);
        }
        if (pressed_ && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
            pressed_ = false;
            const bool click = std::hypot(mouse.x - press_.x, mouse.y - press_.y) <= kClickSlopPx * k;
            if (on_map && click) {
                if (tool_ == Tool::Pick) {
                    if (const auto* b = building_at(world)) toggle_pick(ctx, b->fid);
                } else {
                    const auto& pts = draft_.points();
                    const bool on_first =
                        tool_ == Tool::Area && pts.size() >= 3 &&
                        std::hypot(ctx.camera.world_to_screen(pts.front()).x - mouse.x,
                                   ctx.camera.world_to_screen(pts.front()).y - mouse.y) <= kFirstVertexPx * k;
                    if (press_double_ || on_first)
                        finish(ctx);
                    else
                        draft_.add(world);
                }
            }
        }
        if (on_map && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) draft_.remove_last();
        if (!io.WantCaptureKeyboard) {
            if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) {
                if (draft_.empty())
                    set_tool(ctx, Tool::None);
                else
                    draft_.cancel();
            }
            if (ImGui::IsKeyPressed(GLFW_KEY_BACKSPACE)) draft_.remove_last();
            if (ImGui::IsKeyPressed(GLFW_KEY_ENTER, false) && tool_ != Tool::Pick) finish(ctx);
        }
        if (tool_ != Tool::None) cues(ctx, on_map ? std::optional<gis::Point>(world) : std::nullopt);
    }

    ImVec2 ui(const ViewContext& ctx, const gis::Point& w) const {
        const gis::Point s = ctx.camera.world_to_screen(w);
        return {static_cast<float>(s.x / ctx.pixel_scale), static_cast<float>(s.y / ctx.pixel_scale)};
    }

    void cues(ViewContext& ctx, std::optional<gis::Point> pointer) {
        if (tool_ == Tool::Pick || draft_.empty()) return;
        ImDrawList* dl = ImGui::GetBackgroundDrawList();
        const ImU32 ink = rgb(kMarkColour);
        std::vector<ImVec2> line;
        for (const auto& p : draft_.points()) line.push_back(ui(ctx, p));
        if (line.size() >= 2) dl->AddPolyline(line.data(), static_cast<int>(line.size()), ink, 0, 2.5f);
        if (pointer) {
            const ImVec2 cur = ui(ctx, *pointer);
            dl->AddLine(line.back(), cur, rgb(kMarkColour, 0.85f), 1.5f);
            if (tool_ == Tool::Area && line.size() >= 2)
                dl->AddLine(cur, line.front(), rgb(kMarkColour, 0.5f), 1.0f);
            const auto m = draft_.measure(pointer);
            std::string label = format_length(m.segment_m) + " · " + format_length(m.length_m);
            if (tool_ == Tool::Area && draft_.points().size() >= 2) label += " · " + format_area(m.area_m2);
            const ImVec2 at{cur.x + 14, cur.y + 10};
            const ImVec2 size = ImGui::CalcTextSize(label.c_str());
            dl->AddRectFilled({at.x - 4, at.y - 2}, {at.x + size.x + 4, at.y + size.y + 2},
                              rgb(0xffffff, 0.9f), 3);
            dl->AddText(at, rgb(0x333333), label.c_str());
        }
        for (std::size_t i = 0; i < line.size(); ++i) {
            const float r = i == 0 ? 5.0f : 4.0f;
            dl->AddRectFilled({line[i].x - r, line[i].y - r}, {line[i].x + r, line[i].y + r}, rgb(0xffffff));
            dl->AddRect({line[i].x - r, line[i].y - r}, {line[i].x + r, line[i].y + r}, ink, 0, 0, 1.5f);
        }
    }

    void show_marks(ViewContext& ctx) {
        marks_wanted_ = false;
        const auto& a = job_.value();
        if (!a) return clear_marks(ctx);
        ctx.doc.highlight(kMarks, gis::district::layers::kBuildings, a->found.buildings,
                          Colour::hex(kMarkColour));
        if (a->outline.features.empty())
            ctx.doc.remove_overlay(kMarks);
        else
            ctx.doc.set_overlay(kMarks, a->outline, Colour::hex(kMarkColour));
        marked_ = true;
    }

    void clear_marks(ViewContext& ctx) {
        if (!marked_) return;
        ctx.doc.clear_highlight(kMarks);
        ctx.doc.remove_overlay(kMarks);
        marked_ = false;
    }

    // --- the answer -----------------------------------------------------------------------------------
    const std::vector<occ::HouseholdView>& views() const { return shown_ ? *shown_ : job_.value()->views; }

    void result(ViewContext& ctx) {
        if (job_.running() || waiting_) {
            ImGui::TextDisabled("%s", tr("occ.affected.running"));
            return;
        }
        if (!job_.error().empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, rgb4(0xb00020));
            ImGui::TextWrapped("%s: %s", tr("occ.affected.failed"), job_.error().c_str());
            ImGui::PopStyleColor();
            return;
        }
        const auto& a = job_.value();
        if (!a) {
            ImGui::TextDisabled("%s", tr("occ.affected.nothing_yet"));
            return;
        }
        const auto& d = model_->index()->district();
        const auto& sel = a->found.selection;
        const int others =
            static_cast<int>(a->found.buildings.size()) - static_cast<int>(sel.buildings.size());
        ImGui::TextWrapped("%s", fmt("occ.affected.summary", static_cast<int>(sel.buildings.size()),
                                     static_cast<int>(sel.households.size()), sel.residents,
                                     static_cast<int>(a->found.shops.size()), std::max(0, others))
                                     .c_str());
        if (!sel.buildings.empty()) {
            std::string numbers;
            for (int b : sel.buildings) numbers += (numbers.empty() ? "" : ", ") + std::to_string(b);
            ImGui::TextWrapped("%s: %s", tr("occ.within.buildings"), numbers.c_str());
        }

        if (ImGui::BeginTabBar("##affected_tabs")) {
            if (ImGui::BeginTabItem(tr("occ.within.households"))) {
                household_table(ctx);
                ImGui::EndTabItem();
            }
            if (!a->found.shops.empty() && ImGui::BeginTabItem(tr("occ.within.shops"))) {
                shop_table(ctx, d, a->found.shops);
                ImGui::EndTabItem();
            }
            ImGui::EndTabBar();
        }
        privacy(ctx);
        export_box(ctx);
    }

    static float table_height(std::size_t rows) {
        const float row = ImGui::GetTextLineHeightWithSpacing() + 2;
        return row * static_cast<float>(std::min<std::size_t>(rows, 12) + 1) + 4;
    }

    void household_table(ViewContext& ctx) {
        const auto& rows = views();
        if (rows.empty()) {
            ImGui::TextDisabled("%s", tr("occ.affected.no_households"));
            return;
        }
        const ImGuiTableFlags tf = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                   ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersOuterH |
                                   ImGuiTableFlags_SizingFixedFit;
        if (!ImGui::BeginTable("##households", 5, tf, {0, table_height(rows.size())})) return;
        ImGui::TableSetupScrollFreeze(0, 1);
        // Wide enough for the header and a typical value from the first frame (a scripted screenshot has
        // no frames to spare for fitting).
        auto fixed = [](const char* header, const char* sample) {
            ImGui::TableSetupColumn(
                header, ImGuiTableColumnFlags_WidthFixed,
                std::max(ImGui::CalcTextSize(header).x, ImGui::CalcTextSize(sample).x) + 4);
        };
        fixed(tr("occ.col.address"), "00-0-0000");
        fixed(tr("occ.col.name"), "欧阳*某");
        fixed(tr("occ.col.phone"), "000****0000");
        fixed(tr("occ.col.size"), "00");
        ImGui::TableSetupColumn(tr("occ.col.flags"), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(rows.size()));
        while (clipper.Step())
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const auto& v = rows[static_cast<std::size_t>(i)];
                ImGui::PushID(i);
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                if (ImGui::Selectable(v.address.c_str(), false, ImGuiSelectableFlags_SpanAllColumns))
                    if (auto ref = ctx.doc.find_feature(gis::district::layers::kBuildings, v.building)) {
                        if (const auto* f = ctx.doc.feature(*ref))
                            ctx.doc.fly_to(occupancy_view_box(f->geometry.bbox()));
                        ctx.doc.select(ref);
                    }
                if (ImGui::IsItemHovered())
                    ImGui::SetTooltip("%s %s", tr("occ.view.tip.household"), v.id.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(v.name.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(v.phone.c_str());
                ImGui::TableNextColumn();
                ImGui::Text("%d", v.size);
                ImGui::TableNextColumn();
                bool first = true;
                for (const auto& f : v.flags) {
                    badge(tr("occ.flag." + f), flag_colour(f), !first);
                    first = false;
                }
                ImGui::PopID();
            }
        ImGui::EndTable();
    }

    void shop_table(ViewContext& ctx, const gis::district::District& d,
                    const std::vector<std::size_t>& shops) {
        const ImGuiTableFlags tf = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                   ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersOuterH |
                                   ImGuiTableFlags_SizingFixedFit;
        if (!ImGui::BeginTable("##shops", 3, tf, {0, table_height(shops.size())})) return;
        ImGui::TableSetupScrollFreeze(0, 1);
        const float em = ImGui::GetFontSize();  // a Chinese character
        ImGui::TableSetupColumn(tr("occ.affected.col.shop"), ImGuiTableColumnFlags_WidthFixed, 7 * em);
        ImGui::TableSetupColumn(tr("occ.affected.col.trade"), ImGuiTableColumnFlags_WidthFixed, 4 * em);
        ImGui::TableSetupColumn(tr("occ.col.address"), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        for (std::size_t i : shops) {
            const auto& s = d.shops[i];
            for (const auto* t : {&s.name, &s.trade, &s.address}) want_glyphs(ctx, glyphs_sent_, *t);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(s.name.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(s.trade.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(s.address.c_str());
        }
        ImGui::EndTable();
    }

    // --- personal data --------------------------------------------------------------------------------
    gis::Result<void> reveal(const std::string& audit_query) {
        const auto& a = job_.value();
        if (!a || a->numbers.empty()) return {};
        occ::SearchSession session(model_->shared_index(), model_->dataset_path());
        auto shown = session.reveal(a->numbers, audit_query);
        if (!shown) return shown.error();
        shown_ = std::move(shown).value();
        return {};
    }

    void privacy(ViewContext& ctx) {
        const auto& a = job_.value();
        if (!a || a->numbers.empty()) return;
        ImGui::PushID("privacy");
        if (shown_) {
            ImGui::TextColored(rgb4(0xb35900), "%s", tr("occ.view.revealed"));
            ImGui::SameLine();
            if (ImGui::SmallButton(tr("occ.view.mask"))) shown_.reset();
        } else {
            ImGui::TextDisabled("%s", tr("occ.view.masked"));
            ImGui::SameLine();
            ImGui::BeginDisabled(ctx.doc.presentation());
            if (ImGui::SmallButton(tr("occ.view.unmask"))) ImGui::OpenPopup("##confirm_reveal");
            ImGui::EndDisabled();
        }
        if (ImGui::BeginPopupModal("##confirm_reveal", nullptr,
                                   ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_AlwaysAutoResize)) {
            ImGui::TextUnformatted(tr("occ.view.confirm.title"));
            ImGui::Separator();
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26);
            ImGui::TextWrapped("%s",
                               fmt("occ.affected.confirm", static_cast<int>(a->numbers.size())).c_str());
            ImGui::PopTextWrapPos();
            ImGui::Spacing();
            if (ImGui::Button(tr("occ.view.confirm.ok"))) {
                if (auto r = reveal("viewer: who is affected"); !r && ctx.messages)
                    ctx.messages->push_back(std::string(tr("occ.view.audit_failed")) + ": " +
                                            r.error().message);
                ImGui::CloseCurrentPopup();
            }
            ImGui::SameLine();
            if (ImGui::Button(tr("occ.view.cancel"))) ImGui::CloseCurrentPopup();
            ImGui::EndPopup();
        }
        ImGui::PopID();
    }

    // --- export ---------------------------------------------------------------------------------------
    void export_box(ViewContext& ctx) {
        const auto& a = job_.value();
        if (!a || a->numbers.empty()) return;
        ImGui::Separator();
        ImGui::TextUnformatted(tr("occ.affected.export.file"));
        ImGui::SetNextItemWidth(-1);
        ImGui::InputText("##export_path", export_path_, sizeof export_path_);
        ImGui::Checkbox(tr("occ.affected.export.replace"), &overwrite_);
        ImGui::SameLine();
        if (ImGui::Button(tr("occ.affected.export"))) write_export(ctx);
        if (!export_done_.empty()) ImGui::TextWrapped("%s", export_done_.c_str());
        if (!export_error_.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, rgb4(0xb00020));
            ImGui::TextWrapped("%s", export_error_.c_str());
            ImGui::PopStyleColor();
        }
    }

    void write_export(ViewContext& ctx) {
        export_done_.clear();
        export_error_.clear();
        const auto& a = job_.value();
        const auto* index = model_->index();
        if (!a || !index) return;
        const std::string path = absolute_path(export_path_);
        occ::ExportOptions opt;
        // Names and phones leave the viewer only as they are shown: unmasked after an audited reveal.
        opt.include_personal_data = shown_.has_value() && !ctx.doc.presentation();
        opt.audit_dataset = model_->dataset_path();
        opt.audit_query = "viewer: who is affected, export";
        opt.overwrite = overwrite_;
        auto n = occ::export_households(*index, a->found.selection.households, path, opt);
        if (!n) {
            export_error_ = n.error().message;
            return;
        }
        export_done_ =
            fmt("occ.affected.export.done", gis::with_commas(static_cast<std::int64_t>(*n)).c_str()) + " " +
            path + "\n" + tr(opt.include_personal_data ? "occ.export.personal" : "occ.view.masked");
    }

    std::shared_ptr<OccupancyModel> model_ = OccupancyModel::shared();
    BackgroundResult<Answer> job_;
    Question asked_;
    std::optional<Question> waiting_;
    std::optional<std::vector<occ::HouseholdView>> shown_;  ///< the views unmasked after an audited reveal

    Tool tool_ = Tool::None;
    bool owns_tool_ = false;
    SketchDraft draft_;
    std::string draw_error_;
    std::vector<std::int64_t> picked_;
    float distance_ = 20;
    bool pressed_ = false, press_double_ = false;
    gis::Point press_;

    bool marked_ = false, marks_wanted_ = false, was_shown_ = false;
    char export_path_[1024] = "";
    bool overwrite_ = false;
    std::string export_done_, export_error_;
    std::set<char32_t> glyphs_sent_;
};

}  // namespace
}  // namespace app::view

using app::view::AffectedPanel;
NBHD_REGISTER_PANEL(72, AffectedPanel);
