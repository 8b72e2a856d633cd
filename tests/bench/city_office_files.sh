#!/usr/bin/env bash
# Writes a city's worth of office files from a district-schema GeoPackage (nbhd generate city), with
# GDAL's own ogr2ogr (not nbhd): the planning bureau's buildings and the gas company's pipes and valves
# as GBK shapefiles without .cpg, streets as GeoJSON in lon/lat, and the household register as a CSV
# (Excel's limit of 1,048,576 rows a sheet keeps a city's register out of XLSX) with free-text addresses.
# Usage: tests/bench/city_office_files.sh CITY.gpkg OUTDIR
set -euo pipefail
src=$1
out=$2
rm -rf "$out"
mkdir -p "$out/规划局" "$out/燃气公司" "$out/开放数据" "$out/一标三实"

gbk_shp() {  # name, sql
    ogr2ogr -f "ESRI Shapefile" -lco ENCODING=CP936 -dialect SQLite "$out/$1.shp" "$src" -sql "$2" -nln "$(basename "$1")"
    rm -f "$out/$1.cpg"
}

gbk_shp 规划局/建筑物 "SELECT geom, number AS 楼号, name AS 名称,
  CASE kind WHEN 'residential' THEN '住宅' WHEN 'unit' THEN '单位' WHEN 'school' THEN '学校'
            WHEN 'shop_row' THEN '商业' WHEN 'ancillary' THEN '附属' ELSE '其他' END AS 类型,
  floors AS 层数, entrances AS 单元数, flats_per_floor AS 每层户数,
  CASE entrance_side WHEN 'S' THEN '南' WHEN 'E' THEN '东' WHEN 'W' THEN '西' ELSE '北' END AS 入口朝向,
  year_built AS 建成年代, CASE shop_ground_floor WHEN 1 THEN '是' ELSE '否' END AS 底商,
  CASE in_compound WHEN 1 THEN '是' ELSE '否' END AS 小区内, height_m AS 高度 FROM buildings"

gbk_shp 燃气公司/燃气管线 "SELECT geom, CASE kind WHEN 'service' THEN '户线' ELSE '干管' END AS 类型,
  'DN' || diameter_mm AS 管径,
  CASE material WHEN 'cast_iron' THEN '铸铁' WHEN 'steel' THEN '钢' WHEN 'pe' THEN 'PE' ELSE material END AS 材质,
  CASE pressure WHEN 'medium-b' THEN '中压B' WHEN 'medium-a' THEN '中压A' ELSE '低压' END AS 压力级制,
  year || '年' AS 敷设年代, CASE status WHEN 'renewal' THEN '待改造' ELSE '运行' END AS 状态,
  building_number AS 楼号, entrance AS 单元 FROM gas_pipes"

gbk_shp 燃气公司/阀门 "SELECT geom, CASE state WHEN 'closed' THEN '关' ELSE '开' END AS 状态,
  CASE operable WHEN 0 THEN '否' ELSE '是' END AS 可操作, 'DN' || diameter_mm AS 管径 FROM gas_valves"

ogr2ogr -f GeoJSON -t_srs EPSG:4326 -lco COORDINATE_PRECISION=8 "$out/开放数据/streets.geojson" "$src" \
    -dialect SQLite -sql "SELECT geom, name, name_en AS \"name:en\",
      CASE class WHEN 'local' THEN 'tertiary' WHEN 'lane' THEN 'service' ELSE class END AS highway,
      width_m AS width, in_compound FROM streets" -nln streets

ogr2ogr -f CSV "$out/一标三实/住户登记表.csv" "$src" -dialect SQLite -sql "SELECT household_no AS 户号,
  building_number || '栋' || entrance || '单元' || (floor * 100 + flat) || '室' AS 标准地址,
  head_name AS 户主姓名, id_number AS 公民身份号码, phone AS 联系电话, size AS 家庭人口,
  CASE migrant WHEN 1 THEN '流动人口' ELSE '户籍人口' END AS 人员类别,
  CASE low_income WHEN 1 THEN '是' ELSE '否' END AS 是否低保,
  CASE elderly_alone WHEN 1 THEN '是' ELSE '否' END AS 是否独居老人 FROM households" -nln 住户登记表
