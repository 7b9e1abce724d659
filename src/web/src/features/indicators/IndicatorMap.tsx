import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { IndicatorDefinition, IndicatorValues } from '../../api/indicators.ts';
import { usePreferences } from '../../app/preferences.tsx';
import { useApi } from '../../shared/use-api.ts';
import { allChildren, looseCounties } from '../areas/area-points.ts';
import { NO_DATA, SHARE_COLOURS, ShadedAreaMap, type Shading } from '../areas/ShadedAreaMap.tsx';
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
 * boundaries (bundled, offline), a county without one as a circle; below a county, and above a
 * city, each child is a circle at its centre. Hovering shows the value; clicking a county or a
 * circle opens that child (communities have no children to open).
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
  const places = useApi((signal) => (counties ? Promise.resolve(null) : allChildren(area.code, signal)), [area.code, counties]);
  const children = places.loading || places.error ? null : (places.data ?? null);
  const childCodes = values.children.map((c) => c.code).join(',');
  const loose = useApi((signal) => (counties ? looseCounties(childCodes.split(','), signal) : Promise.resolve([])), [counties, childCodes]);

  const largest = useMemo(() => Math.max(0, ...values.children.map((c) => c.value ?? 0)), [values]);

  const shading = useMemo<Shading>(() => {
    const colourOf = (value: number | null) => {
      const step = stepOf(definition, value, largest);
      return step === null ? NO_DATA : SHARE_COLOURS[step]!;
    };
    const describe = (name: string, value: number | null) => t('indicators.pair', { label: name, value: value === null ? t('indicators.noData') : format.value(definition, value) });
    if (counties) {
      const byCounty = new Map(values.children.map((c) => [c.code.slice(0, 6), c]));
      const valueOf = (code: string | undefined) => (code === undefined ? null : (byCounty.get(code)?.value ?? null));
      const byCode = new Map(values.children.map((c) => [c.code, c]));
      const points = (loose.data ?? []).flatMap((p) => {
        const child = byCode.get(p.code);
        if (!child) return [];
        return [
          {
            name: child.name,
            code: child.code,
            level: child.level,
            label: describe(child.name, child.value),
            value: [p.lon, p.lat],
            itemStyle: { color: colourOf(child.value), borderColor: '#3d3d3d', borderWidth: 1, opacity: 1 },
          },
        ];
      });
      return { counties: true, colourOf: (code) => colourOf(valueOf(code)), describe: (name, code) => describe(name, valueOf(code)), points };
    }
    const byCode = new Map(values.children.map((c) => [c.code, c]));
    const located = (children ?? []).filter((p) => p.lon !== null && p.lat !== null && byCode.has(p.code));
    return {
      counties: false,
      loading: !children,
      located,
      series: [
        {
          type: 'scatter',
          coordinateSystem: 'geo',
          symbol: 'circle',
          symbolSize: elderMode ? 16 : 12,
          data: located.map((p) => {
            const child = byCode.get(p.code)!;
            return {
              name: child.name,
              code: child.code,
              level: child.level,
              label: describe(child.name, child.value),
              value: [p.lon!, p.lat!],
              itemStyle: { color: colourOf(child.value), borderColor: '#3d3d3d', borderWidth: 1, opacity: 1 },
            };
          }),
        },
      ],
      tooltip: (p) => (p as { data: { label: string } }).data.label,
      countyName: false,
    };
  }, [counties, values, children, loose.data, elderMode, definition, format, largest, t]);

  return (
    <ShadedAreaMap<{ code: string; level: number }>
      area={area}
      shading={shading}
      error={places.error}
      label={label}
      loadingText={t('indicators.mapLoading')}
      testId="indicator-map"
      legendTestId="indicator-legend"
      onPoint={(d) => {
        if (d.level < 5) onOpen(d.code);
      }}
      onCounty={(code) => {
        if (values.children.some((c) => c.code === code)) onOpen(code);
      }}
      legend={
        <>
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
        </>
      }
    />
  );
}
