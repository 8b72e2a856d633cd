#version 330 core
// Lines and outlines without vertex attributes: six vertices per segment expand it into a quad around
// the segment, widened by half the line width at both ends so that round caps fill the joins. Segment
// data comes from a buffer texture, two texels per segment:
//   texel 0: x0, y0, x1, y1 (relative to the display origin)
//   texel 1: style, flags (1: starts a line, 2: ends a line), width (style unit), distance at x0, y0

uniform samplerBuffer u_segments;
uniform sampler2D u_styles;
uniform vec2 u_center;
uniform vec2 u_viewport;      // pixels
uniform float u_mpp;
uniform float u_pixel_ratio;
uniform float u_opacity;
uniform int u_pass;           // 0 casing, 1 line, 2 highlight
uniform vec4 u_override;      // highlight colour
uniform float u_extra_px;     // highlight: added to each side

out vec2 v_local;             // x along the segment from its start, y across; pixels
flat out float v_len;
flat out float v_half;
flat out float v_flags;
flat out vec2 v_dash;
out float v_dist;
flat out vec4 v_colour;

const vec2 kCorners[6] = vec2[6](vec2(0, -1), vec2(1, -1), vec2(1, 1), vec2(0, -1), vec2(1, 1), vec2(0, 1));

void main() {
    int seg = gl_VertexID / 6;
    vec2 corner = kCorners[gl_VertexID % 6];
    vec4 a = texelFetch(u_segments, seg * 2);
    vec4 b = texelFetch(u_segments, seg * 2 + 1);
    int s = int(b.x + 0.5);
    vec4 widths = texelFetch(u_styles, ivec2(5, s), 0);  // width, unit (1 = metres), casing px, min px
    vec4 dash = texelFetch(u_styles, ivec2(6, s), 0);
    vec4 vis = texelFetch(u_styles, ivec2(7, s), 0);     // visible, max mpp, outline max mpp

    float w = widths.y > 0.5 ? b.z / u_mpp : b.z * u_pixel_ratio;
    w = max(w, widths.w * u_pixel_ratio);
    vec4 colour = texelFetch(u_styles, ivec2(1, s), 0);
    bool hidden = vis.x < 0.5 || u_mpp > vis.y || u_mpp > vis.z;
    if (u_pass == 0) {
        colour = texelFetch(u_styles, ivec2(2, s), 0);
        w += 2.0 * widths.z * u_pixel_ratio;
        hidden = hidden || widths.z <= 0.0;
    } else if (u_pass == 2) {
        colour = u_override;
        w += 2.0 * u_extra_px * u_pixel_ratio;
        hidden = false;
    }
    colour.a *= u_opacity;
    hidden = hidden || colour.a <= 0.0 || b.z <= 0.0;

    vec2 p0 = (a.xy - u_center) / u_mpp;
    vec2 p1 = (a.zw - u_center) / u_mpp;
    vec2 d = p1 - p0;
    float len = length(d);
    vec2 dir = len > 0.0 ? d / len : vec2(1.0, 0.0);
    vec2 nrm = vec2(-dir.y, dir.x);
    float half_w = 0.5 * w;
    float reach = half_w + 1.0;  // one pixel more for the anti-aliased edge
    float along = corner.x < 0.5 ? -reach : len + reach;
    vec2 pos = p0 + dir * along + nrm * (corner.y * reach);
    gl_Position = hidden ? vec4(2.0, 2.0, 2.0, 1.0) : vec4(pos * 2.0 / u_viewport, 0.0, 1.0);

    v_local = vec2(along, corner.y * reach);
    v_len = len;
    v_half = half_w;
    v_flags = b.y;
    v_dash = u_pass == 1 ? dash.xy * u_pixel_ratio : vec2(0.0);
    v_dist = b.w / u_mpp + along;
    v_colour = colour;
}
