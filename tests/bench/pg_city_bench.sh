#!/usr/bin/env bash
# A city on a PostgreSQL + PostGIS server, as the office meets it: the push of a generated city
# (250,000 buildings, about 4.9 million households) beside GDAL's ogr2ogr into the same server, then the
# peers' questions through nbhd (whole processes) beside psql running PostGIS's own prepared statement for
# the same question (whole processes too), medians of interleaved runs, with peak memory.
# Not a test: it prints figures. It starts its own throwaway cluster (scripts/pg-cluster) and stops it.
# Usage: tests/bench/pg_city_bench.sh [CITY.gpkg] [RUNS]
#   CITY.gpkg  a city from `nbhd generate city` (default: generates /tmp/nbhd-pg-bench/city.gpkg)
#   RUNS       runs per question (default 5)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
nbhd=${NBHD:-$here/build/app/nbhd}
work=/tmp/nbhd-pg-bench
mkdir -p "$work"
city=${1:-$work/city.gpkg}
runs=${2:-5}
[ -f "$city" ] || "$nbhd" generate city --buildings 250000 --out "$city"

"$here/scripts/pg-cluster" start "$work/state"
trap '"$here/scripts/pg-cluster" stop "$work/state"' EXIT
conn=$(cat "$work/state/conninfo")
data="PG:$conn?schema=city"

once() {  # label, command...: one run, wall time and peak memory
    local label=$1
    shift
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >"$work/out.txt" 2>"$work/err.txt" || {
        echo "$label: failed"; cat "$work/err.txt"; exit 1; }
    read -r secs kb <"$work/time.txt"
    printf '%-52s %8.2f s %6d MB\n' "$label" "$secs" $((kb / 1024))
}
once "nbhd district push (keys, indexes, statistics)" "$nbhd" district push "$city" --to "PG:$conn" --schema city
psql -X -q "$conn" -c "CREATE SCHEMA ogr" >/dev/null
once "ogr2ogr -f PostgreSQL (tables and GiST only)" ogr2ogr -f PostgreSQL "PG:$conn active_schema=ogr" "$city"
once "nbhd server init (secures the city)" "$nbhd" server init "PG:$conn"

# The questions come from the household in the middle of the register.
read -r hno bn x y name phone < <(psql -X -At -F ' ' "$conn" -c "SELECT h.household_no, b.number,
    round(ST_X(ST_PointOnSurface(b.geom))::numeric, 1), round(ST_Y(ST_PointOnSurface(b.geom))::numeric, 1),
    h.head_name, right(h.phone, 4) FROM city.household_records h JOIN city.buildings b ON b.number = h.building_number
    WHERE h.fid = (SELECT max(fid) / 2 FROM city.household_records)")
box="POLYGON(($(echo "$x - 100" | bc) $(echo "$y - 100" | bc),$(echo "$x + 100" | bc) $(echo "$y - 100" | bc),$(echo "$x + 100" | bc) $(echo "$y + 100" | bc),$(echo "$x - 100" | bc) $(echo "$y + 100" | bc),$(echo "$x - 100" | bc) $(echo "$y - 100" | bc)))"
line="LINESTRING($(echo "$x - 150" | bc) $(echo "$y + 20" | bc),$(echo "$x + 150" | bc) $(echo "$y + 20" | bc))"

median() {  # command...: median wall time and peak memory of $runs runs -> "secs kb"
    local all=()
    for ((i = 0; i < runs; i++)); do
        /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/err.txt" || {
            echo "failed: $*" >&2; cat "$work/err.txt" >&2; exit 1; }
        all+=("$(cat "$work/time.txt")")
    done
    printf '%s\n' "${all[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p"
}
ask() {  # label, psql statement (PREPARE q AS ...; EXECUTE q(...)), nbhd arguments...
    local label=$1 sql=$2
    shift 2
    read -r ns nk < <(median "$nbhd" --data "$data" "$@")
    read -r ps pk < <(median psql -X -q -At "$conn" -c "$sql")
    printf '%-40s nbhd %6.3f s %4d MB   psql %6.3f s %4d MB   %5.1fx\n' "$label" "$ns" $((nk / 1024)) "$ps" \
        $((pk / 1024)) "$(echo "$ns / $ps" | bc -l)"
}
echo
echo "questions on the city (${runs} runs each; nbhd as the superuser, reading the masked view as every login does;"
echo "psql runs PostGIS's prepared statement on the register table itself, with the same indexes):"
ask "building at a point" "PREPARE q(float8, float8) AS SELECT h.* FROM city.household_records h JOIN city.buildings b ON b.number = h.building_number WHERE ST_Intersects(b.geom, ST_SetSRID(ST_Point(\$1, \$2), 4546)); EXECUTE q($x, $y)" \
    households within --wkt "POLYGON(($x $y,$(echo "$x + 1" | bc) $y,$(echo "$x + 1" | bc) $(echo "$y + 1" | bc),$x $(echo "$y + 1" | bc),$x $y))" --json
ask "buildings in a 200 m box" "PREPARE q(text) AS SELECT h.* FROM city.household_records h JOIN city.buildings b ON b.number = h.building_number WHERE b.geom && ST_GeomFromText(\$1, 4546); EXECUTE q('$box')" \
    households within --wkt "$box" --json
ask "household $hno with its building" "PREPARE q(text) AS SELECT h.*, b.floors, b.entrances FROM city.household_records h JOIN city.buildings b ON b.number = h.building_number WHERE h.household_no = \$1; EXECUTE q('$hno')" \
    household find "$hno" --json
ask "households 50 m from a pipe" "PREPARE q(text) AS SELECT h.* FROM city.household_records h JOIN city.buildings b ON b.number = h.building_number WHERE ST_DWithin(b.geom, ST_GeomFromText(\$1, 4546), 50); EXECUTE q('$line')" \
    households within --near-line "$line" --distance 50 --json
ask "name $name (server-side match)" "PREPARE q(text) AS SELECT * FROM nbhd.find_households('city', \$1, ''); EXECUTE q('$name')" \
    household find "$name" --json
ask "phone tail $phone (server-side match)" "PREPARE q(text) AS SELECT * FROM nbhd.find_households('city', '', \$1); EXECUTE q('$phone')" \
    household find "$phone" --json
