#version 330 core
// Round joins and caps from the distance to the segment; butt caps where a line starts or ends;
// a one-pixel anti-aliased edge; dashes by the distance along the line.

in vec2 v_local;
flat in float v_len;
flat in float v_half;
flat in float v_flags;
flat in vec2 v_dash;
in float v_dist;
flat in vec4 v_colour;

out vec4 frag_colour;

void main() {
    float x = v_local.x;
    int flags = int(v_flags + 0.5);
    // Beyond an end that has a butt cap: nothing.
    if ((x < 0.0 && (flags & 1) != 0) || (x > v_len && (flags & 2) != 0)) discard;
    // The distance to the segment: across it beside it, to its nearer end point beyond it (round caps and
    // joins); one expression for the three cases, which a software rasteriser runs without branching.
    float d = length(vec2(x - clamp(x, 0.0, v_len), v_local.y));
    float coverage = clamp(v_half - d + 0.5, 0.0, 1.0);
    if (v_dash.x > 0.0) {
        float m = mod(max(v_dist, 0.0), v_dash.x + v_dash.y);
        coverage *= clamp(min(m, v_dash.x - m) + 0.5, 0.0, 1.0);
    }
    if (coverage <= 0.0) discard;
    frag_colour = vec4(v_colour.rgb, v_colour.a * coverage);
}
