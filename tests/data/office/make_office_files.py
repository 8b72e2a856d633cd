#!/usr/bin/python3
"""make_office_files.py SRC.gpkg OUTDIR: a district as a community office holds it.

nbhd's import tests read these files back with `nbhd district scan/import`, so
this avoids nbhd itself (GDAL's Python bindings, openpyxl, the standard library
only).  Each file has the quirks of its real counterpart (GBK shapefiles with no
.cpg, a CASS DXF, GCJ-02 phone captures, a hand-kept Excel register) yet carries
every figure the tests compare, and reruns give byte-identical files.  See
README.md alongside.
"""
import csv
import datetime
import math
import os
import re
import sys
import zipfile

import openpyxl
from openpyxl.styles import Alignment, Font
from osgeo import gdal, ogr, osr

gdal.UseExceptions()

# A fixed "saved on" date, so the .dbf headers and the .xlsx are stable.
SAVED = datetime.datetime(2026, 1, 5, 9, 0, 0)

KIND_ZH = {'residential': '住宅', 'unit': '单位', 'school': '学校',
           'shop_row': '商业', 'ancillary': '附属', 'other': '其他'}
SIDE_ZH = {'N': '北', 'S': '南', 'E': '东', 'W': '西'}
PIPE_KIND_ZH = {'main': '干管', 'service': '户线'}
MATERIAL_ZH = {'cast_iron': '铸铁', 'steel': '钢', 'pe': 'PE', 'galvanized_steel': '镀锌钢'}
PRESSURE_ZH = {'low': '低压', 'medium-b': '中压B', 'medium-a': '中压A'}
PIPE_STATUS_ZH = {'in_service': '运行', 'renewal': '待改造'}
VALVE_STATE_ZH = {'open': '开', 'closed': '关'}
HIGHWAY = {'primary': 'primary', 'secondary': 'secondary', 'local': 'tertiary', 'lane': 'service'}
S, I, R = ogr.OFTString, ogr.OFTInteger, ogr.OFTReal


def zh(table, value, what):
    # An unknown code stops the export: passing it through untranslated would
    # let the import tests pass on a value they never really read.
    if value not in table:
        sys.exit(f'make_office_files: no Chinese term for {what} {value!r}')
    return table[value]


def yes_no(v):
    return '是' if v else '否'


GK, WGS84 = osr.SpatialReference(), osr.SpatialReference()
for s, epsg in ((GK, 4546), (WGS84, 4326)):
    s.ImportFromEPSG(epsg)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)  # x = lon, y = lat
TO_WGS84 = osr.CoordinateTransformation(GK, WGS84)


def wgs84(geom):
    g = geom.Clone()
    g.Transform(TO_WGS84)
    return g


def features(src, layer):
    return list(src.GetLayerByName(layer))


def field_defns(src, layer):
    return list(src.GetLayerByName(layer).schema)


def fresh(path):
    # GDAL's drivers refuse to overwrite, and a stale .cpg would change how a
    # shapefile reads: every output starts from nothing.
    base, ext = os.path.splitext(path)
    for e in ('.shp', '.shx', '.dbf', '.prj', '.cpg') if ext == '.shp' else (ext,):
        if os.path.exists(base + e):
            os.remove(base + e)
    return path


# --- GCJ-02, the offset datum every Chinese phone map app records in ---
# The published WGS84 -> GCJ-02 series on the Krasovsky ellipsoid.
GCJ_A = 6378245.0
GCJ_EE = 0.00669342162296594323


def _gcj_wave(x, v, c, d):
    pi = math.pi
    return ((20.0 * math.sin(6.0 * x * pi) + 20.0 * math.sin(2.0 * x * pi)) * 2.0 / 3.0
            + (20.0 * math.sin(v * pi) + 40.0 * math.sin(v / 3.0 * pi)) * 2.0 / 3.0
            + (c * math.sin(v / 12.0 * pi) + d * math.sin(v * pi / 30.0)) * 2.0 / 3.0)


