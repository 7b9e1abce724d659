import { useMemo } from 'react';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePreferences } from '../../app/preferences.tsx';
import { useApi } from '../../shared/use-api.ts';
import { mapPoints } from '../areas/area-points.ts';
import { ShadedAreaMap, type Shading } from '../areas/ShadedAreaMap.tsx';
import type { CaseSummary } from './care-api.ts';

const DUE = '#0958d9';
const LATE = '#cf1322';

const levelOf = (code: string) => [2, 4, 6, 9, 12].indexOf(code.length) + 1;

interface Spot {
  name: string;
  due: number;
  late: number;
  value: [number, number];
}

/**
 * The worker's day on a map: a mark per village (per township above a county) where someone's
 * visit is due or late, red where any is overdue, sized by how many; the figures are said as text
 * under it too. Persons carry no coordinates: the village's own point stands for them.
 */
export default function CareDayMap({ items, scope }: { items: readonly CaseSummary[]; scope: string }) {
  const { t } = useTranslation();
  const { elderMode } = usePreferences();
  const places = useApi((signal) => mapPoints({ code: scope, level: levelOf(scope), parentCode: scope.length === 12 ? scope.slice(0, 9) : null }, () => undefined, signal), [scope]);

  const spots = useMemo(() => {
    const located = (places.data ?? []).filter((p) => p.lon !== null && p.lat !== null);
    const counts = new Map<string, { due: number; late: number }>();
    for (const c of items) {
      const place = located.find((p) => c.areaCode === p.code || c.areaCode.startsWith(p.code));
      if (!place) continue;
      const n = counts.get(place.code) ?? { due: 0, late: 0 };
      if (c.visitStage === 'overdue' || c.visitStage === 'escalated') n.late++;
      else n.due++;
      counts.set(place.code, n);
    }
    const out: Spot[] = located.filter((p) => counts.has(p.code)).map((p) => ({ name: p.name, ...counts.get(p.code)!, value: [p.lon!, p.lat!] }));
    return { located, late: out.filter((s) => s.late > 0), due: out.filter((s) => s.late === 0), all: out };
  }, [places.data, items]);

  const shading = useMemo<Shading>(() => {
    const base = elderMode ? 10 : 7;
    const series = (name: string, color: string, data: Spot[]) => ({
      type: 'scatter' as const,
      name,
      coordinateSystem: 'geo' as const,
      symbol: 'circle',
      symbolSize: (_: unknown, p: { data: Spot }) => base + Math.min(14, 3 * Math.sqrt(p.data.due + p.data.late)),
      itemStyle: { color, borderColor: '#fff', borderWidth: 0.5 },
      data,
    });
    return {
      counties: false,
      loading: places.loading,
      located: spots.located,
      series: [series(t('care.map.due'), DUE, spots.due), series(t('care.map.late'), LATE, spots.late)],
      tooltip: (p) => {
        const { data } = p as { data: Spot };
        return `${data.name}<br/>${t('care.map.count', { due: data.due, late: data.late })}`;
      },
      countyName: scope.length >= 6,
    };
  }, [spots, places.loading, elderMode, t, scope]);

  const label = t('care.map.label', { places: spots.all.length, count: items.length });
  return (
    <div>
      <ShadedAreaMap
        area={{ code: scope, level: levelOf(scope) }}
        shading={shading}
        error={places.error}
        label={label}
        loadingText={t('care.map.loading')}
        testId="care-day-map"
        legendTestId="care-day-map-legend"
        legend={[
          <span key="due">
            <span aria-hidden="true" style={{ color: DUE }}>
              ●
            </span>{' '}
            {t('care.map.due')}
          </span>,
          <span key="late">
            <span aria-hidden="true" style={{ color: LATE }}>
              ●
            </span>{' '}
            {t('care.map.late')}
          </span>,
        ]}
      />
      {places.data && (
        <Typography.Paragraph type="secondary" data-testid="care-day-map-summary">
          {label}
          {spots.all.map((s) => ` ${s.name}：${t('care.map.count', { due: s.due, late: s.late })}`).join('；')}
        </Typography.Paragraph>
      )}
    </div>
  );
}
