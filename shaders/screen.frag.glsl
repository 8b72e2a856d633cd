#version 330 core

in vec2 v_uv;
in vec4 v_colour;

uniform sampler2D u_texture;
uniform int u_alpha_texture;  // 1: glyph atlas (coverage in red), 0: colour image

out vec4 frag_colour;

void main() {
    vec4 t = texture(u_texture, v_uv);
    frag_colour = u_alpha_texture == 1 ? vec4(v_colour.rgb, v_colour.a * t.r) : t * v_colour;
}
