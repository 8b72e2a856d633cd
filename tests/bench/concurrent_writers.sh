#!/usr/bin/env bash
# Concurrent writers, measured: P processes each add N plan items to one copy of the sample district, all at
# once; prints how many saves failed and how many items the file holds. Usage: concurrent_writers.sh [P] [N]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
nbhd=${NBHD:-$here/build/app/nbhd}
P=${1:-4}; N=${2:-50}
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
cp "$here/assets/chonghua.gpkg" "$dir/d.gpkg"
export XDG_DATA_HOME=$dir/xdg
start=$(date +%s.%N)
for p in $(seq 1 "$P"); do
    (for i in $(seq 1 "$N"); do
        "$nbhd" --data "$dir/d.gpkg" plan add gate --wkt "POINT($((530000 + p * 40)) $((3400000 + i * 5)))" \
            >/dev/null 2>>"$dir/err.$p" || echo "failed: exit $?" >>"$dir/fail.$p"
    done) &
done
wait
end=$(date +%s.%N)
failed=$( (cat "$dir"/fail.* 2>/dev/null || true) | wc -l)
items=$("$nbhd" --data "$dir/d.gpkg" plan items --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
waits=$( (cat "$dir"/err.* 2>/dev/null || true) | grep -c "another program is writing" || true)
printf '%d processes x %d saves: %d failed, %d items in the file (expected %d), %d "waiting" notices, %.1f s\n' \
    "$P" "$N" "$failed" "$items" $((P * N)) "$waits" "$(echo "$end - $start" | bc)"
