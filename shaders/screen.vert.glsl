#version 330 core
// Screen-space quads and triangles (labels, scale bar, north arrow, overview tiles): pixel positions
// with the origin at the top-left.

layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_uv;
layout(location = 2) in vec4 a_colour;

uniform vec2 u_viewport;

out vec2 v_uv;
out vec4 v_colour;

void main() {
    vec2 clip = a_pos / u_viewport * 2.0 - 1.0;
    gl_Position = vec4(clip.x, -clip.y, 0.0, 1.0);
    v_uv = a_uv;
    v_colour = a_colour;
}
