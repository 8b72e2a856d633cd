// "New district from files" (File menu): the viewer's front end to `nbhd district scan` and `nbhd district
// import`. The scan's proposal (which file is which district layer, how each district field is filled) is
// shown with a few values of each source field, the person changes it in memory, and the import runs on a
// worker with its progress; the new district then opens. The core decides everything: this file only
// presents the manifest and edits it. Samples of a register's names, phones and ID numbers are masked.

#include <imgui.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cfloat>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "app/i18n/i18n.hpp"
#include "app/view/map_session.hpp"
#include "app/view/panel.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/district/schema.hpp"
#include "gis/ingest/import.hpp"
#include "gis/ingest/manifest.hpp"
#include "gis/ingest/rules.hpp"
#include "gis/ingest/scan.hpp"
#include "gis/occupancy/import.hpp"
#include "gis/privacy/privacy.hpp"

extern char** environ;

namespace app::view {
namespace {

namespace fs = std::filesystem;
using gis::ingest::FieldMapping;
using gis::ingest::ImportReport;
using gis::ingest::LayerMapping;
using gis::ingest::ScanResult;
using i18n::tr;
using Clock = std::chrono::steady_clock;

const ImVec4 kErrorColour{0.75f, 0.12f, 0.10f, 1.0f};
const ImVec4 kRequiredColour{0.62f, 0.28f, 0.05f, 1.0f};
const ImVec4 kOkColour{0.10f, 0.45f, 0.18f, 1.0f};

std::string trim(std::string s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

/// "a;b; c" -> {"a", "b", "c"}.
std::vector<std::string> split_inputs(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find(';', start), text.size());
        if (auto p = trim(text.substr(start, end - start)); !p.empty()) out.push_back(std::move(p));
        start = end + 1;
    }
    return out;
}

/// The folder the output goes to by default: the first input if it is a folder, else the file's folder.
std::string input_folder(const std::vector<std::string>& inputs) {
    if (inputs.empty()) return ".";
    std::error_code ec;
    const fs::path p = fs::u8path(inputs.front());
    std::string folder = fs::is_directory(p, ec) ? p.lexically_normal().string() : p.parent_path().string();
    while (folder.size() > 1 && folder.back() == '/') folder.pop_back();
    return folder.empty() ? "." : folder;
}

std::string with_extension(const std::string& path, const char* ext) {
    return fs::u8path(path).replace_extension(ext).string();
}

/// The manifest as it would be read from `path`: file sources made relative to its folder.
gis::ingest::Manifest rebased(const gis::ingest::Manifest& m, const std::string& path) {
    gis::ingest::Manifest out = m;
    out.path = path;
    std::error_code ec;
    const fs::path base = fs::absolute(fs::u8path(path), ec).parent_path();
    for (auto& l : out.layers) {
        const std::string file = m.resolve(l.source);
        if (l.source.empty() || !fs::exists(fs::u8path(file), ec)) continue;  // a connection string
        const fs::path r = fs::relative(fs::absolute(fs::u8path(file), ec), base, ec);
        if (!ec && !r.empty()) l.source = r.generic_string();
    }
    return out;
}

// --- Personal data in the previews -------------------------------------------------------------------

enum class Personal { None, Name, Phone, IdNumber };

/// District fields of the household register whose source values are personal data.
Personal personal_target(const std::string& layer, const std::string& field) {
    if (layer != gis::district::layers::kHouseholds) return Personal::None;
    if (field == "head_name") return Personal::Name;
    if (field == "phone") return Personal::Phone;
    if (field == "id_number") return Personal::IdNumber;
    return Personal::None;
}

bool looks_like_id_number(const std::string& s) {
    if (gis::occupancy::id_number(s)) return true;
    // A malformed one (a typo, a wrong check digit) is still somebody's number.
    if (s.size() != 15 && s.size() != 18) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool digit = s[i] >= '0' && s[i] <= '9';
        if (!digit && !(i + 1 == s.size() && (s[i] == 'X' || s[i] == 'x'))) return false;
    }
    return true;
}

std::string mask_value(const std::string& raw, Personal kind) {
    const std::string s = trim(raw);
    if (s.empty()) return s;
    switch (kind) {
        case Personal::Name:
            return gis::privacy::mask_name(s);
        case Personal::Phone:
            return gis::privacy::mask_phone(s);
        case Personal::IdNumber:
            return gis::privacy::mask_id_number(s);
        case Personal::None:
            break;
    }
    if (looks_like_id_number(s)) return gis::privacy::mask_id_number(s);
    if (gis::occupancy::phone_number(s)) return gis::privacy::mask_phone(s);
    return raw;
}

// --- Import progress, written by the worker's callback, read by the window ----------------------------

struct Progress {
    std::mutex mutex;
    std::string stage;
    std::int64_t done = 0, total = 0;
    Clock::time_point stage_start = Clock::now();

    void update(const std::string& s, std::int64_t d, std::int64_t t) {
        std::lock_guard<std::mutex> lock(mutex);
        if (s != stage) {
            stage = s;
            stage_start = Clock::now();
        }
        done = d;
        total = t;
    }
};

struct ImportOutcome {
    bool dry_run = false;
    std::string out;
    ImportReport report;
    std::optional<gis::Error> error;
    double seconds = 0;
};

