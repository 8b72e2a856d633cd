#include "app/view/panels/sketch_cues.hpp"

#include <algorithm>
#include <cmath>

#include "app/i18n/i18n.hpp"

namespace app::view::sketch {
namespace {

using i18n::tr;

ImU32 rgba(std::uint32_t rgb, float a = 1.0f) {
    return IM_COL32((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff, static_cast<int>(a * 255 + 0.5f));
}
const ImU32 kDraft = rgba(0xef6c00);  // the shape being drawn
const ImU32 kDraftFill = rgba(0xef6c00, 0.16f);
const ImU32 kItem = rgba(0x5e35b1);  // the plan-item violet
const ImU32 kSnap = rgba(0x00a5c8);  // snap cues
const ImU32 kWhite = rgba(0xffffff);

ImVec2 ui(const ViewContext& ctx, const gis::Point& w) {
    const gis::Point s = ctx.camera.world_to_screen(w);
    return {static_cast<float>(s.x / ctx.pixel_scale), static_cast<float>(s.y / ctx.pixel_scale)};
}

void square_handle(ImDrawList* dl, ImVec2 c, float r, ImU32 fill, ImU32 border) {
    dl->AddRectFilled({c.x - r, c.y - r}, {c.x + r, c.y + r}, fill);
    dl->AddRect({c.x - r, c.y - r}, {c.x + r, c.y + r}, border, 0, 0, 1.5f);
}

void conflict_cues(ImDrawList* dl, const ViewContext& ctx, const SketchTools& t) {
    t.checks.cues(dl, [&](const gis::Point& p) { return ui(ctx, p); });
}

void dashed(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col) {
    const float dx = b.x - a.x, dy = b.y - a.y, len = std::sqrt(dx * dx + dy * dy);
    if (len < 1) return;
    for (float s = 0; s < len; s += 10) {
        const float e = std::min(len, s + 5);
        dl->AddLine({a.x + dx * s / len, a.y + dy * s / len}, {a.x + dx * e / len, a.y + dy * e / len}, col,
                    1.5f);
    }
}

void outline(ImDrawList* dl, const ViewContext& ctx, const gis::Geometry& g, ImU32 col, float w) {
    auto path = [&](const std::vector<gis::Point>& pts, bool closed) {
        std::vector<ImVec2> v;
        for (const auto& p : pts) v.push_back(ui(ctx, p));
        if (v.size() >= 2)
            dl->AddPolyline(v.data(), static_cast<int>(v.size()), col, closed ? ImDrawFlags_Closed : 0, w);
    };
    for (const auto& l : g.lines) path(l, false);
    for (const auto& p : g.polygons) {
        path(p.outer, true);
        for (const auto& h : p.holes) path(h, true);
    }
    for (const auto& p : g.points) dl->AddCircle(ui(ctx, p), 7, col, 16, w);
}

void snap_cue(ImDrawList* dl, const ViewContext& ctx, const Snap& snap) {
    if (!snap.snapped()) return;
    const ImVec2 c = ui(ctx, snap.point);
    if (snap.kind == SnapKind::Vertex) {
        dl->AddCircle(c, 8, kWhite, 20, 4.0f);
        dl->AddCircle(c, 8, kSnap, 20, 2.0f);
        dl->AddCircleFilled(c, 2.0f, kSnap);
    } else {
        const float r = 6;
        dl->AddRect({c.x - r, c.y - r}, {c.x + r, c.y + r}, kWhite, 0, 0, 4.0f);
        dl->AddRect({c.x - r, c.y - r}, {c.x + r, c.y + r}, kSnap, 0, 0, 2.0f);
        dl->AddLine({c.x - r + 2, c.y - r + 2}, {c.x + r - 2, c.y + r - 2}, kSnap, 1.5f);
        dl->AddLine({c.x - r + 2, c.y + r - 2}, {c.x + r - 2, c.y - r + 2}, kSnap, 1.5f);
    }
}

void measure_label(const ViewContext& ctx, const SketchDraft& d, const gis::Point& pointer) {
    if (d.empty() || d.shape() == SketchShape::Point) return;
    const SketchMeasures m = d.measure(pointer);
    std::string text;
    if (d.shape() == SketchShape::Polygon) {
        text = std::string(tr("sketch.area")) + " " + format_area(m.area_m2) + "\n" + tr("sketch.perimeter") +
               " " + format_length(m.length_m);
    } else {
        text = std::string(tr("sketch.length")) + " " + format_length(m.length_m);
    }
    if (m.segment_m > 0) text += std::string("\n") + tr("sketch.segment") + " " + format_length(m.segment_m);
    ImDrawList* dl = ImGui::GetForegroundDrawList();
    const ImVec2 size = ImGui::CalcTextSize(text.c_str());
    const ImVec2 at = ui(ctx, pointer);
    // Above and right of the pointer: the hover tooltip takes the space below it.
    const ImVec2 p0{at.x + 16, at.y - size.y - 22}, p1{p0.x + size.x + 12, p0.y + size.y + 8};
    dl->AddRectFilled(p0, p1, rgba(0x263238, 0.86f), 4);
    dl->AddText({p0.x + 6, p0.y + 4}, kWhite, text.c_str());
}

}  // namespace

void SketchCues::draw(const ViewContext& ctx, const SketchTools& t) {
    const Pointer& p = t.pointer;
    ImDrawList* dl = ImGui::GetBackgroundDrawList();
    if (drawing(t.tool)) {
        const auto& pts = t.ed.draft().points();
        std::vector<gis::Point> shape = pts;
        if (p.at && p.on_map && t.ed.draft().shape() != SketchShape::Point) shape.push_back(*p.at);
        if (t.ed.draft().shape() == SketchShape::Polygon) fill_preview(dl, ctx, shape);
        std::vector<ImVec2> line;
        for (const auto& p : pts) line.push_back(ui(ctx, p));
        if (line.size() >= 2) dl->AddPolyline(line.data(), static_cast<int>(line.size()), kDraft, 0, 2.5f);
        if (!pts.empty() && p.at && p.on_map && t.ed.draft().shape() != SketchShape::Point) {
            const ImVec2 cur = ui(ctx, *p.at);
            dl->AddLine(line.back(), cur, rgba(0xef6c00, 0.85f), 1.5f);
            if (t.ed.draft().shape() == SketchShape::Polygon && pts.size() >= 2)
                dashed(dl, cur, line.front(), rgba(0xef6c00, 0.7f));
        }
        for (std::size_t i = 0; i < line.size(); ++i)
            square_handle(dl, line[i], i == 0 ? 5.0f : 4.0f, kWhite, kDraft);
        conflict_cues(dl, ctx, t);
        snap_cue(dl, ctx, p.snap);
        if (p.at && p.on_map) measure_label(ctx, t.ed.draft(), *p.at);
        return;
    }
    if (t.tool != Tool::Edit) return;
    const gis::plan::PlanItem* it = t.ed.selected_item();
    if (!it) return;
    conflict_cues(dl, ctx, t);
    if (p.drag) {
        const gis::Geometry g = preview_edit(it->geometry, *p.drag, p.drag_to);
        outline(dl, ctx, g, kDraft, 2.0f);
        square_handle(dl, ui(ctx, p.drag_to), 5.5f, rgba(0xffe0b2), kDraft);
        snap_cue(dl, ctx, p.snap);
        return;
    }
    for (const auto& h : p.handles) {
        const ImVec2 c = ui(ctx, h.at);
        const bool hovered = p.hover && p.hover->midpoint == h.midpoint && p.hover->ref.part == h.ref.part &&
                             p.hover->ref.ring == h.ref.ring && p.hover->ref.index == h.ref.index;
        if (h.midpoint) {
            dl->AddCircleFilled(c, hovered ? 5.5f : 3.5f, hovered ? rgba(0xffe0b2) : rgba(0xffffff, 0.8f));
            dl->AddCircle(c, hovered ? 5.5f : 3.5f, kItem, 12, 1.2f);
        } else {
            const bool active = p.active_vertex && p.active_vertex->part == h.ref.part &&
                                p.active_vertex->ring == h.ref.ring && p.active_vertex->index == h.ref.index;
            square_handle(dl, c, hovered ? 6.0f : 4.5f, hovered || active ? rgba(0xffe0b2) : kWhite,
                          active ? kDraft : kItem);
        }
    }
}

void SketchCues::fill_preview(ImDrawList* dl, const ViewContext& ctx, const std::vector<gis::Point>& pts) {
    if (pts.size() < 3) return;
    if (pts != fill_points_) {
        fill_points_ = pts;
        fill_vertices_.clear();
        fill_indices_.clear();
        gis::Polygon poly{pts, {}};
        poly.outer.push_back(pts.front());
        if (gis::signed_area(poly.outer) < 0) std::reverse(poly.outer.begin(), poly.outer.end());
        fill_origin_ = pts.front();  // float vertices relative to a nearby point keep their precision
        triangulate_polygon(poly, fill_origin_, 0, fill_vertices_, fill_indices_);
    }
    for (std::size_t i = 0; i + 2 < fill_indices_.size(); i += 3) {
        ImVec2 t[3];
        for (int j = 0; j < 3; ++j) {
            const FillVertex& v = fill_vertices_[fill_indices_[i + static_cast<std::size_t>(j)]];
            t[j] = ui(ctx, {v.x + fill_origin_.x, v.y + fill_origin_.y});
        }
        dl->AddTriangleFilled(t[0], t[1], t[2], kDraftFill);
    }
}

}  // namespace app::view::sketch