def wgs84_to_gcj02(lon, lat):
    x, y = lon - 105.0, lat - 35.0
    dlat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
            + _gcj_wave(x, y, 160.0, 320.0))
    dlon = (300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
            + _gcj_wave(x, x, 150.0, 300.0))
    rad = lat / 180.0 * math.pi
    magic = 1 - GCJ_EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    dlat = dlat * 180.0 / ((GCJ_A * (1 - GCJ_EE)) / (magic * sqrt_magic) * math.pi)
    dlon = dlon * 180.0 / (GCJ_A / sqrt_magic * math.cos(rad) * math.pi)
    return lon + dlon, lat + dlat


def gcj_columns(f):
    p = wgs84(f.GetGeometryRef())
    lon, lat = wgs84_to_gcj02(p.GetX(), p.GetY())
    return [f'{lon:.8f}', f'{lat:.8f}']


def cell(v):
    # Empty for null, whole reals without ".0", the rest in Python's
    # shortest round-trip form so no figure changes.
    if v is None:
        return ''
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def write_csv(path, header, rows):
    # Excel's "CSV UTF-8": a BOM and CRLF line ends.
    with open(path, 'w', encoding='utf-8-sig', newline='') as fh:
        w = csv.writer(fh, lineterminator='\r\n')
        w.writerow(header)
        w.writerows(rows)


# --- 测绘: the CASS 1:500 survey drawing ---

def dxf_entity(lyr, layer, geom, label=None):
    f = ogr.Feature(lyr.GetLayerDefn())
    f.SetField('Layer', layer)
    if label:
        f.SetStyleString(f'LABEL(t:"{label}",s:2g)')
    f.SetGeometry(geom)
    lyr.CreateFeature(f)


def closed_rings(geom):
    # A LinearRing, unlike a LineString, makes GDAL set the LWPOLYLINE closed
    # flag; CAD does not repeat the first vertex at the end, so neither do we.
    polys = [geom] if geom.GetGeometryType() == ogr.wkbPolygon else list(geom)
    for ring in (r for p in polys for r in p):
        pts = ring.GetPoints()
        out = ogr.Geometry(ogr.wkbLinearRing)
        for x, y, *_ in pts[:-1] if pts[0] == pts[-1] else pts:
            out.AddPoint_2D(x, y)
        yield out


def structure(year):
    return '砖' if year < 1990 else '混' if year < 2000 else '钢混'


def point_inside(poly, anchor, dy):
    # The number sits a little below (else above) the structure label, but
    # always inside the outline, so that it can be matched to its building.
    for d in (-dy, dy, 0.0):
        p = ogr.Geometry(ogr.wkbPoint)
        p.AddPoint_2D(anchor.GetX(), anchor.GetY() + d)
        if poly.Contains(p):
            return p
    return anchor


def write_dxf(src, path):
    ds = ogr.GetDriverByName('DXF').CreateDataSource(fresh(path))
    lyr = ds.CreateLayer('entities')
    lyr.CreateField(ogr.FieldDefn('Layer', S))
    numbered = 0
    for b in features(src, 'buildings'):
        g = b.GetGeometryRef()
        for ring in closed_rings(g):
            dxf_entity(lyr, 'JMD', ring)
        p = g.PointOnSurface()
        dxf_entity(lyr, 'JMD', p, f"{structure(b['year_built'])}{b['floors']}")
        if b['kind'] == 'residential' and b['number'] > 0:
            # Surveyors are not consistent: mostly 12栋, every third 12号楼.
            suffix = '号楼' if numbered % 3 == 2 else '栋'
            numbered += 1
            dxf_entity(lyr, 'JMD', point_inside(g, p, 2.5), f"{b['number']}{suffix}")
    for s in features(src, 'street_surfaces'):
        for ring in closed_rings(s.GetGeometryRef()):
            dxf_entity(lyr, 'DLSS', ring)
    ds = None
    as_cass(path)


