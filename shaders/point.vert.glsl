#version 330 core
// Point symbols without vertex attributes: six vertices per point make a screen-aligned quad.
// Point data comes from a buffer texture, one texel per point: x, y, style, unused.

uniform samplerBuffer u_points;
uniform sampler2D u_styles;
uniform vec2 u_center;
uniform vec2 u_viewport;
uniform float u_mpp;
uniform float u_pixel_ratio;
uniform float u_opacity;
uniform int u_pass;        // 1 symbol, 2 highlight ring
uniform vec4 u_override;
uniform float u_extra_px;

out vec2 v_local;          // pixels from the symbol centre
flat out float v_radius;
flat out float v_shape;
flat out vec4 v_fill;
flat out vec4 v_stroke;
flat out float v_stroke_px;

const vec2 kCorners[6] = vec2[6](vec2(-1, -1), vec2(1, -1), vec2(1, 1), vec2(-1, -1), vec2(1, 1), vec2(-1, 1));

void main() {
    int id = gl_VertexID / 6;
    vec2 corner = kCorners[gl_VertexID % 6];
    vec4 p = texelFetch(u_points, id);
    int s = int(p.z + 0.5);
    vec4 sym = texelFetch(u_styles, ivec2(6, s), 0);  // dash, gap, shape, size px
    vec4 vis = texelFetch(u_styles, ivec2(7, s), 0);
    vec4 fill = texelFetch(u_styles, ivec2(3, s), 0);
    vec4 stroke = texelFetch(u_styles, ivec2(4, s), 0);
    float shape = sym.z;
    float radius = 0.5 * sym.w * u_pixel_ratio;
    float stroke_px = 1.2 * u_pixel_ratio;
    bool hidden = vis.x < 0.5 || u_mpp > vis.y || shape < 0.5;
    if (u_pass == 2) {
        shape = 1.0;
        radius += u_extra_px * u_pixel_ratio + 2.0;
        fill = vec4(u_override.rgb, 0.25);
        stroke = u_override;
        stroke_px = 2.5 * u_pixel_ratio;
        hidden = false;
    }
    fill.a *= u_opacity;
    stroke.a *= u_opacity;
    float reach = radius + 1.5;
    vec2 centre = (p.xy - u_center) / u_mpp;
    vec2 pos = centre + corner * reach;
    gl_Position = hidden ? vec4(2.0, 2.0, 2.0, 1.0) : vec4(pos * 2.0 / u_viewport, 0.0, 1.0);
    v_local = corner * reach;
    v_radius = radius;
    v_shape = shape;
    v_fill = fill;
    v_stroke = stroke;
    v_stroke_px = stroke_px;
}
