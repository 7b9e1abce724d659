import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Typography } from 'antd';
import type { AreaSummary } from '../../api/types.ts';
import { usePreferences } from '../../app/preferences.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { MapChart } from '../facilities/MapChart.tsx';
import { echarts, type EChartsOption } from './echarts.ts';
import { boundariesFor, boundsOf, loadCountyBoundaries, type BoundaryCollection } from './boundaries.ts';

/** Five steps from red (low) to green (high); each dark enough for the county names on top. */
export const SHARE_COLOURS = ['#f4b6a6', '#f7d59c', '#e6eca0', '#b6df9f', '#7cc48a'] as const;
export const NO_DATA = '#e3e6ea';

/**
 * What the map draws over the boundaries: a city's counties filled one by one, or (below a
 * county, or above a city) series of points the page builds from the places it loaded.
 */
export type Shading =
  | {
      counties: true;
      /** The fill of a county, by its six-digit code. */
      colourOf: (countyCode: string) => string;
      /** The tooltip of a county; the code is missing when no boundary carries that name. */
      describe: (name: string, countyCode: string | undefined) => string;
      /**
       * Places without a boundary of their own (a development zone inside a district), drawn as
       * circles where the page placed them; each data item carries its tooltip as `label`.
       */
      points?: readonly { label: string }[];
    }
  | {
      counties: false;
      /** The places still loading: the boundaries show, with a line that says so. */
      loading: boolean;
      /** The places with a location; below a county the view is centred on them. */
      located: readonly AreaSummary[];
      series: unknown[];
      tooltip: (params: unknown) => string;
      /** Whether the county's name is written on the map under the points. */
      countyName: boolean;
    };

/** Centre and zoom that fit the places inside their county, which they may fill only a corner of. */
function viewOn(located: readonly AreaSummary[], county: BoundaryCollection): { center: [number, number]; zoom: number } {
  const [minX, minY, maxX, maxY] = boundsOf(county);
  const lons = located.map((p) => p.lon!);
  const lats = located.map((p) => p.lat!);
  const [minLon, minLat, maxLon, maxLat] = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
  const zoom = 0.7 * Math.min((maxX - minX) / Math.max(maxLon - minLon, 0.02), (maxY - minY) / Math.max(maxLat - minLat, 0.02));
  return { center: [(minLon + maxLon) / 2, (minLat + maxLat) / 2], zoom: Math.min(Math.max(zoom, 1), 12) };
}

/**
 * The children of an area on the bundled county boundaries (offline), shaded by whatever the page
 * measures: the coverage page and the indicators dashboard. The page gives the shading (memoized:
 * a new one redraws the map and resets its zoom), the texts, the legend and the test ids.
 */
export function ShadedAreaMap<Point>({
  area,
  shading,
  error,
  label,
  loadingText,
  legend,
  testId,
  legendTestId,
  onPoint,
  onCounty,
}: {
  area: { code: string; level: number };
  shading: Shading;
  /** A failure to load the page's places; a failure to load the boundaries is shown here too. */
  error: unknown;
  label: string;
  loadingText: string;
  legend: ReactNode;
  testId: string;
  legendTestId: string;
  onPoint?: (data: Point) => void;
  /** A click on a county's region (city maps), with its six-digit code. */
  onCounty?: (countyCode: string) => void;
}) {
  const { elderMode } = usePreferences();
  const [boundaries, setBoundaries] = useState<BoundaryCollection | null>(null);
  const [boundaryError, setBoundaryError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    loadCountyBoundaries().then(
      (all) => live && setBoundaries(all),
      (e: unknown) => live && setBoundaryError(e),
    );
    return () => {
      live = false;
    };
  }, []);

  const boundaryKey = shading.counties || area.code.length < 6 ? '' : area.code.slice(0, 6);
  const mapName = boundaries ? `linli-shaded-${boundaryKey || 'all'}` : null;
  if (boundaries && mapName && !echarts.getMap(mapName)) echarts.registerMap(mapName, boundariesFor(boundaries, boundaryKey) as never);

  const option = useMemo<EChartsOption | null>(() => {
    if (!mapName || !boundaries) return null;
    const geoBase = {
      map: mapName,
      roam: true,
      label: { show: shading.counties || shading.countyName, color: '#1f1f1f', fontSize: elderMode ? 15 : 12 },
      // Under counties every region has its own fill; this one shows only around points.
      itemStyle: { areaColor: '#eef3fa', borderColor: '#5b7fb0', borderWidth: 1 },
      emphasis: { disabled: true },
      select: { disabled: true },
    };
    if (shading.counties) {
      // The region's tooltip needs its own formatter: the geo component's default shows the name only.
      const describeRegion = (p: unknown) => {
        const name = (p as { name: string }).name;
        return shading.describe(name, boundaries.features.find((f) => f.properties.name === name)?.properties.code);
      };
      return {
        animation: false,
        tooltip: { trigger: 'item' },
        geo: {
          ...geoBase,
          tooltip: { show: true, formatter: describeRegion },
          regions: boundaries.features.map((f) => ({ name: f.properties.name, itemStyle: { areaColor: shading.colourOf(f.properties.code) } })),
        },
        series: shading.points?.length
          ? [
              {
                type: 'scatter',
                coordinateSystem: 'geo',
                symbol: 'circle',
                symbolSize: elderMode ? 22 : 18,
                label: { show: true, position: 'right', formatter: '{b}', color: '#1f1f1f', fontSize: elderMode ? 15 : 12 },
                tooltip: { formatter: (p: unknown) => (p as { data: { label: string } }).data.label },
                data: shading.points,
              },
            ]
          : [],
      } as EChartsOption;
    }
    const view = area.level >= 4 && shading.located.length > 1 ? viewOn(shading.located, boundariesFor(boundaries, boundaryKey)) : undefined;
    return {
      animation: false,
      tooltip: { trigger: 'item', formatter: shading.tooltip },
      geo: { ...geoBase, ...(view ?? {}) },
      series: shading.series,
    } as EChartsOption;
  }, [mapName, boundaries, shading, elderMode, area.level, boundaryKey]);

  const shownError = error ?? boundaryError;
  return (
    <div>
      <ErrorAlert error={shownError} />
      {option && (
        <MapChart<Point>
          option={option}
          label={label}
          testId={testId}
          onPoint={onPoint}
          onRegion={(name) => {
            const code = boundaries?.features.find((f) => f.properties.name === name)?.properties.code;
            if (code) onCounty?.(code);
          }}
        />
      )}
      {(!option || (!shading.counties && shading.loading)) && !shownError && (
        <Typography.Text type="secondary" role="status">
          {loadingText}
        </Typography.Text>
      )}
      <div className="map-legend" data-testid={legendTestId}>
        {legend}
      </div>
    </div>
  );
}