def as_cass(path):
    # GDAL writes labels as MTEXT with \U+XXXX escapes.  A CASS drawing saved
    # by Chinese AutoCAD (2004 format) has single-line TEXT, code page
    # ANSI_936 and the Chinese as raw GBK bytes, which GDAL's reader decodes
    # (it would leave \U+ escapes in a TEXT as they are).  Rewrite it so.
    with open(path, encoding='ascii') as fh:
        lines = fh.read().split('\n')
    pairs = [(int(lines[i]), lines[i + 1]) for i in range(0, len(lines) - 1, 2)]
    header = {'$DWGCODEPAGE': 'ANSI_936', '$INSUNITS': '     6'}  # 6: metres
    out, i = [], 0
    while i < len(pairs):
        code, value = pairs[i]
        if code == 9 and value in header:
            out += [pairs[i], (pairs[i + 1][0], header[value])]
            i += 2
        elif code == 0 and value == 'MTEXT':
            j = i + 1
            while pairs[j][0] != 0:
                j += 1
            m = dict(pairs[i + 1:j])
            text = re.sub(r'\\U\+([0-9A-Fa-f]{4})', lambda u: chr(int(u[1], 16)), m[1])
            # Centred on its point (72 = 1, 73 = 2), as CASS places labels.
            out += [(0, 'TEXT'), (5, m[5]), (100, 'AcDbEntity'), (8, m[8]),
                    (100, 'AcDbText'), (10, m[10]), (20, m[20]), (30, '0'), (40, m[40]),
                    (1, text), (7, m.get(7, 'Standard')), (72, '1'), (11, m[10]),
                    (21, m[20]), (31, '0'), (100, 'AcDbText'), (73, '2')]
            i = j
        else:
            out.append(pairs[i])
            i += 1
    with open(path, 'w', encoding='gbk', newline='') as fh:
        fh.write(''.join(f'{c:>3}\n{v}\n' for c, v in out))


# --- 规划局, 燃气公司: GBK shapefiles without a .cpg ---

def write_shp(path, gtype, fields, rows):
    """fields: (name, OGR type, width, precision); rows: (feature, values)."""
    ds = ogr.GetDriverByName('ESRI Shapefile').CreateDataSource(fresh(path))
    # ENCODING=CP936 makes GDAL write GBK names and values.  It also writes a
    # .cpg, removed below: the Chinese tools offices use seldom leave one (nor
    # a language driver byte), so a reader has to recognise GBK by itself.
    lyr = ds.CreateLayer(os.path.splitext(os.path.basename(path))[0], GK, gtype,
                         ['ENCODING=CP936', f'DBF_DATE_LAST_UPDATE={SAVED:%Y-%m-%d}'])
    for name, typ, width, prec in fields:
        fd = ogr.FieldDefn(name, typ)
        fd.SetWidth(width)
        fd.SetPrecision(prec)
        lyr.CreateField(fd)
    for src_feature, values in rows:
        f = ogr.Feature(lyr.GetLayerDefn())
        for (name, *_), v in zip(fields, values):
            f.SetField(name, v)
        f.SetGeometry(src_feature.GetGeometryRef())
        lyr.CreateFeature(f)
    ds = None
    os.remove(os.path.splitext(path)[0] + '.cpg')


def write_planning(src, path):
    write_shp(path, ogr.wkbPolygon, [
        ('楼号', I, 4, 0), ('名称', S, 60, 0), ('类型', S, 8, 0), ('层数', I, 3, 0),
        ('单元数', I, 3, 0), ('每层户数', I, 3, 0), ('入口朝向', S, 4, 0),
        ('建成年代', I, 4, 0), ('底商', S, 2, 0), ('小区内', S, 2, 0), ('高度', R, 8, 2)],
        [(b, [b['number'] if b['kind'] == 'residential' else 0, b['name'],
              zh(KIND_ZH, b['kind'], 'building kind'), b['floors'], b['entrances'],
              b['flats_per_floor'], zh(SIDE_ZH, b['entrance_side'], 'entrance side'),
              b['year_built'], yes_no(b['shop_ground_floor']), yes_no(b['in_compound']),
              b['height_m']])
         for b in features(src, 'buildings')])


