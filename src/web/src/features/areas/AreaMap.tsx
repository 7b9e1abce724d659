import { useEffect, useMemo, useState } from 'react';
import { Alert, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AreaDetail, AreaSummary } from '../../api/types.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { usePreferences } from '../../app/preferences.tsx';
import { EChart } from './EChart.tsx';
import { echarts, type EChartsOption } from './echarts.ts';
import { boundariesFor, boundsOf, loadCountyBoundaries, type BoundaryCollection } from './boundaries.ts';
import { mapPoints } from './area-points.ts';

export const KIND_COLOURS = { urban: '#1a5fb4', rural: '#237804', township: '#ad4e00' } as const;
/** The outline drawn around a township's communities (no township boundary ships with the product). */
export const EXTENT_COLOUR = '#6b3fa0';
const EXTENT_REGION = 'linli-township-extent';

/** Convex hull (Andrew's monotone chain) of the points, counter-clockwise, pushed out 15 % from its centre. */
export function extentOf(points: readonly [number, number][]): [number, number][] {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (sorted.length < 3) return [];
  const cross = (o: [number, number], a: [number, number], b: [number, number]) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (list: [number, number][]) => {
    const out: [number, number][] = [];
    for (const p of list) {
      while (out.length >= 2 && cross(out[out.length - 2]!, out[out.length - 1]!, p) <= 0) out.pop();
      out.push(p);
    }
    out.pop();
    return out;
  };
  const hull = [...half(sorted), ...half([...sorted].reverse())];
  if (hull.length < 3) return [];
  const cx = hull.reduce((s, p) => s + p[0], 0) / hull.length;
  const cy = hull.reduce((s, p) => s + p[1], 0) / hull.length;
  return hull.map(([x, y]) => [cx + (x - cx) * 1.15, cy + (y - cy) * 1.15]);
}

/**
 * County boundaries (offline GeoJSON) with the places below the area, coloured urban / rural.
 * A community is drawn among its township's communities when that township is within the
 * user's scope; a user whose scope is the community itself sees it alone (the township's list
 * is not theirs to read).
 */
