import { useEffect, useMemo, useState } from 'react';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { IndicatorDefinition, IndicatorValues } from '../../api/indicators.ts';
import type { AreaSummary } from '../../api/types.ts';
import { usePreferences } from '../../app/preferences.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import type { EChartsOption } from '../areas/echarts.ts';
import { echarts } from '../areas/echarts.ts';
import { allChildren } from '../areas/area-points.ts';
import { boundariesFor, boundsOf, loadCountyBoundaries, type BoundaryCollection } from '../areas/boundaries.ts';
import { NO_DATA, SHARE_COLOURS } from '../coverage/CoverageMap.tsx';
import { MapChart } from '../facilities/MapChart.tsx';
import type { IndicatorFormat } from './format.ts';

/**
 * Where a value sits on the five-step scale: a percentage or a score on 0–100, any other unit
 * against the largest child's value. Lower-is-better indicators read the scale the other way.
 */
function stepOf(definition: IndicatorDefinition, value: number | null, largest: number): number | null {
  if (value === null) return null;
  const top = definition.unit === 'percent' || definition.unit === 'score' ? 100 : largest || 1;
  const share = Math.min(1, Math.max(0, value / top));
  const step = Math.min(SHARE_COLOURS.length - 1, Math.floor(share * SHARE_COLOURS.length));
  return definition.higherIsBetter ? step : SHARE_COLOURS.length - 1 - step;
}

/** The upper bound of a step, for the legend. */
function stepBound(definition: IndicatorDefinition, i: number, largest: number): number {
  const top = definition.unit === 'percent' || definition.unit === 'score' ? 100 : largest || 1;
  return (top * i) / SHARE_COLOURS.length;
}

/**
 * The children of the area shaded by one indicator. A city's counties are drawn as their
 * boundaries (bundled, offline); below a county, and above a city, each child is a circle at its
 * centre. Clicking a circle opens that child.
 */
