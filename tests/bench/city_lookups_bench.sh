#!/usr/bin/env bash
# Benchmark of the commands that read only what their question needs, on a generated city, as a user
# meets them (look-ups, gas isolation, scoped plans, pictures of a part, the streamed viewer): each command's whole process wall time and peak memory (GNU time); the look-ups also beside
# GDAL's ogrinfo -sql (nbhd bench queries). Not a test: it prints figures, it does not pass or fail.
# Usage: tests/bench/city_lookups_bench.sh [BUILDINGS] [WORKDIR]
#   BUILDINGS  residential buildings of the generated city (default 250000, about 4.9 million households)
#   WORKDIR    where the city and the results go (default /tmp/nbhd-lookups-bench)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
nbhd=${NBHD:-$here/build/app/nbhd}
buildings=${1:-250000}
work=${2:-/tmp/nbhd-lookups-bench}
mkdir -p "$work"
city=$work/city-$buildings.gpkg

measure() {  # label, command...
    local label=$1
    shift
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >"$work/out.txt" 2>"$work/err.txt" || {
        echo "$label: failed"; cat "$work/err.txt"; return 0; }
    read -r secs kb <"$work/time.txt"
    printf '%-44s %8.2f s %6d MB\n' "$label" "$secs" $((kb / 1024))
}

[ -f "$city" ] || measure "nbhd generate city (with its indexes)" "$nbhd" generate city --buildings "$buildings" --out "$city"
"$nbhd" --data "$city" index status
"$nbhd" --data "$city" bench queries --runs 5
# A pipe, an area and a picture from the middle of the data.
read -r x y segment area < <(/usr/bin/python3 - "$city" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
n = db.execute("SELECT count(*) FROM rtree_buildings_geom").fetchone()[0]
x, y = db.execute("SELECT (minx+maxx)/2, (miny+maxy)/2 FROM rtree_buildings_geom LIMIT 1 OFFSET ?", (n // 2,)).fetchone()
m = db.execute("SELECT count(*) FROM gas_pipes").fetchone()[0]
seg = db.execute("SELECT fid FROM gas_pipes LIMIT 1 OFFSET ?", (m // 2,)).fetchone()[0]
area = db.execute("SELECT name FROM compound LIMIT 1").fetchone()[0]
print(f"{x:.1f} {y:.1f} {seg} {area}")
PY
)
box="$(echo "$x - 300" | bc),$(echo "$y - 200" | bc),$(echo "$x + 300" | bc),$(echo "$y + 200" | bc)"
measure "gas isolate --segment $segment" "$nbhd" --data "$city" gas isolate --segment "$segment"
measure "gas isolate --at (middle)" "$nbhd" --data "$city" gas isolate --at "$x,$y" --max-distance 200
measure "plan hardening --scope area:$area" "$nbhd" --data "$city" plan hardening --scope "area:$area"
measure "plan hardening --wkt (300 m square)" "$nbhd" --data "$city" plan hardening --wkt \
    "POLYGON(($x $y,$(echo "$x + 300" | bc) $y,$(echo "$x + 300" | bc) $(echo "$y + 300" | bc),$x $(echo "$y + 300" | bc),$x $y))"
if [ -n "${DISPLAY:-}" ] || command -v xvfb-run >/dev/null; then
    run=(); [ -n "${DISPLAY:-}" ] || run=(xvfb-run -a -s "-screen 0 1920x1080x24")
    measure "render --bbox (600 x 400 m)" "${run[@]}" "$nbhd" --data "$city" render --bbox "$box" --out "$work/part.png"
    measure "render --bbox --read-all (the whole city)" "${run[@]}" "$nbhd" --data "$city" render --bbox "$box" --read-all --out "$work/all.png"
    # The whole city: from the stored overview (streamed), and read whole for comparison.
    measure "render (full extent, streamed)" "${run[@]}" "$nbhd" --data "$city" render --out "$work/full.png"
    measure "render --read-all (full extent)" "${run[@]}" "$nbhd" --data "$city" render --read-all --out "$work/full-all.png"
    measure "view --timing --frames 80 (streamed)" "${run[@]}" "$nbhd" --data "$city" view --timing --frames 80
    "${run[@]}" "$nbhd" --data "$city" bench render --frames 10
fi
