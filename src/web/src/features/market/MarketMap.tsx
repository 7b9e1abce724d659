import { useMemo } from 'react';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePreferences } from '../../app/preferences.tsx';
import { api } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import { useApi } from '../../shared/use-api.ts';
import { firstPages } from '../../shared/first-pages.ts';
import { mapPoints } from '../areas/area-points.ts';
import { ShadedAreaMap, type Shading } from '../areas/ShadedAreaMap.tsx';
import type { InfoPoint } from '../info-points/info-points-api.ts';
import { marketApi } from './market-api.ts';

/** The map draws at most this many information points (4 requests of 500). */
const MAP_MAX = 2000;
const COLOURS = { infoPoints: '#0958d9', producers: '#389e0d' } as const;
type Layer = keyof typeof COLOURS;

const levelOf = (code: string) => [2, 4, 6, 9, 12].indexOf(code.length) + 1;

interface Spot {
  name: string;
  count: number;
  value: [number, number];
}

/**
 * Two layers over the area's map: the village information points (益农信息社) and the producers
 * (farmers, co-operatives, supply co-op outlets), a mark per community sized by how many, each
 * layer in its own colour and shape; the same figures are said as text under it.
 */
export default function MarketMap({ area, producersShown }: { area: string; producersShown?: unknown }) {
  const { t } = useTranslation();
  const { elderMode } = usePreferences();
  // The page's own list of producers (when it has one): a farmer registered there redraws the map.
  const points = useApi((signal) => firstPages<InfoPoint>((cursor) => api.get<Page<InfoPoint>>('/info-points', { area, limit: 500, ...(cursor ? { cursor } : {}) }, signal), MAP_MAX), [area]);
  const producers = useApi((signal) => marketApi.producers({ area }, signal), [area, producersShown]);
  const places = useApi((signal) => mapPoints({ code: area, level: levelOf(area), parentCode: area.length === 12 ? area.slice(0, 9) : null }, () => undefined, signal), [area]);

  const spots = useMemo(() => {
    const located = (places.data ?? []).filter((p) => p.lon !== null && p.lat !== null);
    const count = (codes: string[]): Spot[] => {
      const counts = new Map<string, number>();
      for (const code of codes) {
        const place = located.find((p) => code === p.code || code.startsWith(p.code));
        if (place) counts.set(place.code, (counts.get(place.code) ?? 0) + 1);
      }
      return located.filter((p) => counts.has(p.code)).map((p) => ({ name: p.name, count: counts.get(p.code)!, value: [p.lon!, p.lat!] }));
    };
    return {
      located,
      infoPoints: count((points.data?.items ?? []).map((p) => p.areaCode)),
      producers: count((producers.data?.items ?? []).map((p) => p.areaCode)),
    };
  }, [places.data, points.data, producers.data]);

  const shading = useMemo<Shading>(() => {
    const base = elderMode ? 10 : 7;
    const series = (layer: Layer, symbol: string) => ({
      type: 'scatter' as const,
      name: t(`market.map.${layer}`),
      coordinateSystem: 'geo' as const,
      symbol,
      symbolSize: (_: unknown, p: { data: Spot }) => base + Math.min(14, 3 * Math.sqrt(p.data.count)),
      itemStyle: { color: COLOURS[layer], borderColor: '#fff', borderWidth: 0.5 },
      data: spots[layer],
    });
    return {
      counties: false,
      loading: places.loading || points.loading || producers.loading,
      located: spots.located,
      series: [series('infoPoints', 'diamond'), series('producers', 'circle')],
      tooltip: (p) => {
        const { data, seriesName } = p as { data: Spot; seriesName: string };
        return `${data.name}<br/>${seriesName}: ${data.count}`;
      },
      countyName: area.length >= 6,
    };
  }, [spots, places.loading, points.loading, producers.loading, elderMode, t, area]);

  const label = t('market.map.label', { points: points.data?.items.length ?? 0, producers: producers.data?.items.length ?? 0 });
  return (
    <div>
      <ShadedAreaMap
        area={{ code: area, level: levelOf(area) }}
        shading={shading}
        error={points.error ?? producers.error ?? places.error}
        label={label}
        loadingText={t('market.map.loading')}
        testId="market-map"
        legendTestId="market-map-legend"
        legend={(['infoPoints', 'producers'] as const).map((layer) => (
          <span key={layer}>
            <span aria-hidden="true" style={{ color: COLOURS[layer] }}>
              {layer === 'infoPoints' ? '◆' : '●'}
            </span>{' '}
            {t(`market.map.${layer}`)}
          </span>
        ))}
      />
      {points.data && producers.data && places.data && (
        <Typography.Paragraph type="secondary" data-testid="market-map-summary">
          {label}
          {points.data.total > points.data.items.length ? ` ${t('market.map.truncated', { count: points.data.items.length })}` : ''}
        </Typography.Paragraph>
      )}
    </div>
  );
}