def write_gas(src, outdir):
    write_shp(os.path.join(outdir, '燃气管线.shp'), ogr.wkbLineString, [
        ('类型', S, 4, 0), ('管径', S, 8, 0), ('材质', S, 10, 0), ('压力级制', S, 8, 0),
        ('敷设年代', S, 8, 0), ('状态', S, 8, 0), ('楼号', I, 4, 0), ('单元', I, 2, 0)],
        [(p, [zh(PIPE_KIND_ZH, p['kind'], 'pipe kind'), f"DN{p['diameter_mm']}",
              zh(MATERIAL_ZH, p['material'], 'pipe material'),
              zh(PRESSURE_ZH, p['pressure'], 'pressure'), f"{p['year']}年",
              zh(PIPE_STATUS_ZH, p['status'], 'pipe status'),
              p['building_number'], p['entrance']])
         for p in features(src, 'gas_pipes')])
    write_shp(os.path.join(outdir, '阀门.shp'), ogr.wkbPoint, [
        ('状态', S, 2, 0), ('可操作', S, 2, 0), ('管径', S, 8, 0), ('备注', S, 80, 0)],
        [(v, [zh(VALVE_STATE_ZH, v['state'], 'valve state'), yes_no(v['operable']),
              f"DN{v['diameter_mm']}", v['note'] or ''])
         for v in features(src, 'gas_valves')])
    write_shp(os.path.join(outdir, '调压站.shp'), ogr.wkbPoint, [
        ('名称', S, 60, 0), ('进口压力', S, 8, 0), ('出口压力', S, 8, 0)],
        [(s, [s['name'], zh(PRESSURE_ZH, s['inlet_pressure'], 'pressure'),
              zh(PRESSURE_ZH, s['outlet_pressure'], 'pressure')])
         for s in features(src, 'gas_stations')])


# --- 开放数据: RFC 7946 GeoJSON in WGS84 ---

def write_geojson(src, layer, path, columns=None):
    """columns: (name, OGR type, value of a feature); None keeps every field."""
    if columns is None:
        columns = [(fd.GetName(), fd.GetType(), lambda f, n=fd.GetName(): f[n])
                   for fd in field_defns(src, layer)]
    ds = ogr.GetDriverByName('GeoJSON').CreateDataSource(fresh(path))
    out = ds.CreateLayer(layer, WGS84, src.GetLayerByName(layer).GetGeomType(),
                         ['RFC7946=YES', 'COORDINATE_PRECISION=8'])
    for name, typ, _ in columns:
        out.CreateField(ogr.FieldDefn(name, typ))
    for f in features(src, layer):
        o = ogr.Feature(out.GetLayerDefn())
        for name, _, get in columns:
            o.SetField(name, get(f))  # None writes an explicit null
        o.SetGeometry(wgs84(f.GetGeometryRef()))
        out.CreateFeature(o)
    ds = None


def write_open_data(src, outdir):
    def path(layer):
        return os.path.join(outdir, layer + '.geojson')
    write_geojson(src, 'boundary', path('boundary'),
                  [(n, S, lambda f, n=n: f[n]) for n in ('name', 'name_en', 'subdistrict')])
    # Streets tagged as in an OpenStreetMap extract.
    write_geojson(src, 'streets', path('streets'), [
        ('name', S, lambda f: f['name']),
        ('name:en', S, lambda f: f['name_en']),
        ('highway', S, lambda f: zh(HIGHWAY, f['class'], 'street class')),
        ('width', R, lambda f: f['width_m']),
        ('in_compound', I, lambda f: 1 if f['in_compound'] else 0)])
    for layer in ('compound', 'market', 'market_stalls', 'service_areas', 'surfaces',
                  'illegal_structures'):
        write_geojson(src, layer, path(layer))


# --- 手机采集: points captured on a phone, in GCJ-02 ---

def write_phone(src, outdir):
    write_csv(os.path.join(outdir, '商铺.csv'), ['名称', '业态', '街道', '地址', '经度', '纬度'],
              [[cell(s[n]) for n in ('name', 'trade', 'street', 'address')] + gcj_columns(s)
               for s in features(src, 'shops')])
    write_csv(os.path.join(outdir, '设施.csv'), ['名称', '类别', '备注', '经度', '纬度'],
              [[cell(p[n]) for n in ('name', 'kind', 'note')] + gcj_columns(p)
               for p in features(src, 'pois')])
    names = [fd.GetName() for fd in field_defns(src, 'graffiti')]
    write_csv(os.path.join(outdir, '乱涂乱画.csv'), names + ['经度', '纬度'],
              [[cell(g[n]) for n in names] + gcj_columns(g) for g in features(src, 'graffiti')])


