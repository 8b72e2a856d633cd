#include "gis/plan/route.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "gis/network/street_graph.hpp"

namespace gis::plan {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

RouteOrder held_karp(const std::vector<std::vector<double>>& d) {
    const std::size_t n = d.size();
    const std::size_t full = (std::size_t{1} << n) - 1;
    // best[mask][j]: shortest open path visiting `mask`, ending at j.
    std::vector<std::vector<double>> best(full + 1, std::vector<double>(n, kInf));
    std::vector<std::vector<std::size_t>> prev(full + 1, std::vector<std::size_t>(n, n));
    for (std::size_t j = 0; j < n; ++j) best[std::size_t{1} << j][j] = 0;
    for (std::size_t mask = 1; mask <= full; ++mask)
        for (std::size_t j = 0; j < n; ++j) {
            if (!(mask & (std::size_t{1} << j)) || best[mask][j] == kInf) continue;
            for (std::size_t k = 0; k < n; ++k) {
                if (mask & (std::size_t{1} << k)) continue;
                const std::size_t next = mask | (std::size_t{1} << k);
                const double len = best[mask][j] + d[j][k];
                if (len < best[next][k]) {
                    best[next][k] = len;
                    prev[next][k] = j;
                }
            }
        }
    std::size_t end = 0;
    for (std::size_t j = 1; j < n; ++j)
        if (best[full][j] < best[full][end]) end = j;
    RouteOrder out;
    out.exact = true;
    out.length = best[full][end];
    std::size_t mask = full, j = end;
    while (j < n) {
        out.order.push_back(j);
        std::size_t p = prev[mask][j];
        mask &= ~(std::size_t{1} << j);
        j = p;
    }
    std::reverse(out.order.begin(), out.order.end());
    return out;
}

std::vector<std::size_t> nearest_neighbour(const std::vector<std::vector<double>>& d, std::size_t start) {
    const std::size_t n = d.size();
    std::vector<bool> seen(n, false);
    std::vector<std::size_t> order{start};
    seen[start] = true;
    for (std::size_t step = 1; step < n; ++step) {
        std::size_t cur = order.back(), best = n;
        for (std::size_t k = 0; k < n; ++k)
            if (!seen[k] && (best == n || d[cur][k] < d[cur][best])) best = k;
        seen[best] = true;
        order.push_back(best);
    }
    return order;
}

bool symmetric(const std::vector<std::vector<double>>& d) {
    for (std::size_t i = 0; i < d.size(); ++i)
        for (std::size_t j = i + 1; j < d.size(); ++j)
            if (std::abs(d[i][j] - d[j][i]) > 1e-9) return false;
    return true;
}

/// 2-opt on a symmetric matrix: reversing order[i..j] changes only the two links at its ends (none at
/// an end of the path), so each move is priced in O(1).
bool two_opt_symmetric(const std::vector<std::vector<double>>& d, std::vector<std::size_t>& o) {
    const std::size_t n = o.size();
    bool improved = false;
    for (bool better = true; better;) {
        better = false;
        for (std::size_t i = 0; i + 1 < n; ++i)
            for (std::size_t j = i + 1; j < n; ++j) {
                double before = (i > 0 ? d[o[i - 1]][o[i]] : 0) + (j + 1 < n ? d[o[j]][o[j + 1]] : 0);
                double after = (i > 0 ? d[o[i - 1]][o[j]] : 0) + (j + 1 < n ? d[o[i]][o[j + 1]] : 0);
                if (after < before - 1e-9) {
                    std::reverse(o.begin() + static_cast<std::ptrdiff_t>(i),
                                 o.begin() + static_cast<std::ptrdiff_t>(j) + 1);
                    better = improved = true;
                }
            }
    }
    return improved;
}

/// The first 2-opt move (reverse a segment, either end of the path included) that shortens the path,
/// priced by its full length (any matrix).
bool two_opt_any(const std::vector<std::vector<double>>& d, std::vector<std::size_t>& order, double& len) {
    const std::size_t n = order.size();
    for (std::size_t i = 0; i + 1 < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j) {
            auto cand = order;
            std::reverse(cand.begin() + static_cast<std::ptrdiff_t>(i),
                         cand.begin() + static_cast<std::ptrdiff_t>(j) + 1);
            double l = path_length(d, cand);
            if (l < len - 1e-9) {
                order = std::move(cand);
                len = l;
                return true;
            }
        }
    return false;
}

/// The first or-opt move (a run of 1-3 sites moved elsewhere, either way round) that shortens the path.
bool or_opt(const std::vector<std::vector<double>>& d, std::vector<std::size_t>& order, double& len) {
    const std::size_t n = order.size();
    for (std::size_t run = 1; run <= 3; ++run)
        for (std::size_t i = 0; i + run <= n; ++i)
            for (std::size_t to = 0; to + run <= n; ++to) {
                if (to == i) continue;
                std::vector<std::size_t> seg(order.begin() + static_cast<std::ptrdiff_t>(i),
                                             order.begin() + static_cast<std::ptrdiff_t>(i + run));
                auto rest = order;
                rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(i),
                           rest.begin() + static_cast<std::ptrdiff_t>(i + run));
                for (int rev = 0; rev < 2; ++rev) {
                    auto cand = rest;
                    cand.insert(cand.begin() + static_cast<std::ptrdiff_t>(to), seg.begin(), seg.end());
                    double l = path_length(d, cand);
                    if (l < len - 1e-9) {
                        order = std::move(cand);
                        len = l;
                        return true;
                    }
                    std::reverse(seg.begin(), seg.end());
                }
            }
    return false;
}