export function AreaMap({ area, scope }: { area: AreaDetail; scope: string }) {
  const { t } = useTranslation();
  const { elderMode } = usePreferences();
  const [mapName, setMapName] = useState<string | null>(null);
  const [mapBounds, setMapBounds] = useState<[number, number, number, number] | null>(null);
  const [county, setCounty] = useState<BoundaryCollection | null>(null);
  const [points, setPoints] = useState<AreaSummary[] | null>(null);
  const [progress, setProgress] = useState<[number, number]>([0, 0]);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const controller = new AbortController();
    setPoints(null);
    setError(null);
    Promise.all([
      loadCountyBoundaries().then((all) => {
        const name = `linli-${area.code.slice(0, 6)}`;
        const shown = boundariesFor(all, area.code);
        if (!echarts.getMap(name)) echarts.registerMap(name, shown as never);
        setMapBounds(boundsOf(shown));
        setCounty(shown);
        setMapName(name);
      }),
      (area.level === 5 && !area.parentCode?.startsWith(scope)
        ? Promise.resolve([area])
        : mapPoints(area, (loaded, total) => setProgress([loaded, total]), controller.signal)
      ).then((found) => {
        if (!controller.signal.aborted) setPoints(found);
      }),
    ]).catch((failure: unknown) => {
      if (!controller.signal.aborted) setError(failure);
    });
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the area's code: a new object for the same area must not reload the map
  }, [area.code, scope]);

  const located = useMemo(() => (points ?? []).filter((p) => p.lon !== null && p.lat !== null), [points]);

  const option = useMemo<EChartsOption | null>(() => {
    if (!mapName) return null;
    const groups: { key: keyof typeof KIND_COLOURS; label: string; items: AreaSummary[] }[] = [
      { key: 'urban', label: t('kind.urban'), items: located.filter((p) => p.level === 5 && p.kind === 'urban') },
      { key: 'rural', label: t('kind.rural'), items: located.filter((p) => p.level === 5 && p.kind !== 'urban') },
      { key: 'township', label: t('areas.mapTownship'), items: located.filter((p) => p.level < 5) },
    ];
    const size = elderMode ? 9 : 6;
    // Below a county the points sit in a corner of it: centre on them and zoom in.
    let view: { center: [number, number]; zoom: number } | undefined;
    if (area.level >= 4 && located.length >= 1 && mapBounds) {
      const lons = located.map((p) => p.lon!);
      const lats = located.map((p) => p.lat!);
      const [minLon, minLat, maxLon, maxLat] = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
      // A community drawn alone keeps some of its county around it.
      const least = located.length === 1 ? 0.2 : 0.02;
      const zoom = 0.7 * Math.min((mapBounds[2] - mapBounds[0]) / Math.max(maxLon - minLon, least), (mapBounds[3] - mapBounds[1]) / Math.max(maxLat - minLat, least));
      view = { center: [(minLon + maxLon) / 2, (minLat + maxLat) / 2], zoom: Math.min(Math.max(zoom, 1), 12) };
    }
    // Below a county the county's own boundary lies off-screen: outline the township instead, as
    // one more region of the map (dashed, unfilled, unnamed on the map).
    const extent = area.level >= 4 && county ? extentOf(located.filter((p) => p.level === 5).map((p) => [p.lon!, p.lat!])) : [];
    let map = mapName;
    if (extent.length && county) {
      map = `${mapName}-extent-${area.code}`;
      if (!echarts.getMap(map)) {
        const outline = { type: 'Feature', properties: { name: EXTENT_REGION, code: '' }, geometry: { type: 'Polygon', coordinates: [[...extent, extent[0]!]] } };
        echarts.registerMap(map, { type: 'FeatureCollection', features: [...county.features, outline] } as never);
      }
    }
    return {
      animation: false,
      tooltip: { trigger: 'item', formatter: (p: unknown) => (p as { data: { name: string } }).data.name },
      legend: { show: false },
      geo: {
        map,
        roam: true,
        ...(view ?? {}),
        label: { show: true, color: '#3d3d3d', fontSize: elderMode ? 15 : 12 },
        itemStyle: { areaColor: '#eef3fa', borderColor: '#5b7fb0', borderWidth: 1 },
        emphasis: { disabled: true },
        select: { disabled: true },
        regions: extent.length
          ? [{ name: EXTENT_REGION, itemStyle: { areaColor: 'rgba(0, 0, 0, 0)', borderColor: EXTENT_COLOUR, borderWidth: 2, borderType: 'dashed' }, label: { show: false } }]
          : [],
      },
      series: [
        ...groups
        .filter((g) => g.items.length)
        .map((g) => ({
          type: 'scatter' as const,
          name: g.label,
          coordinateSystem: 'geo' as const,
          symbolSize: (_: unknown, p: { data: { highlight?: boolean } }) => (p.data.highlight ? size * 2.2 : size),
          itemStyle: { color: KIND_COLOURS[g.key], borderColor: '#fff', borderWidth: 0.5, opacity: 1 },
          data: g.items.map((p) => ({ name: p.name, value: [p.lon!, p.lat!], highlight: p.code === area.code })),
        })),
      ],
    } as EChartsOption;
  }, [mapName, mapBounds, county, located, elderMode, t, area.code, area.level]);

  const hasUrban = located.some((p) => p.level === 5 && p.kind === 'urban');
  const hasRural = located.some((p) => p.level === 5 && p.kind !== 'urban');
  const hasTownship = located.some((p) => p.level < 5);

  return (
    <div>
      <ErrorAlert error={error} />
      {option && (
        <EChart option={option} className="map-box" label={t('areas.mapDescription', { name: area.name, count: located.length })} testId="area-map" />
      )}
      {points === null && !error && (
        <Typography.Text type="secondary" role="status">
          {t('areas.mapLoading', { loaded: progress[0], total: progress[1] })}
        </Typography.Text>
      )}
      {points !== null && located.length === 0 && <Alert type="info" title={t('areas.mapNoPoints')} />}
      <div className="map-legend" aria-hidden={located.length === 0}>
        {hasUrban && (
          <span>
            <span className="legend-dot" style={{ background: KIND_COLOURS.urban }} />
            {t('kind.urban')}
          </span>
        )}
        {hasRural && (
          <span>
            <span className="legend-dot" style={{ background: KIND_COLOURS.rural }} />
            {t('kind.rural')}
          </span>
        )}
        {area.level >= 4 && located.filter((p) => p.level === 5).length >= 3 && (
          <span data-testid="map-extent-legend">
            <span className="legend-dot" style={{ background: 'transparent', border: `2px dashed ${EXTENT_COLOUR}` }} />
            {t('areas.mapExtent')}
          </span>
        )}
        {hasTownship && (
          <span>
            <span className="legend-dot" style={{ background: KIND_COLOURS.township }} />
            {t('areas.mapTownship')}
          </span>
        )}
        <Typography.Text type="secondary">{t('areas.mapOffline')}</Typography.Text>
      </div>
    </div>
  );
}