# --- 一标三实: the household register, kept in Excel ---

REGISTER = ['序号', '户号', '标准地址', '户主姓名', '公民身份号码', '联系电话', '家庭人口',
            '人员类别', '是否低保', '是否独居老人', '是否租住', '党员人数', '入住年份']
IDENTIFIERS = {'户号', '公民身份号码', '联系电话'}
WIDTHS = {'标准地址': 48, '公民身份号码': 22, '联系电话': 16}


def standard_address(i, h):
    # Several clerks, several habits: the importer has to read all three.
    b, e, room = h['building_number'], h['entrance'], h['floor'] * 100 + h['flat']
    return [f'湖北省宜昌市西陵区人民路街道重华社区{b}栋{e}单元{room}室',
            f'{b}号楼{e}单元{room}', f'{b}-{e}-{room}'][i % 3]


def phone(i, number):
    # Every fourth number typed the way it is read out: 138 1234 5678.
    if i % 4 == 3 and len(number) == 11:
        return f'{number[:3]} {number[3:7]} {number[7:]}'
    return number


def write_register(src, path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = '住户'
    ws.append(['重华社区一标三实住户信息登记表（2026年）'])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(REGISTER))
    ws['A1'].font = Font(bold=True, size=16)
    ws['A1'].alignment = Alignment(horizontal='center')
    ws.append(REGISTER)
    for c in ws[2]:
        c.font = Font(bold=True)
    households = sorted(features(src, 'households'), key=lambda h: h['household_no'])
    for i, h in enumerate(households):
        ws.append([i + 1, h['household_no'], standard_address(i, h), h['head_name'],
                   h['id_number'], phone(i, h['phone']), h['size'],
                   '流动人口' if h['migrant'] else '户籍人口', yes_no(h['low_income']),
                   yes_no(h['elderly_alone']), yes_no(h['tenant']), h['party_members'],
                   h['moved_in']])
    # Identifiers go in as str, hence text cells; the "@" (text) format is
    # what an office sets so Excel never turns an ID number into 4.2E+17.
    for col, name in enumerate(REGISTER, start=1):
        letter = openpyxl.utils.get_column_letter(col)
        ws.column_dimensions[letter].width = WIDTHS.get(name, 10)
        if name in IDENTIFIERS:
            for (c,) in ws.iter_rows(min_row=3, min_col=col, max_col=col):
                c.number_format = '@'
    ws.freeze_panes = 'A3'
    wb.properties.creator = '重华社区居委会'
    wb.properties.created = wb.properties.modified = SAVED
    wb.save(path)
    # openpyxl stamps each zip member with the current time: restamp them.
    with zipfile.ZipFile(path) as z:
        members = [(m.filename, z.read(m)) for m in z.infolist()]
    with zipfile.ZipFile(path, 'w') as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, SAVED.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def main(argv):
    if len(argv) != 3:
        sys.exit('usage: make_office_files.py SRC.gpkg OUTDIR')
    src = gdal.OpenEx(argv[1], gdal.OF_VECTOR | gdal.OF_READONLY)

    def folder(name):
        d = os.path.join(argv[2], name)
        os.makedirs(d, exist_ok=True)
        return d

    write_dxf(src, os.path.join(folder('测绘'), '地形图.dxf'))
    write_planning(src, os.path.join(folder('规划局'), '建筑物.shp'))
    write_gas(src, folder('燃气公司'))
    write_open_data(src, folder('开放数据'))
    write_phone(src, folder('手机采集'))
    write_register(src, os.path.join(folder('一标三实'), '住户登记表.xlsx'))
    write_csv(os.path.join(argv[2], '调解记录.csv'), ['日期', '片区', '类别', '结果'],
              [[cell(m[n]) for n in ('date', 'service_area', 'category', 'outcome')]
               for m in features(src, 'mediations')])


if __name__ == '__main__':
    main(sys.argv)
