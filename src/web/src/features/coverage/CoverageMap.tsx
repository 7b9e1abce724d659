import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { CoverageReport, UncoveredCommunity } from '../../api/facilities.ts';
import type { Page } from '../../api/types.ts';
import { usePreferences } from '../../app/preferences.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useApi } from '../../shared/use-api.ts';
import { looseCounties, mapPoints } from '../areas/area-points.ts';
import { NO_DATA, SHARE_COLOURS, ShadedAreaMap, type Shading } from '../areas/ShadedAreaMap.tsx';

export const COVERED = '#237804';
export const UNCOVERED = '#b3122e';

export function shareColour(share: number | null): string {
  if (share === null) return NO_DATA;
  return SHARE_COLOURS[Math.min(SHARE_COLOURS.length - 1, Math.floor(share * SHARE_COLOURS.length))]!;
}

/** Every uncovered community under the area (the API pages them, 500 a page). */
async function allUncovered(query: Record<string, string | number | undefined>, signal: AbortSignal): Promise<UncoveredCommunity[]> {
  const items: UncoveredCommunity[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<UncoveredCommunity> = await api.get<Page<UncoveredCommunity>>('/coverage/uncovered', { ...query, limit: 500, cursor }, signal);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < 20_000);
  return items;
}

/**
 * The children of the area on the map: counties as polygons shaded by facility coverage (a city
 * or above); below a county, each community as a point, covered or not by the service radius.
 */
export function CoverageMap({ report, query, kindLabel }: { report: CoverageReport; query: Record<string, string | number | undefined>; kindLabel: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { elderMode } = usePreferences();
  const area = report.area;
  const counties = area.level <= 2;
  const queryKey = JSON.stringify(query);
  const places = useApi(
    async (signal) => {
      if (counties) return null;
      const [all, uncovered] = await Promise.all([
        mapPoints({ code: area.code, level: area.level, parentCode: null }, () => undefined, signal),
        allUncovered({ ...query, area: area.code }, signal),
      ]);
      return { all, uncovered: new Set(uncovered.map((u) => u.code)) };
    },
    [area.code, counties, queryKey],
  );
  const points = places.loading || places.error ? null : (places.data ?? null);
  const childCodes = report.children.map((c) => c.code).join(',');
  // A county without a boundary of its own (the development zone) is a circle, not left out.
  const loose = useApi((signal) => (counties ? looseCounties(childCodes.split(','), signal) : Promise.resolve([])), [counties, childCodes]);

  const located = useMemo(() => (points?.all ?? []).filter((p) => p.lon !== null && p.lat !== null), [points]);
  const uncoveredCount = located.filter((p) => points?.uncovered.has(p.code)).length;

  const shading = useMemo<Shading>(() => {
    if (counties) {
      const byCode = new Map(report.children.map((c) => [c.code.slice(0, 6), c]));
      const shareOf = (code: string | undefined) => (code === undefined ? null : (byCode.get(code)?.facilityCoverage.communities.all.share ?? null));
      const describe = (name: string, code: string | undefined) => {
        const share = shareOf(code);
        return `${name}<br/>${t('coverage.facilityCoverage')}：${share === null ? t('coverage.notApplicable') : format.percent(share)}`;
      };
      const children = new Map(report.children.map((c) => [c.code, c]));
      const points = (loose.data ?? []).flatMap((p) => {
        const child = children.get(p.code);
        if (!child) return [];
        return [
          {
            name: child.name,
            code: child.code,
            label: describe(child.name, child.code.slice(0, 6)),
            value: [p.lon, p.lat],
            itemStyle: { color: shareColour(shareOf(child.code.slice(0, 6))), borderColor: '#3d3d3d', borderWidth: 1, opacity: 1 },
          },
        ];
      });
      return { counties: true, colourOf: (code) => shareColour(shareOf(code)), describe, points };
    }
    const size = elderMode ? 10 : 7;
    const group = (covered: boolean) => ({
      type: 'scatter' as const,
      name: covered ? t('coverage.covered') : t('coverage.uncoveredLegend'),
      coordinateSystem: 'geo' as const,
      symbol: covered ? 'circle' : 'diamond',
      symbolSize: covered ? size : size + 3,
      itemStyle: { color: covered ? COVERED : UNCOVERED, borderColor: '#fff', borderWidth: 0.5 },
      data: located
        .filter((p) => points!.uncovered.has(p.code) !== covered)
        .map((p) => ({ name: p.name, value: [p.lon!, p.lat!] })),
    });
    return {
      counties: false,
      loading: !points,
      located,
      series: points ? [group(true), group(false)] : [],
      tooltip: (p) => `${(p as { data: { name: string } }).data.name} · ${(p as { seriesName: string }).seriesName}`,
      countyName: true,
    };
  }, [counties, report, located, points, loose.data, elderMode, t, format]);

  const label = counties
    ? t('coverage.mapCounties', { name: area.name, kind: kindLabel })
    : t('coverage.mapCommunities', { name: area.name, kind: kindLabel, count: located.length, uncovered: uncoveredCount });

  return (
    <ShadedAreaMap
      area={area}
      shading={shading}
      error={places.error}
      label={label}
      loadingText={t('coverage.mapLoading')}
      testId="coverage-map"
      legendTestId="coverage-legend"
      legend={
        counties ? (
          <>
            <span>{t('coverage.legendLow')}</span>
            {SHARE_COLOURS.map((c, i) => (
              <span key={c} title={`${format.percent(i / SHARE_COLOURS.length)}–${format.percent((i + 1) / SHARE_COLOURS.length)}`}>
                <span className="legend-swatch" style={{ background: c }} />
                {format.percent(i / SHARE_COLOURS.length)}–{format.percent((i + 1) / SHARE_COLOURS.length)}
              </span>
            ))}
            <span>{t('coverage.legendHigh')}</span>
            <span>
              <span className="legend-swatch" style={{ background: NO_DATA }} />
              {t('coverage.noBoundary')}
            </span>
          </>
        ) : (
          <>
            <span>
              <span className="legend-dot" style={{ background: COVERED }} />
              {t('coverage.covered')}
            </span>
            <span>
              <span aria-hidden="true" style={{ color: UNCOVERED }}>
                ◆
              </span>{' '}
              {t('coverage.uncoveredLegend')}
            </span>
          </>
        )
      }
    />
  );
}