export function IndicatorMap({
  values,
  area,
  definition,
  format,
  label,
  onOpen,
}: {
  values: IndicatorValues;
  area: { code: string; name: string; level: number };
  definition: IndicatorDefinition;
  format: IndicatorFormat;
  label: string;
  onOpen: (code: string) => void;
}) {
  const { t } = useTranslation();
  const { elderMode } = usePreferences();
  const counties = area.level === 2;
  const [boundaries, setBoundaries] = useState<BoundaryCollection | null>(null);
  const [places, setPlaces] = useState<AreaSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    loadCountyBoundaries().then(
      (all) => live && setBoundaries(all),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (counties) return;
    const controller = new AbortController();
    setPlaces(null);
    allChildren(area.code, controller.signal).then(
      (children) => !controller.signal.aborted && setPlaces(children),
      (e: unknown) => !controller.signal.aborted && setError(e),
    );
    return () => controller.abort();
  }, [area.code, counties]);

  const boundaryKey = counties || area.code.length < 6 ? '' : area.code.slice(0, 6);
  const mapName = boundaries ? `linli-indicators-${boundaryKey || 'all'}` : null;
  if (boundaries && mapName && !echarts.getMap(mapName)) echarts.registerMap(mapName, boundariesFor(boundaries, boundaryKey) as never);

  const largest = useMemo(() => Math.max(0, ...values.children.map((c) => c.value ?? 0)), [values]);
  const colourOf = (value: number | null) => {
    const step = stepOf(definition, value, largest);
    return step === null ? NO_DATA : SHARE_COLOURS[step]!;
  };
  const describe = (name: string, value: number | null) => t('indicators.pair', { label: name, value: value === null ? t('indicators.noData') : format.value(definition, value) });

  const option = useMemo<EChartsOption | null>(() => {
    if (!mapName || !boundaries) return null;
    const geoBase = {
      map: mapName,
      roam: true,
      label: { show: counties, color: '#1f1f1f', fontSize: elderMode ? 15 : 12 },
      itemStyle: { areaColor: counties ? NO_DATA : '#eef3fa', borderColor: '#5b7fb0', borderWidth: 1 },
      emphasis: { disabled: true },
      select: { disabled: true },
    };
    if (counties) {
      const byCounty = new Map(values.children.map((c) => [c.code.slice(0, 6), c]));
      return {
        animation: false,
        tooltip: {
          trigger: 'item',
          formatter: (p: unknown) => {
            const name = (p as { name: string }).name;
            const feature = boundaries.features.find((f) => f.properties.name === name);
            const child = feature && byCounty.get(feature.properties.code);
            return describe(name, child?.value ?? null);
          },
        },
        geo: {
          ...geoBase,
          tooltip: { show: true },
          regions: boundaries.features.map((f) => ({ name: f.properties.name, itemStyle: { areaColor: colourOf(byCounty.get(f.properties.code)?.value ?? null) } })),
        },
        series: [],
      } as EChartsOption;
    }
    const byCode = new Map(values.children.map((c) => [c.code, c]));
    const located = (places ?? []).filter((p) => p.lon !== null && p.lat !== null && byCode.has(p.code));
    let view: { center: [number, number]; zoom: number } | undefined;
    if (area.level >= 4 && located.length > 1) {
      const [minX, minY, maxX, maxY] = boundsOf(boundariesFor(boundaries, boundaryKey));
      const lons = located.map((p) => p.lon!);
      const lats = located.map((p) => p.lat!);
      const [minLon, minLat, maxLon, maxLat] = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
      const zoom = 0.7 * Math.min((maxX - minX) / Math.max(maxLon - minLon, 0.02), (maxY - minY) / Math.max(maxLat - minLat, 0.02));
      view = { center: [(minLon + maxLon) / 2, (minLat + maxLat) / 2], zoom: Math.min(Math.max(zoom, 1), 12) };
    }
    const size = elderMode ? 16 : 12;
    return {
      animation: false,
      tooltip: { trigger: 'item', formatter: (p: unknown) => (p as { data: { label: string } }).data.label },
      geo: { ...geoBase, ...(view ?? {}) },
      series: [
        {
          type: 'scatter',
          coordinateSystem: 'geo',
          symbol: 'circle',
          symbolSize: size,
          data: located.map((p) => {
            const child = byCode.get(p.code)!;
            return {
              name: child.name,
              code: child.code,
              level: child.level,
              label: describe(child.name, child.value),
              value: [p.lon!, p.lat!],
              itemStyle: { color: colourOf(child.value), borderColor: '#3d3d3d', borderWidth: 1 },
            };
          }),
        },
      ],
    } as EChartsOption;
    // colourOf and describe follow from the values, the definition and the language listed here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mapName, boundaries, counties, values, places, elderMode, definition, format, largest, area.level, boundaryKey, t]);

  return (
    <div>
      <ErrorAlert error={error} />
      {option && (
        <MapChart<{ code: string; level: number }>
          option={option}
          label={label}
          testId="indicator-map"
          onPoint={(d) => {
            if (d.level < 5) onOpen(d.code);
          }}
        />
      )}
      {(!option || (!counties && !places)) && !error && (
        <Typography.Text type="secondary" role="status">
          {t('indicators.mapLoading')}
        </Typography.Text>
      )}
      <div className="map-legend" data-testid="indicator-legend">
        {SHARE_COLOURS.map((colour, i) => {
          const step = definition.higherIsBetter ? i : SHARE_COLOURS.length - 1 - i;
          const text = `${format.value(definition, stepBound(definition, step, largest))}–${format.value(definition, stepBound(definition, step + 1, largest))}`;
          return (
            <span key={colour}>
              <span className="legend-swatch" style={{ background: colour }} />
              {text}
            </span>
          );
        })}
        <span>
          <span className="legend-swatch" style={{ background: NO_DATA }} />
          {t('indicators.noData')}
        </span>
      </div>
    </div>
  );
}
