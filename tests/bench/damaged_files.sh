#!/usr/bin/env bash
# Damaged files, measured: N copies of the sample district with pages flipped, zeroed or cut off (seed 13),
# each given to `check`, `info` and `household find 12-2-301`. Prints how many copies SQLite's own check
# finds damaged and how many of those any command answered with exit 0 (it should be none).
# Usage: damaged_files.sh [N]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
nbhd=${NBHD:-$here/build/app/nbhd}
N=${1:-200}
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
export XDG_DATA_HOME=$dir/xdg
python3 - "$here/assets/chonghua.gpkg" "$dir" "$N" <<'PY'
import random, sys
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = open(src, 'rb').read(); pages = len(data) // 4096; rng = random.Random(13)
for i in range(n):
    b = bytearray(data); kind = rng.choice(['flip', 'flip', 'zero', 'cut'])
    if kind == 'cut':
        b = b[:rng.randrange(1, pages) * 4096]
    else:
        p = rng.randrange(1, pages)
        for _ in range(rng.choice([1, 4, 16, 64])):
            b[p * 4096 + rng.randrange(4096)] = rng.randrange(256) if kind == 'flip' else 0
    open(f'{out}/d{i:03d}-{kind}.orig', 'wb').write(b)
PY
damaged=0; answered=0; exit11=0
for f in "$dir"/*.orig; do
    verdict=$(python3 -c 'import sqlite3,sys
try: print(sqlite3.connect("file:"+sys.argv[1]+"?mode=ro", uri=True).execute("pragma integrity_check").fetchone()[0])
except Exception as e: print("error")' "$f")
    [ "$verdict" = ok ] && continue
    damaged=$((damaged + 1))
    for cmd in "check" "info" "household find 12-2-301"; do
        cp "$f" "$dir/w.gpkg"
        rc=0; "$nbhd" --data "$dir/w.gpkg" $cmd >/dev/null 2>&1 || rc=$?
        [ $rc = 0 ] && { answered=$((answered + 1)); echo "exit 0: $(basename "$f") $cmd"; }
        [ $rc = 11 ] && exit11=$((exit11 + 1))
    done
done
echo "$N copies, $damaged damaged by SQLite's check; of $((damaged * 3)) commands on them: $answered exit 0, $exit11 exit 11 (damaged)"