/// 2-opt and, for campaigns of up to kOrOptUpTo sites, or-opt, until no move shortens the path.
constexpr std::size_t kOrOptUpTo = 60;

void improve(const std::vector<std::vector<double>>& d, bool sym, std::vector<std::size_t>& order) {
    double len = path_length(d, order);
    for (bool better = true; better;) {
        if (sym) {
            two_opt_symmetric(d, order);
            len = path_length(d, order);
            better = false;
        } else {
            better = two_opt_any(d, order, len);
            if (better) continue;
        }
        if (order.size() <= kOrOptUpTo) better = or_opt(d, order, len);
    }
}

}  // namespace

double path_length(const std::vector<std::vector<double>>& dist, const std::vector<std::size_t>& order) {
    double len = 0;
    for (std::size_t i = 1; i < order.size(); ++i) len += dist[order[i - 1]][order[i]];
    return len;
}

RouteOrder order_sites(const std::vector<std::vector<double>>& dist, const RouteOptions& options) {
    const std::size_t n = dist.size();
    if (n == 0) return {};
    if (n == 1) return {{0}, 0, true};
    if (n <= options.exact_up_to && n <= 16) return held_karp(dist);
    RouteOrder best;
    best.length = kInf;
    // Up to 24 starts for campaigns of a compound's size; a few for large ones, to stay fast.
    const bool sym = symmetric(dist);
    const std::size_t starts = std::min<std::size_t>(n, n <= kOrOptUpTo ? 24 : 4);
    for (std::size_t s = 0; s < starts; ++s) {
        auto order = nearest_neighbour(dist, s * n / starts);
        improve(dist, sym, order);
        double len = path_length(dist, order);
        if (best.order.empty() || len < best.length) best = {std::move(order), len, false};
    }
    return best;
}

CrewRoute crew_route(const network::StreetGraph& graph, const std::vector<Point>& sites,
                     const RouteOptions& options) {
    CrewRoute out;
    const std::size_t n = sites.size();
    if (n == 0) return out;
    std::vector<std::vector<double>> dist(n, std::vector<double>(n, 0));
    // Unreachable pairs get a large finite penalty so that the order stays defined.
    double penalty = 0;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j) {
            double d = graph.distance(sites[i], sites[j]);
            if (!std::isfinite(d)) {
                out.connected = false;
                d = -1;
            } else {
                penalty = std::max(penalty, d);
            }
            dist[i][j] = dist[j][i] = d;
        }
    for (auto& row : dist)
        for (auto& d : row)
            if (d < 0) d = 10 * (penalty + 1000);
    auto order = order_sites(dist, options);
    out.order = order.order;
    for (std::size_t k = 1; k < out.order.size(); ++k) {
        auto p = graph.shortest_path(sites[out.order[k - 1]], sites[out.order[k]]);
        if (!p.found) continue;
        out.length_m += p.length_m;
        for (const auto& pt : p.points)
            if (out.line.empty() || !(out.line.back() == pt)) out.line.push_back(pt);
    }
    return out;
}

}  // namespace gis::plan
