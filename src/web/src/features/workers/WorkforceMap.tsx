import { useMemo } from 'react';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { AreaSummary } from '../../api/types.ts';
import { usePreferences } from '../../app/preferences.tsx';
import { useApi } from '../../shared/use-api.ts';
import { ShadedAreaMap, type Shading } from '../areas/ShadedAreaMap.tsx';
import type { WorkerFilter } from '../../../../contracts/workers.ts';
import type { WorkforceMap as WorkforceMapData, WorkforceMapCommunity } from '../../../../contracts/workers-api.ts';

/** Distinct by shape as well as colour: a circle, a triangle, a diamond. */
const GROUPS = [
  { key: 'social', colour: '#237804', symbol: 'circle', glyph: '●' },
  { key: 'staffed', colour: '#ad6800', symbol: 'triangle', glyph: '▲' },
  { key: 'empty', colour: '#b3122e', symbol: 'diamond', glyph: '◆' },
] as const;
type Group = (typeof GROUPS)[number]['key'];

const groupOf = (c: WorkforceMapCommunity): Group => (c.socialWorker ? 'social' : c.workers > 0 ? 'staffed' : 'empty');
const levelOf = (code: string) => [2, 4, 6, 9, 12].indexOf(code.length) + 1;

/**
 * The communities of the area on the map: with a social worker in post (as social_worker_presence
 * counts), with workers in post but no social worker, or with nobody in post who matches the
 * post and qualification filters. What the map shows is said as text under it too.
 */
export default function WorkforceMap({ filter, scope }: { filter: WorkerFilter; scope: string }) {
  const { t } = useTranslation();
  const { elderMode } = usePreferences();
  const area = filter.area ?? scope;
  const query = { area, postKind: filter.postKind, qualification: filter.qualification, urbanRural: filter.urbanRural };
  const key = JSON.stringify(query);
  const map = useApi((signal) => api.get<WorkforceMapData>('/workers/map', query, signal), [key]);
  const communities = useMemo(() => map.data?.communities ?? [], [map.data]);
  const counts = useMemo(() => {
    const out: Record<Group, number> = { social: 0, staffed: 0, empty: 0 };
    for (const c of communities) out[groupOf(c)] += 1;
    return out;
  }, [communities]);

  const shading = useMemo<Shading>(() => {
    const located = communities.filter((c) => c.lon !== null && c.lat !== null);
    const size = elderMode ? 11 : 8;
    return {
      counties: false,
      loading: map.loading,
      // Only the places' longitude and latitude are read from them (to centre the view).
      located: located as unknown as AreaSummary[],
      series: GROUPS.map((g) => ({
        type: 'scatter' as const,
        name: t(`workers.map.${g.key}`),
        coordinateSystem: 'geo' as const,
        symbol: g.symbol,
        symbolSize: g.key === 'social' ? size : size + 3,
        itemStyle: { color: g.colour, borderColor: '#fff', borderWidth: 0.5 },
        data: located.filter((c) => groupOf(c) === g.key).map((c) => ({ name: c.name, value: [c.lon!, c.lat!], workers: c.workers })),
      })),
      tooltip: (p) => {
        const { data, seriesName } = p as { data: { name: string; workers: number }; seriesName: string };
        return `${data.name} · ${seriesName}<br/>${t('workers.map.inPost', { count: data.workers })}`;
      },
      countyName: area.length >= 6,
    };
  }, [communities, map.loading, elderMode, t, area]);

  const label = t('workers.map.label', { count: communities.length, social: counts.social, without: counts.staffed + counts.empty });
  return (
    <div data-testid="workforce-map-box">
      <ShadedAreaMap
        area={{ code: area, level: levelOf(area) }}
        shading={shading}
        error={map.error}
        label={label}
        loadingText={t('workers.map.loading')}
        testId="workforce-map"
        legendTestId="workforce-legend"
        legend={GROUPS.map((g) => (
          <span key={g.key}>
            <span aria-hidden="true" style={{ color: g.colour }}>
              {g.glyph}
            </span>{' '}
            {t(`workers.map.${g.key}`)}（{counts[g.key]}）
          </span>
        ))}
      />
      {map.data && (
        <Typography.Paragraph type="secondary" data-testid="workforce-summary">
          {label}
          {map.data.truncated ? ` ${t('workers.map.truncated', { count: communities.length })}` : ''}
        </Typography.Paragraph>
      )}
    </div>
  );
}
