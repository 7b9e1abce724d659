import { useMemo } from 'react';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePreferences } from '../../app/preferences.tsx';
import { useApi } from '../../shared/use-api.ts';
import { firstPages } from '../../shared/first-pages.ts';
import { mapPoints } from '../areas/area-points.ts';
import { ShadedAreaMap, type Shading } from '../areas/ShadedAreaMap.tsx';
import { volunteersApi, type Volunteer } from './api.ts';

/** The map draws at most this many volunteers (4 requests of 500). */
const MAP_MAX = 2000;
const COLOUR = '#0958d9';

const levelOf = (code: string) => [2, 4, 6, 9, 12].indexOf(code.length) + 1;

interface Spot {
  name: string;
  count: number;
  value: [number, number];
}

/**
 * Where the volunteers the filters match are registered: a mark per community (per township above
 * a county), sized by how many; the same figures are said as text under it.
 */
export default function VolunteerMap({ filter, scope }: { filter: { area?: string; q?: string; skill?: string; status?: string; pending?: boolean }; scope: string }) {
  const { t } = useTranslation();
  const { elderMode } = usePreferences();
  const area = filter.area ?? scope;
  const key = JSON.stringify(filter);
  const volunteers = useApi((signal) => firstPages<Volunteer>((cursor) => volunteersApi.list({ ...filter, limit: 500, cursor }, signal), MAP_MAX), [key]);
  const places = useApi((signal) => mapPoints({ code: area, level: levelOf(area), parentCode: area.length === 12 ? area.slice(0, 9) : null }, () => undefined, signal), [area]);

  const spots = useMemo(() => {
    const located = (places.data ?? []).filter((p) => p.lon !== null && p.lat !== null);
    const counts = new Map<string, number>();
    for (const v of volunteers.data?.items ?? []) {
      const place = located.find((p) => v.areaCode === p.code || v.areaCode.startsWith(p.code));
      if (place) counts.set(place.code, (counts.get(place.code) ?? 0) + 1);
    }
    const out: Spot[] = located.filter((p) => counts.has(p.code)).map((p) => ({ name: p.name, count: counts.get(p.code)!, value: [p.lon!, p.lat!] }));
    return { located, out };
  }, [places.data, volunteers.data]);

  const shading = useMemo<Shading>(() => {
    const base = elderMode ? 10 : 7;
    return {
      counties: false,
      loading: places.loading || volunteers.loading,
      located: spots.located,
      series: [
        {
          type: 'scatter' as const,
          name: t('volunteers.map.series'),
          coordinateSystem: 'geo' as const,
          symbol: 'circle',
          symbolSize: (_: unknown, p: { data: Spot }) => base + Math.min(14, 3 * Math.sqrt(p.data.count)),
          itemStyle: { color: COLOUR, borderColor: '#fff', borderWidth: 0.5 },
          data: spots.out,
        },
      ],
      tooltip: (p) => {
        const { data } = p as { data: Spot };
        return `${data.name}<br/>${t('volunteers.map.count', { count: data.count })}`;
      },
      countyName: area.length >= 6,
    };
  }, [spots, places.loading, volunteers.loading, elderMode, t, area]);

  const shown = volunteers.data?.items.length ?? 0;
  const label = t('volunteers.map.label', { count: shown, places: spots.out.length });
  return (
    <div>
      <ShadedAreaMap
        area={{ code: area, level: levelOf(area) }}
        shading={shading}
        error={volunteers.error ?? places.error}
        label={label}
        loadingText={t('volunteers.map.loading')}
        testId="volunteer-map"
        legendTestId="volunteer-map-legend"
        legend={[
          <span key="v">
            <span aria-hidden="true" style={{ color: COLOUR }}>
              ●
            </span>{' '}
            {t('volunteers.map.series')}
          </span>,
        ]}
      />
      {volunteers.data && places.data && (
        <Typography.Paragraph type="secondary" data-testid="volunteer-map-summary">
          {label}
          {volunteers.data.total > shown ? ` ${t('volunteers.map.truncated', { count: shown })}` : ''}
        </Typography.Paragraph>
      )}
    </div>
  );
}