ImportOutcome run_import(gis::ingest::Manifest manifest, std::string out, gis::ingest::ImportOptions o,
                         std::shared_ptr<Progress> progress) {
    ImportOutcome r;
    r.dry_run = o.dry_run;
    r.out = out;
    o.progress = [progress](const std::string& s, std::int64_t d, std::int64_t t) {
        progress->update(s, d, t);
    };
    const auto start = Clock::now();
    try {
        ImportReport last;
        auto result = gis::ingest::import_district(manifest, out, o, &last);
        if (result) {
            r.report = std::move(*result);
        } else {
            r.report = std::move(last);
            r.error = result.error();
        }
    } catch (const std::exception& e) {  // the core catches; a front end never dies of a library
        r.error = gis::make_error(gis::ErrorCode::Internal, e.what());
    }
    r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return r;
}

gis::Result<ScanResult> run_scan(std::vector<std::string> inputs, gis::ingest::ScanOptions o) {
    try {
        return gis::ingest::scan_sources(inputs, o);
    } catch (const std::exception& e) {
        return gis::make_error(gis::ErrorCode::Internal, e.what());
    }
}

/// Starts another viewer window on `data` (this executable, as `nbhd --data DATA view`).
gis::Result<pid_t> open_window(const std::string& data) {
    std::error_code ec;
    const std::string exe = fs::read_symlink("/proc/self/exe", ec).string();
    if (ec)
        return gis::make_error(gis::ErrorCode::Io,
                               gis::i18n::format(_("cannot find the nbhd executable: {0}"), ec.message()));
    std::vector<std::string> args = {
        exe, "--data", data, "--lang", i18n::language() == i18n::Lang::En ? "en" : "zh", "view"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    if (const int rc = ::posix_spawn(&pid, exe.c_str(), nullptr, nullptr, argv.data(), environ); rc != 0)
        return gis::make_error(gis::ErrorCode::Io, exe + ": " + std::strerror(rc));
    return pid;
}

void spinner() {
    const float h = ImGui::GetTextLineHeight(), r = h * 0.4f;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 c{p.x + r + 2, p.y + h / 2};
    const float a = static_cast<float>(ImGui::GetTime()) * 7.0f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PathClear();
    dl->PathArcTo(c, r, a, a + 4.4f, 20);
    dl->PathStroke(ImGui::GetColorU32(ImGuiCol_ButtonActive), 0, 2.5f);
    ImGui::Dummy({2 * r + 6, h});
}

/// A line of explanation, greyed and wrapped at the window's edge.
void note(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
}

/// A step's title: in the title bar's colour, so that the three steps stand apart.
void heading(const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TitleBgActive));
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopStyleColor();
}

