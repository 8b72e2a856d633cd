#version 330 core
// Point symbols as signed distance fields (v_local has y pointing up): circle, square, diamond, triangle, valve (two triangles
// meeting at the centre, the symbol of gas drawings), five-pointed star, cross. Fill inside, a stroke
// band at the edge, anti-aliased.

in vec2 v_local;
flat in float v_radius;
flat in float v_shape;
flat in vec4 v_fill;
flat in vec4 v_stroke;
flat in float v_stroke_px;

out vec4 frag_colour;

float sd_triangle(vec2 p, float r) {
    const float k = sqrt(3.0);
    p.x = abs(p.x) - r;
    p.y = p.y + r / k;
    if (p.x + k * p.y > 0.0) p = vec2(p.x - k * p.y, -k * p.x - p.y) / 2.0;
    p.x -= clamp(p.x, -2.0 * r, 0.0);
    return -length(p) * sign(p.y);
}

float sd_star(vec2 p, float r) {
    const vec2 k1 = vec2(0.809016994375, -0.587785252292);
    const vec2 k2 = vec2(-k1.x, k1.y);
    const float rf = 0.45;
    p.x = abs(p.x);
    p -= 2.0 * max(dot(k1, p), 0.0) * k1;
    p -= 2.0 * max(dot(k2, p), 0.0) * k2;
    p.x = abs(p.x);
    p.y -= r;
    vec2 ba = rf * vec2(-k1.y, k1.x) - vec2(0, 1);
    float h = clamp(dot(p, ba) / dot(ba, ba), 0.0, r);
    return length(p - ba * h) * sign(p.y * ba.x - p.x * ba.y);
}

float sd_segment(vec2 p, vec2 a, vec2 b) {
    vec2 pa = p - a, ba = b - a;
    float h = clamp(dot(pa, ba) / dot(ba, ba), 0.0, 1.0);
    return length(pa - ba * h);
}

void main() {
    vec2 p = v_local;
    float r = v_radius;
    int shape = int(v_shape + 0.5);
    float d;
    if (shape == 2) {
        vec2 q = abs(p) - vec2(r * 0.82);
        d = length(max(q, 0.0)) + min(max(q.x, q.y), 0.0);
    } else if (shape == 3) {
        d = (abs(p.x) + abs(p.y) - r) * 0.7071;
    } else if (shape == 4) {
        d = sd_triangle(p, r * 0.95);
    } else if (shape == 5) {
        // Valve: a bow tie along x, the two triangles' tips meeting at the centre.
        float h = r * 0.62;
        d = max(abs(p.x) - r, abs(p.y) - abs(p.x) * (h / r));
        d = max(d, abs(p.y) - h);
    } else if (shape == 6) {
        d = sd_star(p, r);
    } else if (shape == 7) {
        float t = r * 0.22;
        d = min(sd_segment(p, vec2(-r, -r) * 0.75, vec2(r, r) * 0.75), sd_segment(p, vec2(-r, r) * 0.75, vec2(r, -r) * 0.75)) - t;
    } else {
        d = length(p) - r;
    }
    float stroke = min(v_stroke_px, max(0.6, 0.22 * r));
    // The thin cross keeps its colour inside and wears its stroke outside, as a halo.
    if (shape == 7) d -= stroke;
    float outer = clamp(0.5 - d, 0.0, 1.0);
    if (outer <= 0.0) discard;
    float inner = clamp(0.5 - (d + stroke), 0.0, 1.0);
    vec4 c = mix(v_stroke, v_fill, inner);
    frag_colour = vec4(c.rgb, c.a * outer);
}
