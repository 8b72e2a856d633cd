#version 330 core
// Polygon fill: triangles in world coordinates (relative to the display origin), one style per vertex.

layout(location = 0) in vec2 a_pos;
layout(location = 1) in float a_style;

uniform vec2 u_center;       // camera centre, relative to the display origin
uniform vec2 u_scale;        // 2 / (viewport * metres per pixel)
uniform float u_mpp;         // metres per pixel
uniform float u_opacity;     // layer opacity
uniform vec4 u_override;     // highlight colour when alpha > 0
uniform sampler2D u_styles;  // 8 texels per style row: see app/render/gpu_layer.cpp

out vec4 v_colour;

void main() {
    int s = int(a_style + 0.5);
    vec4 colour = texelFetch(u_styles, ivec2(0, s), 0);
    vec4 vis = texelFetch(u_styles, ivec2(7, s), 0);
    if (u_override.a > 0.0) colour = u_override;
    colour.a *= u_opacity;
    gl_Position = vec4((a_pos - u_center) * u_scale, 0.0, 1.0);
    // Hidden classes and empty fills collapse to a point outside the view.
    if (colour.a <= 0.0 || vis.x < 0.5 || u_mpp > vis.y) gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    v_colour = colour;
}
