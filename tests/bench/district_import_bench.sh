#!/usr/bin/env bash
# Benchmark of `nbhd district scan` and `nbhd district import` on a city's office files, as a user meets
# them: each command's whole process wall time and peak memory (GNU time), beside GDAL's own ogr2ogr
# copying the same files into one GeoPackage. Not a test: it prints figures, it does not pass or fail.
# Usage: tests/bench/district_import_bench.sh [BUILDINGS] [WORKDIR]
#   BUILDINGS  residential buildings of the generated city (default 250000, about 4.9 million households)
#   WORKDIR    where the city, its files and the results go (default /tmp/nbhd-import-bench)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
nbhd=${NBHD:-$here/build/app/nbhd}
buildings=${1:-250000}
work=${2:-/tmp/nbhd-import-bench}
mkdir -p "$work"
city=$work/city-$buildings.gpkg
files=$work/files-$buildings

measure() {  # label, command...
    local label=$1
    shift
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >"$work/$label.out" 2>"$work/$label.err"
    read -r secs kb <"$work/time.txt"
    printf '%-34s %8.1f s %8d MB\n' "$label" "$secs" $((kb / 1024))
}

[ -f "$city" ] || "$nbhd" generate city --buildings "$buildings" --out "$city" >/dev/null
[ -d "$files" ] || "$here/tests/bench/city_office_files.sh" "$city" "$files" >/dev/null 2>&1
echo "office files: $(du -shL "$files" | cut -f1) in $files"
measure "nbhd district scan" "$nbhd" district scan "$files" --name bench --crs EPSG:4546 --out "$work/city.toml" --force
measure "nbhd district import" "$nbhd" district import "$work/city.toml" --out "$work/imported.gpkg" --force
rm -f "$work/ogr.gpkg"
measure "ogr2ogr (the same files, no checks)" bash -c "
    set -e
    ogr2ogr -f GPKG '$work/ogr.gpkg' -oo ENCODING=CP936 '$files/规划局/建筑物.shp'
    ogr2ogr -f GPKG -append '$work/ogr.gpkg' -oo ENCODING=CP936 '$files/燃气公司/燃气管线.shp'
    ogr2ogr -f GPKG -append '$work/ogr.gpkg' -oo ENCODING=CP936 '$files/燃气公司/阀门.shp'
    ogr2ogr -f GPKG -append '$work/ogr.gpkg' -t_srs EPSG:4546 '$files/开放数据/streets.geojson'
    ogr2ogr -f GPKG -append '$work/ogr.gpkg' '$files/一标三实/住户登记表.csv'"
echo "import stages (from $work/nbhd district import.err):"
sed 's/^/  /' "$work/nbhd district import.err"