void help_tooltip(const std::string& text) {
    if (text.empty() || !ImGui::IsItemHovered()) return;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

/// The parse rule that reads text as a district field's type.
const char* type_rule(gis::io::FieldType t) {
    return t == gis::io::FieldType::Integer ? "int" : t == gis::io::FieldType::Real ? "real" : "text";
}

bool parse_yes(const std::string& v) { return v == "yes" || v == "1" || v == "true" || v == "on"; }

template <std::size_t N>
void set_text(char (&buf)[N], const std::string& s) {
    std::snprintf(buf, N, "%s", s.c_str());
}

class DistrictImportPanel : public Panel {
  public:
    const char* id() const override { return "district_import"; }
    std::string title() const override { return tr("view.import.title"); }
    bool open_by_default() const override { return false; }

    gis::Result<void> configure(ViewContext& ctx, const std::string& key, const std::string& value) override {
        if (const std::span<char> buf = text_option(key); !buf.empty()) {
            std::snprintf(buf.data(), buf.size(), "%s", value.c_str());
            return {};
        }
        if (key == "skip_bad" || key == "overwrite") {
            (key == "skip_bad" ? skip_bad_ : overwrite_) = parse_yes(value);
            return {};
        }
        if (key == "expand") {  // a district layer's field table shown open ("all": every one)
            expand_.insert(value);
            return {};
        }
        if (key == "scan") {  // scripted: at once, so that a test sees the result
            if (!parse_yes(value)) return {};
            start_scan(ctx, true);
            if (!scan_error_.empty())
                return gis::make_error(scan_error_code_, "district_import.scan: " + scan_error_);
            return {};
        }
        if (key == "import" || key == "dry_run") {
            if (!parse_yes(value)) return {};
            if (!scan_)
                return gis::make_error(gis::ErrorCode::BadInput,
                                       "district_import." + key + ": " + tr("view.import.scan_first"));
            start_import(ctx, key == "dry_run", true);
            if (outcome_ && outcome_->error)
                return gis::make_error(outcome_->error->code,
                                       "district_import." + key + ": " + outcome_->error->message);
            return {};
        }
        if (key == "save") {
            if (!parse_yes(value)) return {};
            if (!scan_)
                return gis::make_error(gis::ErrorCode::BadInput,
                                       "district_import.save: " + std::string(tr("view.import.scan_first")));
            if (auto s = save_manifest(); !s) return s;
            return {};
        }
        return Panel::configure(ctx, key, value);
    }

    void update(ViewContext& ctx, bool& open) override {
        if (open && !was_open_) raise_ = true;  // opened from the File menu: in front, not collapsed
        was_open_ = open;
        poll(ctx);
        children_.erase(std::remove_if(children_.begin(), children_.end(),
                                       [](pid_t p) { return ::waitpid(p, nullptr, WNOHANG) != 0; }),
                        children_.end());
    }

    void draw(ViewContext& ctx, bool* open) override {
        if (raise_) {
            ImGui::SetNextWindowCollapsed(false);
            ImGui::SetNextWindowFocus();
            raise_ = false;
        }
        if (!begin_panel(ctx, title() + "###district_import", open)) return end_panel(ctx);
        poll(ctx);
        draw_inputs(ctx);
        if (scan_) {
            draw_sources();
            draw_fields();
            draw_import(ctx);
        }
        end_panel(ctx);
    }

  private:
    // --- (a) what to scan ---

    std::span<char> text_option(const std::string& key) {
        if (key == "inputs") return inputs_;
        if (key == "name") return name_;
        if (key == "name_en") return name_en_;
        if (key == "crs") return crs_;
        if (key == "out") return out_;
        return {};
    }

    float label_width() const {
        float w = 0;
        for (const char* k : {"view.import.inputs", "view.import.name", "view.import.name_en",
                              "view.import.crs", "view.import.out"})
            w = std::max(w, ImGui::CalcTextSize(tr(k)).x);
        return w + ImGui::GetStyle().ItemSpacing.x * 2;
    }

    void label(const char* key) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(tr(key));
        ImGui::SameLine(label_width());
        ImGui::SetNextItemWidth(-FLT_MIN);
    }

    void draw_inputs(ViewContext& ctx) {
        const bool busy = scan_job_.valid() || import_job_.valid();
        ImGui::BeginDisabled(busy);
        label("view.import.inputs");
        ImGui::InputTextWithHint("##inputs", tr("view.import.inputs_hint"), inputs_, sizeof inputs_);
        label("view.import.name");
        ImGui::InputText("##name", name_, sizeof name_);
        label("view.import.name_en");
        ImGui::InputTextWithHint("##name_en", tr("view.import.optional"), name_en_, sizeof name_en_);
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(tr("view.import.crs"));
        ImGui::SameLine(label_width());
        ImGui::SetNextItemWidth(160);
        ImGui::InputText("##crs", crs_, sizeof crs_);
        ImGui::SameLine();
        if (ImGui::Button(tr("view.import.scan"))) start_scan(ctx, false);
        ImGui::EndDisabled();
        if (scan_job_.valid()) {
            ImGui::SameLine();
            spinner();
            ImGui::SameLine();
            ImGui::TextDisabled("%s", tr("view.import.scanning"));
        }
        if (!scan_error_.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, kErrorColour);
            ImGui::TextWrapped("%s: %s", tr("view.import.error"), scan_error_.c_str());
            ImGui::PopStyleColor();
        } else if (!scan_ && !scan_job_.valid()) {
            note(tr("view.import.start"));
        }
    }

    void start_scan(ViewContext& ctx, bool wait) {
        if (scan_job_.valid() || import_job_.valid()) return;
        const auto inputs = split_inputs(inputs_);
        const std::string name = trim(name_);
        // The output (and the manifest beside it) default to the folder scanned; a path typed by hand stays.
        const std::string default_out =
            input_folder(inputs) + "/" + (name.empty() ? "district" : name) + ".gpkg";
        if (out_[0] == 0 || out_ == default_out_) set_text(out_, default_out);
        default_out_ = default_out;
        gis::ingest::ScanOptions o{name, trim(name_en_), trim(crs_), with_extension(out_, ".toml")};
        scan_.reset();
        scan_error_.clear();
        outcome_.reset();
        saved_.clear();
        constants_.clear();
        personal_.clear();
        scan_job_ = std::async(std::launch::async, run_scan, inputs, o);
        if (wait) {
            scan_job_.wait();
            poll(ctx);
        }
    }

    void start_import(ViewContext& ctx, bool dry_run, bool wait) {
        if (!scan_ || import_job_.valid() || scan_job_.valid()) return;
        gis::ingest::ImportOptions o;
        o.dry_run = dry_run;
        o.skip_bad = skip_bad_;
        o.overwrite = overwrite_;
        o.lang = i18n::language() == i18n::Lang::En ? "en" : "zh";
        progress_ = std::make_shared<Progress>();
        outcome_.reset();
        import_job_ = std::async(std::launch::async, run_import, scan_->manifest, trim(out_), o, progress_);
        if (wait) {
            import_job_.wait();
            poll(ctx);
        }
    }

    /// Collects finished work (each frame, open or not).
    void poll(ViewContext& ctx) {
        if (scan_job_.valid() && scan_job_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
            auto r = scan_job_.get();
            if (r) {
                scan_ = std::move(*r);
                remember_personal_fields();
                request_glyphs(ctx);
            } else {
                scan_error_ = r.error().message;
                scan_error_code_ = r.error().code;
                want_glyphs(ctx, scan_error_);
            }
        }
        if (import_job_.valid() &&
            import_job_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
            outcome_ = import_job_.get();
            scroll_to_report_ = true;
            if (outcome_->error) want_glyphs(ctx, outcome_->error->message);
            for (const auto& l : outcome_->report.layers) {
                want_glyphs(ctx, l.source);
                for (const auto& n : l.notes) want_glyphs(ctx, n);
            }
            for (const auto& x : outcome_->report.rejected) want_glyphs(ctx, reason_text(x.layer, x.reason));
        }
    }

    /// Source fields the scan or the person mapped to a name, phone or ID number: masked wherever shown,
    /// even after they are mapped elsewhere.
    void remember_personal_fields() {
        for (const auto& l : scan_->manifest.layers)
            for (const auto& [field, fm] : l.fields)
                if (const Personal p = personal_target(l.target, field);
                    p != Personal::None && fm.kind == FieldMapping::Kind::Field && !fm.field.empty())
                    personal_[l.target][fm.field] = p;
    }

    Personal personal_source(const std::string& layer, const std::string& source_field) const {
        auto l = personal_.find(layer);
        if (l == personal_.end()) return Personal::None;
        auto f = l->second.find(source_field);
        return f == l->second.end() ? Personal::None : f->second;
    }

    const gis::ingest::SourcePreview* preview(const std::string& layer) const {
        auto it = scan_->previews.find(layer);
        return it == scan_->previews.end() ? nullptr : &it->second;
    }

    /// The masked samples of one source field.
    std::vector<std::string> samples(const std::string& layer, const std::string& field) const {
        std::vector<std::string> out;
        const auto* p = preview(layer);
        if (!p) return out;
        for (std::size_t i = 0; i < p->fields.size() && i < p->samples.size(); ++i)
            if (p->fields[i] == field)
                for (const auto& s : p->samples[i])
                    out.push_back(mask_value(s, personal_source(layer, field)));
        return out;
    }

    /// A rejection reason with the personal values it quotes masked ("联系电话: "138…" is not a phone").
    std::string reason_text(const std::string& layer, const std::string& reason) const {
        std::string out;
        std::size_t start = 0;
        while (start <= reason.size()) {
            std::size_t end = reason.find("; ", start);
            if (end == std::string::npos) end = reason.size();
            std::string part = reason.substr(start, end - start);
            const auto q1 = part.find('"'), q2 = part.rfind('"');
            if (q1 != std::string::npos && q2 > q1) {
                std::string field = trim(part.substr(0, q1));
                if (!field.empty() && field.back() == ':') field.pop_back();
                const std::string quoted = part.substr(q1 + 1, q2 - q1 - 1);
                const std::string masked = mask_value(quoted, personal_source(layer, trim(field)));
                part = part.substr(0, q1 + 1) + masked + part.substr(q2);
            }
            out += (out.empty() ? "" : "; ") + part;
            start = end + 2;
        }
        return gis::shorten_for_display(out, 200);
    }

    void want_glyphs(ViewContext& ctx, const std::string& text) {
        app::view::want_glyphs(ctx, glyphs_sent_, text);
    }

    /// Characters of the files' names, fields and values, which the UI font may lack.
    void request_glyphs(ViewContext& ctx) {
        for (const auto& s : scan_->sources)
            for (const auto* t : {&s.source, &s.layer, &s.why, &s.target}) want_glyphs(ctx, *t);
        for (const auto& u : scan_->manifest.undecided) want_glyphs(ctx, u);
        for (const auto& l : scan_->manifest.layers) {
            want_glyphs(ctx, l.source);
            for (const auto& [f, fm] : l.fields) {
                want_glyphs(ctx, fm.field + fm.comment + gis::io::to_display(fm.constant));
                for (const auto& [k, v] : fm.values) want_glyphs(ctx, k + v);
            }
        }
        for (const auto& [layer, p] : scan_->previews) {
            for (const auto& f : p.fields) {
                want_glyphs(ctx, f);
                for (const auto& s : samples(layer, f)) want_glyphs(ctx, s);
            }
        }
        for (const auto& d : gis::ingest::derivations()) want_glyphs(ctx, d.description);
        for (const auto& r : gis::ingest::rule_infos())
            want_glyphs(ctx, std::string(r.description_zh) + r.description_en + r.example);
    }

    // --- (b) the proposal ---

    void draw_sources() {
        ImGui::Separator();
        heading(std::string(tr("view.import.sources")) + " (" + std::to_string(scan_->sources.size()) + ")");
        const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                      ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                      ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;
        const float row_h = ImGui::GetTextLineHeightWithSpacing() + 2;
        const float height =
            row_h * static_cast<float>(std::min<std::size_t>(scan_->sources.size(), 7) + 1) + 4;
        if (ImGui::BeginTable("##sources", 5, flags, {0, height})) {
            ImGui::TableSetupScrollFreeze(0, 1);
            ImGui::TableSetupColumn(tr("view.import.file"), ImGuiTableColumnFlags_WidthFixed, 210);
            ImGui::TableSetupColumn(tr("view.import.layer"), ImGuiTableColumnFlags_WidthFixed, 90);
            ImGui::TableSetupColumn(tr("view.import.features"), ImGuiTableColumnFlags_WidthFixed, 52);
            ImGui::TableSetupColumn(tr("view.import.target"), ImGuiTableColumnFlags_WidthFixed, 100);
            ImGui::TableSetupColumn(tr("view.import.why"), ImGuiTableColumnFlags_WidthStretch);
            ImGui::TableHeadersRow();
            for (const auto& s : scan_->sources) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(s.source.c_str());
                help_tooltip(s.source + (s.driver.empty() ? "" : "  (" + s.driver + ")"));
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(s.layer.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(gis::with_commas(s.features).c_str());
                ImGui::TableNextColumn();
                if (s.target.empty())
                    ImGui::TextDisabled("-");
                else
                    ImGui::TextUnformatted(s.target.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(s.why.c_str());
                help_tooltip(s.why);
            }
            ImGui::EndTable();
        }
        const auto& undecided = scan_->manifest.undecided;
        if (!undecided.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, kRequiredColour);
            ImGui::Text("%s (%d)", tr("view.import.undecided"), static_cast<int>(undecided.size()));
            ImGui::PopStyleColor();
            const float line = ImGui::GetTextLineHeightWithSpacing();
            if (ImGui::BeginChild("##undecided",
                                  {0, std::min(5.5f, 2.0f * static_cast<float>(undecided.size())) * line},
                                  true)) {
                for (const auto& u : undecided) {
                    ImGui::Bullet();
                    ImGui::TextWrapped("%s", u.c_str());
                }
            }
            ImGui::EndChild();
        }
    }

    std::string layer_title(const std::string& layer) const {
        const auto* s = gis::district::find_schema(layer);
        if (!s) return layer;
        return std::string(i18n::language() == i18n::Lang::En ? s->title_en : s->title_zh) + "  " + layer;
    }

    void draw_fields() {
        ImGui::Separator();
        heading(tr("view.import.fields"));
        note(tr("view.import.fields_note"));
        if (scan_->manifest.find(gis::district::layers::kHouseholds)) note(tr("view.import.masked"));
        for (auto& lm : scan_->manifest.layers) {
            const auto* schema = gis::district::find_schema(lm.target);
            if (!schema) continue;
            const bool expand = expand_.count(lm.target) > 0;
            if (expand || expand_.count("all")) ImGui::SetNextItemOpen(true);
            const std::string header = layer_title(lm.target) + "  ←  " + lm.source + "###" + lm.target;
            const bool shown = ImGui::CollapsingHeader(header.c_str());
            if (expand) ImGui::SetScrollHereY(0.0f);  // scripted: the table asked for in view
            if (!shown) continue;
            ImGui::PushID(lm.target.c_str());
            layer_info(lm);
            draw_layer_table(lm, *schema);
            if (uses_address_rule(lm)) note(tr("view.import.address_note"));
            ImGui::PopID();
        }
        expand_.clear();
    }

    static bool uses_address_rule(const LayerMapping& lm) {
        return std::any_of(lm.fields.begin(), lm.fields.end(), [](const auto& f) {
            return f.second.kind == FieldMapping::Kind::Field && f.second.rule == "address";
        });
    }

    static void layer_info(const LayerMapping& lm) {
        std::string info = std::string(tr("view.import.layer")) + " " + lm.layer + "   " +
                           tr("view.import.layer_crs") + " " +
                           (lm.crs.empty() ? tr("view.import.file_crs") : lm.crs);
        if (!lm.encoding.empty())
            info += std::string("   ") + tr("view.import.layer_encoding") + " " + lm.encoding;
        if (!lm.datum.empty()) info += std::string("   ") + tr("view.import.layer_datum") + " " + lm.datum;
        ImGui::TextDisabled("%s", info.c_str());
        for (const auto& c : lm.comments) {
            ImGui::SameLine();
            ImGui::TextDisabled("(?)");
            help_tooltip(c);
        }
    }

    void draw_layer_table(LayerMapping& lm, const gis::district::LayerSchema& schema) {
        const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                      ImGuiTableFlags_BordersOuter | ImGuiTableFlags_SizingFixedFit;
        if (!ImGui::BeginTable("##fields", 4, flags)) return;
        ImGui::TableSetupColumn(tr("view.import.field"), ImGuiTableColumnFlags_WidthFixed, 118);
        ImGui::TableSetupColumn(tr("view.import.from"), ImGuiTableColumnFlags_WidthFixed, 150);
        ImGui::TableSetupColumn(tr("view.import.rule"), ImGuiTableColumnFlags_WidthFixed, 128);
        ImGui::TableSetupColumn(tr("view.import.preview"), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        for (const auto& fd : schema.fields) {
            const bool required = std::any_of(schema.required.begin(), schema.required.end(),
                                              [&](const char* r) { return fd.name == r; });
            ImGui::TableNextRow();
            ImGui::PushID(fd.name.c_str());
            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();
            if (required)
                ImGui::TextColored(kRequiredColour, "%s *", fd.name.c_str());
            else
                ImGui::TextUnformatted(fd.name.c_str());
            auto it = lm.fields.find(fd.name);
            {
                std::string tip = it != lm.fields.end() ? it->second.comment : std::string();
                if (required) tip += (tip.empty() ? "" : "\n") + std::string(tr("view.import.required"));
                help_tooltip(tip);
            }
            ImGui::TableNextColumn();
            draw_how(lm, fd);
            it = lm.fields.find(fd.name);
            ImGui::TableNextColumn();
            if (it != lm.fields.end() && it->second.kind == FieldMapping::Kind::Field)
                draw_rule(lm, fd.name, it->second);
            else
                ImGui::TextDisabled("-");
            ImGui::TableNextColumn();
            if (it != lm.fields.end()) draw_value(lm, fd, it->second);
            ImGui::PopID();
        }
        ImGui::EndTable();
    }

    /// The "filled from" combo: nothing, a source field, a constant, or a derivation for this field.
    void draw_how(LayerMapping& lm, const gis::io::FieldDef& fd) {
        // A copy: choosing an entry changes lm.fields while the combo is still drawn.
        std::optional<FieldMapping> cur;
        if (auto it = lm.fields.find(fd.name); it != lm.fields.end()) cur = it->second;
        const auto kind = [&](FieldMapping::Kind k) { return cur && cur->kind == k; };
        std::string current = tr("view.import.none");
        if (kind(FieldMapping::Kind::Field)) current = cur->field;
        if (kind(FieldMapping::Kind::Constant)) current = tr("view.import.constant_label");
        if (kind(FieldMapping::Kind::Derive))
            current = std::string(tr("view.import.derive")) + ": " + cur->derive;
        ImGui::SetNextItemWidth(-FLT_MIN);
        if (!ImGui::BeginCombo("##how", current.c_str())) return;
        if (ImGui::Selectable(tr("view.import.none"), !cur)) lm.fields.erase(fd.name);
        if (const auto* p = preview(lm.target)) {
            for (const auto& f : p->fields) {
                const bool selected = kind(FieldMapping::Kind::Field) && cur->field == f;
                if (ImGui::Selectable(f.c_str(), selected) && !selected) {
                    FieldMapping fm = kind(FieldMapping::Kind::Field) ? *cur : FieldMapping{};
                    fm.field = f;
                    fm.values.clear();  // coded values belong to the field they were read from
                    fm.comment.clear();
                    lm.fields[fd.name] = fm;
                    if (const Personal k = personal_target(lm.target, fd.name); k != Personal::None)
                        personal_[lm.target][f] = k;
                }
                if (ImGui::IsItemHovered()) {
                    std::string tip;
                    for (const auto& s : samples(lm.target, f)) tip += (tip.empty() ? "" : "\n") + s;
                    help_tooltip(tip);
                }
            }
        }
        const bool constant = kind(FieldMapping::Kind::Constant);
        if (ImGui::Selectable(tr("view.import.constant"), constant) && !constant) {
            FieldMapping fm;
            fm.kind = FieldMapping::Kind::Constant;
            lm.fields[fd.name] = fm;
            constants_[lm.target + "." + fd.name].fill(0);
        }
        for (const auto& d : gis::ingest::derivations()) {
            if (lm.target != d.layer || fd.name != d.field) continue;
            const bool selected = kind(FieldMapping::Kind::Derive) && cur->derive == d.name;
            const std::string label = std::string(tr("view.import.derive")) + ": " + d.name;
            if (ImGui::Selectable(label.c_str(), selected) && !selected) {
                FieldMapping fm;
                fm.kind = FieldMapping::Kind::Derive;
                fm.derive = d.name;
                lm.fields[fd.name] = fm;
            }
            help_tooltip(d.description);
        }
        ImGui::EndCombo();
    }

    void draw_rule(const LayerMapping& lm, const std::string& field, FieldMapping& fm) {
        ImGui::SetNextItemWidth(-FLT_MIN);
        const std::string current = fm.rule.empty() ? std::string(tr("view.import.as_type")) : fm.rule;
        if (ImGui::BeginCombo("##rule", current.c_str())) {
            if (ImGui::Selectable(tr("view.import.as_type"), fm.rule.empty())) fm.rule.clear();
            const bool zh = i18n::language() == i18n::Lang::Zh;
            for (const auto& r : gis::ingest::rule_infos()) {
                if (ImGui::Selectable(r.name, fm.rule == r.name)) fm.rule = r.name;
                help_tooltip(std::string(zh ? r.description_zh : r.description_en) + "\n" + r.example);
            }
            // The register's free-text address is parsed into building, entrance, floor and flat.
            if (lm.target == gis::district::layers::kHouseholds && field == "address") {
                if (ImGui::Selectable("address", fm.rule == "address")) fm.rule = "address";
                help_tooltip(tr("view.import.address_note"));
            }
            ImGui::EndCombo();
        }
        if (!fm.values.empty()) {
            ImGui::TextDisabled("%s (%d)", tr("view.import.coded"), static_cast<int>(fm.values.size()));
            std::string tip;
            for (const auto& [from, to] : fm.values) tip += (tip.empty() ? "" : "\n") + from + " → " + to;
            help_tooltip(tip);
        }
    }

    void draw_value(const LayerMapping& lm, const gis::io::FieldDef& fd, FieldMapping& fm) {
        switch (fm.kind) {
            case FieldMapping::Kind::Field: {
                const auto s = samples(lm.target, fm.field);
                if (s.empty()) {
                    ImGui::TextDisabled("%s", tr("view.import.no_samples"));
                    break;
                }
                std::string joined;
                for (const auto& v : s) joined += (joined.empty() ? "" : " | ") + v;
                ImGui::TextUnformatted(gis::shorten_for_display(joined, 48).c_str());
                std::string tip;
                for (const auto& v : s) tip += (tip.empty() ? "" : "\n") + v;
                help_tooltip(tip);
                break;
            }
            case FieldMapping::Kind::Constant: {
                auto& buf = constants_[lm.target + "." + fd.name];
                if (buf[0] == 0 && !std::holds_alternative<std::monostate>(fm.constant))
                    std::snprintf(buf.data(), buf.size(), "%s", gis::io::to_display(fm.constant).c_str());
                ImGui::SetNextItemWidth(-FLT_MIN);
                if (ImGui::InputText("##constant", buf.data(), buf.size())) {
                    // Typed as the field's type when it reads as one; otherwise kept as text, which the
                    // import checks and reports.
                    const std::string text = trim(buf.data());
                    auto v = gis::ingest::apply_rule(type_rule(fd.type), text);
                    fm.constant = v ? *v : gis::io::FieldValue(text);
                }
                if (const std::string text = trim(buf.data());
                    !text.empty() && fd.type != gis::io::FieldType::String)
                    if (auto v = gis::ingest::apply_rule(type_rule(fd.type), text); !v) {
                        ImGui::PushStyleColor(ImGuiCol_Text, kErrorColour);
                        ImGui::TextWrapped("%s", v.error().message.c_str());
                        ImGui::PopStyleColor();
                    }
                break;
            }
            case FieldMapping::Kind::Derive: {
                for (const auto& d : gis::ingest::derivations())
                    if (lm.target == d.layer && fd.name == d.field && fm.derive == d.name) {
                        ImGui::TextDisabled("%s", gis::shorten_for_display(d.description, 40).c_str());
                        help_tooltip(d.description);
                    }
                break;
            }
        }
    }

    // --- (c) import ---

    gis::Result<void> save_manifest() {
        const std::string path = with_extension(trim(out_), ".toml");
        gis::ingest::Manifest m = rebased(scan_->manifest, path);
        if (auto w = gis::ingest::write_manifest(m, path, true); !w) {
            saved_error_ = w.error().message;
            saved_.clear();
            return w;
        }
        scan_->manifest = std::move(m);  // its sources now relative to where it was saved
        saved_ = path;
        saved_error_.clear();
        return {};
    }

    void draw_import(ViewContext& ctx) {
        ImGui::Separator();
        if (scroll_to_report_) {
            ImGui::SetScrollHereY(0.0f);
            scroll_to_report_ = false;
        }
        heading(tr("view.import.step_import"));
        const bool busy = import_job_.valid() || scan_job_.valid();
        ImGui::BeginDisabled(busy);
        label("view.import.out");
        ImGui::InputText("##out", out_, sizeof out_);
        ImGui::Checkbox(tr("view.import.skip_bad"), &skip_bad_);
        ImGui::SameLine();
        ImGui::Checkbox(tr("view.import.overwrite"), &overwrite_);
        if (ImGui::Button(tr("view.import.save"))) (void)save_manifest();
        ImGui::SameLine();
        if (ImGui::Button(tr("view.import.dry_run"))) start_import(ctx, true, false);
        ImGui::SameLine();
        if (ImGui::Button(tr("view.import.import"))) start_import(ctx, false, false);
        ImGui::EndDisabled();
        if (!saved_.empty()) {
            ImGui::TextColored(kOkColour, "%s: %s", tr("view.import.saved"), saved_.c_str());
        } else if (!saved_error_.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, kErrorColour);
            ImGui::TextWrapped("%s", saved_error_.c_str());
            ImGui::PopStyleColor();
        }
        if (import_job_.valid()) draw_progress();
        if (outcome_) draw_report(ctx);
    }

    void draw_progress() {
        std::string stage;
        std::int64_t done = 0, total = 0;
        double secs = 0;
        {
            std::lock_guard<std::mutex> lock(progress_->mutex);
            stage = progress_->stage;
            done = progress_->done;
            total = progress_->total;
            secs = std::chrono::duration<double>(Clock::now() - progress_->stage_start).count();
        }
        spinner();
        ImGui::SameLine();
        const double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
        std::string line =
            std::string(tr("view.import.importing")) + "  " + stage + "  " + gis::with_commas(done);
        if (total > 0) line += " / " + gis::with_commas(total);
        line += std::string(" ") + tr("view.import.rows") + "  " +
                gis::with_commas(static_cast<std::int64_t>(rate)) + " " + tr("view.import.per_second");
        ImGui::TextUnformatted(line.c_str());
        if (total > 0)
            ImGui::ProgressBar(static_cast<float>(static_cast<double>(done) / static_cast<double>(total)),
                               {-FLT_MIN, 0});
    }

    void draw_report(ViewContext& ctx) {
        const ImportOutcome& o = *outcome_;
        if (o.error) {
            ImGui::PushStyleColor(ImGuiCol_Text, kErrorColour);
            ImGui::TextWrapped("%s: %s", tr("view.import.failed"), o.error->message.c_str());
            ImGui::PopStyleColor();
        } else if (o.dry_run) {
            ImGui::TextColored(kOkColour, "%s", tr("view.import.dry_done"));
        } else {
            ImGui::TextColored(kOkColour, "%s: %s", tr("view.import.written"), o.out.c_str());
            if (ImGui::Button(tr("view.import.open"))) {
                auto pid = open_window(o.out);
                if (pid) {
                    children_.push_back(*pid);
                    open_message_ = tr("view.import.opened");
                } else {
                    open_message_ = pid.error().message;
                }
            }
            help_tooltip(tr("view.import.open_tip"));
            ImGui::SameLine();
            if (ImGui::Button(tr("view.import.add"))) ctx.session.add(o.out);
            help_tooltip(tr("view.import.add_tip"));
            if (!open_message_.empty()) {
                ImGui::SameLine();
                ImGui::TextDisabled("%s", open_message_.c_str());
            }
        }
        const auto& r = o.report;
        if (r.layers.empty()) return;
        ImGui::TextUnformatted(tr("view.import.report"));
        const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                      ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
        if (ImGui::BeginTable("##report", 6, flags)) {
            ImGui::TableSetupColumn(tr("view.import.layer"), ImGuiTableColumnFlags_WidthFixed, 120);
            ImGui::TableSetupColumn(tr("view.import.source"), ImGuiTableColumnFlags_WidthStretch);
            for (const char* k :
                 {"view.import.read", "view.import.imported", "view.import.rejected", "view.import.skipped"})
                ImGui::TableSetupColumn(tr(k), ImGuiTableColumnFlags_WidthFixed, 56);
            ImGui::TableHeadersRow();
            for (const auto& l : r.layers) {
                const bool derived = l.source == "derived";
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(l.layer.c_str());
                ImGui::TableNextColumn();
                if (derived)
                    ImGui::TextDisabled("%s", tr("view.import.derived"));
                else
                    ImGui::TextUnformatted(l.source.c_str());
                std::string notes;
                for (const auto& n : l.notes) notes += (notes.empty() ? "" : "\n") + n;
                help_tooltip(notes);
                ImGui::TableNextColumn();
                if (!derived) ImGui::TextUnformatted(gis::with_commas(l.read).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(gis::with_commas(l.imported).c_str());
                ImGui::TableNextColumn();
                if (l.rejected > 0)
                    ImGui::TextColored(kErrorColour, "%s", gis::with_commas(l.rejected).c_str());
                else
                    ImGui::TextUnformatted("0");
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(gis::with_commas(l.skipped).c_str());
            }
            ImGui::EndTable();
        }
        int notes = 0;
        for (const auto& l : r.layers) notes += static_cast<int>(l.notes.size());
        const std::string notes_label =
            std::string(tr("view.import.notes")) + " (" + std::to_string(notes) + ")###notes";
        if (notes > 0 && ImGui::TreeNode(notes_label.c_str())) {
            for (const auto& l : r.layers)
                for (const auto& n : l.notes) ImGui::BulletText("%s: %s", l.layer.c_str(), n.c_str());
            ImGui::TreePop();
        }
        if (!r.rejected.empty()) {
            ImGui::TextColored(kErrorColour, "%s (%s)", tr("view.import.rejects"),
                               gis::with_commas(static_cast<std::int64_t>(r.rejected.size())).c_str());
            const std::size_t show = std::min<std::size_t>(r.rejected.size(), 50);
            for (std::size_t i = 0; i < show; ++i) {
                const auto& x = r.rejected[i];
                char row[64];
                std::snprintf(row, sizeof row, tr("view.import.row"), x.row);
                ImGui::Bullet();
                ImGui::TextWrapped("%s %s: %s", x.source.c_str(), row,
                                   reason_text(x.layer, x.reason).c_str());
            }
            if (show < r.rejected.size()) {
                char buf[128];
                std::snprintf(buf, sizeof buf, tr("view.import.more"),
                              static_cast<int>(r.rejected.size() - show));
                ImGui::TextDisabled("%s", buf);
            }
        }
    }

    char inputs_[2048] = "";
    char name_[256] = "";
    char name_en_[256] = "";
    char crs_[64] = "EPSG:4546";
    char out_[1024] = "";
    std::string default_out_;
    bool skip_bad_ = false, overwrite_ = false;

    std::future<gis::Result<ScanResult>> scan_job_;
    std::optional<ScanResult> scan_;
    std::string scan_error_;
    gis::ErrorCode scan_error_code_ = gis::ErrorCode::BadInput;
    std::map<std::string, std::map<std::string, Personal>> personal_;  // layer -> source field -> kind
    std::map<std::string, std::array<char, 256>> constants_;           // "layer.field" -> text typed
    std::set<std::string> expand_;

    std::shared_ptr<Progress> progress_;
    std::future<ImportOutcome> import_job_;
    std::optional<ImportOutcome> outcome_;
    std::string saved_, saved_error_, open_message_;
    std::vector<pid_t> children_;

    std::set<char32_t> glyphs_sent_;
    bool was_open_ = false, raise_ = false, scroll_to_report_ = false;
};

}  // namespace
}  // namespace app::view

using app::view::DistrictImportPanel;
NBHD_REGISTER_PANEL(90, DistrictImportPanel);
